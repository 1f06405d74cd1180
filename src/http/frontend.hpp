#pragma once
// Everything a request goes through after it has been read: the API router or the static web
// UI, one error mapping, and the security headers every response carries. Thread-safe.
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace xzq::http {

class Frontend {
public:
    Frontend(const Router& api, const StaticFiles& web) : m_api(api), m_web(web) {}
    // Never throws: an unexpected exception becomes a 500 JSON error.
    [[nodiscard]] Response handle(const Request& request) const;

    static bool is_api_path(std::string_view path);

private:
    const Router& m_api;
    const StaticFiles& m_web;
};

void add_security_headers(Response& response);

}  // namespace xzq::http
