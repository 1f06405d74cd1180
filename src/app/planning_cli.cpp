#include "app/planning_cli.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <vector>

#include "planning/rotation.hpp"
#include "planning/team.hpp"
#include "planning/team_batch.hpp"
#include "planning/zone_planner.hpp"

namespace xzq::app {

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_bad_input = 2;

Result<std::string> read_file(const std::string& path, std::string_view what_zh, std::string_view what_en) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(ErrorKind::invalid_input, "zones.unreadable_file",
                          fmt::format("无法读取{}文件 {}", what_zh, path),
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
double tidy(double value) {
    return std::round(value * 1e9) / 1e9;
}

nlohmann::ordered_json plan_json(const planning::ZoneProblem& problem, const planning::ZonePlan& plan, double seconds) {
    using nlohmann::ordered_json;
    ordered_json out;
    out["status"] = std::string(planning::to_string(plan.status));
    out["objective"] =
        plan.status == planning::PlanStatus::infeasible ? ordered_json(nullptr) : ordered_json(tidy(plan.objective));
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

void print_text(const planning::ZoneProblem& problem, const planning::ZonePlan& plan, double seconds,
                std::ostream& out) {
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

// One case object of `xzq team suggest` (docs/planning.md): every key but "township" optional; in
// a batch file also "id" (required there). `where_zh/en` names the object in messages.
Result<planning::TeamCase> parse_case_object(const nlohmann::json& json, bool in_batch, std::string* id,
                                             std::string_view where_zh, std::string_view where_en) {
    auto bad = [&](std::string zh, std::string en) {
        return make_error(ErrorKind::invalid_input, "team.bad_case", fmt::format("{}无效：{}", where_zh, zh),
                          fmt::format("bad {}: {}", where_en, en));
    };
    if (!json.is_object()) return bad("不是 JSON 对象", "not a JSON object");
    static const std::set<std::string> known = {"township",         "required_skills", "size",   "need_leader",
                                                "one_per_township", "staged_tiers",    "weights"};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()) && !(in_batch && it.key() == "id"))
            return bad(fmt::format("未知字段 {}", it.key()), fmt::format("unknown key {}", it.key()));
    }
    if (in_batch) {
        if (!json.contains("id") || !json["id"].is_string() || json["id"].get<std::string>().empty()) {
            return bad("缺少字符串字段 id", "the string key id is missing");
        }
        *id = json["id"].get<std::string>();
    }
    planning::TeamCase c;
    try {
        if (!json.contains("township") || !json["township"].is_string()) {
            return bad("缺少字符串字段 township", "the string key township is missing");
        }
        c.township = json["township"].get<std::string>();
        if (json.contains("required_skills"))
            c.required_skills = json["required_skills"].get<std::vector<std::string>>();
        if (json.contains("size")) {
            const auto& size = json["size"];
            if (!size.is_number_integer() || size.get<long long>() < 0 || size.get<long long>() > 1000) {
                return bad("size 必须是整数", "wrong type: size must be a whole number");
            }
            c.size = size.get<int>();
        }
        if (json.contains("need_leader")) c.need_leader = json["need_leader"].get<bool>();
        if (json.contains("one_per_township")) c.one_per_township = json["one_per_township"].get<bool>();
        if (json.contains("staged_tiers")) c.staged_tiers = json["staged_tiers"].get<bool>();
        if (json.contains("weights")) {
            const auto& w = json["weights"];
            if (!w.is_object()) return bad("weights 必须是对象", "weights must be an object");
            static const std::set<std::string> known_weights = {"distance", "tier", "skill", "load",
                                                                "distance_scale_km"};
            for (auto it = w.begin(); it != w.end(); ++it) {
                if (!known_weights.contains(it.key())) {
                    return bad(fmt::format("未知权重 {}", it.key()), fmt::format("unknown weight {}", it.key()));
                }
                if (!it->is_number())
                    return bad(fmt::format("权重 {} 不是数字", it.key()),
                               fmt::format("weight {} is not a number", it.key()));
            }
            c.weights.distance = w.value("distance", c.weights.distance);
            c.weights.tier = w.value("tier", c.weights.tier);
            c.weights.skill = w.value("skill", c.weights.skill);
            c.weights.load = w.value("load", c.weights.load);
            c.weights.distance_scale_km = w.value("distance_scale_km", c.weights.distance_scale_km);
        }
    } catch (const nlohmann::json::exception& e) {
        return bad("字段类型错误", std::string("wrong type: ") + e.what());
    }
    return c;
}

// The case file of `xzq team suggest --case`.
Result<planning::TeamCase> parse_case_json(const std::string& text) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded()) {
        return make_error(ErrorKind::invalid_input, "team.bad_case", "案件文件无效：不是 JSON 对象",
                          "bad case file: not a JSON object");
    }
    return parse_case_object(json, false, nullptr, "案件文件", "case file");
}

