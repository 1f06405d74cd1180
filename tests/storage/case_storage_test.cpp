// The case workflow over the real SQL repositories, run unchanged on a SQLite file and on
// PostgreSQL (XZQ_TEST_BACKEND, XZQ_TEST_PG_URL as in storage_test.cpp): moves with their
// approvals, the archive sealed in the service and in the database, teams from other townships.
#include <gtest/gtest.h>

#include "scratch_database.hpp"
#include "security/key_file.hpp"
#include "services/case_service.hpp"
#include "services/deadline_service.hpp"
#include "services/demo_people.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_case_repository.hpp"
#include "storage/sql_org_repository.hpp"
#include "storage/sql_organisation_repository.hpp"
#include "storage/sql_people_repository.hpp"
#include "storage/sql_report_repository.hpp"
#include "storage/zip_writer.hpp"

namespace xzq::storage {
namespace {

using domain::CaseState;

domain::County lankao() {
    domain::County county{"410225", "兰考县", "开封市", "河南省", {}};
    for (const char* suffix : {"001", "002", "003", "101", "102", "103", "104", "105", "106", "107", "108",
                               "201", "206", "207", "208", "209", "401", "402", "403", "404", "405", "406"}) {
        std::string code = std::string("410225") + suffix;
        county.townships.push_back({code, "乡镇" + std::string(suffix), domain::township_kind_of(code).value(), {}});
    }
    return county;
}

domain::Principal principal(long long id, const std::string& role, const std::string& scope) {
    domain::Principal p;
    p.user_id = id;
    p.username = role + std::to_string(id);
    p.county_code = "410225";
    p.grants.push_back({role, *domain::parse_scope(scope)});
    return p;
}

Result<std::string> zip(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::vector<ZipEntry> out;
    for (const auto& [path, bytes] : entries) out.push_back({path, bytes});
    return write_zip(out);
}

class CaseStorageTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = open_database(scratch.url());
        ASSERT_TRUE(opened.ok()) << opened.error().message_en;
        database = std::move(*opened);
        ASSERT_TRUE(migrate(*database, "2026-01-01T00:00:00Z").ok());
        divisions = std::make_unique<SqlOrgRepository>(*database);
        ASSERT_TRUE(divisions->save_county(lankao()).ok());
        organisation = std::make_unique<SqlOrganisationRepository>(*database);
        people = std::make_unique<SqlPeopleRepository>(*database);
        secondments = std::make_unique<SqlSecondmentRepository>(*database);
        ASSERT_TRUE(services::seed_demo_people(*organisation, *people, *secondments, clock).ok());
        reports = std::make_unique<SqlReportRepository>(*database);
        calendar = std::make_unique<SqlCalendarRepository>(*database);
        cases = std::make_unique<SqlCaseRepository>(*database);
        files = std::make_unique<FileAttachmentStore>(scratch.file("files"));
        auto kek = security::load_or_create_key_file(scratch.file("k.key"), true);
        ASSERT_TRUE(kek.ok());
        sealer = std::make_unique<security::Sealer>(std::move(*kek), security::SealAlgorithm::xchacha20poly1305);
        deadlines = std::make_unique<services::DeadlineService>(*reports, *calendar, *organisation, clock);
        ASSERT_TRUE(deadlines->seed_calendar().ok());
        service = std::make_unique<services::CaseService>(*cases, *reports, *organisation, *people, *secondments,
                                                          *files, *sealer, *deadlines, &zip, clock);
    }

