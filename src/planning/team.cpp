#include "planning/team.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "common/csv.hpp"

namespace xzq::planning {

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

Error bad(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, "team." + std::move(code), std::move(zh), std::move(en));
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string_view tier_zh(int tier) {
    switch (tier) {
        case k_tier_same_zone:
            return "同协作区";
        case k_tier_adjacent_zone:
            return "相邻协作区";
        default:
            return "县纪委监委";
    }
}
std::string_view tier_en(int tier) {
    switch (tier) {
        case k_tier_same_zone:
            return "same zone";
        case k_tier_adjacent_zone:
            return "adjacent zone";
        default:
            return "county office";
    }
}

std::string label(const TeamCandidate& c) {
    return c.name.empty() ? c.id : fmt::format("{}({})", c.name, c.id);
}

// The required skills, distinct, in the case's order.
std::vector<std::string> distinct_skills(const TeamCase& team_case) {
    std::vector<std::string> skills;
    for (const auto& s : team_case.required_skills) {
        std::string t(trim(s));
        if (!t.empty() && std::find(skills.begin(), skills.end(), t) == skills.end()) skills.push_back(std::move(t));
    }
    return skills;
}

std::vector<ExclusionReason> exclusion_reasons(const TeamCandidate& c, const TeamCase& team_case) {
    std::vector<ExclusionReason> reasons;
    if (c.township == team_case.township) reasons.push_back(ExclusionReason::own_township);
    if (c.conflict_township) reasons.push_back(ExclusionReason::conflict_township);
    if (c.conflict_subject) reasons.push_back(ExclusionReason::conflict_subject);
    if (c.conflict_reporter) reasons.push_back(ExclusionReason::conflict_reporter);
    if (c.load >= c.capacity) reasons.push_back(ExclusionReason::no_capacity);
    if (!c.available) reasons.push_back(ExclusionReason::unavailable);
    return reasons;
}

std::string reason_zh(ExclusionReason r, const TeamCandidate& c) {
    switch (r) {
        case ExclusionReason::own_township:
            return "来自案件所在乡镇（异地办案）";
        case ExclusionReason::conflict_township:
            return "申报了与案件所在乡镇的利害关系";
        case ExclusionReason::conflict_subject:
            return "申报了与被调查人的利害关系";
        case ExclusionReason::conflict_reporter:
            return "申报了与举报人的利害关系";
        case ExclusionReason::no_capacity:
            return fmt::format("工作量已满（{}/{}）", c.load, c.capacity);
        case ExclusionReason::unavailable:
            return "当前不可用（请假、借调等）";
    }
    return {};
}
std::string reason_en(ExclusionReason r, const TeamCandidate& c) {
    switch (r) {
        case ExclusionReason::own_township:
            return "works in the case's own township";
        case ExclusionReason::conflict_township:
            return "declared a conflict with the case's township";
        case ExclusionReason::conflict_subject:
            return "declared a conflict with the subject";
        case ExclusionReason::conflict_reporter:
            return "declared a conflict with the reporter";
        case ExclusionReason::no_capacity:
            return fmt::format("no capacity left (load {}/{})", c.load, c.capacity);
        case ExclusionReason::unavailable:
            return "not available";
    }
    return {};
}

// One eligible candidate as the programme sees it.
struct Item {
    int candidate = -1;
    unsigned mask = 0;
    bool lead = false;
    double cost = 0;
};

struct Requirements {
    int size = 3;
    unsigned full_mask = 0;
    bool need_leader = true;
    bool one_per_township = true;
};

// Exact DP over township groups × (skill mask, leader flag) × count. Returns the chosen items'
// indices (into `items`), or an empty vector when no team meets the requirements.
std::vector<int> solve_dp(const std::vector<Item>& items, const std::vector<TeamCandidate>& candidates,
                          const Requirements& req, int skill_count) {
    // Groups: one per township when at most one member per township is allowed, else singletons.
    std::vector<std::vector<int>> groups;
    if (req.one_per_township) {
        std::map<std::string_view, std::size_t> group_of;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto& town = candidates[static_cast<std::size_t>(items[i].candidate)].township;
            auto [it, inserted] = group_of.emplace(town, groups.size());
            if (inserted) groups.emplace_back();
            groups[it->second].push_back(static_cast<int>(i));
        }
    } else {
        for (std::size_t i = 0; i < items.size(); ++i) groups.push_back({static_cast<int>(i)});
    }
    const std::size_t masks = std::size_t{1} << skill_count;
    const int k = req.size;
    const std::size_t states = masks * 2 * static_cast<std::size_t>(k + 1);
    auto index = [masks](unsigned mask, bool lead, int count) {
        return (static_cast<std::size_t>(count) * 2 + (lead ? 1 : 0)) * masks + mask;
    };
    std::vector<double> current(states, k_inf);
    current[index(0, false, 0)] = 0;
    // choice[g][s]: the item taken in group g to reach state s (−1: none); from[g][s]: the state before.
    std::vector<std::vector<int>> choice(groups.size(), std::vector<int>(states, -1));
    // At most 2^10 · 2 · 6 = 12,288 states, so a predecessor fits in 16 bits (memory: 6 bytes per
    // state and group).
    static_assert((std::size_t{1} << k_team_max_required_skills) * 2 * (k_team_max_size + 1) <= 65536);
    std::vector<std::vector<std::uint16_t>> from(groups.size(), std::vector<std::uint16_t>(states, 0));
    for (std::size_t g = 0; g < groups.size(); ++g) {
        std::vector<double> next = current;
        for (std::size_t s = 0; s < states; ++s) from[g][s] = static_cast<std::uint16_t>(s);
        for (int count = 0; count < k; ++count) {
            for (int lead = 0; lead < 2; ++lead) {
                for (unsigned mask = 0; mask < masks; ++mask) {
                    const std::size_t s = index(mask, lead == 1, count);
                    if (current[s] == k_inf) continue;
                    for (int i : groups[g]) {
                        const auto& item = items[static_cast<std::size_t>(i)];
                        const std::size_t t = index(mask | item.mask, lead == 1 || item.lead, count + 1);
                        const double value = current[s] + item.cost;
                        if (value < next[t]) {
                            next[t] = value;
                            choice[g][t] = i;
                            from[g][t] = static_cast<std::uint16_t>(s);
                        }
                    }
                }
            }
        }
        current = std::move(next);
    }
    double best = k_inf;
    std::size_t best_state = 0;
    for (int lead = req.need_leader ? 1 : 0; lead < 2; ++lead) {
        const std::size_t s = index(req.full_mask, lead == 1, k);
        if (current[s] < best) {
            best = current[s];
            best_state = s;
        }
    }
    if (best == k_inf) return {};
    std::vector<int> chosen;
    std::size_t s = best_state;
    for (std::size_t g = groups.size(); g-- > 0;) {
        if (choice[g][s] >= 0) chosen.push_back(choice[g][s]);
        s = from[g][s];
    }
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

}  // namespace

