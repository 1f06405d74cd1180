#pragma once
// PostgreSQL adapter over libpq: a bounded pool of connections, opened lazily and reset when
// broken. Each transaction holds one connection. Thread-safe.
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.hpp"

struct pg_conn;

namespace xzq::storage::postgres {

class PostgresDatabase final : public Database {
  public:
    PostgresDatabase(std::string url, int pool_size);
    ~PostgresDatabase() override;
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;

    [[nodiscard]] Backend backend() const override { return Backend::postgresql; }
    void run_read(const std::function<void(Session&)>& work) override;
    void run_write(const std::function<void(Session&)>& work) override;

  private:
    pg_conn* connect();
    pg_conn* acquire();
    void release(pg_conn* connection, bool healthy);
    void run(const char* begin, const std::function<void(Session&)>& work);

    std::string m_url;
    int m_pool_size;
    std::mutex m_mutex;
    std::condition_variable m_released;
    std::vector<pg_conn*> m_idle;  // guarded by m_mutex
    int m_open = 0;                // guarded by m_mutex
};

// Rewrites `?` placeholders (outside quotes) to PostgreSQL's `$1, $2, …`.
std::string numbered_placeholders(std::string_view sql);

}  // namespace xzq::storage::postgres
