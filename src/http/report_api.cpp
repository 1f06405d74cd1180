// Reports (信访举报) for signed-in staff: registration, the list and detail in scope, routing,
// repeats, acceptance and conclusion, messages to the reporter, the sealed reporter and its
// reveal requests, attachments; village information officers' intake; deadlines and the holiday
// calendar.
//
// As in people_api.cpp: the frontend checked the route's action, the services check the data
// scope and answer not_found outside it, and every write and every sensitive read (a report's
// detail, its reporter, an attachment) leaves an audit entry; refusals are audited as denied.
// Audit details never carry the reporter's identity or the report's text.
#include <fmt/format.h>

#include <cctype>
#include <map>

#include "domain/report_taxonomy.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/report_json.hpp"
#include "services/organisation_service.hpp"

namespace xzq::http {

namespace {

using domain::Action;
using services::ReportRecord;

constexpr std::int64_t k_default_page = 50;
constexpr std::int64_t k_max_page = 500;

std::string summary_of(const std::string& text) {
    // At most 40 code points, cut on a character boundary.
    std::size_t at = 0;
    int count = 0;
    while (at < text.size() && count < 40) {
        unsigned char c = static_cast<unsigned char>(text[at]);
        at += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        ++count;
    }
    return at >= text.size() ? text : text.substr(0, at) + "…";
}

json message_json(const services::ReportMessage& m) {
    return {{"id", m.id}, {"from", m.sender}, {"text", m.body}, {"notice", m.is_notice}, {"at", m.at}};
}

json list_item_json(const ApiServices& services, const ReportRecord& r, std::string_view language,
                    const PlaceNames& places) {
    json next = nullptr;
    auto deadlines = services.reports.view(services::console_operator(r.county_code), r.id);
    if (deadlines) {
        const services::DeadlineView* best = nullptr;
        for (const auto& d : deadlines->deadlines) {
            if (d.record.completed_on) continue;
            if (!best || (d.status.due && best->status.due && *d.status.due < *best->status.due)) best = &d;
        }
        if (best) {
            next = {{"rule", best->record.rule_code},
                    {"name", best->rule ? (language == "en" ? best->rule->name_en : best->rule->name_zh) : ""},
                    {"due", optional_json(best->status.due)},
                    {"state", domain::to_string(best->status.state)},
                    {"state_label", label(best->status.state, language)}};
        }
    }
    std::optional<std::string> township = r.routed_township ? r.routed_township : r.place_township;
    return {{"id", r.id},
            {"number", r.number},
            {"channel", domain::to_string(r.channel)},
            {"channel_label", label(r.channel, language)},
            {"type", domain::to_string(r.type)},
            {"type_label", label(r.type, language)},
            {"status", domain::to_string(r.status)},
            {"status_label", label(r.status, language)},
            {"level", r.level ? json(domain::to_string(*r.level)) : json(nullptr)},
            {"level_label", r.level ? json(label(*r.level, language)) : json(nullptr)},
            {"township_code", optional_json(township)},
            {"township_name", places.name_of(township)},
            {"received_on", domain::format_date(r.received_on)},
            {"reporter_mode", domain::to_string(r.reporter_mode)},
            {"repeat_state", r.repeat_state},
            {"category_name", category_name(r.category_code, language)},
            {"summary", summary_of(r.description)},
            {"stub", r.stub},
            {"next_deadline", next}};
}

json detail_json(const ApiServices& services, const services::ReportView& v, std::string_view language) {
    const auto& r = v.record;
    const bool en = language == "en";
    auto places = place_names(services, r.county_code);
    json areas = json::array();
    for (const auto& code : r.problem_areas) {
        const auto* area = domain::find_problem_area(code);
        areas.push_back({{"code", code}, {"name", area ? (en ? area->name_en : area->name_zh) : code}});
    }
    json persons = json::array();
    for (const auto& p : r.persons) {
        persons.push_back({{"name", p.name},
                           {"post", p.post},
                           {"person_id", optional_json(p.person_id)},
                           {"rank", p.rank ? json(domain::to_string(*p.rank)) : json(nullptr)}});
    }
    json attachments = json::array();
    for (const auto& a : v.attachments) {
        attachments.push_back(
            {{"id", a.id}, {"name", a.name}, {"size", a.size}, {"kind", a.kind}, {"sha256", a.sha256}});
    }
    json candidates = json::array();
    for (const auto& c : r.repeat_candidates) {
        candidates.push_back({{"report_id", c.report_id},
                              {"number", c.number},
                              {"score", c.score},
                              {"reason", en ? c.reason_en : c.reason_zh}});
    }
    json original = nullptr;
    if (r.original_report_id) {
        auto earlier = services.reports.view(services::console_operator(r.county_code), *r.original_report_id);
        original = {{"id", *r.original_report_id}, {"number", earlier ? json(earlier->record.number) : json(nullptr)}};
    }
    json deadlines = json::array();
    for (const auto& d : v.deadlines) {
        deadlines.push_back(deadline_json({d.record, d.rule, d.status, r.number}, language, places));
    }
    json history = json::array();
    for (const auto& e : v.events) {
        history.push_back({{"at", e.at}, {"by", e.actor}, {"action", e.action}, {"note", e.note}});
    }
    json messages = json::array();
    for (const auto& m : v.messages) messages.push_back(message_json(m));
    json zone_name = nullptr;
    if (r.routed_zone_id) {
        auto zone = services.organisation.zone(services::console_operator(r.county_code), *r.routed_zone_id);
        if (zone) zone_name = zone->name;
    }
    const auto& s = v.suggestion;
    json linked = nullptr;
    if (auto found = services.cases.case_of_report(r.id); found && *found) {
        linked = {{"id", (*found)->first}, {"number", (*found)->second}};
    }
    return {{"id", r.id},
            {"case", linked},
            {"number", r.number},
            {"channel", domain::to_string(r.channel)},
            {"channel_label", label(r.channel, language)},
            {"type", domain::to_string(r.type)},
            {"type_label", label(r.type, language)},
            {"status", domain::to_string(r.status)},
            {"status_label", label(r.status, language)},
            {"level", r.level ? json(domain::to_string(*r.level)) : json(nullptr)},
            {"level_label", r.level ? json(label(*r.level, language)) : json(nullptr)},
            {"township_code", optional_json(r.routed_township ? r.routed_township : r.place_township)},
            {"township_name", places.name_of(r.routed_township ? r.routed_township : r.place_township)},
            {"place_township", optional_json(r.place_township)},
            {"village_code", optional_json(r.place_village)},
            {"village_name", places.name_of(r.place_village)},
            {"zone_id", optional_json(r.routed_zone_id)},
            {"zone_name", zone_name},
            {"received_on", domain::format_date(r.received_on)},
            {"reporter_mode", domain::to_string(r.reporter_mode)},
            {"reporter_mode_label", label(r.reporter_mode, language)},
            {"has_identity", v.has_identity},
            {"identity_visible", v.identity_visible},
            {"stub", r.stub},
            {"category", optional_json(r.category_code)},
            {"category_name", category_name(r.category_code, language)},
            {"problem_areas", areas},
            {"persons", persons},
            {"description", r.description},
            {"conclusion", r.conclusion},
            {"concluded_on", optional_json(r.concluded_on)},
            {"attachments", attachments},
            {"repeat", {{"state", r.repeat_state}, {"original", original}, {"candidates", candidates}}},
            {"routing_suggestion",
             {{"level", domain::to_string(s.level)},
              {"level_label", label(s.level, language)},
              {"township_code", optional_json(s.township_code)},
              {"township_name", places.name_of(s.township_code)},
              {"zone_id", optional_json(s.zone_id)},
              {"rule", s.rule_code},
              {"reason", places.with_names(en ? s.reason_en : s.reason_zh)},
              {"receipt_stub_only", s.receipt_stub_only}}},
            {"deadlines", deadlines},
            {"history", history},
            {"messages", messages},
            {"reveal", {{"state", v.reveal_state}}},
            {"allowed",
             {{"route", v.allowed.route},
              {"repeat", v.allowed.repeat},
              {"accept", v.allowed.accept},
              {"conclude", v.allowed.conclude},
              {"message", v.allowed.message},
              {"reveal_request", v.allowed.reveal_request}}}};
}

json reveal_json(const services::RevealRequest& r, const std::string& number, std::string_view language) {
    const bool en = language == "en";
    std::string state_label = r.state == "pending"    ? (en ? "pending" : "待审批")
                              : r.state == "approved" ? (en ? "approved" : "已批准")
                                                      : (en ? "refused" : "已拒绝");
    return {{"id", r.id},
            {"report_id", r.report_id},
            {"report_number", number},
            {"requested_by", r.requester_name},
            {"reason", r.reason},
            {"state", r.state},
            {"state_label", state_label},
            {"decided_by", optional_json(r.decider_name)},
            {"decision_reason", optional_json(r.decision_reason)},
            {"requested_at", r.requested_at},
            {"decided_at", optional_json(r.decided_at)}};
}

// The staff registration body: the draft plus received_on and identity_verified.
Result<services::StaffRegistration> registration_from(const Request& request, bool village) {
    XZQ_TRY(auto body, object_body(request));
    if (village) {
        XZQ_TRY_VOID(only_fields(body, {"type", "received_on", "category", "problem_areas", "township", "village",
                                        "persons", "description", "reporter"}));
    } else {
        XZQ_TRY_VOID(only_fields(body, {"channel", "type", "received_on", "category", "problem_areas", "township",
                                        "village", "persons", "description", "reporter", "identity_verified"}));
    }
    services::StaffRegistration out;
    XZQ_TRY(out.draft, draft_from_json(body, {true, true, false}));
    if (present(body, "received_on")) {
        XZQ_TRY(auto day, date_field(body, "received_on", std::nullopt));
        out.received_on = day;
    }
    if (present(body, "identity_verified")) {
        XZQ_TRY(bool verified, bool_field(body, "identity_verified", true));
        out.identity_verified = verified;
    }
    return out;
}

Response detail_response(const ApiServices& services, const Request& request, const services::ReportView& view,
                         std::string_view action, int status, const json& detail) {
    return audited_write(services, request, action, "report", std::to_string(view.record.id), detail, status,
                         detail_json(services, view, request.language));
}

void register_registration_routes(Router& router, ApiServices services) {
    router.add("POST", "/api/v1/reports", Access::needs(Action::report_register),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto registration, registration_from(request, false), request);
                   XZQ_OR_RESPOND(auto problems,
                                  services.reports.check(who.county_code, registration.draft,
                                                         registration.draft.channel == domain::Channel::online),
                                  request);
                   if (!problems.empty()) return field_errors_response(problems, request.language);
                   XZQ_OR_REFUSE(auto view, services.reports.register_report(who, std::move(registration)),
                                 "report.register", "report", "");
                   return detail_response(services, request, view, "report.register", 201,
                                          {{"number", view.record.number},
                                           {"channel", domain::to_string(view.record.channel)},
                                           {"repeat", view.record.repeat_state}});
               });

