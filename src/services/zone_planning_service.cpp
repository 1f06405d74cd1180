#include "services/zone_planning_service.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "planning/rotation.hpp"
#include "planning/zone_cost.hpp"
#include "planning/zone_planner.hpp"
#include "security/tokens.hpp"
#include "services/audit_service.hpp"
#include "services/organisation_service.hpp"

namespace xzq::services {

namespace {

using domain::Action;
using domain::Principal;

Error invalid(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, std::move(code), std::move(zh), std::move(en));
}

// Names of up to ten townships, for messages.
std::string name_list(const std::vector<std::string>& codes, const std::map<std::string, std::string>& names) {
    std::vector<std::string> shown;
    for (const auto& code : codes) {
        if (shown.size() == 10) {
            shown.push_back("…");
            break;
        }
        auto it = names.find(code);
        shown.push_back(it == names.end() || it->second.empty() ? code : fmt::format("{}({})", it->second, code));
    }
    return fmt::format("{}", fmt::join(shown, ", "));
}

// Assignment maximising the total overlap (Hungarian method with potentials, O(n³)): rows are the
// proposed zones, columns the current ones; returns for each row its column or -1.
std::vector<int> max_overlap_matching(const std::vector<std::vector<int>>& overlap, int columns) {
    const int rows = static_cast<int>(overlap.size());
    const int n = std::max(rows, columns);
    if (n == 0) return {};
    auto cost = [&](int i, int j) -> double {  // 1-based, padded with zeros
        if (i > rows || j > columns) return 0;
        return -static_cast<double>(overlap[static_cast<std::size_t>(i - 1)][static_cast<std::size_t>(j - 1)]);
    };
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> u(static_cast<std::size_t>(n) + 1), v(static_cast<std::size_t>(n) + 1);
    std::vector<int> p(static_cast<std::size_t>(n) + 1), way(static_cast<std::size_t>(n) + 1);
    for (int i = 1; i <= n; ++i) {
        p[0] = i;
        int j0 = 0;
        std::vector<double> minv(static_cast<std::size_t>(n) + 1, inf);
        std::vector<bool> used(static_cast<std::size_t>(n) + 1, false);
        do {
            used[static_cast<std::size_t>(j0)] = true;
            const int i0 = p[static_cast<std::size_t>(j0)];
            double delta = inf;
            int j1 = 0;
            for (int j = 1; j <= n; ++j) {
                if (used[static_cast<std::size_t>(j)]) continue;
                const double cur = cost(i0, j) - u[static_cast<std::size_t>(i0)] - v[static_cast<std::size_t>(j)];
                if (cur < minv[static_cast<std::size_t>(j)]) {
                    minv[static_cast<std::size_t>(j)] = cur;
                    way[static_cast<std::size_t>(j)] = j0;
                }
                if (minv[static_cast<std::size_t>(j)] < delta) {
                    delta = minv[static_cast<std::size_t>(j)];
                    j1 = j;
                }
            }
            for (int j = 0; j <= n; ++j) {
                if (used[static_cast<std::size_t>(j)]) {
                    u[static_cast<std::size_t>(p[static_cast<std::size_t>(j)])] += delta;
                    v[static_cast<std::size_t>(j)] -= delta;
                } else {
                    minv[static_cast<std::size_t>(j)] -= delta;
                }
            }
            j0 = j1;
        } while (p[static_cast<std::size_t>(j0)] != 0);
        do {
            const int j1 = way[static_cast<std::size_t>(j0)];
            p[static_cast<std::size_t>(j0)] = p[static_cast<std::size_t>(j1)];
            j0 = j1;
        } while (j0 != 0);
    }
    std::vector<int> match(static_cast<std::size_t>(rows), -1);
    for (int j = 1; j <= n; ++j) {
        const int i = p[static_cast<std::size_t>(j)];
        if (i >= 1 && i <= rows && j <= columns) match[static_cast<std::size_t>(i - 1)] = j - 1;
    }
    return match;
}

// The county's townships as a planning problem (code order), or an error naming those without
// a profile.
Result<planning::ZoneProblem> problem_of(const std::vector<TownshipRef>& townships,
                                         const std::vector<TownshipProfile>& profiles,
                                         const std::map<std::string, std::string>& names) {
    std::map<std::string, const TownshipProfile*> by_code;
    for (const auto& p : profiles) by_code[p.township_code] = &p;
    planning::ZoneProblem problem;
    std::vector<std::string> missing;
    for (const auto& t : townships) {
        auto it = by_code.find(t.code);
        if (it == by_code.end()) {
            missing.push_back(t.code);
            continue;
        }
        const auto& p = *it->second;
        planning::Township township;
        township.code = t.code;
        township.name = t.name;
        township.lon = p.lon;
        township.lat = p.lat;
        township.weights = {p.staff, p.capacity, p.caseload};
        problem.townships.push_back(std::move(township));
    }
    if (townships.empty()) {
        return invalid("planning.no_townships", "本县还没有乡镇数据，请先导入行政区划",
                       "the county has no townships yet; import its divisions first");
    }
    if (!missing.empty()) {
        const auto list = name_list(missing, names);
        return invalid(
            "planning.missing_profiles",
            fmt::format("{} 个乡镇还没有位置和人员、办案能力、案件量数据，请先补全：{}", missing.size(), list),
            fmt::format("{} townships have no position, staff, capacity and caseload yet; fill them in "
                        "first: {}",
                        missing.size(), list));
    }
    return problem;
}

ZoneFigures figures_of(const planning::ZoneCostModel& model, const planning::ZoneProblem& problem,
                       std::vector<int> members) {
    std::sort(members.begin(), members.end());
    ZoneFigures f;
    for (int v : members) f.townships.push_back(problem.townships[static_cast<std::size_t>(v)].code);
    if (members.empty()) return f;
    f.cost = model.cost(members);
    f.compactness = model.compactness(members);
    f.totals = model.totals(members);
    f.within_hard_band = model.within_hard_band(f.totals);
    return f;
}

// Prices groups of township indices with the problem's own zone count set to the number of
// non-empty groups (the targets μ are the county's totals divided by it).
struct PricedZoning {
    std::vector<ZoneFigures> zones;  // one per group, empty groups unpriced
    double total = 0;
};

PricedZoning price(planning::ZoneProblem problem, const std::vector<std::vector<int>>& groups) {
    int nonempty = 0;
    for (const auto& g : groups) nonempty += g.empty() ? 0 : 1;
    problem.zones = std::max(1, nonempty);
    planning::ZoneCostModel model(problem);
    PricedZoning out;
    for (const auto& g : groups) {
        out.zones.push_back(figures_of(model, problem, g));
        out.total += out.zones.back().cost;
    }
    return out;
}

std::map<std::string, std::vector<domain::ZoneMembership>> histories_of(
    const std::vector<domain::ZoneMembership>& memberships) {
    std::map<std::string, std::vector<domain::ZoneMembership>> out;
    for (const auto& m : memberships) out[m.township_code].push_back(m);
    return out;
}

// Releases a county's "solve under way" mark however the solve ends.
class SolveGuard {
  public:
    SolveGuard(std::mutex& mutex, std::set<std::string>& solving, std::string county)
        : m_mutex(mutex), m_solving(solving), m_county(std::move(county)) {
        std::lock_guard lock(m_mutex);
        m_acquired = m_solving.insert(m_county).second;
    }
    ~SolveGuard() {
        if (!m_acquired) return;
        std::lock_guard lock(m_mutex);
        m_solving.erase(m_county);
    }
    SolveGuard(const SolveGuard&) = delete;
    SolveGuard& operator=(const SolveGuard&) = delete;
    [[nodiscard]] bool acquired() const { return m_acquired; }

