#include "storage/sql_zone_planning_repository.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "storage/sql_organisation_repository.hpp"

namespace xzq::storage {

namespace {

using services::AdoptionRecord;
using services::RotationRecord;
using services::TownshipProfile;

double real_at(const Row& row, std::size_t column) {
    const Value& value = row.value(column);
    if (const auto* d = std::get_if<double>(&value)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
    if (const auto* s = std::get_if<std::string>(&value)) return std::stod(*s);
    throw DatabaseError(DatabaseError::Reason::failed, "stored number is NULL");
}

std::optional<double> real_or_null(const Row& row, std::size_t column) {
    if (row.is_null(column)) return std::nullopt;
    return real_at(row, column);
}

Value optional_real(const std::optional<double>& value) {
    if (value) return *value;
    return nullptr;
}

Value optional_int(const std::optional<int>& value) {
    if (value) return std::int64_t{*value};
    return nullptr;
}

std::vector<std::string> split_codes(const std::string& text) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from < text.size()) {
        auto comma = text.find(',', from);
        if (comma == std::string::npos) comma = text.size();
        if (comma > from) out.push_back(text.substr(from, comma - from));
        from = comma + 1;
    }
    return out;
}

constexpr std::string_view k_profile_select =
    "SELECT township_code, county_code, lon, lat, staff, capacity, caseload, updated_by, updated_at "
    "FROM township_profiles ";

TownshipProfile profile_from(const Row& row) {
    return {row.text(0),     row.text(1),     real_at(row, 2), real_at(row, 3), real_at(row, 4),
            real_at(row, 5), real_at(row, 6), row.text(7),     row.text(8)};
}

constexpr std::string_view k_profile_insert =
    "INSERT INTO township_profiles (township_code, county_code, lon, lat, staff, capacity, caseload, "
    "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ";

Params profile_params(const TownshipProfile& p) {
    return {p.township_code, p.county_code, p.lon, p.lat, p.staff, p.capacity, p.caseload, p.updated_by, p.updated_at};
}

void apply_one(Session& session, const std::string& county, const domain::Rezoning& plan, long long zone_id) {
    if (plan.close) {
        // Only an open row may be closed: a concurrent change that closed it first refuses the
        // whole adoption (as SqlOrganisationRepository::apply_rezoning does for one township).
        auto changed = session.exec("UPDATE zone_memberships SET valid_to = ? WHERE id = ? AND valid_to IS NULL",
                                    {domain::format_date(*plan.close->to), std::int64_t{plan.close->id}});
        if (changed != 1)
            throw DatabaseError(DatabaseError::Reason::constraint, "zone membership changed concurrently");
    }
    if (plan.open) {
        session.exec(
            "INSERT INTO zone_memberships (id, county_code, zone_id, township_code, valid_from, valid_to) "
            "VALUES (?, ?, ?, ?, ?, NULL)",
            {next_id(session, "zone_memberships"), county, std::int64_t{zone_id}, plan.open->township_code,
             domain::format_date(plan.open->from)});
    }
}

std::vector<AdoptionRecord> load_adoptions(Session& session, const std::string& county, int limit) {
    std::vector<AdoptionRecord> out;
    std::map<long long, std::size_t> index;
    for (const auto& row : session.query(
             "SELECT id, county_code, effective_on, zone_count, min_size, max_size, seed, plan_status, objective, "
             "previous_cost, memberships_closed, memberships_opened, zones_created, adopted_by, adopted_by_user_id, "
             "adopted_at FROM zone_plan_adoptions WHERE county_code = ? ORDER BY id DESC LIMIT ?",
             {county, std::int64_t{limit}})) {
        AdoptionRecord r;
        r.id = row.integer(0);
        r.county_code = row.text(1);
        r.effective = date_at(row, 2);
        r.zone_count = static_cast<int>(row.integer(3));
        if (!row.is_null(4)) r.min_size = static_cast<int>(row.integer(4));
        if (!row.is_null(5)) r.max_size = static_cast<int>(row.integer(5));
        if (!row.is_null(6)) r.seed = static_cast<std::uint64_t>(row.integer(6));
        r.plan_status = text_or_null(row, 7);
        r.objective = real_or_null(row, 8);
        r.previous_cost = real_or_null(row, 9);
        r.memberships_closed = static_cast<int>(row.integer(10));
        r.memberships_opened = static_cast<int>(row.integer(11));
        r.zones_created = static_cast<int>(row.integer(12));
        r.adopted_by = row.text(13);
        r.adopted_by_user_id = row.integer(14);
        r.adopted_at = row.text(15);
        index[r.id] = out.size();
        out.push_back(std::move(r));
    }
    if (out.empty()) return out;
    for (const auto& row : session.query(
             "SELECT a.adoption_id, a.zone_id, u.name, a.created, a.townships, a.cost FROM zone_plan_adoption_zones a "
             "JOIN org_units u ON u.id = a.zone_id WHERE a.county_code = ? ORDER BY a.adoption_id, a.position",
             {county})) {
        auto found = index.find(row.integer(0));
        if (found == index.end()) continue;
        services::AdoptedZoneRecord zone;
        zone.zone_id = row.integer(1);
        zone.name = row.text(2);
        zone.created = row.integer(3) != 0;
        zone.townships = split_codes(row.text(4));
        zone.cost = real_or_null(row, 5);
        out[found->second].zones.push_back(std::move(zone));
    }
    return out;
}

}  // namespace

