#include "common/csv.hpp"

#include <fmt/format.h>

namespace xzq::csv {

int Table::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
}

namespace {

Error malformed(std::size_t line, std::string_view why_zh, std::string_view why_en) {
    return make_error(ErrorKind::invalid_input, "csv.malformed", fmt::format("CSV 第 {} 行格式错误：{}", line, why_zh),
                      fmt::format("CSV line {} is malformed: {}", line, why_en));
}

}  // namespace

Result<Table> parse(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    Table table;
    Row row;
    std::string field;
    bool in_quotes = false;
    bool field_was_quoted = false;
    std::size_t line = 1;
    std::size_t row_start_line = 1;
    bool have_header = false;

    auto finish_row = [&] {
        row.push_back(std::move(field));
        field.clear();
        field_was_quoted = false;
        bool blank = row.size() == 1 && row[0].empty();
        if (!blank) {
            if (!have_header) {
                table.header = std::move(row);
                have_header = true;
            } else {
                table.rows.push_back(std::move(row));
                table.line_numbers.push_back(row_start_line);
            }
        }
        row.clear();
    };

    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field.push_back('"');
                    ++i;
                } else {
                    in_quotes = false;
                }
            } else {
                if (c == '\n') ++line;
                field.push_back(c);
            }
            continue;
        }
        switch (c) {
            case '"':
                if (!field.empty() || field_was_quoted) {
                    return malformed(line, "引号位置不正确", "unexpected quote inside a field");
                }
                in_quotes = true;
                field_was_quoted = true;
                break;
            case ',':
                row.push_back(std::move(field));
                field.clear();
                field_was_quoted = false;
                break;
            case '\r':
                if (i + 1 < text.size() && text[i + 1] == '\n') break;
                [[fallthrough]];
            case '\n':
                finish_row();
                ++line;
                row_start_line = line;
                break;
            default:
                if (field_was_quoted) {
                    return malformed(line, "引号后出现多余字符", "characters after a closing quote");
                }
                field.push_back(c);
        }
    }
    if (in_quotes) return malformed(row_start_line, "引号未闭合", "unterminated quoted field");
    if (!field.empty() || !row.empty() || field_was_quoted) finish_row();
    if (!have_header) {
        return make_error(ErrorKind::invalid_input, "csv.empty", "CSV 文件为空", "the CSV file is empty");
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        if (table.rows[r].size() != table.header.size()) {
            return malformed(table.line_numbers[r],
                             fmt::format("应有 {} 列，实有 {} 列", table.header.size(), table.rows[r].size()),
                             fmt::format("expected {} columns, found {}", table.header.size(), table.rows[r].size()));
        }
    }
    return table;
}

}  // namespace xzq::csv
