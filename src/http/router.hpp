#pragma once
// Maps (method, path) to a handler. Patterns are literal segments or `{name}` placeholders.
// Built once at start-up and read-only afterwards, so dispatch is thread-safe.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "domain/access.hpp"
#include "http/message.hpp"

namespace xzq::http {

using PathParams = std::map<std::string, std::string>;
using Handler = std::function<Response(const Request&, const PathParams&)>;

// What a route requires: nothing (public) or one action of the permission registry. Every route
// declares one; the route × role test reads them.
struct Access {
    bool is_public = false;
    domain::Action action = domain::Action::self_service;

    static Access open() { return {true, domain::Action::self_service}; }
    static Access needs(domain::Action action) { return {false, action}; }
};

struct RouteInfo {
    std::string method;
    std::string pattern;
    Access access;
};

struct RouteMatch {
    const Handler* handler = nullptr;  // null when there is no route: see `refusal`
    Access access;
    PathParams params;
    Response refusal;  // 404 or 405 when handler is null
};

class Router {
  public:
    void add(std::string method, std::string pattern, Access access, Handler handler);
    // The route for the request, or a 404 (no pattern matches) / 405 (only the method differs).
    [[nodiscard]] RouteMatch match(const Request& request) const;
    // match() and call the handler, without access checks (for tests of handlers).
    [[nodiscard]] Response dispatch(const Request& request) const;
    [[nodiscard]] std::vector<RouteInfo> routes() const;

  private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Access access;
        Handler handler;
    };
    std::vector<Route> m_routes;
};

}  // namespace xzq::http
