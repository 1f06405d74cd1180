// `xzq team suggest --batch` driven through its argv: the documented JSON, exit codes 0 / 3 / 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace xzq::app {
namespace {

namespace fs = std::filesystem;

using Run = testing::CliRun;

Run run(std::vector<std::string> args) {
    return testing::run_planning_cli(std::move(args));
}

// Two cases in township T0 and T5 that both want p2 (the only 审计 holder); one team per person.
const std::string k_rows =
    "case,id,name,township,tier,skills,can_lead,load,capacity,available,conflicts,distance_km\n"
    "C1,p1,张三,T0,0,财务,1,0,3,1,,0\n"  // C1's own township
    "C1,p2,李四,T1,0,财务;审计,1,1,3,1,,10\n"
    "C1,p3,王五,T2,0,谈话,0,0,3,1,,12\n"
    "C1,p4,赵六,T3,1,,1,0,3,1,,15\n"
    "C2,p1,张三,T0,1,财务,1,0,3,1,,20\n"
    "C2,p2,李四,T1,1,财务;审计,1,1,3,1,,25\n"
    "C2,p3,王五,T2,0,谈话,0,0,3,1,reporter,8\n"  // conflict in C2 only
    "C2,p4,赵六,T3,0,,1,0,3,1,,9\n";

class TeamBatchCli : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("xzq_team_batch_cli_" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        write("rows.csv", k_rows);
        write("batch.json", R"({"cases":[{"id":"C1","township":"T0","required_skills":["审计"],"size":2},)"
                            R"({"id":"C2","township":"T5","required_skills":["财务"],"size":2}]})");
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(m_dir / name) << text;
        return path(name);
    }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }
    fs::path m_dir;
};

TEST_F(TeamBatchCli, PrintsTheDocumentedJson) {
    auto r = run({"team", "suggest", "--candidates", path("rows.csv"), "--batch", path("batch.json"), "--json"});
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    const auto json = nlohmann::ordered_json::parse(r.out);
    std::vector<std::string> keys;
    for (auto it = json.begin(); it != json.end(); ++it) keys.push_back(it.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"status", "staffed", "cases_total", "total_cost", "bound",
                                              "one_team_per_person", "stage_limits_lifted", "cases", "people",
                                              "seconds", "message"}));
    EXPECT_EQ(json["status"], "optimal");
    EXPECT_EQ(json["staffed"], 2);
    ASSERT_EQ(json["cases"].size(), 2u);
    const auto& c1 = json["cases"][0];
    std::vector<std::string> case_keys;
    for (auto it = c1.begin(); it != c1.end(); ++it) case_keys.push_back(it.key());
    EXPECT_EQ(case_keys, (std::vector<std::string>{"id", "status", "team", "leader", "total_cost", "tier_used",
                                                   "distance_scale_km", "eligible", "excluded", "binding", "alone_cost",
                                                   "alone_team", "message"}));
    EXPECT_EQ(c1["id"], "C1");
    EXPECT_EQ(c1["status"], "staffed");
    EXPECT_EQ(c1["team"][0]["id"], "p2");  // the only 审计 holder
    EXPECT_EQ(c1["excluded"][0]["reasons"][0], "own_township");
    const auto& c2 = json["cases"][1];
    EXPECT_EQ(c2["excluded"][0]["id"], "p3");
    EXPECT_EQ(c2["excluded"][0]["reasons"][0], "conflict_reporter");
    for (const auto& m : c2["team"]) EXPECT_NE(m["id"], "p2");  // p2 is on C1's team
    double total = 0;
    for (const auto& c : json["cases"]) total += c["total_cost"].get<double>();
    EXPECT_NEAR(total, json["total_cost"].get<double>(), 1e-8);
    EXPECT_NEAR(json["bound"].get<double>(), json["total_cost"].get<double>(), 1e-8);
    std::set<std::string> people;
    for (const auto& p : json["people"]) {
        EXPECT_EQ(p["cases"].size(), 1u);
        people.insert(p["id"].get<std::string>());
    }
    EXPECT_EQ(people.size(), 4u);

    auto text = run({"team", "suggest", "--candidates", path("rows.csv"), "--batch", path("batch.json")});
    ASSERT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("case C2 [staffed]"), std::string::npos) << text.out;
}

