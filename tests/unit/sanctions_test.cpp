// Case decisions: the sanction vocabulary, approval authority (处分批准权限), the approval path,
// validation, the four forms and influence periods with their accumulation.
#include "domain/sanctions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace xzq::domain {
namespace {

Date d(const char* text) {
    return parse_date(text).value();
}

std::string day(Date date) {
    return format_date(date);
}

// A Party member of a village committee, managed by the township Party committee: the typical
// subject of a township case.
SubjectFacts village_cadre() {
    SubjectFacts subject;
    subject.party_member = true;
    subject.village_manager = true;
    subject.holds_party_post = true;
    subject.rank = Rank::village_cadre;
    return subject;
}

SubjectFacts county_managed_cadre() {
    SubjectFacts subject;
    subject.party_member = true;
    subject.public_official = true;
    subject.holds_party_post = true;
    subject.managed_by_county_committee = true;
    return subject;
}

std::vector<std::string> codes(const std::vector<DecisionProblem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.code);
    return out;
}

bool has(const std::vector<DecisionProblem>& problems, std::string_view code) {
    return std::any_of(problems.begin(), problems.end(), [&](const auto& p) { return p.code == code; });
}

std::string rejection_code(const Allowance& allowance) {
    return allowance.rejection ? allowance.rejection->code : std::string();
}

// A decision the township may take on its own: 警告 by the township commission.
CaseDecision township_warning() {
    CaseDecision decision;
    decision.party = PartySanction::warning;
    decision.party_approver = ApprovingBody::township_commission;
    return decision;
}

// ---- Vocabulary ---------------------------------------------------------------------------

template <class Enum, class Parse>
void expect_round_trip(const std::vector<Enum>& values, Parse parse, std::size_t expected_count) {
    EXPECT_EQ(values.size(), expected_count);
    std::set<std::string_view> ids;
    std::set<std::string_view> names;
    for (Enum value : values) {
        auto id = to_string(value);
        EXPECT_TRUE(ids.insert(id).second) << id;
        EXPECT_TRUE(names.insert(chinese_name(value)).second) << chinese_name(value);
        EXPECT_FALSE(chinese_name(value).empty());
        auto parsed = parse(id);
        ASSERT_TRUE(parsed.has_value()) << id;
        EXPECT_EQ(*parsed, value);
        for (char c : id) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << id;
    }
    EXPECT_FALSE(parse("").has_value());
    EXPECT_FALSE(parse("WARNING").has_value());
    EXPECT_FALSE(parse("警告").has_value());
}

TEST(SanctionVocabulary, EveryEnumRoundTripsAndIsComplete) {
    expect_round_trip(all_party_sanctions(), party_sanction_from_string, 9);
    expect_round_trip(all_government_sanctions(), government_sanction_from_string, 8);
    expect_round_trip(all_first_form_measures(), first_form_measure_from_string, 12);
    expect_round_trip(all_org_handlings(), org_handling_from_string, 7);
    expect_round_trip(all_judicial_outcomes(), judicial_outcome_from_string, 2);
    expect_round_trip(all_approving_bodies(), approving_body_from_string, 5);
    for (auto level : {ManagementLevel::township, ManagementLevel::county, ManagementLevel::higher}) {
        EXPECT_EQ(management_level_from_string(to_string(level)), level);
    }
    for (auto path : {ApprovalPath::township_county_review, ApprovalPath::township_submission,
                      ApprovalPath::county_level, ApprovalPath::higher_level}) {
        EXPECT_EQ(approval_path_from_string(to_string(path)), path);
    }
    for (auto track : {InfluenceTrack::party, InfluenceTrack::government, InfluenceTrack::admonishment}) {
        EXPECT_EQ(influence_track_from_string(to_string(track)), track);
    }
}

TEST(SanctionVocabulary, ChineseNamesOfTheTaxonomies) {
    EXPECT_EQ(chinese_name(PartySanction::probation_two_years), "留党察看二年");
    EXPECT_EQ(chinese_name(PartySanction::expulsion), "开除党籍");
    EXPECT_EQ(chinese_name(GovernmentSanction::major_demerit), "记大过");
    EXPECT_EQ(chinese_name(GovernmentSanction::dismissal_from_post), "撤职");
    EXPECT_EQ(chinese_name(FirstFormMeasure::reminder_talk), "提醒谈话");
    EXPECT_EQ(chinese_name(FirstFormMeasure::admonishment), "诫勉（诫勉谈话）");
    EXPECT_EQ(chinese_name(OrgHandling::early_retirement), "办理提前退休");
    EXPECT_EQ(chinese_name(JudicialOutcome::transferred), "移送司法机关");
    EXPECT_EQ(chinese_name(ApprovingBody::township_commission), "乡镇纪委");
    EXPECT_EQ(chinese_name(ApprovalPath::township_county_review), "乡案县审");
    EXPECT_EQ(chinese_name(ApprovalPath::township_submission), "乡镇报批");
    EXPECT_EQ(chinese_name(ApprovalPath::county_level), "县本级");
}

TEST(SanctionVocabulary, SanctionsAndHeavySanctions) {
    EXPECT_FALSE(is_sanction(PartySanction::exempted));
    EXPECT_FALSE(is_sanction(PartySanction::not_sanctioned));
    EXPECT_TRUE(is_sanction(PartySanction::warning));
    EXPECT_FALSE(is_sanction(GovernmentSanction::exempted));
    EXPECT_FALSE(is_sanction(GovernmentSanction::not_sanctioned));
    EXPECT_TRUE(is_sanction(GovernmentSanction::warning));

    // The boundary between 轻处分 and 重处分 lies between 严重警告 and 撤销党内职务.
    EXPECT_FALSE(is_heavy(PartySanction::serious_warning));
    EXPECT_TRUE(is_heavy(PartySanction::serious_warning_in_lieu));
    EXPECT_TRUE(is_heavy(PartySanction::removal_from_party_posts));
    EXPECT_TRUE(is_heavy(PartySanction::expulsion));
    EXPECT_FALSE(is_heavy(PartySanction::exempted));
    // ... and between 记大过 and 降级.
    EXPECT_FALSE(is_heavy(GovernmentSanction::major_demerit));
    EXPECT_TRUE(is_heavy(GovernmentSanction::demotion));
    EXPECT_TRUE(is_heavy(GovernmentSanction::expulsion));
}

