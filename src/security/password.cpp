#include "security/password.hpp"

#include <fmt/format.h>
#include <sodium.h>

namespace xzq::security {

namespace {

Error busy() {
    return make_error(ErrorKind::too_many, "auth.busy", "登录请求过多，请稍后再试",
                      "too many sign-ins at once; please try again shortly");
}

}  // namespace

// Holds one of the hasher's concurrency slots for its lifetime.
class PasswordHasher::Slot {
  public:
    explicit Slot(PasswordHasher& owner) : m_owner(owner) {
        m_acquired = m_owner.m_running.fetch_add(1) < m_owner.m_max_concurrent;
        if (!m_acquired) m_owner.m_running.fetch_sub(1);
    }
    ~Slot() {
        if (m_acquired) m_owner.m_running.fetch_sub(1);
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    [[nodiscard]] bool acquired() const { return m_acquired; }

  private:
    PasswordHasher& m_owner;
    bool m_acquired = false;
};

Result<void> check_password_policy(std::string_view password, std::string_view username) {
    auto refuse = [](std::string zh, std::string en) {
        return make_error(ErrorKind::invalid_input, "auth.weak_password", "密码不符合要求：" + zh,
                          "the password does not meet the policy: " + en);
    };
    // Count code points, not bytes, so a Chinese pass phrase is judged by its length in characters.
    std::size_t characters = 0;
    for (unsigned char c : password) characters += (c & 0xC0) != 0x80;
    if (characters < 12) return refuse("至少 12 个字符", "at least 12 characters");
    if (characters > 128) return refuse("最多 128 个字符", "at most 128 characters");
    bool upper = false, lower = false, digit = false, other = false;
    for (unsigned char c : password) {
        if (c >= 'A' && c <= 'Z')
            upper = true;
        else if (c >= 'a' && c <= 'z')
            lower = true;
        else if (c >= '0' && c <= '9')
            digit = true;
        else
            other = true;
    }
    if (upper + lower + digit + other < 3) {
        return refuse("须包含大写字母、小写字母、数字、符号中的至少三类",
                      "use at least three of: upper case, lower case, digits, symbols");
    }
    if (!username.empty() && password.find(username) != std::string_view::npos) {
        return refuse("不得包含用户名", "it must not contain the user name");
    }
    if (password.find_first_not_of(password.front()) == std::string_view::npos) {
        return refuse("不得由同一字符重复组成", "it must not repeat one character");
    }
    return Ok{};
}

Result<std::string> PasswordHasher::hash(std::string_view password) {
    Slot slot(*this);
    if (!slot.acquired()) return busy();
    char out[crypto_pwhash_STRBYTES];
    if (sodium_init() < 0 ||
        crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return make_error(ErrorKind::unavailable, "auth.hash_failed", "服务器内存不足，无法处理密码",
                          "the server is out of memory for password hashing");
    }
    return std::string(out);
}

Result<bool> PasswordHasher::verify(std::string_view stored_hash, std::string_view password) {
    Slot slot(*this);
    if (!slot.acquired()) return busy();
    std::string terminated(stored_hash);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

const std::string& PasswordHasher::decoy_hash() {
    std::call_once(m_decoy_once, [this] {
        char out[crypto_pwhash_STRBYTES];
        if (sodium_init() >= 0 &&
            crypto_pwhash_str_alg(out, "decoy", 5, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) == 0) {
            m_decoy = out;
        }
    });
    return m_decoy;
}

}  // namespace xzq::security
