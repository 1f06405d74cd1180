#pragma once
// Investigator team for one case (异地办案, planning.md (b)): eligibility is filtered first (hard
// rules, so no violation can be produced), then an exact dynamic programme over township groups ×
// (covered-skill mask, leader present) × team size chooses the team of minimum total cost
//   cost_p = w_d·d_p/D + w_t·tier_p − w_s·|K_p ∩ R| + λ·((L_p+1)² − L_p²)
// with at most one member per township (default on), every required skill covered and, when
// asked, a qualified leader. Every excluded candidate gets its reasons; an infeasible case gets
// the binding requirement (size, a named skill, the leader, the township rule) and the relaxation
// that would help. Pure computation: the CSV form is parsed from text, never from a file.
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace xzq::planning {

// Tiers of where a candidate works relative to the case's township.
inline constexpr int k_tier_same_zone = 0;
inline constexpr int k_tier_adjacent_zone = 1;
inline constexpr int k_tier_county = 2;

struct TeamCandidate {
    std::string id;
    std::string name;
    std::string township;  // home township code
    int tier = k_tier_same_zone;
    std::vector<std::string> skills;
    bool can_lead = false;
    int load = 0;      // L_p: cases currently carried
    int capacity = 0;  // U_p: eligible only while load < capacity
    bool available = true;
    // Declared conflicts (kin, former colleague, former posting, witness, interest) with the
    // case's township, its subject, its reporter.
    bool conflict_township = false;
    bool conflict_subject = false;
    bool conflict_reporter = false;
    double distance_km = 0;  // from the home township to the case's township
};

struct TeamWeights {
    double distance = 1.0;  // w_d, per D
    double tier = 1.0;      // w_t, per tier step
    double skill = 0.5;     // w_s, per required skill the candidate has
    double load = 0.1;      // λ, on the convex load increment (L+1)² − L² = 2L + 1
    // D in d/D: when 0, the mean distance of the eligible candidates (1 km if that is 0).
    double distance_scale_km = 0;
};

struct TeamCase {
    std::string township;  // the case's township code
    std::vector<std::string> required_skills;
    int size = 3;  // k, 2..5
    bool need_leader = true;
    bool one_per_township = true;
    // Staged fallback: use only tier-0 candidates if that is feasible, else tiers ≤ 1, else all.
    // When false (default) the tier is only a cost term.
    bool staged_tiers = false;
    TeamWeights weights;
};

inline constexpr int k_team_min_size = 2;
inline constexpr int k_team_max_size = 5;
inline constexpr int k_team_max_required_skills = 10;

enum class ExclusionReason {
    own_township,
    conflict_township,
    conflict_subject,
    conflict_reporter,
    no_capacity,
    unavailable
};
std::string_view to_string(ExclusionReason reason);  // "own_township", "conflict_subject", ...

struct TeamExclusion {
    int candidate = -1;  // index into the candidates
    std::vector<ExclusionReason> reasons;
    std::string message_zh;
    std::string message_en;
};

struct TeamMember {
    int candidate = -1;
    bool leader = false;
    double cost = 0;  // cost_p, the sum of the four terms below
    double distance_term = 0;
    double tier_term = 0;
    double skill_term = 0;  // ≤ 0
    double load_term = 0;
    std::vector<std::string> skills_covered;  // K_p ∩ R, in the case's order
    std::string reason_zh;
    std::string reason_en;
};

// What stops a team from existing, the first that applies in this order.
enum class TeamBinding { none, size, skill, leader, one_per_township, combination };
std::string_view to_string(TeamBinding binding);  // "none", "size", "skill", ...

struct TeamProposal {
    bool found = false;
    std::vector<TeamMember> members;  // in candidate order
    int leader = -1;                  // candidate index, or -1 when no leader was needed or found
    double total_cost = 0;
    int tier_used = -1;            // the highest tier in the team; when infeasible, the highest tier searched
    double distance_scale_km = 0;  // the D used
    std::vector<TeamExclusion> excluded;
    int eligible = 0;
    TeamBinding binding = TeamBinding::none;
    std::string binding_skill;  // when binding == skill
    std::string message_zh;
    std::string message_en;
};

// invalid_input Errors ("team.*") for: no candidates, duplicate ids, empty id or township, a tier
// outside 0..2, negative load, capacity or distance (or not finite), size outside 2..5, more than
// 10 distinct required skills, an empty case township, negative or non-finite weights.
Result<void> validate(const std::vector<TeamCandidate>& candidates, const TeamCase& team_case);

Result<TeamProposal> propose_team(const std::vector<TeamCandidate>& candidates, const TeamCase& team_case);

// The cost of one eligible candidate for the case, with D given (exposed for tests and reports).
double team_member_cost(const TeamCandidate& candidate, const TeamCase& team_case, double distance_scale_km);

// CSV header (column order free): id,name,township,tier,skills,can_lead,load,capacity,available,
// conflicts,distance_km. skills and conflicts are lists separated by ';' or '|'; conflicts name
// any of township, subject, reporter (or 乡镇, 被调查人, 举报人). Booleans: 1/0, true/false,
// yes/no, y/n, 是/否; an empty `available` means available.
Result<std::vector<TeamCandidate>> parse_candidates_csv(std::string_view text);

}  // namespace xzq::planning
