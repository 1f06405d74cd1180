#pragma once
// Everything a request goes through after it has been read: the API router or the static web
// UI, one error mapping, and the security headers every response carries. Thread-safe.
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "services/auth_service.hpp"

namespace xzq::http {

class Frontend {
  public:
    // `auth` resolves session cookies; with none, every protected route answers 401.
    Frontend(const Router& api, const StaticFiles& web, services::AuthService* auth)
        : m_api(api), m_web(web), m_auth(auth) {}
    // Never throws: an unexpected exception becomes a 500 JSON error.
    [[nodiscard]] Response handle(Request request) const;

    static bool is_api_path(std::string_view path);

  private:
    const Router& m_api;
    const StaticFiles& m_web;
    services::AuthService* m_auth;

    [[nodiscard]] Response handle_api(Request& request) const;
};

void add_security_headers(Response& response);

}  // namespace xzq::http
