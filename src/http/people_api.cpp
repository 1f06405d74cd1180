// Organisation units, zones and their history, the cadre pool (people, status record,
// relationships, skills, import) and secondments.
//
// The frontend has already checked the route's action; the services check the data scope of
// every record and answer not_found for a record outside it, so that its existence does not
// leak. Handlers validate request bodies field by field (unknown fields too: a misspelt field
// would otherwise be dropped silently), call one service, and then write the audit entry:
// every write, and every read of a person's detail, with outcome "ok"; a write or detail read
// refused for scope (403/404 from the service) is recorded as "denied". Validation errors are
// not recorded. An audit entry that cannot be written fails the request: a sensitive read then
// returns nothing, and a write answers with the error although it took place (logged), because
// an unaudited success must not look normal to the operator.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "http/api.hpp"
#include "http/api_support.hpp"

namespace xzq::http {

namespace {

using domain::Action;
using nlohmann::json;

constexpr std::string_view k_xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::int64_t k_default_page = 50;
constexpr std::int64_t k_max_page = 500;

// A township code of the caller's county; anything else is a record that does not exist for them.
Result<std::string> township_param(const Request& request, const std::string& code) {
    if (!is_digits(code, 9) || !code.starts_with(principal_of(request).county_code)) {
        return make_error(ErrorKind::not_found, "org.township_not_found", fmt::format("未找到乡镇 {}", code),
                          fmt::format("township {} not found", code));
    }
    return code;
}

// ---- JSON shapes -------------------------------------------------------------------------

json unit_json(const domain::OrgUnit& unit) {
    return {{"id", unit.id},
            {"type", domain::to_string(unit.type)},
            {"type_name", domain::chinese_name(unit.type)},
            {"name", unit.name},
            {"parent_id", optional_json(unit.parent_id)},
            {"department_kind", unit.department_kind ? json(domain::to_string(*unit.department_kind)) : json(nullptr)},
            {"township_code", optional_json(unit.township_code)},
            {"village_code", optional_json(unit.village_code)},
            {"sort_order", unit.sort_order}};
}

json person_json(const domain::Person& p, const std::optional<std::string>& township) {
    return {{"id", p.id},
            {"county", p.county_code},
            {"name", p.name},
            {"gender", p.gender ? json(domain::to_string(*p.gender)) : json(nullptr)},
            {"phone", p.phone},
            {"external_id", optional_json(p.external_id)},
            {"party_member", p.party_member},
            {"rank", p.rank ? json(domain::to_string(*p.rank)) : json(nullptr)},
            {"post", p.post},
            {"org_unit_id", optional_json(p.org_unit_id)},
            {"leads_unit", p.leads_unit},
            {"home_township", optional_json(p.home_township_code)},
            {"township", optional_json(township)},
            {"skills", p.skills},
            {"status", domain::to_string(p.status)}};
}

json status_change_json(const domain::StatusChange& c) {
    return {{"id", c.id},
            {"person_id", c.person_id},
            {"date", domain::format_date(c.date)},
            {"from", c.from ? json(domain::to_string(*c.from)) : json(nullptr)},
            {"to", domain::to_string(c.to)},
            {"reason", c.reason},
            {"recorded_by", c.recorded_by}};
}

json relationship_json(const domain::Relationship& r) {
    return {{"id", r.id},
            {"person_id", r.person_id},
            {"kind", domain::to_string(r.kind)},
            {"other_person_id", optional_json(r.other_person_id)},
            {"place_code", optional_json(r.place_code)},
            {"note", r.note},
            {"declared_on", domain::format_date(r.declared_on)}};
}

json membership_json(const domain::ZoneMembership& m) {
    return {{"id", m.id},
            {"zone_id", m.zone_id},
            {"township_code", m.township_code},
            {"from", domain::format_date(m.from)},
            {"to", optional_json(m.to)}};
}

// Names that belong to the organisation chart (zone leaders) or to both sides of a secondment
// are shown to everyone entitled to the zone or secondment, even when the person's own record
// lies outside their scope: that is what the console principal's lookup is for here.
std::optional<std::string> person_name(const ApiServices& services, const std::string& county,
                                       std::optional<long long> id) {
    if (!id) return std::nullopt;
    auto found = services.people.person(services::console_operator(county), *id);
    if (!found) return std::nullopt;
    return found->name;
}

json person_ref(const ApiServices& services, const std::string& county, std::optional<long long> id) {
    if (!id) return nullptr;
    return {{"id", *id}, {"name", optional_json(person_name(services, county, id))}};
}

json secondment_json(const ApiServices& services, const domain::Secondment& s, domain::Date today,
                     const std::map<long long, std::string>& zone_names) {
    auto zone_name = zone_names.find(s.zone_id);
    return {{"id", s.id},
            {"person", person_ref(services, s.county_code, s.person_id)},
            {"zone",
             {{"id", s.zone_id}, {"name", zone_name == zone_names.end() ? json(nullptr) : json(zone_name->second)}}},
            {"task_title", s.task_title},
            {"from", domain::format_date(s.from)},
            {"to", domain::format_date(s.to)},
            {"last_day", domain::format_date(s.last_day())},
            {"source", domain::to_string(s.source)},
            {"state", domain::to_string(s.state)},
            {"active", s.active_on(today)},
            {"requested_by", person_ref(services, s.county_code, s.requested_by_person_id)},
            {"decided_by", person_ref(services, s.county_code, s.decided_by_person_id)},
            {"decided_on", optional_json(s.decided_on)},
            {"released_on", optional_json(s.released_on)},
            {"note", s.note}};
}

// ---- Audit -------------------------------------------------------------------------------

// ---- Organisation ------------------------------------------------------------------------

Result<domain::OrgUnit> unit_from_body(const json& body, const std::string& county) {
    XZQ_TRY_VOID(only_fields(
        body, {"type", "name", "parent_id", "department_kind", "township_code", "village_code", "sort_order"}));
    domain::OrgUnit unit;
    unit.county_code = county;
    XZQ_TRY(auto type_text, string_field(body, "type", true, 64));
    auto type = domain::org_unit_type_from_string(type_text);
    if (!type) {
        return field_error("type", "不是已知的机构类型（如 DEPARTMENT、TOWNSHIP_COMMISSION）",
                           "is not a known unit type (e.g. DEPARTMENT, TOWNSHIP_COMMISSION)");
    }
    unit.type = *type;
    XZQ_TRY(unit.name, string_field(body, "name", true, 100));
    XZQ_TRY(unit.parent_id, optional_id(body, "parent_id"));
    XZQ_TRY(auto kind_text, optional_text(body, "department_kind", 64));
    if (kind_text) {
        unit.department_kind = domain::department_kind_from_string(*kind_text);
        if (!unit.department_kind) {
            return field_error("department_kind", "不是已知的部门职能（如 supervision、review）",
                               "is not a known department kind (e.g. supervision, review)");
        }
    }
    XZQ_TRY(unit.township_code, optional_text(body, "township_code", 9));
    XZQ_TRY(unit.village_code, optional_text(body, "village_code", 12));
    XZQ_TRY(auto sort_order, integer_field(body, "sort_order", 0, 0, 1000000));
    unit.sort_order = static_cast<int>(sort_order);
    return unit;
}

Result<domain::ZoneTitles> titles_from(const json& body, domain::ZoneTitles fallback) {
    if (!present(body, "titles")) return fallback;
    const json& titles = body["titles"];
    if (!titles.is_object())
        return field_error("titles", "必须是对象 {chief, deputy}", "must be an object {chief, deputy}");
    XZQ_TRY_VOID(only_fields(titles, {"chief", "deputy"}));
    XZQ_TRY(auto chief, string_field(titles, "chief", true, 60));
    XZQ_TRY(auto deputy, string_field(titles, "deputy", true, 60));
    return domain::ZoneTitles{chief, deputy};
}

json zone_json(const ApiServices& services, const domain::Zone& zone) {
    return {{"id", zone.id},
            {"name", zone.name},
            {"titles", {{"chief", zone.titles.chief}, {"deputy", zone.titles.deputy}}},
            {"chief", person_ref(services, zone.county_code, zone.chief_person_id)},
            {"deputy", person_ref(services, zone.county_code, zone.deputy_person_id)}};
}

void register_organisation_routes(Router& router, ApiServices services) {
    router.add("GET", "/api/v1/org/units", Access::needs(Action::org_read),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto units, services.organisation.units(who, who.county_code), request);
                   std::string type = request.query_param("type");
                   json list = json::array();
                   for (const auto& unit : units) {
                       if (!type.empty() && domain::to_string(unit.type) != type) continue;
                       list.push_back(unit_json(unit));
                   }
                   return json_response(200, {{"units", std::move(list)}});
               });
    router.add("POST", "/api/v1/org/units", Access::needs(Action::org_write),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_OR_RESPOND(auto unit, unit_from_body(body, who.county_code), request);
                   XZQ_OR_REFUSE(auto added, services.organisation.add_unit(who, unit), "org.write", "org_unit", "");
                   return audited_write(services, request, "org.write", "org_unit", std::to_string(added.id),
                                        {{"operation", "create"}, {"type", domain::to_string(added.type)}}, 201,
                                        unit_json(added));
               });

    router.add(
        "GET", "/api/v1/zones", Access::needs(Action::org_read), [services](const Request& request, const PathParams&) {
            const auto& who = principal_of(request);
            XZQ_OR_RESPOND(auto day, date_query(request, "as_of", services::china_today(services.clock)), request);
            XZQ_OR_RESPOND(auto zones, services.organisation.zones_as_of(who, who.county_code, day), request);
            json list = json::array();
            for (const auto& view : zones) {
                json zone = zone_json(services, view.zone);
                json townships = json::array();
                for (const auto& t : view.townships) townships.push_back({{"code", t.code}, {"name", t.name}});
                zone["townships"] = std::move(townships);
                list.push_back(std::move(zone));
            }
            return json_response(200, {{"as_of", domain::format_date(day)}, {"zones", std::move(list)}});
        });
    router.add(
        "POST", "/api/v1/zones", Access::needs(Action::org_write),
        [services](const Request& request, const PathParams&) {
            const auto& who = principal_of(request);
            XZQ_OR_RESPOND(auto body, object_body(request), request);
            XZQ_RESPOND_VOID(only_fields(body, {"name", "titles", "chief_person_id", "deputy_person_id"}), request);
            domain::Zone zone;
            zone.county_code = who.county_code;
            XZQ_OR_RESPOND(zone.name, string_field(body, "name", true, 100), request);
            XZQ_OR_RESPOND(zone.titles, titles_from(body, {}), request);
            XZQ_OR_RESPOND(zone.chief_person_id, optional_id(body, "chief_person_id"), request);
            XZQ_OR_RESPOND(zone.deputy_person_id, optional_id(body, "deputy_person_id"), request);
            XZQ_OR_REFUSE(auto added, services.organisation.add_zone(who, zone), "org.write", "zone", "");
            return audited_write(services, request, "org.write", "zone", std::to_string(added.id),
                                 {{"operation", "create"}}, 201, zone_json(services, added));
        });
    router.add("PUT", "/api/v1/zones/{id}", Access::needs(Action::org_write),
               [services](const Request& request, const PathParams& params) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "协作区 / zone"), request);
                   const std::string record = std::to_string(id);
                   XZQ_OR_REFUSE(auto zone, services.organisation.zone(who, id), "org.write", "zone", record);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"titles", "chief_person_id", "deputy_person_id"}), request);
                   json changed = json::array();
                   if (present(body, "titles")) {
                       XZQ_OR_RESPOND(auto titles, titles_from(body, zone.titles), request);
                       XZQ_OR_REFUSE(zone, services.organisation.set_zone_titles(who, id, titles), "org.write", "zone",
                                     record);
                       changed.push_back("titles");
                   }
                   if (body.contains("chief_person_id") || body.contains("deputy_person_id")) {
                       auto chief = zone.chief_person_id;
                       auto deputy = zone.deputy_person_id;
                       if (body.contains("chief_person_id")) {
                           XZQ_OR_RESPOND(chief, optional_id(body, "chief_person_id"), request);
                       }
                       if (body.contains("deputy_person_id")) {
                           XZQ_OR_RESPOND(deputy, optional_id(body, "deputy_person_id"), request);
                       }
                       XZQ_OR_REFUSE(zone, services.organisation.set_zone_leaders(who, id, chief, deputy), "org.write",
                                     "zone", record);
                       changed.push_back("leaders");
                   }
                   return audited_write(services, request, "org.write", "zone", record,
                                        {{"operation", "update"}, {"fields", changed}}, 200, zone_json(services, zone));
               });

    router.add("GET", "/api/v1/townships/{code}/zones", Access::needs(Action::org_read),
               [services](const Request& request, const PathParams& params) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto code, township_param(request, params.at("code")), request);
                   XZQ_OR_RESPOND(auto history, services.organisation.township_history(who, code), request);
                   XZQ_OR_RESPOND(
                       auto zones,
                       services.organisation.zones_as_of(who, who.county_code, services::china_today(services.clock)),
                       request);
                   std::map<long long, std::string> names;
                   for (const auto& view : zones) names[view.zone.id] = view.zone.name;
                   json list = json::array();
                   for (const auto& m : history) {
                       json entry = membership_json(m);
                       entry["zone_name"] = names[m.zone_id];
                       list.push_back(std::move(entry));
                   }
                   return json_response(200, {{"township_code", code}, {"history", std::move(list)}});
               });
    router.add("POST", "/api/v1/townships/{code}/zone", Access::needs(Action::org_write),
               [services](const Request& request, const PathParams& params) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto code, township_param(request, params.at("code")), request);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"zone_id", "effective"}), request);
                   if (!body.contains("zone_id")) {
                       return error_response(field_error("zone_id", "为必填项（填 null 表示移出所有协作区）",
                                                         "is required (null takes the township out of every zone)"),
                                             request.language);
                   }
                   XZQ_OR_RESPOND(auto zone_id, optional_id(body, "zone_id"), request);
                   XZQ_OR_RESPOND(auto effective, date_field(body, "effective", std::nullopt), request);
                   json detail = {{"operation", zone_id ? "move" : "remove"},
                                  {"zone_id", optional_json(zone_id)},
                                  {"effective", domain::format_date(effective)}};
                   json out = {{"township_code", code}, {"closed", nullptr}, {"opened", nullptr}};
                   if (zone_id) {
                       XZQ_OR_REFUSE(auto plan, services.organisation.move_township(who, code, *zone_id, effective),
                                     "org.write", "township", code);
                       if (plan.close) out["closed"] = membership_json(*plan.close);
                       if (plan.open) out["opened"] = membership_json(*plan.open);
                   } else {
                       auto removed = services.organisation.remove_township(who, code, effective);
                       if (!removed) return refusal(services, request, removed.error(), "org.write", "township", code);
                   }
                   return audited_write(services, request, "org.write", "township", code, detail, 200, out);
               });
}

