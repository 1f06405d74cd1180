// Team proposal for a batch of cases (planning.md (b), "MIP for a batch"): a batch of one equals the
// single-case programme; small batches equal brute force over every combination of teams, under
// the documented lexicographic rule (most cases staffed, then least cost; staged tiers lifted only
// when they stop the batch); no output breaks a hard rule; explanations are true; bad input is
// refused; CBC is entered by one thread at a time.
#include "planning/team_batch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include "planning/instance_generator.hpp"
#include "planning/random.hpp"
#include "planning/zone_planner.hpp"

namespace xzq::planning {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();
const std::vector<std::string> k_skill_pool = {"财务", "审计", "谈话", "取证"};

bool eligible(const TeamCandidate& c, const TeamCase& k) {
    return c.township != k.township && !c.conflict_township && !c.conflict_subject && !c.conflict_reporter &&
           c.load < c.capacity && c.available;
}

bool has(const TeamCandidate& c, const std::string& skill) {
    return std::find(c.skills.begin(), c.skills.end(), skill) != c.skills.end();
}

// Every single-case rule, from scratch, on candidate indices of one case.
bool meets_requirements(const std::vector<TeamCandidate>& cs, const TeamCase& k, const std::vector<int>& team,
                        int tier_limit = k_tier_county) {
    if (static_cast<int>(team.size()) != k.size) return false;
    std::set<std::string> towns;
    bool leader = false;
    for (int i : team) {
        const auto& c = cs[static_cast<std::size_t>(i)];
        if (!eligible(c, k) || c.tier > tier_limit) return false;
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

double scale(const std::vector<TeamCandidate>& cs, const TeamCase& k) {
    if (k.weights.distance_scale_km > 0) return k.weights.distance_scale_km;
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

// Cost of a member without the load term.
double static_cost(const TeamCandidate& c, const TeamCase& k, double d) {
    int covered = 0;
    for (const auto& s : k.required_skills) covered += has(c, s) ? 1 : 0;
    return k.weights.distance * c.distance_km / d + k.weights.tier * c.tier - k.weights.skill * covered;
}

double increment(double lambda, int load, int a) {  // the a-th team (a ≥ 1)
    const double before = load + a - 1.0;
    return lambda * ((before + 1) * (before + 1) - before * before);
}

struct Expected {
    int staffed = 0;
    double cost = k_inf;
    bool lifted = false;
    std::vector<char> staffable;
};

// Brute force of the documented semantics over every combination of teams.
Expected brute_force(const std::vector<TeamBatchCase>& batch, const TeamBatchOptions& options) {
    const std::size_t n = batch.size();
    const double lambda = batch.front().team_case.weights.load;
    std::map<std::string, int> person_of;
    std::vector<int> room, load;
    for (const auto& k : batch) {
        for (const auto& c : k.candidates) {
            if (person_of.emplace(c.id, static_cast<int>(room.size())).second) {
                room.push_back(options.one_team_per_person ? 1 : std::max(1, c.capacity - c.load));
                load.push_back(c.load);
            }
        }
    }
    // Per case: every team within a tier limit, with its static cost and its people.
    struct Team {
        std::vector<int> people;
        double cost = 0;
    };
    auto teams_of = [&](std::size_t c, int limit) {
        const auto& k = batch[c];
        const auto& cs = k.candidates;
        const double d = scale(cs, k.team_case);
        std::vector<Team> teams;
        const auto m = static_cast<unsigned>(cs.size());
        for (unsigned subset = 0; subset < (1u << m); ++subset) {
            if (std::popcount(subset) != k.team_case.size) continue;
            std::vector<int> team;
            for (unsigned i = 0; i < m; ++i) {
                if ((subset >> i) & 1u) team.push_back(static_cast<int>(i));
            }
            if (!meets_requirements(cs, k.team_case, team, limit)) continue;
            Team t;
            for (int i : team) {
                t.people.push_back(person_of.at(cs[static_cast<std::size_t>(i)].id));
                t.cost += static_cost(cs[static_cast<std::size_t>(i)], k.team_case, d);
            }
            teams.push_back(std::move(t));
        }
        return teams;
    };
    Expected out;
    std::vector<int> limit(n, k_tier_county);
    bool any_limit = false;
    for (std::size_t c = 0; c < n; ++c) {
        int first = k_tier_county + 1;
        for (int l = 0; l <= k_tier_county; ++l) {
            if (!teams_of(c, l).empty()) {
                first = l;
                break;
            }
        }
        out.staffable.push_back(first <= k_tier_county ? 1 : 0);
        if (batch[c].team_case.staged_tiers && first < k_tier_county) {
            limit[c] = first;
            any_limit = true;
        }
    }
    const int staffable = static_cast<int>(std::count(out.staffable.begin(), out.staffable.end(), 1));
    // Best (most staffed, then least cost) with or without skipping.
    auto search = [&](bool limited, bool allow_skip) {
        std::vector<std::vector<Team>> options_of(n);
        for (std::size_t c = 0; c < n; ++c) {
            if (out.staffable[c]) options_of[c] = teams_of(c, limited ? limit[c] : k_tier_county);
        }
        std::vector<int> count(room.size(), 0);
        int best_staffed = -1;
        double best_cost = k_inf;
        auto dfs = [&](auto&& self, std::size_t c, int staffed, double cost) -> void {
            if (c == n) {
                if (staffed > best_staffed || (staffed == best_staffed && cost < best_cost)) {
                    best_staffed = staffed;
                    best_cost = cost;
                }
                return;
            }
            if (!out.staffable[c]) return self(self, c + 1, staffed, cost);
            for (const auto& t : options_of[c]) {
                bool fits = true;
                double extra = 0;
                for (int p : t.people) {
                    const auto up = static_cast<std::size_t>(p);
                    if (count[up] >= room[up]) fits = false;
                    extra += increment(lambda, load[up], count[up] + 1);
                }
                if (!fits) continue;
                for (int p : t.people) ++count[static_cast<std::size_t>(p)];
                self(self, c + 1, staffed + 1, cost + t.cost + extra);
                for (int p : t.people) --count[static_cast<std::size_t>(p)];
            }
            if (allow_skip) self(self, c + 1, staffed, cost);
        };
        dfs(dfs, 0, 0, 0.0);
        return std::pair{best_staffed, best_cost};
    };
    for (bool limited : {true, false}) {
        if (limited && !any_limit) continue;
        auto [staffed, cost] = search(limited, false);
        if (staffed == staffable) {
            out.staffed = staffed;
            out.cost = staffable == 0 ? 0 : cost;
            out.lifted = any_limit && !limited;
            return out;
        }
    }
    auto [staffed, cost] = search(false, true);
    out.staffed = staffed;
    out.cost = cost;
    out.lifted = any_limit;
    return out;
}

// Every rule of the batch, from scratch: per-case rules, per-person room, recomputed costs.
void expect_valid(const std::vector<TeamBatchCase>& batch, const TeamBatchOptions& options, const TeamBatchResult& r) {
    ASSERT_EQ(r.cases.size(), batch.size());
    const double lambda = batch.front().team_case.weights.load;
    std::map<std::string, int> teams;
    double total = 0;
    int staffed = 0;
    for (std::size_t c = 0; c < batch.size(); ++c) {
        const auto& k = batch[c];
        const auto& res = r.cases[c];
        EXPECT_EQ(res.id, k.id);
        // Exclusions: exactly the ineligible candidates.
        std::size_t excluded = 0;
        for (const auto& cand : k.candidates) excluded += eligible(cand, k.team_case) ? 0 : 1;
        EXPECT_EQ(res.proposal.excluded.size(), excluded);
        if (res.status != BatchCaseStatus::staffed) {
            EXPECT_FALSE(res.proposal.found);
            EXPECT_TRUE(res.proposal.members.empty());
            EXPECT_FALSE(res.proposal.message_en.empty());
            continue;
        }
        ++staffed;
        const auto& p = res.proposal;
        EXPECT_TRUE(p.found);
        std::vector<int> team;
        double case_total = 0;
        const double d = scale(k.candidates, k.team_case);
        EXPECT_NEAR(p.distance_scale_km, d, 1e-12);
        for (const auto& m : p.members) {
            team.push_back(m.candidate);
            const auto& cand = k.candidates[static_cast<std::size_t>(m.candidate)];
            const int ordinal = ++teams[cand.id];
            EXPECT_NEAR(m.cost, static_cost(cand, k.team_case, d) + increment(lambda, cand.load, ordinal), 1e-9);
            EXPECT_NEAR(m.cost, m.distance_term + m.tier_term + m.skill_term + m.load_term, 1e-12);
            EXPECT_FALSE(m.reason_zh.empty());
            case_total += m.cost;
        }
        EXPECT_TRUE(meets_requirements(k.candidates, k.team_case, team)) << k.id;
        EXPECT_NEAR(case_total, p.total_cost, 1e-9);
        if (k.team_case.need_leader) {
            ASSERT_GE(p.leader, 0);
            EXPECT_TRUE(k.candidates[static_cast<std::size_t>(p.leader)].can_lead);
        }
        total += case_total;
    }
    EXPECT_EQ(staffed, r.staffed);
    EXPECT_NEAR(total, r.total_cost, 1e-9);
    // Per person: within the batch's room.
    for (const auto& [id, count] : teams) {
        for (const auto& k : batch) {
            for (const auto& cand : k.candidates) {
                if (cand.id != id) continue;
                if (options.one_team_per_person) {
                    EXPECT_EQ(count, 1) << id;
                } else {
                    EXPECT_LE(cand.load + count, cand.capacity) << id;
                }
            }
        }
    }
    std::size_t listed = 0;
    for (const auto& person : r.people) {
        EXPECT_EQ(static_cast<int>(person.cases.size()), teams[person.id]);
        listed += 1;
    }
    EXPECT_EQ(listed, teams.size());
}

// A random small batch: shared people, per-case tiers, distances and conflicts.
std::vector<TeamBatchCase> random_batch(Rng& rng, int cases, int people, int max_size) {
    const int towns = rng.uniform_int(3, 7);
    std::vector<TeamCandidate> base;
    for (int i = 0; i < people; ++i) {
        TeamCandidate c;
        c.id = "p" + std::to_string(i);
        c.name = rng.uniform01() < 0.5 ? "" : "人员" + c.id;
        c.township = "T" + std::to_string(rng.uniform_int(0, towns - 1));
        for (const auto& s : k_skill_pool) {
            if (rng.uniform01() < 0.4) c.skills.push_back(s);
        }
        c.can_lead = rng.uniform01() < 0.5;
        c.capacity = rng.uniform_int(1, 4);
        c.load = rng.uniform01() < 0.85 ? rng.uniform_int(0, std::max(0, c.capacity - 1)) : c.capacity;
        c.available = rng.uniform01() < 0.92;
        base.push_back(std::move(c));
    }
    const double lambda = rng.uniform01() < 0.2 ? 0.0 : rng.uniform(0.05, 1.0);
    std::vector<TeamBatchCase> batch;
    for (int k = 0; k < cases; ++k) {
        TeamBatchCase b;
        b.id = "C" + std::to_string(k);
        auto& tc = b.team_case;
        tc.township = "T" + std::to_string(rng.uniform_int(0, towns - 1));
        auto pool = k_skill_pool;
        const int required = rng.uniform_int(0, 2);
        for (int s = 0; s < required; ++s) {
            const auto pick = static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(pool.size()) - 1));
            tc.required_skills.push_back(pool[pick]);
            pool.erase(pool.begin() + static_cast<long>(pick));
        }
        tc.size = rng.uniform_int(2, max_size);
        tc.need_leader = rng.uniform01() < 0.7;
        tc.one_per_township = rng.uniform01() < 0.6;
        tc.staged_tiers = rng.uniform01() < 0.3;
        tc.weights.distance = rng.uniform(0, 2);
        tc.weights.tier = rng.uniform(0, 2);
        tc.weights.skill = rng.uniform(0, 1.5);
        tc.weights.load = lambda;
        if (rng.uniform01() < 0.2) tc.weights.distance_scale_km = rng.uniform(5, 30);
        for (const auto& person : base) {
            if (rng.uniform01() < 0.15) continue;  // not a candidate for this case
            TeamCandidate c = person;
            c.tier = rng.uniform_int(0, 2);
            c.distance_km = rng.uniform01() < 0.1 ? 0 : std::round(rng.uniform(1, 60) * 10) / 10;
            c.conflict_township = rng.uniform01() < 0.04;
            c.conflict_subject = rng.uniform01() < 0.04;
            c.conflict_reporter = rng.uniform01() < 0.03;
            b.candidates.push_back(std::move(c));
        }
        if (b.candidates.empty()) b.candidates.push_back(base.front());
        batch.push_back(std::move(b));
    }
    return batch;
}

TEST(TeamBatch, BatchOfOneEqualsTheDynamicProgramme) {
    Rng rng(6001);
    int found = 0, infeasible = 0;
    constexpr int k_instances = 600;
    for (int trial = 0; trial < k_instances; ++trial) {
        auto batch = random_batch(rng, 1, rng.uniform_int(3, 12), 5);
        SCOPED_TRACE(::testing::Message() << "trial " << trial);
        auto dp = propose_team(batch[0].candidates, batch[0].team_case);
        ASSERT_TRUE(dp.ok()) << dp.error().message_en;
        auto r = propose_teams(batch);
        ASSERT_TRUE(r.ok()) << r.error().message_en;
        EXPECT_EQ(r->status, BatchStatus::optimal);
        const auto& c = r->cases[0];
        EXPECT_EQ(c.proposal.found, dp->found);
        EXPECT_EQ(c.proposal.excluded.size(), dp->excluded.size());
        EXPECT_EQ(c.proposal.eligible, dp->eligible);
        if (dp->found) {
            ++found;
            EXPECT_EQ(c.status, BatchCaseStatus::staffed);
            EXPECT_NEAR(c.proposal.total_cost, dp->total_cost, 1e-6);
            ASSERT_TRUE(c.alone_cost.has_value());
            EXPECT_NEAR(*c.alone_cost, dp->total_cost, 0);
            EXPECT_LE(c.proposal.tier_used, dp->tier_used) << "staged limit kept";
        } else {
            ++infeasible;
            EXPECT_EQ(c.status, BatchCaseStatus::infeasible);
            EXPECT_EQ(c.proposal.binding, dp->binding);
            EXPECT_EQ(c.proposal.message_en, dp->message_en);
        }
        expect_valid(batch, {}, *r);
    }
    EXPECT_GT(found, k_instances / 8);
    EXPECT_GT(infeasible, k_instances / 8);
    RecordProperty("found", found);
}

TEST(TeamBatch, SmallBatchesEqualBruteForce) {
    Rng rng(6002);
    int crowded = 0, lifted = 0, all_staffed = 0, capacity_mode = 0;
    constexpr int k_instances = 400;
    for (int trial = 0; trial < k_instances; ++trial) {
        const int cases = rng.uniform_int(2, 4);
        auto batch = random_batch(rng, cases, rng.uniform_int(3, 8), cases == 4 ? 3 : 4);
        TeamBatchOptions options;
        options.one_team_per_person = rng.uniform01() < 0.6;
        capacity_mode += options.one_team_per_person ? 0 : 1;
        SCOPED_TRACE(::testing::Message()
                     << "trial " << trial << " cases " << cases << " one team " << options.one_team_per_person);
        const auto expected = brute_force(batch, options);
        auto r = propose_teams(batch, options);
        ASSERT_TRUE(r.ok()) << r.error().message_en;
        EXPECT_EQ(r->status, BatchStatus::optimal);
        EXPECT_EQ(r->staffed, expected.staffed);
        EXPECT_NEAR(r->total_cost, expected.cost, 1e-6);
        EXPECT_EQ(r->stage_limits_lifted, expected.lifted);
        for (std::size_t c = 0; c < batch.size(); ++c) {
            EXPECT_EQ(r->cases[c].status == BatchCaseStatus::infeasible, !expected.staffable[c]) << c;
            if (r->cases[c].status == BatchCaseStatus::crowded_out) {
                // The explanation is true: the team it would have alone is real, and someone on it is
                // held by a staffed case of the batch.
                const auto& res = r->cases[c];
                EXPECT_TRUE(meets_requirements(batch[c].candidates, batch[c].team_case, res.alone_team));
                ASSERT_EQ(res.taken_by.size(), res.alone_team.size());
                EXPECT_TRUE(
                    std::any_of(res.taken_by.begin(), res.taken_by.end(), [](const auto& by) { return !by.empty(); }));
                EXPECT_NE(res.proposal.message_en.find("no plan staffs every case"), std::string::npos);
            }
        }
        if (r->staffed < static_cast<int>(std::count(expected.staffable.begin(), expected.staffable.end(), 1)))
            ++crowded;
        else
            ++all_staffed;
        lifted += r->stage_limits_lifted ? 1 : 0;
        expect_valid(batch, options, *r);
    }
    // The generator reaches every branch of the semantics.
    EXPECT_GT(crowded, 20);
    EXPECT_GT(all_staffed, 100);
    EXPECT_GT(lifted, 3);
    EXPECT_GT(capacity_mode, 100);
    RecordProperty("crowded", crowded);
    RecordProperty("lifted", lifted);
}

TEST(TeamBatch, SharedPeopleGoWhereTheyCostLeastAndLoadSpreads) {
    // Two cases want the same financial expert; one team per person: the expert goes to the case
    // where the alternative is dearer, and the other case takes the second-best.
    TeamCandidate a{"a", "甲", "T1", 0, {"财务"}, true, 0, 3, true, false, false, false, 5};
    TeamCandidate b{"b", "乙", "T2", 0, {"财务"}, true, 0, 3, true, false, false, false, 20};
    TeamCandidate c{"c", "丙", "T3", 0, {}, false, 0, 3, true, false, false, false, 5};
    TeamCandidate d{"d", "丁", "T4", 0, {}, false, 0, 3, true, false, false, false, 5};
    TeamBatchCase first{"C1", {}, {a, b, c}};
    TeamBatchCase second{"C2", {}, {a, b, d}};
    for (auto* k : {&first, &second}) {
        k->team_case.township = "T0";
        k->team_case.required_skills = {"财务"};
        k->team_case.size = 2;
        k->team_case.weights.distance_scale_km = 10;
    }
    second.candidates[1].distance_km = 60;  // b is far from the second case
    auto r = propose_teams({first, second});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->staffed, 2);
    EXPECT_EQ(r->cases[1].proposal.members[0].candidate, 0) << "a goes to C2, where b is far";
    EXPECT_EQ(r->cases[0].proposal.members[0].candidate, 1);
    EXPECT_GT(r->cases[0].proposal.total_cost, *r->cases[0].alone_cost);

    // With capacity instead of one team each, a may join both, paying the convex increment.
    TeamBatchOptions options;
    options.one_team_per_person = false;
    auto shared = propose_teams({first, second}, options);
    ASSERT_TRUE(shared.ok());
    ASSERT_EQ(shared->people.size(), 3u);
    EXPECT_EQ(shared->people[0].id, "a");
    EXPECT_EQ(shared->people[0].cases, (std::vector<std::string>{"C1", "C2"}));
    EXPECT_NEAR(shared->cases[1].proposal.members[0].load_term, 0.1 * 3, 1e-12);  // (0+2)² − 1²
    EXPECT_NE(shared->cases[1].proposal.members[0].reason_en.find("on 2 teams"), std::string::npos);
}

TEST(TeamBatch, CrowdedOutAndInfeasibleCasesAreExplained) {
    TeamCandidate a{"a", "甲", "T1", 0, {"财务"}, true, 0, 3, true, false, false, false, 5};
    TeamCandidate c{"c", "丙", "T3", 0, {}, true, 0, 3, true, false, false, false, 5};
    TeamCandidate d{"d", "丁", "T4", 0, {}, true, 0, 3, true, false, false, false, 5};
    TeamBatchCase one{"C1", {}, {a, c}};
    TeamBatchCase two{"C2", {}, {a, d}};
    TeamBatchCase three{"C3", {}, {c, d}};
    for (auto* k : {&one, &two, &three}) {
        k->team_case.township = "T0";
        k->team_case.required_skills = {"财务"};
        k->team_case.size = 2;
    }
    auto r = propose_teams({one, two, three});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, BatchStatus::optimal);
    EXPECT_EQ(r->staffed, 1);
    EXPECT_EQ(r->cases[2].status, BatchCaseStatus::infeasible);
    EXPECT_EQ(r->cases[2].proposal.binding, TeamBinding::skill);
    EXPECT_EQ(r->cases[2].proposal.binding_skill, "财务");
    const int out = r->cases[0].status == BatchCaseStatus::crowded_out ? 0 : 1;
    const auto& loser = r->cases[static_cast<std::size_t>(out)];
    EXPECT_EQ(loser.status, BatchCaseStatus::crowded_out);
    ASSERT_EQ(loser.alone_team.size(), 2u);
    EXPECT_EQ(loser.taken_by[0], (std::vector<std::string>{out == 0 ? "C2" : "C1"}));
    EXPECT_NE(loser.proposal.message_zh.find("甲(a) 已在案件"), std::string::npos) << loser.proposal.message_zh;
    EXPECT_NE(r->message_en.find("1 cannot be staffed even alone"), std::string::npos) << r->message_en;
}

