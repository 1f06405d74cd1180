#include "storage/sql_people_repository.hpp"

#include <fmt/format.h>

#include <map>

#include "storage/sql_organisation_repository.hpp"

namespace xzq::storage {

namespace {

using domain::Person;
using domain::Secondment;

constexpr std::string_view k_person_columns =
    "id, county_code, name, gender, phone, external_id, party_member, person_rank, post, "
    "org_unit_id, leads_unit, home_township_code, status";

Person person_from(const Row& row) {
    Person p;
    p.id = row.integer(0);
    p.county_code = row.text(1);
    p.name = row.text(2);
    if (auto gender = text_or_null(row, 3)) p.gender = domain::gender_from_text(*gender);
    p.phone = row.text(4);
    p.external_id = text_or_null(row, 5);
    p.party_member = row.integer(6) != 0;
    if (auto rank = text_or_null(row, 7)) p.rank = domain::rank_from_text(*rank);
    p.post = row.text(8);
    p.org_unit_id = id_or_null(row, 9);
    p.leads_unit = row.integer(10) != 0;
    p.home_township_code = text_or_null(row, 11);
    p.status = domain::person_status_from_text(row.text(12)).value_or(domain::PersonStatus::in_post);
    return p;
}

Params person_values(const Person& p) {
    Value gender = nullptr, rank = nullptr;
    if (p.gender) gender = std::string(domain::to_string(*p.gender));
    if (p.rank) rank = std::string(domain::to_string(*p.rank));
    return {p.name,
            gender,
            p.phone,
            optional_text(p.external_id),
            std::int64_t{p.party_member ? 1 : 0},
            rank,
            p.post,
            optional_id(p.org_unit_id),
            std::int64_t{p.leads_unit ? 1 : 0},
            optional_text(p.home_township_code),
            std::string(domain::to_string(p.status))};
}

void write_skills(Session& session, const Person& p) {
    session.exec("DELETE FROM person_skills WHERE person_id = ?", {std::int64_t{p.id}});
    for (const auto& skill : p.skills) {
        session.exec("INSERT INTO person_skills (person_id, county_code, skill) VALUES (?, ?, ?)",
                     {std::int64_t{p.id}, p.county_code, skill});
    }
}

// Loads the skills of the given people (all of a county when `county` is set).
void attach_skills(Session& session, std::vector<Person>& people, const std::string& where, const Params& params) {
    std::map<long long, std::size_t> index;
    for (std::size_t i = 0; i < people.size(); ++i) index[people[i].id] = i;
    for (const auto& row : session.query(
             "SELECT person_id, skill FROM person_skills WHERE " + where + " ORDER BY person_id, skill", params)) {
        auto found = index.find(row.integer(0));
        if (found != index.end()) people[found->second].skills.push_back(row.text(1));
    }
}

std::vector<Person> select_people(Session& session, const std::string& where, const Params& params,
                                  const std::string& skills_where) {
    std::vector<Person> out;
    for (const auto& row : session.query(
             "SELECT " + std::string(k_person_columns) + " FROM people WHERE " + where + " ORDER BY id", params)) {
        out.push_back(person_from(row));
    }
    if (!out.empty()) attach_skills(session, out, skills_where, params);
    return out;
}

domain::StatusChange change_from(const Row& row) {
    domain::StatusChange c;
    c.id = row.integer(0);
    c.person_id = row.integer(1);
    c.date = date_at(row, 2);
    if (auto from = text_or_null(row, 3)) c.from = domain::person_status_from_text(*from);
    c.to = domain::person_status_from_text(row.text(4)).value_or(domain::PersonStatus::in_post);
    c.reason = row.text(5);
    c.recorded_by = row.text(6);
    return c;
}

void insert_change(Session& session, const std::string& county_code, domain::StatusChange& change) {
    change.id = next_id(session, "person_status_changes");
    Value from = nullptr;
    if (change.from) from = std::string(domain::to_string(*change.from));
    session.exec(
        "INSERT INTO person_status_changes (id, county_code, person_id, changed_on, "
        "from_status, to_status, reason, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {std::int64_t{change.id}, county_code, std::int64_t{change.person_id}, domain::format_date(change.date), from,
         std::string(domain::to_string(change.to)), change.reason, change.recorded_by});
}

constexpr std::string_view k_secondment_columns =
    "id, county_code, person_id, zone_id, task_title, starts_on, ends_on, requested_by_person_id, "
    "source, state, decided_by_person_id, decided_on, released_on, note";

Secondment secondment_from(const Row& row) {
    Secondment s;
    s.id = row.integer(0);
    s.county_code = row.text(1);
    s.person_id = row.integer(2);
    s.zone_id = row.integer(3);
    s.task_title = row.text(4);
    s.from = date_at(row, 5);
    s.to = date_at(row, 6);
    s.requested_by_person_id = row.integer(7);
    s.source = domain::secondment_source_from_string(row.text(8)).value_or(domain::SecondmentSource::zone);
    s.state = domain::secondment_state_from_string(row.text(9)).value_or(domain::SecondmentState::requested);
    s.decided_by_person_id = id_or_null(row, 10);
    s.decided_on = date_or_null(row, 11);
    s.released_on = date_or_null(row, 12);
    s.note = row.text(13);
    return s;
}

Value optional_date(const std::optional<domain::Date>& date) {
    if (date) return domain::format_date(*date);
    return nullptr;
}

std::vector<Secondment> select_secondments(Session& session, std::string_view where, std::int64_t key) {
    std::vector<Secondment> out;
    for (const auto& row : session.query("SELECT " + std::string(k_secondment_columns) + " FROM secondments WHERE " +
                                             std::string(where) + " ORDER BY starts_on, id",
                                         {key})) {
        out.push_back(secondment_from(row));
    }
    return out;
}

}  // namespace

