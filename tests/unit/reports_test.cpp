// Pure rules of reports (信访举报): vocabulary, validation, the real-name rule, repeat detection,
// routing by jurisdiction, query codes and report numbers.
#include "domain/reports.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <set>
#include <string>

namespace xzq::domain {
namespace {

// ---- Helpers --------------------------------------------------------------------------------

const char* const k_township_a = "410225100";
const char* const k_township_b = "410225101";
const char* const k_township_c = "410225200";
const char* const k_village_a1 = "410225100201";
const char* const k_village_b1 = "410225101201";

PlaceDirectory places() {
    PlaceDirectory out;
    out.county_code = "410225";
    out.villages_by_township[k_township_a] = {k_village_a1, "410225100202"};
    out.villages_by_township[k_township_b] = {k_village_b1};
    out.villages_by_township[k_township_c] = {};
    return out;
}

std::string repeat(std::string_view piece, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
}

ReportDraft good_draft() {
    ReportDraft draft;
    draft.channel = Channel::online;
    draft.type = ReportType::accusation;
    draft.description = "王村支书在2024年低保评定中优亲厚友，把低保名额给了自己的亲属，群众意见很大。";
    draft.category_code = "QZ.09";
    draft.problem_area_codes = {"subsistence", "conduct"};
    draft.township_code = k_township_a;
    draft.village_code = k_village_a1;
    ReportedPerson person;
    person.name = "王建国";
    person.post = "村党支部书记";
    person.rank = Rank::village_cadre;
    draft.persons.push_back(person);
    return draft;
}

std::vector<std::string> fields(const std::vector<FieldError>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.field);
    return out;
}

const FieldError* error_on(const std::vector<FieldError>& errors, std::string_view field) {
    for (const auto& e : errors) {
        if (e.field == field) return &e;
    }
    return nullptr;
}

// Expects exactly one error, on `field` with `code`, with both messages.
void expect_only(const ReportDraft& draft, std::string_view field, std::string_view code, bool portal = false) {
    auto errors = validate_report(draft, places(), portal);
    ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(fields(errors));
    EXPECT_EQ(errors[0].field, field);
    EXPECT_EQ(errors[0].code, code);
    EXPECT_FALSE(errors[0].message_zh.empty());
    EXPECT_FALSE(errors[0].message_en.empty());
}

// ---- Vocabulary -----------------------------------------------------------------------------

template <class Enum, class FromString>
void expect_round_trip(std::initializer_list<Enum> values, FromString from_string) {
    std::set<std::string_view> ids;
    std::set<std::string_view> names;
    for (Enum value : values) {
        EXPECT_EQ(from_string(to_string(value)), value) << to_string(value);
        EXPECT_TRUE(ids.insert(to_string(value)).second);
        EXPECT_TRUE(names.insert(chinese_name(value)).second) << chinese_name(value);
    }
    EXPECT_FALSE(from_string(""));
    EXPECT_FALSE(from_string("no_such_value"));
}

TEST(ReportVocabulary, IdentifiersRoundTripAndChineseNamesAreDistinct) {
    expect_round_trip({Channel::letter, Channel::visit, Channel::phone_12388, Channel::online, Channel::village_officer,
                       Channel::transfer_in},
                      channel_from_string);
    expect_round_trip({ReportType::accusation, ReportType::appeal, ReportType::suggestion, ReportType::out_of_scope,
                       ReportType::no_substance},
                      report_type_from_string);
    expect_round_trip({ReporterMode::real_name, ReporterMode::anonymous}, reporter_mode_from_string);
    expect_round_trip(
        {ReportStatus::registered, ReportStatus::accepted, ReportStatus::forwarded_up, ReportStatus::forwarded_out,
         ReportStatus::not_accepted, ReportStatus::in_handling, ReportStatus::concluded},
        report_status_from_string);
    expect_round_trip(
        {PublicStatus::received, PublicStatus::accepted, PublicStatus::in_handling, PublicStatus::concluded},
        public_status_from_string);
    expect_round_trip({HandlingLevel::township, HandlingLevel::zone, HandlingLevel::county, HandlingLevel::higher},
                      handling_level_from_string);
    EXPECT_EQ(to_string(Channel::phone_12388), "phone_12388");
    EXPECT_EQ(chinese_name(ReportType::accusation), "检举控告");
    EXPECT_EQ(chinese_name(PublicStatus::received), "已收到");
    EXPECT_EQ(chinese_name(HandlingLevel::zone), "协作区");
    EXPECT_FALSE(channel_from_string("Letter"));
}

TEST(ReportVocabulary, ReporterSeesNoInternalDetailOfTheStatus) {
    EXPECT_EQ(public_status(ReportStatus::registered), PublicStatus::received);
    EXPECT_EQ(public_status(ReportStatus::accepted), PublicStatus::accepted);
    EXPECT_EQ(public_status(ReportStatus::in_handling), PublicStatus::in_handling);
    EXPECT_EQ(public_status(ReportStatus::concluded), PublicStatus::concluded);
    // Forwarding up or out and refusal end the handling here, and must not say where it went.
    EXPECT_EQ(public_status(ReportStatus::forwarded_up), PublicStatus::concluded);
    EXPECT_EQ(public_status(ReportStatus::forwarded_out), PublicStatus::concluded);
    EXPECT_EQ(public_status(ReportStatus::not_accepted), PublicStatus::concluded);
}

// ---- Validation -----------------------------------------------------------------------------

TEST(ReportValidation, AGoodDraftPassesOnThePortalAndAtTheDesk) {
    EXPECT_TRUE(validate_report(good_draft(), places(), true).empty());
    EXPECT_TRUE(validate_report(good_draft(), places(), false).empty());
}

TEST(ReportValidation, DescriptionIsRequired) {
    auto draft = good_draft();
    draft.description = "";
    expect_only(draft, "description", "report.description_required");
    draft.description = " \n\t\u3000 ";
    expect_only(draft, "description", "report.description_required");
}

TEST(ReportValidation, DescriptionLengthCountsCharactersNotBytes) {
    auto draft = good_draft();
    draft.description = repeat("低", 9);  // 27 bytes, 9 characters
    expect_only(draft, "description", "report.description_too_short");
    draft.description = repeat("低", 10);
    EXPECT_TRUE(validate_report(draft, places(), true).empty());
    draft.description = "  " + repeat("a", 9) + "  ";  // padding does not count
    expect_only(draft, "description", "report.description_too_short");
    draft.description = repeat("举", 5000);  // 15000 bytes
    EXPECT_TRUE(validate_report(draft, places(), true).empty());
    draft.description = repeat("举", 5001);
    expect_only(draft, "description", "report.description_too_long");
    auto errors = validate_report(draft, places(), true);
    EXPECT_NE(errors[0].message_zh.find("5001"), std::string::npos) << errors[0].message_zh;
}

TEST(ReportValidation, DescriptionMustBeValidUtf8) {
    auto draft = good_draft();
    for (std::string bad : {std::string("低保问题\xC3\x28很严重的问题"), std::string("overlong \xC0\xAF slash text"),
                            std::string("surrogate \xED\xA0\x80 in the text"), std::string("cut at the end \xE4\xBD"),
                            std::string("\xFF\xFE not utf-8 at all")}) {
        draft.description = bad;
        expect_only(draft, "description", "report.invalid_utf8");
    }
}

TEST(ReportValidation, DescriptionAllowsNewlinesAndTabsButNoOtherControls) {
    static const char k_with_nul[] = "低保名额给了亲属\0，群众意见大";
    auto draft = good_draft();
    draft.description = "第一段：低保问题。\n第二段：\t名额给了亲属。\r\n第三段。";
    EXPECT_TRUE(validate_report(draft, places(), true).empty());
    for (std::string bad :
         {std::string("低保名额给了亲属\x01，群众意见大"), std::string("低保名额给了亲属\r，群众意见大"),
          std::string("低保名额给了亲属\x7F，群众意见大"), std::string("低保名额给了亲属\xC2\x85，群众意见大"),
          std::string(k_with_nul, sizeof k_with_nul - 1)}) {
        draft.description = bad;
        expect_only(draft, "description", "report.control_character");
    }
}

TEST(ReportValidation, CategoryMustExistAndIsRequiredOnThePortal) {
    auto draft = good_draft();
    draft.category_code = "QZ.42";
    expect_only(draft, "category", "report.category_unknown");
    draft.category_code = "QZ";  // a first-level code is not a subcategory
    expect_only(draft, "category", "report.category_unknown");
    draft.category_code.reset();
    expect_only(draft, "category", "report.category_required", true);
    EXPECT_TRUE(validate_report(draft, places(), false).empty());
    draft.category_code = "";
    expect_only(draft, "category", "report.category_required", true);
}

TEST(ReportValidation, TownshipMustBeInTheCountyAndVillageInThatTownship) {
    auto draft = good_draft();
    draft.township_code = "410226100";
    expect_only(draft, "township", "report.township_unknown");

    draft = good_draft();
    draft.village_code = k_village_b1;
    expect_only(draft, "village", "report.village_not_in_township");
    auto errors = validate_report(draft, places(), false);
    EXPECT_NE(errors[0].message_en.find(k_village_b1), std::string::npos);
    EXPECT_NE(errors[0].message_en.find(k_township_b), std::string::npos);

    draft.village_code = "410225100999";
    expect_only(draft, "village", "report.village_unknown");
    errors = validate_report(draft, places(), false);
    EXPECT_NE(errors[0].message_zh.find("410225100999"), std::string::npos);

    draft.township_code.reset();
    expect_only(draft, "village", "report.village_without_township");

    draft = good_draft();
    draft.township_code = k_township_c;
    draft.village_code = "";
    EXPECT_TRUE(validate_report(draft, places(), false).empty());
}

TEST(ReportValidation, PersonsAreLimitedInNumberAndLength) {
    auto draft = good_draft();
    draft.persons.assign(11, draft.persons[0]);
    expect_only(draft, "persons", "report.too_many_persons");
    draft.persons.resize(10);
    EXPECT_TRUE(validate_report(draft, places(), false).empty());

    draft = good_draft();
    draft.persons.resize(4, draft.persons[0]);
    draft.persons[3].name = repeat("王", 31);
    expect_only(draft, "persons[3].name", "report.too_long");
    draft.persons[3].name = repeat("王", 30);  // 90 bytes, 30 characters
    EXPECT_TRUE(validate_report(draft, places(), false).empty());

    draft.persons[0].post = repeat("职", 61);
    expect_only(draft, "persons[0].post", "report.too_long");
    draft.persons[0].post = repeat("职", 60);
    EXPECT_TRUE(validate_report(draft, places(), false).empty());

    draft.persons[2].name = "王\n建国";
    expect_only(draft, "persons[2].name", "report.bad_text");
}

TEST(ReportValidation, EachPersonNeedsANameOrPostAndAKnownTownship) {
    auto draft = good_draft();
    draft.persons.push_back(ReportedPerson{});
    expect_only(draft, "persons[1]", "report.person_empty");
    draft.persons[1].person_id = 42;  // linked to the register: known without a name
    EXPECT_TRUE(validate_report(draft, places(), false).empty());
    draft.persons[1].post = "会计";
    draft.persons[1].township_code = "999999999";
    expect_only(draft, "persons[1].township", "report.township_unknown");
}

TEST(ReportValidation, AnAccusationNamesSomeoneOrAPlace) {
    auto draft = good_draft();
    draft.persons.clear();
    EXPECT_TRUE(validate_report(draft, places(), false).empty());  // the township is enough
    draft.township_code.reset();
    draft.village_code.reset();
    expect_only(draft, "persons", "report.subject_required");
    ReportedPerson only_post;
    only_post.post = "镇财政所所长";
    draft.persons.push_back(only_post);
    EXPECT_TRUE(validate_report(draft, places(), false).empty());
    draft.persons.clear();
    draft.type = ReportType::suggestion;  // suggestions need nobody
    EXPECT_TRUE(validate_report(draft, places(), false).empty());
}

TEST(ReportValidation, ProblemAreasAreKnownAndUnique) {
    auto draft = good_draft();
    draft.problem_area_codes = {"subsistence", "lottery"};
    expect_only(draft, "problem_areas", "report.problem_area_unknown");
    draft.problem_area_codes = {"subsistence", "housing", "subsistence"};
    expect_only(draft, "problem_areas", "report.problem_area_duplicate");
    draft.problem_area_codes.clear();
    EXPECT_TRUE(validate_report(draft, places(), true).empty());
}

TEST(ReportValidation, ReporterFieldsAreOptionalButChecked) {
    auto draft = good_draft();
    draft.reporter_name = "李明";
    draft.reporter_contact = "138 1234 5678";
    draft.reporter_id_number = "11010519491231002x";
    draft.reporter_address = "某镇某村三组";
    EXPECT_TRUE(validate_report(draft, places(), true).empty());
    draft.reporter_contact = "li.ming+report@example.com.cn";
    EXPECT_TRUE(validate_report(draft, places(), true).empty());
    draft.reporter_contact = "0371-22345678";
    EXPECT_TRUE(validate_report(draft, places(), true).empty());

    for (const char* bad : {"12345", "li.ming@", "@example.com", "li ming@example.com", "li@example", "a@b@c.com",
                            "li@-example.com", "li@example.c0m", "微信 wx123"}) {
        auto copy = draft;
        copy.reporter_contact = bad;
        expect_only(copy, "reporter.contact", "report.bad_contact");
    }

    auto copy = draft;
    copy.reporter_name = repeat("李", 31);
    expect_only(copy, "reporter.name", "report.too_long");
    copy = draft;
    copy.reporter_address = repeat("址", 121);
    expect_only(copy, "reporter.address", "report.too_long");
    copy.reporter_address = repeat("址", 120);
    EXPECT_TRUE(validate_report(copy, places(), true).empty());
}

TEST(ReportValidation, IdNumberNeedsItsChecksumAndARealBirthDate) {
    EXPECT_TRUE(valid_resident_id_number("11010519491231002X"));
    EXPECT_TRUE(valid_resident_id_number("11010519491231002x"));
    EXPECT_TRUE(valid_resident_id_number("440524188001010014"));  // the example of GB 11643
    EXPECT_TRUE(
        valid_resident_id_number("41022520000229456"
                                 "9"));                            // 29 Feb of a leap year
    EXPECT_FALSE(valid_resident_id_number("110105194912310021"));  // wrong check digit
    EXPECT_FALSE(valid_resident_id_number("440524188001010015"));
    EXPECT_FALSE(
        valid_resident_id_number("41022519990229456"
                                 "9"));                             // checksum right, no such date
    EXPECT_FALSE(valid_resident_id_number("11010519491231002"));    // 17 characters
    EXPECT_FALSE(valid_resident_id_number("110105194912310020X"));  // 19 characters
    EXPECT_FALSE(valid_resident_id_number("1101051949123100XX"));
    EXPECT_FALSE(valid_resident_id_number("11010519491231002Y"));

    auto draft = good_draft();
    draft.reporter_id_number = "110105194912310021";
    expect_only(draft, "reporter.id_number", "report.bad_id_number");
    draft.reporter_id_number = "110105491231002";  // old 15-digit numbers are not accepted
    expect_only(draft, "reporter.id_number", "report.bad_id_number");
}

TEST(ReportValidation, ReportsEveryProblemAtOnceInFieldOrder) {
    ReportDraft draft;
    draft.description = "太短";
    draft.category_code = "ZZ.00";
    draft.problem_area_codes = {"nowhere"};
    draft.township_code = "410225999";
    draft.village_code = k_village_a1;
    ReportedPerson long_name;
    long_name.name = repeat("名", 31);
    draft.persons.push_back(long_name);
    draft.reporter_contact = "not a contact";
    draft.reporter_id_number = "123";
    auto errors = validate_report(draft, places(), true);
    EXPECT_EQ(fields(errors), (std::vector<std::string>{"description", "category", "problem_areas", "township",
                                                        "persons[0].name", "reporter.contact", "reporter.id_number"}));
    for (const auto& e : errors) {
        EXPECT_FALSE(e.code.empty());
        EXPECT_FALSE(e.message_zh.empty());
        EXPECT_FALSE(e.message_en.empty());
    }
    // A bad township leaves the village unchecked rather than reporting it twice.
    EXPECT_EQ(error_on(errors, "village"), nullptr);
}

TEST(ReportValidation, MessagesNeverEchoBrokenText) {
    auto draft = good_draft();
    draft.category_code = std::string("QZ\xFF\x01");
    auto errors = validate_report(draft, places(), false);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message_en.find('\xFF'), std::string::npos);
    EXPECT_EQ(errors[0].message_en.find('\x01'), std::string::npos);
}

