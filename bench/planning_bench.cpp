// Google Benchmark micro-benchmarks of the planning algorithms (issue 6 "Benchmarks"):
//   BM_ExactZones/n/max/i      exact zone partition of a generated county, n = 8…40, zones of at
//                              most 6 (k = n/4) or 8 (k = n/5); i = 0…5, odd i clustered, seed
//                              n·1000 + (max = 8 ? 10 : 0) + i
//   BM_HeuristicGolden/i       the heuristic alone on frozen-suite instance i, with its gap to the
//                              stored proven optimum (counter gap_pct)
//   BM_TeamSingle              propose_team (the exact DP) for one case among 200 cadres
//   BM_TeamBatch/cases/people/one_team   propose_teams (the CBC batch MIP)
// Counters: optimal (1 when proven), objective, gap_pct, staffed, variables, nodes.
// Run e.g. `planning_bench --benchmark_filter=Team` or `--benchmark_filter='ExactZones/n:40'`.
// No benchmark::DoNotOptimize on doubles: with Debian's libbenchmark 1.7.1 and g++ 12 at -O3 it
// corrupted the value it was given (objectives read back as 0 or −1617); the solves have side
// effects the compiler cannot drop anyway.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv.hpp"
#include "planning/instance_generator.hpp"
#include "planning/team.hpp"
#include "planning/team_batch.hpp"
#include "planning/zone_planner.hpp"

namespace {

using namespace xzq::planning;

xzq::planning::InstanceSpec sweep_spec(int n, int max_size, int i) {
    InstanceSpec spec;
    spec.townships = n;
    spec.max_size = max_size;
    spec.zones = max_size == 8 ? std::max(2, n / 5) : std::max(2, n / 4);
    spec.clustered = i % 2 == 1;
    spec.seed = static_cast<std::uint64_t>(n) * 1000 + (max_size == 8 ? 10 : 0) + static_cast<std::uint64_t>(i);
    return spec;
}

void BM_ExactZones(benchmark::State& state) {
    const auto problem = generate_instance(sweep_spec(
        static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), static_cast<int>(state.range(2))));
    ZonePlanOptions options;
    options.method = PlanMethod::exact;
    ZonePlan plan;
    for (auto _ : state) {
        auto result = plan_zones(problem, options);
        if (!result) {
            state.SkipWithError(result.error().message_en.c_str());
            return;
        }
        plan = std::move(*result);
        benchmark::ClobberMemory();
    }
    state.counters["optimal"] = plan.status == PlanStatus::optimal ? 1 : 0;
    state.counters["objective"] = plan.objective;
    state.counters["columns"] = static_cast<double>(plan.candidate_zones);
}
BENCHMARK(BM_ExactZones)
    ->ArgsProduct({{8, 16, 24, 32, 40}, {6, 8}, {0, 1, 2, 3, 4, 5}})
    ->ArgNames({"n", "max", "i"})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.05);

struct Golden {
    std::string name;
    ZoneProblem problem;
    double objective = 0;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const std::vector<Golden>& golden_suite() {
    static const std::vector<Golden> suite = [] {
        std::vector<Golden> out;
        const std::string dir = XZQ_PLANNING_GOLDEN_DIR;
        auto index = xzq::csv::parse(slurp(dir + "/golden.csv"));
        if (!index) return out;
        for (const auto& row : index->rows) {
            Golden g;
            g.name = row[0];
            auto townships = parse_townships_csv(slurp(dir + "/" + g.name + ".townships.csv"));
            if (!townships) continue;
            g.problem.townships = std::move(*townships);
            const std::string adjacency = slurp(dir + "/" + g.name + ".adjacency.csv");
            if (!adjacency.empty()) {
                auto pairs = parse_adjacency_csv(adjacency, g.problem.townships);
                if (!pairs) continue;
                g.problem.has_adjacency = true;
                g.problem.adjacency = std::move(*pairs);
            }
            g.problem.zones = std::stoi(row[1]);
            g.problem.min_size = std::stoi(row[2]);
            g.problem.max_size = std::stoi(row[3]);
            g.objective = std::stod(row[4]);
            out.push_back(std::move(g));
        }
        return out;
    }();
    return suite;
}

void BM_HeuristicGolden(benchmark::State& state) {
    const auto& suite = golden_suite();
    const auto index = static_cast<std::size_t>(state.range(0));
    if (index >= suite.size()) {
        state.SkipWithError("no such frozen instance (tests/planning/golden)");
        return;
    }
    const auto& g = suite[index];
    state.SetLabel(g.name);
    ZonePlanOptions options;
    options.method = PlanMethod::heuristic;
    double objective = 0;
    for (auto _ : state) {
        auto plan = plan_zones(g.problem, options);
        if (!plan || plan->status == PlanStatus::infeasible) {
            state.SkipWithError("the heuristic found no plan");
            return;
        }
        objective = plan->objective;
        benchmark::ClobberMemory();
    }
    state.counters["objective"] = objective;
    state.counters["gap_pct"] = 100 * (objective - g.objective) / g.objective;
}
BENCHMARK(BM_HeuristicGolden)->DenseRange(0, 24)->ArgName("i")->Unit(benchmark::kMillisecond)->MinTime(0.05);

void BM_TeamSingle(benchmark::State& state) {
    TeamBatchSpec spec;
    spec.cases = 1;
    spec.people = static_cast<int>(state.range(0));
    spec.seed = 1;
    const auto batch = generate_team_batch(spec);
    bool found = false;
    for (auto _ : state) {
        auto proposal = propose_team(batch[0].candidates, batch[0].team_case);
        found = proposal && proposal->found;
        benchmark::ClobberMemory();
    }
    state.counters["staffed"] = found ? 1 : 0;
}
BENCHMARK(BM_TeamSingle)->Arg(200)->ArgName("people")->Unit(benchmark::kMicrosecond);

void BM_TeamBatch(benchmark::State& state) {
    TeamBatchSpec spec;
    spec.cases = static_cast<int>(state.range(0));
    spec.people = static_cast<int>(state.range(1));
    spec.seed = static_cast<unsigned long long>(state.range(3));
    TeamBatchOptions options;
    options.one_team_per_person = state.range(2) == 1;
    const auto batch = generate_team_batch(spec);
    TeamBatchResult result;
    for (auto _ : state) {
        auto r = propose_teams(batch, options);
        if (!r) {
            state.SkipWithError(r.error().message_en.c_str());
            return;
        }
        result = std::move(*r);
        benchmark::ClobberMemory();
    }
    state.counters["optimal"] = result.status == BatchStatus::optimal ? 1 : 0;
    state.counters["staffed"] = result.staffed;
    state.counters["variables"] = result.variables;
    state.counters["nodes"] = result.nodes;
}
BENCHMARK(BM_TeamBatch)
    ->ArgNames({"cases", "people", "one_team", "seed"})
    ->ArgsProduct({{1}, {200}, {1}, {1, 2, 3}})
    ->ArgsProduct({{12}, {200}, {0, 1}, {1, 2, 3}})
    ->ArgsProduct({{60}, {200}, {0, 1}, {1, 2, 3}})
    ->ArgsProduct({{60}, {400}, {1}, {1, 2, 3}})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.1);

}  // namespace

BENCHMARK_MAIN();