// ---- The subject --------------------------------------------------------------------------

TEST(ManagementLevel, FromRankAndFlag) {
    SubjectFacts subject;
    EXPECT_EQ(management_level(subject), ManagementLevel::township);
    subject.rank = Rank::general_cadre;
    EXPECT_EQ(management_level(subject), ManagementLevel::township);
    subject.rank = Rank::township_section;
    EXPECT_EQ(management_level(subject), ManagementLevel::county);
    subject.rank = Rank::county_division;
    EXPECT_EQ(management_level(subject), ManagementLevel::higher);
    subject.rank = Rank::bureau;
    EXPECT_EQ(management_level(subject), ManagementLevel::higher);
    subject.rank = Rank::village_cadre;
    subject.managed_by_county_committee = true;
    EXPECT_EQ(management_level(subject), ManagementLevel::county);

    EXPECT_EQ(deciding_party_committee(village_cadre()), ApprovingBody::township_party_committee);
    EXPECT_EQ(deciding_party_committee(county_managed_cadre()), ApprovingBody::county_party_committee);
    subject.rank = Rank::county_division;
    EXPECT_EQ(deciding_party_committee(subject), std::nullopt);
}

// ---- Approval authority -------------------------------------------------------------------

TEST(ApprovalAuthority, TownshipCommissionApprovesAtMostSeriousWarning) {
    const auto subject = village_cadre();
    const auto body = ApprovingBody::township_commission;
    EXPECT_TRUE(check_approval_authority(body, PartySanction::warning, subject, false));
    EXPECT_TRUE(check_approval_authority(body, PartySanction::serious_warning, subject, false));
    // 免予 / 不予 follow the path of 警告 (Art. 11).
    EXPECT_TRUE(check_approval_authority(body, PartySanction::exempted, subject, false));
    EXPECT_TRUE(check_approval_authority(body, PartySanction::not_sanctioned, subject, false));
    // One step above the boundary.
    EXPECT_EQ(rejection_code(check_approval_authority(body, PartySanction::removal_from_party_posts, subject, false)),
              "approval.township_commission_limit");
    // The 严重警告 in lieu is approved as 撤销党内职务 (Art. 12).
    EXPECT_EQ(rejection_code(check_approval_authority(body, PartySanction::serious_warning_in_lieu, subject, false)),
              "approval.township_commission_limit");
}

TEST(ApprovalAuthority, TownshipCommissionApprovingProbationIsRefusedWithTheRule) {
    auto allowance = check_approval_authority(ApprovingBody::township_commission, PartySanction::probation_one_year,
                                              village_cadre(), false);
    ASSERT_FALSE(allowance.allowed());
    EXPECT_EQ(allowance.rejection->code, "approval.township_commission_limit");
    EXPECT_NE(allowance.rejection->rule.find("第三十八条"), std::string::npos);
    EXPECT_NE(allowance.rejection->message_zh.find("留党察看一年"), std::string::npos);
    EXPECT_NE(allowance.rejection->message_en.find("probation"), std::string::npos);
}

TEST(ApprovalAuthority, TownshipPartyCommitteeApprovesProbationButNotExpulsion) {
    const auto subject = village_cadre();
    const auto body = ApprovingBody::township_party_committee;
    for (auto sanction :
         {PartySanction::warning, PartySanction::serious_warning, PartySanction::serious_warning_in_lieu,
          PartySanction::removal_from_party_posts, PartySanction::probation_one_year,
          PartySanction::probation_two_years, PartySanction::exempted}) {
        EXPECT_TRUE(check_approval_authority(body, sanction, subject, false)) << to_string(sanction);
    }
    auto expulsion = check_approval_authority(body, PartySanction::expulsion, subject, false);
    EXPECT_EQ(rejection_code(expulsion), "approval.expulsion_needs_county");
    EXPECT_NE(expulsion.rejection->rule.find("第十四条"), std::string::npos);
}

TEST(ApprovalAuthority, ImportantOrComplexMattersLeaveTheTownship) {
    const auto subject = village_cadre();
    EXPECT_EQ(rejection_code(
                  check_approval_authority(ApprovingBody::township_commission, PartySanction::warning, subject, true)),
              "approval.important_or_complex");
    EXPECT_EQ(rejection_code(check_approval_authority(ApprovingBody::township_party_committee, PartySanction::warning,
                                                      subject, true)),
              "approval.important_or_complex");
    EXPECT_TRUE(check_approval_authority(ApprovingBody::county_commission, PartySanction::warning, subject, true));
    EXPECT_TRUE(
        check_approval_authority(ApprovingBody::county_commission, PartySanction::probation_two_years, subject, true));
}

TEST(ApprovalAuthority, ExpulsionNeedsTheCountyCommissionOrAbove) {
    const auto subject = village_cadre();
    EXPECT_FALSE(
        check_approval_authority(ApprovingBody::township_commission, PartySanction::expulsion, subject, false));
    EXPECT_FALSE(
        check_approval_authority(ApprovingBody::township_party_committee, PartySanction::expulsion, subject, false));
    EXPECT_TRUE(check_approval_authority(ApprovingBody::county_commission, PartySanction::expulsion, subject, false));
    EXPECT_TRUE(
        check_approval_authority(ApprovingBody::county_party_committee, PartySanction::expulsion, subject, false));
    EXPECT_TRUE(check_approval_authority(ApprovingBody::higher_commission, PartySanction::expulsion, subject, false));
}