    router.add("POST", "/api/v1/village-reports", Access::needs(Action::report_intake),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto registration, registration_from(request, true), request);
                   registration.draft.channel = domain::Channel::village_officer;
                   XZQ_OR_RESPOND(auto problems, services.reports.check(who.county_code, registration.draft, false),
                                  request);
                   if (!problems.empty()) return field_errors_response(problems, request.language);
                   XZQ_OR_REFUSE(auto record, services.reports.village_intake(who, std::move(registration)),
                                 "report.intake", "report", "");
                   return audited_write(services, request, "report.intake", "report", std::to_string(record.id),
                                        {{"number", record.number}}, 201,
                                        {{"id", record.id},
                                         {"number", record.number},
                                         {"received_on", domain::format_date(record.received_on)}});
               });

    router.add("GET", "/api/v1/village-reports", Access::needs(Action::report_intake),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto records, services.reports.my_intakes(who), request);
                   auto places = place_names(services, who.county_code);
                   json items = json::array();
                   for (const auto& r : records) {
                       items.push_back({{"id", r.id},
                                        {"number", r.number},
                                        {"received_on", domain::format_date(r.received_on)},
                                        {"township_name", places.name_of(r.place_township)},
                                        {"village_name", places.name_of(r.place_village)},
                                        {"summary", summary_of(r.description)},
                                        {"status_label", label(r.status, request.language)}});
                   }
                   return json_response(200, {{"items", items}});
               });
}