// The batch file of `xzq team suggest --batch`: {"one_team_per_person":true,"cases":[{"id":…,…}]}.
struct BatchFile {
    planning::TeamBatchOptions options;
    std::vector<std::pair<std::string, planning::TeamCase>> cases;
};

Result<BatchFile> parse_batch_json(const std::string& text) {
    auto bad = [](std::string zh, std::string en) {
        return make_error(ErrorKind::invalid_input, "team.bad_batch", "批量文件无效：" + std::move(zh),
                          "bad batch file: " + std::move(en));
    };
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return bad("不是 JSON 对象", "not a JSON object");
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() != "cases" && it.key() != "one_team_per_person")
            return bad(fmt::format("未知字段 {}", it.key()), fmt::format("unknown key {}", it.key()));
    }
    BatchFile out;
    if (json.contains("one_team_per_person")) {
        if (!json["one_team_per_person"].is_boolean())
            return bad("one_team_per_person 必须是 true 或 false", "one_team_per_person must be true or false");
        out.options.one_team_per_person = json["one_team_per_person"].get<bool>();
    }
    if (!json.contains("cases") || !json["cases"].is_array() || json["cases"].empty())
        return bad("缺少非空数组 cases", "the non-empty array cases is missing");
    std::size_t number = 0;
    for (const auto& item : json["cases"]) {
        ++number;
        std::string id;
        XZQ_TRY(auto team_case, parse_case_object(item, true, &id, fmt::format("批量文件第 {} 个案件", number),
                                                  fmt::format("case {} of the batch file", number)));
        out.cases.emplace_back(std::move(id), std::move(team_case));
    }
    return out;
}

nlohmann::ordered_json team_json(const std::vector<planning::TeamCandidate>& cs, const planning::TeamProposal& p,
                                 double seconds) {
    using nlohmann::ordered_json;
    auto id = [&](int i) { return cs[static_cast<std::size_t>(i)].id; };
    ordered_json out;
    out["status"] = p.found ? "found" : "infeasible";
    ordered_json team = ordered_json::array();
    for (const auto& m : p.members) {
        const auto& c = cs[static_cast<std::size_t>(m.candidate)];
        team.push_back({{"id", c.id},
                        {"name", c.name},
                        {"township", c.township},
                        {"tier", c.tier},
                        {"leader", m.leader},
                        {"distance_km", tidy(c.distance_km)},
                        {"skills_covered", m.skills_covered},
                        {"load", c.load},
                        {"capacity", c.capacity},
                        {"cost", tidy(m.cost)},
                        {"cost_terms",
                         {{"distance", tidy(m.distance_term)},
                          {"tier", tidy(m.tier_term)},
                          {"skill", tidy(m.skill_term)},
                          {"load", tidy(m.load_term)}}},
                        {"reason", m.reason_zh + "\n" + m.reason_en}});
    }
    out["team"] = team;
    out["leader"] = p.leader >= 0 ? ordered_json(id(p.leader)) : ordered_json(nullptr);
    out["total_cost"] = p.found ? ordered_json(tidy(p.total_cost)) : ordered_json(nullptr);
    out["tier_used"] = p.tier_used;
    out["distance_scale_km"] = tidy(p.distance_scale_km);
    out["eligible"] = p.eligible;
    ordered_json excluded = ordered_json::array();
    for (const auto& e : p.excluded) {
        ordered_json reasons = ordered_json::array();
        for (auto r : e.reasons) reasons.push_back(std::string(planning::to_string(r)));
        excluded.push_back(
            {{"id", id(e.candidate)}, {"reasons", reasons}, {"message", e.message_zh + "\n" + e.message_en}});
    }
    out["excluded"] = excluded;
    if (p.found) {
        out["binding"] = nullptr;
    } else {
        out["binding"] = {{"requirement", std::string(planning::to_string(p.binding))},
                          {"skill", p.binding_skill.empty() ? ordered_json(nullptr) : ordered_json(p.binding_skill)}};
    }
    out["seconds"] = std::round(seconds * 1e6) / 1e6;
    out["message"] = p.message_zh + "\n" + p.message_en;
    return out;
}

