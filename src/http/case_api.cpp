// The case workflow (线索 → 案件 → 卷宗) for signed-in staff: opening clues, workflow moves with
// their approvals, teams for 异地办案 with recusal, the case file's documents and ZIP export, and
// the notices of deadline supervision (督办).
//
// As elsewhere: the frontend checked the route's action, the service checks the case's scope
// (not found outside it) and the permission of each workflow move; every write, every read of a
// case's detail, document or export leaves an audit entry, and refusals — including attempts to
// change an archived case file — are audited as denied.
#include <fmt/format.h>

#include "domain/report_taxonomy.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/report_json.hpp"
#include "services/organisation_service.hpp"

namespace xzq::http {

namespace {

using domain::Action;
using services::CaseRecord;

// Archived-case refusals are audited too: the issue asks that attempts be visible.
Response case_refusal(const ApiServices& services, const Request& request, const Error& error, std::string_view action,
                      const std::string& id) {
    if (error.code == "case.archived") {
        auto recorded = audit(services, request, action, "denied", "case", id, {{"error", error.code}});
        if (!recorded) return error_response(recorded.error(), request.language);
        return error_response(error, request.language);
    }
    return refusal(services, request, error, action, "case", id);
}

#define XZQ_OR_CASE_REFUSE(declaration, expr, action, id)                                            \
    auto XZQ_CONCAT(result_, __LINE__) = (expr);                                                     \
    if (!XZQ_CONCAT(result_, __LINE__).ok())                                                         \
        return case_refusal(services, request, XZQ_CONCAT(result_, __LINE__).error(), action, (id)); \
    declaration = std::move(XZQ_CONCAT(result_, __LINE__)).value()

template <class E>
json enum_json(const std::optional<E>& value) {
    if (!value) return nullptr;
    return json(domain::to_string(*value));
}

template <class E>
json label_json(const std::optional<E>& value, std::string_view language) {
    if (!value) return nullptr;
    return json(label(*value, language));
}

json decision_json(const domain::CaseDecision& d, std::string_view language) {
    json measures = json::array();
    for (auto m : d.measures) measures.push_back({{"id", domain::to_string(m)}, {"label", label(m, language)}});
    json org = json::array();
    for (const auto& o : d.org_handling) {
        org.push_back({{"measure", domain::to_string(o.measure)},
                       {"label", label(o.measure, language)},
                       {"proposed_to", domain::to_string(o.proposed_to)},
                       {"reason", o.reason}});
    }
    return {{"party", enum_json(d.party)},
            {"party_label", label_json(d.party, language)},
            {"government", enum_json(d.government)},
            {"government_label", label_json(d.government, language)},
            {"measures", measures},
            {"org_handling", org},
            {"judicial", enum_json(d.judicial)},
            {"party_approver", enum_json(d.party_approver)},
            {"party_approver_label", label_json(d.party_approver, language)},
            {"government_decider", enum_json(d.government_decider)},
            {"important_or_complex", d.important_or_complex}};
}

json subject_json(const services::CaseSubject& s) {
    return {{"name", s.name},
            {"post", s.post},
            {"person_id", optional_json(s.person_id)},
            {"rank", s.facts.rank ? json(domain::to_string(*s.facts.rank)) : json(nullptr)},
            {"party_member", s.facts.party_member},
            {"village_manager", s.facts.village_manager},
            {"public_official", s.facts.public_official},
            {"holds_party_post", s.facts.holds_party_post},
            {"managed_by_county_committee", s.facts.managed_by_county_committee}};
}

const std::map<std::string, std::pair<std::string, std::string>>& source_labels() {
    static const std::map<std::string, std::pair<std::string, std::string>> labels = {
        {"report", {"信访举报", "report"}},
        {"supervision", {"监督检查中发现", "found in supervision"}},
        {"inspection", {"巡视巡察移交", "inspection tour"}},
        {"transfer", {"有关机关移送", "transferred by another body"}},
        {"self_report", {"主动交代", "self-report"}},
        {"other", {"其他", "other"}}};
    return labels;
}

json case_json(const ApiServices& services, const services::CaseView& v, const std::string& county,
               std::string_view language) {
    const bool en = language == "en";
    const auto& r = v.record;
    auto names = place_names(services, county);
    auto source = source_labels().find(r.source);
    json marks = json::array();
    for (auto m : r.position.marks) marks.push_back({{"id", domain::to_string(m)}, {"label", label(m, language)}});
    json steps = json::array();
    for (const auto& s : v.steps) {
        json approvals = json::array();
        for (const auto& a : s.approvals) {
            approvals.push_back({{"role", domain::to_string(a.role)},
                                 {"role_label", label(a.role, language)},
                                 {"by", a.by_name},
                                 {"opinion", a.opinion},
                                 {"at", a.at}});
        }
        std::string action_label = s.action;
        int best = -1;  // the row of this action from this state, on this case's path when rows differ by path
        for (const auto& t : domain::case_transitions()) {
            if (t.action != s.action) continue;
            int score =
                (t.from == s.from ? 2 : 0) +
                (r.position.path && std::find(t.paths.begin(), t.paths.end(), *r.position.path) != t.paths.end() ? 1
                                                                                                                 : 0);
            if (score > best) {
                best = score;
                action_label = en ? t.name_en : t.name_zh;
            }
        }
        if (s.action == "register") action_label = en ? "registered" : "线索登记";
        if (s.action.starts_with("team.assign")) action_label = en ? "team assigned" : "确定办案组";
        steps.push_back({{"id", s.id},
                         {"at", s.at},
                         {"by", s.actor},
                         {"action", s.action},
                         {"action_label", action_label},
                         {"from", domain::to_string(s.from)},
                         {"from_label", label(s.from, language)},
                         {"to", domain::to_string(s.to)},
                         {"to_label", label(s.to, language)},
                         {"reason", s.reason},
                         {"fields", s.fields},
                         {"approvals", approvals}});
    }
    json members = json::array();
    for (const auto& m : v.members) {
        auto person = v.people.find(m.person_id);
        std::optional<std::string> township;
        if (auto works = v.townships.find(m.person_id); works != v.townships.end()) township = works->second;
        members.push_back({{"id", m.id},
                           {"person_id", m.person_id},
                           {"name", person == v.people.end() ? json(nullptr) : json(person->second.name)},
                           {"township_code", optional_json(township)},
                           {"township_name", names.name_of(township)},
                           {"role", services::to_string(m.role)},
                           {"role_label", en ? std::string(services::to_string(m.role))
                                             : std::string(services::chinese_name(m.role))},
                           {"leader", m.leader},
                           {"assigned_on", domain::format_date(m.assigned_on)},
                           {"assigned_by", m.assigned_by},
                           {"reason", m.reason},
                           {"declared_at", optional_json(m.declared_at)},
                           {"declaration", m.declaration},
                           {"removed_on", optional_json(m.removed_on)},
                           {"removal_reason", optional_json(m.removal_reason)}});
    }
    json documents = json::array();
    for (const auto& d : v.documents) {
        documents.push_back({{"id", d.id},
                             {"stage", domain::to_string(d.stage)},
                             {"stage_label", label(d.stage, language)},
                             {"kind", d.kind},
                             {"title", d.title},
                             {"file_name", d.file_name},
                             {"size", d.size},
                             {"sha256", d.sha256},
                             {"generated", d.generated},
                             {"created_at", d.created_at},
                             {"created_by", d.created_by}});
    }
    json pending = json::array();
    for (const auto& a : v.pending_approvals) {
        pending.push_back({{"action", a.action},
                           {"role", domain::to_string(a.role)},
                           {"role_label", label(a.role, language)},
                           {"by", a.by_name},
                           {"opinion", a.opinion},
                           {"at", a.at}});
    }
    json available = json::array();
    for (const auto& step : v.available) {
        const auto& t = *step.transition;
        json fields = json::array();
        for (const auto& f : t.fields) {
            if (domain::condition_holds(f.when, r.position, r.facts))
                fields.push_back({{"name", f.name}, {"label", f.label_zh}});
        }
        json approvals = json::array();
        for (const auto& [role, given] : step.approvals) {
            approvals.push_back(
                {{"role", domain::to_string(role)}, {"role_label", label(role, language)}, {"given", given}});
        }
        const bool needs_team = std::any_of(t.guards.begin(), t.guards.end(), [](domain::WorkflowGuard g) {
            return g == domain::WorkflowGuard::team_size || g == domain::WorkflowGuard::team_from_other_townships ||
                   g == domain::WorkflowGuard::review_team_has_two ||
                   g == domain::WorkflowGuard::verification_team_signed;
        });
        available.push_back({{"action", t.action},
                             {"name", en ? t.name_en : t.name_zh},
                             {"to", domain::to_string(t.to)},
                             {"to_label", label(t.to, language)},
                             {"permission", t.permission},
                             {"allowed", step.allowed},
                             {"fields", fields},
                             {"approvals", approvals},
                             {"chooses_path", t.chooses_path},
                             {"needs_decision", t.action == "committee.decide"},
                             {"needs_team", needs_team}});
    }
    json deadlines = json::array();
    for (const auto& d : v.deadlines) deadlines.push_back(deadline_json(d, language, names));
    json influence = json::array();
    for (const auto& p : v.influence) {
        influence.push_back({{"track", domain::to_string(p.track)},
                             {"track_label", label(p.track, language)},
                             {"sanction", p.sanction},
                             {"from", domain::format_date(p.from)},
                             {"until", domain::format_date(p.until)}});
    }
    return {{"id", r.id},
            {"number", r.number},
            {"title", r.title},
            {"source", r.source},
            {"source_label",
             source == source_labels().end() ? r.source : (en ? source->second.second : source->second.first)},
            {"report",
             r.report_id ? json{{"id", *r.report_id}, {"number", optional_json(v.report_number)}} : json(nullptr)},
            {"state", domain::to_string(r.position.state)},
            {"state_label", label(r.position.state, language)},
            {"level", domain::to_string(r.position.level)},
            {"level_label", label(r.position.level, language)},
            {"path", enum_json(r.position.path)},
            {"path_label", label_json(r.position.path, language)},
            {"marks", marks},
            {"township_code", optional_json(r.township_code)},
            {"township_name", names.name_of(r.township_code)},
            {"zone_id", optional_json(r.zone_id)},
            {"zone_name", optional_json(v.zone_name)},
            {"subject", subject_json(r.subject)},
            {"important_or_complex", r.important_or_complex},
            {"decision", r.decision ? decision_json(*r.decision, language) : json(nullptr)},
            {"four_form", r.four_form},
            {"influence", influence},
            {"opened_on", domain::format_date(r.opened_on)},
            {"closed_on", optional_json(r.closed_on)},
            {"archived_at", optional_json(r.archived_at)},
            {"archive_digest", optional_json(r.archive_digest)},
            {"steps", steps},
            {"members", members},
            {"documents", documents},
            {"approvals_pending", pending},
            {"available", available},
            {"deadlines", deadlines}};
}

json team_json(const services::TeamSuggestion& t, const PlaceNames& names, std::string_view language) {
    const bool en = language == "en";
    json members = json::array();
    for (const auto& m : t.members) {
        members.push_back({{"person_id", m.person_id},
                           {"name", m.name},
                           {"township_code", m.township_code},
                           {"township_name", names.name_of(m.township_code)},
                           {"tier", m.tier},
                           {"leader", m.leader},
                           {"load", m.load},
                           {"skills_covered", m.skills_covered},
                           {"reason", en ? m.reason_en : m.reason_zh}});
    }
    json excluded = json::array();
    for (const auto& e : t.excluded) {
        excluded.push_back({{"person_id", e.person_id},
                            {"name", e.name},
                            {"township_name", names.name_of(e.township_code)},
                            {"reasons", en ? e.reasons_en : e.reasons_zh},
                            {"message", en ? fmt::format("{}", fmt::join(e.reasons_en, "; "))
                                           : fmt::format("{}", fmt::join(e.reasons_zh, "；"))}});
    }
    return {{"found", t.found},     {"message", en ? t.message_en : t.message_zh},
            {"binding", t.binding}, {"tier_used", t.tier_used},
            {"members", members},   {"excluded", excluded}};
}

Result<std::optional<domain::CaseDecision>> decision_from_json(const json& body) {
    if (!present(body, "decision")) return std::optional<domain::CaseDecision>();
    const auto& d = body["decision"];
    if (!d.is_object()) return field_error("decision", "必须是对象", "must be an object");
    XZQ_TRY_VOID(only_fields(d, {"party", "government", "measures", "org_handling", "judicial", "party_approver",
                                 "government_decider", "important_or_complex"}));
    domain::CaseDecision out;
    auto pick = [&](const char* name, auto parse, auto& target) -> Result<void> {
        XZQ_TRY(auto text, optional_text(d, name, 64));
        if (!text) return Ok{};
        auto parsed = parse(*text);
        if (!parsed) return field_error(std::string("decision.") + name, "不是已知的选项", "is not a known option");
        target = parsed;
        return Ok{};
    };
    XZQ_TRY_VOID(pick("party", domain::party_sanction_from_string, out.party));
    XZQ_TRY_VOID(pick("government", domain::government_sanction_from_string, out.government));
    XZQ_TRY_VOID(pick("judicial", domain::judicial_outcome_from_string, out.judicial));
    XZQ_TRY_VOID(pick("party_approver", domain::approving_body_from_string, out.party_approver));
    XZQ_TRY_VOID(pick("government_decider", domain::approving_body_from_string, out.government_decider));
    XZQ_TRY(auto measures, string_list(d, "measures"));
    for (const auto& m : measures) {
        auto measure = domain::first_form_measure_from_string(m);
        if (!measure) return field_error("decision.measures", "含有未知措施", "has an unknown measure");
        out.measures.push_back(*measure);
    }
    if (present(d, "org_handling")) {
        if (!d["org_handling"].is_array())
            return field_error("decision.org_handling", "必须是数组", "must be an array");
        for (const auto& o : d["org_handling"]) {
            if (!o.is_object()) return field_error("decision.org_handling", "必须是对象数组", "must hold objects");
            XZQ_TRY(auto measure_text, string_field(o, "measure", true, 64));
            auto measure = domain::org_handling_from_string(measure_text);
            if (!measure) return field_error("decision.org_handling", "含有未知措施", "has an unknown measure");
            domain::OrgHandlingProposal proposal;
            proposal.measure = *measure;
            XZQ_TRY(auto to_text, string_field(o, "proposed_to", false, 64));
            if (!to_text.empty()) {
                auto to = domain::approving_body_from_string(to_text);
                if (!to) return field_error("decision.org_handling", "建议对象无效", "has an unknown body");
                proposal.proposed_to = *to;
            }
            XZQ_TRY(proposal.reason, string_field(o, "reason", false, 2000));
            out.org_handling.push_back(std::move(proposal));
        }
    }
    XZQ_TRY(out.important_or_complex, bool_field(d, "important_or_complex", false));
    return std::optional<domain::CaseDecision>(std::move(out));
}

Result<services::CaseSubject> subject_fields(const json& j) {
    services::CaseSubject s;
    XZQ_TRY_VOID(only_fields(j, {"name", "post", "person_id", "rank", "party_member", "village_manager",
                                 "public_official", "holds_party_post", "managed_by_county_committee"}));
    XZQ_TRY(s.name, string_field(j, "name", true, 90));
    XZQ_TRY(s.post, string_field(j, "post", false, 180));
    XZQ_TRY(s.person_id, optional_id(j, "person_id"));
    XZQ_TRY(auto rank, optional_text(j, "rank", 40));
    if (rank) {
        s.facts.rank = domain::rank_from_text(*rank);
        if (!s.facts.rank) return field_error("subject.rank", "不是已知的职级", "is not a known rank");
    }
    XZQ_TRY(s.facts.party_member, bool_field(j, "party_member", false));
    XZQ_TRY(s.facts.village_manager, bool_field(j, "village_manager", false));
    XZQ_TRY(s.facts.public_official, bool_field(j, "public_official", false));
    XZQ_TRY(s.facts.holds_party_post, bool_field(j, "holds_party_post", false));
    XZQ_TRY(s.facts.managed_by_county_committee, bool_field(j, "managed_by_county_committee", false));
    return s;
}

Result<services::CaseSubject> subject_from_json(const json& body) {
    if (!present(body, "subject") || !body["subject"].is_object()) {
        return field_error("subject", "为必填项", "is required");
    }
    return subject_fields(body["subject"]);
}

json my_roles_json(const ApiServices& services, const Request& request, long long id) {
    json mine = json::array();
    if (auto roles = services.cases.approval_roles(principal_of(request), id)) {
        for (auto role : *roles) {
            mine.push_back({{"role", domain::to_string(role)}, {"role_label", label(role, request.language)}});
        }
    }
    return mine;
}

Response case_response(const ApiServices& services, const Request& request, const services::CaseView& view,
                       std::string_view action, int status, const json& detail) {
    auto body = case_json(services, view, principal_of(request).county_code, request.language);
    body["my_approval_roles"] = my_roles_json(services, request, view.record.id);
    return audited_write(services, request, action, "case", std::to_string(view.record.id), detail, status, body);
}

// not_found before a body is read, so a case outside the scope cannot be told apart by errors.
#define XZQ_CASE_VISIBLE(id)                                                                   \
    if (auto XZQ_CONCAT(seen_, __LINE__) = services.cases.readable(principal_of(request), id); \
        !XZQ_CONCAT(seen_, __LINE__))                                                          \
    return refusal(services, request, XZQ_CONCAT(seen_, __LINE__).error(), "case.read", "case", std::to_string(id))

void register_opening_routes(Router& router, ApiServices services) {
    router.add("POST", "/api/v1/reports/{id}/case", Access::needs(Action::case_handle),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   if (auto seen = services.reports.ensure_readable(principal_of(request), id); !seen) {
                       return refusal(services, request, seen.error(), "report.read", "report", std::to_string(id));
                   }
                   XZQ_OR_RESPOND(auto body, object_body(request, true), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"title"}), request);
                   XZQ_OR_RESPOND(auto title, string_field(body, "title", false, 300), request);
                   XZQ_OR_REFUSE(auto view, services.cases.open_from_report(principal_of(request), id, title),
                                 "case.open", "report", std::to_string(id));
                   return case_response(services, request, view, "case.open", 201,
                                        {{"report", id}, {"number", view.record.number}});
               });

    router.add("POST", "/api/v1/cases", Access::needs(Action::case_handle),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(
                       only_fields(body, {"title", "source", "township", "summary", "subject", "important_or_complex"}),
                       request);
                   services::NewClue clue;
                   XZQ_OR_RESPOND(clue.title, string_field(body, "title", true, 300), request);
                   XZQ_OR_RESPOND(clue.source, string_field(body, "source", true, 40), request);
                   XZQ_OR_RESPOND(clue.township_code, optional_text(body, "township", 20), request);
                   XZQ_OR_RESPOND(clue.summary, string_field(body, "summary", false, 6000), request);
                   XZQ_OR_RESPOND(clue.subject, subject_from_json(body), request);
                   XZQ_OR_RESPOND(clue.important_or_complex, bool_field(body, "important_or_complex", false), request);
                   XZQ_OR_REFUSE(auto view, services.cases.open_clue(principal_of(request), std::move(clue)),
                                 "case.open", "case", "");
                   return case_response(services, request, view, "case.open", 201, {{"number", view.record.number}});
               });

    router.add("GET", "/api/v1/cases", Access::needs(Action::case_read),
               [services](const Request& request, const PathParams&) {
                   const auto& who = principal_of(request);
                   XZQ_OR_RESPOND(auto records, services.cases.cases(who), request);
                   const std::string state = request.query_param("state");
                   const std::string level = request.query_param("level");
                   const std::string q = request.query_param("q");
                   auto names = place_names(services, who.county_code);
                   json items = json::array();
                   for (const auto& r : records) {
                       if (!state.empty() && domain::to_string(r.position.state) != state) continue;
                       if (!level.empty() && domain::to_string(r.position.level) != level) continue;
                       if (!q.empty() && r.number.find(q) == std::string::npos &&
                           r.title.find(q) == std::string::npos && r.subject.name.find(q) == std::string::npos) {
                           continue;
                       }
                       json next = nullptr;
                       auto view = services.cases.view(who, r.id);
                       if (view) {
                           const services::DeadlineItem* best = nullptr;
                           for (const auto& d : view->deadlines) {
                               if (d.record.completed_on) continue;
                               if (!best || (d.status.due && best->status.due && *d.status.due < *best->status.due))
                                   best = &d;
                           }
                           if (best) next = deadline_json(*best, request.language, names);
                       }
                       items.push_back({{"id", r.id},
                                        {"number", r.number},
                                        {"title", r.title},
                                        {"state", domain::to_string(r.position.state)},
                                        {"state_label", label(r.position.state, request.language)},
                                        {"level", domain::to_string(r.position.level)},
                                        {"level_label", label(r.position.level, request.language)},
                                        {"township_code", optional_json(r.township_code)},
                                        {"township_name", names.name_of(r.township_code)},
                                        {"subject_name", r.subject.name},
                                        {"opened_on", domain::format_date(r.opened_on)},
                                        {"archived", r.archived_at.has_value()},
                                        {"next_deadline", next}});
                   }
                   return json_response(200, {{"total", items.size()}, {"items", items}});
               });

    router.add("GET", "/api/v1/cases/{id}", Access::needs(Action::case_read),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_OR_REFUSE(auto view, services.cases.view(principal_of(request), id), "case.read", "case",
                                 std::to_string(id));
                   XZQ_OR_RESPOND(auto seq, audit(services, request, "case.read", "ok", "case", std::to_string(id)),
                                  request);
                   (void)seq;
                   auto out = case_json(services, view, principal_of(request).county_code, request.language);
                   out["my_approval_roles"] = my_roles_json(services, request, id);
                   return json_response(200, out);
               });
}

