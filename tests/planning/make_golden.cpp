// Writes the frozen suite: tests/planning/golden/<name>.townships.csv, <name>.adjacency.csv and
// golden.csv (name,zones,min_size,max_size,objective,seconds). Run once; review; commit.
//   planning_make_golden OUTPUT_DIR
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "golden_suite.hpp"
#include "planning/zone_planner.hpp"

using namespace xzq::planning;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: planning_make_golden OUTPUT_DIR\n";
        return 2;
    }
    const std::string dir = argv[1];
    std::ofstream index(dir + "/golden.csv");
    index << "name,zones,min_size,max_size,objective\n";
    for (const auto& c : testing::golden_cases()) {
        auto problem = generate_instance(c.spec);
        std::ofstream(dir + "/" + c.name + ".townships.csv") << townships_to_csv(problem.townships);
        if (problem.has_adjacency) std::ofstream(dir + "/" + c.name + ".adjacency.csv") << adjacency_to_csv(problem);
        const auto start = std::chrono::steady_clock::now();
        auto plan = plan_zones(problem);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!plan || plan->status != PlanStatus::optimal) {
            std::cerr << c.name << ": not solved to optimality: " << (plan ? plan->message_en : plan.error().message_en)
                      << "\n";
            return 1;
        }
        index << fmt::format("{},{},{},{},{:.12g}\n", c.name, problem.zones, problem.min_size, problem.max_size,
                             plan->objective);
        std::cout << fmt::format("{:32} n={:2} columns={:7} objective={:.6f} seconds={:.3f}\n", c.name,
                                 problem.townships.size(), plan->candidate_zones, plan->objective, seconds);
    }
    return 0;
}
