// Zone planning in the product over the real SQL repositories, run unchanged on a SQLite file and
// on PostgreSQL (XZQ_TEST_BACKEND, XZQ_TEST_PG_URL as in storage_test.cpp): township profile
// validation (the command line's rules), the demo profiles, a proposal on the demo county, adopting
// a plan from a future date (history kept, atomic), rotation plans recorded and read back, one
// solve per county at a time.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include "planning/rotation.hpp"
#include "scratch_database.hpp"
#include "services/demo_people.hpp"
#include "services/demo_planning.hpp"
#include "services/organisation_service.hpp"
#include "services/zone_planning_service.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_org_repository.hpp"
#include "storage/sql_organisation_repository.hpp"
#include "storage/sql_people_repository.hpp"
#include "storage/sql_zone_planning_repository.hpp"

namespace xzq::storage {
namespace {

using domain::Date;
using services::TownshipProfile;

Date d(const char* text) {
    return domain::parse_date(text).value();
}

domain::County lankao() {
    domain::County county{"410225", "兰考县", "开封市", "河南省", {}};
    const std::vector<std::pair<const char*, const char*>> townships = {
        {"001", "兰阳街道"},     {"002", "桐乡街道"},   {"003", "惠安街道"}, {"101", "堌阳镇"},   {"102", "南彰镇"},
        {"103", "考城镇"},       {"104", "红庙镇"},     {"105", "谷营镇"},   {"106", "东坝头镇"}, {"107", "小宋镇"},
        {"108", "仪封镇"},       {"201", "三义寨乡"},   {"206", "孟寨乡"},   {"207", "许河乡"},   {"208", "葡萄架乡"},
        {"209", "阎楼乡"},       {"401", "仪封园艺场"}, {"402", "造纸林场"}, {"403", "柳林林场"}, {"404", "西关农场"},
        {"405", "畜牧良种农场"}, {"406", "固阳农科所"}};
    for (const auto& [suffix, name] : townships) {
        std::string code = std::string("410225") + suffix;
        county.townships.push_back({code, name, domain::township_kind_of(code).value(), {}});
    }
    return county;
}

TownshipProfile profile(double lon, double lat, double staff, double capacity, double caseload) {
    return {"410225101", "410225", lon, lat, staff, capacity, caseload, "", ""};
}

// ---- validation: the command line's rules on one township --------------------------------------

TEST(ProfileValidation, AcceptsAPlausibleTownship) {
    EXPECT_TRUE(services::validate_township_profile(profile(114.84, 34.66, 6, 18, 21)).ok());
    EXPECT_TRUE(services::validate_township_profile(profile(-180, -90, 0, 0, 0)).ok());
    EXPECT_TRUE(services::validate_township_profile(profile(180, 90, 0.5, 1e5, 1e6)).ok());
}

TEST(ProfileValidation, RefusesWhatTheCommandLineRefuses) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    struct Case {
        TownshipProfile p;
        std::string code;
        std::string fragment;  // in the English message
    };
    const std::vector<Case> cases = {
        {profile(180.5, 34, 1, 1, 1), "zones.bad_coordinates", "outside lon"},
        {profile(114, -90.01, 1, 1, 1), "zones.bad_coordinates", "outside lon"},
        {profile(nan, 34, 1, 1, 1), "zones.bad_coordinates", "outside lon"},
        {profile(114, 34, -1, 1, 1), "zones.bad_attribute", "staff"},
        {profile(114, 34, 1, -0.5, 1), "zones.bad_attribute", "capacity"},
        {profile(114, 34, 1, 1, inf), "zones.bad_attribute", "caseload"},
        {profile(114, 34, 1, 1, nan), "zones.bad_attribute", "caseload"},
        {profile(114, 34, 10001, 1, 1), "profile.too_large", "staff"},
        {profile(114, 34, 1, 1, 1e7), "profile.too_large", "caseload"},
    };
    for (const auto& c : cases) {
        auto checked = services::validate_township_profile(c.p);
        ASSERT_FALSE(checked.ok()) << c.code;
        EXPECT_EQ(checked.error().kind, ErrorKind::invalid_input);
        EXPECT_EQ(checked.error().code, c.code);
        EXPECT_NE(checked.error().message_en.find(c.fragment), std::string::npos) << checked.error().message_en;
        EXPECT_NE(checked.error().message_en.find("410225101"), std::string::npos) << checked.error().message_en;
        EXPECT_FALSE(checked.error().message_zh.empty());
    }
    auto bad_code = profile(114, 34, 1, 1, 1);
    bad_code.township_code = "41022510x";
    EXPECT_EQ(services::validate_township_profile(bad_code).error().code, "profile.bad_township");
}

// ---- the service over real databases ------------------------------------------------------------

class ZonePlanningStorageTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = open_database(scratch.url());
        ASSERT_TRUE(opened.ok()) << opened.error().message_en;
        database = std::move(*opened);
        ASSERT_TRUE(migrate(*database, "2026-11-25T00:00:00Z").ok());
        SqlOrgRepository divisions(*database);
        ASSERT_TRUE(divisions.save_county(lankao()).ok());
        organisation = std::make_unique<SqlOrganisationRepository>(*database);
        people = std::make_unique<SqlPeopleRepository>(*database);
        secondments = std::make_unique<SqlSecondmentRepository>(*database);
        planning_repository = std::make_unique<SqlZonePlanningRepository>(*database);
        auto demo = services::seed_demo_people(*organisation, *people, *secondments, clock);
        ASSERT_TRUE(demo.ok()) << demo.error().message_en;
        auto profiles = services::seed_demo_township_profiles(*planning_repository, *organisation, clock);
        ASSERT_TRUE(profiles.ok()) << profiles.error().message_en;
        ASSERT_EQ(*profiles, 22);
        service = std::make_unique<services::ZonePlanningService>(*planning_repository, *organisation, clock);
        org_service = std::make_unique<services::OrganisationService>(*organisation, *people);
    }

    // township code → zone name on `day`
    std::map<std::string, std::string> zoning_on(Date day) {
        std::map<std::string, std::string> out;
        const auto views = org_service->zones_as_of(leader, "410225", day).value();
        for (const auto& view : views) {
            for (const auto& t : view.townships) out[t.code] = view.zone.name;
        }
        return out;
    }

    std::int64_t count(const std::string& table) {
        return database->read([&](Session& s) { return s.query("SELECT COUNT(*) FROM " + table); })
            .value()[0]
            .integer(0);
    }

    testing::ScratchDatabase scratch{"xzq_zp"};
    std::unique_ptr<Database> database;
    // 2026-11-25 08:00 in Beijing.
    ManualClock clock{std::chrono::sys_days{std::chrono::year{2026} / 11 / 25}};
    domain::Principal leader = services::console_operator("410225");
    std::unique_ptr<SqlOrganisationRepository> organisation;
    std::unique_ptr<SqlPeopleRepository> people;
    std::unique_ptr<SqlSecondmentRepository> secondments;
    std::unique_ptr<SqlZonePlanningRepository> planning_repository;
    std::unique_ptr<services::ZonePlanningService> service;
    std::unique_ptr<services::OrganisationService> org_service;
};

