#include "security/sealing.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace xzq::security {

namespace {

constexpr std::string_view k_version = "xzq1";
constexpr std::size_t k_key_id_length = 16;
constexpr std::size_t k_dek_bytes = 32;
// Attachments of reports (up to 10 MiB each) are sealed too.
constexpr std::size_t k_max_plaintext = std::size_t{16} << 20;
// base64 of the largest payload plus the other parts, with room to spare.
constexpr std::size_t k_max_sealed = k_max_plaintext / 3 * 4 + 1024;

constexpr std::size_t k_xchacha_nonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t k_xchacha_tag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t k_sm4_key = 16;
constexpr std::size_t k_sm4_iv = 16;
constexpr std::size_t k_sm3_tag = 32;

static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == k_dek_bytes);

constexpr std::string_view k_sm4_enc_label = "xzq1/sm4-ctr/enc";
constexpr std::string_view k_sm4_mac_label = "xzq1/hmac-sm3/mac";

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

// Key material on the stack, wiped when it goes out of scope.
template <std::size_t N>
struct SecretBytes {
    std::array<unsigned char, N> bytes{};
    SecretBytes() = default;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;
    ~SecretBytes() { sodium_memzero(bytes.data(), bytes.size()); }
    unsigned char* data() { return bytes.data(); }
    [[nodiscard]] const unsigned char* data() const { return bytes.data(); }
};

struct Sm4Keys {
    SecretBytes<k_sm4_key> enc;
    SecretBytes<k_sm3_tag> mac;
};

// A view of a key the callers already hold (the Sealer's, or a SecretBytes).
struct Sm4KeyView {
    const unsigned char* enc;
    const unsigned char* mac;
};

