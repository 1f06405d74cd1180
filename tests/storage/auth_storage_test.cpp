// Accounts, sessions and the audit log through the real services on real databases (SQLite and
// PostgreSQL), with a manual clock so expiry and throttling are tested at any date.
#include <gtest/gtest.h>

#include "scratch_database.hpp"
#include "security/totp.hpp"
#include "services/auth_service.hpp"
#include "services/user_admin_service.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_auth_repositories.hpp"
#include "storage/sql_org_repository.hpp"
#include "storage/sql_people_repository.hpp"

namespace xzq::storage {
namespace {

using namespace std::chrono_literals;

constexpr const char* k_password = "Lankao-2026-zone";

class AuthStorageTest : public ::testing::Test {
  protected:
    AuthStorageTest()
        : clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'795'000'000))),
          database(open()),
          users(*database),
          sessions(*database),
          log(*database),
          people(*database),
          audit(log, clock),
          auth(users, sessions, audit, hasher, clock),
          admin(users, people, audit, hasher, clock) {
        SqlOrgRepository org(*database);
        EXPECT_TRUE(org.save_county({"410225", "兰考县", "开封市", "河南省", {}}).ok());
    }

    std::unique_ptr<Database> open() {
        auto opened = open_database(scratch.url());
        if (!opened) throw std::runtime_error(opened.error().message_en);
        if (!migrate(**opened, "2026-11-24T00:00:00Z")) throw std::runtime_error("migration failed");
        return std::move(*opened);
    }

    std::int64_t create(const std::string& name, const std::string& role = "township_staff",
                        const std::string& scope = "township:410225101") {
        services::NewAccount account{"410225",     name,       "",
                                     std::nullopt, k_password, {{role, *domain::parse_scope(scope)}}};
        auto id = admin.create_account(account, {"cli", 0, "410225", "test"});
        EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message_en);
        return id.ok() ? *id : 0;
    }

    std::int64_t unix_now() const {
        return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
    }

