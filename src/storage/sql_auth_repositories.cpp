#include "storage/sql_auth_repositories.hpp"

#include <fmt/format.h>

namespace xzq::storage {

namespace {

using services::UserRecord;

constexpr std::string_view k_user_columns =
    "id, county_code, username, display_name, person_id, password_hash, active, totp_secret, totp_enabled, "
    "totp_last_step, created_at, password_changed_at";

std::string to_hex(const std::string& bytes) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(k_hex[c >> 4]);
        out.push_back(k_hex[c & 0x0f]);
    }
    return out;
}

std::string from_hex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return out;
}

UserRecord user_from(const Row& row) {
    UserRecord user;
    user.id = row.integer(0);
    user.county_code = row.text(1);
    user.username = row.text(2);
    user.display_name = row.text(3);
    if (!row.is_null(4)) user.person_id = row.integer(4);
    user.password_hash = row.text(5);
    user.active = row.integer(6) != 0;
    user.totp_secret = from_hex(row.text(7));
    user.totp_enabled = row.integer(8) != 0;
    user.totp_last_step = row.integer(9);
    user.created_at = row.integer(10);
    user.password_changed_at = row.integer(11);
    return user;
}

std::vector<UserRecord> load_users(Session& session, const std::string& where, const Params& params) {
    std::vector<UserRecord> users;
    for (const auto& row : session.query(fmt::format("SELECT {} FROM users {}", k_user_columns, where), params)) {
        users.push_back(user_from(row));
    }
    for (auto& user : users) {
        for (const auto& row :
             session.query("SELECT code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", {user.id})) {
            user.recovery_code_hashes.push_back(row.text(0));
        }
    }
    return users;
}

std::int64_t insert_grant(Session& session, std::int64_t user_id, const std::string& county_code,
                          const domain::RoleGrant& grant, std::string_view granted_by, std::int64_t at) {
    auto rows = session.query(
        "INSERT INTO role_grants (county_code, user_id, role, scope, granted_by, granted_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {county_code, user_id, grant.role, grant.scope.to_string(), std::string(granted_by), at});
    return rows.at(0).integer(0);
}

security::AuditEntry entry_from(const Row& row) {
    security::AuditEntry e;
    e.seq = row.integer(0);
    e.at = row.text(1);
    e.county_code = row.text(2);
    e.actor = row.text(3);
    e.actor_user_id = row.integer(4);
    e.action = row.text(5);
    e.outcome = row.text(6);
    e.record_type = row.text(7);
    e.record_id = row.text(8);
    e.detail = row.text(9);
    e.remote = row.text(10);
    e.algorithm = security::digest_from_string(row.text(11)).value_or(security::DigestAlgorithm::sha256);
    e.prev_hash = row.text(12);
    e.hash = row.text(13);
    return e;
}

constexpr std::string_view k_audit_columns =
    "seq, at, county_code, actor, actor_user_id, action, outcome, record_type, record_id, detail, remote, "
    "algorithm, prev_hash, hash";

}  // namespace

Result<std::optional<UserRecord>> SqlUserRepository::find_user(std::string_view username) {
    std::string name(username);
    return m_database.read([&](Session& session) -> std::optional<UserRecord> {
        auto users = load_users(session, "WHERE username = ?", {name});
        if (users.empty()) return std::nullopt;
        return users.front();
    });
}

Result<std::optional<UserRecord>> SqlUserRepository::user_by_id(std::int64_t id) {
    return m_database.read([&](Session& session) -> std::optional<UserRecord> {
        auto users = load_users(session, "WHERE id = ?", {id});
        if (users.empty()) return std::nullopt;
        return users.front();
    });
}

Result<std::vector<UserRecord>> SqlUserRepository::users_of_county(std::string_view county_code) {
    std::string county(county_code);
    return m_database.read(
        [&](Session& session) { return load_users(session, "WHERE county_code = ? ORDER BY username", {county}); });
}

Result<std::int64_t> SqlUserRepository::create_user(const UserRecord& user,
                                                    const std::vector<domain::RoleGrant>& grants,
                                                    std::string_view granted_by) {
    return m_database.write([&](Session& session) {
        Value person = user.person_id ? Value(*user.person_id) : Value(nullptr);
        auto rows = session.query(
            "INSERT INTO users (county_code, username, display_name, person_id, password_hash, active, created_at, "
            "password_changed_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
            {user.county_code, user.username, user.display_name, person, user.password_hash, user.created_at,
             user.password_changed_at});
        std::int64_t id = rows.at(0).integer(0);
        for (const auto& grant : grants)
            insert_grant(session, id, user.county_code, grant, granted_by, user.created_at);
        return id;
    });
}

