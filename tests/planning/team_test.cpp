// Team proposal (planning.md (b)): the dynamic programme equals brute force over every subset on
// thousands of random small instances, no output ever breaks a hard rule, exclusions and
// infeasibility are explained, and bad input is refused.
#include "planning/team.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "planning/random.hpp"

namespace xzq::planning {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();
const std::vector<std::string> k_skill_pool = {"财务", "审计", "谈话", "取证", "信息"};

TeamCandidate person(std::string id, std::string township, int tier, std::vector<std::string> skills, bool lead,
                     double km, int load = 0, int capacity = 3) {
    TeamCandidate c;
    c.id = std::move(id);
    c.name = "人员" + c.id;
    c.township = std::move(township);
    c.tier = tier;
    c.skills = std::move(skills);
    c.can_lead = lead;
    c.distance_km = km;
    c.load = load;
    c.capacity = capacity;
    return c;
}

bool eligible(const TeamCandidate& c, const TeamCase& k) {
    return c.township != k.township && !c.conflict_township && !c.conflict_subject && !c.conflict_reporter &&
           c.load < c.capacity && c.available;
}

bool has(const TeamCandidate& c, const std::string& skill) {
    return std::find(c.skills.begin(), c.skills.end(), skill) != c.skills.end();
}

// Every rule checked from scratch on a set of candidate indices.
bool meets_requirements(const std::vector<TeamCandidate>& cs, const TeamCase& k, const std::vector<int>& team) {
    if (static_cast<int>(team.size()) != k.size) return false;
    std::set<std::string> towns;
    bool leader = false;
    for (int i : team) {
        const auto& c = cs[static_cast<std::size_t>(i)];
        if (!eligible(c, k)) return false;
        if (k.one_per_township && !towns.insert(c.township).second) return false;
        leader = leader || c.can_lead;
    }
    if (k.need_leader && !leader) return false;
    for (const auto& s : k.required_skills) {
        if (std::none_of(team.begin(), team.end(), [&](int i) { return has(cs[static_cast<std::size_t>(i)], s); }))
            return false;
    }
    return true;
}

double mean_eligible_distance(const std::vector<TeamCandidate>& cs, const TeamCase& k) {
    double sum = 0;
    int n = 0;
    for (const auto& c : cs) {
        if (eligible(c, k)) {
            sum += c.distance_km;
            ++n;
        }
    }
    const double d = n == 0 ? 0 : sum / n;
    return d > 0 ? d : 1;
}

// Brute force over every subset: the optimum (inf when none) within tiers ≤ limit.
double brute_force(const std::vector<TeamCandidate>& cs, const TeamCase& k, int limit) {
    const double d = mean_eligible_distance(cs, k);
    const int n = static_cast<int>(cs.size());
    double best = k_inf;
    for (unsigned subset = 0; subset < (1u << n); ++subset) {
        if (std::popcount(subset) != k.size) continue;
        std::vector<int> team;
        bool within = true;
        for (int i = 0; i < n; ++i) {
            if ((subset >> i) & 1u) {
                team.push_back(i);
                within = within && cs[static_cast<std::size_t>(i)].tier <= limit;
            }
        }
        if (!within || !meets_requirements(cs, k, team)) continue;
        double cost = 0;
        for (int i : team) {
            const auto& c = cs[static_cast<std::size_t>(i)];
            int covered = 0;
            for (const auto& s : k.required_skills) covered += has(c, s) ? 1 : 0;
            cost += k.weights.distance * c.distance_km / d + k.weights.tier * c.tier - k.weights.skill * covered +
                    k.weights.load * ((c.load + 1.0) * (c.load + 1.0) - 1.0 * c.load * c.load);
        }
        best = std::min(best, cost);
    }
    return best;
}

struct Instance {
    std::vector<TeamCandidate> candidates;
    TeamCase team_case;
};

Instance random_instance(Rng& rng) {
    Instance in;
    const int towns = rng.uniform_int(1, 9);
    const int n = rng.uniform_int(1, 12);
    in.team_case.township = "T" + std::to_string(rng.uniform_int(0, towns - 1));
    std::vector<std::string> pool = k_skill_pool;
    const int required = rng.uniform_int(0, 3);
    for (int s = 0; s < required; ++s) {
        const auto pick = static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(pool.size()) - 1));
        in.team_case.required_skills.push_back(pool[pick]);
        pool.erase(pool.begin() + static_cast<long>(pick));
    }
    in.team_case.size = rng.uniform_int(2, 5);
    in.team_case.need_leader = rng.uniform01() < 0.7;
    in.team_case.one_per_township = rng.uniform01() < 0.7;
    in.team_case.staged_tiers = rng.uniform01() < 0.3;
    in.team_case.weights.distance = rng.uniform(0, 2);
    in.team_case.weights.tier = rng.uniform(0, 2);
    in.team_case.weights.skill = rng.uniform(0, 1.5);
    in.team_case.weights.load = rng.uniform(0, 0.5);
    for (int i = 0; i < n; ++i) {
        TeamCandidate c;
        c.id = "p" + std::to_string(i);
        c.township = "T" + std::to_string(rng.uniform_int(0, towns - 1));
        c.tier = rng.uniform_int(0, 2);
        for (const auto& s : k_skill_pool) {
            if (rng.uniform01() < 0.35) c.skills.push_back(s);
        }
        c.can_lead = rng.uniform01() < 0.5;
        c.capacity = rng.uniform_int(0, 5);
        c.load = rng.uniform01() < 0.8 ? rng.uniform_int(0, std::max(0, c.capacity - 1)) : rng.uniform_int(0, 5);
        c.available = rng.uniform01() < 0.9;
        c.conflict_township = rng.uniform01() < 0.05;
        c.conflict_subject = rng.uniform01() < 0.05;
        c.conflict_reporter = rng.uniform01() < 0.05;
        c.distance_km = rng.uniform01() < 0.1 ? 0 : rng.uniform(1, 60);
        in.candidates.push_back(std::move(c));
    }
    return in;
}

