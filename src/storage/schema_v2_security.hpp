#pragma once
// Version 2: accounts, role grants with data scopes, sessions and the audit log.
// `{{ID}}` becomes an auto-increment primary key in each dialect (migrations.cpp).
#include <string_view>

namespace xzq::storage {

constexpr std::string_view k_v2_security = R"sql(
CREATE TABLE users (
    id                  {{ID}},
    county_code         TEXT NOT NULL REFERENCES counties(code),
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    person_id           BIGINT,
    password_hash       TEXT NOT NULL,
    active              INTEGER NOT NULL DEFAULT 1,
    totp_secret         TEXT NOT NULL DEFAULT '',
    totp_enabled        INTEGER NOT NULL DEFAULT 0,
    totp_last_step      BIGINT NOT NULL DEFAULT 0,
    created_at          BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);
CREATE INDEX users_by_county ON users(county_code);
CREATE TABLE recovery_codes (
    user_id     BIGINT NOT NULL REFERENCES users(id),
    county_code TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    used_at     BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE role_grants (
    id          {{ID}},
    county_code TEXT NOT NULL,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    role        TEXT NOT NULL,
    scope       TEXT NOT NULL,
    granted_by  TEXT NOT NULL,
    granted_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX role_grants_by_user ON role_grants(user_id);
CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY,
    county_code     TEXT NOT NULL,
    user_id         BIGINT NOT NULL REFERENCES users(id),
    csrf_token      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NOT NULL,
    absolute_expiry BIGINT NOT NULL,
    remote          TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE audit_log (
    seq           BIGINT PRIMARY KEY,
    at            TEXT NOT NULL,
    county_code   TEXT NOT NULL,
    actor         TEXT NOT NULL,
    actor_user_id BIGINT NOT NULL,
    action        TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    record_type   TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    detail        TEXT NOT NULL,
    remote        TEXT NOT NULL,
    algorithm     TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_by_county ON audit_log(county_code, seq);
CREATE INDEX audit_by_actor ON audit_log(actor, seq);
)sql";

// The product never updates or deletes audit entries; the database refuses it too.
constexpr std::string_view k_v2_security_sqlite = R"sql(
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

constexpr std::string_view k_v2_security_postgres = R"sql(
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
)sql";

// Version 4: roles a county's security administrator defines (name → comma-separated actions).
constexpr std::string_view k_v4_custom_roles = R"sql(
CREATE TABLE custom_roles (
    county_code TEXT NOT NULL REFERENCES counties(code),
    name        TEXT NOT NULL,
    actions     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (county_code, name)
);
)sql";

}  // namespace xzq::storage