domain::Principal township_staff() {
    domain::Principal p;
    p.user_id = 9;
    p.username = "gystaff";
    p.county_code = "410225";
    p.grants.push_back({"township_staff", {domain::ScopeKind::township, "410225101"}});
    return p;
}

TEST_F(ZonePlanningStorageTest, DemoProfilesAreSeededOnceAndEditsAreKept) {
    EXPECT_GE(schema_version(*database).value(), 6);
    auto rows = service->profiles(leader).value();
    ASSERT_EQ(rows.size(), 22u);
    for (const auto& [t, p] : rows) {
        ASSERT_TRUE(p.has_value()) << t.code;
        EXPECT_NEAR(p->lon, 114.82, 0.3) << t.code;
        EXPECT_NEAR(p->lat, 34.82, 0.3) << t.code;
        EXPECT_GT(p->staff, 0);
        EXPECT_TRUE(services::validate_township_profile(*p).ok());
    }
    auto edited = profile(114.85, 34.67, 8, 24, 30);
    auto saved = service->save_profile(leader, edited);
    ASSERT_TRUE(saved.ok()) << saved.error().message_en;
    EXPECT_EQ(saved->updated_by, "console");
    EXPECT_EQ(services::seed_demo_township_profiles(*planning_repository, *organisation, clock).value(), 0);
    const auto after = service->profiles(leader).value();
    for (const auto& [t, p] : after) {
        if (t.code == "410225101") {
            EXPECT_EQ(p->staff, 8);
        }
    }
    // Refused: bad values (nothing stored), a township of another county, a township role.
    auto refused = service->save_profile(leader, profile(200, 34, 1, 1, 1));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "zones.bad_coordinates");
    auto other = profile(114, 34, 1, 1, 1);
    other.township_code = "410226101";
    EXPECT_EQ(service->save_profile(leader, other).error().kind, ErrorKind::not_found);
    EXPECT_EQ(service->save_profile(township_staff(), edited).error().kind, ErrorKind::forbidden);
    EXPECT_TRUE(service->profiles(township_staff()).ok()) << "org.read is enough to read profiles";
}