std::string_view to_string(ExclusionReason reason) {
    switch (reason) {
        case ExclusionReason::own_township:
            return "own_township";
        case ExclusionReason::conflict_township:
            return "conflict_township";
        case ExclusionReason::conflict_subject:
            return "conflict_subject";
        case ExclusionReason::conflict_reporter:
            return "conflict_reporter";
        case ExclusionReason::no_capacity:
            return "no_capacity";
        case ExclusionReason::unavailable:
            return "unavailable";
    }
    return "unknown";
}

std::string_view to_string(TeamBinding binding) {
    switch (binding) {
        case TeamBinding::none:
            return "none";
        case TeamBinding::size:
            return "size";
        case TeamBinding::skill:
            return "skill";
        case TeamBinding::leader:
            return "leader";
        case TeamBinding::one_per_township:
            return "one_per_township";
        case TeamBinding::combination:
            return "combination";
    }
    return "unknown";
}

Result<void> validate(const std::vector<TeamCandidate>& candidates, const TeamCase& team_case) {
    if (candidates.empty()) return bad("no_candidates", "候选人名单为空", "the candidate list is empty");
    std::set<std::string_view> ids;
    for (const auto& c : candidates) {
        if (c.id.empty()) return bad("empty_id", "候选人编号不能为空", "a candidate id is empty");
        if (!ids.insert(c.id).second) {
            return bad("duplicate_id", fmt::format("候选人编号 {} 重复", c.id),
                       fmt::format("candidate id {} appears twice", c.id));
        }
        if (c.township.empty()) {
            return bad("empty_township", fmt::format("候选人 {} 缺少所在乡镇", c.id),
                       fmt::format("candidate {} has no home township", c.id));
        }
        if (c.tier < k_tier_same_zone || c.tier > k_tier_county) {
            return bad("bad_tier",
                       fmt::format("候选人 {} 的层级 {} 无效（0 同协作区，1 相邻协作区，2 县纪委监委）", c.id, c.tier),
                       fmt::format("candidate {}: tier {} is not 0 (same zone), 1 (adjacent zone) or 2 (county office)",
                                   c.id, c.tier));
        }
        if (c.load < 0 || c.capacity < 0) {
            return bad("bad_load", fmt::format("候选人 {} 的工作量或容量为负数", c.id),
                       fmt::format("candidate {}: load and capacity must not be negative", c.id));
        }
        if (!std::isfinite(c.distance_km) || c.distance_km < 0) {
            return bad("bad_distance", fmt::format("候选人 {} 的距离（{}）必须是非负数", c.id, c.distance_km),
                       fmt::format("candidate {}: distance ({}) must be a non-negative number", c.id, c.distance_km));
        }
    }
    if (trim(team_case.township).empty())
        return bad("no_case_township", "案件缺少所在乡镇", "the case has no township");
    if (team_case.size < k_team_min_size || team_case.size > k_team_max_size) {
        return bad("bad_size",
                   fmt::format("办案组人数 {} 无效，应在 {}–{} 之间", team_case.size, k_team_min_size, k_team_max_size),
                   fmt::format("team size {} is outside {}–{}", team_case.size, k_team_min_size, k_team_max_size));
    }
    if (distinct_skills(team_case).size() > static_cast<std::size_t>(k_team_max_required_skills)) {
        return bad("too_many_skills", fmt::format("所需技能最多 {} 项", k_team_max_required_skills),
                   fmt::format("at most {} distinct required skills", k_team_max_required_skills));
    }
    const auto& w = team_case.weights;
    for (double value : {w.distance, w.tier, w.skill, w.load, w.distance_scale_km}) {
        if (!std::isfinite(value) || value < 0) {
            return bad("bad_weight", "权重必须是非负数", "weights must be non-negative numbers");
        }
    }
    return Ok{};
}

