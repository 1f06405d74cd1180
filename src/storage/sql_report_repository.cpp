#include "storage/sql_report_repository.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "security/tokens.hpp"
#include "storage/sql_organisation_repository.hpp"

namespace xzq::storage {

namespace {

using nlohmann::json;
using services::DeadlineRecord;
using services::ReportRecord;

// ---- JSON columns ------------------------------------------------------------------------

std::string persons_text(const std::vector<domain::ReportedPerson>& persons) {
    json out = json::array();
    for (const auto& p : persons) {
        out.push_back({{"name", p.name},
                       {"person_id", p.person_id ? json(*p.person_id) : json(nullptr)},
                       {"post", p.post},
                       {"rank", p.rank ? json(domain::to_string(*p.rank)) : json(nullptr)},
                       {"township", p.township_code ? json(*p.township_code) : json(nullptr)},
                       {"managed_by_county_committee", p.managed_by_county_committee},
                       {"township_leader", p.township_leader},
                       {"commission_head", p.commission_head}});
    }
    return out.dump();
}

std::vector<domain::ReportedPerson> persons_from(const std::string& text) {
    std::vector<domain::ReportedPerson> out;
    auto parsed = json::parse(text, nullptr, false);
    if (!parsed.is_array()) return out;
    for (const auto& p : parsed) {
        domain::ReportedPerson person;
        person.name = p.value("name", "");
        if (p.contains("person_id") && p["person_id"].is_number_integer())
            person.person_id = p["person_id"].get<long long>();
        person.post = p.value("post", "");
        if (p.contains("rank") && p["rank"].is_string())
            person.rank = domain::rank_from_text(p["rank"].get<std::string>());
        if (p.contains("township") && p["township"].is_string())
            person.township_code = p["township"].get<std::string>();
        person.managed_by_county_committee = p.value("managed_by_county_committee", false);
        person.township_leader = p.value("township_leader", false);
        person.commission_head = p.value("commission_head", false);
        out.push_back(std::move(person));
    }
    return out;
}

std::string strings_text(const std::vector<std::string>& items) {
    return json(items).dump();
}

std::vector<std::string> strings_from(const std::string& text) {
    auto parsed = json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (!parsed.is_array()) return out;
    for (const auto& item : parsed) {
        if (item.is_string()) out.push_back(item.get<std::string>());
    }
    return out;
}

std::string candidates_text(const std::vector<domain::RepeatCandidate>& candidates) {
    json out = json::array();
    for (const auto& c : candidates) {
        out.push_back({{"report_id", c.report_id},
                       {"number", c.number},
                       {"score", c.score},
                       {"reason_zh", c.reason_zh},
                       {"reason_en", c.reason_en}});
    }
    return out.dump();
}

std::vector<domain::RepeatCandidate> candidates_from(const std::string& text) {
    std::vector<domain::RepeatCandidate> out;
    auto parsed = json::parse(text, nullptr, false);
    if (!parsed.is_array()) return out;
    for (const auto& c : parsed) {
        domain::RepeatCandidate candidate;
        candidate.report_id = c.value("report_id", 0LL);
        candidate.number = c.value("number", "");
        candidate.score = c.value("score", 0.0);
        candidate.reason_zh = c.value("reason_zh", "");
        candidate.reason_en = c.value("reason_en", "");
        out.push_back(std::move(candidate));
    }
    return out;
}

std::string pauses_text(const std::vector<domain::Pause>& pauses) {
    json out = json::array();
    for (const auto& p : pauses) {
        out.push_back(
            {{"from", domain::format_date(p.from)}, {"to", p.to ? json(domain::format_date(*p.to)) : json(nullptr)}});
    }
    return out.dump();
}

std::vector<domain::Pause> pauses_from(const std::string& text) {
    std::vector<domain::Pause> out;
    auto parsed = json::parse(text, nullptr, false);
    if (!parsed.is_array()) return out;
    for (const auto& p : parsed) {
        auto from = domain::parse_date(p.value("from", ""));
        if (!from) continue;
        domain::Pause pause{*from, std::nullopt};
        if (p.contains("to") && p["to"].is_string()) pause.to = domain::parse_date(p["to"].get<std::string>());
        out.push_back(pause);
    }
    return out;
}

Value optional_date(const std::optional<domain::Date>& date) {
    if (date) return domain::format_date(*date);
    return nullptr;
}

// ---- reports -----------------------------------------------------------------------------

constexpr std::string_view k_report_columns =
    "id, county_code, number, channel, report_type, status, handling_level, routed_township, routed_zone_id, "
    "place_township, place_village, received_on, received_at, reporter_mode, reporter_sealed, category_code, "
    "problem_areas, persons, description, stub, registered_by, handler_user_id, intake_user_id, query_code_hash, "
    "query_password_hash, submission_key, repeat_state, original_report_id, repeat_candidates, conclusion, "
    "concluded_on";

// Stored enum texts are only ever written from to_string; anything else is corruption.
template <class T>
T stored(std::optional<T> value, const std::string& text) {
    if (!value) throw DatabaseError(DatabaseError::Reason::failed, "stored value is not recognised: " + text);
    return *value;
}

ReportRecord report_from(const Row& row) {
    ReportRecord r;
    r.id = row.integer(0);
    r.county_code = row.text(1);
    r.number = row.text(2);
    r.channel = stored(domain::channel_from_string(row.text(3)), row.text(3));
    r.type = stored(domain::report_type_from_string(row.text(4)), row.text(4));
    r.status = stored(domain::report_status_from_string(row.text(5)), row.text(5));
    if (auto level = text_or_null(row, 6)) r.level = stored(domain::handling_level_from_string(*level), *level);
    r.routed_township = text_or_null(row, 7);
    r.routed_zone_id = id_or_null(row, 8);
    r.place_township = text_or_null(row, 9);
    r.place_village = text_or_null(row, 10);
    r.received_on = date_at(row, 11);
    r.received_at = row.text(12);
    r.reporter_mode = stored(domain::reporter_mode_from_string(row.text(13)), row.text(13));
    r.reporter_sealed = row.text(14);
    r.category_code = text_or_null(row, 15);
    r.problem_areas = strings_from(row.text(16));
    r.persons = persons_from(row.text(17));
    r.description = row.text(18);
    r.stub = row.integer(19) != 0;
    r.registered_by = id_or_null(row, 20);
    r.handler_user_id = id_or_null(row, 21);
    r.intake_user_id = id_or_null(row, 22);
    r.query_code_hash = text_or_null(row, 23);
    r.query_password_hash = text_or_null(row, 24);
    r.submission_key = text_or_null(row, 25);
    r.repeat_state = row.text(26);
    r.original_report_id = id_or_null(row, 27);
    r.repeat_candidates = candidates_from(row.text(28));
    r.conclusion = row.text(29);
    r.concluded_on = date_or_null(row, 30);
    return r;
}

Value level_value(const std::optional<domain::HandlingLevel>& level) {
    if (level) return std::string(domain::to_string(*level));
    return nullptr;
}

// The mutable columns, in the order of the UPDATE below (id appended last).
Params mutable_values(const ReportRecord& r) {
    return {std::string(domain::to_string(r.type)),
            std::string(domain::to_string(r.status)),
            level_value(r.level),
            optional_text(r.routed_township),
            optional_id(r.routed_zone_id),
            std::string(domain::to_string(r.reporter_mode)),
            r.reporter_sealed,
            optional_text(r.category_code),
            strings_text(r.problem_areas),
            persons_text(r.persons),
            r.description,
            std::int64_t{r.stub ? 1 : 0},
            optional_id(r.handler_user_id),
            r.repeat_state,
            optional_id(r.original_report_id),
            candidates_text(r.repeat_candidates),
            r.conclusion,
            optional_date(r.concluded_on)};
}

constexpr std::string_view k_report_update =
    "UPDATE reports SET report_type = ?, status = ?, handling_level = ?, routed_township = ?, routed_zone_id = ?, "
    "reporter_mode = ?, reporter_sealed = ?, category_code = ?, problem_areas = ?, persons = ?, description = ?, "
    "stub = ?, handler_user_id = ?, repeat_state = ?, original_report_id = ?, repeat_candidates = ?, conclusion = ?, "
    "concluded_on = ? WHERE id = ?";

void insert_event(Session& session, std::string_view county, const services::ReportEvent& event) {
    session.exec(
        "INSERT INTO report_events (id, county_code, report_id, at, actor, action, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {next_id(session, "report_events"), std::string(county), std::int64_t{event.report_id}, event.at, event.actor,
         event.action, event.note});
}

void insert_deadline(Session& session, const DeadlineRecord& d) {
    session.exec(
        "INSERT INTO deadlines (id, county_code, subject_type, subject_id, rule_code, start_on, due_on, completed_on, "
        "pauses, level, township_code, zone_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {next_id(session, "deadlines"), d.county_code, d.subject_type, std::int64_t{d.subject_id}, d.rule_code,
         domain::format_date(d.start_on), optional_date(d.due_on), optional_date(d.completed_on), pauses_text(d.pauses),
         optional_text(d.level), optional_text(d.township_code), optional_id(d.zone_id)});
}

