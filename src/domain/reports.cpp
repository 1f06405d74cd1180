#include "domain/reports.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <chrono>
#include <cstdint>
#include <utility>

#include "domain/report_taxonomy.hpp"

namespace xzq::domain {

namespace {

// ---- Tables ---------------------------------------------------------------------------------

template <class Enum, std::size_t N>
using Table = std::array<std::pair<Enum, std::string_view>, N>;

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const Table<Enum, N>& table, std::string_view text) {
    for (const auto& [value, name] : table) {
        if (name == text) return value;
    }
    return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view name_of(const Table<Enum, N>& table, Enum value) {
    for (const auto& [v, name] : table) {
        if (v == value) return name;
    }
    return table[0].second;
}

constexpr Table<Channel, 6> k_channel_ids{{
    {Channel::letter, "letter"},
    {Channel::visit, "visit"},
    {Channel::phone_12388, "phone_12388"},
    {Channel::online, "online"},
    {Channel::village_officer, "village_officer"},
    {Channel::transfer_in, "transfer_in"},
}};
constexpr Table<Channel, 6> k_channel_zh{{
    {Channel::letter, "来信"},
    {Channel::visit, "来访"},
    {Channel::phone_12388, "12388电话"},
    {Channel::online, "网络举报"},
    {Channel::village_officer, "村级监察信息员"},
    {Channel::transfer_in, "上级转办"},
}};

constexpr Table<ReportType, 5> k_type_ids{{
    {ReportType::accusation, "accusation"},
    {ReportType::appeal, "appeal"},
    {ReportType::suggestion, "suggestion"},
    {ReportType::out_of_scope, "out_of_scope"},
    {ReportType::no_substance, "no_substance"},
}};
constexpr Table<ReportType, 5> k_type_zh{{
    {ReportType::accusation, "检举控告"},
    {ReportType::appeal, "申诉"},
    {ReportType::suggestion, "批评建议"},
    {ReportType::out_of_scope, "业务范围外"},
    {ReportType::no_substance, "无实质内容"},
}};

constexpr Table<ReporterMode, 2> k_mode_ids{{
    {ReporterMode::real_name, "real_name"},
    {ReporterMode::anonymous, "anonymous"},
}};
constexpr Table<ReporterMode, 2> k_mode_zh{{
    {ReporterMode::real_name, "实名"},
    {ReporterMode::anonymous, "匿名"},
}};

constexpr Table<ReportStatus, 7> k_status_ids{{
    {ReportStatus::registered, "registered"},
    {ReportStatus::accepted, "accepted"},
    {ReportStatus::forwarded_up, "forwarded_up"},
    {ReportStatus::forwarded_out, "forwarded_out"},
    {ReportStatus::not_accepted, "not_accepted"},
    {ReportStatus::in_handling, "in_handling"},
    {ReportStatus::concluded, "concluded"},
}};
constexpr Table<ReportStatus, 7> k_status_zh{{
    {ReportStatus::registered, "已登记"},
    {ReportStatus::accepted, "已受理"},
    {ReportStatus::forwarded_up, "已上报上级"},
    {ReportStatus::forwarded_out, "已转送"},
    {ReportStatus::not_accepted, "不予受理"},
    {ReportStatus::in_handling, "办理中"},
    {ReportStatus::concluded, "已办结"},
}};

constexpr Table<PublicStatus, 4> k_public_ids{{
    {PublicStatus::received, "received"},
    {PublicStatus::accepted, "accepted"},
    {PublicStatus::in_handling, "in_handling"},
    {PublicStatus::concluded, "concluded"},
}};
constexpr Table<PublicStatus, 4> k_public_zh{{
    {PublicStatus::received, "已收到"},
    {PublicStatus::accepted, "已受理"},
    {PublicStatus::in_handling, "办理中"},
    {PublicStatus::concluded, "已办结"},
}};

constexpr Table<HandlingLevel, 4> k_level_ids{{
    {HandlingLevel::township, "township"},
    {HandlingLevel::zone, "zone"},
    {HandlingLevel::county, "county"},
    {HandlingLevel::higher, "higher"},
}};
constexpr Table<HandlingLevel, 4> k_level_zh{{
    {HandlingLevel::township, "乡镇"},
    {HandlingLevel::zone, "协作区"},
    {HandlingLevel::county, "县纪委监委"},
    {HandlingLevel::higher, "上级纪委"},
}};

// ---- UTF-8 ----------------------------------------------------------------------------------

constexpr char32_t k_replacement = 0xFFFD;

// Decodes one code point at `pos` strictly (no overlong forms, no surrogates, ≤ U+10FFFF).
// Returns the code point and advances `pos`; on an invalid sequence returns nullopt and advances
// by one byte.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& pos) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char b0 = byte(pos);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
        value = b0 & 0x1F;
        minimum = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        value = b0 & 0x0F;
        minimum = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        value = b0 & 0x07;
        minimum = 0x10000;
    } else {
        ++pos;
        return std::nullopt;
    }
    if (pos + length > text.size()) {
        ++pos;
        return std::nullopt;
    }
    for (std::size_t i = 1; i < length; ++i) {
        unsigned char b = byte(pos + i);
        if ((b & 0xC0) != 0x80) {
            ++pos;
            return std::nullopt;
        }
        value = (value << 6) | (b & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        ++pos;
        return std::nullopt;
    }
    pos += length;
    return value;
}

struct Decoded {
    std::vector<char32_t> points;  // invalid bytes become U+FFFD
    bool valid = true;
};

Decoded decode(std::string_view text) {
    Decoded out;
    out.points.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto point = next_code_point(text, pos);
        if (point) {
            out.points.push_back(*point);
        } else {
            out.points.push_back(k_replacement);
            out.valid = false;
        }
    }
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

bool is_control(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

bool is_white_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x00A0 || c == 0x3000 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0xFEFF;
}

bool is_punctuation(char32_t c) {
    if (c < 0x80) {
        return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
               (c >= 0x7B && c <= 0x7E);
    }
    return (c >= 0x2010 && c <= 0x205E)     // general punctuation: dashes, quotes, …
           || (c >= 0x3001 && c <= 0x303F)  // CJK symbols and punctuation: 、。〈〉《》「」【】
           || (c >= 0xFF01 && c <= 0xFF0F)  // full-width ！＂＃＄％＆＇（）＊＋，－．／
           || (c >= 0xFF1A && c <= 0xFF20)  // ：；＜＝＞？＠
           || (c >= 0xFF3B && c <= 0xFF40)  // ［＼］＾＿｀
           || (c >= 0xFF5B && c <= 0xFF65)  // ｛｜｝～ and half-width 。「」、・
           || (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F) || c == 0x00B7 || c == 0x00A1 ||
           c == 0x00BF || c == 0x00AB || c == 0x00BB;
}

// A user's text quoted back in a message: at most 20 characters, and nothing that could break
// the message (invalid UTF-8 or control characters) — those are shown as "…".
std::string shown(std::string_view text) {
    auto decoded = decode(text);
    if (!decoded.valid) return "…";
    std::string out;
    std::size_t count = 0;
    for (char32_t c : decoded.points) {
        if (count == 20) {
            out += "…";
            break;
        }
        append_utf8(out, is_control(c) ? U'?' : c);
        ++count;
    }
    return out;
}

// ---- Field checks ---------------------------------------------------------------------------

class Errors {
  public:
    void add(std::string field, std::string code, std::string zh, std::string en) {
        m_errors.push_back({std::move(field), std::move(code), std::move(zh), std::move(en)});
    }
    std::vector<FieldError> take() { return std::move(m_errors); }

