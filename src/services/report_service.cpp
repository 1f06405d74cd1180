#include "services/report_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "security/digest.hpp"
#include "security/tokens.hpp"
#include "services/audit_service.hpp"
#include "services/organisation_service.hpp"

namespace xzq::services {

namespace {

using domain::Action;
using domain::HandlingLevel;
using domain::ReportStatus;

Error not_found() {
    return make_error(ErrorKind::not_found, "report.not_found", "未找到该举报件", "report not found");
}

Error forbidden() {
    return make_error(ErrorKind::forbidden, "access.denied", "无权执行此操作", "you may not do this");
}

Error invalid(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, std::move(code), std::move(zh), std::move(en));
}

Error wrong_state(std::string_view zh, std::string_view en) {
    return make_error(ErrorKind::conflict, "report.wrong_state", std::string(zh), std::string(en));
}

Error too_many(std::int64_t seconds, std::string_view zh_what, std::string_view en_what) {
    auto minutes = std::max<std::int64_t>(1, (seconds + 59) / 60);
    return make_error(ErrorKind::too_many, "report.rate_limited",
                      fmt::format("{}过于频繁，请 {} 分钟后再试", zh_what, minutes),
                      fmt::format("too many {}; try again in {} minutes", en_what, minutes));
}

constexpr std::size_t k_max_repeat_candidates = 5;

Error query_failed() {
    return make_error(ErrorKind::unauthenticated, "report.query_failed", "查询码或查询密码不正确",
                      "the query code or password is wrong");
}

std::int64_t unix_now(const Clock& clock) {
    return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
}

std::string sha256_hex(std::string_view data) {
    return security::digest_hex(security::DigestAlgorithm::sha256, data);
}

// The sealed plaintext: four single-line fields. Validation refuses control characters in each,
// so the unit separator cannot occur inside a field.
constexpr char k_separator = '\x1f';

std::string identity_text(const ReporterIdentity& identity) {
    return identity.name + k_separator + identity.contact + k_separator + identity.id_number + k_separator +
           identity.address;
}

ReporterIdentity identity_from(std::string_view text) {
    std::vector<std::string> parts(1);
    for (char c : text) {
        if (c == k_separator)
            parts.emplace_back();
        else
            parts.back() += c;
    }
    parts.resize(4);
    return {parts[0], parts[1], parts[2], parts[3]};
}

ReporterIdentity identity_of(const domain::ReportDraft& draft) {
    return {draft.reporter_name, draft.reporter_contact, draft.reporter_id_number, draft.reporter_address};
}

}  // namespace

ReportService::ReportService(ReportRepository& reports, OrganisationRepository& organisation, OrgRepository& divisions,
                             PeopleRepository& people, UserRepository& users, AttachmentStore& files,
                             const security::Sealer& sealer, security::PasswordHasher& hasher,
                             DeadlineService& deadlines, const Clock& clock, ReportSettings settings)
    : m_reports(reports),
      m_organisation(organisation),
      m_divisions(divisions),
      m_people(people),
      m_users(users),
      m_files(files),
      m_sealer(sealer),
      m_hasher(hasher),
      m_deadlines(deadlines),
      m_clock(clock),
      m_settings(settings),
      m_submissions_by_address(settings.public_reports_per_address, settings.window),
      m_submissions_overall(settings.public_reports_overall, settings.window),
      m_uploads_by_address(settings.public_reports_per_address * static_cast<int>(settings.attachment_limits.max_count),
                           settings.window),
      m_query_failures_by_address(settings.query_failures_per_address, settings.window),
      m_query_failures_by_code(settings.query_failures_per_code, settings.window) {}

// ---- places and checks ---------------------------------------------------------------------

Result<std::string> ReportService::public_county(const std::optional<std::string>& configured) {
    if (configured) return *configured;
    XZQ_TRY(auto counties, m_divisions.counties());
    if (counties.empty()) {
        return make_error(ErrorKind::unavailable, "report.no_county", "平台尚未导入县级区划，暂不能受理网络举报",
                          "no county has been set up yet; online reports cannot be received");
    }
    return counties.front().code;
}

Result<domain::PlaceDirectory> ReportService::places(std::string_view county_code) {
    XZQ_TRY(auto tree, m_divisions.county_tree(county_code));
    domain::PlaceDirectory directory;
    directory.county_code = std::string(county_code);
    if (!tree) return directory;
    for (const auto& township : tree->townships) {
        auto& villages = directory.villages_by_township[township.code];
        for (const auto& village : township.villages) villages.insert(village.code);
    }
    return directory;
}

Result<std::vector<domain::FieldError>> ReportService::check(std::string_view county_code,
                                                             const domain::ReportDraft& draft, bool public_portal) {
    XZQ_TRY(auto directory, places(county_code));
    return domain::validate_report(draft, directory, public_portal);
}

std::string ReportService::seal_context(const ReportRecord& report) const {
    return fmt::format("report:{}:reporter", report.number);
}

