#pragma once
// The frozen benchmark suite: which generated instances it holds. `planning_make_golden` writes
// them to tests/planning/golden/ with their proven optima; the golden test reads them back.
#include <fmt/format.h>

#include <string>
#include <vector>

#include "planning/instance_generator.hpp"

namespace xzq::planning::testing {

struct GoldenCase {
    std::string name;
    InstanceSpec spec;
};

inline std::vector<GoldenCase> golden_cases() {
    std::vector<GoldenCase> cases;
    // n from 8 to 40, uniform and clustered, k giving zones of about 3–4, sizes 2..6 (the
    // default), and the two largest with zones up to 8.
    const int sizes[] = {8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 36, 40};
    std::uint64_t seed = 1001;
    for (int n : sizes) {
        for (bool clustered : {false, true}) {
            if (!clustered && n % 4 != 0 && n > 12) continue;  // keep the suite small
            InstanceSpec spec;
            spec.townships = n;
            spec.zones = std::max(2, (n + 2) / 4);
            spec.clustered = clustered;
            spec.seed = seed++;
            cases.push_back(
                {fmt::format("n{:02}_k{:02}_{}", n, spec.zones, clustered ? "clustered" : "uniform"), spec});
        }
    }
    for (int n : {32, 40}) {
        InstanceSpec spec;
        spec.townships = n;
        spec.zones = n / 5;
        spec.max_size = 8;
        spec.clustered = true;
        spec.seed = seed++;
        cases.push_back({fmt::format("n{:02}_k{:02}_clustered_max8", n, spec.zones), spec});
    }
    InstanceSpec no_graph;
    no_graph.townships = 14;
    no_graph.zones = 4;
    no_graph.adjacency = false;
    no_graph.seed = seed++;
    cases.push_back({"n14_k04_no_adjacency", no_graph});
    return cases;
}

}  // namespace xzq::planning::testing