nlohmann::ordered_json batch_json(const std::vector<planning::TeamBatchCase>& batch,
                                  const planning::TeamBatchOptions& options, const planning::TeamBatchResult& r,
                                  double seconds) {
    using nlohmann::ordered_json;
    ordered_json out;
    out["status"] = std::string(planning::to_string(r.status));
    out["staffed"] = r.staffed;
    out["cases_total"] = batch.size();
    out["total_cost"] = tidy(r.total_cost);
    out["bound"] = r.bound ? ordered_json(tidy(*r.bound)) : ordered_json(nullptr);
    out["one_team_per_person"] = options.one_team_per_person;
    out["stage_limits_lifted"] = r.stage_limits_lifted;
    ordered_json cases = ordered_json::array();
    for (std::size_t c = 0; c < batch.size(); ++c) {
        const auto& res = r.cases[c];
        const auto& cs = batch[c].candidates;
        auto single = team_json(cs, res.proposal, 0);
        ordered_json item;
        item["id"] = res.id;
        item["status"] = std::string(planning::to_string(res.status));
        for (const char* key :
             {"team", "leader", "total_cost", "tier_used", "distance_scale_km", "eligible", "excluded"}) {
            item[key] = single[key];
        }
        if (res.status == planning::BatchCaseStatus::crowded_out) {
            item["binding"] = {
                {"requirement", options.one_team_per_person ? "batch_one_team_per_person" : "batch_capacity"},
                {"skill", nullptr}};
        } else {
            item["binding"] = single["binding"];
        }
        item["alone_cost"] = res.alone_cost ? ordered_json(tidy(*res.alone_cost)) : ordered_json(nullptr);
        ordered_json alone = ordered_json::array();
        for (std::size_t m = 0; m < res.alone_team.size(); ++m) {
            ordered_json member = {{"id", cs[static_cast<std::size_t>(res.alone_team[m])].id}};
            if (res.status == planning::BatchCaseStatus::crowded_out) member["taken_by"] = res.taken_by[m];
            alone.push_back(member);
        }
        item["alone_team"] = alone;
        item["message"] = single["message"];
        cases.push_back(item);
    }
    out["cases"] = cases;
    ordered_json people = ordered_json::array();
    for (const auto& p : r.people) {
        people.push_back({{"id", p.id},
                          {"name", p.name},
                          {"township", p.township},
                          {"load", p.load},
                          {"capacity", p.capacity},
                          {"cases", p.cases}});
    }
    out["people"] = people;
    out["seconds"] = std::round(seconds * 1e6) / 1e6;
    out["message"] = r.message_zh + "\n" + r.message_en;
    return out;
}

void print_batch_text(const std::vector<planning::TeamBatchCase>& batch, const planning::TeamBatchResult& r,
                      std::ostream& out) {
    out << r.message_zh << "\n" << r.message_en << "\n";
    for (std::size_t c = 0; c < batch.size(); ++c) {
        const auto& res = r.cases[c];
        const auto& cs = batch[c].candidates;
        out << fmt::format("案件 case {} [{}]\n  {}\n  {}\n", res.id, planning::to_string(res.status),
                           res.proposal.message_zh, res.proposal.message_en);
        for (const auto& m : res.proposal.members) {
            const auto& cand = cs[static_cast<std::size_t>(m.candidate)];
            out << fmt::format("  {}{} {}: {}\n      {}\n", m.leader ? "★" : " ", cand.id, cand.name, m.reason_zh,
                               m.reason_en);
        }
    }
}

