#include "storage/sql_case_repository.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "storage/sql_organisation_repository.hpp"

namespace xzq::storage {

namespace {

using nlohmann::json;
using services::CaseRecord;

template <class T>
T stored(std::optional<T> value, const std::string& text) {
    if (!value) throw DatabaseError(DatabaseError::Reason::failed, "stored value is not recognised: " + text);
    return *value;
}

Value optional_date(const std::optional<domain::Date>& date) {
    if (date) return domain::format_date(*date);
    return nullptr;
}

// ---- JSON columns ------------------------------------------------------------------------

std::string subject_text(const services::CaseSubject& s) {
    const auto& f = s.facts;
    return json{{"name", s.name},
                {"post", s.post},
                {"person_id", s.person_id ? json(*s.person_id) : json(nullptr)},
                {"party_member", f.party_member},
                {"village_manager", f.village_manager},
                {"public_official", f.public_official},
                {"retired", f.retired},
                {"holds_party_post", f.holds_party_post},
                {"rank", f.rank ? json(domain::to_string(*f.rank)) : json(nullptr)},
                {"managed_by_county_committee", f.managed_by_county_committee}}
        .dump();
}

services::CaseSubject subject_from(const std::string& text) {
    services::CaseSubject s;
    auto j = json::parse(text, nullptr, false);
    if (!j.is_object()) return s;
    s.name = j.value("name", "");
    s.post = j.value("post", "");
    if (j.contains("person_id") && j["person_id"].is_number_integer()) s.person_id = j["person_id"].get<long long>();
    s.facts.party_member = j.value("party_member", false);
    s.facts.village_manager = j.value("village_manager", false);
    s.facts.public_official = j.value("public_official", false);
    s.facts.retired = j.value("retired", false);
    s.facts.holds_party_post = j.value("holds_party_post", false);
    if (j.contains("rank") && j["rank"].is_string())
        s.facts.rank = domain::rank_from_text(j["rank"].get<std::string>());
    s.facts.managed_by_county_committee = j.value("managed_by_county_committee", false);
    return s;
}

template <class E, class ToString>
std::string enum_list_text(const std::set<E>& items, ToString to_text) {
    json out = json::array();
    for (auto item : items) out.push_back(std::string(to_text(item)));
    return out.dump();
}

std::set<domain::CaseMark> marks_from(const std::string& text) {
    std::set<domain::CaseMark> out;
    auto j = json::parse(text, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& item : j) {
        if (!item.is_string()) continue;
        if (auto mark = domain::case_mark_from_string(item.get<std::string>())) out.insert(*mark);
    }
    return out;
}

std::set<domain::WorkflowCondition> facts_from(const std::string& text) {
    std::set<domain::WorkflowCondition> out;
    auto j = json::parse(text, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& item : j) {
        if (!item.is_string()) continue;
        if (auto fact = domain::workflow_condition_from_string(item.get<std::string>())) out.insert(*fact);
    }
    return out;
}

std::string fields_text(const std::map<std::string, std::string>& fields) {
    return json(fields).dump();
}

std::map<std::string, std::string> fields_from(const std::string& text) {
    std::map<std::string, std::string> out;
    auto j = json::parse(text, nullptr, false);
    if (!j.is_object()) return out;
    for (const auto& [key, value] : j.items()) {
        if (value.is_string()) out[key] = value.get<std::string>();
    }
    return out;
}

constexpr std::string_view k_case_columns =
    "id, county_code, number, report_id, source, title, state, handling_level, township_code, zone_id, "
    "subject_person_id, subject, important_complex, approval_path, decision, four_form, marks, facts, opened_on, "
    "closed_on, archived_at, archive_digest";

CaseRecord case_from(const Row& row) {
    CaseRecord r;
    r.id = row.integer(0);
    r.county_code = row.text(1);
    r.number = row.text(2);
    r.report_id = id_or_null(row, 3);
    r.source = row.text(4);
    r.title = row.text(5);
    r.position.state = stored(domain::case_state_from_string(row.text(6)), row.text(6));
    r.position.level = stored(domain::case_handling_level_from_string(row.text(7)), row.text(7));
    r.township_code = text_or_null(row, 8);
    r.zone_id = id_or_null(row, 9);
    r.subject = subject_from(row.text(11));
    r.important_or_complex = row.integer(12) != 0;
    if (auto path = text_or_null(row, 13))
        r.position.path = stored(domain::case_approval_path_from_string(*path), *path);
    r.decision = decision_from_text(row.text(14));
    r.four_form = static_cast<int>(row.integer(15));
    r.position.marks = marks_from(row.text(16));
    r.facts = facts_from(row.text(17));
    r.opened_on = date_at(row, 18);
    r.closed_on = date_or_null(row, 19);
    r.archived_at = text_or_null(row, 20);
    r.archive_digest = text_or_null(row, 21);
    return r;
}

Value path_value(const std::optional<domain::CaseApprovalPath>& path) {
    if (path) return std::string(domain::to_string(*path));
    return nullptr;
}

std::string approvals_text(const std::vector<services::CaseApproval>& approvals) {
    json out = json::array();
    for (const auto& a : approvals) {
        out.push_back({{"role", domain::to_string(a.role)},
                       {"by", a.by_name},
                       {"by_user", a.by_user},
                       {"opinion", a.opinion},
                       {"at", a.at}});
    }
    return out.dump();
}

std::vector<services::CaseApproval> approvals_from(const std::string& text) {
    std::vector<services::CaseApproval> out;
    auto j = json::parse(text, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& a : j) {
        services::CaseApproval approval;
        if (auto role = domain::approval_role_from_string(a.value("role", ""))) approval.role = *role;
        approval.by_name = a.value("by", "");
        approval.by_user = a.value("by_user", 0LL);
        approval.opinion = a.value("opinion", "");
        approval.at = a.value("at", "");
        out.push_back(std::move(approval));
    }
    return out;
}

long long insert_step(Session& session, std::string_view county, const services::CaseStep& step) {
    long long id = next_id(session, "case_steps");
    session.exec(
        "INSERT INTO case_steps (id, county_code, case_id, at, actor, action, from_state, to_state, reason, fields, "
        "approvals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {std::int64_t{id}, std::string(county), std::int64_t{step.case_id}, step.at, step.actor, step.action,
         std::string(domain::to_string(step.from)), std::string(domain::to_string(step.to)), step.reason,
         fields_text(step.fields), approvals_text(step.approvals)});
    return id;
}

void insert_deadline(Session& session, const services::DeadlineRecord& d) {
    session.exec(
        "INSERT INTO deadlines (id, county_code, subject_type, subject_id, rule_code, start_on, due_on, completed_on, "
        "pauses, level, township_code, zone_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)",
        {next_id(session, "deadlines"), d.county_code, d.subject_type, std::int64_t{d.subject_id}, d.rule_code,
         domain::format_date(d.start_on), optional_date(d.due_on), optional_date(d.completed_on),
         optional_text(d.level), optional_text(d.township_code), optional_id(d.zone_id)});
}

services::CaseDocument insert_document(Session& session, std::string_view county, services::CaseDocument d) {
    d.id = next_id(session, "case_documents");
    session.exec(
        "INSERT INTO case_documents (id, county_code, case_id, stage, kind, title, file_name, mime, size, sha256, "
        "storage_key, generated, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {std::int64_t{d.id}, std::string(county), std::int64_t{d.case_id}, std::string(domain::to_string(d.stage)),
         d.kind, d.title, d.file_name, d.mime, std::int64_t{d.size}, d.sha256, d.storage_key,
         std::int64_t{d.generated ? 1 : 0}, d.created_at, d.created_by});
    return d;
}

