#pragma once
// Set partitioning with a cardinality row, solved by CBC:
//   min Σ c_S y_S   s.t.  Σ_{S∋i} y_S = 1 for every row i,   Σ_S y_S = k,   y binary.
// CBC's driver (CbcMain) keeps global state and is not thread-safe (coin-or/Cbc#332), so every
// call goes through one process-wide gate: concurrent callers wait their turn. CBC's own
// logging is silenced; what it found is returned as values.
#include <span>
#include <vector>

#include "planning/stop_signal.hpp"

namespace xzq::planning {

// Held while CBC runs. CBC's driver is not thread-safe, so every CBC solve in the process (zone
// partitions here, team batches in team_batch.cpp) constructs one first: concurrent callers wait
// their turn. Not reentrant: a thread holding the gate must not construct another.
class CbcGate {
  public:
    CbcGate();
    ~CbcGate();
    CbcGate(const CbcGate&) = delete;
    CbcGate& operator=(const CbcGate&) = delete;
};

struct PartitionColumn {
    std::vector<int> rows;  // the elements the set covers
    double cost = 0;
};

struct PartitionOutcome {
    enum class Status {
        optimal,                   // proven
        infeasible,                // proven: no choice of k columns partitions the rows
        stopped_with_solution,     // the stop signal fired; `chosen` is the incumbent
        stopped_without_solution,  // the stop signal fired before any solution
    };
    Status status = Status::stopped_without_solution;
    std::vector<int> chosen;  // column indices, ascending
    double objective = 0;     // as CBC reports it (callers recompute from the columns)
    double bound = 0;         // best proven lower bound
    int nodes = 0;
    std::size_t kept_columns = 0;  // after reduced-cost fixing against the warm start
};

// `warm_start`: column indices of a known feasible partition (may be empty), given to CBC as
// its first incumbent so a stopped search still has an answer at least that good.
PartitionOutcome solve_set_partition(int rows, std::span<const PartitionColumn> columns, int k,
                                     std::span<const int> warm_start, const StopSignal& stop);

}  // namespace xzq::planning
