#pragma once
// Password hashing with argon2id (libsodium, interactive limits: ~50 ms and 64 MiB per hash on
// this hardware) and the password policy.
//
// Policy (docs/security.md explains the choice): at least 12 characters (OWASP ASVS 2.1.1) and
// characters from at least three of four classes — upper case, lower case, digits, symbols —
// as 等保 level 3 (GB/T 22239-2019 8.1.4.1) expects of complexity; at most 128 characters; not
// containing the user name; not a run of one character. No forced periodic expiry (ASVS 2.1.10):
// the age is recorded and administrators can require a change.
//
// PasswordHasher bounds how many hashes run at once, so a burst of logins cannot take all
// memory or every worker thread; callers beyond the bound are refused (too_many), not queued.
// Thread-safe.
#include <atomic>
#include <mutex>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace xzq::security {

Result<void> check_password_policy(std::string_view password, std::string_view username);

class PasswordHasher {
  public:
    explicit PasswordHasher(int max_concurrent = 2) : m_max_concurrent(max_concurrent) {}
    Result<std::string> hash(std::string_view password);
    // True when `password` matches `stored_hash`; too_many when the hasher is saturated.
    Result<bool> verify(std::string_view stored_hash, std::string_view password);
    // A hash to verify against when the user does not exist, so timing does not reveal it.
    const std::string& decoy_hash();

  private:
    class Slot;
    int m_max_concurrent;
    std::atomic<int> m_running{0};
    std::once_flag m_decoy_once;
    std::string m_decoy;  // written once under m_decoy_once
};

}  // namespace xzq::security
