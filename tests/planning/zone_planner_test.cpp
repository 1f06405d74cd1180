// plan_zones end to end: exact and heuristic paths, infeasibility explained, stop signals.
#include "planning/zone_planner.hpp"

#include <gtest/gtest.h>

#include "planning/instance_generator.hpp"
#include "zone_checks.hpp"

namespace xzq::planning {
namespace {

Township township(std::string code, double lon, double lat, double staff, double capacity, double caseload) {
    return Township{code, "乡镇" + code, lon, lat, {staff, capacity, caseload}};
}

TEST(PlanZones, SolvesAGeneratedCountyToProvenOptimality) {
    InstanceSpec spec;
    spec.townships = 24;
    spec.zones = 6;
    spec.seed = 17;
    auto p = generate_instance(spec);
    auto plan = plan_zones(p);
    ASSERT_TRUE(plan.ok()) << plan.error().message_en;
    EXPECT_EQ(plan->status, PlanStatus::optimal);
    EXPECT_EQ(plan->method, "exact");
    ASSERT_TRUE(plan->bound.has_value());
    EXPECT_DOUBLE_EQ(*plan->bound, plan->objective);
    EXPECT_GT(plan->candidate_zones, 0u);
    testing::expect_valid_plan(p, *plan);
}

TEST(PlanZones, NamesTheTownshipThatFitsNowhereAndTheRelaxationsThatHelp) {
    InstanceSpec spec;
    spec.townships = 12;
    spec.zones = 4;
    spec.seed = 3;
    auto p = generate_instance(spec);
    // One township with ten times the county's caseload cannot sit in any balanced zone.
    double total = 0;
    for (const auto& t : p.townships) total += t.weights[k_caseload];
    p.townships[5].weights[k_caseload] = total * 10;
    auto plan = plan_zones(p);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->status, PlanStatus::infeasible);
    // It also lifts every target μ so far that the zones without it are now far too light.
    ASSERT_EQ(plan->uncovered.size(), p.townships.size());
    EXPECT_TRUE(plan->zones.empty());
    EXPECT_NE(plan->message_en.find(p.townships[5].code), std::string::npos);
    EXPECT_NE(plan->message_en.find("caseload alone"), std::string::npos);
    EXPECT_NE(plan->message_zh.find(p.townships[5].code), std::string::npos);
    // Ten times the total is beyond every single relaxation tried.
    EXPECT_TRUE(plan->relaxations.empty());
}

TEST(PlanZones, SuggestsFewerZonesWhenOneTownshipIsHeavy) {
    InstanceSpec spec;
    spec.townships = 12;
    spec.zones = 4;
    spec.seed = 3;
    auto p = generate_instance(spec);
    for (auto& t : p.townships) t.weights[k_caseload] = 10;
    // Total 190: with k = 4, μ = 47.5 and the limit 1.75·μ = 83.1, so township 0 (80) plus any
    // neighbour (10) is too heavy; with k = 3 the limit is 110.8 and it fits.
    p.townships[0].weights[k_caseload] = 80;
    auto plan = plan_zones(p);
    ASSERT_TRUE(plan.ok());
    ASSERT_EQ(plan->status, PlanStatus::infeasible);
    bool fewer_zones = false;
    for (const auto& r : plan->relaxations) fewer_zones |= r.option == "--zones 3";
    EXPECT_TRUE(fewer_zones) << plan->message_en;
    EXPECT_NE(plan->message_en.find("--zones 3"), std::string::npos);
}

// Every township fits some zone, yet no partition exists: a star's leaves cannot form a
// connected zone without the centre.
TEST(PlanZones, ProvesInfeasibilityWhenCoveringZonesCannotBeCombined) {
    ZoneProblem p;
    p.townships = {township("hub", 114, 34, 1, 1, 1), township("n", 114, 34.1, 1, 1, 1),
                   township("e", 114.1, 34, 1, 1, 1), township("s", 114, 33.9, 1, 1, 1),
                   township("w", 113.9, 34, 1, 1, 1)};
    p.has_adjacency = true;
    p.adjacency = {{0, 1}, {0, 2}, {0, 3}, {0, 4}};
    p.zones = 2;
    p.min_size = 2;
    p.max_size = 3;
    auto plan = plan_zones(p);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->status, PlanStatus::infeasible);
    EXPECT_TRUE(plan->uncovered.empty());
    EXPECT_NE(plan->message_en.find("proven"), std::string::npos);
}

TEST(PlanZones, InvalidInputIsAnErrorNotAPlan) {
    ZoneProblem p;
    p.townships = {township("a", 114, 34, 1, 1, 1)};
    p.zones = 2;
    auto plan = plan_zones(p);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().kind, ErrorKind::invalid_input);
}

TEST(PlanZones, UsesTheHeuristicBeyondTheExactRange) {
    InstanceSpec spec;
    spec.townships = 90;
    spec.zones = 22;
    spec.clustered = true;
    spec.seed = 23;
    auto p = generate_instance(spec);
    auto plan = plan_zones(p);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->status, PlanStatus::feasible);
    EXPECT_EQ(plan->method, "heuristic");
    EXPECT_FALSE(plan->bound.has_value());
    testing::expect_valid_plan(p, *plan);
}

// A stop signal that has already fired still yields a valid plan (from the heuristic's first
// local search), never a crash or an invalid partition.
TEST(PlanZones, AnImmediateStopStillReturnsAValidPlan) {
    InstanceSpec spec;
    spec.townships = 40;
    spec.zones = 10;
    spec.seed = 29;
    auto p = generate_instance(spec);
    auto plan = plan_zones(p, {}, StopSignal([] { return true; }));
    ASSERT_TRUE(plan.ok());
    ASSERT_NE(plan->status, PlanStatus::infeasible) << plan->message_en;
    testing::expect_valid_plan(p, *plan);
    EXPECT_NE(plan->status, PlanStatus::optimal);
}

TEST(PlanZones, ForcedExactOrHeuristicAgreeOnASmallCounty) {
    InstanceSpec spec;
    spec.townships = 16;
    spec.zones = 4;
    spec.seed = 31;
    auto p = generate_instance(spec);
    ZonePlanOptions exact;
    exact.method = PlanMethod::exact;
    ZonePlanOptions heuristic;
    heuristic.method = PlanMethod::heuristic;
    auto a = plan_zones(p, exact);
    auto b = plan_zones(p, heuristic);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->status, PlanStatus::optimal);
    EXPECT_EQ(b->status, PlanStatus::feasible);
    EXPECT_GE(b->objective, a->objective - 1e-9);
    testing::expect_valid_plan(p, *b);
}

}  // namespace
}  // namespace xzq::planning