// ---- Real name ------------------------------------------------------------------------------

TEST(ReporterMode, RealNameNeedsANameAndAWorkingPhone) {
    ReportDraft draft = good_draft();
    EXPECT_EQ(reporter_mode(draft, std::nullopt), ReporterMode::anonymous);
    draft.reporter_name = "李明";
    EXPECT_EQ(reporter_mode(draft, std::nullopt), ReporterMode::anonymous);  // no contact
    draft.reporter_contact = "li@example.com";
    EXPECT_EQ(reporter_mode(draft, std::nullopt), ReporterMode::anonymous);  // e-mail is not a working contact
    draft.reporter_contact = "138-1234-5678";
    EXPECT_EQ(reporter_mode(draft, std::nullopt), ReporterMode::real_name);
    EXPECT_EQ(reporter_mode(draft, true), ReporterMode::real_name);
    EXPECT_EQ(reporter_mode(draft, false), ReporterMode::anonymous);  // could not be verified
    draft.reporter_name = " \u3000 ";
    EXPECT_EQ(reporter_mode(draft, true), ReporterMode::anonymous);
    draft.reporter_name = "某村村民委员会";  // a unit's name counts
    EXPECT_EQ(reporter_mode(draft, std::nullopt), ReporterMode::real_name);
    draft.reporter_contact = "1381234567";  // one digit short
    EXPECT_EQ(reporter_mode(draft, true), ReporterMode::anonymous);
}

