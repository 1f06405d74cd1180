#pragma once
// The JSON API under /api/v1 and /healthz: request validation, calls into the services, and
// JSON shapes as described in docs/openapi.yaml.
#include <functional>
#include <string_view>

#include "http/router.hpp"
#include "services/audit_service.hpp"
#include "services/auth_service.hpp"
#include "services/case_service.hpp"
#include "services/deadline_service.hpp"
#include "services/org_service.hpp"
#include "services/organisation_service.hpp"
#include "services/people_service.hpp"
#include "services/report_service.hpp"
#include "services/user_admin_service.hpp"
#include "services/zone_planning_service.hpp"

namespace xzq::http {

inline constexpr std::string_view k_session_cookie = "xzq_session";

// Reads an uploaded people file into rows; the file name's extension (.csv or .xlsx) chooses the
// format. Reading files is storage's job, which the HTTP layer does not include: the app wires it.
using PeopleFileReader = std::function<Result<domain::Sheet>(std::string_view bytes, std::string_view file_name)>;

struct ApiServices {
    services::OrgService& org;
    services::StorageHealth& storage_health;
    services::AuthService& auth;
    services::UserAdminService& users;
    services::AuditService& audit;
    services::OrganisationService& organisation;
    services::PeopleService& people;
    const Clock& clock;  // "today" for date defaults (China time, as the services use)
    PeopleFileReader read_people_file;
    services::ReportService& reports;
    services::DeadlineService& deadlines;
    services::CaseService& cases;
    std::optional<std::string> public_county = std::nullopt;  // the county the portal files into
    services::ZonePlanningService* zone_planning = nullptr;   // zone planning routes when set
};

struct AuthRouteOptions {
    bool secure_cookies = false;  // set the cookie's Secure flag (when served over TLS)
};

// Every route of the API; each declares the action it requires.
void register_api_routes(Router& router, ApiServices services, const AuthRouteOptions& options = {});
void register_auth_routes(Router& router, ApiServices services, const AuthRouteOptions& options);
// Organisation units, zones and their history, the cadre pool, its import and secondments.
void register_people_routes(Router& router, ApiServices services);
// Reports for signed-in staff, deadlines and the holiday calendar.
void register_report_routes(Router& router, ApiServices services);
// The public reporting portal under /api/v1/public/ (no session).
void register_public_routes(Router& router, ApiServices services);
// The case workflow: clues, moves and approvals, teams, the case file, supervision notices.
void register_case_routes(Router& router, ApiServices services);

}  // namespace xzq::http
