#pragma once
// Message digests through OpenSSL's EVP interface. SHA-256 is the default; SM3 (GB/T 32905) is
// selectable for deployments that must use the national algorithms.
#include <optional>
#include <string>
#include <string_view>

namespace xzq::security {

enum class DigestAlgorithm { sha256, sm3 };

std::string_view to_string(DigestAlgorithm algorithm);
std::optional<DigestAlgorithm> digest_from_string(std::string_view text);

// Lower-case hex digest of `data`.
std::string digest_hex(DigestAlgorithm algorithm, std::string_view data);
// Raw HMAC bytes (used by TOTP with SHA-1, which RFC 6238's default requires).
std::string hmac_sha1(std::string_view key, std::string_view message);

}  // namespace xzq::security