// ---- Repeat detection -----------------------------------------------------------------------

const char* const k_text_a = "王村支书在2024年低保评定中优亲厚友，把低保名额给了自己的亲属，群众意见很大。";
const char* const k_text_a_reworded = "王村支书2024年评低保时优亲厚友，低保名额给了亲属，群众意见大。";
const char* const k_text_other = "该干部经常在工作日中午饮酒，开公车接送孩子上学放学。";
const char* const k_text_road = "村里修路工程款被截留，账目不公开，施工方是村支书的亲戚。";
const char* const k_text_quota = "2024年低保评定时，村支书把名额给了自己的亲属，不符合条件的人也吃上了低保。";

ReportedPerson person(std::string name, std::optional<std::string> township = std::nullopt,
                      std::optional<long long> id = std::nullopt) {
    ReportedPerson p;
    p.name = std::move(name);
    p.township_code = std::move(township);
    p.person_id = id;
    return p;
}

ReportFingerprint fingerprint(long long id, std::vector<ReportedPerson> persons, std::optional<std::string> category,
                              std::string description, std::optional<std::string> township = std::nullopt) {
    ReportFingerprint f;
    f.id = id;
    f.number = format_report_number("410225", 2026, id);
    f.persons = std::move(persons);
    f.category_code = std::move(category);
    f.description = std::move(description);
    f.township_code = std::move(township);
    return f;
}

