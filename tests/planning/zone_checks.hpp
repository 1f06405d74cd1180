#pragma once
// Test support: an independent reference implementation of the zone cost and feasibility (written
// from planning.md, not from the library), a brute-force optimum for tiny instances, and the
// invariants every plan must satisfy.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "planning/geo.hpp"
#include "planning/zone_planner.hpp"

namespace xzq::planning::testing {

// Straight from the formulas: no shared code with ZoneCostModel except haversine (tested alone).
class ReferenceCost {
  public:
    explicit ReferenceCost(const ZoneProblem& p) : m_p(p), m_n(static_cast<int>(p.townships.size())) {
        m_d.assign(static_cast<std::size_t>(m_n * m_n), 0);
        for (int i = 0; i < m_n; ++i) {
            for (int j = 0; j < m_n; ++j) {
                const auto& a = p.townships[static_cast<std::size_t>(i)];
                const auto& b = p.townships[static_cast<std::size_t>(j)];
                m_d[static_cast<std::size_t>(i * m_n + j)] = haversine_km(a.lon, a.lat, b.lon, b.lat);
            }
        }
        double sum = 0;
        int count = 0;
        if (p.has_adjacency) {
            for (auto [a, b] : p.adjacency) {
                sum += d(a, b);
                ++count;
            }
        } else {
            for (int i = 0; i < m_n && m_n > 1; ++i) {
                double best = 1e300;
                for (int j = 0; j < m_n; ++j) {
                    if (j != i) best = std::min(best, d(i, j));
                }
                sum += best;
                ++count;
            }
        }
        m_scale = count > 0 && sum > 0 ? sum / count : 1.0;
        for (std::size_t a = 0; a < 3; ++a) {
            double total = 0;
            for (const auto& t : p.townships) total += t.weights[a];
            m_mu[a] = total / p.zones;
        }
    }
    double d(int i, int j) const { return m_d[static_cast<std::size_t>(i * m_n + j)]; }

    double cost(const std::vector<int>& s) const {
        double compact = 1e300;
        for (int j : s) {
            double sum = 0;
            for (int i : s) sum += d(i, j);
            compact = std::min(compact, sum);
        }
        double value = compact / m_scale;
        for (std::size_t a = 0; a < 3; ++a) {
            if (m_mu[a] <= 0) continue;
            const double rel = std::abs(weight(s, a) - m_mu[a]) / m_mu[a];
            value += 3.0 * rel + 1000.0 * std::max(0.0, rel - 0.25);
        }
        return value;
    }
    double weight(const std::vector<int>& s, std::size_t a) const {
        double w = 0;
        for (int i : s) w += m_p.townships[static_cast<std::size_t>(i)].weights[a];
        return w;
    }
    bool within_band(const std::vector<int>& s) const {
        for (std::size_t a = 0; a < 3; ++a) {
            if (m_mu[a] > 0 && std::abs(weight(s, a) - m_mu[a]) / m_mu[a] > 0.75) return false;
        }
        return true;
    }
    bool connected(const std::vector<int>& s) const {
        if (!m_p.has_adjacency || s.size() <= 1) return true;
        std::vector<int> reached{s[0]};
        for (std::size_t head = 0; head < reached.size(); ++head) {
            for (auto [a, b] : m_p.adjacency) {
                for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
                    if (from == reached[head] && std::find(s.begin(), s.end(), to) != s.end() &&
                        std::find(reached.begin(), reached.end(), to) == reached.end()) {
                        reached.push_back(to);
                    }
                }
            }
        }
        return reached.size() == s.size();
    }
    bool feasible(const std::vector<int>& s) const {
        const int size = static_cast<int>(s.size());
        return size >= m_p.min_size && size <= m_p.max_size && within_band(s) && connected(s);
    }

  private:
    const ZoneProblem& m_p;
    int m_n;
    std::vector<double> m_d;
    double m_scale = 1;
    double m_mu[3] = {};
};

// Exhaustive optimum over all partitions into exactly k feasible zones (n ≤ ~12); infinity if none.
inline double brute_force_optimum(const ZoneProblem& p) {
    const int n = static_cast<int>(p.townships.size());
    const ReferenceCost ref(p);
    const std::uint32_t full = (1u << n) - 1;
    std::vector<double> zone_cost(full + 1, std::numeric_limits<double>::infinity());
    for (std::uint32_t mask = 1; mask <= full; ++mask) {
        std::vector<int> s;
        for (int i = 0; i < n; ++i) {
            if (mask & (1u << i)) s.push_back(i);
        }
        if (ref.feasible(s)) zone_cost[mask] = ref.cost(s);
    }
    const double inf = std::numeric_limits<double>::infinity();
    // best[z][mask]: cheapest split of `mask` into z feasible zones.
    std::vector<std::vector<double>> best(static_cast<std::size_t>(p.zones) + 1, std::vector<double>(full + 1, inf));
    best[0][0] = 0;
    for (int z = 1; z <= p.zones; ++z) {
        for (std::uint32_t mask = 1; mask <= full; ++mask) {
            const std::uint32_t low = mask & (~mask + 1);
            // The zone holding the lowest township of `mask`: a submask containing it.
            for (std::uint32_t sub = mask; sub; sub = (sub - 1) & mask) {
                if (!(sub & low) || zone_cost[sub] == inf) continue;
                const double rest = best[static_cast<std::size_t>(z - 1)][mask ^ sub];
                if (rest == inf) continue;
                best[static_cast<std::size_t>(z)][mask] =
                    std::min(best[static_cast<std::size_t>(z)][mask], zone_cost[sub] + rest);
            }
        }
    }
    return best[static_cast<std::size_t>(p.zones)][full];
}

// Every invariant of a feasible or optimal plan (planning.md (a) "Invariants").
inline void expect_valid_plan(const ZoneProblem& p, const ZonePlan& plan) {
    ASSERT_NE(plan.status, PlanStatus::infeasible);
    const ReferenceCost ref(p);
    ASSERT_EQ(static_cast<int>(plan.zones.size()), p.zones);
    std::vector<int> seen(p.townships.size(), 0);
    double total = 0;
    for (const auto& zone : plan.zones) {
        ASSERT_FALSE(zone.townships.empty());
        for (int v : zone.townships) ++seen[static_cast<std::size_t>(v)];
        EXPECT_TRUE(ref.feasible(zone.townships))
            << "zone starting at " << zone.townships.front() << " is not feasible";
        EXPECT_NEAR(zone.cost, ref.cost(zone.townships), 1e-9 * std::max(1.0, zone.cost));
        for (std::size_t a = 0; a < 3; ++a) {
            EXPECT_DOUBLE_EQ(zone.totals[a], ref.weight(zone.townships, a));
        }
        total += zone.cost;
    }
    for (int count : seen) {
        EXPECT_EQ(count, 1) << "a township is not in exactly one zone";
    }
    EXPECT_NEAR(plan.objective, total, 1e-9 * std::max(1.0, total));
    if (plan.bound) {
        EXPECT_LE(*plan.bound, plan.objective + 1e-6);
    }
}

}  // namespace xzq::planning::testing