Result<domain::RecordLocation> ReportService::location_of(const ReportRecord& report) {
    domain::RecordLocation location;
    location.county_code = report.county_code;
    if (report.intake_user_id) location.owner_user_id = *report.intake_user_id;
    if (report.stub || !report.level) return location;
    if (*report.level == HandlingLevel::zone && report.routed_zone_id) {
        location.zone_ids.push_back(std::to_string(*report.routed_zone_id));
    }
    if (*report.level == HandlingLevel::township && report.routed_township) {
        location.township_code = report.routed_township;
        XZQ_TRY(auto memberships, m_organisation.memberships(report.county_code));
        for (const auto& m : domain::memberships_as_of(memberships, china_today(m_clock))) {
            if (m.township_code == *report.routed_township) location.zone_ids.push_back(std::to_string(m.zone_id));
        }
    }
    return location;
}

Result<ReportRecord> ReportService::visible_report(const domain::Principal& who, Action action, long long id) {
    XZQ_TRY(auto found, m_reports.report(id));
    if (!found || found->county_code != who.county_code) return not_found();
    XZQ_TRY(auto location, location_of(*found));
    if (!domain::may_on(who, action, location)) {
        // Seeing a report one may not act on is a 403; not seeing it at all is a 404.
        if (action != Action::report_read && domain::may_on(who, Action::report_read, location)) return forbidden();
        return not_found();
    }
    return *found;
}

Result<void> ReportService::ensure_readable(const domain::Principal& who, long long id) {
    XZQ_TRY(auto record, visible_report(who, Action::report_read, id));
    (void)record;
    return Ok{};
}

Result<void> ReportService::ensure_reveal_request(const domain::Principal& who, long long request_id) {
    XZQ_TRY(auto found, m_reports.reveal_request(request_id));
    if (!found || found->county_code != who.county_code) {
        return make_error(ErrorKind::not_found, "reveal.not_found", "未找到该申请", "request not found");
    }
    return Ok{};
}

Result<domain::RoutingDecision> ReportService::suggestion_for(const ReportRecord& report) {
    domain::RoutingInput input;
    input.type = report.type;
    input.persons = report.persons;
    input.township_code = report.place_township;
    // A person linked to the register brings their rank and township when the entry lacks them.
    for (auto& person : input.persons) {
        if (!person.person_id) continue;
        XZQ_TRY(auto known, m_people.person(*person.person_id));
        if (!known || known->county_code != report.county_code) continue;
        if (!person.rank) person.rank = known->rank;
        if (!person.township_code) person.township_code = known->home_township_code;
    }
    XZQ_TRY(auto memberships, m_organisation.memberships(report.county_code));
    for (const auto& m : domain::memberships_as_of(memberships, china_today(m_clock))) {
        input.zone_of_township[m.township_code] = std::to_string(m.zone_id);
    }
    return domain::route_report(input);
}

Result<std::vector<DeadlineRecord>> ReportService::first_deadlines(const ReportRecord& report,
                                                                   const domain::RoutingDecision& suggestion) {
    std::vector<DeadlineRecord> out;
    DeadlineRecord where;
    where.county_code = report.county_code;
    where.subject_type = "report";
    where.subject_id = report.id;
    where.level = std::string(domain::to_string(HandlingLevel::county));
    if (report.reporter_mode == domain::ReporterMode::real_name) {
        XZQ_TRY(auto notice, m_deadlines.make("petition.realname_notice", report.received_on, where));
        out.push_back(std::move(notice));
    }
    if (suggestion.level == HandlingLevel::higher) {
        XZQ_TRY(auto forward, m_deadlines.make("petition.forward_up", report.received_on, where));
        out.push_back(std::move(forward));
    }
    if (report.channel == domain::Channel::transfer_in) {
        // Art. 16: a report sent down by the higher level is accepted or passed on in 5 working days.
        XZQ_TRY(auto accept, m_deadlines.make("petition.accept_or_forward", report.received_on, where));
        out.push_back(std::move(accept));
    }
    return out;
}

// ---- creating reports ----------------------------------------------------------------------