Result<services::ReportListFilter> list_filter(const Request& request) {
    services::ReportListFilter filter;
    if (auto text = request.query_param("status"); !text.empty()) {
        filter.status = domain::report_status_from_string(text);
        if (!filter.status) return field_error("status", "不是已知的状态", "is not a known status");
    }
    if (auto text = request.query_param("level"); !text.empty()) {
        filter.level = domain::handling_level_from_string(text);
        if (!filter.level) return field_error("level", "不是已知的办理层级", "is not a known level");
    }
    if (auto text = request.query_param("township"); !text.empty()) {
        if (!is_digits(text, 9)) return field_error("township", "应为 9 位乡镇代码", "must be a 9-digit township code");
        filter.township_code = text;
    }
    return filter;
}

void register_reading_routes(Router& router, ApiServices services) {
    router.add("GET", "/api/v1/reports", Access::needs(Action::report_read),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto filter, list_filter(request), request);
                   XZQ_OR_RESPOND(auto limit, integer_query(request, "limit", k_default_page, 1, k_max_page), request);
                   XZQ_OR_RESPOND(auto offset, integer_query(request, "offset", 0, 0, 1'000'000), request);
                   XZQ_OR_RESPOND(auto records, services.reports.reports(who, filter), request);
                   const std::string q = request.query_param("q");
                   std::vector<ReportRecord> matching;
                   for (auto& r : records) {
                       bool hit = q.empty() || r.number.find(q) != std::string::npos ||
                                  r.description.find(q) != std::string::npos;
                       for (const auto& p : r.persons) hit = hit || (!q.empty() && p.name.find(q) != std::string::npos);
                       if (hit) matching.push_back(std::move(r));
                   }
                   auto places = place_names(services, who.county_code);
                   json items = json::array();
                   for (std::size_t i = static_cast<std::size_t>(offset);
                        i < matching.size() && items.size() < static_cast<std::size_t>(limit); ++i) {
                       items.push_back(list_item_json(services, matching[i], request.language, places));
                   }
                   return json_response(200, {{"total", matching.size()}, {"items", items}});
               });

    router.add("GET", "/api/v1/reports/{id}", Access::needs(Action::report_read),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_OR_REFUSE(auto view, services.reports.view(principal_of(request), id), "report.read", "report",
                                 std::to_string(id));
                   XZQ_OR_RESPOND(auto seq, audit(services, request, "report.read", "ok", "report", std::to_string(id)),
                                  request);
                   (void)seq;
                   return json_response(200, detail_json(services, view, request.language));
               });

    router.add("GET", "/api/v1/reports/{id}/reporter", Access::needs(Action::report_read),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_OR_REFUSE(auto identity, services.reports.reporter(principal_of(request), id), "reporter.read",
                                 "report", std::to_string(id));
                   XZQ_OR_RESPOND(auto seq,
                                  audit(services, request, "reporter.read", "ok", "report", std::to_string(id)),
                                  request);
                   (void)seq;
                   return json_response(200, {{"name", identity.name},
                                              {"contact", identity.contact},
                                              {"id_number", identity.id_number},
                                              {"address", identity.address}});
               });

    router.add("GET", "/api/v1/reports/{id}/attachments/{attachment_id}", Access::needs(Action::report_read),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_OR_RESPOND(auto attachment_id, id_param(params.at("attachment_id"), "attachment_id"), request);
                   XZQ_OR_REFUSE(auto file, services.reports.attachment(principal_of(request), id, attachment_id),
                                 "report.attachment", "report", std::to_string(id));
                   XZQ_OR_RESPOND(auto seq,
                                  audit(services, request, "report.attachment", "ok", "report", std::to_string(id),
                                        {{"attachment", attachment_id}}),
                                  request);
                   (void)seq;
                   Response response;
                   response.content_type = std::string(domain::mime_type(file.kind));
                   response.body = std::move(file.bytes);
                   // The name is the reporter's text: only ASCII goes into the plain parameter.
                   std::string ascii;
                   for (char c : file.name)
                       ascii += (static_cast<unsigned char>(c) < 0x80 && c != '"' && c != '\\') ? c : '_';
                   // RFC 6266 / 5987: the real name, percent-encoded UTF-8, for browsers that read it.
                   std::string encoded;
                   for (unsigned char c : file.name) {
                       if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
                           encoded += static_cast<char>(c);
                       } else {
                           encoded += fmt::format("%{:02X}", c);
                       }
                   }
                   response.set_header("Content-Disposition",
                                       "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
                   return response;
               });
}

