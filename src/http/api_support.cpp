#include "http/api_support.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace xzq::http {

Error field_error(std::string_view field, std::string_view zh, std::string_view en) {
    return make_error(ErrorKind::invalid_input, "request.bad_field", fmt::format("字段 {} {}", field, zh),
                      fmt::format("field {} {}", field, en));
}

// A JSON object body; an empty body counts as {} for routes whose fields are all optional.
Result<json> object_body(const Request& request, bool empty_is_object) {
    if (empty_is_object && request.body.empty()) return json::object();
    return parse_json_body(request);
}

Result<void> only_fields(const json& body, std::initializer_list<std::string_view> known) {
    for (const auto& [name, value] : body.items()) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            return field_error(name, "无法识别", "is not recognised");
        }
    }
    return Ok{};
}

bool present(const json& body, const std::string& name) {
    return body.contains(name) && !body[name].is_null();
}

Result<std::optional<std::string>> optional_text(const json& body, const std::string& name, std::size_t max_bytes) {
    if (!present(body, name)) return std::optional<std::string>();
    XZQ_TRY(auto text, string_field(body, name, false, max_bytes));
    if (text.empty()) return std::optional<std::string>();
    return std::optional<std::string>(std::move(text));
}

Result<bool> bool_field(const json& body, const std::string& name, bool fallback) {
    if (!present(body, name)) return fallback;
    if (!body[name].is_boolean()) return field_error(name, "必须是 true 或 false", "must be true or false");
    return body[name].get<bool>();
}

Result<std::optional<long long>> optional_id(const json& body, const std::string& name) {
    if (!present(body, name)) return std::optional<long long>();
    if (!body[name].is_number_integer() || body[name].get<std::int64_t>() <= 0) {
        return field_error(name, "必须是正整数编号", "must be a positive integer id");
    }
    return std::optional<long long>(body[name].get<std::int64_t>());
}

Result<long long> required_id(const json& body, const std::string& name) {
    if (!present(body, name)) return field_error(name, "为必填项", "is required");
    XZQ_TRY(auto id, optional_id(body, name));
    return *id;
}

Result<domain::Date> date_field(const json& body, const std::string& name, std::optional<domain::Date> fallback) {
    if (!present(body, name)) {
        if (fallback) return *fallback;
        return field_error(name, "为必填项（格式 YYYY-MM-DD）", "is required (YYYY-MM-DD)");
    }
    if (!body[name].is_string())
        return field_error(name, "必须是日期字符串 YYYY-MM-DD", "must be a date string YYYY-MM-DD");
    return domain::parse_date_field(body[name].get<std::string>(), fmt::format("字段 {}", name),
                                    fmt::format("field {}", name));
}

