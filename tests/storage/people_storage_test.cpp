// The organisation and cadre-pool use cases over the real SQL repositories, run unchanged on a
// SQLite file and on PostgreSQL (XZQ_TEST_BACKEND, XZQ_TEST_PG_URL as in storage_test.cpp).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "scratch_database.hpp"
#include "services/demo_people.hpp"
#include "services/organisation_service.hpp"
#include "services/people_service.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/people_files.hpp"
#include "storage/sql_org_repository.hpp"
#include "storage/sql_organisation_repository.hpp"
#include "storage/sql_people_repository.hpp"

namespace xzq::storage {
namespace {

namespace fs = std::filesystem;
using domain::Date;

using testing::backend_name;

class ScratchDatabase : public testing::ScratchDatabase {
  public:
    ScratchDatabase() : testing::ScratchDatabase("xzq_p") {}
};

Date d(const char* text) {
    return domain::parse_date(text).value();
}

// 兰考县 with the township codes the demo uses, and three villages in 堌阳镇.
domain::County lankao() {
    domain::County county{"410225", "兰考县", "开封市", "河南省", {}};
    const std::vector<std::pair<const char*, const char*>> townships = {
        {"001", "兰阳街道"},     {"002", "桐乡街道"},   {"003", "惠安街道"}, {"101", "堌阳镇"},   {"102", "南彰镇"},
        {"103", "考城镇"},       {"104", "红庙镇"},     {"105", "谷营镇"},   {"106", "东坝头镇"}, {"107", "小宋镇"},
        {"108", "仪封镇"},       {"201", "三义寨乡"},   {"206", "孟寨乡"},   {"207", "许河乡"},   {"208", "葡萄架乡"},
        {"209", "阎楼乡"},       {"401", "仪封园艺场"}, {"402", "造纸林场"}, {"403", "柳林林场"}, {"404", "西关农场"},
        {"405", "畜牧良种农场"}, {"406", "固阳农科所"}};
    for (const auto& [suffix, name] : townships) {
        std::string code = std::string("410225") + suffix;
        domain::Township t{code, name, domain::township_kind_of(code).value(), {}};
        if (code == "410225101") {
            for (int v = 1; v <= 3; ++v)
                t.villages.push_back({code + fmt::format("{:03}", 200 + v), fmt::format("{}村", v)});
        }
        county.townships.push_back(std::move(t));
    }
    return county;
}

class PeopleStorageTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = open_database(scratch.url());
        ASSERT_TRUE(opened.ok()) << opened.error().message_en;
        database = std::move(*opened);
        auto migrated = migrate(*database, "2026-11-24T00:00:00Z");
        ASSERT_TRUE(migrated.ok()) << migrated.error().message_en;
        SqlOrgRepository divisions(*database);
        ASSERT_TRUE(divisions.save_county(lankao()).ok());
        organisation = std::make_unique<SqlOrganisationRepository>(*database);
        people = std::make_unique<SqlPeopleRepository>(*database);
        secondments = std::make_unique<SqlSecondmentRepository>(*database);
        org_service = std::make_unique<services::OrganisationService>(*organisation, *people);
        people_service = std::make_unique<services::PeopleService>(*people, *organisation, *secondments, clock);
    }

    std::int64_t count(const std::string& table) {
        auto rows = database->read([&](Session& s) { return s.query("SELECT COUNT(*) FROM " + table); });
        return rows.value()[0].integer(0);
    }

    domain::OrgUnit unit(domain::OrgUnitType type, std::string name,
                         std::optional<domain::DepartmentKind> kind = std::nullopt,
                         std::optional<std::string> township = std::nullopt) {
        domain::OrgUnit u;
        u.county_code = "410225";
        u.type = type;
        u.name = std::move(name);
        u.department_kind = kind;
        u.township_code = std::move(township);
        auto added = org_service->add_unit(op, u);
        EXPECT_TRUE(added.ok()) << added.error().message_en;
        return added.value();
    }

