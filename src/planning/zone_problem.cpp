#include "planning/zone_problem.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "common/csv.hpp"

namespace xzq::planning {

namespace {

Error bad(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, "zones." + std::move(code), std::move(zh), std::move(en));
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// Locale-independent and strict: the whole field must be a number.
Result<double> parse_number(std::string_view field, std::size_t line, std::string_view column) {
    field = trim(field);
    if (!field.empty() && field.front() == '+') field.remove_prefix(1);
    double value = 0;
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.empty() || ec != std::errc() || end != field.data() + field.size() || !std::isfinite(value)) {
        return bad("bad_number", fmt::format("乡镇表第 {} 行 {} 列“{}”不是数字", line, column, field),
                   fmt::format("townships line {}: column {} value '{}' is not a number", line, column, field));
    }
    return value;
}

std::vector<std::vector<int>> neighbour_lists(const ZoneProblem& problem) {
    std::vector<std::vector<int>> lists(problem.townships.size());
    for (auto [a, b] : problem.adjacency) {
        lists[static_cast<std::size_t>(a)].push_back(b);
        lists[static_cast<std::size_t>(b)].push_back(a);
    }
    return lists;
}

}  // namespace

Result<void> validate(const ZoneProblem& p) {
    const int n = static_cast<int>(p.townships.size());
    if (n == 0) return bad("empty", "乡镇表没有任何乡镇", "the townships table is empty");
    std::set<std::string_view> codes;
    for (const auto& t : p.townships) {
        if (t.code.empty()) return bad("empty_code", "乡镇代码不能为空", "a township code is empty");
        if (!codes.insert(t.code).second) {
            return bad("duplicate_code", fmt::format("乡镇代码 {} 重复", t.code),
                       fmt::format("township code {} appears twice", t.code));
        }
        if (!(t.lon >= -180 && t.lon <= 180) || !(t.lat >= -90 && t.lat <= 90)) {
            return bad(
                "bad_coordinates",
                fmt::format("乡镇 {} 的坐标 ({}, {}) 超出范围（经度 −180..180，纬度 −90..90）", t.code, t.lon, t.lat),
                fmt::format("township {}: coordinates ({}, {}) outside lon −180..180 / lat −90..90", t.code, t.lon,
                            t.lat));
        }
        for (int a = 0; a < k_attribute_count; ++a) {
            const double w = t.weights[static_cast<std::size_t>(a)];
            if (!std::isfinite(w) || w < 0) {
                return bad("bad_attribute",
                           fmt::format("乡镇 {} 的{}（{}）必须是非负数", t.code,
                                       k_attribute_names_zh[static_cast<std::size_t>(a)], w),
                           fmt::format("township {}: {} ({}) must be a non-negative number", t.code,
                                       k_attribute_names[static_cast<std::size_t>(a)], w));
            }
        }
    }
    if (p.zones < 1) return bad("bad_zone_count", "协作区数量必须至少为 1", "the number of zones must be at least 1");
    if (p.min_size < 1 || p.max_size < p.min_size) {
        return bad("bad_size_bounds", fmt::format("协作区规模范围 [{}, {}] 无效", p.min_size, p.max_size),
                   fmt::format("zone size bounds [{}, {}] are invalid", p.min_size, p.max_size));
    }
    if (p.zones > n) {
        return bad("too_many_zones", fmt::format("协作区数量 {} 大于乡镇数量 {}", p.zones, n),
                   fmt::format("{} zones requested but there are only {} townships", p.zones, n));
    }
    if (static_cast<long>(p.zones) * p.min_size > n || static_cast<long>(p.zones) * p.max_size < n) {
        return bad("sizes_incompatible",
                   fmt::format("{} 个乡镇无法分成 {} 个规模在 {}–{} 之间的协作区（需要 {} ≤ 乡镇数 ≤ {}）", n, p.zones,
                               p.min_size, p.max_size, p.zones * p.min_size, p.zones * p.max_size),
                   fmt::format("{} townships cannot form {} zones of {}–{} townships (needs {} ≤ n ≤ {})", n, p.zones,
                               p.min_size, p.max_size, p.zones * p.min_size, p.zones * p.max_size));
    }
    if (p.has_adjacency) {
        for (auto [a, b] : p.adjacency) {
            if (a < 0 || b < 0 || a >= n || b >= n) {
                return bad("bad_adjacency_index", "相邻关系引用了不存在的乡镇", "an adjacency pair names no township");
            }
            if (a == b) {
                const auto& code = p.townships[static_cast<std::size_t>(a)].code;
                return bad("self_adjacency", fmt::format("相邻关系中乡镇 {} 与自身相邻", code),
                           fmt::format("adjacency lists township {} as its own neighbour", code));
            }
        }
        // Zones must be connected, so a township unreachable from the others can never join a zone.
        auto lists = neighbour_lists(p);
        std::vector<int> component(static_cast<std::size_t>(n), -1);
        int components = 0;
        for (int s = 0; s < n; ++s) {
            if (component[static_cast<std::size_t>(s)] >= 0) continue;
            std::vector<int> stack{s};
            component[static_cast<std::size_t>(s)] = components;
            while (!stack.empty()) {
                int v = stack.back();
                stack.pop_back();
                for (int u : lists[static_cast<std::size_t>(v)]) {
                    if (component[static_cast<std::size_t>(u)] < 0) {
                        component[static_cast<std::size_t>(u)] = components;
                        stack.push_back(u);
                    }
                }
            }
            ++components;
        }
        if (components > 1) {
            std::vector<std::string> cut_off;
            for (int v = 0; v < n && cut_off.size() < 10; ++v) {
                if (component[static_cast<std::size_t>(v)] != component[0])
                    cut_off.push_back(p.townships[static_cast<std::size_t>(v)].code);
            }
            const auto list = fmt::format("{}", fmt::join(cut_off, ", "));
            return bad("adjacency_disconnected",
                       fmt::format("相邻关系图不连通（{} 个连通部分），协作区必须连片；与 {} 不相连的乡镇：{}",
                                   components, p.townships[0].code, list),
                       fmt::format("the adjacency graph is disconnected ({} parts) but zones must be connected; "
                                   "townships not reachable from {}: {}",
                                   components, p.townships[0].code, list));
        }
    }
    return Ok{};
}