std::string_view as_chars(const unsigned char* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}
const unsigned char* as_bytes(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

Error malformed(std::string_view why_en) {
    return make_error(ErrorKind::internal, "sealing.malformed", "加密数据格式错误，无法解密",
                      "The sealed value is malformed: " + std::string(why_en));
}
Error unknown_algorithm() {
    return make_error(ErrorKind::internal, "sealing.unknown_algorithm", "加密数据使用了未知的算法",
                      "The sealed value names an unknown algorithm");
}
Error unknown_key(std::string_view key_id) {
    return make_error(
        ErrorKind::internal, "sealing.unknown_key",
        "加密数据由另一把密钥（编号 " + std::string(key_id) + "）加密，当前密钥文件无法解密",
        "The value was sealed under another key (id " + std::string(key_id) + ") than the one in the key file");
}
Error authentication_failed() {
    return make_error(ErrorKind::internal, "sealing.authentication_failed",
                      "加密数据校验失败：数据被篡改，或不属于这条记录",
                      "The sealed value failed authentication: it was altered, or belongs to another record");
}
Error crypto_failure(std::string_view what) {
    return make_error(ErrorKind::internal, "sealing.crypto_failure", "加密库执行失败：" + std::string(what),
                      "The cryptographic library failed: " + std::string(what));
}
Error too_large() {
    return make_error(ErrorKind::too_large, "sealing.too_large", "待加密的内容过长（上限 16 MiB）",
                      "The value to seal is too large (at most 16 MiB)");
}

// ---------------------------------------------------------------- encodings

std::string base64url(std::string_view bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), as_bytes(bytes), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

// Strict: the whole text must be base64url without padding, with zero unused bits, so each
// value has exactly one encoding and any changed character is noticed.
std::optional<std::string> from_base64url(std::string_view text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

void append_length(std::string& out, std::size_t length) {
    for (int shift = 56; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((std::uint64_t{length} >> shift) & 0xff));
}

std::string length_prefixed(std::string_view text) {
    std::string out;
    append_length(out, text.size());
    out.append(text);
    return out;
}

std::string box_header(SealAlgorithm algorithm, std::string_view key_id, std::string_view purpose) {
    std::string header(k_version);
    header.append(".").append(to_string(algorithm)).append(".").append(key_id).append(".").append(purpose);
    return header;
}

// ---------------------------------------------------------------- OpenSSL: HMAC-SM3, SM4-CTR

EVP_MAC* hmac_algorithm() {
    // Fetched once; an EVP_MAC is reference-counted and shared read-only between threads.
    static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return mac;
}

// HMAC-SM3 of the concatenation of `parts`.
bool hmac_sm3(const unsigned char* key, std::size_t key_size, std::initializer_list<std::string_view> parts,
              unsigned char (&out)[k_sm3_tag]) {
    EVP_MAC* mac = hmac_algorithm();
    if (!mac) return false;
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> context(EVP_MAC_CTX_new(mac), &EVP_MAC_CTX_free);
    if (!context) return false;
    char digest_name[] = "SM3";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                           OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(context.get(), key, key_size, params) != 1) return false;
    for (std::string_view part : parts) {
        if (EVP_MAC_update(context.get(), as_bytes(part), part.size()) != 1) return false;
    }
    std::size_t length = 0;
    return EVP_MAC_final(context.get(), out, &length, k_sm3_tag) == 1 && length == k_sm3_tag;
}

// HKDF-Expand(SM3, PRK = secret, info = label, L <= 32): a single block, T(1).
bool derive_sm4_keys(const unsigned char* secret, unsigned char* enc, unsigned char* mac) {
    static constexpr std::string_view k_block_counter("\x01", 1);
    unsigned char block[k_sm3_tag];
    bool ok = hmac_sm3(secret, k_dek_bytes, {k_sm4_enc_label, k_block_counter}, block);
    if (ok) std::memcpy(enc, block, k_sm4_key);
    ok = ok && hmac_sm3(secret, k_dek_bytes, {k_sm4_mac_label, k_block_counter}, block);
    if (ok) std::memcpy(mac, block, k_sm3_tag);
    OPENSSL_cleanse(block, sizeof block);
    return ok;
}

// SM4-CTR over `size` bytes (encrypting and decrypting are the same operation).
bool sm4_ctr(const unsigned char* key, const unsigned char* iv, const unsigned char* in, std::size_t size,
             unsigned char* out) {
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    const EVP_CIPHER* cipher = EVP_sm4_ctr();
    if (!context || !cipher || EVP_EncryptInit_ex(context.get(), cipher, nullptr, key, iv) != 1) return false;
    int written = 0;
    if (size > 0 && (EVP_EncryptUpdate(context.get(), out, &written, in, static_cast<int>(size)) != 1 ||
                     static_cast<std::size_t>(written) != size)) {
        return false;
    }
    int final_written = 0;
    return EVP_EncryptFinal_ex(context.get(), out + written, &final_written) == 1 && final_written == 0;
}

bool sm4_tag(const unsigned char* mac_key, std::string_view header, std::string_view iv, std::string_view ciphertext,
             std::string_view context, unsigned char (&tag)[k_sm3_tag]) {
    std::string header_length, ciphertext_length, context_length;
    append_length(header_length, header.size());
    append_length(ciphertext_length, ciphertext.size());
    append_length(context_length, context.size());
    return hmac_sm3(mac_key, k_sm3_tag,
                    {header_length, header, iv, ciphertext_length, ciphertext, context_length, context}, tag);
}

// ---------------------------------------------------------------- boxes

Result<std::string> sm4_seal_box(Sm4KeyView keys, std::string_view message, std::string_view header,
                                 std::string_view context) {
    std::string box(k_sm4_iv + message.size() + k_sm3_tag, '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(box.data());
    randombytes_buf(bytes, k_sm4_iv);
    if (!sm4_ctr(keys.enc, bytes, as_bytes(message), message.size(), bytes + k_sm4_iv)) {
        return crypto_failure("SM4-CTR");
    }
    unsigned char tag[k_sm3_tag];
    std::string_view view(box);
    if (!sm4_tag(keys.mac, header, view.substr(0, k_sm4_iv), view.substr(k_sm4_iv, message.size()), context, tag)) {
        return crypto_failure("HMAC-SM3");
    }
    std::memcpy(bytes + k_sm4_iv + message.size(), tag, k_sm3_tag);
    return box;
}

// Checks the tag, then decrypts into `out` (box size minus IV and tag bytes).
Result<void> sm4_open_box(Sm4KeyView keys, std::string_view box, std::string_view header, std::string_view context,
                          unsigned char* out) {
    if (box.size() < k_sm4_iv + k_sm3_tag) return malformed("box too short");
    std::string_view iv = box.substr(0, k_sm4_iv);
    std::string_view ciphertext = box.substr(k_sm4_iv, box.size() - k_sm4_iv - k_sm3_tag);
    std::string_view received = box.substr(box.size() - k_sm3_tag);
    unsigned char expected[k_sm3_tag];
    if (!sm4_tag(keys.mac, header, iv, ciphertext, context, expected)) return crypto_failure("HMAC-SM3");
    if (CRYPTO_memcmp(expected, received.data(), k_sm3_tag) != 0) return authentication_failed();
    if (!sm4_ctr(keys.enc, as_bytes(iv), as_bytes(ciphertext), ciphertext.size(), out)) {
        sodium_memzero(out, ciphertext.size());
        return crypto_failure("SM4-CTR");
    }
    return Ok{};
}

std::string xchacha_seal_box(const unsigned char* key, std::string_view message, std::string_view associated) {
    std::string box(k_xchacha_nonce + message.size() + k_xchacha_tag, '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(box.data());
    randombytes_buf(bytes, k_xchacha_nonce);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(bytes + k_xchacha_nonce, &length, as_bytes(message), message.size(),
                                               as_bytes(associated), associated.size(), nullptr, bytes, key);
    return box;
}

// libsodium checks the tag before it writes any plaintext.
Result<void> xchacha_open_box(const unsigned char* key, std::string_view box, std::string_view associated,
                              unsigned char* out) {
    if (box.size() < k_xchacha_nonce + k_xchacha_tag) return malformed("box too short");
    std::string_view ciphertext = box.substr(k_xchacha_nonce);
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &length, nullptr, as_bytes(ciphertext), ciphertext.size(),
                                                   as_bytes(associated), associated.size(), as_bytes(box), key) != 0) {
        return authentication_failed();
    }
    return Ok{};
}

std::string xchacha_associated(std::string_view header, std::string_view context) {
    return length_prefixed(header) + length_prefixed(context);
}

std::vector<std::string_view> split_on_dots(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t dot = text.find('.', start);
        if (dot == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, dot - start));
        start = dot + 1;
    }
}