  private:
    std::vector<FieldError> m_errors;
};

// A single-line text field of at most `max_chars` characters. Returns false when it added an error.
bool check_line(Errors& errors, const std::string& field, std::string_view label_zh, std::string_view label_en,
                std::string_view text, std::size_t max_chars) {
    auto decoded = decode(text);
    if (!decoded.valid ||
        std::any_of(decoded.points.begin(), decoded.points.end(), [](char32_t c) { return is_control(c); })) {
        errors.add(field, "report.bad_text", fmt::format("{}含有无效字符（须为单行 UTF-8 文本）", label_zh),
                   fmt::format("{} contains invalid characters (single-line UTF-8 text expected)", label_en));
        return false;
    }
    auto length = decode(trim_space(text)).points.size();
    if (length > max_chars) {
        errors.add(field, "report.too_long",
                   fmt::format("{}不能超过 {} 个字（现有 {} 个）", label_zh, max_chars, length),
                   fmt::format("{} must be at most {} characters (it has {})", label_en, max_chars, length));
        return false;
    }
    return true;
}

void check_description(Errors& errors, std::string_view description) {
    auto decoded = decode(description);
    if (!decoded.valid) {
        errors.add("description", "report.invalid_utf8", "主要问题含有无效的字符编码（须为 UTF-8）",
                   "the description is not valid UTF-8");
        return;
    }
    const auto& points = decoded.points;
    for (std::size_t i = 0; i < points.size(); ++i) {
        char32_t c = points[i];
        bool allowed = c == '\n' || c == '\t' || (c == '\r' && i + 1 < points.size() && points[i + 1] == '\n');
        if (is_control(c) && !allowed) {
            errors.add("description", "report.control_character", "主要问题含有不允许的控制字符（只允许换行和制表符）",
                       "the description contains control characters (only newlines and tabs are allowed)");
            return;
        }
    }
    auto length = decode(trim_space(description)).points.size();
    if (length == 0) {
        errors.add("description", "report.description_required", "请填写主要问题",
                   "a description of the problem is required");
    } else if (length < k_description_min_chars) {
        errors.add("description", "report.description_too_short",
                   fmt::format("主要问题至少 {} 个字，请写明时间、地点、事实和证据（现有 {} 个字）",
                               k_description_min_chars, length),
                   fmt::format("the description needs at least {} characters: say when, where, what happened "
                               "and what evidence there is (it has {})",
                               k_description_min_chars, length));
    } else if (length > k_description_max_chars) {
        errors.add(
            "description", "report.description_too_long",
            fmt::format("主要问题不能超过 {} 个字（现有 {} 个字）", k_description_max_chars, length),
            fmt::format("the description must be at most {} characters (it has {})", k_description_max_chars, length));
    }
}

std::optional<std::string> present(const std::optional<std::string>& value) {
    if (!value || value->empty()) return std::nullopt;
    return value;
}

bool ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool looks_like_email(std::string_view text) {
    if (text.size() > 254) return false;
    auto at = text.find('@');
    if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
    auto local = text.substr(0, at);
    auto domain = text.substr(at + 1);
    if (local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos) {
        return false;
    }
    constexpr std::string_view k_local_symbols = "!#$%&'*+-/=?^_`{|}~.";
    for (char c : local) {
        if (!ascii_alnum(c) && k_local_symbols.find(c) == std::string_view::npos) return false;
    }
    std::size_t labels = 0;
    std::string_view last_label;
    while (true) {
        auto dot = domain.find('.');
        auto label = domain.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            if (!ascii_alnum(c) && c != '-') return false;
        }
        ++labels;
        last_label = label;
        if (dot == std::string_view::npos) break;
        domain.remove_prefix(dot + 1);
    }
    return labels >= 2 && last_label.size() >= 2 && std::all_of(last_label.begin(), last_label.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
           });
}