TEST(DescriptionSimilarity, IsABigramJaccardIgnoringSpaceAndPunctuation) {
    EXPECT_DOUBLE_EQ(description_similarity(k_text_a, k_text_a), 1.0);
    EXPECT_DOUBLE_EQ(description_similarity("低保，问题！", " 低保 问题。"), 1.0);
    EXPECT_DOUBLE_EQ(description_similarity("“低保”问题……", "低保问题"), 1.0);
    EXPECT_DOUBLE_EQ(description_similarity("ABCD", "abcd"), 1.0);
    EXPECT_DOUBLE_EQ(description_similarity("abcd", "abce"), 0.5);  // {ab,bc,cd} vs {ab,bc,ce}
    EXPECT_DOUBLE_EQ(description_similarity("低保", "危房"), 0.0);
    EXPECT_DOUBLE_EQ(description_similarity("", "低保"), 0.0);
    EXPECT_DOUBLE_EQ(description_similarity("，。！", "，。！"), 0.0);
    EXPECT_DOUBLE_EQ(description_similarity("低", "低"), 1.0);
    double forward = description_similarity(k_text_a, k_text_a_reworded);
    EXPECT_DOUBLE_EQ(forward, description_similarity(k_text_a_reworded, k_text_a));
    EXPECT_GT(forward, 0.35);
    EXPECT_LT(description_similarity(k_text_a, k_text_other), 0.05);
    // Invalid bytes do not crash and do not match valid text.
    EXPECT_LT(description_similarity("\xFF\xFE\xFD", "低保问题"), 0.01);
}