// not_found before a body is read, so a report outside the scope is never told apart by errors.
#define XZQ_REPORT_VISIBLE(id)                                                                          \
    if (auto XZQ_CONCAT(seen_, __LINE__) = services.reports.ensure_readable(principal_of(request), id); \
        !XZQ_CONCAT(seen_, __LINE__))                                                                   \
    return refusal(services, request, XZQ_CONCAT(seen_, __LINE__).error(), "report.read", "report", std::to_string(id))

void register_handling_routes(Router& router, ApiServices services) {
    router.add(
        "POST", "/api/v1/reports/{id}/attachments", Access::needs(Action::report_register),
        [services](const Request& request, const PathParams& params) {
            XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
            if (auto seen = services.reports.ensure_readable(principal_of(request), id); !seen) {
                return refusal(services, request, seen.error(), "report.read", "report", std::to_string(id));
            }
            XZQ_OR_RESPOND(auto name, upload_file_name(request), request);
            XZQ_OR_REFUSE(auto stored, services.reports.add_attachment(principal_of(request), id, name, request.body),
                          "report.attachment_add", "report", std::to_string(id));
            return audited_write(services, request, "report.attachment_add", "report", std::to_string(id),
                                 {{"attachment", stored.id}, {"sha256", stored.sha256}, {"size", stored.size}}, 201,
                                 {{"id", stored.id},
                                  {"name", stored.name},
                                  {"size", stored.size},
                                  {"kind", stored.kind},
                                  {"sha256", stored.sha256}});
        });

    router.add("POST", "/api/v1/reports/{id}/route", Access::needs(Action::report_register),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_REPORT_VISIBLE(id);
                   XZQ_OR_RESPOND(auto body, object_body(request, true), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"level", "township", "zone_id", "reason"}), request);
                   services::RouteRequest route;
                   XZQ_OR_RESPOND(auto level, optional_text(body, "level", 20), request);
                   if (level) {
                       route.level = domain::handling_level_from_string(*level);
                       if (!route.level) {
                           return error_response(field_error("level", "不是已知的办理层级", "is not a known level"),
                                                 request.language);
                       }
                   }
                   XZQ_OR_RESPOND(route.township_code, optional_text(body, "township", 20), request);
                   XZQ_OR_RESPOND(route.zone_id, optional_id(body, "zone_id"), request);
                   XZQ_OR_RESPOND(route.reason, string_field(body, "reason", false, 1000), request);
                   XZQ_OR_REFUSE(auto view, services.reports.route(principal_of(request), id, route), "report.route",
                                 "report", std::to_string(id));
                   json detail = {{"level", view.record.level ? domain::to_string(*view.record.level) : ""},
                                  {"township", optional_json(view.record.routed_township)},
                                  {"zone", optional_json(view.record.routed_zone_id)}};
                   return detail_response(services, request, view, "report.route", 200, detail);
               });

    router.add("POST", "/api/v1/reports/{id}/repeat", Access::needs(Action::report_register),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_REPORT_VISIBLE(id);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"confirm", "original_id"}), request);
                   if (!present(body, "confirm")) {
                       return error_response(field_error("confirm", "为必填项", "is required"), request.language);
                   }
                   XZQ_OR_RESPOND(bool confirm, bool_field(body, "confirm", false), request);
                   XZQ_OR_RESPOND(auto original, optional_id(body, "original_id"), request);
                   XZQ_OR_REFUSE(auto view, services.reports.judge_repeat(principal_of(request), id, confirm, original),
                                 "report.repeat", "report", std::to_string(id));
                   return detail_response(services, request, view, "report.repeat", 200,
                                          {{"confirm", confirm}, {"original", optional_json(original)}});
               });

    router.add("POST", "/api/v1/reports/{id}/accept", Access::needs(Action::report_handle),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_REPORT_VISIBLE(id);
                   XZQ_OR_RESPOND(auto body, object_body(request, true), request);
                   XZQ_RESPOND_VOID(only_fields(body, {}), request);
                   XZQ_OR_REFUSE(auto view, services.reports.accept(principal_of(request), id), "report.accept",
                                 "report", std::to_string(id));
                   return detail_response(services, request, view, "report.accept", 200, json::object());
               });

    router.add("POST", "/api/v1/reports/{id}/not-accept", Access::needs(Action::report_handle),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_REPORT_VISIBLE(id);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"reason"}), request);
                   XZQ_OR_RESPOND(auto reason, string_field(body, "reason", true, 2000), request);
                   XZQ_OR_REFUSE(auto view, services.reports.refuse(principal_of(request), id, reason),
                                 "report.not_accept", "report", std::to_string(id));
                   return detail_response(services, request, view, "report.not_accept", 200, json::object());
               });

    router.add("POST", "/api/v1/reports/{id}/conclude", Access::needs(Action::report_handle),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_REPORT_VISIBLE(id);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"summary"}), request);
                   XZQ_OR_RESPOND(auto summary, string_field(body, "summary", true, 6000), request);
                   XZQ_OR_REFUSE(auto view, services.reports.conclude(principal_of(request), id, summary),
                                 "report.conclude", "report", std::to_string(id));
                   return detail_response(services, request, view, "report.conclude", 200, json::object());
               });

    router.add("POST", "/api/v1/reports/{id}/messages", Access::needs(Action::report_handle),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_REPORT_VISIBLE(id);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"text", "notice"}), request);
                   XZQ_OR_RESPOND(auto text, string_field(body, "text", true, 6000), request);
                   XZQ_OR_RESPOND(bool notice, bool_field(body, "notice", false), request);
                   XZQ_OR_REFUSE(auto message,
                                 services.reports.message_reporter(principal_of(request), id, text, notice),
                                 "report.message", "report", std::to_string(id));
                   return audited_write(services, request, "report.message", "report", std::to_string(id),
                                        {{"notice", notice}, {"message", message.id}}, 201, message_json(message));
               });
}

