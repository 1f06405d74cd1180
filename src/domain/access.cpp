#include "domain/access.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace xzq::domain {

namespace {

constexpr std::array<std::pair<Action, std::string_view>, 27> k_action_names{{
    {Action::org_read, "org.read"},
    {Action::org_write, "org.write"},
    {Action::people_read, "people.read"},
    {Action::people_write, "people.write"},
    {Action::people_import, "people.import"},
    {Action::secondment_read, "secondment.read"},
    {Action::secondment_write, "secondment.write"},
    {Action::users_read, "users.read"},
    {Action::users_write, "users.write"},
    {Action::roles_write, "roles.write"},
    {Action::audit_read, "audit.read"},
    {Action::self_service, "self.service"},
    {Action::report_read, "report.read"},
    {Action::report_register, "report.register"},
    {Action::report_handle, "report.handle"},
    {Action::report_intake, "report.intake"},
    {Action::reporter_custody, "reporter.custody"},
    {Action::deadline_read, "deadline.read"},
    {Action::calendar_write, "calendar.write"},
    {Action::case_read, "case.read"},
    {Action::case_handle, "case.handle"},
    {Action::case_approve, "case.approve"},
    {Action::case_review, "case.review"},
    {Action::case_escalate, "case.escalate"},
    {Action::case_assign, "case.assign"},
    {Action::case_appeal, "case.appeal"},
    {Action::case_archive, "case.archive"},
}};

using A = Action;

struct BuiltinRole {
    std::string_view name;
    std::vector<Action> actions;
};

const std::vector<BuiltinRole>& builtin_table() {
    static const std::vector<BuiltinRole> table = {
        {"system_admin",
         {A::users_read, A::users_write, A::org_read, A::org_write, A::calendar_write, A::self_service}},
        {"security_admin", {A::users_read, A::roles_write, A::self_service}},
        {"audit_admin", {A::audit_read, A::users_read, A::self_service}},
        {"county_leader",
         {A::org_read, A::org_write, A::people_read, A::people_write, A::people_import, A::secondment_read,
          A::secondment_write, A::report_read, A::report_handle, A::deadline_read, A::case_read, A::case_handle,
          A::case_approve, A::case_escalate, A::case_assign, A::case_appeal, A::case_archive, A::self_service}},
        {"county_staff",
         {A::org_read, A::people_read, A::people_write, A::people_import, A::secondment_read, A::report_read,
          A::report_handle, A::deadline_read, A::case_read, A::case_handle, A::case_approve, A::case_review,
          A::case_appeal, A::case_archive, A::self_service}},
        {"petition_staff",
         {A::org_read, A::people_read, A::report_read, A::report_register, A::report_handle, A::deadline_read,
          A::self_service}},
        {"petition_head",
         {A::org_read, A::people_read, A::report_read, A::report_register, A::report_handle, A::reporter_custody,
          A::deadline_read, A::self_service}},
        {"zone_chief",
         {A::org_read, A::people_read, A::people_write, A::secondment_read, A::secondment_write, A::report_read,
          A::report_handle, A::deadline_read, A::case_read, A::case_handle, A::case_approve, A::case_review,
          A::case_escalate, A::case_assign, A::self_service}},
        {"zone_deputy",
         {A::org_read, A::people_read, A::secondment_read, A::secondment_write, A::report_read, A::report_handle,
          A::deadline_read, A::case_read, A::case_handle, A::case_review, A::case_escalate, A::self_service}},
        {"township_secretary",
         {A::org_read, A::people_read, A::people_write, A::secondment_read, A::report_read, A::report_handle,
          A::deadline_read, A::case_read, A::case_handle, A::case_approve, A::case_escalate, A::case_appeal,
          A::self_service}},
        {"township_staff",
         {A::org_read, A::people_read, A::secondment_read, A::report_read, A::report_handle, A::deadline_read,
          A::case_read, A::case_handle, A::self_service}},
        {"township_supervisor",
         {A::org_read, A::people_read, A::secondment_read, A::report_read, A::deadline_read, A::case_read,
          A::self_service}},
        {"village_officer", {A::org_read, A::report_intake, A::self_service}},
    };
    return table;
}

bool is_digits(std::string_view text, std::size_t length) {
    return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view to_string(Action action) {
    for (const auto& [a, name] : k_action_names) {
        if (a == action) return name;
    }
    return "unknown";
}

std::optional<Action> action_from_string(std::string_view text) {
    for (const auto& [a, name] : k_action_names) {
        if (name == text) return a;
    }
    return std::nullopt;
}

const std::vector<Action>& all_actions() {
    static const std::vector<Action> actions = [] {
        std::vector<Action> out;
        for (const auto& entry : k_action_names) out.push_back(entry.first);
        return out;
    }();
    return actions;
}

std::string Scope::to_string() const {
    switch (kind) {
        case ScopeKind::county:
            return "county:" + value;
        case ScopeKind::zone:
            return "zone:" + value;
        case ScopeKind::township:
            return "township:" + value;
        case ScopeKind::own:
            return "own";
        case ScopeKind::shared:
            return "shared";
    }
    return "own";
}

std::optional<Scope> parse_scope(std::string_view text) {
    if (text == "own") return Scope{ScopeKind::own, ""};
    if (text == "shared") return Scope{ScopeKind::shared, ""};
    auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view kind = text.substr(0, colon);
    std::string value(text.substr(colon + 1));
    if (kind == "county" && is_digits(value, 6)) return Scope{ScopeKind::county, value};
    if (kind == "township" && is_digits(value, 9)) return Scope{ScopeKind::township, value};
    if (kind == "zone" && !value.empty() && value.size() <= 18 &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Scope{ScopeKind::zone, value};
    }
    return std::nullopt;
}

const std::vector<std::string>& builtin_roles() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& role : builtin_table()) out.emplace_back(role.name);
        return out;
    }();
    return names;
}

