#include "app/platform.hpp"

#include <fmt/chrono.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>

#include "security/key_file.hpp"
#include "storage/migrations.hpp"
#include "storage/people_files.hpp"
#include "storage/zip_writer.hpp"

namespace xzq::app {

std::string now_iso8601(const Clock& clock) {
    return services::iso8601(clock.now());
}

namespace {

Result<std::string> zip_entries(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::vector<storage::ZipEntry> out;
    out.reserve(entries.size());
    for (const auto& [path, bytes] : entries) out.push_back({path, bytes});
    return storage::write_zip(out);
}

}  // namespace

std::string data_folder(const std::string& db_url) {
    if (db_url.starts_with("sqlite:")) {
        std::filesystem::path file(db_url.substr(7));
        auto parent = file.parent_path();
        return parent.empty() ? std::string(".") : parent.string();
    }
    return "var";
}

Platform::Platform(std::unique_ptr<storage::Database> database, const Clock& clock,
                   services::AuthSettings auth_settings, security::DigestAlgorithm audit_digest,
                   std::unique_ptr<const security::Sealer> sealer_in, const PlatformFiles& files,
                   const std::string& attachments_dir)
    : m_database(std::move(database)),
      org_repository(*m_database),
      storage_health(*m_database),
      user_repository(*m_database),
      session_repository(*m_database),
      audit_log(*m_database),
      organisation_repository(*m_database),
      people_repository(*m_database),
      secondment_repository(*m_database),
      report_repository(*m_database),
      calendar_repository(*m_database),
      case_repository(*m_database),
      attachment_store(attachments_dir),
      sealer(std::move(sealer_in)),
      hasher(2),
      org(org_repository),
      audit(audit_log, clock, audit_digest),
      auth(user_repository, session_repository, audit, hasher, clock, std::move(auth_settings)),
      users(user_repository, people_repository, audit, hasher, clock),
      organisation(organisation_repository, people_repository),
      people(people_repository, organisation_repository, secondment_repository, clock),
      deadlines(report_repository, calendar_repository, organisation_repository, clock),
      reports(report_repository, organisation_repository, org_repository, people_repository, user_repository,
              attachment_store, *sealer, hasher, deadlines, clock, files.report_settings),
      cases(case_repository, report_repository, organisation_repository, people_repository, secondment_repository,
            attachment_store, *sealer, deadlines, &zip_entries, clock),
      read_people_file(&storage::read_people_bytes),
      zone_planning_repository(*m_database),
      zone_planning(zone_planning_repository, organisation_repository, clock) {}

Result<std::unique_ptr<Platform>> Platform::open(const std::string& db_url, const Clock& clock, int pool_size,
                                                 services::AuthSettings auth_settings,
                                                 security::DigestAlgorithm audit_digest, PlatformFiles files) {
    const std::string folder = data_folder(db_url);
    auto from_env = [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);
        if (value && *value) return std::string(value);
        return std::nullopt;
    };
    const std::string key_file =
        files.key_file.value_or(from_env("XZQ_KEY_FILE").value_or(folder + "/xzq-reporter.key"));
    const std::string attachments_dir =
        files.attachments_dir.value_or(from_env("XZQ_ATTACHMENTS_DIR").value_or(folder + "/attachments"));
    XZQ_TRY(auto database, storage::open_database(db_url, pool_size));
    XZQ_TRY(auto report, storage::migrate(*database, now_iso8601(clock)));
    if (!report.applied.empty()) {
        spdlog::info("schema migrated from version {} to {}", report.from_version, report.to_version);
    }
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(key_file).parent_path().empty()
                                            ? std::filesystem::path(".")
                                            : std::filesystem::path(key_file).parent_path(),
                                        ec);
    XZQ_TRY(auto kek, security::load_or_create_key_file(key_file, true));
    auto sealer = std::make_unique<const security::Sealer>(std::move(kek), files.seal_algorithm);
    auto platform = std::unique_ptr<Platform>(new Platform(std::move(database), clock, std::move(auth_settings),
                                                           audit_digest, std::move(sealer), files, attachments_dir));
    XZQ_TRY(int seeded, platform->deadlines.seed_calendar());
    if (seeded > 0) spdlog::info("holiday calendar: {} shipped days added", seeded);
    return platform;
}

}  // namespace xzq::app