constexpr std::string_view k_member_columns =
    "id, case_id, person_id, role, leader, assigned_on, assigned_by, reason, declared_at, declaration, removed_on, "
    "removal_reason";

services::CaseMember member_from(const Row& row) {
    services::CaseMember m;
    m.id = row.integer(0);
    m.case_id = row.integer(1);
    m.person_id = row.integer(2);
    m.role = stored(services::case_role_from_string(row.text(3)), row.text(3));
    m.leader = row.integer(4) != 0;
    m.assigned_on = date_at(row, 5);
    m.assigned_by = row.text(6);
    m.reason = row.text(7);
    m.declared_at = text_or_null(row, 8);
    m.declaration = row.text(9);
    m.removed_on = date_or_null(row, 10);
    m.removal_reason = text_or_null(row, 11);
    return m;
}

}  // namespace

// ---- decisions as JSON ---------------------------------------------------------------------

std::string decision_text(const domain::CaseDecision& d) {
    json measures = json::array();
    for (auto m : d.measures) measures.push_back(std::string(domain::to_string(m)));
    json org = json::array();
    for (const auto& o : d.org_handling) {
        org.push_back({{"measure", domain::to_string(o.measure)},
                       {"proposed_to", domain::to_string(o.proposed_to)},
                       {"reason", o.reason}});
    }
    return json{
        {"party", d.party ? json(domain::to_string(*d.party)) : json(nullptr)},
        {"government", d.government ? json(domain::to_string(*d.government)) : json(nullptr)},
        {"measures", measures},
        {"org_handling", org},
        {"judicial", d.judicial ? json(domain::to_string(*d.judicial)) : json(nullptr)},
        {"party_approver", d.party_approver ? json(domain::to_string(*d.party_approver)) : json(nullptr)},
        {"government_decider", d.government_decider ? json(domain::to_string(*d.government_decider)) : json(nullptr)},
        {"important_or_complex", d.important_or_complex}}
        .dump();
}