// ---- People ------------------------------------------------------------------------------

// The descriptive fields of a person from a request body. `base` supplies the id, county and
// status, which the body cannot set.
Result<domain::Person> person_from_body(const json& body, domain::Person base) {
    domain::Person p = std::move(base);
    XZQ_TRY(p.name, string_field(body, "name", true, 200));
    XZQ_TRY(auto gender, optional_text(body, "gender", 16));
    p.gender.reset();
    if (gender) {
        p.gender = domain::gender_from_text(*gender);
        if (!p.gender) return field_error("gender", "应为 male/female（男/女）", "must be male or female (男/女)");
    }
    XZQ_TRY(p.phone, string_field(body, "phone", false, 40));
    XZQ_TRY(p.external_id, optional_text(body, "external_id", 200));
    XZQ_TRY(p.party_member, bool_field(body, "party_member", false));
    XZQ_TRY(auto rank, optional_text(body, "rank", 64));
    p.rank.reset();
    if (rank) {
        p.rank = domain::rank_from_text(*rank);
        if (!p.rank) return field_error("rank", "不是已知的职级", "is not a known rank");
    }
    XZQ_TRY(p.post, string_field(body, "post", false, 200));
    XZQ_TRY(p.org_unit_id, optional_id(body, "org_unit_id"));
    XZQ_TRY(p.leads_unit, bool_field(body, "leads_unit", false));
    XZQ_TRY(p.home_township_code, optional_text(body, "home_township", 9));
    XZQ_TRY(p.skills, string_list(body, "skills"));
    return p;
}