bool is_builtin_role(std::string_view role) {
    const auto& names = builtin_roles();
    return std::find(names.begin(), names.end(), role) != names.end();
}

std::vector<Action> builtin_role_actions(std::string_view role) {
    for (const auto& entry : builtin_table()) {
        if (entry.name == role) return entry.actions;
    }
    return {};
}

bool scope_covers(const Scope& scope, const RecordLocation& location, long long user_id) {
    switch (scope.kind) {
        case ScopeKind::county:
            return scope.value == location.county_code;
        case ScopeKind::township:
            return location.township_code && *location.township_code == scope.value;
        case ScopeKind::zone:
            return std::find(location.zone_ids.begin(), location.zone_ids.end(), scope.value) !=
                   location.zone_ids.end();
        case ScopeKind::own:
            return location.owner_user_id && *location.owner_user_id == user_id;
        case ScopeKind::shared:
            return std::find(location.shared_with_user_ids.begin(), location.shared_with_user_ids.end(), user_id) !=
                   location.shared_with_user_ids.end();
    }
    return false;
}

namespace {
bool grants(const RoleGrant& grant, Action action) {
    const auto actions = actions_of(grant);
    return std::find(actions.begin(), actions.end(), action) != actions.end();
}
}  // namespace

std::vector<Action> actions_of(const RoleGrant& grant) {
    return grant.custom_actions.empty() ? builtin_role_actions(grant.role) : grant.custom_actions;
}

std::optional<RoleRefusal> check_custom_role(const CustomRole& role) {
    bool name_ok = role.name.size() >= 3 && role.name.size() <= 32 &&
                   std::all_of(role.name.begin(), role.name.end(),
                               [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
    if (!name_ok) {
        return RoleRefusal{"roles.bad_name", "角色名应为 3 至 32 个小写字母、数字或下划线",
                           "a role name is 3 to 32 characters of a-z, 0-9 and '_'"};
    }
    if (is_builtin_role(role.name)) {
        return RoleRefusal{"roles.builtin_name", "不能使用内置角色的名称", "that name belongs to a built-in role"};
    }
    if (role.actions.empty()) {
        return RoleRefusal{"roles.no_actions", "角色至少需要一项权限", "a role needs at least one action"};
    }
    auto has = [&](Action a) { return std::find(role.actions.begin(), role.actions.end(), a) != role.actions.end(); };
    int admin_areas = has(Action::users_write) + has(Action::roles_write) + has(Action::audit_read);
    bool business = std::any_of(role.actions.begin(), role.actions.end(), [](Action a) {
        return a != Action::users_write && a != Action::roles_write && a != Action::audit_read &&
               a != Action::users_read && a != Action::self_service;
    });
    if (admin_areas > 1 || (admin_areas == 1 && business)) {
        return RoleRefusal{"roles.duties_mixed", "系统管理、安全保密管理、安全审计三类职责须分离，也不能与业务权限合并",
                           "account, grant and audit duties must stay separate and apart from business actions"};
    }
    return std::nullopt;
}

bool may(const Principal& principal, Action action) {
    return std::any_of(principal.grants.begin(), principal.grants.end(),
                       [&](const RoleGrant& grant) { return grants(grant, action); });
}

bool may_on(const Principal& principal, Action action, const RecordLocation& location) {
    if (location.county_code != principal.county_code) return false;  // tenants never mix
    return std::any_of(principal.grants.begin(), principal.grants.end(), [&](const RoleGrant& grant) {
        return grants(grant, action) && scope_covers(grant.scope, location, principal.user_id);
    });
}

}  // namespace xzq::domain
