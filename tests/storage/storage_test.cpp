// One storage suite, run unchanged against a real SQLite file and a real PostgreSQL server.
// XZQ_TEST_BACKEND selects the backend; for PostgreSQL, XZQ_TEST_PG_URL names a server on which
// each test creates (and drops) a database of its own. A missing server is a failure, not a skip.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "scratch_database.hpp"
#include "services/org_service.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_org_repository.hpp"

namespace xzq::storage {
namespace {

namespace fs = std::filesystem;

using testing::backend_name;

class ScratchDatabase : public testing::ScratchDatabase {
  public:
    ScratchDatabase() : testing::ScratchDatabase("xzq_t") {}
};

std::unique_ptr<Database> open_migrated(const std::string& url) {
    auto database = open_database(url);
    if (!database) throw std::runtime_error(database.error().message_en);
    auto report = migrate(**database, "2026-11-24T00:00:00Z");
    if (!report) throw std::runtime_error(report.error().message_en);
    return std::move(*database);
}

domain::County county(std::string code, std::string name, int townships, int villages_each) {
    domain::County c{code, name, "开封市", "河南省", {}};
    for (int t = 1; t <= townships; ++t) {
        std::string tcode = code + fmt::format("{:03}", 100 + t);
        domain::Township township{tcode, fmt::format("第{}镇", t), domain::TownshipKind::town, {}};
        for (int v = 1; v <= villages_each; ++v) {
            township.villages.push_back({tcode + fmt::format("{:03}", v), fmt::format("{}镇{}村", t, v)});
        }
        c.townships.push_back(std::move(township));
    }
    return c;
}

class StorageTest : public ::testing::Test {
  protected:
    ScratchDatabase scratch;
};

TEST_F(StorageTest, MigrationsApplyOnceAndReportTheVersion) {
    auto database = open_database(scratch.url());
    ASSERT_TRUE(database.ok()) << database.error().message_en;
    EXPECT_EQ(schema_version(**database).value(), 0);
    auto first = migrate(**database, "2026-11-24T00:00:00Z");
    ASSERT_TRUE(first.ok()) << first.error().message_en;
    EXPECT_EQ(first->from_version, 0);
    EXPECT_EQ(first->to_version, latest_schema_version());
    EXPECT_EQ(first->applied.size(), all_migrations().size());
    auto again = migrate(**database, "2026-11-25T00:00:00Z");
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->applied.empty());
    SqlStorageHealth health(**database);
    auto status = health.status();
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->backend, backend_name());
    EXPECT_EQ(status->schema_version, latest_schema_version());
}

TEST_F(StorageTest, ConcurrentMigratorsDoNotCollide) {
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int i = 0; i < 3; ++i) {
        threads.emplace_back([&] {
            auto database = open_database(scratch.url());
            if (!database || !migrate(**database, "2026-11-24T00:00:00Z").ok()) ++failures;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    auto database = open_migrated(scratch.url());
    auto rows = database->read([](Session& s) { return s.query("SELECT COUNT(*) FROM schema_migrations"); });
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ((*rows)[0].integer(0), static_cast<std::int64_t>(all_migrations().size()));
}

TEST_F(StorageTest, ValuesRoundTrip) {
    auto database = open_migrated(scratch.url());
    ASSERT_TRUE(
        database
            ->write([](Session& s) {
                s.exec_script(
                    "CREATE TABLE sample (id BIGINT PRIMARY KEY, label TEXT, amount DOUBLE PRECISION, note TEXT)");
                s.exec("INSERT INTO sample (id, label, amount, note) VALUES (?, ?, ?, ?)",
                       {std::int64_t{9007199254740993}, std::string("兰考县 'quoted' ?"), 2.5, nullptr});
            })
            .ok());
    auto rows = database->read([](Session& s) {
        return s.query("SELECT id, label, amount, note FROM sample WHERE label LIKE ?", {std::string("兰考%")});
    });
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].integer(0), 9007199254740993);
    EXPECT_EQ((*rows)[0].text(1), "兰考县 'quoted' ?");
    EXPECT_DOUBLE_EQ(std::get<double>((*rows)[0].value(2)), 2.5);
    EXPECT_TRUE((*rows)[0].is_null(3));
}

