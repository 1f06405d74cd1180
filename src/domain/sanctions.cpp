#include "domain/sanctions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>
#include <utility>

namespace xzq::domain {

namespace {

// ---- Tables ---------------------------------------------------------------------------------

template <class Enum>
struct Names {
    Enum value;
    std::string_view id;
    std::string_view zh;
};

template <class Enum, std::size_t N>
using Table = std::array<Names<Enum>, N>;

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const Table<Enum, N>& table, std::string_view text) {
    for (const auto& row : table) {
        if (row.id == text) return row.value;
    }
    return std::nullopt;
}

template <class Enum, std::size_t N>
const Names<Enum>& row_of(const Table<Enum, N>& table, Enum value) {
    for (const auto& row : table) {
        if (row.value == value) return row;
    }
    return table[0];
}

template <class Enum, std::size_t N>
std::vector<Enum> values_of(const Table<Enum, N>& table) {
    std::vector<Enum> out;
    out.reserve(N);
    for (const auto& row : table) out.push_back(row.value);
    return out;
}

constexpr Table<PartySanction, 9> k_party{{
    {PartySanction::warning, "warning", "警告"},
    {PartySanction::serious_warning, "serious_warning", "严重警告"},
    {PartySanction::serious_warning_in_lieu, "serious_warning_in_lieu", "严重警告（应撤销党内职务，本人无党内职务）"},
    {PartySanction::removal_from_party_posts, "removal_from_party_posts", "撤销党内职务"},
    {PartySanction::probation_one_year, "probation_one_year", "留党察看一年"},
    {PartySanction::probation_two_years, "probation_two_years", "留党察看二年"},
    {PartySanction::expulsion, "expulsion", "开除党籍"},
    {PartySanction::exempted, "exempted", "免予党纪处分"},
    {PartySanction::not_sanctioned, "not_sanctioned", "不予党纪处分"},
}};

constexpr Table<GovernmentSanction, 8> k_government{{
    {GovernmentSanction::warning, "warning", "警告"},
    {GovernmentSanction::demerit, "demerit", "记过"},
    {GovernmentSanction::major_demerit, "major_demerit", "记大过"},
    {GovernmentSanction::demotion, "demotion", "降级"},
    {GovernmentSanction::dismissal_from_post, "dismissal_from_post", "撤职"},
    {GovernmentSanction::expulsion, "expulsion", "开除"},
    {GovernmentSanction::exempted, "exempted", "免予政务处分"},
    {GovernmentSanction::not_sanctioned, "not_sanctioned", "不予政务处分"},
}};

constexpr Table<FirstFormMeasure, 12> k_measures{{
    {FirstFormMeasure::reminder_talk, "reminder_talk", "提醒谈话"},
    {FirstFormMeasure::warning_talk, "warning_talk", "警示谈话"},
    {FirstFormMeasure::criticism_education, "criticism_education", "批评教育"},
    {FirstFormMeasure::stop_violation, "stop_violation", "纠正或停止违纪行为"},
    {FirstFormMeasure::return_of_gains, "return_of_gains", "责成退出违纪所得"},
    {FirstFormMeasure::rectification_deadline, "rectification_deadline", "限期整改"},
    {FirstFormMeasure::ordered_self_examination, "ordered_self_examination", "责令作出口头或书面检查"},
    {FirstFormMeasure::democratic_life_meeting, "democratic_life_meeting", "召开民主生活会批评帮助"},
    {FirstFormMeasure::public_apology, "public_apology", "责令公开道歉（检讨）"},
    {FirstFormMeasure::circulated_criticism, "circulated_criticism", "通报（通报批评）"},
    {FirstFormMeasure::admonishment, "admonishment", "诫勉（诫勉谈话）"},
    {FirstFormMeasure::other_criticism_education, "other_criticism_education", "其他批评教育类措施"},
}};

constexpr Table<OrgHandling, 7> k_org_handling{{
    {OrgHandling::suspension_for_inspection, "suspension_for_inspection", "停职检查"},
    {OrgHandling::post_adjustment, "post_adjustment", "调整职务（平职调整）"},
    {OrgHandling::transfer_to_rank_post, "transfer_to_rank_post", "转任职级公务员"},
    {OrgHandling::ordered_resignation, "ordered_resignation", "责令辞职"},
    {OrgHandling::removal_from_office, "removal_from_office", "免职"},
    {OrgHandling::demotion_in_post, "demotion_in_post", "降职"},
    {OrgHandling::early_retirement, "early_retirement", "办理提前退休"},
}};

constexpr Table<JudicialOutcome, 2> k_judicial{{
    {JudicialOutcome::transferred, "transferred", "移送司法机关"},
    {JudicialOutcome::convicted, "convicted", "司法机关判处刑罚后作出处分"},
}};

constexpr Table<ApprovingBody, 5> k_bodies{{
    {ApprovingBody::township_commission, "township_commission", "乡镇纪委"},
    {ApprovingBody::township_party_committee, "township_party_committee", "乡镇党委"},
    {ApprovingBody::county_commission, "county_commission", "县纪委监委（常委会）"},
    {ApprovingBody::county_party_committee, "county_party_committee", "县委"},
    {ApprovingBody::higher_commission, "higher_commission", "上级纪委监委"},
}};

constexpr Table<ManagementLevel, 3> k_management{{
    {ManagementLevel::township, "township", "乡镇党委管理"},
    {ManagementLevel::county, "county", "县委管理"},
    {ManagementLevel::higher, "higher", "上级党委管理"},
}};

constexpr Table<ApprovalPath, 4> k_paths{{
    {ApprovalPath::township_county_review, "township_county_review", "乡案县审"},
    {ApprovalPath::township_submission, "township_submission", "乡镇报批"},
    {ApprovalPath::county_level, "county_level", "县本级"},
    {ApprovalPath::higher_level, "higher_level", "上级办理"},
}};

constexpr Table<InfluenceTrack, 3> k_tracks{{
    {InfluenceTrack::party, "party", "党纪处分影响期"},
    {InfluenceTrack::government, "government", "政务处分期"},
    {InfluenceTrack::admonishment, "admonishment", "诫勉影响期"},
}};

// English names, for messages.
std::string_view english_name(PartySanction sanction) {
    switch (sanction) {
        case PartySanction::warning:
            return "a warning";
        case PartySanction::serious_warning:
            return "a serious warning";
        case PartySanction::serious_warning_in_lieu:
            return "a serious warning in lieu of removal from Party posts";
        case PartySanction::removal_from_party_posts:
            return "removal from Party posts";
        case PartySanction::probation_one_year:
            return "one year of probation within the Party";
        case PartySanction::probation_two_years:
            return "two years of probation within the Party";
        case PartySanction::expulsion:
            return "expulsion from the Party";
        case PartySanction::exempted:
            return "exemption from a Party sanction";
        case PartySanction::not_sanctioned:
            return "no Party sanction";
    }
    return "a Party sanction";
}

std::string_view english_name(GovernmentSanction sanction) {
    switch (sanction) {
        case GovernmentSanction::warning:
            return "a warning";
        case GovernmentSanction::demerit:
            return "a demerit";
        case GovernmentSanction::major_demerit:
            return "a major demerit";
        case GovernmentSanction::demotion:
            return "demotion";
        case GovernmentSanction::dismissal_from_post:
            return "dismissal from post";
        case GovernmentSanction::expulsion:
            return "expulsion from public employment";
        case GovernmentSanction::exempted:
            return "exemption from a government sanction";
        case GovernmentSanction::not_sanctioned:
            return "no government sanction";
    }
    return "a government sanction";
}

std::string_view english_name(ApprovingBody body) {
    switch (body) {
        case ApprovingBody::township_commission:
            return "the township discipline commission";
        case ApprovingBody::township_party_committee:
            return "the township Party committee";
        case ApprovingBody::county_commission:
            return "the county commission (standing committee)";
        case ApprovingBody::county_party_committee:
            return "the county Party committee";
        case ApprovingBody::higher_commission:
            return "the higher commission";
    }
    return "the body";
}

// ---- Sources --------------------------------------------------------------------------------

constexpr std::string_view k_discipline_rules = "《中国共产党纪律处分条例》";
constexpr std::string_view k_approval_rules = "《中国共产党处分违纪党员批准权限和程序规定》";
constexpr std::string_view k_government_law = "《中华人民共和国公职人员政务处分法》";
constexpr std::string_view k_supervision_law = "《中华人民共和国监察法》";
constexpr std::string_view k_org_handling_rules = "《中国共产党组织处理规定（试行）》";

std::string cite(std::string_view source, std::string_view article) {
    return fmt::format("{}{}", source, article);
}

DecisionProblem problem(std::string code, std::string rule, std::string zh, std::string en) {
    return {std::move(code), std::move(rule), std::move(zh), std::move(en)};
}

Allowance allow() {
    return {};
}

Allowance reject(DecisionProblem reason) {
    return {std::move(reason)};
}

// The rung of the approval ladder a Party outcome needs (批准权限规定 Art. 6, 11, 12, 28, 38).
enum class Rung { warning, serious_warning, removal, probation, expulsion };

Rung rung_of(PartySanction sanction) {
    switch (sanction) {
        case PartySanction::exempted:
        case PartySanction::not_sanctioned:
        case PartySanction::warning:
            return Rung::warning;
        case PartySanction::serious_warning:
            return Rung::serious_warning;
        case PartySanction::serious_warning_in_lieu:
        case PartySanction::removal_from_party_posts:
            return Rung::removal;
        case PartySanction::probation_one_year:
        case PartySanction::probation_two_years:
            return Rung::probation;
        case PartySanction::expulsion:
            return Rung::expulsion;
    }
    return Rung::expulsion;
}

Allowance important_or_complex_rejection(ApprovingBody body, std::string_view article) {
    return reject(problem(
        "approval.important_or_complex", cite(k_approval_rules, article),
        fmt::format("重要或者复杂的案件，{}无权批准：应经乡镇党委同意后报县级以上纪委审批（乡镇报批）",
                    chinese_name(body)),
        fmt::format("{} may not approve an important or complex matter: the township Party committee agrees and "
                    "a county-level or higher commission approves (township submission)",
                    english_name(body))));
}

// ---- Dates ----------------------------------------------------------------------------------

int party_months(PartySanction sanction) {
    switch (sanction) {
        case PartySanction::warning:
            return 12;
        case PartySanction::serious_warning:
            return 18;
        case PartySanction::serious_warning_in_lieu:
        case PartySanction::removal_from_party_posts:
            return 24;
        case PartySanction::probation_one_year:
            return 12 + 24;
        case PartySanction::probation_two_years:
            return 24 + 24;
        case PartySanction::expulsion:
            return 60;
        case PartySanction::exempted:
        case PartySanction::not_sanctioned:
            return 0;
    }
    return 0;
}

int government_months(GovernmentSanction sanction) {
    switch (sanction) {
        case GovernmentSanction::warning:
            return 6;
        case GovernmentSanction::demerit:
            return 12;
        case GovernmentSanction::major_demerit:
            return 18;
        case GovernmentSanction::demotion:
        case GovernmentSanction::dismissal_from_post:
            return 24;
        case GovernmentSanction::expulsion:
        case GovernmentSanction::exempted:
        case GovernmentSanction::not_sanctioned:
            return 0;
    }
    return 0;
}

constexpr int k_admonishment_months = 6;
constexpr int k_after_restoration_months = 24;

// Places `period` to count from `from`: a probation first, then the 2 years after restoration.
void place(InfluencePeriod& period, Date from) {
    period.from = from;
    if (period.probation_months > 0) {
        // The probation itself always runs from the decision; only the block is moved.
        period.probation_until = add_months_clamped(period.effective_on, period.probation_months);
        Date restored = add_months_clamped(from, period.probation_months);
        period.until = add_months_clamped(restored, period.months - period.probation_months);
    } else {
        period.until = add_months_clamped(from, period.months);
    }
}

InfluencePeriod make_period(InfluenceTrack track, std::string_view id, Date effective_on, int months,
                            int probation_months, long long decision_id) {
    InfluencePeriod period;
    period.track = track;
    period.sanction = std::string(id);
    period.decision_id = decision_id;
    period.effective_on = effective_on;
    period.months = months;
    period.probation_months = probation_months;
    place(period, effective_on);
    return period;
}

bool is_probation(PartySanction sanction) {
    return sanction == PartySanction::probation_one_year || sanction == PartySanction::probation_two_years;
}

}  // namespace

