#pragma once
// Access control as values and pure rules: the one registry of actions, the built-in roles and
// what each grants, data scopes and whether a scope covers a record. The HTTP layer asks these
// questions for every route; services ask them for every record.
//
// Separation of duties (等保 level 3, 三员分立): system_admin runs accounts and system settings,
// security_admin grants roles and scopes and sets security policy, audit_admin reads the audit
// log. None holds another's actions, and none of the three sees case data.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xzq::domain {

// Every action a route or use case may require. Add new actions here and to k_all_actions.
enum class Action {
    org_read,       // organisation tree, zones, township and village data
    org_write,      // departments, zones, memberships
    people_read,    // people and cadres in scope
    people_write,   // add or change people, relationships, entry/exit records
    people_import,  // bulk import of people
    secondment_read,
    secondment_write,  // a zone chief seconds cadres within the zone
    users_read,
    users_write,       // create, disable, reset accounts (system_admin)
    roles_write,       // grant and revoke roles and scopes (security_admin)
    audit_read,        // browse and export the audit log (audit_admin)
    self_service,      // own session, password, two-factor
    report_read,       // reports (信访举报) in scope; asking to see a sealed reporter
    report_register,   // 信访室: register reports from every channel, route them, judge repeats
    report_handle,     // accept, conclude and answer reports routed to one's level
    report_intake,     // 村级监察信息员: register what villagers report
    reporter_custody,  // 信访室主任: decide requests to see a sealed reporter
    deadline_read,     // deadlines and overdue boards in scope
    calendar_write,    // the holiday calendar (system_admin)
    case_read,         // case files (线索、案件、卷宗) in scope
    case_handle,       // 承办: dispose, verify, investigate, announce, execute, follow up, documents
    case_approve,      // record an approval of a step (纪委书记、党委、区长、县审理室 …)
    case_review,       // 审理
    case_escalate,     // ask for, forward and analyse escalation / 异地办案
    case_assign,       // decide jurisdiction, confirm or change the 异地办案 team
    case_appeal,       // 申诉复查
    case_archive,      // 立卷归档 at the county archive
};

std::string_view to_string(Action action);
std::optional<Action> action_from_string(std::string_view text);
const std::vector<Action>& all_actions();

enum class ScopeKind { county, zone, township, own, shared };

// A data scope attached to a role assignment, written `county:410225`, `zone:3`,
// `township:410225101`, `own` or `shared`.
struct Scope {
    ScopeKind kind = ScopeKind::own;
    std::string value;  // the county code, zone id or township code; empty for own/shared

    [[nodiscard]] std::string to_string() const;
    bool operator==(const Scope&) const = default;
};

std::optional<Scope> parse_scope(std::string_view text);

struct RoleGrant {
    std::string role;  // a built-in role identifier or a custom role's name
    Scope scope;
    // The actions of a custom role, resolved when the principal is built; empty for built-in
    // roles, whose actions come from the built-in table.
    std::vector<Action> custom_actions = {};
};

// A role a county's security administrator defines: a name and a set of actions.
struct CustomRole {
    std::string name;
    std::vector<Action> actions;
};

// Custom roles keep the separation of duties: a role may hold the actions of at most one of the
// three administrators' areas (accounts, grants, audit), and then no business action. Returns
// a reason when the role is refused, or nullopt.
struct RoleRefusal {
    std::string code;
    std::string message_zh;
    std::string message_en;
};
std::optional<RoleRefusal> check_custom_role(const CustomRole& role);

// Who is asking: a signed-in user with their role grants.
struct Principal {
    long long user_id = 0;
    std::string username;
    std::string county_code;
    std::optional<long long> person_id;
    std::vector<RoleGrant> grants;
};

// Built-in role identifiers, as the issue names them.
const std::vector<std::string>& builtin_roles();
bool is_builtin_role(std::string_view role);
// The actions a built-in role grants (empty for an unknown role).
std::vector<Action> builtin_role_actions(std::string_view role);

// Where a record sits, for scope checks. The zones are those the township belongs to on the
// day of the check (services resolve them).
struct RecordLocation {
    std::string county_code;
    std::optional<std::string> township_code;
    std::vector<std::string> zone_ids;
    std::optional<long long> owner_user_id;
    std::vector<long long> shared_with_user_ids;
};

bool scope_covers(const Scope& scope, const RecordLocation& location, long long user_id);

// The actions a grant gives: its custom role's, or the built-in role's.
std::vector<Action> actions_of(const RoleGrant& grant);

// True when some grant of the principal gives `action` (whatever its scope).
bool may(const Principal& principal, Action action);
// True when some grant gives `action` with a scope covering the record.
bool may_on(const Principal& principal, Action action, const RecordLocation& location);

}  // namespace xzq::domain