// Where a person sits for lists: the township of their unit, else their home township (the rule
// the services use for scope).
struct PersonPlaces {
    std::map<long long, std::string> unit_township;

    [[nodiscard]] std::optional<std::string> township_of(const domain::Person& p) const {
        if (p.org_unit_id) {
            auto found = unit_township.find(*p.org_unit_id);
            if (found != unit_township.end()) return found->second;
        }
        return p.home_township_code;
    }
};

Result<PersonPlaces> person_places(const ApiServices& services, const domain::Principal& who) {
    PersonPlaces places;
    XZQ_TRY(auto units, services.organisation.units(who, who.county_code));
    for (const auto& unit : units) {
        if (unit.township_code) places.unit_township[unit.id] = *unit.township_code;
    }
    return places;
}

bool contains_text(const domain::Person& p, const std::string& needle) {
    return p.name.find(needle) != std::string::npos || p.post.find(needle) != std::string::npos ||
           p.phone.find(needle) != std::string::npos ||
           (p.external_id && p.external_id->find(needle) != std::string::npos);
}

Response list_people(const ApiServices& services, const Request& request) {
    const auto& who = principal_of(request);
    services::PeopleFilter filter;
    std::string township = request.query_param("township");
    if (!township.empty()) filter.township_code = township;
    std::string status = request.query_param("status");
    if (!status.empty()) {
        filter.status = domain::person_status_from_text(status);
        if (!filter.status) {
            return error_response(make_error(ErrorKind::invalid_input, "request.bad_parameter",
                                             "参数 status 应为 in_post、seconded、in_training 或 exited",
                                             "parameter status must be in_post, seconded, in_training or exited"),
                                  request.language);
        }
    }
    std::string skill = request.query_param("skill");
    if (!skill.empty()) {
        XZQ_OR_RESPOND(auto catalogue, services.people.skills(who.county_code), request);
        const domain::Skill* found = catalogue.find(skill);
        if (!found) {
            return error_response(make_error(ErrorKind::invalid_input, "request.bad_parameter",
                                             fmt::format("参数 skill：未知技能“{}”", skill),
                                             fmt::format("parameter skill: unknown skill '{}'", skill)),
                                  request.language);
        }
        filter.skill = found->code;
    }
    std::string text = request.query_param("q");
    if (text.size() > 100) {
        return error_response(make_error(ErrorKind::invalid_input, "request.bad_parameter", "参数 q 最长 100 字节",
                                         "parameter q is longer than 100 bytes"),
                              request.language);
    }
    XZQ_OR_RESPOND(auto offset, integer_query(request, "offset", 0, 0, 1000000000), request);
    XZQ_OR_RESPOND(auto limit, integer_query(request, "limit", k_default_page, 1, k_max_page), request);
    const auto today = services::china_today(services.clock);
    std::optional<std::set<std::string>> zone_townships;
    std::string zone = request.query_param("zone");
    if (!zone.empty()) {
        XZQ_OR_RESPOND(auto zone_id, integer_query(request, "zone", 0, 1, std::numeric_limits<std::int64_t>::max()),
                       request);
        XZQ_OR_RESPOND(auto zones, services.organisation.zones_as_of(who, who.county_code, today), request);
        zone_townships.emplace();
        for (const auto& view : zones) {
            if (view.zone.id != zone_id) continue;
            for (const auto& t : view.townships) zone_townships->insert(t.code);
        }
    }
    XZQ_OR_RESPOND(auto people, services.people.people(who, who.county_code, filter), request);
    XZQ_OR_RESPOND(auto places, person_places(services, who), request);
    json list = json::array();
    std::int64_t total = 0;
    for (const auto& p : people) {
        auto place = places.township_of(p);
        if (zone_townships && (!place || !zone_townships->contains(*place))) continue;
        if (!text.empty() && !contains_text(p, text)) continue;
        if (total >= offset && total < offset + limit) list.push_back(person_json(p, place));
        ++total;
    }
    return json_response(200, {{"people", std::move(list)}, {"total", total}, {"offset", offset}, {"limit", limit}});
}

