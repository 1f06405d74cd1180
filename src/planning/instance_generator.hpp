#pragma once
// Benchmark instances of planning.md "Benchmark instances": townships uniform or clustered (60%
// around 3 centres) in a county-sized box, adjacency from a Delaunay triangulation with edges
// longer than twice the median dropped while the graph stays connected, staff U{1..6}, capacity
// staff × U(0.6, 1.4) × 3, caseload Poisson(pop / 2500) with pop LogNormal(ln 25000, 0.6).
// Deterministic for a seed on every platform (own RNG and distributions), and every number is
// already rounded as the CSV form prints it, so a frozen CSV reads back to the same instance.
#include <cstdint>
#include <string>

#include "planning/zone_problem.hpp"

namespace xzq::planning {

struct InstanceSpec {
    int townships = 20;
    int zones = 5;
    int min_size = 2;
    int max_size = 6;
    bool clustered = false;
    bool adjacency = true;
    std::uint64_t seed = 1;
    double box_km = 45;          // a county of about 2,000 km²
    double centre_lon = 114.82;  // 兰考县, for plausible coordinates
    double centre_lat = 34.82;
    std::string code_prefix = "410225";
};

ZoneProblem generate_instance(const InstanceSpec& spec);

}  // namespace xzq::planning
