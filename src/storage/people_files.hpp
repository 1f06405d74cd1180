#pragma once
// Reads a people file — UTF-8 CSV or the first worksheet of an XLSX workbook — into rows of
// text. Only reading happens here; checking the rows is the domain's job (domain::check_import).
//
// Hostile files are expected: the file size, the unpacked size of every XLSX part, the number of
// rows and columns are bounded, XML with a DOCTYPE is refused, and a CSV that is not UTF-8 (a
// GBK export from older Excel) is refused with a hint instead of being imported as mojibake.
#include <cstddef>
#include <filesystem>
#include <string_view>

#include "common/result.hpp"
#include "domain/people.hpp"

namespace xzq::storage {

constexpr std::size_t k_max_people_file_bytes = 16 * 1024 * 1024;
constexpr std::size_t k_max_xlsx_part_bytes = 64 * 1024 * 1024;
constexpr std::size_t k_max_sheet_rows = 100000;
constexpr std::size_t k_max_sheet_columns = 100;

Result<domain::Sheet> read_people_csv(std::string_view text);
Result<domain::Sheet> read_people_xlsx(std::string_view bytes);
// Chooses the reader by the file name's extension (.csv or .xlsx, any case).
Result<domain::Sheet> read_people_bytes(std::string_view bytes, std::string_view file_name);
Result<domain::Sheet> read_people_file(const std::filesystem::path& path);

}  // namespace xzq::storage
