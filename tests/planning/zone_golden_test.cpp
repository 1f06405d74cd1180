// The frozen suite (tests/planning/golden, written by planning_make_golden): the exact solver must
// reproduce every stored proven optimum, and the heuristic must stay within 3% of it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/csv.hpp"
#include "planning/zone_planner.hpp"
#include "zone_checks.hpp"

namespace xzq::planning {
namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Golden {
    std::string name;
    ZoneProblem problem;
    double objective = 0;
};

std::vector<Golden> load_suite() {
    const std::string dir = XZQ_PLANNING_GOLDEN_DIR;
    auto index = csv::parse(slurp(dir + "/golden.csv"));
    EXPECT_TRUE(index.ok());
    std::vector<Golden> suite;
    if (!index) return suite;
    for (const auto& row : index->rows) {
        Golden g;
        g.name = row[0];
        auto townships = parse_townships_csv(slurp(dir + "/" + g.name + ".townships.csv"));
        EXPECT_TRUE(townships.ok()) << g.name;
        if (!townships) continue;
        g.problem.townships = std::move(*townships);
        const std::string adjacency = slurp(dir + "/" + g.name + ".adjacency.csv");
        if (!adjacency.empty()) {
            auto pairs = parse_adjacency_csv(adjacency, g.problem.townships);
            EXPECT_TRUE(pairs.ok()) << g.name;
            g.problem.has_adjacency = true;
            if (pairs) g.problem.adjacency = std::move(*pairs);
        }
        g.problem.zones = std::stoi(row[1]);
        g.problem.min_size = std::stoi(row[2]);
        g.problem.max_size = std::stoi(row[3]);
        g.objective = std::stod(row[4]);
        suite.push_back(std::move(g));
    }
    return suite;
}

TEST(GoldenSuite, ExactSolverReproducesEveryProvenOptimum) {
    const auto suite = load_suite();
    ASSERT_GE(suite.size(), 20u);
    for (const auto& g : suite) {
        SCOPED_TRACE(g.name);
        auto plan = plan_zones(g.problem);
        ASSERT_TRUE(plan.ok()) << plan.error().message_en;
        EXPECT_EQ(plan->status, PlanStatus::optimal);
        EXPECT_NEAR(plan->objective, g.objective, 1e-6);
        testing::expect_valid_plan(g.problem, *plan);
        if (g.problem.townships.size() <= 12) {  // and the golden value itself is right
            EXPECT_NEAR(testing::brute_force_optimum(g.problem), g.objective, 1e-6);
        }
    }
}

TEST(GoldenSuite, HeuristicStaysWithinThreePercent) {
    const auto suite = load_suite();
    int within_one = 0;
    for (const auto& g : suite) {
        SCOPED_TRACE(g.name);
        ZonePlanOptions options;
        options.method = PlanMethod::heuristic;
        auto plan = plan_zones(g.problem, options);
        ASSERT_TRUE(plan.ok());
        ASSERT_EQ(plan->status, PlanStatus::feasible) << plan->message_en;
        const double gap = (plan->objective - g.objective) / g.objective;
        EXPECT_GE(gap, -1e-9);
        EXPECT_LE(gap, 0.03);
        if (gap <= 0.01) ++within_one;
    }
    EXPECT_GE(within_one * 10, static_cast<int>(suite.size()) * 9) << "fewer than 90% within 1%";
}

}  // namespace
}  // namespace xzq::planning
