// The case workflow as data: the table's own consistency, the two paths of the browser
// tests, the guard policies and the errors of next().
#include "domain/case_workflow.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <queue>
#include <set>

#include "domain/deadlines.hpp"

namespace xzq::domain {
namespace {

using R = ApprovalRole;
using C = WorkflowCondition;

Date d(const char* text) {
    return parse_date(text).value();
}

const WorkCalendar& cn() {
    static const WorkCalendar calendar(shipped_cn_calendar());
    return calendar;
}

constexpr const char* k_subject_township = "410225101";

// Every field any row with this action asks for, filled in.
std::map<std::string, std::string> form_for(std::string_view action) {
    std::map<std::string, std::string> fields;
    for (const auto& row : case_transitions()) {
        if (row.action != action) continue;
        for (const auto& field : row.fields) fields[field.name] = "已填写";
    }
    return fields;
}

bool has_effect(const std::vector<DeadlineEffect>& effects, DeadlineOp op, std::string_view code) {
    return std::any_of(effects.begin(), effects.end(),
                       [&](const DeadlineEffect& e) { return e.op == op && e.rule_code == code; });
}

std::vector<std::string> actions_of(const std::vector<const CaseTransition*>& rows) {
    std::vector<std::string> out;
    for (const auto* row : rows) out.push_back(row->action);
    return out;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// Carries one case through the workflow, keeping its position, facts and people.
struct Walk {
    CasePosition at;
    std::set<WorkflowCondition> facts;
    std::vector<CaseTeamMember> team;
    std::vector<long long> investigators = {11, 12};
    std::vector<long long> reviewers = {21, 22};
    std::vector<long long> appeal_handlers = {41, 42};
    std::vector<DeadlineEffect> effects;
    std::vector<std::string> trail;

    TransitionContext context(std::string_view action, std::vector<ApprovalRole> approvals) const {
        TransitionContext context;
        context.fields = form_for(action);
        context.approvals = std::move(approvals);
        context.facts = facts;
        context.team = team;
        context.investigators = investigators;
        context.reviewers = reviewers;
        context.appeal_handlers = appeal_handlers;
        context.subject_township_code = k_subject_township;
        return context;
    }

    Result<TransitionOutcome> attempt(std::string_view action, std::vector<ApprovalRole> approvals = {},
                                      std::optional<CaseApprovalPath> path = std::nullopt) const {
        auto ctx = context(action, std::move(approvals));
        ctx.path = path;
        return next(at, action, ctx);
    }

    // Moves and returns true, or records a test failure with the error.
    bool go(std::string_view action, std::vector<ApprovalRole> approvals = {},
            std::optional<CaseApprovalPath> path = std::nullopt) {
        auto moved = attempt(action, std::move(approvals), path);
        EXPECT_TRUE(moved.ok()) << action << " from " << to_string(at.state) << ": "
                                << (moved.ok() ? "" : moved.error().code + " " + moved.error().message_zh);
        if (!moved.ok()) return false;
        EXPECT_EQ(moved->transition->action, action);
        at = moved->to;
        effects.insert(effects.end(), moved->deadlines.begin(), moved->deadlines.end());
        trail.emplace_back(action);
        return true;
    }
};

CaseTeamMember member(long long id, std::string township, bool signed_report = true) {
    return {id, std::move(township), signed_report};
}

std::vector<CaseTeamMember> home_team() {
    return {member(11, k_subject_township), member(12, k_subject_township)};
}

// ---- The table ------------------------------------------------------------------------------

TEST(CaseWorkflowTable, EveryEnumRoundTripsAndHasAChineseName) {
    for (auto state : all_case_states()) {
        EXPECT_EQ(case_state_from_string(to_string(state)), state);
        EXPECT_FALSE(chinese_name(state).empty());
    }
    EXPECT_EQ(all_case_states().size(), 16U);
    for (auto level : all_case_handling_levels()) {
        EXPECT_EQ(case_handling_level_from_string(to_string(level)), level);
        EXPECT_FALSE(chinese_name(level).empty());
    }
    for (auto path : {CaseApprovalPath::township_county_review, CaseApprovalPath::township_submission,
                      CaseApprovalPath::county_level}) {
        EXPECT_EQ(case_approval_path_from_string(to_string(path)), path);
    }
    EXPECT_EQ(chinese_name(CaseApprovalPath::township_county_review), "乡案县审");
    EXPECT_EQ(chinese_name(CaseApprovalPath::township_submission), "乡镇报批");
    EXPECT_EQ(approval_role_from_string("commission_head"), R::commission_head);
    EXPECT_EQ(chinese_name(R::commission_head), "纪委书记");
    EXPECT_EQ(chinese_name(R::party_secretary), "同级党委书记");
    EXPECT_EQ(chinese_name(R::zone_chief), "协作区区长");
    EXPECT_EQ(workflow_condition_from_string("realname_reporter"), C::realname_reporter);
    EXPECT_EQ(case_mark_from_string("facts_shown"), CaseMark::facts_shown);
    EXPECT_EQ(workflow_guard_from_string("reviewers_are_not_investigators"),
              WorkflowGuard::reviewers_are_not_investigators);
    EXPECT_EQ(deadline_op_from_string("pause"), DeadlineOp::pause);
    EXPECT_FALSE(case_state_from_string("appeal_pending").has_value());
    EXPECT_FALSE(case_handling_level_from_string("").has_value());
}

TEST(CaseWorkflowTable, EveryRowIsComplete) {
    const auto states = all_case_states();
    for (const auto& row : case_transitions()) {
        SCOPED_TRACE(row.action + " from " + std::string(to_string(row.from)));
        EXPECT_NE(std::find(states.begin(), states.end(), row.from), states.end());
        EXPECT_NE(std::find(states.begin(), states.end(), row.to), states.end());
        EXPECT_NE(row.from, CaseState::archived);
        EXPECT_FALSE(row.action.empty());
        EXPECT_FALSE(row.name_zh.empty());
        EXPECT_FALSE(row.name_en.empty());
        EXPECT_TRUE(row.permission.starts_with("case.")) << row.permission;
        std::set<std::string> names;
        for (const auto& field : row.fields) {
            EXPECT_FALSE(field.label_zh.empty()) << field.name;
            EXPECT_TRUE(names.insert(field.name).second) << "field twice: " << field.name;
            EXPECT_TRUE(std::all_of(field.name.begin(), field.name.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || c == '_';
            })) << field.name;
        }
        if (row.chooses_path) {
            EXPECT_NE(std::find(row.guards.begin(), row.guards.end(), WorkflowGuard::approval_path_fits_level),
                      row.guards.end());
        }
    }
}

TEST(CaseWorkflowTable, ActionIdsAreUniquePerStateLevelAndPath) {
    const std::vector<std::optional<CaseApprovalPath>> paths = {std::nullopt, CaseApprovalPath::township_county_review,
                                                                CaseApprovalPath::township_submission,
                                                                CaseApprovalPath::county_level};
    for (auto state : all_case_states()) {
        for (auto level : all_case_handling_levels()) {
            for (const auto& path : paths) {
                std::map<std::string, int> seen;
                for (const auto& row : case_transitions()) {
                    if (row.from != state) continue;
                    bool level_ok = row.levels.empty() ||
                                    std::find(row.levels.begin(), row.levels.end(), level) != row.levels.end();
                    bool path_ok = row.paths.empty() ||
                                   (path && std::find(row.paths.begin(), row.paths.end(), *path) != row.paths.end());
                    if (level_ok && path_ok) ++seen[row.action];
                }
                for (const auto& [action, count] : seen) {
                    EXPECT_EQ(count, 1) << action << " in " << to_string(state) << " at " << to_string(level);
                }
            }
        }
    }
}

TEST(CaseWorkflowTable, EveryDeadlineCodeExistsAndOnlyPausableRulesPause) {
    std::set<std::string> used;
    auto check = [&](const DeadlineEffect& effect, const std::string& where) {
        const auto* rule = find_deadline_rule(effect.rule_code);
        ASSERT_NE(rule, nullptr) << effect.rule_code << " in " << where;
        used.insert(effect.rule_code);
        if (effect.op == DeadlineOp::pause || effect.op == DeadlineOp::resume) {
            EXPECT_TRUE(rule->pausable) << effect.rule_code << " in " << where;
        }
    };
    for (const auto& row : case_transitions()) {
        for (const auto& effect : row.deadlines) check(effect, row.action);
    }
    for (const auto& effect : registration_deadlines({C::assigned_case})) check(effect, "registration");
    // The rows of domain.md §3 that a case file's own steps start or finish.
    for (const char* code : {"clue.disposal",
                             "inquiry.reply",
                             "talk.written_explanation",
                             "inquiry.report",
                             "verification.local",
                             "investigation.supervision",
                             "review.hearing",
                             "decision.submit_to_party_committee",
                             "decision.report_member_case",
                             "sanction.announce",
                             "sanction.position_change",
                             "sanction.execution_report",
                             "gov_sanction.serve",
                             "gov_sanction.execute",
                             "asset_recovery.execute",
                             "case.withdrawn_report",
                             "appeal.party_review",
                             "gov_appeal.review",
                             "gov_appeal.recheck",
                             "org_handling.execute",
                             "petition.realname_feedback",
                             "petition.assigned_finish"}) {
        EXPECT_TRUE(used.contains(code)) << code;
    }
}

TEST(CaseWorkflowTable, EveryStartedClockIsFinishedSomewhere) {
    std::set<std::string> started;
    std::set<std::string> ended;
    for (const auto& row : case_transitions()) {
        for (const auto& effect : row.deadlines) {
            if (effect.op == DeadlineOp::start) started.insert(effect.rule_code);
            if (effect.op == DeadlineOp::complete || effect.op == DeadlineOp::cancel) ended.insert(effect.rule_code);
        }
    }
    for (const auto& effect : registration_deadlines({C::assigned_case})) started.insert(effect.rule_code);
    for (const auto& code : started) EXPECT_TRUE(ended.contains(code)) << code;
}

TEST(CaseWorkflowTable, EveryStateIsReachableAndEveryOpenStateCanMove) {
    std::set<CaseState> seen = {k_initial_case_state};
    std::queue<CaseState> queue;
    queue.push(k_initial_case_state);
    while (!queue.empty()) {
        auto state = queue.front();
        queue.pop();
        for (const auto& row : case_transitions()) {
            if (row.from == state && seen.insert(row.to).second) queue.push(row.to);
        }
    }
    for (auto state : all_case_states()) {
        EXPECT_TRUE(seen.contains(state)) << to_string(state);
        bool moves = std::any_of(case_transitions().begin(), case_transitions().end(),
                                 [&](const CaseTransition& row) { return row.from == state; });
        EXPECT_EQ(moves, state != CaseState::archived) << to_string(state);
    }
}

TEST(CaseWorkflowTable, PermissionsAreTheProposedActionIds) {
    EXPECT_EQ(workflow_permissions(),
              (std::vector<std::string>{"case.appeal", "case.approve", "case.archive", "case.assign", "case.escalate",
                                        "case.handle", "case.review"}));
}

TEST(CaseWorkflowTable, FilingNeedsTheCommissionHeadAndThePartySecretary) {
    int rows = 0;
    for (const auto& row : case_transitions()) {
        if (row.action != "approve_filing" && row.action != "approve_filing_and_transfer") continue;
        ++rows;
        std::vector<ApprovalRole> roles;
        for (const auto& need : row.approvals) {
            EXPECT_EQ(need.when, C::always);
            roles.push_back(need.role);
        }
        EXPECT_EQ(roles, (std::vector<ApprovalRole>{R::commission_head, R::party_secretary}));
    }
    EXPECT_EQ(rows, 2);
}

// ---- The two browser paths ----------------------------------------------------------

// (a) A general case handled wholly in the township, reviewed by the zone: clue → 初步核实 → 立案
// → 审查调查 → 审理 → decision → 乡案县审 → announce → execute → 回访 → close → archive.
TEST(CaseWorkflowPaths, GeneralCaseHandledInTheTownshipReviewedByTheZone) {
    Walk walk;
    walk.facts = {C::party_sanction, C::realname_reporter};
    walk.team = home_team();

    ASSERT_TRUE(walk.go("dispose.verification", {R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::verification);
    ASSERT_TRUE(walk.go("verification.propose_filing", {R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::filing_requested);
    ASSERT_TRUE(walk.go("approve_filing", {R::commission_head, R::party_secretary}));
    EXPECT_EQ(walk.at.state, CaseState::investigating);
    ASSERT_TRUE(walk.go("facts_confirmed"));
    EXPECT_TRUE(walk.at.marks.contains(CaseMark::facts_shown));
    ASSERT_TRUE(walk.go("transfer_to_review", {R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::review);
    // The zone reviews: its chief approves the review report with the township committee's opinion.
    ASSERT_TRUE(walk.go("review.report", {R::commission_head, R::zone_chief}));
    EXPECT_EQ(walk.at.state, CaseState::standing_committee);
    ASSERT_TRUE(walk.go("committee.decide", {R::standing_committee}, CaseApprovalPath::township_county_review));
    EXPECT_EQ(walk.at.state, CaseState::approval);
    EXPECT_EQ(walk.at.path, CaseApprovalPath::township_county_review);
    ASSERT_TRUE(walk.go("approval.submit"));
    ASSERT_TRUE(walk.go("approval.approve", {R::county_review, R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::decided);
    ASSERT_TRUE(walk.go("announce"));
    ASSERT_TRUE(walk.go("execute"));
    ASSERT_TRUE(walk.go("follow_up"));
    EXPECT_EQ(walk.at.state, CaseState::follow_up);
    ASSERT_TRUE(walk.go("close", {R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::closed);
    ASSERT_TRUE(walk.go("feedback.record"));
    ASSERT_TRUE(walk.go("archive", {R::zone_chief}));
    EXPECT_EQ(walk.at.state, CaseState::archived);
    EXPECT_EQ(walk.at.level, CaseHandlingLevel::township);

    const auto& e = walk.effects;
    EXPECT_TRUE(has_effect(e, DeadlineOp::complete, "clue.disposal"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::start, "verification.local"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::complete, "verification.local"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::start, "review.hearing"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::complete, "review.hearing"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::start, "sanction.announce"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::complete, "sanction.announce"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::start, "sanction.execution_report"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::complete, "sanction.execution_report"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::start, "petition.realname_feedback"));
    EXPECT_TRUE(has_effect(e, DeadlineOp::complete, "petition.realname_feedback"));
    // No government sanction, no supervision case: their clocks never start.
    EXPECT_FALSE(has_effect(e, DeadlineOp::start, "gov_sanction.serve"));
    EXPECT_FALSE(has_effect(e, DeadlineOp::start, "investigation.supervision"));
}

// (b) report → clue → 初步核实 → 立案 → escalated to the zone → team from two other townships →
// 审理 → decision (严重警告, within the township commission's authority) approved → execution →
// 回访 → archived.
TEST(CaseWorkflowPaths, DifficultCaseEscalatedToTheZoneWithATeamFromOtherTownships) {
    Walk walk;
    walk.facts = {C::party_sanction};
    walk.team = home_team();
    for (const auto& effect : registration_deadlines(walk.facts)) walk.effects.push_back(effect);

    ASSERT_TRUE(walk.go("dispose.verification", {R::commission_head}));
    ASSERT_TRUE(walk.go("verification.propose_filing", {R::commission_head}));
    ASSERT_TRUE(walk.go("approve_filing", {R::commission_head, R::party_secretary}));
    ASSERT_EQ(walk.at.state, CaseState::investigating);

    // The township applies, the zone chief decides the zone handles it with a cross-township team.
    ASSERT_TRUE(walk.go("escalate.request", {R::commission_head}));
    EXPECT_TRUE(walk.at.marks.contains(CaseMark::escalation_requested));
    ASSERT_TRUE(walk.go("escalate.zone_assist", {R::zone_chief}));
    EXPECT_EQ(walk.at.level, CaseHandlingLevel::zone_assisted);
    EXPECT_FALSE(walk.at.marks.contains(CaseMark::escalation_requested));
    EXPECT_EQ(walk.at.state, CaseState::investigating);

    // Without a confirmed team the case cannot go to review.
    ASSERT_TRUE(walk.go("facts_confirmed"));
    auto early = walk.attempt("transfer_to_review", {R::commission_head});
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, "workflow.step_missing");
    EXPECT_NE(early.error().message_zh.find("异地办案组已确认"), std::string::npos);

    walk.team = {member(31, "410225102"), member(32, "410225103"), member(33, "410225103")};
    walk.investigators = {31, 32, 33};
    ASSERT_TRUE(walk.go("team.confirm", {R::zone_chief}));
    EXPECT_TRUE(walk.at.marks.contains(CaseMark::team_confirmed));
    ASSERT_TRUE(walk.go("facts_confirmed"));
    ASSERT_TRUE(walk.go("transfer_to_review", {R::commission_head}));
    ASSERT_TRUE(walk.go("review.report", {R::commission_head, R::zone_chief}));
    ASSERT_TRUE(walk.go("committee.decide", {R::standing_committee}, CaseApprovalPath::township_county_review));
    ASSERT_TRUE(walk.go("approval.submit"));
    ASSERT_TRUE(walk.go("approval.approve", {R::county_review, R::commission_head}));
    ASSERT_TRUE(walk.go("announce"));
    ASSERT_TRUE(walk.go("execute"));
    ASSERT_TRUE(walk.go("follow_up"));
    ASSERT_TRUE(walk.go("close", {R::commission_head}));
    ASSERT_TRUE(walk.go("archive", {R::zone_chief}));
    EXPECT_EQ(walk.at.state, CaseState::archived);
    EXPECT_EQ(walk.at.level, CaseHandlingLevel::zone_assisted);
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "clue.disposal"));
}

TEST(CaseWorkflowPaths, EscalationThroughTheZoneToTheCountyTakingItUp) {
    Walk walk;
    walk.at.state = CaseState::verification;
    walk.team = home_team();
    ASSERT_TRUE(walk.go("escalate.request", {R::commission_head}));
    // The county office cannot analyse before the zone chief forwards.
    auto early = walk.attempt("escalate.analyse", {R::county_office});
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, "workflow.step_missing");
    ASSERT_TRUE(walk.go("escalate.forward", {R::zone_chief}));
    ASSERT_TRUE(walk.go("escalate.analyse", {R::county_office}));
    ASSERT_TRUE(walk.go("escalate.take_up", {R::county_commission_head}));
    EXPECT_EQ(walk.at.level, CaseHandlingLevel::escalated);
    EXPECT_TRUE(walk.at.marks.empty());
    // An escalated case is approved at county level, never by the township paths.
    ASSERT_TRUE(walk.go("verification.propose_filing", {R::commission_head}));
    ASSERT_TRUE(walk.go("approve_filing", {R::commission_head, R::party_secretary}));
    ASSERT_TRUE(walk.go("facts_confirmed"));
    ASSERT_TRUE(walk.go("transfer_to_review", {R::commission_head}));
    // County-level review: no zone chief, no township committee opinion needed.
    ASSERT_TRUE(walk.go("review.report", {R::commission_head}));
    auto township_path =
        walk.attempt("committee.decide", {R::standing_committee}, CaseApprovalPath::township_county_review);
    ASSERT_FALSE(township_path.ok());
    EXPECT_EQ(township_path.error().code, "workflow.path_not_for_level");
    walk.facts = {C::party_sanction, C::party_committee_approval};
    ASSERT_TRUE(walk.go("committee.decide", {R::standing_committee}, CaseApprovalPath::county_level));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "decision.submit_to_party_committee"));
    ASSERT_TRUE(walk.go("approval.submit"));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::complete, "decision.submit_to_party_committee"));
    auto no_committee = walk.attempt("approval.approve", {R::commission_head});
    ASSERT_FALSE(no_committee.ok());
    EXPECT_EQ(no_committee.error().code, "workflow.approval_missing");
    ASSERT_TRUE(walk.go("approval.approve", {R::commission_head, R::party_committee}));
    EXPECT_EQ(walk.at.state, CaseState::decided);
}

TEST(CaseWorkflowPaths, CountyDesignatesAnotherHandlerOrDeclines) {
    Walk walk;
    walk.at.state = CaseState::filing_requested;
    ASSERT_TRUE(walk.go("escalate.request", {R::commission_head}));
    ASSERT_TRUE(walk.go("escalate.forward", {R::zone_chief}));
    ASSERT_TRUE(walk.go("escalate.analyse", {R::county_office}));
    auto copy = walk;
    ASSERT_TRUE(walk.go("escalate.designate", {R::county_commission_head}));
    EXPECT_EQ(walk.at.level, CaseHandlingLevel::designated);
    EXPECT_TRUE(walk.at.marks.empty());

    ASSERT_TRUE(copy.go("escalate.county_decline", {R::county_commission_head}));
    EXPECT_EQ(copy.at.level, CaseHandlingLevel::township);
    EXPECT_TRUE(copy.at.marks.empty());
    // A new request may follow.
    EXPECT_TRUE(copy.attempt("escalate.request", {R::commission_head}).ok());
}

TEST(CaseWorkflowPaths, TheZoneMayDeclineAndAnOpenRequestHoldsTheCase) {
    Walk walk;
    walk.at.state = CaseState::investigating;
    walk.at.marks = {CaseMark::facts_shown};
    ASSERT_TRUE(walk.go("escalate.request", {R::commission_head}));
    auto twice = walk.attempt("escalate.request", {R::commission_head});
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, "workflow.blocked");
    auto leave = walk.attempt("transfer_to_review", {R::commission_head});
    ASSERT_FALSE(leave.ok());
    EXPECT_EQ(leave.error().code, "workflow.blocked");
    ASSERT_TRUE(walk.go("escalate.zone_decline", {R::zone_chief}));
    EXPECT_EQ(walk.at.level, CaseHandlingLevel::township);
    EXPECT_TRUE(walk.go("transfer_to_review", {R::commission_head}));
}

TEST(CaseWorkflowPaths, CountyCasesDoNotEscalateAndZoneAssistIsOnlyFromTheTownship) {
    Walk walk;
    walk.at.level = CaseHandlingLevel::county;
    auto request = walk.attempt("escalate.request", {R::commission_head});
    ASSERT_FALSE(request.ok());
    EXPECT_EQ(request.error().code, "workflow.not_at_level");
    EXPECT_EQ(request.error().kind, ErrorKind::conflict);

    Walk zone;
    zone.at.level = CaseHandlingLevel::zone_assisted;
    zone.at.marks = {CaseMark::escalation_requested};
    auto again = zone.attempt("escalate.zone_assist", {R::zone_chief});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, "workflow.not_at_level");
    // But a zone-assisted case may still go up to the county.
    EXPECT_TRUE(zone.attempt("escalate.forward", {R::zone_chief}).ok());
}

TEST(CaseWorkflowPaths, TownshipSubmissionNeedsTheCountyStandingCommittee) {
    Walk walk;
    walk.at.state = CaseState::standing_committee;
    walk.facts = {C::party_sanction, C::party_committee_approval};
    ASSERT_TRUE(walk.go("committee.decide", {R::standing_committee}, CaseApprovalPath::township_submission));
    auto unapproved = walk.attempt("approval.submit");
    ASSERT_FALSE(unapproved.ok());
    EXPECT_EQ(unapproved.error().code, "workflow.approval_missing");
    EXPECT_NE(unapproved.error().message_zh.find("同级党委"), std::string::npos);
    ASSERT_TRUE(walk.go("approval.submit", {R::party_committee}));
    auto township_only = walk.attempt("approval.approve", {R::commission_head, R::party_committee});
    ASSERT_FALSE(township_only.ok());
    EXPECT_NE(township_only.error().message_zh.find("县纪委常委会"), std::string::npos);
    ASSERT_TRUE(walk.go("approval.approve", {R::county_standing_committee}));
    EXPECT_EQ(walk.at.state, CaseState::decided);
}

TEST(CaseWorkflowPaths, ATownshipCaseSwitchesBetweenItsTwoPathsOnly) {
    Walk walk;
    walk.at.state = CaseState::approval;
    walk.at.path = CaseApprovalPath::township_county_review;
    walk.at.marks = {CaseMark::submitted};
    ASSERT_TRUE(walk.go("approval.switch_path", {R::commission_head}, CaseApprovalPath::township_submission));
    EXPECT_EQ(walk.at.path, CaseApprovalPath::township_submission);
    EXPECT_FALSE(walk.at.marks.contains(CaseMark::submitted));
    auto county = walk.attempt("approval.switch_path", {R::commission_head}, CaseApprovalPath::county_level);
    ASSERT_FALSE(county.ok());
    EXPECT_EQ(county.error().code, "workflow.path_not_for_level");
}

TEST(CaseWorkflowPaths, ApprovalWaitsForTheSubmission) {
    Walk walk;
    walk.at.state = CaseState::approval;
    walk.at.path = CaseApprovalPath::township_county_review;
    auto buttons = actions_of(available_transitions(walk.at));
    EXPECT_TRUE(contains(buttons, "approval.submit"));
    EXPECT_FALSE(contains(buttons, "approval.approve"));
    auto early = walk.attempt("approval.approve", {R::county_review, R::commission_head});
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, "workflow.step_missing");
    ASSERT_TRUE(walk.go("approval.submit"));
    buttons = actions_of(available_transitions(walk.at));
    EXPECT_FALSE(contains(buttons, "approval.submit"));
    EXPECT_TRUE(contains(buttons, "approval.approve"));
}

TEST(CaseWorkflowPaths, SimplifiedProcedureFilesAndTransfersTogether) {
    Walk walk;
    walk.at.state = CaseState::filing_requested;
    walk.facts = {C::supervision_case};
    ASSERT_TRUE(walk.go("approve_filing_and_transfer", {R::commission_head, R::party_secretary}));
    EXPECT_EQ(walk.at.state, CaseState::review);
    EXPECT_TRUE(walk.at.marks.contains(CaseMark::facts_shown));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "investigation.supervision"));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "review.hearing"));
}

