// Cross-inspection rotation (planning.md (c)): every round of every plan obeys every rule (checked
// independently), the cyclic construction never repeats an ordered pair within a cycle, the same
// seed gives the same plan, small pools are refused or relaxed with the reason, and an
// "infeasible" from the search is confirmed by brute force over all permutations.
#include "planning/rotation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "planning/random.hpp"

namespace xzq::planning {
namespace {

RotationProblem pool_of(int m, int rounds, std::uint64_t seed) {
    RotationProblem p;
    for (int i = 0; i < m; ++i) p.pool.push_back("T" + std::to_string(i));
    p.rounds = rounds;
    p.seed = seed;
    return p;
}

void expect_valid(const RotationProblem& p, const RotationPlan& plan) {
    for (std::size_t r = 0; r < plan.rounds.size(); ++r) {
        const std::vector<int> none;
        const auto& previous = r == 0 ? none : plan.rounds[r - 1];
        EXPECT_EQ(rotation_violation(plan.rounds[r], previous, p.forbidden, plan.rule), "") << "round " << r;
    }
}

// Is there any round valid after `previous`? Brute force over all permutations.
bool some_round_exists(int m, const std::vector<int>& previous, const std::vector<std::pair<int, int>>& forbidden,
                       RotationRule rule) {
    std::vector<int> sigma(static_cast<std::size_t>(m));
    std::iota(sigma.begin(), sigma.end(), 0);
    do {
        if (rotation_violation(sigma, previous, forbidden, rule).empty()) return true;
    } while (std::next_permutation(sigma.begin(), sigma.end()));
    return false;
}

TEST(Rotation, CyclicConstructionObeysEveryRuleOnManyPools) {
    Rng rng(31);
    for (int m = 3; m <= 40; ++m) {
        for (int trial = 0; trial < 6; ++trial) {
            const int cycle = 2 * ((m - 1) / 2);
            auto p = pool_of(m, cycle * 3 + rng.uniform_int(0, cycle), rng.next());
            SCOPED_TRACE(::testing::Message() << "m=" << m << " seed=" << p.seed);
            auto plan = plan_rotation(p);
            ASSERT_TRUE(plan.ok());
            EXPECT_EQ(plan->status, RotationStatus::planned);
            EXPECT_EQ(plan->method, RotationMethod::cyclic);
            EXPECT_EQ(plan->rule, m >= 5 ? RotationRule::strict : RotationRule::ordered_pairs);
            EXPECT_EQ(plan->seed, p.seed);
            ASSERT_EQ(static_cast<int>(plan->rounds.size()), p.rounds);
            expect_valid(p, *plan);
            // Within a cycle no ordered pair repeats: every member inspects each other at most once.
            for (int c = 0; (c + 1) * cycle <= p.rounds; ++c) {
                std::set<std::pair<int, int>> used;
                for (int r = c * cycle; r < (c + 1) * cycle; ++r) {
                    for (int i = 0; i < m; ++i) {
                        EXPECT_TRUE(
                            used.emplace(i, plan->rounds[static_cast<std::size_t>(r)][static_cast<std::size_t>(i)])
                                .second);
                    }
                }
            }
        }
    }
}

TEST(Rotation, SameSeedSamePlanAndTheSeedChangesIt) {
    auto a = plan_rotation(pool_of(9, 12, 42));
    auto b = plan_rotation(pool_of(9, 12, 42));
    auto c = plan_rotation(pool_of(9, 12, 43));
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    EXPECT_EQ(a->rounds, b->rounds);
    EXPECT_NE(a->rounds, c->rounds);
    // The relabelling changes between cycles: cycle 2 is not a copy of cycle 1.
    EXPECT_NE(std::vector(a->rounds.begin(), a->rounds.begin() + 4),
              std::vector(a->rounds.begin() + 8, a->rounds.begin() + 12));
}

TEST(Rotation, PoolsOfTwoAreRefusedAndThreeOrFourRelaxed) {
    for (int m : {1, 2}) {
        auto plan = plan_rotation(pool_of(m, 3, 1));
        ASSERT_TRUE(plan.ok());
        EXPECT_EQ(plan->status, RotationStatus::infeasible);
        EXPECT_TRUE(plan->rounds.empty());
        EXPECT_NE(plan->message_en.find("Widen the pool"), std::string::npos);
    }
    for (int m : {3, 4}) {
        auto plan = plan_rotation(pool_of(m, 6, 1));
        ASSERT_TRUE(plan.ok());
        EXPECT_EQ(plan->status, RotationStatus::planned);
        EXPECT_EQ(plan->rule, RotationRule::ordered_pairs);
        EXPECT_NE(plan->message_en.find("relaxed to ordered pairs"), std::string::npos);
        EXPECT_NE(plan->message_zh.find("放宽"), std::string::npos);
        // And the strict rule really is impossible for these pools.
        EXPECT_FALSE(some_round_exists(m, plan->rounds[0], {}, RotationRule::strict));
    }
    auto five = plan_rotation(pool_of(5, 4, 1));
    ASSERT_TRUE(five.ok());
    EXPECT_EQ(five->rule, RotationRule::strict);
    EXPECT_EQ(five->message_en.find("relaxed"), std::string::npos);
}

TEST(Rotation, SearchWithForbiddenPairsIsValidAndItsInfeasibilityIsProven) {
    Rng rng(2026);
    int planned = 0, infeasible = 0, proven = 0;
    for (int trial = 0; trial < 600; ++trial) {
        const int m = rng.uniform_int(3, 12);
        auto p = pool_of(m, rng.uniform_int(1, 8), rng.next());
        const double density = rng.uniform(0.02, 0.6);
        for (int a = 0; a < m; ++a) {
            for (int b = a + 1; b < m; ++b) {
                if (rng.uniform01() < density) p.forbidden.emplace_back(a, b);
            }
        }
        if (p.forbidden.empty()) p.forbidden.emplace_back(0, 1);
        SCOPED_TRACE(::testing::Message() << "trial " << trial << " m=" << m << " forbidden=" << p.forbidden.size());
        auto plan = plan_rotation(p);
        ASSERT_TRUE(plan.ok()) << plan.error().message_en;
        EXPECT_EQ(plan->method, RotationMethod::search);
        expect_valid(p, *plan);
        if (plan->status == RotationStatus::planned) {
            ++planned;
            EXPECT_EQ(static_cast<int>(plan->rounds.size()), p.rounds);
            continue;
        }
        ++infeasible;
        EXPECT_EQ(plan->failed_round, static_cast<int>(plan->rounds.size()));
        EXPECT_NE(plan->message_en.find("cannot be drawn"), std::string::npos);
        if (m <= 8) {
            ++proven;
            const std::vector<int> none;
            const auto& previous = plan->rounds.empty() ? none : plan->rounds.back();
            EXPECT_FALSE(some_round_exists(m, previous, p.forbidden, plan->rule));
        }
    }
    EXPECT_GT(planned, 200);
    EXPECT_GT(proven, 30);
    RecordProperty("planned", planned);
    RecordProperty("infeasible", infeasible);
}

TEST(Rotation, SearchHandlesAFortyMemberPool) {
    Rng rng(5);
    auto p = pool_of(40, 12, 9);
    for (int a = 0; a < 40; ++a) {
        for (int b = a + 1; b < 40; ++b) {
            if (rng.uniform01() < 0.2) p.forbidden.emplace_back(a, b);
        }
    }
    auto plan = plan_rotation(p);
    ASSERT_TRUE(plan.ok()) << plan.error().message_en;
    EXPECT_EQ(plan->status, RotationStatus::planned);
    EXPECT_EQ(plan->rounds.size(), 12u);
    expect_valid(p, *plan);
}

TEST(Rotation, RefusesBadInputAndParsesCsv) {
    auto code = [](const RotationProblem& p) {
        auto r = plan_rotation(p);
        return r.ok() ? std::string("ok") : r.error().code;
    };
    EXPECT_EQ(code(pool_of(0, 1, 1)), "rotation.empty_pool");
    auto dup = pool_of(5, 1, 1);
    dup.pool[1] = "T0";
    EXPECT_EQ(code(dup), "rotation.duplicate_code");
    auto self = pool_of(5, 1, 1);
    self.forbidden = {{2, 2}};
    EXPECT_EQ(code(self), "rotation.self_pair");
    auto outside = pool_of(5, 1, 1);
    outside.forbidden = {{0, 9}};
    EXPECT_EQ(code(outside), "rotation.bad_pair");
    EXPECT_EQ(code(pool_of(5, 0, 1)), "rotation.bad_rounds");

    auto pool = parse_pool_csv("code,name\nA,甲镇\nB,乙镇\nC,丙镇\n");
    ASSERT_TRUE(pool.ok());
    EXPECT_EQ(*pool, (std::vector<std::string>{"A", "B", "C"}));
    auto forbidden = parse_forbidden_csv("code_a,code_b\nB,A\nA,B\nC,A\n", *pool);
    ASSERT_TRUE(forbidden.ok());
    EXPECT_EQ(*forbidden, (std::vector<std::pair<int, int>>{{0, 1}, {0, 2}}));
    EXPECT_EQ(parse_forbidden_csv("code_a,code_b\nA,Z\n", *pool).error().code, "rotation.unknown_member");
    EXPECT_EQ(parse_forbidden_csv("code_a,code_b\nA,A\n", *pool).error().code, "rotation.self_pair");
    EXPECT_EQ(parse_pool_csv("name\nA\n").error().code, "rotation.missing_column");
}

}  // namespace
}  // namespace xzq::planning