TEST(ApprovalAuthority, CountyManagedCadres) {
    const auto subject = county_managed_cadre();
    EXPECT_EQ(rejection_code(
                  check_approval_authority(ApprovingBody::township_commission, PartySanction::warning, subject, false)),
              "approval.county_managed_cadre");
    EXPECT_EQ(rejection_code(check_approval_authority(ApprovingBody::township_party_committee, PartySanction::warning,
                                                      subject, false)),
              "approval.county_managed_cadre");
    // Art. 6: the county commission approves warnings; heavier ones need the county committee.
    EXPECT_TRUE(
        check_approval_authority(ApprovingBody::county_commission, PartySanction::serious_warning, subject, false));
    EXPECT_EQ(rejection_code(check_approval_authority(ApprovingBody::county_commission,
                                                      PartySanction::removal_from_party_posts, subject, false)),
              "approval.needs_party_committee");
    EXPECT_TRUE(check_approval_authority(ApprovingBody::county_party_committee, PartySanction::removal_from_party_posts,
                                         subject, false));

    // 乡科级 without the flag is county-managed too.
    SubjectFacts section_chief;
    section_chief.party_member = true;
    section_chief.rank = Rank::township_section;
    EXPECT_FALSE(check_approval_authority(ApprovingBody::township_party_committee, PartySanction::warning,
                                          section_chief, false));
}

TEST(ApprovalAuthority, CadresManagedAboveTheCountyOnlyByTheHigherCommission) {
    SubjectFacts subject = county_managed_cadre();
    subject.rank = Rank::county_division;
    EXPECT_EQ(rejection_code(check_approval_authority(ApprovingBody::county_party_committee, PartySanction::warning,
                                                      subject, false)),
              "approval.managed_above_county");
    EXPECT_TRUE(check_approval_authority(ApprovingBody::higher_commission, PartySanction::warning, subject, false));
    EXPECT_EQ(rejection_code(
                  check_government_authority(ApprovingBody::county_commission, GovernmentSanction::warning, subject)),
              "approval.managed_above_county");
}

TEST(ApprovalAuthority, LowestApprover) {
    const auto cadre = village_cadre();
    EXPECT_EQ(lowest_party_approver(PartySanction::serious_warning, cadre, false), ApprovingBody::township_commission);
    EXPECT_EQ(lowest_party_approver(PartySanction::removal_from_party_posts, cadre, false),
              ApprovingBody::township_party_committee);
    EXPECT_EQ(lowest_party_approver(PartySanction::probation_two_years, cadre, false),
              ApprovingBody::township_party_committee);
    EXPECT_EQ(lowest_party_approver(PartySanction::expulsion, cadre, false), ApprovingBody::county_commission);
    EXPECT_EQ(lowest_party_approver(PartySanction::warning, cadre, true), ApprovingBody::county_commission);
    EXPECT_EQ(lowest_party_approver(PartySanction::probation_one_year, county_managed_cadre(), false),
              ApprovingBody::county_party_committee);
}

TEST(GovernmentAuthority, OnlyASupervisionCommissionDecides) {
    const auto subject = village_cadre();
    EXPECT_TRUE(check_government_authority(ApprovingBody::county_commission, GovernmentSanction::warning, subject));
    EXPECT_TRUE(check_government_authority(ApprovingBody::higher_commission, GovernmentSanction::warning, subject));
    for (auto body : {ApprovingBody::township_commission, ApprovingBody::township_party_committee,
                      ApprovingBody::county_party_committee}) {
        EXPECT_EQ(rejection_code(check_government_authority(body, GovernmentSanction::warning, subject)),
                  "approval.government_needs_supervision_commission")
            << to_string(body);
    }
}

// ---- Approval path ------------------------------------------------------------------------

TEST(ApprovalPath, TownshipCasesReviewedOrSubmitted) {
    EXPECT_EQ(approval_path(HandlingLevel::township, PartySanction::serious_warning, false),
              ApprovalPath::township_county_review);
    EXPECT_EQ(approval_path(HandlingLevel::township, PartySanction::probation_two_years, false),
              ApprovalPath::township_county_review);
    EXPECT_EQ(approval_path(HandlingLevel::township, std::nullopt, false), ApprovalPath::township_county_review);
    EXPECT_EQ(approval_path(HandlingLevel::township, PartySanction::expulsion, false),
              ApprovalPath::township_submission);
    EXPECT_EQ(approval_path(HandlingLevel::township, PartySanction::warning, true), ApprovalPath::township_submission);
    // A zone-assisted case is still the township's.
    EXPECT_EQ(approval_path(HandlingLevel::zone, PartySanction::warning, false), ApprovalPath::township_county_review);
    EXPECT_EQ(approval_path(HandlingLevel::zone, PartySanction::expulsion, false), ApprovalPath::township_submission);
    EXPECT_EQ(approval_path(HandlingLevel::county, PartySanction::warning, false), ApprovalPath::county_level);
    EXPECT_EQ(approval_path(HandlingLevel::county, PartySanction::expulsion, true), ApprovalPath::county_level);
    EXPECT_EQ(approval_path(HandlingLevel::higher, PartySanction::warning, false), ApprovalPath::higher_level);
}

// ---- Validation ---------------------------------------------------------------------------

