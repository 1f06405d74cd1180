#pragma once
// Maps (method, path) to a handler. Patterns are literal segments or `{name}` placeholders.
// Built once at start-up and read-only afterwards, so dispatch is thread-safe.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace xzq::http {

using PathParams = std::map<std::string, std::string>;
using Handler = std::function<Response(const Request&, const PathParams&)>;

struct RouteInfo {
    std::string method;
    std::string pattern;
};

class Router {
public:
    void add(std::string method, std::string pattern, Handler handler);
    // The handler's response; 404 JSON when no pattern matches, 405 when only the method differs.
    [[nodiscard]] Response dispatch(const Request& request) const;
    [[nodiscard]] std::vector<RouteInfo> routes() const;

private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    std::vector<Route> m_routes;
};

}  // namespace xzq::http