Result<std::vector<long long>> SqlPeopleRepository::add_people(const std::vector<Person>& people,
                                                               const std::vector<domain::StatusChange>& entries) {
    return m_database.write([&](Session& session) {
        std::vector<long long> ids;
        for (std::size_t i = 0; i < people.size(); ++i) {
            Person p = people[i];
            // Checked here, inside the transaction, as well as by the caller: another import may
            // have taken the id in between.
            if (p.external_id && !session
                                      .query("SELECT 1 FROM people WHERE county_code = ? AND external_id = ?",
                                             {p.county_code, *p.external_id})
                                      .empty()) {
                throw DatabaseError(DatabaseError::Reason::constraint, "external id taken: " + *p.external_id);
            }
            p.id = next_id(session, "people");
            Params values{std::int64_t{p.id}, p.county_code};
            for (auto& v : person_values(p)) values.push_back(std::move(v));
            session.exec("INSERT INTO people (" + std::string(k_person_columns) +
                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         values);
            write_skills(session, p);
            if (i < entries.size()) {
                domain::StatusChange entry = entries[i];
                entry.person_id = p.id;
                insert_change(session, p.county_code, entry);
            }
            ids.push_back(p.id);
        }
        return ids;
    });
}

Result<void> SqlPeopleRepository::update_person(const Person& person) {
    return m_database.write([&](Session& session) {
        Params values = person_values(person);
        values.push_back(std::int64_t{person.id});
        session.exec(
            "UPDATE people SET name = ?, gender = ?, phone = ?, external_id = ?, "
            "party_member = ?, person_rank = ?, post = ?, org_unit_id = ?, leads_unit = ?, "
            "home_township_code = ?, status = ? WHERE id = ?",
            values);
        write_skills(session, person);
    });
}

Result<std::optional<Person>> SqlPeopleRepository::person(long long id) {
    return m_database.read([&](Session& session) -> std::optional<Person> {
        auto found = select_people(session, "id = ?", {std::int64_t{id}}, "person_id = ?");
        if (found.empty()) return std::nullopt;
        return std::move(found[0]);
    });
}