    domain::Person person(std::string name, std::optional<long long> unit_id, std::optional<std::string> home,
                          std::string external_id, bool leads = false) {
        domain::Person p;
        p.county_code = "410225";
        p.name = std::move(name);
        p.org_unit_id = unit_id;
        p.home_township_code = std::move(home);
        p.external_id = std::move(external_id);
        p.leads_unit = leads;
        auto added = people_service->add_person(op, p, "入库");
        EXPECT_TRUE(added.ok()) << added.error().message_en;
        return added.value();
    }

    ScratchDatabase scratch;
    std::unique_ptr<Database> database;
    // 2025-03-10 08:00 in Beijing.
    ManualClock clock{std::chrono::sys_days{std::chrono::year{2025} / 3 / 10}};
    domain::Principal op = services::console_operator("410225");
    std::unique_ptr<SqlOrganisationRepository> organisation;
    std::unique_ptr<SqlPeopleRepository> people;
    std::unique_ptr<SqlSecondmentRepository> secondments;
    std::unique_ptr<services::OrganisationService> org_service;
    std::unique_ptr<services::PeopleService> people_service;
};

TEST_F(PeopleStorageTest, SchemaVersionThreeIsApplied) {
    EXPECT_GE(schema_version(*database).value(), 3);
}

TEST_F(PeopleStorageTest, ImportCsvWritesEveryRowWithItsEntryRecord) {
    auto sheet = read_people_csv(
                     "姓名,性别,电话,编号,党员,职级,职务,户籍乡镇,技能,状态\n"
                     "张建国,男,13812345678,LK-1,是,乡科级,纪委书记,410225101,审查调查、法律,在岗\n"
                     "李秀英,女,0378-6981234,LK-2,否,一般干部,干事,410225102,财务审计,培训\n")
                     .value();
    auto report = people_service->import_people(op, "410225", sheet).value();
    ASSERT_TRUE(report.accepted);
    ASSERT_EQ(report.ids.size(), 2u);
    auto first = people_service->person(op, report.ids[0]).value();
    EXPECT_EQ(first.name, "张建国");
    EXPECT_EQ(first.phone, "13812345678");
    EXPECT_EQ(first.skills, (std::vector<std::string>{"investigation", "law"}));
    EXPECT_EQ(first.rank, domain::Rank::township_section);
    auto second = people_service->person(op, report.ids[1]).value();
    EXPECT_EQ(second.status, domain::PersonStatus::in_training);
    auto history = people_service->status_history(op, report.ids[1]).value();
    ASSERT_EQ(history.size(), 1u);
    EXPECT_FALSE(history[0].from);
    EXPECT_EQ(history[0].recorded_by, "console");
    EXPECT_EQ(history[0].date, d("2025-03-10"));
}

TEST_F(PeopleStorageTest, ABadFileWritesNothingAndReportsEveryRow) {
    ASSERT_TRUE(people_service->import_people(op, "410225", read_people_csv("姓名,编号\n旧人,LK-OLD\n").value())
                    .value()
                    .accepted);
    const auto before = count("people");
    auto sheet = read_people_csv(
                     "姓名,电话,编号,户籍乡镇,技能,职级,状态\n"
                     "好人,13812345678,LK-9,410225101,法律,一般干部,在岗\n"
                     ",,LK-10,,,,\n"
                     "坏电话,12345,,,,,\n"
                     "重复甲,,LK-9,,,,\n"
                     "重复库,,LK-OLD,,,,\n"
                     "外乡,,,410226101,,,\n"
                     "怪技能,,,,驾驶,,\n"
                     "怪职级,,,,,处长,\n"
                     "怪状态,,,,,,休假\n")
                     .value();
    auto report = people_service->import_people(op, "410225", sheet).value();
    EXPECT_FALSE(report.accepted);
    EXPECT_TRUE(report.ids.empty());
    std::vector<std::pair<std::size_t, std::string>> seen;
    for (const auto& p : report.problems) seen.emplace_back(p.row, p.code);
    const std::vector<std::pair<std::size_t, std::string>> expected = {
        {3, "import.missing_name"},       {4, "import.bad_phone"},        {5, "import.duplicate_id_in_file"},
        {6, "import.duplicate_id_in_db"}, {7, "import.unknown_township"}, {8, "import.unknown_skill"},
        {9, "import.unknown_rank"},       {10, "import.unknown_status"}};
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(count("people"), before) << "a rejected file writes nothing";
    EXPECT_EQ(count("person_status_changes"), before);
}

