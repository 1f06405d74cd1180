#pragma once
// Small helpers shared by the API handlers: typed access to JSON request fields with errors that
// name the field, the signed-in principal, JSON shapes of optional values, and the audit entry
// that every write and sensitive read leaves.
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/api.hpp"
#include "http/message.hpp"

namespace xzq::http {

// A string field: required or optional, with a maximum length in bytes.
Result<std::string> string_field(const nlohmann::json& body, const std::string& name, bool required,
                                 std::size_t max_bytes = 200);
Result<std::int64_t> integer_field(const nlohmann::json& body, const std::string& name, std::int64_t fallback,
                                   std::int64_t min, std::int64_t max);
// A path parameter that must be a positive integer id.
Result<std::int64_t> id_param(const std::string& text, const std::string& name);

// The frontend only calls protected handlers with a principal; this reads it.
const domain::Principal& principal_of(const Request& request);

using nlohmann::json;

// ---- request fields: errors name the field ----------------------------------------------
Error field_error(std::string_view field, std::string_view zh, std::string_view en);
Result<json> object_body(const Request& request, bool empty_is_object = false);
Result<void> only_fields(const json& body, std::initializer_list<std::string_view> known);
bool present(const json& body, const std::string& name);
Result<std::optional<std::string>> optional_text(const json& body, const std::string& name, std::size_t max_bytes);
Result<bool> bool_field(const json& body, const std::string& name, bool fallback);
Result<std::optional<long long>> optional_id(const json& body, const std::string& name);
Result<long long> required_id(const json& body, const std::string& name);
Result<domain::Date> date_field(const json& body, const std::string& name, std::optional<domain::Date> fallback);
Result<std::vector<std::string>> string_list(const json& body, const std::string& name);
Result<domain::Date> date_query(const Request& request, const std::string& name, domain::Date fallback);
Result<std::int64_t> integer_query(const Request& request, const std::string& name, std::int64_t fallback,
                                   std::int64_t min, std::int64_t max);
bool is_digits(std::string_view text, std::size_t length);

// A header's text, percent-decoded (encodeURIComponent on the client), at most 600 bytes.
Result<std::string> header_text(const Request& request, std::string_view name);
// The name of an uploaded file: the X-File-Name header, percent-encoded UTF-8 (encodeURIComponent).
Result<std::string> upload_file_name(const Request& request);

// ---- JSON shapes ----------------------------------------------------------------------------
json optional_json(const std::optional<std::string>& value);
json optional_json(const std::optional<long long>& value);
json optional_json(const std::optional<domain::Date>& value);

// ---- audit: every write and sensitive read ---------------------------------------------------
// audit() records one entry; audited_write() records "ok" and answers with `body`, or fails the
// request when the entry cannot be written; refusal() records "denied" for 403/404 and answers.
Result<std::int64_t> audit(const ApiServices& services, const Request& request, std::string_view action,
                           std::string_view outcome, std::string_view record_type, std::string record_id,
                           const json& detail = json::object());
Response audited_write(const ApiServices& services, const Request& request, std::string_view action,
                       std::string_view record_type, const std::string& record_id, const json& detail, int status,
                       const json& body);
Response refusal(const ApiServices& services, const Request& request, const Error& error, std::string_view action,
                 std::string_view record_type, const std::string& record_id);

#define XZQ_RESPOND_VOID(expr, request)                                               \
    if (auto XZQ_CONCAT(done_, __LINE__) = (expr); !XZQ_CONCAT(done_, __LINE__).ok()) \
    return error_response(XZQ_CONCAT(done_, __LINE__).error(), (request).language)

#define XZQ_OR_RESPOND(declaration, expr, request)                                        \
    auto XZQ_CONCAT(result_, __LINE__) = (expr);                                          \
    if (!XZQ_CONCAT(result_, __LINE__).ok())                                              \
        return error_response(XZQ_CONCAT(result_, __LINE__).error(), (request).language); \
    declaration = std::move(XZQ_CONCAT(result_, __LINE__)).value()

#define XZQ_OR_REFUSE(declaration, expr, action, record_type, record_id)                                          \
    auto XZQ_CONCAT(result_, __LINE__) = (expr);                                                                  \
    if (!XZQ_CONCAT(result_, __LINE__).ok())                                                                      \
        return refusal(services, request, XZQ_CONCAT(result_, __LINE__).error(), action, record_type, record_id); \
    declaration = std::move(XZQ_CONCAT(result_, __LINE__)).value()

inline Response no_content() {
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

}  // namespace xzq::http
