#pragma once
// The workflow of one case file (线索/案件), from a registered clue to the sealed archive, as data
// (domain.md §2.3–2.12, §8.2, §8.3) plus small named guard policies, in the manner of Redmine's
// `WorkflowTransition` rows and ddd-by-examples' policies.
//
// Where a case stands is a `CasePosition`: the main state, the handling level (乡镇 / 协作区异地办案
// / 县本级 / 提级 / 指定管辖), the chosen approval path (乡案县审 / 乡镇报批 / 县本级) and a set of
// marks for the things that run beside the main line: 事实材料见面 done, the 异地办案 team
// confirmed, an escalation request on its way (申请 → 区长转报 → 县职能室分析 → 提级 or 指定管辖),
// the file submitted for approval, an appeal pending, the reporter answered.
//
// Every move is one `CaseTransition` row of `case_transitions()`: from, action id, to, the
// permission it needs (an action id of the access registry), the approvals it needs, the form
// fields it needs, its deadline effects (rule codes of `deadline_rules()`), the guards it runs,
// the marks it needs, sets or clears, and the levels and paths where it applies. `next()`
// checks a requested move against the table and the guards and returns the new position and the
// deadline effects, or an Error with a code and a message in Chinese and English. The caller
// (a service) checks the permission with `may_on`, stores the position with an optimistic
// version, journals who, when, why and the approvals, and applies the deadline effects.
//
// Pure: no I/O, no clock. The table is immutable and built once; every function is safe to call
// from any thread.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/calendar.hpp"

