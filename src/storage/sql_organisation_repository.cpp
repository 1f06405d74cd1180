#include "storage/sql_organisation_repository.hpp"

namespace xzq::storage {

namespace {

using domain::OrgUnit;
using domain::Zone;
using domain::ZoneMembership;

constexpr std::string_view k_unit_columns =
    "id, county_code, type, name, parent_id, department_kind, township_code, village_code, sort_order";

OrgUnit unit_from(const Row& row) {
    OrgUnit unit;
    unit.id = row.integer(0);
    unit.county_code = row.text(1);
    unit.type = domain::org_unit_type_from_string(row.text(2)).value_or(domain::OrgUnitType::department);
    unit.name = row.text(3);
    unit.parent_id = id_or_null(row, 4);
    if (auto kind = text_or_null(row, 5)) unit.department_kind = domain::department_kind_from_string(*kind);
    unit.township_code = text_or_null(row, 6);
    unit.village_code = text_or_null(row, 7);
    unit.sort_order = static_cast<int>(row.integer(8));
    return unit;
}

constexpr std::string_view k_zone_select =
    "SELECT z.id, z.county_code, u.name, z.chief_title, z.deputy_title, z.chief_person_id, "
    "z.deputy_person_id FROM zones z JOIN org_units u ON u.id = z.id ";

Zone zone_from(const Row& row) {
    Zone zone;
    zone.id = row.integer(0);
    zone.county_code = row.text(1);
    zone.name = row.text(2);
    zone.titles = {row.text(3), row.text(4)};
    zone.chief_person_id = id_or_null(row, 5);
    zone.deputy_person_id = id_or_null(row, 6);
    return zone;
}

constexpr std::string_view k_membership_select =
    "SELECT id, zone_id, township_code, valid_from, valid_to FROM zone_memberships ";

ZoneMembership membership_from(const Row& row) {
    return {row.integer(0), row.integer(1), row.text(2), date_at(row, 3), date_or_null(row, 4)};
}

}  // namespace

std::int64_t next_id(Session& session, std::string_view sequence) {
    auto rows = session.query(
        "INSERT INTO id_sequences (name, next_value) VALUES (?, 1) "
        "ON CONFLICT (name) DO UPDATE SET next_value = id_sequences.next_value + 1 "
        "RETURNING next_value",
        {std::string(sequence)});
    return rows.at(0).integer(0);
}

Value optional_text(const std::optional<std::string>& text) {
    if (text) return *text;
    return nullptr;
}

Value optional_id(const std::optional<long long>& id) {
    if (id) return std::int64_t{*id};
    return nullptr;
}

std::optional<std::string> text_or_null(const Row& row, std::size_t column) {
    if (row.is_null(column)) return std::nullopt;
    return row.text(column);
}

std::optional<long long> id_or_null(const Row& row, std::size_t column) {
    if (row.is_null(column)) return std::nullopt;
    return row.integer(column);
}

domain::Date date_at(const Row& row, std::size_t column) {
    auto date = domain::parse_date(row.text(column));
    // The repositories only ever write dates from format_date; anything else is corruption.
    if (!date) throw DatabaseError(DatabaseError::Reason::failed, "stored date is malformed: " + row.text(column));
    return *date;
}

std::optional<domain::Date> date_or_null(const Row& row, std::size_t column) {
    if (row.is_null(column)) return std::nullopt;
    return date_at(row, column);
}

Result<std::vector<services::TownshipRef>> SqlOrganisationRepository::townships(std::string_view county_code) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) {
        std::vector<services::TownshipRef> out;
        for (const auto& row :
             session.query("SELECT code, name FROM townships WHERE county_code = ? ORDER BY code", {cc})) {
            out.push_back({row.text(0), row.text(1)});
        }
        return out;
    });
}

Result<bool> SqlOrganisationRepository::village_exists(std::string_view village_code) {
    std::string code(village_code);
    return m_database.read(
        [&](Session& session) { return !session.query("SELECT 1 FROM villages WHERE code = ?", {code}).empty(); });
}

Result<OrgUnit> SqlOrganisationRepository::add_unit(const OrgUnit& unit) {
    return m_database.write([&](Session& session) {
        OrgUnit out = unit;
        out.id = next_id(session, "org_units");
        Value kind = nullptr;
        if (unit.department_kind) kind = std::string(domain::to_string(*unit.department_kind));
        session.exec(
            "INSERT INTO org_units (id, county_code, type, name, parent_id, department_kind, "
            "township_code, village_code, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {std::int64_t{out.id}, unit.county_code, std::string(domain::to_string(unit.type)), unit.name,
             optional_id(unit.parent_id), kind, optional_text(unit.township_code), optional_text(unit.village_code),
             std::int64_t{unit.sort_order}});
        return out;
    });
}

Result<std::vector<OrgUnit>> SqlOrganisationRepository::units(std::string_view county_code) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) {
        std::vector<OrgUnit> out;
        for (const auto& row : session.query("SELECT " + std::string(k_unit_columns) +
                                                 " FROM org_units WHERE county_code = ? ORDER BY sort_order, id",
                                             {cc})) {
            out.push_back(unit_from(row));
        }
        return out;
    });
}