std::optional<domain::CaseDecision> decision_from_text(const std::string& text) {
    if (text.empty()) return std::nullopt;
    auto j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    domain::CaseDecision d;
    auto text_of = [&](const char* key) -> std::optional<std::string> {
        if (j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
        return std::nullopt;
    };
    if (auto v = text_of("party")) d.party = domain::party_sanction_from_string(*v);
    if (auto v = text_of("government")) d.government = domain::government_sanction_from_string(*v);
    if (j.contains("measures") && j["measures"].is_array()) {
        for (const auto& m : j["measures"]) {
            if (!m.is_string()) continue;
            if (auto measure = domain::first_form_measure_from_string(m.get<std::string>()))
                d.measures.push_back(*measure);
        }
    }
    if (j.contains("org_handling") && j["org_handling"].is_array()) {
        for (const auto& o : j["org_handling"]) {
            domain::OrgHandlingProposal proposal;
            if (auto m = domain::org_handling_from_string(o.value("measure", ""))) proposal.measure = *m;
            if (auto b = domain::approving_body_from_string(o.value("proposed_to", ""))) proposal.proposed_to = *b;
            proposal.reason = o.value("reason", "");
            d.org_handling.push_back(std::move(proposal));
        }
    }
    if (auto v = text_of("judicial")) d.judicial = domain::judicial_outcome_from_string(*v);
    if (auto v = text_of("party_approver")) d.party_approver = domain::approving_body_from_string(*v);
    if (auto v = text_of("government_decider")) d.government_decider = domain::approving_body_from_string(*v);
    d.important_or_complex = j.value("important_or_complex", false);
    return d;
}

// ---- cases ---------------------------------------------------------------------------------

Result<std::pair<long long, long long>> SqlCaseRepository::reserve_case_id(std::string_view county_code, int year) {
    std::string sequence = fmt::format("case_number:{}:{}", county_code, year);
    return m_database.write([&](Session& session) {
        return std::pair<long long, long long>{next_id(session, "cases"), next_id(session, sequence)};
    });
}

Result<CaseRecord> SqlCaseRepository::add_case(const CaseRecord& r, const services::CaseStep& first_step,
                                               const std::vector<services::DeadlineRecord>& deadlines) {
    XZQ_TRY_VOID(m_database.write([&](Session& session) {
        session.exec(
            fmt::format(
                "INSERT INTO cases ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                k_case_columns),
            {std::int64_t{r.id},
             r.county_code,
             r.number,
             optional_id(r.report_id),
             r.source,
             r.title,
             std::string(domain::to_string(r.position.state)),
             std::string(domain::to_string(r.position.level)),
             optional_text(r.township_code),
             optional_id(r.zone_id),
             optional_id(r.subject.person_id),
             subject_text(r.subject),
             std::int64_t{r.important_or_complex ? 1 : 0},
             path_value(r.position.path),
             r.decision ? decision_text(*r.decision) : std::string(),
             std::int64_t{r.four_form},
             enum_list_text(r.position.marks, [](auto m) { return domain::to_string(m); }),
             enum_list_text(r.facts, [](auto f) { return domain::to_string(f); }),
             domain::format_date(r.opened_on),
             optional_date(r.closed_on),
             optional_text(r.archived_at),
             optional_text(r.archive_digest)});
        insert_step(session, r.county_code, first_step);
        for (const auto& d : deadlines) insert_deadline(session, d);
    }));
    return r;
}

Result<void> SqlCaseRepository::apply(const services::CaseChange& change) {
    return m_database.write([&](Session& session) {
        const auto& r = change.record;
        // The step's form goes in first: once the case row says archived, the file takes nothing.
        if (change.document) insert_document(session, r.county_code, *change.document);
        std::string sql =
            "UPDATE cases SET state = ?, handling_level = ?, township_code = ?, zone_id = ?, subject = ?, "
            "important_complex = ?, approval_path = ?, decision = ?, four_form = ?, marks = ?, facts = ?, "
            "closed_on = ?, archived_at = ?, archive_digest = ? WHERE id = ?";
        Params params{std::string(domain::to_string(r.position.state)),
                      std::string(domain::to_string(r.position.level)),
                      optional_text(r.township_code),
                      optional_id(r.zone_id),
                      subject_text(r.subject),
                      std::int64_t{r.important_or_complex ? 1 : 0},
                      path_value(r.position.path),
                      r.decision ? decision_text(*r.decision) : std::string(),
                      std::int64_t{r.four_form},
                      enum_list_text(r.position.marks, [](auto m) { return domain::to_string(m); }),
                      enum_list_text(r.facts, [](auto f) { return domain::to_string(f); }),
                      optional_date(r.closed_on),
                      optional_text(r.archived_at),
                      optional_text(r.archive_digest),
                      std::int64_t{r.id}};
        if (change.expected_state) {
            sql += " AND state = ? AND archived_at IS NULL";
            params.emplace_back(std::string(domain::to_string(*change.expected_state)));
        }
        if (session.exec(sql, params) != 1) {
            throw DatabaseError(DatabaseError::Reason::constraint, "case moved concurrently or archived");
        }
        if (change.step) {
            long long step_id = insert_step(session, r.county_code, *change.step);
            for (long long approval : change.used_approvals) {
                session.exec("UPDATE case_approvals SET step_id = ? WHERE id = ? AND step_id IS NULL",
                             {std::int64_t{step_id}, std::int64_t{approval}});
            }
        }
        const std::string today = domain::format_date(change.today);
        for (const auto& rule : change.complete_rules) {
            session.exec(
                "UPDATE deadlines SET completed_on = ? WHERE subject_type = 'case' AND subject_id = ? AND rule_code = "
                "? "
                "AND completed_on IS NULL",
                {today, std::int64_t{r.id}, rule});
        }
        for (const auto& rule : change.cancel_rules) {
            session.exec(
                "DELETE FROM deadlines WHERE subject_type = 'case' AND subject_id = ? AND rule_code = ? AND "
                "completed_on IS NULL",
                {std::int64_t{r.id}, rule});
        }
        for (const auto& rule : change.pause_rules) {
            auto rows = session.query(
                "SELECT id, pauses FROM deadlines WHERE subject_type = 'case' AND subject_id = ? AND rule_code = ? AND "
                "completed_on IS NULL",
                {std::int64_t{r.id}, rule});
            for (const auto& row : rows) {
                auto pauses = json::parse(row.text(1), nullptr, false);
                if (!pauses.is_array()) pauses = json::array();
                pauses.push_back({{"from", today}, {"to", nullptr}});
                session.exec("UPDATE deadlines SET pauses = ?, due_on = NULL WHERE id = ?",
                             {pauses.dump(), row.integer(0)});
            }
        }
        for (const auto& rule : change.resume_rules) {
            auto rows = session.query(
                "SELECT id, pauses FROM deadlines WHERE subject_type = 'case' AND subject_id = ? AND rule_code = ? AND "
                "completed_on IS NULL",
                {std::int64_t{r.id}, rule});
            for (const auto& row : rows) {
                auto pauses = json::parse(row.text(1), nullptr, false);
                if (!pauses.is_array()) continue;
                for (auto& p : pauses) {
                    if (p.contains("to") && p["to"].is_null()) p["to"] = today;
                }
                session.exec("UPDATE deadlines SET pauses = ? WHERE id = ?", {pauses.dump(), row.integer(0)});
            }
        }
        for (const auto& d : change.new_deadlines) insert_deadline(session, d);
    });
}

Result<std::optional<CaseRecord>> SqlCaseRepository::case_file(long long id) {
    return m_database.read([&](Session& session) -> std::optional<CaseRecord> {
        auto rows = session.query(fmt::format("SELECT {} FROM cases WHERE id = ?", k_case_columns), {std::int64_t{id}});
        if (rows.empty()) return std::nullopt;
        return case_from(rows[0]);
    });
}

Result<std::optional<CaseRecord>> SqlCaseRepository::case_of_report(long long report_id) {
    return m_database.read([&](Session& session) -> std::optional<CaseRecord> {
        auto rows = session.query(fmt::format("SELECT {} FROM cases WHERE report_id = ? ORDER BY id", k_case_columns),
                                  {std::int64_t{report_id}});
        if (rows.empty()) return std::nullopt;
        return case_from(rows[0]);
    });
}

Result<std::vector<CaseRecord>> SqlCaseRepository::cases(std::string_view county_code) {
    return m_database.read([&](Session& session) {
        std::vector<CaseRecord> out;
        for (const auto& row :
             session.query(fmt::format("SELECT {} FROM cases WHERE county_code = ? ORDER BY id DESC", k_case_columns),
                           {std::string(county_code)})) {
            out.push_back(case_from(row));
        }
        return out;
    });
}

Result<std::vector<services::CaseStep>> SqlCaseRepository::steps(long long case_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::CaseStep> out;
        for (const auto& row : session.query("SELECT id, case_id, at, actor, action, from_state, to_state, reason, "
                                             "fields, approvals FROM case_steps WHERE case_id = ? ORDER BY id",
                                             {std::int64_t{case_id}})) {
            services::CaseStep step;
            step.id = row.integer(0);
            step.case_id = row.integer(1);
            step.at = row.text(2);
            step.actor = row.text(3);
            step.action = row.text(4);
            step.from = stored(domain::case_state_from_string(row.text(5)), row.text(5));
            step.to = stored(domain::case_state_from_string(row.text(6)), row.text(6));
            step.reason = row.text(7);
            step.fields = fields_from(row.text(8));
            step.approvals = approvals_from(row.text(9));
            out.push_back(std::move(step));
        }
        return out;
    });
}

