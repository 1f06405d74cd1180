# Working-day calendar and legal deadlines (domain.md §3): pure rules, no database.
add_executable(deadline_tests unit/calendar_test.cpp unit/deadlines_test.cpp)
target_link_libraries(deadline_tests PRIVATE xzq_domain GTest::gtest_main)
gtest_discover_tests(deadline_tests TEST_PREFIX "deadlines." DISCOVERY_TIMEOUT 60)
