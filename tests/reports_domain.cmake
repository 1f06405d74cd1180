# Reports (信访举报), pure domain rules: taxonomy, validation, repeat detection, routing, query
# codes and attachment checks.
add_executable(report_domain_tests
  unit/reports_test.cpp
  unit/report_taxonomy_test.cpp
  unit/attachments_test.cpp)
target_link_libraries(report_domain_tests PRIVATE xzq_domain GTest::gtest_main)
gtest_discover_tests(report_domain_tests TEST_PREFIX "reports." DISCOVERY_TIMEOUT 60)

# Reports, deadlines and the calendar over the real repositories, on SQLite and on PostgreSQL.
add_executable(report_storage_tests storage/report_storage_test.cpp)
target_link_libraries(report_storage_tests PRIVATE xzq_storage GTest::gtest_main)
gtest_discover_tests(report_storage_tests TEST_PREFIX "report_storage.sqlite."
  PROPERTIES ENVIRONMENT "XZQ_TEST_BACKEND=sqlite" DISCOVERY_TIMEOUT 60)
gtest_discover_tests(report_storage_tests TEST_PREFIX "report_storage.postgresql."
  PROPERTIES ENVIRONMENT "XZQ_TEST_BACKEND=postgresql" DISCOVERY_TIMEOUT 60)

# The case workflow over the real repositories, on SQLite and on PostgreSQL.
add_executable(case_storage_tests storage/case_storage_test.cpp)
target_link_libraries(case_storage_tests PRIVATE xzq_storage GTest::gtest_main)
gtest_discover_tests(case_storage_tests TEST_PREFIX "case_storage.sqlite."
  PROPERTIES ENVIRONMENT "XZQ_TEST_BACKEND=sqlite" DISCOVERY_TIMEOUT 60)
gtest_discover_tests(case_storage_tests TEST_PREFIX "case_storage.postgresql."
  PROPERTIES ENVIRONMENT "XZQ_TEST_BACKEND=postgresql" DISCOVERY_TIMEOUT 60)