Result<std::vector<TownshipProfile>> SqlZonePlanningRepository::profiles(std::string_view county_code) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) {
        std::vector<TownshipProfile> out;
        for (const auto& row :
             session.query(std::string(k_profile_select) + "WHERE county_code = ? ORDER BY township_code", {cc})) {
            out.push_back(profile_from(row));
        }
        return out;
    });
}

Result<void> SqlZonePlanningRepository::save_profile(const TownshipProfile& profile) {
    return m_database.write([&](Session& session) {
        session.exec(std::string(k_profile_insert) +
                         "ON CONFLICT (township_code) DO UPDATE SET lon = excluded.lon, lat = excluded.lat, "
                         "staff = excluded.staff, capacity = excluded.capacity, caseload = excluded.caseload, "
                         "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                     profile_params(profile));
    });
}

Result<int> SqlZonePlanningRepository::add_missing_profiles(const std::vector<TownshipProfile>& profiles) {
    return m_database.write([&](Session& session) {
        int added = 0;
        for (const auto& p : profiles) {
            added += static_cast<int>(session.exec(
                std::string(k_profile_insert) + "ON CONFLICT (township_code) DO NOTHING", profile_params(p)));
        }
        return added;
    });
}

Result<AdoptionRecord> SqlZonePlanningRepository::apply_adoption(const services::AdoptionWrite& write) {
    return m_database.write([&](Session& session) {
        AdoptionRecord record = write.record;
        const std::string& county = record.county_code;
        // New zones first: their ids replace the placeholders -1, -2, …
        std::vector<long long> created;
        int sort_order = write.first_sort_order;
        for (const auto& zone : write.new_zones) {
            const std::int64_t id = next_id(session, "org_units");
            session.exec("INSERT INTO org_units (id, county_code, type, name, sort_order) VALUES (?, ?, 'ZONE', ?, ?)",
                         {id, county, zone.name, std::int64_t{sort_order++}});
            session.exec(
                "INSERT INTO zones (id, county_code, chief_title, deputy_title, chief_person_id, deputy_person_id) "
                "VALUES (?, ?, ?, ?, NULL, NULL)",
                {id, county, zone.titles.chief, zone.titles.deputy});
            created.push_back(id);
        }
        auto real_id = [&](long long id) {
            if (id >= 0) return id;
            const auto at = static_cast<std::size_t>(-id - 1);
            if (at >= created.size()) throw DatabaseError(DatabaseError::Reason::failed, "unknown new zone");
            return created[at];
        };
        for (const auto& change : write.changes) {
            apply_one(session, county, change, change.open ? real_id(change.open->zone_id) : 0);
        }
        record.id = next_id(session, "zone_plan_adoptions");
        Value seed = nullptr;
        if (record.seed) seed = static_cast<std::int64_t>(*record.seed);
        session.exec(
            "INSERT INTO zone_plan_adoptions (id, county_code, effective_on, zone_count, min_size, max_size, seed, "
            "plan_status, objective, previous_cost, memberships_closed, memberships_opened, zones_created, adopted_by, "
            "adopted_by_user_id, adopted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {std::int64_t{record.id}, county, domain::format_date(record.effective), std::int64_t{record.zone_count},
             optional_int(record.min_size), optional_int(record.max_size), seed, optional_text(record.plan_status),
             optional_real(record.objective), optional_real(record.previous_cost),
             std::int64_t{record.memberships_closed}, std::int64_t{record.memberships_opened},
             std::int64_t{record.zones_created}, record.adopted_by, std::int64_t{record.adopted_by_user_id},
             record.adopted_at});
        for (std::size_t i = 0; i < record.zones.size(); ++i) {
            auto& zone = record.zones[i];
            zone.zone_id = real_id(zone.zone_id);
            session.exec(
                "INSERT INTO zone_plan_adoption_zones (adoption_id, county_code, position, zone_id, created, "
                "townships, cost) VALUES (?, ?, ?, ?, ?, ?, ?)",
                {std::int64_t{record.id}, county, static_cast<std::int64_t>(i), std::int64_t{zone.zone_id},
                 std::int64_t{zone.created ? 1 : 0}, fmt::format("{}", fmt::join(zone.townships, ",")),
                 optional_real(zone.cost)});
        }
        return record;
    });
}

Result<std::vector<AdoptionRecord>> SqlZonePlanningRepository::adoptions(std::string_view county_code, int limit) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) { return load_adoptions(session, cc, limit); });
}