void check_places(Errors& errors, const ReportDraft& draft, const PlaceDirectory& places) {
    auto township = present(draft.township_code);
    auto village = present(draft.village_code);
    bool township_known = false;
    if (township) {
        township_known = places.villages_by_township.contains(*township);
        if (!township_known) {
            errors.add("township", "report.township_unknown", fmt::format("乡镇“{}”不在本县", shown(*township)),
                       fmt::format("township '{}' is not in this county", shown(*township)));
        }
    }
    if (!village) return;
    if (!township) {
        errors.add("village", "report.village_without_township", "填写村（社区）时须同时选择所属乡镇",
                   "a village needs its township");
        return;
    }
    if (!township_known) return;  // already reported on "township"
    if (places.villages_by_township.at(*township).contains(*village)) return;
    for (const auto& [other, villages] : places.villages_by_township) {
        if (villages.contains(*village)) {
            errors.add("village", "report.village_not_in_township",
                       fmt::format("村（社区）“{}”属于乡镇“{}”，不属于“{}”", shown(*village), other, shown(*township)),
                       fmt::format("village '{}' belongs to township '{}', not to '{}'", shown(*village), other,
                                   shown(*township)));
            return;
        }
    }
    errors.add("village", "report.village_unknown", fmt::format("村（社区）“{}”不在本县", shown(*village)),
               fmt::format("village '{}' is not in this county", shown(*village)));
}

