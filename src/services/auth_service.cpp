#include "services/auth_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "security/digest.hpp"
#include "security/tokens.hpp"
#include "security/totp.hpp"

// Audit records return their sequence number, which these call sites do not need.
#define XZQ_TRY_AUDIT(expr)                                                     \
    do {                                                                        \
        auto xzq_audit_result = (expr);                                         \
        if (!xzq_audit_result.ok()) return std::move(xzq_audit_result).error(); \
    } while (false)

namespace xzq::services {

namespace {

using security::DigestAlgorithm;

std::string token_hash(const std::string& token) {
    return security::digest_hex(DigestAlgorithm::sha256, token);
}

Error bad_credentials() {
    // One message for unknown user, wrong password and disabled account: never reveal which.
    return make_error(ErrorKind::unauthenticated, "auth.bad_credentials", "用户名或密码错误",
                      "wrong user name or password");
}

Error throttled(std::int64_t wait) {
    std::int64_t minutes = std::max<std::int64_t>(1, (wait + 59) / 60);
    return make_error(ErrorKind::too_many, "auth.throttled", fmt::format("登录失败次数过多，请 {} 分钟后再试", minutes),
                      fmt::format("too many failed sign-ins; try again in {} minute(s)", minutes));
}

Error not_signed_in() {
    return make_error(ErrorKind::unauthenticated, "auth.required", "请先登录，或登录已过期",
                      "please sign in; your session may have expired");
}

}  // namespace

Result<void> check_username(std::string_view username) {
    bool ok =
        username.size() >= 3 && username.size() <= 32 && std::all_of(username.begin(), username.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        });
    if (!ok) {
        return make_error(ErrorKind::invalid_input, "auth.bad_username",
                          "用户名应为 3 至 32 个字符，只含小写字母、数字和 . _ -",
                          "user names are 3 to 32 characters of a-z, 0-9, '.', '_' and '-'");
    }
    return Ok{};
}

std::int64_t LoginThrottle::wait_seconds(const std::string& key, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    auto found = m_failures.find(key);
    if (found == m_failures.end()) return 0;
    auto& times = found->second;
    std::erase_if(times, [&](std::int64_t t) { return t <= now - m_window.count(); });
    if (static_cast<int>(times.size()) < m_limit) return 0;
    return times[times.size() - static_cast<std::size_t>(m_limit)] + m_window.count() - now;
}

void LoginThrottle::record_failure(const std::string& key, std::int64_t now) {
    std::lock_guard lock(m_mutex);
    auto& times = m_failures[key];
    times.push_back(now);
    if (times.size() > 1000) times.erase(times.begin(), times.begin() + 500);
}

void LoginThrottle::reset(const std::string& key) {
    std::lock_guard lock(m_mutex);
    m_failures.erase(key);
}

AuthService::AuthService(UserRepository& users, SessionRepository& sessions, AuditService& audit,
                         security::PasswordHasher& hasher, const Clock& clock, AuthSettings settings)
    : m_users(users),
      m_sessions(sessions),
      m_audit(audit),
      m_hasher(hasher),
      m_clock(clock),
      m_settings(std::move(settings)),
      m_account_throttle(m_settings.max_failures_per_account, m_settings.failure_window),
      m_address_throttle(m_settings.max_failures_per_address, m_settings.failure_window) {}

std::int64_t AuthService::now_seconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(m_clock.now().time_since_epoch()).count();
}

Result<domain::Principal> AuthService::principal_of(const UserRecord& user) {
    XZQ_TRY(auto grants, m_users.grants_of(user.id));
    domain::Principal principal{user.id, user.username, user.county_code, user.person_id, {}};
    std::optional<std::vector<domain::CustomRole>> custom;  // read only when a grant needs it
    for (auto& record : grants) {
        if (!domain::is_builtin_role(record.grant.role)) {
            if (!custom) {
                XZQ_TRY(auto roles, m_users.custom_roles(user.county_code));
                custom = std::move(roles);
            }
            auto found = std::find_if(custom->begin(), custom->end(),
                                      [&](const domain::CustomRole& r) { return r.name == record.grant.role; });
            if (found == custom->end()) continue;  // a role that no longer exists grants nothing
            record.grant.custom_actions = found->actions;
        }
        principal.grants.push_back(std::move(record.grant));
    }
    return principal;
}

