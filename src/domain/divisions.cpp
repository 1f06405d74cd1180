#include "domain/divisions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace xzq::domain {

namespace {

bool all_digits(std::string_view text, std::size_t length) {
    return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error invalid_division(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, std::move(code), std::move(zh), std::move(en));
}

}  // namespace

std::string_view to_string(TownshipKind kind) {
    switch (kind) {
        case TownshipKind::subdistrict:
            return "subdistrict";
        case TownshipKind::town:
            return "town";
        case TownshipKind::township:
            return "township";
        case TownshipKind::other:
            return "other";
    }
    return "other";
}

std::optional<TownshipKind> township_kind_from_string(std::string_view text) {
    for (auto kind : {TownshipKind::subdistrict, TownshipKind::town, TownshipKind::township, TownshipKind::other}) {
        if (to_string(kind) == text) return kind;
    }
    return std::nullopt;
}

std::string_view chinese_name(TownshipKind kind) {
    switch (kind) {
        case TownshipKind::subdistrict:
            return "街道";
        case TownshipKind::town:
            return "镇";
        case TownshipKind::township:
            return "乡";
        case TownshipKind::other:
            return "其他乡级单位";
    }
    return "其他乡级单位";
}

bool is_county_code(std::string_view code) {
    return all_digits(code, 6);
}
bool is_township_code(std::string_view code) {
    return all_digits(code, 9);
}
bool is_village_code(std::string_view code) {
    return all_digits(code, 12);
}

std::optional<TownshipKind> township_kind_of(std::string_view township_code) {
    if (!is_township_code(township_code)) return std::nullopt;
    int serial = std::stoi(std::string(township_code.substr(6, 3)));
    if (serial >= 1 && serial <= 99) return TownshipKind::subdistrict;
    if (serial >= 100 && serial <= 199) return TownshipKind::town;
    if (serial >= 200 && serial <= 399) return TownshipKind::township;
    return TownshipKind::other;
}

Result<County> validated_county(County county) {
    if (!is_county_code(county.code)) {
        return invalid_division("division.bad_county_code", fmt::format("县级区划代码“{}”应为 6 位数字", county.code),
                                fmt::format("county code '{}' must be 6 digits", county.code));
    }
    if (county.name.empty()) {
        return invalid_division("division.missing_name", fmt::format("区划 {} 缺少名称", county.code),
                                fmt::format("division {} has no name", county.code));
    }
    std::set<std::string> seen;
    for (auto& township : county.townships) {
        if (!is_township_code(township.code) || !township.code.starts_with(county.code)) {
            return invalid_division(
                "division.bad_township_code",
                fmt::format("乡级区划代码“{}”应为以 {} 开头的 9 位数字", township.code, county.code),
                fmt::format("township code '{}' must be 9 digits starting with {}", township.code, county.code));
        }
        if (township.name.empty()) {
            return invalid_division("division.missing_name", fmt::format("区划 {} 缺少名称", township.code),
                                    fmt::format("division {} has no name", township.code));
        }
        if (!seen.insert(township.code).second) {
            return invalid_division("division.duplicate_code", fmt::format("区划代码 {} 重复", township.code),
                                    fmt::format("division code {} appears twice", township.code));
        }
        for (const auto& village : township.villages) {
            if (!is_village_code(village.code) || !village.code.starts_with(township.code)) {
                return invalid_division(
                    "division.bad_village_code",
                    fmt::format("村级区划代码“{}”应为以 {} 开头的 12 位数字", village.code, township.code),
                    fmt::format("village code '{}' must be 12 digits starting with {}", village.code, township.code));
            }
            if (village.name.empty()) {
                return invalid_division("division.missing_name", fmt::format("区划 {} 缺少名称", village.code),
                                        fmt::format("division {} has no name", village.code));
            }
            if (!seen.insert(village.code).second) {
                return invalid_division("division.duplicate_code", fmt::format("区划代码 {} 重复", village.code),
                                        fmt::format("division code {} appears twice", village.code));
            }
        }
        std::sort(township.villages.begin(), township.villages.end(),
                  [](const Village& a, const Village& b) { return a.code < b.code; });
    }
    std::sort(county.townships.begin(), county.townships.end(),
              [](const Township& a, const Township& b) { return a.code < b.code; });
    return county;
}

}  // namespace xzq::domain
