#include "planning/rotation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <numeric>
#include <set>

#include "common/csv.hpp"
#include "planning/random.hpp"

namespace xzq::planning {

namespace {

Error bad(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, "rotation." + std::move(code), std::move(zh), std::move(en));
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

void shuffle(std::vector<int>& values, Rng& rng) {
    for (std::size_t i = values.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(rng.below(i));
        std::swap(values[i - 1], values[j]);
    }
}

using Matrix = std::vector<std::vector<char>>;

// Exhaustive randomised backtracking for one round.
class RoundSearch {
  public:
    RoundSearch(int m, const Matrix& allowed, const std::vector<int>& previous, RotationRule rule, Rng& rng)
        : m_m(m), m_allowed(allowed), m_sigma(static_cast<std::size_t>(m), -1), m_used(static_cast<std::size_t>(m), 0) {
        // Pairs the previous round forbids.
        m_banned.assign(static_cast<std::size_t>(m), std::vector<char>(static_cast<std::size_t>(m), 0));
        for (std::size_t i = 0; i < previous.size(); ++i) {
            const auto j = static_cast<std::size_t>(previous[i]);
            m_banned[i][j] = 1;
            if (rule == RotationRule::strict) m_banned[j][i] = 1;
        }
        // Members with fewest options first, ties in random order; each member's targets shuffled.
        m_order.resize(static_cast<std::size_t>(m));
        std::iota(m_order.begin(), m_order.end(), 0);
        shuffle(m_order, rng);
        m_targets.resize(static_cast<std::size_t>(m));
        for (int i = 0; i < m; ++i) {
            for (int j = 0; j < m; ++j) {
                if (ok_static(i, j)) m_targets[static_cast<std::size_t>(i)].push_back(j);
            }
            shuffle(m_targets[static_cast<std::size_t>(i)], rng);
        }
        std::stable_sort(m_order.begin(), m_order.end(), [&](int a, int b) {
            return m_targets[static_cast<std::size_t>(a)].size() < m_targets[static_cast<std::size_t>(b)].size();
        });
    }

    // Calls accept(σ) on each complete round until it returns true. Returns whether one was
    // accepted; `exhausted` tells a proven failure from hitting the node limit.
    template <class Accept>
    bool run(Accept&& accept) {
        m_exhausted = false;
        return descend(0, accept);
    }
    [[nodiscard]] bool hit_limit() const { return m_exhausted; }

