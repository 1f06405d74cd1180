#pragma once
// The only way code learns the time. Domain and planning never read the system clock, so tests
// can run on any date; `app` injects SystemClock, tests inject a ManualClock.
#include <chrono>

namespace xzq {

class Clock {
  public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual std::chrono::system_clock::time_point now() const = 0;
};

class SystemClock final : public Clock {
  public:
    [[nodiscard]] std::chrono::system_clock::time_point now() const override;
};

// A clock that stands still until told to move; for tests.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(std::chrono::system_clock::time_point start) : m_now(start) {}
    [[nodiscard]] std::chrono::system_clock::time_point now() const override { return m_now; }
    void advance(std::chrono::system_clock::duration by) { m_now += by; }

  private:
    std::chrono::system_clock::time_point m_now;
};

}  // namespace xzq