namespace xzq::domain {

// ---- Vocabulary ---------------------------------------------------------------------------
// Each enum has lower_snake identifiers (to_string / *_from_string) and a Chinese name.

enum class CaseState {
    clue_registered,     // 线索登记（待处置）
    inquiry,             // 谈话函询中
    verification,        // 初步核实中
    shelved,             // 暂存待查
    filing_requested,    // 立案报批
    investigating,       // 审查调查中
    review,              // 审理中
    returned,            // 退回补充调查（审理期限暂停）
    standing_committee,  // 常委会审议（乡镇：纪委会议、党委会）
    approval,            // 报批中（乡案县审 / 乡镇报批 / 县本级）
    decided,             // 已作出决定
    announced,           // 已宣布
    executed,            // 已执行
    follow_up,           // 回访
    closed,  // 已办结（也是予以了结、移送、采信了结、第一种形态处理、撤销案件的终点）
    archived,  // 已归档（终态，不可再改）
};

// Who handles the case (domain.md §8.1 `handling_level`, §8.3).
enum class CaseHandlingLevel {
    township,       // 乡镇办理（一般案件，协作区审核程序和定性）
    zone_assisted,  // 协作区异地办案（外乡镇干部组成办案组）
    county,         // 县本级
    escalated,      // 提级管辖（县纪委监委提级办理）
    designated,     // 指定管辖（县纪委监委指定其他单位办理）
};

// How a decision is approved (domain.md §2.9).
enum class CaseApprovalPath {
    township_county_review,  // 乡案县审：县审理室审核一次，乡镇审批
    township_submission,     // 乡镇报批：县纪委预审并正式审批，乡镇党委作出决定
    county_level,            // 县本级：县纪委常委会（需要时县委）审批
};

// Who must approve a step. "Same level" means the level handling the case: the township's
// commission and party committee for township cases (also when the zone assists), the county's
// for county and escalated cases.
enum class ApprovalRole {
    department_head,            // 承办部门负责人
    commission_head,            // 纪委书记（同级纪委主要负责人）
    party_secretary,            // 同级党委书记
    party_committee,            // 同级党委（党委会）
    standing_committee,         // 纪委常委会（乡镇：纪委会议）集体研究
    zone_chief,                 // 协作区区长
    county_office,              // 县纪委监委职能室（案件监督管理室等）
    county_review,              // 县纪委监委案件审理室
    county_commission_head,     // 县纪委监委主要负责人
    county_standing_committee,  // 县纪委常委会
};

// Facts about a case that decide whether a requirement or a deadline effect applies. The
// level conditions (township_handled, county_handled, zone_assisted) follow from the position;
// all others are case facts the caller passes in `TransitionContext::facts`.
enum class WorkflowCondition {
    always,                     // 一律
    township_handled,           // 乡镇层面办理（乡镇、异地办案、指定管辖）
    county_handled,             // 县级办理（县本级、提级）
    zone_assisted,              // 协作区异地办案
    party_sanction,             // 给予党纪处分
    gov_sanction,               // 给予政务处分
    position_change,            // 撤销党内职务以上，须调整职务待遇
    asset_recovery,             // 追缴、责令退赔
    org_handling,               // 组织处理
    party_committee_approval,   // 须党委审批（撤销党内职务、留党察看、开除党籍）
    member_case,                // 涉及党委委员、纪委委员
    supervision_case,           // 监察立案调查
    inquiry_letter,             // 函询
    talk_explanation,           // 谈话后要求书面说明
    realname_reporter,          // 实名举报
    assigned_case,              // 上级交办件
    subject_is_committee_head,  // 被反映人为下级党委主要负责人
    party_appeal,               // 党员申诉（复议复查）
    gov_review,                 // 监察复审
    gov_recheck,                // 监察复核
};

// Things done beside the main line, kept on the position.
enum class CaseMark {
    reply_received,        // 已谈话或已收到函询回复
    facts_shown,           // 事实材料已与被审查调查人见面
    team_confirmed,        // 异地办案组已确认
    escalation_requested,  // 已申请提级或异地办案
    escalation_forwarded,  // 区长已转报县纪委监委
    escalation_analysed,   // 县职能室已提出分析意见
    submitted,             // 已报送审批
    withdrawn,             // 已撤销案件
    withdrawal_reported,   // 撤销案件已报上级备案
    appeal_pending,        // 申诉复查中
    feedback_given,        // 已向实名举报人反馈
};

// The named guard policies a transition may run (see the check_* functions below).
enum class WorkflowGuard {
    verification_team_signed,         // 核查组至少2人且全体签名
    investigation_team_has_two,       // 审查调查至少2人
    team_size,                        // 异地办案组2至5人
    team_from_other_townships,        // 异地办案组无被审查调查人所在乡镇人员
    review_team_has_two,              // 审理组至少2人
    reviewers_are_not_investigators,  // 审理人员不得为审查调查人员
    approval_path_fits_level,         // 审批路径与办理层级相符
    appeal_handlers_are_independent,  // 申诉复查排除原审查调查、审理人员
};

enum class DeadlineOp {
    start,     // 开始计时
    complete,  // 完成
    pause,     // 暂停（仅限可暂停的规则）
    resume,    // 恢复
    cancel,    // 撤销（该期限不再适用）
};

std::string_view to_string(CaseState state);
std::optional<CaseState> case_state_from_string(std::string_view text);
std::string_view chinese_name(CaseState state);
const std::vector<CaseState>& all_case_states();

std::string_view to_string(CaseHandlingLevel level);
std::optional<CaseHandlingLevel> case_handling_level_from_string(std::string_view text);
std::string_view chinese_name(CaseHandlingLevel level);
const std::vector<CaseHandlingLevel>& all_case_handling_levels();

std::string_view to_string(CaseApprovalPath path);
std::optional<CaseApprovalPath> case_approval_path_from_string(std::string_view text);
std::string_view chinese_name(CaseApprovalPath path);

std::string_view to_string(ApprovalRole role);
std::optional<ApprovalRole> approval_role_from_string(std::string_view text);
std::string_view chinese_name(ApprovalRole role);

std::string_view to_string(WorkflowCondition condition);
std::optional<WorkflowCondition> workflow_condition_from_string(std::string_view text);
std::string_view chinese_name(WorkflowCondition condition);

std::string_view to_string(CaseMark mark);
std::optional<CaseMark> case_mark_from_string(std::string_view text);
std::string_view chinese_name(CaseMark mark);

std::string_view to_string(WorkflowGuard guard);
std::optional<WorkflowGuard> workflow_guard_from_string(std::string_view text);
std::string_view chinese_name(WorkflowGuard guard);

std::string_view to_string(DeadlineOp op);
std::optional<DeadlineOp> deadline_op_from_string(std::string_view text);
std::string_view chinese_name(DeadlineOp op);

// ---- The table ------------------------------------------------------------------------------

struct ApprovalRequirement {
    ApprovalRole role = ApprovalRole::commission_head;
    WorkflowCondition when = WorkflowCondition::always;
};

// A form field the step needs, by its JSON name, with the label of the official form.
struct FieldRequirement {
    std::string name;      // e.g. "disposal_opinion"
    std::string label_zh;  // e.g. "处置意见"
    WorkflowCondition when = WorkflowCondition::always;
};

struct DeadlineEffect {
    DeadlineOp op = DeadlineOp::start;
    std::string rule_code;  // a code of deadline_rules(), e.g. "review.hearing"
    WorkflowCondition when = WorkflowCondition::always;