services::ReportMessage insert_message(Session& session, std::string_view county, services::ReportMessage message) {
    message.id = next_id(session, "report_messages");
    session.exec(
        "INSERT INTO report_messages (id, county_code, report_id, sender, author_user_id, body, is_notice, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {std::int64_t{message.id}, std::string(county), std::int64_t{message.report_id}, message.sender,
         optional_id(message.author_user_id), message.body, std::int64_t{message.is_notice ? 1 : 0}, message.at});
    return message;
}

constexpr std::string_view k_deadline_columns =
    "id, county_code, subject_type, subject_id, rule_code, start_on, due_on, completed_on, pauses, level, "
    "township_code, zone_id";

DeadlineRecord deadline_from(const Row& row) {
    DeadlineRecord d;
    d.id = row.integer(0);
    d.county_code = row.text(1);
    d.subject_type = row.text(2);
    d.subject_id = row.integer(3);
    d.rule_code = row.text(4);
    d.start_on = date_at(row, 5);
    d.due_on = date_or_null(row, 6);
    d.completed_on = date_or_null(row, 7);
    d.pauses = pauses_from(row.text(8));
    d.level = text_or_null(row, 9);
    d.township_code = text_or_null(row, 10);
    d.zone_id = id_or_null(row, 11);
    return d;
}