TEST_F(ZonePlanningStorageTest, ProposalOnTheDemoCountyIsOptimalAndComparedWithTheCurrentZoning) {
    services::ProposalRequest request;
    request.zones = 6;
    auto proposal = service->propose(leader, request);
    ASSERT_TRUE(proposal.ok()) << proposal.error().message_en;
    EXPECT_EQ(proposal->status, "optimal");
    EXPECT_EQ(proposal->method, "exact");
    ASSERT_TRUE(proposal->objective && proposal->bound);
    EXPECT_NEAR(*proposal->objective, *proposal->bound, 1e-6);
    ASSERT_EQ(proposal->zones.size(), 6u);
    std::map<std::string, int> seen;
    double total = 0;
    std::set<long long> matched;
    for (const auto& zone : proposal->zones) {
        EXPECT_GE(zone.figures.townships.size(), 2u);
        EXPECT_LE(zone.figures.townships.size(), 6u);
        for (const auto& code : zone.figures.townships) ++seen[code];
        total += zone.figures.cost;
        ASSERT_TRUE(zone.match_zone_id.has_value());
        EXPECT_TRUE(matched.insert(*zone.match_zone_id).second) << "a one-to-one matching";
    }
    EXPECT_EQ(seen.size(), 22u);
    for (const auto& [code, n] : seen) EXPECT_EQ(n, 1) << code;
    EXPECT_NEAR(total, *proposal->objective, 1e-6);
    // The demo zoning (six zones, every township zoned) is priced with the same model; the
    // optimum cannot be worse.
    ASSERT_EQ(proposal->current.size(), 6u);
    ASSERT_TRUE(proposal->current_cost.has_value());
    EXPECT_TRUE(proposal->unassigned.empty());
    EXPECT_LE(*proposal->objective, *proposal->current_cost + 1e-9);
    // 南部协作区 (堌阳, 南彰, 固阳农科所) is kept whole by the optimum and matched to itself.
    bool south_kept = false;
    for (const auto& zone : proposal->zones) {
        if (zone.figures.townships == std::vector<std::string>{"410225101", "410225102", "410225406"}) {
            south_kept = zone.match_zone_id == 1 && zone.shared == 3;
        }
    }
    EXPECT_TRUE(south_kept);

    // Bad input: the planner's own messages, as invalid_input.
    request.zones = 23;
    auto too_many = service->propose(leader, request);
    ASSERT_FALSE(too_many.ok());
    EXPECT_EQ(too_many.error().code, "zones.too_many_zones");
    EXPECT_NE(too_many.error().message_zh.find("大于乡镇数量"), std::string::npos);
    request.zones = 2;
    request.max_size = 6;
    EXPECT_EQ(service->propose(leader, request).error().code, "zones.sizes_incompatible");
    request.zones = 6;
    request.time_limit_seconds = 61;
    EXPECT_EQ(service->propose(leader, request).error().code, "planning.bad_time_limit");
    request.time_limit_seconds = 20;
    EXPECT_EQ(service->propose(township_staff(), request).error().kind, ErrorKind::forbidden);
}

TEST_F(ZonePlanningStorageTest, AProposalNeedsEveryProfile) {
    ASSERT_TRUE(database
                    ->write([](Session& s) {
                        s.exec("DELETE FROM township_profiles WHERE township_code IN ('410225401', '410225402')");
                    })
                    .ok());
    services::ProposalRequest request;
    request.zones = 6;
    auto refused = service->propose(leader, request);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "planning.missing_profiles");
    EXPECT_NE(refused.error().message_zh.find("仪封园艺场"), std::string::npos) << refused.error().message_zh;
    EXPECT_NE(refused.error().message_en.find("410225402"), std::string::npos) << refused.error().message_en;
}