TEST(RepeatDetection, SamePersonAndSameSubcategoryIsARepeat) {
    auto incoming = fingerprint(10, {person("王建国", k_township_a)}, "QZ.09", k_text_a);
    auto earlier = fingerprint(3, {person("王 建国", k_township_a)}, "QZ.09", k_text_road);
    auto found = find_repeat_candidates(incoming, {earlier});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].report_id, 3);
    EXPECT_EQ(found[0].number, "410225-2026-000003");
    EXPECT_GT(found[0].score, 0.5);
    EXPECT_LE(found[0].score, 1.0);
    EXPECT_NE(found[0].reason_zh.find("王建国"), std::string::npos) << found[0].reason_zh;
    EXPECT_NE(found[0].reason_en.find("same category"), std::string::npos) << found[0].reason_en;
}

TEST(RepeatDetection, SamePersonOnAnotherMatterIsNotARepeat) {
    auto incoming = fingerprint(10, {person("王建国", k_township_a)}, "QZ.09", k_text_a);
    auto earlier = fingerprint(3, {person("王建国", k_township_a)}, "GZ.01", k_text_other);
    EXPECT_TRUE(find_repeat_candidates(incoming, {earlier}).empty());
    auto uncategorised = fingerprint(4, {person("王建国", k_township_a)}, std::nullopt, k_text_other);
    EXPECT_TRUE(find_repeat_candidates(incoming, {uncategorised}).empty());
}

TEST(RepeatDetection, AnotherPersonWithTheSameTextIsNotARepeat) {
    auto incoming = fingerprint(10, {person("王建国", k_township_a)}, "QZ.09", k_text_a);
    auto earlier = fingerprint(3, {person("李明", k_township_a)}, "QZ.09", k_text_a);
    EXPECT_TRUE(find_repeat_candidates(incoming, {earlier}).empty());
    // The same name in another township is another person.
    auto elsewhere = fingerprint(4, {person("王建国", k_township_b)}, "QZ.09", k_text_a);
    EXPECT_TRUE(find_repeat_candidates(incoming, {elsewhere}).empty());
    // So are two register entries that share a name.
    auto incoming_linked = fingerprint(11, {person("王建国", k_township_a, 7)}, "QZ.09", k_text_a);
    auto namesake = fingerprint(5, {person("王建国", k_township_a, 8)}, "QZ.09", k_text_a);
    EXPECT_TRUE(find_repeat_candidates(incoming_linked, {namesake}).empty());
}

