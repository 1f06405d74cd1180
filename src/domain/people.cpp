#include "domain/people.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "domain/divisions.hpp"

namespace xzq::domain {

std::string_view trim_space(std::string_view text) {
    constexpr std::string_view k_ideographic_space = "\xE3\x80\x80";
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        while (!text.empty() && std::string_view(" \t\r\n").find(text.front()) != std::string_view::npos) {
            text.remove_prefix(1);
            changed = true;
        }
        while (!text.empty() && std::string_view(" \t\r\n").find(text.back()) != std::string_view::npos) {
            text.remove_suffix(1);
            changed = true;
        }
        if (text.starts_with(k_ideographic_space)) {
            text.remove_prefix(k_ideographic_space.size());
            changed = true;
        }
        if (text.ends_with(k_ideographic_space)) {
            text.remove_suffix(k_ideographic_space.size());
            changed = true;
        }
    }
    return text;
}

namespace {

Error invalid(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, std::move(code), std::move(zh), std::move(en));
}

Error conflict(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::conflict, std::move(code), std::move(zh), std::move(en));
}

std::string trimmed(std::string_view text) {
    return std::string(trim_space(text));
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <class Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text) {
    for (const auto& [value, name] : table) {
        if (name == text) return value;
    }
    return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
    for (const auto& [v, name] : table) {
        if (v == value) return name;
    }
    return table[0].second;
}

constexpr std::array<std::pair<Rank, std::string_view>, 10> k_rank_ids{{
    {Rank::provincial_ministerial, "provincial_ministerial"},
    {Rank::bureau, "bureau"},
    {Rank::county_division, "county_division"},
    {Rank::township_section, "township_section"},
    {Rank::general_cadre, "general_cadre"},
    {Rank::village_cadre, "village_cadre"},
    {Rank::rural_other, "rural_other"},
    {Rank::enterprise, "enterprise"},
    {Rank::public_institution, "public_institution"},
    {Rank::other, "other"},
}};

constexpr std::array<std::pair<Rank, std::string_view>, 10> k_rank_zh{{
    {Rank::provincial_ministerial, "省部级"},
    {Rank::bureau, "厅局级"},
    {Rank::county_division, "县处级"},
    {Rank::township_section, "乡科级"},
    {Rank::general_cadre, "一般干部"},
    {Rank::village_cadre, "村(社区)干部"},
    {Rank::rural_other, "农村其他"},
    {Rank::enterprise, "企业"},
    {Rank::public_institution, "事业单位"},
    {Rank::other, "其他"},
}};

constexpr std::array<std::pair<PersonStatus, std::string_view>, 4> k_status_ids{{
    {PersonStatus::in_post, "in_post"},
    {PersonStatus::seconded, "seconded"},
    {PersonStatus::in_training, "in_training"},
    {PersonStatus::exited, "exited"},
}};

constexpr std::array<std::pair<PersonStatus, std::string_view>, 4> k_status_zh{{
    {PersonStatus::in_post, "在岗"},
    {PersonStatus::seconded, "借调"},
    {PersonStatus::in_training, "培训"},
    {PersonStatus::exited, "退出"},
}};

constexpr std::array<std::pair<RelationKind, std::string_view>, 5> k_relation_ids{{
    {RelationKind::kin, "kin"},
    {RelationKind::former_colleague, "former_colleague"},
    {RelationKind::former_posting, "former_posting"},
    {RelationKind::witness, "witness"},
    {RelationKind::interest, "interest"},
}};

constexpr std::array<std::pair<RelationKind, std::string_view>, 5> k_relation_zh{{
    {RelationKind::kin, "近亲属"},
    {RelationKind::former_colleague, "曾经同事"},
    {RelationKind::former_posting, "曾任职"},
    {RelationKind::witness, "证人"},
    {RelationKind::interest, "利害关系"},
}};

constexpr std::array<std::pair<SecondmentSource, std::string_view>, 2> k_source_ids{{
    {SecondmentSource::zone, "zone"},
    {SecondmentSource::county_pool, "county_pool"},
}};