TEST(TeamBatch, GeneratedCountyBatchesAreSolvedAndValid) {
    for (int cases : {12, 30}) {
        TeamBatchSpec spec;
        spec.cases = cases;
        spec.people = 200;
        spec.seed = 7;
        const auto batch = generate_team_batch(spec);
        ASSERT_EQ(batch.size(), static_cast<std::size_t>(cases));
        EXPECT_EQ(generate_team_batch(spec)[3].candidates[17].distance_km, batch[3].candidates[17].distance_km);
        for (bool one_team : {true, false}) {
            TeamBatchOptions options;
            options.one_team_per_person = one_team;
            auto r = propose_teams(batch, options);
            ASSERT_TRUE(r.ok()) << r.error().message_en;
            EXPECT_EQ(r->status, BatchStatus::optimal) << r->message_en;
            EXPECT_GE(r->staffed, cases - 2);
            ASSERT_TRUE(r->bound.has_value());
            EXPECT_NEAR(*r->bound, r->total_cost, 1e-6);
            expect_valid(batch, options, *r);
            // Never cheaper than the sum of each case alone (a lower bound).
            double alone = 0;
            for (const auto& c : r->cases) {
                if (c.status == BatchCaseStatus::staffed) alone += *c.alone_cost;
            }
            EXPECT_GE(r->total_cost, alone - 1e-9);
        }
    }
}