bool has_name_or_post(const ReportedPerson& person) {
    return !trim_space(person.name).empty() || !trim_space(person.post).empty();
}

void check_persons(Errors& errors, const ReportDraft& draft, const PlaceDirectory& places) {
    if (draft.persons.size() > k_max_reported_persons) {
        errors.add(
            "persons", "report.too_many_persons",
            fmt::format("被反映人最多 {} 人（现有 {} 人）", k_max_reported_persons, draft.persons.size()),
            fmt::format("at most {} reported persons (there are {})", k_max_reported_persons, draft.persons.size()));
    }
    for (std::size_t i = 0; i < draft.persons.size(); ++i) {
        const auto& person = draft.persons[i];
        auto prefix = fmt::format("persons[{}]", i);
        auto number = i + 1;
        check_line(errors, prefix + ".name", fmt::format("第 {} 位被反映人的姓名", number),
                   fmt::format("the name of reported person {}", number), person.name, k_max_person_name_chars);
        check_line(errors, prefix + ".post", fmt::format("第 {} 位被反映人的职务", number),
                   fmt::format("the post of reported person {}", number), person.post, k_max_person_post_chars);
        if (!has_name_or_post(person) && !person.person_id) {
            errors.add(prefix, "report.person_empty", fmt::format("第 {} 位被反映人须填写姓名或职务", number),
                       fmt::format("reported person {} needs a name or a post", number));
        }
        if (auto township = present(person.township_code);
            township && !places.villages_by_township.contains(*township)) {
            errors.add(
                prefix + ".township", "report.township_unknown",
                fmt::format("第 {} 位被反映人所在乡镇“{}”不在本县", number, shown(*township)),
                fmt::format("the township '{}' of reported person {} is not in this county", shown(*township), number));
        }
    }
    if (draft.type == ReportType::accusation && !present(draft.township_code)) {
        bool someone = std::any_of(draft.persons.begin(), draft.persons.end(), has_name_or_post);
        if (!someone) {
            errors.add("persons", "report.subject_required", "检举控告须写明被反映人的姓名或职务，或者问题发生的乡镇",
                       "an accusation needs the name or post of a reported person, or the township concerned");
        }
    }
}

void check_problem_areas(Errors& errors, const std::vector<std::string>& codes) {
    std::set<std::string_view> seen;
    for (const auto& code : codes) {
        if (find_problem_area(code) == nullptr) {
            errors.add("problem_areas", "report.problem_area_unknown", fmt::format("问题领域“{}”不存在", shown(code)),
                       fmt::format("problem area '{}' does not exist", shown(code)));
        } else if (!seen.insert(code).second) {
            errors.add("problem_areas", "report.problem_area_duplicate",
                       fmt::format("问题领域“{}”重复", find_problem_area(code)->name_zh),
                       fmt::format("problem area '{}' is given twice", code));
        }
    }
}

void check_reporter(Errors& errors, const ReportDraft& draft) {
    check_line(errors, "reporter.name", "举报人姓名", "the reporter's name", draft.reporter_name,
               k_max_reporter_name_chars);
    auto contact = trim_space(draft.reporter_contact);
    if (!contact.empty() && !normalised_phone(contact) && !looks_like_email(contact)) {
        errors.add("reporter.contact", "report.bad_contact", "联系方式应为手机号、带区号的固定电话或电子邮箱",
                   "the contact must be a mobile number, a landline with its area code, or an e-mail address");
    }
    auto id_number = trim_space(draft.reporter_id_number);
    if (!id_number.empty() && !valid_resident_id_number(id_number)) {
        errors.add("reporter.id_number", "report.bad_id_number", "身份证号无效：应为 18 位居民身份证号码，且校验码正确",
                   "the ID number is invalid: an 18-character resident ID number with a correct check digit is "
                   "expected");
    }
    check_line(errors, "reporter.address", "举报人地址", "the reporter's address", draft.reporter_address,
               k_max_reporter_address_chars);
}

// ---- Repeat detection -----------------------------------------------------------------------