// ---- Deadline effects -----------------------------------------------------------------------

TEST(CaseWorkflowDeadlines, ReviewReturnPausesTheHearingAndResubmissionResumesIt) {
    Walk walk;
    walk.at.state = CaseState::review;
    ASSERT_TRUE(walk.go("review.return", {R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::returned);
    EXPECT_EQ(walk.effects, (std::vector<DeadlineEffect>{{DeadlineOp::pause, "review.hearing"}}));
    ASSERT_TRUE(walk.go("review.resubmit", {R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::review);
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::resume, "review.hearing"));
}

TEST(CaseWorkflowDeadlines, ReinvestigationCancelsTheHearingAndTheFactsMustBeShownAgain) {
    Walk walk;
    walk.at.state = CaseState::review;
    walk.at.marks = {CaseMark::facts_shown};
    ASSERT_TRUE(walk.go("review.return_for_reinvestigation", {R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::investigating);
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::cancel, "review.hearing"));
    auto again = walk.attempt("transfer_to_review", {R::commission_head});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, "workflow.step_missing");
    EXPECT_NE(again.error().message_zh.find("事实材料已见面"), std::string::npos);
}

TEST(CaseWorkflowDeadlines, DecisionStartsOnlyTheClocksItsContentNeeds) {
    Walk walk;
    walk.at.state = CaseState::approval;
    walk.at.path = CaseApprovalPath::county_level;
    walk.at.level = CaseHandlingLevel::county;
    walk.at.marks = {CaseMark::submitted};
    walk.facts = {C::party_sanction, C::gov_sanction, C::supervision_case};
    ASSERT_TRUE(walk.go("approval.approve", {R::commission_head}));
    EXPECT_EQ(walk.effects, (std::vector<DeadlineEffect>{
                                {DeadlineOp::complete, "investigation.supervision", C::supervision_case},
                                {DeadlineOp::start, "sanction.announce", C::party_sanction},
                                {DeadlineOp::start, "gov_sanction.serve", C::gov_sanction},
                            }));
    ASSERT_TRUE(walk.go("announce"));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "gov_sanction.execute"));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::complete, "gov_sanction.serve"));
}

