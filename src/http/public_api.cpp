// The public reporting portal under /api/v1/public/: no session, mobile callers, strangers.
//
// Nothing here stores or logs the caller's network address (检举控告工作规则 Art. 29): the
// address only keys the in-memory rate limits, and the access log blanks it for these paths.
// Cross-site forms cannot post here: JSON bodies must say Content-Type: application/json and
// uploads must carry an X-File-Name header, both of which a browser sends cross-origin only
// after a CORS preflight that this server never grants. Audit entries record what happened to
// which report, never who reported.
#include <fmt/format.h>

#include "domain/report_taxonomy.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/report_json.hpp"
#include "services/audit_service.hpp"

namespace xzq::http {

namespace {

// The portal's audit entries: no actor, no address.
void audit_public(const ApiServices& services, const std::string& county, std::string_view action,
                  const std::string& record_id, const json& detail) {
    auto recorded =
        services.audit.record({county, "portal", 0, std::string(action), "ok", "report", record_id, detail.dump(), ""});
    (void)recorded;  // a lost entry must not tell the reporter anything; the service logs it
}

json message_json(const services::ReportMessage& m) {
    return {{"id", m.id}, {"from", m.sender}, {"text", m.body}, {"at", m.at}};
}

Result<std::pair<std::string, std::string>> query_credentials(const json& body) {
    XZQ_TRY(auto code, string_field(body, "query_code", true, 1000));
    XZQ_TRY(auto password, string_field(body, "query_password", true, 128));
    return std::pair{code, password};
}

}  // namespace

void register_public_routes(Router& router, ApiServices services) {
    router.add(
        "GET", "/api/v1/public/report-form", Access::open(), [services](const Request& request, const PathParams&) {
            XZQ_OR_RESPOND(auto county, services.reports.public_county(services.public_county), request);
            XZQ_OR_RESPOND(auto tree, services.org.county_tree(county), request);
            json townships = json::array();
            for (const auto& township : tree.townships) {
                json villages = json::array();
                for (const auto& village : township.villages) {
                    villages.push_back({{"code", village.code}, {"name", village.name}});
                }
                townships.push_back({{"code", township.code}, {"name", township.name}, {"villages", villages}});
            }
            const domain::AttachmentLimits limits;
            return json_response(
                200,
                {{"county", {{"code", tree.code}, {"name", tree.name}}},
                 {"categories", categories_json(request.language)},
                 {"problem_areas", problem_areas_json(request.language)},
                 {"townships", townships},
                 {"limits",
                  {{"max_attachments", limits.max_count},
                   {"max_attachment_bytes", limits.max_bytes},
                   {"accepted_extensions", {".jpg", ".jpeg", ".png", ".pdf", ".mp3", ".m4a", ".docx", ".xlsx", ".txt"}},
                   {"description_min", domain::k_description_min_chars},
                   {"description_max", domain::k_description_max_chars},
                   {"password_min", 8}}}});
        });

    router.add(
        "POST", "/api/v1/public/attachments", Access::open(), [services](const Request& request, const PathParams&) {
            XZQ_OR_RESPOND(auto name, upload_file_name(request), request);
            XZQ_OR_RESPOND(auto county, services.reports.public_county(services.public_county), request);
            XZQ_OR_RESPOND(auto upload,
                           services.reports.stage_public_attachment(county, name, request.body, request.remote_address),
                           request);
            return json_response(201, {{"token", upload.token},
                                       {"name", upload.name},
                                       {"size", upload.size},
                                       {"kind", domain::to_string(upload.kind)},
                                       {"sha256", upload.sha256}});
        });

    router.add("POST", "/api/v1/public/reports", Access::open(), [services](const Request& request, const PathParams&) {
        XZQ_OR_RESPOND(auto body, object_body(request), request);
        XZQ_RESPOND_VOID(only_fields(body, {"submission_id", "category", "problem_areas", "township", "village",
                                            "persons", "description", "reporter", "query_password", "attachments"}),
                         request);
        services::PublicSubmission submission;
        XZQ_OR_RESPOND(submission.submission_id, string_field(body, "submission_id", true, 64), request);
        XZQ_OR_RESPOND(submission.query_password, string_field(body, "query_password", false, 128), request);
        XZQ_OR_RESPOND(submission.attachment_tokens, string_list(body, "attachments"), request);
        XZQ_OR_RESPOND(submission.draft, draft_from_json(body, {false, true, true}), request);
        submission.draft.channel = domain::Channel::online;
        submission.draft.type = domain::ReportType::accusation;
        XZQ_OR_RESPOND(auto county, services.reports.public_county(services.public_county), request);
        XZQ_OR_RESPOND(auto problems, services.reports.check(county, submission.draft, true), request);
        if (!problems.empty()) return field_errors_response(problems, request.language);
        XZQ_OR_RESPOND(auto receipt,
                       services.reports.submit_public(county, std::move(submission), request.remote_address), request);
        audit_public(services, county, "report.submit", std::to_string(receipt.report_id),
                     {{"number", receipt.number}, {"channel", "online"}, {"real_name", receipt.real_name}});
        const auto status = domain::PublicStatus::received;
        return json_response(201, {{"query_code", receipt.query_code},
                                   {"query_password", receipt.query_password},
                                   {"received_at", receipt.received_at},
                                   {"status", domain::to_string(status)},
                                   {"status_label", label(status, request.language)},
                                   {"real_name", receipt.real_name}});
    });

    router.add(
        "POST", "/api/v1/public/reports/status", Access::open(), [services](const Request& request, const PathParams&) {
            XZQ_OR_RESPOND(auto body, object_body(request), request);
            XZQ_RESPOND_VOID(only_fields(body, {"query_code", "query_password"}), request);
            XZQ_OR_RESPOND(auto credentials, query_credentials(body), request);
            XZQ_OR_RESPOND(
                auto view,
                services.reports.public_status(credentials.first, credentials.second, request.remote_address), request);
            json messages = json::array();
            for (const auto& m : view.messages) messages.push_back(message_json(m));
            return json_response(200, {{"status", domain::to_string(view.status)},
                                       {"status_label", label(view.status, request.language)},
                                       {"received_on", domain::format_date(view.received_on)},
                                       {"messages", messages}});
        });

    router.add("POST", "/api/v1/public/reports/messages", Access::open(),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto body, object_body(request), request);
                   XZQ_RESPOND_VOID(only_fields(body, {"query_code", "query_password", "text"}), request);
                   XZQ_OR_RESPOND(auto credentials, query_credentials(body), request);
                   XZQ_OR_RESPOND(auto text, string_field(body, "text", true, 6000), request);
                   XZQ_OR_RESPOND(auto message,
                                  services.reports.public_message(credentials.first, credentials.second, text,
                                                                  request.remote_address),
                                  request);
                   return json_response(201, {{"id", message.id}, {"at", message.at}});
               });
}

}  // namespace xzq::http
