#pragma once
// Case decisions (处分决定) as values and pure rules: the sanction taxonomies, first-form
// measures and organisational-handling proposals; who may approve what (处分批准权限); the
// approval path of a township case (乡案县审 / 乡镇报批); validation of a decision; the "four
// forms" (四种形态); influence periods (影响期) and how they accumulate; the 留党察看 expiry date.
// domain.md §2.9, §2.10, §2.12, §4.2–4.5, §8.1 ("Decision").
//
// Legal sources, cited by short name below:
//   纪律处分条例   《中国共产党纪律处分条例》 (2023 revision, in force 2024-01-01)
//   批准权限规定   《中国共产党处分违纪党员批准权限和程序规定》 (2022)
//   政务处分法     《中华人民共和国公职人员政务处分法》 (2020)
//   监察法         《中华人民共和国监察法》 (2024 text)
//   组织处理规定   《中国共产党组织处理规定（试行）》 (2021)
//   乡案县审文     CCDI article 《乡案县审与乡镇报批案件程序的区别和衔接》 (北碚区纪委监委)
//   四种形态文     CCDI articles 《精准规范运用第一种形态有关问题探析》 and
//                  《纪检监察机关提出组织处理建议有关问题探析》 (安徽省纪委监委)
// Rules marked [DERIVED] follow from those sources without being written in them.
//
// Pure: no I/O, no clock (callers pass dates in). Every function is a pure function of its
// arguments and safe to call from any thread.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/organisation.hpp"
#include "domain/people.hpp"
#include "domain/reports.hpp"

