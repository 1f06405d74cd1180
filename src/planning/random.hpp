#pragma once
// Rng: xoshiro256** seeded through SplitMix64, with distributions written out here because the
// standard library's distributions differ between implementations, and "same seed, same answer"
// must hold on every machine that reproduces a plan or a benchmark instance. Not thread-safe: one
// generator per solve.
#include <cmath>
#include <cstdint>
#include <numbers>

namespace xzq::planning {

class Rng {
  public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : m_state) word = split_mix(seed);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, bound) without modulo bias; bound > 0.
    std::uint64_t below(std::uint64_t bound) {
        const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % bound);
        std::uint64_t x = next();
        while (x >= limit) x = next();
        return x % bound;
    }
    int uniform_int(int low, int high) {  // inclusive
        return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low) + 1));
    }
    double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double low, double high) { return low + (high - low) * uniform01(); }

    double normal() {  // Box–Muller, one value per call for simplicity
        double u1 = uniform01();
        while (u1 <= 0.0) u1 = uniform01();
        const double u2 = uniform01();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }
    double log_normal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

    int poisson(double lambda) {
        if (lambda <= 0) return 0;
        if (lambda > 500) {  // normal approximation; Knuth's product would underflow
            const double x = std::round(lambda + std::sqrt(lambda) * normal());
            return x < 0 ? 0 : static_cast<int>(x);
        }
        const double limit = std::exp(-lambda);
        int k = 0;
        double product = uniform01();
        while (product > limit) {
            ++k;
            product *= uniform01();
        }
        return k;
    }

  private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t split_mix(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t m_state[4] = {};
};

}  // namespace xzq::planning
