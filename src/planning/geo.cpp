#include "planning/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace xzq::planning {

double haversine_km(double lon1, double lat1, double lon2, double lat2) {
    constexpr double k_radians = std::numbers::pi / 180.0;
    const double phi1 = lat1 * k_radians;
    const double phi2 = lat2 * k_radians;
    const double d_phi = (lat2 - lat1) * k_radians;
    const double d_lambda = (lon2 - lon1) * k_radians;
    const double s_phi = std::sin(d_phi / 2);
    const double s_lambda = std::sin(d_lambda / 2);
    double h = s_phi * s_phi + std::cos(phi1) * std::cos(phi2) * s_lambda * s_lambda;
    h = std::clamp(h, 0.0, 1.0);  // rounding can push it past 1 for antipodes
    return 2.0 * k_earth_radius_km * std::asin(std::sqrt(h));
}

}  // namespace xzq::planning
