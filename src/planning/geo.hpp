#pragma once
// Great-circle distances between townships, as the zone cost defines them (planning.md (a)).
namespace xzq::planning {

inline constexpr double k_earth_radius_km = 6371.0088;  // IUGG mean radius, fixed by the issue

// Haversine distance in kilometres between two points given in degrees.
double haversine_km(double lon1, double lat1, double lon2, double lat2);

}  // namespace xzq::planning