TEST_F(PeopleStorageTest, ImportXlsxMadeBySpreadsheetSoftware) {
    auto path = scratch.file("people.xlsx");
    lxw_workbook* workbook = workbook_new(path.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, nullptr);
    const std::vector<std::vector<std::string>> rows = {
        {"姓名", "电话", "编号", "户籍乡镇", "技能"},
        {"王振华", "", "X-1", "410225105", "工程"},
        {"赵雪梅", "", "X-2", "410225106", "信息技术,农村政策"},
    };
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            if (!rows[r][c].empty())
                worksheet_write_string(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), rows[r][c].c_str(),
                                       nullptr);
        }
    }
    worksheet_write_number(sheet, 1, 1, 13912345678.0, nullptr);  // a phone typed as a number
    worksheet_write_string(sheet, 2, 1, "1391234", nullptr);      // malformed
    ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);

    auto read = read_people_file(path).value();
    auto report = people_service->import_people(op, "410225", read).value();
    ASSERT_FALSE(report.accepted);
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].row, 3u);
    EXPECT_EQ(report.problems[0].column, "电话");
    EXPECT_EQ(count("people"), 0);

    read.rows[1].cells[1] = "13912345679";
    report = people_service->import_people(op, "410225", read).value();
    ASSERT_TRUE(report.accepted);
    EXPECT_EQ(people_service->person(op, report.ids[0]).value().phone, "13912345678");
}

TEST_F(PeopleStorageTest, InjectionStringsAreStoredVerbatim) {
    const std::string evil = "Robert'); DROP TABLE people;--";
    auto p = person(evil, std::nullopt, std::nullopt, "' OR '1'='1");
    auto back = people_service->person(op, p.id).value();
    EXPECT_EQ(back.name, evil);
    EXPECT_EQ(back.external_id, "' OR '1'='1");
    EXPECT_EQ(count("people"), 1);
}