// ---- Vocabulary ---------------------------------------------------------------------------

std::string_view to_string(PartySanction sanction) {
    return row_of(k_party, sanction).id;
}
std::optional<PartySanction> party_sanction_from_string(std::string_view text) {
    return lookup(k_party, text);
}
std::string_view chinese_name(PartySanction sanction) {
    return row_of(k_party, sanction).zh;
}
const std::vector<PartySanction>& all_party_sanctions() {
    static const auto values = values_of(k_party);
    return values;
}

std::string_view to_string(GovernmentSanction sanction) {
    return row_of(k_government, sanction).id;
}
std::optional<GovernmentSanction> government_sanction_from_string(std::string_view text) {
    return lookup(k_government, text);
}
std::string_view chinese_name(GovernmentSanction sanction) {
    return row_of(k_government, sanction).zh;
}
const std::vector<GovernmentSanction>& all_government_sanctions() {
    static const auto values = values_of(k_government);
    return values;
}

std::string_view to_string(FirstFormMeasure measure) {
    return row_of(k_measures, measure).id;
}
std::optional<FirstFormMeasure> first_form_measure_from_string(std::string_view text) {
    return lookup(k_measures, text);
}
std::string_view chinese_name(FirstFormMeasure measure) {
    return row_of(k_measures, measure).zh;
}
const std::vector<FirstFormMeasure>& all_first_form_measures() {
    static const auto values = values_of(k_measures);
    return values;
}