Result<std::vector<std::string>> string_list(const json& body, const std::string& name) {
    std::vector<std::string> out;
    if (!present(body, name)) return out;
    if (!body[name].is_array()) return field_error(name, "必须是字符串数组", "must be an array of strings");
    if (body[name].size() > 50) return field_error(name, "最多 50 项", "has more than 50 items");
    for (const auto& item : body[name]) {
        if (!item.is_string()) return field_error(name, "必须是字符串数组", "must be an array of strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

Result<domain::Date> date_query(const Request& request, const std::string& name, domain::Date fallback) {
    std::string text = request.query_param(name);
    if (text.empty()) return fallback;
    return domain::parse_date_field(text, fmt::format("参数 {}", name), fmt::format("parameter {}", name));
}

Result<std::int64_t> integer_query(const Request& request, const std::string& name, std::int64_t fallback,
                                   std::int64_t min, std::int64_t max) {
    std::string text = request.query_param(name);
    if (text.empty()) return fallback;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
        return make_error(ErrorKind::invalid_input, "request.bad_parameter",
                          fmt::format("参数 {} 应为 {} 至 {} 之间的整数", name, min, max),
                          fmt::format("parameter {} must be an integer from {} to {}", name, min, max));
    }
    return value;
}

bool is_digits(std::string_view text, std::size_t length) {
    return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

json optional_json(const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
}
json optional_json(const std::optional<long long>& value) {
    return value ? json(*value) : json(nullptr);
}
json optional_json(const std::optional<domain::Date>& value) {
    return value ? json(domain::format_date(*value)) : json(nullptr);
}

Result<std::int64_t> audit(const ApiServices& services, const Request& request, std::string_view action,
                           std::string_view outcome, std::string_view record_type, std::string record_id,
                           const json& detail) {
    const auto& who = principal_of(request);
    return services.audit.record({who.county_code, who.username, who.user_id, std::string(action), std::string(outcome),
                                  std::string(record_type), std::move(record_id), detail.dump(),
                                  request.remote_address});
}

// The answer to a write that succeeded: `body` unless the audit entry cannot be written.
Response audited_write(const ApiServices& services, const Request& request, std::string_view action,
                       std::string_view record_type, const std::string& record_id, const json& detail, int status,
                       const json& body) {
    auto recorded = audit(services, request, action, "ok", record_type, record_id, detail);
    if (!recorded) {
        spdlog::error("audit entry lost for {} {} {} by {}: {}", action, record_type, record_id,
                      principal_of(request).username, recorded.error().message_en);
        return error_response(recorded.error(), request.language);
    }
    return json_response(status, body);
}

// A refusal from a service. Scope refusals (403/404) of writes and sensitive reads are recorded
// as "denied"; validation and conflict errors are not.
Response refusal(const ApiServices& services, const Request& request, const Error& error, std::string_view action,
                 std::string_view record_type, const std::string& record_id) {
    if (error.kind == ErrorKind::forbidden || error.kind == ErrorKind::not_found) {
        auto recorded = audit(services, request, action, "denied", record_type, record_id, {{"error", error.code}});
        if (!recorded) return error_response(recorded.error(), request.language);
    }
    return error_response(error, request.language);
}

Result<std::string> string_field(const nlohmann::json& body, const std::string& name, bool required,
                                 std::size_t max_bytes) {
    if (!body.contains(name) || body[name].is_null()) {
        if (required) return field_error(name, "为必填项", "is required");
        return std::string();
    }
    if (!body[name].is_string()) return field_error(name, "必须是字符串", "must be a string");
    auto value = body[name].get<std::string>();
    if (required && value.empty()) return field_error(name, "不能为空", "must not be empty");
    if (value.size() > max_bytes) {
        return field_error(name, fmt::format("最长 {} 字节", max_bytes),
                           fmt::format("is longer than {} bytes", max_bytes));
    }
    return value;
}

Result<std::int64_t> integer_field(const nlohmann::json& body, const std::string& name, std::int64_t fallback,
                                   std::int64_t min, std::int64_t max) {
    if (!body.contains(name) || body[name].is_null()) return fallback;
    if (!body[name].is_number_integer()) return field_error(name, "必须是整数", "must be an integer");
    auto value = body[name].get<std::int64_t>();
    if (value < min || value > max) {
        return field_error(name, fmt::format("应在 {} 至 {} 之间", min, max),
                           fmt::format("must be between {} and {}", min, max));
    }
    return value;
}

Result<std::int64_t> id_param(const std::string& text, const std::string& name) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
        return make_error(ErrorKind::not_found, "request.bad_id", fmt::format("{} “{}” 不存在", name, text),
                          fmt::format("{} '{}' does not exist", name, text));
    }
    return value;
}

const domain::Principal& principal_of(const Request& request) {
    if (!request.principal) throw std::logic_error("protected handler called without a principal");
    return *request.principal;
}

Result<std::string> header_text(const Request& request, std::string_view name) {
    std::string encoded = request.header(name);
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] != '%') {
            out += encoded[i];
            continue;
        }
        if (i + 2 >= encoded.size() || !std::isxdigit(static_cast<unsigned char>(encoded[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(encoded[i + 2]))) {
            return field_error(name, "编码有误", "is badly encoded");
        }
        out += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
        i += 2;
    }
    if (out.size() > 600) return field_error(name, "过长", "is too long");
    return out;
}

Result<std::string> upload_file_name(const Request& request) {
    auto name = header_text(request, "x-file-name");
    if (!name || name->empty()) {
        return make_error(ErrorKind::invalid_input, "attachment.bad_name",
                          "请在 X-File-Name 中给出附件文件名（URL 编码）",
                          "give the file name in X-File-Name (URL-encoded)");
    }
    return name;
}

}  // namespace xzq::http
