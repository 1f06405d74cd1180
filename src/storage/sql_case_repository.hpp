#pragma once
// CaseRepository over the SQL port (SQLite and PostgreSQL share the SQL). Safe for concurrent
// use: each call is one transaction; a move names the state it expects, so two concurrent moves
// of one case cannot both land.
#include "services/case_ports.hpp"
#include "storage/database.hpp"

namespace xzq::storage {

class SqlCaseRepository final : public services::CaseRepository {
  public:
    explicit SqlCaseRepository(Database& database) : m_database(database) {}

    Result<std::pair<long long, long long>> reserve_case_id(std::string_view county_code, int year) override;
    Result<services::CaseRecord> add_case(const services::CaseRecord& record, const services::CaseStep& first_step,
                                          const std::vector<services::DeadlineRecord>& deadlines) override;
    Result<void> apply(const services::CaseChange& change) override;
    Result<std::optional<services::CaseRecord>> case_file(long long id) override;
    Result<std::optional<services::CaseRecord>> case_of_report(long long report_id) override;
    Result<std::vector<services::CaseRecord>> cases(std::string_view county_code) override;
    Result<std::vector<services::CaseStep>> steps(long long case_id) override;
    Result<services::CaseApproval> add_approval(std::string_view county_code,
                                                const services::CaseApproval& approval) override;
    Result<std::vector<services::CaseApproval>> pending_approvals(long long case_id) override;
    Result<std::vector<services::CaseMember>> members(long long case_id) override;
    Result<int> active_assignments(long long person_id) override;
    Result<void> add_members(std::string_view county_code, const std::vector<services::CaseMember>& members,
                             const std::optional<services::CaseStep>& step) override;
    Result<void> update_member(const services::CaseMember& member) override;
    Result<services::CaseDocument> add_document(std::string_view county_code,
                                                const services::CaseDocument& document) override;
    Result<std::vector<services::CaseDocument>> documents(long long case_id) override;
    Result<bool> add_notice(const services::Notice& notice) override;
    Result<std::vector<services::Notice>> notices(std::string_view county_code, long long user_id) override;
    Result<void> mark_notice_read(long long notice_id, long long user_id, std::string_view at) override;

  private:
    Database& m_database;
};

// The JSON form of a decision, shared with the HTTP layer's tests of round trips.
std::string decision_text(const domain::CaseDecision& decision);
std::optional<domain::CaseDecision> decision_from_text(const std::string& text);

}  // namespace xzq::storage