Result<ReportRecord> ReportService::build_record(std::string_view county_code, const domain::ReportDraft& draft,
                                                 domain::Date received_on, std::optional<bool> identity_verified) {
    XZQ_TRY(auto problems, check(county_code, draft, draft.channel == domain::Channel::online));
    if (!problems.empty()) {
        return invalid("report.invalid", "举报内容有误：" + problems.front().message_zh,
                       "the report has errors: " + problems.front().message_en);
    }
    XZQ_TRY(auto ids, m_reports.reserve_report_id(county_code, static_cast<int>(received_on.year())));
    ReportRecord record;
    record.id = ids.first;
    record.county_code = std::string(county_code);
    record.number = domain::format_report_number(county_code, static_cast<int>(received_on.year()), ids.second);
    record.channel = draft.channel;
    record.type = draft.type;
    record.status = ReportStatus::registered;
    record.place_township = draft.township_code;
    record.place_village = draft.village_code;
    record.received_on = received_on;
    record.received_at = iso8601(m_clock.now());
    record.reporter_mode = domain::reporter_mode(draft, identity_verified);
    auto identity = identity_of(draft);
    if (!identity.empty()) {
        XZQ_TRY(record.reporter_sealed, m_sealer.seal(identity_text(identity), seal_context(record)));
    }
    record.category_code = draft.category_code;
    record.problem_areas = draft.problem_area_codes;
    record.persons = draft.persons;
    record.description = draft.description;

    // Repeat detection against the county's earlier reports (stubs keep no content to compare).
    XZQ_TRY(auto earlier, m_reports.reports(county_code, {}));
    std::vector<domain::ReportFingerprint> fingerprints;
    for (const auto& r : earlier) {
        if (!r.stub)
            fingerprints.push_back({r.id, r.number, r.persons, r.category_code, r.place_township, r.description});
    }
    record.repeat_candidates = domain::find_repeat_candidates(
        {record.id, record.number, record.persons, record.category_code, record.place_township, record.description},
        fingerprints);
    if (record.repeat_candidates.size() > k_max_repeat_candidates)
        record.repeat_candidates.resize(k_max_repeat_candidates);
    record.repeat_state = record.repeat_candidates.empty() ? "none" : "suggested";
    return record;
}

Result<ReportRecord> ReportService::store(const ReportRecord& record, const std::string& actor,
                                          std::vector<std::string> staged_tokens) {
    XZQ_TRY(auto suggestion, suggestion_for(record));
    NewReport fresh;
    fresh.record = record;
    fresh.first_event = {0,     record.id,    record.received_at,
                         actor, "registered", std::string(domain::to_string(record.channel))};
    for (const auto& token : staged_tokens) {
        auto hash = sha256_hex(token);
        // The same upload named twice is one attachment.
        if (std::find(fresh.staged_tokens.begin(), fresh.staged_tokens.end(), hash) == fresh.staged_tokens.end()) {
            fresh.staged_tokens.push_back(std::move(hash));
        }
    }
    fresh.attachment_limits = m_settings.attachment_limits;
    fresh.attachments_added_by = actor;
    XZQ_TRY(fresh.deadlines, first_deadlines(record, suggestion));
    return m_reports.add_report(fresh, record.received_at);
}

Result<ReportRecord> ReportService::create(const domain::Principal& who, StaffRegistration registration,
                                           domain::Channel channel, bool intake) {
    registration.draft.channel = channel;
    const auto today = china_today(m_clock);
    const auto received = registration.received_on.value_or(today);
    if (received > today) {
        return invalid("report.received_in_future", "收件日期不能晚于今天", "the date received cannot be after today");
    }
    XZQ_TRY(auto record, build_record(who.county_code, registration.draft, received, registration.identity_verified));
    if (intake) {
        record.intake_user_id = who.user_id;
    } else {
        record.registered_by = who.user_id;
        record.handler_user_id = who.user_id;
    }
    return store(record, who.username, {});
}

Result<ReportView> ReportService::register_report(const domain::Principal& who, StaffRegistration registration) {
    const domain::RecordLocation county{who.county_code, std::nullopt, {}, std::nullopt, {}};
    if (!domain::may_on(who, Action::report_register, county)) return forbidden();
    const auto channel = registration.draft.channel;
    if (channel == domain::Channel::village_officer) {
        return invalid("report.bad_channel", "村级监察信息员报送的线索请通过信息员页面登记",
                       "reports from village information officers are registered on their own page");
    }
    XZQ_TRY(auto record, create(who, std::move(registration), channel, false));
    return view(who, record.id);
}

Result<ReportRecord> ReportService::village_intake(const domain::Principal& who, StaffRegistration registration) {
    if (!domain::may(who, Action::report_intake)) return forbidden();
    return create(who, std::move(registration), domain::Channel::village_officer, true);
}

Result<std::vector<ReportRecord>> ReportService::my_intakes(const domain::Principal& who) {
    if (!domain::may(who, Action::report_intake)) return forbidden();
    return m_reports.reports_by_intake(who.user_id);
}

// ---- the public portal ---------------------------------------------------------------------

Result<StagedUpload> ReportService::stage_public_attachment(std::string_view county_code, std::string_view file_name,
                                                            std::string_view bytes, const std::string& address) {
    const auto now = unix_now(m_clock);
    if (auto wait = m_uploads_by_address.wait_seconds(address, now); wait > 0) {
        return too_many(wait, "上传", "uploads");
    }
    std::span<const unsigned char> head(reinterpret_cast<const unsigned char*>(bytes.data()),
                                        std::min(bytes.size(), domain::k_attachment_head_bytes));
    XZQ_TRY(auto kind, domain::check_attachment(file_name, head, bytes.size(), m_settings.attachment_limits));
    m_uploads_by_address.record_failure(address, now);
    // Uploads never used within their hour are removed as new ones arrive.
    if (auto purged = purge_expired_uploads(); !purged) return purged.error();
    StagedUpload upload;
    upload.token = security::random_token(24);
    upload.name = std::string(file_name);
    upload.kind = kind;
    upload.size = static_cast<long long>(bytes.size());
    upload.sha256 = sha256_hex(bytes);
    XZQ_TRY(auto sealed, m_sealer.seal(bytes, "attachment:" + upload.sha256));
    XZQ_TRY(auto key, m_files.put(sealed));
    StagedAttachment staged{sha256_hex(upload.token),
                            std::string(county_code),
                            upload.name,
                            std::string(domain::to_string(kind)),
                            upload.size,
                            upload.sha256,
                            key,
                            iso8601(m_clock.now() + m_settings.staging_lifetime)};
    if (auto stored = m_reports.stage_attachment(staged); !stored) {
        (void)m_files.remove(key);
        return stored.error();
    }
    return upload;
}

