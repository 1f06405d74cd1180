#pragma once
// The `xzq` command line: builds the services for one subcommand, runs it, stops them.
namespace xzq::app {

// Exit codes: 0 success, 1 a runtime failure (database down, drain timeout), 2 bad input.
int run_cli(int argc, char** argv);

}  // namespace xzq::app
