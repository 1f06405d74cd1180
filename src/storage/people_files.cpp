#include "storage/people_files.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>

#include "common/csv.hpp"

namespace xzq::storage {

namespace {

Error bad_file(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, std::move(code), std::move(zh), std::move(en));
}

Error unreadable_xlsx(std::string_view why) {
    return bad_file("import.bad_xlsx", fmt::format("无法读取 XLSX 文件：{}", why),
                    fmt::format("cannot read the XLSX file: {}", why));
}

bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
        }
        i += length;
    }
    return true;
}

// ---- XML ------------------------------------------------------------------------------------

// Element names without their namespace prefix ("x:row" → "row"): generators differ in prefixes.
std::string_view local_name(const char* name) {
    std::string_view text(name);
    auto colon = text.rfind(':');
    return colon == std::string_view::npos ? text : text.substr(colon + 1);
}

struct XmlHandlers {
    std::function<void(std::string_view name, const std::map<std::string, std::string>& attributes)> start;
    std::function<void(std::string_view name)> end;
    std::function<void(std::string_view text)> text;
};

struct XmlState {
    XmlHandlers* handlers;
    XML_Parser parser;
    bool doctype = false;
};

Result<void> parse_xml(std::string_view xml, XmlHandlers& handlers, std::string_view part) {
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"),
                                                                                         &XML_ParserFree);
    if (!parser) return unreadable_xlsx("out of memory");
    XmlState state{&handlers, parser.get()};
    XML_SetUserData(parser.get(), &state);
    XML_SetElementHandler(
        parser.get(),
        [](void* data, const XML_Char* name, const XML_Char** attributes) {
            auto* s = static_cast<XmlState*>(data);
            if (!s->handlers->start) return;
            std::map<std::string, std::string> map;
            for (int i = 0; attributes[i]; i += 2) map[std::string(local_name(attributes[i]))] = attributes[i + 1];
            s->handlers->start(local_name(name), map);
        },
        [](void* data, const XML_Char* name) {
            auto* s = static_cast<XmlState*>(data);
            if (s->handlers->end) s->handlers->end(local_name(name));
        });
    XML_SetCharacterDataHandler(parser.get(), [](void* data, const XML_Char* text, int length) {
        auto* s = static_cast<XmlState*>(data);
        if (s->handlers->text) s->handlers->text(std::string_view(text, static_cast<std::size_t>(length)));
    });
    // Workbook parts never carry a DTD; one that does is an entity-expansion attempt.
    XML_SetStartDoctypeDeclHandler(parser.get(),
                                   [](void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
                                       auto* s = static_cast<XmlState*>(data);
                                       s->doctype = true;
                                       XML_StopParser(s->parser, XML_FALSE);
                                   });
    if (xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return unreadable_xlsx("part too large");
    auto status = XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
    if (state.doctype) return unreadable_xlsx(fmt::format("{} contains a DOCTYPE", part));
    if (status != XML_STATUS_OK) {
        return unreadable_xlsx(fmt::format("{}: {} (line {})", part, XML_ErrorString(XML_GetErrorCode(parser.get())),
                                           XML_GetCurrentLineNumber(parser.get())));
    }
    return Ok{};
}

// ---- ZIP ------------------------------------------------------------------------------------

class ZipArchive {
  public:
    static Result<std::unique_ptr<ZipArchive>> open(std::string_view bytes) {
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        if (!source) {
            zip_error_fini(&error);
            return unreadable_xlsx("out of memory");
        }
        zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
        if (!archive) {
            zip_source_free(source);
            zip_error_fini(&error);
            return bad_file("import.bad_xlsx", "文件不是有效的 XLSX（ZIP）文件",
                            "the file is not a valid XLSX (ZIP) file");
        }
        zip_error_fini(&error);
        return std::unique_ptr<ZipArchive>(new ZipArchive(archive));
    }
    ~ZipArchive() { zip_discard(m_archive); }
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    [[nodiscard]] bool has(const std::string& name) const {
        return zip_name_locate(m_archive, name.c_str(), ZIP_FL_NOCASE) >= 0;
    }

    // The unpacked part, refusing to inflate more than k_max_xlsx_part_bytes (zip bombs).
    Result<std::string> read(const std::string& name) {
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat(m_archive, name.c_str(), ZIP_FL_NOCASE, &stat) != 0) {
            return unreadable_xlsx(fmt::format("part {} is missing", name));
        }
        if ((stat.valid & ZIP_STAT_SIZE) && stat.size > k_max_xlsx_part_bytes) {
            return unreadable_xlsx(fmt::format("part {} is too large", name));
        }
        std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(m_archive, name.c_str(), ZIP_FL_NOCASE),
                                                                &zip_fclose);
        if (!file) return unreadable_xlsx(fmt::format("part {} cannot be opened", name));
        std::string out;
        char buffer[64 * 1024];
        while (true) {
            zip_int64_t got = zip_fread(file.get(), buffer, sizeof buffer);
            if (got < 0) return unreadable_xlsx(fmt::format("part {} is corrupt", name));
            if (got == 0) break;
            out.append(buffer, static_cast<std::size_t>(got));
            if (out.size() > k_max_xlsx_part_bytes) return unreadable_xlsx(fmt::format("part {} is too large", name));
        }
        return out;
    }

  private:
    explicit ZipArchive(zip_t* archive) : m_archive(archive) {}
    zip_t* m_archive;
};

