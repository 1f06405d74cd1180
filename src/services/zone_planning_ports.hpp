#pragma once
// Ports of zone planning in the product: township profiles (position and the balanced
// attributes), adopting a plan as the county's zoning in one transaction, and recorded
// cross-inspection rotation plans. Storage implements them (sql_zone_planning_repository);
// tests may too. Every call is one transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/organisation.hpp"

namespace xzq::services {

// A township's position (degrees) and the three attributes the zone partition balances.
struct TownshipProfile {
    std::string township_code;
    std::string county_code;
    double lon = 0;
    double lat = 0;
    double staff = 0;     // 纪检监察干部 (people)
    double capacity = 0;  // 办案能力 (cases a year the township's commission can carry)
    double caseload = 0;  // 案件量 (cases and problem leads a year)
    std::string updated_by;
    std::string updated_at;  // ISO 8601 UTC
};

// One zone of an adopted plan. zone_id < 0 stands for the new zone new_zones[-zone_id - 1]
// until the repository has created it.
struct AdoptedZoneRecord {
    long long zone_id = 0;
    std::string name;
    bool created = false;
    std::vector<std::string> townships;  // codes, ascending
    std::optional<double> cost;
};

struct AdoptionRecord {
    long long id = 0;
    std::string county_code;
    domain::Date effective;
    int zone_count = 0;
    std::optional<int> min_size;
    std::optional<int> max_size;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> plan_status;  // "optimal" | "feasible" as proposed
    std::optional<double> objective;         // the adopted partition's cost, recomputed
    std::optional<double> previous_cost;     // the zoning it replaces, on the day before
    int memberships_closed = 0;
    int memberships_opened = 0;
    int zones_created = 0;
    std::string adopted_by;
    long long adopted_by_user_id = 0;
    std::string adopted_at;
    std::vector<AdoptedZoneRecord> zones;
};

// Everything an adoption writes, applied in one transaction by the repository: new zones first
// (their ids replace the negative placeholders), then each rezoning (close, open), then the record.
struct AdoptionWrite {
    std::vector<domain::Zone> new_zones;
    int first_sort_order = 1;               // sort_order of new_zones[0]; the next ones follow
    std::vector<domain::Rezoning> changes;  // open->zone_id may be a placeholder (< 0)
    AdoptionRecord record;                  // zones[].zone_id may be placeholders
};

// A saved cross-inspection plan. Pairs are positions in `members`.
struct RotationMember {
    std::string code;  // a township code, or a zone id for a pool of zones
    std::string name;
};

struct RotationRecord {
    long long id = 0;
    std::string county_code;
    std::string title;
    std::string pool_kind;  // "zone" (the townships of one zone), "townships", "zones"
    std::optional<long long> zone_id;
    std::uint64_t seed = 0;
    std::string rule;    // "strict" | "ordered_pairs"
    std::string method;  // "cyclic" | "search"
    std::optional<domain::Date> starts_on;
    std::string message_zh;
    std::string message_en;
    std::string created_by;
    long long created_by_user_id = 0;
    std::string created_at;  // ISO 8601 UTC
    domain::Date created_on;
    std::vector<RotationMember> members;
    std::vector<std::pair<std::string, std::string>> forbidden;  // codes
    std::vector<std::vector<int>> rounds;                        // rounds[r][i]: member i inspects rounds[r][i]
};

class ZonePlanningRepository {
  public:
    virtual ~ZonePlanningRepository() = default;

    virtual Result<std::vector<TownshipProfile>> profiles(std::string_view county_code) = 0;
    // Inserts or replaces the profile of profile.township_code.
    virtual Result<void> save_profile(const TownshipProfile& profile) = 0;
    // Inserts only the profiles whose township has none yet; returns how many were added.
    virtual Result<int> add_missing_profiles(const std::vector<TownshipProfile>& profiles) = 0;

    // Applies the whole adoption atomically; returns the record with real ids. A membership that
    // changed meanwhile (closed by someone else) fails the whole adoption with a conflict.
    virtual Result<AdoptionRecord> apply_adoption(const AdoptionWrite& write) = 0;
    virtual Result<std::vector<AdoptionRecord>> adoptions(std::string_view county_code, int limit) = 0;

    virtual Result<RotationRecord> add_rotation(const RotationRecord& plan) = 0;
    // Newest first.
    virtual Result<std::vector<RotationRecord>> rotations(std::string_view county_code, int limit) = 0;
};

}  // namespace xzq::services
