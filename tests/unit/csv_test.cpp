#include "common/csv.hpp"

#include <gtest/gtest.h>

namespace xzq {
namespace {

TEST(Csv, ParsesQuotedFieldsDoubledQuotesAndCrLf) {
    auto table = csv::parse(
        "\xEF\xBB\xBF"
        "code,name\r\n1,\"东华门街道\"\r\n2,\"a \"\"b\"\", c\"\r\n");
    ASSERT_TRUE(table.ok()) << table.error().message_en;
    ASSERT_EQ(table->header, (csv::Row{"code", "name"}));
    ASSERT_EQ(table->rows.size(), 2u);
    EXPECT_EQ(table->rows[0][1], "东华门街道");
    EXPECT_EQ(table->rows[1][1], "a \"b\", c");
    EXPECT_EQ(table->line_numbers[1], 3u);
    EXPECT_EQ(table->column("name"), 1);
    EXPECT_EQ(table->column("missing"), -1);
}

TEST(Csv, KeepsNewlinesInsideQuotesAndCountsLines) {
    auto table = csv::parse("a,b\n\"x\ny\",2\n3,4\n");
    ASSERT_TRUE(table.ok());
    EXPECT_EQ(table->rows[0][0], "x\ny");
    EXPECT_EQ(table->line_numbers[1], 4u);
}

TEST(Csv, RejectsWrongColumnCountNamingTheLine) {
    auto table = csv::parse("a,b\n1,2\n3\n");
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.error().code, "csv.malformed");
    EXPECT_NE(table.error().message_en.find("line 3"), std::string::npos);
    EXPECT_NE(table.error().message_zh.find("第 3 行"), std::string::npos);
}

TEST(Csv, RejectsUnterminatedQuoteAndStrayQuote) {
    EXPECT_FALSE(csv::parse("a\n\"open\n").ok());
    EXPECT_FALSE(csv::parse("a\nx\"y\n").ok());
    EXPECT_FALSE(csv::parse("a\n\"x\"y\n").ok());
}

TEST(Csv, EmptyInputIsAnError) {
    auto table = csv::parse("");
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.error().code, "csv.empty");
}

TEST(Csv, LastLineWithoutNewlineIsRead) {
    auto table = csv::parse("a,b\n1,2");
    ASSERT_TRUE(table.ok());
    ASSERT_EQ(table->rows.size(), 1u);
    EXPECT_EQ(table->rows[0][1], "2");
}

}  // namespace
}  // namespace xzq