TEST(ValidateDecision, AValidTownshipDecisionHasNoProblems) {
    auto decision = township_warning();
    decision.government = GovernmentSanction::major_demerit;
    decision.government_decider = ApprovingBody::county_commission;
    decision.measures = {FirstFormMeasure::return_of_gains};
    decision.org_handling = {
        {OrgHandling::ordered_resignation, ApprovingBody::township_party_committee, "群众反映强烈"}};
    EXPECT_TRUE(validate_decision(decision, village_cadre()).empty())
        << ::testing::PrintToString(codes(validate_decision(decision, village_cadre())));
}

TEST(ValidateDecision, AtLeastOneOutcome) {
    EXPECT_EQ(codes(validate_decision(CaseDecision{}, village_cadre())),
              std::vector<std::string>{"decision.no_outcome"});
    CaseDecision only_measure;
    only_measure.measures = {FirstFormMeasure::reminder_talk};
    EXPECT_TRUE(validate_decision(only_measure, village_cadre()).empty());
    CaseDecision only_transfer;
    only_transfer.judicial = JudicialOutcome::transferred;
    EXPECT_TRUE(validate_decision(only_transfer, SubjectFacts{}).empty());
}

TEST(ValidateDecision, PartyOutcomeForANonMember) {
    auto subject = village_cadre();
    subject.party_member = false;
    subject.holds_party_post = false;
    EXPECT_TRUE(has(validate_decision(township_warning(), subject), "decision.party_outcome_for_non_member"));
    auto exempted = township_warning();
    exempted.party = PartySanction::exempted;
    EXPECT_TRUE(has(validate_decision(exempted, subject), "decision.party_outcome_for_non_member"));
    subject.party_member = true;
    EXPECT_FALSE(has(validate_decision(exempted, subject), "decision.party_outcome_for_non_member"));
}

TEST(ValidateDecision, VillageManagerGetsOnlyWarningDemeritOrMajorDemerit) {
    const auto subject = village_cadre();
    for (auto sanction :
         {GovernmentSanction::warning, GovernmentSanction::demerit, GovernmentSanction::major_demerit}) {
        CaseDecision decision;
        decision.government = sanction;
        decision.government_decider = ApprovingBody::county_commission;
        EXPECT_TRUE(validate_decision(decision, subject).empty()) << to_string(sanction);
    }
    for (auto sanction :
         {GovernmentSanction::demotion, GovernmentSanction::dismissal_from_post, GovernmentSanction::expulsion}) {
        CaseDecision decision;
        decision.government = sanction;
        decision.government_decider = ApprovingBody::county_commission;
        auto problems = validate_decision(decision, subject);
        EXPECT_EQ(codes(problems), std::vector<std::string>{"decision.village_manager_government_limit"})
            << to_string(sanction);
        if (!problems.empty()) {
            EXPECT_NE(problems[0].rule.find("第二十二条"), std::string::npos);
            EXPECT_NE(problems[0].message_zh.find(chinese_name(sanction)), std::string::npos);
        }
    }
    // The same 降级 for an ordinary public official is fine.
    auto official = county_managed_cadre();
    CaseDecision demotion;
    demotion.government = GovernmentSanction::demotion;
    demotion.government_decider = ApprovingBody::county_commission;
    EXPECT_TRUE(validate_decision(demotion, official).empty());
}

TEST(ValidateDecision, GovernmentOutcomeOnlyForServingOfficials) {
    SubjectFacts villager;  // a Party member without public office
    villager.party_member = true;
    CaseDecision decision;
    decision.government = GovernmentSanction::warning;
    decision.government_decider = ApprovingBody::county_commission;
    EXPECT_EQ(codes(validate_decision(decision, villager)),
              std::vector<std::string>{"decision.government_outcome_for_non_official"});

    auto retired = county_managed_cadre();
    retired.retired = true;
    EXPECT_EQ(codes(validate_decision(decision, retired)),
              std::vector<std::string>{"decision.government_outcome_for_retired"});
}

TEST(ValidateDecision, RemovalFromPartyPostsNeedsAPost) {
    auto subject = village_cadre();
    subject.holds_party_post = false;
    CaseDecision decision;
    decision.party = PartySanction::removal_from_party_posts;
    decision.party_approver = ApprovingBody::township_party_committee;
    auto problems = validate_decision(decision, subject);
    EXPECT_EQ(codes(problems), std::vector<std::string>{"decision.removal_without_party_post"});
    EXPECT_NE(problems.at(0).rule.find("第十一条"), std::string::npos);

    decision.party = PartySanction::serious_warning_in_lieu;
    EXPECT_TRUE(validate_decision(decision, subject).empty());

    subject.holds_party_post = true;
    EXPECT_EQ(codes(validate_decision(decision, subject)),
              std::vector<std::string>{"decision.in_lieu_with_party_post"});
    decision.party = PartySanction::removal_from_party_posts;
    EXPECT_TRUE(validate_decision(decision, subject).empty());
}

TEST(ValidateDecision, ApproverAndDeciderAreChecked) {
    auto decision = township_warning();
    decision.party = PartySanction::probation_one_year;
    EXPECT_EQ(codes(validate_decision(decision, village_cadre())),
              std::vector<std::string>{"approval.township_commission_limit"});
    decision.party_approver = ApprovingBody::township_party_committee;
    EXPECT_TRUE(validate_decision(decision, village_cadre()).empty());
    decision.important_or_complex = true;
    EXPECT_EQ(codes(validate_decision(decision, village_cadre())),
              std::vector<std::string>{"approval.important_or_complex"});
    decision.party_approver.reset();
    EXPECT_EQ(codes(validate_decision(decision, village_cadre())),
              std::vector<std::string>{"decision.party_approver_missing"});

    CaseDecision government;
    government.government = GovernmentSanction::warning;
    EXPECT_EQ(codes(validate_decision(government, village_cadre())),
              std::vector<std::string>{"decision.government_decider_missing"});
    government.government_decider = ApprovingBody::township_commission;
    EXPECT_EQ(codes(validate_decision(government, village_cadre())),
              std::vector<std::string>{"approval.government_needs_supervision_commission"});
}

