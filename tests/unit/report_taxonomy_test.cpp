// The built-in classifications of reports: violation categories (two levels) and problem areas.
#include "domain/report_taxonomy.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace xzq::domain {
namespace {

TEST(ViolationTaxonomy, HasTheSixDisciplinesAndConductInvolvingTheLaw) {
    std::vector<std::string> codes;
    for (const auto& category : violation_categories()) codes.push_back(category.code);
    EXPECT_EQ(codes, (std::vector<std::string>{"ZZ", "ZUZ", "LJ", "QZ", "GZ", "SH", "SF"}));
    EXPECT_EQ(violation_categories()[2].name_zh, "廉洁纪律");
}

TEST(ViolationTaxonomy, CodesAreUniqueNamedAndNestedUnderTheirCategory) {
    std::set<std::string> codes;
    std::set<std::string> names_in_category;
    for (const auto& category : violation_categories()) {
        EXPECT_FALSE(category.subcategories.empty()) << category.code;
        EXPECT_FALSE(category.name_zh.empty());
        EXPECT_FALSE(category.name_en.empty());
        EXPECT_TRUE(codes.insert(category.code).second) << category.code;
        names_in_category.clear();
        for (const auto& sub : category.subcategories) {
            EXPECT_TRUE(codes.insert(sub.code).second) << sub.code;
            EXPECT_TRUE(names_in_category.insert(sub.name_zh).second) << sub.code;
            EXPECT_EQ(sub.code.substr(0, category.code.size() + 1), category.code + ".") << sub.code;
            EXPECT_EQ(sub.code.size(), category.code.size() + 3) << sub.code;
            EXPECT_FALSE(sub.name_zh.empty()) << sub.code;
            EXPECT_FALSE(sub.name_en.empty()) << sub.code;
            EXPECT_EQ(category_of(sub.code), &category) << sub.code;
            EXPECT_EQ(find_violation_subcategory(sub.code), &sub) << sub.code;
        }
        // Every category ends with its "other" item, so a reporter can always choose one.
        EXPECT_EQ(category.subcategories.back().code, category.code + ".99");
    }
}

TEST(ViolationTaxonomy, CarriesTheItemsOfTheRegulationsForVillageWork) {
    auto names = [](std::string_view code) {
        std::set<std::string> out;
        for (const auto& category : violation_categories()) {
            if (category.code != code) continue;
            for (const auto& sub : category.subcategories) out.insert(sub.name_zh);
        }
        return out;
    };
    auto qz = names("QZ");
    for (const char* item : {"优亲厚友", "刁难群众、吃拿卡要", "违规收费", "纵容黑恶势力、充当“保护伞”",
                             "不按规定公开党务、政务、村（居）务", "侵害群众利益"}) {
        EXPECT_TRUE(qz.contains(item)) << item;
    }
    auto sf = names("SF");
    for (const char* item : {"贪污贿赂", "滥用职权", "玩忽职守", "权力寻租", "利益输送", "徇私舞弊", "浪费国家资财"}) {
        EXPECT_TRUE(sf.contains(item)) << item;
    }
    EXPECT_TRUE(names("LJ").contains("违规接受礼品礼金宴请服务"));
    EXPECT_TRUE(names("SH").contains("不正当性关系"));
}

TEST(ViolationTaxonomy, LookupsRefuseWhatIsNotASubcategory) {
    EXPECT_EQ(find_violation_subcategory("LJ.02")->name_zh, "违规接受礼品礼金宴请服务");
    EXPECT_EQ(category_of("QZ.09")->code, "QZ");
    for (const char* bad : {"", "LJ", "LJ.", "LJ.00", "LJ.2", "lj.02", "XX.01", "LJ.02 ", "ZZ.99.1", "."}) {
        EXPECT_EQ(find_violation_subcategory(bad), nullptr) << bad;
        EXPECT_EQ(category_of(bad), nullptr) << bad;
    }
}

TEST(ProblemAreas, AreTheVillageFocusAreasWithUniqueCodes) {
    std::vector<std::string> codes;
    std::set<std::string> unique;
    for (const auto& area : problem_areas()) {
        codes.push_back(area.code);
        EXPECT_TRUE(unique.insert(area.code).second) << area.code;
        EXPECT_FALSE(area.name_zh.empty());
        EXPECT_FALSE(area.name_en.empty());
        EXPECT_EQ(find_problem_area(area.code), &area);
    }
    EXPECT_EQ(codes, (std::vector<std::string>{"poverty", "subsistence", "housing", "farm_subsidy", "collective_assets",
                                               "land_compensation", "projects", "rural_revitalisation",
                                               "social_security", "mafia_umbrella", "conduct", "other"}));
    EXPECT_EQ(find_problem_area("subsistence")->name_zh, "低保");
    EXPECT_EQ(find_problem_area("低保"), nullptr);
    EXPECT_EQ(find_problem_area(""), nullptr);
}

}  // namespace
}  // namespace xzq::domain