constexpr std::string_view k_reveal_columns =
    "id, county_code, report_id, requested_by, requester_name, reason, state, decided_by, decider_name, "
    "decision_reason, requested_at, decided_at";

services::RevealRequest reveal_from(const Row& row) {
    services::RevealRequest r;
    r.id = row.integer(0);
    r.county_code = row.text(1);
    r.report_id = row.integer(2);
    r.requested_by = row.integer(3);
    r.requester_name = row.text(4);
    r.reason = row.text(5);
    r.state = row.text(6);
    r.decided_by = id_or_null(row, 7);
    r.decider_name = text_or_null(row, 8);
    r.decision_reason = text_or_null(row, 9);
    r.requested_at = row.text(10);
    r.decided_at = text_or_null(row, 11);
    return r;
}

Error staged_refused() {
    return make_error(ErrorKind::conflict, "report.attachment_expired",
                      "附件上传已失效或已被使用，请重新上传附件后再提交",
                      "an uploaded attachment has expired or was already used; upload it again and resubmit");
}

Error duplicate_submission() {
    return make_error(ErrorKind::conflict, "report.duplicate_submission",
                      "该举报已经提交过，请勿重复提交（如需查询请使用回执中的查询码）",
                      "this report was already submitted; do not submit it twice (use the receipt's query code)");
}

}  // namespace