TEST_F(PeopleStorageTest, RezoningKeepsHistoryAndAnswersAsOfADay) {
    auto commission = unit(domain::OrgUnitType::county_commission, "兰考县纪委监委");
    auto chief = person("甲", commission.id, std::nullopt, "C1");
    domain::Zone east{0, "410225", "东部协作区", {"片区组长", "片区副组长"}, chief.id, std::nullopt};
    auto zone_a = org_service->add_zone(op, east).value();
    auto zone_b = org_service->add_zone(op, {0, "410225", "南部协作区", {}, std::nullopt, std::nullopt}).value();
    EXPECT_EQ(org_service->add_zone(op, {0, "410225", "南部协作区", {}, std::nullopt, std::nullopt}).error().code,
              "zone.duplicate_name");

    ASSERT_TRUE(org_service->move_township(op, "410225101", zone_a.id, d("2024-01-01")).ok());
    ASSERT_TRUE(org_service->move_township(op, "410225102", zone_a.id, d("2024-01-01")).ok());
    auto again = org_service->move_township(op, "410225101", zone_a.id, d("2024-06-01")).value();
    EXPECT_FALSE(again.open) << "already there";
    ASSERT_TRUE(org_service->move_township(op, "410225101", zone_b.id, d("2025-07-01")).ok());
    auto backdated = org_service->move_township(op, "410225101", zone_a.id, d("2025-01-01"));
    ASSERT_FALSE(backdated.ok());
    EXPECT_EQ(backdated.error().code, "zone.membership_backdated");
    EXPECT_EQ(org_service->move_township(op, "410226101", zone_a.id, d("2025-08-01")).error().code,
              "zone.unknown_township");

    auto history = org_service->township_history(op, "410225101").value();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].zone_id, zone_a.id);
    EXPECT_EQ(history[0].to, d("2025-07-01"));
    EXPECT_EQ(history[1].zone_id, zone_b.id);
    EXPECT_FALSE(history[1].to);

    auto before = org_service->zones_as_of(op, "410225", d("2025-06-30")).value();
    ASSERT_EQ(before.size(), 2u);
    EXPECT_EQ(before[0].zone.name, "东部协作区");
    EXPECT_EQ(before[0].zone.titles.chief, "片区组长");
    ASSERT_EQ(before[0].townships.size(), 2u);
    EXPECT_EQ(before[0].townships[0].name, "堌阳镇");
    EXPECT_TRUE(before[1].townships.empty());
    auto after = org_service->zones_as_of(op, "410225", d("2025-07-01")).value();
    ASSERT_EQ(after[0].townships.size(), 1u);
    EXPECT_EQ(after[0].townships[0].code, "410225102");
    ASSERT_EQ(after[1].townships.size(), 1u);
    EXPECT_EQ(after[1].townships[0].code, "410225101");
    EXPECT_TRUE(org_service->zones_as_of(op, "410225", d("2023-12-31")).value()[0].townships.empty());

    ASSERT_TRUE(org_service->remove_township(op, "410225102", d("2025-09-01")).ok());
    EXPECT_TRUE(org_service->zones_as_of(op, "410225", d("2025-09-01")).value()[0].townships.empty());
    EXPECT_EQ(org_service->zones_as_of(op, "410225", d("2025-08-31")).value()[0].townships.size(), 1u);
}

TEST_F(PeopleStorageTest, ZoneLeadersMustHoldTheRightPosts) {
    auto commission = unit(domain::OrgUnitType::county_commission, "兰考县纪委监委");
    auto room = unit(domain::OrgUnitType::department, "第一监督检查室", domain::DepartmentKind::supervision);
    auto leader = person("甲", commission.id, std::nullopt, "C1");
    auto director = person("乙", room.id, std::nullopt, "D1", true);
    auto clerk = person("丙", room.id, std::nullopt, "D2");
    auto zone = org_service->add_zone(op, {0, "410225", "北部协作区", {}, std::nullopt, std::nullopt}).value();
    EXPECT_TRUE(org_service->set_zone_leaders(op, zone.id, leader.id, director.id).ok());
    EXPECT_EQ(org_service->set_zone_leaders(op, zone.id, director.id, director.id).error().code,
              "zone.chief_not_leader");
    EXPECT_EQ(org_service->set_zone_leaders(op, zone.id, leader.id, clerk.id).error().code, "zone.deputy_not_director");
    auto stored = org_service->zone(op, zone.id).value();
    EXPECT_EQ(stored.chief_person_id, leader.id);
    EXPECT_EQ(stored.deputy_person_id, director.id);
    EXPECT_TRUE(org_service->set_zone_titles(op, zone.id, {"协作区主任", "协作区副主任"}).ok());
    EXPECT_EQ(org_service->zone(op, zone.id).value().titles.chief, "协作区主任");
}

TEST_F(PeopleStorageTest, StatusChangesAreAppendedNeverRewritten) {
    auto p = person("张三", std::nullopt, std::string("410225101"), "P1");
    ASSERT_TRUE(
        people_service->change_status(op, p.id, domain::PersonStatus::in_training, d("2025-03-11"), "跟班学习").ok());
    ASSERT_TRUE(
        people_service->change_status(op, p.id, domain::PersonStatus::exited, d("2025-06-01"), "调离纪检岗位").ok());
    EXPECT_EQ(
        people_service->change_status(op, p.id, domain::PersonStatus::in_post, d("2025-05-01"), "回岗").error().code,
        "people.status_backdated");
    auto history = people_service->status_history(op, p.id).value();
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[1].from, domain::PersonStatus::in_post);
    EXPECT_EQ(history[2].to, domain::PersonStatus::exited);
    EXPECT_EQ(history[2].reason, "调离纪检岗位");
    EXPECT_EQ(people_service->person(op, p.id).value().status, domain::PersonStatus::exited);
}