    long long open_township_clue() {
        services::NewClue clue;
        clue.title = "关于某村会计截留低保资金的问题线索";
        clue.source = "supervision";
        clue.township_code = "410225101";
        clue.subject.name = "某会计";
        clue.subject.post = "村会计";
        clue.subject.facts.party_member = true;
        clue.subject.facts.village_manager = true;
        auto opened = service->open_clue(gu_yang_staff, clue);
        EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().message_en);
        return opened.ok() ? opened->record.id : 0;
    }

    testing::ScratchDatabase scratch{"xzq_c"};
    ManualClock clock{std::chrono::sys_days{domain::parse_date("2026-03-02").value()} + std::chrono::hours(2)};
    std::unique_ptr<Database> database;
    std::unique_ptr<SqlOrgRepository> divisions;
    std::unique_ptr<SqlOrganisationRepository> organisation;
    std::unique_ptr<SqlPeopleRepository> people;
    std::unique_ptr<SqlSecondmentRepository> secondments;
    std::unique_ptr<SqlReportRepository> reports;
    std::unique_ptr<SqlCalendarRepository> calendar;
    std::unique_ptr<SqlCaseRepository> cases;
    std::unique_ptr<FileAttachmentStore> files;
    std::unique_ptr<security::Sealer> sealer;
    std::unique_ptr<services::DeadlineService> deadlines;
    std::unique_ptr<services::CaseService> service;

    const domain::Principal gu_yang_staff = principal(1, "township_staff", "township:410225101");
    const domain::Principal gu_yang_secretary = principal(2, "township_secretary", "township:410225101");
    const domain::Principal nan_zhang_staff = principal(3, "township_staff", "township:410225102");
    const domain::Principal zone_chief = principal(4, "zone_chief", "zone:1");
    const domain::Principal county_staff = principal(5, "county_staff", "county:410225");
};

TEST_F(CaseStorageTest, AClueIsClosedWithItsApprovalThenArchivedAndSealed) {
    const long long id = open_township_clue();
    ASSERT_GT(id, 0);
    // The disposal deadline (1 month) started with the clue.
    auto opened = service->view(gu_yang_staff, id).value();
    ASSERT_EQ(opened.deadlines.size(), 1u);
    EXPECT_EQ(opened.deadlines[0].record.rule_code, "clue.disposal");
    EXPECT_EQ(opened.deadlines[0].status.due, domain::parse_date("2026-04-02"));

    services::TransitionRequest close{
        "dispose.close", "查无实据", {{"disposal_opinion", "予以了结"}, {"close_reason", "不实"}}};
    EXPECT_EQ(service->transition(gu_yang_staff, id, close).error().code, "workflow.approval_missing");
    EXPECT_EQ(service->approve(gu_yang_staff, id, "dispose.close", domain::ApprovalRole::commission_head, "同意")
                  .error()
                  .kind,
              ErrorKind::forbidden);
    ASSERT_TRUE(
        service->approve(gu_yang_secretary, id, "dispose.close", domain::ApprovalRole::commission_head, "同意").ok());
    auto closed = service->transition(gu_yang_staff, id, close);
    ASSERT_TRUE(closed.ok()) << closed.error().message_en;
    EXPECT_EQ(closed->record.position.state, CaseState::closed);
    EXPECT_TRUE(closed->deadlines[0].record.completed_on.has_value());
    ASSERT_FALSE(closed->documents.empty());  // the step's generated form
    EXPECT_TRUE(closed->documents[0].generated);

    ASSERT_TRUE(service->approve(zone_chief, id, "archive", domain::ApprovalRole::zone_chief, "卷宗齐全").ok());
    EXPECT_EQ(service->transition(zone_chief, id, {"archive", "", {}}).error().kind, ErrorKind::forbidden);
    auto archived = service->transition(county_staff, id, {"archive", "入县档案室", {}});
    ASSERT_TRUE(archived.ok()) << archived.error().message_en;
    EXPECT_EQ(archived->record.position.state, CaseState::archived);
    ASSERT_TRUE(archived->record.archive_digest.has_value());

    // Nothing changes afterwards, neither through the product nor behind its back.
    EXPECT_EQ(service->transition(county_staff, id, {"appeal.file", "", {}}).error().code, "case.archived");
    EXPECT_EQ(
        service->add_document(gu_yang_staff, id, CaseState::closed, "补充", "note.txt", "补充材料内容").error().code,
        "case.archived");
    EXPECT_THROW(scratch.run_outside_the_product("UPDATE cases SET title = 'changed' WHERE id = " + std::to_string(id)),
                 std::runtime_error);
    EXPECT_THROW(scratch.run_outside_the_product("DELETE FROM case_steps WHERE case_id = " + std::to_string(id)),
                 std::runtime_error);

    auto exported = service->export_case_file(county_staff, id);
    ASSERT_TRUE(exported.ok()) << exported.error().message_en;
    EXPECT_EQ(exported->bytes.substr(0, 2), "PK");
    EXPECT_NE(exported->bytes.find("00-"), std::string::npos);
}

