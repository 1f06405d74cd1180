#pragma once
// Investigator teams for several cases at once (异地办案, planning.md (b) "MIP for a batch"): when a
// zone re-plans its open cases together, one person must not be promised to two teams (or to more
// teams than their capacity allows), and the load spreads because the workload cost is convex.
//
// Each case keeps everything the single-case programme (team.hpp) has: its own township,
// declared conflicts, required skills, size, leader and one-per-township rules, tiers, weights
// and distance scale D. Eligibility, exclusion reasons and the infeasibility explanation of a case
// are exactly propose_team's (it is called for every case); only the choice of teams is joint:
//
//   min Σ_c Σ_p x_pc·(w_d·d_pc/D_c + w_t·tier_pc − w_s·|K_p ∩ R_c|)
//       + λ Σ_p Σ_{j=1..m_p} [(L_p+j)² − (L_p+j−1)²]·y_pj            convex load (piecewise linear)
//   s.t. per case: Σ_p x_pc = k_c, every required skill covered, a leader when asked, at most one
//        member per township when asked;  per person: Σ_c x_pc = Σ_j y_pj ≤ m_p, with m_p = 1 when
//        one person may join only one team of the batch (default), else U_p − L_p.
//
// Solved with CBC (coinor-libcbc-dev), warm-started by a greedy pass of the single-case programme,
// through the same process-wide gate as the zone partition (CbcGate in set_partition.hpp: CBC is
// not thread-safe), so concurrent callers wait their turn.
//
// When not every case can be staffed together, the batch is solved lexicographically: first the
// most cases staffed, then the least cost; a case left without a team is reported with the team
// it would have had alone and who in the batch took those people. Cases that cannot be staffed
// even alone carry the single-case explanation (binding requirement, tier searched).
// Staged tiers (TeamCase::staged_tiers): each staged case is held to the narrowest tier its own
// staged search needs; if the batch cannot be staffed within those limits, they are lifted for
// every case and the result says so.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "planning/stop_signal.hpp"
#include "planning/team.hpp"

namespace xzq::planning {

struct TeamBatchCase {
    std::string id;  // unique in the batch
    TeamCase team_case;
    // This case's view of the people: tier, distance_km and the conflicts are per case; the same
    // id in two cases is the same person, whose township, name, skills, can_lead, load, capacity
    // and availability must then agree.
    std::vector<TeamCandidate> candidates;
};

struct TeamBatchOptions {
    // True: a person joins at most one team of the batch. False: as many as capacity − load allows.
    bool one_team_per_person = true;
};

inline constexpr int k_team_batch_max_cases = 500;

enum class BatchCaseStatus {
    staffed,      // a team was chosen
    infeasible,   // no team exists even for this case alone (proposal.binding says why)
    crowded_out,  // a team exists alone, but not together with the teams of the other cases
};
std::string_view to_string(BatchCaseStatus status);  // "staffed", "infeasible", "crowded_out"

enum class BatchStatus {
    optimal,  // proven: the most cases staffed, and the least total cost for that many
    feasible  // the stop signal ended the search: every rule holds, optimality not proven
};
std::string_view to_string(BatchStatus status);  // "optimal", "feasible"

struct TeamBatchCaseResult {
    std::string id;
    BatchCaseStatus status = BatchCaseStatus::infeasible;
    // As propose_team reports it (exclusions, eligible, D, binding and message when infeasible),
    // with the team, leader, total cost, tier and message replaced by the batch's choice when
    // staffed; members in this case's candidate order, their load_term the increment they carry
    // in the batch (the a-th team of a person, in case order, pays λ·(2(L+a−1)+1)).
    TeamProposal proposal;
    // The optimum of this case alone (propose_team), when a team exists alone.
    std::optional<double> alone_cost;
    // crowded_out: the team the case would have alone, and for each of its members the cases of
    // the batch that hold them (empty when the person still had room: possible only if stopped).
    std::vector<int> alone_team;  // candidate indices of this case
    std::vector<std::vector<std::string>> taken_by;
};

struct TeamBatchPerson {
    std::string id;
    std::string name;
    std::string township;
    int load = 0;  // before the batch
    int capacity = 0;
    std::vector<std::string> cases;  // the cases of the batch whose team they join, in case order
};

struct TeamBatchResult {
    BatchStatus status = BatchStatus::optimal;
    int staffed = 0;
    double total_cost = 0;        // Σ over staffed cases of their team cost (= the MIP objective)
    std::optional<double> bound;  // proven lower bound on the cost for this many staffed cases
    bool stage_limits_lifted = false;
    std::vector<TeamBatchCaseResult> cases;  // in input order
    std::vector<TeamBatchPerson> people;     // everyone on at least one team, in order of first appearance
    int variables = 0;                       // of the last model solved (0 when no MIP was needed)
    int constraints = 0;
    int nodes = 0;
    std::string message_zh;
    std::string message_en;
};

// invalid_input Errors ("team_batch.*", or a case's "team.*" error with the case id prepended):
// no cases, more than 500, an empty or duplicate case id, any case that validate() refuses, a
// person described differently in two cases, different load weights λ between cases (the load
// term belongs to the person, so it has one weight).
Result<void> validate(const std::vector<TeamBatchCase>& cases, const TeamBatchOptions& options);

// Never fails on a valid batch: if the stop signal fires before CBC has an answer, the greedy
// warm start (every rule holds) is returned with status feasible.
Result<TeamBatchResult> propose_teams(const std::vector<TeamBatchCase>& cases, const TeamBatchOptions& options = {},
                                      const StopSignal& stop = StopSignal{});

// The candidates CSV of `xzq team suggest --batch`: the single-case columns (parse_candidates_csv)
// plus a required column `case` naming the case each row belongs to. One row per (case, person).
Result<std::vector<std::pair<std::string, TeamCandidate>>> parse_batch_candidates_csv(std::string_view text);

// A generated county for benchmarks and tests: `people` cadres in `townships` townships grouped
// into zones plus a county office (tier 2), `cases` cases in random townships needing 1–3 of six
// skills, teams of 3–5; per case, tier 0 same zone, 1 adjacent zone, 2 farther or county office;
// distances from generated coordinates; a few declared conflicts. Same seed, same batch.
struct TeamBatchSpec {
    int cases = 12;
    int people = 200;
    int townships = 40;
    unsigned long long seed = 1;
};
std::vector<TeamBatchCase> generate_team_batch(const TeamBatchSpec& spec);

}  // namespace xzq::planning
