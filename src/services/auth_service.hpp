#pragma once
// Signing in and out, sessions, two-factor codes and passwords.
//
// Sessions: a random 256-bit token in an HttpOnly cookie (only its SHA-256 is stored) plus a CSRF
// token the client echoes in X-CSRF-Token on every state-changing request. A session ends after
// 30 minutes without use or 12 hours after sign-in, whichever comes first.
// Throttling: after 5 failed sign-ins for one account, or 20 from one address, within 15 minutes,
// further attempts are refused with the time to wait. Counters live in this process.
// Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "common/clock.hpp"
#include "security/password.hpp"
#include "services/audit_service.hpp"
#include "services/auth_ports.hpp"

namespace xzq::services {

struct AuthSettings {
    std::chrono::seconds idle_timeout{30 * 60};
    std::chrono::seconds absolute_lifetime{12 * 60 * 60};
    int max_failures_per_account = 5;
    int max_failures_per_address = 20;
    std::chrono::seconds failure_window{15 * 60};
    std::string issuer = "协作区";
};

struct SignedIn {
    std::string token;
    std::string csrf_token;
    domain::Principal principal;
};

struct Authenticated {
    domain::Principal principal;
    std::string csrf_token;
};

struct TotpSetup {
    std::string secret_base32;
    std::string uri;
};

// Counts recent failures per key inside a sliding window.
class LoginThrottle {
  public:
    LoginThrottle(int limit, std::chrono::seconds window) : m_limit(limit), m_window(window) {}
    // Seconds until `key` may try again; 0 when it may now.
    std::int64_t wait_seconds(const std::string& key, std::int64_t now);
    void record_failure(const std::string& key, std::int64_t now);
    void reset(const std::string& key);

  private:
    int m_limit;
    std::chrono::seconds m_window;
    std::mutex m_mutex;
    std::map<std::string, std::vector<std::int64_t>> m_failures;  // guarded by m_mutex
};

class AuthService {
  public:
    AuthService(UserRepository& users, SessionRepository& sessions, AuditService& audit,
                security::PasswordHasher& hasher, const Clock& clock, AuthSettings settings = {});

    // `second_factor` is a TOTP code or a recovery code; required when the user enabled TOTP.
    Result<SignedIn> sign_in(const std::string& username, const std::string& password, const std::string& second_factor,
                             const std::string& remote);
    // unauthenticated when the token is unknown or expired.
    Result<Authenticated> authenticate(const std::string& token);
    Result<void> sign_out(const std::string& token, const domain::Principal& principal, const std::string& remote);
    Result<int> sign_out_everywhere(const domain::Principal& principal, const std::string& remote);

    Result<void> change_password(const domain::Principal& principal, const std::string& current,
                                 const std::string& replacement, const std::string& remote);
    Result<TotpSetup> begin_totp(const domain::Principal& principal);
    // Turns TOTP on after the user proved the app works; returns 10 one-time recovery codes.
    Result<std::vector<std::string>> enable_totp(const domain::Principal& principal, const std::string& code,
                                                 const std::string& remote);
    Result<void> disable_totp(const domain::Principal& principal, const std::string& password,
                              const std::string& remote);

    Result<domain::Principal> principal_of(const UserRecord& user);
    [[nodiscard]] const AuthSettings& settings() const { return m_settings; }

  private:
    std::int64_t now_seconds() const;
    Result<bool> check_second_factor(const UserRecord& user, const std::string& code);

    UserRepository& m_users;
    SessionRepository& m_sessions;
    AuditService& m_audit;
    security::PasswordHasher& m_hasher;
    const Clock& m_clock;
    AuthSettings m_settings;
    LoginThrottle m_account_throttle;
    LoginThrottle m_address_throttle;
};

// User names: 3–32 characters from a–z, 0–9, '.', '_', '-'.
Result<void> check_username(std::string_view username);

}  // namespace xzq::services
