#include "domain/case_workflow.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "domain/deadlines.hpp"

namespace xzq::domain {

namespace {

// ---- Names ----------------------------------------------------------------------------------

template <class Enum>
struct Named {
    Enum value;
    std::string_view id;
    std::string_view zh;
};

template <class Enum, std::size_t N>
using Names = std::array<Named<Enum>, N>;

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const Names<Enum, N>& names, std::string_view text) {
    for (const auto& name : names) {
        if (name.id == text) return name.value;
    }
    return std::nullopt;
}

template <class Enum, std::size_t N>
const Named<Enum>& entry(const Names<Enum, N>& names, Enum value) {
    for (const auto& name : names) {
        if (name.value == value) return name;
    }
    return names[0];
}

using S = CaseState;
using L = CaseHandlingLevel;
using P = CaseApprovalPath;
using R = ApprovalRole;
using C = WorkflowCondition;
using M = CaseMark;
using G = WorkflowGuard;
using O = DeadlineOp;

constexpr Names<CaseState, 16> k_states{{
    {S::clue_registered, "clue_registered", "线索登记"},
    {S::inquiry, "inquiry", "谈话函询中"},
    {S::verification, "verification", "初步核实中"},
    {S::shelved, "shelved", "暂存待查"},
    {S::filing_requested, "filing_requested", "立案报批"},
    {S::investigating, "investigating", "审查调查中"},
    {S::review, "review", "审理中"},
    {S::returned, "returned", "退回补充调查"},
    {S::standing_committee, "standing_committee", "常委会审议"},
    {S::approval, "approval", "报批中"},
    {S::decided, "decided", "已作出决定"},
    {S::announced, "announced", "已宣布"},
    {S::executed, "executed", "已执行"},
    {S::follow_up, "follow_up", "回访"},
    {S::closed, "closed", "已办结"},
    {S::archived, "archived", "已归档"},
}};

constexpr Names<CaseHandlingLevel, 5> k_levels{{
    {L::township, "township", "乡镇办理"},
    {L::zone_assisted, "zone_assisted", "协作区异地办案"},
    {L::county, "county", "县本级"},
    {L::escalated, "escalated", "提级管辖"},
    {L::designated, "designated", "指定管辖"},
}};

constexpr Names<CaseApprovalPath, 3> k_paths{{
    {P::township_county_review, "township_county_review", "乡案县审"},
    {P::township_submission, "township_submission", "乡镇报批"},
    {P::county_level, "county_level", "县本级审批"},
}};

constexpr Names<ApprovalRole, 10> k_roles{{
    {R::department_head, "department_head", "承办部门负责人"},
    {R::commission_head, "commission_head", "纪委书记"},
    {R::party_secretary, "party_secretary", "同级党委书记"},
    {R::party_committee, "party_committee", "同级党委"},
    {R::standing_committee, "standing_committee", "纪委常委会"},
    {R::zone_chief, "zone_chief", "协作区区长"},
    {R::county_office, "county_office", "县纪委监委职能室"},
    {R::county_review, "county_review", "县纪委监委案件审理室"},
    {R::county_commission_head, "county_commission_head", "县纪委监委主要负责人"},
    {R::county_standing_committee, "county_standing_committee", "县纪委常委会"},
}};

constexpr Names<WorkflowCondition, 20> k_conditions{{
    {C::always, "always", "一律"},
    {C::township_handled, "township_handled", "乡镇层面办理"},
    {C::county_handled, "county_handled", "县级办理"},
    {C::zone_assisted, "zone_assisted", "协作区异地办案"},
    {C::party_sanction, "party_sanction", "给予党纪处分"},
    {C::gov_sanction, "gov_sanction", "给予政务处分"},
    {C::position_change, "position_change", "须调整职务待遇"},
    {C::asset_recovery, "asset_recovery", "追缴、责令退赔"},
    {C::org_handling, "org_handling", "组织处理"},
    {C::party_committee_approval, "party_committee_approval", "须党委审批"},
    {C::member_case, "member_case", "涉及党委委员、纪委委员"},
    {C::supervision_case, "supervision_case", "监察立案调查"},
    {C::inquiry_letter, "inquiry_letter", "函询"},
    {C::talk_explanation, "talk_explanation", "谈话后书面说明"},
    {C::realname_reporter, "realname_reporter", "实名举报"},
    {C::assigned_case, "assigned_case", "上级交办件"},
    {C::subject_is_committee_head, "subject_is_committee_head", "被反映人为下级党委主要负责人"},
    {C::party_appeal, "party_appeal", "党员申诉"},
    {C::gov_review, "gov_review", "监察复审"},
    {C::gov_recheck, "gov_recheck", "监察复核"},
}};

constexpr Names<CaseMark, 11> k_marks{{
    {M::reply_received, "reply_received", "已谈话或已收到函询回复"},
    {M::facts_shown, "facts_shown", "事实材料已见面"},
    {M::team_confirmed, "team_confirmed", "异地办案组已确认"},
    {M::escalation_requested, "escalation_requested", "已申请提级或异地办案"},
    {M::escalation_forwarded, "escalation_forwarded", "区长已转报县纪委监委"},
    {M::escalation_analysed, "escalation_analysed", "县职能室已提出分析意见"},
    {M::submitted, "submitted", "已报送审批"},
    {M::withdrawn, "withdrawn", "已撤销案件"},
    {M::withdrawal_reported, "withdrawal_reported", "撤销案件已报上级备案"},
    {M::appeal_pending, "appeal_pending", "申诉复查中"},
    {M::feedback_given, "feedback_given", "已向实名举报人反馈"},
}};

constexpr Names<WorkflowGuard, 8> k_guards{{
    {G::verification_team_signed, "verification_team_signed", "核查组至少2人且全体签名"},
    {G::investigation_team_has_two, "investigation_team_has_two", "审查调查至少2人"},
    {G::team_size, "team_size", "异地办案组2至5人"},
    {G::team_from_other_townships, "team_from_other_townships", "异地办案组无被审查调查人所在乡镇人员"},
    {G::review_team_has_two, "review_team_has_two", "审理组至少2人"},
    {G::reviewers_are_not_investigators, "reviewers_are_not_investigators", "审理人员不得为审查调查人员"},
    {G::approval_path_fits_level, "approval_path_fits_level", "审批路径与办理层级相符"},
    {G::appeal_handlers_are_independent, "appeal_handlers_are_independent", "申诉复查排除原办案、审理人员"},
}};

constexpr Names<DeadlineOp, 5> k_ops{{
    {O::start, "start", "开始计时"},
    {O::complete, "complete", "完成"},
    {O::pause, "pause", "暂停"},
    {O::resume, "resume", "恢复"},
    {O::cancel, "cancel", "撤销"},
}};

// ---- Building the table ---------------------------------------------------------------------

constexpr std::string_view k_handle = "case.handle";    // 承办：处置、核查、调查、宣布、执行、回访
constexpr std::string_view k_approve = "case.approve";  // 登记审批、集体决定
constexpr std::string_view k_review = "case.review";    // 审理
constexpr std::string_view k_escalate = "case.escalate";  // 申请、转报、分析提级或异地办案
constexpr std::string_view k_assign = "case.assign";      // 决定管辖、确认办案组
constexpr std::string_view k_appeal = "case.appeal";      // 申诉复查
constexpr std::string_view k_archive = "case.archive";    // 立卷归档

FieldRequirement field(std::string name, std::string label, C when = C::always) {
    return {std::move(name), std::move(label), when};
}
DeadlineEffect starts(std::string code, C when = C::always) {
    return {O::start, std::move(code), when};
}
DeadlineEffect completes(std::string code, C when = C::always) {
    return {O::complete, std::move(code), when};
}

template <class T>
std::vector<T> concat(std::vector<T> left, const std::vector<T>& right) {
    left.insert(left.end(), right.begin(), right.end());
    return left;
}

// Whenever a clue or case ends: the named reporter hears the result within 15 working days
// (检举控告工作规则 Art. 27), and an assigned case (交办件) is finished.
std::vector<DeadlineEffect> closing_deadlines() {
    return {starts("petition.realname_feedback", C::realname_reporter),
            completes("petition.assigned_finish", C::assigned_case)};
}

// A decision approved: its announcement, service and execution clocks start (domain.md §2.10).
std::vector<DeadlineEffect> decision_deadlines() {
    return {completes("investigation.supervision", C::supervision_case),
            starts("sanction.announce", C::party_sanction),
            starts("gov_sanction.serve", C::gov_sanction),
            starts("sanction.position_change", C::position_change),
            starts("asset_recovery.execute", C::asset_recovery),
            starts("org_handling.execute", C::org_handling)};
}

const std::vector<L> k_township_levels = {L::township, L::zone_assisted, L::designated};

// Escalation and 异地办案 are asked for while the clue or case is still being established or
// investigated; once in review the handler is settled.
const std::vector<S> k_escalation_states = {S::clue_registered, S::verification, S::filing_requested, S::investigating};
// The person learns a decision when it is announced or served; from then on they may appeal.
const std::vector<S> k_appeal_states = {S::announced, S::executed, S::follow_up, S::closed};

void add_disposal(std::vector<CaseTransition>& t) {
    const auto opinion = field("disposal_opinion", "处置意见");
    t.push_back({.from = S::clue_registered,
                 .action = "dispose.inquiry",
                 .to = S::inquiry,
                 .name_zh = "谈话函询",
                 .name_en = "Dispose by talk or inquiry letter",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {opinion, field("inquiry_plan", "谈话函询方案"),
                            field("inquiry_mode", "谈话函询方式（谈话、函询、委托谈话）")},
                 .deadlines = {completes("clue.disposal"), starts("inquiry.reply", C::inquiry_letter),
                               starts("talk.written_explanation", C::talk_explanation)}});
    t.push_back(
        {.from = S::clue_registered,
         .action = "dispose.verification",
         .to = S::verification,
         .name_zh = "初步核实",
         .name_en = "Dispose by preliminary verification",
         .permission = std::string(k_handle),
         .approvals = {{R::commission_head}, {R::party_secretary, C::subject_is_committee_head}},
         .fields = {opinion, field("verification_plan", "初核工作方案"), field("verification_team", "核查组成员")},
         .deadlines = {completes("clue.disposal"), starts("verification.local")}});
    t.push_back({.from = S::clue_registered,
                 .action = "dispose.shelve",
                 .to = S::shelved,
                 .name_zh = "暂存待查",
                 .name_en = "Keep on file (shelve)",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {opinion, field("shelve_reason", "暂存待查理由")},
                 .deadlines = {completes("clue.disposal")}});
    t.push_back({.from = S::clue_registered,
                 .action = "dispose.close",
                 .to = S::closed,
                 .name_zh = "予以了结",
                 .name_en = "Close the clue",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {opinion, field("close_reason", "了结理由")},
                 .deadlines = concat({completes("clue.disposal")}, closing_deadlines())});
    t.push_back({.from = S::clue_registered,
                 .action = "dispose.transfer",
                 .to = S::closed,
                 .name_zh = "移送有关党组织、部门处理",
                 .name_en = "Transfer to another body",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {opinion, field("transfer_to", "移送单位")},
                 .deadlines = concat({completes("clue.disposal")}, closing_deadlines())});
}

// 监督执纪工作规则 Art. 26–31.
void add_inquiry(std::vector<CaseTransition>& t) {
    const auto report = field("inquiry_report", "谈话函询情况报告");
    const auto opinion = field("disposal_opinion", "处置意见");
    const std::vector<MarkRequirement> replied = {{M::reply_received}};
    t.push_back({.from = S::inquiry,
                 .action = "inquiry.replied",
                 .to = S::inquiry,
                 .name_zh = "登记谈话情况或函询回复",
                 .name_en = "Record the talk or the reply",
                 .permission = std::string(k_handle),
                 .fields = {field("talk_or_reply", "谈话笔录或函询回复")},
                 .deadlines = {completes("inquiry.reply", C::inquiry_letter),
                               completes("talk.written_explanation", C::talk_explanation), starts("inquiry.report")},
                 .forbids_marks = {M::reply_received},
                 .sets_marks = {M::reply_received}});
    t.push_back({.from = S::inquiry,
                 .action = "inquiry.accept",
                 .to = S::closed,
                 .name_zh = "采信了结",
                 .name_en = "Accept the explanation and close",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {report, opinion, field("feedback_letter", "采信了结反馈函")},
                 .deadlines = concat({completes("inquiry.report")}, closing_deadlines()),
                 .requires_marks = replied,
                 .clears_marks = {M::reply_received}});
    t.push_back({.from = S::inquiry,
                 .action = "inquiry.first_form",
                 .to = S::closed,
                 .name_zh = "谈话提醒、批评教育、责令检查、诫勉谈话",
                 .name_en = "Handle in the first form and close",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {report, opinion, field("first_form_measure", "处理方式")},
                 .deadlines = concat({completes("inquiry.report")}, closing_deadlines()),
                 .requires_marks = replied,
                 .clears_marks = {M::reply_received}});
    t.push_back({.from = S::inquiry,
                 .action = "inquiry.repeat",
                 .to = S::inquiry,
                 .name_zh = "再次谈话或函询",
                 .name_en = "Talk or write again",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {report, opinion, field("repeat_reason", "再次谈话函询理由")},
                 .deadlines = {completes("inquiry.report"), starts("inquiry.reply", C::inquiry_letter),
                               starts("talk.written_explanation", C::talk_explanation)},
                 .requires_marks = replied,
                 .clears_marks = {M::reply_received}});
    t.push_back({.from = S::inquiry,
                 .action = "inquiry.to_verification",
                 .to = S::verification,
                 .name_zh = "转初步核实",
                 .name_en = "Propose preliminary verification",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}, {R::party_secretary, C::subject_is_committee_head}},
                 .fields = {report, opinion, field("verification_plan", "初核工作方案"),
                            field("verification_team", "核查组成员")},
                 .deadlines = {completes("inquiry.report"), starts("verification.local")},
                 .requires_marks = replied,
                 .clears_marks = {M::reply_received}});
    t.push_back({.from = S::inquiry,
                 .action = "inquiry.false_accusation",
                 .to = S::closed,
                 .name_zh = "查处诬告陷害",
                 .name_en = "Close and pursue a false accusation",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {report, opinion, field("false_accusation_referral", "对诬告陷害行为的处理意见")},
                 .deadlines = concat({completes("inquiry.report")}, closing_deadlines()),
                 .requires_marks = replied,
                 .clears_marks = {M::reply_received}});
}

