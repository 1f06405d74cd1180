#pragma once
// The planning commands of the `xzq` command line (issue 6):
//   xzq zones plan --townships T.csv [--adjacency A.csv] --zones K [--min-size 2] [--max-size 6]
//                  [--seed N] [--time-limit SECONDS] [--json]
//   xzq team suggest --candidates C.csv --case CASE.json [--size K] [--json]
//   xzq team suggest --candidates C.csv --batch BATCH.json [--time-limit SECONDS] [--json]
//   xzq rotation plan --pool P.csv [--forbidden F.csv] --rounds N [--seed S] [--json]
// PlanningCommands registers them on the application's CLI11 parser; after parsing, run()
// executes the one that was chosen. It reads the files, turns the time limit into the planning
// layer's stop signal and prints the result (JSON for other tools, text for people).
// Exit codes: 0 optimal, feasible or a team found (for a batch: every case staffed); 3 infeasible
// (a batch: some case without a team); 2 bad input; 1 unexpected failure.
#include <iosfwd>
#include <memory>
#include <optional>

namespace CLI {
class App;
}

namespace xzq::app {

inline constexpr int k_exit_infeasible = 3;

class PlanningCommands {
  public:
    explicit PlanningCommands(CLI::App& cli);
    ~PlanningCommands();
    PlanningCommands(const PlanningCommands&) = delete;  // CLI11 holds pointers into m_options
    PlanningCommands& operator=(const PlanningCommands&) = delete;

    // The exit code of the planning command that was parsed, or nullopt if none was.
    [[nodiscard]] std::optional<int> run(std::ostream& out, std::ostream& err) const;

  private:
    int run_team_suggest(std::ostream& out, std::ostream& err) const;
    int run_team_batch(std::ostream& out, std::ostream& err) const;
    int run_rotation_plan(std::ostream& out, std::ostream& err) const;

    struct Options;
    std::unique_ptr<Options> m_options;
};

}  // namespace xzq::app
