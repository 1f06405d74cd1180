#include "common/error.hpp"

#include <utility>

namespace xzq {

Error make_error(ErrorKind kind, std::string code, std::string message_zh, std::string message_en) {
    return Error{kind, std::move(code), std::move(message_zh), std::move(message_en)};
}

}  // namespace xzq