void register_moving_routes(Router& router, ApiServices services) {
    router.add(
        "POST", "/api/v1/cases/{id}/transitions", Access::needs(Action::case_read),
        [services](const Request& request, const PathParams& params) {
            XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
            XZQ_CASE_VISIBLE(id);
            XZQ_OR_RESPOND(auto body, object_body(request), request);
            XZQ_RESPOND_VOID(only_fields(body, {"action", "reason", "fields", "path", "decision"}), request);
            services::TransitionRequest move;
            XZQ_OR_RESPOND(move.action, string_field(body, "action", true, 80), request);
            XZQ_OR_RESPOND(move.reason, string_field(body, "reason", false, 6000), request);
            if (present(body, "fields")) {
                if (!body["fields"].is_object()) {
                    return error_response(field_error("fields", "必须是对象", "must be an object"), request.language);
                }
                for (const auto& [name, value] : body["fields"].items()) {
                    if (!value.is_string() || value.get<std::string>().size() > 20000 || name.size() > 80) {
                        return error_response(field_error("fields." + name, "必须是不超过 20000 字节的文本",
                                                          "must be text of at most 20000 bytes"),
                                              request.language);
                    }
                    move.fields[name] = value.get<std::string>();
                }
            }
            XZQ_OR_RESPOND(auto path, optional_text(body, "path", 40), request);
            if (path) {
                move.path = domain::case_approval_path_from_string(*path);
                if (!move.path) {
                    return error_response(field_error("path", "不是已知的审批路径", "is not a known approval path"),
                                          request.language);
                }
            }
            XZQ_OR_RESPOND(move.decision, decision_from_json(body), request);
            if (move.decision) {
                XZQ_OR_RESPOND(auto problems, services.cases.check_decision(principal_of(request), id, *move.decision),
                               request);
                if (!problems.empty()) {
                    const bool en = request.language == "en";
                    json list = json::array();
                    for (const auto& p : problems) {
                        list.push_back(
                            {{"code", p.code}, {"rule", p.rule}, {"message", en ? p.message_en : p.message_zh}});
                    }
                    std::string message = en ? "the decision breaks the rules: " + problems.front().message_en
                                             : "处理决定不符合规定：" + problems.front().message_zh;
                    return json_response(
                        400, {{"error", {{"code", "decision.invalid"}, {"message", message}, {"problems", list}}}});
                }
            }
            const std::string action = move.action;
            XZQ_OR_CASE_REFUSE(auto view, services.cases.transition(principal_of(request), id, std::move(move)),
                               "case.transition", std::to_string(id));
            return case_response(services, request, view, "case.transition", 200,
                                 {{"action", action}, {"state", domain::to_string(view.record.position.state)}});
        });

    router.add("PUT", "/api/v1/cases/{id}/subject", Access::needs(Action::case_handle),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_CASE_VISIBLE(id);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_OR_RESPOND(auto subject, subject_fields(body), request);
                   XZQ_OR_CASE_REFUSE(auto view, services.cases.update_subject(principal_of(request), id, subject),
                                      "case.subject", std::to_string(id));
                   return case_response(services, request, view, "case.subject", 200,
                                        {{"party_member", subject.facts.party_member}});
               });

    router.add("POST", "/api/v1/cases/{id}/approvals", Access::needs(Action::case_approve),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_CASE_VISIBLE(id);
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"action", "role", "opinion"}), request);
                   XZQ_OR_RESPOND(auto action, string_field(body, "action", true, 80), request);
                   XZQ_OR_RESPOND(auto role_text, string_field(body, "role", true, 60), request);
                   auto role = domain::approval_role_from_string(role_text);
                   if (!role) {
                       return error_response(field_error("role", "不是已知的审批角色", "is not a known approval role"),
                                             request.language);
                   }
                   XZQ_OR_RESPOND(auto opinion, string_field(body, "opinion", true, 4000), request);
                   XZQ_OR_CASE_REFUSE(auto view,
                                      services.cases.approve(principal_of(request), id, action, *role, opinion),
                                      "case.approve", std::to_string(id));
                   return case_response(services, request, view, "case.approve", 200,
                                        {{"action", action}, {"role", role_text}});
               });
}

