#include "http/message.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

namespace xzq::http {

std::string Request::header(std::string_view name) const {
    auto found = headers.find(std::string(name));
    return found == headers.end() ? std::string() : found->second;
}

std::string Request::query_param(std::string_view name) const {
    auto found = query.find(std::string(name));
    return found == query.end() ? std::string() : found->second;
}

void Response::set_header(std::string name, std::string value) {
    for (auto& [key, existing] : headers) {
        if (key == name) {
            existing = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

const std::string* Response::find_header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) return &value;
    }
    return nullptr;
}

int status_of(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::invalid_input:
            return 400;
        case ErrorKind::unauthenticated:
            return 401;
        case ErrorKind::forbidden:
            return 403;
        case ErrorKind::not_found:
            return 404;
        case ErrorKind::conflict:
            return 409;
        case ErrorKind::too_large:
            return 413;
        case ErrorKind::too_many:
            return 429;
        case ErrorKind::unavailable:
            return 503;
        case ErrorKind::internal:
            return 500;
    }
    return 500;
}

Response json_response(int status, const nlohmann::json& body) {
    Response response;
    response.status = status;
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

Response error_response(const Error& error, std::string_view language) {
    return json_response(status_of(error.kind),
                         {{"error", {{"code", error.code}, {"message", error.message(language)}}}});
}

std::string preferred_language(std::string_view accept_language) {
    // Picks the highest-weighted tag that is Chinese or English; ties keep header order.
    std::string best = "zh";
    double best_weight = -1;
    std::size_t start = 0;
    while (start <= accept_language.size()) {
        std::size_t end = accept_language.find(',', start);
        if (end == std::string_view::npos) end = accept_language.size();
        std::string_view item = accept_language.substr(start, end - start);
        start = end + 1;
        std::size_t semicolon = item.find(';');
        std::string tag(item.substr(0, semicolon));
        tag.erase(std::remove_if(tag.begin(), tag.end(), [](unsigned char c) { return std::isspace(c); }), tag.end());
        std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) { return std::tolower(c); });
        double weight = 1.0;
        if (semicolon != std::string_view::npos) {
            std::string_view params = item.substr(semicolon + 1);
            auto q = params.find("q=");
            if (q != std::string_view::npos) {
                try {
                    weight = std::stod(std::string(params.substr(q + 2)));
                } catch (...) {
                    weight = 0;
                }
            }
        }
        std::string language;
        if (tag == "en" || tag.starts_with("en-")) language = "en";
        if (tag == "zh" || tag.starts_with("zh-")) language = "zh";
        if (!language.empty() && weight > best_weight) {
            best = language;
            best_weight = weight;
        }
        if (end == accept_language.size()) break;
    }
    return best;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            int high = hex(text[i + 1]);
            int low = hex(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
    std::map<std::string, std::string> out;
    std::size_t start = 0;
    while (start < query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        std::string_view pair = query.substr(start, end - start);
        start = end + 1;
        if (pair.empty()) continue;
        std::size_t equals = pair.find('=');
        auto key = percent_decode(pair.substr(0, equals), true);
        auto value = equals == std::string_view::npos ? std::optional<std::string>("")
                                                      : percent_decode(pair.substr(equals + 1), true);
        if (key && value) out.emplace(std::move(*key), std::move(*value));
    }
    return out;
}

std::string cookie_value(std::string_view header, std::string_view name) {
    std::size_t start = 0;
    while (start < header.size()) {
        std::size_t end = header.find(';', start);
        if (end == std::string_view::npos) end = header.size();
        std::string_view pair = header.substr(start, end - start);
        start = end + 1;
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name)
            return std::string(pair.substr(equals + 1));
    }
    return {};
}

Result<nlohmann::json> parse_json_body(const Request& request) {
    std::string type = request.header("content-type");
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!type.starts_with("application/json")) {
        return make_error(ErrorKind::invalid_input, "request.not_json",
                          "请求体必须是 JSON（Content-Type: application/json）",
                          "the request body must be JSON (Content-Type: application/json)");
    }
    auto parsed = nlohmann::json::parse(request.body, nullptr, false);
    if (parsed.is_discarded()) {
        return make_error(ErrorKind::invalid_input, "request.malformed_json", "请求体不是有效的 JSON",
                          "the request body is not valid JSON");
    }
    if (!parsed.is_object()) {
        return make_error(ErrorKind::invalid_input, "request.not_object", "请求体应为 JSON 对象",
                          "the request body must be a JSON object");
    }
    return parsed;
}

}  // namespace xzq::http
