// Sign-in, sign-out, the current user, password and two-factor routes, account administration
// and the audit log.
#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "http/api.hpp"
#include "http/api_support.hpp"

namespace xzq::http {

namespace {

using domain::Action;
using nlohmann::json;

#define XZQ_OR_RESPOND(declaration, expr, request)                                        \
    auto XZQ_CONCAT(result_, __LINE__) = (expr);                                          \
    if (!XZQ_CONCAT(result_, __LINE__).ok())                                              \
        return error_response(XZQ_CONCAT(result_, __LINE__).error(), (request).language); \
    declaration = std::move(XZQ_CONCAT(result_, __LINE__)).value()

std::string session_cookie(const std::string& token, bool secure, std::int64_t max_age) {
    return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", k_session_cookie, token, max_age,
                       secure ? "; Secure" : "");
}

json principal_json(const domain::Principal& principal, const std::string& csrf_token) {
    json grants = json::array();
    std::set<std::string> actions;
    for (const auto& grant : principal.grants) {
        grants.push_back({{"role", grant.role}, {"scope", grant.scope.to_string()}});
        for (auto action : domain::actions_of(grant)) actions.insert(std::string(domain::to_string(action)));
    }
    json out = {
        {"user", {{"id", principal.user_id}, {"username", principal.username}, {"county", principal.county_code}}},
        {"grants", std::move(grants)},
        {"actions", actions},
        {"csrf_token", csrf_token}};
    if (principal.person_id) out["user"]["person_id"] = *principal.person_id;
    return out;
}

json audit_json(const security::AuditEntry& e) {
    return {{"seq", e.seq},
            {"at", e.at},
            {"county", e.county_code},
            {"actor", e.actor},
            {"actor_user_id", e.actor_user_id},
            {"action", e.action},
            {"outcome", e.outcome},
            {"record_type", e.record_type},
            {"record_id", e.record_id},
            {"detail", json::parse(e.detail, nullptr, false).is_discarded() ? json(e.detail) : json::parse(e.detail)},
            {"remote", e.remote},
            {"algorithm", security::to_string(e.algorithm)},
            {"hash", e.hash}};
}

services::Actor actor_of(const Request& request) {
    const auto& principal = principal_of(request);
    return {principal.username, principal.user_id, principal.county_code, request.remote_address};
}

Result<services::AuditFilter> audit_filter(const Request& request) {
    services::AuditFilter filter;
    filter.county_code = principal_of(request).county_code;
    filter.actor = request.query_param("actor");
    filter.action = request.query_param("action");
    filter.record_type = request.query_param("record_type");
    filter.record_id = request.query_param("record_id");
    filter.from = request.query_param("from");
    filter.to = request.query_param("to");
    for (const std::string* text :
         {&filter.actor, &filter.action, &filter.record_type, &filter.record_id, &filter.from, &filter.to}) {
        if (text->size() > 100) {
            return make_error(ErrorKind::invalid_input, "audit.bad_filter", "筛选条件过长", "a filter is too long");
        }
    }
    auto number = [&](const std::string& name, std::int64_t fallback, std::int64_t max) -> Result<std::int64_t> {
        std::string text = request.query_param(name);
        if (text.empty()) return fallback;
        json wrapper = {{name, nullptr}};
        try {
            wrapper[name] = std::stoll(text);
        } catch (...) {
            wrapper[name] = text;
        }
        return integer_field(wrapper, name, fallback, 0, max);
    };
    XZQ_TRY(auto before, number("before", 0, std::numeric_limits<std::int64_t>::max()));
    XZQ_TRY(auto limit, number("limit", 100, 1000));
    filter.before_seq = before;
    filter.limit = static_cast<int>(std::max<std::int64_t>(1, limit));
    return filter;
}

std::string csv_escape(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += "\"\"";
        else
            out.push_back(c);
    }
    // A leading = + - @ would make a spreadsheet run it as a formula.
    if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos) out.insert(1, "'");
    return out + "\"";
}

}  // namespace