TEST_F(PeopleStorageTest, RelationshipsAreKeptForRecusal) {
    auto a = person("甲", std::nullopt, std::string("410225102"), "R1");
    auto b = person("乙", std::nullopt, std::string("410225101"), "R2");
    ASSERT_TRUE(people_service
                    ->declare_relationship(
                        op, {0, a.id, domain::RelationKind::kin, b.id, std::nullopt, "兄弟", d("2025-01-01")})
                    .ok());
    ASSERT_TRUE(people_service
                    ->declare_relationship(op, {0, a.id, domain::RelationKind::former_posting, std::nullopt,
                                                std::string("410225101202"), "曾驻村", d("2025-01-01")})
                    .ok());
    EXPECT_EQ(people_service
                  ->declare_relationship(op, {0, a.id, domain::RelationKind::interest, std::nullopt,
                                              std::string("410225101999"), "", d("2025-01-01")})
                  .error()
                  .code,
              "people.unknown_village");
    auto relations = people_service->relationships(op, a.id).value();
    ASSERT_EQ(relations.size(), 2u);
    domain::PersonRecord candidate{a, relations};
    domain::PersonRecord subject{b, people_service->relationships(op, b.id).value()};
    auto reasons = domain::recusal_conflicts(candidate, subject, std::nullopt, "410225101");
    ASSERT_EQ(reasons.size(), 2u);
    EXPECT_EQ(reasons[0].code, "recusal.kin_of_subject");
    EXPECT_EQ(reasons[1].code, "recusal.place_former_posting");
}

class SecondmentStorageTest : public PeopleStorageTest {
  protected:
    void SetUp() override {
        PeopleStorageTest::SetUp();
        auto commission = unit(domain::OrgUnitType::county_commission, "兰考县纪委监委");
        auto investigation = unit(domain::OrgUnitType::department, "审查调查室", domain::DepartmentKind::investigation);
        auto gu_yang =
            unit(domain::OrgUnitType::township_commission, "堌阳镇纪委", std::nullopt, std::string("410225101"));
        chief = person("区长甲", commission.id, std::nullopt, "C1");
        other_leader = person("领导乙", commission.id, std::nullopt, "C2");
        local = person("本区干部", gu_yang.id, std::string("410225103"), "T1");
        pool = person("县库干部", investigation.id, std::string("410225001"), "P1");
        zone = org_service->add_zone(op, {0, "410225", "南部协作区", {}, chief.id, std::nullopt}).value();
        other_zone = org_service->add_zone(op, {0, "410225", "城区协作区", {}, other_leader.id, std::nullopt}).value();
        ASSERT_TRUE(org_service->move_township(op, "410225101", zone.id, d("2024-01-01")).ok());
        ASSERT_TRUE(org_service->move_township(op, "410225001", other_zone.id, d("2024-01-01")).ok());
    }

    domain::SecondmentRequest request(long long who, const char* from, const char* to,
                                      std::string title = "某村三资问题初核") {
        return {"410225", who, zone.id, std::move(title), d(from), d(to), chief.id, ""};
    }

    domain::Person chief, other_leader, local, pool;
    domain::Zone zone, other_zone;
};

TEST_F(SecondmentStorageTest, ZoneCadreIsSecondedAndShowsOnBothSides) {
    auto s = people_service->second(op, request(local.id, "2025-03-01", "2025-04-30")).value();
    EXPECT_EQ(s.state, domain::SecondmentState::approved);
    EXPECT_EQ(s.source, domain::SecondmentSource::zone);
    auto of_person = people_service->secondments_of_person(op, local.id).value();
    ASSERT_EQ(of_person.size(), 1u);
    EXPECT_EQ(of_person[0].task_title, "某村三资问题初核");
    auto of_zone = people_service->secondments_of_zone(op, zone.id).value();
    ASSERT_EQ(of_zone.size(), 1u);
    EXPECT_EQ(of_zone[0].person_id, local.id);
    EXPECT_EQ(people_service->workload(op, local.id, d("2025-03-10")).value(), 1);
    EXPECT_EQ(people_service->workload(op, local.id, d("2025-05-01")).value(), 0);
}

