#include "domain/organisation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "domain/divisions.hpp"

namespace xzq::domain {

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;

Error invalid(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, std::move(code), std::move(zh), std::move(en));
}

constexpr std::array<std::pair<OrgUnitType, std::string_view>, 10> k_type_names{{
    {OrgUnitType::county_commission, "COUNTY_COMMISSION"},
    {OrgUnitType::standing_committee, "STANDING_COMMITTEE"},
    {OrgUnitType::department, "DEPARTMENT"},
    {OrgUnitType::resident_group, "RESIDENT_GROUP"},
    {OrgUnitType::zone, "ZONE"},
    {OrgUnitType::township_commission, "TOWNSHIP_COMMISSION"},
    {OrgUnitType::township_supervision_office, "TOWNSHIP_SUPERVISION_OFFICE"},
    {OrgUnitType::township_party_committee, "TOWNSHIP_PARTY_COMMITTEE"},
    {OrgUnitType::village_supervision_committee, "VILLAGE_SUPERVISION_COMMITTEE"},
    {OrgUnitType::village_info_officer, "VILLAGE_INFO_OFFICER"},
}};

constexpr std::array<std::pair<DepartmentKind, std::string_view>, 8> k_department_names{{
    {DepartmentKind::petitions, "petitions"},
    {DepartmentKind::case_management, "case_management"},
    {DepartmentKind::supervision, "supervision"},
    {DepartmentKind::investigation, "investigation"},
    {DepartmentKind::review, "review"},
    {DepartmentKind::conduct, "conduct"},
    {DepartmentKind::appeals, "appeals"},
    {DepartmentKind::office, "office"},
}};

bool township_level(OrgUnitType type) {
    return type == OrgUnitType::township_commission || type == OrgUnitType::township_supervision_office ||
           type == OrgUnitType::township_party_committee;
}

bool village_level(OrgUnitType type) {
    return type == OrgUnitType::village_supervision_committee || type == OrgUnitType::village_info_officer;
}

std::optional<ZoneMembership> open_membership(const std::vector<ZoneMembership>& history) {
    for (const auto& membership : history) {
        if (!membership.to) return membership;
    }
    return std::nullopt;
}

