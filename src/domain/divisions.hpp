#pragma once
// Administrative divisions as published in 统计用区划代码 (GB/T 2260 plus township and village
// codes): a county has a 6-digit code, a township-level unit 9 digits (the county's code plus 3),
// a village-level unit 12 digits (its township's code plus 3).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace xzq::domain {

// Kind of township-level unit, read from digits 7–9 of its code: 001–099 街道, 100–199 镇,
// 200–399 乡, 400–599 farms, forest farms, institutes and other township-like units.
enum class TownshipKind { subdistrict, town, township, other };

std::string_view to_string(TownshipKind kind);
std::optional<TownshipKind> township_kind_from_string(std::string_view text);
std::string_view chinese_name(TownshipKind kind);

bool is_county_code(std::string_view code);
bool is_township_code(std::string_view code);
bool is_village_code(std::string_view code);

// The kind of a township-level unit from its official code; nullopt when the code is not a
// township code.
std::optional<TownshipKind> township_kind_of(std::string_view township_code);

struct Village {
    std::string code;  // 12 digits
    std::string name;
};

struct Township {
    std::string code;  // 9 digits
    std::string name;
    TownshipKind kind = TownshipKind::other;
    std::vector<Village> villages;  // ordered by code
};

struct County {
    std::string code;  // 6 digits
    std::string name;
    std::string city;
    std::string province;
    std::vector<Township> townships;  // ordered by code
};

struct CountySummary {
    std::string code;
    std::string name;
    std::string city;
    std::string province;
    int townships = 0;
    int villages = 0;
};

// Checks a county assembled from an import source: codes well-formed and nested (every township
// starts with the county code, every village with its township code), names present, no
// duplicate codes. Returns the county sorted by code, or an Error naming the first offence.
Result<County> validated_county(County county);

}  // namespace xzq::domain
