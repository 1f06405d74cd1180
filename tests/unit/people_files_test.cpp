// The people-file adapter: CSV and XLSX into rows, with hostile and malformed files refused.
// XLSX fixtures are written by the test itself with libxlsxwriter.
#include "storage/people_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>

namespace xzq::storage {
namespace {

namespace fs = std::filesystem;

class TempDir {
  public:
    TempDir() : m_path(fs::temp_directory_path() / ("xzq_people_files_" + std::to_string(::getpid()))) {
        fs::create_directories(m_path);
    }
    ~TempDir() { fs::remove_all(m_path); }
    [[nodiscard]] fs::path file(const std::string& name) const { return m_path / name; }

  private:
    fs::path m_path;
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(PeopleFiles, CsvRowsKeepTheirLineNumbers) {
    auto sheet = read_people_bytes("\xEF\xBB\xBF姓名,电话\r\n张三,13812345678\r\n\"李,四\",\r\n", "人员.CSV").value();
    EXPECT_EQ(sheet.header, (std::vector<std::string>{"姓名", "电话"}));
    ASSERT_EQ(sheet.rows.size(), 2u);
    EXPECT_EQ(sheet.rows[0].number, 2u);
    EXPECT_EQ(sheet.rows[1].cells[0], "李,四");
    EXPECT_EQ(sheet.rows[1].number, 3u);
}

TEST(PeopleFiles, GbkCsvIsRefusedWithAHint) {
    auto result = read_people_csv("\xD0\xD5\xC3\xFB,\xB5\xE7\xBB\xB0\n");  // 姓名,电话 in GBK
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "import.not_utf8");
    EXPECT_NE(result.error().message_zh.find("UTF-8"), std::string::npos);
}

TEST(PeopleFiles, UnknownTypesAndMissingFilesAreRefused) {
    EXPECT_EQ(read_people_bytes("x", "people.xls").error().code, "import.file_type");
    EXPECT_EQ(read_people_file("/nonexistent/people.csv").error().code, "import.no_file");
    EXPECT_EQ(read_people_bytes("not a zip at all", "people.xlsx").error().code, "import.bad_xlsx");
}

TEST(PeopleFiles, XlsxFirstSheetWithSharedStringsAndNumbers) {
    TempDir dir;
    auto path = dir.file("people.xlsx");
    lxw_workbook* workbook = workbook_new(path.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "干部");
    lxw_worksheet* other = workbook_add_worksheet(workbook, "说明");
    worksheet_write_string(sheet, 0, 0, "姓名", nullptr);
    worksheet_write_string(sheet, 0, 1, "电话", nullptr);
    worksheet_write_string(sheet, 0, 2, "党员", nullptr);
    worksheet_write_string(sheet, 1, 0, "张建国", nullptr);
    worksheet_write_number(sheet, 1, 1, 13812345678.0, nullptr);
    worksheet_write_boolean(sheet, 1, 2, 1, nullptr);
    worksheet_write_string(sheet, 3, 0, "李秀英 <&>", nullptr);  // row 4, after a gap
    worksheet_write_string(other, 0, 0, "不应读取", nullptr);
    ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);

    auto read = read_people_file(path).value();
    EXPECT_EQ(read.header, (std::vector<std::string>{"姓名", "电话", "党员"}));
    ASSERT_EQ(read.rows.size(), 2u);
    EXPECT_EQ(read.rows[0].number, 2u);
    EXPECT_EQ(read.rows[0].cells, (std::vector<std::string>{"张建国", "13812345678", "1"}));
    EXPECT_EQ(read.rows[1].number, 4u) << "row numbers are the sheet's own";
    EXPECT_EQ(read.rows[1].cells.at(0), "李秀英 <&>");
}

TEST(PeopleFiles, TruncatedXlsxIsRefused) {
    TempDir dir;
    auto path = dir.file("cut.xlsx");
    lxw_workbook* workbook = workbook_new(path.c_str());
    worksheet_write_string(workbook_add_worksheet(workbook, nullptr), 0, 0, "姓名", nullptr);
    ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR);
    auto bytes = slurp(path);
    auto cut = bytes.substr(0, bytes.size() / 2);
    EXPECT_FALSE(read_people_bytes(cut, "cut.xlsx").ok());
}

}  // namespace
}  // namespace xzq::storage
