#include "services/user_admin_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/divisions.hpp"
#include "services/auth_service.hpp"

namespace xzq::services {

namespace {
Error no_such_user(std::int64_t id) {
    return make_error(ErrorKind::not_found, "users.not_found", fmt::format("用户 {} 不存在", id),
                      fmt::format("user {} does not exist", id));
}
}  // namespace

std::int64_t UserAdminService::now_seconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(m_clock.now().time_since_epoch()).count();
}

Result<void> UserAdminService::define_role(const domain::CustomRole& role, const Actor& actor) {
    if (auto refusal = domain::check_custom_role(role)) {
        return make_error(ErrorKind::invalid_input, refusal->code, refusal->message_zh, refusal->message_en);
    }
    XZQ_TRY(auto existing, m_users.custom_roles(actor.county_code));
    for (const auto& other : existing) {
        if (other.name == role.name) {
            return make_error(ErrorKind::conflict, "roles.taken", fmt::format("角色“{}”已存在", role.name),
                              fmt::format("the role '{}' exists already", role.name));
        }
    }
    XZQ_TRY_VOID(m_users.add_custom_role(actor.county_code, role, actor.name, now_seconds()));
    std::string actions;
    for (auto action : role.actions)
        actions += fmt::format("{}\"{}\"", actions.empty() ? "" : ",", domain::to_string(action));
    XZQ_TRY(auto seq, m_audit.record({actor.county_code, actor.name, actor.user_id, "roles.define", "ok", "role",
                                      role.name, fmt::format(R"({{"actions":[{}]}})", actions), actor.remote}));
    (void)seq;
    return Ok{};
}

Result<void> UserAdminService::check_grant(const domain::RoleGrant& grant, std::string_view county_code) {
    bool custom = false;
    if (!domain::is_builtin_role(grant.role)) {
        XZQ_TRY(auto roles, m_users.custom_roles(county_code));
        custom =
            std::any_of(roles.begin(), roles.end(), [&](const domain::CustomRole& r) { return r.name == grant.role; });
    }
    if (!domain::is_builtin_role(grant.role) && !custom) {
        return make_error(ErrorKind::invalid_input, "users.unknown_role", fmt::format("未知角色“{}”", grant.role),
                          fmt::format("unknown role '{}'", grant.role));
    }
    // A county scope must name the account's own county: tenants never mix.
    if (grant.scope.kind == domain::ScopeKind::county && grant.scope.value != county_code) {
        return make_error(ErrorKind::invalid_input, "users.scope_other_county", "数据范围只能是本县",
                          "the data scope must be the account's own county");
    }
    if (grant.scope.kind == domain::ScopeKind::township && !grant.scope.value.starts_with(county_code)) {
        return make_error(ErrorKind::invalid_input, "users.scope_other_county", "数据范围只能是本县的乡镇",
                          "the township must belong to the account's county");
    }
    return Ok{};
}

Result<void> UserAdminService::check_person(std::optional<std::int64_t> person_id, std::string_view county_code) {
    if (!person_id) return Ok{};
    XZQ_TRY(auto person, m_people.person(*person_id));
    if (!person || person->county_code != county_code) {
        return make_error(ErrorKind::invalid_input, "users.no_such_person",
                          fmt::format("人员 {} 不在本县干部库中", *person_id),
                          fmt::format("person {} is not in this county's cadre pool", *person_id));
    }
    return Ok{};
}

Result<void> UserAdminService::link_person(std::int64_t user_id, std::optional<std::int64_t> person_id,
                                           const Actor& actor) {
    XZQ_TRY(auto user, m_users.user_by_id(user_id));
    if (!user || user->county_code != actor.county_code) return no_such_user(user_id);
    XZQ_TRY_VOID(check_person(person_id, user->county_code));
    XZQ_TRY_VOID(m_users.set_person(user_id, person_id));
    XZQ_TRY(auto seq, m_audit.record({user->county_code, actor.name, actor.user_id, "users.link_person", "ok", "user",
                                      std::to_string(user_id),
                                      person_id ? fmt::format(R"({{"person_id":{}}})", *person_id)
                                                : std::string(R"({"person_id":null})"),
                                      actor.remote}));
    (void)seq;
    return Ok{};
}