std::string_view to_string(OrgHandling handling) {
    return row_of(k_org_handling, handling).id;
}
std::optional<OrgHandling> org_handling_from_string(std::string_view text) {
    return lookup(k_org_handling, text);
}
std::string_view chinese_name(OrgHandling handling) {
    return row_of(k_org_handling, handling).zh;
}
const std::vector<OrgHandling>& all_org_handlings() {
    static const auto values = values_of(k_org_handling);
    return values;
}

std::string_view to_string(JudicialOutcome outcome) {
    return row_of(k_judicial, outcome).id;
}
std::optional<JudicialOutcome> judicial_outcome_from_string(std::string_view text) {
    return lookup(k_judicial, text);
}
std::string_view chinese_name(JudicialOutcome outcome) {
    return row_of(k_judicial, outcome).zh;
}
const std::vector<JudicialOutcome>& all_judicial_outcomes() {
    static const auto values = values_of(k_judicial);
    return values;
}

std::string_view to_string(ApprovingBody body) {
    return row_of(k_bodies, body).id;
}
std::optional<ApprovingBody> approving_body_from_string(std::string_view text) {
    return lookup(k_bodies, text);
}
std::string_view chinese_name(ApprovingBody body) {
    return row_of(k_bodies, body).zh;
}
const std::vector<ApprovingBody>& all_approving_bodies() {
    static const auto values = values_of(k_bodies);
    return values;
}

