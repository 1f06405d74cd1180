#include "http/message.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace xzq::http {
namespace {

TEST(Language, PicksTheBestOfChineseAndEnglish) {
    EXPECT_EQ(preferred_language(""), "zh");
    EXPECT_EQ(preferred_language("en"), "en");
    EXPECT_EQ(preferred_language("en-US,en;q=0.9"), "en");
    EXPECT_EQ(preferred_language("zh-CN,zh;q=0.9,en;q=0.8"), "zh");
    EXPECT_EQ(preferred_language("fr, en;q=0.5, zh;q=0.4"), "en");
    EXPECT_EQ(preferred_language("de"), "zh");
    EXPECT_EQ(preferred_language("en;q=abc, zh"), "zh");
}

TEST(PercentDecode, DecodesAndRejectsBadEscapes) {
    EXPECT_EQ(percent_decode("/%2e%2E/x", false), "/../x");
    EXPECT_EQ(percent_decode("a+b", true), "a b");
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
    EXPECT_EQ(percent_decode("%E5%85%B0", false), "兰");
    EXPECT_EQ(percent_decode("%", false), std::nullopt);
    EXPECT_EQ(percent_decode("%2", false), std::nullopt);
    EXPECT_EQ(percent_decode("%zz", false), std::nullopt);
}

TEST(Query, ParsesPairs) {
    auto query = parse_query("county=410225&q=%E5%85%B0+%E8%80%83&flag&=x");
    EXPECT_EQ(query["county"], "410225");
    EXPECT_EQ(query["q"], "兰 考");
    EXPECT_EQ(query["flag"], "");
}

TEST(ErrorResponse, HasCodeAndLocalizedMessage) {
    auto error = make_error(ErrorKind::not_found, "org.x", "未找到", "not found");
    auto zh = error_response(error, "zh");
    EXPECT_EQ(zh.status, 404);
    auto body = nlohmann::json::parse(zh.body);
    EXPECT_EQ(body["error"]["code"], "org.x");
    EXPECT_EQ(body["error"]["message"], "未找到");
    EXPECT_EQ(nlohmann::json::parse(error_response(error, "en").body)["error"]["message"], "not found");
}

TEST(StatusMapping, EveryKindHasItsStatus) {
    EXPECT_EQ(status_of(ErrorKind::invalid_input), 400);
    EXPECT_EQ(status_of(ErrorKind::unauthenticated), 401);
    EXPECT_EQ(status_of(ErrorKind::forbidden), 403);
    EXPECT_EQ(status_of(ErrorKind::conflict), 409);
    EXPECT_EQ(status_of(ErrorKind::too_large), 413);
    EXPECT_EQ(status_of(ErrorKind::too_many), 429);
    EXPECT_EQ(status_of(ErrorKind::unavailable), 503);
    EXPECT_EQ(status_of(ErrorKind::internal), 500);
}

Request json_request(std::string body, std::string type = "application/json") {
    Request request;
    request.headers["content-type"] = std::move(type);
    request.body = std::move(body);
    return request;
}

TEST(JsonBody, AcceptsObjectsOnly) {
    EXPECT_TRUE(parse_json_body(json_request(R"({"a":1})")).ok());
    EXPECT_TRUE(parse_json_body(json_request(R"({"a":1})", "application/json; charset=utf-8")).ok());
    EXPECT_EQ(parse_json_body(json_request("{oops")).error().code, "request.malformed_json");
    EXPECT_EQ(parse_json_body(json_request("[1]")).error().code, "request.not_object");
    EXPECT_EQ(parse_json_body(json_request("")).error().code, "request.malformed_json");
    EXPECT_EQ(parse_json_body(json_request("{}", "text/plain")).error().code, "request.not_json");
}

}  // namespace
}  // namespace xzq::http
