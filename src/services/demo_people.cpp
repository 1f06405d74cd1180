#include "services/demo_people.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "services/organisation_service.hpp"
#include "services/people_service.hpp"

namespace xzq::services {

namespace {

using domain::DepartmentKind;
using domain::OrgUnitType;
using domain::Rank;

constexpr std::string_view k_demo_county = "410225";

// Zones of neighbouring townships, roughly by geography: the south, the three subdistricts of
// the county town, the Yellow River bend in the north-west, the north, the east, the south-west.
// The zones are the first units created, in this order, so that on a fresh database 南部协作区
// (with 堌阳镇 and 南彰镇) has id 1: the demo accounts zonechief and zonedeputy hold `zone:1`.
struct DemoZone {
    std::string_view name;
    std::vector<std::string_view> townships;
};

const std::vector<DemoZone>& demo_zones() {
    static const std::vector<DemoZone> zones = {
        {"南部协作区", {"410225101", "410225102", "410225406"}},
        {"城区协作区", {"410225001", "410225002", "410225003", "410225404"}},
        {"黄河湾协作区", {"410225106", "410225201", "410225207", "410225402"}},
        {"北部协作区", {"410225105", "410225208", "410225403"}},
        {"东部协作区", {"410225103", "410225104", "410225108", "410225401"}},
        {"西南协作区", {"410225107", "410225206", "410225209", "410225405"}},
    };
    return zones;
}

constexpr std::array<std::string_view, 60> k_surnames = {
    "张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "范", "金", "石"};

struct GivenName {
    std::string_view name;
    domain::Gender gender;
};

constexpr domain::Gender M = domain::Gender::male;
constexpr domain::Gender F = domain::Gender::female;

constexpr std::array<GivenName, 40> k_given_names = {{
    {"建国", M}, {"红梅", F}, {"志强", M}, {"秀英", F}, {"海涛", M}, {"丽娟", F}, {"国庆", M}, {"晓燕", F},
    {"文博", M}, {"春花", F}, {"德胜", M}, {"玉兰", F}, {"明辉", M}, {"桂芳", F}, {"振华", M}, {"雪梅", F},
    {"永强", M}, {"慧敏", F}, {"伟东", M}, {"淑珍", F}, {"俊杰", M}, {"美玲", F}, {"立新", M}, {"静怡", F},
    {"宏伟", M}, {"翠萍", F}, {"学军", M}, {"凤英", F}, {"长青", M}, {"彩霞", F}, {"新民", M}, {"晓丽", F},
    {"卫东", M}, {"金凤", F}, {"鹏飞", M}, {"艳霞", F}, {"保国", M}, {"会芳", F}, {"朝阳", M}, {"素娟", F},
}};

// The n-th invented name: strides coprime with the list sizes spread the combinations.
std::pair<std::string, domain::Gender> demo_name(int n) {
    const auto& given = k_given_names[static_cast<std::size_t>(n * 7 + 3) % k_given_names.size()];
    const auto surname = k_surnames[static_cast<std::size_t>(n * 13 + 5) % k_surnames.size()];
    return {std::string(surname) + std::string(given.name), given.gender};
}

std::string demo_phone(int n) {
    return fmt::format("13{}{:08}", 7 + n % 3, 37810000 + n * 7919);
}

const std::vector<std::vector<std::string>>& skill_sets() {
    static const std::vector<std::vector<std::string>> sets = {
        {"investigation", "law"},
        {"financial_audit", "rural_policy"},
        {"case_review", "law"},
        {"information_technology", "writing"},
        {"engineering", "financial_audit"},
        {"petitions", "rural_policy"},
        {"investigation", "financial_audit"},
    };
    return sets;
}

class Seeder {
  public:
    Seeder(OrganisationRepository& organisation, PeopleRepository& people, SecondmentRepository& secondments,
           const Clock& clock)
        : m_operator(console_operator(k_demo_county)),
          m_organisation(organisation),
          m_people(people),
          m_org_service(organisation, people),
          m_people_service(people, organisation, secondments, clock),
          m_today(china_today(clock)) {}

    Result<DemoPeopleSummary> run() {
        XZQ_TRY(auto townships, m_organisation.townships(k_demo_county));
        for (const auto& t : townships) m_township_names[t.code] = t.name;
        for (const auto& zone : demo_zones()) {
            for (auto code : zone.townships) {
                if (!m_township_names.contains(std::string(code))) {
                    return make_error(ErrorKind::not_found, "demo.no_divisions",
                                      fmt::format("缺少乡镇 {}：请先导入兰考县区划", code),
                                      fmt::format("township {} is missing: import the divisions of "
                                                  "兰考县 first",
                                                  code));
                }
            }
        }
        XZQ_TRY(auto units, m_organisation.units(k_demo_county));
        for (const auto& unit : units) m_units[unit_key(unit.type, unit.name)] = unit.id;

        XZQ_TRY_VOID(seed_zone_units());
        XZQ_TRY_VOID(seed_county());
        XZQ_TRY_VOID(seed_townships());
        XZQ_TRY_VOID(seed_zones());
        XZQ_TRY_VOID(seed_relationships());
        XZQ_TRY_VOID(seed_secondment());
        return m_summary;
    }

  private:
    static std::string unit_key(OrgUnitType type, std::string_view name) {
        return fmt::format("{}|{}", to_string(type), name);
    }

    Result<long long> ensure_unit(OrgUnitType type, std::string name, std::optional<long long> parent,
                                  std::optional<DepartmentKind> kind = std::nullopt,
                                  std::optional<std::string> township = std::nullopt) {
        auto key = unit_key(type, name);
        if (auto found = m_units.find(key); found != m_units.end()) return found->second;
        domain::OrgUnit unit;
        unit.county_code = std::string(k_demo_county);
        unit.type = type;
        unit.name = std::move(name);
        unit.parent_id = parent;
        unit.department_kind = kind;
        unit.township_code = std::move(township);
        unit.sort_order = static_cast<int>(m_units.size());
        XZQ_TRY(auto added, m_org_service.add_unit(m_operator, unit));
        m_units[key] = added.id;
        ++m_summary.units_added;
        return added.id;
    }

    struct DemoPerson {
        std::string external_id;
        std::string post;
        long long unit_id = 0;
        bool leads_unit = false;
        Rank rank = Rank::general_cadre;
        std::optional<std::string> home_township;
    };

    Result<long long> ensure_person(const DemoPerson& spec) {
        XZQ_TRY(auto existing, m_people.person_by_external_id(k_demo_county, spec.external_id));
        int n = m_person_counter++;
        if (existing) return existing->id;
        auto [name, gender] = demo_name(n);
        domain::Person person;
        person.county_code = std::string(k_demo_county);
        person.name = name;
        person.gender = gender;
        person.phone = demo_phone(n);
        person.external_id = spec.external_id;
        person.party_member = true;
        person.rank = spec.rank;
        person.post = spec.post;
        person.org_unit_id = spec.unit_id;
        person.leads_unit = spec.leads_unit;
        person.home_township_code = spec.home_township;
        person.skills = skill_sets()[static_cast<std::size_t>(n) % skill_sets().size()];
        XZQ_TRY(auto added, m_people_service.add_person(m_operator, person, "演示数据：入库"));
        ++m_summary.people_added;
        return added.id;
    }

    Result<void> seed_county() {
        XZQ_TRY(long long commission, ensure_unit(OrgUnitType::county_commission, "兰考县纪委监委", std::nullopt));
        XZQ_TRY(long long standing, ensure_unit(OrgUnitType::standing_committee, "县纪委常委会", commission));
        const std::vector<std::pair<std::string_view, DepartmentKind>> departments = {
            {"办公室", DepartmentKind::office},
            {"党风政风监督室", DepartmentKind::conduct},
            {"信访室", DepartmentKind::petitions},
            {"案件监督管理室", DepartmentKind::case_management},
            {"第一监督检查室", DepartmentKind::supervision},
            {"第二监督检查室", DepartmentKind::supervision},
            {"第三监督检查室", DepartmentKind::supervision},
            {"审查调查室", DepartmentKind::investigation},
            {"案件审理室", DepartmentKind::review},
        };
        for (const auto& [name, kind] : departments) {
            XZQ_TRY(long long id, ensure_unit(OrgUnitType::department, std::string(name), commission, kind));
            m_departments[std::string(name)] = id;
        }
        // Leadership: the secretary, two deputy secretaries and four standing-committee members;
        // the six after the secretary lead the six zones.
        const std::vector<std::pair<std::string_view, long long>> leaders = {
            {"县纪委书记、监委主任", commission},
            {"县纪委副书记、监委副主任", commission},
            {"县纪委副书记", commission},
            {"县纪委常委", standing},
            {"县纪委常委", standing},
            {"县纪委常委、监委委员", standing},
            {"县纪委常委、监委委员", standing},
        };
        int i = 0;
        for (const auto& [post, unit] : leaders) {
            XZQ_TRY(long long id, ensure_person({fmt::format("LK-DEMO-C{:02}", i), std::string(post), unit, true,
                                                 Rank::county_division, std::nullopt}));
            if (i > 0) m_zone_chiefs.push_back(id);
            ++i;
        }
        int d = 0;
        for (const auto& [name, kind] : departments) {
            XZQ_TRY(long long id,
                    ensure_person({fmt::format("LK-DEMO-D{:02}", d++), std::string(name) + "主任",
                                   m_departments[std::string(name)], true, Rank::township_section, std::nullopt}));
            if (kind == DepartmentKind::supervision) m_directors.push_back(id);
            if (kind == DepartmentKind::investigation) m_director_of_investigation = id;
        }
        // Two investigators of the county pool, who can be requested by any zone.
        for (int k = 0; k < 2; ++k) {
            XZQ_TRY(long long id,
                    ensure_person({fmt::format("LK-DEMO-P{:02}", k), "审查调查室干部", m_departments["审查调查室"],
                                   false, Rank::general_cadre, std::string("410225001")}));
            m_pool.push_back(id);
        }
        return Ok{};
    }

    Result<void> seed_townships() {
        std::vector<std::string> codes;
        for (const auto& zone : demo_zones()) {
            for (auto code : zone.townships) codes.emplace_back(code);
        }
        std::sort(codes.begin(), codes.end());
        for (std::size_t i = 0; i < codes.size(); ++i) {
            const auto& code = codes[i];
            const auto& name = m_township_names[code];
            XZQ_TRY(long long commission,
                    ensure_unit(OrgUnitType::township_commission, name + "纪委", std::nullopt, std::nullopt, code));
            XZQ_TRY(long long office, ensure_unit(OrgUnitType::township_supervision_office, name + "监察办公室",
                                                  std::nullopt, std::nullopt, code));
            const auto& neighbour = codes[(i + 1) % codes.size()];
            std::vector<DemoPerson> cadres = {
                {fmt::format("LK-DEMO-{}-1", code), "纪委书记、监察办公室主任", commission, true,
                 Rank::township_section, code},
                {fmt::format("LK-DEMO-{}-2", code), "纪委副书记、监察办公室副主任", office, false,
                 Rank::township_section, code},
                {fmt::format("LK-DEMO-{}-3", code), "纪检监察干事", commission, false, Rank::general_cadre, neighbour},
            };
            for (std::size_t k = 0; k < cadres.size(); ++k) {
                XZQ_TRY(long long id, ensure_person(cadres[k]));
                m_township_cadres[code].push_back(id);
            }
        }
        return Ok{};
    }

    // The zones' units, before anything else (see demo_zones); leaders are set once the people
    // exist.
    Result<void> seed_zone_units() {
        XZQ_TRY(auto existing, m_organisation.zones(k_demo_county));
        for (const auto& spec : demo_zones()) {
            long long zone_id = 0;
            for (const auto& zone : existing) {
                if (zone.name == spec.name) zone_id = zone.id;
            }
            if (zone_id == 0) {
                domain::Zone zone;
                zone.county_code = std::string(k_demo_county);
                zone.name = std::string(spec.name);
                XZQ_TRY(auto added, m_org_service.add_zone(m_operator, zone));
                zone_id = added.id;
                ++m_summary.zones_added;
            }
            m_zone_ids[std::string(spec.name)] = zone_id;
        }
        return Ok{};
    }

    Result<void> seed_zones() {
        const auto start = domain::parse_date("2024-01-01").value();
        for (std::size_t z = 0; z < demo_zones().size(); ++z) {
            const auto& spec = demo_zones()[z];
            const long long zone_id = m_zone_ids.at(std::string(spec.name));
            XZQ_TRY(auto zone, m_org_service.zone(m_operator, zone_id));
            // Leaders only where none are set: a real appointment must not be undone.
            if (!zone.chief_person_id && !zone.deputy_person_id) {
                XZQ_TRY(zone, m_org_service.set_zone_leaders(m_operator, zone_id, m_zone_chiefs.at(z),
                                                             m_directors.at(z / 2)));
            }
            if (zone.chief_person_id) m_zone_chief_of[zone_id] = *zone.chief_person_id;
            for (auto code : spec.townships) {
                // Only townships with no history at all: a later real rezoning must not be undone.
                XZQ_TRY(auto history, m_organisation.township_history(code));
                if (!history.empty()) continue;
                XZQ_TRY(auto plan, m_org_service.move_township(m_operator, code, zone_id, start));
                if (plan.open) ++m_summary.memberships_added;
            }
        }
        return Ok{};
    }

    Result<void> ensure_relationship(long long person, domain::RelationKind kind, std::optional<long long> other,
                                     std::optional<std::string> place, std::string note) {
        XZQ_TRY(auto existing, m_people.relationships(person));
        for (const auto& r : existing) {
            if (r.kind == kind && r.other_person_id == other && r.place_code == place) return Ok{};
        }
        domain::Relationship relationship{
            0, person, kind, other, std::move(place), std::move(note), domain::parse_date("2024-01-01").value()};
        XZQ_TRY_VOID(m_people_service.declare_relationship(m_operator, relationship));
        ++m_summary.relationships_added;
        return Ok{};
    }

    Result<void> seed_relationships() {
        using domain::RelationKind;
        auto cadre = [&](std::string_view code, int k) {
            return m_township_cadres.at(std::string(code)).at(static_cast<std::size_t>(k));
        };
        XZQ_TRY_VOID(
            ensure_relationship(cadre("410225101", 2), RelationKind::kin, cadre("410225102", 0), std::nullopt, "夫妻"));
        XZQ_TRY_VOID(ensure_relationship(cadre("410225106", 0), RelationKind::former_posting, std::nullopt,
                                         std::string("410225201"), "2018—2021 年曾任三义寨乡党政办主任"));
        XZQ_TRY_VOID(ensure_relationship(m_director_of_investigation, RelationKind::former_colleague,
                                         cadre("410225103", 0), std::nullopt, "2015—2019 年同在考城镇政府工作"));
        XZQ_TRY_VOID(ensure_relationship(cadre("410225105", 1), RelationKind::interest, std::nullopt,
                                         std::string("410225208"), "配偶在葡萄架乡经营农资店"));
        return Ok{};
    }

    Result<void> seed_secondment() {
        const long long cadre = m_township_cadres.at("410225101").at(1);
        const std::string title = "南彰镇某村集体“三资”问题线索初步核实";
        XZQ_TRY(auto existing, m_people_service.secondments_of_person(m_operator, cadre));
        for (const auto& s : existing) {
            if (s.task_title == title) return Ok{};
        }
        domain::SecondmentRequest request;
        request.person_id = cadre;
        request.zone_id = m_zone_ids.at("南部协作区");
        request.task_title = title;
        request.from = domain::add_days(m_today, -10);
        request.to = domain::add_days(m_today, 80);
        request.requested_by_person_id = m_zone_chief_of.at(request.zone_id);
        request.note = "演示数据：协作区统筹调配，交叉办案";
        XZQ_TRY_VOID(m_people_service.second(m_operator, request));
        ++m_summary.secondments_added;
        return seed_pool_request();
    }

    // A county-pool investigator asked for by 黄河湾协作区, awaiting a county leader's approval.
    Result<void> seed_pool_request() {
        const long long cadre = m_pool.at(1);
        const std::string title = "三义寨乡某项目工程款问题线索核查";
        XZQ_TRY(auto existing, m_people_service.secondments_of_person(m_operator, cadre));
        for (const auto& s : existing) {
            if (s.task_title == title) return Ok{};
        }
        domain::SecondmentRequest request;
        request.person_id = cadre;
        request.zone_id = m_zone_ids.at("黄河湾协作区");
        request.task_title = title;
        request.from = domain::add_days(m_today, 5);
        request.to = domain::add_days(m_today, 60);
        request.requested_by_person_id = m_zone_chief_of.at(request.zone_id);
        request.note = "演示数据：向县级干部库申请审查调查人员";
        XZQ_TRY_VOID(m_people_service.second(m_operator, request));
        ++m_summary.secondments_added;
        return Ok{};
    }

    domain::Principal m_operator;
    OrganisationRepository& m_organisation;
    PeopleRepository& m_people;
    OrganisationService m_org_service;
    PeopleService m_people_service;
    domain::Date m_today;
    DemoPeopleSummary m_summary;
    int m_person_counter = 0;
    std::map<std::string, std::string> m_township_names;
    std::map<std::string, long long> m_units;
    std::map<std::string, long long> m_departments;
    std::map<std::string, long long> m_zone_ids;
    std::map<long long, long long> m_zone_chief_of;  // zone id → chief's person id
    std::map<std::string, std::vector<long long>> m_township_cadres;
    std::vector<long long> m_zone_chiefs;
    std::vector<long long> m_directors;
    std::vector<long long> m_pool;
    long long m_director_of_investigation = 0;
};

}  // namespace

Result<DemoPeopleSummary> seed_demo_people(OrganisationRepository& organisation, PeopleRepository& people,
                                           SecondmentRepository& secondments, const Clock& clock,
                                           std::string_view county_code) {
    if (county_code != k_demo_county) {
        return make_error(ErrorKind::invalid_input, "demo.county",
                          fmt::format("演示人员数据只适用于兰考县（{}）", k_demo_county),
                          fmt::format("demo people exist only for 兰考县 ({})", k_demo_county));
    }
    Seeder seeder(organisation, people, secondments, clock);
    return seeder.run();
}

}  // namespace xzq::services
