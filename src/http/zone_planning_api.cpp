// Zone planning in the product (issue 6, item 6): township profiles, proposals of a division into
// zones beside the current zoning, adopting a plan from an effective date, and cross-inspection
// rotation plans. The service checks the actions and the county; handlers validate the body field
// by field (unknown fields refused), call the service, and audit every write (profile changes,
// adoptions, rotation plans) with one entry each. A proposal changes nothing and is not audited.
//
// A proposal is solved on the request's worker thread with a time limit (default 20 s, at most
// 60 s); a second proposal for the same county while one is running answers 429.
#include "http/zone_planning_api.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "http/api_support.hpp"
#include "services/organisation_service.hpp"
#include "services/zone_planning_service.hpp"

namespace xzq::http {

namespace {

using domain::Action;
using nlohmann::json;

double tidy(double value) {
    return std::round(value * 1e9) / 1e9;
}

const std::string& pick(const Request& request, const std::string& zh, const std::string& en) {
    return request.language == "en" ? en : zh;
}

Result<double> number_field(const json& body, const std::string& name) {
    if (!present(body, name)) return field_error(name, "为必填项", "is required");
    if (!body[name].is_number()) return field_error(name, "必须是数字", "must be a number");
    const double value = body[name].get<double>();
    if (!std::isfinite(value)) return field_error(name, "必须是有限数字", "must be a finite number");
    return value;
}

json profile_json(const services::TownshipProfile& p) {
    return {{"lon", p.lon},
            {"lat", p.lat},
            {"staff", p.staff},
            {"capacity", p.capacity},
            {"caseload", p.caseload},
            {"updated_by", p.updated_by},
            {"updated_at", p.updated_at}};
}

json township_refs(const std::vector<std::string>& codes, const std::map<std::string, std::string>& names) {
    json out = json::array();
    for (const auto& code : codes) {
        auto it = names.find(code);
        out.push_back({{"code", code}, {"name", it == names.end() ? "" : it->second}});
    }
    return out;
}

json figures_json(const services::ZoneFigures& f, const std::map<std::string, std::string>& names) {
    return {{"townships", township_refs(f.townships, names)},
            {"cost", tidy(f.cost)},
            {"compactness", tidy(f.compactness)},
            {"staff", tidy(f.totals[0])},
            {"capacity", tidy(f.totals[1])},
            {"caseload", tidy(f.totals[2])},
            {"within_hard_band", f.within_hard_band}};
}

json proposal_json(const Request& request, const services::ZoneProposal& p) {
    std::map<std::string, std::string> names;
    for (const auto& t : p.townships) names[t.code] = t.name;
    std::map<long long, std::string> zone_names;
    for (const auto& z : p.current) zone_names[z.id] = z.name;

    json zones = json::array();
    std::map<std::string, int> proposed_of;
    for (std::size_t i = 0; i < p.zones.size(); ++i) {
        const auto& zone = p.zones[i];
        json item = figures_json(zone.figures, names);
        item["index"] = i;
        if (zone.match_zone_id) {
            auto name = zone_names.find(*zone.match_zone_id);
            item["match_zone"] = {{"id", *zone.match_zone_id},
                                  {"name", name == zone_names.end() ? json(nullptr) : json(name->second)},
                                  {"shared", zone.shared}};
        } else {
            item["match_zone"] = nullptr;
        }
        for (const auto& code : zone.figures.townships) proposed_of[code] = static_cast<int>(i);
        zones.push_back(std::move(item));
    }
    json current = json::array();
    std::map<std::string, long long> current_of;
    for (const auto& z : p.current) {
        json item = figures_json(z.figures, names);
        item["id"] = z.id;
        item["name"] = z.name;
        current.push_back(std::move(item));
        for (const auto& code : z.figures.townships) current_of[code] = z.id;
    }
    json townships = json::array();
    for (const auto& profile : p.profiles) {
        const auto& code = profile.township_code;
        auto cur = current_of.find(code);
        auto proposed = proposed_of.find(code);
        townships.push_back(
            {{"code", code},
             {"name", names[code]},
             {"lon", profile.lon},
             {"lat", profile.lat},
             {"staff", profile.staff},
             {"capacity", profile.capacity},
             {"caseload", profile.caseload},
             {"current_zone_id", cur == current_of.end() ? json(nullptr) : json(cur->second)},
             {"proposed_zone", proposed == proposed_of.end() ? json(nullptr) : json(proposed->second)}});
    }
    json relaxations = json::array();
    for (const auto& r : p.relaxations) {
        relaxations.push_back(
            {{"option", r.option}, {"description", pick(request, r.description_zh, r.description_en)}});
    }
    return {{"status", p.status},
            {"method", p.method},
            {"objective", p.objective ? json(tidy(*p.objective)) : json(nullptr)},
            {"bound", p.bound ? json(tidy(*p.bound)) : json(nullptr)},
            {"seconds", std::round(p.seconds * 1000) / 1000},
            {"candidate_zones", p.candidate_zones},
            {"message", pick(request, p.message_zh, p.message_en)},
            {"parameters",
             {{"zones", p.request.zones},
              {"min_size", p.request.min_size},
              {"max_size", p.request.max_size},
              {"seed", p.request.seed},
              {"time_limit", p.request.time_limit_seconds}}},
            {"targets",
             {{"staff", tidy(p.targets[0])}, {"capacity", tidy(p.targets[1])}, {"caseload", tidy(p.targets[2])}}},
            {"distance_scale_km", tidy(p.distance_scale_km)},
            {"zones", std::move(zones)},
            {"current",
             {{"as_of", domain::format_date(p.as_of)},
              {"cost", p.current_cost ? json(tidy(*p.current_cost)) : json(nullptr)},
              {"zones", std::move(current)},
              {"unassigned", township_refs(p.unassigned, names)}}},
            {"townships", std::move(townships)},
            {"uncovered", township_refs(p.uncovered, names)},
            {"relaxations", std::move(relaxations)}};
}

json adoption_json(const services::AdoptionRecord& a, const std::map<std::string, std::string>& names) {
    json zones = json::array();
    for (const auto& z : a.zones) {
        zones.push_back({{"zone_id", z.zone_id},
                         {"name", z.name},
                         {"created", z.created},
                         {"townships", township_refs(z.townships, names)},
                         {"cost", z.cost ? json(tidy(*z.cost)) : json(nullptr)}});
    }
    return {{"id", a.id},
            {"effective", domain::format_date(a.effective)},
            {"zone_count", a.zone_count},
            {"min_size", a.min_size ? json(*a.min_size) : json(nullptr)},
            {"max_size", a.max_size ? json(*a.max_size) : json(nullptr)},
            {"seed", a.seed ? json(*a.seed) : json(nullptr)},
            {"plan_status", optional_json(a.plan_status)},
            {"objective", a.objective ? json(tidy(*a.objective)) : json(nullptr)},
            {"previous_cost", a.previous_cost ? json(tidy(*a.previous_cost)) : json(nullptr)},
            {"memberships_closed", a.memberships_closed},
            {"memberships_opened", a.memberships_opened},
            {"zones_created", a.zones_created},
            {"adopted_by", a.adopted_by},
            {"adopted_at", a.adopted_at},
            {"zones", std::move(zones)}};
}

json rotation_json(const Request& request, const services::RotationRecord& r) {
    json members = json::array();
    for (const auto& m : r.members) members.push_back({{"code", m.code}, {"name", m.name}});
    json forbidden = json::array();
    for (const auto& [a, b] : r.forbidden) forbidden.push_back(json::array({a, b}));
    json rounds = json::array();
    for (std::size_t k = 0; k < r.rounds.size(); ++k) {
        json pairs = json::array();
        for (std::size_t i = 0; i < r.rounds[k].size() && i < r.members.size(); ++i) {
            const int target = r.rounds[k][i];
            if (target < 0 || static_cast<std::size_t>(target) >= r.members.size()) continue;
            const auto& to = r.members[static_cast<std::size_t>(target)];
            pairs.push_back({{"inspector", {{"code", r.members[i].code}, {"name", r.members[i].name}}},
                             {"inspected", {{"code", to.code}, {"name", to.name}}}});
        }
        rounds.push_back({{"round", k + 1}, {"pairs", std::move(pairs)}});
    }
    return {{"id", r.id},
            {"title", r.title},
            {"pool_kind", r.pool_kind},
            {"zone_id", optional_json(r.zone_id)},
            {"seed", r.seed},
            {"rule", r.rule},
            {"method", r.method},
            {"starts_on", optional_json(r.starts_on)},
            {"message", pick(request, r.message_zh, r.message_en)},
            {"created_by", r.created_by},
            {"created_at", r.created_at},
            {"created_on", domain::format_date(r.created_on)},
            {"members", std::move(members)},
            {"forbidden", std::move(forbidden)},
            {"rounds", std::move(rounds)}};
}

Result<std::map<std::string, std::string>> township_names(const ApiServices& services, const domain::Principal& who) {
    XZQ_TRY(auto rows, services.zone_planning->profiles(who));
    std::map<std::string, std::string> names;
    for (const auto& [t, profile] : rows) names[t.code] = t.name;
    return names;
}

// A township code of the caller's county; anything else does not exist for them.
Result<std::string> township_param(const Request& request, const std::string& code) {
    if (!is_digits(code, 9) || !code.starts_with(principal_of(request).county_code)) {
        return make_error(ErrorKind::not_found, "org.township_not_found", fmt::format("未找到乡镇 {}", code),
                          fmt::format("township {} not found", code));
    }
    return code;
}

Result<services::ProposalRequest> proposal_from(const json& body) {
    XZQ_TRY_VOID(only_fields(body, {"zones", "min_size", "max_size", "seed", "time_limit", "as_of"}));
    services::ProposalRequest r;
    if (!present(body, "zones")) return field_error("zones", "为必填项（协作区数量）", "is required (number of zones)");
    XZQ_TRY(auto zones, integer_field(body, "zones", 0, 1, 1000));
    XZQ_TRY(auto min_size, integer_field(body, "min_size", 2, 1, 1000));
    XZQ_TRY(auto max_size, integer_field(body, "max_size", 6, 1, 1000));
    XZQ_TRY(auto seed, integer_field(body, "seed", 1, 0, static_cast<std::int64_t>(services::k_max_plan_seed)));
    r.zones = static_cast<int>(zones);
    r.min_size = static_cast<int>(min_size);
    r.max_size = static_cast<int>(max_size);
    r.seed = static_cast<std::uint64_t>(seed);
    if (present(body, "time_limit")) {
        XZQ_TRY(r.time_limit_seconds, number_field(body, "time_limit"));
        if (r.time_limit_seconds <= 0 || r.time_limit_seconds > services::k_max_solve_seconds) {
            return field_error("time_limit", fmt::format("应在 0 至 {} 秒之间", services::k_max_solve_seconds),
                               fmt::format("must be between 0 and {} seconds", services::k_max_solve_seconds));
        }
    }
    if (present(body, "as_of")) {
        XZQ_TRY(auto day, date_field(body, "as_of", std::nullopt));
        r.as_of = day;
    }
    return r;
}

Result<services::AdoptionRequest> adoption_from(const json& body) {
    XZQ_TRY_VOID(only_fields(body, {"effective", "zones", "min_size", "max_size", "seed", "plan_status"}));
    services::AdoptionRequest r;
    XZQ_TRY(r.effective, date_field(body, "effective", std::nullopt));
    if (!present(body, "zones") || !body["zones"].is_array()) {
        return field_error("zones", "必须是协作区数组 [{zone_id, name, townships}]",
                           "must be an array of zones [{zone_id, name, townships}]");
    }
    if (body["zones"].size() > 200) return field_error("zones", "最多 200 项", "has more than 200 items");
    for (const auto& item : body["zones"]) {
        if (!item.is_object()) {
            return field_error("zones", "的每一项必须是对象 {zone_id, name, townships}",
                               "items must be objects {zone_id, name, townships}");
        }
        XZQ_TRY_VOID(only_fields(item, {"zone_id", "name", "townships"}));
        services::AdoptedZone zone;
        XZQ_TRY(zone.zone_id, optional_id(item, "zone_id"));
        XZQ_TRY(auto name, optional_text(item, "name", 100));
        zone.name = name.value_or("");
        if (!present(item, "townships")) return field_error("townships", "为必填项", "is required");
        XZQ_TRY(zone.townships, string_list(item, "townships"));
        r.zones.push_back(std::move(zone));
    }
    if (present(body, "min_size")) {
        XZQ_TRY(auto v, integer_field(body, "min_size", 0, 1, 1000));
        r.min_size = static_cast<int>(v);
    }
    if (present(body, "max_size")) {
        XZQ_TRY(auto v, integer_field(body, "max_size", 0, 1, 1000));
        r.max_size = static_cast<int>(v);
    }
    if (present(body, "seed")) {
        XZQ_TRY(auto v, integer_field(body, "seed", 0, 0, static_cast<std::int64_t>(services::k_max_plan_seed)));
        r.seed = static_cast<std::uint64_t>(v);
    }
    if (present(body, "plan_status")) {
        XZQ_TRY(auto status, string_field(body, "plan_status", true, 20));
        if (status != "optimal" && status != "feasible") {
            return field_error("plan_status", "应为 optimal 或 feasible", "must be optimal or feasible");
        }
        r.plan_status = status;
    }
    return r;
}

Result<services::RotationRequest> rotation_from(const json& body) {
    XZQ_TRY_VOID(only_fields(
        body, {"zone_id", "townships", "zones", "rounds", "forbidden", "seed", "title", "starts_on", "as_of"}));
    services::RotationRequest r;
    XZQ_TRY(r.zone_id, optional_id(body, "zone_id"));
    XZQ_TRY(r.townships, string_list(body, "townships"));
    if (present(body, "zones")) {
        if (!body["zones"].is_array() || body["zones"].size() > 50) {
            return field_error("zones", "必须是协作区编号数组（最多 50 项）",
                               "must be an array of zone ids (at most 50)");
        }
        for (const auto& id : body["zones"]) {
            if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
                return field_error("zones", "必须是协作区编号数组", "must be an array of zone ids");
            }
            r.zone_ids.push_back(id.get<std::int64_t>());
        }
    }
    if (!present(body, "rounds")) return field_error("rounds", "为必填项", "is required");
    XZQ_TRY(auto rounds, integer_field(body, "rounds", 0, 1, services::k_max_rotation_rounds));
    r.rounds = static_cast<int>(rounds);
    if (present(body, "forbidden")) {
        const auto& list = body["forbidden"];
        if (!list.is_array() || list.size() > 2000) {
            return field_error("forbidden", "必须是配对数组 [[a, b], …]", "must be an array of pairs [[a, b], …]");
        }
        for (const auto& pair : list) {
            if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
                return field_error("forbidden", "的每一项必须是两个代码 [a, b]", "items must be two codes [a, b]");
            }
            r.forbidden.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
        }
    }
    if (present(body, "seed")) {
        XZQ_TRY(auto v, integer_field(body, "seed", 0, 0, static_cast<std::int64_t>(services::k_max_plan_seed)));
        r.seed = static_cast<std::uint64_t>(v);
    }
    XZQ_TRY(auto title, optional_text(body, "title", 100));
    r.title = title.value_or("");
    if (present(body, "starts_on")) {
        XZQ_TRY(auto day, date_field(body, "starts_on", std::nullopt));
        r.starts_on = day;
    }
    if (present(body, "as_of")) {
        XZQ_TRY(auto day, date_field(body, "as_of", std::nullopt));
        r.as_of = day;
    }
    return r;
}

}  // namespace

