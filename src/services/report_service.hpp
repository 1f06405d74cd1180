#pragma once
// Use cases of reports (信访举报): the public portal (submit, attachments, status and messages
// by query code), registration by the 信访室 and intake by village information officers,
// repeat detection, routing by jurisdiction, acceptance and conclusion at the receiving level,
// messages to the reporter, and the sealed reporter with its audited reveal path.
//
// Every staff call checks the principal's action and data scope; a report outside the scope
// answers not_found so that its existence does not leak. The reporter's identity is sealed
// before it reaches the repository and opened only for the report's 信访室 handler or a user
// whose reveal request the custodian (信访室主任) approved. Callers audit the calls.
//
// Thread-safe when its ports are: the only own state is the rate limiters, which lock.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/access.hpp"
#include "domain/attachments.hpp"
#include "security/password.hpp"
#include "security/sealing.hpp"
#include "services/auth_service.hpp"
#include "services/deadline_service.hpp"
#include "services/people_ports.hpp"
#include "services/ports.hpp"
#include "services/report_ports.hpp"

namespace xzq::services {

struct ReportSettings {
    int public_reports_per_address = 5;  // per window
    int public_reports_overall = 300;    // per window, all addresses together
    int query_failures_per_address = 5;  // wrong code or password, per window
    int query_failures_per_code = 5;
    std::chrono::seconds window{3600};
    domain::AttachmentLimits attachment_limits{};
    std::chrono::seconds staging_lifetime{3600};
    int reveal_days = 7;  // how long an approved reveal lets the requester see the reporter
};

struct ReporterIdentity {
    std::string name;
    std::string contact;
    std::string id_number;
    std::string address;
    [[nodiscard]] bool empty() const { return name.empty() && contact.empty() && id_number.empty() && address.empty(); }
};

struct PublicSubmission {
    std::string submission_id;  // made once per filled form: a resend is recognised
    domain::ReportDraft draft;
    std::string query_password;  // chosen by the reporter, or empty to get one
    std::vector<std::string> attachment_tokens;
};

struct PublicReceipt {
    long long report_id = 0;
    std::string number;
    std::string query_code;
    std::string query_password;
    std::string received_at;
    bool real_name = false;
};

struct PublicStatusView {
    domain::PublicStatus status = domain::PublicStatus::received;
    domain::Date received_on;
    std::vector<ReportMessage> messages;
};

struct StagedUpload {
    std::string token;  // given to the uploader once; only its hash is stored
    std::string name;
    domain::AttachmentKind kind = domain::AttachmentKind::txt;
    long long size = 0;
    std::string sha256;
};

struct StaffRegistration {
    domain::ReportDraft draft;
    std::optional<domain::Date> received_on;  // default today
    std::optional<bool> identity_verified;    // a name the handler could not verify counts as anonymous
};

struct RouteRequest {
    std::optional<domain::HandlingLevel> level;  // absent: take the suggestion
    std::optional<std::string> township_code;
    std::optional<long long> zone_id;
    std::string reason;
};

struct DeadlineView {
    DeadlineRecord record;
    const domain::DeadlineRule* rule = nullptr;
    domain::DeadlineStatus status;
};

struct ReportView {
    ReportRecord record;
    std::vector<ReportEvent> events;
    std::vector<ReportMessage> messages;
    std::vector<StoredAttachment> attachments;
    std::vector<DeadlineView> deadlines;
    domain::RoutingDecision suggestion;
    bool has_identity = false;
    bool identity_visible = false;
    std::string reveal_state = "none";  // the viewer's latest request: none | pending | approved | refused
    struct Allowed {
        bool route = false, repeat = false, accept = false, conclude = false, message = false, reveal_request = false;
    } allowed;
};

struct AttachmentDownload {
    std::string name;
    domain::AttachmentKind kind = domain::AttachmentKind::txt;
    std::string bytes;
};

class ReportService {
  public:
    ReportService(ReportRepository& reports, OrganisationRepository& organisation, OrgRepository& divisions,
                  PeopleRepository& people, UserRepository& users, AttachmentStore& files,
                  const security::Sealer& sealer, security::PasswordHasher& hasher, DeadlineService& deadlines,
                  const Clock& clock, ReportSettings settings = {});

    // The county the public portal files into: `configured` when set, else the only (or first)
    // county of the database.
    Result<std::string> public_county(const std::optional<std::string>& configured);
    Result<domain::PlaceDirectory> places(std::string_view county_code);

    // Field errors of a draft (empty when it is good).
    Result<std::vector<domain::FieldError>> check(std::string_view county_code, const domain::ReportDraft& draft,
                                                  bool public_portal);

