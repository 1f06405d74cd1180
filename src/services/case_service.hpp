#pragma once
// Use cases of the case workflow (线索 → 案件 → 卷宗): opening a clue from an accepted report or
// another source, moving it through the workflow table of domain/case_workflow.hpp with the
// approvals recorded by the right people, validating decisions against the sanction rules of
// domain/sanctions.hpp, proposing and confirming 异地办案 teams with the planning solver and the
// recusal rules, the case file's documents, its ZIP export and archive, and the notices of
// deadline supervision (督办).
//
// Every call checks the principal's action and the case's data scope (a township case is seen by
// its township, its zone and the county); a case outside the scope is not found. An archived
// case refuses every change with `case.archived` (conflict). Callers audit the calls.
// Thread-safe when its ports are.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/access.hpp"
#include "security/sealing.hpp"
#include "services/case_ports.hpp"
#include "services/deadline_service.hpp"
#include "services/people_ports.hpp"
#include "services/report_ports.hpp"

namespace xzq::services {

struct NewClue {
    std::string title;
    std::string source = "other";
    std::optional<std::string> township_code;
    CaseSubject subject;
    std::string summary;
    bool important_or_complex = false;
};

struct TransitionRequest {
    std::string action;
    std::string reason;
    std::map<std::string, std::string> fields;
    std::optional<domain::CaseApprovalPath> path = {};
    std::optional<domain::CaseDecision> decision = {};
};

struct AvailableStep {
    const domain::CaseTransition* transition = nullptr;
    bool allowed = false;                                          // the user holds the permission on this case
    std::vector<std::pair<domain::ApprovalRole, bool>> approvals;  // required role, already given
};

struct CaseView {
    CaseRecord record;
    std::vector<CaseStep> steps;
    std::vector<CaseMember> members;
    std::map<long long, domain::Person> people;  // the members and the subject, by id
    std::map<long long, std::string> townships;  // where each member works (unit's township, else home)
    std::vector<CaseDocument> documents;
    std::vector<CaseApproval> pending_approvals;
    std::vector<AvailableStep> available;
    std::vector<DeadlineItem> deadlines;
    std::vector<domain::InfluencePeriod> influence;
    std::optional<std::string> zone_name;
    std::optional<std::string> report_number;
};

struct TeamRequest {
    CaseRole role = CaseRole::investigator;
    int size = 3;
    std::vector<std::string> skills;
    bool need_leader = true;
    std::vector<long long> excluded_people;  // e.g. a member just removed
};

struct TeamSuggestion {
    bool found = false;
    std::string message_zh, message_en;
    std::string binding;
    int tier_used = -1;
    struct Member {
        long long person_id = 0;
        std::string name;
        std::string township_code;
        int tier = 0;
        bool leader = false;
        int load = 0;
        std::vector<std::string> skills_covered;
        std::string reason_zh, reason_en;
    };
    std::vector<Member> members;
    struct Excluded {
        long long person_id = 0;
        std::string name;
        std::string township_code;
        std::vector<std::string> reasons_zh, reasons_en;
    };
    std::vector<Excluded> excluded;
};

struct TeamChoice {
    long long person_id = 0;
    bool leader = false;
};

struct CaseFileDownload {
    std::string file_name;
    std::string mime;
    std::string bytes;
};

// Writes a ZIP of (path, bytes) entries in order; storage provides it, the app wires it.
using ZipWriter = std::function<Result<std::string>(const std::vector<std::pair<std::string, std::string>>&)>;

class CaseService {
  public:
    CaseService(CaseRepository& cases, ReportRepository& reports, OrganisationRepository& organisation,
                PeopleRepository& people, SecondmentRepository& secondments, AttachmentStore& files,
                const security::Sealer& sealer, DeadlineService& deadlines, ZipWriter zip_writer, const Clock& clock)
        : m_cases(cases),
          m_reports(reports),
          m_organisation(organisation),
          m_people(people),
          m_secondments(secondments),
          m_files(files),
          m_sealer(sealer),
          m_deadlines(deadlines),
          m_zip(std::move(zip_writer)),
          m_clock(clock) {}