Result<services::CaseApproval> SqlCaseRepository::add_approval(std::string_view county_code,
                                                               const services::CaseApproval& approval) {
    return m_database.write([&](Session& session) {
        services::CaseApproval out = approval;
        out.id = next_id(session, "case_approvals");
        session.exec(
            "INSERT INTO case_approvals (id, county_code, case_id, action, role, by_user, by_name, opinion, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {std::int64_t{out.id}, std::string(county_code), std::int64_t{out.case_id}, out.action,
             std::string(domain::to_string(out.role)), std::int64_t{out.by_user}, out.by_name, out.opinion, out.at});
        return out;
    });
}

Result<std::vector<services::CaseApproval>> SqlCaseRepository::pending_approvals(long long case_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::CaseApproval> out;
        for (const auto& row : session.query("SELECT id, case_id, action, role, by_user, by_name, opinion, at FROM "
                                             "case_approvals WHERE case_id = ? AND step_id IS NULL ORDER BY id",
                                             {std::int64_t{case_id}})) {
            services::CaseApproval a;
            a.id = row.integer(0);
            a.case_id = row.integer(1);
            a.action = row.text(2);
            a.role = stored(domain::approval_role_from_string(row.text(3)), row.text(3));
            a.by_user = row.integer(4);
            a.by_name = row.text(5);
            a.opinion = row.text(6);
            a.at = row.text(7);
            out.push_back(std::move(a));
        }
        return out;
    });
}