TEST_F(TeamBatchCli, ACaseLeftWithoutATeamExitsThreeAndSaysWhy) {
    // Both cases need 审计 now: only one can have p2.
    write("both.json", R"({"cases":[{"id":"C1","township":"T0","required_skills":["审计"],"size":2},)"
                       R"({"id":"C2","township":"T5","required_skills":["审计"],"size":2}]})");
    auto r = run({"team", "suggest", "--candidates", path("rows.csv"), "--batch", path("both.json"), "--json"});
    ASSERT_EQ(r.code, 3) << r.err << r.out;
    auto json = nlohmann::json::parse(r.out);
    EXPECT_EQ(json["status"], "optimal");
    EXPECT_EQ(json["staffed"], 1);
    int crowded = 0;
    for (const auto& c : json["cases"]) {
        if (c["status"] != "crowded_out") continue;
        ++crowded;
        EXPECT_TRUE(c["team"].empty());
        EXPECT_EQ(c["binding"]["requirement"], "batch_one_team_per_person");
        bool named = false;
        for (const auto& m : c["alone_team"]) named = named || (m["id"] == "p2" && m["taken_by"].size() == 1);
        EXPECT_TRUE(named) << c.dump();
    }
    EXPECT_EQ(crowded, 1);
    // With several teams per person (within capacity), p2 serves both.
    write("shared.json", R"({"one_team_per_person":false,"cases":[)"
                         R"({"id":"C1","township":"T0","required_skills":["审计"],"size":2},)"
                         R"({"id":"C2","township":"T5","required_skills":["审计"],"size":2}]})");
    auto shared = run({"team", "suggest", "--candidates", path("rows.csv"), "--batch", path("shared.json"), "--json"});
    ASSERT_EQ(shared.code, 0) << shared.err << shared.out;
    auto s = nlohmann::json::parse(shared.out);
    EXPECT_EQ(s["staffed"], 2);
    EXPECT_FALSE(s["one_team_per_person"].get<bool>());
    // An infeasible case keeps the single-case explanation.
    write("skill.json", R"({"cases":[{"id":"C1","township":"T0","required_skills":["取证"],"size":2}]})");
    auto skill = run({"team", "suggest", "--candidates", path("rows.csv"), "--batch", path("skill.json"), "--json"});
    // The rows of C2 name a case the file does not have.
    EXPECT_EQ(skill.code, 2);
    EXPECT_NE(skill.err.find("case C2"), std::string::npos);
    write("c1.csv", k_rows.substr(0, k_rows.find("C2,")));
    skill = run({"team", "suggest", "--candidates", path("c1.csv"), "--batch", path("skill.json"), "--json"});
    ASSERT_EQ(skill.code, 3) << skill.err;
    auto k = nlohmann::json::parse(skill.out);
    EXPECT_EQ(k["cases"][0]["status"], "infeasible");
    EXPECT_EQ(k["cases"][0]["binding"]["requirement"], "skill");
    EXPECT_EQ(k["cases"][0]["binding"]["skill"], "取证");
}

TEST_F(TeamBatchCli, BadInputExitsTwo) {
    auto expect_bad = [&](const std::string& csv, const std::string& batch, const std::string& needle) {
        SCOPED_TRACE(needle);
        auto r = run(
            {"team", "suggest", "--candidates", write("bad.csv", csv), "--batch", write("bad.json", batch), "--json"});
        EXPECT_EQ(r.code, 2);
        EXPECT_TRUE(r.out.empty());
        EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    };
    const std::string one = R"({"cases":[{"id":"C1","township":"T0"}]})";
    const std::string c1_rows = k_rows.substr(0, k_rows.find("C2,"));
    expect_bad("id,township,tier,capacity,distance_km\np1,T1,0,3,1\n", one, "column case");
    expect_bad(c1_rows, "[]", "not a JSON object");
    expect_bad(c1_rows, R"({"cases":[]})", "cases");
    expect_bad(c1_rows, R"({"cases":[{"township":"T0"}]})", "id");
    expect_bad(c1_rows, R"({"cases":[{"id":"C1","township":"T0","colour":1}]})", "unknown key colour");
    expect_bad(c1_rows, R"({"cases":[{"id":"C1","township":"T0"}],"extra":1})", "unknown key extra");
    expect_bad(c1_rows, R"({"one_team_per_person":"yes","cases":[{"id":"C1","township":"T0"}]})", "true or false");
    expect_bad(c1_rows, R"({"cases":[{"id":"C1","township":"T0"},{"id":"C1","township":"T1"}]})", "appears twice");
    expect_bad(c1_rows, R"({"cases":[{"id":"C1","township":"T0"},{"id":"C9","township":"T1"}]})",
               "case C9: the candidate list is empty");
    expect_bad(c1_rows + "C1,p2,李四,T1,0,财务;审计,1,1,3,1,,10\n", one, "appears twice for case C1");
    expect_bad(k_rows.substr(0, k_rows.find("C2,p2")) + "C2,p2,李四,T1,1,财务;审计,1,2,3,1,,25\n",
               R"({"cases":[{"id":"C1","township":"T0"},{"id":"C2","township":"T5"}]})", "different load");
    expect_bad(c1_rows, R"({"cases":[{"id":"C1","township":"T0","size":9}]})", "case C1: team size 9");
    // --case and --batch exclude each other; --size and --time-limit belong to one mode each.
    EXPECT_EQ(run({"team", "suggest", "--candidates", path("rows.csv"), "--batch", path("batch.json"), "--case",
                   path("batch.json")})
                  .code,
              2);
    EXPECT_EQ(
        run({"team", "suggest", "--candidates", path("rows.csv"), "--batch", path("batch.json"), "--size", "3"}).code,
        2);
    EXPECT_EQ(
        run({"team", "suggest", "--candidates", path("rows.csv"), "--case", path("batch.json"), "--time-limit", "5"})
            .code,
        2);
}

}  // namespace
}  // namespace xzq::app