void register_auth_routes(Router& router, ApiServices services, const AuthRouteOptions& options) {
    router.add(
        "POST", "/api/v1/auth/login", Access::open(), [services, options](const Request& request, const PathParams&) {
            XZQ_OR_RESPOND(auto body, parse_json_body(request), request);
            XZQ_OR_RESPOND(auto username, string_field(body, "username", true, 64), request);
            XZQ_OR_RESPOND(auto password, string_field(body, "password", true, 1024), request);
            XZQ_OR_RESPOND(auto second, string_field(body, "totp", false, 64), request);
            XZQ_OR_RESPOND(auto signed_in, services.auth.sign_in(username, password, second, request.remote_address),
                           request);
            auto response = json_response(200, principal_json(signed_in.principal, signed_in.csrf_token));
            response.set_header("Set-Cookie", session_cookie(signed_in.token, options.secure_cookies,
                                                             services.auth.settings().absolute_lifetime.count()));
            return response;
        });
    router.add("POST", "/api/v1/auth/logout", Access::needs(Action::self_service),
               [services, options](const Request& request, const PathParams&) {
                   auto done =
                       services.auth.sign_out(request.session_token, principal_of(request), request.remote_address);
                   if (!done) return error_response(done.error(), request.language);
                   auto response = no_content();
                   response.set_header("Set-Cookie", session_cookie("", options.secure_cookies, 0));
                   return response;
               });
    router.add("POST", "/api/v1/auth/logout-everywhere", Access::needs(Action::self_service),
               [services, options](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto removed,
                                  services.auth.sign_out_everywhere(principal_of(request), request.remote_address),
                                  request);
                   auto response = json_response(200, {{"sessions_ended", removed}});
                   response.set_header("Set-Cookie", session_cookie("", options.secure_cookies, 0));
                   return response;
               });
    router.add("GET", "/api/v1/auth/me", Access::needs(Action::self_service),
               [](const Request& request, const PathParams&) {
                   return json_response(200, principal_json(principal_of(request), request.csrf_token));
               });
    router.add("POST", "/api/v1/auth/password", Access::needs(Action::self_service),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto body, parse_json_body(request), request);
                   XZQ_OR_RESPOND(auto current, string_field(body, "current", true, 1024), request);
                   XZQ_OR_RESPOND(auto replacement, string_field(body, "new", true, 1024), request);
                   auto changed = services.auth.change_password(principal_of(request), current, replacement,
                                                                request.remote_address);
                   if (!changed) return error_response(changed.error(), request.language);
                   return no_content();
               });
    router.add("POST", "/api/v1/auth/totp/setup", Access::needs(Action::self_service),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto setup, services.auth.begin_totp(principal_of(request)), request);
                   return json_response(200, {{"secret", setup.secret_base32}, {"uri", setup.uri}});
               });
    router.add("POST", "/api/v1/auth/totp/enable", Access::needs(Action::self_service),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto body, parse_json_body(request), request);
                   XZQ_OR_RESPOND(auto code, string_field(body, "code", true, 16), request);
                   XZQ_OR_RESPOND(auto codes,
                                  services.auth.enable_totp(principal_of(request), code, request.remote_address),
                                  request);
                   return json_response(200, {{"recovery_codes", codes}});
               });
    router.add("POST", "/api/v1/auth/totp/disable", Access::needs(Action::self_service),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto body, parse_json_body(request), request);
                   XZQ_OR_RESPOND(auto password, string_field(body, "password", true, 1024), request);
                   auto done = services.auth.disable_totp(principal_of(request), password, request.remote_address);
                   if (!done) return error_response(done.error(), request.language);
                   return no_content();
               });

    router.add("GET", "/api/v1/users", Access::needs(Action::users_read),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto users, services.users.users(principal_of(request).county_code), request);
                   json list = json::array();
                   for (const auto& user : users) {
                       json grants = json::array();
                       auto records = services.users.grants(user.id);
                       if (records) {
                           for (const auto& g : *records) {
                               grants.push_back({{"id", g.id},
                                                 {"role", g.grant.role},
                                                 {"scope", g.grant.scope.to_string()},
                                                 {"granted_by", g.granted_by},
                                                 {"granted_at", g.granted_at}});
                           }
                       }
                       list.push_back({{"id", user.id},
                                       {"username", user.username},
                                       {"display_name", user.display_name},
                                       {"person_id", user.person_id ? json(*user.person_id) : json(nullptr)},
                                       {"active", user.active},
                                       {"totp_enabled", user.totp_enabled},
                                       {"created_at", user.created_at},
                                       {"grants", std::move(grants)}});
                   }
                   json roles = domain::builtin_roles();
                   if (auto custom = services.users.custom_roles(principal_of(request).county_code)) {
                       for (const auto& role : *custom) roles.push_back(role.name);
                   }
                   return json_response(200, {{"users", std::move(list)}, {"roles", std::move(roles)}});
               });
    router.add("POST", "/api/v1/users", Access::needs(Action::users_write),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto body, parse_json_body(request), request);
                   XZQ_OR_RESPOND(auto username, string_field(body, "username", true, 64), request);
                   XZQ_OR_RESPOND(auto display_name, string_field(body, "display_name", false, 100), request);
                   XZQ_OR_RESPOND(auto password, string_field(body, "password", true, 1024), request);
                   XZQ_OR_RESPOND(auto person_id,
                                  integer_field(body, "person_id", 0, 0, std::numeric_limits<std::int64_t>::max()),
                                  request);
                   services::NewAccount account{principal_of(request).county_code,
                                                username,
                                                display_name,
                                                person_id > 0 ? std::optional<std::int64_t>(person_id) : std::nullopt,
                                                password,
                                                {}};
                   XZQ_OR_RESPOND(auto id, services.users.create_account(account, actor_of(request)), request);
                   return json_response(201, {{"id", id}, {"username", username}});
               });
    for (bool active : {true, false}) {
        router.add("POST", active ? "/api/v1/users/{id}/enable" : "/api/v1/users/{id}/disable",
                   Access::needs(Action::users_write),
                   [services, active](const Request& request, const PathParams& params) {
                       XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "用户 / user"), request);
                       auto done = services.users.set_active(id, active, actor_of(request));
                       if (!done) return error_response(done.error(), request.language);
                       return no_content();
                   });
    }
    router.add("POST", "/api/v1/users/{id}/person", Access::needs(Action::users_write),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "用户 / user"), request);
                   XZQ_OR_RESPOND(auto body, parse_json_body(request), request);
                   XZQ_OR_RESPOND(auto person_id,
                                  integer_field(body, "person_id", 0, 0, std::numeric_limits<std::int64_t>::max()),
                                  request);
                   auto done = services.users.link_person(
                       id, person_id > 0 ? std::optional<std::int64_t>(person_id) : std::nullopt, actor_of(request));
                   if (!done) return error_response(done.error(), request.language);
                   return no_content();
               });
    router.add("POST", "/api/v1/users/{id}/grants", Access::needs(Action::roles_write),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "用户 / user"), request);
                   XZQ_OR_RESPOND(auto body, parse_json_body(request), request);
                   XZQ_OR_RESPOND(auto role, string_field(body, "role", true, 64), request);
                   XZQ_OR_RESPOND(auto scope_text, string_field(body, "scope", true, 64), request);
                   auto scope = domain::parse_scope(scope_text);
                   if (!scope) {
                       return error_response(
                           make_error(ErrorKind::invalid_input, "users.bad_scope",
                                      "数据范围应写作 county:代码、zone:编号、township:代码、own 或 shared",
                                      "scope must be county:CODE, zone:ID, township:CODE, own or shared"),
                           request.language);
                   }
                   XZQ_OR_RESPOND(auto grant_id, services.users.grant(id, {role, *scope}, actor_of(request)), request);
                   return json_response(201, {{"id", grant_id}});
               });
    router.add("DELETE", "/api/v1/users/{id}/grants/{grant_id}", Access::needs(Action::roles_write),
               [services](const Request& request, const PathParams& params) {
                   XZQ_OR_RESPOND(auto id, id_param(params.at("id"), "用户 / user"), request);
                   XZQ_OR_RESPOND(auto grant_id, id_param(params.at("grant_id"), "授权 / grant"), request);
                   auto done = services.users.revoke(id, grant_id, actor_of(request));
                   if (!done) return error_response(done.error(), request.language);
                   return no_content();
               });

    router.add(
        "GET", "/api/v1/roles", Access::needs(Action::users_read),
        [services](const Request& request, const PathParams&) {
            auto action_names = [](const std::vector<Action>& actions) {
                json names = json::array();
                for (auto action : actions) names.push_back(domain::to_string(action));
                return names;
            };
            json roles = json::array();
            for (const auto& name : domain::builtin_roles()) {
                roles.push_back(
                    {{"name", name}, {"builtin", true}, {"actions", action_names(domain::builtin_role_actions(name))}});
            }
            XZQ_OR_RESPOND(auto custom, services.users.custom_roles(principal_of(request).county_code), request);
            for (const auto& role : custom) {
                roles.push_back({{"name", role.name}, {"builtin", false}, {"actions", action_names(role.actions)}});
            }
            json all = json::array();
            for (auto action : domain::all_actions()) all.push_back(domain::to_string(action));
            return json_response(200, {{"roles", std::move(roles)}, {"actions", std::move(all)}});
        });
    router.add(
        "POST", "/api/v1/roles", Access::needs(Action::roles_write),
        [services](const Request& request, const PathParams&) {
            XZQ_OR_RESPOND(auto body, parse_json_body(request), request);
            XZQ_OR_RESPOND(auto name, string_field(body, "name", true, 32), request);
            if (!body.contains("actions") || !body["actions"].is_array() || body["actions"].size() > 64) {
                return error_response(
                    make_error(ErrorKind::invalid_input, "request.bad_field", "字段 actions 应为权限名称数组",
                               "field actions must be an array of action names"),
                    request.language);
            }
            domain::CustomRole role{name, {}};
            for (const auto& item : body["actions"]) {
                auto action = item.is_string() ? domain::action_from_string(item.get<std::string>()) : std::nullopt;
                if (!action) {
                    return error_response(make_error(ErrorKind::invalid_input, "roles.unknown_action",
                                                     "未知权限：" + item.dump(), "unknown action: " + item.dump()),
                                          request.language);
                }
                if (std::find(role.actions.begin(), role.actions.end(), *action) == role.actions.end())
                    role.actions.push_back(*action);
            }
            auto done = services.users.define_role(role, actor_of(request));
            if (!done) return error_response(done.error(), request.language);
            return json_response(201, {{"name", name}});
        });
    router.add("GET", "/api/v1/audit", Access::needs(Action::audit_read),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto filter, audit_filter(request), request);
                   XZQ_OR_RESPOND(auto entries, services.audit.find(filter), request);
                   json list = json::array();
                   for (const auto& entry : entries) list.push_back(audit_json(entry));
                   return json_response(200, {{"entries", std::move(list)}});
               });
    router.add(
        "GET", "/api/v1/audit/export", Access::needs(Action::audit_read),
        [services](const Request& request, const PathParams&) {
            XZQ_OR_RESPOND(auto filter, audit_filter(request), request);
            filter.limit = 1000;
            XZQ_OR_RESPOND(auto entries, services.audit.find(filter), request);
            const auto& principal = principal_of(request);
            XZQ_OR_RESPOND(
                auto seq,
                services.audit.record({principal.county_code, principal.username, principal.user_id, "audit.export",
                                       "ok", "audit_log", "", fmt::format(R"({{"entries":{}}})", entries.size()),
                                       request.remote_address}),
                request);
            (void)seq;
            std::string csv = "\xEF\xBB\xBFseq,at,actor,action,outcome,record_type,record_id,detail,remote,hash\r\n";
            for (const auto& e : entries) {
                csv += fmt::format("{},{},{},{},{},{},{},{},{},{}\r\n", e.seq, csv_escape(e.at), csv_escape(e.actor),
                                   csv_escape(e.action), csv_escape(e.outcome), csv_escape(e.record_type),
                                   csv_escape(e.record_id), csv_escape(e.detail), csv_escape(e.remote), e.hash);
            }
            Response response;
            response.content_type = "text/csv; charset=utf-8";
            response.set_header("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
            response.body = std::move(csv);
            return response;
        });
    router.add("GET", "/api/v1/audit/verify", Access::needs(Action::audit_read),
               [services](const Request& request, const PathParams&) {
                   XZQ_OR_RESPOND(auto verification, services.audit.verify(), request);
                   json out = {{"ok", !verification.first_break}, {"entries_checked", verification.entries_checked}};
                   if (verification.first_break) {
                       out["first_break"] = {
                           {"seq", verification.first_break->seq},
                           {"reason", request.language == "en" ? verification.first_break->reason_en
                                                               : verification.first_break->reason_zh}};
                   }
                   return json_response(200, out);
               });
}

}  // namespace xzq::http
