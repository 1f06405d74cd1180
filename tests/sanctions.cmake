# Case decisions (issue 5, item 2): sanction taxonomies, approval authority and path, validation,
# the four forms and influence periods. Pure domain rules, no database.
add_executable(sanction_tests unit/sanctions_test.cpp)
target_link_libraries(sanction_tests PRIVATE xzq_domain GTest::gtest_main)
gtest_discover_tests(sanction_tests TEST_PREFIX "sanctions." DISCOVERY_TIMEOUT 60)
