#pragma once
// The key-encryption key (KEK) of the identity vault: 32 random bytes kept in a file outside the
// database, so a copy of the database alone does not reveal who reported what. The file holds
// the key as 64 hex characters on one line and must be readable by its owner only.
//
// The file is never replaced: a damaged or short file is refused rather than overwritten,
// because a new key would make every value sealed under the old one unreadable.
#include <array>
#include <filesystem>
#include <string>

#include "common/result.hpp"

namespace xzq::security {

struct KeyEncryptionKey {
    std::array<unsigned char, 32> bytes{};
    // The first 16 hex characters of SHA-256(bytes). Sealed values name the key that wrapped
    // them, so after a rotation the right key can be found and a wrong key is reported as such.
    std::string key_id;

    // Wipes `bytes`; copies are independent and each wipes its own.
    ~KeyEncryptionKey();
};

// The key id of `bytes` (see KeyEncryptionKey::key_id).
std::string key_id_of(const std::array<unsigned char, 32>& bytes);

// Loads the KEK from `path`. When the file does not exist and `create` is true, makes 32 random
// bytes and writes them as one line of hex to a new file (O_CREAT|O_EXCL, mode 0600), then
// fsyncs the file and its directory; the parent directory must exist.
//
// Errors (messages in Chinese and English; never the key or the file's content):
// - keyfile.missing      the file does not exist and `create` is false
// - keyfile.not_regular  the path is a directory, device, FIFO...
// - keyfile.permissions  group or others have any access (mode & 077), as OpenSSH demands of
//                        private keys
// - keyfile.malformed    content other than exactly 64 hex characters and an optional "\n"
// - keyfile.io           the file could not be opened, read, written or synced
// Symbolic links are followed (secret mounts use them); the checks apply to the file reached.
Result<KeyEncryptionKey> load_or_create_key_file(const std::filesystem::path& path, bool create);

}  // namespace xzq::security
