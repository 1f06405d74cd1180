// `xzq zones plan` driven through its argv, as other tools will drive it: JSON shape, exit codes
// 0 / 3 / 2, and a clear message for every kind of bad input.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.hpp"
#include "planning/instance_generator.hpp"

namespace xzq::app {
namespace {

namespace fs = std::filesystem;

using Run = testing::CliRun;

Run run(std::vector<std::string> args) {
    return testing::run_planning_cli(std::move(args));
}

class ZonesPlanCli : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("xzq_planning_cli_" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        planning::InstanceSpec spec;
        spec.townships = 16;
        spec.zones = 4;
        spec.seed = 8;
        m_problem = planning::generate_instance(spec);
        write("t.csv", planning::townships_to_csv(m_problem.townships));
        write("a.csv", planning::adjacency_to_csv(m_problem));
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(m_dir / name) << text;
        return path(name);
    }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }

    fs::path m_dir;
    planning::ZoneProblem m_problem;
};

TEST_F(ZonesPlanCli, PrintsTheDocumentedJsonForAnOptimalPlan) {
    auto r =
        run({"zones", "plan", "--townships", path("t.csv"), "--adjacency", path("a.csv"), "--zones", "4", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto json = nlohmann::json::parse(r.out);
    EXPECT_EQ(json["status"], "optimal");
    EXPECT_TRUE(json["objective"].is_number());
    EXPECT_EQ(json["bound"], json["objective"]);
    EXPECT_TRUE(json["seconds"].is_number());
    EXPECT_TRUE(json["message"].is_string());
    ASSERT_EQ(json["zones"].size(), 4u);
    std::set<std::string> codes;
    double total = 0;
    for (const auto& zone : json["zones"]) {
        for (const auto& code : zone["townships"]) codes.insert(code.get<std::string>());
        total += zone["cost"].get<double>();
        EXPECT_TRUE(zone["staff"].is_number());
        EXPECT_TRUE(zone["capacity"].is_number());
        EXPECT_TRUE(zone["caseload"].is_number());
    }
    EXPECT_EQ(codes.size(), 16u);
    EXPECT_NEAR(total, json["objective"].get<double>(), 1e-6);
    // Keys in the documented order.
    std::vector<std::string> keys;
    const auto ordered = nlohmann::ordered_json::parse(r.out);
    for (auto it = ordered.begin(); it != ordered.end(); ++it) keys.push_back(it.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"status", "objective", "bound", "seconds", "zones", "message"}));
}

TEST_F(ZonesPlanCli, SameSeedSameAnswerAndTextOutputWithoutJson) {
    auto a = run({"zones", "plan", "--townships", path("t.csv"), "--zones", "4", "--seed", "5", "--json"});
    auto b = run({"zones", "plan", "--townships", path("t.csv"), "--zones", "4", "--seed", "5", "--json"});
    ASSERT_EQ(a.code, 0);
    EXPECT_EQ(nlohmann::json::parse(a.out)["zones"], nlohmann::json::parse(b.out)["zones"]);
    auto text = run({"zones", "plan", "--townships", path("t.csv"), "--zones", "4"});
    ASSERT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("zone 1"), std::string::npos);
}

TEST_F(ZonesPlanCli, InfeasibleExitsThreeAndNamesTheTownship) {
    auto townships = m_problem.townships;
    townships[3].weights[planning::k_staff] = 1000;
    write("heavy.csv", planning::townships_to_csv(townships));
    auto r = run(
        {"zones", "plan", "--townships", path("heavy.csv"), "--adjacency", path("a.csv"), "--zones", "4", "--json"});
    ASSERT_EQ(r.code, 3) << r.err;
    auto json = nlohmann::json::parse(r.out);
    EXPECT_EQ(json["status"], "infeasible");
    EXPECT_TRUE(json["objective"].is_null());
    EXPECT_TRUE(json["zones"].empty());
    EXPECT_NE(json["message"].get<std::string>().find(townships[3].code), std::string::npos);
}