// Refuses a change dated on or before a membership that already began: that would rewrite
// what the record says the township belonged to on those days.
Result<void> check_not_rewriting(const std::vector<ZoneMembership>& history, std::string_view township_code,
                                 Date effective) {
    for (const auto& membership : history) {
        if (membership.township_code != township_code) {
            return invalid("zone.membership_mixed", "归属记录属于不同乡镇", "the membership history mixes townships");
        }
        if (membership.from >= effective) {
            return invalid("zone.membership_backdated",
                           fmt::format("乡镇 {} 自 {} 起已有协作区归属，调整日期 {} 必须晚于该日期（历史记录不可改写）",
                                       township_code, format_date(membership.from), format_date(effective)),
                           fmt::format("township {} has a zone membership from {}; a change dated {} must be "
                                       "later (history is never rewritten)",
                                       township_code, format_date(membership.from), format_date(effective)));
        }
    }
    return Ok{};
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto number = [&](std::size_t at, std::size_t length) -> std::optional<int> {
        int value = 0;
        for (std::size_t i = at; i < at + length; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (!y || !m || !d || *y < 1900) return std::nullopt;
    Date date{year(*y), month(static_cast<unsigned>(*m)), day(static_cast<unsigned>(*d))};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string format_date(Date date) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

Date add_days(Date date, int days) {
    return Date{sys_days(date) + std::chrono::days(days)};
}

Result<Date> parse_date_field(std::string_view text, std::string_view field_zh, std::string_view field_en) {
    if (auto date = parse_date(text)) return *date;
    return invalid("date.invalid", fmt::format("{}“{}”不是有效日期，应为 YYYY-MM-DD", field_zh, text),
                   fmt::format("{} '{}' is not a valid date; use YYYY-MM-DD", field_en, text));
}

std::string_view to_string(OrgUnitType type) {
    for (const auto& [t, name] : k_type_names) {
        if (t == type) return name;
    }
    return "DEPARTMENT";
}

std::optional<OrgUnitType> org_unit_type_from_string(std::string_view text) {
    for (const auto& [t, name] : k_type_names) {
        if (name == text) return t;
    }
    return std::nullopt;
}

std::string_view chinese_name(OrgUnitType type) {
    switch (type) {
        case OrgUnitType::county_commission:
            return "县纪委监委";
        case OrgUnitType::standing_committee:
            return "常委会";
        case OrgUnitType::department:
            return "内设部门";
        case OrgUnitType::resident_group:
            return "派驻纪检监察组";
        case OrgUnitType::zone:
            return "协作区";
        case OrgUnitType::township_commission:
            return "乡镇纪委";
        case OrgUnitType::township_supervision_office:
            return "乡镇监察办公室";
        case OrgUnitType::township_party_committee:
            return "乡镇党委";
        case OrgUnitType::village_supervision_committee:
            return "村务监督委员会";
        case OrgUnitType::village_info_officer:
            return "村级监察信息员";
    }
    return "内设部门";
}

const std::vector<OrgUnitType>& all_org_unit_types() {
    static const std::vector<OrgUnitType> types = [] {
        std::vector<OrgUnitType> out;
        for (const auto& entry : k_type_names) out.push_back(entry.first);
        return out;
    }();
    return types;
}

std::string_view to_string(DepartmentKind kind) {
    for (const auto& [k, name] : k_department_names) {
        if (k == kind) return name;
    }
    return "office";
}

std::optional<DepartmentKind> department_kind_from_string(std::string_view text) {
    for (const auto& [k, name] : k_department_names) {
        if (name == text) return k;
    }
    return std::nullopt;
}

std::string_view chinese_name(DepartmentKind kind) {
    switch (kind) {
        case DepartmentKind::petitions:
            return "信访室";
        case DepartmentKind::case_management:
            return "案件监督管理室";
        case DepartmentKind::supervision:
            return "监督检查室";
        case DepartmentKind::investigation:
            return "审查调查室";
        case DepartmentKind::review:
            return "案件审理室";
        case DepartmentKind::conduct:
            return "党风政风监督室";
        case DepartmentKind::appeals:
            return "申诉复查室";
        case DepartmentKind::office:
            return "办公室";
    }
    return "办公室";
}

Result<void> validate_org_unit(const OrgUnit& unit) {
    if (!is_county_code(unit.county_code)) {
        return invalid("org.bad_county_code", fmt::format("县级区划代码“{}”无效", unit.county_code),
                       fmt::format("county code '{}' is invalid", unit.county_code));
    }
    if (unit.name.empty() || unit.name.size() > 100) {
        return invalid("org.unit_bad_name", "机构名称不能为空，且不超过 100 字节",
                       "a unit name must be 1 to 100 bytes long");
    }
    const bool department = unit.type == OrgUnitType::department;
    if (department != unit.department_kind.has_value()) {
        return invalid("org.unit_department_kind", "内设部门必须注明职能类别，其他机构不得注明",
                       "a department needs a department kind, and other units must have none");
    }
    const bool needs_township = township_level(unit.type) || village_level(unit.type);
    if (needs_township) {
        if (!unit.township_code || !is_township_code(*unit.township_code) ||
            !unit.township_code->starts_with(unit.county_code)) {
            return invalid("org.unit_township", fmt::format("{}必须属于本县的一个乡镇", chinese_name(unit.type)),
                           fmt::format("a {} must belong to a township of the county", to_string(unit.type)));
        }
    } else if (unit.township_code) {
        return invalid("org.unit_township", fmt::format("{}不属于乡镇，不应填写乡镇代码", chinese_name(unit.type)),
                       fmt::format("a {} is not a township unit and takes no township code", to_string(unit.type)));
    }
    if (village_level(unit.type)) {
        if (!unit.village_code || !is_village_code(*unit.village_code) ||
            !unit.village_code->starts_with(*unit.township_code)) {
            return invalid("org.unit_village", fmt::format("{}必须属于该乡镇的一个村", chinese_name(unit.type)),
                           fmt::format("a {} must belong to a village of its township", to_string(unit.type)));
        }
    } else if (unit.village_code) {
        return invalid("org.unit_village", "只有村级机构可以填写村代码",
                       "only village-level units take a village code");
    }
    return Ok{};
}

Result<void> validate_zone_titles(const ZoneTitles& titles) {
    auto bad = [](const std::string& title) { return title.empty() || title.size() > 60; };
    if (bad(titles.chief) || bad(titles.deputy)) {
        return invalid("zone.bad_titles", "协作区负责人职务名称不能为空，且不超过 60 字节",
                       "zone role titles must be 1 to 60 bytes long");
    }
    return Ok{};
}

Result<Rezoning> plan_rezoning(const std::vector<ZoneMembership>& history, std::string_view township_code,
                               long long zone_id, Date effective) {
    if (!is_township_code(township_code)) {
        return invalid("zone.bad_township", fmt::format("乡镇代码“{}”无效", township_code),
                       fmt::format("township code '{}' is invalid", township_code));
    }
    auto open = open_membership(history);
    if (open && open->zone_id == zone_id) return Rezoning{};  // already there: nothing to do
    XZQ_TRY_VOID(check_not_rewriting(history, township_code, effective));
    Rezoning plan;
    if (open) {
        open->to = effective;
        plan.close = open;
    }
    plan.open = ZoneMembership{0, zone_id, std::string(township_code), effective, std::nullopt};
    return plan;
}

Result<ZoneMembership> plan_leaving(const std::vector<ZoneMembership>& history, std::string_view township_code,
                                    Date effective) {
    auto open = open_membership(history);
    if (!open) {
        return invalid("zone.no_membership", fmt::format("乡镇 {} 当前不属于任何协作区", township_code),
                       fmt::format("township {} belongs to no zone now", township_code));
    }
    XZQ_TRY_VOID(check_not_rewriting(history, township_code, effective));
    open->to = effective;
    return *open;
}

std::vector<ZoneMembership> memberships_as_of(const std::vector<ZoneMembership>& all, Date day) {
    std::vector<ZoneMembership> out;
    std::copy_if(all.begin(), all.end(), std::back_inserter(out),
                 [&](const ZoneMembership& m) { return m.active_on(day); });
    return out;
}

Result<void> check_zone_chief(const LeaderCandidate& candidate, std::string_view county_code) {
    const bool leader = candidate.county_code == county_code && !candidate.exited && candidate.unit &&
                        candidate.unit->county_code == county_code &&
                        (candidate.unit->type == OrgUnitType::county_commission ||
                         candidate.unit->type == OrgUnitType::standing_committee);
    if (!leader) {
        return invalid("zone.chief_not_leader",
                       fmt::format("{}不是本县纪委监委领导班子成员，不能担任协作区负责人", candidate.name),
                       fmt::format("{} is not a leadership member of the county commission and "
                                   "cannot lead a zone",
                                   candidate.name));
    }
    return Ok{};
}

Result<void> check_zone_deputy(const LeaderCandidate& candidate, std::string_view county_code) {
    const bool director = candidate.county_code == county_code && !candidate.exited && candidate.leads_unit &&
                          candidate.unit && candidate.unit->county_code == county_code &&
                          candidate.unit->type == OrgUnitType::department &&
                          candidate.unit->department_kind == DepartmentKind::supervision;
    if (!director) {
        return invalid("zone.deputy_not_director",
                       fmt::format("{}不是本县监督检查室主任，不能担任协作区副职", candidate.name),
                       fmt::format("{} is not the director of a supervision office of the county "
                                   "and cannot be a zone deputy",
                                   candidate.name));
    }
    return Ok{};
}

}  // namespace xzq::domain