Result<std::pair<long long, long long>> SqlReportRepository::reserve_report_id(std::string_view county_code, int year) {
    std::string sequence = fmt::format("report_number:{}:{}", county_code, year);
    return m_database.write([&](Session& session) {
        return std::pair<long long, long long>{next_id(session, "reports"), next_id(session, sequence)};
    });
}

Result<ReportRecord> SqlReportRepository::add_report(const services::NewReport& report, std::string_view now_iso) {
    const auto& r = report.record;
    XZQ_TRY(auto refusal, m_database.write([&](Session& session) -> std::optional<Error> {
        if (r.submission_key) {
            auto seen = session.query("SELECT COUNT(*) FROM reports WHERE submission_key = ?", {*r.submission_key});
            if (seen.at(0).integer(0) > 0) return duplicate_submission();
        }
        std::vector<services::StagedAttachment> staged;
        for (const auto& token : report.staged_tokens) {
            auto rows = session.query(
                "SELECT name, kind, size, sha256, storage_key, expires_at, county_code FROM staged_attachments "
                "WHERE token_hash = ?",
                {token});
            if (rows.empty() || rows[0].text(5) < now_iso || rows[0].text(6) != r.county_code) return staged_refused();
            staged.push_back({token, rows[0].text(6), rows[0].text(0), rows[0].text(1), rows[0].integer(2),
                              rows[0].text(3), rows[0].text(4), rows[0].text(5)});
        }
        std::size_t total = 0;
        for (const auto& s : staged) total += static_cast<std::size_t>(s.size);
        if (auto fits = domain::check_attachment_totals(staged.size(), total, report.attachment_limits); !fits) {
            return fits.error();
        }
        session.exec(
            fmt::format("INSERT INTO reports ({}) VALUES ({})", k_report_columns,
                        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?"),
            {std::int64_t{r.id},
             r.county_code,
             r.number,
             std::string(domain::to_string(r.channel)),
             std::string(domain::to_string(r.type)),
             std::string(domain::to_string(r.status)),
             level_value(r.level),
             optional_text(r.routed_township),
             optional_id(r.routed_zone_id),
             optional_text(r.place_township),
             optional_text(r.place_village),
             domain::format_date(r.received_on),
             r.received_at,
             std::string(domain::to_string(r.reporter_mode)),
             r.reporter_sealed,
             optional_text(r.category_code),
             strings_text(r.problem_areas),
             persons_text(r.persons),
             r.description,
             std::int64_t{r.stub ? 1 : 0},
             optional_id(r.registered_by),
             optional_id(r.handler_user_id),
             optional_id(r.intake_user_id),
             optional_text(r.query_code_hash),
             optional_text(r.query_password_hash),
             optional_text(r.submission_key),
             r.repeat_state,
             optional_id(r.original_report_id),
             candidates_text(r.repeat_candidates),
             r.conclusion,
             optional_date(r.concluded_on)});
        insert_event(session, r.county_code, report.first_event);
        for (const auto& s : staged) {
            session.exec(
                "INSERT INTO report_attachments (id, county_code, report_id, name, kind, size, sha256, storage_key, "
                "added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {next_id(session, "report_attachments"), r.county_code, std::int64_t{r.id}, s.name, s.kind,
                 std::int64_t{s.size}, s.sha256, s.storage_key, std::string(now_iso), report.attachments_added_by});
            session.exec("DELETE FROM staged_attachments WHERE token_hash = ?", {s.token_hash});
        }
        for (const auto& d : report.deadlines) insert_deadline(session, d);
        return std::nullopt;
    }));
    if (refusal) return *refusal;
    return r;
}