std::string_view to_string(ManagementLevel level) {
    return row_of(k_management, level).id;
}
std::optional<ManagementLevel> management_level_from_string(std::string_view text) {
    return lookup(k_management, text);
}
std::string_view chinese_name(ManagementLevel level) {
    return row_of(k_management, level).zh;
}

std::string_view to_string(ApprovalPath path) {
    return row_of(k_paths, path).id;
}
std::optional<ApprovalPath> approval_path_from_string(std::string_view text) {
    return lookup(k_paths, text);
}
std::string_view chinese_name(ApprovalPath path) {
    return row_of(k_paths, path).zh;
}

std::string_view to_string(InfluenceTrack track) {
    return row_of(k_tracks, track).id;
}
std::optional<InfluenceTrack> influence_track_from_string(std::string_view text) {
    return lookup(k_tracks, text);
}
std::string_view chinese_name(InfluenceTrack track) {
    return row_of(k_tracks, track).zh;
}

bool is_sanction(PartySanction sanction) {
    return sanction != PartySanction::exempted && sanction != PartySanction::not_sanctioned;
}

bool is_sanction(GovernmentSanction sanction) {
    return sanction != GovernmentSanction::exempted && sanction != GovernmentSanction::not_sanctioned;
}

bool is_heavy(PartySanction sanction) {
    return is_sanction(sanction) && rung_of(sanction) >= Rung::removal;
}

bool is_heavy(GovernmentSanction sanction) {
    return sanction == GovernmentSanction::demotion || sanction == GovernmentSanction::dismissal_from_post ||
           sanction == GovernmentSanction::expulsion;
}

// ---- The subject ----------------------------------------------------------------------------

ManagementLevel management_level(const SubjectFacts& subject) {
    if (subject.rank) {
        switch (*subject.rank) {
            case Rank::provincial_ministerial:
            case Rank::bureau:
            case Rank::county_division:
                return ManagementLevel::higher;
            case Rank::township_section:
                return ManagementLevel::county;
            default:
                break;
        }
    }
    return subject.managed_by_county_committee ? ManagementLevel::county : ManagementLevel::township;
}

