#pragma once
// OrganisationRepository over the SQL port; the same portable SQL serves SQLite and PostgreSQL.
// Safe for concurrent use (each call is one transaction on the shared Database).
#include "services/people_ports.hpp"
#include "storage/database.hpp"

namespace xzq::storage {

// The next id of a table, from the id_sequences counter, inside the caller's write transaction.
// The counter row is locked by the update until commit, so concurrent writers never share an id.
std::int64_t next_id(Session& session, std::string_view sequence);

// Conversions between optional domain fields and SQL values, shared by the people repositories.
Value optional_text(const std::optional<std::string>& text);
Value optional_id(const std::optional<long long>& id);
std::optional<std::string> text_or_null(const Row& row, std::size_t column);
std::optional<long long> id_or_null(const Row& row, std::size_t column);
domain::Date date_at(const Row& row, std::size_t column);
std::optional<domain::Date> date_or_null(const Row& row, std::size_t column);

class SqlOrganisationRepository final : public services::OrganisationRepository {
  public:
    explicit SqlOrganisationRepository(Database& database) : m_database(database) {}

    Result<std::vector<services::TownshipRef>> townships(std::string_view county_code) override;
    Result<bool> village_exists(std::string_view village_code) override;
    Result<domain::OrgUnit> add_unit(const domain::OrgUnit& unit) override;
    Result<std::vector<domain::OrgUnit>> units(std::string_view county_code) override;
    Result<std::optional<domain::OrgUnit>> unit(long long id) override;
    Result<domain::Zone> add_zone(const domain::Zone& zone, int sort_order) override;
    Result<void> update_zone(const domain::Zone& zone) override;
    Result<std::vector<domain::Zone>> zones(std::string_view county_code) override;
    Result<std::optional<domain::Zone>> zone(long long id) override;
    Result<std::vector<domain::ZoneMembership>> township_history(std::string_view township_code) override;
    Result<std::vector<domain::ZoneMembership>> memberships(std::string_view county_code) override;
    Result<void> apply_rezoning(std::string_view county_code, const domain::Rezoning& plan) override;
    Result<void> close_membership(const domain::ZoneMembership& closed) override;

  private:
    Database& m_database;
};

}  // namespace xzq::storage