Result<std::vector<Township>> parse_townships_csv(std::string_view text) {
    XZQ_TRY(auto table, csv::parse(text));
    constexpr std::array<std::string_view, 7> k_columns = {"code",  "name",     "lon",     "lat",
                                                           "staff", "capacity", "caseload"};
    std::array<int, 7> index{};
    for (std::size_t c = 0; c < k_columns.size(); ++c) {
        index[c] = table.column(k_columns[c]);
        if (index[c] < 0) {
            return bad(
                "missing_column",
                fmt::format("乡镇表缺少列 {}（表头应为 code,name,lon,lat,staff,capacity,caseload）", k_columns[c]),
                fmt::format("townships CSV lacks column {} (header code,name,lon,lat,staff,capacity,caseload)",
                            k_columns[c]));
        }
    }
    std::vector<Township> townships;
    townships.reserve(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const std::size_t line = table.line_numbers[r];
        auto field = [&](std::size_t c) -> const std::string& { return row[static_cast<std::size_t>(index[c])]; };
        Township t;
        t.code = std::string(trim(field(0)));
        t.name = std::string(trim(field(1)));
        if (t.code.empty()) {
            return bad("empty_code", fmt::format("乡镇表第 {} 行缺少乡镇代码", line),
                       fmt::format("townships line {}: the code is empty", line));
        }
        XZQ_TRY(t.lon, parse_number(field(2), line, "lon"));
        XZQ_TRY(t.lat, parse_number(field(3), line, "lat"));
        for (std::size_t a = 0; a < static_cast<std::size_t>(k_attribute_count); ++a) {
            XZQ_TRY(t.weights[a], parse_number(field(4 + a), line, k_columns[4 + a]));
        }
        townships.push_back(std::move(t));
    }
    return townships;
}

Result<std::vector<std::pair<int, int>>> parse_adjacency_csv(std::string_view text,
                                                             const std::vector<Township>& townships) {
    XZQ_TRY(auto table, csv::parse(text));
    const int col_a = table.column("code_a");
    const int col_b = table.column("code_b");
    if (col_a < 0 || col_b < 0) {
        return bad("missing_column", "相邻表表头应为 code_a,code_b", "adjacency CSV header must be code_a,code_b");
    }
    std::map<std::string, int, std::less<>> by_code;
    for (std::size_t i = 0; i < townships.size(); ++i) by_code.emplace(townships[i].code, static_cast<int>(i));
    std::set<std::pair<int, int>> pairs;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        std::array<int, 2> ends{};
        for (int side = 0; side < 2; ++side) {
            auto code = trim(table.rows[r][static_cast<std::size_t>(side == 0 ? col_a : col_b)]);
            auto found = by_code.find(code);
            if (found == by_code.end()) {
                return bad("unknown_township",
                           fmt::format("相邻表第 {} 行的乡镇代码“{}”不在乡镇表中", table.line_numbers[r], code),
                           fmt::format("adjacency line {}: township code '{}' is not in the townships table",
                                       table.line_numbers[r], code));
            }
            ends[static_cast<std::size_t>(side)] = found->second;
        }
        if (ends[0] == ends[1]) {
            return bad(
                "self_adjacency", fmt::format("相邻表第 {} 行：乡镇与自身相邻", table.line_numbers[r]),
                fmt::format("adjacency line {}: a township is listed as its own neighbour", table.line_numbers[r]));
        }
        pairs.emplace(std::min(ends[0], ends[1]), std::max(ends[0], ends[1]));
    }
    return std::vector<std::pair<int, int>>(pairs.begin(), pairs.end());
}

namespace {

// A field that needs quoting under RFC 4180 is quoted.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace

std::string townships_to_csv(const std::vector<Township>& townships) {
    std::string out = "code,name,lon,lat,staff,capacity,caseload\n";
    for (const auto& t : townships) {
        // {} prints the shortest text that reads back to the same double.
        out += fmt::format("{},{},{},{},{},{},{}\n", csv_field(t.code), csv_field(t.name), t.lon, t.lat, t.weights[0],
                           t.weights[1], t.weights[2]);
    }
    return out;
}

std::string adjacency_to_csv(const ZoneProblem& problem) {
    std::string out = "code_a,code_b\n";
    for (auto [a, b] : problem.adjacency) {
        out += fmt::format("{},{}\n", csv_field(problem.townships[static_cast<std::size_t>(a)].code),
                           csv_field(problem.townships[static_cast<std::size_t>(b)].code));
    }
    return out;
}

}  // namespace xzq::planning
