#pragma once
// Zone planning routes: township profiles, zone-plan proposals and adoption, cross-inspection
// rotation plans (docs/openapi.yaml, "zone planning").
#include "http/api.hpp"

namespace xzq::http {

// Registered by register_api_routes when ApiServices::zone_planning is set.
void register_zone_planning_routes(Router& router, ApiServices services);

}  // namespace xzq::http
