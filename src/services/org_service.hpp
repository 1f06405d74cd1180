#pragma once
// Use cases of the organisation data: importing official divisions, listing counties, the
// county → township → village tree and searching it. Thread-safe when its ports are.
#include <string>
#include <string_view>
#include <vector>

#include "services/ports.hpp"

namespace xzq::services {

struct OrgSearchHit {
    std::string level;  // "township" or "village"
    std::string code;
    std::string name;
    std::string township_code;  // the township itself for level "township"
    std::string township_name;
};

class OrgService {
  public:
    explicit OrgService(OrgRepository& repository) : m_repository(repository) {}

    // Loads the county from the source, validates it and saves it; importing the same data
    // again changes nothing. Nothing is written when the source or the data is bad.
    Result<DivisionImportSummary> import_divisions(DivisionSource& source, std::string_view county_code);
    // Validates an already loaded county and saves it.
    Result<DivisionImportSummary> save_divisions(domain::County county);
    Result<std::vector<domain::CountySummary>> counties();
    Result<domain::County> county_tree(std::string_view county_code);
    // Townships and villages whose name contains `query` or whose code starts with it.
    Result<std::vector<OrgSearchHit>> search(std::string_view county_code, std::string_view query, int limit);

    static constexpr int k_max_search_limit = 200;
    static constexpr std::size_t k_max_query_bytes = 150;

  private:
    OrgRepository& m_repository;
};

// The checks every county code from a user goes through.
Result<void> check_county_code(std::string_view county_code);

}  // namespace xzq::services
