// `xzq team suggest` driven through its argv: the documented JSON, exit codes 0 / 3 / 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.hpp"

namespace xzq::app {
namespace {

namespace fs = std::filesystem;

using Run = testing::CliRun;

Run run(std::vector<std::string> args) {
    return testing::run_planning_cli(std::move(args));
}

const std::string k_candidates =
    "id,name,township,tier,skills,can_lead,load,capacity,available,conflicts,distance_km\n"
    "p1,张三,T0,0,财务,1,0,3,1,,0\n"  // the case's own township
    "p2,李四,T1,0,财务;审计,1,1,3,1,,10\n"
    "p3,王五,T2,0,谈话,0,0,3,1,,12\n"
    "p4,赵六,T3,1,审计,0,2,3,1,subject,15\n"  // conflict with the subject
    "p5,钱七,T4,1,,0,0,2,1,,18\n"
    "p6,孙八,T5,2,取证,1,2,2,1,,30\n";  // full

class TeamSuggestCli : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("xzq_team_cli_" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        write("c.csv", k_candidates);
        write("case.json", R"({"township":"T0","required_skills":["财务","审计"],"size":3,"need_leader":true})");
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(m_dir / name) << text;
        return path(name);
    }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }
    fs::path m_dir;
};

TEST_F(TeamSuggestCli, PrintsTheDocumentedJson) {
    auto r = run({"team", "suggest", "--candidates", path("c.csv"), "--case", path("case.json"), "--json"});
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    const auto json = nlohmann::ordered_json::parse(r.out);
    std::vector<std::string> keys;
    for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
    EXPECT_EQ(keys,
              (std::vector<std::string>{"status", "team", "leader", "total_cost", "tier_used", "distance_scale_km",
                                        "eligible", "excluded", "binding", "seconds", "message"}));
    EXPECT_EQ(json["status"], "found");
    ASSERT_EQ(json["team"].size(), 3u);
    EXPECT_EQ(json["team"][0]["id"], "p2");
    EXPECT_EQ(json["leader"], "p2");
    EXPECT_TRUE(json["team"][0]["leader"].get<bool>());
    double total = 0;
    for (const auto& m : json["team"]) total += m["cost"].get<double>();
    EXPECT_NEAR(total, json["total_cost"].get<double>(), 1e-8);
    EXPECT_EQ(json["eligible"], 3);
    ASSERT_EQ(json["excluded"].size(), 3u);
    EXPECT_EQ(json["excluded"][0]["id"], "p1");
    EXPECT_EQ(json["excluded"][0]["reasons"][0], "own_township");
    EXPECT_EQ(json["excluded"][1]["reasons"][0], "conflict_subject");
    EXPECT_EQ(json["excluded"][2]["reasons"][0], "no_capacity");
    EXPECT_TRUE(json["binding"].is_null());

    auto text = run({"team", "suggest", "--candidates", path("c.csv"), "--case", path("case.json")});
    ASSERT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("★p2"), std::string::npos);
    EXPECT_NE(text.out.find("excluded"), std::string::npos);
}

TEST_F(TeamSuggestCli, InfeasibleExitsThreeAndNamesTheRequirement) {
    write("skill.json", R"({"township":"T0","required_skills":["取证"]})");
    auto r = run({"team", "suggest", "--candidates", path("c.csv"), "--case", path("skill.json"), "--json"});
    ASSERT_EQ(r.code, 3) << r.err;
    auto json = nlohmann::json::parse(r.out);
    EXPECT_EQ(json["status"], "infeasible");
    EXPECT_TRUE(json["team"].empty());
    EXPECT_TRUE(json["total_cost"].is_null());
    EXPECT_EQ(json["binding"]["requirement"], "skill");
    EXPECT_EQ(json["binding"]["skill"], "取证");
    EXPECT_EQ(json["tier_used"], 2);
    // --size overrides the case file: four eligible people do not exist.
    auto big =
        run({"team", "suggest", "--candidates", path("c.csv"), "--case", path("case.json"), "--size", "4", "--json"});
    ASSERT_EQ(big.code, 3);
    EXPECT_EQ(nlohmann::json::parse(big.out)["binding"]["requirement"], "size");
}

TEST_F(TeamSuggestCli, BadInputExitsTwo) {
    auto expect_bad = [&](const std::string& csv, const std::string& case_json, const std::string& needle) {
        SCOPED_TRACE(needle);
        auto r = run({"team", "suggest", "--candidates", write("bad.csv", csv), "--case", write("bad.json", case_json),
                      "--json"});
        EXPECT_EQ(r.code, 2);
        EXPECT_TRUE(r.out.empty());
        EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("错误"), std::string::npos);
    };
    const std::string ok_case = R"({"township":"T0"})";
    expect_bad("id,township,tier\np,T1,0\n", ok_case, "lacks column");
    expect_bad(k_candidates + "p2,X,T9,0,,1,0,3,1,,5\n", ok_case, "appears twice");
    expect_bad(k_candidates, "{", "not a JSON object");
    expect_bad(k_candidates, R"({"required_skills":["a"]})", "township");
    expect_bad(k_candidates, R"({"township":"T0","size":"three"})", "wrong type");
    expect_bad(k_candidates, R"({"township":"T0","colour":"red"})", "unknown key colour");
    expect_bad(k_candidates, R"({"township":"T0","size":7})", "outside");
    expect_bad(k_candidates, R"({"township":"T0","size":2.5})", "whole number");
    expect_bad(k_candidates, R"({"township":"T0","size":1e12})", "whole number");
    expect_bad(k_candidates, R"({"township":"T0","weights":{"load":-1}})", "non-negative");
    auto missing = run({"team", "suggest", "--candidates", path("none.csv"), "--case", path("case.json")});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("cannot read"), std::string::npos);
    EXPECT_EQ(run({"team", "suggest", "--candidates", path("c.csv")}).code, 2);  // --case required
    EXPECT_EQ(run({"team", "suggest", "--candidates", path("c.csv"), "--case", path("case.json"), "--size", "9"}).code,
              2);
}

}  // namespace
}  // namespace xzq::app