bool is_key_id(std::string_view text) {
    if (text.size() != k_key_id_length) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

std::string_view to_string(SealAlgorithm algorithm) {
    switch (algorithm) {
        case SealAlgorithm::xchacha20poly1305:
            return "xchacha20poly1305";
        case SealAlgorithm::sm4_ctr_hmac_sm3:
            return "sm4-ctr-hmac-sm3";
    }
    return "unknown";
}

std::optional<SealAlgorithm> seal_algorithm_from_string(std::string_view text) {
    if (text == "xchacha20poly1305") return SealAlgorithm::xchacha20poly1305;
    if (text == "sm4-ctr-hmac-sm3") return SealAlgorithm::sm4_ctr_hmac_sm3;
    return std::nullopt;
}

Sealer::Sealer(KeyEncryptionKey kek, SealAlgorithm algorithm) : m_kek(std::move(kek)), m_algorithm(algorithm) {
    ensure_sodium();
    m_sm4_ready = derive_sm4_keys(m_kek.bytes.data(), m_sm4_kek_enc.data(), m_sm4_kek_mac.data());
    if (!m_sm4_ready && m_algorithm == SealAlgorithm::sm4_ctr_hmac_sm3) {
        throw std::runtime_error("SM4-CTR with HMAC-SM3 was chosen, but OpenSSL offers no HMAC-SM3");
    }
}

Sealer::~Sealer() {
    sodium_memzero(m_sm4_kek_enc.data(), m_sm4_kek_enc.size());
    sodium_memzero(m_sm4_kek_mac.data(), m_sm4_kek_mac.size());
}

Result<std::string> Sealer::seal(std::string_view plaintext, std::string_view context) const {
    if (plaintext.size() > k_max_plaintext) return too_large();
    const std::string dek_header = box_header(m_algorithm, m_kek.key_id, "dek");
    const std::string data_header = box_header(m_algorithm, m_kek.key_id, "data");
    SecretBytes<k_dek_bytes> dek;
    randombytes_buf(dek.data(), k_dek_bytes);
    std::string wrapped, payload;
    if (m_algorithm == SealAlgorithm::xchacha20poly1305) {
        wrapped = xchacha_seal_box(m_kek.bytes.data(), as_chars(dek.data(), k_dek_bytes),
                                   xchacha_associated(dek_header, context));
        payload = xchacha_seal_box(dek.data(), plaintext, xchacha_associated(data_header, context));
    } else {
        XZQ_TRY(wrapped, sm4_seal_box({m_sm4_kek_enc.data(), m_sm4_kek_mac.data()}, as_chars(dek.data(), k_dek_bytes),
                                      dek_header, context));
        Sm4Keys keys;
        if (!derive_sm4_keys(dek.data(), keys.enc.data(), keys.mac.data())) return crypto_failure("HMAC-SM3");
        XZQ_TRY(payload, sm4_seal_box({keys.enc.data(), keys.mac.data()}, plaintext, data_header, context));
    }
    std::string sealed(k_version);
    sealed.append(".").append(to_string(m_algorithm)).append(".").append(m_kek.key_id);
    sealed.append(".").append(base64url(wrapped)).append(".").append(base64url(payload));
    return sealed;
}

Result<std::string> Sealer::open(std::string_view sealed, std::string_view context) const {
    if (sealed.size() > k_max_sealed) return malformed("too long");
    const std::vector<std::string_view> parts = split_on_dots(sealed);
    if (parts.size() != 5) return malformed("expected five parts separated by dots");
    if (parts[0] != k_version) return malformed("unknown format version");
    std::optional<SealAlgorithm> algorithm = seal_algorithm_from_string(parts[1]);
    if (!algorithm) return unknown_algorithm();
    if (!is_key_id(parts[2])) return malformed("bad key id");
    if (parts[2] != m_kek.key_id) return unknown_key(parts[2]);
    std::optional<std::string> wrapped = from_base64url(parts[3]);
    std::optional<std::string> payload = from_base64url(parts[4]);
    if (!wrapped || !payload) return malformed("bad base64url");

    const std::string dek_header = box_header(*algorithm, m_kek.key_id, "dek");
    const std::string data_header = box_header(*algorithm, m_kek.key_id, "data");
    SecretBytes<k_dek_bytes> dek;
    std::string plaintext;
    if (*algorithm == SealAlgorithm::xchacha20poly1305) {
        if (wrapped->size() != k_xchacha_nonce + k_dek_bytes + k_xchacha_tag) return malformed("bad wrapped key size");
        if (payload->size() < k_xchacha_nonce + k_xchacha_tag) return malformed("payload too short");
        XZQ_TRY_VOID(
            xchacha_open_box(m_kek.bytes.data(), *wrapped, xchacha_associated(dek_header, context), dek.data()));
        plaintext.resize(payload->size() - k_xchacha_nonce - k_xchacha_tag);
        XZQ_TRY_VOID(xchacha_open_box(dek.data(), *payload, xchacha_associated(data_header, context),
                                      reinterpret_cast<unsigned char*>(plaintext.data())));
    } else {
        if (!m_sm4_ready) return crypto_failure("HMAC-SM3 unavailable");
        if (wrapped->size() != k_sm4_iv + k_dek_bytes + k_sm3_tag) return malformed("bad wrapped key size");
        if (payload->size() < k_sm4_iv + k_sm3_tag) return malformed("payload too short");
        XZQ_TRY_VOID(
            sm4_open_box({m_sm4_kek_enc.data(), m_sm4_kek_mac.data()}, *wrapped, dek_header, context, dek.data()));
        Sm4Keys keys;
        if (!derive_sm4_keys(dek.data(), keys.enc.data(), keys.mac.data())) return crypto_failure("HMAC-SM3");
        plaintext.resize(payload->size() - k_sm4_iv - k_sm3_tag);
        XZQ_TRY_VOID(sm4_open_box({keys.enc.data(), keys.mac.data()}, *payload, data_header, context,
                                  reinterpret_cast<unsigned char*>(plaintext.data())));
    }
    return plaintext;
}

}  // namespace xzq::security
