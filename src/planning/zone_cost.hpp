#pragma once
// ZoneCostModel: the separable zone cost of planning.md (a) and the hard feasibility band, with
// the distance matrix and the targets μ_a precomputed once per problem. Immutable after
// construction, so it may be shared by any number of readers.
//
//   c(S) = α · min_{j∈S} Σ_{i∈S} d_ij / D                 compactness (p-median)
//        + β · Σ_a |W_a(S) − μ_a| / μ_a                   balance
//        + M · Σ_a max(0, |W_a(S) − μ_a| / μ_a − τ)       soft-band violation
//
// An attribute whose total is zero (a county that records no caseload) has no target to balance
// against; it adds nothing to the cost and never violates a band.
#include <array>
#include <span>
#include <vector>

#include "planning/zone_problem.hpp"

namespace xzq::planning {

struct ZoneCostParameters {
    double alpha = 1.0;
    double beta = 3.0;
    double big_m = 1000.0;
    double tau = 0.25;       // soft band
    double tau_hard = 0.75;  // hard band: a zone outside it is not feasible
};

using Weights = std::array<double, k_attribute_count>;

class ZoneCostModel {
  public:
    explicit ZoneCostModel(const ZoneProblem& problem, ZoneCostParameters parameters = {});

    [[nodiscard]] int size() const { return m_n; }
    [[nodiscard]] double distance(int i, int j) const {
        return m_distance[static_cast<std::size_t>(i) * static_cast<std::size_t>(m_n) + static_cast<std::size_t>(j)];
    }
    // D: the distance scale of the compactness term.
    [[nodiscard]] double scale() const { return m_scale; }
    [[nodiscard]] const Weights& targets() const { return m_targets; }  // μ_a
    [[nodiscard]] const Weights& weights(int i) const { return m_weights[static_cast<std::size_t>(i)]; }
    [[nodiscard]] const ZoneCostParameters& parameters() const { return m_parameters; }

    // Members in any order; the result does not depend on it (they are summed in index order).
    [[nodiscard]] double cost(std::span<const int> members) const;
    [[nodiscard]] double compactness(std::span<const int> members) const;
    [[nodiscard]] double balance_cost(const Weights& totals) const;  // β and M terms
    [[nodiscard]] Weights totals(std::span<const int> members) const;

    [[nodiscard]] bool within_hard_band(const Weights& totals) const;
    // True when some attribute is already above μ_a(1 + τ_H): no superset can be feasible, which
    // is what lets the enumeration prune.
    [[nodiscard]] bool above_hard_band(const Weights& totals) const;
    // Σ_a max(0, |W_a − μ_a|/μ_a − τ_H): how far outside the hard band (0 when inside).
    [[nodiscard]] double hard_band_excess(const Weights& totals) const;

  private:
    int m_n = 0;
    ZoneCostParameters m_parameters;
    std::vector<double> m_distance;
    std::vector<Weights> m_weights;
    Weights m_targets{};
    std::array<bool, k_attribute_count> m_active{};  // total > 0
    double m_scale = 1.0;
};

}  // namespace xzq::planning
