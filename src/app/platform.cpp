#include "app/platform.hpp"

#include <fmt/chrono.h>
#include <spdlog/spdlog.h>

#include "storage/migrations.hpp"
#include "storage/people_files.hpp"

namespace xzq::app {

std::string now_iso8601(const Clock& clock) {
    return services::iso8601(clock.now());
}

Platform::Platform(std::unique_ptr<storage::Database> database, const Clock& clock,
                   services::AuthSettings auth_settings, security::DigestAlgorithm audit_digest)
    : m_database(std::move(database)),
      org_repository(*m_database),
      storage_health(*m_database),
      user_repository(*m_database),
      session_repository(*m_database),
      audit_log(*m_database),
      organisation_repository(*m_database),
      people_repository(*m_database),
      secondment_repository(*m_database),
      hasher(2),
      org(org_repository),
      audit(audit_log, clock, audit_digest),
      auth(user_repository, session_repository, audit, hasher, clock, std::move(auth_settings)),
      users(user_repository, people_repository, audit, hasher, clock),
      organisation(organisation_repository, people_repository),
      people(people_repository, organisation_repository, secondment_repository, clock),
      read_people_file(&storage::read_people_bytes) {}

Result<std::unique_ptr<Platform>> Platform::open(const std::string& db_url, const Clock& clock, int pool_size,
                                                 services::AuthSettings auth_settings,
                                                 security::DigestAlgorithm audit_digest) {
    XZQ_TRY(auto database, storage::open_database(db_url, pool_size));
    XZQ_TRY(auto report, storage::migrate(*database, now_iso8601(clock)));
    if (!report.applied.empty()) {
        spdlog::info("schema migrated from version {} to {}", report.from_version, report.to_version);
    }
    return std::unique_ptr<Platform>(new Platform(std::move(database), clock, std::move(auth_settings), audit_digest));
}

}  // namespace xzq::app