TEST(ValidateDecision, OrganisationalHandlingIsAProposalToTheRightCommittee) {
    CaseDecision decision;
    decision.org_handling = {{OrgHandling::removal_from_office, ApprovingBody::county_commission, ""}};
    EXPECT_EQ(codes(validate_decision(decision, village_cadre())),
              std::vector<std::string>{"decision.org_handling_not_party_committee"});
    decision.org_handling[0].proposed_to = ApprovingBody::county_party_committee;
    EXPECT_EQ(codes(validate_decision(decision, village_cadre())),
              std::vector<std::string>{"decision.org_handling_wrong_committee"});
    decision.org_handling[0].proposed_to = ApprovingBody::township_party_committee;
    EXPECT_TRUE(validate_decision(decision, village_cadre()).empty());
    EXPECT_EQ(codes(validate_decision(decision, county_managed_cadre())),
              std::vector<std::string>{"decision.org_handling_wrong_committee"});
}

TEST(ValidateDecision, Duplicates) {
    CaseDecision decision;
    decision.measures = {FirstFormMeasure::admonishment, FirstFormMeasure::criticism_education,
                         FirstFormMeasure::admonishment};
    decision.org_handling = {{OrgHandling::removal_from_office, ApprovingBody::township_party_committee, ""},
                             {OrgHandling::removal_from_office, ApprovingBody::township_party_committee, ""}};
    EXPECT_EQ(codes(validate_decision(decision, village_cadre())),
              (std::vector<std::string>{"decision.duplicate_measure", "decision.duplicate_org_handling"}));
}

TEST(ValidateDecision, AllProblemsAtOnceInOrderWithBothLanguages) {
    SubjectFacts subject;  // neither a member nor an official
    CaseDecision decision;
    decision.party = PartySanction::removal_from_party_posts;
    decision.party_approver = ApprovingBody::township_commission;
    decision.government = GovernmentSanction::demotion;
    decision.org_handling = {{OrgHandling::demotion_in_post, ApprovingBody::township_commission, ""}};
    auto problems = validate_decision(decision, subject);
    EXPECT_EQ(codes(problems), (std::vector<std::string>{
                                   "decision.party_outcome_for_non_member",
                                   "decision.removal_without_party_post",
                                   "approval.township_commission_limit",
                                   "decision.government_outcome_for_non_official",
                                   "decision.government_decider_missing",
                                   "decision.org_handling_not_party_committee",
                               }));
    for (const auto& p : problems) {
        EXPECT_FALSE(p.message_zh.empty()) << p.code;
        EXPECT_FALSE(p.message_en.empty()) << p.code;
        EXPECT_FALSE(p.rule.empty()) << p.code;
    }
}

// ---- Four forms ---------------------------------------------------------------------------

TEST(FourForms, EachPart) {
    EXPECT_EQ(four_form(PartySanction::warning), 2);
    EXPECT_EQ(four_form(PartySanction::serious_warning), 2);
    EXPECT_EQ(four_form(PartySanction::serious_warning_in_lieu), 3);
    EXPECT_EQ(four_form(PartySanction::removal_from_party_posts), 3);
    EXPECT_EQ(four_form(PartySanction::probation_one_year), 3);
    EXPECT_EQ(four_form(PartySanction::probation_two_years), 3);
    EXPECT_EQ(four_form(PartySanction::expulsion), 3);
    EXPECT_EQ(four_form(PartySanction::exempted), 0);
    EXPECT_EQ(four_form(PartySanction::not_sanctioned), 0);

    EXPECT_EQ(four_form(GovernmentSanction::warning), 2);
    EXPECT_EQ(four_form(GovernmentSanction::demerit), 2);
    EXPECT_EQ(four_form(GovernmentSanction::major_demerit), 2);
    EXPECT_EQ(four_form(GovernmentSanction::demotion), 3);
    EXPECT_EQ(four_form(GovernmentSanction::dismissal_from_post), 3);
    EXPECT_EQ(four_form(GovernmentSanction::expulsion), 3);
    EXPECT_EQ(four_form(GovernmentSanction::exempted), 0);
    EXPECT_EQ(four_form(GovernmentSanction::not_sanctioned), 0);

    for (auto handling : all_org_handlings()) {
        EXPECT_EQ(four_form(handling), handling == OrgHandling::demotion_in_post ? 3 : 2) << to_string(handling);
    }
}

