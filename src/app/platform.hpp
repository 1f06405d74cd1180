#pragma once
// Everything a subcommand needs, built in dependency order from one database URL and destroyed
// in reverse: the database, the SQL repositories, the password hasher and the services.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "security/password.hpp"
#include "services/audit_service.hpp"
#include "services/auth_service.hpp"
#include "services/org_service.hpp"
#include "services/organisation_service.hpp"
#include "services/people_service.hpp"
#include "services/user_admin_service.hpp"
#include "storage/database.hpp"
#include "storage/sql_auth_repositories.hpp"
#include "storage/sql_org_repository.hpp"
#include "storage/sql_organisation_repository.hpp"
#include "storage/sql_people_repository.hpp"

namespace xzq::app {

class Platform {
  public:
    // Opens the database, applies migrations and builds the services.
    static Result<std::unique_ptr<Platform>> open(
        const std::string& db_url, const Clock& clock, int pool_size = 4, services::AuthSettings auth_settings = {},
        security::DigestAlgorithm audit_digest = security::DigestAlgorithm::sha256);

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
    security::PasswordHasher hasher;
    services::OrgService org;
    services::AuditService audit;
    services::AuthService auth;
    services::UserAdminService users;
    services::OrganisationService organisation;
    services::PeopleService people;
    // Reads an uploaded people file (CSV or XLSX, chosen by the name's extension) into rows.
    std::function<Result<domain::Sheet>(std::string_view bytes, std::string_view file_name)> read_people_file;

  private:
    Platform(std::unique_ptr<storage::Database> database, const Clock& clock, services::AuthSettings auth_settings,
             security::DigestAlgorithm audit_digest);
};

std::string now_iso8601(const Clock& clock);

}  // namespace xzq::app
