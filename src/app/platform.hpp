#pragma once
// Everything a subcommand needs, built in dependency order from one database URL and destroyed
// in reverse: the database, the SQL repositories, the password hasher and the services.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "security/password.hpp"
#include "security/sealing.hpp"
#include "services/audit_service.hpp"
#include "services/auth_service.hpp"
#include "services/case_service.hpp"
#include "services/deadline_service.hpp"
#include "services/org_service.hpp"
#include "services/organisation_service.hpp"
#include "services/people_service.hpp"
#include "services/report_service.hpp"
#include "services/user_admin_service.hpp"
#include "services/zone_planning_service.hpp"
#include "storage/database.hpp"
#include "storage/sql_auth_repositories.hpp"
#include "storage/sql_case_repository.hpp"
#include "storage/sql_org_repository.hpp"
#include "storage/sql_organisation_repository.hpp"
#include "storage/sql_people_repository.hpp"
#include "storage/sql_report_repository.hpp"
#include "storage/sql_zone_planning_repository.hpp"

namespace xzq::app {

// Where the secrets and files that live outside the database are kept.
struct PlatformFiles {
    // The key-encryption key of sealed reporter identities (created 0600 on first run). Default:
    // `xzq-reporter.key` beside a SQLite database file, or under var/ for PostgreSQL.
    std::optional<std::string> key_file;
    // Attachment files. Default: `attachments/` beside a SQLite database file, or var/attachments.
    std::optional<std::string> attachments_dir;
    security::SealAlgorithm seal_algorithm = security::SealAlgorithm::xchacha20poly1305;
    services::ReportSettings report_settings = {};
};

// The default folder for files beside the database: the SQLite file's folder, else var/.
std::string data_folder(const std::string& db_url);

class Platform {
  public:
    // Opens the database, applies migrations, loads (or creates) the key file, seeds the shipped
    // holiday calendar and builds the services.
    static Result<std::unique_ptr<Platform>> open(
        const std::string& db_url, const Clock& clock, int pool_size = 4, services::AuthSettings auth_settings = {},
        security::DigestAlgorithm audit_digest = security::DigestAlgorithm::sha256, PlatformFiles files = {});

    storage::Database& database() { return *m_database; }

    std::unique_ptr<storage::Database> m_database;
    storage::SqlOrgRepository org_repository;
    storage::SqlStorageHealth storage_health;
    storage::SqlUserRepository user_repository;
    storage::SqlSessionRepository session_repository;
    storage::SqlAuditLog audit_log;
    storage::SqlOrganisationRepository organisation_repository;
    storage::SqlPeopleRepository people_repository;
    storage::SqlSecondmentRepository secondment_repository;
    storage::SqlReportRepository report_repository;
    storage::SqlCalendarRepository calendar_repository;
    storage::SqlCaseRepository case_repository;
    storage::FileAttachmentStore attachment_store;
    std::unique_ptr<const security::Sealer> sealer;
    security::PasswordHasher hasher;
    services::OrgService org;
    services::AuditService audit;
    services::AuthService auth;
    services::UserAdminService users;
    services::OrganisationService organisation;
    services::PeopleService people;
    services::DeadlineService deadlines;
    services::ReportService reports;
    services::CaseService cases;
    // Reads an uploaded people file (CSV or XLSX, chosen by the name's extension) into rows.
    std::function<Result<domain::Sheet>(std::string_view bytes, std::string_view file_name)> read_people_file;
    // Zone planning (issue 6, item 6): township profiles, plan adoption, rotation plans.
    storage::SqlZonePlanningRepository zone_planning_repository;
    services::ZonePlanningService zone_planning;

  private:
    Platform(std::unique_ptr<storage::Database> database, const Clock& clock, services::AuthSettings auth_settings,
             security::DigestAlgorithm audit_digest, std::unique_ptr<const security::Sealer> sealer,
             const PlatformFiles& files, const std::string& attachments_dir);
};

std::string now_iso8601(const Clock& clock);

}  // namespace xzq::app
