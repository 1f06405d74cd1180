#include "storage/migrations.hpp"

#include <fmt/format.h>

namespace xzq::storage {

namespace {

constexpr std::string_view k_bookkeeping = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  TEXT NOT NULL
))sql";

// Version 1: the county's administrative divisions. Every tenant row carries county_code.
constexpr std::string_view k_v1_divisions = R"sql(
CREATE TABLE counties (
    code     TEXT PRIMARY KEY CHECK (length(code) = 6),
    name     TEXT NOT NULL,
    city     TEXT NOT NULL,
    province TEXT NOT NULL
);
CREATE TABLE townships (
    code        TEXT PRIMARY KEY CHECK (length(code) = 9),
    county_code TEXT NOT NULL REFERENCES counties(code),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('subdistrict', 'town', 'township', 'other'))
);
CREATE INDEX townships_by_county ON townships(county_code);
CREATE TABLE villages (
    code          TEXT PRIMARY KEY CHECK (length(code) = 12),
    county_code   TEXT NOT NULL REFERENCES counties(code),
    township_code TEXT NOT NULL REFERENCES townships(code),
    name          TEXT NOT NULL
);
CREATE INDEX villages_by_county ON villages(county_code, township_code);
)sql";

const std::vector<Migration> k_migrations = {
    {1, "administrative divisions: counties, townships, villages", k_v1_divisions, "", ""},
};

int current_version(Session& session) {
    auto rows = session.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    return rows.empty() ? 0 : static_cast<int>(rows[0].integer(0));
}

}  // namespace

const std::vector<Migration>& all_migrations() { return k_migrations; }

int latest_schema_version() { return k_migrations.back().version; }

Result<int> schema_version(Database& database) {
    const bool sqlite = database.backend() == Backend::sqlite;
    return database.read([sqlite](Session& session) {
        auto probe = session.query(
            sqlite ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
                   : "SELECT COUNT(*) FROM information_schema.tables "
                     "WHERE table_schema = current_schema() AND table_name = ?",
            {std::string("schema_migrations")});
        return probe[0].integer(0) > 0 ? current_version(session) : 0;
    });
}

Result<MigrationReport> migrate(Database& database, std::string_view applied_at) {
    const bool postgres = database.backend() == Backend::postgresql;
    // Serialises concurrent migrators: SQLite's BEGIN IMMEDIATE already does; PostgreSQL needs
    // a transaction-scoped advisory lock.
    auto lock = [postgres](Session& session) {
        if (postgres) session.query("SELECT pg_advisory_xact_lock(738421)");
    };
    XZQ_TRY(int before, schema_version(database));
    if (before > latest_schema_version()) {
        return make_error(
            ErrorKind::unavailable, "storage.schema_too_new",
            fmt::format("数据库结构版本 {} 高于本程序支持的版本 {}，请升级程序", before,
                        latest_schema_version()),
            fmt::format("the database schema version {} is newer than this program supports ({}); "
                        "upgrade the program",
                        before, latest_schema_version()));
    }
    MigrationReport report;
    report.from_version = before;
    XZQ_TRY_VOID(database.write([&](Session& session) {
        lock(session);
        session.exec_script(k_bookkeeping);
    }));
    for (const Migration& migration : k_migrations) {
        XZQ_TRY(bool applied, database.write([&](Session& session) {
            lock(session);
            if (current_version(session) >= migration.version) return false;
            session.exec_script(migration.sql);
            std::string_view extra = postgres ? migration.postgres_sql : migration.sqlite_sql;
            if (!extra.empty()) session.exec_script(extra);
            session.exec("INSERT INTO schema_migrations (version, description, applied_at) "
                         "VALUES (?, ?, ?)",
                         {std::int64_t{migration.version}, std::string(migration.description),
                          std::string(applied_at)});
            return true;
        }));
        if (applied) report.applied.push_back(migration.version);
    }
    XZQ_TRY(int after, schema_version(database));
    report.to_version = after;
    return report;
}

}  // namespace xzq::storage
