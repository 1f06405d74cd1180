# Cadre pool, organisation and zones (issue 3): pure rules and the file reader in people_tests,
# the use cases over real databases in people_storage_tests (run on SQLite and on PostgreSQL).
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)

add_executable(people_tests
  unit/people_test.cpp
  unit/organisation_test.cpp
  unit/people_files_test.cpp)
target_link_libraries(people_tests PRIVATE xzq_storage PkgConfig::XLSXWRITER GTest::gtest_main)
gtest_discover_tests(people_tests TEST_PREFIX "people." DISCOVERY_TIMEOUT 60)

add_executable(people_storage_tests storage/people_storage_test.cpp)
target_link_libraries(people_storage_tests PRIVATE xzq_storage PkgConfig::XLSXWRITER GTest::gtest_main)
gtest_discover_tests(people_storage_tests TEST_PREFIX "people_storage.sqlite."
  PROPERTIES ENVIRONMENT "XZQ_TEST_BACKEND=sqlite" DISCOVERY_TIMEOUT 60)
gtest_discover_tests(people_storage_tests TEST_PREFIX "people_storage.postgresql."
  PROPERTIES ENVIRONMENT "XZQ_TEST_BACKEND=postgresql" DISCOVERY_TIMEOUT 60)
