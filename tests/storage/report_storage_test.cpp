// Reports, deadlines and the holiday calendar over the real SQL repositories, run unchanged on a
// SQLite file and on PostgreSQL (XZQ_TEST_BACKEND, XZQ_TEST_PG_URL as in storage_test.cpp). The
// clock is a ManualClock, so due dates and states are checked on chosen days.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "scratch_database.hpp"
#include "security/key_file.hpp"
#include "services/deadline_service.hpp"
#include "services/demo_people.hpp"
#include "services/report_service.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_auth_repositories.hpp"
#include "storage/sql_org_repository.hpp"
#include "storage/sql_organisation_repository.hpp"
#include "storage/sql_people_repository.hpp"
#include "storage/sql_report_repository.hpp"

namespace xzq::storage {
namespace {

using domain::Date;
using services::ReportRecord;
using testing::backend_name;

Date d(const char* text) {
    return domain::parse_date(text).value();
}

std::chrono::system_clock::time_point beijing_morning(const char* day) {
    // 10:00 in Beijing is 02:00 UTC on the same day.
    return std::chrono::sys_days{d(day)} + std::chrono::hours(2);
}

domain::County lankao() {
    domain::County county{"410225", "兰考县", "开封市", "河南省", {}};
    for (const char* suffix : {"001", "002", "003", "101", "102", "103", "104", "105", "106", "107", "108",
                               "201", "206", "207", "208", "209", "401", "402", "403", "404", "405", "406"}) {
        std::string code = std::string("410225") + suffix;
        domain::Township t{code, "乡镇" + std::string(suffix), domain::township_kind_of(code).value(), {}};
        if (code == "410225101") t.villages.push_back({"410225101201", "一村"});
        county.townships.push_back(std::move(t));
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

class ReportStorageTest : public ::testing::Test {
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
        users = std::make_unique<SqlUserRepository>(*database);
        reports = std::make_unique<SqlReportRepository>(*database);
        calendar = std::make_unique<SqlCalendarRepository>(*database);
        files = std::make_unique<FileAttachmentStore>(scratch.file("attachments"));
        auto kek = security::load_or_create_key_file(scratch.file("reporter.key"), true);
        ASSERT_TRUE(kek.ok()) << kek.error().message_en;
        sealer = std::make_unique<security::Sealer>(std::move(*kek), security::SealAlgorithm::xchacha20poly1305);
        deadlines = std::make_unique<services::DeadlineService>(*reports, *calendar, *organisation, clock);
        ASSERT_TRUE(deadlines->seed_calendar().ok());
        service = std::make_unique<services::ReportService>(*reports, *organisation, *divisions, *people, *users,
                                                            *files, *sealer, hasher, *deadlines, clock);
    }

    services::StaffRegistration letter(const std::string& township, const std::string& person,
                                       const std::string& reporter = "", const std::string& phone = "") {
        services::StaffRegistration r;
        r.draft.channel = domain::Channel::letter;
        r.draft.type = domain::ReportType::accusation;
        r.draft.category_code = "QZ.99";
        r.draft.township_code = township;
        r.draft.persons.push_back({person, std::nullopt, "村主任", std::nullopt, std::nullopt, false, false, false});
        r.draft.description = person + "在低保评定中优亲厚友，把名额给了自己的亲属，群众意见很大。";
        r.draft.reporter_name = reporter;
        r.draft.reporter_contact = phone;
        return r;
    }

    std::int64_t count(const std::string& table) {
        return database->read([&](Session& s) { return s.query("SELECT COUNT(*) FROM " + table).at(0).integer(0); })
            .value();
    }

    testing::ScratchDatabase scratch{"xzq_r"};
    ManualClock clock{beijing_morning("2026-02-10")};
    std::unique_ptr<Database> database;
    std::unique_ptr<SqlOrgRepository> divisions;
    std::unique_ptr<SqlOrganisationRepository> organisation;
    std::unique_ptr<SqlPeopleRepository> people;
    std::unique_ptr<SqlSecondmentRepository> secondments;
    std::unique_ptr<SqlUserRepository> users;
    std::unique_ptr<SqlReportRepository> reports;
    std::unique_ptr<SqlCalendarRepository> calendar;
    std::unique_ptr<FileAttachmentStore> files;
    std::unique_ptr<security::Sealer> sealer;
    security::PasswordHasher hasher{2};
    std::unique_ptr<services::DeadlineService> deadlines;
    std::unique_ptr<services::ReportService> service;

    const domain::Principal petition = principal(1, "petition_staff", "county:410225");
    const domain::Principal head = principal(2, "petition_head", "county:410225");
    const domain::Principal gu_yang = principal(3, "township_staff", "township:410225101");
    const domain::Principal nan_zhang = principal(4, "township_staff", "township:410225102");
    const domain::Principal leader = principal(5, "county_leader", "county:410225");
};

TEST_F(ReportStorageTest, RealNameNoticeIsDueFifteenWorkingDaysLaterAcrossTheSpringFestival) {
    auto view = service->register_report(petition, letter("410225101", "李某", "刘实名", "13912340000"));
    ASSERT_TRUE(view.ok()) << view.error().message_en;
    EXPECT_EQ(view->record.reporter_mode, domain::ReporterMode::real_name);
    EXPECT_EQ(view->record.number, "410225-2026-000001");
    ASSERT_EQ(view->deadlines.size(), 1u);
    // Feb 11–13, Sat Feb 14 (调休上班), 春节 Feb 15–23 off, Feb 24–28 (Sat 28 works), Mar 2–6, Mar 9.
    EXPECT_EQ(view->deadlines[0].record.due_on, d("2026-03-09"));
    EXPECT_EQ(view->deadlines[0].status.state, domain::DeadlineState::on_time);

    clock.advance(std::chrono::days(23));  // 2026-03-05: two working days left
    auto board = deadlines->board(leader);
    ASSERT_TRUE(board.ok());
    EXPECT_EQ(board->county.open, 1);
    EXPECT_EQ(board->county.due_soon, 1);
    clock.advance(std::chrono::days(5));  // 2026-03-10: overdue
    auto mine = deadlines->mine(petition);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].status.state, domain::DeadlineState::overdue);
    // The notice completes it: met late.
    ASSERT_TRUE(service->route(petition, view->record.id, {}).ok());
    ASSERT_TRUE(service->accept(gu_yang, view->record.id).ok());
    ASSERT_TRUE(service->message_reporter(gu_yang, view->record.id, "已受理", true).ok());
    auto after = service->view(petition, view->record.id);
    ASSERT_TRUE(after.ok());
    for (const auto& deadline : after->deadlines) {
        if (deadline.record.rule_code == "petition.realname_notice") {
            EXPECT_EQ(deadline.status.state, domain::DeadlineState::met_late);
        }
    }
}

TEST_F(ReportStorageTest, ATownshipSeesOnlyWhatWasRoutedToIt) {
    auto first = service->register_report(petition, letter("410225101", "赵某"));
    auto second = service->register_report(petition, letter("410225102", "钱某"));
    ASSERT_TRUE(first.ok() && second.ok());
    // Before routing, only the county sees them.
    EXPECT_TRUE(service->reports(gu_yang, {}).value().empty());
    EXPECT_EQ(service->view(gu_yang, first->record.id).error().kind, ErrorKind::not_found);
    auto routed = service->route(petition, first->record.id, {});
    ASSERT_TRUE(routed.ok()) << routed.error().message_en;
    EXPECT_EQ(routed->record.level, domain::HandlingLevel::township);
    EXPECT_EQ(routed->record.routed_township, "410225101");
    ASSERT_TRUE(service->route(petition, second->record.id, {}).ok());

    auto mine = service->reports(gu_yang, {}).value();
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].id, first->record.id);
    EXPECT_EQ(service->view(nan_zhang, first->record.id).error().kind, ErrorKind::not_found);
    EXPECT_EQ(service->accept(nan_zhang, first->record.id).error().kind, ErrorKind::not_found);
    // The receiving level must accept within 5 working days: the deadline is the township's.
    auto townships_deadlines = deadlines->mine(gu_yang).value();
    ASSERT_EQ(townships_deadlines.size(), 1u);
    EXPECT_EQ(townships_deadlines[0].record.rule_code, "petition.accept_or_forward");
    EXPECT_TRUE(deadlines->mine(nan_zhang).value().size() == 1u);
    ASSERT_TRUE(service->accept(gu_yang, first->record.id).ok());
    EXPECT_TRUE(deadlines->mine(gu_yang).value().empty());
}

