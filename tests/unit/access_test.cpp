#include "domain/access.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace xzq::domain {
namespace {

bool role_has(const std::string& role, Action action) {
    auto actions = builtin_role_actions(role);
    return std::find(actions.begin(), actions.end(), action) != actions.end();
}

TEST(Access, ActionNamesRoundTrip) {
    for (auto action : all_actions()) EXPECT_EQ(action_from_string(to_string(action)), action);
    EXPECT_EQ(action_from_string("nothing.at.all"), std::nullopt);
}

TEST(Access, ScopesParseStrictly) {
    EXPECT_EQ(parse_scope("county:410225"), (Scope{ScopeKind::county, "410225"}));
    EXPECT_EQ(parse_scope("township:410225101"), (Scope{ScopeKind::township, "410225101"}));
    EXPECT_EQ(parse_scope("zone:3"), (Scope{ScopeKind::zone, "3"}));
    EXPECT_EQ(parse_scope("own"), (Scope{ScopeKind::own, ""}));
    EXPECT_EQ(parse_scope("county:41022"), std::nullopt);
    EXPECT_EQ(parse_scope("township:410225"), std::nullopt);
    EXPECT_EQ(parse_scope("zone:"), std::nullopt);
    EXPECT_EQ(parse_scope("zone:1; DROP TABLE users"), std::nullopt);
    EXPECT_EQ(parse_scope("province:41"), std::nullopt);
    EXPECT_EQ(parse_scope("county:410225")->to_string(), "county:410225");
}

TEST(Access, TheThirteenBuiltInRolesExist) {
    for (const char* role : {"system_admin", "security_admin", "audit_admin", "county_leader", "county_staff",
                             "petition_staff", "petition_head", "zone_chief", "zone_deputy", "township_secretary",
                             "township_staff", "township_supervisor", "village_officer"}) {
        EXPECT_TRUE(is_builtin_role(role)) << role;
        EXPECT_FALSE(builtin_role_actions(role).empty()) << role;
    }
    EXPECT_EQ(builtin_roles().size(), 13u);
    EXPECT_FALSE(is_builtin_role("root"));
}

// Only the 信访室 head keeps the key to a sealed reporter; nobody outside the 信访室 registers reports.
TEST(Access, OnlyThePetitionHeadDecidesReveals) {
    for (const auto& role : builtin_roles()) {
        auto actions = builtin_role_actions(role);
        bool custody = std::find(actions.begin(), actions.end(), Action::reporter_custody) != actions.end();
        bool registers = std::find(actions.begin(), actions.end(), Action::report_register) != actions.end();
        EXPECT_EQ(custody, role == "petition_head") << role;
        EXPECT_EQ(registers, role == "petition_head" || role == "petition_staff") << role;
    }
}

// 等保 level 3: the three administrators are separated; none can do another's work, and none
// of them reads case or people data.
TEST(Access, ThreeAdministratorsAreSeparated) {
    EXPECT_TRUE(role_has("system_admin", Action::users_write));
    EXPECT_FALSE(role_has("system_admin", Action::roles_write));
    EXPECT_FALSE(role_has("system_admin", Action::audit_read));
    EXPECT_TRUE(role_has("security_admin", Action::roles_write));
    EXPECT_FALSE(role_has("security_admin", Action::users_write));
    EXPECT_FALSE(role_has("security_admin", Action::audit_read));
    EXPECT_TRUE(role_has("audit_admin", Action::audit_read));
    EXPECT_FALSE(role_has("audit_admin", Action::users_write));
    EXPECT_FALSE(role_has("audit_admin", Action::roles_write));
    for (const char* admin : {"system_admin", "security_admin", "audit_admin"}) {
        EXPECT_FALSE(role_has(admin, Action::people_read)) << admin;
        EXPECT_FALSE(role_has(admin, Action::secondment_write)) << admin;
    }
}

Principal with(std::string role, std::string scope) {
    return Principal{7, "someone", "410225", std::nullopt, {{std::move(role), *parse_scope(scope)}}};
}

TEST(Access, ScopesCoverTheirRecordsOnly) {
    RecordLocation gu_yang{"410225", "410225101", {"1"}, std::nullopt, {}};
    RecordLocation nan_zhang{"410225", "410225102", {"2"}, std::nullopt, {}};
    RecordLocation other_county{"410226", "410226101", {"1"}, std::nullopt, {}};

    auto township = with("township_staff", "township:410225101");
    EXPECT_TRUE(may_on(township, Action::people_read, gu_yang));
    EXPECT_FALSE(may_on(township, Action::people_read, nan_zhang));
    EXPECT_FALSE(may_on(township, Action::people_write, gu_yang));  // role lacks the action

    auto zone = with("zone_chief", "zone:1");
    EXPECT_TRUE(may_on(zone, Action::people_read, gu_yang));
    EXPECT_FALSE(may_on(zone, Action::people_read, nan_zhang));
    EXPECT_FALSE(may_on(zone, Action::people_read, other_county));  // tenants never mix

    auto county = with("county_leader", "county:410225");
    EXPECT_TRUE(may_on(county, Action::people_read, nan_zhang));
    EXPECT_FALSE(may_on(county, Action::people_read, other_county));

    auto own = with("village_officer", "own");
    RecordLocation mine{"410225", std::nullopt, {}, 7, {}};
    RecordLocation theirs{"410225", std::nullopt, {}, 8, {}};
    EXPECT_TRUE(may_on(own, Action::org_read, mine));
    EXPECT_FALSE(may_on(own, Action::org_read, theirs));

    auto shared = with("county_staff", "shared");
    RecordLocation shared_with_me{"410225", "410225102", {}, std::nullopt, {3, 7}};
    EXPECT_TRUE(may_on(shared, Action::people_read, shared_with_me));
    EXPECT_FALSE(may_on(shared, Action::people_read, nan_zhang));
}

TEST(Access, CustomRolesKeepTheDutiesApart) {
    EXPECT_FALSE(check_custom_role({"inspector", {Action::org_read, Action::people_read}}).has_value());
    EXPECT_FALSE(check_custom_role({"account_clerk", {Action::users_read, Action::users_write}}).has_value());
    EXPECT_EQ(check_custom_role({"superuser", {Action::users_write, Action::roles_write}})->code, "roles.duties_mixed");
    EXPECT_EQ(check_custom_role({"nosy_admin", {Action::audit_read, Action::people_read}})->code, "roles.duties_mixed");
    EXPECT_EQ(check_custom_role({"zone_chief", {Action::org_read}})->code, "roles.builtin_name");
    EXPECT_EQ(check_custom_role({"Bad Name", {Action::org_read}})->code, "roles.bad_name");
    EXPECT_EQ(check_custom_role({"empty", {}})->code, "roles.no_actions");
}

TEST(Access, CustomRoleGrantsItsOwnActions) {
    Principal p{
        7, "x", "410225", std::nullopt, {{"inspector", *parse_scope("township:410225101"), {Action::people_read}}}};
    EXPECT_TRUE(may(p, Action::people_read));
    EXPECT_FALSE(may(p, Action::org_read));
    EXPECT_TRUE(may_on(p, Action::people_read, {"410225", "410225101", {}, std::nullopt, {}}));
    EXPECT_FALSE(may_on(p, Action::people_read, {"410225", "410225102", {}, std::nullopt, {}}));
}

}  // namespace
}  // namespace xzq::domain