TEST_F(ZonePlanningStorageTest, AdoptingFromAFutureDateKeepsTodayAndHistory) {
    services::ProposalRequest request;
    request.zones = 6;
    auto proposal = service->propose(leader, request).value();
    const auto today = d("2026-11-25");
    const auto effective = d("2027-01-01");
    const auto before_today = zoning_on(today);
    const auto memberships_before = count("zone_memberships");

    services::AdoptionRequest adoption;
    adoption.effective = effective;
    adoption.min_size = 2;
    adoption.max_size = 6;
    adoption.seed = 1;
    adoption.plan_status.emplace("optimal");
    for (const auto& zone : proposal.zones) adoption.zones.push_back({zone.match_zone_id, "", zone.figures.townships});
    auto adopted = service->adopt(leader, adoption);
    ASSERT_TRUE(adopted.ok()) << adopted.error().message_en;
    EXPECT_GT(adopted->id, 0);
    EXPECT_EQ(adopted->zone_count, 6);
    EXPECT_EQ(adopted->zones_created, 0);
    EXPECT_GT(adopted->memberships_opened, 0);
    EXPECT_EQ(adopted->memberships_closed, adopted->memberships_opened);
    ASSERT_TRUE(adopted->objective && adopted->previous_cost);
    EXPECT_NEAR(*adopted->objective, *proposal.objective, 1e-6);
    EXPECT_NEAR(*adopted->previous_cost, *proposal.current_cost, 1e-6);
    EXPECT_EQ(count("zone_memberships"), memberships_before + adopted->memberships_opened);

    // Today unchanged; from the effective date every township is where the plan put it.
    EXPECT_EQ(zoning_on(today), before_today);
    EXPECT_EQ(zoning_on(d("2026-12-31")), before_today);
    auto after = zoning_on(effective);
    ASSERT_EQ(after.size(), 22u);
    for (std::size_t i = 0; i < proposal.zones.size(); ++i) {
        for (const auto& code : proposal.zones[i].figures.townships) {
            EXPECT_EQ(after[code], adopted->zones[i].name) << code;
        }
    }
    EXPECT_NE(after, before_today);
    // History: a moved township has its old membership closed on the effective date.
    for (const auto& [code, zone] : after) {
        if (before_today.at(code) == zone) continue;
        auto history = org_service->township_history(leader, code).value();
        ASSERT_EQ(history.size(), 2u) << code;
        EXPECT_EQ(history[0].to, effective);
        EXPECT_EQ(history[1].from, effective);
        EXPECT_FALSE(history[1].to.has_value());
    }
    auto listed = service->adoptions(leader).value();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].effective, effective);
    EXPECT_EQ(listed[0].zones.size(), 6u);
    EXPECT_EQ(listed[0].seed, std::optional<std::uint64_t>(1));

    // An earlier date now would rewrite history: refused, and nothing at all is written.
    const auto adoptions_before = count("zone_plan_adoptions");
    const auto memberships_now = count("zone_memberships");
    auto back = adoption;
    back.effective = d("2026-12-15");
    std::swap(back.zones[0].townships, back.zones[1].townships);
    auto refused = service->adopt(leader, back);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "zone.membership_backdated");
    EXPECT_EQ(count("zone_plan_adoptions"), adoptions_before);
    EXPECT_EQ(count("zone_memberships"), memberships_now);
    // The same plan again from the same date: nothing to change.
    EXPECT_EQ(service->adopt(leader, adoption).error().code, "zones.adopt_unchanged");
}

