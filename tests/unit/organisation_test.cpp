// Pure rules of the organisation: dates, units, zone leaders and dated zone membership.
#include "domain/organisation.hpp"

#include <gtest/gtest.h>

namespace xzq::domain {
namespace {

Date d(const char* text) {
    return parse_date(text).value();
}

TEST(Dates, ParseOnlyRealCalendarDays) {
    EXPECT_EQ(format_date(d("2024-02-29")), "2024-02-29");
    EXPECT_FALSE(parse_date("2023-02-29"));
    EXPECT_FALSE(parse_date("2024-13-01"));
    EXPECT_FALSE(parse_date("2024-1-01"));
    EXPECT_FALSE(parse_date("2024/01/01"));
    EXPECT_FALSE(parse_date(""));
    EXPECT_FALSE(parse_date("2024-01-01x"));
    EXPECT_EQ(format_date(add_days(d("2024-12-31"), 1)), "2025-01-01");
    auto bad = parse_date_field("31/12/2024", "生效日期", "effective date");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message_zh.find("生效日期"), std::string::npos);
}

TEST(OrgUnits, TypesRoundTripAndNameInChinese) {
    for (auto type : all_org_unit_types()) {
        EXPECT_EQ(org_unit_type_from_string(to_string(type)), type);
        EXPECT_FALSE(chinese_name(type).empty());
    }
    EXPECT_EQ(to_string(OrgUnitType::township_supervision_office), "TOWNSHIP_SUPERVISION_OFFICE");
    EXPECT_FALSE(org_unit_type_from_string("township"));
}

TEST(OrgUnits, ShapeRules) {
    OrgUnit department{0,
                       "410225",
                       OrgUnitType::department,
                       "第一监督检查室",
                       1,
                       DepartmentKind::supervision,
                       std::nullopt,
                       std::nullopt,
                       0};
    EXPECT_TRUE(validate_org_unit(department).ok());
    auto no_kind = department;
    no_kind.department_kind.reset();
    EXPECT_EQ(validate_org_unit(no_kind).error().code, "org.unit_department_kind");
    auto no_name = department;
    no_name.name.clear();
    EXPECT_EQ(validate_org_unit(no_name).error().code, "org.unit_bad_name");

    OrgUnit township{0,
                     "410225",
                     OrgUnitType::township_commission,
                     "堌阳镇纪委",
                     std::nullopt,
                     std::nullopt,
                     std::string("410225101"),
                     std::nullopt,
                     0};
    EXPECT_TRUE(validate_org_unit(township).ok());
    auto elsewhere = township;
    elsewhere.township_code = "410226101";  // another county
    EXPECT_EQ(validate_org_unit(elsewhere).error().code, "org.unit_township");
    auto missing = township;
    missing.township_code.reset();
    EXPECT_FALSE(validate_org_unit(missing).ok());

    OrgUnit village{0,
                    "410225",
                    OrgUnitType::village_supervision_committee,
                    "某村村务监督委员会",
                    std::nullopt,
                    std::nullopt,
                    std::string("410225101"),
                    std::string("410225101201"),
                    0};
    EXPECT_TRUE(validate_org_unit(village).ok());
    village.village_code = "410225102201";  // not in its township
    EXPECT_EQ(validate_org_unit(village).error().code, "org.unit_village");

    OrgUnit commission{0,
                       "410225",
                       OrgUnitType::county_commission,
                       "兰考县纪委监委",
                       std::nullopt,
                       std::nullopt,
                       std::string("410225101"),
                       std::nullopt,
                       0};
    EXPECT_FALSE(validate_org_unit(commission).ok()) << "a county unit has no township";
}

TEST(ZoneTitles, ConfigurableButNotEmpty) {
    ZoneTitles defaults;
    EXPECT_EQ(defaults.chief, "区长");
    EXPECT_EQ(defaults.deputy, "副区长");
    EXPECT_TRUE(validate_zone_titles({"片区组长", "片区副组长"}).ok());
    EXPECT_FALSE(validate_zone_titles({"", "副组长"}).ok());
}

TEST(ZoneMembership, FirstMoveOpensAMembership) {
    auto plan = plan_rezoning({}, "410225101", 7, d("2024-01-01")).value();
    EXPECT_FALSE(plan.close);
    ASSERT_TRUE(plan.open);
    EXPECT_EQ(plan.open->zone_id, 7);
    EXPECT_EQ(plan.open->from, d("2024-01-01"));
    EXPECT_FALSE(plan.open->to);
}

TEST(ZoneMembership, MovingClosesTheOldAndOpensTheNew) {
    std::vector<ZoneMembership> history = {{1, 7, "410225101", d("2024-01-01"), std::nullopt}};
    auto plan = plan_rezoning(history, "410225101", 8, d("2025-07-01")).value();
    ASSERT_TRUE(plan.close && plan.open);
    EXPECT_EQ(plan.close->id, 1);
    EXPECT_EQ(plan.close->to, d("2025-07-01"));
    EXPECT_EQ(plan.open->zone_id, 8);
    EXPECT_EQ(plan.open->from, d("2025-07-01"));
}

TEST(ZoneMembership, SameZoneIsNoChange) {
    std::vector<ZoneMembership> history = {{1, 7, "410225101", d("2024-01-01"), std::nullopt}};
    auto plan = plan_rezoning(history, "410225101", 7, d("2025-07-01")).value();
    EXPECT_FALSE(plan.close);
    EXPECT_FALSE(plan.open);
}

TEST(ZoneMembership, HistoryIsNeverRewritten) {
    std::vector<ZoneMembership> history = {
        {1, 7, "410225101", d("2024-01-01"), d("2025-01-01")},
        {2, 8, "410225101", d("2025-01-01"), std::nullopt},
    };
    auto same_day = plan_rezoning(history, "410225101", 9, d("2025-01-01"));
    ASSERT_FALSE(same_day.ok());
    EXPECT_EQ(same_day.error().code, "zone.membership_backdated");
    EXPECT_FALSE(plan_rezoning(history, "410225101", 9, d("2024-06-01")).ok());
    EXPECT_TRUE(plan_rezoning(history, "410225101", 9, d("2025-01-02")).ok());
    EXPECT_FALSE(plan_rezoning(history, "41022510", 9, d("2026-01-01")).ok()) << "bad code";
}

TEST(ZoneMembership, LeavingNeedsAnOpenMembership) {
    EXPECT_EQ(plan_leaving({}, "410225101", d("2025-01-01")).error().code, "zone.no_membership");
    std::vector<ZoneMembership> history = {{1, 7, "410225101", d("2024-01-01"), std::nullopt}};
    auto closed = plan_leaving(history, "410225101", d("2025-01-01")).value();
    EXPECT_EQ(closed.to, d("2025-01-01"));
}

TEST(ZoneMembership, AsOfADayAnswersThatDaysZones) {
    std::vector<ZoneMembership> all = {
        {1, 7, "410225101", d("2024-01-01"), d("2025-07-01")},
        {2, 8, "410225101", d("2025-07-01"), std::nullopt},
        {3, 7, "410225102", d("2024-01-01"), std::nullopt},
    };
    auto before = memberships_as_of(all, d("2025-06-30"));
    ASSERT_EQ(before.size(), 2u);
    EXPECT_EQ(before[0].zone_id, 7);
    auto after = memberships_as_of(all, d("2025-07-01"));
    ASSERT_EQ(after.size(), 2u);
    EXPECT_EQ(after[0].zone_id, 8) << "the change takes effect on its day";
    EXPECT_TRUE(memberships_as_of(all, d("2023-12-31")).empty());
}

TEST(ZoneLeaders, ChiefIsACommissionLeaderDeputyASupervisionDirector) {
    OrgUnit commission{1,
                       "410225",
                       OrgUnitType::county_commission,
                       "兰考县纪委监委",
                       std::nullopt,
                       std::nullopt,
                       std::nullopt,
                       std::nullopt,
                       0};
    OrgUnit standing{
        2, "410225", OrgUnitType::standing_committee, "常委会", 1, std::nullopt, std::nullopt, std::nullopt, 0};
    OrgUnit supervision{3,
                        "410225",
                        OrgUnitType::department,
                        "第一监督检查室",
                        1,
                        DepartmentKind::supervision,
                        std::nullopt,
                        std::nullopt,
                        0};
    OrgUnit review{
        4, "410225", OrgUnitType::department, "案件审理室", 1, DepartmentKind::review, std::nullopt, std::nullopt, 0};
    LeaderCandidate leader{10, "甲", "410225", false, false, commission};
    LeaderCandidate member{11, "乙", "410225", false, false, standing};
    LeaderCandidate director{12, "丙", "410225", false, true, supervision};
    LeaderCandidate clerk{13, "丁", "410225", false, false, supervision};
    LeaderCandidate reviewer{14, "戊", "410225", false, true, review};
    EXPECT_TRUE(check_zone_chief(leader, "410225").ok());
    EXPECT_TRUE(check_zone_chief(member, "410225").ok());
    EXPECT_FALSE(check_zone_chief(director, "410225").ok());
    EXPECT_FALSE(check_zone_chief(leader, "410226").ok()) << "another county";
    auto exited = leader;
    exited.exited = true;
    EXPECT_FALSE(check_zone_chief(exited, "410225").ok());
    EXPECT_TRUE(check_zone_deputy(director, "410225").ok());
    EXPECT_EQ(check_zone_deputy(clerk, "410225").error().code, "zone.deputy_not_director");
    EXPECT_FALSE(check_zone_deputy(reviewer, "410225").ok());
    EXPECT_FALSE(check_zone_deputy(leader, "410225").ok());
}

}  // namespace
}  // namespace xzq::domain
