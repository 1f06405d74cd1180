#pragma once
// Enumeration of candidate zones: connected, size-bounded township sets (ESU, Wernicke 2006).
// ESU lists every connected set exactly once by growing it only through the "exclusive"
// neighbourhood of each new member. Because weights are non-negative, a set above the hard band
// has no feasible superset, so that whole branch is cut.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "planning/stop_signal.hpp"
#include "planning/zone_cost.hpp"
#include "planning/zone_problem.hpp"

namespace xzq::planning {

// TownshipGraph: adjacency lists; without an adjacency table it is the complete graph (every
// group of townships counts as connected). Immutable after construction.
class TownshipGraph {
  public:
    explicit TownshipGraph(const ZoneProblem& problem);

    [[nodiscard]] int size() const { return static_cast<int>(m_neighbours.size()); }
    [[nodiscard]] bool complete() const { return m_complete; }
    [[nodiscard]] const std::vector<int>& neighbours(int v) const { return m_neighbours[static_cast<std::size_t>(v)]; }
    [[nodiscard]] bool adjacent(int a, int b) const;
    // Whether `members` (any order) induce a connected subgraph.
    [[nodiscard]] bool connected(std::span<const int> members) const;

  private:
    bool m_complete = false;
    std::vector<std::vector<int>> m_neighbours;  // sorted
};

struct EnumerationLimits {
    int min_size = 1;
    int max_size = 1;
    bool require_hard_band = true;  // false: list every connected size-bounded set
};

// Called for each accepted set (members in insertion order, totals); return false to stop early.
using ZoneVisitor = std::function<bool(std::span<const int> members, const Weights& totals)>;

enum class EnumerationEnd { complete, stopped_by_visitor, stopped_by_signal };

// Every connected set of size within the limits (and inside the hard band unless disabled).
EnumerationEnd enumerate_zones(const ZoneCostModel& model, const TownshipGraph& graph, const EnumerationLimits& limits,
                               const StopSignal& stop, const ZoneVisitor& visit);

// Every such set that contains `root` and otherwise only townships with allowed[v] true.
EnumerationEnd enumerate_zones_containing(int root, const std::vector<char>& allowed, const ZoneCostModel& model,
                                          const TownshipGraph& graph, const EnumerationLimits& limits,
                                          const StopSignal& stop, const ZoneVisitor& visit);

}  // namespace xzq::planning