std::u32string name_key(std::string_view name) {
    std::u32string key;
    for (char32_t c : decode(name).points) {
        if (!is_white_space(c)) key.push_back(c);
    }
    return key;
}

std::optional<std::string> township_of(const ReportedPerson& person, const ReportFingerprint& report) {
    if (auto own = present(person.township_code)) return own;
    return present(report.township_code);
}

struct PersonMatch {
    double factor = 0;
    std::string name;
    bool by_id = false;
};

std::optional<PersonMatch> same_person(const ReportedPerson& a, const ReportFingerprint& report_a,
                                       const ReportedPerson& b, const ReportFingerprint& report_b) {
    if (a.person_id && b.person_id) {
        if (*a.person_id != *b.person_id) return std::nullopt;
        return PersonMatch{1.0, std::string(trim_space(a.name.empty() ? b.name : a.name)), true};
    }
    auto key = name_key(a.name);
    if (key.empty() || key != name_key(b.name)) return std::nullopt;
    auto township_a = township_of(a, report_a);
    auto township_b = township_of(b, report_b);
    if (township_a && township_b && *township_a != *township_b) return std::nullopt;
    double factor = township_a && township_b ? 0.9 : 0.75;
    return PersonMatch{factor, std::string(trim_space(a.name)), false};
}

std::vector<char32_t> comparable_points(std::string_view text) {
    std::vector<char32_t> out;
    for (char32_t c : decode(text).points) {
        if (is_white_space(c) || is_punctuation(c) || is_control(c)) continue;
        if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
        out.push_back(c);
    }
    return out;
}

std::set<std::pair<char32_t, char32_t>> bigrams(const std::vector<char32_t>& points) {
    std::set<std::pair<char32_t, char32_t>> out;
    if (points.size() == 1) out.insert({points[0], 0});
    for (std::size_t i = 0; i + 1 < points.size(); ++i) out.insert({points[i], points[i + 1]});
    return out;
}

// ---- Routing --------------------------------------------------------------------------------

bool upper_level_rank(Rank rank) {
    return rank == Rank::provincial_ministerial || rank == Rank::bureau || rank == Rank::county_division;
}

std::string person_label(const ReportedPerson& person) {
    if (!trim_space(person.name).empty()) return shown(trim_space(person.name));
    if (!trim_space(person.post).empty()) return shown(trim_space(person.post));
    if (person.person_id) return fmt::format("#{}", *person.person_id);
    return "?";
}

RoutingDecision decision(HandlingLevel level, std::string rule, std::string zh, std::string en) {
    RoutingDecision out;
    out.level = level;
    out.rule_code = std::move(rule);
    out.reason_zh = std::move(zh);
    out.reason_en = std::move(en);
    return out;
}

// ---- Query codes ----------------------------------------------------------------------------

constexpr std::string_view k_crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

std::string dashed(std::string_view symbols) {
    std::string out;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        if (i > 0 && i % 4 == 0) out.push_back('-');
        out.push_back(symbols[i]);
    }
    return out;
}

}  // namespace

// ---- Vocabulary -----------------------------------------------------------------------------

std::string_view to_string(Channel channel) {
    return name_of(k_channel_ids, channel);
}
std::optional<Channel> channel_from_string(std::string_view text) {
    return lookup(k_channel_ids, text);
}
std::string_view chinese_name(Channel channel) {
    return name_of(k_channel_zh, channel);
}

std::string_view to_string(ReportType type) {
    return name_of(k_type_ids, type);
}
std::optional<ReportType> report_type_from_string(std::string_view text) {
    return lookup(k_type_ids, text);
}
std::string_view chinese_name(ReportType type) {
    return name_of(k_type_zh, type);
}

std::string_view to_string(ReporterMode mode) {
    return name_of(k_mode_ids, mode);
}
std::optional<ReporterMode> reporter_mode_from_string(std::string_view text) {
    return lookup(k_mode_ids, text);
}
std::string_view chinese_name(ReporterMode mode) {
    return name_of(k_mode_zh, mode);
}

std::string_view to_string(ReportStatus status) {
    return name_of(k_status_ids, status);
}
std::optional<ReportStatus> report_status_from_string(std::string_view text) {
    return lookup(k_status_ids, text);
}
std::string_view chinese_name(ReportStatus status) {
    return name_of(k_status_zh, status);
}

