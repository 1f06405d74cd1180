#pragma once
// Our own request and response types, so that handlers never see Boost.Beast (which compiles
// slowly and belongs to the server alone).
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/result.hpp"
#include "domain/access.hpp"

namespace xzq::http {

struct Request {
    std::string method;                          // "GET", "POST", …
    std::string path;                            // percent-decoded, without the query
    std::map<std::string, std::string> query;    // decoded query parameters
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string remote_address;
    std::string language = "zh";                 // "zh" or "en", from Accept-Language
    std::optional<domain::Principal> principal;  // set by the frontend for signed-in requests
    std::string session_token;                   // the session cookie's value, when present
    std::string csrf_token;                      // the signed-in session's CSRF token

    [[nodiscard]] std::string header(std::string_view name) const;
    [[nodiscard]] std::string query_param(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    void set_header(std::string name, std::string value);
    [[nodiscard]] const std::string* find_header(std::string_view name) const;
};

int status_of(ErrorKind kind);
Response json_response(int status, const nlohmann::json& body);
// {"error":{"code":…,"message":…}} in the request's language.
Response error_response(const Error& error, std::string_view language);

// "zh" or "en": the preferred of the two in an Accept-Language header (zh when absent).
std::string preferred_language(std::string_view accept_language);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`); nullopt for a bad escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
std::map<std::string, std::string> parse_query(std::string_view query);

// The value of cookie `name` in a Cookie header; empty when absent.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

// The request body as JSON, or a 400 error naming the problem (empty, wrong type, malformed).
Result<nlohmann::json> parse_json_body(const Request& request);

}  // namespace xzq::http