// 监督执纪工作规则 Art. 32–35: the report, signed by the whole team, approved by the head, with
// one of five proposals.
void add_verification(std::vector<CaseTransition>& t) {
    const std::vector<FieldRequirement> report = {field("verification_report", "初核情况报告"),
                                                  field("proposal", "处置建议")};
    auto outcome = [&](std::string action, S to, std::string zh, std::string en, std::vector<FieldRequirement> extra,
                       std::vector<DeadlineEffect> more) {
        t.push_back({.from = S::verification,
                     .action = std::move(action),
                     .to = to,
                     .name_zh = std::move(zh),
                     .name_en = std::move(en),
                     .permission = std::string(k_handle),
                     .approvals = {{R::commission_head}},
                     .fields = concat(report, extra),
                     .deadlines = concat({completes("verification.local")}, more),
                     .guards = {G::verification_team_signed}});
    };
    outcome("verification.propose_filing", S::filing_requested, "拟立案审查调查", "Propose filing a case",
            {field("filing_report", "立案审查调查呈批报告")}, {});
    outcome("verification.close", S::closed, "予以了结", "Close after verification", {}, closing_deadlines());
    outcome("verification.first_form", S::closed, "谈话提醒", "Remind by talk and close",
            {field("first_form_measure", "处理方式")}, closing_deadlines());
    outcome("verification.shelve", S::shelved, "暂存待查", "Keep on file (shelve)",
            {field("shelve_reason", "暂存待查理由")}, {});
    outcome("verification.transfer", S::closed, "移送有关党组织、部门处理", "Transfer to another body",
            {field("transfer_to", "移送单位")}, closing_deadlines());
}

