#include "services/people_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "services/organisation_service.hpp"

namespace xzq::services {

using domain::Action;
using domain::Person;
using domain::Principal;

namespace {

Error person_not_found(long long id) {
    return not_found_error("人员", "person", id);
}

// What a person's location is built from; loaded once per call so that lists stay cheap.
struct LocationFacts {
    std::map<long long, domain::OrgUnit> units;
    std::vector<domain::ZoneMembership> memberships;
};

Result<LocationFacts> location_facts(OrganisationRepository& organisation, std::string_view county) {
    LocationFacts facts;
    XZQ_TRY(auto units, organisation.units(county));
    for (auto& unit : units) facts.units.emplace(unit.id, std::move(unit));
    XZQ_TRY(facts.memberships, organisation.memberships(county));
    return facts;
}

std::optional<std::string> work_township(const Person& person, const LocationFacts& facts) {
    if (person.org_unit_id) {
        auto unit = facts.units.find(*person.org_unit_id);
        if (unit != facts.units.end() && unit->second.township_code) return unit->second.township_code;
    }
    return std::nullopt;
}

domain::RecordLocation locate(const Person& person, const LocationFacts& facts, domain::Date day) {
    domain::RecordLocation location;
    location.county_code = person.county_code;
    location.township_code = work_township(person, facts);
    if (!location.township_code) location.township_code = person.home_township_code;
    if (location.township_code) {
        location.zone_ids = zone_ids_of(facts.memberships, *location.township_code, day);
    }
    return location;
}

bool matches(const Person& person, const PeopleFilter& filter, const LocationFacts& facts) {
    if (filter.status && person.status != *filter.status) return false;
    if (filter.skill && std::find(person.skills.begin(), person.skills.end(), *filter.skill) == person.skills.end()) {
        return false;
    }
    if (filter.name_contains && person.name.find(*filter.name_contains) == std::string::npos) {
        return false;
    }
    if (filter.township_code) {
        auto work = work_township(person, facts);
        if (person.home_township_code != filter.township_code && work != filter.township_code) {
            return false;
        }
    }
    return true;
}

}  // namespace

Result<domain::RecordLocation> PeopleService::location_of(const Person& person, domain::Date day) {
    XZQ_TRY(auto facts, location_facts(m_organisation, person.county_code));
    return locate(person, facts, day);
}

Result<Person> PeopleService::visible_person(const Principal& who, Action action, long long id) {
    XZQ_TRY(auto found, m_people.person(id));
    if (!found || found->county_code != who.county_code) return person_not_found(id);
    XZQ_TRY(auto location, location_of(*found, china_today(m_clock)));
    if (!domain::may_on(who, action, location)) {
        // Someone who may read the person but not change them gets a plain refusal; someone who
        // may not even read them learns nothing about their existence.
        if (action != Action::people_read && domain::may_on(who, Action::people_read, location)) {
            return forbidden_error();
        }
        return person_not_found(id);
    }
    return std::move(*found);
}

Result<domain::SkillCatalogue> PeopleService::skills(std::string_view county_code) {
    XZQ_TRY(auto extra, m_people.extra_skills(county_code));
    return domain::SkillCatalogue(extra);
}

Result<void> PeopleService::add_skill(const Principal& who, std::string_view county_code, const domain::Skill& skill) {
    domain::RecordLocation county{std::string(county_code), std::nullopt, {}, std::nullopt, {}};
    if (!domain::may_on(who, Action::people_write, county)) return forbidden_error();
    XZQ_TRY_VOID(domain::validate_skill(skill));
    XZQ_TRY(auto catalogue, skills(county_code));
    if (catalogue.find(skill.code) || catalogue.find(skill.name_zh)) {
        return make_error(ErrorKind::conflict, "people.skill_exists", fmt::format("技能“{}”已存在", skill.name_zh),
                          fmt::format("skill '{}' already exists", skill.code));
    }
    return m_people.add_skill(county_code, skill);
}

Result<Person> PeopleService::add_person(const Principal& who, Person person, std::string_view reason) {
    if (person.county_code != who.county_code) return forbidden_error();
    XZQ_TRY(auto catalogue, skills(person.county_code));
    XZQ_TRY(auto valid, domain::validated_person(std::move(person), catalogue));
    if (valid.home_township_code) {
        XZQ_TRY(auto townships, m_organisation.townships(valid.county_code));
        if (std::none_of(townships.begin(), townships.end(),
                         [&](const TownshipRef& t) { return t.code == *valid.home_township_code; })) {
            return make_error(ErrorKind::invalid_input, "people.unknown_township",
                              fmt::format("本县没有乡镇 {}", *valid.home_township_code),
                              fmt::format("the county has no township {}", *valid.home_township_code));
        }
    }
    if (valid.org_unit_id) {
        XZQ_TRY(auto unit, m_organisation.unit(*valid.org_unit_id));
        if (!unit || unit->county_code != valid.county_code) {
            return make_error(ErrorKind::invalid_input, "people.unknown_unit", "所在单位不存在",
                              "the unit does not exist");
        }
    }
    XZQ_TRY(auto location, location_of(valid, china_today(m_clock)));
    if (!domain::may_on(who, Action::people_write, location)) return forbidden_error();
    if (valid.external_id) {
        XZQ_TRY(auto taken, m_people.person_by_external_id(valid.county_code, *valid.external_id));
        if (taken) {
            return make_error(ErrorKind::conflict, "people.duplicate_external_id",
                              fmt::format("编号“{}”已在干部库中", *valid.external_id),
                              fmt::format("external id '{}' is already in the cadre pool", *valid.external_id));
        }
    }
    std::string why = reason.empty() ? std::string("入库") : std::string(reason);
    domain::StatusChange entry{0, 0, china_today(m_clock), std::nullopt, valid.status, why, who.username};
    XZQ_TRY(auto ids, m_people.add_people({valid}, {entry}));
    valid.id = ids.at(0);
    return valid;
}

Result<Person> PeopleService::update_person(const Principal& who, Person person) {
    XZQ_TRY(auto current, visible_person(who, Action::people_write, person.id));
    person.county_code = current.county_code;
    person.status = current.status;  // statuses change only with a reason, through change_status
    XZQ_TRY(auto catalogue, skills(person.county_code));
    XZQ_TRY(auto valid, domain::validated_person(std::move(person), catalogue));
    if (valid.external_id && valid.external_id != current.external_id) {
        XZQ_TRY(auto taken, m_people.person_by_external_id(valid.county_code, *valid.external_id));
        if (taken && taken->id != valid.id) {
            return make_error(ErrorKind::conflict, "people.duplicate_external_id",
                              fmt::format("编号“{}”已在干部库中", *valid.external_id),
                              fmt::format("external id '{}' is already in the cadre pool", *valid.external_id));
        }
    }
    // The new location must stay within the caller's scope too: nobody moves a person out of
    // reach, or into another township's data, by editing them.
    XZQ_TRY(auto location, location_of(valid, china_today(m_clock)));
    if (!domain::may_on(who, Action::people_write, location)) return forbidden_error();
    XZQ_TRY_VOID(m_people.update_person(valid));
    return valid;
}

Result<Person> PeopleService::person(const Principal& who, long long id) {
    return visible_person(who, Action::people_read, id);
}

Result<std::vector<Person>> PeopleService::people(const Principal& who, std::string_view county_code,
                                                  const PeopleFilter& filter) {
    if (county_code != who.county_code || !domain::may(who, Action::people_read)) return forbidden_error();
    XZQ_TRY(auto all, m_people.people(county_code));
    XZQ_TRY(auto facts, location_facts(m_organisation, county_code));
    const auto today = china_today(m_clock);
    std::vector<Person> out;
    for (auto& p : all) {
        if (!matches(p, filter, facts)) continue;
        if (domain::may_on(who, Action::people_read, locate(p, facts, today))) out.push_back(std::move(p));
    }
    return out;
}

Result<domain::StatusChange> PeopleService::change_status(const Principal& who, long long person_id,
                                                          domain::PersonStatus status, domain::Date date,
                                                          std::string_view reason) {
    XZQ_TRY(auto current, visible_person(who, Action::people_write, person_id));
    XZQ_TRY(auto history, m_people.status_history(person_id));
    std::optional<domain::Date> last;
    if (!history.empty()) last = history.back().date;
    XZQ_TRY_VOID(domain::check_status_change(current.status, status, reason, date, last));
    domain::StatusChange change{0, person_id, date, current.status, status, std::string(reason), who.username};
    return m_people.record_status_change(change);
}

Result<std::vector<domain::StatusChange>> PeopleService::status_history(const Principal& who, long long person_id) {
    XZQ_TRY(auto found, visible_person(who, Action::people_read, person_id));
    return m_people.status_history(found.id);
}

Result<domain::Relationship> PeopleService::declare_relationship(const Principal& who,
                                                                 domain::Relationship relationship) {
    XZQ_TRY(auto owner, visible_person(who, Action::people_write, relationship.person_id));
    XZQ_TRY_VOID(domain::validate_relationship(relationship, owner.county_code));
    if (relationship.other_person_id) {
        // The other person need not be in the caller's scope (a relative may live anywhere in
        // the county), but must exist in the same county.
        XZQ_TRY(auto other, m_people.person(*relationship.other_person_id));
        if (!other || other->county_code != owner.county_code) {
            return person_not_found(*relationship.other_person_id);
        }
    }
    if (relationship.place_code && relationship.place_code->size() == 12) {
        XZQ_TRY(bool exists, m_organisation.village_exists(*relationship.place_code));
        if (!exists) {
            return make_error(ErrorKind::invalid_input, "people.unknown_village",
                              fmt::format("没有村 {}", *relationship.place_code),
                              fmt::format("no village {}", *relationship.place_code));
        }
    } else if (relationship.place_code) {
        XZQ_TRY(auto townships, m_organisation.townships(owner.county_code));
        if (std::none_of(townships.begin(), townships.end(),
                         [&](const TownshipRef& t) { return t.code == *relationship.place_code; })) {
            return make_error(ErrorKind::invalid_input, "people.unknown_township",
                              fmt::format("本县没有乡镇 {}", *relationship.place_code),
                              fmt::format("the county has no township {}", *relationship.place_code));
        }
    }
    return m_people.add_relationship(owner.county_code, relationship);
}

Result<std::vector<domain::Relationship>> PeopleService::relationships(const Principal& who, long long person_id) {
    XZQ_TRY(auto found, visible_person(who, Action::people_read, person_id));
    return m_people.relationships(found.id);
}

Result<ImportReport> PeopleService::import_people(const Principal& who, std::string_view county_code,
                                                  const domain::Sheet& sheet) {
    domain::RecordLocation county{std::string(county_code), std::nullopt, {}, std::nullopt, {}};
    // A whole-county import needs a county scope: rows may land in any township.
    if (!domain::may_on(who, Action::people_import, county)) return forbidden_error();
    domain::ImportContext context;
    context.county_code = std::string(county_code);
    XZQ_TRY(auto townships, m_organisation.townships(county_code));
    if (townships.empty()) {
        return make_error(ErrorKind::not_found, "org.county_not_found",
                          fmt::format("县 {} 尚无区划数据，请先导入区划", county_code),
                          fmt::format("county {} has no divisions; import them first", county_code));
    }
    for (const auto& t : townships) context.township_codes.insert(t.code);
    XZQ_TRY(auto ids, m_people.external_ids(county_code));
    context.existing_external_ids.insert(ids.begin(), ids.end());
    XZQ_TRY(auto units, m_organisation.units(county_code));
    for (const auto& unit : units) context.unit_by_name.emplace(unit.name, unit.id);
    XZQ_TRY(context.skills, skills(county_code));

    auto check = domain::check_import(sheet, context);
    ImportReport report;
    report.rows = static_cast<int>(sheet.rows.size());
    if (!check.ok()) {
        report.problems = std::move(check.problems);
        return report;
    }
    const auto today = china_today(m_clock);
    std::vector<domain::StatusChange> entries;
    for (const auto& p : check.people) {
        entries.push_back({0, 0, today, std::nullopt, p.status, "批量导入入库", who.username});
    }
    XZQ_TRY(report.ids, m_people.add_people(check.people, entries));
    report.accepted = true;
    return report;
}

Result<std::vector<std::string>> PeopleService::townships_of(const Person& person) {
    std::vector<std::string> out;
    if (person.home_township_code) out.push_back(*person.home_township_code);
    if (person.org_unit_id) {
        XZQ_TRY(auto unit, m_organisation.unit(*person.org_unit_id));
        if (unit && unit->township_code) out.push_back(*unit->township_code);
    }
    return out;
}

Result<bool> PeopleService::is_county_leader(long long person_id, std::string_view county_code) {
    XZQ_TRY(auto approver, m_people.person(person_id));
    if (!approver) return false;
    domain::LeaderCandidate candidate{approver->id,          approver->name,
                                      approver->county_code, approver->status == domain::PersonStatus::exited,
                                      approver->leads_unit,  std::nullopt};
    if (approver->org_unit_id) {
        XZQ_TRY(candidate.unit, m_organisation.unit(*approver->org_unit_id));
    }
    return domain::check_zone_chief(candidate, county_code).ok();
}

Result<domain::Secondment> PeopleService::second(const Principal& who, domain::SecondmentRequest request) {
    request.county_code = who.county_code;
    XZQ_TRY(auto zone, m_organisation.zone(request.zone_id));
    if (!zone || zone->county_code != who.county_code) return not_found_error("协作区", "zone", request.zone_id);
    domain::RecordLocation zone_location{zone->county_code, std::nullopt, {std::to_string(zone->id)}, std::nullopt, {}};
    if (!domain::may_on(who, Action::secondment_write, zone_location)) return forbidden_error();
    if (who.person_id) {
        request.requested_by_person_id = *who.person_id;
    } else if (who.user_id != 0) {
        return make_error(ErrorKind::forbidden, "secondment.no_person", "账号未关联人员，不能发起借调",
                          "this account is not linked to a person and cannot second cadres");
    }
    XZQ_TRY(auto cadre, m_people.person(request.person_id));
    if (!cadre || cadre->county_code != who.county_code) return person_not_found(request.person_id);

    domain::SecondmentFacts facts;
    facts.person_name = cadre->name;
    facts.person_status = cadre->status;
    XZQ_TRY(facts.person_townships, townships_of(*cadre));
    XZQ_TRY(auto memberships, m_organisation.memberships(who.county_code));
    for (const auto& m : domain::memberships_as_of(memberships, request.from)) {
        if (m.zone_id == zone->id) facts.zone_townships.insert(m.township_code);
    }
    facts.zone_chief_person_id = zone->chief_person_id;
    XZQ_TRY(facts.person_secondments, m_secondments.secondments_of_person(cadre->id));
    XZQ_TRY(auto planned, domain::plan_secondment(request, facts));
    return m_secondments.add_secondment(planned);
}

Result<domain::Secondment> PeopleService::decide(const Principal& who, long long secondment_id, bool approve,
                                                 long long approver_person_id) {
    XZQ_TRY(auto found, m_secondments.secondment(secondment_id));
    if (!found || found->county_code != who.county_code) {
        return not_found_error("借调", "secondment", secondment_id);
    }
    domain::RecordLocation county{who.county_code, std::nullopt, {}, std::nullopt, {}};
    if (!domain::may_on(who, Action::secondment_write, county)) return forbidden_error();
    if (who.person_id) approver_person_id = *who.person_id;
    XZQ_TRY(bool leader, is_county_leader(approver_person_id, who.county_code));
    XZQ_TRY(auto decided, domain::decide_secondment(*found, approve, approver_person_id, leader, china_today(m_clock)));
    XZQ_TRY_VOID(m_secondments.update_secondment(decided));
    return decided;
}

Result<domain::Secondment> PeopleService::secondment_for_zone_write(const Principal& who, long long id) {
    XZQ_TRY(auto found, m_secondments.secondment(id));
    if (!found || found->county_code != who.county_code) return not_found_error("借调", "secondment", id);
    domain::RecordLocation zone_location{
        found->county_code, std::nullopt, {std::to_string(found->zone_id)}, std::nullopt, {}};
    if (!domain::may_on(who, Action::secondment_write, zone_location)) return forbidden_error();
    return std::move(*found);
}

Result<domain::Secondment> PeopleService::release(const Principal& who, long long secondment_id, domain::Date day) {
    XZQ_TRY(auto found, secondment_for_zone_write(who, secondment_id));
    XZQ_TRY(auto released, domain::release_secondment(found, day));
    XZQ_TRY_VOID(m_secondments.update_secondment(released));
    return released;
}

Result<std::vector<domain::Secondment>> PeopleService::secondments_of_person(const Principal& who,
                                                                             long long person_id) {
    XZQ_TRY(auto found, visible_person(who, Action::people_read, person_id));
    if (!domain::may(who, Action::secondment_read)) return forbidden_error();
    return m_secondments.secondments_of_person(found.id);
}

Result<std::vector<domain::Secondment>> PeopleService::secondments_of_zone(const Principal& who, long long zone_id) {
    XZQ_TRY(auto zone, m_organisation.zone(zone_id));
    if (!zone || zone->county_code != who.county_code) return not_found_error("协作区", "zone", zone_id);
    domain::RecordLocation zone_location{zone->county_code, std::nullopt, {std::to_string(zone_id)}, std::nullopt, {}};
    if (!domain::may_on(who, Action::secondment_read, zone_location)) {
        return not_found_error("协作区", "zone", zone_id);
    }
    return m_secondments.secondments_of_zone(zone_id);
}

Result<std::vector<PoolCandidate>> PeopleService::pool_candidates(const Principal& who, domain::Date day) {
    if (!domain::may(who, Action::secondment_write)) return forbidden_error();
    XZQ_TRY(auto all, m_people.people(who.county_code));
    XZQ_TRY(auto facts, location_facts(m_organisation, who.county_code));
    // Listed in the order of the organisation chart (the units' own order), then by name.
    std::vector<std::pair<const domain::OrgUnit*, PoolCandidate>> found;
    for (auto& p : all) {
        // Township units belong to a zone (the chief seconds those directly); resident groups
        // sit in other agencies; the commission's own leaders and the department heads run the
        // county's work and are not lent out through a zone request.
        if (!p.org_unit_id || p.leads_unit) continue;
        auto unit = facts.units.find(*p.org_unit_id);
        if (unit == facts.units.end() || unit->second.type != domain::OrgUnitType::department) continue;
        // Someone seconded elsewhere for good (status "seconded") or gone is not available.
        if (p.status != domain::PersonStatus::in_post && p.status != domain::PersonStatus::in_training) continue;
        XZQ_TRY(auto secondments, m_secondments.secondments_of_person(p.id));
        found.emplace_back(&unit->second,
                           PoolCandidate{p.id, std::move(p.name), std::move(p.post), unit->second.name,
                                         std::move(p.skills), p.status, domain::workload(secondments, day)});
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return std::tie(a.first->sort_order, a.first->id, a.second.name, a.second.id) <
               std::tie(b.first->sort_order, b.first->id, b.second.name, b.second.id);
    });
    std::vector<PoolCandidate> out;
    out.reserve(found.size());
    for (auto& [unit, candidate] : found) out.push_back(std::move(candidate));
    return out;
}

Result<int> PeopleService::workload(const Principal& who, long long person_id, domain::Date day) {
    XZQ_TRY(auto secondments, secondments_of_person(who, person_id));
    return domain::workload(secondments, day);
}

}  // namespace xzq::services