void expect_hard_rules(const Instance& in, const TeamProposal& p) {
    const auto& cs = in.candidates;
    std::vector<int> team;
    double total = 0;
    for (const auto& m : p.members) {
        team.push_back(m.candidate);
        total += m.cost;
        EXPECT_NEAR(m.cost,
                    team_member_cost(cs[static_cast<std::size_t>(m.candidate)], in.team_case, p.distance_scale_km),
                    1e-12);
        EXPECT_NEAR(m.cost, m.distance_term + m.tier_term + m.skill_term + m.load_term, 1e-12);
        EXPECT_FALSE(m.reason_en.empty());
        EXPECT_FALSE(m.reason_zh.empty());
    }
    EXPECT_TRUE(meets_requirements(cs, in.team_case, team));
    EXPECT_NEAR(total, p.total_cost, 1e-9);
    if (in.team_case.need_leader) {
        ASSERT_GE(p.leader, 0);
        EXPECT_TRUE(cs[static_cast<std::size_t>(p.leader)].can_lead);
        EXPECT_NE(std::find(team.begin(), team.end(), p.leader), team.end());
    }
    EXPECT_EQ(std::count_if(p.members.begin(), p.members.end(), [](const TeamMember& m) { return m.leader; }),
              p.leader >= 0 ? 1 : 0);
    int widest = 0;
    for (int i : team) widest = std::max(widest, cs[static_cast<std::size_t>(i)].tier);
    EXPECT_EQ(p.tier_used, widest);
}

