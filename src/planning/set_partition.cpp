#include "planning/set_partition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <coin/CbcEventHandler.hpp>
#include <coin/CbcModel.hpp>
#include <coin/CbcSolver.hpp>
#include <coin/CoinMessageHandler.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/OsiClpSolverInterface.hpp>
#include <string>
#include <utility>

namespace xzq::planning {

namespace {

// A lock without <mutex> (this layer creates no threads and includes no threading headers): the
// server may call planning from several request threads, and CBC must see one at a time.
std::atomic_flag g_cbc_busy = ATOMIC_FLAG_INIT;

// Lets the caller's stop signal end branch and bound at the next node.
class StopHandler final : public CbcEventHandler {
  public:
    explicit StopHandler(const StopSignal& signal) : m_stop(&signal) {}
    CbcAction event(CbcEvent /*event*/) override { return m_stop->requested() ? stop : noAction; }
    CbcEventHandler* clone() const override { return new StopHandler(*this); }

  private:
    const StopSignal* m_stop;
};

// fmt rather than "y" + std::to_string: g++ 12 -O3 emits a false -Wrestrict on the latter.
std::string column_name(std::size_t index) {
    return fmt::format("y{}", index);
}

}  // namespace

CbcGate::CbcGate() {
    while (g_cbc_busy.test_and_set(std::memory_order_acquire)) g_cbc_busy.wait(true, std::memory_order_relaxed);
}

CbcGate::~CbcGate() {
    g_cbc_busy.clear(std::memory_order_release);
    g_cbc_busy.notify_one();
}

namespace {

// Compressed columns built in one pass (CoinPackedMatrix::appendCol copies the matrix each time,
// which made 90,000 columns take two minutes).
void load(OsiClpSolverInterface& solver, int rows, std::span<const PartitionColumn> columns, std::span<const int> use,
          int k) {
    std::vector<CoinBigIndex> starts{0};
    std::vector<int> indices;
    for (int j : use) {
        const auto& column = columns[static_cast<std::size_t>(j)];
        indices.insert(indices.end(), column.rows.begin(), column.rows.end());
        indices.push_back(rows);  // the cardinality row Σ y = k
        starts.push_back(static_cast<CoinBigIndex>(indices.size()));
    }
    const std::vector<double> ones(indices.size(), 1.0);
    std::vector<double> objective, lower(use.size(), 0.0), upper(use.size(), 1.0);
    for (int j : use) objective.push_back(columns[static_cast<std::size_t>(j)].cost);
    std::vector<double> row_bound(static_cast<std::size_t>(rows) + 1, 1.0);
    row_bound.back() = k;
    solver.messageHandler()->setLogLevel(0);
    solver.loadProblem(static_cast<int>(use.size()), rows + 1, starts.data(), indices.data(), ones.data(), lower.data(),
                       upper.data(), objective.data(), row_bound.data(), row_bound.data());
}

}  // namespace

PartitionOutcome solve_set_partition(int rows, std::span<const PartitionColumn> columns, int k,
                                     std::span<const int> warm_start, const StopSignal& stop) {
    PartitionOutcome outcome;
    if (columns.empty()) {
        outcome.status = PartitionOutcome::Status::infeasible;
        return outcome;
    }
    std::vector<int> use(columns.size());
    for (std::size_t j = 0; j < use.size(); ++j) use[j] = static_cast<int>(j);

    CbcGate gate;
    double lp_bound = -COIN_DBL_MAX;
    if (!warm_start.empty()) {
        // Reduced-cost fixing against the warm start's cost U: for every integer solution x,
        // c·x ≥ LP + Σ_{x_j = 1, d_j > 0} d_j, so a column with reduced cost d_j > U − LP only
        // appears in solutions worse than the one we hold. Dropping those columns keeps every
        // solution of cost ≤ U (so the optimum) and usually leaves a few percent of them, which
        // is what brings zones of up to 8 townships within seconds.
        double upper_bound = 0;
        for (int j : warm_start) upper_bound += columns[static_cast<std::size_t>(j)].cost;
        OsiClpSolverInterface lp;
        load(lp, rows, columns, use, k);
        lp.initialSolve();
        if (lp.isProvenOptimal()) {
            lp_bound = lp.getObjValue();
            const double* reduced = lp.getReducedCost();
            const double slack = upper_bound - lp_bound + 1e-7 * std::max(1.0, std::abs(upper_bound));
            std::vector<int> kept;
            for (std::size_t j = 0; j < columns.size(); ++j) {
                if (reduced[j] <= slack) kept.push_back(static_cast<int>(j));
            }
            for (int j : warm_start) kept.push_back(j);  // already within the slack; made certain
            std::sort(kept.begin(), kept.end());
            kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
            use = std::move(kept);
        }
    }
    outcome.kept_columns = use.size();

    OsiClpSolverInterface solver;
    load(solver, rows, columns, use, k);
    for (std::size_t j = 0; j < use.size(); ++j) solver.setInteger(static_cast<int>(j));
    std::vector<int> position(columns.size(), -1);
    for (std::size_t j = 0; j < use.size(); ++j) position[static_cast<std::size_t>(use[j])] = static_cast<int>(j);
    if (!warm_start.empty()) {
        for (std::size_t j = 0; j < use.size(); ++j) solver.setColName(static_cast<int>(j), column_name(j));
    }

    CbcModel model(solver);
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    StopHandler handler(stop);
    model.passInEventHandler(&handler);
    if (!warm_start.empty()) {
        std::vector<std::pair<std::string, double>> start;
        for (int j : warm_start)
            start.emplace_back(column_name(static_cast<std::size_t>(position[static_cast<std::size_t>(j)])), 1.0);
        model.setMIPStart(start);
    }
    CbcSolverUsefulData data;
    CbcMain0(model, data);
    model.setLogLevel(0);
    // No cut generation: on these models (tens of rows, thousands of columns) CBC's default cuts
    // (probing, Gomory, clique, ...) cost ~80 ms a node and barely move the bound; without them the
    // n = 40, zones ≤ 8 instance that took 13.6 s is proven in 1.7 s, and the whole n = 8…40 sweep
    // got faster (docs/performance.md). With a warm start the primal heuristics are switched off too:
    // the incumbent is already within ~1% and proving the bound is all that is left.
    const char* with_start[] = {"xzq", "-log",   "0",    "-slog", "0", "-cutsOnOff", "off", "-heuristicsOnOff",
                                "off", "-solve", "-quit"};
    const char* without_start[] = {"xzq", "-log", "0", "-slog", "0", "-cutsOnOff", "off", "-solve", "-quit"};
    if (warm_start.empty()) {
        CbcMain1(
            static_cast<int>(std::size(without_start)), without_start, model, [](CbcModel*, int) { return 0; }, data);
    } else {
        CbcMain1(
            static_cast<int>(std::size(with_start)), with_start, model, [](CbcModel*, int) { return 0; }, data);
    }

    outcome.nodes = model.getNodeCount();
    outcome.bound = std::max(model.getBestPossibleObjValue(), lp_bound);
    const double* best = model.bestSolution();
    if (best != nullptr) {
        for (std::size_t j = 0; j < use.size(); ++j) {
            if (best[j] > 0.5) outcome.chosen.push_back(use[j]);
        }
        outcome.objective = model.getObjValue();
    }
    if (model.isProvenOptimal() && best != nullptr) {
        outcome.status = PartitionOutcome::Status::optimal;
        outcome.bound = outcome.objective;
    } else if (model.isProvenInfeasible() || (best == nullptr && model.status() == 0)) {
        outcome.status = PartitionOutcome::Status::infeasible;
        outcome.chosen.clear();
    } else {
        outcome.status = best != nullptr ? PartitionOutcome::Status::stopped_with_solution
                                         : PartitionOutcome::Status::stopped_without_solution;
    }
    return outcome;
}

}  // namespace xzq::planning