Result<void> SqlReportRepository::apply_change(const services::ReportChange& change) {
    return m_database.write([&](Session& session) {
        const auto& r = change.record;
        auto values = mutable_values(r);
        values.emplace_back(std::int64_t{r.id});
        if (session.exec(k_report_update, values) != 1) {
            throw DatabaseError(DatabaseError::Reason::constraint, "report vanished: " + std::to_string(r.id));
        }
        if (change.event) insert_event(session, r.county_code, *change.event);
        for (const auto& rule : change.complete_rules) {
            session.exec(
                "UPDATE deadlines SET completed_on = ? WHERE subject_type = 'report' AND subject_id = ? AND rule_code "
                "= ? "
                "AND completed_on IS NULL",
                {domain::format_date(change.today), std::int64_t{r.id}, rule});
        }
        for (const auto& d : change.new_deadlines) insert_deadline(session, d);
        if (change.message) insert_message(session, r.county_code, *change.message);
        if (change.purge_content) {
            session.exec("DELETE FROM report_attachments WHERE report_id = ?", {std::int64_t{r.id}});
            session.exec("DELETE FROM report_messages WHERE report_id = ?", {std::int64_t{r.id}});
        }
    });
}

Result<std::optional<ReportRecord>> SqlReportRepository::report(long long id) {
    return m_database.read([&](Session& session) -> std::optional<ReportRecord> {
        auto rows =
            session.query(fmt::format("SELECT {} FROM reports WHERE id = ?", k_report_columns), {std::int64_t{id}});
        if (rows.empty()) return std::nullopt;
        return report_from(rows[0]);
    });
}

Result<std::optional<ReportRecord>> SqlReportRepository::report_by_query_code(std::string_view code_hash) {
    return m_database.read([&](Session& session) -> std::optional<ReportRecord> {
        auto rows = session.query(fmt::format("SELECT {} FROM reports WHERE query_code_hash = ?", k_report_columns),
                                  {std::string(code_hash)});
        if (rows.empty()) return std::nullopt;
        return report_from(rows[0]);
    });
}

Result<std::vector<ReportRecord>> SqlReportRepository::reports(std::string_view county_code,
                                                               const services::ReportListFilter& filter) {
    return m_database.read([&](Session& session) {
        std::string sql = fmt::format("SELECT {} FROM reports WHERE county_code = ?", k_report_columns);
        Params params{std::string(county_code)};
        if (filter.status) {
            sql += " AND status = ?";
            params.emplace_back(std::string(domain::to_string(*filter.status)));
        }
        if (filter.level) {
            sql += " AND handling_level = ?";
            params.emplace_back(std::string(domain::to_string(*filter.level)));
        }
        if (filter.township_code) {
            sql += " AND (routed_township = ? OR place_township = ?)";
            params.emplace_back(*filter.township_code);
            params.emplace_back(*filter.township_code);
        }
        sql += " ORDER BY received_on DESC, id DESC";
        std::vector<ReportRecord> out;
        for (const auto& row : session.query(sql, params)) out.push_back(report_from(row));
        return out;
    });
}

Result<std::vector<ReportRecord>> SqlReportRepository::reports_by_intake(long long user_id) {
    return m_database.read([&](Session& session) {
        std::vector<ReportRecord> out;
        for (const auto& row : session.query(
                 fmt::format("SELECT {} FROM reports WHERE intake_user_id = ? ORDER BY id DESC", k_report_columns),
                 {std::int64_t{user_id}})) {
            out.push_back(report_from(row));
        }
        return out;
    });
}

Result<std::vector<services::ReportEvent>> SqlReportRepository::events(long long report_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::ReportEvent> out;
        for (const auto& row : session.query(
                 "SELECT id, report_id, at, actor, action, note FROM report_events WHERE report_id = ? ORDER BY id",
                 {std::int64_t{report_id}})) {
            out.push_back({row.integer(0), row.integer(1), row.text(2), row.text(3), row.text(4), row.text(5)});
        }
        return out;
    });
}