TEST(CaseWorkflowDeadlines, RegistrationStartsTheDisposalClock) {
    EXPECT_EQ(registration_deadlines({}), (std::vector<DeadlineEffect>{{DeadlineOp::start, "clue.disposal"}}));
    EXPECT_EQ(registration_deadlines({C::assigned_case}).size(), 2U);
}

TEST(CaseWorkflowDeadlines, WithdrawnSupervisionCaseIsFiledUpstairs) {
    Walk walk;
    walk.at.state = CaseState::standing_committee;
    walk.at.level = CaseHandlingLevel::county;
    walk.facts = {C::supervision_case};
    ASSERT_TRUE(walk.go("committee.withdraw", {R::standing_committee}));
    EXPECT_EQ(walk.at.state, CaseState::closed);
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "case.withdrawn_report"));
    ASSERT_TRUE(walk.go("withdrawal.report"));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::complete, "case.withdrawn_report"));

    Walk ordinary;
    ordinary.at.state = CaseState::closed;
    auto not_withdrawn = ordinary.attempt("withdrawal.report");
    ASSERT_FALSE(not_withdrawn.ok());
    EXPECT_EQ(not_withdrawn.error().code, "workflow.step_missing");
}

// ---- 谈话函询 outcomes ------------------------------------------------------------------------

