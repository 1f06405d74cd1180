#include "services/org_service.hpp"

#include <gtest/gtest.h>

#include <map>

namespace xzq::services {
namespace {

// An in-memory repository: enough to test the use cases' own rules. The SQL repositories are
// tested against real databases in tests/storage.
class MemoryOrgRepository final : public OrgRepository {
  public:
    Result<DivisionImportSummary> save_county(const domain::County& county) override {
        DivisionImportSummary summary;
        summary.county_added = !m_counties.contains(county.code);
        m_counties[county.code] = county;
        ++saves;
        return summary;
    }
    Result<std::vector<domain::CountySummary>> counties() override { return std::vector<domain::CountySummary>{}; }
    Result<std::optional<domain::County>> county_tree(std::string_view code) override {
        auto found = m_counties.find(std::string(code));
        if (found == m_counties.end()) return std::optional<domain::County>{};
        return std::optional<domain::County>{found->second};
    }
    int saves = 0;

  private:
    std::map<std::string, domain::County> m_counties;
};

class FixedSource final : public DivisionSource {
  public:
    explicit FixedSource(domain::County county) : m_county(std::move(county)) {}
    Result<domain::County> load_county(std::string_view code) override {
        if (code != m_county.code) {
            return make_error(ErrorKind::not_found, "division.unknown_county", "无", "none");
        }
        return m_county;
    }

  private:
    domain::County m_county;
};

domain::County lankao() {
    using domain::TownshipKind;
    return {"410225",
            "兰考县",
            "开封市",
            "河南省",
            {{"410225101", "堌阳镇", TownshipKind::town, {{"410225101001", "张庄村"}, {"410225101002", "李庄村"}}},
             {"410225102", "南彰镇", TownshipKind::town, {{"410225102001", "张庄新村"}}}}};
}

TEST(OrgService, ImportValidatesBeforeSaving) {
    MemoryOrgRepository repository;
    OrgService service(repository);
    auto broken = lankao();
    broken.townships[0].villages[0].code = "999";
    FixedSource source(broken);
    auto result = service.import_divisions(source, "410225");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "division.bad_village_code");
    EXPECT_EQ(repository.saves, 0);
}

TEST(OrgService, UnknownAndMalformedCounties) {
    MemoryOrgRepository repository;
    OrgService service(repository);
    FixedSource source(lankao());
    EXPECT_EQ(service.import_divisions(source, "410226").error().kind, ErrorKind::not_found);
    EXPECT_EQ(service.import_divisions(source, "41a225").error().kind, ErrorKind::invalid_input);
    EXPECT_EQ(service.county_tree("410225").error().code, "org.county_not_found");
    EXPECT_EQ(service.county_tree("").error().code, "org.bad_county_code");
    EXPECT_EQ(repository.saves, 0);
}

TEST(OrgService, SearchFindsByNameAndCodePrefixWithTheirTownship) {
    MemoryOrgRepository repository;
    OrgService service(repository);
    FixedSource source(lankao());
    ASSERT_TRUE(service.import_divisions(source, "410225").ok());

    auto by_name = service.search("410225", "张庄", 50);
    ASSERT_TRUE(by_name.ok());
    ASSERT_EQ(by_name->size(), 2u);
    EXPECT_EQ((*by_name)[0].code, "410225101001");
    EXPECT_EQ((*by_name)[0].township_name, "堌阳镇");
    EXPECT_EQ((*by_name)[1].township_name, "南彰镇");

    auto by_code = service.search("410225", "410225102", 50);
    ASSERT_TRUE(by_code.ok());
    ASSERT_EQ(by_code->size(), 2u);  // the township and its village
    EXPECT_EQ((*by_code)[0].level, "township");

    auto limited = service.search("410225", "4102251", 1);
    ASSERT_TRUE(limited.ok());
    EXPECT_EQ(limited->size(), 1u);
}

TEST(OrgService, SearchRejectsBadQueryAndLimit) {
    MemoryOrgRepository repository;
    OrgService service(repository);
    EXPECT_EQ(service.search("410225", "", 10).error().code, "org.bad_query");
    EXPECT_EQ(service.search("410225", std::string(151, 'x'), 10).error().code, "org.bad_query");
    EXPECT_EQ(service.search("410225", "张", 0).error().code, "org.bad_limit");
    EXPECT_EQ(service.search("410225", "张", 201).error().code, "org.bad_limit");
}

}  // namespace
}  // namespace xzq::services