TEST_F(StorageTest, ImportTwiceChangesNothingAndRenamesAreUpdates) {
    auto database = open_migrated(scratch.url());
    SqlOrgRepository repository(*database);
    auto first = repository.save_county(county("410225", "兰考县", 3, 4));
    ASSERT_TRUE(first.ok()) << first.error().message_en;
    EXPECT_TRUE(first->county_added);
    EXPECT_EQ(first->townships_added, 3);
    EXPECT_EQ(first->villages_added, 12);

    auto second = repository.save_county(county("410225", "兰考县", 3, 4));
    ASSERT_TRUE(second.ok());
    EXPECT_FALSE(second->changed_anything());
    EXPECT_EQ(second->unchanged, 1 + 3 + 12);

    auto renamed = county("410225", "兰考县", 3, 4);
    renamed.townships[1].villages[2].name = "新名村";
    auto third = repository.save_county(renamed);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(third->villages_updated, 1);
    EXPECT_EQ(third->villages_added, 0);
    auto tree = repository.county_tree("410225");
    ASSERT_TRUE(tree.ok() && tree->has_value());
    EXPECT_EQ((*tree)->townships[1].villages[2].name, "新名村");
}

TEST_F(StorageTest, TreeAndSummariesKeepCountiesApart) {
    auto database = open_migrated(scratch.url());
    SqlOrgRepository repository(*database);
    ASSERT_TRUE(repository.save_county(county("410225", "兰考县", 2, 3)).ok());
    ASSERT_TRUE(repository.save_county(county("410221", "杞县", 4, 1)).ok());
    auto summaries = repository.counties();
    ASSERT_TRUE(summaries.ok());
    ASSERT_EQ(summaries->size(), 2u);
    EXPECT_EQ((*summaries)[0].code, "410221");
    EXPECT_EQ((*summaries)[0].townships, 4);
    EXPECT_EQ((*summaries)[0].villages, 4);
    EXPECT_EQ((*summaries)[1].villages, 6);
    auto tree = repository.county_tree("410225");
    ASSERT_TRUE(tree.ok() && tree->has_value());
    EXPECT_EQ((*tree)->name, "兰考县");
    ASSERT_EQ((*tree)->townships.size(), 2u);
    for (const auto& t : (*tree)->townships) EXPECT_TRUE(t.code.starts_with("410225"));
    EXPECT_FALSE(repository.county_tree("410000").value().has_value());
}

TEST_F(StorageTest, FailedWriteLeavesNothingBehind) {
    auto database = open_migrated(scratch.url());
    auto result = database->write([](Session& s) {
        s.exec("INSERT INTO counties (code, name, city, province) VALUES (?, ?, ?, ?)",
               {std::string("410225"), std::string("兰考县"), std::string(""), std::string("")});
        // Violates the foreign key: the whole transaction must roll back.
        s.exec("INSERT INTO townships (code, county_code, name, kind) VALUES (?, ?, ?, ?)",
               {std::string("410226101"), std::string("410226"), std::string("x"), std::string("town")});
    });
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::conflict);
    auto count = database->read([](Session& s) { return s.query("SELECT COUNT(*) FROM counties")[0].integer(0); });
    EXPECT_EQ(count.value(), 0);

    auto thrown = database->write([](Session& s) {
        s.exec("INSERT INTO counties (code, name, city, province) VALUES ('410225', 'a', 'b', 'c')");
        throw DatabaseError(DatabaseError::Reason::failed, "simulated fault mid-transaction");
    });
    ASSERT_FALSE(thrown.ok());
    EXPECT_EQ(database->read([](Session& s) { return s.query("SELECT COUNT(*) FROM counties")[0].integer(0); }).value(),
              0);
}