TEST(CaseWorkflowInquiry, LetterStartsTheReplyClockAndTheReportNeedsTheReply) {
    Walk walk;
    walk.facts = {C::inquiry_letter};
    ASSERT_TRUE(walk.go("dispose.inquiry", {R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::inquiry);
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "inquiry.reply"));
    EXPECT_FALSE(has_effect(walk.effects, DeadlineOp::start, "talk.written_explanation"));
    auto early = walk.attempt("inquiry.accept", {R::commission_head});
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, "workflow.step_missing");
    ASSERT_TRUE(walk.go("inquiry.replied"));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::complete, "inquiry.reply"));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "inquiry.report"));
}

TEST(CaseWorkflowInquiry, FourOutcomes) {
    Walk replied;
    replied.at.state = CaseState::inquiry;
    replied.at.marks = {CaseMark::reply_received};
    replied.facts = {C::inquiry_letter};

    auto accept = replied;
    ASSERT_TRUE(accept.go("inquiry.accept", {R::commission_head}));  // 采信了结
    EXPECT_EQ(accept.at.state, CaseState::closed);
    EXPECT_TRUE(has_effect(accept.effects, DeadlineOp::complete, "inquiry.report"));

    auto first_form = replied;
    ASSERT_TRUE(first_form.go("inquiry.first_form", {R::commission_head}));
    EXPECT_EQ(first_form.at.state, CaseState::closed);

    auto repeat = replied;  // 再次函询: a new reply clock, the reply mark cleared
    ASSERT_TRUE(repeat.go("inquiry.repeat", {R::commission_head}));
    EXPECT_EQ(repeat.at.state, CaseState::inquiry);
    EXPECT_FALSE(repeat.at.marks.contains(CaseMark::reply_received));
    EXPECT_TRUE(has_effect(repeat.effects, DeadlineOp::start, "inquiry.reply"));

    auto verify = replied;  // 转初核
    ASSERT_TRUE(verify.go("inquiry.to_verification", {R::commission_head}));
    EXPECT_EQ(verify.at.state, CaseState::verification);
    EXPECT_TRUE(has_effect(verify.effects, DeadlineOp::start, "verification.local"));

    auto accusation = replied;
    ASSERT_TRUE(accusation.go("inquiry.false_accusation", {R::commission_head}));
    EXPECT_EQ(accusation.at.state, CaseState::closed);
}