// ---- XLSX -----------------------------------------------------------------------------------

// The path of the workbook's first worksheet, following workbook.xml and its relationships.
Result<std::string> first_sheet_path(ZipArchive& zip) {
    XZQ_TRY(auto workbook, zip.read("xl/workbook.xml"));
    std::string relation_id;
    XmlHandlers find_sheet;
    find_sheet.start = [&](std::string_view name, const std::map<std::string, std::string>& attributes) {
        if (name == "sheet" && relation_id.empty()) {
            if (auto id = attributes.find("id"); id != attributes.end()) relation_id = id->second;
        }
    };
    XZQ_TRY_VOID(parse_xml(workbook, find_sheet, "workbook.xml"));
    if (relation_id.empty()) return unreadable_xlsx("the workbook has no worksheet");

    XZQ_TRY(auto relations, zip.read("xl/_rels/workbook.xml.rels"));
    std::string target;
    XmlHandlers find_target;
    find_target.start = [&](std::string_view name, const std::map<std::string, std::string>& attributes) {
        auto id = attributes.find("Id");
        auto to = attributes.find("Target");
        if (name == "Relationship" && id != attributes.end() && to != attributes.end() && id->second == relation_id) {
            target = to->second;
        }
    };
    XZQ_TRY_VOID(parse_xml(relations, find_target, "workbook.xml.rels"));
    if (target.empty() || target.find("..") != std::string::npos) {
        return unreadable_xlsx("the first worksheet cannot be located");
    }
    return target.starts_with('/') ? target.substr(1) : "xl/" + target;
}

Result<std::vector<std::string>> shared_strings(ZipArchive& zip) {
    std::vector<std::string> strings;
    if (!zip.has("xl/sharedStrings.xml")) return strings;
    XZQ_TRY(auto xml, zip.read("xl/sharedStrings.xml"));
    bool in_item = false, in_text = false;
    int phonetic_depth = 0;  // <rPh> runs carry pronunciation guides, not cell text
    std::string current;
    XmlHandlers handlers;
    handlers.start = [&](std::string_view name, const std::map<std::string, std::string>&) {
        if (name == "si") {
            in_item = true;
            current.clear();
        } else if (name == "rPh") {
            ++phonetic_depth;
        } else if (name == "t" && in_item && phonetic_depth == 0) {
            in_text = true;
        }
    };
    handlers.end = [&](std::string_view name) {
        if (name == "si") {
            strings.push_back(std::move(current));
            current.clear();
            in_item = false;
        } else if (name == "rPh") {
            --phonetic_depth;
        } else if (name == "t") {
            in_text = false;
        }
    };
    handlers.text = [&](std::string_view text) {
        if (in_text) current.append(text);
    };
    XZQ_TRY_VOID(parse_xml(xml, handlers, "sharedStrings.xml"));
    return strings;
}

// "B12" → column 1 (0-based); -1 when the reference has no letters.
long column_of(std::string_view reference) {
    long column = 0;
    std::size_t i = 0;
    while (i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z') {
        column = column * 26 + (reference[i] - 'A' + 1);
        if (column > 100000) return -1;
        ++i;
    }
    return i == 0 ? -1 : column - 1;
}

// Spreadsheets keep numbers as doubles and some writers print them as 1.3812345678E10; an
// integral value is given back in plain digits (phone numbers, personnel numbers).
std::string number_text(const std::string& raw) {
    if (raw.find_first_of("Ee.") == std::string::npos) return raw;
    char* end = nullptr;
    double value = std::strtod(raw.c_str(), &end);
    if (end != raw.c_str() + raw.size() || !std::isfinite(value)) return raw;
    if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
    return raw;
}

}  // namespace

Result<domain::Sheet> read_people_csv(std::string_view text) {
    if (!valid_utf8(text)) {
        return bad_file("import.not_utf8", "CSV 文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8”后再导入",
                        "the CSV file is not UTF-8: save it as 'CSV UTF-8' in Excel and import again");
    }
    XZQ_TRY(auto table, csv::parse(text));
    if (table.rows.size() > k_max_sheet_rows) {
        return bad_file("import.too_many_rows", "文件行数过多", "the file has too many rows");
    }
    domain::Sheet sheet;
    sheet.header = std::move(table.header);
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        sheet.rows.push_back({table.line_numbers[i], std::move(table.rows[i])});
    }
    return sheet;
}