Result<std::vector<services::ReportMessage>> SqlReportRepository::messages(long long report_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::ReportMessage> out;
        for (const auto& row : session.query("SELECT id, report_id, sender, author_user_id, body, is_notice, at FROM "
                                             "report_messages WHERE report_id = ? ORDER BY id",
                                             {std::int64_t{report_id}})) {
            out.push_back({row.integer(0), row.integer(1), row.text(2), id_or_null(row, 3), row.text(4),
                           row.integer(5) != 0, row.text(6)});
        }
        return out;
    });
}

Result<services::ReportMessage> SqlReportRepository::add_message(std::string_view county_code,
                                                                 const services::ReportMessage& message) {
    return m_database.write([&](Session& session) { return insert_message(session, county_code, message); });
}

Result<std::vector<services::StoredAttachment>> SqlReportRepository::attachments(long long report_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::StoredAttachment> out;
        for (const auto& row :
             session.query("SELECT id, report_id, name, kind, size, sha256, storage_key, added_at, added_by FROM "
                           "report_attachments WHERE report_id = ? ORDER BY id",
                           {std::int64_t{report_id}})) {
            out.push_back({row.integer(0), row.integer(1), row.text(2), row.text(3), row.integer(4), row.text(5),
                           row.text(6), row.text(7), row.text(8)});
        }
        return out;
    });
}

Result<services::StoredAttachment> SqlReportRepository::add_attachment(std::string_view county_code,
                                                                       const services::StoredAttachment& attachment,
                                                                       const domain::AttachmentLimits& limits) {
    XZQ_TRY(auto outcome, m_database.write([&](Session& session) -> Result<services::StoredAttachment> {
        auto rows = session.query("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM report_attachments WHERE report_id = ?",
                                  {std::int64_t{attachment.report_id}});
        auto count = static_cast<std::size_t>(rows.at(0).integer(0)) + 1;
        auto total = static_cast<std::size_t>(rows.at(0).integer(1) + attachment.size);
        if (auto fits = domain::check_attachment_totals(count, total, limits); !fits) return fits.error();
        services::StoredAttachment out = attachment;
        out.id = next_id(session, "report_attachments");
        session.exec(
            "INSERT INTO report_attachments (id, county_code, report_id, name, kind, size, sha256, storage_key, "
            "added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {std::int64_t{out.id}, std::string(county_code), std::int64_t{out.report_id}, out.name, out.kind,
             std::int64_t{out.size}, out.sha256, out.storage_key, out.added_at, out.added_by});
        return out;
    }));
    return outcome;
}

Result<void> SqlReportRepository::stage_attachment(const services::StagedAttachment& s) {
    return m_database.write([&](Session& session) {
        session.exec(
            "INSERT INTO staged_attachments (token_hash, county_code, name, kind, size, sha256, storage_key, "
            "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {s.token_hash, s.county_code, s.name, s.kind, std::int64_t{s.size}, s.sha256, s.storage_key, s.expires_at});
    });
}

Result<std::vector<services::StagedAttachment>> SqlReportRepository::take_expired_staged(std::string_view now_iso) {
    return m_database.write([&](Session& session) {
        std::vector<services::StagedAttachment> out;
        for (const auto& row : session.query("SELECT token_hash, county_code, name, kind, size, sha256, storage_key, "
                                             "expires_at FROM staged_attachments WHERE expires_at < ?",
                                             {std::string(now_iso)})) {
            out.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.integer(4), row.text(5), row.text(6),
                           row.text(7)});
        }
        session.exec("DELETE FROM staged_attachments WHERE expires_at < ?", {std::string(now_iso)});
        return out;
    });
}

