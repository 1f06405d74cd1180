# Zone planning in the product (issue 6, item 6): township profile validation, proposals on the
# demo county, adopting a plan with history kept, rotation plans recorded — the service over the
# real SQL repositories, run on a SQLite file and on PostgreSQL.
add_executable(zone_planning_storage_tests storage/zone_planning_storage_test.cpp)
target_link_libraries(zone_planning_storage_tests PRIVATE xzq_storage GTest::gtest_main)
gtest_discover_tests(zone_planning_storage_tests TEST_PREFIX "zone_planning.sqlite."
  PROPERTIES ENVIRONMENT "XZQ_TEST_BACKEND=sqlite" DISCOVERY_TIMEOUT 60)
gtest_discover_tests(zone_planning_storage_tests TEST_PREFIX "zone_planning.postgresql."
  PROPERTIES ENVIRONMENT "XZQ_TEST_BACKEND=postgresql" DISCOVERY_TIMEOUT 60)
