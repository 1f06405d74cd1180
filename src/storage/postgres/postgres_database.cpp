#include "storage/postgres/postgres_database.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <memory>

namespace xzq::storage::postgres {

namespace {

// OIDs of the built-in types we read back as numbers.
constexpr Oid k_int8 = 20, k_int2 = 21, k_int4 = 23, k_float4 = 700, k_float8 = 701, k_bool = 16;

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

DatabaseError error_of(PGconn* conn, const PGresult* result, std::string_view context) {
    std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    auto reason = DatabaseError::Reason::failed;
    if (state && std::string_view(state).starts_with("23")) reason = DatabaseError::Reason::constraint;
    if (PQstatus(conn) != CONNECTION_OK || (state && std::string_view(state).starts_with("08"))) {
        reason = DatabaseError::Reason::unavailable;
    }
    return DatabaseError(reason, fmt::format("postgresql: {}: {}", context, message));
}

ResultPtr checked(PGconn* conn, PGresult* raw, std::string_view context) {
    ResultPtr result(raw, &PQclear);
    auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        throw error_of(conn, result.get(), context);
    }
    return result;
}

class PostgresSession final : public Session {
  public:
    explicit PostgresSession(PGconn* conn) : m_conn(conn) {}

    std::int64_t exec(std::string_view sql, const Params& params) override {
        auto result = run(sql, params);
        const char* affected = PQcmdTuples(result.get());
        std::int64_t count = 0;
        if (affected && *affected) std::from_chars(affected, affected + std::strlen(affected), count);
        return count;
    }

    std::vector<Row> query(std::string_view sql, const Params& params) override {
        auto result = run(sql, params);
        int rows = PQntuples(result.get());
        int columns = PQnfields(result.get());
        std::vector<Row> out;
        out.reserve(static_cast<std::size_t>(rows));
        for (int r = 0; r < rows; ++r) {
            std::vector<Value> values;
            values.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) {
                if (PQgetisnull(result.get(), r, c)) {
                    values.emplace_back(nullptr);
                    continue;
                }
                const char* text = PQgetvalue(result.get(), r, c);
                std::size_t length = static_cast<std::size_t>(PQgetlength(result.get(), r, c));
                Oid type = PQftype(result.get(), c);
                if (type == k_int8 || type == k_int4 || type == k_int2) {
                    std::int64_t number = 0;
                    std::from_chars(text, text + length, number);
                    values.emplace_back(number);
                } else if (type == k_float8 || type == k_float4) {
                    values.emplace_back(std::stod(std::string(text, length)));
                } else if (type == k_bool) {
                    values.emplace_back(static_cast<std::int64_t>(text[0] == 't' ? 1 : 0));
                } else {
                    values.emplace_back(std::string(text, length));
                }
            }
            out.emplace_back(std::move(values));
        }
        return out;
    }

    void exec_script(std::string_view sql) override {
        std::string owned(sql);
        checked(m_conn, PQexec(m_conn, owned.c_str()), "script");
    }

  private:
    ResultPtr run(std::string_view sql, const Params& params) {
        std::string numbered = numbered_placeholders(sql);
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::nullptr_t>) {
                        values[i] = nullptr;
                    } else if constexpr (std::is_same_v<T, std::string>) {
                        values[i] = v.c_str();
                    } else {
                        texts[i] = fmt::format("{}", v);
                        values[i] = texts[i].c_str();
                    }
                },
                params[i]);
        }
        return checked(m_conn,
                       PQexecParams(m_conn, numbered.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                                    nullptr, nullptr, 0),
                       "statement");
    }

    PGconn* m_conn;
};

}  // namespace

std::string numbered_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 8);
    int next = 1;
    char quote = 0;
    for (char c : sql) {
        if (quote) {
            if (c == quote) quote = 0;
            out.push_back(c);
        } else if (c == '\'' || c == '"') {
            quote = c;
            out.push_back(c);
        } else if (c == '?') {
            out += fmt::format("${}", next++);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

PostgresDatabase::PostgresDatabase(std::string url, int pool_size)
    : m_url(std::move(url)), m_pool_size(std::max(1, pool_size)) {
    // Connect once now so a wrong URL or a stopped server is reported at start-up.
    m_idle.push_back(connect());
    m_open = 1;
}

PostgresDatabase::~PostgresDatabase() {
    for (PGconn* conn : m_idle) PQfinish(conn);
}

PGconn* PostgresDatabase::connect() {
    PGconn* conn = PQconnectdb(m_url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn);
        while (!message.empty() && message.back() == '\n') message.pop_back();
        PQfinish(conn);
        throw DatabaseError(DatabaseError::Reason::unavailable, "postgresql: connect: " + message);
    }
    ResultPtr quiet(PQexec(conn, "SET client_min_messages TO warning"), &PQclear);
    return conn;
}

PGconn* PostgresDatabase::acquire() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (!m_idle.empty()) {
            PGconn* conn = m_idle.back();
            m_idle.pop_back();
            if (PQstatus(conn) == CONNECTION_OK) return conn;
            PQfinish(conn);
            --m_open;
            continue;
        }
        if (m_open < m_pool_size) {
            ++m_open;
            lock.unlock();
            try {
                return connect();
            } catch (...) {
                lock.lock();
                --m_open;
                throw;
            }
        }
        m_released.wait(lock);
    }
}

void PostgresDatabase::release(PGconn* connection, bool healthy) {
    {
        std::lock_guard lock(m_mutex);
        if (healthy && PQstatus(connection) == CONNECTION_OK && PQtransactionStatus(connection) == PQTRANS_IDLE) {
            m_idle.push_back(connection);
        } else {
            PQfinish(connection);
            --m_open;
        }
    }
    m_released.notify_one();
}

void PostgresDatabase::run(const char* begin, const std::function<void(Session&)>& work) {
    PGconn* conn = acquire();
    try {
        checked(conn, PQexec(conn, begin), "begin");
        PostgresSession session(conn);
        work(session);
        checked(conn, PQexec(conn, "COMMIT"), "commit");
    } catch (...) {
        ResultPtr rollback(PQexec(conn, "ROLLBACK"), &PQclear);
        release(conn, PQstatus(conn) == CONNECTION_OK);
        throw;
    }
    release(conn, true);
}

void PostgresDatabase::run_read(const std::function<void(Session&)>& work) {
    run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
}

void PostgresDatabase::run_write(const std::function<void(Session&)>& work) {
    run("BEGIN", work);
}

}  // namespace xzq::storage::postgres