void register_reveal_routes(Router& router, ApiServices services) {
    router.add("POST", "/api/v1/reports/{id}/reveal-requests", Access::needs(Action::report_read),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_REPORT_VISIBLE(id);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"reason"}), request);
                   XZQ_OR_RESPOND(auto reason, string_field(body, "reason", true, 2000), request);
                   XZQ_OR_REFUSE(auto made, services.reports.request_reveal(principal_of(request), id, reason),
                                 "reporter.reveal_request", "report", std::to_string(id));
                   return audited_write(services, request, "reporter.reveal_request", "report", std::to_string(id),
                                        {{"request", made.id}}, 201, reveal_json(made, "", request.language));
               });

    router.add("GET", "/api/v1/reveal-requests", Access::needs(Action::reporter_custody),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   std::string state = request.query_param("state");
                   if (!state.empty() && state != "pending" && state != "approved" && state != "refused") {
                       return error_response(field_error("state", "应为 pending、approved 或 refused",
                                                         "must be pending, approved or refused"),
                                             request.language);
                   }
                   XZQ_OR_RESPOND(auto requests, services.reports.reveal_requests(who), request);
                   json items = json::array();
                   std::map<long long, std::string> numbers;
                   for (const auto& r : requests) {
                       if (!state.empty() && r.state != state) continue;
                       if (!numbers.contains(r.report_id)) {
                           auto view = services.reports.view(services::console_operator(who.county_code), r.report_id);
                           numbers[r.report_id] = view ? view->record.number : "";
                       }
                       items.push_back(reveal_json(r, numbers[r.report_id], request.language));
                   }
                   return json_response(200, {{"items", items}});
               });

    router.add("POST", "/api/v1/reveal-requests/{id}/decision", Access::needs(Action::reporter_custody),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   if (auto seen = services.reports.ensure_reveal_request(principal_of(request), id); !seen) {
                       return refusal(services, request, seen.error(), "reporter.reveal_decision", "reveal_request",
                                      std::to_string(id));
                   }
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"approve", "reason"}), request);
                   if (!present(body, "approve")) {
                       return error_response(field_error("approve", "为必填项", "is required"), request.language);
                   }
                   XZQ_OR_RESPOND(bool approve, bool_field(body, "approve", false), request);
                   XZQ_OR_RESPOND(auto reason, string_field(body, "reason", true, 2000), request);
                   XZQ_OR_REFUSE(auto decided,
                                 services.reports.decide_reveal(principal_of(request), id, approve, reason),
                                 "reporter.reveal_decision", "reveal_request", std::to_string(id));
                   return audited_write(
                       services, request, "reporter.reveal_decision", "report", std::to_string(decided.report_id),
                       {{"request", decided.id}, {"approve", approve}, {"requested_by", decided.requester_name}}, 200,
                       reveal_json(decided, "", request.language));
               });
}

