#pragma once
// Drives the planning subcommands through argv as `xzq` would, capturing exit code and output.
#include <CLI/CLI.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "app/planning_cli.hpp"

namespace xzq::app::testing {

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
};

inline CliRun run_planning_cli(std::vector<std::string> args) {
    CLI::App cli{"xzq", "xzq"};
    cli.require_subcommand(1);
    PlanningCommands planning(cli);
    args.insert(args.begin(), "xzq");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    CliRun result;
    try {
        cli.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError& error) {
        result.code = 2;  // what run_cli returns for a parse error
        result.err = error.what();
        return result;
    }
    std::ostringstream out, err;
    result.code = planning.run(out, err).value_or(-1);
    result.out = out.str();
    result.err = err.str();
    return result;
}

}  // namespace xzq::app::testing
