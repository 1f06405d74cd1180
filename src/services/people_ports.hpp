#pragma once
// Ports of the organisation and cadre-pool use cases. Storage adapters implement them; tests may
// too. Implementations must be safe to call from several threads, and every call is one
// transaction: a batch either lands whole or not at all.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/organisation.hpp"
#include "domain/people.hpp"

namespace xzq::services {

struct TownshipRef {
    std::string code;
    std::string name;
};

class OrganisationRepository {
  public:
    virtual ~OrganisationRepository() = default;

    // The county's townships (from the imported divisions), ordered by code.
    virtual Result<std::vector<TownshipRef>> townships(std::string_view county_code) = 0;
    virtual Result<bool> village_exists(std::string_view village_code) = 0;

    // Stores a new unit and returns it with its id.
    virtual Result<domain::OrgUnit> add_unit(const domain::OrgUnit& unit) = 0;
    virtual Result<std::vector<domain::OrgUnit>> units(std::string_view county_code) = 0;
    virtual Result<std::optional<domain::OrgUnit>> unit(long long id) = 0;

    // Creates the zone's org unit and its zone row together.
    virtual Result<domain::Zone> add_zone(const domain::Zone& zone, int sort_order) = 0;
    virtual Result<void> update_zone(const domain::Zone& zone) = 0;
    virtual Result<std::vector<domain::Zone>> zones(std::string_view county_code) = 0;
    virtual Result<std::optional<domain::Zone>> zone(long long id) = 0;

    // Every membership of one township, oldest first.
    virtual Result<std::vector<domain::ZoneMembership>> township_history(std::string_view township_code) = 0;
    // Every membership of every township of the county.
    virtual Result<std::vector<domain::ZoneMembership>> memberships(std::string_view county_code) = 0;
    // Applies a planned rezoning in one transaction: closes, then opens. `county_code` tags the
    // new row.
    virtual Result<void> apply_rezoning(std::string_view county_code, const domain::Rezoning& plan) = 0;
    virtual Result<void> close_membership(const domain::ZoneMembership& closed) = 0;
};

struct PeopleFilter {
    std::optional<std::string> township_code;  // home township or township of the unit
    std::optional<domain::PersonStatus> status;
    std::optional<std::string> skill;
    std::optional<std::string> name_contains;
};

class PeopleRepository {
  public:
    virtual ~PeopleRepository() = default;

    // Stores people with their first status record ("entered the pool") in one transaction, so
    // an import lands whole or not at all. Returns the ids in input order. Fails with conflict
    // when an external id is already taken.
    virtual Result<std::vector<long long>> add_people(const std::vector<domain::Person>& people,
                                                      const std::vector<domain::StatusChange>& entries) = 0;
    virtual Result<void> update_person(const domain::Person& person) = 0;
    virtual Result<std::optional<domain::Person>> person(long long id) = 0;
    virtual Result<std::optional<domain::Person>> person_by_external_id(std::string_view county_code,
                                                                        std::string_view external_id) = 0;
    virtual Result<std::vector<domain::Person>> people(std::string_view county_code) = 0;
    virtual Result<std::vector<std::string>> external_ids(std::string_view county_code) = 0;

    // Appends a status change and sets the person's status, in one transaction.
    virtual Result<domain::StatusChange> record_status_change(const domain::StatusChange& change) = 0;
    virtual Result<std::vector<domain::StatusChange>> status_history(long long person_id) = 0;

    virtual Result<domain::Relationship> add_relationship(std::string_view county_code,
                                                          const domain::Relationship& relationship) = 0;
    virtual Result<std::vector<domain::Relationship>> relationships(long long person_id) = 0;

    // Skills the county added to the built-in list.
    virtual Result<std::vector<domain::Skill>> extra_skills(std::string_view county_code) = 0;
    virtual Result<void> add_skill(std::string_view county_code, const domain::Skill& skill) = 0;
};

class SecondmentRepository {
  public:
    virtual ~SecondmentRepository() = default;
    virtual Result<domain::Secondment> add_secondment(const domain::Secondment& secondment) = 0;
    // Saves the state, decision and release fields of an existing secondment.
    virtual Result<void> update_secondment(const domain::Secondment& secondment) = 0;
    virtual Result<std::optional<domain::Secondment>> secondment(long long id) = 0;
    virtual Result<std::vector<domain::Secondment>> secondments_of_person(long long person_id) = 0;
    virtual Result<std::vector<domain::Secondment>> secondments_of_zone(long long zone_id) = 0;
};

}  // namespace xzq::services
