#include "app/planning_cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <fstream>
#include <ostream>
#include <sstream>

#include "planning/zone_planner.hpp"

namespace xzq::app {

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_bad_input = 2;

Result<std::string> read_file(const std::string& path, std::string_view what_zh, std::string_view what_en) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(ErrorKind::invalid_input, "zones.unreadable_file", fmt::format("无法读取{}文件 {}", what_zh, path),
                          fmt::format("cannot read the {} file {}", what_en, path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int report_error(const Error& error, std::ostream& err) {
    err << "错误: " << error.message_zh << "\nerror: " << error.message_en << "\n";
    return error.kind == ErrorKind::invalid_input ? k_exit_bad_input : k_exit_failure;
}

// A number fit for JSON: CBC and the sums are exact to ~1e-12; more digits are noise.
double tidy(double value) { return std::round(value * 1e9) / 1e9; }

nlohmann::ordered_json plan_json(const planning::ZoneProblem& problem, const planning::ZonePlan& plan, double seconds) {
    using nlohmann::ordered_json;
    ordered_json out;
    out["status"] = std::string(planning::to_string(plan.status));
    out["objective"] = plan.status == planning::PlanStatus::infeasible ? ordered_json(nullptr) : ordered_json(tidy(plan.objective));
    out["bound"] = plan.bound ? ordered_json(tidy(*plan.bound)) : ordered_json(nullptr);
    out["seconds"] = std::round(seconds * 1000) / 1000;
    ordered_json zones = ordered_json::array();
    for (const auto& zone : plan.zones) {
        ordered_json codes = ordered_json::array();
        for (int v : zone.townships) codes.push_back(problem.townships[static_cast<std::size_t>(v)].code);
        zones.push_back({{"townships", codes},
                         {"cost", tidy(zone.cost)},
                         {"staff", tidy(zone.totals[planning::k_staff])},
                         {"capacity", tidy(zone.totals[planning::k_capacity])},
                         {"caseload", tidy(zone.totals[planning::k_caseload])}});
    }
    out["zones"] = zones;
    out["message"] = plan.message_zh + "\n" + plan.message_en;
    return out;
}

void print_text(const planning::ZoneProblem& problem, const planning::ZonePlan& plan, double seconds, std::ostream& out) {
    out << plan.message_zh << "\n" << plan.message_en << "\n";
    int number = 0;
    for (const auto& zone : plan.zones) {
        std::vector<std::string> names;
        for (int v : zone.townships) {
            const auto& t = problem.townships[static_cast<std::size_t>(v)];
            names.push_back(t.name.empty() ? t.code : fmt::format("{}({})", t.name, t.code));
        }
        out << fmt::format("协作区 zone {}: {}\n    cost {:.4f}  staff {:g}  capacity {:g}  caseload {:g}\n", ++number,
                           fmt::join(names, ", "), zone.cost, zone.totals[planning::k_staff],
                           zone.totals[planning::k_capacity], zone.totals[planning::k_caseload]);
    }
    out << fmt::format("用时 time: {:.3f} s\n", seconds);
}

}  // namespace

struct PlanningCommands::Options {
    CLI::App* zones_plan = nullptr;
    std::string townships_path;
    std::string adjacency_path;
    int zones = 0;
    int min_size = 2;
    int max_size = 6;
    std::uint64_t seed = 1;
    double time_limit = 60;
    bool json = false;
};

PlanningCommands::PlanningCommands(CLI::App& cli) : m_options(std::make_unique<Options>()) {
    auto& o = *m_options;
    auto* zones = cli.add_subcommand("zones", "协作区划分 / collaboration zones");
    zones->require_subcommand(1);
    o.zones_plan = zones->add_subcommand("plan", "计算协作区划分方案 / plan the division of townships into zones");
    auto* plan = o.zones_plan;
    plan->add_option("--townships", o.townships_path, "乡镇表 / townships CSV: code,name,lon,lat,staff,capacity,caseload")
        ->required();
    plan->add_option("--adjacency", o.adjacency_path, "相邻表 / adjacency CSV: code_a,code_b (zones must be connected)");
    plan->add_option("--zones", o.zones, "协作区数量 / number of zones")->required();
    plan->add_option("--min-size", o.min_size, "每区最少乡镇数 / fewest townships per zone")->capture_default_str();
    plan->add_option("--max-size", o.max_size, "每区最多乡镇数 / most townships per zone")->capture_default_str();
    plan->add_option("--seed", o.seed, "随机种子（可复现）/ random seed, for reproducible runs")->capture_default_str();
    plan->add_option("--time-limit", o.time_limit, "时限（秒）/ time limit in seconds")
        ->check(CLI::Range(0.001, 86400.0))
        ->capture_default_str();
    plan->add_flag("--json", o.json, "输出 JSON / print JSON");
}

PlanningCommands::~PlanningCommands() = default;

std::optional<int> PlanningCommands::run(std::ostream& out, std::ostream& err) const {
    const auto& o = *m_options;
    if (!o.zones_plan->parsed()) return std::nullopt;
    const auto start = std::chrono::steady_clock::now();

    planning::ZoneProblem problem;
    auto townships_text = read_file(o.townships_path, "乡镇表", "townships");
    if (!townships_text) return report_error(townships_text.error(), err);
    auto townships = planning::parse_townships_csv(*townships_text);
    if (!townships) return report_error(townships.error(), err);
    problem.townships = std::move(*townships);
    if (!o.adjacency_path.empty()) {
        auto adjacency_text = read_file(o.adjacency_path, "相邻表", "adjacency");
        if (!adjacency_text) return report_error(adjacency_text.error(), err);
        auto adjacency = planning::parse_adjacency_csv(*adjacency_text, problem.townships);
        if (!adjacency) return report_error(adjacency.error(), err);
        problem.has_adjacency = true;
        problem.adjacency = std::move(*adjacency);
    }
    problem.zones = o.zones;
    problem.min_size = o.min_size;
    problem.max_size = o.max_size;

    planning::ZonePlanOptions options;
    options.seed = o.seed;
    const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(o.time_limit));
    const planning::StopSignal stop([deadline] { return std::chrono::steady_clock::now() >= deadline; });
    auto plan = planning::plan_zones(problem, options, stop);
    if (!plan) return report_error(plan.error(), err);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (o.json) {
        out << plan_json(problem, *plan, seconds).dump() << "\n";
    } else {
        print_text(problem, *plan, seconds, out);
    }
    return plan->status == planning::PlanStatus::infeasible ? k_exit_infeasible : k_exit_ok;
}

}  // namespace xzq::app
