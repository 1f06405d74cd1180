#include "planning/zone_heuristic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "planning/random.hpp"

namespace xzq::planning {

namespace {

constexpr double k_penalty = 1e5;       // per township outside the size bounds, per unit of band excess
constexpr double k_improvement = 1e-9;  // smaller changes are rounding noise, not improvements

class ZoneSearch {
  public:
    ZoneSearch(const ZoneProblem& problem, const ZoneCostModel& model, const TownshipGraph& graph,
               const HeuristicOptions& options, const StopSignal& stop)
        : m_model(model),
          m_graph(graph),
          m_options(options),
          m_stop(stop),
          m_n(model.size()),
          m_k(problem.zones),
          m_min(problem.min_size),
          m_max(problem.max_size),
          m_rng(options.seed),
          m_zone_of(static_cast<std::size_t>(m_n), -1),
          m_members(static_cast<std::size_t>(m_k)),
          m_cost(static_cast<std::size_t>(m_k), 0.0),
          m_version(static_cast<std::size_t>(m_k), 0) {}

    HeuristicResult run() {
        HeuristicResult best;
        double best_value = std::numeric_limits<double>::infinity();
        for (int restart = 0; restart < std::max(1, m_options.restarts) && !m_stopped; ++restart) {
            construct();
            local_search();
            m_have_answer = true;
            double current = total();
            for (int kick = 0; kick < m_options.kicks_per_restart && !check_stop(); ++kick) {
                const auto saved_zone_of = m_zone_of;
                const auto saved_members = m_members;
                const auto saved_cost = m_cost;
                const auto saved_version = m_version;
                perturb();
                local_search();
                const double value = total();
                if (value <= current + k_improvement) {
                    current = value;
                } else {
                    m_zone_of = saved_zone_of;
                    m_members = saved_members;
                    m_cost = saved_cost;
                    m_version = saved_version;  // versions are never reused, so old stamps stay valid
                }
            }
            if (current < best_value - k_improvement) {
                best_value = current;
                best.zone_of = m_zone_of;
            }
        }
        // Report the true objective, recomputed zone by zone.
        std::vector<std::vector<int>> zones(static_cast<std::size_t>(m_k));
        for (int v = 0; v < m_n; ++v)
            zones[static_cast<std::size_t>(best.zone_of[static_cast<std::size_t>(v)])].push_back(v);
        best.feasible = true;
        best.objective = 0;
        for (const auto& zone : zones) {
            best.objective += m_model.cost(zone);
            if (penalty(zone) > 0) best.feasible = false;
        }
        if (!best.feasible) best.objective = best_value;
        best.stopped = m_stopped;
        return best;
    }

  private:
    // The stop signal is honoured only once the first local search has finished: an answer that
    // was never improved is rarely even feasible, and that first search takes milliseconds.
    bool check_stop() {
        if (!m_stopped && m_have_answer && m_stop.requested()) m_stopped = true;
        return m_stopped;
    }

    double penalty(const std::vector<int>& zone) const {
        const int size = static_cast<int>(zone.size());
        const int outside = size < m_min ? m_min - size : (size > m_max ? size - m_max : 0);
        return k_penalty * (outside + m_model.hard_band_excess(m_model.totals(zone)));
    }
    double priced(const std::vector<int>& zone) const {
        if (zone.empty()) return k_penalty * m_min * 10;
        return m_model.cost(zone) + penalty(zone);
    }
    double total() const { return std::accumulate(m_cost.begin(), m_cost.end(), 0.0); }

    void set_zone(int z, std::vector<int> members) {
        std::sort(members.begin(), members.end());
        for (int v : members) m_zone_of[static_cast<std::size_t>(v)] = z;
        m_cost[static_cast<std::size_t>(z)] = priced(members);
        m_members[static_cast<std::size_t>(z)] = std::move(members);
        m_version[static_cast<std::size_t>(z)] = ++m_clock;
    }

    // The township of `zone` minimising the summed distance to the others (the p-median centre).
    int centre(const std::vector<int>& zone) const {
        int best = zone.front();
        double best_sum = std::numeric_limits<double>::infinity();
        for (int j : zone) {
            double sum = 0;
            for (int i : zone) sum += m_model.distance(i, j);
            if (sum < best_sum) {
                best_sum = sum;
                best = j;
            }
        }
        return best;
    }

