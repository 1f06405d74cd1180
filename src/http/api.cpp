#include "http/api.hpp"

#include <nlohmann/json.hpp>

#include "http/api_support.hpp"
#include "http/zone_planning_api.hpp"

namespace xzq::http {

namespace {

using nlohmann::json;

json county_json(const domain::County& county) {
    json townships = json::array();
    for (const auto& township : county.townships) {
        json villages = json::array();
        for (const auto& village : township.villages) {
            villages.push_back({{"code", village.code}, {"name", village.name}});
        }
        townships.push_back({{"code", township.code},
                             {"name", township.name},
                             {"kind", domain::to_string(township.kind)},
                             {"villages", std::move(villages)}});
    }
    return {{"code", county.code},
            {"name", county.name},
            {"city", county.city},
            {"province", county.province},
            {"townships", std::move(townships)}};
}

Response health(services::StorageHealth& storage_health) {
    auto status = storage_health.status();
    if (!status) {
        return json_response(
            503, {{"status", "unavailable"}, {"version", XZQ_VERSION}, {"database", {{"error", status.error().code}}}});
    }
    return json_response(200,
                         {{"status", "ok"},
                          {"version", XZQ_VERSION},
                          {"database", {{"backend", status->backend}, {"schema_version", status->schema_version}}}});
}

Error county_not_found(const std::string& code) {
    return make_error(ErrorKind::not_found, "org.county_not_found",
                      "未找到县级区划 " + code + "，请先导入该县的区划数据",
                      "county " + code + " not found; import its divisions first");
}

Response org_search(services::OrgService& org, const Request& request) {
    auto body = parse_json_body(request);
    if (!body) return error_response(body.error(), request.language);
    const json& input = *body;
    if (!input.contains("county") || !input["county"].is_string()) {
        return error_response(field_error("county", "必须是字符串", "must be a string"), request.language);
    }
    if (!input.contains("query") || !input["query"].is_string()) {
        return error_response(field_error("query", "必须是字符串", "must be a string"), request.language);
    }
    int limit = 50;
    if (input.contains("limit")) {
        if (!input["limit"].is_number_integer()) {
            return error_response(field_error("limit", "必须是整数", "must be an integer"), request.language);
        }
        auto requested = input["limit"].get<std::int64_t>();
        limit = requested < 0 || requested > 100000 ? -1 : static_cast<int>(requested);
    }
    const std::string county = input["county"].get<std::string>();
    if (domain::is_county_code(county) && county != principal_of(request).county_code) {
        return error_response(county_not_found(county), request.language);
    }
    auto hits = org.search(county, input["query"].get<std::string>(), limit);
    if (!hits) return error_response(hits.error(), request.language);
    json results = json::array();
    for (const auto& hit : *hits) {
        results.push_back({{"level", hit.level},
                           {"code", hit.code},
                           {"name", hit.name},
                           {"township", {{"code", hit.township_code}, {"name", hit.township_name}}}});
    }
    return json_response(200, {{"results", std::move(results)}});
}

}  // namespace

void register_api_routes(Router& router, ApiServices services, const AuthRouteOptions& options) {
    router.add("GET", "/healthz", Access::open(),
               [services](const Request&, const PathParams&) { return health(services.storage_health); });
    // Organisation data is read within the signed-in user's county only: tenants never mix, and
    // another county answers not-found.
    router.add("GET", "/api/v1/org/counties", Access::needs(domain::Action::org_read),
               [services](const Request& request, const PathParams&) {
                   auto counties = services.org.counties();
                   if (!counties) return error_response(counties.error(), request.language);
                   json list = json::array();
                   for (const auto& county : *counties) {
                       if (county.code != principal_of(request).county_code) continue;
                       list.push_back({{"code", county.code},
                                       {"name", county.name},
                                       {"city", county.city},
                                       {"province", county.province},
                                       {"townships", county.townships},
                                       {"villages", county.villages}});
                   }
                   return json_response(200, {{"counties", std::move(list)}});
               });
    router.add("GET", "/api/v1/org/tree", Access::needs(domain::Action::org_read),
               [services](const Request& request, const PathParams&) {
                   std::string code = request.query_param("county");
                   if (code.empty()) code = principal_of(request).county_code;
                   if (auto check = services::check_county_code(code); !check)
                       return error_response(check.error(), request.language);
                   if (code != principal_of(request).county_code)
                       return error_response(county_not_found(code), request.language);
                   auto county = services.org.county_tree(code);
                   if (!county) return error_response(county.error(), request.language);
                   return json_response(200, {{"county", county_json(*county)}});
               });
    router.add("POST", "/api/v1/org/search", Access::needs(domain::Action::org_read),
               [services](const Request& request, const PathParams&) { return org_search(services.org, request); });
    register_auth_routes(router, services, options);
    register_people_routes(router, services);
    register_report_routes(router, services);
    register_public_routes(router, services);
    register_case_routes(router, services);
    if (services.zone_planning) register_zone_planning_routes(router, services);
}

}  // namespace xzq::http