void add_shelved(std::vector<CaseTransition>& t) {
    t.push_back({.from = S::shelved,
                 .action = "shelved.review",
                 .to = S::shelved,
                 .name_zh = "定期复查",
                 .name_en = "Periodic review",
                 .permission = std::string(k_handle),
                 .approvals = {{R::department_head}},
                 .fields = {field("review_note", "复查意见")}});
    t.push_back({.from = S::shelved,
                 .action = "shelved.reactivate",
                 .to = S::clue_registered,
                 .name_zh = "重新启动处置",
                 .name_en = "Reactivate for disposal",
                 .permission = std::string(k_handle),
                 .approvals = {{R::department_head}},
                 .fields = {field("new_evidence", "新情况、新证据")},
                 .deadlines = {starts("clue.disposal")}});
    t.push_back({.from = S::shelved,
                 .action = "shelved.close",
                 .to = S::closed,
                 .name_zh = "予以了结",
                 .name_en = "Close the shelved clue",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {field("close_reason", "了结理由")},
                 .deadlines = closing_deadlines()});
}

// 监督执纪工作规则 Art. 37–38; 实施条例 Art. 180–182.
void add_filing(std::vector<CaseTransition>& t) {
    t.push_back({.from = S::filing_requested,
                 .action = "approve_filing",
                 .to = S::investigating,
                 .name_zh = "批准立案",
                 .name_en = "Approve filing",
                 .permission = std::string(k_approve),
                 .approvals = {{R::commission_head}, {R::party_secretary}},
                 .fields = {field("filing_decision", "立案决定书")},
                 .deadlines = {starts("investigation.supervision", C::supervision_case)}});
    t.push_back(
        {.from = S::filing_requested,
         .action = "approve_filing_and_transfer",
         .to = S::review,
         .name_zh = "立案并移送审理一并报批",
         .name_en = "Approve filing and transfer to review together",
         .permission = std::string(k_approve),
         .approvals = {{R::commission_head}, {R::party_secretary}},
         .fields = {field("filing_decision", "立案决定书"),
                    field("simple_case_reason", "简易程序理由（主要事实已查清）"), field("facts_material", "事实材料"),
                    field("subject_opinion", "被审查调查人对事实材料的意见")},
         .deadlines = {starts("investigation.supervision", C::supervision_case), starts("review.hearing")},
         .guards = {G::investigation_team_has_two},
         .requires_marks = {{M::team_confirmed, C::zone_assisted}},
         .sets_marks = {M::facts_shown}});
    t.push_back({.from = S::filing_requested,
                 .action = "filing.return",
                 .to = S::verification,
                 .name_zh = "退回补充初核",
                 .name_en = "Return for further verification",
                 .permission = std::string(k_approve),
                 .approvals = {{R::commission_head}},
                 .fields = {field("return_reason", "退回理由")},
                 .deadlines = {starts("verification.local")}});
}

// The 异地办案 team (issue 5 item 4): confirmed by the zone chief, never from the subject's
// township. Possible while verifying and while investigating.
void add_team(std::vector<CaseTransition>& t) {
    for (S state : {S::verification, S::investigating}) {
        t.push_back({.from = state,
                     .action = "team.confirm",
                     .to = state,
                     .name_zh = "确认异地办案组",
                     .name_en = "Confirm the cross-township team",
                     .permission = std::string(k_assign),
                     .approvals = {{R::zone_chief}},
                     .fields = {field("team_members", "办案组成员"), field("team_reason", "组成或调整理由"),
                                field("recusal_declarations", "回避声明")},
                     .guards = {G::team_size, G::team_from_other_townships},
                     .sets_marks = {M::team_confirmed},
                     .levels = {L::zone_assisted}});
    }
}

// 监督执纪工作规则 Art. 39–52.
void add_investigation(std::vector<CaseTransition>& t) {
    t.push_back({.from = S::investigating,
                 .action = "facts_confirmed",
                 .to = S::investigating,
                 .name_zh = "事实材料见面",
                 .name_en = "Show the facts to the subject",
                 .permission = std::string(k_handle),
                 .fields = {field("facts_material", "事实材料"),
                            field("subject_opinion", "被审查调查人对事实材料的意见（拒签的注明情况）")},
                 .guards = {G::investigation_team_has_two},
                 .sets_marks = {M::facts_shown}});
    t.push_back({.from = S::investigating,
                 .action = "transfer_to_review",
                 .to = S::review,
                 .name_zh = "移送审理",
                 .name_en = "Transfer to review",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {field("investigation_report", "审查调查报告"), field("evidence_list", "证据材料清单")},
                 .deadlines = {starts("review.hearing")},
                 .guards = {G::investigation_team_has_two},
                 .requires_marks = {{M::facts_shown}, {M::team_confirmed, C::zone_assisted}}});
}

// 监督执纪工作规则 Art. 54–55; 实施条例 Art. 191–195. For township-level cases the zone reviews
// procedure and 定性 and records the township party committee's opinion (domain.md §8.3).
void add_review(std::vector<CaseTransition>& t) {
    t.push_back({.from = S::review,
                 .action = "review.return",
                 .to = S::returned,
                 .name_zh = "退回补充审查调查",
                 .name_en = "Return for supplementary investigation",
                 .permission = std::string(k_review),
                 .approvals = {{R::commission_head}},
                 .fields = {field("return_reason", "退回理由"), field("supplement_items", "补充调查事项")},
                 .deadlines = {{O::pause, "review.hearing"}}});
    t.push_back({.from = S::review,
                 .action = "review.return_for_reinvestigation",
                 .to = S::investigating,
                 .name_zh = "退回重新审查调查",
                 .name_en = "Return for re-investigation",
                 .permission = std::string(k_review),
                 .approvals = {{R::commission_head}},
                 .fields = {field("return_reason", "退回理由")},
                 .deadlines = {{O::cancel, "review.hearing"}},
                 .clears_marks = {M::facts_shown}});
    t.push_back({.from = S::review,
                 .action = "review.report",
                 .to = S::standing_committee,
                 .name_zh = "形成审理报告",
                 .name_en = "Report the review",
                 .permission = std::string(k_review),
                 .approvals = {{R::commission_head}, {R::zone_chief, C::township_handled}},
                 .fields = {field("review_report", "审理报告"), field("reviewer_opinion", "审理意见（定性）"),
                            field("proposed_handling", "处理建议"),
                            field("township_committee_opinion", "乡镇党委意见", C::township_handled)},
                 .deadlines = {completes("review.hearing")},
                 .guards = {G::review_team_has_two, G::reviewers_are_not_investigators}});
    t.push_back({.from = S::returned,
                 .action = "review.resubmit",
                 .to = S::review,
                 .name_zh = "补充调查后重新移送审理",
                 .name_en = "Resubmit after supplementary investigation",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {field("supplement_report", "补充调查报告")},
                 .deadlines = {{O::resume, "review.hearing"}}});
}