std::optional<ApprovingBody> deciding_party_committee(const SubjectFacts& subject) {
    switch (management_level(subject)) {
        case ManagementLevel::township:
            return ApprovingBody::township_party_committee;
        case ManagementLevel::county:
            return ApprovingBody::county_party_committee;
        case ManagementLevel::higher:
            return std::nullopt;
    }
    return std::nullopt;
}

// ---- Approval authority -----------------------------------------------------------------------

Allowance check_approval_authority(ApprovingBody body, PartySanction sanction, const SubjectFacts& subject,
                                   bool important_or_complex) {
    const Rung rung = rung_of(sanction);
    switch (management_level(subject)) {
        case ManagementLevel::higher:
            if (body == ApprovingBody::higher_commission) return allow();
            return reject(
                problem("approval.managed_above_county", cite(k_approval_rules, "第六条"),
                        fmt::format("被处分人由上级党委管理，{}无权批准，应由上级纪委审批", chinese_name(body)),
                        fmt::format("The person is managed by a Party committee above the county: {} may "
                                    "not approve; the higher commission approves",
                                    english_name(body))));
        case ManagementLevel::county:
            switch (body) {
                case ApprovingBody::township_commission:
                case ApprovingBody::township_party_committee:
                    return reject(problem(
                        "approval.county_managed_cadre", cite(k_approval_rules, "第六条"),
                        fmt::format("被处分人为县委管理干部，{}无权批准，应由县纪委或县委审批", chinese_name(body)),
                        fmt::format("The person is a cadre managed by the county Party committee: {} may not "
                                    "approve; the county commission or the county Party committee approves",
                                    english_name(body))));
                case ApprovingBody::county_commission:
                    if (rung <= Rung::serious_warning) return allow();
                    return reject(
                        problem("approval.needs_party_committee", cite(k_approval_rules, "第六条"),
                                fmt::format("对县委管理干部给予{}，须经县纪委同意后报县委批准", chinese_name(sanction)),
                                fmt::format("For a cadre managed by the county Party committee, {} needs the county "
                                            "commission's consent and the county Party committee's approval",
                                            english_name(sanction))));
                case ApprovingBody::county_party_committee:
                case ApprovingBody::higher_commission:
                    return allow();
            }
            return allow();
        case ManagementLevel::township:
            break;
    }

    switch (body) {
        case ApprovingBody::township_commission:
            if (rung > Rung::serious_warning) {
                return reject(problem(
                    "approval.township_commission_limit", cite(k_approval_rules, "第三十八条"),
                    fmt::format("乡镇纪委只能批准警告、严重警告处分，{}须报乡镇党委或县级以上纪委审批",
                                chinese_name(sanction)),
                    fmt::format("A township discipline commission approves only warnings and serious warnings; "
                                "{} goes to the township Party committee or a county-level or higher commission",
                                english_name(sanction))));
            }
            if (important_or_complex) return important_or_complex_rejection(body, "第三十八条");
            return allow();
        case ApprovingBody::township_party_committee:
            if (rung == Rung::expulsion) {
                return reject(problem("approval.expulsion_needs_county", cite(k_approval_rules, "第十四条、第二十八条"),
                                      "开除党籍须报县级以上纪委审查批准，乡镇党委只能批准留党察看以下处分",
                                      "Expulsion from the Party needs review and approval by a county-level or higher "
                                      "commission; a township Party committee approves up to probation"));
            }
            if (important_or_complex) return important_or_complex_rejection(body, "第二十八条");
            return allow();
        case ApprovingBody::county_commission:
        case ApprovingBody::county_party_committee:
        case ApprovingBody::higher_commission:
            return allow();
    }
    return allow();
}

Allowance check_government_authority(ApprovingBody body, GovernmentSanction sanction, const SubjectFacts& subject) {
    if (management_level(subject) == ManagementLevel::higher && body != ApprovingBody::higher_commission) {
        return reject(
            problem("approval.managed_above_county", cite(k_government_law, "第三条"),
                    fmt::format("被处分人由上级管理，{}无权作出政务处分决定，应由上级监委决定", chinese_name(body)),
                    fmt::format("The person is managed above the county: {} may not decide a government "
                                "sanction; the higher supervision commission decides",
                                english_name(body))));
    }
    if (body == ApprovingBody::county_commission || body == ApprovingBody::higher_commission) return allow();
    return reject(problem(
        "approval.government_needs_supervision_commission", cite(k_government_law, "第三条"),
        fmt::format("{}不是有管理权限的监察机关，不能作出{}决定；乡镇监察办公室只能提出建议，由县监委决定",
                    chinese_name(body), chinese_name(sanction)),
        fmt::format("{} is not a supervision commission with the power of management and may not decide {}; the "
                    "township supervision office proposes and the county supervision commission decides",
                    english_name(body), english_name(sanction))));
}

