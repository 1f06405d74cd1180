#pragma once
// The classifications a report (信访举报) carries: the violation it alleges (问题类别, two levels)
// and the problem area it concerns (问题领域/专项). Both lists are built-in data, identical in
// every county, so codes can be stored and counted across counties.
//
// Violation categories (domain.md §4.1): the six disciplines of 纪律处分条例 (2023) Part 2 — ZZ
// 政治纪律, ZUZ 组织纪律, LJ 廉洁纪律, QZ 群众纪律, GZ 工作纪律, SH 生活纪律 — and SF 涉法行为. The
// second level is the list of the 广昌县 online reporting form, extended for 群众纪律 with the items
// of 条例 Art. 122/124/125/126/128 and for 涉法行为 with the types of 监察法 Art. 11(二).
// Subcategory codes are "<category>.<two digits>"; "<category>.99" is always 其他 (other), so a
// reporter who can name only the discipline still has a subcategory to choose and new items can
// be added without renumbering.
//
// The lists are immutable after first use and safe to read from any thread.
#include <string>
#include <string_view>
#include <vector>

namespace xzq::domain {

struct ViolationSubcategory {
    std::string code;  // e.g. "LJ.02"
    std::string name_zh;
    std::string name_en;
};

struct ViolationCategory {
    std::string code;  // e.g. "LJ"
    std::string name_zh;
    std::string name_en;
    std::vector<ViolationSubcategory> subcategories;
};

const std::vector<ViolationCategory>& violation_categories();
// nullptr when `code` is not a subcategory code (first-level codes are not subcategories).
const ViolationSubcategory* find_violation_subcategory(std::string_view code);
// The first level of a subcategory code ("LJ.02" → LJ); nullptr when the code is unknown.
const ViolationCategory* category_of(std::string_view subcategory_code);

// Village-level problem areas (domain.md §4.1, "问题领域/专项").
struct ProblemArea {
    std::string code;  // lower_snake, e.g. "land_compensation"
    std::string name_zh;
    std::string name_en;
};

const std::vector<ProblemArea>& problem_areas();
const ProblemArea* find_problem_area(std::string_view code);

}  // namespace xzq::domain