void print_team_text(const std::vector<planning::TeamCandidate>& cs, const planning::TeamProposal& p,
                     std::ostream& out) {
    out << p.message_zh << "\n" << p.message_en << "\n";
    for (const auto& m : p.members) {
        const auto& c = cs[static_cast<std::size_t>(m.candidate)];
        out << fmt::format("  {}{} {}: {}\n      {}\n", m.leader ? "★" : " ", c.id, c.name, m.reason_zh, m.reason_en);
    }
    if (!p.excluded.empty()) out << "排除 excluded:\n";
    for (const auto& e : p.excluded) out << "  " << e.message_zh << "\n    " << e.message_en << "\n";
}

nlohmann::ordered_json rotation_json(const planning::RotationProblem& problem, const planning::RotationPlan& plan) {
    using nlohmann::ordered_json;
    ordered_json out;
    out["status"] = std::string(planning::to_string(plan.status));
    out["rule"] = std::string(planning::to_string(plan.rule));
    out["method"] = std::string(planning::to_string(plan.method));
    out["seed"] = plan.seed;
    ordered_json rounds = ordered_json::array();
    for (const auto& round : plan.rounds) {
        ordered_json pairs = ordered_json::array();
        for (std::size_t i = 0; i < round.size(); ++i) {
            pairs.push_back(
                {{"inspector", problem.pool[i]}, {"inspected", problem.pool[static_cast<std::size_t>(round[i])]}});
        }
        rounds.push_back(pairs);
    }
    out["rounds"] = rounds;
    out["failed_round"] = plan.failed_round >= 0 ? ordered_json(plan.failed_round + 1) : ordered_json(nullptr);
    out["message"] = plan.message_zh + "\n" + plan.message_en;
    return out;
}

void print_rotation_text(const planning::RotationProblem& problem, const planning::RotationPlan& plan,
                         std::ostream& out) {
    out << plan.message_zh << "\n" << plan.message_en << "\n";
    for (std::size_t r = 0; r < plan.rounds.size(); ++r) {
        out << fmt::format("第 {} 轮 round {}:\n", r + 1, r + 1);
        for (std::size_t i = 0; i < plan.rounds[r].size(); ++i) {
            out << fmt::format("  {} → {}\n", problem.pool[i],
                               problem.pool[static_cast<std::size_t>(plan.rounds[r][i])]);
        }
    }
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

    CLI::App* team_suggest = nullptr;
    std::string candidates_path;
    std::string case_path;
    int team_size = 0;  // 0: the case file's size (default 3)
    std::string batch_path;
    double team_time_limit = 60;
    bool team_json = false;

    CLI::App* rotation_plan = nullptr;
    std::string pool_path;
    std::string forbidden_path;
    int rounds = 0;
    std::optional<std::uint64_t> rotation_seed;
    bool rotation_json = false;
};