TEST_F(ZonePlanningStorageTest, AdoptionValidatesThePlanAndCreatesNewZonesAtomically) {
    auto zones = org_service->zones_as_of(leader, "410225", d("2026-11-25")).value();
    ASSERT_EQ(zones.size(), 6u);
    auto codes_of = [](const services::ZoneView& v) {
        std::vector<std::string> out;
        for (const auto& t : v.townships) out.push_back(t.code);
        return out;
    };
    services::AdoptionRequest base;
    base.effective = d("2027-03-01");
    for (const auto& v : zones) base.zones.push_back({v.zone.id, "", codes_of(v)});

    auto incomplete = base;
    incomplete.zones[0].townships.pop_back();
    auto refused = service->adopt(leader, incomplete);
    EXPECT_EQ(refused.error().code, "zones.adopt_incomplete");
    EXPECT_NE(refused.error().message_zh.find("固阳农科所"), std::string::npos) << refused.error().message_zh;
    auto twice = base;
    twice.zones[1].townships.push_back(twice.zones[0].townships[0]);
    EXPECT_EQ(service->adopt(leader, twice).error().code, "zones.adopt_duplicate");
    auto unknown = base;
    unknown.zones[0].townships.push_back("410225999");
    EXPECT_EQ(service->adopt(leader, unknown).error().code, "zones.unknown_township");
    auto same_zone = base;
    same_zone.zones[1].zone_id = same_zone.zones[0].zone_id;
    EXPECT_EQ(service->adopt(leader, same_zone).error().code, "zones.adopt_zone_twice");
    auto missing_zone = base;
    missing_zone.zones[0].zone_id = 999999;
    EXPECT_EQ(service->adopt(leader, missing_zone).error().kind, ErrorKind::not_found);
    auto duplicate_name = base;
    duplicate_name.zones.push_back({std::nullopt, "城区协作区", {}});
    duplicate_name.zones.back().townships.push_back(duplicate_name.zones[1].townships.back());
    duplicate_name.zones[1].townships.pop_back();
    EXPECT_EQ(service->adopt(leader, duplicate_name).error().code, "zone.duplicate_name");
    EXPECT_EQ(service->adopt(township_staff(), base).error().kind, ErrorKind::forbidden);
    EXPECT_EQ(count("zone_plan_adoptions"), 0);

    // A seventh zone, new: created in the same transaction as the memberships.
    auto seven = base;
    seven.zones.push_back({std::nullopt, "西关协作区", {"410225404"}});
    auto& city = seven.zones[1].townships;  // 城区协作区
    city.erase(std::remove(city.begin(), city.end(), "410225404"), city.end());
    const auto zone_count = org_service->zones_as_of(leader, "410225", d("2026-11-25")).value().size();
    auto adopted = service->adopt(leader, seven);
    ASSERT_TRUE(adopted.ok()) << adopted.error().message_en;
    EXPECT_EQ(adopted->zones_created, 1);
    EXPECT_EQ(adopted->memberships_opened, 1);
    EXPECT_TRUE(adopted->zones.back().created);
    EXPECT_GT(adopted->zones.back().zone_id, 0);
    EXPECT_EQ(org_service->zones_as_of(leader, "410225", d("2026-11-25")).value().size(), zone_count + 1);
    EXPECT_EQ(zoning_on(d("2027-03-01"))["410225404"], "西关协作区");
    EXPECT_EQ(zoning_on(d("2027-02-28"))["410225404"], "城区协作区");
}

TEST_F(ZonePlanningStorageTest, RotationPlansObeyTheRulesAndAreRecordedWithTheirSeed) {
    services::RotationRequest request;
    request.zone_id = 2;  // 城区协作区: four townships → the ordered-pairs relaxation
    request.rounds = 3;
    auto small = service->plan_rotation(leader, request);
    ASSERT_TRUE(small.ok()) << small.error().message_en;
    EXPECT_EQ(small->pool_kind, "zone");
    EXPECT_EQ(small->members.size(), 4u);
    EXPECT_EQ(small->rule, "ordered_pairs");
    EXPECT_LE(small->seed, services::k_max_plan_seed);

    services::RotationRequest county;
    for (const auto& t : lankao().townships) county.townships.push_back(t.code);
    county.rounds = 6;
    county.seed = 20261125;
    county.forbidden = {{"410225101", "410225102"}, {"410225001", "410225002"}};
    county.title = "2027年上半年交叉互查";
    county.starts_on = d("2027-01-04");
    auto plan = service->plan_rotation(leader, county);
    ASSERT_TRUE(plan.ok()) << plan.error().message_en;
    EXPECT_EQ(plan->rule, "strict");
    EXPECT_EQ(plan->method, "search");
    EXPECT_EQ(plan->seed, 20261125u);
    ASSERT_EQ(plan->rounds.size(), 6u);
    std::vector<std::pair<int, int>> forbidden = {{3, 4}, {0, 1}};
    for (std::size_t r = 0; r < plan->rounds.size(); ++r) {
        const auto previous = r == 0 ? std::vector<int>{} : plan->rounds[r - 1];
        EXPECT_EQ(planning::rotation_violation(plan->rounds[r], previous, forbidden, planning::RotationRule::strict),
                  "")
            << "round " << r + 1;
    }
    // Read back exactly; newest first.
    auto listed = service->rotations(leader).value();
    ASSERT_EQ(listed.size(), 2u);
    const auto& back = listed[0];
    EXPECT_EQ(back.id, plan->id);
    EXPECT_EQ(back.title, "2027年上半年交叉互查");
    EXPECT_EQ(back.seed, 20261125u);
    EXPECT_EQ(back.starts_on, d("2027-01-04"));
    EXPECT_EQ(back.rounds, plan->rounds);
    EXPECT_EQ(back.members.size(), 22u);
    EXPECT_EQ(back.forbidden.size(), 2u);
    EXPECT_EQ(back.created_by, "console");
    // The same seed reproduces the rounds (an auditor's check).
    auto again = service->plan_rotation(leader, county).value();
    EXPECT_EQ(again.rounds, plan->rounds);

    // Refusals: a pool of two, an unknown member, a forbidden pair with itself, two pools.
    services::RotationRequest two;
    two.townships = {"410225101", "410225102"};
    two.rounds = 1;
    auto refused = service->plan_rotation(leader, two);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "rotation.infeasible");
    EXPECT_FALSE(refused.error().message_zh.empty());
    auto odd = county;
    odd.forbidden = {{"410225101", "410226101"}};
    EXPECT_EQ(service->plan_rotation(leader, odd).error().code, "rotation.unknown_member");
    odd.forbidden = {{"410225101", "410225101"}};
    EXPECT_EQ(service->plan_rotation(leader, odd).error().code, "rotation.self_pair");
    auto both = county;
    both.zone_id = 1;
    EXPECT_EQ(service->plan_rotation(leader, both).error().code, "rotation.bad_pool");
    EXPECT_EQ(service->plan_rotation(township_staff(), county).error().kind, ErrorKind::forbidden);
    EXPECT_EQ(service->rotations(township_staff()).error().kind, ErrorKind::forbidden);

    // A pool of zones: zone inspects zone.
    services::RotationRequest zones;
    zones.zone_ids = {1, 2, 3, 4, 5, 6};
    zones.rounds = 4;
    auto by_zone = service->plan_rotation(leader, zones);
    ASSERT_TRUE(by_zone.ok()) << by_zone.error().message_en;
    EXPECT_EQ(by_zone->pool_kind, "zones");
    EXPECT_EQ(by_zone->members[0].name, "南部协作区");
}

