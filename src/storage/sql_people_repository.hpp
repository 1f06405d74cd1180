#pragma once
// PeopleRepository and SecondmentRepository over the SQL port; the same portable SQL serves
// SQLite and PostgreSQL. Safe for concurrent use (each call is one transaction).
#include "services/people_ports.hpp"
#include "storage/database.hpp"

namespace xzq::storage {

class SqlPeopleRepository final : public services::PeopleRepository {
  public:
    explicit SqlPeopleRepository(Database& database) : m_database(database) {}

    Result<std::vector<long long>> add_people(const std::vector<domain::Person>& people,
                                              const std::vector<domain::StatusChange>& entries) override;
    Result<void> update_person(const domain::Person& person) override;
    Result<std::optional<domain::Person>> person(long long id) override;
    Result<std::optional<domain::Person>> person_by_external_id(std::string_view county_code,
                                                                std::string_view external_id) override;
    Result<std::vector<domain::Person>> people(std::string_view county_code) override;
    Result<std::vector<std::string>> external_ids(std::string_view county_code) override;
    Result<domain::StatusChange> record_status_change(const domain::StatusChange& change) override;
    Result<std::vector<domain::StatusChange>> status_history(long long person_id) override;
    Result<domain::Relationship> add_relationship(std::string_view county_code,
                                                  const domain::Relationship& relationship) override;
    Result<std::vector<domain::Relationship>> relationships(long long person_id) override;
    Result<std::vector<domain::Skill>> extra_skills(std::string_view county_code) override;
    Result<void> add_skill(std::string_view county_code, const domain::Skill& skill) override;

  private:
    Database& m_database;
};

class SqlSecondmentRepository final : public services::SecondmentRepository {
  public:
    explicit SqlSecondmentRepository(Database& database) : m_database(database) {}

    // Re-checks overlaps inside the write transaction, after locking the person's row, so that
    // two concurrent requests for one cadre cannot both land.
    Result<domain::Secondment> add_secondment(const domain::Secondment& secondment) override;
    Result<void> update_secondment(const domain::Secondment& secondment) override;
    Result<std::optional<domain::Secondment>> secondment(long long id) override;
    Result<std::vector<domain::Secondment>> secondments_of_person(long long person_id) override;
    Result<std::vector<domain::Secondment>> secondments_of_zone(long long zone_id) override;

  private:
    Database& m_database;
};

}  // namespace xzq::storage