namespace xzq::domain {

// ---- Vocabulary ---------------------------------------------------------------------------
// Each enum has lower_snake identifiers (to_string / *_from_string, which accepts exactly the
// identifier), a Chinese name, and the list of its values in order of severity or of the source.

// Party outcome for a Party member (党纪处分, 纪律处分条例 Art. 8, 10–13, 19).
enum class PartySanction {
    warning,          // 警告 (Art. 10)
    serious_warning,  // 严重警告 (Art. 10)
    // 严重警告 given because 撤销党内职务 was due but the member holds no Party post (Art. 11). It
    // counts as 严重警告 in a tally of kinds, but its influence period (2 years, Art. 11), its
    // approval (as 撤销党内职务, 批准权限规定 Art. 12) and its form (3) are those of 撤销党内职务.
    serious_warning_in_lieu,   // 严重警告（应撤销党内职务，本人无党内职务）
    removal_from_party_posts,  // 撤销党内职务 (Art. 11)
    probation_one_year,        // 留党察看一年 (Art. 12)
    probation_two_years,       // 留党察看二年 (Art. 12)
    expulsion,                 // 开除党籍 (Art. 13)
    exempted,                  // 免予党纪处分 (Art. 19; needs a written conclusion)
    not_sanctioned,            // 不予党纪处分 (Art. 19)
};

// Government outcome for a public official (政务处分, 政务处分法 Art. 7, 12, 44).
enum class GovernmentSanction {
    warning,              // 警告
    demerit,              // 记过
    major_demerit,        // 记大过
    demotion,             // 降级
    dismissal_from_post,  // 撤职
    expulsion,            // 开除
    exempted,             // 免予政务处分
    not_sanctioned,       // 不予政务处分
};

// The 12 measures of the first form after a review (四种形态文; domain.md §4.5), in the order
// of the source.
enum class FirstFormMeasure {
    reminder_talk,              // 提醒谈话
    warning_talk,               // 警示谈话
    criticism_education,        // 批评教育
    stop_violation,             // 纠正或停止违纪行为
    return_of_gains,            // 责成退出违纪所得
    rectification_deadline,     // 限期整改
    ordered_self_examination,   // 责令作出口头或书面检查
    democratic_life_meeting,    // 召开民主生活会批评帮助
    public_apology,             // 责令公开道歉（检讨）
    circulated_criticism,       // 通报（通报批评）
    admonishment,               // 诫勉（诫勉谈话）: 6-month influence period
    other_criticism_education,  // 其他批评教育类措施
};

// Organisational handling (组织处理规定 Art. 3; the 7 measures of 推进领导干部能上能下规定 as
// cited by 四种形态文). The commission only proposes them; the Party committee with the power
// of management decides and carries them out (组织处理规定 Art. 6, 10).
enum class OrgHandling {
    suspension_for_inspection,  // 停职检查
    post_adjustment,            // 调整职务（平职调整）
    transfer_to_rank_post,      // 转任职级公务员
    ordered_resignation,        // 责令辞职
    removal_from_office,        // 免职
    demotion_in_post,           // 降职
    early_retirement,           // 办理提前退休
};

// Criminal matters closing a case, counted in the fourth form (domain.md §4.5).
enum class JudicialOutcome {
    transferred,  // 立案审查调查后移送司法机关 (涉嫌犯罪)
    convicted,    // 司法机关判处刑罚后移送纪检监察机关作出处分
};

// Bodies that approve or decide, from the lowest.
enum class ApprovingBody {
    township_commission,       // 乡镇纪委
    township_party_committee,  // 乡镇党委
    county_commission,         // 县纪委监委（常委会）: the county commission is also the county 监委
    county_party_committee,    // 县委
    higher_commission,         // 上级纪委监委
};

// Which Party committee manages the subject (管理权限), which decides who may approve.
enum class ManagementLevel {
    township,  // 乡镇党委管理 (township Party members, village cadres, 站所 staff)
    county,    // 县委管理 (乡科级 cadres, township leaders)
    higher,    // 上级党委管理 (县处级 and above)
};

// How a decision is approved (乡案县审文; domain.md §2.9, §8.1 Case.path).
enum class ApprovalPath {
    township_county_review,  // 乡案县审: the township approves after one county review (审核报告)
    township_submission,     // 乡镇报批: the township committee submits, the county commission approves
    county_level,            // 县本级: a county case, approved at county level
    higher_level,            // 上级办理: handled by a higher commission, outside this county's approval
};

// Which influence period.
enum class InfluenceTrack {
    party,         // 党纪处分影响期 (纪律处分条例 Art. 10–13)
    government,    // 政务处分期 (政务处分法 Art. 8)
    admonishment,  // 诫勉影响期
};

std::string_view to_string(PartySanction sanction);
std::optional<PartySanction> party_sanction_from_string(std::string_view text);
std::string_view chinese_name(PartySanction sanction);
const std::vector<PartySanction>& all_party_sanctions();

std::string_view to_string(GovernmentSanction sanction);
std::optional<GovernmentSanction> government_sanction_from_string(std::string_view text);
std::string_view chinese_name(GovernmentSanction sanction);
const std::vector<GovernmentSanction>& all_government_sanctions();

std::string_view to_string(FirstFormMeasure measure);
std::optional<FirstFormMeasure> first_form_measure_from_string(std::string_view text);
std::string_view chinese_name(FirstFormMeasure measure);
const std::vector<FirstFormMeasure>& all_first_form_measures();

std::string_view to_string(OrgHandling handling);
std::optional<OrgHandling> org_handling_from_string(std::string_view text);
std::string_view chinese_name(OrgHandling handling);
const std::vector<OrgHandling>& all_org_handlings();

std::string_view to_string(JudicialOutcome outcome);
std::optional<JudicialOutcome> judicial_outcome_from_string(std::string_view text);
std::string_view chinese_name(JudicialOutcome outcome);
const std::vector<JudicialOutcome>& all_judicial_outcomes();

std::string_view to_string(ApprovingBody body);
std::optional<ApprovingBody> approving_body_from_string(std::string_view text);
std::string_view chinese_name(ApprovingBody body);
const std::vector<ApprovingBody>& all_approving_bodies();

std::string_view to_string(ManagementLevel level);
std::optional<ManagementLevel> management_level_from_string(std::string_view text);
std::string_view chinese_name(ManagementLevel level);

std::string_view to_string(ApprovalPath path);
std::optional<ApprovalPath> approval_path_from_string(std::string_view text);
std::string_view chinese_name(ApprovalPath path);

std::string_view to_string(InfluenceTrack track);
std::optional<InfluenceTrack> influence_track_from_string(std::string_view text);
std::string_view chinese_name(InfluenceTrack track);

// A real sanction, as opposed to 免予 / 不予.
bool is_sanction(PartySanction sanction);
bool is_sanction(GovernmentSanction sanction);
// 重处分: 撤销党内职务 and above, including the 严重警告 given in lieu of it.
bool is_heavy(PartySanction sanction);
// 降级, 撤职, 开除.
bool is_heavy(GovernmentSanction sanction);

// ---- The subject and the decision ------------------------------------------------------------

// What the rules need to know about the person decided on.
struct SubjectFacts {
    bool party_member = false;
    // 基层群众性自治组织中从事管理的人员 (监察法 Art. 15(五)): a public official for 政务处分,
    // limited to 警告/记过/记大过 (政务处分法 Art. 22).
    bool village_manager = false;
    // Another public official (监察法 Art. 15: 公务员, 国企管理人员, 事业单位管理人员…).
    bool public_official = false;
    bool retired = false;           // no 政务处分 after retirement (政务处分法 Art. 27)
    bool holds_party_post = false;  // 党内职务 (纪律处分条例 Art. 11)
    std::optional<Rank> rank;
    bool managed_by_county_committee = false;  // 县委管理干部
};

// 乡科级 or `managed_by_county_committee` → county; 县处级, 厅局级, 省部级 → higher; otherwise
// township. (The same reading as the routing rule "county.managed_cadre" of reports.hpp.)
ManagementLevel management_level(const SubjectFacts& subject);

// The Party committee that decides organisational handling for the subject: 乡镇党委 or 县委;
// nullopt for a subject managed above the county.
std::optional<ApprovingBody> deciding_party_committee(const SubjectFacts& subject);

// A proposal of organisational handling, recorded as such: the commission proposes, the Party
// committee named here decides and executes (组织处理规定 Art. 6, 10; within 1 month, deadline
// "org_handling.execute").
struct OrgHandlingProposal {
    OrgHandling measure = OrgHandling::post_adjustment;
    ApprovingBody proposed_to = ApprovingBody::township_party_committee;
    std::string reason;
};

// The decision of one handling of one person (one 人次).
struct CaseDecision {
    std::optional<PartySanction> party;
    std::optional<GovernmentSanction> government;
    std::vector<FirstFormMeasure> measures;
    std::vector<OrgHandlingProposal> org_handling;
    std::optional<JudicialOutcome> judicial;
    // Who approves the Party outcome, and which 监察机关 decides the government outcome.
    std::optional<ApprovingBody> party_approver;
    std::optional<ApprovingBody> government_decider;
    // 重要或者复杂 (批准权限规定 Art. 28, 38): takes the approval away from the township.
    bool important_or_complex = false;
};

// A problem of a decision, or why a body may not approve. `rule` cites the source.
struct DecisionProblem {
    std::string code;  // stable, e.g. "approval.township_commission_limit"
    std::string rule;  // e.g. "《中国共产党处分违纪党员批准权限和程序规定》第三十八条"
    std::string message_zh;
    std::string message_en;
};

// The answer of a policy: allowed, or a rejection with its reason.
struct Allowance {
    std::optional<DecisionProblem> rejection;

