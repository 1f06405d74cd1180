#pragma once
// Ports of the reports (信访举报), deadlines and calendar use cases. Storage adapters implement
// them. Every call is one transaction and implementations are safe to call from several threads.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/attachments.hpp"
#include "domain/calendar.hpp"
#include "domain/deadlines.hpp"
#include "domain/reports.hpp"

namespace xzq::services {

// A report as stored. The reporter's identity is only ever held sealed (`reporter_sealed`).
struct ReportRecord {
    long long id = 0;
    std::string county_code;
    std::string number;  // 编号
    domain::Channel channel = domain::Channel::online;
    domain::ReportType type = domain::ReportType::accusation;
    domain::ReportStatus status = domain::ReportStatus::registered;
    std::optional<domain::HandlingLevel> level;  // set when routed
    std::optional<std::string> routed_township;
    std::optional<long long> routed_zone_id;
    std::optional<std::string> place_township, place_village;
    domain::Date received_on;
    std::string received_at;  // ISO 8601 instant
    domain::ReporterMode reporter_mode = domain::ReporterMode::anonymous;
    std::string reporter_sealed;  // empty when the reporter gave nothing
    std::optional<std::string> category_code;
    std::vector<std::string> problem_areas;
    std::vector<domain::ReportedPerson> persons;
    std::string description;
    bool stub = false;                         // forwarded to the higher commission: only the receipt is kept
    std::optional<long long> registered_by;    // the 信访室 user who registered it
    std::optional<long long> handler_user_id;  // the 信访室 handler who may see the reporter
    std::optional<long long> intake_user_id;   // the village information officer who took it
    std::optional<std::string> query_code_hash;
    std::optional<std::string> query_password_hash;
    std::optional<std::string> submission_key;
    std::string repeat_state = "none";  // none | suggested | confirmed | rejected
    std::optional<long long> original_report_id;
    std::vector<domain::RepeatCandidate> repeat_candidates;
    std::string conclusion;
    std::optional<domain::Date> concluded_on;
};

struct ReportEvent {
    long long id = 0;
    long long report_id = 0;
    std::string at;
    std::string actor;
    std::string action;  // registered, routed, accepted, not_accepted, concluded, repeat_confirmed, ...
    std::string note;
};

struct ReportMessage {
    long long id = 0;
    long long report_id = 0;
    std::string sender;  // reporter | handler
    std::optional<long long> author_user_id;
    std::string body;
    bool is_notice = false;
    std::string at;
};

struct StoredAttachment {
    long long id = 0;
    long long report_id = 0;
    std::string name;
    std::string kind;
    long long size = 0;
    std::string sha256;
    std::string storage_key;
    std::string added_at;
    std::string added_by;
};

struct StagedAttachment {
    std::string token_hash;
    std::string county_code;
    std::string name;
    std::string kind;
    long long size = 0;
    std::string sha256;
    std::string storage_key;
    std::string expires_at;
};

struct RevealRequest {
    long long id = 0;
    std::string county_code;
    long long report_id = 0;
    long long requested_by = 0;
    std::string requester_name;
    std::string reason;
    std::string state = "pending";  // pending | approved | refused
    std::optional<long long> decided_by;
    std::optional<std::string> decider_name;
    std::optional<std::string> decision_reason;
    std::string requested_at;
    std::optional<std::string> decided_at;
};

struct DeadlineRecord {
    long long id = 0;
    std::string county_code;
    std::string subject_type;  // report (later: clue, case ...)
    long long subject_id = 0;
    std::string rule_code;
    domain::Date start_on;
    std::optional<domain::Date> due_on;  // absent while an open pause stops the clock
    std::optional<domain::Date> completed_on;
    std::vector<domain::Pause> pauses;
    std::optional<std::string> level;
    std::optional<std::string> township_code;
    std::optional<long long> zone_id;
};

// What the new report needs besides the record itself, written in the same transaction.
struct NewReport {
    ReportRecord record;
    ReportEvent first_event;
    std::vector<std::string> staged_tokens;        // token hashes of staged uploads that become attachments
    domain::AttachmentLimits attachment_limits{};  // count and total size of the staged uploads
    std::string attachments_added_by;
    std::vector<DeadlineRecord> deadlines;
};

struct ReportListFilter {
    std::optional<domain::ReportStatus> status;
    std::optional<domain::HandlingLevel> level;
    std::optional<std::string> township_code;
};

// A change of one report with what goes with it, written in one transaction: the report's new
// state, an event, deadlines completed or opened, and optionally a message.
struct ReportChange {
    ReportRecord record;
    std::optional<ReportEvent> event;
    std::vector<std::string> complete_rules;  // open deadlines of these rules are completed today
    domain::Date today;
    std::vector<DeadlineRecord> new_deadlines;
    std::optional<ReportMessage> message;
    bool purge_content = false;  // a stub: drop attachments rows too
};

class ReportRepository {
  public:
    virtual ~ReportRepository() = default;