void register_zone_planning_routes(Router& router, ApiServices services) {
    router.add("GET", "/api/v1/township-profiles", Access::needs(Action::org_read),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto rows, services.zone_planning->profiles(who), request);
                   json list = json::array();
                   bool complete = true;
                   for (const auto& [t, profile] : rows) {
                       complete = complete && profile.has_value();
                       list.push_back({{"code", t.code},
                                       {"name", t.name},
                                       {"profile", profile ? profile_json(*profile) : json(nullptr)}});
                   }
                   return json_response(200, {{"townships", std::move(list)}, {"complete", complete}});
               });

    router.add("PUT", "/api/v1/townships/{code}/profile", Access::needs(Action::org_write),
               [services](const Request& request, const PathParams& params) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto code, township_param(request, params.at("code")), request);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"lon", "lat", "staff", "capacity", "caseload"}), request);
                   services::TownshipProfile profile;
                   profile.township_code = code;
                   XZQ_OR_RESPOND(profile.lon, number_field(body, "lon"), request);
                   XZQ_OR_RESPOND(profile.lat, number_field(body, "lat"), request);
                   XZQ_OR_RESPOND(profile.staff, number_field(body, "staff"), request);
                   XZQ_OR_RESPOND(profile.capacity, number_field(body, "capacity"), request);
                   XZQ_OR_RESPOND(profile.caseload, number_field(body, "caseload"), request);
                   XZQ_OR_REFUSE(auto saved, services.zone_planning->save_profile(who, profile), "org.write",
                                 "township_profile", code);
                   json out = profile_json(saved);
                   out["code"] = code;
                   json detail = {{"operation", "profile"}, {"lon", saved.lon},           {"lat", saved.lat},
                                  {"staff", saved.staff},   {"capacity", saved.capacity}, {"caseload", saved.caseload}};
                   return audited_write(services, request, "org.write", "township_profile", code, detail, 200, out);
               });

    router.add("POST", "/api/v1/zone-plans", Access::needs(Action::org_write),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_OR_RESPOND(auto proposal_request, proposal_from(body), request);
                   XZQ_OR_RESPOND(auto proposal, services.zone_planning->propose(who, proposal_request), request);
                   return json_response(200, proposal_json(request, proposal));
               });

    router.add(
        "POST", "/api/v1/zone-plans/adopt", Access::needs(Action::org_write),
        [services](const Request& request, const PathParams&) {
            const auto& who = principal_of(request);
            XZQ_OR_RESPOND(auto body, object_body(request), request);
            XZQ_OR_RESPOND(auto adoption_request, adoption_from(body), request);
            XZQ_OR_RESPOND(auto names, township_names(services, who), request);
            XZQ_OR_REFUSE(auto adopted, services.zone_planning->adopt(who, adoption_request), "org.write", "zone_plan",
                          "");
            json out = adoption_json(adopted, names);
            // One entry for the whole adoption: every zone with its townships, so the log alone
            // tells what the zoning became and from when.
            json zones = json::array();
            for (const auto& z : adopted.zones) {
                zones.push_back(
                    {{"zone_id", z.zone_id}, {"name", z.name}, {"created", z.created}, {"townships", z.townships}});
            }
            json detail = {{"operation", "adopt"},
                           {"effective", domain::format_date(adopted.effective)},
                           {"zone_count", adopted.zone_count},
                           {"seed", adopted.seed ? json(*adopted.seed) : json(nullptr)},
                           {"plan_status", optional_json(adopted.plan_status)},
                           {"objective", out["objective"]},
                           {"previous_cost", out["previous_cost"]},
                           {"memberships_closed", adopted.memberships_closed},
                           {"memberships_opened", adopted.memberships_opened},
                           {"zones_created", adopted.zones_created},
                           {"zones", std::move(zones)}};
            return audited_write(services, request, "org.write", "zone_plan", std::to_string(adopted.id), detail, 201,
                                 out);
        });

    router.add("GET", "/api/v1/zone-plans/adoptions", Access::needs(Action::org_read),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto adoptions, services.zone_planning->adoptions(who), request);
                   XZQ_OR_RESPOND(auto names, township_names(services, who), request);
                   json list = json::array();
                   for (const auto& a : adoptions) list.push_back(adoption_json(a, names));
                   return json_response(200, {{"adoptions", std::move(list)}});
               });

    router.add("POST", "/api/v1/rotation-plans", Access::needs(Action::org_write),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_OR_RESPOND(auto rotation_request, rotation_from(body), request);
                   XZQ_OR_REFUSE(auto plan, services.zone_planning->plan_rotation(who, rotation_request), "org.write",
                                 "rotation_plan", "");
                   json detail = {{"operation", "rotation"},
                                  {"title", plan.title},
                                  {"pool_kind", plan.pool_kind},
                                  {"zone_id", optional_json(plan.zone_id)},
                                  {"members", plan.members.size()},
                                  {"rounds", plan.rounds.size()},
                                  {"forbidden", plan.forbidden.size()},
                                  {"seed", plan.seed},
                                  {"rule", plan.rule},
                                  {"method", plan.method}};
                   return audited_write(services, request, "org.write", "rotation_plan", std::to_string(plan.id),
                                        detail, 201, rotation_json(request, plan));
               });

    router.add("GET", "/api/v1/rotation-plans", Access::needs(Action::org_write),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto plans, services.zone_planning->rotations(who), request);
                   json list = json::array();
                   for (const auto& p : plans) list.push_back(rotation_json(request, p));
                   return json_response(200, {{"plans", std::move(list)}});
               });
}

}  // namespace xzq::http