    // ---- public portal (no principal; `address` is used for rate limits only, never stored)
    Result<StagedUpload> stage_public_attachment(std::string_view county_code, std::string_view file_name,
                                                 std::string_view bytes, const std::string& address);
    Result<PublicReceipt> submit_public(std::string_view county_code, PublicSubmission submission,
                                        const std::string& address);
    Result<PublicStatusView> public_status(std::string_view query_code, std::string_view password,
                                           const std::string& address);
    Result<ReportMessage> public_message(std::string_view query_code, std::string_view password, std::string text,
                                         const std::string& address);

    // ---- staff
    Result<ReportView> register_report(const domain::Principal& who, StaffRegistration registration);
    Result<ReportRecord> village_intake(const domain::Principal& who, StaffRegistration registration);
    Result<std::vector<ReportRecord>> my_intakes(const domain::Principal& who);
    Result<std::vector<ReportRecord>> reports(const domain::Principal& who, const ReportListFilter& filter);
    Result<ReportView> view(const domain::Principal& who, long long id);
    Result<ReportView> route(const domain::Principal& who, long long id, RouteRequest request);
    Result<ReportView> judge_repeat(const domain::Principal& who, long long id, bool confirm,
                                    std::optional<long long> original_id);
    Result<ReportView> accept(const domain::Principal& who, long long id);
    Result<ReportView> refuse(const domain::Principal& who, long long id, std::string reason);
    Result<ReportView> conclude(const domain::Principal& who, long long id, std::string summary);
    Result<ReportMessage> message_reporter(const domain::Principal& who, long long id, std::string text, bool notice);
    Result<ReporterIdentity> reporter(const domain::Principal& who, long long id);
    Result<RevealRequest> request_reveal(const domain::Principal& who, long long id, std::string reason);
    Result<std::vector<RevealRequest>> reveal_requests(const domain::Principal& who);
    Result<RevealRequest> decide_reveal(const domain::Principal& who, long long request_id, bool approve,
                                        std::string reason);
    Result<AttachmentDownload> attachment(const domain::Principal& who, long long id, long long attachment_id);
    // A file the 信访室 adds to a report it registered (a scanned letter, a recording of a call).
    Result<StoredAttachment> add_attachment(const domain::Principal& who, long long id, std::string_view file_name,
                                            std::string_view bytes);

    // not_found unless `who` may read the report / the reveal request exists in their county:
    // handlers ask first, so that a record outside the scope is never told apart by a body error.
    Result<void> ensure_readable(const domain::Principal& who, long long id);
    Result<void> ensure_reveal_request(const domain::Principal& who, long long request_id);
    // Where a report sits for scope checks today.
    Result<domain::RecordLocation> location_of(const ReportRecord& report);
    // Removes expired staged uploads and their files; returns how many.
    Result<int> purge_expired_uploads();

  private:
    Result<ReportRecord> visible_report(const domain::Principal& who, domain::Action action, long long id);
    // A validated, sealed record with its number and repeat candidates, not yet stored.
    Result<ReportRecord> build_record(std::string_view county_code, const domain::ReportDraft& draft,
                                      domain::Date received_on, std::optional<bool> identity_verified);
    // Stores the record with its first event, its first deadlines and the staged uploads.
    Result<ReportRecord> store(const ReportRecord& record, const std::string& actor,
                               std::vector<std::string> staged_tokens);
    Result<ReportRecord> create(const domain::Principal& who, StaffRegistration registration, domain::Channel channel,
                                bool intake);
    Result<domain::RoutingDecision> suggestion_for(const ReportRecord& report);
    Result<std::vector<DeadlineRecord>> first_deadlines(const ReportRecord& report,
                                                        const domain::RoutingDecision& suggestion);
    Result<ReportRecord> by_query(std::string_view query_code, std::string_view password, const std::string& address);
    Result<bool> identity_visible_to(const domain::Principal& who, const ReportRecord& report);
    Result<ReportView> change(const domain::Principal& who, ReportChange change);
    std::string seal_context(const ReportRecord& report) const;

    ReportRepository& m_reports;
    OrganisationRepository& m_organisation;
    OrgRepository& m_divisions;
    PeopleRepository& m_people;
    UserRepository& m_users;
    AttachmentStore& m_files;
    const security::Sealer& m_sealer;
    security::PasswordHasher& m_hasher;
    DeadlineService& m_deadlines;
    const Clock& m_clock;
    ReportSettings m_settings;
    LoginThrottle m_submissions_by_address;
    LoginThrottle m_submissions_overall;
    LoginThrottle m_uploads_by_address;
    LoginThrottle m_query_failures_by_address;
    LoginThrottle m_query_failures_by_code;
};

}  // namespace xzq::services