Result<RotationRecord> SqlZonePlanningRepository::add_rotation(const RotationRecord& plan) {
    return m_database.write([&](Session& session) {
        RotationRecord out = plan;
        out.id = next_id(session, "rotation_plans");
        const std::string& county = out.county_code;
        Value starts = nullptr;
        if (out.starts_on) starts = domain::format_date(*out.starts_on);
        session.exec(
            "INSERT INTO rotation_plans (id, county_code, title, pool_kind, zone_id, seed, rule, method, round_count, "
            "starts_on, message_zh, message_en, created_by, created_by_user_id, created_at, created_on) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {std::int64_t{out.id}, county, out.title, out.pool_kind, optional_id(out.zone_id),
             static_cast<std::int64_t>(out.seed), out.rule, out.method, static_cast<std::int64_t>(out.rounds.size()),
             starts, out.message_zh, out.message_en, out.created_by, std::int64_t{out.created_by_user_id},
             out.created_at, domain::format_date(out.created_on)});
        for (std::size_t i = 0; i < out.members.size(); ++i) {
            session.exec(
                "INSERT INTO rotation_plan_members (plan_id, county_code, position, member_code, member_name) "
                "VALUES (?, ?, ?, ?, ?)",
                {std::int64_t{out.id}, county, static_cast<std::int64_t>(i), out.members[i].code, out.members[i].name});
        }
        for (const auto& [a, b] : out.forbidden) {
            session.exec(
                "INSERT INTO rotation_plan_forbidden (plan_id, county_code, code_a, code_b) VALUES (?, ?, ?, ?)",
                {std::int64_t{out.id}, county, a, b});
        }
        for (std::size_t r = 0; r < out.rounds.size(); ++r) {
            for (std::size_t i = 0; i < out.rounds[r].size(); ++i) {
                session.exec(
                    "INSERT INTO rotation_pairs (plan_id, county_code, round_no, position, inspector_code, "
                    "inspected_code) VALUES (?, ?, ?, ?, ?, ?)",
                    {std::int64_t{out.id}, county, static_cast<std::int64_t>(r + 1), static_cast<std::int64_t>(i),
                     out.members[i].code, out.members.at(static_cast<std::size_t>(out.rounds[r][i])).code});
            }
        }
        return out;
    });
}

Result<std::vector<RotationRecord>> SqlZonePlanningRepository::rotations(std::string_view county_code, int limit) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) {
        std::vector<RotationRecord> out;
        std::map<long long, std::size_t> index;
        for (const auto& row : session.query(
                 "SELECT id, county_code, title, pool_kind, zone_id, seed, rule, method, round_count, starts_on, "
                 "message_zh, message_en, created_by, created_by_user_id, created_at, created_on FROM rotation_plans "
                 "WHERE county_code = ? ORDER BY id DESC LIMIT ?",
                 {cc, std::int64_t{limit}})) {
            RotationRecord r;
            r.id = row.integer(0);
            r.county_code = row.text(1);
            r.title = row.text(2);
            r.pool_kind = row.text(3);
            r.zone_id = id_or_null(row, 4);
            r.seed = static_cast<std::uint64_t>(row.integer(5));
            r.rule = row.text(6);
            r.method = row.text(7);
            r.rounds.resize(static_cast<std::size_t>(row.integer(8)));
            r.starts_on = date_or_null(row, 9);
            r.message_zh = row.text(10);
            r.message_en = row.text(11);
            r.created_by = row.text(12);
            r.created_by_user_id = row.integer(13);
            r.created_at = row.text(14);
            r.created_on = date_at(row, 15);
            index[r.id] = out.size();
            out.push_back(std::move(r));
        }
        if (out.empty()) return out;
        const std::int64_t oldest = out.back().id;
        for (const auto& row : session.query(
                 "SELECT plan_id, member_code, member_name FROM rotation_plan_members WHERE county_code = ? AND "
                 "plan_id >= ? ORDER BY plan_id, position",
                 {cc, oldest})) {
            auto found = index.find(row.integer(0));
            if (found != index.end()) out[found->second].members.push_back({row.text(1), row.text(2)});
        }
        for (const auto& row : session.query(
                 "SELECT plan_id, code_a, code_b FROM rotation_plan_forbidden WHERE county_code = ? AND plan_id >= ? "
                 "ORDER BY plan_id, code_a, code_b",
                 {cc, oldest})) {
            auto found = index.find(row.integer(0));
            if (found != index.end()) out[found->second].forbidden.emplace_back(row.text(1), row.text(2));
        }
        for (const auto& row : session.query(
                 "SELECT plan_id, round_no, position, inspected_code FROM rotation_pairs WHERE county_code = ? AND "
                 "plan_id >= ? ORDER BY plan_id, round_no, position",
                 {cc, oldest})) {
            auto found = index.find(row.integer(0));
            if (found == index.end()) continue;
            auto& plan = out[found->second];
            const auto round = static_cast<std::size_t>(row.integer(1) - 1);
            if (round >= plan.rounds.size()) continue;
            int target = -1;
            for (std::size_t i = 0; i < plan.members.size(); ++i) {
                if (plan.members[i].code == row.text(3)) target = static_cast<int>(i);
            }
            plan.rounds[round].push_back(target);
        }
        return out;
    });
}

}  // namespace xzq::storage