ApprovingBody lowest_party_approver(PartySanction sanction, const SubjectFacts& subject, bool important_or_complex) {
    for (ApprovingBody body : all_approving_bodies()) {
        if (check_approval_authority(body, sanction, subject, important_or_complex)) return body;
    }
    return ApprovingBody::higher_commission;
}

ApprovalPath approval_path(HandlingLevel level, std::optional<PartySanction> proposed, bool important_or_complex) {
    switch (level) {
        case HandlingLevel::township:
        case HandlingLevel::zone:
            if (important_or_complex || proposed == PartySanction::expulsion) return ApprovalPath::township_submission;
            return ApprovalPath::township_county_review;
        case HandlingLevel::county:
            return ApprovalPath::county_level;
        case HandlingLevel::higher:
            return ApprovalPath::higher_level;
    }
    return ApprovalPath::county_level;
}

// ---- Validation ---------------------------------------------------------------------------

std::vector<DecisionProblem> validate_decision(const CaseDecision& decision, const SubjectFacts& subject) {
    std::vector<DecisionProblem> out;

    if (!decision.party && !decision.government && decision.measures.empty() && decision.org_handling.empty() &&
        !decision.judicial) {
        out.push_back(problem("decision.no_outcome", "",
                              "处理决定至少应有一项处理结果（党纪、政务、措施、组织处理或移送司法）",
                              "A decision needs at least one outcome (Party, government, measure, organisational "
                              "handling or transfer to the judiciary)"));
    }

    if (decision.party) {
        const PartySanction party = *decision.party;
        if (!subject.party_member) {
            out.push_back(
                problem("decision.party_outcome_for_non_member", cite(k_discipline_rules, "第八条"),
                        fmt::format("被处分人不是党员，不能作出{}", chinese_name(party)),
                        fmt::format("The person is not a Party member: {} cannot be decided", english_name(party))));
        }
        if (party == PartySanction::removal_from_party_posts && !subject.holds_party_post) {
            out.push_back(problem("decision.removal_without_party_post", cite(k_discipline_rules, "第十一条"),
                                  "本人没有党内职务，应当受到撤销党内职务处分的，应给予严重警告处分（影响期二年）",
                                  "The person holds no Party post: where removal from Party posts is due, a serious "
                                  "warning is given instead (with a two-year influence period)"));
        }
        if (party == PartySanction::serious_warning_in_lieu && subject.holds_party_post) {
            out.push_back(problem("decision.in_lieu_with_party_post", cite(k_discipline_rules, "第十一条"),
                                  "本人担任党内职务，应给予撤销党内职务处分，而不是代替性的严重警告",
                                  "The person holds a Party post: give removal from Party posts, not the serious "
                                  "warning that replaces it"));
        }
        if (!decision.party_approver) {
            out.push_back(problem("decision.party_approver_missing", cite(k_approval_rules, "第五条"),
                                  "党纪处理结果须写明批准机关", "A Party outcome needs its approving body"));
        } else if (auto allowance = check_approval_authority(*decision.party_approver, party, subject,
                                                             decision.important_or_complex);
                   !allowance) {
            out.push_back(*allowance.rejection);
        }
    }

    if (decision.government) {
        const GovernmentSanction government = *decision.government;
        if (!subject.public_official && !subject.village_manager) {
            out.push_back(problem("decision.government_outcome_for_non_official",
                                  cite(k_government_law, "第二条") + "；" + cite(k_supervision_law, "第十五条"),
                                  fmt::format("被处分人不是公职人员（监察对象），不能作出{}", chinese_name(government)),
                                  fmt::format("The person is not a public official (a supervision object): {} "
                                              "cannot be decided",
                                              english_name(government))));
        }
        if (subject.retired) {
            out.push_back(problem("decision.government_outcome_for_retired", cite(k_government_law, "第二十七条"),
                                  "已经退休的公职人员不再给予政务处分，可调整其享受的待遇",
                                  "A retired official is no longer given a government sanction; their benefits may "
                                  "be adjusted instead"));
        }
        if (subject.village_manager && is_heavy(government)) {
            out.push_back(
                problem("decision.village_manager_government_limit", cite(k_government_law, "第二十二条"),
                        fmt::format("基层群众性自治组织中从事管理的人员只能给予警告、记过、记大过政务处分，不能给予{}",
                                    chinese_name(government)),
                        fmt::format("A manager of a village (residents') committee may only be given a "
                                    "warning, a demerit or a major demerit, not {}",
                                    english_name(government))));
        }
        if (!decision.government_decider) {
            out.push_back(problem("decision.government_decider_missing", cite(k_government_law, "第四十四条"),
                                  "政务处理结果须写明作出决定的监察机关",
                                  "A government outcome needs the supervision commission that decides it"));
        } else if (auto allowance = check_government_authority(*decision.government_decider, government, subject);
                   !allowance) {
            out.push_back(*allowance.rejection);
        }
    }

    std::set<FirstFormMeasure> measures;
    for (FirstFormMeasure measure : decision.measures) {
        if (!measures.insert(measure).second) {
            out.push_back(problem("decision.duplicate_measure", "", fmt::format("措施“{}”重复", chinese_name(measure)),
                                  fmt::format("The measure \"{}\" is given twice", to_string(measure))));
        }
    }

    std::set<OrgHandling> handlings;
    const auto committee = deciding_party_committee(subject);
    for (const auto& proposal : decision.org_handling) {
        if (!handlings.insert(proposal.measure).second) {
            out.push_back(problem(
                "decision.duplicate_org_handling", "",
                fmt::format("组织处理建议“{}”重复", chinese_name(proposal.measure)),
                fmt::format("The organisational handling \"{}\" is proposed twice", to_string(proposal.measure))));
        }
        const bool to_committee = proposal.proposed_to == ApprovingBody::township_party_committee ||
                                  proposal.proposed_to == ApprovingBody::county_party_committee;
        if (!to_committee) {
            out.push_back(problem("decision.org_handling_not_party_committee",
                                  cite(k_org_handling_rules, "第六条、第十条"),
                                  fmt::format("组织处理由党委（党组）决定，纪委只提出建议，不能向{}提出",
                                              chinese_name(proposal.proposed_to)),
                                  fmt::format("Organisational handling is decided by the Party committee; the "
                                              "commission only proposes it and cannot address it to {}",
                                              english_name(proposal.proposed_to))));
        } else if (committee != proposal.proposed_to) {
            out.push_back(problem(
                "decision.org_handling_wrong_committee", cite(k_org_handling_rules, "第六条"),
                committee ? fmt::format("被处理人由{}管理，组织处理建议应向{}提出",
                                        chinese_name(management_level(subject)), chinese_name(*committee))
                          : std::string("被处理人由上级党委管理，组织处理建议应报上级党委"),
                committee ? fmt::format("The person is managed at {} level: propose organisational handling to {}",
                                        to_string(management_level(subject)), english_name(*committee))
                          : std::string("The person is managed above the county: propose organisational handling "
                                        "to the higher Party committee")));
        }
    }
    return out;
}

