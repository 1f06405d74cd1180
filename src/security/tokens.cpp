#include "security/tokens.hpp"

#include <sodium.h>

#include <stdexcept>

namespace xzq::security {

namespace {
void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not be initialised");
}
}  // namespace

std::string random_bytes(std::size_t bytes) {
    ensure_sodium();
    std::string out(bytes, '\0');
    randombytes_buf(out.data(), out.size());
    return out;
}

std::string random_token(std::size_t bytes) {
    std::string raw = random_bytes(bytes);
    std::string encoded(sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    encoded.resize(encoded.find('\0'));
    return encoded;
}

std::string random_code(int groups) {
    ensure_sodium();
    static constexpr char k_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";  // no i, l, o, 0, 1
    std::string out;
    for (int g = 0; g < groups; ++g) {
        if (g) out.push_back('-');
        for (int i = 0; i < 4; ++i) out.push_back(k_alphabet[randombytes_uniform(sizeof k_alphabet - 1)]);
    }
    return out;
}

bool equal_in_constant_time(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace xzq::security