TEST_F(CaseStorageTest, AShelvedClueComesBackForReviewEveryQuarter) {
    const long long id = open_township_clue();
    ASSERT_TRUE(
        service->approve(gu_yang_secretary, id, "dispose.shelve", domain::ApprovalRole::commission_head, "同意").ok());
    auto shelved = service->transition(
        gu_yang_staff, id,
        {"dispose.shelve", "暂无突破口", {{"disposal_opinion", "暂存待查"}, {"shelve_reason", "待审计"}}});
    ASSERT_TRUE(shelved.ok()) << shelved.error().message_en;
    auto open_review = [](const services::CaseView& view) -> const services::DeadlineItem* {
        for (const auto& d : view.deadlines) {
            if (d.record.rule_code == "clue.shelved_review" && !d.record.completed_on) return &d;
        }
        return nullptr;
    };
    const auto* first = open_review(*shelved);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->status.due, domain::parse_date("2026-06-02"));  // 3 months after 2026-03-02, a Tuesday

    clock.advance(std::chrono::days(92));  // 2026-06-02: the review is held
    ASSERT_TRUE(
        service->approve(gu_yang_secretary, id, "shelved.review", domain::ApprovalRole::department_head, "继续暂存")
            .ok());
    auto reviewed = service->transition(gu_yang_staff, id, {"shelved.review", "仍无新证据", {{"review_note", "复查"}}});
    ASSERT_TRUE(reviewed.ok()) << reviewed.error().message_en;
    const auto* next = open_review(*reviewed);
    ASSERT_NE(next, nullptr);
    EXPECT_EQ(next->status.due, domain::parse_date("2026-09-02"));
    int completed = 0;
    for (const auto& d : reviewed->deadlines)
        completed += d.record.rule_code == "clue.shelved_review" && d.record.completed_on;
    EXPECT_EQ(completed, 1);
}

TEST_F(CaseStorageTest, ATownshipCaseIsSeenByItsTownshipAndZoneOnly) {
    const long long id = open_township_clue();
    EXPECT_TRUE(service->view(gu_yang_staff, id).ok());
    EXPECT_TRUE(service->view(zone_chief, id).ok());
    EXPECT_EQ(service->view(nan_zhang_staff, id).error().kind, ErrorKind::not_found);
    EXPECT_TRUE(service->cases(nan_zhang_staff).value().empty());
    EXPECT_EQ(service->cases(zone_chief).value().size(), 1u);
}

TEST_F(CaseStorageTest, TwoMovesFromTheSameStateCannotBothLand) {
    const long long id = open_township_clue();
    ASSERT_TRUE(
        service->approve(gu_yang_secretary, id, "dispose.close", domain::ApprovalRole::commission_head, "同意").ok());
    auto record = cases->case_file(id).value().value();
    services::CaseChange first;
    first.record = record;
    first.record.position.state = CaseState::closed;
    first.expected_state = CaseState::clue_registered;
    first.today = domain::parse_date("2026-03-02").value();
    ASSERT_TRUE(cases->apply(first).ok());
    auto second = first;
    second.record.position.state = CaseState::shelved;
    auto refused = cases->apply(second);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
    EXPECT_EQ(cases->case_file(id).value()->position.state, CaseState::closed);
}

TEST_F(CaseStorageTest, AZoneTeamComesFromOtherTownshipsAndEveryExclusionHasAReason) {
    const long long id = open_township_clue();
    services::TeamRequest request;
    request.size = 3;
    auto proposal = service->propose_team(zone_chief, id, request);
    ASSERT_TRUE(proposal.ok()) << proposal.error().message_en;
    ASSERT_TRUE(proposal->found) << proposal->message_en;
    EXPECT_EQ(proposal->members.size(), 3u);
    for (const auto& m : proposal->members) EXPECT_NE(m.township_code, "410225101") << m.name;
    ASSERT_FALSE(proposal->excluded.empty());
    for (const auto& e : proposal->excluded) EXPECT_FALSE(e.reasons_zh.empty()) << e.name;
    // The township's own cadres are among the excluded, for being from the case's township.
    auto township_people = people->people("410225").value();
    bool own_excluded = false;
    for (const auto& e : proposal->excluded) own_excluded = own_excluded || e.township_code == "410225101";
    EXPECT_TRUE(own_excluded);
}

}  // namespace
}  // namespace xzq::storage