Result<PublicReceipt> ReportService::submit_public(std::string_view county_code, PublicSubmission submission,
                                                   const std::string& address) {
    const auto now = unix_now(m_clock);
    if (auto wait = m_submissions_by_address.wait_seconds(address, now); wait > 0) {
        return too_many(wait, "提交举报", "reports from your network");
    }
    if (auto wait = m_submissions_overall.wait_seconds("all", now); wait > 0) {
        return too_many(wait, "平台当前收到的举报", "reports on the platform right now");
    }
    const auto& id = submission.submission_id;
    if (id.size() < 16 || id.size() > 64 || !std::all_of(id.begin(), id.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
        })) {
        return invalid("report.bad_submission_id", "提交编号无效，请刷新页面后重新填写",
                       "the submission id is invalid; reload the page and fill in the form again");
    }
    if (submission.attachment_tokens.size() > m_settings.attachment_limits.max_count) {
        return invalid("attachment.too_many", fmt::format("附件最多 {} 个", m_settings.attachment_limits.max_count),
                       fmt::format("at most {} attachments", m_settings.attachment_limits.max_count));
    }
    std::string password = submission.query_password;
    if (password.empty()) {
        password = security::random_code(2);
    } else if (password.size() < 8 || password.size() > 64) {
        return invalid("report.bad_query_password", "查询密码应为 8 至 64 个字符",
                       "the query password must be 8 to 64 characters");
    }
    std::array<unsigned char, 10> random{};
    auto bytes = security::random_bytes(random.size());
    std::copy(bytes.begin(), bytes.end(), random.begin());
    const std::string code = domain::format_query_code(random);
    XZQ_TRY(auto password_hash, m_hasher.hash(password));

    submission.draft.channel = domain::Channel::online;
    XZQ_TRY(auto record, build_record(county_code, submission.draft, china_today(m_clock), std::nullopt));
    record.query_code_hash = sha256_hex(*domain::normalise_query_code(code));
    record.query_password_hash = password_hash;
    record.submission_key = sha256_hex(std::string(county_code) + ":" + id);
    XZQ_TRY(auto stored, store(record, "portal", std::move(submission.attachment_tokens)));
    m_submissions_by_address.record_failure(address, now);
    m_submissions_overall.record_failure("all", now);
    return PublicReceipt{stored.id, stored.number,      code,
                         password,  stored.received_at, stored.reporter_mode == domain::ReporterMode::real_name};
}

Result<ReportRecord> ReportService::by_query(std::string_view query_code, std::string_view password,
                                             const std::string& address) {
    auto code = domain::normalise_query_code(query_code);
    if (!code) {
        return invalid("report.bad_query_code", "查询码格式不正确，应为 16 位字母和数字（如 ABCD-EFGH-JKMN-PQRS）",
                       "the query code is malformed: 16 letters and digits, like ABCD-EFGH-JKMN-PQRS");
    }
    const auto now = unix_now(m_clock);
    const auto code_hash = sha256_hex(*code);
    auto wait = std::max(m_query_failures_by_address.wait_seconds(address, now),
                         m_query_failures_by_code.wait_seconds(code_hash, now));
    if (wait > 0) return too_many(wait, "查询失败次数", "failed queries");
    XZQ_TRY(auto found, m_reports.report_by_query_code(code_hash));
    const std::string& stored_hash =
        found && found->query_password_hash ? *found->query_password_hash : m_hasher.decoy_hash();
    XZQ_TRY(bool matches, m_hasher.verify(stored_hash, password));
    if (!found || !matches) {
        m_query_failures_by_address.record_failure(address, now);
        m_query_failures_by_code.record_failure(code_hash, now);
        return query_failed();
    }
    m_query_failures_by_address.reset(address);
    return *found;
}

Result<PublicStatusView> ReportService::public_status(std::string_view query_code, std::string_view password,
                                                      const std::string& address) {
    XZQ_TRY(auto report, by_query(query_code, password, address));
    PublicStatusView out;
    out.status = domain::public_status(report.status);
    out.received_on = report.received_on;
    XZQ_TRY(out.messages, m_reports.messages(report.id));
    return out;
}