double team_member_cost(const TeamCandidate& c, const TeamCase& team_case, double distance_scale_km) {
    const auto skills = distinct_skills(team_case);
    int covered = 0;
    for (const auto& s : skills) covered += std::find(c.skills.begin(), c.skills.end(), s) != c.skills.end() ? 1 : 0;
    const auto& w = team_case.weights;
    const double load = static_cast<double>(c.load);
    return w.distance * c.distance_km / distance_scale_km + w.tier * c.tier - w.skill * covered +
           w.load * ((load + 1) * (load + 1) - load * load);
}

Result<TeamProposal> propose_team(const std::vector<TeamCandidate>& candidates, const TeamCase& team_case) {
    XZQ_TRY_VOID(validate(candidates, team_case));
    const auto skills = distinct_skills(team_case);
    const int skill_count = static_cast<int>(skills.size());
    TeamProposal out;

    // 1. Hard rules first: every excluded candidate with every reason that applies.
    std::vector<int> eligible;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& c = candidates[i];
        auto reasons = exclusion_reasons(c, team_case);
        if (reasons.empty()) {
            eligible.push_back(static_cast<int>(i));
            continue;
        }
        TeamExclusion e;
        e.candidate = static_cast<int>(i);
        std::vector<std::string> zh, en;
        for (auto r : reasons) {
            zh.push_back(reason_zh(r, c));
            en.push_back(reason_en(r, c));
        }
        e.reasons = std::move(reasons);
        e.message_zh = fmt::format("{}：{}", label(c), fmt::join(zh, "；"));
        e.message_en = fmt::format("{}: {}", label(c), fmt::join(en, "; "));
        out.excluded.push_back(std::move(e));
    }
    out.eligible = static_cast<int>(eligible.size());

    // 2. D: given, or the mean distance of the eligible candidates.
    double scale = team_case.weights.distance_scale_km;
    if (scale <= 0) {
        double sum = 0;
        for (int i : eligible) sum += candidates[static_cast<std::size_t>(i)].distance_km;
        scale = eligible.empty() ? 0 : sum / static_cast<double>(eligible.size());
        if (!(scale > 0)) scale = 1;
    }
    out.distance_scale_km = scale;

    auto make_item = [&](int i) {
        const auto& c = candidates[static_cast<std::size_t>(i)];
        Item item;
        item.candidate = i;
        for (int s = 0; s < skill_count; ++s) {
            if (std::find(c.skills.begin(), c.skills.end(), skills[static_cast<std::size_t>(s)]) != c.skills.end()) {
                item.mask |= 1u << s;
            }
        }
        item.lead = c.can_lead;
        item.cost = team_member_cost(c, team_case, scale);
        return item;
    };
    Requirements req;
    req.size = team_case.size;
    req.full_mask = (1u << skill_count) - 1;
    req.need_leader = team_case.need_leader;
    req.one_per_township = team_case.one_per_township;

    // 3. The programme, on tier 0, then ≤ 1, then all when staged; on all tiers at once otherwise.
    std::vector<Item> items;
    std::vector<int> chosen;
    for (int limit = team_case.staged_tiers ? k_tier_same_zone : k_tier_county; limit <= k_tier_county; ++limit) {
        items.clear();
        for (int i : eligible) {
            if (candidates[static_cast<std::size_t>(i)].tier <= limit) items.push_back(make_item(i));
        }
        chosen = solve_dp(items, candidates, req, skill_count);
        if (!chosen.empty()) break;
    }

    if (!chosen.empty()) {
        out.found = true;
        out.tier_used = 0;
        for (int i : chosen) {
            const auto& item = items[static_cast<std::size_t>(i)];
            const auto& c = candidates[static_cast<std::size_t>(item.candidate)];
            TeamMember m;
            m.candidate = item.candidate;
            m.cost = item.cost;
            const auto& w = team_case.weights;
            m.distance_term = w.distance * c.distance_km / scale;
            m.tier_term = w.tier * c.tier;
            for (int s = 0; s < skill_count; ++s) {
                if ((item.mask >> s) & 1u) m.skills_covered.push_back(skills[static_cast<std::size_t>(s)]);
            }
            m.skill_term = -w.skill * static_cast<double>(m.skills_covered.size());
            m.load_term = w.load * (2.0 * c.load + 1.0);
            out.total_cost += m.cost;
            out.tier_used = std::max(out.tier_used, c.tier);
            out.members.push_back(std::move(m));
        }
        // The leader: a qualified member of the lowest tier, then the lightest load, then the most
        // required skills, then input order.
        if (team_case.need_leader || std::any_of(out.members.begin(), out.members.end(), [&](const TeamMember& m) {
                return candidates[static_cast<std::size_t>(m.candidate)].can_lead;
            })) {
            TeamMember* best = nullptr;
            for (auto& m : out.members) {
                const auto& c = candidates[static_cast<std::size_t>(m.candidate)];
                if (!c.can_lead) continue;
                if (best == nullptr) {
                    best = &m;
                    continue;
                }
                const auto& b = candidates[static_cast<std::size_t>(best->candidate)];
                if (std::tuple(c.tier, c.load, -static_cast<int>(m.skills_covered.size())) <
                    std::tuple(b.tier, b.load, -static_cast<int>(best->skills_covered.size()))) {
                    best = &m;
                }
            }
            if (best != nullptr) {
                best->leader = true;
                out.leader = best->candidate;
            }
        }
        for (auto& m : out.members) {
            const auto& c = candidates[static_cast<std::size_t>(m.candidate)];
            const std::string skills_zh =
                m.skills_covered.empty() ? "无" : fmt::format("{}", fmt::join(m.skills_covered, "、"));
            const std::string skills_en =
                m.skills_covered.empty() ? "none" : fmt::format("{}", fmt::join(m.skills_covered, ", "));
            m.reason_zh = fmt::format("{}，距案件所在乡镇 {:.1f} 公里，所需技能：{}，当前工作量 {}/{}{}；成本 {:.3f}",
                                      tier_zh(c.tier), c.distance_km, skills_zh, c.load, c.capacity,
                                      m.leader ? "，任组长" : "", m.cost);
            m.reason_en = fmt::format(
                "{}, {:.1f} km from the case's township, required skills: {}, load {}/{}{}; cost {:.3f}",
                tier_en(c.tier), c.distance_km, skills_en, c.load, c.capacity, m.leader ? ", team leader" : "", m.cost);
        }
        std::vector<std::string> names;
        for (const auto& m : out.members) names.push_back(label(candidates[static_cast<std::size_t>(m.candidate)]));
        out.message_zh = fmt::format(
            "最优办案组（{} 人，最远层级：{}）：{}；总成本 {:.3f}；{} 名候选人因硬性规则被排除", out.members.size(),
            tier_zh(out.tier_used), fmt::join(names, "、"), out.total_cost, out.excluded.size());
        out.message_en = fmt::format(
            "optimal team ({} members, widest tier: {}): {}; total cost {:.3f}; {} candidates "
            "excluded by hard rules",
            out.members.size(), tier_en(out.tier_used), fmt::join(names, ", "), out.total_cost, out.excluded.size());
        return out;
    }

    // 4. Infeasible: which requirement binds, tried on every tier.
    out.tier_used = k_tier_county;
    items.clear();
    for (int i : eligible) items.push_back(make_item(i));
    std::set<std::string_view> towns;
    for (int i : eligible) towns.insert(candidates[static_cast<std::size_t>(i)].township);
    const int slots = team_case.one_per_township ? static_cast<int>(towns.size()) : out.eligible;
    std::vector<std::string> missing_skills;
    for (int s = 0; s < skill_count; ++s) {
        bool held = false;
        for (const auto& item : items) held = held || ((item.mask >> s) & 1u);
        if (!held) missing_skills.push_back(skills[static_cast<std::size_t>(s)]);
    }
    const bool any_leader = std::any_of(items.begin(), items.end(), [](const Item& item) { return item.lead; });
    const std::string head_zh =
        fmt::format("找不到符合要求的办案组（已检索全部层级，{} 名候选人符合硬性条件，{} 名被排除）。", out.eligible,
                    out.excluded.size());
    const std::string head_en = fmt::format(
        "no team meets the requirements (all tiers searched; {} candidates eligible, "
        "{} excluded by hard rules). ",
        out.eligible, out.excluded.size());
    if (out.eligible < team_case.size || slots < team_case.size) {
        out.binding = TeamBinding::size;
        out.message_zh =
            head_zh + fmt::format("人数不足：需要 {} 人，符合条件的只有 {} 人{}。", team_case.size, out.eligible,
                                  team_case.one_per_township
                                      ? fmt::format("，来自 {} 个乡镇（每乡镇至多 1 人）", towns.size())
                                      : "");
        out.message_en =
            head_en + fmt::format("Too few people: {} needed, {} eligible{}.", team_case.size, out.eligible,
                                  team_case.one_per_township
                                      ? fmt::format(" from {} townships (at most one per township)", towns.size())
                                      : "");
    } else if (!missing_skills.empty()) {
        out.binding = TeamBinding::skill;
        out.binding_skill = missing_skills.front();
        out.message_zh = head_zh + fmt::format("没有符合条件的人员具备技能：{}。", fmt::join(missing_skills, "、"));
        out.message_en =
            head_en + fmt::format("No eligible candidate has the skill: {}.", fmt::join(missing_skills, ", "));
    } else if (team_case.need_leader && !any_leader) {
        out.binding = TeamBinding::leader;
        out.message_zh = head_zh + "没有符合条件的人员可以担任组长。";
        out.message_en = head_en + "No eligible candidate can lead the team.";
    } else {
        // Each requirement is met on its own; find the single relaxation that would make a team.
        auto feasible_with = [&](Requirements r) { return !solve_dp(items, candidates, r, skill_count).empty(); };
        std::vector<std::string> helps_zh, helps_en;
        if (team_case.one_per_township) {
            Requirements r = req;
            r.one_per_township = false;
            if (feasible_with(r)) {
                if (out.binding == TeamBinding::none) out.binding = TeamBinding::one_per_township;
                helps_zh.push_back("允许同一乡镇多于 1 人");
                helps_en.push_back("allowing more than one member per township");
            }
        }
        if (team_case.need_leader) {
            Requirements r = req;
            r.need_leader = false;
            if (feasible_with(r)) {
                if (out.binding == TeamBinding::none) out.binding = TeamBinding::leader;
                helps_zh.push_back("不要求组长（具备组长资格者无法与所需技能同时满足）");
                helps_en.push_back("not requiring a leader (the qualified leaders cannot be combined with the skills)");
            }
        }
        for (int size = team_case.size + 1; size <= k_team_max_size; ++size) {
            Requirements r = req;
            r.size = size;
            if (feasible_with(r)) {
                if (out.binding == TeamBinding::none) out.binding = TeamBinding::size;
                helps_zh.push_back(
                    fmt::format("办案组扩大到 {} 人（{} 人无法覆盖全部所需技能）", size, team_case.size));
                helps_en.push_back(
                    fmt::format("a team of {} ({} cannot cover every required skill)", size, team_case.size));
                break;
            }
        }
        for (int s = 0; s < skill_count; ++s) {
            Requirements r = req;
            r.full_mask &= ~(1u << s);
            if (feasible_with(r)) {
                if (out.binding == TeamBinding::none) {
                    out.binding = TeamBinding::skill;
                    out.binding_skill = skills[static_cast<std::size_t>(s)];
                }
                helps_zh.push_back(fmt::format("不要求技能“{}”", skills[static_cast<std::size_t>(s)]));
                helps_en.push_back(fmt::format("not requiring the skill '{}'", skills[static_cast<std::size_t>(s)]));
            }
        }
        if (out.binding == TeamBinding::none) {
            out.binding = TeamBinding::combination;
            out.message_zh = head_zh + "各项要求单独都能满足，但组合起来无法满足，放宽任何单一要求也不够。";
            out.message_en =
                head_en + "Each requirement can be met alone but not together, and no single relaxation is enough.";
        } else {
            out.message_zh = head_zh + fmt::format("以下任一放宽可以组成办案组：{}。", fmt::join(helps_zh, "；"));
            out.message_en =
                head_en + fmt::format("Any one of these would allow a team: {}.", fmt::join(helps_en, "; "));
        }
    }
    return out;
}

