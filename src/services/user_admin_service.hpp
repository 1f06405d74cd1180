#pragma once
// Accounts and role grants, as the three separated administrators manage them: system_admin
// creates and disables accounts (users.write), security_admin grants and revokes roles with
// their data scopes (roles.write). The command line acts as the installation's root operator.
// Every change is audited. Thread-safe when its ports are.
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "security/password.hpp"
#include "services/audit_service.hpp"
#include "services/auth_ports.hpp"
#include "services/people_ports.hpp"

namespace xzq::services {

struct NewAccount {
    std::string county_code;
    std::string username;
    std::string display_name;
    std::optional<std::int64_t> person_id;
    std::string password;
    std::vector<domain::RoleGrant> grants;
};

struct Actor {
    std::string name;  // user name, or "cli" for the command line
    std::int64_t user_id = 0;
    std::string county_code;
    std::string remote;
};

class UserAdminService {
  public:
    UserAdminService(UserRepository& users, PeopleRepository& people, AuditService& audit,
                     security::PasswordHasher& hasher, const Clock& clock)
        : m_users(users), m_people(people), m_audit(audit), m_hasher(hasher), m_clock(clock) {}

    Result<std::int64_t> create_account(const NewAccount& account, const Actor& actor);
    Result<std::int64_t> grant(std::int64_t user_id, const domain::RoleGrant& grant, const Actor& actor);
    Result<void> revoke(std::int64_t user_id, std::int64_t grant_id, const Actor& actor);
    Result<void> set_active(std::int64_t user_id, bool active, const Actor& actor);
    // Links the account to its person in the cadre pool (same county), or unlinks it.
    Result<void> link_person(std::int64_t user_id, std::optional<std::int64_t> person_id, const Actor& actor);
    Result<std::vector<UserRecord>> users(std::string_view county_code) { return m_users.users_of_county(county_code); }
    // Defines a custom role for the actor's county (security_admin); separation of duties holds.
    Result<void> define_role(const domain::CustomRole& role, const Actor& actor);
    Result<std::vector<domain::CustomRole>> custom_roles(std::string_view county_code) {
        return m_users.custom_roles(county_code);
    }
    Result<std::vector<GrantRecord>> grants(std::int64_t user_id) { return m_users.grants_of(user_id); }

  private:
    Result<void> check_grant(const domain::RoleGrant& grant, std::string_view county_code);
    Result<void> check_person(std::optional<std::int64_t> person_id, std::string_view county_code);
    std::int64_t now_seconds() const;

    UserRepository& m_users;
    PeopleRepository& m_people;
    AuditService& m_audit;
    security::PasswordHasher& m_hasher;
    const Clock& m_clock;
};

}  // namespace xzq::services
