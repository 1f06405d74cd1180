#pragma once
// The SQL port shared by the SQLite and PostgreSQL adapters. Code above it writes portable SQL
// with `?` placeholders once; each adapter binds parameters its own way.
//
// A Database is safe for concurrent use from many threads: reads run on pooled connections,
// writes are serialised (SQLite: one writer connection; PostgreSQL: the server's own locking).
// Failures inside a transaction throw DatabaseError, which rolls the transaction back; the
// `read`/`write` helpers turn it into an Error value at the border.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace xzq::storage {

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

class DatabaseError : public std::runtime_error {
  public:
    enum class Reason { failed, constraint, unavailable };
    DatabaseError(Reason reason, const std::string& what) : std::runtime_error(what), m_reason(reason) {}
    [[nodiscard]] Reason reason() const { return m_reason; }

  private:
    Reason m_reason;
};

class Row {
  public:
    explicit Row(std::vector<Value> values) : m_values(std::move(values)) {}
    [[nodiscard]] std::size_t size() const { return m_values.size(); }
    [[nodiscard]] bool is_null(std::size_t column) const;
    [[nodiscard]] std::string text(std::size_t column) const;
    [[nodiscard]] std::int64_t integer(std::size_t column) const;
    [[nodiscard]] const Value& value(std::size_t column) const { return m_values.at(column); }

  private:
    std::vector<Value> m_values;
};

// One connection inside one open transaction.
class Session {
  public:
    virtual ~Session() = default;
    // Runs a statement; returns the number of rows it changed.
    virtual std::int64_t exec(std::string_view sql, const Params& params = {}) = 0;
    virtual std::vector<Row> query(std::string_view sql, const Params& params = {}) = 0;
    // Runs several statements without parameters (migrations).
    virtual void exec_script(std::string_view sql) = 0;
};

enum class Backend { sqlite, postgresql };
std::string_view to_string(Backend backend);

class Database {
  public:
    virtual ~Database() = default;
    [[nodiscard]] virtual Backend backend() const = 0;
    // Runs `work` in a read-only transaction with a consistent snapshot.
    virtual void run_read(const std::function<void(Session&)>& work) = 0;
    // Runs `work` in a read-write transaction; commits durably when it returns, rolls back when
    // it throws.
    virtual void run_write(const std::function<void(Session&)>& work) = 0;
    // A consistent copy of the whole database in a new file (SQLite). PostgreSQL has its own
    // tools (pg_dump) and answers with an error naming them.
    virtual Result<void> backup_to(const std::string& path);

    template <class F>
    auto read(F&& work) -> Result<std::invoke_result_t<F, Session&>>;
    template <class F>
    auto write(F&& work) -> Result<std::invoke_result_t<F, Session&>>;
};

// The Error a DatabaseError becomes at a module border.
Error to_error(const DatabaseError& error);

// Opens `sqlite:PATH` or `postgresql://…` (also `postgres://…`). `pool_size` bounds the pooled
// read connections (SQLite) or all connections (PostgreSQL).
Result<std::unique_ptr<Database>> open_database(std::string_view url, int pool_size = 4);

namespace detail {
template <class R, class F>
Result<R> run_guarded(Database& db, bool writing, F&& work) {
    try {
        if constexpr (std::is_void_v<R>) {
            auto body = [&](Session& s) { work(s); };
            writing ? db.run_write(body) : db.run_read(body);
            return Ok{};
        } else {
            std::optional<R> out;
            auto body = [&](Session& s) { out.emplace(work(s)); };
            writing ? db.run_write(body) : db.run_read(body);
            return std::move(*out);
        }
    } catch (const DatabaseError& error) {
        return to_error(error);
    }
}
}  // namespace detail

template <class F>
auto Database::read(F&& work) -> Result<std::invoke_result_t<F, Session&>> {
    return detail::run_guarded<std::invoke_result_t<F, Session&>>(*this, false, std::forward<F>(work));
}

template <class F>
auto Database::write(F&& work) -> Result<std::invoke_result_t<F, Session&>> {
    return detail::run_guarded<std::invoke_result_t<F, Session&>>(*this, true, std::forward<F>(work));
}

}  // namespace xzq::storage
