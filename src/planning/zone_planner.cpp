#include "planning/zone_planner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "planning/set_partition.hpp"
#include "planning/zone_enumeration.hpp"

namespace xzq::planning {

std::string_view to_string(PlanStatus status) {
    switch (status) {
        case PlanStatus::optimal:
            return "optimal";
        case PlanStatus::feasible:
            return "feasible";
        case PlanStatus::infeasible:
            return "infeasible";
    }
    return "infeasible";
}

namespace {

constexpr std::uint64_t k_diagnosis_budget = 2'000'000;  // sets examined per township and relaxation

std::vector<PlannedZone> zones_from_assignment(const ZoneCostModel& model, const std::vector<int>& zone_of, int k) {
    std::vector<PlannedZone> zones(static_cast<std::size_t>(k));
    for (std::size_t v = 0; v < zone_of.size(); ++v) {
        zones[static_cast<std::size_t>(zone_of[v])].townships.push_back(static_cast<int>(v));
    }
    for (auto& zone : zones) {
        zone.cost = model.cost(zone.townships);
        zone.totals = model.totals(zone.townships);
    }
    std::sort(zones.begin(), zones.end(),
              [](const PlannedZone& a, const PlannedZone& b) { return a.townships.front() < b.townships.front(); });
    return zones;
}

double total_cost(const std::vector<PlannedZone>& zones) {
    double sum = 0;
    for (const auto& zone : zones) sum += zone.cost;
    return sum;
}

// Whether some feasible zone of `problem` (under `parameters`) contains `township`; nullopt when
// the search budget ran out first.
std::optional<bool> coverable(const ZoneProblem& problem, const ZoneCostParameters& parameters, int township) {
    ZoneCostModel model(problem, parameters);
    TownshipGraph graph(problem);
    std::vector<char> allowed(problem.townships.size(), 1);
    EnumerationLimits limits{problem.min_size, problem.max_size, true};
    std::uint64_t checks = 0;  // the enumeration asks once per 4096 sets examined
    const StopSignal budget([&checks] { return ++checks * 4096 > k_diagnosis_budget; });
    bool found = false;
    auto end = enumerate_zones_containing(township, allowed, model, graph, limits, budget,
                                          [&](std::span<const int>, const Weights&) {
                                              found = true;
                                              return false;
                                          });
    if (found) return true;
    if (end == EnumerationEnd::complete) return false;
    return std::nullopt;
}

std::vector<Relaxation> helpful_relaxations(const ZoneProblem& problem, const ZoneCostParameters& parameters,
                                            const std::vector<int>& uncovered) {
    struct Variant {
        ZoneProblem problem;
        ZoneCostParameters parameters;
        Relaxation relaxation;
    };
    std::vector<Variant> variants;
    auto add = [&](ZoneProblem p, ZoneCostParameters c, Relaxation r) {
        if (validate(p).ok()) variants.push_back({std::move(p), c, std::move(r)});
    };
    const int n = static_cast<int>(problem.townships.size());
    for (int extra = 1; extra <= 2; ++extra) {
        if (problem.max_size + extra > n) break;
        ZoneProblem p = problem;
        p.max_size += extra;
        add(p, parameters,
            {fmt::format("--max-size {}", p.max_size), fmt::format("把协作区规模上限放宽到 {}", p.max_size),
             fmt::format("allow zones of up to {} townships", p.max_size)});
    }
    if (problem.min_size > 1) {
        ZoneProblem p = problem;
        p.min_size -= 1;
        add(p, parameters,
            {fmt::format("--min-size {}", p.min_size), fmt::format("把协作区规模下限降到 {}", p.min_size),
             fmt::format("allow zones of only {} township(s)", p.min_size)});
    }
    for (int delta : {-1, +1}) {
        ZoneProblem p = problem;
        p.zones += delta;
        if (p.zones < 1) continue;
        // Fewer zones raise every target μ, so a heavy township fits; more zones lower it.
        add(p, parameters,
            {fmt::format("--zones {}", p.zones), fmt::format("改为划分 {} 个协作区", p.zones),
             fmt::format("plan {} zones instead", p.zones)});
    }
    for (double tau_hard : {1.0, 1.5}) {
        ZoneCostParameters c = parameters;
        c.tau_hard = tau_hard;
        add(problem, c,
            {fmt::format("tau_hard={}", tau_hard),
             fmt::format("把硬性均衡范围从平均值的 ±{:.0f}% 放宽到 ±{:.0f}%", parameters.tau_hard * 100,
                         tau_hard * 100),
             fmt::format("widen the hard balance band from ±{:.0f}% to ±{:.0f}% of the zone average",
                         parameters.tau_hard * 100, tau_hard * 100)});
    }
    std::vector<Relaxation> helpful;
    for (const auto& variant : variants) {
        bool all = true;
        for (int v : uncovered) {
            auto found = coverable(variant.problem, variant.parameters, v);
            if (!found.value_or(false)) {
                all = false;
                break;
            }
        }
        if (all) helpful.push_back(variant.relaxation);
    }
    return helpful;
}

// Why no feasible zone contains township v, in a sentence of each language.
std::pair<std::string, std::string> uncovered_reason(const ZoneProblem& problem, const ZoneCostModel& model, int v) {
    const auto& t = problem.townships[static_cast<std::size_t>(v)];
    const auto& w = model.weights(v);
    for (std::size_t a = 0; a < w.size(); ++a) {
        const double mu = model.targets()[a];
        const double upper = mu * (1 + model.parameters().tau_hard);
        if (mu > 0 && w[a] > upper) {
            return {
                fmt::format("{}（{}）单独的{} {:g} 已超过协作区上限 {:.4g}（平均 {:.4g} 的 {:.0f}%）", t.name, t.code,
                            k_attribute_names_zh[a], w[a], upper, mu, (1 + model.parameters().tau_hard) * 100),
                fmt::format(
                    "{} ({}): its {} alone, {:g}, exceeds the zone limit {:.4g} ({:.0f}% of the average {:.4g})",
                    t.name, t.code, k_attribute_names[a], w[a], upper, (1 + model.parameters().tau_hard) * 100, mu)};
        }
    }
    return {fmt::format("{}（{}）：没有包含它的 {}–{} 个相连乡镇的组合能使三项指标都在平均值 ±{:.0f}% 以内", t.name,
                        t.code, problem.min_size, problem.max_size, model.parameters().tau_hard * 100),
            fmt::format("{} ({}): no connected group of {}–{} townships containing it keeps staff, capacity and "
                        "caseload within ±{:.0f}% of the zone average",
                        t.name, t.code, problem.min_size, problem.max_size, model.parameters().tau_hard * 100)};
}

void explain_uncovered(const ZoneProblem& problem, const ZoneCostModel& model, const ZonePlanOptions& options,
                       ZonePlan& plan) {
    plan.status = PlanStatus::infeasible;
    plan.zones.clear();
    plan.relaxations = helpful_relaxations(problem, options.cost, plan.uncovered);
    std::vector<std::string> reasons_zh, reasons_en, codes;
    for (int v : plan.uncovered) {
        auto [zh, en] = uncovered_reason(problem, model, v);
        reasons_zh.push_back(std::move(zh));
        reasons_en.push_back(std::move(en));
        codes.push_back(problem.townships[static_cast<std::size_t>(v)].code);
    }
    std::vector<std::string> fixes_zh, fixes_en;
    for (const auto& r : plan.relaxations) {
        fixes_zh.push_back(fmt::format("{}（{}）", r.description_zh, r.option));
        fixes_en.push_back(fmt::format("{} ({})", r.description_en, r.option));
    }
    plan.message_zh = fmt::format(
        "无可行方案：以下 {} 个乡镇不能归入任何可行的协作区：{}。{}", codes.size(), fmt::join(reasons_zh, "；"),
        fixes_zh.empty() ? std::string("单项放宽规模、协作区数量或均衡范围都不足以解决，请检查数据。")
                         : fmt::format("可行的放宽办法：{}。", fmt::join(fixes_zh, "；或")));
    plan.message_en = fmt::format(
        "infeasible: {} township(s) fit in no feasible zone: {}. {}", codes.size(), fmt::join(reasons_en, "; "),
        fixes_en.empty() ? std::string("No single relaxation of sizes, zone count or band helps; check the data.")
                         : fmt::format("Relaxations that would help: {}.", fmt::join(fixes_en, "; or ")));
}

void describe_solution(const ZoneProblem& problem, ZonePlan& plan, std::string_view note_zh, std::string_view note_en) {
    const bool proven = plan.status == PlanStatus::optimal;
    plan.message_zh =
        fmt::format("{}：{} 个乡镇分为 {} 个协作区，总成本 {:.4f}{}{}", proven ? "已证明最优" : "可行方案",
                    problem.townships.size(), plan.zones.size(), plan.objective,
                    plan.bound && !proven ? fmt::format("（下界 {:.4f}）", *plan.bound) : std::string(),
                    note_zh.empty() ? std::string() : fmt::format("。{}", note_zh));
    plan.message_en = fmt::format(
        "{}: {} townships in {} zones, total cost {:.4f}{}{}",
        proven ? "proven optimal" : "feasible, not proven optimal", problem.townships.size(), plan.zones.size(),
        plan.objective, plan.bound && !proven ? fmt::format(" (lower bound {:.4f})", *plan.bound) : std::string(),
        note_en.empty() ? std::string() : fmt::format(". {}", note_en));
}

ZonePlan heuristic_plan(const ZoneProblem& problem, const ZoneCostModel& model, const TownshipGraph& graph,
                        const ZonePlanOptions& options, const StopSignal& stop, std::string_view note_zh,
                        std::string_view note_en) {
    HeuristicOptions heuristic = options.heuristic;
    heuristic.seed = options.seed;
    auto found = solve_zones_heuristic(problem, model, graph, heuristic, stop);
    ZonePlan plan;
    plan.method = "heuristic";
    if (found.feasible) {
        plan.status = PlanStatus::feasible;
        plan.zones = zones_from_assignment(model, found.zone_of, problem.zones);
        plan.objective = total_cost(plan.zones);
        describe_solution(problem, plan, note_zh, note_en);
        return plan;
    }
    // No feasible partition found: look for townships that provably fit nowhere.
    for (int v = 0; v < model.size(); ++v) {
        if (!coverable(problem, options.cost, v).value_or(true)) plan.uncovered.push_back(v);
    }
    if (!plan.uncovered.empty()) {
        explain_uncovered(problem, model, options, plan);
        return plan;
    }
    plan.status = PlanStatus::infeasible;
    plan.message_zh = fmt::format(
        "启发式算法未找到可行方案（未证明不存在）：每个乡镇都能归入某个可行协作区，但未能组合成恰好 {} 个；"
        "可尝试调整协作区数量或规模范围{}",
        problem.zones, stop.requested() ? "，或延长时限" : "");
    plan.message_en = fmt::format(
        "the heuristic found no feasible partition (infeasibility not proven): every township fits "
        "some feasible zone, but no combination of exactly {} was found; try another zone count "
        "or size bounds{}",
        problem.zones, stop.requested() ? ", or a longer time limit" : "");
    return plan;
}

}  // namespace

Result<ZonePlan> plan_zones(const ZoneProblem& problem, const ZonePlanOptions& options, const StopSignal& stop) {
    XZQ_TRY_VOID(validate(problem));
    const ZoneCostModel model(problem, options.cost);
    const TownshipGraph graph(problem);
    const int n = model.size();

    const bool small = n <= k_exact_max_townships && problem.max_size <= k_exact_max_zone_size;
    if (options.method == PlanMethod::heuristic || (options.method == PlanMethod::automatic && !small)) {
        return heuristic_plan(problem, model, graph, options, stop,
                              fmt::format("规模超出精确求解范围（≤{} 个乡镇且每区 ≤{} 个），使用启发式算法",
                                          k_exact_max_townships, k_exact_max_zone_size),
                              fmt::format("beyond the exact range (≤{} townships, zones of ≤{}): heuristic used",
                                          k_exact_max_townships, k_exact_max_zone_size));
    }

    // Exact: every feasible zone is a column.
    std::vector<PartitionColumn> columns;
    std::vector<char> covered(static_cast<std::size_t>(n), 0);
    const EnumerationLimits limits{problem.min_size, problem.max_size, true};
    auto end = enumerate_zones(model, graph, limits, stop, [&](std::span<const int> members, const Weights&) {
        if (columns.size() >= options.max_candidate_zones) return false;
        PartitionColumn column;
        column.rows.assign(members.begin(), members.end());
        std::sort(column.rows.begin(), column.rows.end());
        column.cost = model.cost(column.rows);
        for (int v : column.rows) covered[static_cast<std::size_t>(v)] = 1;
        columns.push_back(std::move(column));
        return true;
    });
    if (end == EnumerationEnd::stopped_by_visitor) {
        return heuristic_plan(
            problem, model, graph, options, stop,
            fmt::format("可行协作区超过 {} 个，未尝试精确求解，使用启发式算法", options.max_candidate_zones),
            fmt::format("more than {} feasible zones: exact model not attempted, heuristic used",
                        options.max_candidate_zones));
    }
    if (end == EnumerationEnd::stopped_by_signal) {
        return heuristic_plan(problem, model, graph, options, stop, "时限已到，精确求解未完成，使用启发式结果",
                              "time limit reached before the exact model was built: heuristic result");
    }
    ZonePlan plan;
    plan.method = "exact";
    plan.candidate_zones = columns.size();
    for (int v = 0; v < n; ++v) {
        if (!covered[static_cast<std::size_t>(v)]) plan.uncovered.push_back(v);
    }
    if (!plan.uncovered.empty()) {
        explain_uncovered(problem, model, options, plan);
        return plan;
    }

    // The heuristic's answer is CBC's first incumbent and the upper bound of its reduced-cost
    // fixing: the better it is, the fewer columns remain and the sooner optimality is proven.
    // The full budget: halving it saved ~20 ms but let a weaker bound keep enough columns to
    // make one n = 32 instance 15 times slower to prove.
    HeuristicOptions warm_options = options.heuristic;
    warm_options.seed = options.seed;
    auto warm = solve_zones_heuristic(problem, model, graph, warm_options, stop);
    std::vector<int> warm_columns;
    std::vector<PlannedZone> warm_zones;
    if (warm.feasible) {
        warm_zones = zones_from_assignment(model, warm.zone_of, problem.zones);
        std::map<std::vector<int>, int> index;
        for (std::size_t j = 0; j < columns.size(); ++j) index.emplace(columns[j].rows, static_cast<int>(j));
        for (const auto& zone : warm_zones) {
            auto found = index.find(zone.townships);
            if (found == index.end()) {  // cannot happen: every feasible zone was enumerated
                warm_columns.clear();
                break;
            }
            warm_columns.push_back(found->second);
        }
    }

    auto outcome = solve_set_partition(n, columns, problem.zones, warm_columns, stop);
    using Status = PartitionOutcome::Status;
    if (outcome.status == Status::infeasible) {
        plan.status = PlanStatus::infeasible;
        plan.message_zh = fmt::format(
            "无可行方案（已证明）：每个乡镇都能归入某个可行协作区，但无法恰好组成 {} 个互不重叠的协作区；"
            "可尝试改变协作区数量（--zones）或规模范围（--min-size/--max-size）",
            problem.zones);
        plan.message_en = fmt::format(
            "infeasible (proven): every township fits some feasible zone, but no {} disjoint "
            "feasible zones cover them all; try another --zones or wider --min-size/--max-size",
            problem.zones);
        return plan;
    }
    if (outcome.status == Status::stopped_without_solution && !warm.feasible) {
        return heuristic_plan(problem, model, graph, options, StopSignal{},
                              "时限已到，精确求解未找到方案，使用启发式结果",
                              "time limit reached before the exact solver found a plan: heuristic result");
    }
    std::vector<PlannedZone> zones;
    if (!outcome.chosen.empty()) {
        std::vector<int> zone_of(static_cast<std::size_t>(n), -1);
        for (std::size_t z = 0; z < outcome.chosen.size(); ++z) {
            for (int v : columns[static_cast<std::size_t>(outcome.chosen[z])].rows)
                zone_of[static_cast<std::size_t>(v)] = static_cast<int>(z);
        }
        zones = zones_from_assignment(model, zone_of, problem.zones);
    }
    if (zones.empty() ||
        (outcome.status != Status::optimal && warm.feasible && total_cost(warm_zones) < total_cost(zones))) {
        zones = warm_zones;
        plan.method = "heuristic";
    }
    plan.zones = std::move(zones);
    plan.objective = total_cost(plan.zones);
    if (outcome.status == Status::optimal) {
        plan.status = PlanStatus::optimal;
        plan.bound = plan.objective;
        describe_solution(problem, plan, "", "");
    } else {
        plan.status = PlanStatus::feasible;
        if (std::isfinite(outcome.bound) && outcome.bound <= plan.objective + 1e-6) plan.bound = outcome.bound;
        describe_solution(problem, plan, "时限已到，精确求解未完成", "time limit reached before optimality was proven");
    }
    return plan;
}

}  // namespace xzq::planning
