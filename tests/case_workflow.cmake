# The case workflow (issue 5): the transition table as data, the guard policies and next(),
# pure rules, no database.
add_executable(case_workflow_tests unit/case_workflow_test.cpp)
target_link_libraries(case_workflow_tests PRIVATE xzq_domain GTest::gtest_main)
gtest_discover_tests(case_workflow_tests TEST_PREFIX "case_workflow." DISCOVERY_TIMEOUT 60)