    // Seeds spread k-means++ style among `pool`, then greedy-randomised growth of `zone_ids` until
    // every township of `pool` (all unassigned) belongs to one of them.
    void grow(const std::vector<int>& zone_ids, const std::vector<int>& pool) {
        std::vector<int> seeds;
        std::vector<double> nearest(pool.size(), std::numeric_limits<double>::infinity());
        for (std::size_t s = 0; s < zone_ids.size(); ++s) {
            // k-means++: the first seed uniform, the next ones likelier far from those chosen.
            std::size_t pick = pool.size();
            if (s == 0) {
                pick = static_cast<std::size_t>(m_rng.below(pool.size()));
            } else {
                double sum = 0;
                for (double d : nearest) sum += d * d;
                double r = m_rng.uniform01() * sum;
                for (std::size_t i = 0; i < pool.size(); ++i) {
                    if (nearest[i] <= 0 || std::find(seeds.begin(), seeds.end(), pool[i]) != seeds.end()) continue;
                    pick = i;  // the last eligible one if rounding leaves r > 0
                    r -= nearest[i] * nearest[i];
                    if (r <= 0) break;
                }
                if (pick == pool.size()) {  // every remaining township coincides with a seed
                    for (std::size_t i = 0; i < pool.size() && pick == pool.size(); ++i) {
                        if (std::find(seeds.begin(), seeds.end(), pool[i]) == seeds.end()) pick = i;
                    }
                }
            }
            const int seed = pool[pick];
            seeds.push_back(seed);
            for (std::size_t i = 0; i < pool.size(); ++i) {
                nearest[i] = std::min(nearest[i], m_model.distance(pool[i], seed));
            }
        }
        std::vector<std::vector<int>> zones(zone_ids.size());
        std::vector<Weights> totals(zone_ids.size());
        std::vector<int> centres(zone_ids.size());
        std::vector<int> slot_of(static_cast<std::size_t>(m_n), -1);
        for (std::size_t s = 0; s < zone_ids.size(); ++s) {
            zones[s] = {seeds[s]};
            totals[s] = m_model.weights(seeds[s]);
            centres[s] = seeds[s];
            slot_of[static_cast<std::size_t>(seeds[s])] = static_cast<int>(s);
        }
        std::vector<char> in_pool(static_cast<std::size_t>(m_n), 0);
        for (int v : pool) in_pool[static_cast<std::size_t>(v)] = 1;
        std::size_t remaining = pool.size() - zone_ids.size();
        const auto& mu = m_model.targets();
        struct Candidate {
            double score;
            std::size_t slot;
            int township;
        };
        std::vector<Candidate> candidates;
        while (remaining > 0) {
            candidates.clear();
            for (std::size_t s = 0; s < zones.size(); ++s) {
                const int size = static_cast<int>(zones[s].size());
                for (int v : pool) {
                    if (slot_of[static_cast<std::size_t>(v)] >= 0) continue;
                    bool touches = m_graph.complete();
                    if (!touches) {
                        for (int u : m_graph.neighbours(v)) {
                            if (slot_of[static_cast<std::size_t>(u)] == static_cast<int>(s)) {
                                touches = true;
                                break;
                            }
                        }
                    }
                    if (!touches) continue;
                    double score = m_model.parameters().alpha * m_model.distance(v, centres[s]) / m_model.scale();
                    const auto& w = m_model.weights(v);
                    for (std::size_t a = 0; a < w.size(); ++a) {
                        if (mu[a] <= 0) continue;
                        const double before = std::abs(totals[s][a] - mu[a]);
                        const double after = std::abs(totals[s][a] + w[a] - mu[a]);
                        score += m_model.parameters().beta * (after - before) / mu[a];
                        if (totals[s][a] + w[a] > mu[a] * (1 + m_model.parameters().tau_hard)) score += 1000;
                    }
                    if (size >= m_max) score += 1000;
                    if (size < m_min) score -= 10;  // fill small zones first
                    candidates.push_back({score, s, v});
                }
            }
            // Only possible if `pool` is not connected to the seeds; callers ensure it is.
            if (candidates.empty()) break;
            const std::size_t rcl = std::min<std::size_t>(3, candidates.size());
            std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(rcl),
                              candidates.end(), [](const Candidate& a, const Candidate& b) {
                                  return a.score < b.score || (a.score == b.score && a.township < b.township);
                              });
            const auto& chosen = candidates[static_cast<std::size_t>(m_rng.below(rcl))];
            zones[chosen.slot].push_back(chosen.township);
            slot_of[static_cast<std::size_t>(chosen.township)] = static_cast<int>(chosen.slot);
            for (std::size_t a = 0; a < totals[chosen.slot].size(); ++a) {
                totals[chosen.slot][a] += m_model.weights(chosen.township)[a];
            }
            centres[chosen.slot] = centre(zones[chosen.slot]);
            --remaining;
        }
        for (std::size_t s = 0; s < zones.size(); ++s) set_zone(zone_ids[s], std::move(zones[s]));
    }