TEST(RepeatDetection, APersonLinkedByIdMatchesWhateverTheSpelling) {
    auto incoming = fingerprint(10, {person("王建國", k_township_a, 7)}, "QZ.09", k_text_a);
    auto earlier = fingerprint(3, {person("王书记", k_township_b, 7)}, "QZ.09", k_text_a_reworded);
    auto found = find_repeat_candidates(incoming, {earlier});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].report_id, 3);
    EXPECT_NE(found[0].reason_en.find("register"), std::string::npos) << found[0].reason_en;
    // A link beats a bare name match on the same facts.
    auto by_name = fingerprint(4, {person("王建國", k_township_a)}, "QZ.09", k_text_a_reworded);
    auto both = find_repeat_candidates(incoming, {by_name, earlier});
    ASSERT_EQ(both.size(), 2u);
    EXPECT_EQ(both[0].report_id, 3);
    EXPECT_GT(both[0].score, both[1].score);
}

TEST(RepeatDetection, TownshipsAreCompatibleWhenOneIsMissing) {
    auto incoming = fingerprint(10, {person("王建国")}, "QZ.09", k_text_a, k_township_a);
    auto with_place = fingerprint(3, {person("王建国", k_township_a)}, "QZ.09", k_text_road);
    auto without = fingerprint(4, {person("王建国")}, "QZ.09", k_text_road);
    auto other_place = fingerprint(5, {person("王建国")}, "QZ.09", k_text_road, k_township_b);
    auto found = find_repeat_candidates(incoming, {without, with_place, other_place});
    ASSERT_EQ(found.size(), 2u);
    // The report's township stands in for the person's; an equal township ranks above a missing one.
    EXPECT_EQ(found[0].report_id, 3);
    EXPECT_EQ(found[1].report_id, 4);
    EXPECT_GT(found[0].score, found[1].score);
}

TEST(RepeatDetection, SameFirstLevelCategoryNeedsSomeTextInCommon) {
    auto incoming = fingerprint(10, {person("王建国", k_township_a)}, "QZ.09", k_text_a_reworded);
    auto related = fingerprint(3, {person("王建国", k_township_a)}, "QZ.01", k_text_quota);
    auto unrelated = fingerprint(4, {person("王建国", k_township_a)}, "QZ.01", k_text_road);
    ASSERT_GE(description_similarity(k_text_a_reworded, k_text_quota), 0.2);
    ASSERT_LT(description_similarity(k_text_a_reworded, k_text_quota), 0.35);
    auto found = find_repeat_candidates(incoming, {related, unrelated});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].report_id, 3);
}

TEST(RepeatDetection, SimilarTextAloneCountsAboveTheThreshold) {
    auto incoming = fingerprint(10, {person("王建国", k_township_a)}, std::nullopt, k_text_a);
    auto earlier = fingerprint(3, {person("王建国", k_township_a)}, "GZ.01", k_text_a_reworded);
    auto similarity = description_similarity(k_text_a, k_text_a_reworded);
    auto found = find_repeat_candidates(incoming, {earlier});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NEAR(found[0].score, 0.9 * similarity, 1e-9);
    EXPECT_TRUE(find_repeat_candidates(incoming, {earlier}, similarity + 0.01).empty());
}

TEST(RepeatDetection, SortsByScoreAndSkipsTheReportItself) {
    auto incoming = fingerprint(10, {person("王建国", k_township_a)}, "QZ.09", k_text_a);
    auto self = fingerprint(10, {person("王建国", k_township_a)}, "QZ.09", k_text_a);
    auto weak = fingerprint(3, {person("王建国", k_township_a)}, "QZ.09", k_text_road);
    auto strong = fingerprint(4, {person("王建国", k_township_a)}, "QZ.09", k_text_a);
    auto middle = fingerprint(5, {person("王建国", k_township_a)}, "QZ.09", k_text_a_reworded);
    auto found = find_repeat_candidates(incoming, {weak, self, strong, middle});
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0].report_id, 4);
    EXPECT_EQ(found[1].report_id, 5);
    EXPECT_EQ(found[2].report_id, 3);
    EXPECT_DOUBLE_EQ(found[0].score, 0.9);
    EXPECT_TRUE(find_repeat_candidates(fingerprint(11, {}, "QZ.09", k_text_a), {strong}).empty());
}

// ---- Routing --------------------------------------------------------------------------------

RoutingInput routing(std::vector<ReportedPerson> persons, std::optional<std::string> township = std::nullopt) {
    RoutingInput input;
    input.type = ReportType::accusation;
    input.persons = std::move(persons);
    input.township_code = std::move(township);
    input.zone_of_township = {{k_township_a, "1"}, {k_township_b, "1"}, {k_township_c, "2"}};
    return input;
}

void expect_reasons(const RoutingDecision& decision) {
    EXPECT_FALSE(decision.reason_zh.empty());
    EXPECT_FALSE(decision.reason_en.empty());
}