Result<ReportMessage> ReportService::public_message(std::string_view query_code, std::string_view password,
                                                    std::string text, const std::string& address) {
    XZQ_TRY(auto report, by_query(query_code, password, address));
    if (text.empty() || text.size() > 6000) {
        return invalid("report.bad_message", "留言不能为空，且不超过 6000 字节（约 2000 个汉字）",
                       "a message is 1 to 6000 bytes (about 2000 Chinese characters)");
    }
    if (report.stub) return wrong_state("该件已转交其他机关办理，无法留言", "this report was passed on; no messages");
    ReportMessage message{0, report.id, "reporter", std::nullopt, std::move(text), false, iso8601(m_clock.now())};
    return m_reports.add_message(report.county_code, message);
}

// ---- staff ---------------------------------------------------------------------------------

Result<std::vector<ReportRecord>> ReportService::reports(const domain::Principal& who, const ReportListFilter& filter) {
    if (!domain::may(who, Action::report_read)) return forbidden();
    XZQ_TRY(auto all, m_reports.reports(who.county_code, filter));
    std::vector<ReportRecord> out;
    for (auto& r : all) {
        XZQ_TRY(auto location, location_of(r));
        if (domain::may_on(who, Action::report_read, location)) out.push_back(std::move(r));
    }
    return out;
}

Result<bool> ReportService::identity_visible_to(const domain::Principal& who, const ReportRecord& report) {
    if (report.reporter_sealed.empty()) return false;
    const domain::RecordLocation county{report.county_code, std::nullopt, {}, std::nullopt, {}};
    if (domain::may_on(who, Action::report_register, county) &&
        (!report.handler_user_id || *report.handler_user_id == who.user_id)) {
        return true;
    }
    XZQ_TRY(auto requests, m_reports.reveal_requests_of_report(report.id));
    const auto now = iso8601(m_clock.now());
    const auto oldest = iso8601(m_clock.now() - std::chrono::hours(24) * m_settings.reveal_days);
    return std::any_of(requests.begin(), requests.end(), [&](const RevealRequest& r) {
        return r.requested_by == who.user_id && r.state == "approved" && r.decided_at && *r.decided_at >= oldest &&
               *r.decided_at <= now;
    });
}

Result<ReportView> ReportService::view(const domain::Principal& who, long long id) {
    XZQ_TRY(auto record, visible_report(who, Action::report_read, id));
    ReportView out;
    XZQ_TRY(out.events, m_reports.events(id));
    XZQ_TRY(out.messages, m_reports.messages(id));
    XZQ_TRY(out.attachments, m_reports.attachments(id));
    XZQ_TRY(auto deadlines, m_reports.deadlines_of("report", id));
    for (const auto& d : deadlines) {
        XZQ_TRY(auto item, m_deadlines.item(d, record.number));
        out.deadlines.push_back({item.record, item.rule, item.status});
    }
    XZQ_TRY(out.suggestion, suggestion_for(record));
    out.has_identity = !record.reporter_sealed.empty();
    XZQ_TRY(out.identity_visible, identity_visible_to(who, record));
    XZQ_TRY(auto requests, m_reports.reveal_requests_of_report(id));
    for (const auto& r : requests) {
        if (r.requested_by == who.user_id) out.reveal_state = r.state;
    }
    XZQ_TRY(auto location, location_of(record));
    const domain::RecordLocation county{record.county_code, std::nullopt, {}, std::nullopt, {}};
    const bool registrar = domain::may_on(who, Action::report_register, county);
    const bool handler = domain::may_on(who, Action::report_handle, location);
    const bool routed = record.level && *record.level != HandlingLevel::higher;
    out.allowed.route = registrar && record.status == ReportStatus::registered && !record.stub;
    out.allowed.repeat = registrar && record.repeat_state == "suggested";
    out.allowed.accept = handler && routed && record.status == ReportStatus::registered;
    out.allowed.conclude =
        handler && (record.status == ReportStatus::accepted || record.status == ReportStatus::in_handling);
    out.allowed.message = handler && !record.stub && record.status != ReportStatus::registered;
    out.allowed.reveal_request = out.has_identity && !out.identity_visible && out.reveal_state != "pending";
    out.record = std::move(record);
    return out;
}

Result<ReportView> ReportService::change(const domain::Principal& who, ReportChange change) {
    change.today = china_today(m_clock);
    if (change.event) {
        change.event->report_id = change.record.id;
        change.event->at = iso8601(m_clock.now());
        change.event->actor = who.username;
    }
    XZQ_TRY_VOID(m_reports.apply_change(change));
    return view(who, change.record.id);
}

