#pragma once
// The cadre pool (干部库): people with their posts, skills and status, the entry/exit record
// (dynamic management), declared relationships kept for recusal (domain.md §5.1), the rows of
// a people import, and secondments (统筹调配) of cadres to zone tasks.
//
// Pure values and rules: no I/O, no clock — callers pass "today" in.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/organisation.hpp"

namespace xzq::domain {

enum class Gender { male, female };
std::string_view to_string(Gender gender);
// Accepts the identifier or the Chinese word (男/女).
std::optional<Gender> gender_from_text(std::string_view text);

// Ranks used in the statistics (domain.md §8.1).
enum class Rank {
    provincial_ministerial,  // 省部级
    bureau,                  // 厅局级
    county_division,         // 县处级
    township_section,        // 乡科级
    general_cadre,           // 一般干部
    village_cadre,           // 村(社区)干部
    rural_other,             // 农村其他
    enterprise,              // 企业
    public_institution,      // 事业单位
    other,                   // 其他
};
std::string_view to_string(Rank rank);
std::string_view chinese_name(Rank rank);
std::optional<Rank> rank_from_text(std::string_view text);

enum class PersonStatus { in_post, seconded, in_training, exited };
std::string_view to_string(PersonStatus status);
std::string_view chinese_name(PersonStatus status);
std::optional<PersonStatus> person_status_from_text(std::string_view text);

// A skill of the cadre pool. The built-in list can be extended per county; skills are stored
// by code.
struct Skill {
    std::string code;
    std::string name_zh;
    std::string name_en;
};

const std::vector<Skill>& builtin_skills();

class SkillCatalogue {
  public:
    SkillCatalogue();  // the built-in skills
    explicit SkillCatalogue(const std::vector<Skill>& extra);
    // Finds a skill by code, Chinese or English name.
    [[nodiscard]] const Skill* find(std::string_view text) const;
    [[nodiscard]] const std::vector<Skill>& skills() const { return m_skills; }

  private:
    std::vector<Skill> m_skills;
};

Result<void> validate_skill(const Skill& skill);

// A mainland mobile number (1[3-9] and 9 digits, "+86" and separators tolerated) or a landline
// with its area code (010, 02x, or 0 and 3 digits, then 7–8 digits). Returns the normalised
// form: "13812345678" or "0371-22345678"; nullopt when malformed.
std::optional<std::string> normalised_phone(std::string_view text);

// Without ASCII white space and the ideographic space (U+3000) at either end, which typed forms
// and spreadsheets often carry.
std::string_view trim_space(std::string_view text);

struct Person {
    long long id = 0;
    std::string county_code;
    std::string name;
    std::optional<Gender> gender;
    std::string phone;                       // normalised; may be empty
    std::optional<std::string> external_id;  // e.g. the personnel number; unique in the county
    bool party_member = false;
    std::optional<Rank> rank;
    std::string post;  // 职务
    std::optional<long long> org_unit_id;
    bool leads_unit = false;  // heads the unit (主任, 书记…)
    std::optional<std::string> home_township_code;
    std::vector<std::string> skills;  // skill codes, sorted, unique
    PersonStatus status = PersonStatus::in_post;
};

// Field rules of a person (name present and ≤ 50 bytes, phone normalised, township in the
// county, skills known); returns the person with phone and skills normalised.
Result<Person> validated_person(Person person, const SkillCatalogue& catalogue);

// One line of the entry/exit record: every status change, never edited afterwards.
struct StatusChange {
    long long id = 0;
    long long person_id = 0;
    Date date;
    std::optional<PersonStatus> from;  // absent for the entry into the pool
    PersonStatus to = PersonStatus::in_post;
    std::string reason;
    std::string recorded_by;
};

// A status change is allowed when the status really changes, a reason is given, and it is not
// dated before the last recorded change.
Result<void> check_status_change(PersonStatus current, PersonStatus next, std::string_view reason, Date date,
                                 std::optional<Date> last_change);

enum class RelationKind { kin, former_colleague, former_posting, witness, interest };
std::string_view to_string(RelationKind kind);
std::string_view chinese_name(RelationKind kind);
std::optional<RelationKind> relation_kind_from_text(std::string_view text);

// A declared relationship of a person with another person or with a place (township or village
// code), kept for recusal checks.
struct Relationship {
    long long id = 0;
    long long person_id = 0;
    RelationKind kind = RelationKind::kin;
    std::optional<long long> other_person_id;
    std::optional<std::string> place_code;
    std::string note;
    Date declared_on;
};

Result<void> validate_relationship(const Relationship& relationship, std::string_view county_code);

struct PersonRecord {
    Person person;
    std::vector<Relationship> relationships;
};

struct RecusalReason {
    std::string code;  // stable, e.g. "recusal.kin_of_subject"
    std::string message_zh;
    std::string message_en;
};

// Why `candidate` should not work on a matter concerning `subject` (the person reported or
// investigated), reported by `reporter`, arising in `case_township`: being one of them, kinship,
// witness or interest with either (declared by either side), a former colleague of the subject,
// or ties to the township of the case (home township, former posting, interest in a place
// there). Empty when there is no conflict.
std::vector<RecusalReason> recusal_conflicts(const PersonRecord& candidate, const std::optional<PersonRecord>& subject,
                                             const std::optional<PersonRecord>& reporter,
                                             std::string_view case_township);

// ---- Import -------------------------------------------------------------------------------

// A file read into rows of text (CSV or a spreadsheet's first sheet).
struct SheetRow {
    std::size_t number = 0;  // the row number the user sees in the file (1 = header)
    std::vector<std::string> cells;
};

struct Sheet {
    std::vector<std::string> header;
    std::vector<SheetRow> rows;
};

struct ImportProblem {
    std::size_t row = 0;
    std::string column;  // the column header as in the file (or its standard name)
    std::string code;
    std::string message_zh;
    std::string message_en;
};

// What an import is checked against.
struct ImportContext {
    std::string county_code;
    std::set<std::string> township_codes;           // the county's townships
    std::set<std::string> existing_external_ids;    // already in the pool
    std::map<std::string, long long> unit_by_name;  // org units of the county, by name
    SkillCatalogue skills;
    std::size_t max_rows = 5000;
};

struct ImportCheck {
    std::vector<Person> people;           // valid rows, in file order (empty when any problem)
    std::vector<ImportProblem> problems;  // every problem of every row
    [[nodiscard]] bool ok() const { return problems.empty(); }
};

// Columns, by Chinese or English header: 姓名/name (required), 性别/gender, 电话/phone,
// 编号/external_id, 党员/party_member, 职级/rank, 职务/post, 单位/unit, 户籍乡镇/home_township,
// 技能/skills (separated by 、,;，；or spaces), 状态/status. Unknown columns are problems too,
// because a misspelt header would silently drop data.
ImportCheck check_import(const Sheet& sheet, const ImportContext& context);

// ---- Secondment (统筹调配) -------------------------------------------------------------------

enum class SecondmentSource { zone, county_pool };
enum class SecondmentState { requested, approved, rejected };
std::string_view to_string(SecondmentSource source);
std::optional<SecondmentSource> secondment_source_from_string(std::string_view text);
std::string_view to_string(SecondmentState state);
std::optional<SecondmentState> secondment_state_from_string(std::string_view text);

struct Secondment {
    long long id = 0;
    std::string county_code;
    long long person_id = 0;
    long long zone_id = 0;
    std::string task_title;
    Date from;  // first day
    Date to;    // last day, inclusive
    long long requested_by_person_id = 0;
    SecondmentSource source = SecondmentSource::zone;
    SecondmentState state = SecondmentState::approved;
    std::optional<long long> decided_by_person_id;
    std::optional<Date> decided_on;
    std::optional<Date> released_on;  // released early: the last day worked
    std::string note;