// 监督执纪工作规则 Art. 56; 处分批准权限规定 Art. 17; domain.md §2.9.
void add_decision(std::vector<CaseTransition>& t) {
    t.push_back({.from = S::standing_committee,
                 .action = "committee.decide",
                 .to = S::approval,
                 .name_zh = "集体审议提出处理意见",
                 .name_en = "Decide collectively",
                 .permission = std::string(k_approve),
                 .approvals = {{R::standing_committee}},
                 .fields = {field("meeting_minutes", "会议纪要"), field("proposed_decision", "拟处理决定")},
                 .deadlines = {starts("decision.submit_to_party_committee", C::party_committee_approval),
                               starts("decision.report_member_case", C::member_case)},
                 .guards = {G::approval_path_fits_level},
                 .chooses_path = true});
    t.push_back({.from = S::standing_committee,
                 .action = "committee.return",
                 .to = S::review,
                 .name_zh = "退回审理",
                 .name_en = "Return to review",
                 .permission = std::string(k_approve),
                 .approvals = {{R::standing_committee}},
                 .fields = {field("return_reason", "退回理由")},
                 .deadlines = {starts("review.hearing")}});
    t.push_back({.from = S::standing_committee,
                 .action = "committee.withdraw",
                 .to = S::closed,
                 .name_zh = "撤销案件",
                 .name_en = "Withdraw the case",
                 .permission = std::string(k_approve),
                 .approvals = {{R::standing_committee}},
                 .fields = {field("meeting_minutes", "会议纪要"), field("withdrawal_decision", "撤销案件决定书")},
                 .deadlines = concat({completes("investigation.supervision", C::supervision_case),
                                      starts("case.withdrawn_report", C::supervision_case)},
                                     closing_deadlines()),
                 .sets_marks = {M::withdrawn}});

    const std::vector<DeadlineEffect> submission = {
        completes("decision.submit_to_party_committee", C::party_committee_approval),
        completes("decision.report_member_case", C::member_case)};
    const auto member_report = field("member_case_report", "向上级纪委的书面报告", C::member_case);
    const auto decision_document = field("decision_document", "处分（处理）决定书");
    t.push_back({.from = S::approval,
                 .action = "approval.submit",
                 .to = S::approval,
                 .name_zh = "报送县审理室审核",
                 .name_en = "Send to the county review office",
                 .permission = std::string(k_handle),
                 .fields = {field("review_file", "报送审核的审理报告及案卷"), member_report},
                 .deadlines = submission,
                 .forbids_marks = {M::submitted},
                 .sets_marks = {M::submitted},
                 .paths = {P::township_county_review}});
    t.push_back(
        {.from = S::approval,
         .action = "approval.submit",
         .to = S::approval,
         .name_zh = "乡镇党委报批",
         .name_en = "Submit to the county for approval",
         .permission = std::string(k_handle),
         .approvals = {{R::party_committee}},
         .fields = {field("pre_consultation", "县纪委预审意见"), field("submission_request", "乡镇党委报批请示"),
                    field("branch_minutes", "支部党员大会决议", C::party_sanction), member_report},
         .deadlines = submission,
         .forbids_marks = {M::submitted},
         .sets_marks = {M::submitted},
         .paths = {P::township_submission}});
    t.push_back({.from = S::approval,
                 .action = "approval.submit",
                 .to = S::approval,
                 .name_zh = "报批",
                 .name_en = "Submit for approval",
                 .permission = std::string(k_handle),
                 .fields = {field("submission_request", "报批请示"), member_report},
                 .deadlines = submission,
                 .forbids_marks = {M::submitted},
                 .sets_marks = {M::submitted},
                 .paths = {P::county_level}});
    t.push_back(
        {.from = S::approval,
         .action = "approval.approve",
         .to = S::decided,
         .name_zh = "县审核后乡镇审批（乡案县审）",
         .name_en = "Approve after the county's check",
         .permission = std::string(k_approve),
         .approvals = {{R::county_review}, {R::commission_head}, {R::party_committee, C::party_committee_approval}},
         .fields = {field("county_review_opinion", "县审理室审核意见"),
                    field("branch_minutes", "支部党员大会决议", C::party_sanction), decision_document},
         .deadlines = decision_deadlines(),
         .requires_marks = {{M::submitted}},
         .clears_marks = {M::submitted},
         .paths = {P::township_county_review}});
    t.push_back({.from = S::approval,
                 .action = "approval.approve",
                 .to = S::decided,
                 .name_zh = "县纪委批复（乡镇报批）",
                 .name_en = "Approved by the county commission",
                 .permission = std::string(k_approve),
                 .approvals = {{R::county_standing_committee}},
                 .fields = {field("county_reply", "县纪委批复"), decision_document},
                 .deadlines = decision_deadlines(),
                 .requires_marks = {{M::submitted}},
                 .clears_marks = {M::submitted},
                 .paths = {P::township_submission}});
    t.push_back({.from = S::approval,
                 .action = "approval.approve",
                 .to = S::decided,
                 .name_zh = "批准",
                 .name_en = "Approve",
                 .permission = std::string(k_approve),
                 .approvals = {{R::commission_head}, {R::party_committee, C::party_committee_approval}},
                 .fields = {decision_document},
                 .deadlines = decision_deadlines(),
                 .requires_marks = {{M::submitted}},
                 .clears_marks = {M::submitted},
                 .paths = {P::county_level}});
    t.push_back({.from = S::approval,
                 .action = "approval.return",
                 .to = S::standing_committee,
                 .name_zh = "审批机关退回",
                 .name_en = "Returned by the approving body",
                 .permission = std::string(k_approve),
                 .fields = {field("return_reason", "退回意见")},
                 .clears_marks = {M::submitted}});
    t.push_back({.from = S::approval,
                 .action = "approval.switch_path",
                 .to = S::approval,
                 .name_zh = "转换审批路径",
                 .name_en = "Switch the approval path",
                 .permission = std::string(k_approve),
                 .approvals = {{R::commission_head}},
                 .fields = {field("switch_reason", "转换理由")},
                 .guards = {G::approval_path_fits_level},
                 .clears_marks = {M::submitted},
                 .chooses_path = true,
                 .levels = k_township_levels});
}

