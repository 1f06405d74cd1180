#pragma once
// A fresh, empty database for one storage test, on the backend XZQ_TEST_BACKEND names: a SQLite
// file in a temporary folder, or a database created on the PostgreSQL server XZQ_TEST_PG_URL
// (dropped afterwards). A missing server is a failure, not a skip.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace xzq::storage::testing {

inline std::string backend_name() {
    const char* value = std::getenv("XZQ_TEST_BACKEND");
    return value ? value : "sqlite";
}

class ScratchDatabase {
  public:
    explicit ScratchDatabase(const std::string& prefix = "xzq_t") {
        static std::atomic<int> counter{0};
        std::string name = prefix + std::to_string(::getpid()) + "_" + std::to_string(counter++);
        if (backend_name() == "postgresql") {
            const char* admin = std::getenv("XZQ_TEST_PG_URL");
            if (!admin || !*admin)
                throw std::runtime_error("XZQ_TEST_PG_URL is not set: no PostgreSQL to test against");
            m_admin_url = admin;
            run_outside_transaction("CREATE DATABASE " + name);
            m_pg_name = name;
            m_url = m_admin_url.substr(0, m_admin_url.rfind('/') + 1) + name;
        } else {
            m_dir = std::filesystem::temp_directory_path() / name;
            std::filesystem::create_directories(m_dir);
            m_url = "sqlite:" + (m_dir / "test.db").string();
        }
    }
    ~ScratchDatabase() {
        if (!m_pg_name.empty()) {
            run_outside_transaction("DROP DATABASE IF EXISTS " + m_pg_name + " WITH (FORCE)");
            std::filesystem::remove_all(std::filesystem::temp_directory_path() / (m_pg_name + "_files"));
        }
        if (!m_dir.empty()) std::filesystem::remove_all(m_dir);
    }
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    [[nodiscard]] const std::string& url() const { return m_url; }
    // The SQLite file ("" on PostgreSQL).
    [[nodiscard]] std::filesystem::path sqlite_file() const { return m_dir.empty() ? "" : m_dir / "test.db"; }
    // A scratch file beside the database, for fixtures.
    [[nodiscard]] std::filesystem::path file(const std::string& name) const {
        auto dir = m_dir.empty() ? std::filesystem::temp_directory_path() / (m_pg_name + "_files") : m_dir;
        std::filesystem::create_directories(dir);
        return dir / name;
    }
    // Runs SQL outside the product (psql or sqlite3), as an intruder with file access would.
    void run_outside_the_product(const std::string& sql) const {
        std::string command = m_pg_name.empty()
                                  ? "sqlite3 '" + sqlite_file().string() + "' \"" + sql + "\""
                                  : "psql -q -v ON_ERROR_STOP=1 '" + m_url + "' -c \"" + sql + "\" >/dev/null";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("outside SQL failed: " + sql);
    }

  private:
    void run_outside_transaction(const std::string& sql) const {
        std::string command = "psql -q -v ON_ERROR_STOP=1 '" + m_admin_url + "' -c '" + sql + "' >/dev/null";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("psql failed: " + sql);
    }

    std::string m_url, m_admin_url, m_pg_name;
    std::filesystem::path m_dir;
};

}  // namespace xzq::storage::testing