    // The last day of the secondment once an early release is taken into account.
    [[nodiscard]] Date last_day() const { return released_on && *released_on < to ? *released_on : to; }
    // Counts as holding the cadre on `day` (approved and within its dates).
    [[nodiscard]] bool active_on(Date day) const {
        return state == SecondmentState::approved && from <= day && day <= last_day();
    }
    // Still claims the cadre's time (not rejected); used for overlap checks.
    [[nodiscard]] bool claims_time() const { return state != SecondmentState::rejected; }
};

struct SecondmentRequest {
    std::string county_code;
    long long person_id = 0;
    long long zone_id = 0;
    std::string task_title;
    Date from;
    Date to;
    long long requested_by_person_id = 0;
    std::string note;
};

// Facts the rule needs, resolved by the service.
struct SecondmentFacts {
    std::string person_name;
    PersonStatus person_status = PersonStatus::in_post;
    // Townships the cadre lives or works in (home township, township of the post's unit).
    std::vector<std::string> person_townships;
    // Townships of the zone on the start date.
    std::set<std::string> zone_townships;
    std::optional<long long> zone_chief_person_id;
    std::vector<Secondment> person_secondments;  // every secondment of the cadre
};

// The secondment the request becomes: approved at once when the cadre's township is in the zone
// on the start date, otherwise a request to the county pool awaiting approval. Refused for an
// exited cadre, a requester who is not the zone's chief, bad dates or an overlap.
Result<Secondment> plan_secondment(const SecondmentRequest& request, const SecondmentFacts& facts);

// Approve or reject a county-pool request; `approver_is_county_leader` is resolved by the caller.
Result<Secondment> decide_secondment(Secondment secondment, bool approve, long long approver,
                                     bool approver_is_county_leader, Date day);
// Ends a secondment early: `day` becomes its last day.
Result<Secondment> release_secondment(Secondment secondment, Date day);

// Active secondments on `day` plus the number of other assignments (case teams, later) the
// caller counts.
int workload(const std::vector<Secondment>& secondments_of_person, Date day, int other_assignments = 0);

}  // namespace xzq::domain