    [[nodiscard]] bool allowed() const { return !rejection.has_value(); }
    explicit operator bool() const { return allowed(); }
};

// ---- Approval authority (处分批准权限, domain.md §2.9) ---------------------------------------

// Whether `body` may approve the Party outcome `sanction` for `subject`. 免予 and 不予 follow the
// path of 警告 (批准权限规定 Art. 11); the 严重警告 in lieu follows that of 撤销党内职务 (Art. 12).
//
// Subject managed by the township Party committee:
//   乡镇纪委     警告, 严重警告 (and 免予/不予), in cases it investigated, unless the matter is
//                important or complex: then the township committee agrees and a county-level or
//                higher commission approves (Art. 38). Code "approval.township_commission_limit"
//                or "approval.important_or_complex".
//   乡镇党委     everything up to 留党察看, not 开除党籍 (Art. 28: "留党察看以下"; 开除党籍 needs a
//                county-level or higher commission, Art. 14; the special conditions of Art. 29 are
//                taken as not met by a township [DERIVED]); not important or complex matters
//                (Art. 28). Codes "approval.expulsion_needs_county", "approval.important_or_complex".
//   县纪委, 县委, 上级纪委: everything.
// Subject managed by the county Party committee (Art. 6: 警告/严重警告 by the same-level
// commission; heavier ones need its consent and the committee's approval):
//   township bodies: nothing ("approval.county_managed_cadre");
//   县纪委: up to 严重警告 ("approval.needs_party_committee" beyond);
//   县委, 上级纪委: everything.
// Subject managed above the county: only the higher commission ("approval.managed_above_county").
Allowance check_approval_authority(ApprovingBody body, PartySanction sanction, const SubjectFacts& subject,
                                   bool important_or_complex);

// Whether `body` may decide the government outcome: only a 监察机关 with the power of
// management (政务处分法 Art. 3). The township 监察办公室 works with the township commission and
// proposes; the county 监委 decides (domain.md §1.2 [DERIVED from local practice]); 县委 is not a
// 监察机关. Codes "approval.government_needs_supervision_commission",
// "approval.managed_above_county".
Allowance check_government_authority(ApprovingBody body, GovernmentSanction sanction, const SubjectFacts& subject);

// The lowest body of `all_approving_bodies()` that `check_approval_authority` allows.
ApprovingBody lowest_party_approver(PartySanction sanction, const SubjectFacts& subject, bool important_or_complex);

// The approval path of a case handled at `level` (reports.hpp's HandlingLevel):
//   township or zone (a zone-assisted case is still the township's case, domain.md §8.3):
//     乡镇报批 when the matter is important or complex or 开除党籍 is proposed, else 乡案县审;
//   county → 县本级; higher → 上级办理.
// The path concerns the Party side: a 政务处分 is decided by the county 监委 on every path.
// Cadres managed by the county committee are routed to county level (reports.hpp,
// "county.managed_cadre") and reach here with level county.
ApprovalPath approval_path(HandlingLevel level, std::optional<PartySanction> proposed, bool important_or_complex);

// ---- Validation ---------------------------------------------------------------------------

// Every problem of the decision at once, in this order:
//   decision.no_outcome                       no Party or government outcome, measure,
//                                             organisational handling or judicial outcome
//   decision.party_outcome_for_non_member     a Party outcome (also 免予/不予) for a non-member
//                                             (纪律处分条例 Art. 8: sanctions "对党员")
//   decision.removal_without_party_post       撤销党内职务 for someone without a Party post: give
//                                             the 严重警告 in lieu (Art. 11)
//   decision.in_lieu_with_party_post          the 严重警告 in lieu for someone who holds a post
//   decision.party_approver_missing           a Party outcome without an approving body
//   approval.*                                the approver's authority (check_approval_authority)
//   decision.government_outcome_for_non_official   政务处分 only for public officials
//                                             (政务处分法 Art. 2; 监察法 Art. 15)
//   decision.government_outcome_for_retired   政务处分法 Art. 27
//   decision.village_manager_government_limit 降级/撤职/开除 for a village manager (Art. 22)
//   decision.government_decider_missing       a government outcome without a deciding body
//   approval.*                                the decider's authority (check_government_authority)
//   decision.duplicate_measure                the same first-form measure twice
//   decision.duplicate_org_handling           the same organisational handling twice
//   decision.org_handling_not_party_committee a proposal addressed to a commission
//   decision.org_handling_wrong_committee     a proposal to a committee that does not manage the
//                                             subject (see deciding_party_committee)
std::vector<DecisionProblem> validate_decision(const CaseDecision& decision, const SubjectFacts& subject);

// ---- The four forms (四种形态, domain.md §4.5) -------------------------------------------------

// Form of each part: 轻处分 → 2, 重处分 (is_heavy) → 3, 免予/不予 → 0 (纪律处分条例 Art. 5;
// government sanctions by analogy [UNCONFIRMED]); organisational handling → 2, except 降职 → 3
// (重大职务调整 [UNCONFIRMED, by analogy]; 转任职级公务员 → 2 by analogy with 平职调整);
// first-form measures → 1.
int four_form(PartySanction sanction);
int four_form(GovernmentSanction sanction);
int four_form(OrgHandling handling);

// The most severe form of the whole handling (one 人次): 4 when transferred to the judiciary,
// or when convicted and expelled (开除党籍 or 开除); otherwise the highest form of its parts; a
// 免予处分 with measures is therefore 1 (through the measures). 0 when nothing applies (e.g. a
// bare 不予处分).
int four_form(const CaseDecision& decision);

// ---- Influence periods (影响期) -------------------------------------------------------------
//
// A period covers [from, until): `until` is the first day free of the effect, `last_day()` the
// day before (the practice of "到期年月对应日的前一日"). Periods count calendar months from the
// day the decision takes effect — a Party sanction on the day the approving body decides
// (批准权限规定 Art. 5), a 政务处分 on the day it is made (政务处分法 Art. 8) — clamped to the
// month's end (Jan 31 + 1 month = Feb 28 or 29).
//
// Lengths: Party 警告 12 months, 严重警告 18, 撤销党内职务 and the 严重警告 in lieu 24, 开除党籍 60
// (no re-admission for 5 years, Art. 13); government 警告 6, 记过 12, 记大过 18, 降级 and 撤职 24,
// 开除 none (the relationship ends, 政务处分法 Art. 26); 诫勉 6 months.
//
// 留党察看 (Art. 12): the probation (12 or 24 months) runs from the effective day; rights may be
// restored on `probation_until`; the influence proper is the 2 years after restoration. The
// period is modelled as one block from the effective day to probation_until + 24 months (36 or
// 48 months), with `probation_until` kept for the expiry alert. A one-year probation may be
// extended once by a year (extend_probation).
struct InfluencePeriod {
    InfluenceTrack track = InfluenceTrack::party;
    std::string sanction;  // the to_string id of the PartySanction, GovernmentSanction or measure
    long long decision_id = 0;
    Date effective_on;                    // the decision took effect
    Date from;                            // counting starts: effective_on, or the end of the period it was appended to
    Date until;                           // the first day free of the effect
    int months = 0;                       // the length, probation included
    int probation_months = 0;             // 留党察看 only: 12 or 24
    std::optional<Date> probation_until;  // 留党察看 only: the day rights may be restored
    bool appended = false;                // moved behind an earlier period (accumulate_influence)

