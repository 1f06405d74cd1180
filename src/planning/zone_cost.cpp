#include "planning/zone_cost.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "planning/geo.hpp"

namespace xzq::planning {

ZoneCostModel::ZoneCostModel(const ZoneProblem& problem, ZoneCostParameters parameters)
    : m_n(static_cast<int>(problem.townships.size())), m_parameters(parameters) {
    const auto n = static_cast<std::size_t>(m_n);
    m_distance.assign(n * n, 0.0);
    m_weights.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = problem.townships[i];
        m_weights[i] = a.weights;
        for (std::size_t j = i + 1; j < n; ++j) {
            const auto& b = problem.townships[j];
            const double d = haversine_km(a.lon, a.lat, b.lon, b.lat);
            m_distance[i * n + j] = d;
            m_distance[j * n + i] = d;
        }
    }
    Weights total{};
    for (const auto& w : m_weights) {
        for (std::size_t a = 0; a < total.size(); ++a) total[a] += w[a];
    }
    for (std::size_t a = 0; a < total.size(); ++a) {
        m_targets[a] = total[a] / problem.zones;
        m_active[a] = total[a] > 0;
    }

    // D: mean length of the adjacency edges, or without a graph the mean distance to the nearest
    // other township. Coincident points would make it 0; fall back to 1 km so the cost stays finite.
    double sum = 0;
    std::size_t count = 0;
    if (problem.has_adjacency) {
        for (auto [i, j] : problem.adjacency) {
            sum += distance(i, j);
            ++count;
        }
    } else if (n > 1) {
        for (int i = 0; i < m_n; ++i) {
            double nearest = std::numeric_limits<double>::infinity();
            for (int j = 0; j < m_n; ++j) {
                if (j != i) nearest = std::min(nearest, distance(i, j));
            }
            sum += nearest;
            ++count;
        }
    }
    m_scale = count > 0 && sum > 0 ? sum / static_cast<double>(count) : 1.0;
}

double ZoneCostModel::compactness(std::span<const int> members) const {
    double best = std::numeric_limits<double>::infinity();
    for (int j : members) {
        double sum = 0;
        const double* row = &m_distance[static_cast<std::size_t>(j) * static_cast<std::size_t>(m_n)];
        for (int i : members) sum += row[i];
        best = std::min(best, sum);
    }
    return members.empty() ? 0.0 : best / m_scale;
}

double ZoneCostModel::balance_cost(const Weights& totals) const {
    double balance = 0;
    double violation = 0;
    for (std::size_t a = 0; a < totals.size(); ++a) {
        if (!m_active[a]) continue;
        const double relative = std::abs(totals[a] - m_targets[a]) / m_targets[a];
        balance += relative;
        violation += std::max(0.0, relative - m_parameters.tau);
    }
    return m_parameters.beta * balance + m_parameters.big_m * violation;
}

Weights ZoneCostModel::totals(std::span<const int> members) const {
    Weights w{};
    for (int i : members) {
        for (std::size_t a = 0; a < w.size(); ++a) w[a] += m_weights[static_cast<std::size_t>(i)][a];
    }
    return w;
}

double ZoneCostModel::cost(std::span<const int> members) const {
    // Summing in index order makes the value a function of the set alone, bit for bit, so the
    // exact solver, the heuristic and the tests agree on every zone's cost.
    if (std::is_sorted(members.begin(), members.end())) {
        return m_parameters.alpha * compactness(members) + balance_cost(totals(members));
    }
    std::vector<int> sorted(members.begin(), members.end());
    std::sort(sorted.begin(), sorted.end());
    return m_parameters.alpha * compactness(sorted) + balance_cost(totals(sorted));
}

bool ZoneCostModel::within_hard_band(const Weights& totals) const {
    return hard_band_excess(totals) <= 0.0;
}

bool ZoneCostModel::above_hard_band(const Weights& totals) const {
    for (std::size_t a = 0; a < totals.size(); ++a) {
        if (m_active[a] && (totals[a] - m_targets[a]) / m_targets[a] > m_parameters.tau_hard) return true;
    }
    return false;
}

double ZoneCostModel::hard_band_excess(const Weights& totals) const {
    double excess = 0;
    for (std::size_t a = 0; a < totals.size(); ++a) {
        if (!m_active[a]) continue;
        excess += std::max(0.0, std::abs(totals[a] - m_targets[a]) / m_targets[a] - m_parameters.tau_hard);
    }
    return excess;
}

}  // namespace xzq::planning
