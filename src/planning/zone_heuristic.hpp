#pragma once
// The zone-partition heuristic (planning.md (a)): for counties too large for the exact model, as
// the exact solver's warm start, and as its fallback when a stop signal cuts it short.
//   - GRASP construction: k-means++ seeds, then region growing that picks at random among the
//     three best (zone, township) additions, so restarts explore different shapes.
//   - Local search that keeps every zone connected: boundary moves of one township to a
//     neighbouring zone, and merge-and-split: two adjacent zones are merged and re-split in the
//     best possible way (exhaustively, when the union has at most `max_merge_size` townships).
//   - Iterated local search: destroy a zone and up to two neighbours, regrow them, re-optimise,
//     keep the result when it is no worse.
// Infeasible intermediate states are allowed but priced: sizes outside the bounds and attributes
// outside the hard band add a penalty far above any real cost. Deterministic for a given seed.
#include <cstdint>
#include <vector>

#include "planning/stop_signal.hpp"
#include "planning/zone_cost.hpp"
#include "planning/zone_enumeration.hpp"
#include "planning/zone_problem.hpp"

namespace xzq::planning {

struct HeuristicOptions {
    std::uint64_t seed = 1;
    int restarts = 4;
    int kicks_per_restart = 25;
    int max_merge_size = 16;
};

struct HeuristicResult {
    bool feasible = false;     // every zone within the size bounds and the hard band
    std::vector<int> zone_of;  // township → zone index 0..k−1
    double objective = 0;      // Σ c(S) when feasible, otherwise the penalised total
    bool stopped = false;      // the stop signal cut the search short
};

HeuristicResult solve_zones_heuristic(const ZoneProblem& problem, const ZoneCostModel& model,
                                      const TownshipGraph& graph, const HeuristicOptions& options,
                                      const StopSignal& stop);

}  // namespace xzq::planning