    friend bool operator==(const DeadlineEffect&, const DeadlineEffect&) = default;
};

struct MarkRequirement {
    CaseMark mark = CaseMark::facts_shown;
    WorkflowCondition when = WorkflowCondition::always;
};

struct CaseTransition {
    CaseState from = CaseState::clue_registered;
    std::string action = {};  // unique among the rows that apply to one state, level and path
    CaseState to = CaseState::clue_registered;
    std::string name_zh = {};  // the button's label
    std::string name_en = {};
    std::string permission = {};  // an action id of the access registry, e.g. "case.handle"
    std::vector<ApprovalRequirement> approvals = {};
    std::vector<FieldRequirement> fields = {};
    std::vector<DeadlineEffect> deadlines = {};
    std::vector<WorkflowGuard> guards = {};
    std::vector<MarkRequirement> requires_marks = {};
    std::vector<CaseMark> forbids_marks = {};  // refused while one of these is set
    std::vector<CaseMark> sets_marks = {};
    std::vector<CaseMark> clears_marks = {};
    std::optional<CaseHandlingLevel> sets_level = {};
    bool chooses_path = false;                   // takes `TransitionContext::path` as the approval path
    std::vector<CaseHandlingLevel> levels = {};  // where the row applies; empty = every level
    std::vector<CaseApprovalPath> paths = {};    // empty = whatever the path (also none chosen yet)
};

// Every row. Grouped as the procedure runs: disposal, 谈话函询, 初步核实, 暂存待查, 立案, 审查调查,
// 审理, 常委会, 报批, 宣布, 执行, 回访, 办结, 归档; then the rows that run beside the main line
// (escalation and 异地办案 team, appeals) for each state where they are possible:
//   escalation (escalate.*) in clue_registered, verification, filing_requested, investigating;
//   appeals (appeal.file / appeal.decide) in announced, executed, follow_up, closed (the person
//   learns the decision when it is announced or served) —
//   the sanction stays in force during 复审/复核 (政务处分法 Art. 56), so an appeal is a mark
//   and does not stop execution; it only blocks archiving. An appeal after archiving opens a
//   new file (the archived one is never changed).
// While an escalation request is open (mark escalation_requested), no row leaves the states
// where escalation is possible: the request is decided first, so it is never stranded.
const std::vector<CaseTransition>& case_transitions();

// The permission ids the table uses ("case.handle", "case.approve", "case.review",
// "case.escalate", "case.assign", "case.appeal", "case.archive"), sorted.
std::vector<std::string> workflow_permissions();

inline constexpr CaseState k_initial_case_state = CaseState::clue_registered;

// ---- Positions and moves --------------------------------------------------------------------

struct CasePosition {
    CaseState state = k_initial_case_state;
    CaseHandlingLevel level = CaseHandlingLevel::township;
    std::optional<CaseApprovalPath> path;  // chosen at committee.decide
    std::set<CaseMark> marks;