TEST_F(StorageTest, ChecksRejectBadRows) {
    auto database = open_migrated(scratch.url());
    auto result = database->write(
        [](Session& s) { s.exec("INSERT INTO counties (code, name, city, province) VALUES ('41', 'a', 'b', 'c')"); });
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::conflict);
}

TEST_F(StorageTest, ReadersRunWhileAWriterWrites) {
    auto database = open_migrated(scratch.url());
    SqlOrgRepository repository(*database);
    ASSERT_TRUE(repository.save_county(county("410225", "兰考县", 5, 10)).ok());
    std::atomic<bool> done{false};
    std::atomic<int> reads{0}, read_failures{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 3; ++r) {
        readers.emplace_back([&] {
            while (!done) {
                auto tree = repository.county_tree("410225");
                if (!tree.ok() || !tree->has_value() || (*tree)->townships.size() != 5) ++read_failures;
                ++reads;
            }
        });
    }
    for (int i = 0; i < 20; ++i) {
        auto renamed = county("410225", "兰考县", 5, 10);
        renamed.townships[0].name = fmt::format("改名{}镇", i);
        ASSERT_TRUE(repository.save_county(renamed).ok());
    }
    done = true;
    for (auto& t : readers) t.join();
    EXPECT_EQ(read_failures.load(), 0);
    EXPECT_GT(reads.load(), 0);
}

// A child process commits rows one transaction at a time and reports each commit through a pipe;
// the parent kills it with SIGKILL mid-stream. Every reported commit must be there afterwards.
TEST_F(StorageTest, AcknowledgedWritesSurviveAKill) {
    {
        auto database = open_migrated(scratch.url());
        ASSERT_TRUE(database
                        ->write([](Session& s) {
                            s.exec_script("CREATE TABLE ledger (id BIGINT PRIMARY KEY, note TEXT NOT NULL)");
                        })
                        .ok());
    }
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(pipe_fds[0]);
        auto database = open_database(scratch.url());
        if (!database) ::_exit(3);
        for (std::int64_t id = 1;; ++id) {
            auto ok = (*database)->write([id](Session& s) {
                s.exec("INSERT INTO ledger (id, note) VALUES (?, ?)",
                       {id, std::string("信访件 ") + std::to_string(id)});
            });
            if (!ok.ok()) ::_exit(4);
            if (::write(pipe_fds[1], &id, sizeof id) != sizeof id) ::_exit(5);
        }
    }
    ::close(pipe_fds[1]);
    std::int64_t last_acknowledged = 0, id = 0;
    while (last_acknowledged < 200 && ::read(pipe_fds[0], &id, sizeof id) == sizeof id) last_acknowledged = id;
    ::kill(child, SIGKILL);
    while (::read(pipe_fds[0], &id, sizeof id) == sizeof id) last_acknowledged = id;
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer should have been killed, exit " << WEXITSTATUS(status);
    ASSERT_GE(last_acknowledged, 200);

    auto database = open_database(scratch.url());
    ASSERT_TRUE(database.ok());
    auto rows = (*database)->read([](Session& s) { return s.query("SELECT COUNT(*), MAX(id) FROM ledger"); });
    ASSERT_TRUE(rows.ok()) << rows.error().message_en;
    EXPECT_GE((*rows)[0].integer(1), last_acknowledged);
    EXPECT_EQ((*rows)[0].integer(0), (*rows)[0].integer(1)) << "rows must be contiguous";
}

TEST(StorageUrls, BadUrlsAreClearErrors) {
    auto unknown = open_database("mysql://localhost/x");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, "storage.bad_url");
    EXPECT_EQ(unknown.error().kind, ErrorKind::invalid_input);
    auto empty = open_database("sqlite:");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, "storage.bad_url");
    auto unreachable = open_database("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
    ASSERT_FALSE(unreachable.ok());
    EXPECT_EQ(unreachable.error().kind, ErrorKind::unavailable);
}

}  // namespace
}  // namespace xzq::storage
