#include "security/totp.hpp"

#include <fmt/format.h>

#include "security/digest.hpp"
#include "security/tokens.hpp"

namespace xzq::security {

namespace {
constexpr std::string_view k_base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::int64_t k_step_seconds = 30;

std::string hotp(std::string_view secret, std::uint64_t counter, int digits) {
    std::string message(8, '\0');
    for (int i = 7; i >= 0; --i) {
        message[static_cast<std::size_t>(i)] = static_cast<char>(counter & 0xff);
        counter >>= 8;
    }
    std::string mac = hmac_sha1(secret, message);
    auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(mac[i])); };
    std::size_t offset = byte(mac.size() - 1) & 0x0f;
    std::uint32_t binary =
        ((byte(offset) & 0x7f) << 24) | (byte(offset + 1) << 16) | (byte(offset + 2) << 8) | byte(offset + 3);
    std::uint32_t modulus = 1;
    for (int i = 0; i < digits; ++i) modulus *= 10;
    return fmt::format("{:0{}}", binary % modulus, digits);
}

std::string percent_encode(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out.push_back(static_cast<char>(c));
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}
}  // namespace

std::string base32_encode(std::string_view bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out.push_back(k_base32[(buffer >> (bits - 5)) & 0x1f]);
            bits -= 5;
        }
    }
    if (bits > 0) out.push_back(k_base32[(buffer << (5 - bits)) & 0x1f]);
    return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char raw : text) {
        if (raw == '=' || raw == ' ') continue;
        char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
        auto value = k_base32.find(c);
        if (value == std::string_view::npos) return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
            bits -= 8;
        }
    }
    return out;
}

std::string totp_code(std::string_view secret, std::int64_t unix_seconds, int digits) {
    return hotp(secret, static_cast<std::uint64_t>(unix_seconds / k_step_seconds), digits);
}

std::optional<std::int64_t> totp_matching_step(std::string_view secret, std::string_view code,
                                               std::int64_t unix_seconds, int window) {
    const std::int64_t now_step = unix_seconds / k_step_seconds;
    for (std::int64_t step = now_step - window; step <= now_step + window; ++step) {
        std::string expected = hotp(secret, static_cast<std::uint64_t>(step), static_cast<int>(code.size()));
        if (code.size() >= 6 && equal_in_constant_time(expected, std::string(code))) return step;
    }
    return std::nullopt;
}

std::string totp_uri(std::string_view issuer, std::string_view account, std::string_view secret) {
    return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
                       percent_encode(issuer), percent_encode(account), base32_encode(secret), percent_encode(issuer));
}

}  // namespace xzq::security