TEST(CaseWorkflowInquiry, CommitteeHeadSubjectNeedsThePartySecretaryForVerification) {
    Walk walk;
    walk.at.state = CaseState::inquiry;
    walk.at.marks = {CaseMark::reply_received};
    walk.facts = {C::subject_is_committee_head};
    auto head_only = walk.attempt("inquiry.to_verification", {R::commission_head});
    ASSERT_FALSE(head_only.ok());
    EXPECT_EQ(head_only.error().code, "workflow.approval_missing");
    EXPECT_TRUE(walk.go("inquiry.to_verification", {R::commission_head, R::party_secretary}));
}

// ---- 暂存待查 ---------------------------------------------------------------------------------

TEST(CaseWorkflowShelved, ReviewedPeriodicallyReactivatedOrClosed) {
    Walk walk;
    ASSERT_TRUE(walk.go("dispose.shelve", {R::commission_head}));
    EXPECT_EQ(walk.at.state, CaseState::shelved);
    ASSERT_TRUE(walk.go("shelved.review", {R::department_head}));
    EXPECT_EQ(walk.at.state, CaseState::shelved);
    auto closing = walk;
    ASSERT_TRUE(walk.go("shelved.reactivate", {R::department_head}));
    EXPECT_EQ(walk.at.state, CaseState::clue_registered);
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "clue.disposal"));
    ASSERT_TRUE(closing.go("shelved.close", {R::commission_head}));
    EXPECT_EQ(closing.at.state, CaseState::closed);
}