  private:
    std::mutex& m_mutex;
    std::set<std::string>& m_solving;
    std::string m_county;
    bool m_acquired = false;
};

std::uint64_t random_seed() {
    const std::string bytes = security::random_bytes(8);
    std::uint64_t seed = 0;
    std::memcpy(&seed, bytes.data(), sizeof seed);
    return seed & k_max_plan_seed;
}

}  // namespace

Result<void> validate_township_profile(const TownshipProfile& profile) {
    if (profile.township_code.size() != 9 || !std::all_of(profile.township_code.begin(), profile.township_code.end(),
                                                          [](char c) { return c >= '0' && c <= '9'; })) {
        return invalid("profile.bad_township", fmt::format("乡镇代码“{}”无效", profile.township_code),
                       fmt::format("township code '{}' is invalid", profile.township_code));
    }
    // Exactly the command line's checks (planning::validate) on a one-township problem.
    planning::ZoneProblem one;
    one.townships.push_back(
        {profile.township_code, "", profile.lon, profile.lat, {profile.staff, profile.capacity, profile.caseload}});
    one.zones = 1;
    one.min_size = 1;
    one.max_size = 1;
    XZQ_TRY_VOID(planning::validate(one));
    struct Bound {
        double value;
        double max;
        std::string_view zh;
        std::string_view en;
    };
    for (const Bound& b : {Bound{profile.staff, k_profile_max_staff, "纪检人员", "staff"},
                           Bound{profile.capacity, k_profile_max_capacity, "办案能力", "capacity"},
                           Bound{profile.caseload, k_profile_max_caseload, "案件量", "caseload"}}) {
        if (b.value > b.max) {
            return invalid(
                "profile.too_large",
                fmt::format("乡镇 {} 的{}（{}）超过上限 {}", profile.township_code, b.zh, b.value, b.max),
                fmt::format("township {}: {} ({}) exceeds the limit {}", profile.township_code, b.en, b.value, b.max));
        }
    }
    return Ok{};
}

