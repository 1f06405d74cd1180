#include "storage/sql_org_repository.hpp"

#include <map>

#include "storage/migrations.hpp"

namespace xzq::storage {

namespace {

using domain::County;

}  // namespace

Result<services::DivisionImportSummary> SqlOrgRepository::save_county(const County& county) {
    return m_database.write([&](Session& session) {
        services::DivisionImportSummary summary;
        const std::string& cc = county.code;

        auto existing_county = session.query("SELECT name, city, province FROM counties WHERE code = ?", {cc});
        if (existing_county.empty()) {
            session.exec("INSERT INTO counties (code, name, city, province) VALUES (?, ?, ?, ?)",
                         {cc, county.name, county.city, county.province});
            summary.county_added = true;
        } else if (existing_county[0].text(0) != county.name || existing_county[0].text(1) != county.city ||
                   existing_county[0].text(2) != county.province) {
            session.exec("UPDATE counties SET name = ?, city = ?, province = ? WHERE code = ?",
                         {county.name, county.city, county.province, cc});
            summary.county_updated = true;
        } else {
            ++summary.unchanged;
        }

        std::map<std::string, std::pair<std::string, std::string>> townships;  // code → name, kind
        for (const auto& row : session.query("SELECT code, name, kind FROM townships WHERE county_code = ?", {cc})) {
            townships[row.text(0)] = {row.text(1), row.text(2)};
        }
        std::map<std::string, std::pair<std::string, std::string>> villages;  // code → name, township
        for (const auto& row :
             session.query("SELECT code, name, township_code FROM villages WHERE county_code = ?", {cc})) {
            villages[row.text(0)] = {row.text(1), row.text(2)};
        }

        for (const auto& township : county.townships) {
            std::string kind(domain::to_string(township.kind));
            auto found = townships.find(township.code);
            if (found == townships.end()) {
                session.exec("INSERT INTO townships (code, county_code, name, kind) VALUES (?, ?, ?, ?)",
                             {township.code, cc, township.name, kind});
                ++summary.townships_added;
            } else if (found->second != std::pair{township.name, kind}) {
                session.exec("UPDATE townships SET name = ?, kind = ? WHERE code = ?",
                             {township.name, kind, township.code});
                ++summary.townships_updated;
            } else {
                ++summary.unchanged;
            }
            for (const auto& village : township.villages) {
                auto seen = villages.find(village.code);
                if (seen == villages.end()) {
                    session.exec(
                        "INSERT INTO villages (code, county_code, township_code, name) "
                        "VALUES (?, ?, ?, ?)",
                        {village.code, cc, township.code, village.name});
                    ++summary.villages_added;
                } else if (seen->second != std::pair{village.name, township.code}) {
                    session.exec("UPDATE villages SET name = ?, township_code = ? WHERE code = ?",
                                 {village.name, township.code, village.code});
                    ++summary.villages_updated;
                } else {
                    ++summary.unchanged;
                }
            }
        }
        return summary;
    });
}

Result<std::vector<domain::CountySummary>> SqlOrgRepository::counties() {
    return m_database.read([](Session& session) {
        std::vector<domain::CountySummary> out;
        auto rows = session.query(
            "SELECT c.code, c.name, c.city, c.province, "
            "  (SELECT COUNT(*) FROM townships t WHERE t.county_code = c.code), "
            "  (SELECT COUNT(*) FROM villages v WHERE v.county_code = c.code) "
            "FROM counties c ORDER BY c.code");
        for (const auto& row : rows) {
            out.push_back({row.text(0), row.text(1), row.text(2), row.text(3), static_cast<int>(row.integer(4)),
                           static_cast<int>(row.integer(5))});
        }
        return out;
    });
}

Result<std::optional<County>> SqlOrgRepository::county_tree(std::string_view county_code) {
    std::string cc(county_code);
    return m_database.read([&](Session& session) -> std::optional<County> {
        auto head = session.query("SELECT code, name, city, province FROM counties WHERE code = ?", {cc});
        if (head.empty()) return std::nullopt;
        County county{head[0].text(0), head[0].text(1), head[0].text(2), head[0].text(3), {}};
        std::map<std::string, std::size_t> index;
        for (const auto& row :
             session.query("SELECT code, name, kind FROM townships WHERE county_code = ? ORDER BY code", {cc})) {
            auto kind = domain::township_kind_from_string(row.text(2)).value_or(domain::TownshipKind::other);
            index[row.text(0)] = county.townships.size();
            county.townships.push_back({row.text(0), row.text(1), kind, {}});
        }
        for (const auto& row : session.query("SELECT code, name, township_code FROM villages WHERE county_code = ? "
                                             "ORDER BY code",
                                             {cc})) {
            auto found = index.find(row.text(2));
            if (found == index.end()) continue;  // foreign keys make this unreachable
            county.townships[found->second].villages.push_back({row.text(0), row.text(1)});
        }
        return county;
    });
}

Result<services::StorageStatus> SqlStorageHealth::status() {
    XZQ_TRY(int version, schema_version(m_database));
    return services::StorageStatus{std::string(to_string(m_database.backend())), version};
}

}  // namespace xzq::storage
