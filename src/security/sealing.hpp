#pragma once
// Envelope encryption of small secrets at rest (the reporter's identity, phone numbers, TOTP
// secrets): each value gets a fresh random data key (DEK), the DEK is wrapped by the
// key-encryption key (KEK, see key_file.hpp) and stored next to the value. The database then
// holds nothing that opens without the key file.
//
// Algorithms. XChaCha20-Poly1305 (libsodium) is the default. SM4-CTR with HMAC-SM3
// (encrypt-then-MAC, OpenSSL) is for deployments that must use the national algorithms
// (GB/T 32907, GB/T 32905). A DEK is wrapped with the same algorithm as the value it protects.
//
// Sealed text, printable ASCII that fits a TEXT column:
//
//     xzq1.<algorithm>.<key id>.<wrapped DEK>.<payload>
//
// - algorithm: "xchacha20poly1305" or "sm4-ctr-hmac-sm3" (to_string below); open() reads it from
//   here, so values sealed before a change of the configured algorithm still open.
// - key id: KeyEncryptionKey::key_id of the KEK that wrapped the DEK.
// - wrapped DEK and payload: base64url without padding of a box:
//     xchacha20poly1305: nonce (24 random bytes) | ciphertext | Poly1305 tag (16)
//     sm4-ctr-hmac-sm3:  IV (16 random bytes)    | ciphertext | HMAC-SM3 tag (32)
//   The wrapped DEK's box encrypts the 32-byte DEK under the KEK; the payload's box encrypts the
//   plaintext under the DEK.
// - Bound to every box: the header "xzq1.<algorithm>.<key id>.<purpose>" (purpose "dek" for the
//   wrap, "data" for the payload) and the caller's context (e.g. "report:42:reporter"), so a
//   value copied onto another record, or a wrap swapped for a payload, fails to open.
//   XChaCha: associated data = be64(len header) | header | be64(len context) | context.
//   SM4: tag = HMAC-SM3(mac key, be64(len header) | header | IV | be64(len ciphertext) |
//   ciphertext | be64(len context) | context), checked in constant time before decrypting.
// - SM4 keys: from a 32-byte secret S (the KEK, or a DEK), enc key = first 16 bytes of
//   HMAC-SM3(S, "xzq1/sm4-ctr/enc" | 0x01) and mac key = HMAC-SM3(S, "xzq1/hmac-sm3/mac" | 0x01),
//   i.e. one block of HKDF-Expand (RFC 5869) with SM3 and S as the pseudorandom key.
//   XChaCha uses the KEK and the DEK as they are.
//
// Errors from open() (kind internal: stored data or configuration is wrong, not the request):
// sealing.malformed, sealing.unknown_algorithm, sealing.unknown_key (sealed under another KEK),
// sealing.authentication_failed (tampered, or the wrong context). Never partial plaintext: boxes
// are authenticated before anything is decrypted. seal() refuses plaintexts over 16 MiB
// (sealing.too_large). sealing.crypto_failure means the crypto library refused an operation
// (e.g. SM4 not offered by the loaded OpenSSL providers).
//
// Keys in memory: the KEK and derived KEK keys live as long as the Sealer; DEKs and derived keys
// are wiped after each call.
//
// Thread-safety: a Sealer is immutable after construction and safe to use from many threads
// without external synchronization.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "security/key_file.hpp"

namespace xzq::security {

enum class SealAlgorithm { xchacha20poly1305, sm4_ctr_hmac_sm3 };

std::string_view to_string(SealAlgorithm algorithm);
std::optional<SealAlgorithm> seal_algorithm_from_string(std::string_view text);

class Sealer {
  public:
    // Throws std::runtime_error when libsodium cannot start, or when `algorithm` is SM4 and the
    // loaded OpenSSL offers no SM3 (a deployment fault to report at start, not per request).
    Sealer(KeyEncryptionKey kek, SealAlgorithm algorithm);
    ~Sealer();
    Sealer(const Sealer&) = default;
    Sealer& operator=(const Sealer&) = default;

    // Seals `plaintext` with a fresh data key, binding `context` (see above).
    [[nodiscard]] Result<std::string> seal(std::string_view plaintext, std::string_view context) const;
    // Opens a value sealed by any Sealer holding the same KEK, whatever its algorithm.
    [[nodiscard]] Result<std::string> open(std::string_view sealed, std::string_view context) const;

    [[nodiscard]] SealAlgorithm algorithm() const { return m_algorithm; }
    [[nodiscard]] const std::string& key_id() const { return m_kek.key_id; }

  private:
    KeyEncryptionKey m_kek;
    SealAlgorithm m_algorithm;
    // SM4 keys derived from the KEK; unset when SM3 was unavailable at construction.
    bool m_sm4_ready = false;
    std::array<unsigned char, 16> m_sm4_kek_enc{};
    std::array<unsigned char, 32> m_sm4_kek_mac{};
};

}  // namespace xzq::security
