#include "storage/database.hpp"

#include <fmt/format.h>

#include <charconv>

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace xzq::storage {

bool Row::is_null(std::size_t column) const {
    return std::holds_alternative<std::nullptr_t>(m_values.at(column));
}

std::string Row::text(std::size_t column) const {
    const Value& v = m_values.at(column);
    if (auto s = std::get_if<std::string>(&v)) return *s;
    if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (auto d = std::get_if<double>(&v)) return fmt::format("{}", *d);
    return {};
}

std::int64_t Row::integer(std::size_t column) const {
    const Value& v = m_values.at(column);
    if (auto i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    if (auto s = std::get_if<std::string>(&v)) {
        std::int64_t out = 0;
        auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
        if (ec != std::errc() || end != s->data() + s->size()) {
            throw DatabaseError(DatabaseError::Reason::failed,
                                fmt::format("column {} is not an integer: '{}'", column, *s));
        }
        return out;
    }
    return 0;
}

std::string_view to_string(Backend backend) {
    return backend == Backend::sqlite ? "sqlite" : "postgresql";
}

Error to_error(const DatabaseError& error) {
    switch (error.reason()) {
        case DatabaseError::Reason::constraint:
            return make_error(ErrorKind::conflict, "storage.constraint", "数据与已有记录冲突，未作任何修改",
                              "the data conflicts with existing records; nothing was changed");
        case DatabaseError::Reason::unavailable:
            return make_error(ErrorKind::unavailable, "storage.unavailable", "数据库暂时不可用，请稍后重试",
                              "the database is unavailable; please try again later");
        case DatabaseError::Reason::failed:
            break;
    }
    return make_error(ErrorKind::internal, "storage.failed", "数据库操作失败，未作任何修改",
                      "the database operation failed; nothing was changed");
}

Result<std::unique_ptr<Database>> open_database(std::string_view url, int pool_size) {
    try {
        if (url.starts_with("sqlite:")) {
            std::string_view path = url.substr(7);
            if (path.starts_with("//")) path.remove_prefix(2);
            if (path.empty()) {
                return make_error(ErrorKind::invalid_input, "storage.bad_url",
                                  "数据库地址缺少文件路径，例如 sqlite:var/xzq.db",
                                  "the database URL lacks a file path, e.g. sqlite:var/xzq.db");
            }
            return std::unique_ptr<Database>(std::make_unique<sqlite::SqliteDatabase>(std::string(path), pool_size));
        }
        if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
            return std::unique_ptr<Database>(std::make_unique<postgres::PostgresDatabase>(std::string(url), pool_size));
        }
    } catch (const DatabaseError& error) {
        return make_error(ErrorKind::unavailable, "storage.open_failed",
                          fmt::format("无法打开数据库：{}", error.what()),
                          fmt::format("cannot open the database: {}", error.what()));
    }
    return make_error(ErrorKind::invalid_input, "storage.bad_url",
                      fmt::format("不支持的数据库地址“{}”：应为 sqlite:路径 或 postgresql://…", url),
                      fmt::format("unsupported database URL '{}': use sqlite:PATH or postgresql://…", url));
}

Result<void> Database::backup_to(const std::string&) {
    return make_error(ErrorKind::invalid_input, "storage.backup_unsupported", "PostgreSQL 数据库请使用 pg_dump 备份",
                      "back up a PostgreSQL database with pg_dump");
}

}  // namespace xzq::storage