constexpr std::array<std::pair<SecondmentState, std::string_view>, 3> k_state_ids{{
    {SecondmentState::requested, "requested"},
    {SecondmentState::approved, "approved"},
    {SecondmentState::rejected, "rejected"},
}};

}  // namespace

std::string_view to_string(Gender gender) {
    return gender == Gender::male ? "male" : "female";
}

std::optional<Gender> gender_from_text(std::string_view text) {
    auto lower = ascii_lower(text);
    if (lower == "male" || lower == "m" || text == "男") return Gender::male;
    if (lower == "female" || lower == "f" || text == "女") return Gender::female;
    return std::nullopt;
}

std::string_view to_string(Rank rank) {
    return name_of(k_rank_ids, rank);
}
std::string_view chinese_name(Rank rank) {
    return name_of(k_rank_zh, rank);
}
std::optional<Rank> rank_from_text(std::string_view text) {
    if (auto rank = lookup(k_rank_ids, text)) return rank;
    if (text == "村（社区）干部" || text == "村干部" || text == "社区干部") return Rank::village_cadre;
    return lookup(k_rank_zh, text);
}

std::string_view to_string(PersonStatus status) {
    return name_of(k_status_ids, status);
}
std::string_view chinese_name(PersonStatus status) {
    return name_of(k_status_zh, status);
}
std::optional<PersonStatus> person_status_from_text(std::string_view text) {
    if (auto status = lookup(k_status_ids, text)) return status;
    if (text == "在职") return PersonStatus::in_post;
    if (text == "培训中") return PersonStatus::in_training;
    if (text == "已退出") return PersonStatus::exited;
    return lookup(k_status_zh, text);
}

std::string_view to_string(RelationKind kind) {
    return name_of(k_relation_ids, kind);
}
std::string_view chinese_name(RelationKind kind) {
    return name_of(k_relation_zh, kind);
}
std::optional<RelationKind> relation_kind_from_text(std::string_view text) {
    if (auto kind = lookup(k_relation_ids, text)) return kind;
    return lookup(k_relation_zh, text);
}

std::string_view to_string(SecondmentSource source) {
    return name_of(k_source_ids, source);
}
std::optional<SecondmentSource> secondment_source_from_string(std::string_view text) {
    return lookup(k_source_ids, text);
}
std::string_view to_string(SecondmentState state) {
    return name_of(k_state_ids, state);
}
std::optional<SecondmentState> secondment_state_from_string(std::string_view text) {
    return lookup(k_state_ids, text);
}

// ---- Skills ---------------------------------------------------------------------------------

const std::vector<Skill>& builtin_skills() {
    static const std::vector<Skill> skills = {
        {"investigation", "审查调查", "investigation"},
        {"case_review", "审理", "case review"},
        {"financial_audit", "财务审计", "financial audit"},
        {"law", "法律", "law"},
        {"engineering", "工程", "engineering"},
        {"information_technology", "信息技术", "information technology"},
        {"rural_policy", "农村政策", "rural policy"},
        {"petitions", "信访", "petitions"},
        {"writing", "文字材料", "writing"},
    };
    return skills;
}

SkillCatalogue::SkillCatalogue() : m_skills(builtin_skills()) {}

SkillCatalogue::SkillCatalogue(const std::vector<Skill>& extra) : m_skills(builtin_skills()) {
    for (const auto& skill : extra) {
        if (!find(skill.code)) m_skills.push_back(skill);
    }
}

const Skill* SkillCatalogue::find(std::string_view text) const {
    auto lower = ascii_lower(text);
    for (const auto& skill : m_skills) {
        if (skill.code == lower || skill.name_zh == text || ascii_lower(skill.name_en) == lower) {
            return &skill;
        }
    }
    return nullptr;
}

