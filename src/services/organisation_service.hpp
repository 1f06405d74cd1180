#pragma once
// Use cases of the supervision organisation: units (county commission, departments, township
// bodies…), collaboration zones with their chief and deputy, and the dated membership of
// townships in zones. Every call checks the principal's actions and data scope.
// Thread-safe when its ports are.
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "domain/access.hpp"
#include "services/people_ports.hpp"

namespace xzq::services {

// The calendar day in China (UTC+8) at the clock's instant: "today" for every dated rule.
domain::Date china_today(const Clock& clock);

// The person at the server console (`xzq import`, `xzq demo`): a county leader of one county,
// with no account of their own (user id 0).
domain::Principal console_operator(std::string_view county_code);

struct ZoneView {
    domain::Zone zone;
    std::vector<TownshipRef> townships;  // members on the day asked, ordered by code
};

class OrganisationService {
  public:
    OrganisationService(OrganisationRepository& organisation, PeopleRepository& people)
        : m_organisation(organisation), m_people(people) {}

    Result<domain::OrgUnit> add_unit(const domain::Principal& who, domain::OrgUnit unit);
    Result<std::vector<domain::OrgUnit>> units(const domain::Principal& who, std::string_view county_code);

    // A new zone; chief and deputy are optional here and checked when given.
    Result<domain::Zone> add_zone(const domain::Principal& who, domain::Zone zone);
    Result<domain::Zone> set_zone_leaders(const domain::Principal& who, long long zone_id,
                                          std::optional<long long> chief, std::optional<long long> deputy);
    Result<domain::Zone> set_zone_titles(const domain::Principal& who, long long zone_id, domain::ZoneTitles titles);
    Result<domain::Zone> zone(const domain::Principal& who, long long zone_id);

    // Moves a township into a zone from `effective`: the old membership is closed on that day and
    // a new one opened; nothing changes when it is already there.
    Result<domain::Rezoning> move_township(const domain::Principal& who, std::string_view township_code,
                                           long long zone_id, domain::Date effective);
    Result<void> remove_township(const domain::Principal& who, std::string_view township_code, domain::Date effective);
    // The county's zones with the townships that belonged to them on `day`.
    Result<std::vector<ZoneView>> zones_as_of(const domain::Principal& who, std::string_view county_code,
                                              domain::Date day);
    Result<std::vector<domain::ZoneMembership>> township_history(const domain::Principal& who,
                                                                 std::string_view township_code);

  private:
    Result<void> require_county_write(const domain::Principal& who, std::string_view county_code);
    Result<domain::LeaderCandidate> leader_candidate(long long person_id);

    OrganisationRepository& m_organisation;
    PeopleRepository& m_people;
};

// Zone ids (as text, the form scopes use) a township belongs to on `day`.
std::vector<std::string> zone_ids_of(const std::vector<domain::ZoneMembership>& memberships,
                                     std::string_view township_code, domain::Date day);

Error forbidden_error();
Error not_found_error(std::string_view what_zh, std::string_view what_en, long long id);

}  // namespace xzq::services
