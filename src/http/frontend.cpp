#include "http/frontend.hpp"

#include <spdlog/spdlog.h>

namespace xzq::http {

bool Frontend::is_api_path(std::string_view path) {
    return path == "/api" || path.starts_with("/api/") || path == "/healthz";
}

void add_security_headers(Response& response) {
    response.set_header("Content-Security-Policy",
                        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "no-referrer");
    response.set_header("X-Frame-Options", "DENY");
    response.set_header("Cross-Origin-Opener-Policy", "same-origin");
    response.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

Response Frontend::handle(const Request& request) const {
    Response response;
    try {
        if (is_api_path(request.path)) {
            response = m_api.dispatch(request);
            if (!response.find_header("Cache-Control")) response.set_header("Cache-Control", "no-store");
        } else {
            response = m_web.serve(request);
        }
    } catch (const std::exception& error) {
        spdlog::error("unhandled exception on {} {}: {}", request.method, request.path, error.what());
        response = error_response(make_error(ErrorKind::internal, "server.internal",
                                             "服务器内部错误，请稍后重试或联系管理员",
                                             "internal server error; try again or tell the administrator"),
                                  request.language);
        response.set_header("Cache-Control", "no-store");
    }
    add_security_headers(response);
    return response;
}

}  // namespace xzq::http