Result<ReportView> ReportService::route(const domain::Principal& who, long long id, RouteRequest request) {
    XZQ_TRY(auto record, visible_report(who, Action::report_register, id));
    if (record.status != ReportStatus::registered || record.stub) {
        return wrong_state("只有尚未受理的举报件可以分流", "only a report not yet accepted can be routed");
    }
    XZQ_TRY(auto suggestion, suggestion_for(record));
    const auto level = request.level.value_or(suggestion.level);
    const auto today = china_today(m_clock);
    ReportChange change;
    change.record = record;
    change.record.level = level;
    change.record.routed_township.reset();
    change.record.routed_zone_id.reset();
    if (!change.record.handler_user_id) change.record.handler_user_id = who.user_id;
    change.complete_rules = {"petition.accept_or_forward"};
    DeadlineRecord where;
    where.county_code = record.county_code;
    where.subject_type = "report";
    where.subject_id = record.id;
    where.level = std::string(domain::to_string(level));
    std::string note;
    switch (level) {
        case HandlingLevel::township: {
            std::string township = request.township_code.value_or(suggestion.township_code.value_or(""));
            XZQ_TRY(auto townships, m_organisation.townships(record.county_code));
            bool known = std::any_of(townships.begin(), townships.end(),
                                     [&](const TownshipRef& t) { return t.code == township; });
            if (!known) {
                return invalid("report.route_township", "请选择本县的一个乡镇作为承办单位",
                               "choose a township of the county to handle the report");
            }
            change.record.routed_township = township;
            where.township_code = township;
            note = township;
            break;
        }
        case HandlingLevel::zone: {
            std::optional<long long> zone_id = request.zone_id;
            if (!zone_id && suggestion.zone_id) zone_id = std::stoll(*suggestion.zone_id);
            XZQ_TRY(auto zone,
                    zone_id ? m_organisation.zone(*zone_id) : Result<std::optional<domain::Zone>>(std::nullopt));
            if (!zone || zone->county_code != record.county_code) {
                return invalid("report.route_zone", "请选择本县的一个协作区", "choose a zone of the county");
            }
            change.record.routed_zone_id = zone->id;
            where.zone_id = zone->id;
            note = zone->name;
            break;
        }
        case HandlingLevel::county:
            note = "county";
            break;
        case HandlingLevel::higher:
            // Art. 15: keep only the receipt; the content goes to the upper commission.
            change.record.status = ReportStatus::forwarded_up;
            change.record.stub = true;
            change.record.description.clear();
            change.record.persons.clear();
            change.record.problem_areas.clear();
            change.record.category_code.reset();
            change.record.reporter_sealed.clear();
            change.record.repeat_candidates.clear();
            change.record.repeat_state = "none";
            change.purge_content = true;
            change.complete_rules = {"petition.forward_up", "petition.realname_notice"};
            note = "higher";
            break;
    }
    if (level != HandlingLevel::higher) {
        XZQ_TRY(auto deadline, m_deadlines.make("petition.accept_or_forward", today, where));
        change.new_deadlines.push_back(std::move(deadline));
        change.complete_rules.push_back("petition.forward_up");
    }
    if (!request.reason.empty()) note += "；" + request.reason;
    change.event = ReportEvent{0, 0, "", "", "routed_" + std::string(domain::to_string(level)), note};
    if (level == HandlingLevel::higher) {
        // Attachment files go with the content; the rows are dropped in the same transaction.
        XZQ_TRY(auto attachments, m_reports.attachments(record.id));
        XZQ_TRY(auto routed, this->change(who, change));
        for (const auto& a : attachments) (void)m_files.remove(a.storage_key);
        return routed;
    }
    return this->change(who, change);
}

Result<ReportView> ReportService::judge_repeat(const domain::Principal& who, long long id, bool confirm,
                                               std::optional<long long> original_id) {
    XZQ_TRY(auto record, visible_report(who, Action::report_register, id));
    if (record.repeat_state != "suggested") {
        return wrong_state("该件没有待确认的重复件提示", "this report has no repeat suggestion to judge");
    }
    ReportChange change;
    change.record = record;
    if (confirm) {
        long long original = original_id.value_or(record.repeat_candidates.front().report_id);
        XZQ_TRY(auto earlier, m_reports.report(original));
        if (!earlier || earlier->county_code != record.county_code || earlier->id == record.id) {
            return invalid("report.bad_original", "请选择本县的一件在先举报作为原件",
                           "choose an earlier report of the county as the original");
        }
        change.record.repeat_state = "confirmed";
        change.record.original_report_id = original;
        // Art. 26: the 15-working-day acceptance notice is not owed for a repeat report.
        change.complete_rules = {"petition.realname_notice"};
        change.event = ReportEvent{0, 0, "", "", "repeat_confirmed", earlier->number};
    } else {
        change.record.repeat_state = "rejected";
        change.event = ReportEvent{0, 0, "", "", "repeat_rejected", ""};
    }
    return this->change(who, change);
}

Result<ReportView> ReportService::accept(const domain::Principal& who, long long id) {
    XZQ_TRY(auto record, visible_report(who, Action::report_handle, id));
    if (record.status != ReportStatus::registered || !record.level || *record.level == HandlingLevel::higher) {
        return wrong_state("只有已分流、尚未受理的举报件可以受理",
                           "only a routed report not yet accepted can be accepted");
    }
    ReportChange change;
    change.record = record;
    change.record.status = ReportStatus::accepted;
    change.complete_rules = {"petition.accept_or_forward"};
    change.event = ReportEvent{0, 0, "", "", "accepted", ""};
    return this->change(who, change);
}