// ---- The four forms -------------------------------------------------------------------------

int four_form(PartySanction sanction) {
    if (!is_sanction(sanction)) return 0;
    return is_heavy(sanction) ? 3 : 2;
}

int four_form(GovernmentSanction sanction) {
    if (!is_sanction(sanction)) return 0;
    return is_heavy(sanction) ? 3 : 2;
}

int four_form(OrgHandling handling) {
    return handling == OrgHandling::demotion_in_post ? 3 : 2;
}

int four_form(const CaseDecision& decision) {
    if (decision.judicial == JudicialOutcome::transferred) return 4;
    if (decision.judicial == JudicialOutcome::convicted &&
        (decision.party == PartySanction::expulsion || decision.government == GovernmentSanction::expulsion)) {
        return 4;
    }
    int form = decision.measures.empty() ? 0 : 1;
    if (decision.party) form = std::max(form, four_form(*decision.party));
    if (decision.government) form = std::max(form, four_form(*decision.government));
    for (const auto& proposal : decision.org_handling) form = std::max(form, four_form(proposal.measure));
    return form;
}

// ---- Influence periods ----------------------------------------------------------------------

Date InfluencePeriod::last_day() const {
    return add_days(until, -1);
}

Date add_months_clamped(Date date, int months) {
    Date moved = date + std::chrono::months(months);
    if (moved.ok()) return moved;
    return Date{std::chrono::year_month_day_last{moved.year(), std::chrono::month_day_last{moved.month()}}};
}