    [[nodiscard]] Date last_day() const;
    [[nodiscard]] bool in_force_on(Date day) const { return from <= day && day < until; }
};

// `date` plus `months` calendar months, clamped to the month's end.
Date add_months_clamped(Date date, int months);

// nullopt for 免予/不予 (and government 开除).
std::optional<InfluencePeriod> influence_period(PartySanction sanction, Date effective_on, long long decision_id = 0);
std::optional<InfluencePeriod> influence_period(GovernmentSanction sanction, Date effective_on,
                                                long long decision_id = 0);
InfluencePeriod admonishment_period(Date effective_on, long long decision_id = 0);

// Every period the decision starts: its Party sanction, its government sanction and 诫勉 among its
// measures, all from `effective_on`.
std::vector<InfluencePeriod> influence_periods(const CaseDecision& decision, Date effective_on,
                                               long long decision_id = 0);

// The day the probation of a 留党察看 decision ends (rights may be restored from then on), for
// the "留党察看到期" alert; nullopt for other sanctions. For an extended probation read
// `probation_until` of extend_probation's period.
std::optional<Date> probation_until(PartySanction sanction, Date effective_on);

// The period of a 留党察看一年 extended by one year (纪律处分条例 Art. 12): probation 24 months,
// `until` recomputed. Refused ("sanction.probation_not_extendable") for any other period, for
// 留党察看二年 and for an already extended probation (the maximum is 2 years).
Result<InfluencePeriod> extend_probation(const InfluencePeriod& period);

// Which tracks accumulate. 纪律处分条例 Art. 21: "党员在党纪处分影响期内又受到党纪处分的，其影响期为
// 原处分尚未执行的影响期与新处分影响期之和". 政务处分法 has no such rule — each 政务处分期 runs
// from its own decision (Art. 8; Art. 15 covers several acts in one decision) — and none was
// found for 诫勉, so those tracks do not accumulate unless a county's rule says so.
struct AccumulationPolicy {
    bool party = true;
    bool government = false;
    bool admonishment = false;
};

// A person's periods with accumulation applied, sorted by effective day (stable). Within an
// accumulating track, a period whose effective day is before the `until` of the chain so far
// (the union of the earlier periods after their own accumulation) is appended: it counts from
// that `until`, for its full length, and `appended` is set. Unused remainder plus new period,
// counted from the new decision (Art. 21), gives the same end up to month-end clamping.
// Starting on the chain's `until` day itself is not "inside": that period counts from its own
// day. 开除党籍 is never appended: its 5 years run from the expulsion (Art. 13). Accumulation never
// moves a probation (`probation_until`): the probation starts on its decision. The input's
// `from`, `until` and `appended` are ignored and recomputed, so accumulating twice changes
// nothing.
std::vector<InfluencePeriod> accumulate_influence(std::vector<InfluencePeriod> periods,
                                                  const AccumulationPolicy& policy = {});

// The latest `until` among the periods (of `track` when given); nullopt when there are none.
std::optional<Date> influence_until(const std::vector<InfluencePeriod>& periods,
                                    std::optional<InfluenceTrack> track = std::nullopt);

}  // namespace xzq::domain