TEST(CaseWorkflowShelved, ReviewIsDueEveryThreeMonthsOnAWorkingDay) {
    EXPECT_EQ(k_shelved_review_interval_months, 3);
    EXPECT_EQ(shelved_review_due(d("2026-01-15"), cn()), d("2026-04-15"));
    // Month ends clamp: Nov 30 + 3 months = Feb 28, a Saturday in 2026.
    EXPECT_EQ(shelved_review_due(d("2025-11-30"), cn()), cn().next_working_day_on_or_after(d("2026-02-28")));
    // Landing in the May Day holiday moves to the next working day.
    const auto may = shelved_review_due(d("2026-02-02"), cn());
    EXPECT_EQ(may, cn().next_working_day_on_or_after(d("2026-05-02")));
    EXPECT_GT(may, d("2026-05-02"));
    EXPECT_TRUE(cn().is_working_day(may));
    // A county may shorten the interval; one month from Jan 15 lands in the Spring Festival.
    const auto spring = shelved_review_due(d("2026-01-15"), cn(), 1);
    EXPECT_EQ(spring, cn().next_working_day_on_or_after(d("2026-02-15")));
    EXPECT_GT(spring, d("2026-02-23"));
    EXPECT_FALSE(shelved_review_is_due(d("2026-01-15"), d("2026-04-14"), cn()));
    EXPECT_TRUE(shelved_review_is_due(d("2026-01-15"), d("2026-04-15"), cn()));
    EXPECT_TRUE(shelved_review_is_due(d("2026-01-15"), d("2026-06-01"), cn()));
}

// ---- Guards ---------------------------------------------------------------------------------

TEST(CaseWorkflowGuards, ReviewersNeverIncludeInvestigators) {
    EXPECT_FALSE(check_reviewers_are_not_investigators({11, 12}, {21, 22}).has_value());
    auto refused = check_reviewers_are_not_investigators({11, 12}, {12, 21});
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->code, "workflow.reviewer_is_investigator");
    EXPECT_NE(refused->reason_zh.find("12"), std::string::npos);
    EXPECT_NE(refused->reason_en.find("12"), std::string::npos);

    Walk walk;
    walk.at.state = CaseState::review;
    walk.reviewers = {11, 21};
    auto moved = walk.attempt("review.report", {R::commission_head, R::zone_chief});
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, "workflow.reviewer_is_investigator");
    EXPECT_EQ(moved.error().kind, ErrorKind::conflict);
    walk.reviewers = {21};
    auto alone = walk.attempt("review.report", {R::commission_head, R::zone_chief});
    ASSERT_FALSE(alone.ok());
    EXPECT_EQ(alone.error().code, "workflow.review_team_too_small");
}

TEST(CaseWorkflowGuards, VerificationTeamHasTwoAndAllSign) {
    EXPECT_FALSE(check_verification_team_signed(home_team()).has_value());
    auto alone = check_verification_team_signed({member(11, "x")});
    ASSERT_TRUE(alone.has_value());
    EXPECT_EQ(alone->code, "workflow.verification_team_too_small");
    auto same_twice = check_verification_team_signed({member(11, "x"), member(11, "x")});
    ASSERT_TRUE(same_twice.has_value());
    EXPECT_EQ(same_twice->code, "workflow.verification_team_too_small");
    auto unsigned_report = check_verification_team_signed({member(11, "x"), member(12, "x", false)});
    ASSERT_TRUE(unsigned_report.has_value());
    EXPECT_EQ(unsigned_report->code, "workflow.verification_report_unsigned");
    EXPECT_NE(unsigned_report->reason_zh.find("12"), std::string::npos);

    Walk walk;
    walk.at.state = CaseState::verification;
    walk.team = {member(11, "x"), member(12, "x", false)};
    auto moved = walk.attempt("verification.close", {R::commission_head});
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, "workflow.verification_report_unsigned");
}

TEST(CaseWorkflowGuards, CrossTownshipTeamHasNobodyFromTheSubjectsTownship) {
    const std::vector<CaseTeamMember> good = {member(31, "410225102"), member(32, "410225103")};
    EXPECT_FALSE(check_team_from_other_townships(good, k_subject_township).has_value());
    auto local =
        check_team_from_other_townships({member(31, "410225102"), member(11, k_subject_township)}, k_subject_township);
    ASSERT_TRUE(local.has_value());
    EXPECT_EQ(local->code, "workflow.team_member_from_subject_township");
    EXPECT_NE(local->reason_zh.find("11"), std::string::npos);
    auto unknown = check_team_from_other_townships(good, "");
    ASSERT_TRUE(unknown.has_value());
    EXPECT_EQ(unknown->code, "workflow.subject_township_unknown");

    EXPECT_EQ(check_team_size({member(31, "a")})->code, "workflow.team_size");
    EXPECT_FALSE(check_team_size(good).has_value());
    std::vector<CaseTeamMember> six;
    for (long long id = 51; id <= 56; ++id) six.push_back(member(id, "410225102"));
    EXPECT_EQ(check_team_size(six)->code, "workflow.team_size");

    Walk walk;
    walk.at.state = CaseState::investigating;
    walk.at.level = CaseHandlingLevel::zone_assisted;
    walk.team = {member(31, "410225102"), member(11, k_subject_township)};
    auto moved = walk.attempt("team.confirm", {R::zone_chief});
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, "workflow.team_member_from_subject_township");
    // A township-level case has no cross-township team to confirm.
    walk.at.level = CaseHandlingLevel::township;
    auto township = walk.attempt("team.confirm", {R::zone_chief});
    ASSERT_FALSE(township.ok());
    EXPECT_EQ(township.error().code, "workflow.not_at_level");
}

