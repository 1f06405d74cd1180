// The server's routes and docs/openapi.yaml describe the same API: a route missing from either
// side fails this test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "app/platform.hpp"
#include "http/api.hpp"

namespace xzq {
namespace {

// The real wiring on a scratch SQLite file: the routes are exactly those `xzq serve` registers.
std::vector<http::RouteInfo> served_routes() {
    static std::vector<http::RouteInfo> routes = [] {
        auto file = std::filesystem::temp_directory_path() / ("xzq-openapi-" + std::to_string(::getpid()) + ".db");
        std::vector<http::RouteInfo> out;
        {
            SystemClock clock;
            app::PlatformFiles files;
            files.key_file = file.string() + ".key";
            files.attachments_dir = file.string() + ".attachments";
            auto platform =
                app::Platform::open("sqlite:" + file.string(), clock, 4, {}, security::DigestAlgorithm::sha256, files);
            EXPECT_TRUE(platform.ok());
            http::Router router;
            auto& p = **platform;
            http::ApiServices services{
                p.org, p.storage_health,   p.auth,    p.users,     p.audit, p.organisation, p.people,
                clock, p.read_people_file, p.reports, p.deadlines, p.cases};
            services.zone_planning = &p.zone_planning;
            http::register_api_routes(router, services);
            out = router.routes();
        }
        std::filesystem::remove(file);
        std::filesystem::remove(file.string() + "-wal");
        std::filesystem::remove(file.string() + "-shm");
        std::filesystem::remove(file.string() + ".key");
        std::filesystem::remove_all(file.string() + ".attachments");
        return out;
    }();
    return routes;
}

// "METHOD /path" for every operation in the OpenAPI file (paths at two-space indent, methods at
// four), which is the layout docs/openapi.yaml keeps.
std::map<std::string, std::string> documented_actions;  // "METHOD /path" → x-action

std::set<std::string> documented_operations() {
    std::ifstream in(std::filesystem::path(XZQ_SOURCE_DIR) / "docs" / "openapi.yaml");
    EXPECT_TRUE(in.good()) << "docs/openapi.yaml is missing";
    std::set<std::string> operations;
    std::string line, current_path, current_operation;
    bool in_paths = false;
    while (std::getline(in, line)) {
        if (line.rfind("paths:", 0) == 0) {
            in_paths = true;
            continue;
        }
        if (in_paths && !line.empty() && line[0] != ' ' && line[0] != '#') in_paths = false;
        if (!in_paths) continue;
        if (line.rfind("      x-action: ", 0) == 0 && !current_operation.empty()) {
            documented_actions[current_operation] = line.substr(16);
        }
        // "  /path:" starts a path item; "    get:" is one of its operations.
        if (line.rfind("  /", 0) == 0 && line.back() == ':') {
            current_path = line.substr(2, line.size() - 3);
            continue;
        }
        for (std::string method : {"get", "post", "put", "patch", "delete"}) {
            if (line == "    " + method + ":" && !current_path.empty()) {
                for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                current_operation = method + " " + current_path;
                operations.insert(current_operation);
            }
        }
    }
    return operations;
}

TEST(OpenApi, ServerRoutesAndTheDescriptionAgree) {
    std::set<std::string> served;
    for (const auto& route : served_routes()) served.insert(route.method + " " + route.pattern);

    auto documented = documented_operations();
    ASSERT_FALSE(documented.empty());
    for (const auto& op : served)
        EXPECT_TRUE(documented.contains(op)) << op << " is served but not in docs/openapi.yaml";
    for (const auto& op : documented) EXPECT_TRUE(served.contains(op)) << op << " is documented but not served";
    for (const auto& route : served_routes()) {
        std::string op = route.method + " " + route.pattern;
        std::string action = route.access.is_public ? "public" : std::string(domain::to_string(route.access.action));
        EXPECT_EQ(documented_actions[op], action) << op << ": x-action in docs/openapi.yaml differs from the server";
    }
}

}  // namespace
}  // namespace xzq

namespace xzq {
namespace {

// Only these routes may be reached without signing in; every other route names an action of the
// permission registry (the type system makes a route without an Access impossible).
TEST(Access, OnlyTheseRoutesArePublic) {
    const std::set<std::string> allowed_public = {"GET /healthz",
                                                  "POST /api/v1/auth/login",
                                                  "GET /api/v1/public/report-form",
                                                  "POST /api/v1/public/attachments",
                                                  "POST /api/v1/public/reports",
                                                  "POST /api/v1/public/reports/status",
                                                  "POST /api/v1/public/reports/messages"};
    for (const auto& route : served_routes()) {
        std::string op = route.method + " " + route.pattern;
        if (route.access.is_public) {
            EXPECT_TRUE(allowed_public.contains(op)) << op << " is public but not on the list";
        } else {
            EXPECT_NE(domain::to_string(route.access.action), "unknown") << op;
        }
        if (route.pattern.starts_with("/api/v1/public/")) {
            EXPECT_TRUE(route.access.is_public) << op;
        }
    }
}

}  // namespace
}  // namespace xzq
