#pragma once
// ReportRepository and CalendarRepository over the SQL port (SQLite and PostgreSQL share the
// SQL), and the attachment store that keeps uploaded bytes in files outside the database.
// Safe for concurrent use: each call is one transaction; the file store writes each file once
// under a fresh name.
#include <filesystem>

#include "services/report_ports.hpp"
#include "storage/database.hpp"

namespace xzq::storage {

class SqlReportRepository final : public services::ReportRepository {
  public:
    explicit SqlReportRepository(Database& database) : m_database(database) {}

    Result<std::pair<long long, long long>> reserve_report_id(std::string_view county_code, int year) override;
    Result<services::ReportRecord> add_report(const services::NewReport& report, std::string_view now_iso) override;
    Result<void> apply_change(const services::ReportChange& change) override;
    Result<std::optional<services::ReportRecord>> report(long long id) override;
    Result<std::optional<services::ReportRecord>> report_by_query_code(std::string_view code_hash) override;
    Result<std::vector<services::ReportRecord>> reports(std::string_view county_code,
                                                        const services::ReportListFilter& filter) override;
    Result<std::vector<services::ReportRecord>> reports_by_intake(long long user_id) override;
    Result<std::vector<services::ReportEvent>> events(long long report_id) override;
    Result<std::vector<services::ReportMessage>> messages(long long report_id) override;
    Result<services::ReportMessage> add_message(std::string_view county_code,
                                                const services::ReportMessage& message) override;
    Result<std::vector<services::StoredAttachment>> attachments(long long report_id) override;
    Result<services::StoredAttachment> add_attachment(std::string_view county_code,
                                                      const services::StoredAttachment& attachment,
                                                      const domain::AttachmentLimits& limits) override;
    Result<void> stage_attachment(const services::StagedAttachment& staged) override;
    Result<std::vector<services::StagedAttachment>> take_expired_staged(std::string_view now_iso) override;
    Result<services::RevealRequest> add_reveal_request(const services::RevealRequest& request) override;
    Result<void> update_reveal_request(const services::RevealRequest& request) override;
    Result<std::optional<services::RevealRequest>> reveal_request(long long id) override;
    Result<std::vector<services::RevealRequest>> reveal_requests(std::string_view county_code) override;
    Result<std::vector<services::RevealRequest>> reveal_requests_of_report(long long report_id) override;
    Result<std::vector<services::DeadlineRecord>> deadlines_of(std::string_view subject_type,
                                                               long long subject_id) override;
    Result<std::vector<services::DeadlineRecord>> open_deadlines(std::string_view county_code) override;

  private:
    Database& m_database;
};

class SqlCalendarRepository final : public services::CalendarRepository {
  public:
    explicit SqlCalendarRepository(Database& database) : m_database(database) {}

    Result<std::vector<domain::CalendarException>> calendar() override;
    Result<int> seed_calendar(const std::vector<domain::CalendarException>& shipped) override;
    Result<void> put_day(const domain::CalendarException& day) override;
    Result<bool> remove_day(domain::Date day) override;

  private:
    Database& m_database;
};

// Files under `root`, one per put, named by 32 random hex characters in two-level folders.
// Each file is written to a temporary name, fsynced, renamed into place and its folder fsynced,
// so a key that put() returned survives a crash.
class FileAttachmentStore final : public services::AttachmentStore {
  public:
    explicit FileAttachmentStore(std::filesystem::path root) : m_root(std::move(root)) {}

    Result<std::string> put(std::string_view bytes) override;
    Result<std::string> get(std::string_view key) override;
    Result<void> remove(std::string_view key) override;

  private:
    [[nodiscard]] std::optional<std::filesystem::path> path_of(std::string_view key) const;
    std::filesystem::path m_root;
};

}  // namespace xzq::storage
