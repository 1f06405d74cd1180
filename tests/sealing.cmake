# Identity vault (issue 4): the key file and envelope encryption. OpenSSL and libsodium are linked
# directly too, for the known-answer tests of SM4 and HMAC-SM3 and for encoding in the tests.
add_executable(sealing_tests unit/sealing_test.cpp)
target_link_libraries(sealing_tests PRIVATE xzq_security OpenSSL::Crypto PkgConfig::SODIUM GTest::gtest_main)
gtest_discover_tests(sealing_tests TEST_PREFIX "sealing." DISCOVERY_TIMEOUT 60)