// 纪律处分条例 Art. 44–45; 实施条例 Art. 203, 209; 纪委工作条例 Art. 37 (回访教育).
void add_execution(std::vector<CaseTransition>& t) {
    t.push_back({.from = S::decided,
                 .action = "announce",
                 .to = S::announced,
                 .name_zh = "宣布、送达处分决定",
                 .name_en = "Announce and serve the decision",
                 .permission = std::string(k_handle),
                 .fields = {field("announcement_record", "宣布记录（时间、范围、参加人员）"),
                            field("service_receipt", "送达回证", C::gov_sanction)},
                 .deadlines = {completes("sanction.announce", C::party_sanction),
                               completes("gov_sanction.serve", C::gov_sanction),
                               starts("sanction.execution_report", C::party_sanction),
                               starts("gov_sanction.execute", C::gov_sanction)}});
    t.push_back({.from = S::announced,
                 .action = "execute",
                 .to = S::executed,
                 .name_zh = "执行到位",
                 .name_en = "Record execution",
                 .permission = std::string(k_handle),
                 .fields = {field("execution_report", "执行情况报告")},
                 .deadlines = {completes("sanction.position_change", C::position_change),
                               completes("asset_recovery.execute", C::asset_recovery),
                               completes("org_handling.execute", C::org_handling),
                               completes("gov_sanction.execute", C::gov_sanction),
                               completes("sanction.execution_report", C::party_sanction)}});
    t.push_back({.from = S::executed,
                 .action = "follow_up",
                 .to = S::follow_up,
                 .name_zh = "回访教育",
                 .name_en = "Follow-up visit",
                 .permission = std::string(k_handle),
                 .fields = {field("follow_up_record", "回访记录")}});
    t.push_back({.from = S::follow_up,
                 .action = "follow_up.visit",
                 .to = S::follow_up,
                 .name_zh = "再次回访",
                 .name_en = "Another follow-up visit",
                 .permission = std::string(k_handle),
                 .fields = {field("follow_up_record", "回访记录")}});
    t.push_back({.from = S::follow_up,
                 .action = "close",
                 .to = S::closed,
                 .name_zh = "办结",
                 .name_en = "Close the case",
                 .permission = std::string(k_handle),
                 .approvals = {{R::commission_head}},
                 .fields = {field("follow_up_outcome", "回访结论"), field("closing_report", "结案报告")},
                 .deadlines = closing_deadlines()});
}

void add_closed(std::vector<CaseTransition>& t) {
    t.push_back({.from = S::closed,
                 .action = "feedback.record",
                 .to = S::closed,
                 .name_zh = "向实名举报人反馈",
                 .name_en = "Record feedback to the named reporter",
                 .permission = std::string(k_handle),
                 .fields = {field("feedback_record", "反馈记录（方式、时间、举报人意见）")},
                 .deadlines = {completes("petition.realname_feedback", C::realname_reporter)},
                 .forbids_marks = {M::feedback_given},
                 .sets_marks = {M::feedback_given}});
    t.push_back({.from = S::closed,
                 .action = "withdrawal.report",
                 .to = S::closed,
                 .name_zh = "撤销案件报上级备案",
                 .name_en = "File the withdrawal with the upper commission",
                 .permission = std::string(k_handle),
                 .fields = {field("filing_receipt", "备案回执")},
                 .deadlines = {completes("case.withdrawn_report", C::supervision_case)},
                 .requires_marks = {{M::withdrawn}},
                 .forbids_marks = {M::withdrawal_reported},
                 .sets_marks = {M::withdrawal_reported}});
    t.push_back({.from = S::closed,
                 .action = "archive",
                 .to = S::archived,
                 .name_zh = "立卷归档",
                 .name_en = "Archive the case file",
                 .permission = std::string(k_archive),
                 .approvals = {{R::zone_chief, C::township_handled}, {R::department_head, C::county_handled}},
                 .fields = {field("dossier_index", "卷宗目录"), field("dossier_number", "档案号")},
                 .requires_marks = {{M::feedback_given, C::realname_reporter}},
                 .forbids_marks = {M::appeal_pending}});
}

// 实施条例 Art. 47–48; 监督执纪工作规则 Art. 9; domain.md §5.2, §8.3: the township applies, the
// zone chief assigns a cross-township team or forwards to the county, the county's office
// analyses, the county takes the case up or designates another handler.
void add_escalation(std::vector<CaseTransition>& t) {
    const std::vector<L> township_side = {L::township, L::zone_assisted};
    const std::vector<CaseMark> all_escalation = {M::escalation_requested, M::escalation_forwarded,
                                                  M::escalation_analysed};
    for (S state : k_escalation_states) {
        t.push_back({.from = state,
                     .action = "escalate.request",
                     .to = state,
                     .name_zh = "申请异地办案或提级管辖",
                     .name_en = "Request cross-township handling or escalation",
                     .permission = std::string(k_escalate),
                     .approvals = {{R::commission_head}},
                     .fields = {field("escalation_reason", "申请理由"),
                                field("requested_handling", "申请方式（异地办案、提级管辖、指定管辖）")},
                     .forbids_marks = {M::escalation_requested},
                     .sets_marks = {M::escalation_requested},
                     .levels = township_side});
        t.push_back({.from = state,
                     .action = "escalate.zone_assist",
                     .to = state,
                     .name_zh = "协作区异地办案",
                     .name_en = "Handle within the zone by a cross-township team",
                     .permission = std::string(k_assign),
                     .approvals = {{R::zone_chief}},
                     .fields = {field("zone_opinion", "协作区意见")},
                     .requires_marks = {{M::escalation_requested}},
                     .forbids_marks = {M::escalation_forwarded},
                     .clears_marks = {M::escalation_requested},
                     .sets_level = L::zone_assisted,
                     .levels = {L::township}});
        t.push_back({.from = state,
                     .action = "escalate.forward",
                     .to = state,
                     .name_zh = "区长转报县纪委监委",
                     .name_en = "Forward to the county",
                     .permission = std::string(k_escalate),
                     .approvals = {{R::zone_chief}},
                     .fields = {field("zone_opinion", "协作区意见")},
                     .requires_marks = {{M::escalation_requested}},
                     .forbids_marks = {M::escalation_forwarded},
                     .sets_marks = {M::escalation_forwarded},
                     .levels = township_side});
        t.push_back({.from = state,
                     .action = "escalate.zone_decline",
                     .to = state,
                     .name_zh = "协作区不予转报",
                     .name_en = "Declined by the zone",
                     .permission = std::string(k_assign),
                     .approvals = {{R::zone_chief}},
                     .fields = {field("decline_reason", "不予转报理由")},
                     .requires_marks = {{M::escalation_requested}},
                     .forbids_marks = {M::escalation_forwarded},
                     .clears_marks = {M::escalation_requested},
                     .levels = township_side});
        t.push_back({.from = state,
                     .action = "escalate.analyse",
                     .to = state,
                     .name_zh = "县职能室分析研判",
                     .name_en = "County office's analysis",
                     .permission = std::string(k_escalate),
                     .approvals = {{R::county_office}},
                     .fields = {field("office_analysis", "分析研判意见")},
                     .requires_marks = {{M::escalation_forwarded}},
                     .forbids_marks = {M::escalation_analysed},
                     .sets_marks = {M::escalation_analysed},
                     .levels = township_side});
        t.push_back({.from = state,
                     .action = "escalate.take_up",
                     .to = state,
                     .name_zh = "提级管辖",
                     .name_en = "County takes the case up",
                     .permission = std::string(k_assign),
                     .approvals = {{R::county_commission_head}},
                     .fields = {field("jurisdiction_decision", "提级管辖决定")},
                     .requires_marks = {{M::escalation_analysed}},
                     .clears_marks = concat(all_escalation, {M::team_confirmed}),
                     .sets_level = L::escalated,
                     .levels = township_side});
        t.push_back({.from = state,
                     .action = "escalate.designate",
                     .to = state,
                     .name_zh = "指定管辖",
                     .name_en = "County designates another handler",
                     .permission = std::string(k_assign),
                     .approvals = {{R::county_commission_head}},
                     .fields = {field("designated_handler", "被指定办理单位"),
                                field("jurisdiction_decision", "指定管辖决定书")},
                     .requires_marks = {{M::escalation_analysed}},
                     .clears_marks = concat(all_escalation, {M::team_confirmed}),
                     .sets_level = L::designated,
                     .levels = township_side});
        t.push_back({.from = state,
                     .action = "escalate.county_decline",
                     .to = state,
                     .name_zh = "县纪委监委不予提级",
                     .name_en = "Declined by the county",
                     .permission = std::string(k_assign),
                     .approvals = {{R::county_commission_head}},
                     .fields = {field("decline_reason", "不予提级理由")},
                     .requires_marks = {{M::escalation_analysed}},
                     .clears_marks = all_escalation,
                     .levels = township_side});
    }
}