// A repository whose profile read waits until released, so a solve can be held "under way".
class HeldRepository final : public services::ZonePlanningRepository {
  public:
    explicit HeldRepository(services::ZonePlanningRepository& inner) : m_inner(inner) {}
    std::promise<void> entered;
    std::shared_future<void> release;

    Result<std::vector<TownshipProfile>> profiles(std::string_view county) override {
        if (m_hold.exchange(false)) {
            entered.set_value();
            release.wait();
        }
        return m_inner.profiles(county);
    }
    Result<void> save_profile(const TownshipProfile& p) override { return m_inner.save_profile(p); }
    Result<int> add_missing_profiles(const std::vector<TownshipProfile>& p) override {
        return m_inner.add_missing_profiles(p);
    }
    Result<services::AdoptionRecord> apply_adoption(const services::AdoptionWrite& w) override {
        return m_inner.apply_adoption(w);
    }
    Result<std::vector<services::AdoptionRecord>> adoptions(std::string_view c, int l) override {
        return m_inner.adoptions(c, l);
    }
    Result<services::RotationRecord> add_rotation(const services::RotationRecord& r) override {
        return m_inner.add_rotation(r);
    }
    Result<std::vector<services::RotationRecord>> rotations(std::string_view c, int l) override {
        return m_inner.rotations(c, l);
    }

  private:
    services::ZonePlanningRepository& m_inner;
    std::atomic<bool> m_hold{true};
};

TEST_F(ZonePlanningStorageTest, OneSolvePerCountyAtATime) {
    HeldRepository held(*planning_repository);
    std::promise<void> gate;
    held.release = gate.get_future().share();
    services::ZonePlanningService held_service(held, *organisation, clock);
    services::ProposalRequest request;
    request.zones = 6;
    auto first = std::async(std::launch::async, [&] { return held_service.propose(leader, request); });
    held.entered.get_future().wait();
    auto second = held_service.propose(leader, request);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().kind, ErrorKind::too_many);
    EXPECT_EQ(second.error().code, "planning.busy");
    gate.set_value();
    auto done = first.get();
    ASSERT_TRUE(done.ok()) << done.error().message_en;
    EXPECT_EQ(done->status, "optimal");
    EXPECT_TRUE(held_service.propose(leader, request).ok()) << "the mark is released when a solve ends";
}

}  // namespace
}  // namespace xzq::storage