Result<void> validate_skill(const Skill& skill) {
    const bool code_ok =
        !skill.code.empty() && skill.code.size() <= 40 && std::all_of(skill.code.begin(), skill.code.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
    if (!code_ok || skill.name_zh.empty() || skill.name_zh.size() > 60 || skill.name_en.empty() ||
        skill.name_en.size() > 60) {
        return invalid("people.bad_skill", "技能需要代码（小写字母、数字、下划线，不超过 40 个字符）和中英文名称",
                       "a skill needs a code (lower-case letters, digits, underscores, up to 40) "
                       "and Chinese and English names");
    }
    return Ok{};
}

// ---- Phone ----------------------------------------------------------------------------------

std::optional<std::string> normalised_phone(std::string_view text) {
    std::string compact;
    for (char c : trimmed(text)) {
        if (c == ' ' || c == '-' || c == '(' || c == ')') continue;
        compact.push_back(c);
    }
    if (compact.starts_with("+86")) {
        compact.erase(0, 3);
    } else if (compact.size() == 13 && compact.starts_with("86") && compact[2] == '1') {
        compact.erase(0, 2);
    }
    if (!digits(compact)) return std::nullopt;
    if (compact.size() == 11 && compact[0] == '1' && compact[1] >= '3' && compact[1] <= '9') {
        return compact;
    }
    if (compact[0] != '0' || compact.size() < 3) return std::nullopt;
    // Area codes: 010 and 020–029 have three digits, all others four (0371…).
    std::size_t area = (compact[1] == '1' || compact[1] == '2') ? 3 : 4;
    if (compact.size() <= area) return std::nullopt;
    if (area == 3 && compact[1] == '1' && compact[2] != '0') return std::nullopt;
    std::string local = compact.substr(area);
    if (local.size() < 7 || local.size() > 8 || local[0] == '0' || local[0] == '1') {
        return std::nullopt;
    }
    return compact.substr(0, area) + "-" + local;
}

// ---- Person ---------------------------------------------------------------------------------

Result<Person> validated_person(Person person, const SkillCatalogue& catalogue) {
    person.name = trimmed(person.name);
    if (person.name.empty() || person.name.size() > 50) {
        return invalid("people.bad_name", "姓名不能为空，且不超过 50 字节", "a name must be 1 to 50 bytes long");
    }
    if (!is_county_code(person.county_code)) {
        return invalid("people.bad_county", "人员必须属于一个有效的县", "a person must belong to a valid county");
    }
    if (!person.phone.empty()) {
        auto phone = normalised_phone(person.phone);
        if (!phone) {
            return invalid("people.bad_phone",
                           fmt::format("电话号码“{}”无效：应为 11 位手机号或带区号的固定电话", person.phone),
                           fmt::format("phone '{}' is invalid: use an 11-digit mobile number or a "
                                       "landline with its area code",
                                       person.phone));
        }
        person.phone = *phone;
    }
    if (person.external_id) {
        *person.external_id = trimmed(*person.external_id);
        if (person.external_id->empty()) {
            person.external_id.reset();
        } else if (person.external_id->size() > 40) {
            return invalid("people.bad_external_id", "编号不超过 40 字节", "an external id is at most 40 bytes");
        }
    }
    if (person.post.size() > 100) {
        return invalid("people.bad_post", "职务不超过 100 字节", "a post is at most 100 bytes");
    }
    if (person.home_township_code && (!is_township_code(*person.home_township_code) ||
                                      !person.home_township_code->starts_with(person.county_code))) {
        return invalid("people.bad_township", fmt::format("乡镇代码“{}”不属于本县", *person.home_township_code),
                       fmt::format("township code '{}' is not in the county", *person.home_township_code));
    }
    std::vector<std::string> skills;
    for (const auto& text : person.skills) {
        const Skill* skill = catalogue.find(trimmed(text));
        if (!skill) {
            return invalid("people.unknown_skill", fmt::format("未知技能“{}”", text),
                           fmt::format("unknown skill '{}'", text));
        }
        skills.push_back(skill->code);
    }
    std::sort(skills.begin(), skills.end());
    skills.erase(std::unique(skills.begin(), skills.end()), skills.end());
    person.skills = std::move(skills);
    return person;
}

Result<void> check_status_change(PersonStatus current, PersonStatus next, std::string_view reason, Date date,
                                 std::optional<Date> last_change) {
    if (current == next) {
        return conflict("people.status_unchanged", fmt::format("人员状态已是“{}”", chinese_name(next)),
                        fmt::format("the status is already {}", to_string(next)));
    }
    if (trimmed(reason).empty() || reason.size() > 500) {
        return invalid("people.status_reason", "状态变更必须填写原因（不超过 500 字节）",
                       "a status change needs a reason (at most 500 bytes)");
    }
    if (last_change && date < *last_change) {
        return invalid("people.status_backdated",
                       fmt::format("变更日期 {} 早于上一次变更日期 {}", format_date(date), format_date(*last_change)),
                       fmt::format("the change date {} is before the last change on {}", format_date(date),
                                   format_date(*last_change)));
    }
    return Ok{};
}

Result<void> validate_relationship(const Relationship& relationship, std::string_view county_code) {
    if (relationship.other_person_id.has_value() == relationship.place_code.has_value()) {
        return invalid("people.relation_target", "关系必须指向一个人或一个地点（二者选一）",
                       "a relationship names either a person or a place, not both or neither");
    }
    if (relationship.other_person_id && *relationship.other_person_id == relationship.person_id) {
        return invalid("people.relation_self", "不能声明与本人的关系",
                       "a person cannot declare a relationship with themselves");
    }
    if (relationship.place_code) {
        const auto& place = *relationship.place_code;
        if (!(is_township_code(place) || is_village_code(place)) || !place.starts_with(county_code)) {
            return invalid("people.relation_place", fmt::format("地点代码“{}”不是本县的乡镇或村", place),
                           fmt::format("place code '{}' is not a township or village of the county", place));
        }
    }
    if (relationship.note.size() > 500) {
        return invalid("people.relation_note", "说明不超过 500 字节", "a note is at most 500 bytes");
    }
    return Ok{};
}

// ---- Recusal --------------------------------------------------------------------------------

std::vector<RecusalReason> recusal_conflicts(const PersonRecord& candidate, const std::optional<PersonRecord>& subject,
                                             const std::optional<PersonRecord>& reporter,
                                             std::string_view case_township) {
    std::vector<RecusalReason> reasons;
    const long long me = candidate.person.id;
    auto declares = [](const PersonRecord& who, long long other, RelationKind kind) {
        return std::any_of(who.relationships.begin(), who.relationships.end(),
                           [&](const Relationship& r) { return r.kind == kind && r.other_person_id == other; });
    };
    // A tie counts whichever side declared it.
    auto tied = [&](const PersonRecord& other, RelationKind kind) {
        return declares(candidate, other.person.id, kind) || declares(other, me, kind);
    };
    auto add = [&](std::string code, std::string zh, std::string en) {
        reasons.push_back({std::move(code), std::move(zh), std::move(en)});
    };
    if (subject) {
        const auto& name = subject->person.name;
        if (subject->person.id == me) {
            add("recusal.is_subject", "本人即被反映人", "the candidate is the person concerned");
        }
        if (tied(*subject, RelationKind::kin)) {
            add("recusal.kin_of_subject", fmt::format("是被反映人{}的近亲属", name),
                fmt::format("close relative of the person concerned, {}", name));
        }
        if (tied(*subject, RelationKind::witness)) {
            add("recusal.witness", fmt::format("是涉及{}事项的证人", name),
                fmt::format("a witness in the matter of {}", name));
        }
        if (tied(*subject, RelationKind::interest)) {
            add("recusal.interest_with_subject", fmt::format("与被反映人{}有利害关系", name),
                fmt::format("has an interest with the person concerned, {}", name));
        }
        if (tied(*subject, RelationKind::former_colleague)) {
            add("recusal.former_colleague_of_subject", fmt::format("曾与被反映人{}共事", name),
                fmt::format("former colleague of the person concerned, {}", name));
        }
    }
    if (reporter) {
        const auto& name = reporter->person.name;
        if (reporter->person.id == me) {
            add("recusal.is_reporter", "本人即检举控告人", "the candidate is the reporter");
        }
        if (tied(*reporter, RelationKind::kin)) {
            add("recusal.kin_of_reporter", fmt::format("是检举控告人{}的近亲属", name),
                fmt::format("close relative of the reporter, {}", name));
        }
        if (tied(*reporter, RelationKind::interest)) {
            add("recusal.interest_with_reporter", fmt::format("与检举控告人{}有利害关系", name),
                fmt::format("has an interest with the reporter, {}", name));
        }
        if (tied(*reporter, RelationKind::witness)) {
            add("recusal.witness_with_reporter", fmt::format("是与检举控告人{}相关事项的证人", name),
                fmt::format("a witness in a matter of the reporter, {}", name));
        }
    }
    if (!case_township.empty()) {
        if (candidate.person.home_township_code == case_township) {
            add("recusal.home_township", fmt::format("户籍在案发乡镇 {}", case_township),
                fmt::format("home township is the township of the case, {}", case_township));
        }
        for (const auto& r : candidate.relationships) {
            if (!r.place_code || !r.place_code->starts_with(case_township)) continue;
            add(fmt::format("recusal.place_{}", to_string(r.kind)),
                fmt::format("与案发地 {} 有“{}”关系", *r.place_code, chinese_name(r.kind)),
                fmt::format("declared {} tie with {}, in the township of the case", to_string(r.kind), *r.place_code));
        }
    }
    return reasons;
}

// ---- Import ---------------------------------------------------------------------------------

namespace {

enum class Column { name, gender, phone, external_id, party_member, rank, post, unit, home_township, skills, status };

struct ColumnAlias {
    Column column;
    std::string_view zh;
    std::vector<std::string_view> aliases;  // compared after lower-casing ASCII
};

const std::vector<ColumnAlias>& column_aliases() {
    static const std::vector<ColumnAlias> table = {
        {Column::name, "姓名", {"姓名", "name"}},
        {Column::gender, "性别", {"性别", "gender"}},
        {Column::phone, "电话", {"电话", "手机", "联系电话", "phone"}},
        {Column::external_id, "编号", {"编号", "人员编号", "external_id", "id"}},
        {Column::party_member, "党员", {"党员", "是否党员", "party_member"}},
        {Column::rank, "职级", {"职级", "rank"}},
        {Column::post, "职务", {"职务", "post"}},
        {Column::unit, "单位", {"单位", "所在单位", "unit"}},
        {Column::home_township, "户籍乡镇", {"户籍乡镇", "乡镇代码", "home_township"}},
        {Column::skills, "技能", {"技能", "专长", "skills"}},
        {Column::status, "状态", {"状态", "status"}},
    };
    return table;
}

std::optional<bool> yes_no(std::string_view text) {
    auto lower = ascii_lower(text);
    if (text == "是" || lower == "yes" || lower == "true" || lower == "y" || text == "1") return true;
    if (text == "否" || lower == "no" || lower == "false" || lower == "n" || text == "0") return false;
    return std::nullopt;
}

std::vector<std::string> split_list(std::string_view text) {
    // Separators users type in Chinese and English: 、 ， ； , ; and white space.
    const std::vector<std::string_view> separators = {
        "\xE3\x80\x81", "\xEF\xBC\x8C", "\xEF\xBC\x9B", ",", ";", " ", "\t"};
    std::vector<std::string> out;
    std::string current;
    std::size_t i = 0;
    while (i < text.size()) {
        bool split = false;
        for (auto separator : separators) {
            if (text.substr(i).starts_with(separator)) {
                if (!current.empty()) out.push_back(std::move(current));
                current.clear();
                i += separator.size();
                split = true;
                break;
            }
        }
        if (!split) current.push_back(text[i++]);
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

}  // namespace

ImportCheck check_import(const Sheet& sheet, const ImportContext& context) {
    ImportCheck check;
    auto problem = [&](std::size_t row, std::string column, std::string code, std::string zh, std::string en) {
        check.problems.push_back({row, std::move(column), std::move(code), std::move(zh), std::move(en)});
    };

    std::map<Column, std::size_t> index;
    for (std::size_t i = 0; i < sheet.header.size(); ++i) {
        auto header = trimmed(sheet.header[i]);
        auto lower = ascii_lower(header);
        if (header.empty()) continue;
        const ColumnAlias* found = nullptr;
        for (const auto& alias : column_aliases()) {
            if (std::find(alias.aliases.begin(), alias.aliases.end(), lower) != alias.aliases.end()) {
                found = &alias;
                break;
            }
        }
        if (!found) {
            problem(1, header, "import.unknown_column", fmt::format("未知列“{}”", header),
                    fmt::format("unknown column '{}'", header));
        } else if (index.contains(found->column)) {
            problem(1, header, "import.duplicate_column", fmt::format("列“{}”重复", header),
                    fmt::format("column '{}' appears twice", header));
        } else {
            index[found->column] = i;
        }
    }
    if (!index.contains(Column::name)) {
        problem(1, "姓名", "import.no_name_column", "缺少“姓名”列", "the 'name' (姓名) column is missing");
    }
    if (sheet.rows.size() > context.max_rows) {
        problem(0, "", "import.too_many_rows",
                fmt::format("文件有 {} 行，一次最多导入 {} 行", sheet.rows.size(), context.max_rows),
                fmt::format("the file has {} rows; at most {} can be imported at once", sheet.rows.size(),
                            context.max_rows));
    }
    if (!check.problems.empty()) return check;

    auto header_of = [&](Column column) { return trimmed(sheet.header[index.at(column)]); };
    std::map<std::string, std::size_t> ids_in_file;  // external id → first row
    for (const auto& row : sheet.rows) {
        auto cell = [&](Column column) -> std::string {
            auto at = index.find(column);
            if (at == index.end() || at->second >= row.cells.size()) return "";
            return trimmed(row.cells[at->second]);
        };
        if (std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return trimmed(c).empty(); })) {
            continue;  // blank lines at the end of a sheet are not data
        }
        const std::size_t before = check.problems.size();
        auto bad = [&](Column column, std::string code, std::string zh, std::string en) {
            problem(row.number, header_of(column), std::move(code), std::move(zh), std::move(en));
        };
        if (row.cells.size() > sheet.header.size()) {
            bool extra_data = false;
            for (std::size_t i = sheet.header.size(); i < row.cells.size(); ++i) {
                extra_data = extra_data || !trimmed(row.cells[i]).empty();
            }
            if (extra_data) {
                problem(row.number, "", "import.extra_cells", "本行的单元格多于表头列数",
                        "this row has more cells than the header has columns");
            }
        }

        Person person;
        person.county_code = context.county_code;
        person.name = cell(Column::name);
        if (person.name.empty()) {
            bad(Column::name, "import.missing_name", "姓名为空", "the name is missing");
        } else if (person.name.size() > 50) {
            bad(Column::name, "import.long_name", "姓名超过 50 字节", "the name is longer than 50 bytes");
        }
        if (auto text = cell(Column::gender); !text.empty()) {
            person.gender = gender_from_text(text);
            if (!person.gender) {
                bad(Column::gender, "import.bad_gender", fmt::format("性别“{}”无效，应为 男 或 女", text),
                    fmt::format("gender '{}' is invalid; use 男 or 女 (male/female)", text));
            }
        }
        if (auto text = cell(Column::phone); !text.empty()) {
            if (auto phone = normalised_phone(text)) {
                person.phone = *phone;
            } else {
                bad(Column::phone, "import.bad_phone",
                    fmt::format("电话号码“{}”格式错误：应为 11 位手机号或带区号的固定电话", text),
                    fmt::format("phone '{}' is malformed: use an 11-digit mobile number or a "
                                "landline with its area code",
                                text));
            }
        }
        if (auto text = cell(Column::external_id); !text.empty()) {
            person.external_id = text;
            if (text.size() > 40) {
                bad(Column::external_id, "import.long_id", "编号超过 40 字节",
                    "the external id is longer than 40 bytes");
            } else if (auto first = ids_in_file.find(text); first != ids_in_file.end()) {
                bad(Column::external_id, "import.duplicate_id_in_file",
                    fmt::format("编号“{}”与第 {} 行重复", text, first->second),
                    fmt::format("external id '{}' repeats row {}", text, first->second));
            } else if (context.existing_external_ids.contains(text)) {
                bad(Column::external_id, "import.duplicate_id_in_db", fmt::format("编号“{}”已在干部库中", text),
                    fmt::format("external id '{}' is already in the cadre pool", text));
            }
            ids_in_file.emplace(text, row.number);
        }
        if (auto text = cell(Column::party_member); !text.empty()) {
            if (auto yes = yes_no(text)) {
                person.party_member = *yes;
            } else {
                bad(Column::party_member, "import.bad_party_member",
                    fmt::format("党员一栏“{}”无效，应为 是 或 否", text),
                    fmt::format("party member '{}' is invalid; use 是 or 否 (yes/no)", text));
            }
        }
        if (auto text = cell(Column::rank); !text.empty()) {
            person.rank = rank_from_text(text);
            if (!person.rank) {
                bad(Column::rank, "import.unknown_rank", fmt::format("未知职级“{}”", text),
                    fmt::format("unknown rank '{}'", text));
            }
        }
        person.post = cell(Column::post);
        if (person.post.size() > 100) {
            bad(Column::post, "import.long_post", "职务超过 100 字节", "the post is longer than 100 bytes");
        }
        if (auto text = cell(Column::unit); !text.empty()) {
            if (auto unit = context.unit_by_name.find(text); unit != context.unit_by_name.end()) {
                person.org_unit_id = unit->second;
            } else {
                bad(Column::unit, "import.unknown_unit", fmt::format("本县没有名为“{}”的单位", text),
                    fmt::format("the county has no unit named '{}'", text));
            }
        }
        if (auto text = cell(Column::home_township); !text.empty()) {
            if (context.township_codes.contains(text)) {
                person.home_township_code = text;
            } else {
                bad(Column::home_township, "import.unknown_township", fmt::format("乡镇代码“{}”不是本县的乡镇", text),
                    fmt::format("township code '{}' is not a township of the county", text));
            }
        }
        if (auto text = cell(Column::skills); !text.empty()) {
            for (const auto& name : split_list(text)) {
                if (const Skill* skill = context.skills.find(name)) {
                    person.skills.push_back(skill->code);
                } else {
                    bad(Column::skills, "import.unknown_skill", fmt::format("未知技能“{}”", name),
                        fmt::format("unknown skill '{}'", name));
                }
            }
            std::sort(person.skills.begin(), person.skills.end());
            person.skills.erase(std::unique(person.skills.begin(), person.skills.end()), person.skills.end());
        }
        if (auto text = cell(Column::status); !text.empty()) {
            if (auto status = person_status_from_text(text)) {
                person.status = *status;
            } else {
                bad(Column::status, "import.unknown_status", fmt::format("未知状态“{}”", text),
                    fmt::format("unknown status '{}'", text));
            }
        }
        if (check.problems.size() == before) check.people.push_back(std::move(person));
    }
    if (!check.problems.empty()) check.people.clear();  // a bad file is rejected whole
    return check;
}

// ---- Secondment -----------------------------------------------------------------------------

Result<Secondment> plan_secondment(const SecondmentRequest& request, const SecondmentFacts& facts) {
    auto title = trimmed(request.task_title);
    if (title.empty() || title.size() > 200) {
        return invalid("secondment.bad_title", "任务名称不能为空，且不超过 200 字节",
                       "the task title must be 1 to 200 bytes long");
    }
    if (request.to < request.from) {
        return invalid("secondment.bad_dates",
                       fmt::format("结束日期 {} 早于开始日期 {}", format_date(request.to), format_date(request.from)),
                       fmt::format("the end date {} is before the start date {}", format_date(request.to),
                                   format_date(request.from)));
    }
    if (add_days(request.from, 366) <= request.to) {
        return invalid("secondment.too_long", "一次借调不超过一年（一案一借）",
                       "a secondment lasts at most one year (one task, one secondment)");
    }
    if (facts.person_status == PersonStatus::exited) {
        return conflict("secondment.person_exited", fmt::format("{}已退出干部库，不能借调", facts.person_name),
                        fmt::format("{} has left the cadre pool and cannot be seconded", facts.person_name));
    }
    if (!facts.zone_chief_person_id || *facts.zone_chief_person_id != request.requested_by_person_id) {
        return make_error(ErrorKind::forbidden, "secondment.not_zone_chief", "只有本协作区负责人可以调配干部",
                          "only the zone's chief may second cadres");
    }
    for (const auto& other : facts.person_secondments) {
        if (!other.claims_time()) continue;
        if (other.from <= request.to && request.from <= other.last_day()) {
            return conflict("secondment.overlap",
                            fmt::format("{}在 {} 至 {} 已借调于任务“{}”，与本次借调时间重叠", facts.person_name,
                                        format_date(other.from), format_date(other.last_day()), other.task_title),
                            fmt::format("{} is already seconded to '{}' from {} to {}, which overlaps this "
                                        "secondment",
                                        facts.person_name, other.task_title, format_date(other.from),
                                        format_date(other.last_day())));
        }
    }
    const bool in_zone = std::any_of(facts.person_townships.begin(), facts.person_townships.end(),
                                     [&](const std::string& t) { return facts.zone_townships.contains(t); });
    Secondment secondment;
    secondment.county_code = request.county_code;
    secondment.person_id = request.person_id;
    secondment.zone_id = request.zone_id;
    secondment.task_title = title;
    secondment.from = request.from;
    secondment.to = request.to;
    secondment.requested_by_person_id = request.requested_by_person_id;
    secondment.source = in_zone ? SecondmentSource::zone : SecondmentSource::county_pool;
    secondment.state = in_zone ? SecondmentState::approved : SecondmentState::requested;
    secondment.note = trimmed(request.note);
    return secondment;
}

Result<Secondment> decide_secondment(Secondment secondment, bool approve, long long approver,
                                     bool approver_is_county_leader, Date day) {
    if (secondment.state != SecondmentState::requested) {
        return conflict("secondment.not_requested", "该借调不在待审批状态", "this secondment is not awaiting approval");
    }
    if (!approver_is_county_leader) {
        return make_error(ErrorKind::forbidden, "secondment.not_county_leader",
                          "县级干部库的借调须由县纪委监委领导审批",
                          "secondments from the county pool are approved by a county commission leader");
    }
    secondment.state = approve ? SecondmentState::approved : SecondmentState::rejected;
    secondment.decided_by_person_id = approver;
    secondment.decided_on = day;
    return secondment;
}

Result<Secondment> release_secondment(Secondment secondment, Date day) {
    if (secondment.state != SecondmentState::approved) {
        return conflict("secondment.not_active", "只有已批准的借调可以提前结束",
                        "only an approved secondment can be released");
    }
    if (secondment.released_on) {
        return conflict(
            "secondment.already_released", fmt::format("该借调已于 {} 结束", format_date(*secondment.released_on)),
            fmt::format("this secondment was already released on {}", format_date(*secondment.released_on)));
    }
    if (day >= secondment.to) {
        return invalid("secondment.release_after_end",
                       fmt::format("借调本就于 {} 结束，无需提前结束", format_date(secondment.to)),
                       fmt::format("the secondment ends on {} anyway", format_date(secondment.to)));
    }
    // The day before the start cancels a secondment that has not begun.
    if (day < add_days(secondment.from, -1)) {
        return invalid("secondment.release_before_start",
                       fmt::format("结束日期不能早于开始日期 {} 的前一天", format_date(secondment.from)),
                       fmt::format("the release date cannot be earlier than the day before the "
                                   "start, {}",
                                   format_date(secondment.from)));
    }
    secondment.released_on = day;
    return secondment;
}

int workload(const std::vector<Secondment>& secondments_of_person, Date day, int other_assignments) {
    auto active = std::count_if(secondments_of_person.begin(), secondments_of_person.end(),
                                [&](const Secondment& s) { return s.active_on(day); });
    return static_cast<int>(active) + other_assignments;
}

}  // namespace xzq::domain