namespace {

Result<bool> parse_bool(std::string_view field, bool empty_value, std::size_t line, std::string_view column) {
    field = trim(field);
    if (field.empty()) return empty_value;
    std::string lower(field);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; });
    if (lower == "1" || lower == "true" || lower == "yes" || lower == "y" || lower == "是") return true;
    if (lower == "0" || lower == "false" || lower == "no" || lower == "n" || lower == "否") return false;
    return bad("bad_boolean", fmt::format("候选人表第 {} 行 {} 列“{}”不是是/否值", line, column, field),
               fmt::format("candidates line {}: column {} value '{}' is not a yes/no value", line, column, field));
}

Result<double> parse_number(std::string_view field, std::size_t line, std::string_view column) {
    field = trim(field);
    if (!field.empty() && field.front() == '+') field.remove_prefix(1);
    double value = 0;
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.empty() || ec != std::errc() || end != field.data() + field.size() || !std::isfinite(value)) {
        return bad("bad_number", fmt::format("候选人表第 {} 行 {} 列“{}”不是数字", line, column, field),
                   fmt::format("candidates line {}: column {} value '{}' is not a number", line, column, field));
    }
    return value;
}

Result<int> parse_int(std::string_view field, std::size_t line, std::string_view column) {
    XZQ_TRY(double value, parse_number(field, line, column));
    if (value != std::floor(value) || std::fabs(value) > 1e6) {
        return bad(
            "bad_integer", fmt::format("候选人表第 {} 行 {} 列“{}”不是整数", line, column, trim(field)),
            fmt::format("candidates line {}: column {} value '{}' is not a whole number", line, column, trim(field)));
    }
    return static_cast<int>(value);
}