    void construct() {
        std::vector<int> all(static_cast<std::size_t>(m_n));
        std::iota(all.begin(), all.end(), 0);
        std::vector<int> ids(static_cast<std::size_t>(m_k));
        std::iota(ids.begin(), ids.end(), 0);
        grow(ids, all);
    }

    std::vector<int> zones_next_to(int z) const {
        std::vector<char> seen(static_cast<std::size_t>(m_k), 0);
        std::vector<int> result;
        if (m_graph.complete()) {
            for (int other = 0; other < m_k; ++other) {
                if (other != z) result.push_back(other);
            }
            return result;
        }
        for (int v : m_members[static_cast<std::size_t>(z)]) {
            for (int u : m_graph.neighbours(v)) {
                const int other = m_zone_of[static_cast<std::size_t>(u)];
                if (other != z && !seen[static_cast<std::size_t>(other)]) {
                    seen[static_cast<std::size_t>(other)] = 1;
                    result.push_back(other);
                }
            }
        }
        std::sort(result.begin(), result.end());
        return result;
    }

    // Destroy a random zone and up to two of its neighbours, and regrow them.
    void perturb() {
        const int first = static_cast<int>(m_rng.below(static_cast<std::uint64_t>(m_k)));
        std::vector<int> ids{first};
        auto next = zones_next_to(first);
        for (int pick = 0; pick < 2 && !next.empty(); ++pick) {
            const auto index = static_cast<std::size_t>(m_rng.below(next.size()));
            ids.push_back(next[index]);
            next.erase(next.begin() + static_cast<std::ptrdiff_t>(index));
        }
        std::vector<int> pool;
        for (int z : ids) {
            for (int v : m_members[static_cast<std::size_t>(z)]) {
                pool.push_back(v);
                m_zone_of[static_cast<std::size_t>(v)] = -1;
            }
        }
        std::sort(pool.begin(), pool.end());
        grow(ids, pool);
    }

    bool boundary_moves() {
        bool improved = false;
        std::vector<int> order(static_cast<std::size_t>(m_n));
        std::iota(order.begin(), order.end(), 0);
        for (std::size_t i = order.size(); i > 1; --i) {
            std::swap(order[i - 1], order[static_cast<std::size_t>(m_rng.below(i))]);
        }
        std::vector<int> without, with;
        for (int v : order) {
            const int from = m_zone_of[static_cast<std::size_t>(v)];
            const auto& source = m_members[static_cast<std::size_t>(from)];
            if (source.size() <= 1) continue;
            without.clear();
            for (int u : source) {
                if (u != v) without.push_back(u);
            }
            const double without_cost = priced(without);
            double best_delta = -k_improvement;
            int best_to = -1;
            std::vector<int> targets;
            if (m_graph.complete()) {
                for (int z = 0; z < m_k; ++z) {
                    if (z != from) targets.push_back(z);
                }
            } else {
                for (int u : m_graph.neighbours(v)) {
                    const int z = m_zone_of[static_cast<std::size_t>(u)];
                    if (z != from && std::find(targets.begin(), targets.end(), z) == targets.end())
                        targets.push_back(z);
                }
            }
            for (int to : targets) {
                with = m_members[static_cast<std::size_t>(to)];
                with.insert(std::upper_bound(with.begin(), with.end(), v), v);
                const double delta = without_cost + priced(with) - m_cost[static_cast<std::size_t>(from)] -
                                     m_cost[static_cast<std::size_t>(to)];
                if (delta < best_delta) {
                    best_delta = delta;
                    best_to = to;
                }
            }
            if (best_to < 0 || !m_graph.connected(without)) continue;
            with = m_members[static_cast<std::size_t>(best_to)];
            with.push_back(v);
            set_zone(from, without);
            set_zone(best_to, with);
            improved = true;
        }
        return improved;
    }

