#pragma once
// Use cases of the cadre pool: people and their entry/exit record, declared relationships,
// import from a file (all rows or none), and zone-chief secondments with their workload.
// Every call checks the principal's action and data scope; a record outside the scope answers
// not_found, so that its existence does not leak. Thread-safe when its ports are.
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "domain/access.hpp"
#include "services/people_ports.hpp"

namespace xzq::services {

struct ImportReport {
    bool accepted = false;
    int rows = 0;                                 // data rows read
    std::vector<domain::ImportProblem> problems;  // every bad row (empty when accepted)
    std::vector<long long> ids;                   // the people created (when accepted)
};

// A county-pool cadre as offered to a zone chief asking the county for help. The person lies
// outside the chief's data scope, so only what a request needs is carried: no phone, no
// external id, no relationships.
struct PoolCandidate {
    long long id = 0;
    std::string name;
    std::string post;
    std::string unit_name;
    std::vector<std::string> skills;
    domain::PersonStatus status = domain::PersonStatus::in_post;
    int workload = 0;  // active secondments on the day asked about
};

class PeopleService {
  public:
    PeopleService(PeopleRepository& people, OrganisationRepository& organisation, SecondmentRepository& secondments,
                  const Clock& clock)
        : m_people(people), m_organisation(organisation), m_secondments(secondments), m_clock(clock) {}

    // Adds a person to the pool with the entry record (`reason`, dated today).
    Result<domain::Person> add_person(const domain::Principal& who, domain::Person person, std::string_view reason);
    // Changes the descriptive fields; the status only changes through change_status.
    Result<domain::Person> update_person(const domain::Principal& who, domain::Person person);
    Result<domain::Person> person(const domain::Principal& who, long long id);
    Result<std::vector<domain::Person>> people(const domain::Principal& who, std::string_view county_code,
                                               const PeopleFilter& filter = {});

    Result<domain::StatusChange> change_status(const domain::Principal& who, long long person_id,
                                               domain::PersonStatus status, domain::Date date, std::string_view reason);
    Result<std::vector<domain::StatusChange>> status_history(const domain::Principal& who, long long person_id);

    Result<domain::Relationship> declare_relationship(const domain::Principal& who, domain::Relationship relationship);
    Result<std::vector<domain::Relationship>> relationships(const domain::Principal& who, long long person_id);
    Result<domain::SkillCatalogue> skills(std::string_view county_code);
    Result<void> add_skill(const domain::Principal& who, std::string_view county_code, const domain::Skill& skill);

    // Checks every row; writes all of them in one transaction only when none is bad. A bad file
    // is not an Error: the report lists its problems and `accepted` is false.
    Result<ImportReport> import_people(const domain::Principal& who, std::string_view county_code,
                                       const domain::Sheet& sheet);

    // A zone chief seconds a cadre to a task. The requester is the principal's own person; the
    // console operator (no person) may name the chief in the request.
    Result<domain::Secondment> second(const domain::Principal& who, domain::SecondmentRequest request);
    // A county leader approves or rejects a request for a county-pool cadre.
    Result<domain::Secondment> decide(const domain::Principal& who, long long secondment_id, bool approve,
                                      long long approver_person_id);
    Result<domain::Secondment> release(const domain::Principal& who, long long secondment_id, domain::Date day);
    Result<std::vector<domain::Secondment>> secondments_of_person(const domain::Principal& who, long long person_id);
    Result<std::vector<domain::Secondment>> secondments_of_zone(const domain::Principal& who, long long zone_id);
    // The county pool a zone chief may ask for (统筹调配: "or asks the county for pool cadres"):
    // the caller's county's cadres who work in a department of the county commission (审查调查室,
    // 案件审理室…), do not head it, and are in post or in training; in the units' order, then by name.
    // Needs secondment.write; the list is not limited by data scope, which is why it is minimal.
    Result<std::vector<PoolCandidate>> pool_candidates(const domain::Principal& who, domain::Date day);
    // Active secondments of the person on `day` (case assignments will add to it).
    Result<int> workload(const domain::Principal& who, long long person_id, domain::Date day);

    // Where a person sits for scope checks on `day`: the township of their unit, else their home
    // township, with its zones on that day.
    Result<domain::RecordLocation> location_of(const domain::Person& person, domain::Date day);

  private:
    // The person if `who` may do `action` on them; not_found otherwise.
    Result<domain::Person> visible_person(const domain::Principal& who, domain::Action action, long long id);
    Result<std::vector<std::string>> townships_of(const domain::Person& person);
    Result<bool> is_county_leader(long long person_id, std::string_view county_code);
    Result<domain::Secondment> secondment_for_zone_write(const domain::Principal& who, long long id);

    PeopleRepository& m_people;
    OrganisationRepository& m_organisation;
    SecondmentRepository& m_secondments;
    const Clock& m_clock;
};

}  // namespace xzq::services
