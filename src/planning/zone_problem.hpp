#pragma once
// The zone-partition problem as data (planning.md (a)): townships with positions and the three
// balanced attributes, an optional adjacency graph, the number of zones and their size bounds.
// Also the CSV forms the command line and the frozen test suite use (parsing text, never files:
// this layer does no I/O), and validation that turns every bad input into a clear Error.
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace xzq::planning {

// The balanced attributes, in this order everywhere (arrays indexed by k_staff...).
inline constexpr int k_attribute_count = 3;
inline constexpr int k_staff = 0;
inline constexpr int k_capacity = 1;
inline constexpr int k_caseload = 2;
inline constexpr std::array<std::string_view, k_attribute_count> k_attribute_names = {"staff", "capacity", "caseload"};
inline constexpr std::array<std::string_view, k_attribute_count> k_attribute_names_zh = {"纪检人员", "办案能力",
                                                                                         "案件量"};

struct Township {
    std::string code;
    std::string name;
    double lon = 0;
    double lat = 0;
    std::array<double, k_attribute_count> weights{};  // staff, capacity, caseload
};

struct ZoneProblem {
    std::vector<Township> townships;
    // Pairs of township indices. When has_adjacency is false every zone may group any townships;
    // when true, a zone must be connected in this graph.
    bool has_adjacency = false;
    std::vector<std::pair<int, int>> adjacency;
    int zones = 1;
    int min_size = 2;
    int max_size = 6;
};

// Checks everything the issue lists as bad input: duplicate codes, coordinates out of range,
// negative or non-finite attributes, self-loops, k larger than n or incompatible with the size
// bounds, a disconnected adjacency graph. Errors are invalid_input with codes "zones.*".
Result<void> validate(const ZoneProblem& problem);

// `code,name,lon,lat,staff,capacity,caseload` (header required, column order free).
Result<std::vector<Township>> parse_townships_csv(std::string_view text);
// `code_a,code_b`; every code must name a township. Duplicate or reversed rows are merged.
Result<std::vector<std::pair<int, int>>> parse_adjacency_csv(std::string_view text,
                                                             const std::vector<Township>& townships);

// The inverse forms, used to freeze generated instances (values printed round-trip exactly).
std::string townships_to_csv(const std::vector<Township>& townships);
std::string adjacency_to_csv(const ZoneProblem& problem);

}  // namespace xzq::planning