    friend bool operator==(const CasePosition&, const CasePosition&) = default;
};

// A member of a verification or investigation team as the guards see them.
struct CaseTeamMember {
    long long person_id = 0;
    std::string township_code;   // where the member works ("" for county staff)
    bool signed_report = false;  // signed the 初核情况报告
};

// What the request brings: the form, the approvals collected for this step, the case facts and
// the people the guards look at.
struct TransitionContext {
    std::map<std::string, std::string> fields;  // a field counts when its value is not blank
    std::vector<ApprovalRole> approvals;        // the approvals recorded for this step
    std::set<WorkflowCondition> facts;          // case facts, e.g. party_sanction, realname_reporter
    std::optional<CaseApprovalPath> path;       // for committee.decide and approval.switch_path
    std::vector<CaseTeamMember> team;           // the verification or 异地办案 team of this step
    std::vector<long long> investigators;       // everyone who verified or investigated the case
    std::vector<long long> reviewers;           // the 审理组
    std::vector<long long> appeal_handlers;     // who handles the appeal
    std::string subject_township_code;          // the township of the person under investigation
};

struct TransitionOutcome {
    CasePosition to;
    const CaseTransition* transition = nullptr;  // the row, in case_transitions()
    std::vector<DeadlineEffect> deadlines;       // the effects whose condition holds, in table order
};

// Whether `condition` holds for a case at `position` with these facts.
bool condition_holds(WorkflowCondition condition, const CasePosition& position,
                     const std::set<WorkflowCondition>& facts);

// Validates a move and computes its result. Checks, in order, each failing with its own code:
//   case.archived                    (conflict)      nothing moves once archived
//   workflow.unknown_action          (invalid_input) no row has that action id
//   workflow.not_allowed_in_state    (conflict)      no row for that action from this state
//   workflow.not_at_level            (conflict)      rows exist, but not for this level or path
//   workflow.blocked                 (conflict)      a mark the row forbids is set
//   workflow.step_missing            (conflict)      a mark the row needs is missing
//   workflow.field_missing           (invalid_input) every missing field, with its label
//   workflow.approval_missing        (conflict)      every missing approval
//   the guard's own code             (conflict)      the first guard that refuses
// On success: the row's `to`, the level it sets, the path the context chose, the marks after
// clearing and setting, and the deadline effects whose conditions hold.
Result<TransitionOutcome> next(const CasePosition& from, std::string_view action, const TransitionContext& context);

// The rows a user may start from this position (the UI's buttons): this state, this level and
// path, no forbidden mark set, and every needed mark whose condition holds (with `facts`) set.
// Empty once archived.
std::vector<const CaseTransition*> available_transitions(const CasePosition& position,
                                                         const std::set<WorkflowCondition>& facts = {});

// The deadlines that start when a clue is registered: clue.disposal, and petition.assigned_finish
// for an assigned case (交办件).
std::vector<DeadlineEffect> registration_deadlines(const std::set<WorkflowCondition>& facts);

// ---- Guards: small named policies -----------------------------------------------------------
// Each returns nullopt when allowed, or a refusal with a stable code and a reason in Chinese and
// English.

struct GuardRefusal {
    std::string code;
    std::string reason_zh;
    std::string reason_en;
};

// An archived file is sealed: "case.archived".
std::optional<GuardRefusal> check_not_archived(CaseState state);
// Every required approval is among those given: "workflow.approval_missing", naming them all.
std::optional<GuardRefusal> check_approvals(const std::vector<ApprovalRole>& required,
                                            const std::vector<ApprovalRole>& given);
// 审理 is separate from investigation (监督执纪工作规则 Art. 54; 实施条例 Art. 192):
// "workflow.reviewer_is_investigator".
std::optional<GuardRefusal> check_reviewers_are_not_investigators(const std::vector<long long>& investigators,
                                                                  const std::vector<long long>& reviewers);
// 审理组 of two or more distinct people (实施条例 Art. 191–195): "workflow.review_team_too_small".
std::optional<GuardRefusal> check_review_team_has_two(const std::vector<long long>& reviewers);
// Two or more investigators for every step (监督执纪工作规则 Art. 42):
// "workflow.investigation_team_too_small".
std::optional<GuardRefusal> check_investigation_team_has_two(const std::vector<long long>& investigators);
// 核查组 of two or more, every member signing the 初核情况报告 (Art. 35):
// "workflow.verification_team_too_small", "workflow.verification_report_unsigned".
std::optional<GuardRefusal> check_verification_team_signed(const std::vector<CaseTeamMember>& team);
// An 异地办案 team has 2 to 5 distinct members (issue 5): "workflow.team_size".
inline constexpr std::size_t k_min_team_size = 2;
inline constexpr std::size_t k_max_team_size = 5;
std::optional<GuardRefusal> check_team_size(const std::vector<CaseTeamMember>& team);
// An 异地办案 team has nobody from the subject's township (domain.md §5.1, §8.3); the township
// must be known: "workflow.subject_township_unknown", "workflow.team_member_from_subject_township".
std::optional<GuardRefusal> check_team_from_other_townships(const std::vector<CaseTeamMember>& team,
                                                            std::string_view subject_township_code);
// 乡案县审 and 乡镇报批 for township-level cases, 县本级 for county and escalated cases, any path
// for a designated handler (the decision goes back to the body with management authority,
// 实施条例 Art. 48, 199): "workflow.path_missing", "workflow.path_not_for_level".
std::optional<GuardRefusal> check_approval_path_fits_level(CaseHandlingLevel level,
                                                           std::optional<CaseApprovalPath> path);
// 复议复查 excludes the original investigators and reviewers (监督执纪工作规则 Art. 59):
// "workflow.appeal_handler_not_independent", "workflow.appeal_handler_missing".
std::optional<GuardRefusal> check_appeal_handlers_are_independent(const std::vector<long long>& handlers,
                                                                  const std::vector<long long>& investigators,
                                                                  const std::vector<long long>& reviewers);

// ---- 暂存待查: periodic review --------------------------------------------------------------
// No national rule sets how often a shelved clue is looked at again; practice calls for regular
// 梳理 and a "二次启动机制" (domain.md §2.3). This platform reviews every shelved clue each
// quarter by default (a county may configure another interval): `shelved.review` records a
// review and keeps the clue shelved, `shelved.reactivate` sends it back to disposal,
// `shelved.close` closes it.
inline constexpr int k_shelved_review_interval_months = 3;

// The day the next review is due: `interval_months` calendar months after the day the clue was
// shelved or last reviewed (clamped to the month's end), moved to the next working day
// (实施条例 Art. 285).
Date shelved_review_due(Date shelved_or_reviewed_on, const WorkCalendar& calendar,
                        int interval_months = k_shelved_review_interval_months);
// True on and after the due day.
bool shelved_review_is_due(Date shelved_or_reviewed_on, Date today, const WorkCalendar& calendar,
                           int interval_months = k_shelved_review_interval_months);

}  // namespace xzq::domain