// 监督执纪工作规则 Art. 59; 监察法 Art. 56; domain.md §2.11.
void add_appeals(std::vector<CaseTransition>& t) {
    for (S state : k_appeal_states) {
        t.push_back(
            {.from = state,
             .action = "appeal.file",
             .to = state,
             .name_zh = "登记申诉",
             .name_en = "Register an appeal",
             .permission = std::string(k_appeal),
             .fields = {field("appeal_kind", "申诉类别（复议复查、复审、复核）"), field("appeal_reason", "申诉理由")},
             .deadlines = {starts("appeal.party_review", C::party_appeal), starts("gov_appeal.review", C::gov_review),
                           starts("gov_appeal.recheck", C::gov_recheck)},
             .forbids_marks = {M::appeal_pending},
             .sets_marks = {M::appeal_pending}});
        t.push_back({.from = state,
                     .action = "appeal.decide",
                     .to = state,
                     .name_zh = "作出复查决定",
                     .name_en = "Decide the appeal",
                     .permission = std::string(k_appeal),
                     .approvals = {{R::standing_committee}},
                     .fields = {field("appeal_decision", "复议复查（复审、复核）决定")},
                     .deadlines = {completes("appeal.party_review", C::party_appeal),
                                   completes("gov_appeal.review", C::gov_review),
                                   completes("gov_appeal.recheck", C::gov_recheck)},
                     .guards = {G::appeal_handlers_are_independent},
                     .requires_marks = {{M::appeal_pending}},
                     .clears_marks = {M::appeal_pending}});
    }
}

bool contains(const std::vector<S>& states, S state) {
    return std::find(states.begin(), states.end(), state) != states.end();
}

std::vector<CaseTransition> build_table() {
    std::vector<CaseTransition> table;
    add_disposal(table);
    add_inquiry(table);
    add_verification(table);
    add_shelved(table);
    add_filing(table);
    add_team(table);
    add_investigation(table);
    add_review(table);
    add_decision(table);
    add_execution(table);
    add_closed(table);
    add_escalation(table);
    add_appeals(table);
    // An open escalation request must be decided before the case leaves the states where
    // escalation is possible; otherwise it would be stranded.
    for (auto& row : table) {
        if (contains(k_escalation_states, row.from) && !contains(k_escalation_states, row.to)) {
            row.forbids_marks.push_back(M::escalation_requested);
        }
    }
    return table;
}

// ---- Checking -------------------------------------------------------------------------------

bool applies(const CaseTransition& row, const CasePosition& position) {
    if (!row.levels.empty() && std::find(row.levels.begin(), row.levels.end(), position.level) == row.levels.end()) {
        return false;
    }
    if (row.paths.empty()) return true;
    return position.path && std::find(row.paths.begin(), row.paths.end(), *position.path) != row.paths.end();
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool has_field(const TransitionContext& context, const std::string& name) {
    auto found = context.fields.find(name);
    return found != context.fields.end() && !blank(found->second);
}

std::string join_ids(const std::vector<long long>& ids, std::string_view separator) {
    std::string out;
    for (auto id : ids) {
        if (!out.empty()) out += separator;
        out += std::to_string(id);
    }
    return out;
}

std::vector<long long> distinct(std::vector<long long> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

std::vector<long long> team_ids(const std::vector<CaseTeamMember>& team) {
    std::vector<long long> ids;
    for (const auto& member : team) ids.push_back(member.person_id);
    return distinct(std::move(ids));
}

std::vector<long long> overlap(const std::vector<long long>& left, const std::vector<long long>& right) {
    std::vector<long long> a = distinct(left);
    std::vector<long long> b = distinct(right);
    std::vector<long long> both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    return both;
}

GuardRefusal refusal(std::string code, std::string zh, std::string en) {
    return {std::move(code), std::move(zh), std::move(en)};
}

Error conflict(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::conflict, std::move(code), std::move(zh), std::move(en));
}

Error conflict(GuardRefusal refused) {
    return conflict(std::move(refused.code), std::move(refused.reason_zh), std::move(refused.reason_en));
}

std::optional<GuardRefusal> run_guard(G guard, const CaseTransition& row, const CasePosition& from,
                                      const TransitionContext& context) {
    switch (guard) {
        case G::verification_team_signed:
            return check_verification_team_signed(context.team);
        case G::investigation_team_has_two:
            return check_investigation_team_has_two(context.investigators);
        case G::team_size:
            return check_team_size(context.team);
        case G::team_from_other_townships:
            return check_team_from_other_townships(context.team, context.subject_township_code);
        case G::review_team_has_two:
            return check_review_team_has_two(context.reviewers);
        case G::reviewers_are_not_investigators:
            return check_reviewers_are_not_investigators(context.investigators, context.reviewers);
        case G::approval_path_fits_level:
            return check_approval_path_fits_level(from.level, row.chooses_path ? context.path : from.path);
        case G::appeal_handlers_are_independent:
            return check_appeal_handlers_are_independent(context.appeal_handlers, context.investigators,
                                                         context.reviewers);
    }
    return std::nullopt;
}

std::string action_name_zh(std::string_view action) {
    for (const auto& row : case_transitions()) {
        if (row.action == action) return row.name_zh;
    }
    return std::string(action);
}

}  // namespace

// ---- Vocabulary -----------------------------------------------------------------------------

std::string_view to_string(CaseState state) {
    return entry(k_states, state).id;
}
std::optional<CaseState> case_state_from_string(std::string_view text) {
    return lookup(k_states, text);
}
std::string_view chinese_name(CaseState state) {
    return entry(k_states, state).zh;
}
const std::vector<CaseState>& all_case_states() {
    static const std::vector<CaseState> states = [] {
        std::vector<CaseState> out;
        for (const auto& name : k_states) out.push_back(name.value);
        return out;
    }();
    return states;
}

std::string_view to_string(CaseHandlingLevel level) {
    return entry(k_levels, level).id;
}
std::optional<CaseHandlingLevel> case_handling_level_from_string(std::string_view text) {
    return lookup(k_levels, text);
}
std::string_view chinese_name(CaseHandlingLevel level) {
    return entry(k_levels, level).zh;
}
const std::vector<CaseHandlingLevel>& all_case_handling_levels() {
    static const std::vector<CaseHandlingLevel> levels = [] {
        std::vector<CaseHandlingLevel> out;
        for (const auto& name : k_levels) out.push_back(name.value);
        return out;
    }();
    return levels;
}

