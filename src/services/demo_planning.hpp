#pragma once
// Demo township profiles for the demo county 兰考县 (410225): a plausible position for each of its
// 22 township-level units (hand-placed from the county's geography around 114.82°E 34.82°N: the
// three subdistricts of the county town in the middle, the Yellow River bend in the north-west,
// 考城 in the east, 南彰 in the south…) and staff, capacity and caseload in proportion to each
// unit's kind and size (towns and subdistricts several cadres, farms and forest stations one), so
// that the zone-planning page shows a real county.
//
// Deterministic (a fixed table) and idempotent: only townships without a profile get one, so a
// profile an administrator edited is never overwritten. The divisions must be imported first.
#include <string_view>

#include "common/clock.hpp"
#include "services/people_ports.hpp"
#include "services/zone_planning_ports.hpp"

namespace xzq::services {

// Returns the number of profiles added. Only the demo county is supported.
Result<int> seed_demo_township_profiles(ZonePlanningRepository& planning, OrganisationRepository& organisation,
                                        const Clock& clock, std::string_view county_code = "410225");

}  // namespace xzq::services
