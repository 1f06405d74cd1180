// The server's routes and docs/openapi.yaml describe the same API: a route missing from either
// side fails this test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "http/api.hpp"

namespace xzq {
namespace {

class NoRepository final : public services::OrgRepository {
public:
    Result<services::DivisionImportSummary> save_county(const domain::County&) override { return services::DivisionImportSummary{}; }
    Result<std::vector<domain::CountySummary>> counties() override { return std::vector<domain::CountySummary>{}; }
    Result<std::optional<domain::County>> county_tree(std::string_view) override { return std::optional<domain::County>{}; }
};

class NoHealth final : public services::StorageHealth {
public:
    Result<services::StorageStatus> status() override { return services::StorageStatus{}; }
};

// "METHOD /path" for every operation in the OpenAPI file (paths at two-space indent, methods at
// four), which is the layout docs/openapi.yaml keeps.
std::set<std::string> documented_operations() {
    std::ifstream in(std::filesystem::path(XZQ_SOURCE_DIR) / "docs" / "openapi.yaml");
    EXPECT_TRUE(in.good()) << "docs/openapi.yaml is missing";
    std::set<std::string> operations;
    std::string line, current_path;
    bool in_paths = false;
    while (std::getline(in, line)) {
        if (line.rfind("paths:", 0) == 0) {
            in_paths = true;
            continue;
        }
        if (in_paths && !line.empty() && line[0] != ' ' && line[0] != '#') in_paths = false;
        if (!in_paths) continue;
        // "  /path:" starts a path item; "    get:" is one of its operations.
        if (line.rfind("  /", 0) == 0 && line.back() == ':') {
            current_path = line.substr(2, line.size() - 3);
            continue;
        }
        for (std::string method : {"get", "post", "put", "patch", "delete"}) {
            if (line == "    " + method + ":" && !current_path.empty()) {
                for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                operations.insert(method + " " + current_path);
            }
        }
    }
    return operations;
}

TEST(OpenApi, ServerRoutesAndTheDescriptionAgree) {
    NoRepository repository;
    NoHealth health;
    services::OrgService org(repository);
    http::Router router;
    http::register_api_routes(router, {org, health});
    std::set<std::string> served;
    for (const auto& route : router.routes()) served.insert(route.method + " " + route.pattern);

    auto documented = documented_operations();
    ASSERT_FALSE(documented.empty());
    for (const auto& op : served) EXPECT_TRUE(documented.contains(op)) << op << " is served but not in docs/openapi.yaml";
    for (const auto& op : documented) EXPECT_TRUE(served.contains(op)) << op << " is documented but not served";
}

}  // namespace
}  // namespace xzq