TEST_F(ReportStorageTest, TheReporterIsSealedAndRevealedOnlyThroughAnApprovalThatExpires) {
    auto view = service->register_report(petition, letter("410225101", "孙某", "甄独一无二", "13700009999"));
    ASSERT_TRUE(view.ok());
    const auto id = view->record.id;
    EXPECT_EQ(service->reporter(petition, id).value().name, "甄独一无二");
    ASSERT_TRUE(service->route(petition, id, {}).ok());
    EXPECT_EQ(service->reporter(gu_yang, id).error().code, "reporter.sealed");
    EXPECT_EQ(service->reporter(head, id).error().code, "reporter.sealed");  // not the handler

    auto request = service->request_reveal(gu_yang, id, "需要核实举报内容");
    ASSERT_TRUE(request.ok()) << request.error().message_en;
    EXPECT_EQ(service->request_reveal(gu_yang, id, "再次申请").error().code, "reveal.pending");
    EXPECT_EQ(service->decide_reveal(gu_yang, request->id, true, "自批").error().kind, ErrorKind::forbidden);
    auto decided = service->decide_reveal(head, request->id, true, "同意，仅限核实");
    ASSERT_TRUE(decided.ok()) << decided.error().message_en;
    EXPECT_EQ(service->decide_reveal(head, request->id, false, "改变主意").error().code, "reveal.decided");
    auto shown = service->reporter(gu_yang, id);
    ASSERT_TRUE(shown.ok());
    EXPECT_EQ(shown->contact, "13700009999");
    clock.advance(std::chrono::days(8));
    EXPECT_EQ(service->reporter(gu_yang, id).error().code, "reporter.sealed");

    // Neither the name nor the phone is stored in clear anywhere in the reports table.
    auto rows = database->read([&](Session& s) {
        return s.query("SELECT number, reporter_sealed, persons, description FROM reports WHERE id = ?",
                       {std::int64_t{id}});
    });
    ASSERT_TRUE(rows.ok());
    for (std::size_t column = 0; column < 4; ++column) {
        EXPECT_EQ(rows->at(0).text(column).find("甄独一无二"), std::string::npos);
        EXPECT_EQ(rows->at(0).text(column).find("13700009999"), std::string::npos);
    }
    EXPECT_FALSE(rows->at(0).text(1).empty());
    if (backend_name() == "sqlite") {
        for (const auto* suffix : {"", "-wal"}) {
            std::ifstream in(scratch.sqlite_file().string() + suffix, std::ios::binary);
            std::stringstream bytes;
            bytes << in.rdbuf();
            EXPECT_EQ(bytes.str().find("甄独一无二"), std::string::npos) << suffix;
            EXPECT_EQ(bytes.str().find("13700009999"), std::string::npos) << suffix;
            if (*suffix) {
                EXPECT_NE(bytes.str().find("孙某"), std::string::npos) << "the search must find plain text";
            }
        }
    }
}