    testing::ScratchDatabase scratch{"xzq_a"};
    ManualClock clock;
    security::PasswordHasher hasher{2};
    std::unique_ptr<Database> database;
    SqlUserRepository users;
    SqlSessionRepository sessions;
    SqlAuditLog log;
    SqlPeopleRepository people;
    services::AuditService audit;
    services::AuthService auth;
    services::UserAdminService admin;
};

TEST_F(AuthStorageTest, SignInIssuesASessionThatAuthenticates) {
    create("gystaff");
    auto signed_in = auth.sign_in("gystaff", k_password, "", "10.0.0.1");
    ASSERT_TRUE(signed_in.ok()) << signed_in.error().message_en;
    EXPECT_EQ(signed_in->principal.username, "gystaff");
    ASSERT_EQ(signed_in->principal.grants.size(), 1u);
    EXPECT_EQ(signed_in->principal.grants[0].scope.to_string(), "township:410225101");
    auto again = auth.authenticate(signed_in->token);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->csrf_token, signed_in->csrf_token);
    // The token itself is never stored, only its hash.
    auto stored = database->read(
        [&](Session& s) { return s.query("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {signed_in->token}); });
    EXPECT_EQ((*stored)[0].integer(0), 0);
}

TEST_F(AuthStorageTest, WrongPasswordUnknownUserAndDisabledAccountLookAlike) {
    auto id = create("gystaff");
    auto wrong = auth.sign_in("gystaff", "Wrong-password-1", "", "10.0.0.1");
    auto unknown = auth.sign_in("nobody", k_password, "", "10.0.0.1");
    ASSERT_TRUE(admin.set_active(id, false, {"cli", 0, "410225", "test"}).ok());
    auto disabled = auth.sign_in("gystaff", k_password, "", "10.0.0.1");
    for (const auto* result : {&wrong, &unknown, &disabled}) {
        ASSERT_FALSE(result->ok());
        EXPECT_EQ(result->error().code, "auth.bad_credentials");
    }
}

TEST_F(AuthStorageTest, IdleAndAbsoluteExpiry) {
    create("gystaff");
    auto first = auth.sign_in("gystaff", k_password, "", "10.0.0.1").value();
    clock.advance(29min);
    EXPECT_TRUE(auth.authenticate(first.token).ok());  // use refreshes the idle timer
    clock.advance(29min);
    EXPECT_TRUE(auth.authenticate(first.token).ok());
    clock.advance(31min);
    EXPECT_EQ(auth.authenticate(first.token).error().code, "auth.required");

    auto second = auth.sign_in("gystaff", k_password, "", "10.0.0.1").value();
    for (int i = 0; i < 26; ++i) {  // active all day: 26 × 28 min > 12 h
        clock.advance(28min);
        if (!auth.authenticate(second.token).ok()) {
            EXPECT_GE(i, 24) << "ended before its 12-hour lifetime";
            return;
        }
    }
    FAIL() << "a session outlived its absolute lifetime";
}

TEST_F(AuthStorageTest, ThrottlesAnAccountAfterFiveFailuresThenRecovers) {
    create("gystaff");
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(auth.sign_in("gystaff", "Wrong-password-1", "", "10.0.0.1").error().code, "auth.bad_credentials");
    auto blocked = auth.sign_in("gystaff", k_password, "", "10.0.0.2");
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.error().code, "auth.throttled");
    EXPECT_EQ(blocked.error().kind, ErrorKind::too_many);
    EXPECT_NE(blocked.error().message_zh.find("分钟后再试"), std::string::npos);
    clock.advance(16min);
    EXPECT_TRUE(auth.sign_in("gystaff", k_password, "", "10.0.0.1").ok());
}

TEST_F(AuthStorageTest, ThrottlesAnAddressAcrossAccounts) {
    create("gystaff");
    for (int i = 0; i < 20; ++i) (void)auth.sign_in("guess" + std::to_string(i), "Wrong-password-1", "", "10.9.9.9");
    EXPECT_EQ(auth.sign_in("gystaff", k_password, "", "10.9.9.9").error().code, "auth.throttled");
    EXPECT_TRUE(auth.sign_in("gystaff", k_password, "", "10.0.0.1").ok());
}

TEST_F(AuthStorageTest, SignOutEverywhereEndsEverySession) {
    create("gystaff");
    auto a = auth.sign_in("gystaff", k_password, "", "10.0.0.1").value();
    auto b = auth.sign_in("gystaff", k_password, "", "10.0.0.2").value();
    auto removed = auth.sign_out_everywhere(a.principal, "10.0.0.1");
    ASSERT_TRUE(removed.ok());
    EXPECT_EQ(*removed, 2);
    EXPECT_FALSE(auth.authenticate(a.token).ok());
    EXPECT_FALSE(auth.authenticate(b.token).ok());
}

TEST_F(AuthStorageTest, TwoFactorWithReplayProtectionAndSingleUseRecoveryCodes) {
    create("leader", "county_leader", "county:410225");
    auto session = auth.sign_in("leader", k_password, "", "10.0.0.1").value();
    auto setup = auth.begin_totp(session.principal);
    ASSERT_TRUE(setup.ok());
    auto secret = security::base32_decode(setup->secret_base32).value();
    EXPECT_FALSE(auth.enable_totp(session.principal, "000000", "x").ok() &&
                 security::totp_code(secret, unix_now()) != "000000");
    auto codes = auth.enable_totp(session.principal, security::totp_code(secret, unix_now()), "10.0.0.1");
    ASSERT_TRUE(codes.ok()) << codes.error().message_en;
    ASSERT_EQ(codes->size(), 10u);

    EXPECT_EQ(auth.sign_in("leader", k_password, "", "10.0.0.1").error().code, "auth.totp_required");
    clock.advance(30s);
    auto code = security::totp_code(secret, unix_now());
    EXPECT_TRUE(auth.sign_in("leader", k_password, code, "10.0.0.1").ok());
    EXPECT_EQ(auth.sign_in("leader", k_password, code, "10.0.0.1").error().code, "auth.bad_totp");  // replay

    EXPECT_TRUE(auth.sign_in("leader", k_password, (*codes)[0], "10.0.0.1").ok());
    EXPECT_FALSE(auth.sign_in("leader", k_password, (*codes)[0], "10.0.0.1").ok());  // used up
    EXPECT_TRUE(auth.sign_in("leader", k_password, (*codes)[1], "10.0.0.1").ok());
}

TEST_F(AuthStorageTest, PasswordChangeEndsOtherSessionsAndEnforcesPolicy) {
    create("gystaff");
    auto session = auth.sign_in("gystaff", k_password, "", "10.0.0.1").value();
    EXPECT_EQ(auth.change_password(session.principal, k_password, "short", "x").error().code, "auth.weak_password");
    EXPECT_EQ(auth.change_password(session.principal, "Wrong-password-1", "Another-2026-pass", "x").error().code,
              "auth.wrong_password");
    ASSERT_TRUE(auth.change_password(session.principal, k_password, "Another-2026-pass", "x").ok());
    EXPECT_FALSE(auth.authenticate(session.token).ok());
    EXPECT_TRUE(auth.sign_in("gystaff", "Another-2026-pass", "", "x").ok());
}

TEST_F(AuthStorageTest, AccountRulesNamesRolesAndScopes) {
    create("gystaff");
    services::Actor cli{"cli", 0, "410225", "test"};
    auto duplicate = admin.create_account({"410225", "gystaff", "", std::nullopt, k_password, {}}, cli);
    EXPECT_EQ(duplicate.error().code, "users.taken");
    EXPECT_EQ(admin.create_account({"410225", "Bad Name", "", std::nullopt, k_password, {}}, cli).error().code,
              "auth.bad_username");
    EXPECT_EQ(admin.create_account({"410225", "x1'--", "", std::nullopt, k_password, {}}, cli).error().code,
              "auth.bad_username");
    EXPECT_EQ(
        admin.create_account({"410225", "newbie", "", std::nullopt, k_password, {{"root", {}}}}, cli).error().code,
        "users.unknown_role");
    EXPECT_EQ(admin
                  .create_account({"410225",
                                   "newbie",
                                   "",
                                   std::nullopt,
                                   k_password,
                                   {{"county_leader", *domain::parse_scope("county:410226")}}},
                                  cli)
                  .error()
                  .code,
              "users.scope_other_county");
    auto count = database->read([](Session& s) { return s.query("SELECT COUNT(*) FROM users")[0].integer(0); });
    EXPECT_EQ(*count, 1);
}

TEST_F(AuthStorageTest, AccountsLinkOnlyToPeopleOfTheirCounty) {
    auto id = create("gystaff");
    services::Actor sys{"sysadmin", 0, "410225", "test"};
    EXPECT_EQ(admin.link_person(id, 999, sys).error().code, "users.no_such_person");
    domain::Person person;
    person.county_code = "410225";
    person.name = "张三";
    auto added = people.add_people({person}, {});
    ASSERT_TRUE(added.ok()) << added.error().message_en;
    ASSERT_TRUE(admin.link_person(id, added->at(0), sys).ok());
    EXPECT_EQ(users.user_by_id(id)->value().person_id, added->at(0));
    ASSERT_TRUE(admin.link_person(id, std::nullopt, sys).ok());
    EXPECT_FALSE(users.user_by_id(id)->value().person_id.has_value());
    EXPECT_EQ(audit.find({"410225", "sysadmin", "users.link_person", "", "", "", "", 0, 10})->size(), 2u);
}

TEST_F(AuthStorageTest, CustomRolesAreDefinedOnceGrantedAndResolved) {
    auto id = create("gystaff");
    services::Actor sec{"secadmin", 0, "410225", "test"};
    ASSERT_TRUE(admin.define_role({"inspector", {domain::Action::org_read, domain::Action::people_write}}, sec).ok());
    EXPECT_EQ(admin.define_role({"inspector", {domain::Action::org_read}}, sec).error().code, "roles.taken");
    EXPECT_EQ(
        admin.define_role({"superuser", {domain::Action::users_write, domain::Action::audit_read}}, sec).error().code,
        "roles.duties_mixed");
    EXPECT_EQ(admin.grant(id, {"ghost_role", *domain::parse_scope("own")}, sec).error().code, "users.unknown_role");
    ASSERT_TRUE(admin.grant(id, {"inspector", *domain::parse_scope("township:410225101")}, sec).ok());
    auto session = auth.sign_in("gystaff", k_password, "", "x").value();
    EXPECT_TRUE(domain::may(session.principal, domain::Action::people_write));
    services::Actor other{"secadmin", 0, "410226", "test"};
    EXPECT_TRUE(admin.custom_roles("410226")->empty()) << "custom roles belong to their county";
    (void)other;
}

TEST_F(AuthStorageTest, GrantsAndRevocationsTakeEffectAtOnce) {
    auto id = create("gystaff");
    services::Actor sec{"secadmin", 0, "410225", "test"};
    auto session = auth.sign_in("gystaff", k_password, "", "x").value();
    auto grant = admin.grant(id, {"zone_chief", *domain::parse_scope("zone:1")}, sec);
    ASSERT_TRUE(grant.ok());
    EXPECT_EQ(auth.authenticate(session.token)->principal.grants.size(), 2u);
    ASSERT_TRUE(admin.revoke(id, *grant, sec).ok());
    EXPECT_EQ(auth.authenticate(session.token)->principal.grants.size(), 1u);
    EXPECT_EQ(admin.revoke(id, *grant, sec).error().code, "users.no_such_grant");
    services::Actor other_county{"x", 0, "410226", "test"};
    EXPECT_EQ(admin.grant(id, {"zone_chief", *domain::parse_scope("zone:1")}, other_county).error().kind,
              ErrorKind::not_found);
}

TEST_F(AuthStorageTest, AuditRecordsLoginsAndChangesAndVerifies) {
    create("gystaff");
    (void)auth.sign_in("gystaff", "Wrong-password-1", "", "10.0.0.1");
    (void)auth.sign_in("gystaff", k_password, "", "10.0.0.1");
    auto entries = audit.find({"410225", "gystaff", "auth.login", "", "", "", "", 0, 100});
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ((*entries)[0].outcome, "ok");  // newest first
    EXPECT_EQ((*entries)[1].outcome, "failed");
    auto creation = audit.find({"410225", "cli", "users.create", "", "", "", "", 0, 100});
    ASSERT_EQ(creation->size(), 1u);
    auto verified = audit.verify();
    ASSERT_TRUE(verified.ok());
    EXPECT_FALSE(verified->first_break.has_value());
    EXPECT_EQ(verified->entries_checked, 3);
}

TEST_F(AuthStorageTest, TheProductCannotRewriteTheAuditLogAndTamperingIsFound) {
    create("gystaff");
    for (int i = 0; i < 4; ++i) (void)auth.sign_in("gystaff", k_password, "", "10.0.0.1");
    // Through the product's own connection, updates and deletes are refused.
    auto update = database->write([](Session& s) { s.exec("UPDATE audit_log SET actor = 'x' WHERE seq = 2"); });
    EXPECT_FALSE(update.ok());
    auto remove = database->write([](Session& s) { s.exec("DELETE FROM audit_log WHERE seq = 2"); });
    EXPECT_FALSE(remove.ok());
    EXPECT_FALSE(audit.verify()->first_break.has_value());

    // Someone with direct access to the database drops the guard and edits entry 3.
    if (testing::backend_name() == "postgresql") {
        scratch.run_outside_the_product(
            "DROP TRIGGER audit_log_append_only ON audit_log; UPDATE audit_log SET remote = '1.2.3.4' WHERE seq = 3");
    } else {
        scratch.run_outside_the_product(
            "DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET remote = '1.2.3.4' WHERE seq = 3");
    }
    auto verified = audit.verify();
    ASSERT_TRUE(verified.ok());
    ASSERT_TRUE(verified->first_break.has_value());
    EXPECT_EQ(verified->first_break->seq, 3);
}

TEST_F(AuthStorageTest, ConcurrentAppendsKeepOneChain) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                (void)audit.record({"410225", "t" + std::to_string(t), 0, "test.append", "ok", "", "", "{}", ""});
            }
        });
    }
    for (auto& thread : threads) thread.join();
    auto verified = audit.verify();
    ASSERT_TRUE(verified.ok());
    EXPECT_FALSE(verified->first_break.has_value());
    EXPECT_EQ(verified->entries_checked, 40);
}

}  // namespace
}  // namespace xzq::storage