std::string_view to_string(CaseApprovalPath path) {
    return entry(k_paths, path).id;
}
std::optional<CaseApprovalPath> case_approval_path_from_string(std::string_view text) {
    return lookup(k_paths, text);
}
std::string_view chinese_name(CaseApprovalPath path) {
    return entry(k_paths, path).zh;
}

std::string_view to_string(ApprovalRole role) {
    return entry(k_roles, role).id;
}
std::optional<ApprovalRole> approval_role_from_string(std::string_view text) {
    return lookup(k_roles, text);
}
std::string_view chinese_name(ApprovalRole role) {
    return entry(k_roles, role).zh;
}

std::string_view to_string(WorkflowCondition condition) {
    return entry(k_conditions, condition).id;
}
std::optional<WorkflowCondition> workflow_condition_from_string(std::string_view text) {
    return lookup(k_conditions, text);
}
std::string_view chinese_name(WorkflowCondition condition) {
    return entry(k_conditions, condition).zh;
}

std::string_view to_string(CaseMark mark) {
    return entry(k_marks, mark).id;
}
std::optional<CaseMark> case_mark_from_string(std::string_view text) {
    return lookup(k_marks, text);
}
std::string_view chinese_name(CaseMark mark) {
    return entry(k_marks, mark).zh;
}

std::string_view to_string(WorkflowGuard guard) {
    return entry(k_guards, guard).id;
}
std::optional<WorkflowGuard> workflow_guard_from_string(std::string_view text) {
    return lookup(k_guards, text);
}
std::string_view chinese_name(WorkflowGuard guard) {
    return entry(k_guards, guard).zh;
}

std::string_view to_string(DeadlineOp op) {
    return entry(k_ops, op).id;
}
std::optional<DeadlineOp> deadline_op_from_string(std::string_view text) {
    return lookup(k_ops, text);
}
std::string_view chinese_name(DeadlineOp op) {
    return entry(k_ops, op).zh;
}

// ---- The table ------------------------------------------------------------------------------

const std::vector<CaseTransition>& case_transitions() {
    static const std::vector<CaseTransition> table = build_table();
    return table;
}

std::vector<std::string> workflow_permissions() {
    std::set<std::string> ids;
    for (const auto& row : case_transitions()) ids.insert(row.permission);
    return {ids.begin(), ids.end()};
}

// ---- Moves ----------------------------------------------------------------------------------

bool condition_holds(WorkflowCondition condition, const CasePosition& position,
                     const std::set<WorkflowCondition>& facts) {
    switch (condition) {
        case C::always:
            return true;
        case C::township_handled:
            return position.level == L::township || position.level == L::zone_assisted ||
                   position.level == L::designated;
        case C::county_handled:
            return position.level == L::county || position.level == L::escalated;
        case C::zone_assisted:
            return position.level == L::zone_assisted;
        default:
            return facts.contains(condition);
    }
}

Result<TransitionOutcome> next(const CasePosition& from, std::string_view action, const TransitionContext& context) {
    if (auto sealed = check_not_archived(from.state)) return conflict(std::move(*sealed));

    bool known = false;
    bool in_state = false;
    const CaseTransition* row = nullptr;
    for (const auto& candidate : case_transitions()) {
        if (candidate.action != action) continue;
        known = true;
        if (candidate.from != from.state) continue;
        in_state = true;
        if (applies(candidate, from)) {
            row = &candidate;
            break;
        }
    }
    if (!known) {
        return make_error(ErrorKind::invalid_input, "workflow.unknown_action",
                          fmt::format("未知的办理操作「{}」", action),
                          fmt::format("unknown workflow action '{}'", action));
    }
    if (!in_state) {
        return conflict(
            "workflow.not_allowed_in_state",
            fmt::format("当前状态为「{}」，不能进行「{}」", chinese_name(from.state), action_name_zh(action)),
            fmt::format("'{}' is not allowed in state '{}'", action, to_string(from.state)));
    }
    if (row == nullptr) {
        const std::string path_zh = from.path ? std::string(chinese_name(*from.path)) : "未选定审批路径";
        const std::string path_en = from.path ? std::string(to_string(*from.path)) : "no approval path yet";
        return conflict(
            "workflow.not_at_level",
            fmt::format("「{}」不适用于{}（{}）", action_name_zh(action), chinese_name(from.level), path_zh),
            fmt::format("'{}' does not apply at level '{}' ({})", action, to_string(from.level), path_en));
    }

    for (CaseMark mark : row->forbids_marks) {
        if (from.marks.contains(mark)) {
            return conflict("workflow.blocked", fmt::format("{}，不能进行「{}」", chinese_name(mark), row->name_zh),
                            fmt::format("'{}' is blocked: {}", action, to_string(mark)));
        }
    }
    std::vector<CaseMark> missing_marks;
    for (const auto& need : row->requires_marks) {
        if (condition_holds(need.when, from, context.facts) && !from.marks.contains(need.mark)) {
            missing_marks.push_back(need.mark);
        }
    }
    if (!missing_marks.empty()) {
        std::string zh;
        std::string en;
        for (CaseMark mark : missing_marks) {
            zh += (zh.empty() ? "" : "、") + std::string(chinese_name(mark));
            en += (en.empty() ? "" : ", ") + std::string(to_string(mark));
        }
        return conflict("workflow.step_missing", fmt::format("「{}」之前须先完成：{}", row->name_zh, zh),
                        fmt::format("'{}' needs first: {}", action, en));
    }

    std::vector<std::pair<std::string, std::string>> missing_fields;
    for (const auto& need : row->fields) {
        if (condition_holds(need.when, from, context.facts) && !has_field(context, need.name)) {
            missing_fields.emplace_back(need.name, need.label_zh);
        }
    }
    if (row->chooses_path && !context.path) missing_fields.emplace_back("approval_path", "审批路径");
    if (!missing_fields.empty()) {
        std::string zh;
        std::string en;
        for (const auto& [name, label] : missing_fields) {
            zh += (zh.empty() ? "" : "、") + label;
            en += (en.empty() ? "" : ", ") + name;
        }
        return make_error(ErrorKind::invalid_input, "workflow.field_missing",
                          fmt::format("「{}」缺少必填项：{}", row->name_zh, zh),
                          fmt::format("'{}' is missing required fields: {}", action, en));
    }

    std::vector<ApprovalRole> required;
    for (const auto& need : row->approvals) {
        if (condition_holds(need.when, from, context.facts)) required.push_back(need.role);
    }
    if (auto refused = check_approvals(required, context.approvals)) return conflict(std::move(*refused));

    for (G guard : row->guards) {
        if (auto refused = run_guard(guard, *row, from, context)) return conflict(std::move(*refused));
    }

    TransitionOutcome outcome;
    outcome.transition = row;
    outcome.to = from;
    outcome.to.state = row->to;
    if (row->sets_level) outcome.to.level = *row->sets_level;
    if (row->chooses_path) outcome.to.path = context.path;
    for (CaseMark mark : row->clears_marks) outcome.to.marks.erase(mark);
    for (CaseMark mark : row->sets_marks) outcome.to.marks.insert(mark);
    for (const auto& effect : row->deadlines) {
        if (condition_holds(effect.when, from, context.facts)) outcome.deadlines.push_back(effect);
    }
    return outcome;
}

