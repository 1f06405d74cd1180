// The building blocks: distances, the cost model, enumeration, CSV forms, validation, generator.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <numbers>
#include <set>

#include "planning/geo.hpp"
#include "planning/instance_generator.hpp"
#include "planning/random.hpp"
#include "planning/zone_cost.hpp"
#include "planning/zone_enumeration.hpp"
#include "planning/zone_problem.hpp"
#include "zone_checks.hpp"

namespace xzq::planning {
namespace {

Township township(std::string code, double lon, double lat, double staff, double capacity, double caseload) {
    return Township{code, "乡镇" + code, lon, lat, {staff, capacity, caseload}};
}

TEST(Haversine, OneDegreeOfLatitudeIsAnArcOfTheMeanRadius) {
    EXPECT_NEAR(haversine_km(114.0, 34.0, 114.0, 35.0), k_earth_radius_km * std::numbers::pi / 180, 1e-9);
    EXPECT_DOUBLE_EQ(haversine_km(114.5, 34.5, 114.5, 34.5), 0.0);
    EXPECT_NEAR(haversine_km(0, 0, 180, 0), k_earth_radius_km * std::numbers::pi, 1e-6);
    // Beijing to Shanghai, about 1,067 km.
    EXPECT_NEAR(haversine_km(116.4074, 39.9042, 121.4737, 31.2304), 1067.3, 1.0);
}

TEST(ZoneCost, MatchesTheFormulaOnAHandWorkedExample) {
    ZoneProblem p;
    // Three townships on a meridian, 1° of latitude apart; k = 1 so μ = the totals.
    p.townships = {township("a", 114, 34, 2, 6, 10), township("b", 114, 35, 1, 3, 5), township("c", 114, 36, 3, 9, 15)};
    p.has_adjacency = true;
    p.adjacency = {{0, 1}, {1, 2}};
    p.zones = 1;
    p.min_size = 1;
    p.max_size = 3;
    const ZoneCostModel model(p);
    const double degree = k_earth_radius_km * std::numbers::pi / 180;
    EXPECT_NEAR(model.scale(), degree, 1e-9);  // mean adjacency edge
    // Whole set: the median is b (sum 2 degrees); balance 0.
    EXPECT_NEAR(model.cost(std::vector<int>{0, 1, 2}), 2.0, 1e-9);
    // {a}: compactness 0; each attribute at 1/3 of μ → relative 2/3 → 3·2 + 1000·3·(2/3 − 1/4).
    EXPECT_NEAR(model.cost(std::vector<int>{0}), 3 * 2.0 + 1000 * 3 * (2.0 / 3 - 0.25), 1e-9);
    EXPECT_TRUE(model.within_hard_band(model.totals(std::vector<int>{0, 1, 2})));
    EXPECT_FALSE(model.within_hard_band(model.totals(std::vector<int>{1})));  // 1/6 of μ: −83%
    EXPECT_DOUBLE_EQ(model.cost(std::vector<int>{2, 0}), model.cost(std::vector<int>{0, 2}));
}

TEST(ZoneCost, WithoutAdjacencyTheScaleIsTheMeanNearestNeighbourDistance) {
    ZoneProblem p;
    p.townships = {township("a", 114, 34, 1, 1, 1), township("b", 114, 35, 1, 1, 1), township("c", 114, 37, 1, 1, 1)};
    p.zones = 1;
    p.min_size = 1;
    const ZoneCostModel model(p);
    const double degree = k_earth_radius_km * std::numbers::pi / 180;
    EXPECT_NEAR(model.scale(), (1 + 1 + 2) * degree / 3, 1e-9);
}

TEST(ZoneCost, AnAttributeThatIsZeroEverywhereIsIgnored) {
    ZoneProblem p;
    p.townships = {township("a", 114, 34, 1, 2, 0), township("b", 114, 35, 1, 2, 0)};
    p.zones = 2;
    p.min_size = 1;
    const ZoneCostModel model(p);
    EXPECT_TRUE(model.within_hard_band(model.totals(std::vector<int>{0})));
    EXPECT_NEAR(model.cost(std::vector<int>{0}), 0.0, 1e-12);
}

// Enumeration lists each connected set exactly once: compared with checking every subset.
TEST(Enumeration, ListsEveryConnectedSetOnceOnRandomGraphs) {
    Rng rng(7);
    for (int trial = 0; trial < 60; ++trial) {
        InstanceSpec spec;
        spec.townships = rng.uniform_int(2, 11);
        spec.zones = 1;
        spec.min_size = 1;
        spec.max_size = spec.townships;
        spec.adjacency = trial % 4 != 0;
        spec.seed = rng.next();
        auto p = generate_instance(spec);
        const ZoneCostModel model(p);
        const TownshipGraph graph(p);
        const int low = rng.uniform_int(1, 3);
        const int high = rng.uniform_int(low, 6);
        std::set<std::uint32_t> listed;
        std::size_t calls = 0;
        enumerate_zones(model, graph, {low, high, false}, StopSignal{},
                        [&](std::span<const int> members, const Weights&) {
                            std::uint32_t mask = 0;
                            for (int v : members) mask |= 1u << v;
                            listed.insert(mask);
                            ++calls;
                            return true;
                        });
        EXPECT_EQ(calls, listed.size()) << "a set was listed twice";
        const testing::ReferenceCost ref(p);
        std::size_t expected = 0;
        for (std::uint32_t mask = 1; mask < (1u << spec.townships); ++mask) {
            const int size = std::popcount(mask);
            if (size < low || size > high) continue;
            std::vector<int> s;
            for (int i = 0; i < spec.townships; ++i) {
                if (mask & (1u << i)) s.push_back(i);
            }
            if (ref.connected(s)) {
                ++expected;
                EXPECT_TRUE(listed.count(mask)) << "missing set " << mask;
            }
        }
        EXPECT_EQ(listed.size(), expected);
    }
}

TEST(Enumeration, HardBandPruningKeepsExactlyTheFeasibleSets) {
    Rng rng(11);
    for (int trial = 0; trial < 40; ++trial) {
        InstanceSpec spec;
        spec.townships = rng.uniform_int(4, 11);
        spec.zones = rng.uniform_int(1, spec.townships / 2);
        spec.min_size = 1;
        spec.max_size = 5;
        spec.seed = rng.next();
        auto p = generate_instance(spec);
        const ZoneCostModel model(p);
        const TownshipGraph graph(p);
        const testing::ReferenceCost ref(p);
        std::set<std::uint32_t> listed;
        enumerate_zones(model, graph, {1, 5, true}, StopSignal{}, [&](std::span<const int> members, const Weights&) {
            std::uint32_t mask = 0;
            for (int v : members) mask |= 1u << v;
            listed.insert(mask);
            return true;
        });
        for (std::uint32_t mask = 1; mask < (1u << spec.townships); ++mask) {
            std::vector<int> s;
            for (int i = 0; i < spec.townships; ++i) {
                if (mask & (1u << i)) s.push_back(i);
            }
            const bool feasible = s.size() <= 5 && ref.connected(s) && ref.within_band(s);
            EXPECT_EQ(listed.count(mask) == 1, feasible) << "mask " << mask;
        }
    }
}

TEST(Csv, TownshipsAndAdjacencyRoundTripExactly) {
    InstanceSpec spec;
    spec.townships = 25;
    spec.clustered = true;
    spec.seed = 99;
    auto p = generate_instance(spec);
    auto townships = parse_townships_csv(townships_to_csv(p.townships));
    ASSERT_TRUE(townships.ok()) << townships.error().message_en;
    ASSERT_EQ(townships->size(), p.townships.size());
    for (std::size_t i = 0; i < p.townships.size(); ++i) {
        EXPECT_EQ((*townships)[i].code, p.townships[i].code);
        EXPECT_EQ((*townships)[i].name, p.townships[i].name);
        EXPECT_EQ((*townships)[i].lon, p.townships[i].lon);
        EXPECT_EQ((*townships)[i].lat, p.townships[i].lat);
        EXPECT_EQ((*townships)[i].weights, p.townships[i].weights);
    }
    auto adjacency = parse_adjacency_csv(adjacency_to_csv(p), *townships);
    ASSERT_TRUE(adjacency.ok());
    EXPECT_EQ(*adjacency, p.adjacency);
}

TEST(Csv, RejectsBadTownshipFiles) {
    EXPECT_EQ(parse_townships_csv("code,name,lon,lat,staff,capacity\n").error().code, "zones.missing_column");
    EXPECT_EQ(parse_townships_csv("code,name,lon,lat,staff,capacity,caseload\na,A,114,34,x,1,1\n").error().code,
              "zones.bad_number");
    EXPECT_EQ(parse_townships_csv("code,name,lon,lat,staff,capacity,caseload\na,A,114,34,1,1,nan\n").error().code,
              "zones.bad_number");
    EXPECT_EQ(parse_townships_csv("code,name,lon,lat,staff,capacity,caseload\n,A,114,34,1,1,1\n").error().code,
              "zones.empty_code");
    auto ok = parse_townships_csv("code,name,lon,lat,staff,capacity,caseload\na,A,114,34,1,1,1\nb,B,114,35,1,1,1\n");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(parse_adjacency_csv("code_a,code_b\na,zz\n", *ok).error().code, "zones.unknown_township");
    EXPECT_EQ(parse_adjacency_csv("code_a,code_b\na,a\n", *ok).error().code, "zones.self_adjacency");
    EXPECT_EQ(parse_adjacency_csv("a,b\n", *ok).error().code, "zones.missing_column");
    auto merged = parse_adjacency_csv("code_a,code_b\na,b\nb,a\n", *ok);
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged->size(), 1u);
}

TEST(Validate, NamesEveryKindOfBadInput) {
    ZoneProblem good;
    good.townships = {township("a", 114, 34, 1, 1, 1), township("b", 114, 35, 1, 1, 1), township("c", 114, 36, 1, 1, 1),
                      township("d", 114, 37, 1, 1, 1)};
    good.has_adjacency = true;
    good.adjacency = {{0, 1}, {1, 2}, {2, 3}};
    good.zones = 2;
    good.min_size = 2;
    good.max_size = 2;
    ASSERT_TRUE(validate(good).ok());
    auto code_of = [](const ZoneProblem& p) { return validate(p).error().code; };
    auto p = good;
    p.townships[1].code = "a";
    EXPECT_EQ(code_of(p), "zones.duplicate_code");
    p = good;
    p.townships[2].lon = 181;
    EXPECT_EQ(code_of(p), "zones.bad_coordinates");
    p = good;
    p.townships[2].lat = -90.5;
    EXPECT_EQ(code_of(p), "zones.bad_coordinates");
    p = good;
    p.townships[3].weights[k_caseload] = -1;
    EXPECT_EQ(code_of(p), "zones.bad_attribute");
    p = good;
    p.zones = 5;
    EXPECT_EQ(code_of(p), "zones.too_many_zones");
    p = good;
    p.zones = 3;
    EXPECT_EQ(code_of(p), "zones.sizes_incompatible");
    p = good;
    p.min_size = 3;
    EXPECT_EQ(code_of(p), "zones.bad_size_bounds");
    p = good;
    p.adjacency = {{0, 1}, {2, 3}};
    EXPECT_EQ(code_of(p), "zones.adjacency_disconnected");
    EXPECT_NE(validate(p).error().message_en.find("c, d"), std::string::npos);
    p = good;
    p.zones = 0;
    EXPECT_EQ(code_of(p), "zones.bad_zone_count");
}

TEST(Generator, IsDeterministicConnectedAndPlausible) {
    InstanceSpec spec;
    spec.townships = 40;
    spec.clustered = true;
    spec.seed = 5;
    auto a = generate_instance(spec);
    auto b = generate_instance(spec);
    EXPECT_EQ(townships_to_csv(a.townships), townships_to_csv(b.townships));
    EXPECT_EQ(a.adjacency, b.adjacency);
    spec.seed = 6;
    EXPECT_NE(townships_to_csv(generate_instance(spec).townships), townships_to_csv(a.townships));
    a.zones = 10;
    EXPECT_TRUE(validate(a).ok());  // includes: the graph is connected
    const double degree = 2.0 * static_cast<double>(a.adjacency.size()) / 40;
    EXPECT_GT(degree, 3.5);
    EXPECT_LT(degree, 6.0);
    for (const auto& t : a.townships) {
        EXPECT_GE(t.weights[k_staff], 1);
        EXPECT_LE(t.weights[k_staff], 6);
        EXPECT_GE(t.weights[k_capacity], t.weights[k_staff] * 1.8 - 0.05);
        EXPECT_LE(t.weights[k_capacity], t.weights[k_staff] * 4.2 + 0.05);
    }
}

}  // namespace
}  // namespace xzq::planning
