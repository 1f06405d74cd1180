#pragma once
// Accounts, sessions and the audit log over the SQL port (SQLite and PostgreSQL alike).
#include "services/auth_ports.hpp"
#include "storage/database.hpp"

namespace xzq::storage {

class SqlUserRepository final : public services::UserRepository {
  public:
    explicit SqlUserRepository(Database& database) : m_database(database) {}
    Result<std::optional<services::UserRecord>> find_user(std::string_view username) override;
    Result<std::optional<services::UserRecord>> user_by_id(std::int64_t id) override;
    Result<std::vector<services::UserRecord>> users_of_county(std::string_view county_code) override;
    Result<std::int64_t> create_user(const services::UserRecord& user, const std::vector<domain::RoleGrant>& grants,
                                     std::string_view granted_by) override;
    Result<std::vector<services::GrantRecord>> grants_of(std::int64_t user_id) override;
    Result<std::int64_t> add_grant(std::int64_t user_id, const domain::RoleGrant& grant, std::string_view granted_by,
                                   std::int64_t at) override;
    Result<bool> revoke_grant(std::int64_t user_id, std::int64_t grant_id, std::int64_t at) override;
    Result<void> set_password(std::int64_t user_id, const std::string& hash, std::int64_t at) override;
    Result<void> set_active(std::int64_t user_id, bool active) override;
    Result<void> set_person(std::int64_t user_id, std::optional<std::int64_t> person_id) override;
    Result<std::vector<domain::CustomRole>> custom_roles(std::string_view county_code) override;
    Result<void> add_custom_role(std::string_view county_code, const domain::CustomRole& role,
                                 std::string_view created_by, std::int64_t at) override;
    Result<void> set_totp(std::int64_t user_id, const std::string& secret, bool enabled,
                          const std::vector<std::string>& recovery_code_hashes) override;
    Result<bool> claim_totp_step(std::int64_t user_id, std::int64_t step) override;
    Result<bool> consume_recovery_code(std::int64_t user_id, const std::string& code_hash) override;

  private:
    Database& m_database;
};

class SqlSessionRepository final : public services::SessionRepository {
  public:
    explicit SqlSessionRepository(Database& database) : m_database(database) {}
    Result<void> create(const services::SessionRecord& session) override;
    Result<std::optional<services::SessionRecord>> find(const std::string& token_hash) override;
    Result<void> touch(const std::string& token_hash, std::int64_t at) override;
    Result<void> remove(const std::string& token_hash) override;
    Result<int> remove_all_of_user(std::int64_t user_id) override;

  private:
    Database& m_database;
};

class SqlAuditLog final : public services::AuditLog {
  public:
    explicit SqlAuditLog(Database& database) : m_database(database) {}
    Result<std::int64_t> append(security::AuditEntry entry) override;
    Result<std::vector<security::AuditEntry>> find(const services::AuditFilter& filter) override;
    Result<std::vector<security::AuditEntry>> page(std::int64_t after_seq, int limit) override;

  private:
    Database& m_database;
};

}  // namespace xzq::storage