  private:
    bool ok_static(int i, int j) const {
        return i != j && m_allowed[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] &&
               !m_banned[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    }

    template <class Accept>
    bool descend(int depth, Accept& accept) {
        if (depth == m_m) return accept(m_sigma);
        const int i = m_order[static_cast<std::size_t>(depth)];
        for (int j : m_targets[static_cast<std::size_t>(i)]) {
            if (++m_nodes > k_rotation_node_limit) {
                m_exhausted = true;
                return false;
            }
            if (m_used[static_cast<std::size_t>(j)] || m_sigma[static_cast<std::size_t>(j)] == i) continue;
            m_sigma[static_cast<std::size_t>(i)] = j;
            m_used[static_cast<std::size_t>(j)] = 1;
            if (descend(depth + 1, accept)) return true;
            m_sigma[static_cast<std::size_t>(i)] = -1;
            m_used[static_cast<std::size_t>(j)] = 0;
            if (m_exhausted) return false;
        }
        return false;
    }

    int m_m;
    const Matrix& m_allowed;
    Matrix m_banned;
    std::vector<int> m_order;
    std::vector<std::vector<int>> m_targets;
    std::vector<int> m_sigma;
    std::vector<char> m_used;
    long m_nodes = 0;
    bool m_exhausted = false;
};

Error search_limit(int round) {
    return make_error(
        ErrorKind::internal, "rotation.search_limit",
        fmt::format("第 {} 轮的搜索超出节点上限，无法确定是否存在可行方案", round + 1),
        fmt::format("round {}: the search exceeded its node limit without a proof either way", round + 1));
}

}  // namespace

std::string_view to_string(RotationRule rule) {
    return rule == RotationRule::strict ? "strict" : "ordered_pairs";
}
std::string_view to_string(RotationMethod method) {
    return method == RotationMethod::cyclic ? "cyclic" : "search";
}
std::string_view to_string(RotationStatus status) {
    return status == RotationStatus::planned ? "planned" : "infeasible";
}

Result<void> validate(const RotationProblem& p) {
    if (p.pool.empty()) return bad("empty_pool", "互查名单为空", "the pool is empty");
    std::set<std::string_view> codes;
    for (const auto& code : p.pool) {
        if (code.empty()) return bad("empty_code", "成员代码不能为空", "a member code is empty");
        if (!codes.insert(code).second) {
            return bad("duplicate_code", fmt::format("成员代码 {} 重复", code),
                       fmt::format("member code {} appears twice", code));
        }
    }
    const int m = static_cast<int>(p.pool.size());
    for (auto [a, b] : p.forbidden) {
        if (a < 0 || b < 0 || a >= m || b >= m)
            return bad("bad_pair", "禁止配对引用了不存在的成员", "a forbidden pair names no member");
        if (a == b) {
            return bad("self_pair", fmt::format("禁止配对中成员 {} 与自身配对", p.pool[static_cast<std::size_t>(a)]),
                       fmt::format("a forbidden pair names member {} twice", p.pool[static_cast<std::size_t>(a)]));
        }
    }
    if (p.rounds < 1 || p.rounds > 1000) {
        return bad("bad_rounds", fmt::format("轮数 {} 无效，应在 1–1000 之间", p.rounds),
                   fmt::format("the number of rounds {} is outside 1–1000", p.rounds));
    }
    return Ok{};
}

std::string rotation_violation(const std::vector<int>& round, const std::vector<int>& previous,
                               const std::vector<std::pair<int, int>>& forbidden, RotationRule rule) {
    const int m = static_cast<int>(round.size());
    std::vector<char> hit(static_cast<std::size_t>(m), 0);
    for (int i = 0; i < m; ++i) {
        const int j = round[static_cast<std::size_t>(i)];
        if (j < 0 || j >= m) return fmt::format("member {} inspects nobody valid", i);
        if (hit[static_cast<std::size_t>(j)]++) return fmt::format("member {} is inspected twice", j);
        if (j == i) return fmt::format("member {} inspects itself", i);
        if (round[static_cast<std::size_t>(j)] == i) return fmt::format("members {} and {} inspect each other", i, j);
        for (auto [a, b] : forbidden) {
            if ((a == i && b == j) || (a == j && b == i)) return fmt::format("forbidden pair {}–{} used", i, j);
        }
        if (!previous.empty()) {
            if (previous[static_cast<std::size_t>(i)] == j) return fmt::format("{} inspects {} again", i, j);
            if (rule == RotationRule::strict && previous[static_cast<std::size_t>(j)] == i) {
                return fmt::format("pair {}–{} repeats from the previous round", i, j);
            }
        }
    }
    return {};
}

Result<RotationPlan> plan_rotation(const RotationProblem& p) {
    XZQ_TRY_VOID(validate(p));
    const int m = static_cast<int>(p.pool.size());
    RotationPlan plan;
    plan.seed = p.seed;
    plan.method = p.forbidden.empty() ? RotationMethod::cyclic : RotationMethod::search;
    if (m < 3) {
        plan.status = RotationStatus::infeasible;
        plan.failed_round = 0;
        plan.message_zh =
            fmt::format("互查名单只有 {} 个成员，无法排出有效轮次：{}。请合并协作区或在全县范围内交叉互查。", m,
                        m == 1 ? "成员不能检查自己" : "两个成员只能互相检查，违反“不得互查”规则");
        plan.message_en =
            fmt::format("a pool of {} has no valid round: {}. Widen the pool (several zones or the county).", m,
                        m == 1 ? "a member cannot inspect itself"
                               : "two members could only inspect each other, which the rules forbid");
        return plan;
    }
    plan.rule = m >= 5 ? RotationRule::strict : RotationRule::ordered_pairs;
    Rng rng(p.seed);

    if (plan.method == RotationMethod::cyclic) {
        const int h = (m - 1) / 2;
        std::vector<int> shifts;
        for (int s = 1; s <= h; ++s) shifts.push_back(s);
        for (int s = 1; s <= h; ++s) shifts.push_back(m - s);
        std::vector<int> label(static_cast<std::size_t>(m));
        std::iota(label.begin(), label.end(), 0);
        for (int r = 0; r < p.rounds; ++r) {
            const auto q = static_cast<std::size_t>(r) % shifts.size();
            auto round_for = [&](const std::vector<int>& pi) {
                std::vector<int> sigma(static_cast<std::size_t>(m));
                for (int i = 0; i < m; ++i) {
                    sigma[static_cast<std::size_t>(pi[static_cast<std::size_t>(i)])] =
                        pi[static_cast<std::size_t>((i + shifts[q]) % m)];
                }
                return sigma;
            };
            if (q == 0) {  // a new cycle: a fresh secret relabelling that keeps the rules across the boundary
                std::vector<int> kept = label;
                bool fits = false;
                for (int attempt = 0; attempt < 100 && !fits; ++attempt) {
                    shuffle(label, rng);
                    fits = r == 0 || rotation_violation(round_for(label), plan.rounds.back(), {}, plan.rule).empty();
                }
                if (!fits) label = kept;  // the same labels: shift −h then +1 never repeats a pair
            }
            plan.rounds.push_back(round_for(label));
        }
    } else {
        Matrix allowed(static_cast<std::size_t>(m), std::vector<char>(static_cast<std::size_t>(m), 1));
        for (auto [a, b] : p.forbidden) {
            allowed[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] = 0;
            allowed[static_cast<std::size_t>(b)][static_cast<std::size_t>(a)] = 0;
        }
        constexpr int k_lookahead_candidates = 50;
        std::vector<int> previous;
        for (int r = 0; r < p.rounds; ++r) {
            std::vector<int> chosen, first;
            bool limit = false;
            {
                RoundSearch search(m, allowed, previous, plan.rule, rng);
                int tried = 0;
                search.run([&](const std::vector<int>& sigma) {
                    if (first.empty()) first = sigma;
                    if (r + 1 == p.rounds) {
                        chosen = sigma;
                        return true;
                    }
                    // One round of lookahead: prefer a round after which another round exists.
                    RoundSearch next(m, allowed, sigma, plan.rule, rng);
                    if (next.run([](const std::vector<int>&) { return true; })) {
                        chosen = sigma;
                        return true;
                    }
                    return ++tried >= k_lookahead_candidates;
                });
                limit = search.hit_limit();
            }
            if (chosen.empty()) chosen = first;
            if (chosen.empty()) {
                if (limit) return search_limit(r);
                plan.status = RotationStatus::infeasible;
                plan.failed_round = r;
                break;
            }
            plan.rounds.push_back(chosen);
            previous = std::move(chosen);
        }
    }

    const std::string relaxed_zh = plan.rule == RotationRule::ordered_pairs
                                       ? fmt::format(
                                             "注意：互查名单只有 {} 个成员（少于 5 "
                                             "个），相邻两轮无法避免同一对成员再次配对，已放宽为只要求检查方向改变；"
                                             "如需严格规则，请合并协作区或在全县范围内交叉互查。",
                                             m)
                                       : std::string();
    const std::string relaxed_en =
        plan.rule == RotationRule::ordered_pairs
            ? fmt::format(
                  "Note: a pool of {} (fewer than 5) cannot avoid pairing the same two members in consecutive rounds; "
                  "the rule is relaxed to ordered pairs (only the direction must change). Widen the pool for the "
                  "strict rule.",
                  m)
            : std::string();
    if (plan.status == RotationStatus::infeasible) {
        plan.message_zh = fmt::format(
            "第 {} "
            "轮无法排出：在禁止配对{}的约束下不存在满足规则的轮次（已穷尽搜索）。请减少禁止配对或扩大互查范围。{}",
            plan.failed_round + 1, plan.failed_round > 0 ? "和上一轮配对" : "", relaxed_zh);
        plan.message_en = fmt::format(
            "round {} cannot be drawn: no round satisfies the rules given the forbidden pairs{} "
            "(exhaustive search). Remove forbidden pairs or widen the pool. {}",
            plan.failed_round + 1, plan.failed_round > 0 ? " and the previous round" : "", relaxed_en);
    } else {
        plan.message_zh = fmt::format(
            "已排出 {} 轮交叉互查（{}，种子 {} 留存备查）。{}", plan.rounds.size(),
            plan.method == RotationMethod::cyclic ? "循环构造并按周期随机重编号" : "逐轮精确搜索", p.seed, relaxed_zh);
        plan.message_en =
            fmt::format("{} rounds planned ({}, seed {} kept for audit). {}", plan.rounds.size(),
                        plan.method == RotationMethod::cyclic ? "cyclic construction, relabelled at random each cycle"
                                                              : "exact search round by round",
                        p.seed, relaxed_en);
    }
    while (!plan.message_zh.empty() && plan.message_zh.back() == ' ') plan.message_zh.pop_back();
    while (!plan.message_en.empty() && plan.message_en.back() == ' ') plan.message_en.pop_back();
    return plan;
}

Result<std::vector<std::string>> parse_pool_csv(std::string_view text) {
    XZQ_TRY(auto table, csv::parse(text));
    const int col = table.column("code");
    if (col < 0) return bad("missing_column", "互查名单缺少列 code", "the pool CSV lacks column code");
    std::vector<std::string> pool;
    for (const auto& row : table.rows) pool.emplace_back(trim(row[static_cast<std::size_t>(col)]));
    return pool;
}

Result<std::vector<std::pair<int, int>>> parse_forbidden_csv(std::string_view text,
                                                             const std::vector<std::string>& pool) {
    XZQ_TRY(auto table, csv::parse(text));
    const int col_a = table.column("code_a");
    const int col_b = table.column("code_b");
    if (col_a < 0 || col_b < 0)
        return bad("missing_column", "禁止配对表表头应为 code_a,code_b", "forbidden CSV header must be code_a,code_b");
    std::map<std::string, int, std::less<>> index;
    for (std::size_t i = 0; i < pool.size(); ++i) index.emplace(pool[i], static_cast<int>(i));
    std::set<std::pair<int, int>> pairs;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        std::array<int, 2> ends{};
        for (int side = 0; side < 2; ++side) {
            auto code = trim(table.rows[r][static_cast<std::size_t>(side == 0 ? col_a : col_b)]);
            auto found = index.find(code);
            if (found == index.end()) {
                return bad(
                    "unknown_member",
                    fmt::format("禁止配对表第 {} 行的成员“{}”不在互查名单中", table.line_numbers[r], code),
                    fmt::format("forbidden line {}: member '{}' is not in the pool", table.line_numbers[r], code));
            }
            ends[static_cast<std::size_t>(side)] = found->second;
        }
        if (ends[0] == ends[1]) {
            return bad("self_pair", fmt::format("禁止配对表第 {} 行：成员与自身配对", table.line_numbers[r]),
                       fmt::format("forbidden line {}: a member is paired with itself", table.line_numbers[r]));
        }
        pairs.emplace(std::min(ends[0], ends[1]), std::max(ends[0], ends[1]));
    }
    return std::vector<std::pair<int, int>>(pairs.begin(), pairs.end());
}

}  // namespace xzq::planning
