// Pure rules of the cadre pool: phones, person fields, the entry/exit record, recusal, import
// rows and secondments.
#include "domain/people.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace xzq::domain {
namespace {

Date d(const char* text) {
    return parse_date(text).value();
}

TEST(Phone, MobileAndLandlineAreNormalised) {
    EXPECT_EQ(normalised_phone("13812345678"), "13812345678");
    EXPECT_EQ(normalised_phone("138-1234-5678"), "13812345678");
    EXPECT_EQ(normalised_phone("+86 199 1234 5678"), "19912345678");
    EXPECT_EQ(normalised_phone("8613812345678"), "13812345678");
    EXPECT_EQ(normalised_phone("0371-22345678"), "0371-22345678");
    EXPECT_EQ(normalised_phone("037122345678"), "0371-22345678");
    EXPECT_EQ(normalised_phone("010-62345678"), "010-62345678");
    EXPECT_EQ(normalised_phone("(0378)6981234"), "0378-6981234");
}

TEST(Phone, MalformedNumbersAreRefused) {
    for (const char* bad : {"", "1381234567", "138123456789", "12812345678", "23812345678", "0371-123456",
                            "0371-012345678", "011-62345678", "abc", "1381234567x", "0371"}) {
        EXPECT_FALSE(normalised_phone(bad)) << bad;
    }
}

TEST(Vocabulary, RanksStatusesAndSkillsReadChineseOrIds) {
    EXPECT_EQ(rank_from_text("乡科级"), Rank::township_section);
    EXPECT_EQ(rank_from_text("general_cadre"), Rank::general_cadre);
    EXPECT_EQ(rank_from_text("村（社区）干部"), Rank::village_cadre);
    EXPECT_FALSE(rank_from_text("处长"));
    EXPECT_EQ(person_status_from_text("在岗"), PersonStatus::in_post);
    EXPECT_EQ(person_status_from_text("exited"), PersonStatus::exited);
    EXPECT_FALSE(person_status_from_text("休假"));
    SkillCatalogue skills;
    ASSERT_TRUE(skills.find("财务审计"));
    EXPECT_EQ(skills.find("财务审计")->code, "financial_audit");
    EXPECT_EQ(skills.find("Law")->code, "law");
    EXPECT_FALSE(skills.find("驾驶"));
    SkillCatalogue extended({{"driving", "驾驶", "driving"}});
    EXPECT_TRUE(extended.find("驾驶"));
    EXPECT_FALSE(validate_skill({"Bad Code", "坏", "bad"}).ok());
}

TEST(Person, FieldsAreValidatedAndNormalised) {
    Person p;
    p.county_code = "410225";
    p.name = "  张建国 ";
    p.phone = "138 1234 5678";
    p.skills = {"法律", "审查调查", "law"};
    p.home_township_code = "410225101";
    auto valid = validated_person(p, SkillCatalogue{}).value();
    EXPECT_EQ(valid.name, "张建国");
    EXPECT_EQ(valid.phone, "13812345678");
    EXPECT_EQ(valid.skills, (std::vector<std::string>{"investigation", "law"}));

    auto no_name = p;
    no_name.name = "   ";
    EXPECT_EQ(validated_person(no_name, SkillCatalogue{}).error().code, "people.bad_name");
    auto bad_phone = p;
    bad_phone.phone = "12345";
    EXPECT_EQ(validated_person(bad_phone, SkillCatalogue{}).error().code, "people.bad_phone");
    auto outside = p;
    outside.home_township_code = "410226101";
    EXPECT_EQ(validated_person(outside, SkillCatalogue{}).error().code, "people.bad_township");
    auto unknown_skill = p;
    unknown_skill.skills = {"驾驶"};
    EXPECT_EQ(validated_person(unknown_skill, SkillCatalogue{}).error().code, "people.unknown_skill");
}

TEST(StatusRecord, ChangesNeedAReasonAndMoveForward) {
    EXPECT_TRUE(check_status_change(PersonStatus::in_post, PersonStatus::in_training, "参加培训", d("2025-03-01"),
                                    d("2024-01-01"))
                    .ok());
    EXPECT_EQ(check_status_change(PersonStatus::in_post, PersonStatus::in_post, "x", d("2025-03-01"), std::nullopt)
                  .error()
                  .code,
              "people.status_unchanged");
    EXPECT_EQ(check_status_change(PersonStatus::in_post, PersonStatus::exited, "  ", d("2025-03-01"), std::nullopt)
                  .error()
                  .code,
              "people.status_reason");
    EXPECT_EQ(check_status_change(PersonStatus::in_post, PersonStatus::exited, "调离", d("2023-03-01"), d("2024-01-01"))
                  .error()
                  .code,
              "people.status_backdated");
}

TEST(Relationships, PersonOrPlaceNotBoth) {
    Relationship r{0, 1, RelationKind::kin, 2, std::nullopt, "", d("2024-01-01")};
    EXPECT_TRUE(validate_relationship(r, "410225").ok());
    r.place_code = "410225101";
    EXPECT_EQ(validate_relationship(r, "410225").error().code, "people.relation_target");
    r.other_person_id.reset();
    EXPECT_TRUE(validate_relationship(r, "410225").ok());
    r.place_code = "410226101";
    EXPECT_EQ(validate_relationship(r, "410225").error().code, "people.relation_place");
    Relationship self{0, 1, RelationKind::kin, 1, std::nullopt, "", d("2024-01-01")};
    EXPECT_EQ(validate_relationship(self, "410225").error().code, "people.relation_self");
}

PersonRecord record(long long id, std::string name, std::optional<std::string> home = std::nullopt) {
    PersonRecord r;
    r.person.id = id;
    r.person.name = std::move(name);
    r.person.county_code = "410225";
    r.person.home_township_code = std::move(home);
    return r;
}

bool has(const std::vector<RecusalReason>& reasons, std::string_view code) {
    return std::any_of(reasons.begin(), reasons.end(), [&](const RecusalReason& r) { return r.code == code; });
}

TEST(Recusal, NoTiesNoConflict) {
    auto candidate = record(1, "甲", "410225102");
    EXPECT_TRUE(recusal_conflicts(candidate, record(2, "乙"), record(3, "丙"), "410225101").empty());
}

TEST(Recusal, KinshipCountsWhicheverSideDeclaredIt) {
    auto candidate = record(1, "甲");
    auto subject = record(2, "乙");
    subject.relationships.push_back({0, 2, RelationKind::kin, 1, std::nullopt, "兄弟", d("2024-01-01")});
    auto reasons = recusal_conflicts(candidate, subject, std::nullopt, "");
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_EQ(reasons[0].code, "recusal.kin_of_subject");
    EXPECT_NE(reasons[0].message_zh.find("乙"), std::string::npos);

    auto reporter = record(3, "丙");
    candidate.relationships.push_back({0, 1, RelationKind::interest, 3, std::nullopt, "", d("2024-01-01")});
    candidate.relationships.push_back({0, 1, RelationKind::witness, 2, std::nullopt, "", d("2024-01-01")});
    candidate.relationships.push_back({0, 1, RelationKind::former_colleague, 2, std::nullopt, "", d("2024-01-01")});
    reasons = recusal_conflicts(candidate, subject, reporter, "");
    EXPECT_TRUE(has(reasons, "recusal.interest_with_reporter"));
    EXPECT_TRUE(has(reasons, "recusal.witness"));
    EXPECT_TRUE(has(reasons, "recusal.former_colleague_of_subject"));
    EXPECT_TRUE(has(reasons, "recusal.kin_of_subject"));
}

TEST(Recusal, BeingThePersonOrTheReporter) {
    auto candidate = record(1, "甲");
    EXPECT_TRUE(has(recusal_conflicts(candidate, candidate, std::nullopt, ""), "recusal.is_subject"));
    EXPECT_TRUE(has(recusal_conflicts(candidate, std::nullopt, candidate, ""), "recusal.is_reporter"));
}

TEST(Recusal, TiesToTheTownshipOfTheCase) {
    auto local = record(1, "甲", "410225101");
    EXPECT_TRUE(has(recusal_conflicts(local, std::nullopt, std::nullopt, "410225101"), "recusal.home_township"));
    auto posted = record(2, "乙", "410225105");
    posted.relationships.push_back(
        {0, 2, RelationKind::former_posting, std::nullopt, std::string("410225101"), "曾任职", d("2024-01-01")});
    posted.relationships.push_back(
        {0, 2, RelationKind::interest, std::nullopt, std::string("410225101203"), "亲属经营", d("2024-01-01")});
    auto reasons = recusal_conflicts(posted, std::nullopt, std::nullopt, "410225101");
    EXPECT_TRUE(has(reasons, "recusal.place_former_posting"));
    EXPECT_TRUE(has(reasons, "recusal.place_interest")) << "a village of the township counts";
    EXPECT_TRUE(recusal_conflicts(posted, std::nullopt, std::nullopt, "410225102").empty());
}

// ---- Import ---------------------------------------------------------------------------------

ImportContext context() {
    ImportContext c;
    c.county_code = "410225";
    c.township_codes = {"410225101", "410225102"};
    c.existing_external_ids = {"LK-OLD"};
    c.unit_by_name = {{"堌阳镇纪委", 5}};
    return c;
}

Sheet sheet(std::vector<std::vector<std::string>> rows) {
    Sheet s;
    s.header = {"姓名", "性别", "电话", "编号", "党员", "职级", "职务", "单位", "户籍乡镇", "技能", "状态"};
    std::size_t number = 2;
    for (auto& cells : rows) s.rows.push_back({number++, std::move(cells)});
    return s;
}

TEST(Import, AGoodFileBecomesPeople) {
    auto check = check_import(
        sheet({{"张建国", "男", "13812345678", "LK-1", "是", "乡科级", "纪委书记", "堌阳镇纪委", "410225101",
                "审查调查、法律", "在岗"},
               {"李秀英", "女", "0378-6981234", "LK-2", "否", "一般干部", "干事", "", "410225102", "财务审计", ""},
               {"", "", "", "", "", "", "", "", "", "", ""}}),
        context());
    ASSERT_TRUE(check.ok()) << check.problems[0].message_en;
    ASSERT_EQ(check.people.size(), 2u);
    EXPECT_EQ(check.people[0].org_unit_id, 5);
    EXPECT_EQ(check.people[0].skills, (std::vector<std::string>{"investigation", "law"}));
    EXPECT_EQ(check.people[0].rank, Rank::township_section);
    EXPECT_TRUE(check.people[0].party_member);
    EXPECT_EQ(check.people[1].phone, "0378-6981234");
    EXPECT_EQ(check.people[1].gender, Gender::female);
}

TEST(Import, EveryBadRowIsReportedAndNothingIsKept) {
    auto check =
        check_import(sheet({
                         {"张建国", "", "13812345678", "LK-1", "", "", "", "", "410225101", "", ""},  // row 2: fine
                         {"", "", "", "LK-2", "", "", "", "", "", "", ""},                            // 3: no name
                         {"王五", "", "1234", "LK-3", "", "", "", "", "", "", ""},                    // 4: phone
                         {"赵六", "", "", "LK-1", "", "", "", "", "", "", ""},                        // 5: dup in file
                         {"钱七", "", "", "LK-OLD", "", "", "", "", "", "", ""},                      // 6: dup in db
                         {"孙八", "", "", "", "", "", "", "", "410225999", "", ""},                   // 7: township
                         {"周九", "", "", "", "", "", "", "", "", "驾驶", ""},                        // 8: skill
                         {"吴十", "", "", "", "", "处长", "", "", "", "", ""},                        // 9: rank
                         {"郑一", "", "", "", "", "", "", "", "", "", "休假"},                        // 10: status
                         {"冯二", "人", "", "", "也许", "", "", "某单位", "", "", ""},                // 11: three
                     }),
                     context());
    EXPECT_FALSE(check.ok());
    EXPECT_TRUE(check.people.empty()) << "a bad file is rejected whole";
    auto find = [&](std::size_t row, std::string_view code) {
        return std::find_if(check.problems.begin(), check.problems.end(),
                            [&](const ImportProblem& p) { return p.row == row && p.code == code; });
    };
    auto expect = [&](std::size_t row, std::string_view code, std::string_view column) {
        auto found = find(row, code);
        ASSERT_NE(found, check.problems.end()) << "row " << row << " " << code;
        EXPECT_EQ(found->column, column);
        EXPECT_FALSE(found->message_zh.empty());
        EXPECT_FALSE(found->message_en.empty());
    };
    expect(3, "import.missing_name", "姓名");
    expect(4, "import.bad_phone", "电话");
    expect(5, "import.duplicate_id_in_file", "编号");
    expect(6, "import.duplicate_id_in_db", "编号");
    expect(7, "import.unknown_township", "户籍乡镇");
    expect(8, "import.unknown_skill", "技能");
    expect(9, "import.unknown_rank", "职级");
    expect(10, "import.unknown_status", "状态");
    expect(11, "import.bad_gender", "性别");
    expect(11, "import.bad_party_member", "党员");
    expect(11, "import.unknown_unit", "单位");
    EXPECT_EQ(check.problems.size(), 11u);
    EXPECT_EQ(find(2, "import.missing_name"), check.problems.end());
}

TEST(Import, HeadersInEnglishAndUnknownColumns) {
    Sheet english;
    english.header = {"name", "Phone", "external_id"};
    english.rows = {{2, {"Zhang San", "13812345678", "E1"}}};
    EXPECT_TRUE(check_import(english, context()).ok());

    Sheet odd;
    odd.header = {"姓名", "爱好"};
    odd.rows = {{2, {"张三", "钓鱼"}}};
    auto check = check_import(odd, context());
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_EQ(check.problems[0].code, "import.unknown_column");
    EXPECT_EQ(check.problems[0].row, 1u);

    Sheet nameless;
    nameless.header = {"电话"};
    EXPECT_EQ(check_import(nameless, context()).problems.at(0).code, "import.no_name_column");

    Sheet big;
    big.header = {"姓名"};
    auto limits = context();
    limits.max_rows = 2;
    big.rows = {{2, {"a"}}, {3, {"b"}}, {4, {"c"}}};
    EXPECT_EQ(check_import(big, limits).problems.at(0).code, "import.too_many_rows");
}

// ---- Secondment -----------------------------------------------------------------------------

SecondmentRequest request(const char* from, const char* to) {
    return {"410225", 1, 100, "某村“三资”问题初核", d(from), d(to), 50, ""};
}

SecondmentFacts facts() {
    SecondmentFacts f;
    f.person_name = "张建国";
    f.person_townships = {"410225101"};
    f.zone_townships = {"410225101", "410225102"};
    f.zone_chief_person_id = 50;
    return f;
}

TEST(Secondment, ACadreOfTheZoneIsSecondedAtOnce) {
    auto s = plan_secondment(request("2025-03-01", "2025-04-30"), facts()).value();
    EXPECT_EQ(s.state, SecondmentState::approved);
    EXPECT_EQ(s.source, SecondmentSource::zone);
    EXPECT_TRUE(s.active_on(d("2025-03-01")));
    EXPECT_TRUE(s.active_on(d("2025-04-30")));
    EXPECT_FALSE(s.active_on(d("2025-05-01")));
}

TEST(Secondment, ACadreFromOutsideIsARequestToTheCounty) {
    auto outside = facts();
    outside.person_townships = {"410225201"};
    auto s = plan_secondment(request("2025-03-01", "2025-04-30"), outside).value();
    EXPECT_EQ(s.state, SecondmentState::requested);
    EXPECT_EQ(s.source, SecondmentSource::county_pool);
    EXPECT_FALSE(s.active_on(d("2025-03-10"))) << "not until approved";
    EXPECT_EQ(decide_secondment(s, true, 60, false, d("2025-02-20")).error().kind, ErrorKind::forbidden);
    auto approved = decide_secondment(s, true, 60, true, d("2025-02-20")).value();
    EXPECT_TRUE(approved.active_on(d("2025-03-10")));
    EXPECT_EQ(approved.decided_by_person_id, 60);
    EXPECT_FALSE(decide_secondment(approved, false, 60, true, d("2025-02-21")).ok());
}

TEST(Secondment, RulesRefuseWithAClearMessage) {
    auto exited = facts();
    exited.person_status = PersonStatus::exited;
    EXPECT_EQ(plan_secondment(request("2025-03-01", "2025-04-30"), exited).error().code, "secondment.person_exited");

    auto not_chief = request("2025-03-01", "2025-04-30");
    not_chief.requested_by_person_id = 51;
    EXPECT_EQ(plan_secondment(not_chief, facts()).error().code, "secondment.not_zone_chief");

    EXPECT_EQ(plan_secondment(request("2025-04-30", "2025-03-01"), facts()).error().code, "secondment.bad_dates");
    EXPECT_EQ(plan_secondment(request("2025-01-01", "2026-01-02"), facts()).error().code, "secondment.too_long");

    auto busy = facts();
    busy.person_secondments.push_back(plan_secondment(request("2025-03-01", "2025-04-30"), facts()).value());
    busy.person_secondments.back().task_title = "另一任务";
    auto overlap = plan_secondment(request("2025-04-30", "2025-05-31"), busy);
    ASSERT_FALSE(overlap.ok());
    EXPECT_EQ(overlap.error().code, "secondment.overlap");
    EXPECT_NE(overlap.error().message_zh.find("另一任务"), std::string::npos);
    EXPECT_TRUE(plan_secondment(request("2025-05-01", "2025-05-31"), busy).ok());

    // A released secondment frees the days after its release.
    busy.person_secondments.back() = release_secondment(busy.person_secondments.back(), d("2025-03-31")).value();
    EXPECT_TRUE(plan_secondment(request("2025-04-01", "2025-04-30"), busy).ok());
    // A rejected request claims nothing.
    busy.person_secondments.back().state = SecondmentState::rejected;
    EXPECT_TRUE(plan_secondment(request("2025-03-01", "2025-03-31"), busy).ok());
}

TEST(Secondment, ReleaseEndsEarlyAndCountsInWorkload) {
    auto s = plan_secondment(request("2025-03-01", "2025-04-30"), facts()).value();
    EXPECT_EQ(workload({s}, d("2025-03-15")), 1);
    EXPECT_EQ(workload({s}, d("2025-03-15"), 2), 3);
    auto released = release_secondment(s, d("2025-03-20")).value();
    EXPECT_EQ(released.last_day(), d("2025-03-20"));
    EXPECT_EQ(workload({released}, d("2025-03-20")), 1);
    EXPECT_EQ(workload({released}, d("2025-03-21")), 0);
    EXPECT_EQ(release_secondment(released, d("2025-03-25")).error().code, "secondment.already_released");
    EXPECT_EQ(release_secondment(s, d("2025-04-30")).error().code, "secondment.release_after_end");
    EXPECT_EQ(release_secondment(s, d("2025-02-01")).error().code, "secondment.release_before_start");
    auto cancelled = release_secondment(s, d("2025-02-28")).value();
    EXPECT_FALSE(cancelled.active_on(d("2025-03-01")));
}

}  // namespace
}  // namespace xzq::domain
