#pragma once
// The JSON API under /api/v1 and /healthz: request validation, calls into the services, and
// JSON shapes as described in docs/openapi.yaml.
#include "http/router.hpp"
#include "services/audit_service.hpp"
#include "services/auth_service.hpp"
#include "services/org_service.hpp"
#include "services/user_admin_service.hpp"

namespace xzq::http {

inline constexpr std::string_view k_session_cookie = "xzq_session";

struct ApiServices {
    services::OrgService& org;
    services::StorageHealth& storage_health;
    services::AuthService& auth;
    services::UserAdminService& users;
    services::AuditService& audit;
};

struct AuthRouteOptions {
    bool secure_cookies = false;  // set the cookie's Secure flag (when served over TLS)
};

// Every route of the API; each declares the action it requires.
void register_api_routes(Router& router, ApiServices services, const AuthRouteOptions& options = {});
void register_auth_routes(Router& router, ApiServices services, const AuthRouteOptions& options);

}  // namespace xzq::http