void register_team_routes(Router& router, ApiServices services) {
    router.add(
        "POST", "/api/v1/cases/{id}/team-proposal", Access::needs(Action::case_read),
        [services](const Request& request, const PathParams& params) {
            XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
            XZQ_CASE_VISIBLE(id);
            XZQ_OR_RESPOND(auto body, object_body(request, true), request);
            XZQ_RESPOND_VOID(only_fields(body, {"size", "skills", "need_leader", "role"}), request);
            services::TeamRequest team;
            XZQ_OR_RESPOND(auto size, integer_field(body, "size", 3, 2, 5), request);
            team.size = static_cast<int>(size);
            XZQ_OR_RESPOND(team.skills, string_list(body, "skills"), request);
            XZQ_OR_RESPOND(team.need_leader, bool_field(body, "need_leader", true), request);
            XZQ_OR_RESPOND(auto role, string_field(body, "role", false, 20), request);
            if (!role.empty()) {
                auto parsed = services::case_role_from_string(role);
                if (!parsed) return error_response(field_error("role", "无效", "is invalid"), request.language);
                team.role = *parsed;
            }
            XZQ_OR_REFUSE(auto suggestion, services.cases.propose_team(principal_of(request), id, team),
                          "case.team_proposal", "case", std::to_string(id));
            return json_response(
                200, team_json(suggestion, place_names(services, principal_of(request).county_code), request.language));
        });

    router.add(
        "POST", "/api/v1/cases/{id}/team", Access::needs(Action::case_read),
        [services](const Request& request, const PathParams& params) {
            XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
            XZQ_CASE_VISIBLE(id);
            XZQ_OR_RESPOND(auto body, object_body(request), request);
            XZQ_RESPOND_VOID(only_fields(body, {"role", "members", "reason"}), request);
            XZQ_OR_RESPOND(auto role_text, string_field(body, "role", true, 20), request);
            auto role = services::case_role_from_string(role_text);
            if (!role) return error_response(field_error("role", "无效", "is invalid"), request.language);
            if (!present(body, "members") || !body["members"].is_array()) {
                return error_response(field_error("members", "必须是数组", "must be an array"), request.language);
            }
            std::vector<services::TeamChoice> chosen;
            for (const auto& m : body["members"]) {
                if (!m.is_object()) {
                    return error_response(field_error("members", "必须是对象数组", "must hold objects"),
                                          request.language);
                }
                XZQ_OR_RESPOND(auto person, required_id(m, "person_id"), request);
                XZQ_OR_RESPOND(bool leader, bool_field(m, "leader", false), request);
                chosen.push_back({person, leader});
            }
            XZQ_OR_RESPOND(auto reason, string_field(body, "reason", false, 2000), request);
            XZQ_OR_CASE_REFUSE(auto view, services.cases.assign_team(principal_of(request), id, *role, chosen, reason),
                               "case.team", std::to_string(id));
            return case_response(services, request, view, "case.team", 200,
                                 {{"role", role_text}, {"members", chosen.size()}});
        });

    router.add("POST", "/api/v1/cases/{id}/members/{member_id}/declaration", Access::needs(Action::case_handle),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_CASE_VISIBLE(id);
                   XZQ_OR_RESPOND(auto member, id_param(params.at("member_id"), "member_id"), request);
                   XZQ_OR_RESPOND(auto body, object_body(request, true), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"text"}), request);
                   XZQ_OR_RESPOND(auto text, string_field(body, "text", false, 2000), request);
                   XZQ_OR_CASE_REFUSE(auto view, services.cases.declare(principal_of(request), id, member, text),
                                      "case.declaration", std::to_string(id));
                   return case_response(services, request, view, "case.declaration", 200, {{"member", member}});
               });

    router.add(
        "POST", "/api/v1/cases/{id}/members/{member_id}/removal", Access::needs(Action::case_assign),
        [services](const Request& request, const PathParams& params) {
            XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
            XZQ_CASE_VISIBLE(id);
            XZQ_OR_RESPOND(auto member, id_param(params.at("member_id"), "member_id"), request);
            XZQ_OR_RESPOND(auto body, object_body(request), request);
            XZQ_RESPOND_VOID(only_fields(body, {"reason"}), request);
            XZQ_OR_RESPOND(auto reason, string_field(body, "reason", true, 2000), request);
            XZQ_OR_CASE_REFUSE(auto outcome, services.cases.remove_member(principal_of(request), id, member, reason),
                               "case.member_removal", std::to_string(id));
            const auto& who = principal_of(request);
            return audited_write(
                services, request, "case.member_removal", "case", std::to_string(id), {{"member", member}}, 200,
                {{"case", case_json(services, outcome.first, who.county_code, request.language)},
                 {"replacement", team_json(outcome.second, place_names(services, who.county_code), request.language)}});
        });
}