TEST(CaseWorkflowGuards, FilingNeedsBothApprovals) {
    Walk walk;
    walk.at.state = CaseState::filing_requested;
    auto head_only = walk.attempt("approve_filing", {R::commission_head});
    ASSERT_FALSE(head_only.ok());
    EXPECT_EQ(head_only.error().code, "workflow.approval_missing");
    EXPECT_EQ(head_only.error().kind, ErrorKind::conflict);
    EXPECT_NE(head_only.error().message_zh.find("同级党委书记"), std::string::npos);
    EXPECT_NE(head_only.error().message_en.find("party_secretary"), std::string::npos);
    auto none = check_approvals({R::commission_head, R::party_secretary}, {});
    ASSERT_TRUE(none.has_value());
    EXPECT_NE(none->reason_zh.find("纪委书记、同级党委书记"), std::string::npos);
    EXPECT_FALSE(check_approvals({R::commission_head}, {R::party_secretary, R::commission_head}).has_value());
}

TEST(CaseWorkflowGuards, InvestigationStepsNeedTwoInvestigators) {
    Walk walk;
    walk.at.state = CaseState::investigating;
    walk.investigators = {11};
    auto moved = walk.attempt("facts_confirmed");
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, "workflow.investigation_team_too_small");
}

TEST(CaseWorkflowGuards, AppealHandlersAreNeitherInvestigatorsNorReviewers) {
    EXPECT_FALSE(check_appeal_handlers_are_independent({41}, {11}, {21}).has_value());
    EXPECT_EQ(check_appeal_handlers_are_independent({41, 21}, {11}, {21})->code,
              "workflow.appeal_handler_not_independent");
    EXPECT_EQ(check_appeal_handlers_are_independent({11}, {11}, {21})->code, "workflow.appeal_handler_not_independent");
    EXPECT_EQ(check_appeal_handlers_are_independent({}, {11}, {21})->code, "workflow.appeal_handler_missing");
}

TEST(CaseWorkflowGuards, ApprovalPathFitsTheLevel) {
    using P = CaseApprovalPath;
    using L = CaseHandlingLevel;
    EXPECT_FALSE(check_approval_path_fits_level(L::township, P::township_county_review).has_value());
    EXPECT_FALSE(check_approval_path_fits_level(L::zone_assisted, P::township_submission).has_value());
    EXPECT_FALSE(check_approval_path_fits_level(L::county, P::county_level).has_value());
    EXPECT_FALSE(check_approval_path_fits_level(L::designated, P::county_level).has_value());
    EXPECT_EQ(check_approval_path_fits_level(L::township, P::county_level)->code, "workflow.path_not_for_level");
    EXPECT_EQ(check_approval_path_fits_level(L::escalated, P::township_submission)->code,
              "workflow.path_not_for_level");
    EXPECT_EQ(check_approval_path_fits_level(L::township, std::nullopt)->code, "workflow.path_missing");
}

// ---- next(): errors -------------------------------------------------------------------------

TEST(CaseWorkflowNext, ArchivedIsTerminal) {
    CasePosition archived{CaseState::archived, CaseHandlingLevel::township, std::nullopt, {}};
    EXPECT_TRUE(available_transitions(archived).empty());
    for (const auto& row : case_transitions()) {
        auto moved = next(archived, row.action, {});
        ASSERT_FALSE(moved.ok());
        EXPECT_EQ(moved.error().code, "case.archived");
        EXPECT_EQ(moved.error().kind, ErrorKind::conflict);
    }
    EXPECT_EQ(next(archived, "no.such.action", {}).error().code, "case.archived");
    EXPECT_EQ(check_not_archived(CaseState::archived)->code, "case.archived");
    EXPECT_FALSE(check_not_archived(CaseState::closed).has_value());
}

TEST(CaseWorkflowNext, ArchiveOnlyFromClosed) {
    for (auto state : all_case_states()) {
        if (state == CaseState::closed || state == CaseState::archived) continue;
        Walk walk;
        walk.at.state = state;
        auto moved = walk.attempt("archive", {R::zone_chief});
        ASSERT_FALSE(moved.ok()) << to_string(state);
        EXPECT_EQ(moved.error().code, "workflow.not_allowed_in_state") << to_string(state);
        EXPECT_EQ(moved.error().kind, ErrorKind::conflict);
    }
    for (const auto& row : case_transitions()) {
        if (row.to == CaseState::archived) {
            EXPECT_EQ(row.from, CaseState::closed) << row.action;
        }
    }
}

TEST(CaseWorkflowNext, ArchiveWaitsForTheReporterAndForAnAppeal) {
    Walk walk;
    walk.at.state = CaseState::closed;
    walk.facts = {C::realname_reporter, C::party_appeal};
    auto unanswered = walk.attempt("archive", {R::zone_chief});
    ASSERT_FALSE(unanswered.ok());
    EXPECT_EQ(unanswered.error().code, "workflow.step_missing");
    ASSERT_TRUE(walk.go("feedback.record"));
    ASSERT_TRUE(walk.go("appeal.file"));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::start, "appeal.party_review"));
    auto appealing = walk.attempt("archive", {R::zone_chief});
    ASSERT_FALSE(appealing.ok());
    EXPECT_EQ(appealing.error().code, "workflow.blocked");
    EXPECT_NE(appealing.error().message_zh.find("申诉复查中"), std::string::npos);
    walk.appeal_handlers = {11};
    auto biased = walk.attempt("appeal.decide", {R::standing_committee});
    ASSERT_FALSE(biased.ok());
    EXPECT_EQ(biased.error().code, "workflow.appeal_handler_not_independent");
    walk.appeal_handlers = {41, 42};
    ASSERT_TRUE(walk.go("appeal.decide", {R::standing_committee}));
    EXPECT_TRUE(has_effect(walk.effects, DeadlineOp::complete, "appeal.party_review"));
    // A county-level file is archived by the county department, not the zone chief.
    walk.at.level = CaseHandlingLevel::county;
    auto zone_archive = walk.attempt("archive", {R::zone_chief});
    ASSERT_FALSE(zone_archive.ok());
    EXPECT_EQ(zone_archive.error().code, "workflow.approval_missing");
    ASSERT_TRUE(walk.go("archive", {R::department_head}));
    EXPECT_EQ(walk.at.state, CaseState::archived);
}