PlanningCommands::PlanningCommands(CLI::App& cli) : m_options(std::make_unique<Options>()) {
    auto& o = *m_options;
    auto* zones = cli.add_subcommand("zones", "协作区划分 / collaboration zones");
    zones->require_subcommand(1);
    o.zones_plan = zones->add_subcommand("plan", "计算协作区划分方案 / plan the division of townships into zones");
    auto* plan = o.zones_plan;
    plan->add_option("--townships", o.townships_path,
                     "乡镇表 / townships CSV: code,name,lon,lat,staff,capacity,caseload")
        ->required();
    plan->add_option("--adjacency", o.adjacency_path,
                     "相邻表 / adjacency CSV: code_a,code_b (zones must be connected)");
    plan->add_option("--zones", o.zones, "协作区数量 / number of zones")->required();
    plan->add_option("--min-size", o.min_size, "每区最少乡镇数 / fewest townships per zone")->capture_default_str();
    plan->add_option("--max-size", o.max_size, "每区最多乡镇数 / most townships per zone")->capture_default_str();
    plan->add_option("--seed", o.seed, "随机种子（可复现）/ random seed, for reproducible runs")->capture_default_str();
    plan->add_option("--time-limit", o.time_limit, "时限（秒）/ time limit in seconds")
        ->check(CLI::Range(0.001, 86400.0))
        ->capture_default_str();
    plan->add_flag("--json", o.json, "输出 JSON / print JSON");

    auto* team = cli.add_subcommand("team", "异地办案组 / investigator teams");
    team->require_subcommand(1);
    o.team_suggest = team->add_subcommand("suggest", "为一个案件推荐最优办案组 / propose the best team for one case");
    auto* suggest = o.team_suggest;
    suggest
        ->add_option("--candidates", o.candidates_path,
                     "候选人表 / candidates CSV: "
                     "id,name,township,tier,skills,can_lead,load,capacity,available,conflicts,distance_km")
        ->required();
    auto* case_option = suggest->add_option("--case", o.case_path,
                                            "案件 JSON / case JSON: township, required_skills, size, need_leader, ...");
    auto* batch_option = suggest->add_option(
        "--batch", o.batch_path,
        "批量 JSON（多个案件一并求解，候选人表需有 case 列）/ batch JSON: several cases solved together "
        "(the candidates CSV then needs a case column)");
    case_option->excludes(batch_option);
    batch_option->excludes(case_option);
    auto* size_option = suggest
                            ->add_option("--size", o.team_size,
                                         "办案组人数（2–5，覆盖案件文件）/ team size 2..5, overrides the case file")
                            ->check(CLI::Range(planning::k_team_min_size, planning::k_team_max_size));
    size_option->excludes(batch_option);
    suggest->add_option("--time-limit", o.team_time_limit, "批量求解时限（秒）/ time limit for a batch, in seconds")
        ->check(CLI::Range(0.001, 86400.0))
        ->capture_default_str()
        ->needs(batch_option);
    suggest->add_flag("--json", o.team_json, "输出 JSON / print JSON");

    auto* rotation = cli.add_subcommand("rotation", "交叉互查轮次 / cross-inspection rounds");
    rotation->require_subcommand(1);
    o.rotation_plan = rotation->add_subcommand("plan", "排出交叉互查轮次 / plan cross-inspection rounds");
    auto* rplan = o.rotation_plan;
    rplan->add_option("--pool", o.pool_path, "互查名单 / pool CSV: code[,name]")->required();
    rplan->add_option("--forbidden", o.forbidden_path, "禁止配对 / forbidden pairs CSV: code_a,code_b");
    rplan->add_option("--rounds", o.rounds, "轮数 / number of rounds")->required()->check(CLI::Range(1, 1000));
    rplan->add_option("--seed", o.rotation_seed,
                      "随机种子（留存备查；缺省时随机生成）/ seed, kept for audit (random when omitted)");
    rplan->add_flag("--json", o.rotation_json, "输出 JSON / print JSON");
}

PlanningCommands::~PlanningCommands() = default;