TEST(FourForms, MostSevereFormOfTheHandling) {
    CaseDecision nothing;
    EXPECT_EQ(four_form(nothing), 0);
    CaseDecision bare_not_sanctioned;
    bare_not_sanctioned.party = PartySanction::not_sanctioned;
    EXPECT_EQ(four_form(bare_not_sanctioned), 0);
    CaseDecision bare_exempted;
    bare_exempted.party = PartySanction::exempted;
    EXPECT_EQ(four_form(bare_exempted), 0);

    // Every first-form measure alone is form 1; 免予处分 with measures is form 1.
    for (auto measure : all_first_form_measures()) {
        CaseDecision decision;
        decision.measures = {measure};
        EXPECT_EQ(four_form(decision), 1) << to_string(measure);
        decision.party = PartySanction::exempted;
        EXPECT_EQ(four_form(decision), 1) << to_string(measure);
        decision.party.reset();
        decision.government = GovernmentSanction::exempted;
        EXPECT_EQ(four_form(decision), 1) << to_string(measure);
    }

    CaseDecision light;
    light.party = PartySanction::serious_warning;
    light.measures = {FirstFormMeasure::return_of_gains};
    EXPECT_EQ(four_form(light), 2);
    CaseDecision adjustment;  // 免予处分 with 组织调整
    adjustment.party = PartySanction::exempted;
    adjustment.org_handling = {{OrgHandling::post_adjustment, ApprovingBody::township_party_committee, ""}};
    EXPECT_EQ(four_form(adjustment), 2);
    // 党纪重处分 + 免职 counts once, as form 3.
    CaseDecision heavy;
    heavy.party = PartySanction::probation_one_year;
    heavy.org_handling = {{OrgHandling::removal_from_office, ApprovingBody::township_party_committee, ""}};
    EXPECT_EQ(four_form(heavy), 3);
    // Light Party sanction with a heavy government one, or 降职.
    CaseDecision mixed;
    mixed.party = PartySanction::warning;
    mixed.government = GovernmentSanction::dismissal_from_post;
    EXPECT_EQ(four_form(mixed), 3);
    CaseDecision demoted;
    demoted.measures = {FirstFormMeasure::admonishment};
    demoted.org_handling = {{OrgHandling::demotion_in_post, ApprovingBody::county_party_committee, ""}};
    EXPECT_EQ(four_form(demoted), 3);
}

TEST(FourForms, FourthFormForCriminalMatters) {
    CaseDecision transferred;
    transferred.judicial = JudicialOutcome::transferred;
    EXPECT_EQ(four_form(transferred), 4);
    transferred.party = PartySanction::expulsion;
    transferred.government = GovernmentSanction::expulsion;
    EXPECT_EQ(four_form(transferred), 4);

    CaseDecision convicted;
    convicted.judicial = JudicialOutcome::convicted;
    convicted.party = PartySanction::expulsion;
    EXPECT_EQ(four_form(convicted), 4);
    convicted.party.reset();
    convicted.government = GovernmentSanction::expulsion;
    EXPECT_EQ(four_form(convicted), 4);
    // Convicted (e.g. of negligence) but not expelled: counted by the sanction.
    convicted.government = GovernmentSanction::dismissal_from_post;
    EXPECT_EQ(four_form(convicted), 3);
    // Expelled without a criminal matter: form 3.
    CaseDecision expelled;
    expelled.party = PartySanction::expulsion;
    EXPECT_EQ(four_form(expelled), 3);
}

// ---- Influence periods ----------------------------------------------------------------------

TEST(InfluencePeriods, MonthArithmeticClampsToTheMonthEnd) {
    EXPECT_EQ(day(add_months_clamped(d("2025-01-31"), 1)), "2025-02-28");
    EXPECT_EQ(day(add_months_clamped(d("2024-01-31"), 1)), "2024-02-29");
    EXPECT_EQ(day(add_months_clamped(d("2025-01-30"), 1)), "2025-02-28");
    EXPECT_EQ(day(add_months_clamped(d("2025-01-28"), 1)), "2025-02-28");
    EXPECT_EQ(day(add_months_clamped(d("2025-08-31"), 6)), "2026-02-28");
    EXPECT_EQ(day(add_months_clamped(d("2025-03-31"), 1)), "2025-04-30");
    EXPECT_EQ(day(add_months_clamped(d("2025-12-15"), 1)), "2026-01-15");
}

TEST(InfluencePeriods, PartyLengths) {
    const Date start = d("2025-03-15");
    auto until = [&](PartySanction s) { return day(influence_period(s, start)->until); };
    EXPECT_EQ(until(PartySanction::warning), "2026-03-15");
    EXPECT_EQ(until(PartySanction::serious_warning), "2026-09-15");
    EXPECT_EQ(until(PartySanction::serious_warning_in_lieu), "2027-03-15");
    EXPECT_EQ(until(PartySanction::removal_from_party_posts), "2027-03-15");
    EXPECT_EQ(until(PartySanction::probation_one_year), "2028-03-15");   // 1 + 2 years
    EXPECT_EQ(until(PartySanction::probation_two_years), "2029-03-15");  // 2 + 2 years
    EXPECT_EQ(until(PartySanction::expulsion), "2030-03-15");
    EXPECT_FALSE(influence_period(PartySanction::exempted, start));
    EXPECT_FALSE(influence_period(PartySanction::not_sanctioned, start));

    auto warning = *influence_period(PartySanction::warning, start, 42);
    EXPECT_EQ(warning.track, InfluenceTrack::party);
    EXPECT_EQ(warning.sanction, "warning");
    EXPECT_EQ(warning.decision_id, 42);
    EXPECT_EQ(warning.months, 12);
    EXPECT_EQ(day(warning.from), "2025-03-15");
    EXPECT_EQ(day(warning.last_day()), "2026-03-14");
    EXPECT_TRUE(warning.in_force_on(d("2025-03-15")));
    EXPECT_TRUE(warning.in_force_on(d("2026-03-14")));
    EXPECT_FALSE(warning.in_force_on(d("2026-03-15")));
    EXPECT_FALSE(warning.in_force_on(d("2025-03-14")));
    EXPECT_FALSE(warning.probation_until);
}