    Result<CaseView> open_from_report(const domain::Principal& who, long long report_id, std::string title);
    Result<CaseView> open_clue(const domain::Principal& who, NewClue clue);
    // The clue a report became, if any (the caller has checked the report's scope).
    Result<std::optional<std::pair<long long, std::string>>> case_of_report(long long report_id);
    Result<std::vector<CaseRecord>> cases(const domain::Principal& who);
    Result<CaseView> view(const domain::Principal& who, long long id);
    Result<CaseView> transition(const domain::Principal& who, long long id, TransitionRequest request);
    // Every problem of a proposed decision for this case's subject (empty when it is lawful).
    Result<std::vector<domain::DecisionProblem>> check_decision(const domain::Principal& who, long long id,
                                                                const domain::CaseDecision& decision);
    // Corrects what is known about the person concerned (party membership, post, rank …), which
    // the decision rules read; journalled as a step.
    Result<CaseView> update_subject(const domain::Principal& who, long long id, CaseSubject subject);
    Result<CaseView> approve(const domain::Principal& who, long long id, const std::string& action,
                             domain::ApprovalRole role, std::string opinion);
    // The approval roles `who` may give on this case.
    Result<std::vector<domain::ApprovalRole>> approval_roles(const domain::Principal& who, long long id);

    Result<TeamSuggestion> propose_team(const domain::Principal& who, long long id, const TeamRequest& request);
    Result<CaseView> assign_team(const domain::Principal& who, long long id, CaseRole role,
                                 const std::vector<TeamChoice>& members, std::string reason);
    Result<CaseView> declare(const domain::Principal& who, long long id, long long member_id, std::string text);
    Result<std::pair<CaseView, TeamSuggestion>> remove_member(const domain::Principal& who, long long id,
                                                              long long member_id, std::string reason);

    Result<CaseDocument> add_document(const domain::Principal& who, long long id, domain::CaseState stage,
                                      std::string title, std::string_view file_name, std::string_view bytes);
    Result<CaseFileDownload> document(const domain::Principal& who, long long id, long long document_id);
    Result<CaseFileDownload> export_case_file(const domain::Principal& who, long long id);

    // 督办: notices for overdue deadlines, to the zone first and to the county once long overdue.
    Result<int> supervise(std::string_view county_code);
    Result<std::vector<Notice>> notices(const domain::Principal& who);
    Result<void> read_notice(const domain::Principal& who, long long notice_id);

    Result<domain::RecordLocation> location_of(const CaseRecord& record);
    // not_found unless `who` may read the case (handlers ask first, before reading a body).
    Result<CaseRecord> readable(const domain::Principal& who, long long id);

  private:
    Result<CaseRecord> writable(const domain::Principal& who, domain::Action action, long long id);
    Result<CaseView> create(const domain::Principal& who, CaseRecord record, const std::string& summary);
    Result<std::vector<domain::CaseTeamMember>> team_of(const std::vector<CaseMember>& members, CaseRole role);
    Result<std::optional<std::string>> township_of(long long person_id);
    Result<CaseDocument> store_document(const CaseRecord& record, domain::CaseState stage, std::string kind,
                                        std::string title, std::string file_name, std::string mime,
                                        std::string_view bytes, bool generated, const std::string& by);
    Result<CaseDocument> make_form(const CaseRecord& record, const domain::CaseTransition& transition,
                                   const TransitionRequest& request, const std::vector<CaseApproval>& approvals,
                                   const std::string& by);
    Result<DeadlineRecord> deadline_for(const CaseRecord& record, const std::string& rule);

    CaseRepository& m_cases;
    ReportRepository& m_reports;
    OrganisationRepository& m_organisation;
    PeopleRepository& m_people;
    SecondmentRepository& m_secondments;
    AttachmentStore& m_files;
    const security::Sealer& m_sealer;
    DeadlineService& m_deadlines;
    ZipWriter m_zip;
    const Clock& m_clock;
};

}  // namespace xzq::services
