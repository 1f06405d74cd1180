#pragma once
// OrgRepository and StorageHealth over the SQL port; the same code serves SQLite and PostgreSQL.
#include "services/ports.hpp"
#include "storage/database.hpp"

namespace xzq::storage {

class SqlOrgRepository final : public services::OrgRepository {
  public:
    explicit SqlOrgRepository(Database& database) : m_database(database) {}
    Result<services::DivisionImportSummary> save_county(const domain::County& county) override;
    Result<std::vector<domain::CountySummary>> counties() override;
    Result<std::optional<domain::County>> county_tree(std::string_view county_code) override;

  private:
    Database& m_database;
};

class SqlStorageHealth final : public services::StorageHealth {
  public:
    explicit SqlStorageHealth(Database& database) : m_database(database) {}
    Result<services::StorageStatus> status() override;

  private:
    Database& m_database;
};

}  // namespace xzq::storage