    // Reserves the next id and the county's next number of the year ("410225-2026-000001").
    virtual Result<std::pair<long long, long long>> reserve_report_id(std::string_view county_code, int year) = 0;
    // Stores the report, its first event, its deadlines and turns staged uploads into its
    // attachments (conflict when a token is unknown, expired or already used, or when the
    // submission key was seen before).
    virtual Result<ReportRecord> add_report(const NewReport& report, std::string_view now_iso) = 0;
    virtual Result<void> apply_change(const ReportChange& change) = 0;
    virtual Result<std::optional<ReportRecord>> report(long long id) = 0;
    virtual Result<std::optional<ReportRecord>> report_by_query_code(std::string_view code_hash) = 0;
    virtual Result<std::vector<ReportRecord>> reports(std::string_view county_code, const ReportListFilter& filter) = 0;
    virtual Result<std::vector<ReportRecord>> reports_by_intake(long long user_id) = 0;
    virtual Result<std::vector<ReportEvent>> events(long long report_id) = 0;
    virtual Result<std::vector<ReportMessage>> messages(long long report_id) = 0;
    virtual Result<ReportMessage> add_message(std::string_view county_code, const ReportMessage& message) = 0;
    virtual Result<std::vector<StoredAttachment>> attachments(long long report_id) = 0;
    // Adds one attachment row unless the report's attachments would exceed the limits (checked
    // inside the transaction, so two concurrent uploads cannot both squeeze in).
    virtual Result<StoredAttachment> add_attachment(std::string_view county_code, const StoredAttachment& attachment,
                                                    const domain::AttachmentLimits& limits) = 0;

    virtual Result<void> stage_attachment(const StagedAttachment& staged) = 0;
    // Staged uploads past their expiry, removed from the table; the caller deletes the files.
    virtual Result<std::vector<StagedAttachment>> take_expired_staged(std::string_view now_iso) = 0;

    virtual Result<RevealRequest> add_reveal_request(const RevealRequest& request) = 0;
    virtual Result<void> update_reveal_request(const RevealRequest& request) = 0;
    virtual Result<std::optional<RevealRequest>> reveal_request(long long id) = 0;
    virtual Result<std::vector<RevealRequest>> reveal_requests(std::string_view county_code) = 0;
    virtual Result<std::vector<RevealRequest>> reveal_requests_of_report(long long report_id) = 0;

    virtual Result<std::vector<DeadlineRecord>> deadlines_of(std::string_view subject_type, long long subject_id) = 0;
    virtual Result<std::vector<DeadlineRecord>> open_deadlines(std::string_view county_code) = 0;
};

class CalendarRepository {
  public:
    virtual ~CalendarRepository() = default;
    virtual Result<std::vector<domain::CalendarException>> calendar() = 0;
    // Puts the shipped years that were never seeded (an administrator's later edits stay).
    virtual Result<int> seed_calendar(const std::vector<domain::CalendarException>& shipped) = 0;
    virtual Result<void> put_day(const domain::CalendarException& day) = 0;
    virtual Result<bool> remove_day(domain::Date day) = 0;
};

// Where attachment bytes live: outside the database, written durably before the row that names
// them commits. Keys are opaque to callers.
class AttachmentStore {
  public:
    virtual ~AttachmentStore() = default;
    virtual Result<std::string> put(std::string_view bytes) = 0;  // returns the storage key
    virtual Result<std::string> get(std::string_view key) = 0;
    virtual Result<void> remove(std::string_view key) = 0;
};

}  // namespace xzq::services
