#pragma once
// StopSignal: the solvers ask it, between units of work, whether to give up and return their best
// answer so far. The planning layer never reads the clock (so tests and audits reproduce a run
// exactly); the caller decides what "stop" means: a deadline in the command line, a cancelled
// request in the server, never in most tests. Copyable; thread-safety is that of the callback.
#include <functional>
#include <utility>

namespace xzq::planning {

class StopSignal {
  public:
    StopSignal() = default;  // never stops
    explicit StopSignal(std::function<bool()> should_stop) : m_should_stop(std::move(should_stop)) {}

    [[nodiscard]] bool requested() const { return m_should_stop && m_should_stop(); }

  private:
    std::function<bool()> m_should_stop;
};

}  // namespace xzq::planning
