#pragma once
// Ports of the case workflow (线索 → 案件 → 卷宗): the case file with its position in the workflow,
// the journal of steps, the approvals recorded for the next step, the team, the documents, and
// the notices of deadline supervision (督办). Storage adapters implement them; every call is one
// transaction and implementations are safe to call from several threads.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/case_workflow.hpp"
#include "domain/people.hpp"
#include "domain/sanctions.hpp"
#include "services/report_ports.hpp"

namespace xzq::services {

// The person a case concerns, with the facts the decision rules need.
struct CaseSubject {
    std::string name;
    std::string post;
    std::optional<long long> person_id;
    domain::SubjectFacts facts;
};

struct CaseRecord {
    long long id = 0;
    std::string county_code;
    std::string number;  // e.g. "410225-XS-2026-0001"
    std::optional<long long> report_id;
    std::string source;  // report | supervision | inspection | transfer | self_report | other
    std::string title;
    domain::CasePosition position;
    std::optional<std::string> township_code;  // the subject's township, where a township case is handled
    std::optional<long long> zone_id;          // the township's zone when the case was opened
    CaseSubject subject;
    std::set<domain::WorkflowCondition> facts;  // case facts for the workflow (实名举报, 函询 …)
    bool important_or_complex = false;
    std::optional<domain::CaseDecision> decision;
    int four_form = 0;
    domain::Date opened_on;
    std::optional<domain::Date> closed_on;
    std::optional<std::string> archived_at;
    std::optional<std::string> archive_digest;
};

struct CaseApproval {
    long long id = 0;
    long long case_id = 0;
    std::string action;  // the step the approval is for
    domain::ApprovalRole role = domain::ApprovalRole::commission_head;
    long long by_user = 0;
    std::string by_name;
    std::string opinion;
    std::string at;
    std::optional<long long> step_id;  // set when the step it approved was taken
};

struct CaseStep {
    long long id = 0;
    long long case_id = 0;
    std::string at;
    std::string actor;
    std::string action;
    domain::CaseState from = domain::CaseState::clue_registered;
    domain::CaseState to = domain::CaseState::clue_registered;
    std::string reason;
    std::map<std::string, std::string> fields;
    std::vector<CaseApproval> approvals;  // the approvals this step used
};

enum class CaseRole { investigator, reviewer, verifier };
std::string_view to_string(CaseRole role);
std::optional<CaseRole> case_role_from_string(std::string_view text);
std::string_view chinese_name(CaseRole role);

struct CaseMember {
    long long id = 0;
    long long case_id = 0;
    long long person_id = 0;
    CaseRole role = CaseRole::investigator;
    bool leader = false;
    domain::Date assigned_on;
    std::string assigned_by;
    std::string reason;
    std::optional<std::string> declared_at;  // 回避声明 signed
    std::string declaration;
    std::optional<domain::Date> removed_on;
    std::optional<std::string> removal_reason;
    [[nodiscard]] bool active() const { return !removed_on.has_value(); }
};

struct CaseDocument {
    long long id = 0;
    long long case_id = 0;
    domain::CaseState stage = domain::CaseState::clue_registered;
    std::string kind;  // upload | form
    std::string title;
    std::string file_name;
    std::string mime;
    long long size = 0;
    std::string sha256;
    std::string storage_key;
    bool generated = false;
    std::string created_at;
    std::string created_by;
};

struct Notice {
    long long id = 0;
    std::string county_code;
    std::string scope;  // a data scope ("zone:1", "county:410225") whose holders see it
    std::string title;
    std::string body;
    std::string link;
    std::string created_at;
    std::string dedupe_key;  // one notice per overdue item and escalation level
    bool read = false;       // for the user who asked
};

// One move of a case, written in one transaction: the new position and fields, the step, the
// approvals it used, deadline changes, and an optional generated form.
struct CaseChange {
    CaseRecord record;
    std::optional<domain::CaseState> expected_state;  // refused (conflict) when another move came first
    std::optional<CaseStep> step;
    std::vector<long long> used_approvals;
    std::vector<DeadlineRecord> new_deadlines;
    std::vector<std::string> complete_rules;
    std::vector<std::string> cancel_rules;
    std::vector<std::string> pause_rules;
    std::vector<std::string> resume_rules;
    domain::Date today;
    std::optional<CaseDocument> document;
};

class CaseRepository {
  public:
    virtual ~CaseRepository() = default;
    // Reserves the next id and the county's next clue number of the year.
    virtual Result<std::pair<long long, long long>> reserve_case_id(std::string_view county_code, int year) = 0;
    virtual Result<CaseRecord> add_case(const CaseRecord& record, const CaseStep& first_step,
                                        const std::vector<DeadlineRecord>& deadlines) = 0;
    virtual Result<void> apply(const CaseChange& change) = 0;
    virtual Result<std::optional<CaseRecord>> case_file(long long id) = 0;
    virtual Result<std::optional<CaseRecord>> case_of_report(long long report_id) = 0;
    virtual Result<std::vector<CaseRecord>> cases(std::string_view county_code) = 0;
    virtual Result<std::vector<CaseStep>> steps(long long case_id) = 0;

    virtual Result<CaseApproval> add_approval(std::string_view county_code, const CaseApproval& approval) = 0;
    // Approvals recorded and not yet used by a step.
    virtual Result<std::vector<CaseApproval>> pending_approvals(long long case_id) = 0;

    virtual Result<std::vector<CaseMember>> members(long long case_id) = 0;
    // Active case memberships of a person (their current case load).
    virtual Result<int> active_assignments(long long person_id) = 0;
    virtual Result<void> add_members(std::string_view county_code, const std::vector<CaseMember>& members,
                                     const std::optional<CaseStep>& step) = 0;
    virtual Result<void> update_member(const CaseMember& member) = 0;

    virtual Result<CaseDocument> add_document(std::string_view county_code, const CaseDocument& document) = 0;
    virtual Result<std::vector<CaseDocument>> documents(long long case_id) = 0;

    // Adds the notice unless one with its dedupe key exists; true when added.
    virtual Result<bool> add_notice(const Notice& notice) = 0;
    virtual Result<std::vector<Notice>> notices(std::string_view county_code, long long user_id) = 0;
    virtual Result<void> mark_notice_read(long long notice_id, long long user_id, std::string_view at) = 0;
};

}  // namespace xzq::services