TEST(TeamProperties, DynamicProgrammeEqualsBruteForceAndKeepsEveryHardRule) {
    Rng rng(20261124);
    int found = 0, infeasible = 0, staged_narrowed = 0;
    constexpr int k_instances = 10000;
    for (int trial = 0; trial < k_instances; ++trial) {
        const auto in = random_instance(rng);
        SCOPED_TRACE(::testing::Message()
                     << "trial " << trial << " n=" << in.candidates.size() << " k=" << in.team_case.size);
        auto p = propose_team(in.candidates, in.team_case);
        ASSERT_TRUE(p.ok()) << p.error().message_en;
        // Expected optimum: the first tier limit with a team when staged, all tiers otherwise.
        double expected = k_inf;
        int limit = in.team_case.staged_tiers ? 0 : 2;
        for (; limit <= 2; ++limit) {
            expected = brute_force(in.candidates, in.team_case, limit);
            if (expected < k_inf) break;
        }
        // Exclusions: exactly the ineligible candidates, each with at least one reason.
        int excluded = 0;
        for (const auto& c : in.candidates) excluded += eligible(c, in.team_case) ? 0 : 1;
        EXPECT_EQ(static_cast<int>(p->excluded.size()), excluded);
        for (const auto& e : p->excluded) {
            EXPECT_FALSE(e.reasons.empty());
            EXPECT_FALSE(eligible(in.candidates[static_cast<std::size_t>(e.candidate)], in.team_case));
        }
        if (expected == k_inf) {
            ++infeasible;
            EXPECT_FALSE(p->found);
            EXPECT_TRUE(p->members.empty());
            EXPECT_NE(p->binding, TeamBinding::none);
            EXPECT_FALSE(p->message_en.empty());
            continue;
        }
        ++found;
        if (in.team_case.staged_tiers && limit < 2) ++staged_narrowed;
        ASSERT_TRUE(p->found) << p->message_en;
        EXPECT_NEAR(p->total_cost, expected, 1e-9);
        EXPECT_LE(p->tier_used, limit);
        expect_hard_rules(in, *p);
    }
    EXPECT_GT(found, k_instances / 5);
    EXPECT_GT(infeasible, k_instances / 10);
    EXPECT_GT(staged_narrowed, 20);
    RecordProperty("found", found);
    RecordProperty("infeasible", infeasible);
}

TEST(TeamProperties, InfeasibilityExplanationsAreTrue) {
    // When the binding requirement is a relaxation, relaxing it must make a team exist; when it
    // is a missing skill or leader, no eligible candidate may have it.
    Rng rng(99);
    int checked = 0;
    for (int trial = 0; trial < 1500; ++trial) {
        auto in = random_instance(rng);
        in.team_case.staged_tiers = false;
        auto p = propose_team(in.candidates, in.team_case);
        ASSERT_TRUE(p.ok());
        if (p->found) continue;
        ++checked;
        SCOPED_TRACE(p->message_en);
        EXPECT_EQ(p->tier_used, k_tier_county);
        const auto& cs = in.candidates;
        auto relaxed = in.team_case;
        switch (p->binding) {
            case TeamBinding::skill: {
                const bool anyone = std::any_of(cs.begin(), cs.end(), [&](const TeamCandidate& c) {
                    return eligible(c, in.team_case) && has(c, p->binding_skill);
                });
                if (anyone) {  // a relaxation: dropping that skill must help
                    std::erase(relaxed.required_skills, p->binding_skill);
                    EXPECT_LT(brute_force(cs, relaxed, 2), k_inf);
                }
                EXPECT_NE(p->message_en.find(p->binding_skill), std::string::npos);
                break;
            }
            case TeamBinding::leader: {
                relaxed.need_leader = false;
                EXPECT_LT(brute_force(cs, relaxed, 2), k_inf);
                break;
            }
            case TeamBinding::one_per_township: {
                relaxed.one_per_township = false;
                EXPECT_LT(brute_force(cs, relaxed, 2), k_inf);
                break;
            }
            case TeamBinding::size: {
                const int n = static_cast<int>(std::count_if(
                    cs.begin(), cs.end(), [&](const TeamCandidate& c) { return eligible(c, in.team_case); }));
                std::set<std::string> towns;
                for (const auto& c : cs) {
                    if (eligible(c, in.team_case)) towns.insert(c.township);
                }
                const int slots = in.team_case.one_per_township ? static_cast<int>(towns.size()) : n;
                if (slots >= in.team_case.size) {  // otherwise a larger team must help
                    bool helps = false;
                    for (int size = in.team_case.size + 1; size <= 5 && !helps; ++size) {
                        relaxed.size = size;
                        helps = brute_force(cs, relaxed, 2) < k_inf;
                    }
                    EXPECT_TRUE(helps);
                }
                break;
            }
            case TeamBinding::combination:
                break;
            case TeamBinding::none:
                ADD_FAILURE() << "infeasible without a binding requirement";
                break;
        }
    }
    EXPECT_GT(checked, 200);
}