TEST(Routing, UpperLevelCadresGoUpAsAReceiptStubOnly) {
    for (Rank rank : {Rank::county_division, Rank::bureau, Rank::provincial_ministerial}) {
        auto cadre = person("张副县长", k_township_a);
        cadre.rank = rank;
        auto decision = route_report(routing({person("王建国", k_township_a), cadre}, k_township_a));
        EXPECT_EQ(decision.level, HandlingLevel::higher) << to_string(rank);
        EXPECT_EQ(decision.rule_code, "higher.upper_cadre");
        EXPECT_TRUE(decision.receipt_stub_only);
        EXPECT_FALSE(decision.township_code);
        EXPECT_FALSE(decision.zone_id);
        EXPECT_NE(decision.reason_zh.find("第十五条"), std::string::npos);
        expect_reasons(decision);
    }
}

TEST(Routing, TheCommissionHeadGoesUpWhateverTheType) {
    auto head = person("赵书记");
    head.commission_head = true;
    auto input = routing({head});
    input.type = ReportType::suggestion;
    auto decision = route_report(input);
    EXPECT_EQ(decision.level, HandlingLevel::higher);
    EXPECT_EQ(decision.rule_code, "higher.commission_head");
    EXPECT_TRUE(decision.receipt_stub_only);
}

TEST(Routing, NonAccusationsStayWithThePetitionsOffice) {
    for (ReportType type :
         {ReportType::appeal, ReportType::suggestion, ReportType::out_of_scope, ReportType::no_substance}) {
        auto input = routing({person("王建国", k_township_a)}, k_township_a);
        input.type = type;
        auto decision = route_report(input);
        EXPECT_EQ(decision.level, HandlingLevel::county) << to_string(type);
        EXPECT_EQ(decision.rule_code, "county.petition_office");
        EXPECT_FALSE(decision.receipt_stub_only);
        expect_reasons(decision);
    }
}

TEST(Routing, CadresManagedByTheCountyGoToTheCounty) {
    auto managed = person("刘镇长", k_township_a);
    managed.managed_by_county_committee = true;
    auto section = person("陈所长", k_township_a);
    section.rank = Rank::township_section;
    auto leader = person("孙委员", k_township_a);
    leader.township_leader = true;
    for (const auto& p : {managed, section, leader}) {
        auto decision = route_report(routing({person("王建国", k_township_a), p}, k_township_a));
        EXPECT_EQ(decision.level, HandlingLevel::county) << p.name;
        EXPECT_EQ(decision.rule_code, "county.managed_cadre");
        EXPECT_FALSE(decision.receipt_stub_only);
        EXPECT_NE(decision.reason_zh.find(p.name), std::string::npos) << decision.reason_zh;
    }
}

TEST(Routing, OneTownshipStaysInTheTownship) {
    auto village_cadre = person("王建国", k_township_a);
    village_cadre.rank = Rank::village_cadre;
    auto decision = route_report(routing({village_cadre}, k_township_a));
    EXPECT_EQ(decision.level, HandlingLevel::township);
    EXPECT_EQ(decision.rule_code, "township.jurisdiction");
    EXPECT_EQ(decision.township_code, k_township_a);
    EXPECT_EQ(decision.zone_id, "1");  // the zone it belongs to, for oversight
    expect_reasons(decision);

    // The place alone, or the person's township alone, is enough.
    EXPECT_EQ(route_report(routing({person("王建国")}, k_township_c)).township_code, k_township_c);
    EXPECT_EQ(route_report(routing({person("王建国", k_township_b)})).township_code, k_township_b);
    auto no_zone = routing({}, "410225300");
    auto decision_no_zone = route_report(no_zone);
    EXPECT_EQ(decision_no_zone.level, HandlingLevel::township);
    EXPECT_FALSE(decision_no_zone.zone_id);
}

TEST(Routing, SeveralTownshipsOfOneZoneGoToTheZone) {
    auto decision = route_report(routing({person("王建国", k_township_a), person("李明", k_township_b)}));
    EXPECT_EQ(decision.level, HandlingLevel::zone);
    EXPECT_EQ(decision.rule_code, "zone.cross_township");
    EXPECT_EQ(decision.zone_id, "1");
    EXPECT_FALSE(decision.township_code);
    expect_reasons(decision);
    // The place counts as one of the townships.
    EXPECT_EQ(route_report(routing({person("王建国", k_township_a)}, k_township_b)).level, HandlingLevel::zone);
}

TEST(Routing, SeveralTownshipsAcrossZonesGoToTheCounty) {
    auto decision = route_report(routing({person("王建国", k_township_a), person("李明", k_township_c)}));
    EXPECT_EQ(decision.level, HandlingLevel::county);
    EXPECT_EQ(decision.rule_code, "county.cross_zone");
    EXPECT_FALSE(decision.zone_id);
    // A township outside every zone cannot be handled by a zone either.
    auto outside = route_report(routing({person("王建国", k_township_a), person("李明", "410225300")}));
    EXPECT_EQ(outside.level, HandlingLevel::county);
    EXPECT_EQ(outside.rule_code, "county.cross_zone");
}

