#include "planning/instance_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <set>

#include "planning/random.hpp"

namespace xzq::planning {

namespace {

struct Point {
    double x = 0;
    double y = 0;
};

// Rounds as the CSV form prints: `digits` decimals, read back exactly as a parser would.
double rounded(double value, int digits) {
    const auto text = fmt::format("{:.{}f}", value, digits);
    double parsed = 0;
    std::from_chars(text.data(), text.data() + text.size(), parsed);
    return parsed;
}

// Bowyer–Watson, O(n²): plenty for a county's few dozen townships. Returns undirected edges.
std::set<std::pair<int, int>> delaunay_edges(const std::vector<Point>& points) {
    struct Triangle {
        int a, b, c;
        double cx, cy, r2;
    };
    const int n = static_cast<int>(points.size());
    std::vector<Point> p = points;
    double min_x = 1e300, min_y = 1e300, max_x = -1e300, max_y = -1e300;
    for (const auto& q : points) {
        min_x = std::min(min_x, q.x);
        min_y = std::min(min_y, q.y);
        max_x = std::max(max_x, q.x);
        max_y = std::max(max_y, q.y);
    }
    const double span = std::max({max_x - min_x, max_y - min_y, 1.0}) * 20;
    const double mx = (min_x + max_x) / 2, my = (min_y + max_y) / 2;
    p.push_back({mx - span, my - span});
    p.push_back({mx + span, my - span});
    p.push_back({mx, my + span});
    auto make = [&](int a, int b, int c) {
        const double ax = p[static_cast<std::size_t>(a)].x, ay = p[static_cast<std::size_t>(a)].y;
        const double bx = p[static_cast<std::size_t>(b)].x, by = p[static_cast<std::size_t>(b)].y;
        const double cx = p[static_cast<std::size_t>(c)].x, cy = p[static_cast<std::size_t>(c)].y;
        const double d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by));
        const double ux =
            ((ax * ax + ay * ay) * (by - cy) + (bx * bx + by * by) * (cy - ay) + (cx * cx + cy * cy) * (ay - by)) / d;
        const double uy =
            ((ax * ax + ay * ay) * (cx - bx) + (bx * bx + by * by) * (ax - cx) + (cx * cx + cy * cy) * (bx - ax)) / d;
        return Triangle{a, b, c, ux, uy, (ax - ux) * (ax - ux) + (ay - uy) * (ay - uy)};
    };
    std::vector<Triangle> triangles{make(n, n + 1, n + 2)};
    for (int i = 0; i < n; ++i) {
        const auto& q = p[static_cast<std::size_t>(i)];
        std::vector<std::pair<int, int>> boundary;
        std::vector<Triangle> kept;
        for (const auto& t : triangles) {
            if ((q.x - t.cx) * (q.x - t.cx) + (q.y - t.cy) * (q.y - t.cy) < t.r2) {
                for (auto e : {std::pair{t.a, t.b}, std::pair{t.b, t.c}, std::pair{t.c, t.a}}) {
                    auto key = std::minmax(e.first, e.second);
                    auto found = std::find(boundary.begin(), boundary.end(), std::pair{key.first, key.second});
                    if (found != boundary.end()) {
                        boundary.erase(found);  // shared by two bad triangles: interior
                    } else {
                        boundary.emplace_back(key.first, key.second);
                    }
                }
            } else {
                kept.push_back(t);
            }
        }
        for (auto [a, b] : boundary) kept.push_back(make(a, b, i));
        triangles = std::move(kept);
    }
    std::set<std::pair<int, int>> edges;
    for (const auto& t : triangles) {
        for (auto e : {std::pair{t.a, t.b}, std::pair{t.b, t.c}, std::pair{t.c, t.a}}) {
            if (e.first < n && e.second < n) edges.insert(std::minmax(e.first, e.second));
        }
    }
    return edges;
}

