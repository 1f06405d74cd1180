#include "http/router.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace xzq::http {
namespace {

Router sample_router() {
    Router router;
    router.add("GET", "/api/v1/things/{id}", Access::needs(domain::Action::org_read),
               [](const Request&, const PathParams& params) {
                   Response response;
                   response.body = "thing " + params.at("id");
                   return response;
               });
    router.add("POST", "/api/v1/things", Access::open(), [](const Request&, const PathParams&) {
        Response response;
        response.status = 201;
        return response;
    });
    return router;
}

Request make(std::string method, std::string path, std::string language = "zh") {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.language = std::move(language);
    return request;
}

TEST(Router, MatchesPatternsAndCapturesParameters) {
    auto router = sample_router();
    auto response = router.dispatch(make("GET", "/api/v1/things/42"));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "thing 42");
    EXPECT_EQ(router.dispatch(make("HEAD", "/api/v1/things/42")).status, 200);
    EXPECT_EQ(router.dispatch(make("POST", "/api/v1/things")).status, 201);
}

TEST(Router, UnknownRouteIs404JsonInTheUsersLanguage) {
    auto router = sample_router();
    auto zh = router.dispatch(make("GET", "/api/v1/nothing"));
    EXPECT_EQ(zh.status, 404);
    EXPECT_EQ(nlohmann::json::parse(zh.body)["error"]["code"], "request.no_such_route");
    auto en = router.dispatch(make("GET", "/api/v1/things/", "en"));
    EXPECT_EQ(en.status, 404);
    EXPECT_NE(nlohmann::json::parse(en.body)["error"]["message"].get<std::string>().find("no API"), std::string::npos);
}

TEST(Router, WrongMethodIs405WithAllow) {
    auto router = sample_router();
    auto response = router.dispatch(make("DELETE", "/api/v1/things"));
    EXPECT_EQ(response.status, 405);
    ASSERT_NE(response.find_header("Allow"), nullptr);
    EXPECT_EQ(*response.find_header("Allow"), "POST");
}

TEST(Router, ListsItsRoutes) {
    auto routes = sample_router().routes();
    ASSERT_EQ(routes.size(), 2u);
    EXPECT_EQ(routes[0].method, "GET");
    EXPECT_EQ(routes[0].pattern, "/api/v1/things/{id}");
}

}  // namespace
}  // namespace xzq::http
