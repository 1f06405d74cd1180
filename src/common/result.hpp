#pragma once
// Result<T>: a value or an Error, in the manner of tl::expected (C++23 std::expected is not
// available with g++ 12 in C++20 mode). Use XZQ_TRY to propagate failures.
#include <cassert>
#include <utility>
#include <variant>

#include "common/error.hpp"

namespace xzq {

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}      // NOLINT implicit
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit

    [[nodiscard]] bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(m_state);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(m_state);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(m_state));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const& {
        assert(!ok());
        return std::get<1>(m_state);
    }
    Error&& error() && {
        assert(!ok());
        return std::get<1>(std::move(m_state));
    }

  private:
    std::variant<T, Error> m_state;
};

struct Ok {};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Ok) {}                                                       // NOLINT implicit
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT implicit

    [[nodiscard]] bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const& {
        assert(m_failed);
        return m_error;
    }
    Error&& error() && {
        assert(m_failed);
        return std::move(m_error);
    }

  private:
    Error m_error;
    bool m_failed = false;
};

}  // namespace xzq

#define XZQ_CONCAT_INNER(a, b) a##b
#define XZQ_CONCAT(a, b) XZQ_CONCAT_INNER(a, b)

// XZQ_TRY(auto x, expr): evaluates expr (a Result); returns its Error from the enclosing
// function on failure, otherwise moves the value into the declaration.
#define XZQ_TRY(declaration, expr)                                                                      \
    auto XZQ_CONCAT(xzq_try_, __LINE__) = (expr);                                                       \
    if (!XZQ_CONCAT(xzq_try_, __LINE__).ok()) return std::move(XZQ_CONCAT(xzq_try_, __LINE__)).error(); \
    declaration = std::move(XZQ_CONCAT(xzq_try_, __LINE__)).value()

// XZQ_TRY_VOID(expr): for Result<void>.
#define XZQ_TRY_VOID(expr)                                                            \
    do {                                                                              \
        auto xzq_try_void_result = (expr);                                            \
        if (!xzq_try_void_result.ok()) return std::move(xzq_try_void_result).error(); \
    } while (false)