Response person_detail(const ApiServices& services, const Request& request, const PathParams& params) {
    const auto& who = principal_of(request);
    XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "人员 / person"), request);
    const std::string record = std::to_string(id);
    XZQ_OR_REFUSE(auto person, services.people.person(who, id), "people.read", "person", record);
    XZQ_OR_RESPOND(auto history, services.people.status_history(who, id), request);
    XZQ_OR_RESPOND(auto relationships, services.people.relationships(who, id), request);
    XZQ_OR_RESPOND(auto places, person_places(services, who), request);
    const auto today = services::china_today(services.clock);
    json out = person_json(person, places.township_of(person));
    json status = json::array();
    for (const auto& change : history) status.push_back(status_change_json(change));
    out["status_history"] = std::move(status);
    json related = json::array();
    for (const auto& r : relationships) {
        json entry = relationship_json(r);
        // The other person's name only when the caller may see that person.
        if (r.other_person_id) {
            auto other = services.people.person(who, *r.other_person_id);
            entry["other_person_name"] = other ? json(other->name) : json(nullptr);
        }
        related.push_back(std::move(entry));
    }
    out["relationships"] = std::move(related);
    if (domain::may(who, Action::secondment_read)) {
        XZQ_OR_RESPOND(auto secondments, services.people.secondments_of_person(who, id), request);
        XZQ_OR_RESPOND(auto zones, services.organisation.zones_as_of(who, who.county_code, today), request);
        std::map<long long, std::string> names;
        for (const auto& view : zones) names[view.zone.id] = view.zone.name;
        json list = json::array();
        for (const auto& s : secondments) list.push_back(secondment_json(services, s, today, names));
        out["secondments"] = std::move(list);
        out["workload"] = domain::workload(secondments, today);
    } else {
        out["secondments"] = nullptr;
        out["workload"] = nullptr;
    }
    // The detail is a sensitive record: it is only answered once its reading is on the record.
    XZQ_OR_RESPOND(auto seq, audit(services, request, "people.read", "ok", "person", record), request);
    (void)seq;
    return json_response(200, out);
}

