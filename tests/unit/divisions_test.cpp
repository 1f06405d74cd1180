#include "domain/divisions.hpp"

#include <gtest/gtest.h>

namespace xzq::domain {
namespace {

TEST(Divisions, KindFollowsTheOfficialCodeRanges) {
    EXPECT_EQ(township_kind_of("410225001"), TownshipKind::subdistrict);  // 兰阳街道
    EXPECT_EQ(township_kind_of("410225101"), TownshipKind::town);         // 堌阳镇
    EXPECT_EQ(township_kind_of("410225201"), TownshipKind::township);     // 三义寨乡
    EXPECT_EQ(township_kind_of("410225404"), TownshipKind::other);        // 西关农场
    EXPECT_EQ(township_kind_of("41022510"), std::nullopt);
    EXPECT_EQ(township_kind_of("41022510x"), std::nullopt);
}

TEST(Divisions, KindNamesRoundTrip) {
    for (auto kind : {TownshipKind::subdistrict, TownshipKind::town, TownshipKind::township, TownshipKind::other}) {
        EXPECT_EQ(township_kind_from_string(to_string(kind)), kind);
    }
    EXPECT_EQ(township_kind_from_string("village"), std::nullopt);
    EXPECT_EQ(chinese_name(TownshipKind::town), "镇");
}

TEST(Divisions, CodeShapes) {
    EXPECT_TRUE(is_county_code("410225"));
    EXPECT_FALSE(is_county_code("41022"));
    EXPECT_FALSE(is_county_code("41022a"));
    EXPECT_TRUE(is_township_code("410225101"));
    EXPECT_TRUE(is_village_code("410225101001"));
    EXPECT_FALSE(is_village_code("410225101001 "));
}

County sample() {
    return County{"410225",
                  "兰考县",
                  "开封市",
                  "河南省",
                  {{"410225101", "堌阳镇", TownshipKind::town, {{"410225101002", "乙村"}, {"410225101001", "甲村"}}},
                   {"410225001", "兰阳街道", TownshipKind::subdistrict, {}}}};
}

TEST(Divisions, ValidatedCountyIsSortedByCode) {
    auto county = validated_county(sample());
    ASSERT_TRUE(county.ok()) << county.error().message_en;
    EXPECT_EQ(county->townships[0].code, "410225001");
    EXPECT_EQ(county->townships[1].villages[0].code, "410225101001");
}

TEST(Divisions, RejectsTownshipOfAnotherCounty) {
    auto bad = sample();
    bad.townships[0].code = "410226101";
    auto county = validated_county(bad);
    ASSERT_FALSE(county.ok());
    EXPECT_EQ(county.error().code, "division.bad_township_code");
}

TEST(Divisions, RejectsVillageOutsideItsTownshipDuplicatesAndMissingNames) {
    auto outside = sample();
    outside.townships[0].villages[0].code = "410225102001";
    EXPECT_EQ(validated_county(outside).error().code, "division.bad_village_code");

    auto duplicate = sample();
    duplicate.townships[0].villages[1].code = duplicate.townships[0].villages[0].code;
    EXPECT_EQ(validated_county(duplicate).error().code, "division.duplicate_code");

    auto unnamed = sample();
    unnamed.townships[1].name.clear();
    EXPECT_EQ(validated_county(unnamed).error().code, "division.missing_name");

    auto bad_county = sample();
    bad_county.code = "4102";
    EXPECT_EQ(validated_county(bad_county).error().code, "division.bad_county_code");
}

}  // namespace
}  // namespace xzq::domain
