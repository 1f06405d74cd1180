#include "common/clock.hpp"

namespace xzq {

std::chrono::system_clock::time_point SystemClock::now() const {
    return std::chrono::system_clock::now();
}

}  // namespace xzq
