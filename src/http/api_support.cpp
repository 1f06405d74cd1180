#include "http/api_support.hpp"

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

namespace xzq::http {

namespace {
Error field_error(const std::string& field, std::string_view zh, std::string_view en) {
    return make_error(ErrorKind::invalid_input, "request.bad_field", fmt::format("字段 {} {}", field, zh),
                      fmt::format("field {} {}", field, en));
}
}  // namespace

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

}  // namespace xzq::http
