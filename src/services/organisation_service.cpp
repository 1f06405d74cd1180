#include "services/organisation_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace xzq::services {

using domain::Action;
using domain::Principal;

domain::Date china_today(const Clock& clock) {
    auto beijing = clock.now() + std::chrono::hours(8);
    return domain::Date{std::chrono::floor<std::chrono::days>(beijing)};
}

Principal console_operator(std::string_view county_code) {
    Principal operator_principal;
    operator_principal.user_id = 0;
    operator_principal.username = "console";
    operator_principal.county_code = std::string(county_code);
    operator_principal.grants.push_back(
        {"county_leader", domain::Scope{domain::ScopeKind::county, std::string(county_code)}});
    return operator_principal;
}

Error forbidden_error() {
    return make_error(ErrorKind::forbidden, "access.forbidden", "没有执行此操作的权限",
                      "you are not allowed to do this");
}

Error not_found_error(std::string_view what_zh, std::string_view what_en, long long id) {
    return make_error(ErrorKind::not_found, "not_found", fmt::format("未找到{}（编号 {}）", what_zh, id),
                      fmt::format("{} {} not found", what_en, id));
}

std::vector<std::string> zone_ids_of(const std::vector<domain::ZoneMembership>& memberships,
                                     std::string_view township_code, domain::Date day) {
    std::vector<std::string> out;
    for (const auto& m : memberships) {
        if (m.township_code == township_code && m.active_on(day)) out.push_back(std::to_string(m.zone_id));
    }
    return out;
}

namespace {

// Organisation data is shared knowledge inside a county: anyone holding org.read there sees it.
Result<void> require_county_read(const Principal& who, std::string_view county_code) {
    if (who.county_code != county_code || !domain::may(who, Action::org_read)) return forbidden_error();
    return Ok{};
}

}  // namespace

Result<void> OrganisationService::require_county_write(const Principal& who, std::string_view county_code) {
    domain::RecordLocation county{std::string(county_code), std::nullopt, {}, std::nullopt, {}};
    if (!domain::may_on(who, Action::org_write, county)) return forbidden_error();
    return Ok{};
}

Result<domain::OrgUnit> OrganisationService::add_unit(const Principal& who, domain::OrgUnit unit) {
    XZQ_TRY_VOID(require_county_write(who, unit.county_code));
    if (unit.type == domain::OrgUnitType::zone) {
        return make_error(ErrorKind::invalid_input, "org.zone_via_zones", "协作区请通过协作区功能创建",
                          "create zones through the zone functions");
    }
    XZQ_TRY_VOID(domain::validate_org_unit(unit));
    if (unit.township_code) {
        XZQ_TRY(auto townships, m_organisation.townships(unit.county_code));
        bool known = std::any_of(townships.begin(), townships.end(),
                                 [&](const TownshipRef& t) { return t.code == *unit.township_code; });
        if (!known) {
            return make_error(ErrorKind::invalid_input, "org.unknown_township",
                              fmt::format("本县没有乡镇 {}", *unit.township_code),
                              fmt::format("the county has no township {}", *unit.township_code));
        }
    }
    if (unit.village_code) {
        XZQ_TRY(bool exists, m_organisation.village_exists(*unit.village_code));
        if (!exists) {
            return make_error(ErrorKind::invalid_input, "org.unknown_village",
                              fmt::format("没有村 {}", *unit.village_code),
                              fmt::format("no village {}", *unit.village_code));
        }
    }
    if (unit.parent_id) {
        XZQ_TRY(auto parent, m_organisation.unit(*unit.parent_id));
        if (!parent || parent->county_code != unit.county_code) {
            return make_error(ErrorKind::invalid_input, "org.unknown_parent", "上级机构不存在",
                              "the parent unit does not exist");
        }
    }
    return m_organisation.add_unit(unit);
}

Result<std::vector<domain::OrgUnit>> OrganisationService::units(const Principal& who, std::string_view county_code) {
    XZQ_TRY_VOID(require_county_read(who, county_code));
    return m_organisation.units(county_code);
}

Result<domain::LeaderCandidate> OrganisationService::leader_candidate(long long person_id) {
    XZQ_TRY(auto person, m_people.person(person_id));
    if (!person) return not_found_error("人员", "person", person_id);
    domain::LeaderCandidate candidate;
    candidate.person_id = person->id;
    candidate.name = person->name;
    candidate.county_code = person->county_code;
    candidate.exited = person->status == domain::PersonStatus::exited;
    candidate.leads_unit = person->leads_unit;
    if (person->org_unit_id) {
        XZQ_TRY(auto unit, m_organisation.unit(*person->org_unit_id));
        candidate.unit = unit;
    }
    return candidate;
}

Result<domain::Zone> OrganisationService::add_zone(const Principal& who, domain::Zone zone) {
    XZQ_TRY_VOID(require_county_write(who, zone.county_code));
    if (zone.name.empty() || zone.name.size() > 100) {
        return make_error(ErrorKind::invalid_input, "zone.bad_name", "协作区名称不能为空，且不超过 100 字节",
                          "a zone name must be 1 to 100 bytes long");
    }
    XZQ_TRY_VOID(domain::validate_zone_titles(zone.titles));
    XZQ_TRY(auto existing, m_organisation.zones(zone.county_code));
    if (std::any_of(existing.begin(), existing.end(), [&](const domain::Zone& z) { return z.name == zone.name; })) {
        return make_error(ErrorKind::conflict, "zone.duplicate_name", fmt::format("协作区“{}”已存在", zone.name),
                          fmt::format("zone '{}' already exists", zone.name));
    }
    if (zone.chief_person_id) {
        XZQ_TRY(auto chief, leader_candidate(*zone.chief_person_id));
        XZQ_TRY_VOID(domain::check_zone_chief(chief, zone.county_code));
    }
    if (zone.deputy_person_id) {
        XZQ_TRY(auto deputy, leader_candidate(*zone.deputy_person_id));
        XZQ_TRY_VOID(domain::check_zone_deputy(deputy, zone.county_code));
    }
    return m_organisation.add_zone(zone, static_cast<int>(existing.size()) + 1);
}