Result<std::vector<services::CaseMember>> SqlCaseRepository::members(long long case_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::CaseMember> out;
        for (const auto& row :
             session.query(fmt::format("SELECT {} FROM case_members WHERE case_id = ? ORDER BY id", k_member_columns),
                           {std::int64_t{case_id}})) {
            out.push_back(member_from(row));
        }
        return out;
    });
}

Result<int> SqlCaseRepository::active_assignments(long long person_id) {
    return m_database.read([&](Session& session) {
        auto rows = session.query(
            "SELECT COUNT(*) FROM case_members m JOIN cases c ON c.id = m.case_id WHERE m.person_id = ? AND "
            "m.removed_on IS NULL AND c.archived_at IS NULL AND c.state <> 'closed'",
            {std::int64_t{person_id}});
        return static_cast<int>(rows.at(0).integer(0));
    });
}

Result<void> SqlCaseRepository::add_members(std::string_view county_code,
                                            const std::vector<services::CaseMember>& members,
                                            const std::optional<services::CaseStep>& step) {
    return m_database.write([&](Session& session) {
        for (const auto& m : members) {
            session.exec(
                fmt::format("INSERT INTO case_members ({}, county_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            k_member_columns),
                {next_id(session, "case_members"), std::int64_t{m.case_id}, std::int64_t{m.person_id},
                 std::string(services::to_string(m.role)), std::int64_t{m.leader ? 1 : 0},
                 domain::format_date(m.assigned_on), m.assigned_by, m.reason, optional_text(m.declared_at),
                 m.declaration, optional_date(m.removed_on), optional_text(m.removal_reason),
                 std::string(county_code)});
        }
        if (step) insert_step(session, county_code, *step);
    });
}

Result<void> SqlCaseRepository::update_member(const services::CaseMember& m) {
    return m_database.write([&](Session& session) {
        session.exec(
            "UPDATE case_members SET leader = ?, declared_at = ?, declaration = ?, removed_on = ?, removal_reason = ? "
            "WHERE id = ?",
            {std::int64_t{m.leader ? 1 : 0}, optional_text(m.declared_at), m.declaration, optional_date(m.removed_on),
             optional_text(m.removal_reason), std::int64_t{m.id}});
    });
}

Result<services::CaseDocument> SqlCaseRepository::add_document(std::string_view county_code,
                                                               const services::CaseDocument& document) {
    return m_database.write([&](Session& session) { return insert_document(session, county_code, document); });
}

Result<std::vector<services::CaseDocument>> SqlCaseRepository::documents(long long case_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::CaseDocument> out;
        for (const auto& row :
             session.query("SELECT id, case_id, stage, kind, title, file_name, mime, size, sha256, storage_key, "
                           "generated, created_at, created_by FROM case_documents WHERE case_id = ? ORDER BY id",
                           {std::int64_t{case_id}})) {
            services::CaseDocument d;
            d.id = row.integer(0);
            d.case_id = row.integer(1);
            d.stage = stored(domain::case_state_from_string(row.text(2)), row.text(2));
            d.kind = row.text(3);
            d.title = row.text(4);
            d.file_name = row.text(5);
            d.mime = row.text(6);
            d.size = row.integer(7);
            d.sha256 = row.text(8);
            d.storage_key = row.text(9);
            d.generated = row.integer(10) != 0;
            d.created_at = row.text(11);
            d.created_by = row.text(12);
            out.push_back(std::move(d));
        }
        return out;
    });
}

