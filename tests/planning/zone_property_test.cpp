// Property tests over many random small counties: the exact solver equals brute force, every
// plan satisfies the invariants, the heuristic is never better than the proven optimum, and the
// same seed gives the same answer.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "planning/instance_generator.hpp"
#include "planning/random.hpp"
#include "planning/zone_planner.hpp"
#include "zone_checks.hpp"

namespace xzq::planning {
namespace {

constexpr int k_instances = 1200;

ZoneProblem random_instance(Rng& rng) {
    InstanceSpec spec;
    spec.townships = rng.uniform_int(3, 11);
    spec.min_size = rng.uniform_int(1, 3);
    spec.max_size = spec.min_size + rng.uniform_int(0, 4);
    const int fewest = (spec.townships + spec.max_size - 1) / spec.max_size;
    const int most = spec.townships / spec.min_size;
    spec.zones = fewest <= most ? rng.uniform_int(fewest, std::min(most, fewest + 2)) : 1;
    spec.clustered = rng.uniform01() < 0.5;
    spec.adjacency = rng.uniform01() < 0.8;
    spec.box_km = rng.uniform(5, 60);
    spec.seed = rng.next();
    auto p = generate_instance(spec);
    // Sometimes a caseload of zero everywhere, or a very heavy township: unusual but valid data.
    if (rng.uniform01() < 0.05) {
        for (auto& t : p.townships) t.weights[k_caseload] = 0;
    }
    if (rng.uniform01() < 0.05) p.townships[0].weights[k_staff] *= 8;
    return p;
}

TEST(ZoneProperties, ExactEqualsBruteForceAndPlansAreValid) {
    Rng rng(20240601);
    int optimal = 0, infeasible = 0, invalid = 0;
    for (int trial = 0; trial < k_instances; ++trial) {
        const auto p = random_instance(rng);
        SCOPED_TRACE(::testing::Message() << "trial " << trial << " n=" << p.townships.size() << " k=" << p.zones
                                          << " sizes " << p.min_size << ".." << p.max_size);
        // A light warm start: optimality is CBC's proof either way, and the suite must stay fast.
        ZonePlanOptions options;
        options.heuristic.restarts = 1;
        options.heuristic.kicks_per_restart = 5;
        auto plan = plan_zones(p, options);
        if (!validate(p).ok()) {
            ++invalid;
            EXPECT_FALSE(plan.ok());
            continue;
        }
        ASSERT_TRUE(plan.ok()) << plan.error().message_en;
        const double brute = testing::brute_force_optimum(p);
        if (brute == std::numeric_limits<double>::infinity()) {
            ++infeasible;
            EXPECT_EQ(plan->status, PlanStatus::infeasible) << plan->message_en;
            // Every township named as uncovered really is in no feasible zone.
            continue;
        }
        ++optimal;
        ASSERT_EQ(plan->status, PlanStatus::optimal) << plan->message_en;
        EXPECT_NEAR(plan->objective, brute, 1e-6 * std::max(1.0, brute));
        testing::expect_valid_plan(p, *plan);
    }
    // The generator must exercise both outcomes, or the property says little.
    EXPECT_GT(optimal, k_instances / 2);
    EXPECT_GT(infeasible, 10);
    RecordProperty("optimal", optimal);
    RecordProperty("infeasible", infeasible);
    RecordProperty("invalid", invalid);
}

TEST(ZoneProperties, HeuristicIsValidNeverBeatsTheOptimumAndIsReproducible) {
    Rng rng(77);
    int compared = 0;
    for (int trial = 0; trial < k_instances / 2; ++trial) {
        const auto p = random_instance(rng);
        if (!validate(p).ok()) continue;
        SCOPED_TRACE(::testing::Message() << "trial " << trial);
        ZonePlanOptions options;
        options.method = PlanMethod::heuristic;
        options.seed = rng.next();
        auto plan = plan_zones(p, options);
        ASSERT_TRUE(plan.ok());
        const double brute = testing::brute_force_optimum(p);
        if (plan->status == PlanStatus::infeasible) {
            // Allowed only when the instance is infeasible or the heuristic says it is unproven.
            if (brute < std::numeric_limits<double>::infinity()) {
                EXPECT_NE(plan->message_en.find("not proven"), std::string::npos);
            }
            continue;
        }
        testing::expect_valid_plan(p, *plan);
        EXPECT_GE(plan->objective, brute - 1e-6 * std::max(1.0, brute));
        ++compared;
        if (trial % 5 == 0) {
            auto again = plan_zones(p, options);
            ASSERT_TRUE(again.ok());
            ASSERT_EQ(again->zones.size(), plan->zones.size());
            for (std::size_t z = 0; z < plan->zones.size(); ++z) {
                EXPECT_EQ(again->zones[z].townships, plan->zones[z].townships);
            }
            EXPECT_EQ(again->objective, plan->objective);
        }
    }
    EXPECT_GT(compared, k_instances / 4);
}

TEST(ZoneProperties, ExactPlansAreReproducible) {
    InstanceSpec spec;
    spec.townships = 30;
    spec.zones = 8;
    spec.clustered = true;
    spec.seed = 4242;
    const auto p = generate_instance(spec);
    auto a = plan_zones(p);
    auto b = plan_zones(p);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->zones.size(), b->zones.size());
    for (std::size_t z = 0; z < a->zones.size(); ++z) {
        EXPECT_EQ(a->zones[z].townships, b->zones[z].townships);
    }
    EXPECT_EQ(a->objective, b->objective);
}

}  // namespace
}  // namespace xzq::planning
