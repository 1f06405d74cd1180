// `xzq rotation plan` driven through its argv: the documented JSON, exit codes 0 / 3 / 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli_runner.hpp"

namespace xzq::app {
namespace {

namespace fs = std::filesystem;

using Run = testing::CliRun;

Run run(std::vector<std::string> args) {
    return testing::run_planning_cli(std::move(args));
}

class RotationPlanCli : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("xzq_rotation_cli_" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        write("pool.csv", "code,name\nA,甲\nB,乙\nC,丙\nD,丁\nE,戊\nF,己\n");
        write("forbidden.csv", "code_a,code_b\nA,B\nC,D\n");
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(m_dir / name) << text;
        return path(name);
    }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }
    fs::path m_dir;
};

TEST_F(RotationPlanCli, PrintsTheDocumentedJson) {
    auto r = run({"rotation", "plan", "--pool", path("pool.csv"), "--rounds", "5", "--seed", "77", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto json = nlohmann::ordered_json::parse(r.out);
    std::vector<std::string> keys;
    for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
    EXPECT_EQ(keys,
              (std::vector<std::string>{"status", "rule", "method", "seed", "rounds", "failed_round", "message"}));
    EXPECT_EQ(json["status"], "planned");
    EXPECT_EQ(json["rule"], "strict");
    EXPECT_EQ(json["method"], "cyclic");
    EXPECT_EQ(json["seed"], 77);
    ASSERT_EQ(json["rounds"].size(), 5u);
    for (const auto& round : json["rounds"]) {
        ASSERT_EQ(round.size(), 6u);
        std::set<std::string> inspected;
        for (const auto& pair : round) {
            EXPECT_NE(pair["inspector"], pair["inspected"]);
            inspected.insert(pair["inspected"].get<std::string>());
        }
        EXPECT_EQ(inspected.size(), 6u);
    }
    auto again = run({"rotation", "plan", "--pool", path("pool.csv"), "--rounds", "5", "--seed", "77", "--json"});
    EXPECT_EQ(again.out, r.out);

    auto forbidden = run({"rotation", "plan", "--pool", path("pool.csv"), "--forbidden", path("forbidden.csv"),
                          "--rounds", "3", "--json"});
    ASSERT_EQ(forbidden.code, 0) << forbidden.err;
    auto fj = nlohmann::json::parse(forbidden.out);
    EXPECT_EQ(fj["method"], "search");
    EXPECT_TRUE(fj["seed"].is_number_unsigned());  // drawn at random and reported for audit
    for (const auto& round : fj["rounds"]) {
        for (const auto& pair : round) {
            const std::set<std::string> two = {pair["inspector"].get<std::string>(),
                                               pair["inspected"].get<std::string>()};
            EXPECT_NE(two, (std::set<std::string>{"A", "B"}));
            EXPECT_NE(two, (std::set<std::string>{"C", "D"}));
        }
    }
    auto text = run({"rotation", "plan", "--pool", path("pool.csv"), "--rounds", "2", "--seed", "1"});
    ASSERT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("round 2"), std::string::npos);
}

TEST_F(RotationPlanCli, SmallPoolsAreRefusedOrRelaxed) {
    auto two =
        run({"rotation", "plan", "--pool", write("two.csv", "code\nA\nB\n"), "--rounds", "2", "--seed", "1", "--json"});
    ASSERT_EQ(two.code, 3);
    auto tj = nlohmann::json::parse(two.out);
    EXPECT_EQ(tj["status"], "infeasible");
    EXPECT_EQ(tj["failed_round"], 1);
    EXPECT_NE(tj["message"].get<std::string>().find("pool of 2"), std::string::npos);
    auto four = run({"rotation", "plan", "--pool", write("four.csv", "code\nA\nB\nC\nD\n"), "--rounds", "4", "--seed",
                     "1", "--json"});
    ASSERT_EQ(four.code, 0);
    EXPECT_EQ(nlohmann::json::parse(four.out)["rule"], "ordered_pairs");
    // A three-member pool with one forbidden pair has no round at all.
    auto blocked = run({"rotation", "plan", "--pool", write("three.csv", "code\nA\nB\nC\n"), "--forbidden",
                        write("ab.csv", "code_a,code_b\nA,B\n"), "--rounds", "1", "--seed", "1", "--json"});
    ASSERT_EQ(blocked.code, 3);
    EXPECT_NE(nlohmann::json::parse(blocked.out)["message"].get<std::string>().find("round 1 cannot be drawn"),
              std::string::npos);
}

TEST_F(RotationPlanCli, BadInputExitsTwo) {
    auto expect_bad = [&](std::vector<std::string> args, const std::string& needle) {
        SCOPED_TRACE(needle);
        auto r = run(std::move(args));
        EXPECT_EQ(r.code, 2);
        EXPECT_TRUE(r.out.empty());
        EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    };
    expect_bad({"rotation", "plan", "--pool", write("dup.csv", "code\nA\nA\nB\n"), "--rounds", "1"}, "appears twice");
    expect_bad({"rotation", "plan", "--pool", write("nocode.csv", "name\nA\n"), "--rounds", "1"}, "lacks column code");
    expect_bad({"rotation", "plan", "--pool", path("pool.csv"), "--forbidden", write("f.csv", "code_a,code_b\nA,Z\n"),
                "--rounds", "1"},
               "'Z'");
    expect_bad({"rotation", "plan", "--pool", path("missing.csv"), "--rounds", "1"}, "cannot read");
    EXPECT_EQ(run({"rotation", "plan", "--pool", path("pool.csv")}).code, 2);                   // --rounds required
    EXPECT_EQ(run({"rotation", "plan", "--pool", path("pool.csv"), "--rounds", "0"}).code, 2);  // out of range
    EXPECT_EQ(run({"rotation", "plan", "--pool", path("pool.csv"), "--rounds", "2", "--seed", "x"}).code, 2);
}

}  // namespace
}  // namespace xzq::app