Result<bool> AuthService::check_second_factor(const UserRecord& user, const std::string& code) {
    if (!user.totp_enabled) return true;
    if (code.empty()) return false;
    if (code.size() == 6 && std::all_of(code.begin(), code.end(), ::isdigit)) {
        auto step = security::totp_matching_step(user.totp_secret, code, now_seconds());
        if (!step) return false;
        return m_users.claim_totp_step(user.id, *step);
    }
    std::string normalised;
    for (char c : code) {
        if (c != ' ') normalised.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return m_users.consume_recovery_code(user.id, token_hash(normalised));
}

Result<SignedIn> AuthService::sign_in(const std::string& username, const std::string& password,
                                      const std::string& second_factor, const std::string& remote) {
    const std::int64_t now = now_seconds();
    const std::string account_key = "user:" + username;
    const std::string address_key = "addr:" + remote;
    if (auto wait = std::max(m_account_throttle.wait_seconds(account_key, now),
                             m_address_throttle.wait_seconds(address_key, now));
        wait > 0) {
        (void)m_audit.record({"", username.substr(0, 64), 0, "auth.login", "throttled", "user", "", "{}", remote});
        return throttled(wait);
    }
    XZQ_TRY(auto user, m_users.find_user(username));
    const std::string& stored = user ? user->password_hash : m_hasher.decoy_hash();
    XZQ_TRY(bool matches, m_hasher.verify(stored, password));
    bool accepted = user && user->active && matches;
    if (accepted) {
        XZQ_TRY(bool second_ok, check_second_factor(*user, second_factor));
        if (!second_ok) {
            m_account_throttle.record_failure(account_key, now);
            m_address_throttle.record_failure(address_key, now);
            (void)m_audit.record({user->county_code, user->username, user->id, "auth.login", "failed", "user",
                                  std::to_string(user->id), R"({"reason":"second_factor"})", remote});
            if (second_factor.empty()) {
                return make_error(ErrorKind::unauthenticated, "auth.totp_required", "请输入动态验证码",
                                  "enter the code from your authenticator app");
            }
            return make_error(ErrorKind::unauthenticated, "auth.bad_totp", "动态验证码错误或已使用",
                              "the code is wrong or was already used");
        }
    }
    if (!accepted) {
        m_account_throttle.record_failure(account_key, now);
        m_address_throttle.record_failure(address_key, now);
        (void)m_audit.record({user ? user->county_code : "", username.substr(0, 64), user ? user->id : 0, "auth.login",
                              "failed", "user", user ? std::to_string(user->id) : "",
                              user && !user->active ? R"({"reason":"disabled"})" : R"({"reason":"credentials"})",
                              remote});
        return bad_credentials();
    }
    m_account_throttle.reset(account_key);
    XZQ_TRY(auto principal, principal_of(*user));
    SignedIn signed_in{security::random_token(32), security::random_token(32), std::move(principal)};
    XZQ_TRY_VOID(m_sessions.create({token_hash(signed_in.token), user->id, signed_in.csrf_token, now, now,
                                    now + m_settings.absolute_lifetime.count(), remote}));
    XZQ_TRY_AUDIT(m_audit.record({user->county_code, user->username, user->id, "auth.login", "ok", "user",
                                  std::to_string(user->id), "{}", remote}));
    return signed_in;
}

Result<Authenticated> AuthService::authenticate(const std::string& token) {
    if (token.empty() || token.size() > 128) return not_signed_in();
    const std::string hash = token_hash(token);
    XZQ_TRY(auto session, m_sessions.find(hash));
    const std::int64_t now = now_seconds();
    if (!session) return not_signed_in();
    if (now >= session->absolute_expiry || now - session->last_seen_at >= m_settings.idle_timeout.count()) {
        (void)m_sessions.remove(hash);
        return not_signed_in();
    }
    XZQ_TRY(auto user, m_users.user_by_id(session->user_id));
    if (!user || !user->active) {
        (void)m_sessions.remove(hash);
        return not_signed_in();
    }
    // Writing on every request would serialise all readers behind the writer; a minute's
    // precision is plenty for a 30-minute idle limit.
    if (now - session->last_seen_at >= 60) XZQ_TRY_VOID(m_sessions.touch(hash, now));
    XZQ_TRY(auto principal, principal_of(*user));
    return Authenticated{std::move(principal), session->csrf_token};
}

Result<void> AuthService::sign_out(const std::string& token, const domain::Principal& principal,
                                   const std::string& remote) {
    XZQ_TRY_VOID(m_sessions.remove(token_hash(token)));
    XZQ_TRY(auto seq, m_audit.record({principal.county_code, principal.username, principal.user_id, "auth.logout", "ok",
                                      "user", std::to_string(principal.user_id), "{}", remote}));
    (void)seq;
    return Ok{};
}

Result<int> AuthService::sign_out_everywhere(const domain::Principal& principal, const std::string& remote) {
    XZQ_TRY(int removed, m_sessions.remove_all_of_user(principal.user_id));
    XZQ_TRY_AUDIT(m_audit.record({principal.county_code, principal.username, principal.user_id,
                                  "auth.logout_everywhere", "ok", "user", std::to_string(principal.user_id),
                                  fmt::format(R"({{"sessions":{}}})", removed), remote}));
    return removed;
}

Result<void> AuthService::change_password(const domain::Principal& principal, const std::string& current,
                                          const std::string& replacement, const std::string& remote) {
    XZQ_TRY(auto user, m_users.user_by_id(principal.user_id));
    if (!user) return not_signed_in();
    XZQ_TRY(bool matches, m_hasher.verify(user->password_hash, current));
    if (!matches) {
        return make_error(ErrorKind::invalid_input, "auth.wrong_password", "当前密码不正确",
                          "the current password is wrong");
    }
    XZQ_TRY_VOID(security::check_password_policy(replacement, user->username));
    XZQ_TRY(auto hash, m_hasher.hash(replacement));
    XZQ_TRY_VOID(m_users.set_password(user->id, hash, now_seconds()));
    // Other sessions end: whoever knew the old password is out.
    XZQ_TRY(int removed, m_sessions.remove_all_of_user(user->id));
    (void)removed;
    XZQ_TRY(auto seq, m_audit.record({user->county_code, user->username, user->id, "auth.password_change", "ok", "user",
                                      std::to_string(user->id), "{}", remote}));
    (void)seq;
    return Ok{};
}

Result<TotpSetup> AuthService::begin_totp(const domain::Principal& principal) {
    XZQ_TRY(auto user, m_users.user_by_id(principal.user_id));
    if (!user) return not_signed_in();
    if (user->totp_enabled) {
        return make_error(ErrorKind::conflict, "auth.totp_already_enabled", "已启用动态验证码",
                          "two-factor sign-in is already on");
    }
    std::string secret = security::random_bytes(20);
    XZQ_TRY_VOID(m_users.set_totp(user->id, secret, false, {}));
    return TotpSetup{security::base32_encode(secret), security::totp_uri(m_settings.issuer, user->username, secret)};
}

Result<std::vector<std::string>> AuthService::enable_totp(const domain::Principal& principal, const std::string& code,
                                                          const std::string& remote) {
    XZQ_TRY(auto user, m_users.user_by_id(principal.user_id));
    if (!user) return not_signed_in();
    if (user->totp_secret.empty() || user->totp_enabled) {
        return make_error(ErrorKind::conflict, "auth.totp_not_pending", "请先生成动态验证码密钥",
                          "start the two-factor set-up first");
    }
    auto step = security::totp_matching_step(user->totp_secret, code, now_seconds());
    if (!step) {
        return make_error(ErrorKind::invalid_input, "auth.bad_totp", "动态验证码错误", "the code is wrong");
    }
    std::vector<std::string> codes, hashes;
    for (int i = 0; i < 10; ++i) {
        codes.push_back(security::random_code(3));
        hashes.push_back(token_hash(codes.back()));
    }
    XZQ_TRY_VOID(m_users.set_totp(user->id, user->totp_secret, true, hashes));
    XZQ_TRY(bool claimed, m_users.claim_totp_step(user->id, *step));
    (void)claimed;
    XZQ_TRY_AUDIT(m_audit.record({user->county_code, user->username, user->id, "auth.totp_enable", "ok", "user",
                                  std::to_string(user->id), "{}", remote}));
    return codes;
}

Result<void> AuthService::disable_totp(const domain::Principal& principal, const std::string& password,
                                       const std::string& remote) {
    XZQ_TRY(auto user, m_users.user_by_id(principal.user_id));
    if (!user) return not_signed_in();
    XZQ_TRY(bool matches, m_hasher.verify(user->password_hash, password));
    if (!matches) {
        return make_error(ErrorKind::invalid_input, "auth.wrong_password", "当前密码不正确",
                          "the current password is wrong");
    }
    XZQ_TRY_VOID(m_users.set_totp(user->id, "", false, {}));
    XZQ_TRY_AUDIT(m_audit.record({user->county_code, user->username, user->id, "auth.totp_disable", "ok", "user",
                                  std::to_string(user->id), "{}", remote}));
    return Ok{};
}

}  // namespace xzq::services
