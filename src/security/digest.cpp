#include "security/digest.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <stdexcept>

namespace xzq::security {

std::string_view to_string(DigestAlgorithm algorithm) {
    return algorithm == DigestAlgorithm::sm3 ? "sm3" : "sha256";
}

std::optional<DigestAlgorithm> digest_from_string(std::string_view text) {
    if (text == "sha256") return DigestAlgorithm::sha256;
    if (text == "sm3") return DigestAlgorithm::sm3;
    return std::nullopt;
}

std::string digest_hex(DigestAlgorithm algorithm, std::string_view data) {
    const EVP_MD* md = algorithm == DigestAlgorithm::sm3 ? EVP_sm3() : EVP_sha256();
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!context || !md || EVP_DigestInit_ex(context.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(context.get(), data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(context.get(), out, &length) != 1) {
        throw std::runtime_error("digest computation failed");
    }
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(k_hex[out[i] >> 4]);
        hex.push_back(k_hex[out[i] & 0x0f]);
    }
    return hex;
}

std::string hmac_sha1(std::string_view key, std::string_view message) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &length)) {
        throw std::runtime_error("HMAC computation failed");
    }
    return std::string(reinterpret_cast<const char*>(out), length);
}

}  // namespace xzq::security