Result<void> ZonePlanningService::require_write(const Principal& who) {
    domain::RecordLocation county{who.county_code, std::nullopt, {}, std::nullopt, {}};
    if (who.county_code.empty() || !domain::may_on(who, Action::org_write, county)) return forbidden_error();
    return Ok{};
}

Result<void> ZonePlanningService::require_read(const Principal& who) {
    if (who.county_code.empty() || !domain::may(who, Action::org_read)) return forbidden_error();
    return Ok{};
}

Result<std::vector<std::pair<TownshipRef, std::optional<TownshipProfile>>>> ZonePlanningService::profiles(
    const Principal& who) {
    XZQ_TRY_VOID(require_read(who));
    XZQ_TRY(auto townships, m_organisation.townships(who.county_code));
    XZQ_TRY(auto stored, m_planning.profiles(who.county_code));
    std::map<std::string, TownshipProfile> by_code;
    for (auto& p : stored) by_code.emplace(p.township_code, std::move(p));
    std::vector<std::pair<TownshipRef, std::optional<TownshipProfile>>> out;
    for (auto& t : townships) {
        auto it = by_code.find(t.code);
        std::optional<TownshipProfile> profile;
        if (it != by_code.end()) profile = it->second;
        out.emplace_back(std::move(t), std::move(profile));
    }
    return out;
}

Result<TownshipProfile> ZonePlanningService::save_profile(const Principal& who, TownshipProfile profile) {
    XZQ_TRY_VOID(require_write(who));
    XZQ_TRY(auto townships, m_organisation.townships(who.county_code));
    if (std::none_of(townships.begin(), townships.end(),
                     [&](const TownshipRef& t) { return t.code == profile.township_code; })) {
        return make_error(ErrorKind::not_found, "org.township_not_found",
                          fmt::format("未找到乡镇 {}", profile.township_code),
                          fmt::format("township {} not found", profile.township_code));
    }
    XZQ_TRY_VOID(validate_township_profile(profile));
    profile.county_code = who.county_code;
    profile.updated_by = who.username;
    profile.updated_at = iso8601(m_clock.now());
    XZQ_TRY_VOID(m_planning.save_profile(profile));
    return profile;
}