std::string_view to_string(PublicStatus status) {
    return name_of(k_public_ids, status);
}
std::optional<PublicStatus> public_status_from_string(std::string_view text) {
    return lookup(k_public_ids, text);
}
std::string_view chinese_name(PublicStatus status) {
    return name_of(k_public_zh, status);
}

std::string_view to_string(HandlingLevel level) {
    return name_of(k_level_ids, level);
}
std::optional<HandlingLevel> handling_level_from_string(std::string_view text) {
    return lookup(k_level_ids, text);
}
std::string_view chinese_name(HandlingLevel level) {
    return name_of(k_level_zh, level);
}

PublicStatus public_status(ReportStatus status) {
    switch (status) {
        case ReportStatus::registered:
            return PublicStatus::received;
        case ReportStatus::accepted:
            return PublicStatus::accepted;
        case ReportStatus::in_handling:
            return PublicStatus::in_handling;
        case ReportStatus::forwarded_up:
        case ReportStatus::forwarded_out:
        case ReportStatus::not_accepted:
        case ReportStatus::concluded:
            return PublicStatus::concluded;
    }
    return PublicStatus::received;
}

// ---- Validation -----------------------------------------------------------------------------

bool valid_resident_id_number(std::string_view text) {
    if (text.size() != 18) return false;
    for (std::size_t i = 0; i < 17; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    char last = text[17] == 'x' ? 'X' : text[17];
    if (!((last >= '0' && last <= '9') || last == 'X')) return false;
    auto number = [&](std::size_t from, std::size_t length) {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    int year = number(6, 4);
    if (year < 1800 || year > 2099) return false;
    std::chrono::year_month_day birth{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(number(10, 2))},
                                      std::chrono::day{static_cast<unsigned>(number(12, 2))}};
    if (!birth.ok()) return false;
    constexpr std::array<int, 17> k_weights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (text[i] - '0') * k_weights[i];
    constexpr std::string_view k_check = "10X98765432";
    return k_check[static_cast<std::size_t>(sum % 11)] == last;
}

std::vector<FieldError> validate_report(const ReportDraft& draft, const PlaceDirectory& places, bool public_portal) {
    Errors errors;
    check_description(errors, draft.description);
    if (auto category = present(draft.category_code)) {
        if (find_violation_subcategory(*category) == nullptr) {
            errors.add("category", "report.category_unknown", fmt::format("问题类别“{}”不存在", shown(*category)),
                       fmt::format("category '{}' does not exist", shown(*category)));
        }
    } else if (public_portal) {
        errors.add("category", "report.category_required", "请选择问题类别", "please choose a category");
    }
    check_problem_areas(errors, draft.problem_area_codes);
    check_places(errors, draft, places);
    check_persons(errors, draft, places);
    check_reporter(errors, draft);
    return errors.take();
}

ReporterMode reporter_mode(const ReportDraft& draft, std::optional<bool> identity_verified) {
    if (identity_verified == false) return ReporterMode::anonymous;
    if (trim_space(draft.reporter_name).empty()) return ReporterMode::anonymous;
    if (!normalised_phone(trim_space(draft.reporter_contact))) return ReporterMode::anonymous;
    return ReporterMode::real_name;
}

// ---- Repeat detection -----------------------------------------------------------------------

double description_similarity(std::string_view a, std::string_view b) {
    auto set_a = bigrams(comparable_points(a));
    auto set_b = bigrams(comparable_points(b));
    if (set_a.empty() || set_b.empty()) return 0.0;
    std::size_t common = 0;
    for (const auto& gram : set_a) common += set_b.count(gram);
    auto all = set_a.size() + set_b.size() - common;
    return static_cast<double>(common) / static_cast<double>(all);
}

std::vector<RepeatCandidate> find_repeat_candidates(const ReportFingerprint& incoming,
                                                    const std::vector<ReportFingerprint>& earlier, double threshold) {
    std::vector<RepeatCandidate> out;
    auto incoming_category = present(incoming.category_code);
    const ViolationCategory* incoming_first = incoming_category ? category_of(*incoming_category) : nullptr;
    for (const auto& other : earlier) {
        if (incoming.id != 0 && other.id == incoming.id) continue;
        std::optional<PersonMatch> best_person;
        for (const auto& a : incoming.persons) {
            for (const auto& b : other.persons) {
                auto match = same_person(a, incoming, b, other);
                if (match && (!best_person || match->factor > best_person->factor)) best_person = match;
            }
        }
        if (!best_person) continue;

        double similarity = description_similarity(incoming.description, other.description);
        auto other_category = present(other.category_code);
        bool same_subcategory = incoming_category && other_category && *incoming_category == *other_category;
        bool same_first_level = incoming_first != nullptr && other_category &&
                                category_of(*other_category) == incoming_first && similarity >= 0.2;
        bool similar_text = similarity >= threshold;
        double matter = 0;
        std::string matter_zh;
        std::string matter_en;
        if (same_subcategory) {
            matter = 0.6 + 0.4 * similarity;
            const auto* sub = find_violation_subcategory(*incoming_category);
            matter_zh = fmt::format("问题类别相同（{}）", sub ? sub->name_zh : *incoming_category);
            matter_en = fmt::format("same category ({})", sub ? sub->name_en : *incoming_category);
        }
        if (same_first_level && 0.4 + 0.6 * similarity > matter) {
            matter = 0.4 + 0.6 * similarity;
            matter_zh = fmt::format("同属{}", incoming_first->name_zh);
            matter_en = fmt::format("both concern {}", incoming_first->name_en);
        }
        if (similar_text && similarity > matter) {
            matter = similarity;
            matter_zh = "反映内容相近";
            matter_en = "similar descriptions";
        }
        if (!same_subcategory && !same_first_level && !similar_text) continue;

        RepeatCandidate candidate;
        candidate.report_id = other.id;
        candidate.number = other.number;
        candidate.score = best_person->factor * matter;
        auto person_zh = best_person->by_id ? fmt::format("被反映人相同（{}，人员库同一人）", shown(best_person->name))
                                            : fmt::format("被反映人同名（{}）", shown(best_person->name));
        auto person_en =
            best_person->by_id
                ? fmt::format("same reported person ({}, linked to the same register entry)", shown(best_person->name))
                : fmt::format("reported person with the same name ({})", shown(best_person->name));
        candidate.reason_zh = fmt::format("{}；{}；内容相似度 {:.0f}%", person_zh, matter_zh, similarity * 100.0);
        candidate.reason_en =
            fmt::format("{}; {}; description similarity {:.0f}%", person_en, matter_en, similarity * 100.0);
        out.push_back(std::move(candidate));
    }
    std::sort(out.begin(), out.end(), [](const RepeatCandidate& a, const RepeatCandidate& b) {
        if (a.score != b.score) return a.score > b.score;
        return a.report_id < b.report_id;
    });
    return out;
}

// ---- Routing --------------------------------------------------------------------------------

RoutingDecision route_report(const RoutingInput& input) {
    for (const auto& person : input.persons) {
        if (person.commission_head) {
            auto out = decision(
                HandlingLevel::higher, "higher.commission_head",
                "反映县纪委监委主要负责人的问题，直接报送上级纪委监委；本级只登记回执，不得复制、摘抄、录入（检举控告工"
                "作规则第十五条）",
                "a report about the head of the county commission goes directly to the higher commission; only "
                "a receipt stub is kept here, no copy, excerpt or entry (accusation rules, Art. 15)");
            out.receipt_stub_only = true;
            return out;
        }
        if (person.rank && upper_level_rank(*person.rank)) {
            auto out = decision(
                HandlingLevel::higher, "higher.upper_cadre",
                fmt::format("被反映人{}为{}干部，属上级管理，应于 5 个工作日内报送上级纪委监委；本级只登记回执，"
                            "不得复制、摘抄、录入（检举控告工作规则第十一条、第十五条）",
                            person_label(person), chinese_name(*person.rank)),
                fmt::format("reported person {} is a {} cadre managed by a higher level: forward to the higher "
                            "commission within 5 working days; only a receipt stub is kept here, no copy, excerpt "
                            "or entry (accusation rules, Art. 11 and 15)",
                            person_label(person), to_string(*person.rank)));
            out.receipt_stub_only = true;
            return out;
        }
    }
    if (input.type != ReportType::accusation) {
        return decision(
            HandlingLevel::county, "county.petition_office",
            fmt::format("{}类信访由县纪委监委信访室办理", chinese_name(input.type)),
            fmt::format("reports of type {} are handled by the county petitions office itself", to_string(input.type)));
    }
    for (const auto& person : input.persons) {
        bool managed = person.managed_by_county_committee || person.township_leader ||
                       (person.rank && *person.rank == Rank::township_section);
        if (!managed) continue;
        std::string_view why_zh = person.township_leader               ? "乡镇领导班子成员"
                                  : person.managed_by_county_committee ? "县委管理干部"
                                                                       : "乡科级干部";
        std::string_view why_en = person.township_leader               ? "a member of a township's leadership"
                                  : person.managed_by_county_committee ? "managed by the county Party committee"
                                                                       : "a township/section-level cadre";
        return decision(HandlingLevel::county, "county.managed_cadre",
                        fmt::format("被反映人{}为{}，按管理权限由县纪委监委办理（检举控告工作规则第十一条）",
                                    person_label(person), why_zh),
                        fmt::format("reported person {} is {}: the county commission handles it by management "
                                    "authority (accusation rules, Art. 11)",
                                    person_label(person), why_en));
    }
    std::set<std::string> townships;
    for (const auto& person : input.persons) {
        if (auto township = present(person.township_code)) townships.insert(*township);
    }
    if (auto township = present(input.township_code)) townships.insert(*township);

    if (townships.size() > 1) {
        std::optional<std::string> zone;
        bool one_zone = true;
        for (const auto& township : townships) {
            auto found = input.zone_of_township.find(township);
            if (found == input.zone_of_township.end() || (zone && *zone != found->second)) {
                one_zone = false;
                break;
            }
            zone = found->second;
        }
        if (one_zone) {
            auto out = decision(HandlingLevel::zone, "zone.cross_township",
                                fmt::format("涉及 {} 个乡镇，均属同一协作区，由协作区统筹办理", townships.size()),
                                fmt::format("{} townships of the same collaboration zone are involved: the zone "
                                            "handles it",
                                            townships.size()));
            out.zone_id = zone;
            return out;
        }
        return decision(HandlingLevel::county, "county.cross_zone",
                        fmt::format("涉及 {} 个乡镇，不属同一协作区，由县纪委监委办理", townships.size()),
                        fmt::format("{} townships not all in one collaboration zone are involved: the county "
                                    "commission handles it",
                                    townships.size()));
    }
    if (townships.size() == 1) {
        const auto& township = *townships.begin();
        auto out = decision(HandlingLevel::township, "township.jurisdiction",
                            fmt::format("由乡镇 {} 纪委按管理权限办理", township),
                            fmt::format("the discipline commission of township {} handles it by management "
                                        "authority",
                                        township));
        out.township_code = township;
        if (auto found = input.zone_of_township.find(township); found != input.zone_of_township.end()) {
            out.zone_id = found->second;
        }
        return out;
    }
    return decision(HandlingLevel::county, "county.place_unknown", "未能确定被反映人所在乡镇，由县纪委监委信访室分办",
                    "no township is known: the county petitions office assigns it");
}

// ---- Query codes and numbers ----------------------------------------------------------------

std::string format_query_code(std::span<const unsigned char, 10> random_bytes) {
    std::string symbols;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : random_bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            symbols.push_back(k_crockford[(buffer >> bits) & 0x1F]);
        }
        buffer &= (1u << bits) - 1;
    }
    assert(bits == 0 && symbols.size() == 16);
    return dashed(symbols);
}

std::optional<std::string> normalise_query_code(std::string_view text) {
    if (text.size() > 64) return std::nullopt;
    std::string symbols;
    for (char c : text) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c == 'I' || c == 'L') c = '1';
        if (c == 'O') c = '0';
        if (k_crockford.find(c) == std::string_view::npos) return std::nullopt;
        symbols.push_back(c);
    }
    if (symbols.size() != 16) return std::nullopt;
    return dashed(symbols);
}

std::string format_report_number(std::string_view county_code, int year, long long sequence) {
    assert(year >= 1000 && year <= 9999 && sequence >= 0);
    return fmt::format("{}-{:04d}-{:06d}", county_code, year, sequence);
}

}  // namespace xzq::domain
