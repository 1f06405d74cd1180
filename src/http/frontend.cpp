#include "http/frontend.hpp"

#include <spdlog/spdlog.h>

#include "http/api.hpp"
#include "security/tokens.hpp"

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

Response Frontend::handle_api(Request& request) const {
    auto route = m_api.match(request);
    if (!route.handler) return std::move(route.refusal);
    request.session_token = cookie_value(request.header("cookie"), k_session_cookie);
    if (!route.access.is_public) {
        if (!m_auth) {
            return error_response(make_error(ErrorKind::unauthenticated, "auth.required", "请先登录", "please sign in"),
                                  request.language);
        }
        auto signed_in = m_auth->authenticate(request.session_token);
        if (!signed_in) return error_response(signed_in.error(), request.language);
        const bool changes_state = request.method != "GET" && request.method != "HEAD";
        if (changes_state && !security::equal_in_constant_time(request.header("x-csrf-token"), signed_in->csrf_token)) {
            return error_response(
                make_error(ErrorKind::forbidden, "auth.csrf", "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
                           "the request lacks a valid CSRF token; reload the page and try again"),
                request.language);
        }
        if (!domain::may(signed_in->principal, route.access.action)) {
            return error_response(make_error(ErrorKind::forbidden, "auth.forbidden", "您的岗位无权进行此操作",
                                             "your role does not allow this"),
                                  request.language);
        }
        request.principal = std::move(signed_in->principal);
        request.csrf_token = std::move(signed_in->csrf_token);
    }
    return (*route.handler)(request, route.params);
}

Response Frontend::handle(Request request) const {
    Response response;
    try {
        if (is_api_path(request.path)) {
            response = handle_api(request);
            if (!response.find_header("Cache-Control")) response.set_header("Cache-Control", "no-store");
        } else {
            response = m_web.serve(request);
        }
    } catch (const std::exception& error) {
        spdlog::error("unhandled exception on {} {}: {}", request.method, request.path, error.what());
        response =
            error_response(make_error(ErrorKind::internal, "server.internal", "服务器内部错误，请稍后重试或联系管理员",
                                      "internal server error; try again or tell the administrator"),
                           request.language);
        response.set_header("Cache-Control", "no-store");
    }
    add_security_headers(response);
    return response;
}

}  // namespace xzq::http