Result<std::optional<Person>> SqlPeopleRepository::person_by_external_id(std::string_view county_code,
                                                                         std::string_view external_id) {
    std::string cc(county_code), id(external_id);
    return m_database.read([&](Session& session) -> std::optional<Person> {
        auto rows = session.query("SELECT id FROM people WHERE county_code = ? AND external_id = ?", {cc, id});
        if (rows.empty()) return std::nullopt;
        auto found = select_people(session, "id = ?", {rows[0].integer(0)}, "person_id = ?");
        if (found.empty()) return std::nullopt;
        return std::move(found[0]);
    });
}

Result<std::vector<Person>> SqlPeopleRepository::people(std::string_view county_code) {
    std::string cc(county_code);
    return m_database.read(
        [&](Session& session) { return select_people(session, "county_code = ?", {cc}, "county_code = ?"); });
}

Result<std::vector<std::string>> SqlPeopleRepository::external_ids(std::string_view county_code) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) {
        std::vector<std::string> out;
        for (const auto& row :
             session.query("SELECT external_id FROM people WHERE county_code = ? AND external_id IS NOT NULL", {cc})) {
            out.push_back(row.text(0));
        }
        return out;
    });
}

Result<domain::StatusChange> SqlPeopleRepository::record_status_change(const domain::StatusChange& change) {
    return m_database.write([&](Session& session) {
        domain::StatusChange out = change;
        auto rows =
            session.query("SELECT county_code, status FROM people WHERE id = ?", {std::int64_t{change.person_id}});
        // The status the caller saw must still be the status: otherwise two clerks changed it at
        // once and the record would not chain.
        if (rows.empty() || (change.from && rows[0].text(1) != domain::to_string(*change.from))) {
            throw DatabaseError(DatabaseError::Reason::constraint, "person status changed concurrently");
        }
        session.exec("UPDATE people SET status = ? WHERE id = ?",
                     {std::string(domain::to_string(change.to)), std::int64_t{change.person_id}});
        insert_change(session, rows[0].text(0), out);
        return out;
    });
}

Result<std::vector<domain::StatusChange>> SqlPeopleRepository::status_history(long long person_id) {
    return m_database.read([&](Session& session) {
        std::vector<domain::StatusChange> out;
        for (const auto& row :
             session.query("SELECT id, person_id, changed_on, from_status, to_status, reason, recorded_by "
                           "FROM person_status_changes WHERE person_id = ? ORDER BY id",
                           {std::int64_t{person_id}})) {
            out.push_back(change_from(row));
        }
        return out;
    });
}

Result<domain::Relationship> SqlPeopleRepository::add_relationship(std::string_view county_code,
                                                                   const domain::Relationship& relationship) {
    std::string cc(county_code);
    return m_database.write([&](Session& session) {
        domain::Relationship out = relationship;
        out.id = next_id(session, "person_relationships");
        session.exec(
            "INSERT INTO person_relationships (id, county_code, person_id, kind, "
            "other_person_id, place_code, note, declared_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            {std::int64_t{out.id}, cc, std::int64_t{out.person_id}, std::string(domain::to_string(out.kind)),
             optional_id(out.other_person_id), optional_text(out.place_code), out.note,
             domain::format_date(out.declared_on)});
        return out;
    });
}

Result<std::vector<domain::Relationship>> SqlPeopleRepository::relationships(long long person_id) {
    return m_database.read([&](Session& session) {
        std::vector<domain::Relationship> out;
        for (const auto& row :
             session.query("SELECT id, person_id, kind, other_person_id, place_code, note, declared_on "
                           "FROM person_relationships WHERE person_id = ? ORDER BY id",
                           {std::int64_t{person_id}})) {
            domain::Relationship r;
            r.id = row.integer(0);
            r.person_id = row.integer(1);
            r.kind = domain::relation_kind_from_text(row.text(2)).value_or(domain::RelationKind::interest);
            r.other_person_id = id_or_null(row, 3);
            r.place_code = text_or_null(row, 4);
            r.note = row.text(5);
            r.declared_on = date_at(row, 6);
            out.push_back(std::move(r));
        }
        return out;
    });
}