TEST(Routing, NothingKnownGoesToTheCounty) {
    auto decision = route_report(routing({person("王建国")}));
    EXPECT_EQ(decision.level, HandlingLevel::county);
    EXPECT_EQ(decision.rule_code, "county.place_unknown");
    EXPECT_FALSE(decision.township_code);
    EXPECT_EQ(route_report(routing({}, "")).rule_code, "county.place_unknown");
}

// ---- Query codes and numbers ----------------------------------------------------------------

std::array<unsigned char, 10> decode_query_code(std::string_view code) {
    constexpr std::string_view k_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::array<unsigned char, 10> out{};
    std::size_t bit = 0;
    for (char c : code) {
        if (c == '-') continue;
        auto value = k_alphabet.find(c);
        EXPECT_NE(value, std::string_view::npos) << c;
        for (int i = 4; i >= 0; --i, ++bit) {
            if ((value >> i) & 1u) out[bit / 8] |= static_cast<unsigned char>(0x80u >> (bit % 8));
        }
    }
    EXPECT_EQ(bit, 80u);
    return out;
}

TEST(QueryCode, KnownVectorsInCrockfordBase32) {
    std::array<unsigned char, 10> zeros{};
    EXPECT_EQ(format_query_code(zeros), "0000-0000-0000-0000");
    std::array<unsigned char, 10> ones;
    ones.fill(0xFF);
    EXPECT_EQ(format_query_code(ones), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    std::array<unsigned char, 10> counting{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    EXPECT_EQ(format_query_code(counting), "0410-6105-0R3G-G28A");
    std::array<unsigned char, 10> mixed{0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01, 0x02, 0x03, 0xFE, 0xFF};
    EXPECT_EQ(format_query_code(mixed), "VTPV-XVR0-0410-7ZQZ");
}

TEST(QueryCode, RoundTripsOnRandomInputs) {
    std::mt19937 generator(20260315);
    std::uniform_int_distribution<int> byte(0, 255);
    std::set<std::string> seen;
    for (int round = 0; round < 2000; ++round) {
        std::array<unsigned char, 10> bytes{};
        for (auto& b : bytes) b = static_cast<unsigned char>(byte(generator));
        auto code = format_query_code(bytes);
        ASSERT_EQ(code.size(), 19u);
        for (std::size_t i = 0; i < code.size(); ++i) {
            if (i % 5 == 4) {
                ASSERT_EQ(code[i], '-') << code;
            } else {
                ASSERT_NE(std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(code[i]), std::string_view::npos)
                    << code;
            }
        }
        ASSERT_EQ(decode_query_code(code), bytes) << code;
        seen.insert(code);

        ASSERT_EQ(normalise_query_code(code), code);
        std::string typed;
        for (char c : code) {
            if (c == '-') {
                if (round % 3 == 0) typed += ' ';
                if (round % 3 == 1) typed += '-';
                continue;
            }
            typed += static_cast<char>(round % 2 == 0 && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        ASSERT_EQ(normalise_query_code(typed), code) << typed;
    }
    EXPECT_EQ(seen.size(), 2000u);
}

TEST(QueryCode, ConfusablesAreRead) {
    EXPECT_EQ(normalise_query_code("IIII-LLLL-OOOO-oooo"), "1111-1111-0000-0000");
    EXPECT_EQ(normalise_query_code("ilo0 ILO1 abcd efgh"), "1100-1101-ABCD-EFGH");
    EXPECT_EQ(normalise_query_code("  vtpvxvr0-04107zqz "), "VTPV-XVR0-0410-7ZQZ");
}

TEST(QueryCode, MalformedInputIsRefused) {
    for (std::string bad :
         {std::string(""), std::string("0410-6105-0R3G-G28"), std::string("0410-6105-0R3G-G28AA"),
          std::string("0410-6105-0R3G-G28U"), std::string("0410_6105_0R3G_G28A"), std::string("0410-6105-0R3G-G2*A"),
          std::string("０４１０-6105-0R3G-G28A"), std::string("0410-6105-0R3G-G2\0A", 19),
          std::string("查询码0410-6105-0R3G-G28A"), repeat("-", 70) + "041061050R3GG28A"}) {
        EXPECT_FALSE(normalise_query_code(bad)) << bad;
    }
}

TEST(ReportNumber, IsCountyYearAndSixDigitSequence) {
    EXPECT_EQ(format_report_number("410225", 2026, 123), "410225-2026-000123");
    EXPECT_EQ(format_report_number("410225", 2026, 0), "410225-2026-000000");
    EXPECT_EQ(format_report_number("361030", 2027, 999999), "361030-2027-999999");
    EXPECT_EQ(format_report_number("361030", 2027, 1234567), "361030-2027-1234567");
}

}  // namespace
}  // namespace xzq::domain