Result<services::RevealRequest> SqlReportRepository::add_reveal_request(const services::RevealRequest& request) {
    return m_database.write([&](Session& session) {
        services::RevealRequest out = request;
        out.id = next_id(session, "reveal_requests");
        session.exec(
            fmt::format("INSERT INTO reveal_requests ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        k_reveal_columns),
            {std::int64_t{out.id}, out.county_code, std::int64_t{out.report_id}, std::int64_t{out.requested_by},
             out.requester_name, out.reason, out.state, optional_id(out.decided_by), optional_text(out.decider_name),
             optional_text(out.decision_reason), out.requested_at, optional_text(out.decided_at)});
        return out;
    });
}

Result<void> SqlReportRepository::update_reveal_request(const services::RevealRequest& r) {
    return m_database.write([&](Session& session) {
        // Only a pending request can be decided: a second decision (or a race) changes nothing.
        auto changed = session.exec(
            "UPDATE reveal_requests SET state = ?, decided_by = ?, decider_name = ?, decision_reason = ?, "
            "decided_at = ? WHERE id = ? AND state = 'pending'",
            {r.state, optional_id(r.decided_by), optional_text(r.decider_name), optional_text(r.decision_reason),
             optional_text(r.decided_at), std::int64_t{r.id}});
        if (changed != 1) throw DatabaseError(DatabaseError::Reason::constraint, "reveal request already decided");
    });
}

Result<std::optional<services::RevealRequest>> SqlReportRepository::reveal_request(long long id) {
    return m_database.read([&](Session& session) -> std::optional<services::RevealRequest> {
        auto rows = session.query(fmt::format("SELECT {} FROM reveal_requests WHERE id = ?", k_reveal_columns),
                                  {std::int64_t{id}});
        if (rows.empty()) return std::nullopt;
        return reveal_from(rows[0]);
    });
}

Result<std::vector<services::RevealRequest>> SqlReportRepository::reveal_requests(std::string_view county_code) {
    return m_database.read([&](Session& session) {
        std::vector<services::RevealRequest> out;
        for (const auto& row : session.query(
                 fmt::format("SELECT {} FROM reveal_requests WHERE county_code = ? ORDER BY id DESC", k_reveal_columns),
                 {std::string(county_code)})) {
            out.push_back(reveal_from(row));
        }
        return out;
    });
}

Result<std::vector<services::RevealRequest>> SqlReportRepository::reveal_requests_of_report(long long report_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::RevealRequest> out;
        for (const auto& row : session.query(
                 fmt::format("SELECT {} FROM reveal_requests WHERE report_id = ? ORDER BY id", k_reveal_columns),
                 {std::int64_t{report_id}})) {
            out.push_back(reveal_from(row));
        }
        return out;
    });
}

Result<std::vector<DeadlineRecord>> SqlReportRepository::deadlines_of(std::string_view subject_type,
                                                                      long long subject_id) {
    return m_database.read([&](Session& session) {
        std::vector<DeadlineRecord> out;
        for (const auto& row :
             session.query(fmt::format("SELECT {} FROM deadlines WHERE subject_type = ? AND subject_id = ? ORDER BY id",
                                       k_deadline_columns),
                           {std::string(subject_type), std::int64_t{subject_id}})) {
            out.push_back(deadline_from(row));
        }
        return out;
    });
}

Result<std::vector<DeadlineRecord>> SqlReportRepository::open_deadlines(std::string_view county_code) {
    return m_database.read([&](Session& session) {
        std::vector<DeadlineRecord> out;
        for (const auto& row : session.query(
                 fmt::format("SELECT {} FROM deadlines WHERE county_code = ? AND completed_on IS NULL ORDER BY id",
                             k_deadline_columns),
                 {std::string(county_code)})) {
            out.push_back(deadline_from(row));
        }
        return out;
    });
}

// ---- calendar ----------------------------------------------------------------------------

Result<std::vector<domain::CalendarException>> SqlCalendarRepository::calendar() {
    return m_database.read([&](Session& session) {
        std::vector<domain::CalendarException> out;
        for (const auto& row : session.query("SELECT day, kind, name FROM calendar_days ORDER BY day")) {
            auto kind = domain::day_kind_from_string(row.text(1));
            out.push_back({date_at(row, 0), kind.value_or(domain::DayKind::holiday), row.text(2)});
        }
        return out;
    });
}