std::vector<std::string> split_list(std::string_view field) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= field.size(); ++i) {
        if (i == field.size() || field[i] == ';' || field[i] == '|') {
            auto part = trim(field.substr(start, i - start));
            if (!part.empty()) parts.emplace_back(part);
            start = i + 1;
        }
    }
    return parts;
}

}  // namespace

Result<std::vector<TeamCandidate>> parse_candidates_csv(std::string_view text) {
    XZQ_TRY(auto table, csv::parse(text));
    const std::string header = "id,name,township,tier,skills,can_lead,load,capacity,available,conflicts,distance_km";
    for (std::string_view required : {"id", "township", "tier", "capacity", "distance_km"}) {
        if (table.column(required) < 0) {
            return bad("missing_column", fmt::format("候选人表缺少列 {}（表头：{}）", required, header),
                       fmt::format("candidates CSV lacks column {} (header {})", required, header));
        }
    }
    auto col = [&](std::string_view name) { return table.column(name); };
    const int c_id = col("id"), c_name = col("name"), c_town = col("township"), c_tier = col("tier"),
              c_skills = col("skills"), c_lead = col("can_lead"), c_load = col("load"), c_cap = col("capacity"),
              c_avail = col("available"), c_conf = col("conflicts"), c_dist = col("distance_km");
    std::vector<TeamCandidate> out;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const std::size_t line = table.line_numbers[r];
        auto field = [&](int c) -> std::string_view {
            return c < 0 ? std::string_view{} : std::string_view(row[static_cast<std::size_t>(c)]);
        };
        TeamCandidate c;
        c.id = std::string(trim(field(c_id)));
        c.name = std::string(trim(field(c_name)));
        c.township = std::string(trim(field(c_town)));
        if (c.id.empty()) {
            return bad("empty_id", fmt::format("候选人表第 {} 行缺少编号", line),
                       fmt::format("candidates line {}: the id is empty", line));
        }
        XZQ_TRY(c.tier, parse_int(field(c_tier), line, "tier"));
        c.skills = split_list(field(c_skills));
        XZQ_TRY(c.can_lead, parse_bool(field(c_lead), false, line, "can_lead"));
        if (c_load >= 0 && !trim(field(c_load)).empty()) {
            XZQ_TRY(c.load, parse_int(field(c_load), line, "load"));
        }
        XZQ_TRY(c.capacity, parse_int(field(c_cap), line, "capacity"));
        XZQ_TRY(c.available, parse_bool(field(c_avail), true, line, "available"));
        for (const auto& conflict : split_list(field(c_conf))) {
            if (conflict == "township" || conflict == "乡镇") {
                c.conflict_township = true;
            } else if (conflict == "subject" || conflict == "被调查人") {
                c.conflict_subject = true;
            } else if (conflict == "reporter" || conflict == "举报人") {
                c.conflict_reporter = true;
            } else {
                return bad("bad_conflict",
                           fmt::format("候选人表第 {} 行 conflicts 列“{}”无效（应为 township、subject 或 reporter）",
                                       line, conflict),
                           fmt::format("candidates line {}: conflict '{}' is not township, subject or reporter", line,
                                       conflict));
            }
        }
        XZQ_TRY(c.distance_km, parse_number(field(c_dist), line, "distance_km"));
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace xzq::planning