TEST_F(SecondmentStorageTest, PoolCadreNeedsCountyApproval) {
    auto s = people_service->second(op, request(pool.id, "2025-03-01", "2025-04-30")).value();
    EXPECT_EQ(s.state, domain::SecondmentState::requested);
    EXPECT_EQ(people_service->workload(op, pool.id, d("2025-03-10")).value(), 0);
    EXPECT_EQ(people_service->decide(op, s.id, true, local.id).error().code, "secondment.not_county_leader");
    auto approved = people_service->decide(op, s.id, true, other_leader.id).value();
    EXPECT_EQ(approved.state, domain::SecondmentState::approved);
    EXPECT_EQ(approved.decided_on, d("2025-03-10"));
    EXPECT_EQ(people_service->workload(op, pool.id, d("2025-03-10")).value(), 1);
}

TEST_F(SecondmentStorageTest, OverlapExitAndWrongRequesterAreRefused) {
    ASSERT_TRUE(people_service->second(op, request(local.id, "2025-03-01", "2025-04-30")).ok());
    auto overlap = people_service->second(op, request(local.id, "2025-04-15", "2025-05-15", "另一件"));
    ASSERT_FALSE(overlap.ok());
    EXPECT_EQ(overlap.error().code, "secondment.overlap");
    EXPECT_NE(overlap.error().message_zh.find("重叠"), std::string::npos);
    EXPECT_EQ(count("secondments"), 1);

    ASSERT_TRUE(people_service->change_status(op, pool.id, domain::PersonStatus::exited, d("2025-03-10"), "退休").ok());
    EXPECT_EQ(people_service->second(op, request(pool.id, "2025-05-01", "2025-05-31")).error().code,
              "secondment.person_exited");

    auto wrong = request(local.id, "2025-06-01", "2025-06-30");
    wrong.requested_by_person_id = other_leader.id;
    EXPECT_EQ(people_service->second(op, wrong).error().code, "secondment.not_zone_chief");

    // A chief's own account seconds as themselves, whatever the request says.
    domain::Principal chief_user{
        7, "chief", "410225", chief.id, {{"zone_chief", {domain::ScopeKind::zone, std::to_string(zone.id)}}}};
    auto own = request(local.id, "2025-06-01", "2025-06-30");
    own.requested_by_person_id = other_leader.id;
    EXPECT_TRUE(people_service->second(chief_user, own).ok());
    // …and cannot act for another zone.
    auto elsewhere = own;
    elsewhere.zone_id = other_zone.id;
    elsewhere.from = d("2025-08-01");
    elsewhere.to = d("2025-08-31");
    EXPECT_EQ(people_service->second(chief_user, elsewhere).error().kind, ErrorKind::forbidden);
}

TEST_F(SecondmentStorageTest, TheRepositoryRefusesOverlapsInsideItsTransaction) {
    // Bypasses the service's own check, as a concurrent request that read before this one
    // committed would.
    auto planned = people_service->second(op, request(local.id, "2025-03-01", "2025-04-30")).value();
    planned.id = 0;
    planned.from = d("2025-04-01");
    planned.to = d("2025-05-31");
    auto twin = secondments->add_secondment(planned);
    ASSERT_FALSE(twin.ok());
    EXPECT_EQ(twin.error().code, "secondment.overlap");
    EXPECT_EQ(count("secondments"), 1);
}