TEST(TeamBatch, AStopBeforeAnyProofStillGivesValidTeams) {
    TeamBatchSpec spec;
    spec.cases = 20;
    spec.seed = 11;
    const auto batch = generate_team_batch(spec);
    auto r = propose_teams(batch, {}, StopSignal([] { return true; }));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, BatchStatus::feasible);
    EXPECT_GT(r->staffed, 0);
    expect_valid(batch, {}, *r);
    EXPECT_NE(r->message_en.find("not proven"), std::string::npos);
}

TEST(TeamBatch, BadInputIsRefused) {
    TeamCandidate a{"a", "甲", "T1", 0, {"财务"}, true, 0, 3, true, false, false, false, 5};
    TeamBatchCase one{"C1", {}, {a}};
    one.team_case.township = "T0";
    auto code = [](const std::vector<TeamBatchCase>& batch) {
        auto r = propose_teams(batch);
        EXPECT_FALSE(r.ok());
        return r.ok() ? std::string() : r.error().code;
    };
    EXPECT_EQ(code({}), "team_batch.no_cases");
    EXPECT_EQ(code({one, one}), "team_batch.duplicate_case_id");
    auto unnamed = one;
    unnamed.id = " ";
    EXPECT_EQ(code({unnamed}), "team_batch.empty_case_id");
    auto two = one;
    two.id = "C2";
    two.candidates[0].load = 1;
    EXPECT_EQ(code({one, two}), "team_batch.inconsistent_person");
    two = one;
    two.id = "C2";
    two.team_case.weights.load = 0.5;
    EXPECT_EQ(code({one, two}), "team_batch.load_weight_differs");
    two = one;
    two.id = "C2";
    two.team_case.size = 9;
    auto r = propose_teams({one, two});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "team.bad_size");
    EXPECT_EQ(r.error().message_en.rfind("case C2: ", 0), 0u) << r.error().message_en;
    two.team_case.size = 3;
    two.candidates.clear();
    EXPECT_EQ(code({one, two}), "team.no_candidates");
    // Same person, different per-case view (tier, distance, conflicts): fine.
    two = one;
    two.id = "C2";
    two.candidates[0].tier = 2;
    two.candidates[0].distance_km = 40;
    two.candidates[0].conflict_subject = true;
    EXPECT_TRUE(propose_teams({one, two}).ok());
}

