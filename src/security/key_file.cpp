#include "security/key_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "security/digest.hpp"

namespace xzq::security {

namespace {

constexpr std::size_t k_hex_length = 64;
// Enough to tell "64 hex + newline" from anything longer without reading a large file.
constexpr std::size_t k_read_limit = k_hex_length + 2;

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

// Closes a descriptor on every path out of a function.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    ~FileDescriptor() {
        if (m_fd >= 0) ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    // Closes now and reports whether close succeeded (it can report a deferred write error).
    bool close_checked() {
        int fd = m_fd;
        m_fd = -1;
        return ::close(fd) == 0;
    }

  private:
    int m_fd;
};

// A buffer that holds key material and is wiped when it goes out of scope.
template <std::size_t N>
struct WipedBuffer {
    std::array<char, N> data{};
    WipedBuffer() = default;
    WipedBuffer(const WipedBuffer&) = delete;
    WipedBuffer& operator=(const WipedBuffer&) = delete;
    ~WipedBuffer() { sodium_memzero(data.data(), data.size()); }
};

std::string describe_errno(int error_number) {
    return std::strerror(error_number);
}

Error missing(const std::filesystem::path& path) {
    return make_error(ErrorKind::not_found, "keyfile.missing", "密钥文件不存在：" + path.string(),
                      "The key file does not exist: " + path.string());
}

Error not_regular(const std::filesystem::path& path) {
    return make_error(ErrorKind::invalid_input, "keyfile.not_regular", "密钥路径不是普通文件：" + path.string(),
                      "The key path is not a regular file: " + path.string());
}

Error permissions(const std::filesystem::path& path, mode_t mode) {
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode & 07777));
    return make_error(ErrorKind::forbidden, "keyfile.permissions",
                      "密钥文件 " + path.string() + " 的权限为 " + octal + "，同组或其他用户可以访问；请改为 0600",
                      "The key file " + path.string() + " has mode " + octal +
                          ", so group or others can access it; change it to 0600");
}

Error malformed(const std::filesystem::path& path) {
    return make_error(
        ErrorKind::invalid_input, "keyfile.malformed",
        "密钥文件 " + path.string() + " 的内容应为 64 个十六进制字符（可带一个换行符）",
        "The key file " + path.string() + " must hold exactly 64 hex characters (and an optional newline)");
}

Error io_error(const std::filesystem::path& path, std::string_view action_zh, std::string_view action_en,
               int error_number) {
    return make_error(
        ErrorKind::unavailable, "keyfile.io",
        "无法" + std::string(action_zh) + "密钥文件 " + path.string() + "：" + describe_errno(error_number),
        "Could not " + std::string(action_en) + " the key file " + path.string() + ": " + describe_errno(error_number));
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

enum class LoadOutcome { loaded, absent };

// Reads and checks an existing key file. Opening first and checking the opened file (fstat)
// leaves no window in which the path could be swapped between the check and the read.
Result<LoadOutcome> load_existing(const std::filesystem::path& path, KeyEncryptionKey& key) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below anyway.
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (fd.get() < 0) {
        if (errno == ENOENT) return LoadOutcome::absent;
        return io_error(path, "打开", "open", errno);
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0) return io_error(path, "检查", "inspect", errno);
    if (!S_ISREG(status.st_mode)) return not_regular(path);
    if ((status.st_mode & 077) != 0) return permissions(path, status.st_mode);

    WipedBuffer<k_read_limit> buffer;
    std::size_t length = 0;
    while (length < buffer.data.size()) {
        ssize_t got = ::read(fd.get(), buffer.data.data() + length, buffer.data.size() - length);
        if (got < 0) {
            if (errno == EINTR) continue;
            return io_error(path, "读取", "read", errno);
        }
        if (got == 0) break;
        length += static_cast<std::size_t>(got);
    }
    if (length == k_hex_length + 1 && buffer.data[k_hex_length] == '\n') length = k_hex_length;
    if (length != k_hex_length) return malformed(path);
    for (std::size_t i = 0; i < key.bytes.size(); ++i) {
        int high = hex_value(buffer.data[2 * i]);
        int low = hex_value(buffer.data[2 * i + 1]);
        if (high < 0 || low < 0) {
            sodium_memzero(key.bytes.data(), key.bytes.size());
            return malformed(path);
        }
        key.bytes[i] = static_cast<unsigned char>(high << 4 | low);
    }
    key.key_id = key_id_of(key.bytes);
    return LoadOutcome::loaded;
}

