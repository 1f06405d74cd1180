#pragma once
// Demo organisation and cadre pool for the demo county 兰考县 (410225): the county commission
// with its departments and standing committee, six zones of neighbouring townships, each
// township's commission and supervision office, three invented cadres per township, a few
// declared relationships, one active secondment in 南部协作区 (zone id 1 on a fresh database) and
// one county-pool request awaiting approval in 黄河湾协作区.
//
// Deterministic (no randomness) and idempotent: everything is looked up by a natural key (unit
// name, zone name, the demo people's external ids "LK-DEMO-…") before it is created, so running
// it again changes nothing. The divisions of the county must be imported first.
#include <string_view>

#include "common/clock.hpp"
#include "services/people_ports.hpp"

namespace xzq::services {

struct DemoPeopleSummary {
    int units_added = 0;
    int zones_added = 0;
    int memberships_added = 0;
    int people_added = 0;
    int relationships_added = 0;
    int secondments_added = 0;

    [[nodiscard]] bool changed_anything() const {
        return units_added || zones_added || memberships_added || people_added || relationships_added ||
               secondments_added;
    }
};

// Only the demo county is supported; another code is invalid_input.
Result<DemoPeopleSummary> seed_demo_people(OrganisationRepository& organisation, PeopleRepository& people,
                                           SecondmentRepository& secondments, const Clock& clock,
                                           std::string_view county_code = "410225");

}  // namespace xzq::services