Result<ReportView> ReportService::refuse(const domain::Principal& who, long long id, std::string reason) {
    XZQ_TRY(auto record, visible_report(who, Action::report_handle, id));
    if (record.status != ReportStatus::registered || !record.level || *record.level == HandlingLevel::higher) {
        return wrong_state("只有已分流、尚未受理的举报件可以不予受理",
                           "only a routed report not yet accepted can be refused");
    }
    if (reason.empty())
        return invalid("report.reason_required", "请填写不予受理的理由", "give the reason for refusing");
    ReportChange change;
    change.record = record;
    change.record.status = ReportStatus::not_accepted;
    change.record.conclusion = reason;
    change.record.concluded_on = china_today(m_clock);
    change.complete_rules = {"petition.accept_or_forward", "petition.realname_notice"};
    change.event = ReportEvent{0, 0, "", "", "not_accepted", reason};
    return this->change(who, change);
}

Result<ReportView> ReportService::conclude(const domain::Principal& who, long long id, std::string summary) {
    XZQ_TRY(auto record, visible_report(who, Action::report_handle, id));
    if (record.status != ReportStatus::accepted && record.status != ReportStatus::in_handling) {
        return wrong_state("只有已受理的举报件可以办结", "only an accepted report can be concluded");
    }
    if (summary.empty()) return invalid("report.summary_required", "请填写办理结果", "give the result of the handling");
    const auto today = china_today(m_clock);
    ReportChange change;
    change.record = record;
    change.record.status = ReportStatus::concluded;
    change.record.conclusion = summary;
    change.record.concluded_on = today;
    change.event = ReportEvent{0, 0, "", "", "concluded", summary};
    if (record.reporter_mode == domain::ReporterMode::real_name) {
        XZQ_TRY(auto location, location_of(record));
        DeadlineRecord where;
        where.county_code = record.county_code;
        where.subject_type = "report";
        where.subject_id = record.id;
        where.level =
            record.level ? std::optional<std::string>(std::string(domain::to_string(*record.level))) : std::nullopt;
        where.township_code = record.routed_township;
        where.zone_id = record.routed_zone_id;
        (void)location;
        XZQ_TRY(auto feedback, m_deadlines.make("petition.realname_feedback", today, where));
        change.new_deadlines.push_back(std::move(feedback));
    }
    return this->change(who, change);
}

Result<ReportMessage> ReportService::message_reporter(const domain::Principal& who, long long id, std::string text,
                                                      bool notice) {
    XZQ_TRY(auto record, visible_report(who, Action::report_handle, id));
    if (record.stub || record.status == ReportStatus::registered) {
        return wrong_state("请先受理该件，再答复举报人", "accept the report before answering the reporter");
    }
    if (text.empty()) return invalid("report.bad_message", "答复内容不能为空", "the message is empty");
    ReportChange change;
    change.record = record;
    change.message = ReportMessage{0, record.id, "handler", who.user_id, text, notice, iso8601(m_clock.now())};
    if (notice) change.complete_rules.push_back("petition.realname_notice");
    if (record.status == ReportStatus::concluded) change.complete_rules.push_back("petition.realname_feedback");
    change.event = ReportEvent{0, 0, "", "", notice ? "notice_sent" : "message_sent", ""};
    change.today = china_today(m_clock);
    change.event->report_id = record.id;
    change.event->at = change.message->at;
    change.event->actor = who.username;
    XZQ_TRY_VOID(m_reports.apply_change(change));
    XZQ_TRY(auto messages, m_reports.messages(record.id));
    return messages.back();
}

Result<ReporterIdentity> ReportService::reporter(const domain::Principal& who, long long id) {
    XZQ_TRY(auto record, visible_report(who, Action::report_read, id));
    if (record.reporter_sealed.empty()) {
        return make_error(ErrorKind::not_found, "reporter.none", "该件为匿名举报，没有举报人信息",
                          "this report is anonymous: there is no reporter to show");
    }
    XZQ_TRY(bool visible, identity_visible_to(who, record));
    if (!visible) {
        return make_error(ErrorKind::forbidden, "reporter.sealed", "举报人信息已加密保护，如确需查看请提出申请",
                          "the reporter's identity is sealed; ask for access if you need it");
    }
    XZQ_TRY(auto text, m_sealer.open(record.reporter_sealed, seal_context(record)));
    return identity_from(text);
}