std::vector<const CaseTransition*> available_transitions(const CasePosition& position,
                                                         const std::set<WorkflowCondition>& facts) {
    std::vector<const CaseTransition*> out;
    if (position.state == S::archived) return out;
    for (const auto& row : case_transitions()) {
        if (row.from != position.state || !applies(row, position)) continue;
        bool blocked = std::any_of(row.forbids_marks.begin(), row.forbids_marks.end(),
                                   [&](CaseMark mark) { return position.marks.contains(mark); });
        bool waiting = std::any_of(row.requires_marks.begin(), row.requires_marks.end(), [&](const auto& need) {
            return condition_holds(need.when, position, facts) && !position.marks.contains(need.mark);
        });
        if (!blocked && !waiting) out.push_back(&row);
    }
    return out;
}

std::vector<DeadlineEffect> registration_deadlines(const std::set<WorkflowCondition>& facts) {
    std::vector<DeadlineEffect> out = {starts("clue.disposal")};
    if (facts.contains(C::assigned_case)) out.push_back(starts("petition.assigned_finish", C::assigned_case));
    return out;
}

// ---- Guards ---------------------------------------------------------------------------------

std::optional<GuardRefusal> check_not_archived(CaseState state) {
    if (state != S::archived) return std::nullopt;
    return refusal("case.archived", "案件已归档，卷宗不可更改", "the case file is archived and cannot be changed");
}

std::optional<GuardRefusal> check_approvals(const std::vector<ApprovalRole>& required,
                                            const std::vector<ApprovalRole>& given) {
    std::string zh;
    std::string en;
    for (ApprovalRole role : required) {
        if (std::find(given.begin(), given.end(), role) != given.end()) continue;
        zh += (zh.empty() ? "" : "、") + std::string(chinese_name(role));
        en += (en.empty() ? "" : ", ") + std::string(to_string(role));
    }
    if (zh.empty()) return std::nullopt;
    return refusal("workflow.approval_missing", fmt::format("缺少审批：{}", zh),
                   fmt::format("missing approvals: {}", en));
}

std::optional<GuardRefusal> check_reviewers_are_not_investigators(const std::vector<long long>& investigators,
                                                                  const std::vector<long long>& reviewers) {
    auto both = overlap(investigators, reviewers);
    if (both.empty()) return std::nullopt;
    return refusal("workflow.reviewer_is_investigator",
                   fmt::format("审理人员不得由审查调查人员担任（人员编号：{}）", join_ids(both, "、")),
                   fmt::format("reviewers must not have investigated the case (person ids: {})", join_ids(both, ", ")));
}

std::optional<GuardRefusal> check_review_team_has_two(const std::vector<long long>& reviewers) {
    if (distinct(reviewers).size() >= 2) return std::nullopt;
    return refusal("workflow.review_team_too_small", "审理组应由2人以上组成",
                   "a review team needs at least two people");
}

std::optional<GuardRefusal> check_investigation_team_has_two(const std::vector<long long>& investigators) {
    if (distinct(investigators).size() >= 2) return std::nullopt;
    return refusal("workflow.investigation_team_too_small", "审查调查工作应由2人以上进行",
                   "investigation steps need at least two investigators");
}

std::optional<GuardRefusal> check_verification_team_signed(const std::vector<CaseTeamMember>& team) {
    if (team_ids(team).size() < 2) {
        return refusal("workflow.verification_team_too_small", "核查组应由2人以上组成",
                       "a verification team needs at least two members");
    }
    std::vector<long long> unsigned_ids;
    for (const auto& member : team) {
        if (!member.signed_report) unsigned_ids.push_back(member.person_id);
    }
    if (unsigned_ids.empty()) return std::nullopt;
    unsigned_ids = distinct(std::move(unsigned_ids));
    return refusal(
        "workflow.verification_report_unsigned",
        fmt::format("初核情况报告须由核查组全体人员签名（未签名人员编号：{}）", join_ids(unsigned_ids, "、")),
        fmt::format("every team member must sign the verification report (unsigned: {})",
                    join_ids(unsigned_ids, ", ")));
}

std::optional<GuardRefusal> check_team_size(const std::vector<CaseTeamMember>& team) {
    auto size = team_ids(team).size();
    if (size >= k_min_team_size && size <= k_max_team_size) return std::nullopt;
    return refusal(
        "workflow.team_size", fmt::format("异地办案组应为{}至{}人，现为{}人", k_min_team_size, k_max_team_size, size),
        fmt::format("a cross-township team has {} to {} members, not {}", k_min_team_size, k_max_team_size, size));
}

std::optional<GuardRefusal> check_team_from_other_townships(const std::vector<CaseTeamMember>& team,
                                                            std::string_view subject_township_code) {
    if (blank(subject_township_code)) {
        return refusal("workflow.subject_township_unknown", "未登记被审查调查人所在乡镇，无法确认异地办案组",
                       "the subject's township is unknown, so the team cannot be checked");
    }
    std::vector<long long> local;
    for (const auto& member : team) {
        if (member.township_code == subject_township_code) local.push_back(member.person_id);
    }
    if (local.empty()) return std::nullopt;
    local = distinct(std::move(local));
    return refusal("workflow.team_member_from_subject_township",
                   fmt::format("异地办案组不得有被审查调查人所在乡镇人员（人员编号：{}）", join_ids(local, "、")),
                   fmt::format("a cross-township team has nobody from the subject's township (person ids: {})",
                               join_ids(local, ", ")));
}

std::optional<GuardRefusal> check_approval_path_fits_level(CaseHandlingLevel level,
                                                           std::optional<CaseApprovalPath> path) {
    if (!path) {
        return refusal("workflow.path_missing", "未选定审批路径", "no approval path was chosen");
    }
    bool fits = false;
    switch (level) {
        case L::township:
        case L::zone_assisted:
            fits = *path == P::township_county_review || *path == P::township_submission;
            break;
        case L::county:
        case L::escalated:
            fits = *path == P::county_level;
            break;
        case L::designated:
            fits = true;
            break;
    }
    if (fits) return std::nullopt;
    return refusal("workflow.path_not_for_level",
                   fmt::format("{}的案件不能按「{}」审批", chinese_name(level), chinese_name(*path)),
                   fmt::format("a case at level '{}' cannot take the '{}' path", to_string(level), to_string(*path)));
}

std::optional<GuardRefusal> check_appeal_handlers_are_independent(const std::vector<long long>& handlers,
                                                                  const std::vector<long long>& investigators,
                                                                  const std::vector<long long>& reviewers) {
    if (handlers.empty()) {
        return refusal("workflow.appeal_handler_missing", "未指定申诉复查承办人员",
                       "nobody was named to handle the appeal");
    }
    auto involved = overlap(handlers, concat(investigators, reviewers));
    if (involved.empty()) return std::nullopt;
    return refusal("workflow.appeal_handler_not_independent",
                   fmt::format("原审查调查、审理人员不得参与申诉复查（人员编号：{}）", join_ids(involved, "、")),
                   fmt::format("the original investigators and reviewers may not handle the appeal (person ids: {})",
                               join_ids(involved, ", ")));
}

// ---- 暂存待查 ---------------------------------------------------------------------------------

Date shelved_review_due(Date shelved_or_reviewed_on, const WorkCalendar& calendar, int interval_months) {
    DeadlineRule rule;
    rule.code = "clue.shelved_review";
    rule.unit = DeadlineUnit::months;
    rule.amount = interval_months;
    // Without pauses the due date always exists.
    return due_date(rule, shelved_or_reviewed_on, calendar).value();
}

bool shelved_review_is_due(Date shelved_or_reviewed_on, Date today, const WorkCalendar& calendar, int interval_months) {
    return today >= shelved_review_due(shelved_or_reviewed_on, calendar, interval_months);
}

}  // namespace xzq::domain