TEST_F(SecondmentStorageTest, ReleaseEndsASecondmentEarly) {
    auto s = people_service->second(op, request(local.id, "2025-03-01", "2025-04-30")).value();
    auto released = people_service->release(op, s.id, d("2025-03-15")).value();
    EXPECT_EQ(released.released_on, d("2025-03-15"));
    EXPECT_EQ(people_service->workload(op, local.id, d("2025-03-16")).value(), 0);
    EXPECT_EQ(people_service->secondments_of_person(op, local.id).value()[0].released_on, d("2025-03-15"));
    EXPECT_TRUE(people_service->second(op, request(local.id, "2025-03-16", "2025-03-31", "新任务")).ok())
        << "the released days are free again";
}

TEST_F(SecondmentStorageTest, ScopesDecideWhoSeesWhom) {
    domain::Principal chief_user{
        7, "chief", "410225", chief.id, {{"zone_chief", {domain::ScopeKind::zone, std::to_string(zone.id)}}}};
    domain::Principal township_user{
        8, "gy", "410225", std::nullopt, {{"township_staff", {domain::ScopeKind::township, "410225001"}}}};
    auto seen = people_service->people(chief_user, "410225").value();
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].id, local.id) << "the zone's township cadre only";
    EXPECT_EQ(people_service->person(chief_user, pool.id).error().kind, ErrorKind::not_found);
    EXPECT_TRUE(people_service->person(township_user, pool.id).ok()) << "home township 001";
    EXPECT_EQ(people_service->person(township_user, local.id).error().kind, ErrorKind::not_found);
    domain::Principal other_county{
        9, "x", "410226", std::nullopt, {{"county_leader", {domain::ScopeKind::county, "410226"}}}};
    EXPECT_EQ(people_service->person(other_county, local.id).error().kind, ErrorKind::not_found);
    EXPECT_EQ(people_service->import_people(chief_user, "410225", {}).error().kind, ErrorKind::forbidden);
}

TEST_F(SecondmentStorageTest, PoolCandidatesAreTheDepartmentsCadresAvailableToAChief) {
    const auto units = organisation->units("410225").value();
    auto investigation = std::find_if(units.begin(), units.end(), [](const auto& u) { return u.name == "审查调查室"; });
    ASSERT_NE(investigation, units.end());
    auto review = unit(domain::OrgUnitType::department, "案件审理室", domain::DepartmentKind::review);
    auto resident = unit(domain::OrgUnitType::resident_group, "派驻第一纪检监察组");
    auto head = person("审查调查室主任", investigation->id, std::nullopt, "P2", true);
    auto trainee = person("培训干部", review.id, std::nullopt, "P3");
    auto gone = person("退休干部", review.id, std::nullopt, "P4");
    auto away = person("长期借出", review.id, std::nullopt, "P5");
    auto stationed = person("派驻干部", resident.id, std::nullopt, "P6");
    ASSERT_TRUE(
        people_service->change_status(op, trainee.id, domain::PersonStatus::in_training, d("2025-03-10"), "党校培训")
            .ok());
    ASSERT_TRUE(people_service->change_status(op, gone.id, domain::PersonStatus::exited, d("2025-03-10"), "退休").ok());
    ASSERT_TRUE(
        people_service->change_status(op, away.id, domain::PersonStatus::seconded, d("2025-03-10"), "借调市纪委").ok());
    auto asked = people_service->second(op, request(pool.id, "2025-03-01", "2025-04-30")).value();
    ASSERT_TRUE(people_service->decide(op, asked.id, true, other_leader.id).ok());

    domain::Principal chief_user{
        7, "chief", "410225", chief.id, {{"zone_chief", {domain::ScopeKind::zone, std::to_string(zone.id)}}}};
    auto offered = people_service->pool_candidates(chief_user, d("2025-03-10")).value();
    // In the units' order (审查调查室 was added first), then by name.
    ASSERT_EQ(offered.size(), 2u);
    EXPECT_EQ(offered[0].id, pool.id) << "the county pool reaches beyond the chief's data scope";
    EXPECT_EQ(offered[0].name, "县库干部");
    EXPECT_EQ(offered[0].unit_name, "审查调查室");
    EXPECT_EQ(offered[0].workload, 1) << "the approved secondment counts";
    EXPECT_EQ(offered[1].id, trainee.id);
    EXPECT_EQ(offered[1].unit_name, "案件审理室");
    EXPECT_EQ(offered[1].status, domain::PersonStatus::in_training);
    EXPECT_EQ(offered[1].workload, 0);
    EXPECT_EQ(people_service->pool_candidates(chief_user, d("2025-05-01")).value()[0].workload, 0);
    // Never offered: the department head, the exited, the long-term seconded, a resident group's
    // cadre, the commission's leaders and the township cadres.
    for (const auto& other : {head, gone, away, stationed, chief, other_leader, local}) {
        EXPECT_TRUE(std::none_of(offered.begin(), offered.end(), [&](const auto& c) { return c.id == other.id; }))
            << other.name;
    }

    domain::Principal leader_user{
        9, "leader", "410225", other_leader.id, {{"county_leader", {domain::ScopeKind::county, "410225"}}}};
    EXPECT_EQ(people_service->pool_candidates(leader_user, d("2025-03-10")).value().size(), 2u);
    domain::Principal township_user{
        8, "gy", "410225", std::nullopt, {{"township_staff", {domain::ScopeKind::township, "410225001"}}}};
    EXPECT_EQ(people_service->pool_candidates(township_user, d("2025-03-10")).error().kind, ErrorKind::forbidden);
    domain::Principal other_county{10, "x", "410226", std::nullopt, {{"zone_chief", {domain::ScopeKind::zone, "1"}}}};
    EXPECT_TRUE(people_service->pool_candidates(other_county, d("2025-03-10")).value().empty())
        << "another county's chief sees none of this county's pool";
}