Result<std::vector<domain::Skill>> SqlPeopleRepository::extra_skills(std::string_view county_code) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) {
        std::vector<domain::Skill> out;
        for (const auto& row : session.query(
                 "SELECT code, name_zh, name_en FROM extra_skills WHERE county_code = ? ORDER BY code", {cc})) {
            out.push_back({row.text(0), row.text(1), row.text(2)});
        }
        return out;
    });
}

Result<void> SqlPeopleRepository::add_skill(std::string_view county_code, const domain::Skill& skill) {
    std::string cc(county_code);
    return m_database.write([&](Session& session) {
        session.exec("INSERT INTO extra_skills (county_code, code, name_zh, name_en) VALUES (?, ?, ?, ?)",
                     {cc, skill.code, skill.name_zh, skill.name_en});
    });
}

Result<Secondment> SqlSecondmentRepository::add_secondment(const Secondment& secondment) {
    auto outcome = m_database.write([&](Session& session) -> std::optional<Secondment> {
        // Touching the person's row takes its lock on both backends (no FOR UPDATE in SQLite),
        // so concurrent secondments of one cadre are checked one after the other.
        session.exec("UPDATE people SET id = id WHERE id = ?", {std::int64_t{secondment.person_id}});
        auto overlapping = session.query(
            "SELECT 1 FROM secondments WHERE person_id = ? AND state <> 'rejected' "
            "AND starts_on <= ? AND COALESCE(released_on, ends_on) >= ? AND "
            "(released_on IS NULL OR released_on >= starts_on)",
            {std::int64_t{secondment.person_id}, domain::format_date(secondment.to),
             domain::format_date(secondment.from)});
        if (!overlapping.empty()) return std::nullopt;
        Secondment out = secondment;
        out.id = next_id(session, "secondments");
        session.exec("INSERT INTO secondments (" + std::string(k_secondment_columns) +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {std::int64_t{out.id}, out.county_code, std::int64_t{out.person_id}, std::int64_t{out.zone_id},
                      out.task_title, domain::format_date(out.from), domain::format_date(out.to),
                      std::int64_t{out.requested_by_person_id}, std::string(domain::to_string(out.source)),
                      std::string(domain::to_string(out.state)), optional_id(out.decided_by_person_id),
                      optional_date(out.decided_on), optional_date(out.released_on), out.note});
        return out;
    });
    if (!outcome) return std::move(outcome).error();
    if (!*outcome) {
        return make_error(ErrorKind::conflict, "secondment.overlap", "该干部在此期间已有借调，时间重叠",
                          "the cadre already has a secondment in this period");
    }
    return std::move(**outcome);
}

Result<void> SqlSecondmentRepository::update_secondment(const Secondment& secondment) {
    return m_database.write([&](Session& session) {
        session.exec(
            "UPDATE secondments SET state = ?, decided_by_person_id = ?, decided_on = ?, "
            "released_on = ? WHERE id = ?",
            {std::string(domain::to_string(secondment.state)), optional_id(secondment.decided_by_person_id),
             optional_date(secondment.decided_on), optional_date(secondment.released_on), std::int64_t{secondment.id}});
    });
}

Result<std::optional<Secondment>> SqlSecondmentRepository::secondment(long long id) {
    return m_database.read([&](Session& session) -> std::optional<Secondment> {
        auto found = select_secondments(session, "id = ?", id);
        if (found.empty()) return std::nullopt;
        return std::move(found[0]);
    });
}

Result<std::vector<Secondment>> SqlSecondmentRepository::secondments_of_person(long long person_id) {
    return m_database.read([&](Session& session) { return select_secondments(session, "person_id = ?", person_id); });
}

Result<std::vector<Secondment>> SqlSecondmentRepository::secondments_of_zone(long long zone_id) {
    return m_database.read([&](Session& session) { return select_secondments(session, "zone_id = ?", zone_id); });
}

}  // namespace xzq::storage