Result<std::vector<services::GrantRecord>> SqlUserRepository::grants_of(std::int64_t user_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::GrantRecord> grants;
        for (const auto& row : session.query("SELECT id, role, scope, granted_by, granted_at FROM role_grants "
                                             "WHERE user_id = ? AND revoked_at IS NULL ORDER BY id",
                                             {user_id})) {
            auto scope = domain::parse_scope(row.text(2));
            if (!scope) continue;  // written by us only after parse_scope accepted it
            grants.push_back({row.integer(0), {row.text(1), *scope}, row.text(3), row.integer(4)});
        }
        return grants;
    });
}

Result<std::int64_t> SqlUserRepository::add_grant(std::int64_t user_id, const domain::RoleGrant& grant,
                                                  std::string_view granted_by, std::int64_t at) {
    return m_database.write([&](Session& session) {
        auto county = session.query("SELECT county_code FROM users WHERE id = ?", {user_id});
        if (county.empty()) throw DatabaseError(DatabaseError::Reason::constraint, "no such user");
        return insert_grant(session, user_id, county[0].text(0), grant, granted_by, at);
    });
}

Result<bool> SqlUserRepository::revoke_grant(std::int64_t user_id, std::int64_t grant_id, std::int64_t at) {
    return m_database.write([&](Session& session) {
        return session.exec("UPDATE role_grants SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                            {at, grant_id, user_id}) == 1;
    });
}

Result<void> SqlUserRepository::set_password(std::int64_t user_id, const std::string& hash, std::int64_t at) {
    return m_database.write([&](Session& session) {
        session.exec("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", {hash, at, user_id});
    });
}

Result<void> SqlUserRepository::set_active(std::int64_t user_id, bool active) {
    return m_database.write([&](Session& session) {
        session.exec("UPDATE users SET active = ? WHERE id = ?", {std::int64_t{active ? 1 : 0}, user_id});
        if (!active) session.exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
    });
}

Result<void> SqlUserRepository::set_person(std::int64_t user_id, std::optional<std::int64_t> person_id) {
    return m_database.write([&](Session& session) {
        session.exec("UPDATE users SET person_id = ? WHERE id = ?",
                     {person_id ? Value(*person_id) : Value(nullptr), user_id});
    });
}

Result<std::vector<domain::CustomRole>> SqlUserRepository::custom_roles(std::string_view county_code) {
    std::string county(county_code);
    return m_database.read([&](Session& session) {
        std::vector<domain::CustomRole> roles;
        for (const auto& row :
             session.query("SELECT name, actions FROM custom_roles WHERE county_code = ? ORDER BY name", {county})) {
            domain::CustomRole role{row.text(0), {}};
            std::string actions = row.text(1);
            std::size_t start = 0;
            while (start < actions.size()) {
                std::size_t end = actions.find(',', start);
                if (end == std::string::npos) end = actions.size();
                if (auto action = domain::action_from_string(actions.substr(start, end - start)))
                    role.actions.push_back(*action);
                start = end + 1;
            }
            roles.push_back(std::move(role));
        }
        return roles;
    });
}

Result<void> SqlUserRepository::add_custom_role(std::string_view county_code, const domain::CustomRole& role,
                                                std::string_view created_by, std::int64_t at) {
    std::string actions;
    for (auto action : role.actions) {
        if (!actions.empty()) actions += ',';
        actions += domain::to_string(action);
    }
    return m_database.write([&](Session& session) {
        session.exec(
            "INSERT INTO custom_roles (county_code, name, actions, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
            {std::string(county_code), role.name, actions, std::string(created_by), at});
    });
}

Result<void> SqlUserRepository::set_totp(std::int64_t user_id, const std::string& secret, bool enabled,
                                         const std::vector<std::string>& recovery_code_hashes) {
    return m_database.write([&](Session& session) {
        session.exec("UPDATE users SET totp_secret = ?, totp_enabled = ?, totp_last_step = 0 WHERE id = ?",
                     {to_hex(secret), std::int64_t{enabled ? 1 : 0}, user_id});
        session.exec("DELETE FROM recovery_codes WHERE user_id = ?", {user_id});
        auto county = session.query("SELECT county_code FROM users WHERE id = ?", {user_id});
        for (const auto& hash : recovery_code_hashes) {
            session.exec("INSERT INTO recovery_codes (user_id, county_code, code_hash) VALUES (?, ?, ?)",
                         {user_id, county.at(0).text(0), hash});
        }
    });
}

Result<bool> SqlUserRepository::claim_totp_step(std::int64_t user_id, std::int64_t step) {
    return m_database.write([&](Session& session) {
        return session.exec("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                            {step, user_id, step}) == 1;
    });
}

Result<bool> SqlUserRepository::consume_recovery_code(std::int64_t user_id, const std::string& code_hash) {
    return m_database.write([&](Session& session) {
        return session.exec(
                   "UPDATE recovery_codes SET used_at = 1 WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                   {user_id, code_hash}) == 1;
    });
}

Result<void> SqlSessionRepository::create(const services::SessionRecord& s) {
    return m_database.write([&](Session& session) {
        auto county = session.query("SELECT county_code FROM users WHERE id = ?", {s.user_id});
        if (county.empty()) throw DatabaseError(DatabaseError::Reason::constraint, "no such user");
        session.exec(
            "INSERT INTO sessions (token_hash, county_code, user_id, csrf_token, created_at, last_seen_at, "
            "absolute_expiry, remote) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {s.token_hash, county[0].text(0), s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.absolute_expiry,
             s.remote});
    });
}

Result<std::optional<services::SessionRecord>> SqlSessionRepository::find(const std::string& token_hash) {
    return m_database.read([&](Session& session) -> std::optional<services::SessionRecord> {
        auto rows = session.query(
            "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, absolute_expiry, remote "
            "FROM sessions WHERE token_hash = ?",
            {token_hash});
        if (rows.empty()) return std::nullopt;
        const Row& r = rows[0];
        return services::SessionRecord{r.text(0),    r.integer(1), r.text(2), r.integer(3),
                                       r.integer(4), r.integer(5), r.text(6)};
    });
}

Result<void> SqlSessionRepository::touch(const std::string& token_hash, std::int64_t at) {
    return m_database.write([&](Session& session) {
        session.exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", {at, token_hash});
    });
}

Result<void> SqlSessionRepository::remove(const std::string& token_hash) {
    return m_database.write(
        [&](Session& session) { session.exec("DELETE FROM sessions WHERE token_hash = ?", {token_hash}); });
}

Result<int> SqlSessionRepository::remove_all_of_user(std::int64_t user_id) {
    return m_database.write([&](Session& session) {
        return static_cast<int>(session.exec("DELETE FROM sessions WHERE user_id = ?", {user_id}));
    });
}

Result<std::int64_t> SqlAuditLog::append(security::AuditEntry entry) {
    const bool postgres = m_database.backend() == Backend::postgresql;
    return m_database.write([&](Session& session) {
        // One appender at a time, so every entry links to the one before it.
        if (postgres) session.query("SELECT pg_advisory_xact_lock(738422)");
        auto last = session.query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        entry.seq = last.empty() ? 1 : last[0].integer(0) + 1;
        entry.prev_hash = last.empty() ? security::k_genesis_hash : last[0].text(1);
        entry.hash = security::audit_entry_hash(entry);
        session.exec(fmt::format("INSERT INTO audit_log ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 k_audit_columns),
                     {entry.seq, entry.at, entry.county_code, entry.actor, entry.actor_user_id, entry.action,
                      entry.outcome, entry.record_type, entry.record_id, entry.detail, entry.remote,
                      std::string(security::to_string(entry.algorithm)), entry.prev_hash, entry.hash});
        return entry.seq;
    });
}

Result<std::vector<security::AuditEntry>> SqlAuditLog::find(const services::AuditFilter& filter) {
    return m_database.read([&](Session& session) {
        std::string where = "WHERE 1 = 1";
        Params params;
        auto add = [&](const std::string& value, std::string_view clause) {
            if (value.empty()) return;
            where += " AND ";
            where += clause;
            params.emplace_back(value);
        };
        add(filter.county_code, "county_code = ?");
        add(filter.actor, "actor = ?");
        add(filter.action, "action = ?");
        add(filter.record_type, "record_type = ?");
        add(filter.record_id, "record_id = ?");
        add(filter.from, "at >= ?");
        add(filter.to, "at < ?");
        if (filter.before_seq > 0) {
            where += " AND seq < ?";
            params.emplace_back(filter.before_seq);
        }
        params.emplace_back(std::int64_t{std::clamp(filter.limit, 1, 1000)});
        std::vector<security::AuditEntry> entries;
        for (const auto& row :
             session.query(fmt::format("SELECT {} FROM audit_log {} ORDER BY seq DESC LIMIT ?", k_audit_columns, where),
                           params)) {
            entries.push_back(entry_from(row));
        }
        return entries;
    });
}

Result<std::vector<security::AuditEntry>> SqlAuditLog::page(std::int64_t after_seq, int limit) {
    return m_database.read([&](Session& session) {
        std::vector<security::AuditEntry> entries;
        for (const auto& row :
             session.query(fmt::format("SELECT {} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", k_audit_columns),
                           {after_seq, std::int64_t{limit}})) {
            entries.push_back(entry_from(row));
        }
        return entries;
    });
}

}  // namespace xzq::storage