void register_deadline_routes(Router& router, ApiServices services) {
    router.add("GET", "/api/v1/deadlines/mine", Access::needs(Action::deadline_read),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto items, services.deadlines.mine(who), request);
                   auto places = place_names(services, who.county_code);
                   json out = json::array();
                   for (const auto& item : items) out.push_back(deadline_json(item, request.language, places));
                   return json_response(200, {{"items", out}});
               });

    router.add(
        "GET", "/api/v1/deadlines/board", Access::needs(Action::deadline_read),
        [services](const Request& request, const PathParams&) {
            const auto& who = principal_of(request);
            XZQ_OR_RESPOND(auto board, services.deadlines.board(who), request);
            auto places = place_names(services, who.county_code);
            auto counts = [](const services::BoardCounts& c) {
                return json{{"open", c.open}, {"due_soon", c.due_soon}, {"overdue", c.overdue}};
            };
            json zones = json::array();
            for (const auto& z : board.zones) {
                json overdue = json::array();
                for (const auto& item : z.overdue) overdue.push_back(deadline_json(item, request.language, places));
                json entry = counts(z.counts);
                entry["zone_id"] = z.zone_id;
                entry["name"] = z.name;
                entry["overdue_items"] = overdue;
                zones.push_back(entry);
            }
            return json_response(
                200, {{"today", domain::format_date(board.today)}, {"county", counts(board.county)}, {"zones", zones}});
        });

    router.add("GET", "/api/v1/deadline-rules", Access::needs(Action::deadline_read),
               [](const Request& request, const PathParams&) {
                   const bool en = request.language == "en";
                   json items = json::array();
                   for (const auto& rule : domain::deadline_rules()) {
                       std::string unit_label =
                           rule.unit == domain::DeadlineUnit::working_days    ? (en ? "working days" : "个工作日")
                           : rule.unit == domain::DeadlineUnit::calendar_days ? (en ? "days" : "日")
                                                                              : (en ? "months" : "个月");
                       items.push_back({{"code", rule.code},
                                        {"name", en ? rule.name_en : rule.name_zh},
                                        {"unit", domain::to_string(rule.unit)},
                                        {"unit_label", unit_label},
                                        {"amount", rule.amount},
                                        {"source", rule.source},
                                        {"applies_to", rule.applies_to},
                                        {"pausable", rule.pausable}});
                   }
                   return json_response(200, {{"items", items}});
               });
}