Result<bool> SqlCaseRepository::add_notice(const services::Notice& n) {
    return m_database.write([&](Session& session) {
        auto seen = session.query("SELECT COUNT(*) FROM notices WHERE dedupe_key = ?", {n.dedupe_key});
        if (seen.at(0).integer(0) > 0) return false;
        session.exec(
            "INSERT INTO notices (id, county_code, scope, title, body, link, created_at, dedupe_key) VALUES (?, ?, ?, "
            "?, ?, ?, ?, ?)",
            {next_id(session, "notices"), n.county_code, n.scope, n.title, n.body, n.link, n.created_at, n.dedupe_key});
        return true;
    });
}

Result<std::vector<services::Notice>> SqlCaseRepository::notices(std::string_view county_code, long long user_id) {
    return m_database.read([&](Session& session) {
        std::vector<services::Notice> out;
        for (const auto& row :
             session.query("SELECT n.id, n.county_code, n.scope, n.title, n.body, n.link, n.created_at, n.dedupe_key, "
                           "r.read_at FROM notices n LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.user_id = ? "
                           "WHERE n.county_code = ? ORDER BY n.id DESC",
                           {std::int64_t{user_id}, std::string(county_code)})) {
            out.push_back({row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.text(6),
                           row.text(7), !row.is_null(8)});
        }
        return out;
    });
}

Result<void> SqlCaseRepository::mark_notice_read(long long notice_id, long long user_id, std::string_view at) {
    return m_database.write([&](Session& session) {
        session.exec(
            "INSERT INTO notice_reads (notice_id, user_id, read_at) VALUES (?, ?, ?) ON CONFLICT (notice_id, user_id) "
            "DO NOTHING",
            {std::int64_t{notice_id}, std::int64_t{user_id}, std::string(at)});
    });
}

}  // namespace xzq::storage