TEST(InfluencePeriods, GovernmentAndAdmonishmentLengths) {
    const Date start = d("2025-03-15");
    auto until = [&](GovernmentSanction s) { return day(influence_period(s, start)->until); };
    EXPECT_EQ(until(GovernmentSanction::warning), "2025-09-15");
    EXPECT_EQ(until(GovernmentSanction::demerit), "2026-03-15");
    EXPECT_EQ(until(GovernmentSanction::major_demerit), "2026-09-15");
    EXPECT_EQ(until(GovernmentSanction::demotion), "2027-03-15");
    EXPECT_EQ(until(GovernmentSanction::dismissal_from_post), "2027-03-15");
    EXPECT_FALSE(influence_period(GovernmentSanction::expulsion, start));
    EXPECT_FALSE(influence_period(GovernmentSanction::exempted, start));
    EXPECT_FALSE(influence_period(GovernmentSanction::not_sanctioned, start));
    EXPECT_EQ(influence_period(GovernmentSanction::warning, start)->track, InfluenceTrack::government);

    auto admonishment = admonishment_period(d("2025-08-31"));
    EXPECT_EQ(admonishment.track, InfluenceTrack::admonishment);
    EXPECT_EQ(day(admonishment.until), "2026-02-28");
}

TEST(InfluencePeriods, OfADecision) {
    CaseDecision decision;
    decision.party = PartySanction::serious_warning;
    decision.government = GovernmentSanction::demerit;
    decision.measures = {FirstFormMeasure::return_of_gains, FirstFormMeasure::admonishment};
    auto periods = influence_periods(decision, d("2025-01-10"), 7);
    ASSERT_EQ(periods.size(), 3u);
    EXPECT_EQ(periods[0].track, InfluenceTrack::party);
    EXPECT_EQ(day(periods[0].until), "2026-07-10");
    EXPECT_EQ(periods[1].track, InfluenceTrack::government);
    EXPECT_EQ(day(periods[1].until), "2026-01-10");
    EXPECT_EQ(periods[2].track, InfluenceTrack::admonishment);
    EXPECT_EQ(day(periods[2].until), "2025-07-10");
    for (const auto& p : periods) EXPECT_EQ(p.decision_id, 7);

    CaseDecision exempted;
    exempted.party = PartySanction::exempted;
    exempted.measures = {FirstFormMeasure::criticism_education};
    EXPECT_TRUE(influence_periods(exempted, d("2025-01-10")).empty());
}

TEST(Probation, ExpiryDateAndExtension) {
    EXPECT_EQ(day(*probation_until(PartySanction::probation_one_year, d("2025-03-15"))), "2026-03-15");
    EXPECT_EQ(day(*probation_until(PartySanction::probation_two_years, d("2025-03-15"))), "2027-03-15");
    EXPECT_FALSE(probation_until(PartySanction::expulsion, d("2025-03-15")));
    EXPECT_FALSE(probation_until(PartySanction::removal_from_party_posts, d("2025-03-15")));

    auto one_year = *influence_period(PartySanction::probation_one_year, d("2025-03-15"));
    EXPECT_EQ(day(*one_year.probation_until), "2026-03-15");
    auto extended = extend_probation(one_year);
    ASSERT_TRUE(extended.ok());
    EXPECT_EQ(extended->probation_months, 24);
    EXPECT_EQ(day(*extended->probation_until), "2027-03-15");
    EXPECT_EQ(day(extended->until), "2029-03-15");
    // At most two years: no second extension, none for a two-year probation or other sanctions.
    EXPECT_EQ(extend_probation(*extended).error().code, "sanction.probation_not_extendable");
    EXPECT_FALSE(extend_probation(*influence_period(PartySanction::probation_two_years, d("2025-03-15"))).ok());
    EXPECT_FALSE(extend_probation(*influence_period(PartySanction::warning, d("2025-03-15"))).ok());
}

TEST(Probation, InfluenceCountsFromRestorationWithClamping) {
    // Probation from a leap day: rights restored on 2026-02-28 (clamped); the 2 years after
    // restoration then end on 2028-02-28, not on the leap day 2028-02-29 that 48 months from the
    // decision would give.
    auto period = *influence_period(PartySanction::probation_two_years, d("2024-02-29"));
    EXPECT_EQ(day(*period.probation_until), "2026-02-28");
    EXPECT_EQ(day(period.until), "2028-02-28");
}

TEST(Accumulation, NonOverlappingPeriodsStayPut) {
    auto first = *influence_period(PartySanction::warning, d("2023-01-10"), 1);  // until 2024-01-10
    auto second = *influence_period(PartySanction::warning, d("2024-02-01"), 2);
    auto out = accumulate_influence({second, first});
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].decision_id, 1);  // sorted by effective day
    EXPECT_FALSE(out[0].appended);
    EXPECT_FALSE(out[1].appended);
    EXPECT_EQ(day(out[1].from), "2024-02-01");
    EXPECT_EQ(day(out[1].until), "2025-02-01");
}

TEST(Accumulation, StartingOnTheUntilDayIsNotInside) {
    auto first = *influence_period(PartySanction::warning, d("2023-01-10"));  // until 2024-01-10
    auto on_the_day = *influence_period(PartySanction::warning, d("2024-01-10"));
    auto day_before = *influence_period(PartySanction::warning, d("2024-01-09"));

    auto fresh = accumulate_influence({first, on_the_day});
    EXPECT_FALSE(fresh[1].appended);
    EXPECT_EQ(day(fresh[1].until), "2025-01-10");

    auto inside = accumulate_influence({first, day_before});
    EXPECT_TRUE(inside[1].appended);
    EXPECT_EQ(day(inside[1].from), "2024-01-10");
    EXPECT_EQ(day(inside[1].until), "2025-01-10");
    EXPECT_EQ(day(inside[1].effective_on), "2024-01-09");  // the decision's own day is kept
}