TEST(CaseWorkflowNext, AppealsRunBesideExecutionAndOnlyAfterTheDecisionIsKnown) {
    Walk walk;
    walk.at.state = CaseState::decided;
    auto too_early = walk.attempt("appeal.file");
    ASSERT_FALSE(too_early.ok());
    EXPECT_EQ(too_early.error().code, "workflow.not_allowed_in_state");
    ASSERT_TRUE(walk.go("announce"));
    ASSERT_TRUE(walk.go("appeal.file"));
    EXPECT_TRUE(walk.at.marks.contains(CaseMark::appeal_pending));
    // The sanction stays in force: execution goes on.
    ASSERT_TRUE(walk.go("execute"));
    EXPECT_TRUE(walk.at.marks.contains(CaseMark::appeal_pending));
    auto twice = walk.attempt("appeal.file");
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, "workflow.blocked");
}

TEST(CaseWorkflowNext, UnknownActionAndActionNotAllowedHere) {
    Walk walk;
    auto unknown = walk.attempt("dispose.burn");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, "workflow.unknown_action");
    EXPECT_EQ(unknown.error().kind, ErrorKind::invalid_input);

    auto wrong_state = walk.attempt("announce");
    ASSERT_FALSE(wrong_state.ok());
    EXPECT_EQ(wrong_state.error().code, "workflow.not_allowed_in_state");
    EXPECT_EQ(wrong_state.error().kind, ErrorKind::conflict);
    EXPECT_NE(wrong_state.error().message_zh.find("线索登记"), std::string::npos);
    EXPECT_NE(wrong_state.error().message_zh.find("宣布"), std::string::npos);
    EXPECT_NE(wrong_state.error().message_en.find("clue_registered"), std::string::npos);
}

TEST(CaseWorkflowNext, MissingFieldsAreAllNamed) {
    CasePosition at;
    TransitionContext context;
    context.approvals = {R::commission_head};
    context.fields = {{"disposal_opinion", "  "}, {"verification_plan", "方案"}};
    auto moved = next(at, "dispose.verification", context);
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, "workflow.field_missing");
    EXPECT_EQ(moved.error().kind, ErrorKind::invalid_input);
    EXPECT_NE(moved.error().message_zh.find("处置意见"), std::string::npos);
    EXPECT_NE(moved.error().message_zh.find("核查组成员"), std::string::npos);
    EXPECT_EQ(moved.error().message_zh.find("初核工作方案"), std::string::npos);
    EXPECT_NE(moved.error().message_en.find("verification_team"), std::string::npos);

    Walk walk;
    walk.at.state = CaseState::standing_committee;
    auto no_path = walk.attempt("committee.decide", {R::standing_committee});
    ASSERT_FALSE(no_path.ok());
    EXPECT_EQ(no_path.error().code, "workflow.field_missing");
    EXPECT_NE(no_path.error().message_zh.find("审批路径"), std::string::npos);
}

TEST(CaseWorkflowNext, TownshipReviewRecordsTheZoneAndTheTownshipCommittee) {
    Walk walk;
    walk.at.state = CaseState::review;
    auto no_zone = walk.attempt("review.report", {R::commission_head});
    ASSERT_FALSE(no_zone.ok());
    EXPECT_EQ(no_zone.error().code, "workflow.approval_missing");
    EXPECT_NE(no_zone.error().message_zh.find("协作区区长"), std::string::npos);

    auto context = walk.context("review.report", {R::commission_head, R::zone_chief});
    context.fields.erase("township_committee_opinion");
    auto no_opinion = next(walk.at, "review.report", context);
    ASSERT_FALSE(no_opinion.ok());
    EXPECT_NE(no_opinion.error().message_zh.find("乡镇党委意见"), std::string::npos);
    walk.at.level = CaseHandlingLevel::county;
    EXPECT_TRUE(next(walk.at, "review.report", context).ok());
}

TEST(CaseWorkflowNext, OutcomePointsAtItsRow) {
    Walk walk;
    auto moved = walk.attempt("dispose.close", {R::commission_head});
    ASSERT_TRUE(moved.ok());
    ASSERT_NE(moved->transition, nullptr);
    EXPECT_EQ(moved->transition->from, CaseState::clue_registered);
    EXPECT_EQ(moved->transition->to, CaseState::closed);
    EXPECT_EQ(moved->transition->permission, "case.handle");
    EXPECT_GE(moved->transition, &case_transitions().front());
    EXPECT_LE(moved->transition, &case_transitions().back());
}

// ---- Buttons --------------------------------------------------------------------------------

TEST(CaseWorkflowButtons, DependOnStateLevelAndMarks) {
    CasePosition clue;
    auto buttons = actions_of(available_transitions(clue));
    for (const char* action : {"dispose.inquiry", "dispose.verification", "dispose.shelve", "dispose.close",
                               "dispose.transfer", "escalate.request"}) {
        EXPECT_TRUE(contains(buttons, action)) << action;
    }
    EXPECT_FALSE(contains(buttons, "escalate.forward"));
    EXPECT_FALSE(contains(buttons, "archive"));

    CasePosition requested = clue;
    requested.marks = {CaseMark::escalation_requested};
    buttons = actions_of(available_transitions(requested));
    EXPECT_TRUE(contains(buttons, "escalate.forward"));
    EXPECT_TRUE(contains(buttons, "escalate.zone_assist"));
    EXPECT_FALSE(contains(buttons, "escalate.request"));
    // An open request holds the clue where it is.
    EXPECT_FALSE(contains(buttons, "dispose.inquiry"));
    EXPECT_TRUE(contains(buttons, "dispose.verification"));

    CasePosition zone{CaseState::investigating, CaseHandlingLevel::zone_assisted, std::nullopt, {}};
    buttons = actions_of(available_transitions(zone));
    EXPECT_TRUE(contains(buttons, "team.confirm"));
    EXPECT_TRUE(contains(buttons, "facts_confirmed"));
    EXPECT_FALSE(contains(buttons, "transfer_to_review"));
    EXPECT_FALSE(contains(buttons, "escalate.zone_assist"));

    CasePosition county{CaseState::investigating, CaseHandlingLevel::county, std::nullopt, {CaseMark::facts_shown}};
    buttons = actions_of(available_transitions(county));
    EXPECT_TRUE(contains(buttons, "transfer_to_review"));
    EXPECT_FALSE(contains(buttons, "team.confirm"));
    EXPECT_FALSE(contains(buttons, "escalate.request"));

    CasePosition closed{CaseState::closed, CaseHandlingLevel::township, std::nullopt, {}};
    EXPECT_FALSE(contains(actions_of(available_transitions(closed, {C::realname_reporter})), "archive"));
    EXPECT_TRUE(contains(actions_of(available_transitions(closed)), "archive"));
}

}  // namespace
}  // namespace xzq::domain
