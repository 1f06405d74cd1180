#pragma once
// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30-second steps,
// 6 digits, as every authenticator app expects. Secrets travel as RFC 4648 base32.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xzq::security {

std::string base32_encode(std::string_view bytes);
std::optional<std::string> base32_decode(std::string_view text);

// The code for the step containing `unix_seconds`.
std::string totp_code(std::string_view secret, std::int64_t unix_seconds, int digits = 6);
// The step a code matches within ±`window` steps of `unix_seconds`, so a caller can refuse a
// code whose step was already used; nullopt when it matches none.
std::optional<std::int64_t> totp_matching_step(std::string_view secret, std::string_view code,
                                               std::int64_t unix_seconds, int window = 1);
// otpauth:// URI for QR codes in authenticator apps.
std::string totp_uri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace xzq::security