TEST(Accumulation, OverlappingPeriodsAreAppendedInChain) {
    // 警告 2024-01-01 (until 2025-01-01); 严重警告 2024-06-01 inside it → counts from 2025-01-01
    // for 18 months (until 2026-07-01); 撤销党内职务 2024-09-01, inside the chain → from
    // 2026-07-01 for 24 months.
    auto a = *influence_period(PartySanction::warning, d("2024-01-01"), 1);
    auto b = *influence_period(PartySanction::serious_warning, d("2024-06-01"), 2);
    auto c = *influence_period(PartySanction::removal_from_party_posts, d("2024-09-01"), 3);
    auto out = accumulate_influence({c, a, b});
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].decision_id, 1);
    EXPECT_FALSE(out[0].appended);
    EXPECT_EQ(day(out[1].from), "2025-01-01");
    EXPECT_EQ(day(out[1].until), "2026-07-01");
    EXPECT_TRUE(out[1].appended);
    EXPECT_EQ(day(out[2].from), "2026-07-01");
    EXPECT_EQ(day(out[2].until), "2028-07-01");
    EXPECT_EQ(day(*influence_until(out)), "2028-07-01");
    EXPECT_EQ(day(*influence_until(out, InfluenceTrack::party)), "2028-07-01");
    EXPECT_FALSE(influence_until(out, InfluenceTrack::government));

    // Accumulating again changes nothing.
    auto again = accumulate_influence(out);
    for (std::size_t i = 0; i < out.size(); ++i) {
        EXPECT_EQ(again[i].from, out[i].from);
        EXPECT_EQ(again[i].until, out[i].until);
        EXPECT_EQ(again[i].appended, out[i].appended);
    }
}

TEST(Accumulation, AppendedPeriodClampsAtTheMonthEnd) {
    // 政务 periods do not accumulate by default; with a county rule that they do, an appended
    // 6-month warning behind a period ending on Aug 31 ends on Feb 28.
    auto demerit = *influence_period(GovernmentSanction::demerit, d("2024-08-31"));  // until 2025-08-31
    auto warning = *influence_period(GovernmentSanction::warning, d("2025-01-15"));
    auto separate = accumulate_influence({demerit, warning});
    EXPECT_FALSE(separate[1].appended);
    EXPECT_EQ(day(separate[1].until), "2025-07-15");

    AccumulationPolicy policy;
    policy.government = true;
    auto chained = accumulate_influence({demerit, warning}, policy);
    EXPECT_TRUE(chained[1].appended);
    EXPECT_EQ(day(chained[1].from), "2025-08-31");
    EXPECT_EQ(day(chained[1].until), "2026-02-28");

    // Party: a warning running until Aug 31; a serious warning given inside it counts 18 months
    // from Aug 31, which lands on Feb 31 and is clamped to Feb 28.
    auto august = *influence_period(PartySanction::warning, d("2023-08-31"));  // until 2024-08-31
    auto inside = *influence_period(PartySanction::serious_warning, d("2024-01-01"));
    auto out = accumulate_influence({august, inside});
    EXPECT_TRUE(out[1].appended);
    EXPECT_EQ(day(out[1].from), "2024-08-31");
    EXPECT_EQ(day(out[1].until), "2026-02-28");
}

TEST(Accumulation, TracksAreSeparateAndExpulsionIsNeverAppended) {
    // A government period inside a Party one does not move either.
    auto party = *influence_period(PartySanction::serious_warning, d("2024-01-01"));
    auto government = *influence_period(GovernmentSanction::demerit, d("2024-03-01"));
    auto admonishment = admonishment_period(d("2024-02-01"));
    auto out = accumulate_influence({party, government, admonishment});
    for (const auto& p : out) EXPECT_FALSE(p.appended) << to_string(p.track);

    // Two 诫勉 do not accumulate unless the policy says so.
    auto first = admonishment_period(d("2024-01-01"));
    auto second = admonishment_period(d("2024-03-01"));
    EXPECT_EQ(day(accumulate_influence({first, second})[1].until), "2024-09-01");
    AccumulationPolicy policy;
    policy.admonishment = true;
    EXPECT_EQ(day(accumulate_influence({first, second}, policy)[1].until), "2025-01-01");

    // Party accumulation can be switched off.
    auto warning = *influence_period(PartySanction::warning, d("2024-01-01"));
    auto later = *influence_period(PartySanction::warning, d("2024-06-01"));
    AccumulationPolicy none;
    none.party = false;
    EXPECT_FALSE(accumulate_influence({warning, later}, none)[1].appended);

    // 开除党籍 counts its five years from the expulsion, whatever runs before it.
    auto expulsion = *influence_period(PartySanction::expulsion, d("2024-06-01"));
    auto expelled = accumulate_influence({warning, expulsion});
    EXPECT_FALSE(expelled[1].appended);
    EXPECT_EQ(day(expelled[1].until), "2029-06-01");
}

TEST(Accumulation, ProbationIsNeverMovedOnlyItsInfluence) {
    // 警告 2024-01-01 (until 2025-01-01); 留党察看一年 on 2024-07-01: the probation still ends on
    // 2025-07-01, while the block of 1 + 2 years counts from 2025-01-01 → until 2028-01-01.
    auto warning = *influence_period(PartySanction::warning, d("2024-01-01"));
    auto probation = *influence_period(PartySanction::probation_one_year, d("2024-07-01"));
    auto out = accumulate_influence({warning, probation});
    ASSERT_EQ(out.size(), 2u);
    EXPECT_TRUE(out[1].appended);
    EXPECT_EQ(day(*out[1].probation_until), "2025-07-01");
    EXPECT_EQ(day(out[1].from), "2025-01-01");
    EXPECT_EQ(day(out[1].until), "2028-01-01");
    // The unextended block would end 2027-07-01: the accumulated end is later by the 6 months
    // of the warning left unserved on 2024-07-01.
    EXPECT_EQ(day(probation.until), "2027-07-01");
}

TEST(Accumulation, EmptyInput) {
    EXPECT_TRUE(accumulate_influence({}).empty());
    EXPECT_FALSE(influence_until({}));
}

}  // namespace
}  // namespace xzq::domain
