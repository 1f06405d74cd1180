#pragma once
// Unguessable tokens from the operating system's CSPRNG (libsodium randombytes).
#include <string>

namespace xzq::security {

// `bytes` random bytes, base64url without padding (session ids, CSRF tokens).
std::string random_token(std::size_t bytes = 32);
// Random bytes as they are (TOTP secrets).
std::string random_bytes(std::size_t bytes);
// A human-typable code of `groups` groups of 4 characters from an unambiguous alphabet
// (recovery codes, demo passwords).
std::string random_code(int groups);
// Constant-time comparison, for tokens.
bool equal_in_constant_time(const std::string& a, const std::string& b);

}  // namespace xzq::security
