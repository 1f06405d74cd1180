#pragma once
// ZonePlanningRepository over the SQL port (schema version 6); the same portable SQL serves
// SQLite and PostgreSQL. Safe for concurrent use (each call is one transaction).
#include "services/zone_planning_ports.hpp"
#include "storage/database.hpp"

namespace xzq::storage {

class SqlZonePlanningRepository final : public services::ZonePlanningRepository {
  public:
    explicit SqlZonePlanningRepository(Database& database) : m_database(database) {}

    Result<std::vector<services::TownshipProfile>> profiles(std::string_view county_code) override;
    Result<void> save_profile(const services::TownshipProfile& profile) override;
    Result<int> add_missing_profiles(const std::vector<services::TownshipProfile>& profiles) override;
    Result<services::AdoptionRecord> apply_adoption(const services::AdoptionWrite& write) override;
    Result<std::vector<services::AdoptionRecord>> adoptions(std::string_view county_code, int limit) override;
    Result<services::RotationRecord> add_rotation(const services::RotationRecord& plan) override;
    Result<std::vector<services::RotationRecord>> rotations(std::string_view county_code, int limit) override;

  private:
    Database& m_database;
};

}  // namespace xzq::storage