TEST(Team, ExcludesTheCaseTownshipConflictsFullAndUnavailableWithReasons) {
    std::vector<TeamCandidate> cs = {
        person("a", "T0", 0, {"财务"}, true, 5),  // the case's township
        person("b", "T1", 0, {"审计"}, true, 8),
        person("c", "T2", 0, {}, false, 9),
        person("d", "T3", 1, {"财务"}, false, 20, 3, 3),  // full
        person("e", "T4", 1, {}, false, 22),
        person("f", "T5", 2, {}, true, 30),
    };
    cs[2].conflict_subject = true;
    cs[4].available = false;
    cs[5].conflict_reporter = true;
    cs[5].conflict_township = true;
    TeamCase k;
    k.township = "T0";
    k.size = 2;
    auto p = propose_team(cs, k);
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->excluded.size(), 5u);
    EXPECT_EQ(p->excluded[0].reasons, std::vector<ExclusionReason>{ExclusionReason::own_township});
    EXPECT_EQ(p->excluded[1].reasons, std::vector<ExclusionReason>{ExclusionReason::conflict_subject});
    EXPECT_EQ(p->excluded[2].reasons, std::vector<ExclusionReason>{ExclusionReason::no_capacity});
    EXPECT_EQ(p->excluded[3].reasons, std::vector<ExclusionReason>{ExclusionReason::unavailable});
    EXPECT_EQ(p->excluded[4].reasons,
              (std::vector<ExclusionReason>{ExclusionReason::conflict_township, ExclusionReason::conflict_reporter}));
    EXPECT_NE(p->excluded[1].message_en.find("subject"), std::string::npos);
    EXPECT_NE(p->excluded[2].message_zh.find("3/3"), std::string::npos);
    // Only b is left: one person cannot make a team of two.
    EXPECT_FALSE(p->found);
    EXPECT_EQ(p->binding, TeamBinding::size);
    EXPECT_NE(p->message_en.find("2 needed, 1 eligible"), std::string::npos);
}

TEST(Team, FindsTheCheapestTeamAndExplainsEachMember) {
    std::vector<TeamCandidate> cs = {
        person("a", "T1", 0, {"财务"}, false, 10),
        person("b", "T1", 0, {"财务", "审计"}, true, 10),  // same township as a: at most one of them
        person("c", "T2", 0, {"谈话"}, false, 12),
        person("d", "T3", 2, {"审计"}, true, 40),
        person("e", "T4", 1, {}, false, 15, 4, 5),
    };
    TeamCase k;
    k.township = "T0";
    k.required_skills = {"财务", "审计"};
    k.size = 3;
    auto p = propose_team(cs, k);
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE(p->found) << p->message_en;
    std::vector<std::string> ids;
    for (const auto& m : p->members) ids.push_back(cs[static_cast<std::size_t>(m.candidate)].id);
    EXPECT_EQ(ids, (std::vector<std::string>{"b", "c", "e"}));
    EXPECT_EQ(p->leader, 1);
    EXPECT_EQ(p->tier_used, 1);
    EXPECT_NEAR(p->distance_scale_km, (10 + 10 + 12 + 40 + 15) / 5.0, 1e-12);
    EXPECT_TRUE(p->members[0].leader);
    EXPECT_NE(p->members[0].reason_en.find("team leader"), std::string::npos);
    EXPECT_NE(p->members[0].reason_zh.find("财务、审计"), std::string::npos);
    EXPECT_NE(p->members[2].reason_en.find("load 4/5"), std::string::npos);
    // Without the township rule a and b may both join.
    k.one_per_township = false;
    k.weights.tier = 5;
    auto q = propose_team(cs, k);
    ASSERT_TRUE(q.ok() && q->found);
    EXPECT_EQ(q->members[0].candidate, 0);
    EXPECT_EQ(q->members[1].candidate, 1);
}