TEST_F(PeopleStorageTest, DemoDataIsCompleteAndIdempotent) {
    auto first = services::seed_demo_people(*organisation, *people, *secondments, clock).value();
    EXPECT_EQ(first.zones_added, 6);
    EXPECT_EQ(first.memberships_added, 22);
    EXPECT_EQ(first.people_added, 7 + 9 + 2 + 22 * 3);
    EXPECT_EQ(first.relationships_added, 4);
    EXPECT_EQ(first.secondments_added, 2);  // one in 南部协作区, one county-pool request
    const auto tables = {"org_units",
                         "zones",
                         "zone_memberships",
                         "people",
                         "person_skills",
                         "person_status_changes",
                         "person_relationships",
                         "secondments"};
    std::vector<std::int64_t> counts;
    for (const auto* table : tables) counts.push_back(count(table));

    clock.advance(std::chrono::hours(24 * 40));  // a later day changes nothing either
    auto second = services::seed_demo_people(*organisation, *people, *secondments, clock).value();
    EXPECT_FALSE(second.changed_anything());
    std::vector<std::int64_t> again;
    for (const auto* table : tables) again.push_back(count(table));
    EXPECT_EQ(counts, again);

    auto zones = org_service->zones_as_of(op, "410225", d("2025-03-10")).value();
    ASSERT_EQ(zones.size(), 6u);
    std::size_t townships = 0;
    for (const auto& z : zones) {
        townships += z.townships.size();
        EXPECT_TRUE(z.zone.chief_person_id && z.zone.deputy_person_id) << z.zone.name;
    }
    EXPECT_EQ(townships, 22u);
    auto south = std::find_if(zones.begin(), zones.end(), [](const auto& z) { return z.zone.name == "南部协作区"; });
    ASSERT_NE(south, zones.end());
    EXPECT_EQ(south->zone.id, 1);  // the demo accounts' scope zone:1 (src/app/demo_accounts.cpp)
    auto seconded = people_service->secondments_of_zone(op, south->zone.id).value();
    ASSERT_EQ(seconded.size(), 1u);
    EXPECT_TRUE(seconded[0].active_on(d("2025-03-10")));
    EXPECT_EQ(services::seed_demo_people(*organisation, *people, *secondments, clock, "410226").error().kind,
              ErrorKind::invalid_input);
}

}  // namespace
}  // namespace xzq::storage