std::optional<int> PlanningCommands::run(std::ostream& out, std::ostream& err) const {
    const auto& o = *m_options;
    if (o.team_suggest->parsed()) return run_team_suggest(out, err);
    if (o.rotation_plan->parsed()) return run_rotation_plan(out, err);
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

int PlanningCommands::run_team_suggest(std::ostream& out, std::ostream& err) const {
    const auto& o = *m_options;
    if (!o.batch_path.empty()) return run_team_batch(out, err);
    if (o.case_path.empty()) {
        return report_error(make_error(ErrorKind::invalid_input, "team.no_case", "需要 --case 或 --batch",
                                       "--case or --batch is required"),
                            err);
    }
    const auto start = std::chrono::steady_clock::now();
    auto candidates_text = read_file(o.candidates_path, "候选人表", "candidates");
    if (!candidates_text) return report_error(candidates_text.error(), err);
    auto candidates = planning::parse_candidates_csv(*candidates_text);
    if (!candidates) return report_error(candidates.error(), err);
    auto case_text = read_file(o.case_path, "案件", "case");
    if (!case_text) return report_error(case_text.error(), err);
    auto team_case = parse_case_json(*case_text);
    if (!team_case) return report_error(team_case.error(), err);
    if (o.team_size != 0) team_case->size = o.team_size;
    auto proposal = planning::propose_team(*candidates, *team_case);
    if (!proposal) return report_error(proposal.error(), err);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (o.team_json) {
        out << team_json(*candidates, *proposal, seconds).dump() << "\n";
    } else {
        print_team_text(*candidates, *proposal, out);
    }
    return proposal->found ? k_exit_ok : k_exit_infeasible;
}

int PlanningCommands::run_team_batch(std::ostream& out, std::ostream& err) const {
    const auto& o = *m_options;
    const auto start = std::chrono::steady_clock::now();
    auto candidates_text = read_file(o.candidates_path, "候选人表", "candidates");
    if (!candidates_text) return report_error(candidates_text.error(), err);
    auto rows = planning::parse_batch_candidates_csv(*candidates_text);
    if (!rows) return report_error(rows.error(), err);
    auto batch_text = read_file(o.batch_path, "批量", "batch");
    if (!batch_text) return report_error(batch_text.error(), err);
    auto file = parse_batch_json(*batch_text);
    if (!file) return report_error(file.error(), err);
    std::vector<planning::TeamBatchCase> batch;
    std::map<std::string, std::size_t> index;
    for (auto& [id, team_case] : file->cases) {
        index.emplace(id, batch.size());
        batch.push_back({id, std::move(team_case), {}});
    }
    for (auto& [case_id, candidate] : *rows) {
        auto it = index.find(case_id);
        if (it == index.end()) {
            return report_error(make_error(ErrorKind::invalid_input, "team_batch.unknown_case",
                                           fmt::format("候选人表中的案件 {} 不在批量文件中", case_id),
                                           fmt::format("the candidates CSV names case {}, which is not in the "
                                                       "batch file",
                                                       case_id)),
                                err);
        }
        batch[it->second].candidates.push_back(std::move(candidate));
    }
    const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(o.team_time_limit));
    const planning::StopSignal stop([deadline] { return std::chrono::steady_clock::now() >= deadline; });
    auto result = planning::propose_teams(batch, file->options, stop);
    if (!result) return report_error(result.error(), err);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (o.team_json) {
        out << batch_json(batch, file->options, *result, seconds).dump() << "\n";
    } else {
        print_batch_text(batch, *result, out);
    }
    return result->staffed == static_cast<int>(batch.size()) ? k_exit_ok : k_exit_infeasible;
}

int PlanningCommands::run_rotation_plan(std::ostream& out, std::ostream& err) const {
    const auto& o = *m_options;
    planning::RotationProblem problem;
    auto pool_text = read_file(o.pool_path, "互查名单", "pool");
    if (!pool_text) return report_error(pool_text.error(), err);
    auto pool = planning::parse_pool_csv(*pool_text);
    if (!pool) return report_error(pool.error(), err);
    problem.pool = std::move(*pool);
    if (!o.forbidden_path.empty()) {
        auto forbidden_text = read_file(o.forbidden_path, "禁止配对", "forbidden pairs");
        if (!forbidden_text) return report_error(forbidden_text.error(), err);
        auto forbidden = planning::parse_forbidden_csv(*forbidden_text, problem.pool);
        if (!forbidden) return report_error(forbidden.error(), err);
        problem.forbidden = std::move(*forbidden);
    }
    problem.rounds = o.rounds;
    if (o.rotation_seed) {
        problem.seed = *o.rotation_seed;
    } else {  // nobody can predict the rounds; the seed printed lets an auditor reproduce them
        std::random_device device;
        problem.seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    }
    auto plan = planning::plan_rotation(problem);
    if (!plan) return report_error(plan.error(), err);
    if (o.rotation_json) {
        out << rotation_json(problem, *plan).dump() << "\n";
    } else {
        print_rotation_text(problem, *plan, out);
    }
    return plan->status == planning::RotationStatus::planned ? k_exit_ok : k_exit_infeasible;
}

}  // namespace xzq::app