TEST(TeamBatch, BatchCandidatesCsv) {
    auto rows = parse_batch_candidates_csv(
        "case,id,name,township,tier,skills,can_lead,load,capacity,available,conflicts,distance_km\n"
        "C1,p1,张三,T1,0,财务;审计,1,0,3,1,,10\n"
        "C2,p1,张三,T1,1,财务;审计,1,0,3,1,subject,25\n");
    ASSERT_TRUE(rows.ok()) << rows.error().message_en;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[1].first, "C2");
    EXPECT_EQ((*rows)[1].second.tier, 1);
    EXPECT_TRUE((*rows)[1].second.conflict_subject);
    auto missing = parse_batch_candidates_csv("id,township,tier,capacity,distance_km\np1,T1,0,3,1\n");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, "team_batch.missing_column");
    auto twice =
        parse_batch_candidates_csv("case,id,township,tier,capacity,distance_km\nC1,p1,T1,0,3,1\nC1,p1,T1,0,3,1\n");
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, "team_batch.duplicate_row");
    auto empty = parse_batch_candidates_csv("case,id,township,tier,capacity,distance_km\n,p1,T1,0,3,1\n");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, "team_batch.empty_case_id");
}

TEST(TeamBatch, ConcurrentSolvesAreSerialisedAndCorrect) {
    // CBC is not thread-safe: team batches and zone partitions from several threads share one gate,
    // and every thread gets the answer it gets alone.
    TeamBatchSpec spec;
    spec.cases = 12;
    spec.seed = 3;
    const auto batch = generate_team_batch(spec);
    const auto alone = propose_teams(batch);
    ASSERT_TRUE(alone.ok());
    InstanceSpec zones;
    zones.townships = 16;
    zones.zones = 4;
    zones.seed = 5;
    const auto problem = generate_instance(zones);
    const auto zones_alone = plan_zones(problem);
    ASSERT_TRUE(zones_alone.ok());
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2; ++i) {
                if (t % 2 == 0) {
                    auto r = propose_teams(batch);
                    if (!r.ok() || std::abs(r->total_cost - alone->total_cost) > 1e-9) ++wrong;
                } else {
                    auto r = plan_zones(problem);
                    if (!r.ok() || std::abs(r->objective - zones_alone->objective) > 1e-9) ++wrong;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace xzq::planning
