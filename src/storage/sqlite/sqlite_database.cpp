#include "storage/sqlite/sqlite_database.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

namespace xzq::storage::sqlite {

namespace {

DatabaseError error_of(sqlite3* db, int code, std::string_view context) {
    int primary = code & 0xff;
    auto reason = DatabaseError::Reason::failed;
    if (primary == SQLITE_CONSTRAINT) reason = DatabaseError::Reason::constraint;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR ||
        primary == SQLITE_FULL) {
        reason = DatabaseError::Reason::unavailable;
    }
    return DatabaseError(reason,
                         fmt::format("sqlite: {}: {}", context, db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
}

class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql) : m_db(db) {
        int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
        if (rc != SQLITE_OK) throw error_of(db, rc, "prepare");
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(const Params& params) {
        for (std::size_t i = 0; i < params.size(); ++i) {
            int index = static_cast<int>(i + 1);
            int rc = std::visit(
                [&](const auto& v) -> int {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::nullptr_t>) {
                        return sqlite3_bind_null(m_stmt, index);
                    } else if constexpr (std::is_same_v<T, std::int64_t>) {
                        return sqlite3_bind_int64(m_stmt, index, v);
                    } else if constexpr (std::is_same_v<T, double>) {
                        return sqlite3_bind_double(m_stmt, index, v);
                    } else {
                        return sqlite3_bind_text(m_stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
                    }
                },
                params[i]);
            if (rc != SQLITE_OK) throw error_of(m_db, rc, "bind");
        }
    }

    // Steps once; true while a row is available.
    bool step() {
        int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw error_of(m_db, rc, "step");
    }

    Row row() const {
        int columns = sqlite3_column_count(m_stmt);
        std::vector<Value> values;
        values.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            switch (sqlite3_column_type(m_stmt, c)) {
                case SQLITE_NULL:
                    values.emplace_back(nullptr);
                    break;
                case SQLITE_INTEGER:
                    values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(m_stmt, c)));
                    break;
                case SQLITE_FLOAT:
                    values.emplace_back(sqlite3_column_double(m_stmt, c));
                    break;
                default: {
                    auto text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, c));
                    values.emplace_back(
                        std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, c))));
                }
            }
        }
        return Row(std::move(values));
    }

  private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

class SqliteSession final : public Session {
  public:
    explicit SqliteSession(sqlite3* db) : m_db(db) {}

    std::int64_t exec(std::string_view sql, const Params& params) override {
        Statement statement(m_db, sql);
        statement.bind(params);
        while (statement.step()) {
        }
        return sqlite3_changes(m_db);
    }

    std::vector<Row> query(std::string_view sql, const Params& params) override {
        Statement statement(m_db, sql);
        statement.bind(params);
        std::vector<Row> rows;
        while (statement.step()) rows.push_back(statement.row());
        return rows;
    }

    void exec_script(std::string_view sql) override {
        std::string owned(sql);
        char* message = nullptr;
        int rc = sqlite3_exec(m_db, owned.c_str(), nullptr, nullptr, &message);
        if (rc != SQLITE_OK) {
            std::string text = message ? message : sqlite3_errstr(rc);
            sqlite3_free(message);
            throw DatabaseError(DatabaseError::Reason::failed, "sqlite: script: " + text);
        }
    }

  private:
    sqlite3* m_db;
};

void run_plain(sqlite3* db, const char* sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        auto error = error_of(nullptr, rc, sql);
        throw DatabaseError(error.reason(), fmt::format("sqlite: {}: {}", sql, text));
    }
}

// Runs `work` between BEGIN and COMMIT, rolling back on any exception.
void in_transaction(sqlite3* db, const char* begin, const std::function<void(Session&)>& work) {
    run_plain(db, begin);
    try {
        SqliteSession session(db);
        work(session);
        run_plain(db, "COMMIT");
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, int reader_pool_size)
    : m_path(std::move(path)), m_reader_pool_size(std::max(1, reader_pool_size)) {
    std::filesystem::path parent = std::filesystem::path(m_path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    m_writer = open_connection(false);
}

SqliteDatabase::~SqliteDatabase() {
    for (sqlite3* reader : m_idle_readers) sqlite3_close_v2(reader);
    sqlite3_close_v2(m_writer);
}

sqlite3* SqliteDatabase::open_connection(bool read_only) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(m_path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        auto error = error_of(db, rc, fmt::format("open {}", m_path));
        sqlite3_close_v2(db);
        throw DatabaseError(DatabaseError::Reason::unavailable, error.what());
    }
    sqlite3_extended_result_codes(db, 1);
    try {
        run_plain(db, "PRAGMA busy_timeout = 5000");
        run_plain(db, "PRAGMA foreign_keys = ON");
        if (!read_only) {
            run_plain(db, "PRAGMA journal_mode = WAL");
            run_plain(db, "PRAGMA synchronous = FULL");
            // Deleted content (a report's text once only its receipt stub is kept) is overwritten
            // with zeros instead of lingering in free pages of the file.
            run_plain(db, "PRAGMA secure_delete = ON");
        } else {
            run_plain(db, "PRAGMA query_only = ON");
        }
    } catch (...) {
        sqlite3_close_v2(db);
        throw;
    }
    return db;
}

sqlite3* SqliteDatabase::acquire_reader() {
    std::unique_lock lock(m_pool_mutex);
    for (;;) {
        if (!m_idle_readers.empty()) {
            sqlite3* reader = m_idle_readers.back();
            m_idle_readers.pop_back();
            return reader;
        }
        if (m_open_readers < m_reader_pool_size) {
            ++m_open_readers;
            lock.unlock();
            try {
                return open_connection(true);
            } catch (...) {
                lock.lock();
                --m_open_readers;
                throw;
            }
        }
        m_pool_released.wait(lock);
    }
}

void SqliteDatabase::release_reader(sqlite3* connection) {
    {
        std::lock_guard lock(m_pool_mutex);
        m_idle_readers.push_back(connection);
    }
    m_pool_released.notify_one();
}

void SqliteDatabase::run_read(const std::function<void(Session&)>& work) {
    sqlite3* reader = acquire_reader();
    try {
        in_transaction(reader, "BEGIN", work);
    } catch (...) {
        release_reader(reader);
        throw;
    }
    release_reader(reader);
}

void SqliteDatabase::run_write(const std::function<void(Session&)>& work) {
    std::lock_guard lock(m_write_mutex);
    in_transaction(m_writer, "BEGIN IMMEDIATE", work);
}

Result<void> SqliteDatabase::backup_to(const std::string& path) {
    // VACUUM INTO writes a consistent, compacted copy without the WAL; it must run outside a
    // transaction, on the writer so that no write interleaves.
    std::lock_guard lock(m_write_mutex);
    try {
        Statement statement(m_writer, "VACUUM INTO ?");
        statement.bind({path});
        while (statement.step()) {
        }
    } catch (const DatabaseError& error) {
        return make_error(ErrorKind::unavailable, "storage.backup_failed", std::string("备份失败：") + error.what(),
                          std::string("the backup failed: ") + error.what());
    }
    return Ok{};
}

}  // namespace xzq::storage::sqlite
