#pragma once
// Zone planning in the product (issue 6, item 6): township profiles, proposing a division of the
// county's townships into k zones with the planning library's solver (planning::plan_zones: exact
// set partitioning on CBC, heuristic fallback) beside the current zoning's figures, adopting a
// plan as the county's zoning from an effective date, and cross-inspection rotation plans
// (planning::plan_rotation) recorded for the supervision work.
//
// Rules:
//  - Reading profiles needs org.read in the county; everything else needs org.write on the
//    county (county leader, system administrator): the zoning is the organisation chart, and
//    the rounds must not be known in advance by those who will be inspected.
//  - A proposal is solved on the calling thread with a time limit (at most 60 s, default 20 s).
//    One solve per county at a time: a second concurrent request is refused with too_many
//    (HTTP 429); CBC itself is serialised process-wide by planning::CbcGate.
//  - Adopting moves every township with domain::plan_rezoning, the rule OrganisationService
//    uses: the open membership is closed on the effective date and a new one opened, history is
//    never rewritten (a date before the open membership's start, or before a later one, is
//    refused). Everything — new zones, memberships, the adoption record — lands in one
//    transaction or not at all.
// Thread-safe when its ports are.
#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "domain/access.hpp"
#include "services/people_ports.hpp"
#include "services/zone_planning_ports.hpp"

namespace xzq::services {

// Bounds of profile values (beyond them a value is a typing error, not a township).
inline constexpr double k_profile_max_staff = 10000;
inline constexpr double k_profile_max_capacity = 100000;
inline constexpr double k_profile_max_caseload = 1000000;
// Seeds stay below 2^53 so that they survive JSON numbers in a browser exactly.
inline constexpr std::uint64_t k_max_plan_seed = (std::uint64_t{1} << 53) - 1;
inline constexpr double k_default_solve_seconds = 20;
inline constexpr double k_max_solve_seconds = 60;
inline constexpr int k_max_rotation_rounds = 100;

// The checks of `xzq zones plan` on one township (planning::validate: coordinates in
// −180..180 / −90..90, finite non-negative attributes) plus upper bounds. invalid_input with
// codes "zones.*" or "profile.*".
Result<void> validate_township_profile(const TownshipProfile& profile);

using Totals = std::array<double, 3>;  // staff, capacity, caseload

// A zone's figures under the cost model of planning.md (a).
struct ZoneFigures {
    std::vector<std::string> townships;  // codes, ascending
    double cost = 0;
    double compactness = 0;  // α · p-median distance / D
    Totals totals{};
    bool within_hard_band = true;
};

struct ProposedZone {
    ZoneFigures figures;
    // The current zone it keeps the most townships of (a maximum-overlap one-to-one matching),
    // which an adoption reuses; none when the proposal has more zones than the county today.
    std::optional<long long> match_zone_id;
    int shared = 0;  // townships it has in common with that zone
};

struct CurrentZone {
    long long id = 0;
    std::string name;
    ZoneFigures figures;
};

struct ProposalRequest {
    int zones = 0;
    int min_size = 2;
    int max_size = 6;
    std::uint64_t seed = 1;
    double time_limit_seconds = k_default_solve_seconds;
    std::optional<domain::Date> as_of;  // the current zoning to compare with; default today
};

struct Relaxation {
    std::string option;
    std::string description_zh;
    std::string description_en;
};

struct ZoneProposal {
    ProposalRequest request;
    domain::Date as_of;
    std::string status;  // optimal | feasible | infeasible
    std::string method;  // exact | heuristic
    std::optional<double> objective;
    std::optional<double> bound;
    double seconds = 0;
    std::size_t candidate_zones = 0;
    std::string message_zh;
    std::string message_en;
    std::vector<std::string> uncovered;
    std::vector<Relaxation> relaxations;
    std::vector<ProposedZone> zones;
    // The zoning on `as_of`, priced with the same model (its own zone count sets the targets).
    std::vector<CurrentZone> current;
    std::optional<double> current_cost;  // when every township is in a zone
    std::vector<std::string> unassigned;
    Totals targets{};  // μ per attribute for k zones
    double distance_scale_km = 0;
    std::vector<TownshipProfile> profiles;  // in code order
    std::vector<TownshipRef> townships;     // the county's, in code order
};

struct AdoptedZone {
    std::optional<long long> zone_id;  // an existing zone of the county, or none for a new zone
    std::string name;                  // the new zone's name (ignored for an existing zone)
    std::vector<std::string> townships;
};

struct AdoptionRequest {
    domain::Date effective;
    std::vector<AdoptedZone> zones;
    // What the plan was proposed with, kept in the record (all optional).
    std::optional<int> min_size;
    std::optional<int> max_size;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> plan_status;
};

struct RotationRequest {
    std::optional<long long> zone_id;    // the townships of this zone (on as_of)
    std::vector<std::string> townships;  // or this pool of townships
    std::vector<long long> zone_ids;     // or this pool of zones (zone inspects zone)
    int rounds = 0;
    std::vector<std::pair<std::string, std::string>> forbidden;  // member codes
    std::optional<std::uint64_t> seed;                           // drawn from the CSPRNG when absent
    std::string title;
    std::optional<domain::Date> starts_on;
    std::optional<domain::Date> as_of;
};

class ZonePlanningService {
  public:
    ZonePlanningService(ZonePlanningRepository& planning, OrganisationRepository& organisation, const Clock& clock)
        : m_planning(planning), m_organisation(organisation), m_clock(clock) {}

    // Every township of the county with its profile (nullopt when none is recorded yet).
    Result<std::vector<std::pair<TownshipRef, std::optional<TownshipProfile>>>> profiles(const domain::Principal& who);
    Result<TownshipProfile> save_profile(const domain::Principal& who, TownshipProfile profile);

    Result<ZoneProposal> propose(const domain::Principal& who, const ProposalRequest& request);

    Result<AdoptionRecord> adopt(const domain::Principal& who, const AdoptionRequest& request);
    Result<std::vector<AdoptionRecord>> adoptions(const domain::Principal& who);

    Result<RotationRecord> plan_rotation(const domain::Principal& who, const RotationRequest& request);
    Result<std::vector<RotationRecord>> rotations(const domain::Principal& who);

  private:
    Result<void> require_write(const domain::Principal& who);
    Result<void> require_read(const domain::Principal& who);

    ZonePlanningRepository& m_planning;
    OrganisationRepository& m_organisation;
    const Clock& m_clock;
    std::mutex m_solving_mutex;
    std::set<std::string> m_solving;  // counties with a solve under way
};

}  // namespace xzq::services
