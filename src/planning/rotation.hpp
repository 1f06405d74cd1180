#pragma once
// Cross-inspection rounds (交叉互查, planning.md (c)). A round is a permutation σ of the pool:
// member i's team inspects σ(i). Rules: σ(i) ≠ i; no mutual pair in a round (σ(σ(i)) ≠ i); the
// unordered pair {i, σ(i)} not used in the previous round; forbidden (conflict) pairs never used,
// in either direction. Pools of 3 or 4 cannot keep the unordered-pair rule, so it is relaxed to
// ordered pairs (only the direction must change) and the plan says so; a pool of 2 (or 1) has no
// valid round at all and is refused with the reason.
// Without forbidden pairs: the cyclic construction σ_r(i) = i + s_r (mod m) with the shift order
// 1, 2, …, h, m−1, …, m−h (h = ⌊(m−1)/2⌋, m/2 never used), relabelled by a fresh random permutation
// per cycle drawn from the seed (returned for audit, so the plan can be reproduced but not guessed).
// With forbidden pairs: a per-round exact search (randomised backtracking with one round of
// lookahead), which proves a round impossible when it is.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace xzq::planning {

struct RotationProblem {
    std::vector<std::string> pool;               // member codes (townships or teams)
    std::vector<std::pair<int, int>> forbidden;  // unordered pairs of pool indices
    int rounds = 1;
    std::uint64_t seed = 1;
};

enum class RotationRule { strict, ordered_pairs };  // ordered_pairs: the relaxation for pools of 3–4
enum class RotationMethod { cyclic, search };
enum class RotationStatus { planned, infeasible };
std::string_view to_string(RotationRule rule);      // "strict", "ordered_pairs"
std::string_view to_string(RotationMethod method);  // "cyclic", "search"
std::string_view to_string(RotationStatus status);  // "planned", "infeasible"

struct RotationPlan {
    RotationStatus status = RotationStatus::planned;
    RotationRule rule = RotationRule::strict;
    RotationMethod method = RotationMethod::cyclic;
    std::uint64_t seed = 0;
    std::vector<std::vector<int>> rounds;  // rounds[r][i] = σ_r(i); when infeasible, the rounds found
    int failed_round = -1;                 // 0-based round that could not be drawn, when infeasible
    std::string message_zh;
    std::string message_en;
};

// invalid_input Errors ("rotation.*"): empty or duplicate codes, a forbidden pair naming no member
// or a member with itself, rounds < 1 or > 1000.
Result<void> validate(const RotationProblem& problem);

// Limit on search nodes per round (each tried assignment of one member); beyond it the plan is an
// internal error rather than a wrong "infeasible". Reached only by large pools with dense conflicts.
inline constexpr long k_rotation_node_limit = 5'000'000;

Result<RotationPlan> plan_rotation(const RotationProblem& problem);

// The first rule `round` breaks given the previous round (empty when none) and the forbidden
// pairs, in English, or an empty string when it is valid. Used by the tests as an independent check.
std::string rotation_violation(const std::vector<int>& round, const std::vector<int>& previous,
                               const std::vector<std::pair<int, int>>& forbidden, RotationRule rule);

// `code[,name]` (header required); `code_a,code_b` for forbidden pairs.
Result<std::vector<std::string>> parse_pool_csv(std::string_view text);
Result<std::vector<std::pair<int, int>>> parse_forbidden_csv(std::string_view text,
                                                             const std::vector<std::string>& pool);

}  // namespace xzq::planning
