#pragma once
// Versioned schema migrations. Each migration runs in its own transaction and is recorded in
// schema_migrations; applying them again is a no-op. Safe to run from several processes at once.
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "storage/database.hpp"

namespace xzq::storage {

struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;           // portable SQL, run on both backends
    std::string_view sqlite_sql;    // extra statements for SQLite only (may be empty)
    std::string_view postgres_sql;  // extra statements for PostgreSQL only (may be empty)
};

const std::vector<Migration>& all_migrations();
int latest_schema_version();

struct MigrationReport {
    int from_version = 0;
    int to_version = 0;
    std::vector<int> applied;
};

// `applied_at` is an ISO-8601 timestamp from the caller's clock.
Result<MigrationReport> migrate(Database& database, std::string_view applied_at);

// The version the database is at (0 for an empty database).
Result<int> schema_version(Database& database);

}  // namespace xzq::storage
