#pragma once
// Expected failures travel as values (Result<T>); every Error carries a stable machine code and
// a message in Chinese and English, because every layer up to the HTTP edge must be able to tell
// the user what went wrong in their own language.
#include <string>
#include <string_view>

namespace xzq {

enum class ErrorKind {
    invalid_input,    // the caller sent something wrong (HTTP 400)
    not_found,        // HTTP 404
    conflict,         // HTTP 409
    unauthenticated,  // HTTP 401
    forbidden,        // HTTP 403
    too_large,        // HTTP 413
    too_many,         // HTTP 429
    unavailable,      // a dependency (database) is down (HTTP 503)
    internal,         // a bug or an unexpected fault (HTTP 500)
};

struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string code;        // stable, e.g. "org.county_unknown"
    std::string message_zh;  // shown to Chinese users
    std::string message_en;  // shown with Accept-Language: en

    [[nodiscard]] const std::string& message(std::string_view language) const {
        return language == "en" ? message_en : message_zh;
    }
};

Error make_error(ErrorKind kind, std::string code, std::string message_zh, std::string message_en);

}  // namespace xzq