void register_calendar_routes(Router& router, ApiServices services) {
    router.add(
        "GET", "/api/v1/calendar", Access::needs(Action::self_service),
        [services](const Request& request, const PathParams&) {
            XZQ_OR_RESPOND(auto year,
                           integer_query(request, "year",
                                         static_cast<int>(services::china_today(services.clock).year()), 2000, 2100),
                           request);
            XZQ_OR_RESPOND(auto days, services.deadlines.days(static_cast<int>(year)), request);
            XZQ_OR_RESPOND(bool covered, services.deadlines.year_covered(static_cast<int>(year)), request);
            json out = json::array();
            for (const auto& d : days) {
                out.push_back(
                    {{"date", domain::format_date(d.date)}, {"kind", domain::to_string(d.kind)}, {"name", d.name}});
            }
            return json_response(200, {{"year", year}, {"covered", covered}, {"days", out}});
        });

    router.add(
        "PUT", "/api/v1/calendar/{date}", Access::needs(Action::calendar_write),
        [services](const Request& request, const PathParams& params) {
            XZQ_OR_RESPOND(auto day, domain::parse_date_field(params.at("date"), "日期", "date"), request);
            XZQ_OR_RESPOND(auto body, object_body(request), request);
            XZQ_RESPOND_VOID(only_fields(body, {"kind", "name"}), request);
            XZQ_OR_RESPOND(auto kind_text, string_field(body, "kind", true, 30), request);
            auto kind = domain::day_kind_from_string(kind_text);
            if (!kind) {
                return error_response(
                    field_error("kind", "应为 holiday 或 adjusted_workday", "must be holiday or adjusted_workday"),
                    request.language);
            }
            XZQ_OR_RESPOND(auto name, string_field(body, "name", true, 200), request);
            domain::CalendarException entry{day, *kind, name};
            if (auto put = services.deadlines.put_day(principal_of(request), entry); !put) {
                return refusal(services, request, put.error(), "calendar.write", "calendar_day", params.at("date"));
            }
            return audited_write(services, request, "calendar.write", "calendar_day", params.at("date"),
                                 {{"kind", kind_text}, {"name", name}}, 200,
                                 {{"date", params.at("date")}, {"kind", kind_text}, {"name", name}});
        });

    router.add("DELETE", "/api/v1/calendar/{date}", Access::needs(Action::calendar_write),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto day, domain::parse_date_field(params.at("date"), "日期", "date"), request);
                   XZQ_OR_REFUSE(bool removed, services.deadlines.remove_day(principal_of(request), day),
                                 "calendar.write", "calendar_day", params.at("date"));
                   if (!removed) {
                       return error_response(make_error(ErrorKind::not_found, "calendar.not_found",
                                                        "日历中没有这一天的调整", "no entry for that day"),
                                             request.language);
                   }
                   auto recorded = audit(services, request, "calendar.write", "ok", "calendar_day", params.at("date"),
                                         {{"operation", "delete"}});
                   if (!recorded) return error_response(recorded.error(), request.language);
                   return no_content();
               });
}

}  // namespace

void register_report_routes(Router& router, ApiServices services) {
    register_registration_routes(router, services);
    register_reading_routes(router, services);
    register_handling_routes(router, services);
    register_reveal_routes(router, services);
    register_deadline_routes(router, services);
    register_calendar_routes(router, services);
}

}  // namespace xzq::http