Result<domain::Sheet> read_people_xlsx(std::string_view bytes) {
    XZQ_TRY(auto zip, ZipArchive::open(bytes));
    XZQ_TRY(auto path, first_sheet_path(*zip));
    XZQ_TRY(auto strings, shared_strings(*zip));
    XZQ_TRY(auto xml, zip->read(path));

    std::vector<domain::SheetRow> rows;
    std::optional<Error> failure;
    std::size_t row_number = 0;
    long column = -1;
    std::string type, value, inline_text;
    bool in_value = false, in_inline = false;
    domain::SheetRow current;
    XmlHandlers handlers;
    handlers.start = [&](std::string_view name, const std::map<std::string, std::string>& attributes) {
        if (failure) return;
        if (name == "row") {
            auto r = attributes.find("r");
            row_number = r != attributes.end() ? std::strtoul(r->second.c_str(), nullptr, 10) : row_number + 1;
            current = {row_number, {}};
            column = -1;
        } else if (name == "c") {
            auto r = attributes.find("r");
            column = r != attributes.end() ? column_of(r->second) : column + 1;
            auto t = attributes.find("t");
            type = t != attributes.end() ? t->second : "n";
            value.clear();
            inline_text.clear();
            if (column < 0 || column >= static_cast<long>(k_max_sheet_columns)) {
                failure = bad_file("import.too_many_columns",
                                   fmt::format("第 {} 行的列数超过 {} 列", row_number, k_max_sheet_columns),
                                   fmt::format("row {} has more than {} columns", row_number, k_max_sheet_columns));
            }
        } else if (name == "v") {
            in_value = true;
        } else if (name == "is") {
            in_inline = true;
        }
    };
    handlers.text = [&](std::string_view text) {
        if (in_value) value.append(text);
        if (in_inline) inline_text.append(text);
    };
    handlers.end = [&](std::string_view name) {
        if (failure) return;
        if (name == "v") {
            in_value = false;
        } else if (name == "is") {
            in_inline = false;
        } else if (name == "c") {
            std::string cell;
            if (type == "s") {
                char* end = nullptr;
                unsigned long index = std::strtoul(value.c_str(), &end, 10);
                if (value.empty() || *end != '\0' || index >= strings.size()) {
                    failure = unreadable_xlsx(fmt::format("row {} refers to a missing shared string", row_number));
                    return;
                }
                cell = strings[index];
            } else if (type == "inlineStr") {
                cell = inline_text;
            } else if (type == "b") {
                cell = value == "1" ? "1" : "0";
            } else if (type == "n") {
                cell = number_text(value);
            } else {
                cell = value;  // "str" (formula text) and "e" (error text)
            }
            auto at = static_cast<std::size_t>(column);
            if (current.cells.size() <= at) current.cells.resize(at + 1);
            current.cells[at] = std::move(cell);
        } else if (name == "row") {
            if (!current.cells.empty()) rows.push_back(std::move(current));
            if (rows.size() > k_max_sheet_rows + 1) {
                failure = bad_file("import.too_many_rows", "文件行数过多", "the file has too many rows");
            }
            current = {};
        }
    };
    XZQ_TRY_VOID(parse_xml(xml, handlers, path));
    if (failure) return std::move(*failure);

    domain::Sheet sheet;
    if (rows.empty()) return sheet;
    sheet.header = std::move(rows.front().cells);
    for (std::size_t i = 1; i < rows.size(); ++i) sheet.rows.push_back(std::move(rows[i]));
    return sheet;
}

namespace {

Error file_too_large() {
    return bad_file("import.file_too_large", fmt::format("文件超过 {} MiB", k_max_people_file_bytes / (1024 * 1024)),
                    fmt::format("the file is larger than {} MiB", k_max_people_file_bytes / (1024 * 1024)));
}

}  // namespace

Result<domain::Sheet> read_people_bytes(std::string_view bytes, std::string_view file_name) {
    std::string lower(file_name);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (bytes.size() > k_max_people_file_bytes) return file_too_large();
    if (lower.ends_with(".csv")) return read_people_csv(bytes);
    if (lower.ends_with(".xlsx")) return read_people_xlsx(bytes);
    return bad_file("import.file_type", "只能导入 .csv 或 .xlsx 文件（旧版 .xls 请另存为 .xlsx）",
                    "only .csv and .xlsx files can be imported (save old .xls files as .xlsx)");
}

Result<domain::Sheet> read_people_file(const std::filesystem::path& path) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return bad_file("import.no_file", fmt::format("无法读取文件 {}", path.string()),
                        fmt::format("cannot read file {}", path.string()));
    }
    if (size > k_max_people_file_bytes) return file_too_large();
    std::ifstream in(path, std::ios::binary);
    std::string bytes(size, '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
        return bad_file("import.no_file", fmt::format("无法读取文件 {}", path.string()),
                        fmt::format("cannot read file {}", path.string()));
    }
    return read_people_bytes(bytes, path.filename().string());
}

}  // namespace xzq::storage