// The person if the caller may read them, looked up before the request body: an out-of-scope id
// answers 404 whatever the body holds.
Result<domain::Person> visible_person(const ApiServices& services, const Request& request, long long id) {
    return services.people.person(principal_of(request), id);
}

void register_people_only_routes(Router& router, ApiServices services) {
    router.add("GET", "/api/v1/people", Access::needs(Action::people_read),
               [services](const Request& request, const PathParams&) { return list_people(services, request); });
    router.add("GET", "/api/v1/people/{id}", Access::needs(Action::people_read),
               [services](const Request& request, const PathParams& params) {
                   return person_detail(services, request, params);
               });
    router.add("POST", "/api/v1/people", Access::needs(Action::people_write),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(
                       only_fields(body, {"name", "gender", "phone", "external_id", "party_member", "rank", "post",
                                          "org_unit_id", "leads_unit", "home_township", "skills", "status", "reason"}),
                       request);
                   domain::Person base;
                   base.county_code = who.county_code;
                   XZQ_OR_RESPOND(auto status, optional_text(body, "status", 32), request);
                   if (status) {
                       auto parsed = domain::person_status_from_text(*status);
                       if (!parsed) {
                           return error_response(field_error("status", "应为 in_post、seconded、in_training 或 exited",
                                                             "must be in_post, seconded, in_training or exited"),
                                                 request.language);
                       }
                       base.status = *parsed;
                   }
                   XZQ_OR_RESPOND(auto person, person_from_body(body, base), request);
                   XZQ_OR_RESPOND(auto reason, string_field(body, "reason", false, 500), request);
                   XZQ_OR_REFUSE(auto added, services.people.add_person(who, person, reason), "people.write", "person",
                                 "");
                   XZQ_OR_RESPOND(auto places, person_places(services, who), request);
                   return audited_write(services, request, "people.write", "person", std::to_string(added.id),
                                        {{"operation", "create"}}, 201, person_json(added, places.township_of(added)));
               });
    router.add(
        "PUT", "/api/v1/people/{id}", Access::needs(Action::people_write),
        [services](const Request& request, const PathParams& params) {
            const auto& who = principal_of(request);
            XZQ_OR_RESPOND(auto person_id, id_param(params.at("id"), "人员 / person"), request);
            const std::string record = std::to_string(person_id);
            XZQ_OR_REFUSE(auto current, visible_person(services, request, person_id), "people.write", "person", record);
            XZQ_OR_RESPOND(auto body, object_body(request), request);
            XZQ_RESPOND_VOID(only_fields(body, {"name", "gender", "phone", "external_id", "party_member", "rank",
                                                "post", "org_unit_id", "leads_unit", "home_township", "skills"}),
                             request);
            XZQ_OR_RESPOND(auto person, person_from_body(body, current), request);
            XZQ_OR_REFUSE(auto updated, services.people.update_person(who, person), "people.write", "person", record);
            // Which fields changed, not their values: the audit log names the act, the
            // record keeps the data.
            json before = person_json(current, std::nullopt), after = person_json(updated, std::nullopt);
            json changed = json::array();
            for (const auto& [name, value] : after.items()) {
                if (before[name] != value) changed.push_back(name);
            }
            XZQ_OR_RESPOND(auto places, person_places(services, who), request);
            return audited_write(services, request, "people.write", "person", record,
                                 {{"operation", "update"}, {"fields", changed}}, 200,
                                 person_json(updated, places.township_of(updated)));
        });
    router.add("POST", "/api/v1/people/{id}/status", Access::needs(Action::people_write),
               [services](const Request& request, const PathParams& params) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto person_id, id_param(params.at("id"), "人员 / person"), request);
                   const std::string record = std::to_string(person_id);
                   XZQ_OR_REFUSE(auto current, visible_person(services, request, person_id), "people.write", "person",
                                 record);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"status", "date", "reason"}), request);
                   XZQ_OR_RESPOND(auto status_text, string_field(body, "status", true, 32), request);
                   auto status = domain::person_status_from_text(status_text);
                   if (!status) {
                       return error_response(field_error("status", "应为 in_post、seconded、in_training 或 exited",
                                                         "must be in_post, seconded, in_training or exited"),
                                             request.language);
                   }
                   XZQ_OR_RESPOND(auto date, date_field(body, "date", services::china_today(services.clock)), request);
                   XZQ_OR_RESPOND(auto reason, string_field(body, "reason", true, 500), request);
                   XZQ_OR_REFUSE(auto change, services.people.change_status(who, current.id, *status, date, reason),
                                 "people.write", "person", record);
                   return audited_write(services, request, "people.write", "person", record,
                                        {{"operation", "status"},
                                         {"from", domain::to_string(current.status)},
                                         {"to", domain::to_string(*status)}},
                                        201, status_change_json(change));
               });
    router.add(
        "POST", "/api/v1/people/{id}/relationships", Access::needs(Action::people_write),
        [services](const Request& request, const PathParams& params) {
            const auto& who = principal_of(request);
            XZQ_OR_RESPOND(auto person_id, id_param(params.at("id"), "人员 / person"), request);
            const std::string record = std::to_string(person_id);
            XZQ_OR_REFUSE(auto current, visible_person(services, request, person_id), "people.write", "person", record);
            XZQ_OR_RESPOND(auto body, object_body(request), request);
            XZQ_RESPOND_VOID(only_fields(body, {"kind", "other_person_id", "place_code", "note", "declared_on"}),
                             request);
            domain::Relationship relationship;
            relationship.person_id = current.id;
            XZQ_OR_RESPOND(auto kind_text, string_field(body, "kind", true, 32), request);
            auto kind = domain::relation_kind_from_text(kind_text);
            if (!kind) {
                return error_response(
                    field_error("kind", "应为 kin、former_colleague、former_posting、witness 或 interest",
                                "must be kin, former_colleague, former_posting, witness or interest"),
                    request.language);
            }
            relationship.kind = *kind;
            XZQ_OR_RESPOND(relationship.other_person_id, optional_id(body, "other_person_id"), request);
            XZQ_OR_RESPOND(relationship.place_code, optional_text(body, "place_code", 12), request);
            XZQ_OR_RESPOND(relationship.note, string_field(body, "note", false, 500), request);
            XZQ_OR_RESPOND(relationship.declared_on,
                           date_field(body, "declared_on", services::china_today(services.clock)), request);
            XZQ_OR_REFUSE(auto added, services.people.declare_relationship(who, relationship), "people.write", "person",
                          record);
            return audited_write(
                services, request, "people.write", "person", record,
                {{"operation", "relationship"}, {"relationship_id", added.id}, {"kind", domain::to_string(added.kind)}},
                201, relationship_json(added));
        });

    router.add("GET", "/api/v1/skills", Access::needs(Action::people_read),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto catalogue, services.people.skills(principal_of(request).county_code), request);
                   json list = json::array();
                   for (const auto& skill : catalogue.skills()) {
                       list.push_back({{"code", skill.code}, {"name_zh", skill.name_zh}, {"name_en", skill.name_en}});
                   }
                   return json_response(200, {{"skills", std::move(list)}});
               });
    router.add("POST", "/api/v1/skills", Access::needs(Action::people_write),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"code", "name_zh", "name_en"}), request);
                   domain::Skill skill;
                   XZQ_OR_RESPOND(skill.code, string_field(body, "code", true, 64), request);
                   XZQ_OR_RESPOND(skill.name_zh, string_field(body, "name_zh", true, 100), request);
                   XZQ_OR_RESPOND(skill.name_en, string_field(body, "name_en", true, 100), request);
                   auto added = services.people.add_skill(who, who.county_code, skill);
                   if (!added) return refusal(services, request, added.error(), "people.write", "skill", skill.code);
                   return audited_write(services, request, "people.write", "skill", skill.code,
                                        {{"operation", "create"}}, 201,
                                        {{"code", skill.code}, {"name_zh", skill.name_zh}, {"name_en", skill.name_en}});
               });

    router.add(
        "POST", "/api/v1/people/import", Access::needs(Action::people_import),
        [services](const Request& request, const PathParams&) {
            const auto& who = principal_of(request);
            std::string type = request.header("content-type");
            std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
            std::string file_name;
            if (type.starts_with("text/csv"))
                file_name = "upload.csv";
            else if (type.starts_with(k_xlsx_type))
                file_name = "upload.xlsx";
            else {
                return error_response(
                    make_error(ErrorKind::invalid_input, "import.content_type",
                               "请以 Content-Type: text/csv 或 XLSX 类型上传人员文件",
                               fmt::format("upload the people file as Content-Type: text/csv or {}", k_xlsx_type)),
                    request.language);
            }
            std::string county = request.query_param("county");
            if (!is_digits(county, 6)) {
                return error_response(
                    make_error(ErrorKind::invalid_input, "request.bad_parameter", "参数 county 应为 6 位县级区划代码",
                               "parameter county must be a 6-digit county code"),
                    request.language);
            }
            if (request.body.empty()) {
                return error_response(make_error(ErrorKind::invalid_input, "import.empty", "上传的文件为空",
                                                 "the uploaded file is empty"),
                                      request.language);
            }
            XZQ_OR_RESPOND(auto sheet, services.read_people_file(request.body, file_name), request);
            XZQ_OR_REFUSE(auto report, services.people.import_people(who, county, sheet), "people.import",
                          "person_import", county);
            json detail = {{"county", county},
                           {"format", file_name.ends_with(".csv") ? "csv" : "xlsx"},
                           {"rows", report.rows},
                           {"imported", report.ids.size()},
                           {"problems", report.problems.size()}};
            if (!report.accepted) {
                XZQ_OR_RESPOND(auto seq,
                               audit(services, request, "people.import", "rejected", "person_import", county, detail),
                               request);
                (void)seq;
                const bool en = request.language == "en";
                json problems = json::array();
                for (const auto& p : report.problems) {
                    problems.push_back({{"row", p.row},
                                        {"column", p.column},
                                        {"code", p.code},
                                        {"reason", en ? p.message_en : p.message_zh}});
                }
                std::string message =
                    en ? fmt::format("the file has {} problems and was rejected whole; nobody was imported",
                                     report.problems.size())
                       : fmt::format("文件有 {} 处错误，已整体拒绝，未导入任何人员", report.problems.size());
                return json_response(400, {{"error", {{"code", "import.rejected"}, {"message", message}}},
                                           {"rows", report.rows},
                                           {"problems", std::move(problems)}});
            }
            return audited_write(services, request, "people.import", "person_import", county, detail, 200,
                                 {{"rows", report.rows}, {"imported", report.ids.size()}, {"ids", report.ids}});
        });
}