bool connected_without(int n, const std::set<std::pair<int, int>>& edges) {
    std::vector<std::vector<int>> lists(static_cast<std::size_t>(n));
    for (auto [a, b] : edges) {
        lists[static_cast<std::size_t>(a)].push_back(b);
        lists[static_cast<std::size_t>(b)].push_back(a);
    }
    std::vector<char> seen(static_cast<std::size_t>(n), 0);
    std::vector<int> stack{0};
    seen[0] = 1;
    int count = 1;
    while (!stack.empty()) {
        int v = stack.back();
        stack.pop_back();
        for (int u : lists[static_cast<std::size_t>(v)]) {
            if (!seen[static_cast<std::size_t>(u)]) {
                seen[static_cast<std::size_t>(u)] = 1;
                ++count;
                stack.push_back(u);
            }
        }
    }
    return count == n;
}

}  // namespace

ZoneProblem generate_instance(const InstanceSpec& spec) {
    Rng rng(spec.seed);
    const int n = spec.townships;
    std::vector<Point> points;
    std::array<Point, 3> centres{};
    for (auto& c : centres) c = {rng.uniform(0.2, 0.8) * spec.box_km, rng.uniform(0.2, 0.8) * spec.box_km};
    for (int i = 0; i < n; ++i) {
        Point q;
        if (spec.clustered && rng.uniform01() < 0.6) {
            const auto& c = centres[static_cast<std::size_t>(rng.below(3))];
            q = {std::clamp(c.x + rng.normal() * spec.box_km / 12, 0.0, spec.box_km),
                 std::clamp(c.y + rng.normal() * spec.box_km / 12, 0.0, spec.box_km)};
        } else {
            q = {rng.uniform(0, spec.box_km), rng.uniform(0, spec.box_km)};
        }
        points.push_back(q);
    }

    ZoneProblem problem;
    problem.zones = spec.zones;
    problem.min_size = spec.min_size;
    problem.max_size = spec.max_size;
    const double km_per_degree_lat = 111.32;
    const double km_per_degree_lon = 111.32 * std::cos(spec.centre_lat * std::numbers::pi / 180);
    for (int i = 0; i < n; ++i) {
        Township t;
        t.code = fmt::format("{}{:03}", spec.code_prefix, 100 + i);
        t.name = fmt::format("乡镇{:02}", i + 1);
        const auto& q = points[static_cast<std::size_t>(i)];
        t.lon = rounded(spec.centre_lon + (q.x - spec.box_km / 2) / km_per_degree_lon, 6);
        t.lat = rounded(spec.centre_lat + (q.y - spec.box_km / 2) / km_per_degree_lat, 6);
        const int staff = rng.uniform_int(1, 6);
        t.weights[k_staff] = staff;
        t.weights[k_capacity] = rounded(staff * rng.uniform(0.6, 1.4) * 3, 1);
        const double population = rng.log_normal(std::log(25000.0), 0.6);
        t.weights[k_caseload] = rng.poisson(population / 2500);
        problem.townships.push_back(std::move(t));
    }
    // Triangulate the rounded positions, projected back to km, so the graph matches the CSV.
    for (int i = 0; i < n; ++i) {
        const auto& t = problem.townships[static_cast<std::size_t>(i)];
        points[static_cast<std::size_t>(i)] = {(t.lon - spec.centre_lon) * km_per_degree_lon,
                                               (t.lat - spec.centre_lat) * km_per_degree_lat};
    }
    problem.has_adjacency = spec.adjacency;
    if (spec.adjacency && n > 1) {
        auto edges = delaunay_edges(points);
        auto length = [&](std::pair<int, int> e) {
            const auto& a = points[static_cast<std::size_t>(e.first)];
            const auto& b = points[static_cast<std::size_t>(e.second)];
            return std::hypot(a.x - b.x, a.y - b.y);
        };
        std::vector<std::pair<int, int>> ordered(edges.begin(), edges.end());
        std::vector<double> lengths;
        for (auto e : ordered) lengths.push_back(length(e));
        std::vector<double> sorted = lengths;
        std::sort(sorted.begin(), sorted.end());
        const double median = sorted.empty() ? 0 : sorted[sorted.size() / 2];
        std::stable_sort(ordered.begin(), ordered.end(), [&](auto a, auto b) { return length(a) > length(b); });
        for (auto e : ordered) {
            if (length(e) <= 2 * median) break;
            edges.erase(e);
            if (!connected_without(n, edges)) edges.insert(e);
        }
        problem.adjacency.assign(edges.begin(), edges.end());
    }
    return problem;
}

}  // namespace xzq::planning