TEST(Team, StagedTiersStayInTheZoneWhenTheyCan) {
    std::vector<TeamCandidate> cs = {person("a", "T1", 0, {}, true, 50), person("b", "T2", 0, {}, false, 50),
                                     person("c", "T3", 2, {}, true, 1), person("d", "T4", 2, {}, false, 1)};
    TeamCase k;
    k.township = "T0";
    k.size = 2;
    k.weights.tier = 0.1;
    auto cost_only = propose_team(cs, k);
    ASSERT_TRUE(cost_only.ok() && cost_only->found);
    EXPECT_EQ(cost_only->tier_used, 2);  // the county office is much closer
    k.staged_tiers = true;
    auto staged = propose_team(cs, k);
    ASSERT_TRUE(staged.ok() && staged->found);
    EXPECT_EQ(staged->tier_used, 0);
    EXPECT_EQ(staged->members[0].candidate, 0);
    EXPECT_EQ(staged->members[1].candidate, 1);
}

TEST(Team, NamesTheBindingRequirement) {
    TeamCase k;
    k.township = "T0";
    k.size = 2;
    k.required_skills = {"财务", "取证"};
    std::vector<TeamCandidate> cs = {person("a", "T1", 0, {"财务"}, true, 5), person("b", "T2", 0, {}, true, 5),
                                     person("c", "T3", 0, {}, false, 5)};
    auto p = propose_team(cs, k);  // nobody can 取证
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->binding, TeamBinding::skill);
    EXPECT_EQ(p->binding_skill, "取证");
    EXPECT_NE(p->message_zh.find("取证"), std::string::npos);
    EXPECT_EQ(p->tier_used, 2);

    k.required_skills = {};
    cs = {person("a", "T1", 0, {}, false, 5), person("b", "T2", 0, {}, false, 5)};
    p = propose_team(cs, k);  // nobody can lead
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->binding, TeamBinding::leader);
    EXPECT_NE(p->message_en.find("lead"), std::string::npos);

    cs = {person("a", "T1", 0, {}, true, 5), person("b", "T1", 0, {}, false, 5), person("c", "T0", 0, {}, false, 5)};
    p = propose_team(cs, k);  // two eligible, both from T1
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->binding, TeamBinding::size);
    EXPECT_NE(p->message_en.find("from 1 townships"), std::string::npos);

    k.required_skills = {"财务", "审计", "谈话"};
    cs = {person("a", "T1", 0, {"财务"}, true, 5), person("b", "T2", 0, {"审计"}, false, 5),
          person("c", "T3", 0, {"谈话"}, false, 5)};
    p = propose_team(cs, k);  // two people cannot cover three skills; three could
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->binding, TeamBinding::size);
    EXPECT_NE(p->message_en.find("a team of 3"), std::string::npos);

    k.required_skills = {"财务"};
    cs = {person("a", "T1", 0, {}, true, 5), person("b", "T2", 0, {"财务"}, false, 5),
          person("c", "T2", 0, {}, true, 5)};
    k.size = 2;
    p = propose_team(cs, k);  // the only 财务 person shares T2 with a leader; a + b works
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->found);
    cs[0].can_lead = false;
    p = propose_team(cs, k);  // now the leader and 财务 are both in T2
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->binding, TeamBinding::one_per_township);
    EXPECT_NE(p->message_en.find("more than one member per township"), std::string::npos);
}