// ---- Secondments -------------------------------------------------------------------------

std::map<long long, std::string> zone_names(const ApiServices& services, const domain::Principal& who,
                                            domain::Date day) {
    std::map<long long, std::string> names;
    auto zones = services.organisation.zones_as_of(who, who.county_code, day);
    if (zones) {
        for (const auto& view : *zones) names[view.zone.id] = view.zone.name;
    }
    return names;
}

// Every secondment of the zones whose secondments the caller may read.
Result<std::vector<domain::Secondment>> visible_secondments(const ApiServices& services, const domain::Principal& who,
                                                            domain::Date day) {
    std::vector<domain::Secondment> out;
    XZQ_TRY(auto zones, services.organisation.zones_as_of(who, who.county_code, day));
    for (const auto& view : zones) {
        auto of_zone = services.people.secondments_of_zone(who, view.zone.id);
        if (!of_zone) {
            if (of_zone.error().kind == ErrorKind::not_found || of_zone.error().kind == ErrorKind::forbidden) continue;
            return of_zone.error();
        }
        for (auto& s : *of_zone) out.push_back(std::move(s));
    }
    return out;
}

// A secondment is visible when it belongs to a zone whose secondments the caller may read;
// otherwise it does not exist for them.
Result<domain::Secondment> visible_secondment(const ApiServices& services, const domain::Principal& who, long long id,
                                              domain::Date day) {
    XZQ_TRY(auto all, visible_secondments(services, who, day));
    for (auto& s : all) {
        if (s.id == id) return std::move(s);
    }
    return services::not_found_error("借调", "secondment", id);
}

