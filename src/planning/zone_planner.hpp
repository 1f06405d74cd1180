#pragma once
// plan_zones: the zone partition of planning.md (a), end to end. Small counties (n ≤ 40, zones of
// at most 8) are solved exactly: every feasible zone is enumerated and CBC picks the cheapest
// partition into exactly k of them, warm-started by the heuristic. Larger inputs, too many
// candidate zones, or a stop signal before CBC proves anything fall back to the heuristic, and
// the status says which ("optimal" only when proven). Infeasible inputs come back with the
// townships no feasible zone can cover and the relaxations that would let them be covered.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "planning/stop_signal.hpp"
#include "planning/zone_cost.hpp"
#include "planning/zone_heuristic.hpp"
#include "planning/zone_problem.hpp"

namespace xzq::planning {

inline constexpr int k_exact_max_townships = 40;
inline constexpr int k_exact_max_zone_size = 8;

enum class PlanStatus { optimal, feasible, infeasible };
enum class PlanMethod { automatic, exact, heuristic };

std::string_view to_string(PlanStatus status);

struct PlannedZone {
    std::vector<int> townships;  // indices into problem.townships, ascending
    double cost = 0;
    Weights totals{};
};

// A change of the input that would make the uncovered townships coverable.
struct Relaxation {
    std::string option;  // command-line form, e.g. "--max-size 7"
    std::string description_zh;
    std::string description_en;
};

struct ZonePlanOptions {
    PlanMethod method = PlanMethod::automatic;
    std::uint64_t seed = 1;
    HeuristicOptions heuristic{};              // its seed is replaced by `seed`
    std::size_t max_candidate_zones = 400000;  // beyond this the exact model is not attempted
    ZoneCostParameters cost{};
};

struct ZonePlan {
    PlanStatus status = PlanStatus::infeasible;
    std::string method;  // "exact" or "heuristic": what produced the zones
    double objective = 0;
    std::optional<double> bound;      // proven lower bound, when one is known
    std::vector<PlannedZone> zones;   // ordered by their first township
    std::size_t candidate_zones = 0;  // feasible zones enumerated (exact method)
    std::vector<int> uncovered;       // infeasible: townships that no feasible zone contains
    std::vector<Relaxation> relaxations;
    std::string message_zh;
    std::string message_en;
};

// Validates the problem first (an invalid one is an invalid_input Error, never a plan).
Result<ZonePlan> plan_zones(const ZoneProblem& problem, const ZonePlanOptions& options = {},
                            const StopSignal& stop = StopSignal{});

}  // namespace xzq::planning
