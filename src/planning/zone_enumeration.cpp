#include "planning/zone_enumeration.hpp"

#include <algorithm>

namespace xzq::planning {

TownshipGraph::TownshipGraph(const ZoneProblem& problem) : m_complete(!problem.has_adjacency) {
    const int n = static_cast<int>(problem.townships.size());
    m_neighbours.resize(static_cast<std::size_t>(n));
    if (m_complete) {
        for (int v = 0; v < n; ++v) {
            for (int u = 0; u < n; ++u) {
                if (u != v) m_neighbours[static_cast<std::size_t>(v)].push_back(u);
            }
        }
        return;
    }
    for (auto [a, b] : problem.adjacency) {
        m_neighbours[static_cast<std::size_t>(a)].push_back(b);
        m_neighbours[static_cast<std::size_t>(b)].push_back(a);
    }
    for (auto& list : m_neighbours) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
}

bool TownshipGraph::adjacent(int a, int b) const {
    if (m_complete) return a != b;
    const auto& list = neighbours(a);
    return std::binary_search(list.begin(), list.end(), b);
}

bool TownshipGraph::connected(std::span<const int> members) const {
    if (members.size() <= 1 || m_complete) return true;
    std::vector<int> sorted(members.begin(), members.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<char> reached(sorted.size(), 0);
    std::vector<std::size_t> stack{0};
    reached[0] = 1;
    std::size_t count = 1;
    while (!stack.empty()) {
        const int v = sorted[stack.back()];
        stack.pop_back();
        for (int u : neighbours(v)) {
            auto it = std::lower_bound(sorted.begin(), sorted.end(), u);
            if (it == sorted.end() || *it != u) continue;
            auto index = static_cast<std::size_t>(it - sorted.begin());
            if (!reached[index]) {
                reached[index] = 1;
                ++count;
                stack.push_back(index);
            }
        }
    }
    return count == sorted.size();
}

namespace {

constexpr std::uint64_t k_stop_check_interval = 4096;

// One ESU run from a fixed root. `eligible[u]` says which townships may join besides the root.
class EsuSearch {
  public:
    EsuSearch(const ZoneCostModel& model, const TownshipGraph& graph, const EnumerationLimits& limits,
              const StopSignal& stop, const ZoneVisitor& visit)
        : m_model(model),
          m_graph(graph),
          m_limits(limits),
          m_stop(stop),
          m_visit(visit),
          m_cover(static_cast<std::size_t>(graph.size()), 0),
          m_ext(static_cast<std::size_t>(limits.max_size) + 1) {}

    EnumerationEnd run(int root, const std::vector<char>& eligible) {
        m_eligible = &eligible;
        m_members.assign(1, root);
        m_totals = m_model.weights(root);
        if (m_limits.require_hard_band && m_model.above_hard_band(m_totals)) return EnumerationEnd::complete;
        cover(root, +1);
        auto& ext = m_ext[1];
        ext.clear();
        for (int u : m_graph.neighbours(root)) {
            if (eligible[static_cast<std::size_t>(u)]) ext.push_back(u);
        }
        m_end = EnumerationEnd::complete;
        if (accept()) extend(1);
        cover(root, -1);
        return m_end;
    }

  private:
    // Returns false when the search must end.
    bool accept() {
        const int size = static_cast<int>(m_members.size());
        if (size >= m_limits.min_size && (!m_limits.require_hard_band || m_model.within_hard_band(m_totals))) {
            if (!m_visit(m_members, m_totals)) {
                m_end = EnumerationEnd::stopped_by_visitor;
                return false;
            }
        }
        if (++m_visited % k_stop_check_interval == 0 && m_stop.requested()) {
            m_end = EnumerationEnd::stopped_by_signal;
            return false;
        }
        return true;
    }

    void cover(int v, int delta) {
        if (m_graph.complete()) return;  // every township is adjacent to every other: no exclusivity
        m_cover[static_cast<std::size_t>(v)] += delta;
        for (int u : m_graph.neighbours(v)) m_cover[static_cast<std::size_t>(u)] += delta;
    }

    // m_ext[depth] holds the extension set of the current members (depth = their count).
    bool extend(std::size_t depth) {
        if (static_cast<int>(depth) >= m_limits.max_size) return true;
        const auto& ext = m_ext[depth];
        auto& next = m_ext[depth + 1];
        for (std::size_t i = 0; i < ext.size(); ++i) {
            const int w = ext[i];
            const auto& weights = m_model.weights(w);
            Weights totals = m_totals;
            for (std::size_t a = 0; a < totals.size(); ++a) totals[a] += weights[a];
            if (m_limits.require_hard_band && m_model.above_hard_band(totals)) continue;

            next.assign(ext.begin() + static_cast<std::ptrdiff_t>(i) + 1, ext.end());
            if (!m_graph.complete()) {
                for (int u : m_graph.neighbours(w)) {
                    if (m_cover[static_cast<std::size_t>(u)] == 0 && (*m_eligible)[static_cast<std::size_t>(u)])
                        next.push_back(u);
                }
            }
            const Weights saved = m_totals;
            m_totals = totals;
            m_members.push_back(w);
            cover(w, +1);
            bool go_on = accept() && extend(depth + 1);
            cover(w, -1);
            m_members.pop_back();
            m_totals = saved;
            if (!go_on) return false;
        }
        return true;
    }

    const ZoneCostModel& m_model;
    const TownshipGraph& m_graph;
    const EnumerationLimits& m_limits;
    const StopSignal& m_stop;
    const ZoneVisitor& m_visit;
    const std::vector<char>* m_eligible = nullptr;
    std::vector<int> m_cover;  // > 0: in the set or adjacent to it
    std::vector<std::vector<int>> m_ext;
    std::vector<int> m_members;
    Weights m_totals{};
    std::uint64_t m_visited = 0;
    EnumerationEnd m_end = EnumerationEnd::complete;
};

}  // namespace

EnumerationEnd enumerate_zones(const ZoneCostModel& model, const TownshipGraph& graph, const EnumerationLimits& limits,
                               const StopSignal& stop, const ZoneVisitor& visit) {
    const int n = graph.size();
    EsuSearch search(model, graph, limits, stop, visit);
    std::vector<char> eligible(static_cast<std::size_t>(n), 1);
    for (int root = 0; root < n; ++root) {
        // Each set is listed from its smallest member only.
        eligible[static_cast<std::size_t>(root)] = 0;
        auto end = search.run(root, eligible);
        if (end != EnumerationEnd::complete) return end;
    }
    return EnumerationEnd::complete;
}

EnumerationEnd enumerate_zones_containing(int root, const std::vector<char>& allowed, const ZoneCostModel& model,
                                          const TownshipGraph& graph, const EnumerationLimits& limits,
                                          const StopSignal& stop, const ZoneVisitor& visit) {
    std::vector<char> eligible = allowed;
    eligible[static_cast<std::size_t>(root)] = 0;
    EsuSearch search(model, graph, limits, stop, visit);
    return search.run(root, eligible);
}

}  // namespace xzq::planning
