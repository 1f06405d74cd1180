#include "http/router.hpp"

#include <fmt/format.h>

#include <optional>

namespace xzq::http {

namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        segments.emplace_back(path.substr(start, end - start));
        start = end + 1;
    }
    return segments;
}

std::optional<PathParams> match_segments(const std::vector<std::string>& pattern,
                                         const std::vector<std::string>& path) {
    if (pattern.size() != path.size()) return std::nullopt;
    PathParams params;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const std::string& p = pattern[i];
        if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
            if (path[i].empty()) return std::nullopt;
            params[p.substr(1, p.size() - 2)] = path[i];
        } else if (p != path[i]) {
            return std::nullopt;
        }
    }
    return params;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Access access, Handler handler) {
    auto segments = split_path(pattern);
    m_routes.push_back({std::move(method), std::move(pattern), std::move(segments), access, std::move(handler)});
}

Response Router::dispatch(const Request& request) const {
    auto found = match(request);
    return found.handler ? (*found.handler)(request, found.params) : found.refusal;
}

RouteMatch Router::match(const Request& request) const {
    auto path = split_path(request.path);
    std::string allowed;
    for (const auto& route : m_routes) {
        auto params = match_segments(route.segments, path);
        if (!params) continue;
        bool head_as_get = request.method == "HEAD" && route.method == "GET";
        if (route.method == request.method || head_as_get) {
            return RouteMatch{&route.handler, route.access, std::move(*params), {}};
        }
        if (!allowed.empty()) allowed += ", ";
        allowed += route.method;
    }
    if (!allowed.empty()) {
        auto response =
            error_response(make_error(ErrorKind::invalid_input, "request.method_not_allowed",
                                      fmt::format("此地址不支持 {} 方法，可用：{}", request.method, allowed),
                                      fmt::format("{} is not allowed here; allowed: {}", request.method, allowed)),
                           request.language);
        response.status = 405;
        response.set_header("Allow", allowed);
        return RouteMatch{nullptr, {}, {}, std::move(response)};
    }
    return RouteMatch{nullptr,
                      {},
                      {},
                      error_response(make_error(ErrorKind::not_found, "request.no_such_route",
                                                fmt::format("接口 {} 不存在", request.path),
                                                fmt::format("there is no API at {}", request.path)),
                                     request.language)};
}

std::vector<RouteInfo> Router::routes() const {
    std::vector<RouteInfo> out;
    for (const auto& route : m_routes) out.push_back({route.method, route.pattern, route.access});
    return out;
}

}  // namespace xzq::http