json secondment_list(const ApiServices& services, const domain::Principal& who,
                     const std::vector<domain::Secondment>& list, domain::Date today) {
    auto names = zone_names(services, who, today);
    json out = json::array();
    for (const auto& s : list) out.push_back(secondment_json(services, s, today, names));
    return out;
}

void register_secondment_routes(Router& router, ApiServices services) {
    router.add("GET", "/api/v1/secondments", Access::needs(Action::secondment_read),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   const auto today = services::china_today(services.clock);
                   std::string state = request.query_param("state");
                   std::optional<domain::SecondmentState> wanted;
                   if (!state.empty()) {
                       wanted = domain::secondment_state_from_string(state);
                       if (!wanted) {
                           return error_response(make_error(ErrorKind::invalid_input, "request.bad_parameter",
                                                            "参数 state 应为 requested、approved 或 rejected",
                                                            "parameter state must be requested, approved or rejected"),
                                                 request.language);
                       }
                   }
                   XZQ_OR_RESPOND(auto all, visible_secondments(services, who, today), request);
                   std::erase_if(all, [&](const domain::Secondment& s) { return wanted && s.state != *wanted; });
                   std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
                   return json_response(200, {{"secondments", secondment_list(services, who, all, today)}});
               });
    // The county pool a zone chief may ask for. Its people are outside the chief's data scope,
    // so each carries only what a request needs (no phone, no relationships); the person's
    // record itself stays closed to the chief.
    router.add("GET", "/api/v1/secondments/pool", Access::needs(Action::secondment_write),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   const auto today = services::china_today(services.clock);
                   XZQ_OR_RESPOND(auto pool, services.people.pool_candidates(who, today), request);
                   json list = json::array();
                   for (const auto& c : pool) {
                       list.push_back({{"id", c.id},
                                       {"name", c.name},
                                       {"post", c.post},
                                       {"unit", c.unit_name},
                                       {"skills", c.skills},
                                       {"status", domain::to_string(c.status)},
                                       {"workload", c.workload}});
                   }
                   return json_response(200, {{"people", std::move(list)}});
               });
    router.add("GET", "/api/v1/zones/{id}/secondments", Access::needs(Action::secondment_read),
               [services](const Request& request, const PathParams& params) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "协作区 / zone"), request);
                   XZQ_OR_RESPOND(auto list, services.people.secondments_of_zone(who, id), request);
                   return json_response(
                       200,
                       {{"secondments", secondment_list(services, who, list, services::china_today(services.clock))}});
               });
    router.add("GET", "/api/v1/people/{id}/secondments", Access::needs(Action::secondment_read),
               [services](const Request& request, const PathParams& params) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "人员 / person"), request);
                   XZQ_OR_RESPOND(auto list, services.people.secondments_of_person(who, id), request);
                   const auto today = services::china_today(services.clock);
                   return json_response(200, {{"secondments", secondment_list(services, who, list, today)},
                                              {"workload", domain::workload(list, today)}});
               });
    router.add("POST", "/api/v1/zones/{id}/secondments", Access::needs(Action::secondment_write),
               [services](const Request& request, const PathParams& params) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto zone_id, id_param(params.at("id"), "协作区 / zone"), request);
                   const std::string zone_record = std::to_string(zone_id);
                   // A zone whose secondments the caller cannot read does not exist for them.
                   XZQ_OR_REFUSE(auto existing, services.people.secondments_of_zone(who, zone_id), "secondment.write",
                                 "zone", zone_record);
                   (void)existing;
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"person_id", "task_title", "from", "to", "note"}), request);
                   domain::SecondmentRequest wanted;
                   wanted.county_code = who.county_code;
                   wanted.zone_id = zone_id;
                   XZQ_OR_RESPOND(wanted.person_id, required_id(body, "person_id"), request);
                   XZQ_OR_RESPOND(wanted.task_title, string_field(body, "task_title", true, 200), request);
                   XZQ_OR_RESPOND(wanted.from, date_field(body, "from", std::nullopt), request);
                   XZQ_OR_RESPOND(wanted.to, date_field(body, "to", std::nullopt), request);
                   XZQ_OR_RESPOND(wanted.note, string_field(body, "note", false, 500), request);
                   XZQ_OR_REFUSE(auto added, services.people.second(who, wanted), "secondment.write", "zone",
                                 zone_record);
                   const auto today = services::china_today(services.clock);
                   return audited_write(services, request, "secondment.write", "secondment", std::to_string(added.id),
                                        {{"operation", "create"},
                                         {"zone_id", zone_id},
                                         {"person_id", added.person_id},
                                         {"state", domain::to_string(added.state)}},
                                        201, secondment_json(services, added, today, zone_names(services, who, today)));
               });
    for (std::string_view verb : {"approve", "reject", "release"}) {
        router.add("POST", fmt::format("/api/v1/secondments/{{id}}/{}", verb), Access::needs(Action::secondment_write),
                   [services, verb](const Request& request, const PathParams& params) {
                       const auto& who = principal_of(request);
                       XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "借调 / secondment"), request);
                       const std::string record = std::to_string(id);
                       const auto today = services::china_today(services.clock);
                       XZQ_OR_REFUSE(auto found, visible_secondment(services, who, id, today), "secondment.write",
                                     "secondment", record);
                       (void)found;
                       XZQ_OR_RESPOND(auto body, object_body(request, true), request);
                       Result<domain::Secondment> done = services::forbidden_error();
                       json detail = {{"operation", verb}};
                       if (verb == "release") {
                           XZQ_RESPOND_VOID(only_fields(body, {"date"}), request);
                           XZQ_OR_RESPOND(auto day, date_field(body, "date", today), request);
                           detail["date"] = domain::format_date(day);
                           done = services.people.release(who, id, day);
                       } else {
                           XZQ_RESPOND_VOID(only_fields(body, {}), request);
                           // The approver is the caller's own person (the service takes it from
                           // the principal); 0 names nobody for an account without one.
                           done = services.people.decide(who, id, verb == "approve", 0);
                       }
                       if (!done)
                           return refusal(services, request, done.error(), "secondment.write", "secondment", record);
                       return audited_write(services, request, "secondment.write", "secondment", record, detail, 200,
                                            secondment_json(services, *done, today, zone_names(services, who, today)));
                   });
    }
}

}  // namespace

void register_people_routes(Router& router, ApiServices services) {
    register_organisation_routes(router, services);
    register_people_only_routes(router, services);
    register_secondment_routes(router, services);
}

}  // namespace xzq::http