TEST_F(ReportStorageTest, AStagedUploadIsUsedOnceAndASubmissionIsNeverStoredTwice) {
    const std::string png("\x89PNG\r\n\x1a\n0000000000000000", 24);
    auto staged = service->stage_public_attachment("410225", "photo.png", png, "198.51.100.7");
    ASSERT_TRUE(staged.ok()) << staged.error().message_en;
    services::PublicSubmission submission;
    submission.submission_id = "test-submission-0001";
    submission.draft = letter("410225101", "周某").draft;
    submission.draft.channel = domain::Channel::online;
    submission.attachment_tokens = {staged->token};
    auto receipt = service->submit_public("410225", submission, "198.51.100.7");
    ASSERT_TRUE(receipt.ok()) << receipt.error().message_en;
    EXPECT_EQ(count("report_attachments"), 1);
    EXPECT_EQ(count("staged_attachments"), 0);

    auto again = service->submit_public("410225", submission, "198.51.100.7");
    EXPECT_EQ(again.error().code, "report.duplicate_submission");
    submission.submission_id = "test-submission-0002";
    auto reused = service->submit_public("410225", submission, "198.51.100.7");
    EXPECT_EQ(reused.error().code, "report.attachment_expired");
    EXPECT_EQ(count("reports"), 1);

    // An unused upload expires after an hour and its file goes with it.
    auto orphan = service->stage_public_attachment("410225", "scan.png", png, "198.51.100.7");
    ASSERT_TRUE(orphan.ok());
    clock.advance(std::chrono::minutes(61));
    EXPECT_EQ(service->purge_expired_uploads().value(), 1);
    EXPECT_EQ(count("staged_attachments"), 0);

    auto status = service->public_status(receipt->query_code, receipt->query_password, "198.51.100.7");
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->status, domain::PublicStatus::received);
    EXPECT_EQ(service->public_status(receipt->query_code, "wrong-password", "198.51.100.7").error().code,
              "report.query_failed");
}