Result<RevealRequest> ReportService::request_reveal(const domain::Principal& who, long long id, std::string reason) {
    XZQ_TRY(auto record, visible_report(who, Action::report_read, id));
    if (record.reporter_sealed.empty()) {
        return make_error(ErrorKind::conflict, "reporter.none", "该件为匿名举报，没有举报人信息",
                          "this report is anonymous: there is no reporter to show");
    }
    if (reason.size() < 4) {
        return invalid("reveal.reason_required", "请说明查看举报人信息的理由", "say why you need to see the reporter");
    }
    XZQ_TRY(auto requests, m_reports.reveal_requests_of_report(id));
    for (const auto& r : requests) {
        if (r.requested_by == who.user_id && r.state == "pending") {
            return make_error(ErrorKind::conflict, "reveal.pending", "您已提出申请，请等待审批",
                              "you already asked; wait for the decision");
        }
    }
    RevealRequest request;
    request.county_code = record.county_code;
    request.report_id = id;
    request.requested_by = who.user_id;
    request.requester_name = who.username;
    request.reason = std::move(reason);
    request.requested_at = iso8601(m_clock.now());
    return m_reports.add_reveal_request(request);
}

Result<std::vector<RevealRequest>> ReportService::reveal_requests(const domain::Principal& who) {
    const domain::RecordLocation county{who.county_code, std::nullopt, {}, std::nullopt, {}};
    if (!domain::may_on(who, Action::reporter_custody, county)) return forbidden();
    return m_reports.reveal_requests(who.county_code);
}

Result<RevealRequest> ReportService::decide_reveal(const domain::Principal& who, long long request_id, bool approve,
                                                   std::string reason) {
    const domain::RecordLocation county{who.county_code, std::nullopt, {}, std::nullopt, {}};
    if (!domain::may_on(who, Action::reporter_custody, county)) return forbidden();
    XZQ_TRY(auto found, m_reports.reveal_request(request_id));
    if (!found || found->county_code != who.county_code) {
        return make_error(ErrorKind::not_found, "reveal.not_found", "未找到该申请", "request not found");
    }
    if (found->state != "pending") {
        return make_error(ErrorKind::conflict, "reveal.decided", "该申请已经审批", "the request was already decided");
    }
    if (found->requested_by == who.user_id) {
        return make_error(ErrorKind::forbidden, "reveal.own_request", "不能审批自己提出的申请",
                          "you cannot decide your own request");
    }
    if (reason.empty()) return invalid("reveal.reason_required", "请填写审批意见", "give the reason for the decision");
    RevealRequest decided = *found;
    decided.state = approve ? "approved" : "refused";
    decided.decided_by = who.user_id;
    decided.decider_name = who.username;
    decided.decision_reason = std::move(reason);
    decided.decided_at = iso8601(m_clock.now());
    XZQ_TRY_VOID(m_reports.update_reveal_request(decided));
    return decided;
}

Result<AttachmentDownload> ReportService::attachment(const domain::Principal& who, long long id,
                                                     long long attachment_id) {
    XZQ_TRY(auto record, visible_report(who, Action::report_read, id));
    XZQ_TRY(auto attachments, m_reports.attachments(record.id));
    auto found = std::find_if(attachments.begin(), attachments.end(),
                              [&](const StoredAttachment& a) { return a.id == attachment_id; });
    if (found == attachments.end()) {
        return make_error(ErrorKind::not_found, "attachment.not_found", "未找到该附件", "attachment not found");
    }
    XZQ_TRY(auto sealed, m_files.get(found->storage_key));
    XZQ_TRY(auto bytes, m_sealer.open(sealed, "attachment:" + found->sha256));
    auto kind = domain::attachment_kind_from_string(found->kind).value_or(domain::AttachmentKind::txt);
    return AttachmentDownload{found->name, kind, std::move(bytes)};
}

Result<StoredAttachment> ReportService::add_attachment(const domain::Principal& who, long long id,
                                                       std::string_view file_name, std::string_view bytes) {
    XZQ_TRY(auto record, visible_report(who, Action::report_register, id));
    if (record.stub) return wrong_state("该件只保留收件存根，不能添加附件", "a receipt stub takes no attachments");
    std::span<const unsigned char> head(reinterpret_cast<const unsigned char*>(bytes.data()),
                                        std::min(bytes.size(), domain::k_attachment_head_bytes));
    XZQ_TRY(auto kind, domain::check_attachment(file_name, head, bytes.size(), m_settings.attachment_limits));
    StoredAttachment attachment;
    attachment.report_id = record.id;
    attachment.name = std::string(file_name);
    attachment.kind = std::string(domain::to_string(kind));
    attachment.size = static_cast<long long>(bytes.size());
    attachment.sha256 = sha256_hex(bytes);
    attachment.added_at = iso8601(m_clock.now());
    attachment.added_by = who.username;
    XZQ_TRY(auto sealed, m_sealer.seal(bytes, "attachment:" + attachment.sha256));
    XZQ_TRY(attachment.storage_key, m_files.put(sealed));
    auto stored = m_reports.add_attachment(record.county_code, attachment, m_settings.attachment_limits);
    // A refused or failed row leaves no file behind.
    if (!stored) (void)m_files.remove(attachment.storage_key);
    return stored;
}

Result<int> ReportService::purge_expired_uploads() {
    XZQ_TRY(auto expired, m_reports.take_expired_staged(iso8601(m_clock.now())));
    for (const auto& staged : expired) (void)m_files.remove(staged.storage_key);
    return static_cast<int>(expired.size());
}

}  // namespace xzq::services
