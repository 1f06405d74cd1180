#pragma once
// The JSON API under /api/v1 and /healthz: request validation, calls into the services, and
// JSON shapes as described in docs/openapi.yaml.
#include "http/router.hpp"
#include "services/org_service.hpp"

namespace xzq::http {

struct ApiServices {
    services::OrgService& org;
    services::StorageHealth& storage_health;
};

void register_api_routes(Router& router, ApiServices services);

}  // namespace xzq::http