std::optional<InfluencePeriod> influence_period(PartySanction sanction, Date effective_on, long long decision_id) {
    const int months = party_months(sanction);
    if (months == 0) return std::nullopt;
    int probation = 0;
    if (sanction == PartySanction::probation_one_year) probation = 12;
    if (sanction == PartySanction::probation_two_years) probation = 24;
    return make_period(InfluenceTrack::party, to_string(sanction), effective_on, months, probation, decision_id);
}

std::optional<InfluencePeriod> influence_period(GovernmentSanction sanction, Date effective_on, long long decision_id) {
    const int months = government_months(sanction);
    if (months == 0) return std::nullopt;
    return make_period(InfluenceTrack::government, to_string(sanction), effective_on, months, 0, decision_id);
}

InfluencePeriod admonishment_period(Date effective_on, long long decision_id) {
    return make_period(InfluenceTrack::admonishment, to_string(FirstFormMeasure::admonishment), effective_on,
                       k_admonishment_months, 0, decision_id);
}

std::vector<InfluencePeriod> influence_periods(const CaseDecision& decision, Date effective_on, long long decision_id) {
    std::vector<InfluencePeriod> out;
    if (decision.party) {
        if (auto period = influence_period(*decision.party, effective_on, decision_id)) out.push_back(*period);
    }
    if (decision.government) {
        if (auto period = influence_period(*decision.government, effective_on, decision_id)) out.push_back(*period);
    }
    if (std::find(decision.measures.begin(), decision.measures.end(), FirstFormMeasure::admonishment) !=
        decision.measures.end()) {
        out.push_back(admonishment_period(effective_on, decision_id));
    }
    return out;
}

std::optional<Date> probation_until(PartySanction sanction, Date effective_on) {
    if (!is_probation(sanction)) return std::nullopt;
    return add_months_clamped(effective_on, sanction == PartySanction::probation_one_year ? 12 : 24);
}

Result<InfluencePeriod> extend_probation(const InfluencePeriod& period) {
    const bool extendable = period.track == InfluenceTrack::party &&
                            period.sanction == to_string(PartySanction::probation_one_year) &&
                            period.probation_months == 12;
    if (!extendable) {
        return make_error(ErrorKind::conflict, "sanction.probation_not_extendable",
                          "只有留党察看一年且尚未延长的，才可延长一年（留党察看最长不超过二年）",
                          "Only a one-year probation not yet extended may be extended by one year (probation lasts "
                          "at most two years)");
    }
    InfluencePeriod extended = period;
    extended.probation_months = 24;
    extended.months = 24 + k_after_restoration_months;
    place(extended, period.from);
    return extended;
}

std::vector<InfluencePeriod> accumulate_influence(std::vector<InfluencePeriod> periods,
                                                  const AccumulationPolicy& policy) {
    std::stable_sort(periods.begin(), periods.end(), [](const InfluencePeriod& a, const InfluencePeriod& b) {
        return std::chrono::sys_days(a.effective_on) < std::chrono::sys_days(b.effective_on);
    });
    auto accumulates = [&](InfluenceTrack track) {
        switch (track) {
            case InfluenceTrack::party:
                return policy.party;
            case InfluenceTrack::government:
                return policy.government;
            case InfluenceTrack::admonishment:
                return policy.admonishment;
        }
        return false;
    };
    std::map<InfluenceTrack, Date> chain_until;
    for (auto& period : periods) {
        auto chain = chain_until.find(period.track);
        const bool expulsion =
            period.track == InfluenceTrack::party && period.sanction == to_string(PartySanction::expulsion);
        const bool inside = accumulates(period.track) && !expulsion && chain != chain_until.end() &&
                            period.effective_on < chain->second;
        period.appended = inside;
        place(period, inside ? chain->second : period.effective_on);
        if (chain == chain_until.end()) {
            chain_until.emplace(period.track, period.until);
        } else if (chain->second < period.until) {
            chain->second = period.until;
        }
    }
    return periods;
}

std::optional<Date> influence_until(const std::vector<InfluencePeriod>& periods, std::optional<InfluenceTrack> track) {
    std::optional<Date> latest;
    for (const auto& period : periods) {
        if (track && period.track != *track) continue;
        if (!latest || *latest < period.until) latest = period.until;
    }
    return latest;
}

}  // namespace xzq::domain
