#include "services/org_service.hpp"

#include <fmt/format.h>

namespace xzq::services {

Result<void> check_county_code(std::string_view county_code) {
    if (!domain::is_county_code(county_code)) {
        return make_error(ErrorKind::invalid_input, "org.bad_county_code",
                          fmt::format("县级区划代码“{}”无效：应为 6 位数字", county_code),
                          fmt::format("county code '{}' is invalid: it must be 6 digits", county_code));
    }
    return Ok{};
}

Result<DivisionImportSummary> OrgService::import_divisions(DivisionSource& source, std::string_view county_code) {
    XZQ_TRY_VOID(check_county_code(county_code));
    XZQ_TRY(auto county, source.load_county(county_code));
    return save_divisions(std::move(county));
}

Result<DivisionImportSummary> OrgService::save_divisions(domain::County county) {
    XZQ_TRY(auto valid, domain::validated_county(std::move(county)));
    return m_repository.save_county(valid);
}

Result<std::vector<domain::CountySummary>> OrgService::counties() {
    return m_repository.counties();
}

Result<domain::County> OrgService::county_tree(std::string_view county_code) {
    XZQ_TRY_VOID(check_county_code(county_code));
    XZQ_TRY(auto county, m_repository.county_tree(county_code));
    if (!county) {
        return make_error(ErrorKind::not_found, "org.county_not_found",
                          fmt::format("未找到县级区划 {}，请先导入该县的区划数据", county_code),
                          fmt::format("county {} not found; import its divisions first", county_code));
    }
    return std::move(*county);
}

Result<std::vector<OrgSearchHit>> OrgService::search(std::string_view county_code, std::string_view query, int limit) {
    if (query.empty() || query.size() > k_max_query_bytes) {
        return make_error(ErrorKind::invalid_input, "org.bad_query",
                          fmt::format("搜索词长度应为 1 至 {} 字节", k_max_query_bytes),
                          fmt::format("the search text must be 1 to {} bytes long", k_max_query_bytes));
    }
    if (limit < 1 || limit > k_max_search_limit) {
        return make_error(ErrorKind::invalid_input, "org.bad_limit",
                          fmt::format("返回条数应在 1 至 {} 之间", k_max_search_limit),
                          fmt::format("limit must be between 1 and {}", k_max_search_limit));
    }
    XZQ_TRY(auto county, county_tree(county_code));
    auto matches = [&](const std::string& code, const std::string& name) {
        return code.starts_with(query) || name.find(query) != std::string::npos;
    };
    std::vector<OrgSearchHit> hits;
    for (const auto& township : county.townships) {
        if (static_cast<int>(hits.size()) >= limit) break;
        if (matches(township.code, township.name)) {
            hits.push_back({"township", township.code, township.name, township.code, township.name});
        }
        for (const auto& village : township.villages) {
            if (static_cast<int>(hits.size()) >= limit) break;
            if (matches(village.code, village.name)) {
                hits.push_back({"village", village.code, village.name, township.code, township.name});
            }
        }
    }
    return hits;
}

}  // namespace xzq::services
