#pragma once
// Reports (信访举报, `Petition` in the glossary) as values and pure rules: their vocabulary,
// validation of what a reporter or the 信访室 enters, the real-name rule, repeat detection (重复件),
// routing by jurisdiction, query codes and report numbers (domain.md §2.1, §2.2, §7, §8.1, §8.4).
//
// Pure: no I/O, no clock, no randomness source — random bytes for query codes are passed in.
// Every function is a pure function of its arguments and safe to call from any thread.
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/people.hpp"

namespace xzq::domain {

// ---- Vocabulary ---------------------------------------------------------------------------
// Each enum has lower_snake identifiers (to_string / *_from_string) and a Chinese name.

// How the report arrived (检举控告工作规则 Art. 7).
enum class Channel {
    letter,           // 来信
    visit,            // 来访
    phone_12388,      // 12388电话
    online,           // 网络举报
    village_officer,  // 村级监察信息员
    transfer_in,      // 上级转办
};

// The classification of local statistics (domain.md §2.1).
enum class ReportType {
    accusation,    // 检举控告
    appeal,        // 申诉
    suggestion,    // 批评建议
    out_of_scope,  // 业务范围外
    no_substance,  // 无实质内容
};

enum class ReporterMode { real_name, anonymous };  // 实名 匿名

// Internal status, seen by staff only.
enum class ReportStatus {
    registered,     // 已登记
    accepted,       // 已受理
    forwarded_up,   // 已上报上级
    forwarded_out,  // 已转送
    not_accepted,   // 不予受理
    in_handling,    // 办理中
    concluded,      // 已办结
};

// What the reporter may see through the query code.
enum class PublicStatus {
    received,     // 已收到
    accepted,     // 已受理
    in_handling,  // 办理中
    concluded,    // 已办结
};

enum class HandlingLevel {
    township,  // 乡镇
    zone,      // 协作区
    county,    // 县纪委监委
    higher,    // 上级纪委
};

std::string_view to_string(Channel channel);
std::optional<Channel> channel_from_string(std::string_view text);
std::string_view chinese_name(Channel channel);

std::string_view to_string(ReportType type);
std::optional<ReportType> report_type_from_string(std::string_view text);
std::string_view chinese_name(ReportType type);

std::string_view to_string(ReporterMode mode);
std::optional<ReporterMode> reporter_mode_from_string(std::string_view text);
std::string_view chinese_name(ReporterMode mode);

std::string_view to_string(ReportStatus status);
std::optional<ReportStatus> report_status_from_string(std::string_view text);
std::string_view chinese_name(ReportStatus status);

std::string_view to_string(PublicStatus status);
std::optional<PublicStatus> public_status_from_string(std::string_view text);
std::string_view chinese_name(PublicStatus status);

std::string_view to_string(HandlingLevel level);
std::optional<HandlingLevel> handling_level_from_string(std::string_view text);
std::string_view chinese_name(HandlingLevel level);

// The status a reporter sees. registered → received; accepted → accepted; in_handling →
// in_handling; concluded → concluded. forwarded_up, forwarded_out and not_accepted all show as
// concluded: this platform's handling has ended, and the reporter must not learn from a status
// that the matter went to a higher commission (which would hint at the reported person's rank or
// at Art. 15 handling) or to which body. What the reporter is told to do next (where to go, for
// 不予受理 under Art. 13) travels in the reply text a handler writes, not in the status.
PublicStatus public_status(ReportStatus status);

// ---- The report as entered ------------------------------------------------------------------

struct ReportedPerson {
    std::string name;                    // may be empty when only the post is known
    std::optional<long long> person_id;  // linked to the people register when known
    std::string post;                    // 职务
    std::optional<Rank> rank;
    std::optional<std::string> township_code;  // where the person works
    bool managed_by_county_committee = false;  // 县委管理干部
    bool township_leader = false;              // 乡镇领导班子成员
    bool commission_head = false;              // head of the county commission itself
};

// What the organisation data says exists, passed in by the service.
struct PlaceDirectory {
    std::string county_code;
    std::map<std::string, std::set<std::string>> villages_by_township;  // every township, with its villages
};

struct ReportDraft {
    Channel channel = Channel::online;
    ReportType type = ReportType::accusation;
    std::string description;                   // 主要问题
    std::optional<std::string> category_code;  // a subcategory code ("" counts as absent)
    std::vector<std::string> problem_area_codes;
    std::optional<std::string> township_code;  // "" counts as absent
    std::optional<std::string> village_code;   // "" counts as absent
    std::vector<ReportedPerson> persons;
    // All optional (empty): an anonymous report carries none of them.
    std::string reporter_name;
    std::string reporter_contact;
    std::string reporter_id_number;
    std::string reporter_address;
};

struct FieldError {
    std::string field;  // as in the JSON: "description", "persons[0].name", ...
    std::string code;   // stable, e.g. "report.description_too_short"
    std::string message_zh;
    std::string message_en;
};

inline constexpr std::size_t k_description_min_chars = 10;
inline constexpr std::size_t k_description_max_chars = 5000;
inline constexpr std::size_t k_max_reported_persons = 10;
inline constexpr std::size_t k_max_person_name_chars = 30;
inline constexpr std::size_t k_max_person_post_chars = 60;
inline constexpr std::size_t k_max_reporter_name_chars = 30;
inline constexpr std::size_t k_max_reporter_address_chars = 120;

// Every problem of the draft at once, in field order. Lengths count characters (code points).
// Fields:
//   description         required; valid UTF-8; 10..5000 characters after trimming; no control
//                       characters except newline (LF or CRLF) and tab.
//   category            when given, a known subcategory code; required when `public_portal`.
//   township / village  the township in the directory; the village in that township (a village
//                       without a township is an error; a village of another township or of
//                       none is named in the message).
//   persons             at most 10; each has a name, a post or a person_id; persons[i].name ≤ 30
//                       and persons[i].post ≤ 60 characters, single-line text;
//                       persons[i].township in the directory. An accusation needs at least one
//                       person with a name or post, or a township (field "persons").
//   problem_areas       known and unique.
//   reporter_name ≤ 30 characters; reporter_contact empty, a phone (normalised_phone) or an
//   e-mail address; reporter_id_number empty or an 18-character 居民身份证号 with a real birth
//   date and a valid GB 11643 check digit (X in either case); reporter_address ≤ 120 characters.
// Texts other than the description must be single-line valid UTF-8 (code "report.bad_text").
std::vector<FieldError> validate_report(const ReportDraft& draft, const PlaceDirectory& places, bool public_portal);

// 实名 (检举控告工作规则 Art. 24–30, domain.md §7) = a name (of a person or a unit) plus a working
// contact, which here means a phone number normalised_phone accepts; an e-mail address alone is
// not enough. `identity_verified`: nullopt = not checked yet (the report counts as real-name on
// its face), true = the 信访 department confirmed it, false = the name is false or could not be
// verified, which makes the report anonymous.
ReporterMode reporter_mode(const ReportDraft& draft, std::optional<bool> identity_verified);

// True for an 18-character 居民身份证号 whose check digit is right (GB 11643-1999) and whose
// birth date (digits 7–14) is a real date in 1800–2099 (the standard's own
// example is born in 1880). Accepts a lower-case x.
bool valid_resident_id_number(std::string_view text);

// ---- Repeat detection (重复件) ---------------------------------------------------------------

struct ReportFingerprint {
    long long id = 0;
    std::string number;
    std::vector<ReportedPerson> persons;
    std::optional<std::string> category_code;  // subcategory code
    std::optional<std::string> township_code;  // the place of the report
    std::string description;
};

struct RepeatCandidate {
    long long report_id = 0;
    std::string number;
    double score = 0;  // 0..1
    std::string reason_zh;
    std::string reason_en;
};

// Earlier reports that concern the same person and the same matter as `incoming` (an earlier
// report with the incoming id is skipped), best first (score descending, then id ascending).
//
// Same person: equal person_id (when both are linked they must be equal: two linked people with
// the same name are different people), or equal names with all white space removed and
// compatible townships — equal, or either missing. A person's township is their own
// township_code, else the township of their report.
// Same matter: the same subcategory; or the same first-level category with description
// similarity ≥ 0.2; or description similarity ≥ `threshold`.
// Score = person factor (1.0 linked id, 0.9 name with equal townships, 0.75 name with a township
// missing) × matter score (same subcategory 0.6 + 0.4·s; same category 0.4 + 0.6·s; text alone s;
// the best that applies), where s is the description similarity.
std::vector<RepeatCandidate> find_repeat_candidates(const ReportFingerprint& incoming,
                                                    const std::vector<ReportFingerprint>& earlier,
                                                    double threshold = 0.35);

// Jaccard similarity of the sets of character bigrams (code points) of both texts, ignoring
// white space and punctuation (ASCII, CJK and full-width); ASCII letters compare case-blind. A
// text of one character is its own single "bigram". 0 when either text is empty after that;
// invalid UTF-8 bytes count as U+FFFD.
double description_similarity(std::string_view a, std::string_view b);

// ---- Routing by jurisdiction -----------------------------------------------------------------

struct RoutingInput {
    ReportType type = ReportType::accusation;
    std::vector<ReportedPerson> persons;
    std::optional<std::string> township_code;             // the place of the report
    std::map<std::string, std::string> zone_of_township;  // township code → zone id, on the day
};

struct RoutingDecision {
    HandlingLevel level = HandlingLevel::county;
    // township level: the township that handles. Other levels: nullopt.
    std::optional<std::string> township_code;
    // zone level: the zone that handles. township level: the township's zone on the day, when it
    // has one (for oversight by the zone; the township still handles). Otherwise nullopt.
    std::optional<std::string> zone_id;
    std::string rule_code;
    std::string reason_zh;
    std::string reason_en;
    // Only a receipt stub may be stored: the report goes to the upper level and must not be
    // copied, excerpted or entered here (检举控告工作规则 Art. 15, domain.md §8.4).
    bool receipt_stub_only = false;
};

// The first rule that applies decides:
//   "higher.upper_cadre"      a person of rank 县处级 or above (县处级, 厅局级, 省部级) — managed by
//   "higher.commission_head"  a higher Party committee — or the head of the county commission
//                             itself → higher, receipt_stub_only (检举控告工作规则 Art. 11, 15:
//                             send to the head and within 5 working days to the upper 信访
//                             department; do not copy, excerpt or enter it).
//   "county.petition_office"  appeals, suggestions, out-of-scope and no-substance reports → county:
//                             the 信访室 handles them itself (Art. 13, 17; domain.md §2.1).
//   "county.managed_cadre"    a person managed by the county Party committee, of rank 乡科级, or a
//                             member of a township's leadership → county (Art. 11 管理权限; domain.md
//                             §8.3: the township must not judge its own leaders).
//   "zone.cross_township"     the townships of the persons and the place are more than one and all
//                             in one zone on the day → that zone (domain.md §8.3, 异地办案).
//   "county.cross_zone"       more than one township, not all in the same zone (or some in none)
//                             → county.
//   "township.jurisdiction"   exactly one township → that township (基层纪委: Party members
//                             managed by the township Party committee, village cadres).
//   "county.place_unknown"    no township known → county, to be assigned by the 信访室.
RoutingDecision route_report(const RoutingInput& input);

// ---- Query codes and numbers --------------------------------------------------------------

// 16 symbols of Crockford base32 (0-9 A-Z without I L O U) from 10 random bytes (80 bits, most
// significant bit first), shown as XXXX-XXXX-XXXX-XXXX.
std::string format_query_code(std::span<const unsigned char, 10> random_bytes);
// The canonical form of what a reporter typed: lower case, spaces and missing or extra dashes are
// accepted, and the confusables I/L → 1 and O → 0. nullopt when malformed (wrong length, other
// characters).
std::optional<std::string> normalise_query_code(std::string_view text);
// 编号: "<county>-<year>-<sequence of at least 6 digits>", e.g. "410225-2026-000123".
// Preconditions: year 1000..9999, sequence ≥ 0.
std::string format_report_number(std::string_view county_code, int year, long long sequence);

}  // namespace xzq::domain
