#pragma once
// Command-line parts of the cadre pool: `xzq import people` and the demo organisation and people
// that `xzq demo` creates.
#include <functional>
#include <string>

#include "common/clock.hpp"

namespace CLI {
class App;
}

namespace xzq::app {

// Adds `people` under the `import` command:
//   xzq import people --county 410225 --file F.csv|F.xlsx [--db URL]
// When that subcommand is parsed, `action` is set to run it. `db_url` is read when the action
// runs, so a `--db` given anywhere on the line (or XZQ_DB) counts. A bad file prints the row
// report and exits 2 with nothing written.
void add_people_commands(CLI::App& import_command, std::string& db_url, std::function<int()>& action,
                         const Clock& clock);

// Creates the demo zones, units and people of 兰考县 in the database at `db_url` (divisions must
// already be imported) and prints what changed. Idempotent. Returns the exit code.
int seed_demo_people(const std::string& db_url, const Clock& clock);

}  // namespace xzq::app