Result<std::int64_t> UserAdminService::create_account(const NewAccount& account, const Actor& actor) {
    XZQ_TRY_VOID(check_username(account.username));
    if (!domain::is_county_code(account.county_code)) {
        return make_error(ErrorKind::invalid_input, "users.bad_county", "县级区划代码无效", "invalid county code");
    }
    if (account.display_name.size() > 100) {
        return make_error(ErrorKind::invalid_input, "users.bad_name", "姓名过长", "the display name is too long");
    }
    for (const auto& grant : account.grants) XZQ_TRY_VOID(check_grant(grant, account.county_code));
    XZQ_TRY_VOID(check_person(account.person_id, account.county_code));
    XZQ_TRY_VOID(security::check_password_policy(account.password, account.username));
    XZQ_TRY(auto existing, m_users.find_user(account.username));
    if (existing) {
        return make_error(ErrorKind::conflict, "users.taken", fmt::format("用户名“{}”已被使用", account.username),
                          fmt::format("the user name '{}' is taken", account.username));
    }
    XZQ_TRY(auto hash, m_hasher.hash(account.password));
    UserRecord user;
    user.county_code = account.county_code;
    user.username = account.username;
    user.display_name = account.display_name.empty() ? account.username : account.display_name;
    user.person_id = account.person_id;
    user.password_hash = std::move(hash);
    user.created_at = user.password_changed_at = now_seconds();
    XZQ_TRY(auto id, m_users.create_user(user, account.grants, actor.name));
    std::string roles;
    for (const auto& grant : account.grants) {
        roles += fmt::format("{}\"{}@{}\"", roles.empty() ? "" : ",", grant.role, grant.scope.to_string());
    }
    XZQ_TRY(auto seq,
            m_audit.record(
                {account.county_code, actor.name, actor.user_id, "users.create", "ok", "user", std::to_string(id),
                 fmt::format(R"({{"username":"{}","grants":[{}]}})", account.username, roles), actor.remote}));
    (void)seq;
    return id;
}

Result<std::int64_t> UserAdminService::grant(std::int64_t user_id, const domain::RoleGrant& grant, const Actor& actor) {
    XZQ_TRY(auto user, m_users.user_by_id(user_id));
    if (!user || user->county_code != actor.county_code) return no_such_user(user_id);
    XZQ_TRY_VOID(check_grant(grant, user->county_code));
    XZQ_TRY(auto id, m_users.add_grant(user_id, grant, actor.name, now_seconds()));
    XZQ_TRY(auto seq,
            m_audit.record(
                {user->county_code, actor.name, actor.user_id, "roles.grant", "ok", "user", std::to_string(user_id),
                 fmt::format(R"({{"grant_id":{},"role":"{}","scope":"{}"}})", id, grant.role, grant.scope.to_string()),
                 actor.remote}));
    (void)seq;
    return id;
}

Result<void> UserAdminService::revoke(std::int64_t user_id, std::int64_t grant_id, const Actor& actor) {
    XZQ_TRY(auto user, m_users.user_by_id(user_id));
    if (!user || user->county_code != actor.county_code) return no_such_user(user_id);
    XZQ_TRY(bool revoked, m_users.revoke_grant(user_id, grant_id, now_seconds()));
    if (!revoked) {
        return make_error(ErrorKind::not_found, "users.no_such_grant", "该授权不存在", "no such grant");
    }
    XZQ_TRY(auto seq,
            m_audit.record({user->county_code, actor.name, actor.user_id, "roles.revoke", "ok", "user",
                            std::to_string(user_id), fmt::format(R"({{"grant_id":{}}})", grant_id), actor.remote}));
    (void)seq;
    return Ok{};
}

Result<void> UserAdminService::set_active(std::int64_t user_id, bool active, const Actor& actor) {
    XZQ_TRY(auto user, m_users.user_by_id(user_id));
    if (!user || user->county_code != actor.county_code) return no_such_user(user_id);
    XZQ_TRY_VOID(m_users.set_active(user_id, active));
    XZQ_TRY(auto seq,
            m_audit.record({user->county_code, actor.name, actor.user_id, active ? "users.enable" : "users.disable",
                            "ok", "user", std::to_string(user_id), "{}", actor.remote}));
    (void)seq;
    return Ok{};
}

}  // namespace xzq::services
