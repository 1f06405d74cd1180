#pragma once
// Ports for accounts, sessions and the audit log. Implementations are thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/access.hpp"
#include "security/audit_chain.hpp"

namespace xzq::services {

struct UserRecord {
    std::int64_t id = 0;
    std::string county_code;
    std::string username;
    std::string display_name;
    std::optional<std::int64_t> person_id;
    std::string password_hash;
    bool active = true;
    std::string totp_secret;  // raw bytes; empty when not set up
    bool totp_enabled = false;
    std::int64_t totp_last_step = 0;  // refuses replay of a code already used
    std::vector<std::string> recovery_code_hashes;
    std::int64_t created_at = 0;           // unix seconds
    std::int64_t password_changed_at = 0;  // unix seconds
};

struct GrantRecord {
    std::int64_t id = 0;
    domain::RoleGrant grant;
    std::string granted_by;
    std::int64_t granted_at = 0;
};

class UserRepository {
  public:
    virtual ~UserRepository() = default;
    virtual Result<std::optional<UserRecord>> find_user(std::string_view username) = 0;
    virtual Result<std::optional<UserRecord>> user_by_id(std::int64_t id) = 0;
    virtual Result<std::vector<UserRecord>> users_of_county(std::string_view county_code) = 0;
    // Creates the user with its grants; conflict when the name is taken.
    virtual Result<std::int64_t> create_user(const UserRecord& user, const std::vector<domain::RoleGrant>& grants,
                                             std::string_view granted_by) = 0;
    virtual Result<std::vector<GrantRecord>> grants_of(std::int64_t user_id) = 0;
    virtual Result<std::int64_t> add_grant(std::int64_t user_id, const domain::RoleGrant& grant,
                                           std::string_view granted_by, std::int64_t at) = 0;
    // False when the grant does not exist for this user.
    virtual Result<bool> revoke_grant(std::int64_t user_id, std::int64_t grant_id, std::int64_t at) = 0;
    virtual Result<void> set_password(std::int64_t user_id, const std::string& hash, std::int64_t at) = 0;
    virtual Result<void> set_active(std::int64_t user_id, bool active) = 0;
    virtual Result<std::vector<domain::CustomRole>> custom_roles(std::string_view county_code) = 0;
    // conflict when the county already has a role of that name.
    virtual Result<void> add_custom_role(std::string_view county_code, const domain::CustomRole& role,
                                         std::string_view created_by, std::int64_t at) = 0;
    // Links the account to the person it belongs to (cadre pool), or unlinks it.
    virtual Result<void> set_person(std::int64_t user_id, std::optional<std::int64_t> person_id) = 0;
    virtual Result<void> set_totp(std::int64_t user_id, const std::string& secret, bool enabled,
                                  const std::vector<std::string>& recovery_code_hashes) = 0;
    // Records the last TOTP step used, only if it is newer: false when the step was used already.
    virtual Result<bool> claim_totp_step(std::int64_t user_id, std::int64_t step) = 0;
    // Consumes a recovery code by its hash: false when it is not (or no longer) valid.
    virtual Result<bool> consume_recovery_code(std::int64_t user_id, const std::string& code_hash) = 0;
};

struct SessionRecord {
    std::string token_hash;  // the cookie's token is never stored, only its hash
    std::int64_t user_id = 0;
    std::string csrf_token;
    std::int64_t created_at = 0;
    std::int64_t last_seen_at = 0;
    std::int64_t absolute_expiry = 0;
    std::string remote;
};

class SessionRepository {
  public:
    virtual ~SessionRepository() = default;
    virtual Result<void> create(const SessionRecord& session) = 0;
    virtual Result<std::optional<SessionRecord>> find(const std::string& token_hash) = 0;
    virtual Result<void> touch(const std::string& token_hash, std::int64_t at) = 0;
    virtual Result<void> remove(const std::string& token_hash) = 0;
    virtual Result<int> remove_all_of_user(std::int64_t user_id) = 0;
};

struct AuditFilter {
    std::string county_code;  // "" = every county (audit of system-wide events)
    std::string actor;
    std::string action;
    std::string record_type;
    std::string record_id;
    std::string from;             // ISO-8601, inclusive
    std::string to;               // ISO-8601, exclusive
    std::int64_t before_seq = 0;  // paging: entries with seq < before_seq (0 = newest)
    int limit = 100;
};

class AuditLog {
  public:
    virtual ~AuditLog() = default;
    // Appends `entry` (its seq, prev_hash and hash are assigned here); returns the seq.
    virtual Result<std::int64_t> append(security::AuditEntry entry) = 0;
    // Newest first.
    virtual Result<std::vector<security::AuditEntry>> find(const AuditFilter& filter) = 0;
    // Every entry in seq order, in pages, for verification.
    virtual Result<std::vector<security::AuditEntry>> page(std::int64_t after_seq, int limit) = 0;
};

}  // namespace xzq::services