TEST_F(ZonesPlanCli, BadInputExitsTwoWithAMessage) {
    const std::string header = "code,name,lon,lat,staff,capacity,caseload\n";
    struct Case {
        std::string what;
        std::string townships;
        std::string adjacency;
        std::string zones;
        std::string expect;  // in the English message
    };
    const std::vector<Case> cases = {
        {"duplicate", header + "a,A,114,34,1,1,1\na,B,114.1,34,1,1,1\n", "", "1", "appears twice"},
        {"unknown", header + "a,A,114,34,1,1,1\nb,B,114.1,34,1,1,1\n", "code_a,code_b\na,zz\n", "1", "'zz'"},
        {"disconnected", header + "a,A,114,34,1,1,1\nb,B,114.1,34,1,1,1\nc,C,114.2,34,1,1,1\nd,D,114.3,34,1,1,1\n",
         "code_a,code_b\na,b\nc,d\n", "2", "disconnected"},
        {"too many zones", header + "a,A,114,34,1,1,1\nb,B,114.1,34,1,1,1\n", "", "3", "only 2 townships"},
        {"sizes", header + "a,A,114,34,1,1,1\nb,B,114.1,34,1,1,1\nc,C,114.2,34,1,1,1\n", "", "2", "cannot form"},
        {"not a number", header + "a,A,114,34,one,1,1\n", "", "1", "not a number"},
        {"negative", header + "a,A,114,34,1,-1,1\nb,B,114.1,34,1,1,1\n", "", "1", "non-negative"},
        {"longitude", header + "a,A,190,34,1,1,1\nb,B,114.1,34,1,1,1\n", "", "1", "outside"},
        {"latitude", header + "a,A,114,-91,1,1,1\nb,B,114.1,34,1,1,1\n", "", "1", "outside"},
        {"missing column", "code,name,lon,lat\na,A,114,34\n", "", "1", "lacks column"},
        {"malformed", header + "a,\"A,114,34,1,1,1\n", "", "1", "malformed"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        std::vector<std::string> args = {"zones",   "plan",  "--townships", write("bad.csv", c.townships),
                                         "--zones", c.zones, "--json"};
        if (!c.adjacency.empty()) {
            args.push_back("--adjacency");
            args.push_back(write("bad_a.csv", c.adjacency));
        }
        auto r = run(args);
        EXPECT_EQ(r.code, 2);
        EXPECT_TRUE(r.out.empty());
        EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("错误"), std::string::npos);
    }
    auto missing = run({"zones", "plan", "--townships", path("nope.csv"), "--zones", "2", "--json"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("cannot read"), std::string::npos);
    EXPECT_EQ(run({"zones", "plan", "--townships", path("t.csv"), "--json"}).code, 2);  // --zones required
    EXPECT_EQ(run({"zones", "plan", "--townships", path("t.csv"), "--zones", "x"}).code, 2);
    EXPECT_EQ(run({"zones", "plan", "--townships", path("t.csv"), "--zones", "4", "--time-limit", "-1"}).code, 2);
}

TEST_F(ZonesPlanCli, ATinyTimeLimitStillGivesAValidAnswer) {
    planning::InstanceSpec spec;
    spec.townships = 40;
    spec.zones = 10;
    spec.seed = 12;
    auto p = planning::generate_instance(spec);
    write("t40.csv", planning::townships_to_csv(p.townships));
    write("a40.csv", planning::adjacency_to_csv(p));
    auto r = run({"zones", "plan", "--townships", path("t40.csv"), "--adjacency", path("a40.csv"), "--zones", "10",
                  "--time-limit", "0.001", "--json"});
    ASSERT_EQ(r.code, 0) << r.err << r.out;
    auto json = nlohmann::json::parse(r.out);
    EXPECT_EQ(json["status"], "feasible");
    EXPECT_EQ(json["zones"].size(), 10u);
}

}  // namespace
}  // namespace xzq::app
