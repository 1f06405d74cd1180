#pragma once
// The organisation of a county's supervision system (domain.md §1, §8.1): the county commission
// with its departments and standing committee, collaboration zones (协作区), the township
// commissions, supervision offices and party committees, and the village supervision
// committees. Zone membership of townships carries effective dates so that history is kept and
// "which zones on day D" has one answer.
//
// Pure values and rules: no I/O, and no clock — callers pass "today" in.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace xzq::domain {

using Date = std::chrono::year_month_day;

// Strict ISO calendar date `YYYY-MM-DD` that exists in the calendar; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date date);
Date add_days(Date date, int days);
// `parse_date` as a Result whose Error names the field, for user input.
Result<Date> parse_date_field(std::string_view text, std::string_view field_zh, std::string_view field_en);

enum class OrgUnitType {
    county_commission,              // 县纪委监委
    standing_committee,             // 常委会
    department,                     // 县纪委监委内设部门（室）
    resident_group,                 // 派驻纪检监察组
    zone,                           // 协作区
    township_commission,            // 乡镇纪委
    township_supervision_office,    // 乡镇监察办公室
    township_party_committee,       // 乡镇党委
    village_supervision_committee,  // 村务监督委员会
    village_info_officer,           // 村级监察信息员
};

// Upper-case identifiers of domain.md §8.1, e.g. "COUNTY_COMMISSION".
std::string_view to_string(OrgUnitType type);
std::optional<OrgUnitType> org_unit_type_from_string(std::string_view text);
std::string_view chinese_name(OrgUnitType type);
const std::vector<OrgUnitType>& all_org_unit_types();

// What a department does; the names themselves are configurable per county.
enum class DepartmentKind {
    petitions,        // 信访室
    case_management,  // 案管室
    supervision,      // 监督检查室（纪检监察室）
    investigation,    // 审查调查室
    review,           // 审理室
    conduct,          // 党风政风监督室
    appeals,          // 申诉复查
    office,           // 办公室 and other support units
};

std::string_view to_string(DepartmentKind kind);
std::optional<DepartmentKind> department_kind_from_string(std::string_view text);
std::string_view chinese_name(DepartmentKind kind);

struct OrgUnit {
    long long id = 0;
    std::string county_code;
    OrgUnitType type = OrgUnitType::department;
    std::string name;
    std::optional<long long> parent_id;
    std::optional<DepartmentKind> department_kind;  // departments only
    std::optional<std::string> township_code;       // township- and village-level units
    std::optional<std::string> village_code;        // village-level units
    int sort_order = 0;
};

// Shape rules of a unit: a name of 1..100 bytes, a department kind exactly for departments, a
// township code in the county for township units, a village code in that township for village
// units, and none for county-level units.
Result<void> validate_org_unit(const OrgUnit& unit);

// Titles of the zone's head and deputy. Counties name them differently (片区组长, 协作区主任…),
// so they are data; 区长/副区长 is the default.
struct ZoneTitles {
    std::string chief = "区长";
    std::string deputy = "副区长";
};

struct Zone {
    long long id = 0;  // the id of the zone's org unit
    std::string county_code;
    std::string name;
    ZoneTitles titles;
    std::optional<long long> chief_person_id;
    std::optional<long long> deputy_person_id;
};

Result<void> validate_zone_titles(const ZoneTitles& titles);

// A township belongs to a zone from `from` (inclusive) up to `to` (exclusive, open when absent).
struct ZoneMembership {
    long long id = 0;
    long long zone_id = 0;
    std::string township_code;
    Date from;
    std::optional<Date> to;

    [[nodiscard]] bool active_on(Date day) const { return from <= day && (!to || day < *to); }
};

// What to do to move a township into a zone on a date: close the open membership (if any) and
// open a new one. Both empty when the township is already in that zone.
struct Rezoning {
    std::optional<ZoneMembership> close;  // the open membership with `to` set
    std::optional<ZoneMembership> open;   // the new membership (id 0)
};

// `history` is every membership of one township. History is never rewritten: the new date must
// be after the start of the open membership, and no membership may already start after it.
Result<Rezoning> plan_rezoning(const std::vector<ZoneMembership>& history, std::string_view township_code,
                               long long zone_id, Date effective);
// Ends the open membership of a township on `effective` (the township then has no zone).
Result<ZoneMembership> plan_leaving(const std::vector<ZoneMembership>& history, std::string_view township_code,
                                    Date effective);

// The memberships in force on `day`.
std::vector<ZoneMembership> memberships_as_of(const std::vector<ZoneMembership>& all, Date day);

// Who may lead a zone (domain.md §1.4): the chief is a leadership member of the county
// commission (a person whose unit is the commission itself or its standing committee); the
// deputy is the director (`leads_unit`) of a supervision department (监督检查室).
struct LeaderCandidate {
    long long person_id = 0;
    std::string name;
    std::string county_code;
    bool exited = false;
    bool leads_unit = false;
    std::optional<OrgUnit> unit;
};

Result<void> check_zone_chief(const LeaderCandidate& candidate, std::string_view county_code);
Result<void> check_zone_deputy(const LeaderCandidate& candidate, std::string_view county_code);

}  // namespace xzq::domain