// Writes a new key file into `key` and returns true, or returns false when the file already
// exists (another process created it since we looked), so the caller loads that one instead.
Result<bool> create_new(const std::filesystem::path& path, KeyEncryptionKey& key) {
    ensure_sodium();
    randombytes_buf(key.bytes.data(), key.bytes.size());

    WipedBuffer<k_hex_length + 2> text;  // hex, '\n', and sodium_bin2hex's terminating NUL
    sodium_bin2hex(text.data.data(), text.data.size(), key.bytes.data(), key.bytes.size());
    text.data[k_hex_length] = '\n';

    FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600));
    if (fd.get() < 0) {
        const int error_number = errno;
        sodium_memzero(key.bytes.data(), key.bytes.size());
        if (error_number == EEXIST) return false;
        return io_error(path, "创建", "create", error_number);
    }
    auto fail = [&](std::string_view action_zh, std::string_view action_en, int error_number) -> Error {
        // A partly written file would be refused as malformed on every later start; remove it
        // so the next attempt can create a whole one.
        ::unlink(path.c_str());
        sodium_memzero(key.bytes.data(), key.bytes.size());
        return io_error(path, action_zh, action_en, error_number);
    };
    // The umask may only have narrowed 0600; set it exactly so the file is never wider or narrower.
    if (::fchmod(fd.get(), 0600) != 0) return fail("设置权限", "set the mode of", errno);
    const std::size_t total = k_hex_length + 1;
    std::size_t written = 0;
    while (written < total) {
        ssize_t put = ::write(fd.get(), text.data.data() + written, total - written);
        if (put < 0) {
            if (errno == EINTR) continue;
            return fail("写入", "write", errno);
        }
        written += static_cast<std::size_t>(put);
    }
    if (::fsync(fd.get()) != 0) return fail("同步", "sync", errno);
    if (!fd.close_checked()) return fail("关闭", "close", errno);

    // The directory entry must be durable too, or a crash could lose the key after values were
    // sealed with it.
    std::filesystem::path directory = path.parent_path();
    if (directory.empty()) directory = ".";
    FileDescriptor directory_fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (directory_fd.get() < 0 || ::fsync(directory_fd.get()) != 0) {
        return fail("同步目录以保存", "sync the directory of", errno);
    }
    key.key_id = key_id_of(key.bytes);
    return true;
}

}  // namespace

KeyEncryptionKey::~KeyEncryptionKey() {
    sodium_memzero(bytes.data(), bytes.size());
}

std::string key_id_of(const std::array<unsigned char, 32>& bytes) {
    std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return digest_hex(DigestAlgorithm::sha256, view).substr(0, 16);
}

Result<KeyEncryptionKey> load_or_create_key_file(const std::filesystem::path& path, bool create) {
    KeyEncryptionKey key;
    // Two rounds: if another process creates the file between our load and our create, the
    // second round loads what it wrote.
    for (int round = 0; round < 2; ++round) {
        XZQ_TRY(LoadOutcome outcome, load_existing(path, key));
        if (outcome == LoadOutcome::loaded) return key;
        if (!create) return missing(path);
        XZQ_TRY(bool created, create_new(path, key));
        if (created) return key;
    }
    return io_error(path, "创建", "create", EEXIST);
}

}  // namespace xzq::security
