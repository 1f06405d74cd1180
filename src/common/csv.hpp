#pragma once
// A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends, a UTF-8 BOM
// tolerated at the start. Malformed input (a stray quote, an unterminated field) is an Error that
// names the line, so an import can reject a file whole with a useful report.
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace xzq::csv {

using Row = std::vector<std::string>;

struct Table {
    Row header;
    std::vector<Row> rows;
    std::vector<std::size_t> line_numbers;  // 1-based source line of each row, for error reports

    // Index of a header column, or -1.
    [[nodiscard]] int column(std::string_view name) const;
};

Result<Table> parse(std::string_view text);

}  // namespace xzq::csv