    // The best split of zones a ∪ b into two connected zones; true if it beats the current pair.
    bool merge_split(int a, int b) {
        std::vector<int> united = m_members[static_cast<std::size_t>(a)];
        united.insert(united.end(), m_members[static_cast<std::size_t>(b)].begin(),
                      m_members[static_cast<std::size_t>(b)].end());
        std::sort(united.begin(), united.end());
        const int size = static_cast<int>(united.size());
        if (size > m_options.max_merge_size || size < 2) return false;
        std::vector<char> allowed(static_cast<std::size_t>(m_n), 0);
        for (int v : united) allowed[static_cast<std::size_t>(v)] = 1;
        EnumerationLimits limits;
        limits.require_hard_band = false;
        limits.min_size = std::max(1, size - m_max);
        limits.max_size = std::min(m_max, size - 1);
        if (limits.min_size > limits.max_size || 2 * m_min > size) {  // no split within the bounds
            limits.min_size = 1;
            limits.max_size = size - 1;
        }
        const double current = m_cost[static_cast<std::size_t>(a)] + m_cost[static_cast<std::size_t>(b)];
        double best = current - k_improvement;
        std::vector<int> best_part, part, rest;
        enumerate_zones_containing(united.front(), allowed, m_model, m_graph, limits, StopSignal{},
                                   [&](std::span<const int> members, const Weights&) {
                                       part.assign(members.begin(), members.end());
                                       std::sort(part.begin(), part.end());
                                       rest.clear();
                                       std::set_difference(united.begin(), united.end(), part.begin(), part.end(),
                                                           std::back_inserter(rest));
                                       const double first = priced(part);
                                       if (first >= best) return true;
                                       const double value = first + priced(rest);
                                       if (value < best && m_graph.connected(rest)) {
                                           best = value;
                                           best_part = part;
                                       }
                                       return true;
                                   });
        if (best_part.empty()) return false;
        rest.clear();
        std::set_difference(united.begin(), united.end(), best_part.begin(), best_part.end(), std::back_inserter(rest));
        set_zone(a, best_part);
        set_zone(b, rest);
        return true;
    }

    bool merge_split_all() {
        bool improved = false;
        for (int a = 0; a < m_k; ++a) {
            for (int b : zones_next_to(a)) {
                if (b <= a) continue;
                const auto key =
                    static_cast<std::size_t>(a) * static_cast<std::size_t>(m_k) + static_cast<std::size_t>(b);
                const auto stamp =
                    std::make_pair(m_version[static_cast<std::size_t>(a)], m_version[static_cast<std::size_t>(b)]);
                if (m_checked.size() != static_cast<std::size_t>(m_k * m_k))
                    m_checked.assign(static_cast<std::size_t>(m_k * m_k), {-1, -1});
                if (m_checked[key] == stamp) continue;  // nothing changed since this pair was optimised
                if (merge_split(a, b)) {
                    improved = true;
                } else {
                    m_checked[key] = stamp;
                }
            }
            if (check_stop()) break;
        }
        return improved;
    }

    void local_search() {
        for (int round = 0; round < 1000 && !check_stop(); ++round) {
            const bool moved = boundary_moves();
            const bool split = merge_split_all();
            if (!moved && !split) break;
        }
    }

    const ZoneCostModel& m_model;
    const TownshipGraph& m_graph;
    const HeuristicOptions& m_options;
    const StopSignal& m_stop;
    int m_n, m_k, m_min, m_max;
    Rng m_rng;
    std::vector<int> m_zone_of;
    std::vector<std::vector<int>> m_members;
    std::vector<double> m_cost;
    std::vector<long> m_version;
    std::vector<std::pair<long, long>> m_checked;
    long m_clock = 0;
    bool m_have_answer = false;
    bool m_stopped = false;
};

}  // namespace

HeuristicResult solve_zones_heuristic(const ZoneProblem& problem, const ZoneCostModel& model,
                                      const TownshipGraph& graph, const HeuristicOptions& options,
                                      const StopSignal& stop) {
    ZoneSearch search(problem, model, graph, options, stop);
    return search.run();
}

}  // namespace xzq::planning