Result<int> SqlCalendarRepository::seed_calendar(const std::vector<domain::CalendarException>& shipped) {
    return m_database.write([&](Session& session) {
        std::set<int> seeded;
        for (const auto& row : session.query("SELECT year FROM calendar_years_seeded")) {
            seeded.insert(static_cast<int>(row.integer(0)));
        }
        std::set<int> added_years;
        int added = 0;
        for (const auto& day : shipped) {
            int year = static_cast<int>(day.date.year());
            if (seeded.contains(year)) continue;
            added_years.insert(year);
            added += static_cast<int>(session.exec(
                "INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?) ON CONFLICT (day) DO NOTHING",
                {domain::format_date(day.date), std::string(domain::to_string(day.kind)), day.name}));
        }
        for (int year : added_years) {
            session.exec("INSERT INTO calendar_years_seeded (year) VALUES (?)", {std::int64_t{year}});
        }
        return added;
    });
}

Result<void> SqlCalendarRepository::put_day(const domain::CalendarException& day) {
    return m_database.write([&](Session& session) {
        session.exec(
            "INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?) "
            "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
            {domain::format_date(day.date), std::string(domain::to_string(day.kind)), day.name});
    });
}

Result<bool> SqlCalendarRepository::remove_day(domain::Date day) {
    return m_database.write([&](Session& session) {
        return session.exec("DELETE FROM calendar_days WHERE day = ?", {domain::format_date(day)}) > 0;
    });
}

// ---- attachment files --------------------------------------------------------------------

namespace {

Error store_error(const std::string& what) {
    return make_error(ErrorKind::unavailable, "attachments.io", "附件存储暂不可用，请稍后重试",
                      "the attachment store is unavailable; try again later (" + what + ")");
}

bool fsync_path(const std::filesystem::path& path, int flags) {
    int fd = ::open(path.c_str(), flags);
    if (fd < 0) return false;
    bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

bool is_key(std::string_view key) {
    return key.size() == 32 && key.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::optional<std::filesystem::path> FileAttachmentStore::path_of(std::string_view key) const {
    if (!is_key(key)) return std::nullopt;
    return m_root / std::string(key.substr(0, 2)) / std::string(key);
}

Result<std::string> FileAttachmentStore::put(std::string_view bytes) {
    std::string key;
    for (unsigned char b : security::random_bytes(16)) key += fmt::format("{:02x}", b);
    auto target = *path_of(key);
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) return store_error(ec.message());
    auto temporary = target;
    temporary += ".part";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return store_error("open");
    std::size_t written = 0;
    while (written < bytes.size()) {
        auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) {
            ::close(fd);
            std::filesystem::remove(temporary, ec);
            return store_error("write");
        }
        written += static_cast<std::size_t>(n);
    }
    bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) {
        std::filesystem::remove(temporary, ec);
        return store_error("fsync");
    }
    std::filesystem::rename(temporary, target, ec);
    if (ec || !fsync_path(target.parent_path(), O_RDONLY | O_DIRECTORY)) return store_error("rename");
    return key;
}

Result<std::string> FileAttachmentStore::get(std::string_view key) {
    auto path = path_of(key);
    if (!path) return store_error("bad key");
    std::ifstream in(*path, std::ios::binary);
    if (!in) {
        return make_error(ErrorKind::not_found, "attachments.missing", "附件文件不存在",
                          "the attachment's file is missing");
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

Result<void> FileAttachmentStore::remove(std::string_view key) {
    auto path = path_of(key);
    if (!path) return store_error("bad key");
    std::error_code ec;
    std::filesystem::remove(*path, ec);
    if (ec) return store_error(ec.message());
    return Ok{};
}

}  // namespace xzq::storage