TEST_F(ReportStorageTest, AReportForTheHigherCommissionKeepsOnlyAReceiptStub) {
    auto registration = letter("410225101", "吴某");
    registration.draft.persons[0].rank = domain::Rank::county_division;
    registration.draft.reporter_name = "吕实名";
    registration.draft.reporter_contact = "13600001234";
    auto view = service->register_report(petition, registration);
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->suggestion.level, domain::HandlingLevel::higher);
    EXPECT_TRUE(view->suggestion.receipt_stub_only);
    auto routed = service->route(petition, view->record.id, {});
    ASSERT_TRUE(routed.ok()) << routed.error().message_en;
    EXPECT_EQ(routed->record.status, domain::ReportStatus::forwarded_up);
    EXPECT_TRUE(routed->record.stub);
    EXPECT_TRUE(routed->record.description.empty());
    EXPECT_TRUE(routed->record.persons.empty());
    EXPECT_TRUE(routed->record.reporter_sealed.empty());
    for (const auto& deadline : routed->deadlines) EXPECT_TRUE(deadline.record.completed_on.has_value());
}

TEST_F(ReportStorageTest, TheShippedCalendarIsSeededOnceAndEditsChangeDueDates) {
    auto before = calendar->calendar().value().size();
    EXPECT_GT(before, 60u);
    EXPECT_EQ(deadlines->seed_calendar().value(), 0);
    // An administrator removes a shipped holiday: a later seed does not bring it back.
    ASSERT_TRUE(deadlines->remove_day(principal(9, "system_admin", "county:410225"), d("2026-02-23")).value());
    EXPECT_EQ(deadlines->seed_calendar().value(), 0);
    EXPECT_EQ(calendar->calendar().value().size(), before - 1);
    EXPECT_EQ(deadlines->put_day(petition, {d("2026-03-02"), domain::DayKind::holiday, "演练"}).error().kind,
              ErrorKind::forbidden);
    // With Feb 23 a working day again, the notice of a Feb 10 report falls due a day earlier.
    auto view = service->register_report(petition, letter("410225101", "郑某", "冯实名", "13512345678"));
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->deadlines[0].record.due_on, d("2026-03-06"));
}

TEST_F(ReportStorageTest, ARepeatIsSuggestedAndJudgedByThePetitionOffice) {
    auto first = service->register_report(petition, letter("410225101", "王某"));
    auto second = service->register_report(petition, letter("410225101", "王某"));
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->record.repeat_state, "none");
    EXPECT_EQ(second->record.repeat_state, "suggested");
    ASSERT_FALSE(second->record.repeat_candidates.empty());
    EXPECT_EQ(second->record.repeat_candidates[0].report_id, first->record.id);
    EXPECT_EQ(service->judge_repeat(gu_yang, second->record.id, true, std::nullopt).error().kind, ErrorKind::not_found);
    auto judged = service->judge_repeat(petition, second->record.id, true, std::nullopt);
    ASSERT_TRUE(judged.ok());
    EXPECT_EQ(judged->record.repeat_state, "confirmed");
    EXPECT_EQ(judged->record.original_report_id, first->record.id);
}

}  // namespace
}  // namespace xzq::storage