Response file_response(services::CaseFileDownload file) {
    Response response;
    response.content_type = file.mime;
    response.body = std::move(file.bytes);
    std::string encoded;
    for (unsigned char c : file.file_name) {
        encoded += (std::isalnum(c) || c == '.' || c == '-' || c == '_') ? std::string(1, static_cast<char>(c))
                                                                         : fmt::format("%{:02X}", c);
    }
    response.set_header("Content-Disposition", "attachment; filename=\"case-file\"; filename*=UTF-8''" + encoded);
    return response;
}

void register_file_routes(Router& router, ApiServices services) {
    router.add("POST", "/api/v1/cases/{id}/documents", Access::needs(Action::case_handle),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_CASE_VISIBLE(id);
                   XZQ_OR_RESPOND(auto name, upload_file_name(request), request);
                   XZQ_OR_RESPOND(auto stage_text, header_text(request, "x-document-stage"), request);
                   auto stage = domain::case_state_from_string(stage_text);
                   if (!stage) {
                       return error_response(field_error("X-Document-Stage", "应为办理环节（如 investigating）",
                                                         "must be a case state such as investigating"),
                                             request.language);
                   }
                   XZQ_OR_RESPOND(auto title, header_text(request, "x-document-title"), request);
                   XZQ_OR_CASE_REFUSE(
                       auto document,
                       services.cases.add_document(principal_of(request), id, *stage, title, name, request.body),
                       "case.document", std::to_string(id));
                   return audited_write(services, request, "case.document", "case", std::to_string(id),
                                        {{"document", document.id}, {"sha256", document.sha256}}, 201,
                                        {{"id", document.id},
                                         {"stage", domain::to_string(document.stage)},
                                         {"title", document.title},
                                         {"file_name", document.file_name},
                                         {"size", document.size},
                                         {"sha256", document.sha256}});
               });

    router.add("GET", "/api/v1/cases/{id}/documents/{document_id}", Access::needs(Action::case_read),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_OR_RESPOND(auto document, id_param(params.at("document_id"), "document_id"), request);
                   XZQ_OR_REFUSE(auto file, services.cases.document(principal_of(request), id, document),
                                 "case.document_read", "case", std::to_string(id));
                   XZQ_OR_RESPOND(auto seq,
                                  audit(services, request, "case.document_read", "ok", "case", std::to_string(id),
                                        {{"document", document}}),
                                  request);
                   (void)seq;
                   return file_response(std::move(file));
               });

    router.add("GET", "/api/v1/cases/{id}/dossier", Access::needs(Action::case_read),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_OR_REFUSE(auto file, services.cases.export_case_file(principal_of(request), id), "case.export",
                                 "case", std::to_string(id));
                   XZQ_OR_RESPOND(auto seq, audit(services, request, "case.export", "ok", "case", std::to_string(id)),
                                  request);
                   (void)seq;
                   return file_response(std::move(file));
               });

    router.add("GET", "/api/v1/notices", Access::needs(Action::self_service),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto notices, services.cases.notices(principal_of(request)), request);
                   json items = json::array();
                   for (const auto& n : notices) {
                       items.push_back({{"id", n.id},
                                        {"title", n.title},
                                        {"body", n.body},
                                        {"link", n.link},
                                        {"created_at", n.created_at},
                                        {"read", n.read}});
                   }
                   return json_response(200, {{"items", items}});
               });

    router.add("POST", "/api/v1/notices/{id}/read", Access::needs(Action::self_service),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "id"), request);
                   XZQ_RESPOND_VOID(services.cases.read_notice(principal_of(request), id), request);
                   return no_content();
               });
}

}  // namespace

void register_case_routes(Router& router, ApiServices services) {
    register_opening_routes(router, services);
    register_moving_routes(router, services);
    register_team_routes(router, services);
    register_file_routes(router, services);
}

}  // namespace xzq::http
