#pragma once
// Small helpers shared by the API handlers: typed access to JSON request fields with errors that
// name the field, and the signed-in principal.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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

inline Response no_content() {
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

}  // namespace xzq::http