TEST(Team, RefusesBadInput) {
    TeamCase k;
    k.township = "T0";
    std::vector<TeamCandidate> cs = {person("a", "T1", 0, {}, true, 5), person("b", "T2", 0, {}, true, 5)};
    auto code = [&](const std::vector<TeamCandidate>& c, const TeamCase& kk) {
        auto r = propose_team(c, kk);
        return r.ok() ? std::string("ok") : r.error().code;
    };
    EXPECT_EQ(code({}, k), "team.no_candidates");
    auto dup = cs;
    dup[1].id = "a";
    EXPECT_EQ(code(dup, k), "team.duplicate_id");
    auto tier = cs;
    tier[0].tier = 3;
    EXPECT_EQ(code(tier, k), "team.bad_tier");
    auto load = cs;
    load[0].load = -1;
    EXPECT_EQ(code(load, k), "team.bad_load");
    auto dist = cs;
    dist[0].distance_km = std::nan("");
    EXPECT_EQ(code(dist, k), "team.bad_distance");
    auto kk = k;
    kk.size = 1;
    EXPECT_EQ(code(cs, kk), "team.bad_size");
    kk.size = 6;
    EXPECT_EQ(code(cs, kk), "team.bad_size");
    kk = k;
    for (int i = 0; i < 11; ++i) kk.required_skills.push_back("s" + std::to_string(i));
    EXPECT_EQ(code(cs, kk), "team.too_many_skills");
    kk = k;
    kk.township = "";
    EXPECT_EQ(code(cs, kk), "team.no_case_township");
    kk = k;
    kk.weights.load = -1;
    EXPECT_EQ(code(cs, kk), "team.bad_weight");
}

TEST(Team, ParsesTheCandidateCsv) {
    const std::string text =
        "id,name,township,tier,skills,can_lead,load,capacity,available,conflicts,distance_km\n"
        "p1,张三,T1,0,财务;审计,是,1,3,,subject|reporter,12.5\n"
        "p2,李四,T2,2,,0,,2,no,,30\n";
    auto cs = parse_candidates_csv(text);
    ASSERT_TRUE(cs.ok()) << cs.error().message_en;
    ASSERT_EQ(cs->size(), 2u);
    const auto& a = (*cs)[0];
    EXPECT_EQ(a.skills, (std::vector<std::string>{"财务", "审计"}));
    EXPECT_TRUE(a.can_lead);
    EXPECT_TRUE(a.available);
    EXPECT_TRUE(a.conflict_subject && a.conflict_reporter && !a.conflict_township);
    EXPECT_EQ(a.load, 1);
    EXPECT_DOUBLE_EQ(a.distance_km, 12.5);
    EXPECT_FALSE((*cs)[1].available);
    EXPECT_EQ((*cs)[1].load, 0);
    EXPECT_EQ((*cs)[1].tier, 2);

    auto code = [](const std::string& t) {
        auto r = parse_candidates_csv(t);
        return r.ok() ? std::string("ok") : r.error().code;
    };
    EXPECT_EQ(code("id,township,tier,capacity\np,T,0,1\n"), "team.missing_column");
    EXPECT_EQ(code("id,township,tier,capacity,distance_km\np,T,x,1,2\n"), "team.bad_number");
    EXPECT_EQ(code("id,township,tier,capacity,distance_km\np,T,1.5,1,2\n"), "team.bad_integer");
    EXPECT_EQ(code("id,township,tier,capacity,distance_km,can_lead\np,T,1,1,2,maybe\n"), "team.bad_boolean");
    EXPECT_EQ(code("id,township,tier,capacity,distance_km,conflicts\np,T,1,1,2,cousin\n"), "team.bad_conflict");
    EXPECT_EQ(code("id,township,tier,capacity,distance_km\n,T,1,1,2\n"), "team.empty_id");
}

}  // namespace
}  // namespace xzq::planning