Result<ZoneProposal> ZonePlanningService::propose(const Principal& who, const ProposalRequest& request) {
    XZQ_TRY_VOID(require_write(who));
    if (!(request.time_limit_seconds > 0) || request.time_limit_seconds > k_max_solve_seconds) {
        return invalid("planning.bad_time_limit", fmt::format("时限必须在 0 到 {} 秒之间", k_max_solve_seconds),
                       fmt::format("the time limit must be between 0 and {} seconds", k_max_solve_seconds));
    }
    if (request.seed > k_max_plan_seed) {
        return invalid("planning.bad_seed", "随机种子必须在 0 到 2^53−1 之间", "the seed must be between 0 and 2^53−1");
    }
    SolveGuard guard(m_solving_mutex, m_solving, who.county_code);
    if (!guard.acquired()) {
        return make_error(ErrorKind::too_many, "planning.busy", "本县已有一个划分方案正在计算，请稍后再试",
                          "a zone plan is already being computed for this county; try again shortly");
    }
    const auto start = std::chrono::steady_clock::now();
    ZoneProposal out;
    out.request = request;
    out.as_of = request.as_of.value_or(china_today(m_clock));
    XZQ_TRY(out.townships, m_organisation.townships(who.county_code));
    XZQ_TRY(auto stored, m_planning.profiles(who.county_code));
    std::map<std::string, std::string> names;
    for (const auto& t : out.townships) names[t.code] = t.name;
    XZQ_TRY(auto problem, problem_of(out.townships, stored, names));
    problem.zones = request.zones;
    problem.min_size = request.min_size;
    problem.max_size = request.max_size;
    for (const auto& t : out.townships) {
        for (const auto& p : stored) {
            if (p.township_code == t.code) out.profiles.push_back(p);
        }
    }

    planning::ZonePlanOptions options;
    options.seed = request.seed;
    const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(request.time_limit_seconds));
    const planning::StopSignal stop([deadline] { return std::chrono::steady_clock::now() >= deadline; });
    XZQ_TRY(auto plan, planning::plan_zones(problem, options, stop));

    out.status = std::string(planning::to_string(plan.status));
    out.method = plan.method;
    if (plan.status != planning::PlanStatus::infeasible) out.objective = plan.objective;
    out.bound = plan.bound;
    out.candidate_zones = plan.candidate_zones;
    out.message_zh = plan.message_zh;
    out.message_en = plan.message_en;
    for (int v : plan.uncovered) out.uncovered.push_back(problem.townships[static_cast<std::size_t>(v)].code);
    for (const auto& r : plan.relaxations) out.relaxations.push_back({r.option, r.description_zh, r.description_en});

    const planning::ZoneCostModel model(problem);
    out.targets = model.targets();
    out.distance_scale_km = model.scale();
    for (const auto& zone : plan.zones) out.zones.push_back({figures_of(model, problem, zone.townships), {}, 0});

    // The zoning on the day asked, priced with the same model.
    XZQ_TRY(auto zones, m_organisation.zones(who.county_code));
    XZQ_TRY(auto memberships, m_organisation.memberships(who.county_code));
    std::map<std::string, int> index_of;
    for (std::size_t i = 0; i < problem.townships.size(); ++i)
        index_of[problem.townships[i].code] = static_cast<int>(i);
    std::map<long long, std::size_t> zone_index;
    std::vector<std::vector<int>> groups(zones.size());
    for (std::size_t z = 0; z < zones.size(); ++z) zone_index[zones[z].id] = z;
    std::set<std::string> zoned;
    for (const auto& m : domain::memberships_as_of(memberships, out.as_of)) {
        auto z = zone_index.find(m.zone_id);
        auto t = index_of.find(m.township_code);
        if (z == zone_index.end() || t == index_of.end()) continue;
        groups[z->second].push_back(t->second);
        zoned.insert(m.township_code);
    }
    for (const auto& t : problem.townships) {
        if (!zoned.contains(t.code)) out.unassigned.push_back(t.code);
    }
    auto priced = price(problem, groups);
    for (std::size_t z = 0; z < zones.size(); ++z) {
        if (groups[z].empty()) continue;
        out.current.push_back({zones[z].id, zones[z].name, priced.zones[z]});
    }
    if (!out.current.empty() && out.unassigned.empty()) out.current_cost = priced.total;

    // Each proposed zone takes over the current zone it shares most townships with.
    std::vector<std::vector<int>> overlap;
    for (const auto& proposed : out.zones) {
        std::vector<int> row;
        std::set<std::string> mine(proposed.figures.townships.begin(), proposed.figures.townships.end());
        for (std::size_t z = 0; z < zones.size(); ++z) {
            int shared = 0;
            for (int v : groups[z]) shared += mine.contains(problem.townships[static_cast<std::size_t>(v)].code);
            row.push_back(shared);
        }
        overlap.push_back(std::move(row));
    }
    auto match = max_overlap_matching(overlap, static_cast<int>(zones.size()));
    for (std::size_t i = 0; i < out.zones.size(); ++i) {
        if (match[i] < 0) continue;
        out.zones[i].match_zone_id = zones[static_cast<std::size_t>(match[i])].id;
        out.zones[i].shared = overlap[i][static_cast<std::size_t>(match[i])];
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

Result<AdoptionRecord> ZonePlanningService::adopt(const Principal& who, const AdoptionRequest& request) {
    XZQ_TRY_VOID(require_write(who));
    XZQ_TRY(auto townships, m_organisation.townships(who.county_code));
    std::map<std::string, std::string> names;
    for (const auto& t : townships) names[t.code] = t.name;
    if (request.zones.empty()) {
        return invalid("zones.adopt_empty", "方案中没有协作区", "the plan has no zones");
    }
    if (request.zones.size() > townships.size()) {
        return invalid("zones.adopt_too_many", "协作区数量不能多于乡镇数量",
                       "a plan cannot have more zones than townships");
    }
    XZQ_TRY(auto existing, m_organisation.zones(who.county_code));
    std::map<long long, const domain::Zone*> existing_by_id;
    std::set<std::string> taken_names;
    for (const auto& z : existing) {
        existing_by_id[z.id] = &z;
        taken_names.insert(z.name);
    }

    std::map<std::string, std::size_t> zone_of_township;
    std::set<long long> used_ids;
    AdoptionWrite write;
    for (std::size_t i = 0; i < request.zones.size(); ++i) {
        const auto& zone = request.zones[i];
        const std::size_t number = i + 1;
        if (zone.townships.empty()) {
            return invalid("zones.adopt_empty_zone", fmt::format("第 {} 个协作区没有乡镇", number),
                           fmt::format("zone {} of the plan has no townships", number));
        }
        for (const auto& code : zone.townships) {
            if (!names.contains(code)) {
                return invalid("zones.unknown_township", fmt::format("本县没有乡镇 {}", code),
                               fmt::format("the county has no township {}", code));
            }
            if (!zone_of_township.emplace(code, i).second) {
                return invalid("zones.adopt_duplicate",
                               fmt::format("乡镇 {} 在方案中出现了不止一次", name_list({code}, names)),
                               fmt::format("township {} appears more than once in the plan", name_list({code}, names)));
            }
        }
        AdoptedZoneRecord record;
        record.townships = zone.townships;
        std::sort(record.townships.begin(), record.townships.end());
        if (zone.zone_id) {
            auto found = existing_by_id.find(*zone.zone_id);
            if (found == existing_by_id.end()) return not_found_error("协作区", "zone", *zone.zone_id);
            if (!used_ids.insert(*zone.zone_id).second) {
                return invalid("zones.adopt_zone_twice",
                               fmt::format("协作区“{}”在方案中出现了两次", found->second->name),
                               fmt::format("zone '{}' appears twice in the plan", found->second->name));
            }
            record.zone_id = *zone.zone_id;
            record.name = found->second->name;
        } else {
            std::string name = zone.name;
            if (name.empty() || name.size() > 100) {
                return invalid("zone.bad_name", fmt::format("第 {} 个协作区是新协作区，需要 1–100 字节的名称", number),
                               fmt::format("zone {} of the plan is new and needs a name of 1 to 100 bytes", number));
            }
            if (!taken_names.insert(name).second) {
                return make_error(ErrorKind::conflict, "zone.duplicate_name", fmt::format("协作区“{}”已存在", name),
                                  fmt::format("zone '{}' already exists", name));
            }
            domain::Zone created;
            created.county_code = who.county_code;
            created.name = name;
            write.new_zones.push_back(created);
            record.zone_id = -static_cast<long long>(write.new_zones.size());
            record.name = name;
            record.created = true;
        }
        write.record.zones.push_back(std::move(record));
    }
    std::vector<std::string> missing;
    for (const auto& t : townships) {
        if (!zone_of_township.contains(t.code)) missing.push_back(t.code);
    }
    if (!missing.empty()) {
        const auto list = name_list(missing, names);
        return invalid("zones.adopt_incomplete",
                       fmt::format("方案必须把本县每个乡镇分入一个协作区，缺少 {} 个：{}", missing.size(), list),
                       fmt::format("a plan must put every township of the county in one zone; {} missing: {}",
                                   missing.size(), list));
    }

    // The rezoning of every township, by the rule OrganisationService::move_township applies.
    XZQ_TRY(auto memberships, m_organisation.memberships(who.county_code));
    auto histories = histories_of(memberships);
    for (const auto& t : townships) {
        const auto& target = write.record.zones[zone_of_township.at(t.code)];
        auto plan = domain::plan_rezoning(histories[t.code], t.code, target.zone_id, request.effective);
        if (!plan) {
            auto error = plan.error();
            error.message_zh = fmt::format("{}：{}", t.name, error.message_zh);
            error.message_en = fmt::format("{}: {}", t.code, error.message_en);
            return error;
        }
        if (plan->close) ++write.record.memberships_closed;
        if (plan->open) ++write.record.memberships_opened;
        if (plan->close || plan->open) write.changes.push_back(std::move(*plan));
    }
    if (write.changes.empty() && write.new_zones.empty()) {
        return invalid(
            "zones.adopt_unchanged",
            fmt::format("自 {} 起的协作区划分已与该方案相同，无需采纳", domain::format_date(request.effective)),
            fmt::format("from {} the zoning already is this plan; nothing to adopt",
                        domain::format_date(request.effective)));
    }

    // Figures for the record: the adopted partition and the zoning it replaces, when every
    // township has a profile.
    XZQ_TRY(auto stored, m_planning.profiles(who.county_code));
    if (auto problem = problem_of(townships, stored, names); problem) {
        std::map<std::string, int> index_of;
        for (std::size_t i = 0; i < problem->townships.size(); ++i)
            index_of[problem->townships[i].code] = static_cast<int>(i);
        std::vector<std::vector<int>> adopted_groups;
        for (const auto& zone : write.record.zones) {
            std::vector<int> group;
            for (const auto& code : zone.townships) group.push_back(index_of.at(code));
            adopted_groups.push_back(std::move(group));
        }
        auto adopted = price(*problem, adopted_groups);
        for (std::size_t i = 0; i < write.record.zones.size(); ++i) write.record.zones[i].cost = adopted.zones[i].cost;
        write.record.objective = adopted.total;
        const auto before = domain::add_days(request.effective, -1);
        std::map<long long, std::vector<int>> previous;
        std::size_t zoned = 0;
        for (const auto& m : domain::memberships_as_of(memberships, before)) {
            auto t = index_of.find(m.township_code);
            if (t == index_of.end()) continue;
            previous[m.zone_id].push_back(t->second);
            ++zoned;
        }
        if (!previous.empty() && zoned == problem->townships.size()) {
            std::vector<std::vector<int>> previous_groups;
            for (auto& [id, group] : previous) previous_groups.push_back(std::move(group));
            write.record.previous_cost = price(*problem, previous_groups).total;
        }
    }

    write.first_sort_order = static_cast<int>(existing.size()) + 1;
    write.record.county_code = who.county_code;
    write.record.effective = request.effective;
    write.record.zone_count = static_cast<int>(request.zones.size());
    write.record.min_size = request.min_size;
    write.record.max_size = request.max_size;
    write.record.seed = request.seed;
    write.record.plan_status = request.plan_status;
    write.record.zones_created = static_cast<int>(write.new_zones.size());
    write.record.adopted_by = who.username;
    write.record.adopted_by_user_id = who.user_id;
    write.record.adopted_at = iso8601(m_clock.now());
    return m_planning.apply_adoption(write);
}

Result<std::vector<AdoptionRecord>> ZonePlanningService::adoptions(const Principal& who) {
    XZQ_TRY_VOID(require_read(who));
    return m_planning.adoptions(who.county_code, 50);
}

Result<RotationRecord> ZonePlanningService::plan_rotation(const Principal& who, const RotationRequest& request) {
    XZQ_TRY_VOID(require_write(who));
    const int kinds =
        (request.zone_id ? 1 : 0) + (request.townships.empty() ? 0 : 1) + (request.zone_ids.empty() ? 0 : 1);
    if (kinds != 1) {
        return invalid("rotation.bad_pool",
                       "请指定一个互查名单：一个协作区（zone_id）、一组乡镇（townships）或一组协作区（zones）",
                       "give one pool: a zone (zone_id), a list of townships (townships) or a list of zones (zones)");
    }
    if (request.rounds < 1 || request.rounds > k_max_rotation_rounds) {
        return invalid("rotation.bad_rounds", fmt::format("轮数必须在 1 到 {} 之间", k_max_rotation_rounds),
                       fmt::format("rounds must be between 1 and {}", k_max_rotation_rounds));
    }
    if (request.seed && *request.seed > k_max_plan_seed) {
        return invalid("planning.bad_seed", "随机种子必须在 0 到 2^53−1 之间", "the seed must be between 0 and 2^53−1");
    }
    if (request.title.size() > 100) {
        return invalid("rotation.bad_title", "标题不超过 100 字节", "the title must be at most 100 bytes");
    }
    const auto day = request.as_of.value_or(china_today(m_clock));
    XZQ_TRY(auto townships, m_organisation.townships(who.county_code));
    std::map<std::string, std::string> names;
    for (const auto& t : townships) names[t.code] = t.name;
    XZQ_TRY(auto zones, m_organisation.zones(who.county_code));
    auto zone_named = [&](long long id) -> const domain::Zone* {
        for (const auto& z : zones) {
            if (z.id == id) return &z;
        }
        return nullptr;
    };

    RotationRecord record;
    std::string default_title;
    if (request.zone_id) {
        const auto* zone = zone_named(*request.zone_id);
        if (!zone) return not_found_error("协作区", "zone", *request.zone_id);
        XZQ_TRY(auto memberships, m_organisation.memberships(who.county_code));
        for (const auto& m : domain::memberships_as_of(memberships, day)) {
            if (m.zone_id == zone->id) record.members.push_back({m.township_code, names[m.township_code]});
        }
        std::sort(record.members.begin(), record.members.end(),
                  [](const RotationMember& a, const RotationMember& b) { return a.code < b.code; });
        record.pool_kind = "zone";
        record.zone_id = zone->id;
        default_title = fmt::format("{}交叉互查", zone->name);
    } else if (!request.townships.empty()) {
        std::set<std::string> seen;
        for (const auto& code : request.townships) {
            if (!names.contains(code)) {
                return invalid("rotation.unknown_member", fmt::format("本县没有乡镇 {}", code),
                               fmt::format("the county has no township {}", code));
            }
            if (!seen.insert(code).second) {
                return invalid("rotation.duplicate_code", fmt::format("乡镇 {} 在名单中出现了两次", names[code]),
                               fmt::format("township {} appears twice in the pool", code));
            }
            record.members.push_back({code, names[code]});
        }
        record.pool_kind = "townships";
        default_title = "乡镇交叉互查";
    } else {
        std::set<long long> seen;
        for (long long id : request.zone_ids) {
            const auto* zone = zone_named(id);
            if (!zone) return not_found_error("协作区", "zone", id);
            if (!seen.insert(id).second) {
                return invalid("rotation.duplicate_code", fmt::format("协作区“{}”在名单中出现了两次", zone->name),
                               fmt::format("zone '{}' appears twice in the pool", zone->name));
            }
            record.members.push_back({std::to_string(id), zone->name});
        }
        record.pool_kind = "zones";
        default_title = "协作区交叉互查";
    }
    if (record.members.empty()) {
        return invalid("rotation.empty_pool", fmt::format("{} 这一天该协作区没有乡镇", domain::format_date(day)),
                       fmt::format("the zone has no townships on {}", domain::format_date(day)));
    }

    planning::RotationProblem problem;
    for (const auto& m : record.members) problem.pool.push_back(m.code);
    std::set<std::pair<std::string, std::string>> forbidden_seen;
    for (const auto& [a, b] : request.forbidden) {
        auto at = [&](const std::string& code) -> int {
            for (std::size_t i = 0; i < problem.pool.size(); ++i) {
                if (problem.pool[i] == code) return static_cast<int>(i);
            }
            return -1;
        };
        const int ia = at(a);
        const int ib = at(b);
        if (ia < 0 || ib < 0) {
            const auto& unknown = ia < 0 ? a : b;
            return invalid("rotation.unknown_member", fmt::format("禁止配对中的 {} 不在互查名单中", unknown),
                           fmt::format("forbidden pair names {}, which is not in the pool", unknown));
        }
        if (ia == ib) {
            return invalid("rotation.self_pair", fmt::format("禁止配对中的 {} 与自身配对", a),
                           fmt::format("a forbidden pair names {} with itself", a));
        }
        auto key = std::minmax(a, b);
        if (!forbidden_seen.insert({key.first, key.second}).second) continue;
        problem.forbidden.emplace_back(ia, ib);
        record.forbidden.emplace_back(key.first, key.second);
    }
    problem.rounds = request.rounds;
    problem.seed = request.seed.value_or(random_seed());
    XZQ_TRY(auto plan, planning::plan_rotation(problem));
    if (plan.status != planning::RotationStatus::planned) {
        std::string zh = plan.message_zh;
        std::string en = plan.message_en;
        return invalid("rotation.infeasible", std::move(zh), std::move(en));
    }
    record.county_code = who.county_code;
    record.title = request.title.empty() ? default_title : request.title;
    record.seed = plan.seed;
    record.rule = std::string(planning::to_string(plan.rule));
    record.method = std::string(planning::to_string(plan.method));
    record.starts_on = request.starts_on;
    record.message_zh = plan.message_zh;
    record.message_en = plan.message_en;
    record.created_by = who.username;
    record.created_by_user_id = who.user_id;
    record.created_at = iso8601(m_clock.now());
    record.created_on = china_today(m_clock);
    record.rounds = plan.rounds;
    return m_planning.add_rotation(record);
}

Result<std::vector<RotationRecord>> ZonePlanningService::rotations(const Principal& who) {
    XZQ_TRY_VOID(require_write(who));
    return m_planning.rotations(who.county_code, 50);
}

}  // namespace xzq::services