Result<domain::Zone> OrganisationService::zone(const Principal& who, long long zone_id) {
    XZQ_TRY(auto found, m_organisation.zone(zone_id));
    if (!found || found->county_code != who.county_code) return not_found_error("协作区", "zone", zone_id);
    XZQ_TRY_VOID(require_county_read(who, found->county_code));
    return std::move(*found);
}

Result<domain::Zone> OrganisationService::set_zone_leaders(const Principal& who, long long zone_id,
                                                           std::optional<long long> chief,
                                                           std::optional<long long> deputy) {
    XZQ_TRY(auto found, zone(who, zone_id));
    XZQ_TRY_VOID(require_county_write(who, found.county_code));
    if (chief) {
        XZQ_TRY(auto candidate, leader_candidate(*chief));
        XZQ_TRY_VOID(domain::check_zone_chief(candidate, found.county_code));
    }
    if (deputy) {
        XZQ_TRY(auto candidate, leader_candidate(*deputy));
        XZQ_TRY_VOID(domain::check_zone_deputy(candidate, found.county_code));
    }
    found.chief_person_id = chief;
    found.deputy_person_id = deputy;
    XZQ_TRY_VOID(m_organisation.update_zone(found));
    return found;
}

Result<domain::Zone> OrganisationService::set_zone_titles(const Principal& who, long long zone_id,
                                                          domain::ZoneTitles titles) {
    XZQ_TRY(auto found, zone(who, zone_id));
    XZQ_TRY_VOID(require_county_write(who, found.county_code));
    XZQ_TRY_VOID(domain::validate_zone_titles(titles));
    found.titles = std::move(titles);
    XZQ_TRY_VOID(m_organisation.update_zone(found));
    return found;
}

Result<domain::Rezoning> OrganisationService::move_township(const Principal& who, std::string_view township_code,
                                                            long long zone_id, domain::Date effective) {
    XZQ_TRY(auto target, zone(who, zone_id));
    XZQ_TRY_VOID(require_county_write(who, target.county_code));
    XZQ_TRY(auto townships, m_organisation.townships(target.county_code));
    if (std::none_of(townships.begin(), townships.end(),
                     [&](const TownshipRef& t) { return t.code == township_code; })) {
        return make_error(ErrorKind::invalid_input, "zone.unknown_township",
                          fmt::format("本县没有乡镇 {}", township_code),
                          fmt::format("the county has no township {}", township_code));
    }
    XZQ_TRY(auto history, m_organisation.township_history(township_code));
    XZQ_TRY(auto plan, domain::plan_rezoning(history, township_code, zone_id, effective));
    if (plan.open || plan.close) XZQ_TRY_VOID(m_organisation.apply_rezoning(target.county_code, plan));
    return plan;
}

Result<void> OrganisationService::remove_township(const Principal& who, std::string_view township_code,
                                                  domain::Date effective) {
    XZQ_TRY_VOID(require_county_write(who, who.county_code));
    if (!township_code.starts_with(who.county_code)) return forbidden_error();
    XZQ_TRY(auto history, m_organisation.township_history(township_code));
    XZQ_TRY(auto closed, domain::plan_leaving(history, township_code, effective));
    return m_organisation.close_membership(closed);
}

Result<std::vector<ZoneView>> OrganisationService::zones_as_of(const Principal& who, std::string_view county_code,
                                                               domain::Date day) {
    XZQ_TRY_VOID(require_county_read(who, county_code));
    XZQ_TRY(auto zones, m_organisation.zones(county_code));
    XZQ_TRY(auto memberships, m_organisation.memberships(county_code));
    XZQ_TRY(auto townships, m_organisation.townships(county_code));
    std::map<std::string, std::string> names;
    for (const auto& t : townships) names[t.code] = t.name;
    std::map<long long, std::size_t> index;
    std::vector<ZoneView> out;
    for (auto& z : zones) {
        index[z.id] = out.size();
        out.push_back({std::move(z), {}});
    }
    for (const auto& m : domain::memberships_as_of(memberships, day)) {
        auto found = index.find(m.zone_id);
        if (found == index.end()) continue;
        out[found->second].townships.push_back({m.township_code, names[m.township_code]});
    }
    for (auto& view : out) {
        std::sort(view.townships.begin(), view.townships.end(),
                  [](const TownshipRef& a, const TownshipRef& b) { return a.code < b.code; });
    }
    return out;
}

Result<std::vector<domain::ZoneMembership>> OrganisationService::township_history(const Principal& who,
                                                                                  std::string_view township_code) {
    if (!township_code.starts_with(who.county_code)) return forbidden_error();
    XZQ_TRY_VOID(require_county_read(who, who.county_code));
    return m_organisation.township_history(township_code);
}

}  // namespace xzq::services