Result<std::optional<OrgUnit>> SqlOrganisationRepository::unit(long long id) {
    return m_database.read([&](Session& session) -> std::optional<OrgUnit> {
        auto rows =
            session.query("SELECT " + std::string(k_unit_columns) + " FROM org_units WHERE id = ?", {std::int64_t{id}});
        if (rows.empty()) return std::nullopt;
        return unit_from(rows[0]);
    });
}

Result<Zone> SqlOrganisationRepository::add_zone(const Zone& zone, int sort_order) {
    return m_database.write([&](Session& session) {
        Zone out = zone;
        out.id = next_id(session, "org_units");
        session.exec(
            "INSERT INTO org_units (id, county_code, type, name, sort_order) "
            "VALUES (?, ?, 'ZONE', ?, ?)",
            {std::int64_t{out.id}, zone.county_code, zone.name, std::int64_t{sort_order}});
        session.exec(
            "INSERT INTO zones (id, county_code, chief_title, deputy_title, chief_person_id, "
            "deputy_person_id) VALUES (?, ?, ?, ?, ?, ?)",
            {std::int64_t{out.id}, zone.county_code, zone.titles.chief, zone.titles.deputy,
             optional_id(zone.chief_person_id), optional_id(zone.deputy_person_id)});
        return out;
    });
}

Result<void> SqlOrganisationRepository::update_zone(const Zone& zone) {
    return m_database.write([&](Session& session) {
        session.exec("UPDATE org_units SET name = ? WHERE id = ? AND type = 'ZONE'",
                     {zone.name, std::int64_t{zone.id}});
        session.exec(
            "UPDATE zones SET chief_title = ?, deputy_title = ?, chief_person_id = ?, "
            "deputy_person_id = ? WHERE id = ?",
            {zone.titles.chief, zone.titles.deputy, optional_id(zone.chief_person_id),
             optional_id(zone.deputy_person_id), std::int64_t{zone.id}});
    });
}

Result<std::vector<Zone>> SqlOrganisationRepository::zones(std::string_view county_code) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) {
        std::vector<Zone> out;
        for (const auto& row :
             session.query(std::string(k_zone_select) + "WHERE z.county_code = ? ORDER BY u.sort_order, z.id", {cc})) {
            out.push_back(zone_from(row));
        }
        return out;
    });
}

Result<std::optional<Zone>> SqlOrganisationRepository::zone(long long id) {
    return m_database.read([&](Session& session) -> std::optional<Zone> {
        auto rows = session.query(std::string(k_zone_select) + "WHERE z.id = ?", {std::int64_t{id}});
        if (rows.empty()) return std::nullopt;
        return zone_from(rows[0]);
    });
}

Result<std::vector<ZoneMembership>> SqlOrganisationRepository::township_history(std::string_view township_code) {
    std::string code(township_code);
    return m_database.read([&](Session& session) {
        std::vector<ZoneMembership> out;
        for (const auto& row : session.query(
                 std::string(k_membership_select) + "WHERE township_code = ? ORDER BY valid_from, id", {code})) {
            out.push_back(membership_from(row));
        }
        return out;
    });
}

Result<std::vector<ZoneMembership>> SqlOrganisationRepository::memberships(std::string_view county_code) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) {
        std::vector<ZoneMembership> out;
        for (const auto& row : session.query(
                 std::string(k_membership_select) + "WHERE county_code = ? ORDER BY township_code, valid_from, id",
                 {cc})) {
            out.push_back(membership_from(row));
        }
        return out;
    });
}

Result<void> SqlOrganisationRepository::apply_rezoning(std::string_view county_code, const domain::Rezoning& plan) {
    std::string cc(county_code);
    return m_database.write([&](Session& session) {
        if (plan.close) {
            // Only an open row may be closed: a concurrent change that closed it first makes this
            // update touch nothing, and the whole rezoning is refused.
            auto changed = session.exec("UPDATE zone_memberships SET valid_to = ? WHERE id = ? AND valid_to IS NULL",
                                        {domain::format_date(*plan.close->to), std::int64_t{plan.close->id}});
            if (changed != 1) {
                throw DatabaseError(DatabaseError::Reason::constraint, "zone membership changed concurrently");
            }
        }
        if (plan.open) {
            session.exec(
                "INSERT INTO zone_memberships (id, county_code, zone_id, township_code, "
                "valid_from, valid_to) VALUES (?, ?, ?, ?, ?, NULL)",
                {next_id(session, "zone_memberships"), cc, std::int64_t{plan.open->zone_id}, plan.open->township_code,
                 domain::format_date(plan.open->from)});
        }
    });
}

Result<void> SqlOrganisationRepository::close_membership(const ZoneMembership& closed) {
    return m_database.write([&](Session& session) {
        auto changed = session.exec("UPDATE zone_memberships SET valid_to = ? WHERE id = ? AND valid_to IS NULL",
                                    {domain::format_date(closed.to.value()), std::int64_t{closed.id}});
        if (changed != 1) {
            throw DatabaseError(DatabaseError::Reason::constraint, "zone membership changed concurrently");
        }
    });
}

}  // namespace xzq::storage
