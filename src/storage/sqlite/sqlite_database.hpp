#pragma once
// SQLite adapter: WAL journal, synchronous=FULL (an acknowledged commit survives power loss),
// foreign keys on, a busy timeout. One writer connection behind a mutex and a pool of read-only
// connections, so readers never wait for the writer. Thread-safe.
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.hpp"

struct sqlite3;

namespace xzq::storage::sqlite {

class SqliteDatabase final : public Database {
  public:
    SqliteDatabase(std::string path, int reader_pool_size);
    ~SqliteDatabase() override;
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    [[nodiscard]] Backend backend() const override { return Backend::sqlite; }
    void run_read(const std::function<void(Session&)>& work) override;
    void run_write(const std::function<void(Session&)>& work) override;
    Result<void> backup_to(const std::string& path) override;

  private:
    sqlite3* open_connection(bool read_only);
    sqlite3* acquire_reader();
    void release_reader(sqlite3* connection);

    std::string m_path;
    std::mutex m_write_mutex;
    sqlite3* m_writer = nullptr;  // guarded by m_write_mutex

    std::mutex m_pool_mutex;
    std::condition_variable m_pool_released;
    std::vector<sqlite3*> m_idle_readers;  // guarded by m_pool_mutex
    int m_open_readers = 0;                // guarded by m_pool_mutex
    int m_reader_pool_size;
};

}  // namespace xzq::storage::sqlite
