#include "app/people_cli.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "services/demo_people.hpp"
#include "services/organisation_service.hpp"
#include "services/people_service.hpp"
#include "storage/migrations.hpp"
#include "storage/people_files.hpp"
#include "storage/sql_organisation_repository.hpp"
#include "storage/sql_people_repository.hpp"

namespace xzq::app {

namespace {

constexpr int k_exit_failure = 1;
constexpr int k_exit_bad_input = 2;

int report_error(const Error& error) {
    std::cerr << "错误: " << error.message_zh << "\nerror: " << error.message_en << "\n";
    return error.kind == ErrorKind::invalid_input || error.kind == ErrorKind::not_found ? k_exit_bad_input
                                                                                        : k_exit_failure;
}

Result<std::unique_ptr<storage::Database>> open_migrated(const std::string& url, const Clock& clock) {
    XZQ_TRY(auto database, storage::open_database(url));
    auto now = fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(clock.now())));
    XZQ_TRY_VOID(storage::migrate(*database, now));
    return database;
}

struct ImportFlags {
    std::string county;
    std::string file;
};

int import_people(const std::string& db_url, const ImportFlags& flags, const Clock& clock) {
    // Read the file before touching the database: an unreadable file leaves no trace.
    auto sheet = storage::read_people_file(flags.file);
    if (!sheet) return report_error(sheet.error());
    auto database = open_migrated(db_url, clock);
    if (!database) return report_error(database.error());
    storage::SqlOrganisationRepository organisation(**database);
    storage::SqlPeopleRepository people(**database);
    storage::SqlSecondmentRepository secondments(**database);
    services::PeopleService service(people, organisation, secondments, clock);
    auto report = service.import_people(services::console_operator(flags.county), flags.county, *sheet);
    if (!report) return report_error(report.error());
    if (!report->accepted) {
        std::cout << fmt::format(
            "文件有 {} 处错误，已整体拒绝，未导入任何人员：\n"
            "the file has {} problems and was rejected whole; nobody was imported:\n",
            report->problems.size(), report->problems.size());
        for (const auto& p : report->problems) {
            std::cout << fmt::format("  第 {} 行 [{}]：{}\n  row {} [{}]: {}\n", p.row, p.column, p.message_zh, p.row,
                                     p.column, p.message_en);
        }
        return k_exit_bad_input;
    }
    std::cout << fmt::format("已导入 {} 人\nimported {} people\n", report->ids.size(), report->ids.size());
    return 0;
}

}  // namespace

void add_people_commands(CLI::App& import_command, std::string& db_url, std::function<int()>& action,
                         const Clock& clock) {
    auto flags = std::make_shared<ImportFlags>();
    auto* command =
        import_command.add_subcommand("people", "导入干部库人员（CSV 或 XLSX）/ import cadres from CSV or XLSX");
    command->add_option("--db", db_url, "数据库 / database URL: sqlite:PATH | postgresql://… (env XZQ_DB)");
    command->add_option("--county", flags->county, "县级区划代码 / 6-digit county code")->required();
    command->add_option("--file", flags->file, "人员文件 / people file (.csv UTF-8 or .xlsx)")->required();
    command->callback([&db_url, &action, &clock, flags] {
        action = [&db_url, &clock, flags] { return import_people(db_url, *flags, clock); };
    });
}

int seed_demo_people(const std::string& db_url, const Clock& clock) {
    auto database = open_migrated(db_url, clock);
    if (!database) return report_error(database.error());
    storage::SqlOrganisationRepository organisation(**database);
    storage::SqlPeopleRepository people(**database);
    storage::SqlSecondmentRepository secondments(**database);
    auto summary = services::seed_demo_people(organisation, people, secondments, clock);
    if (!summary) return report_error(summary.error());
    const auto& s = *summary;
    std::cout << fmt::format(
        "演示组织与干部：新增机构 {} 个、协作区 {} 个、乡镇归属 {} 条、人员 {} 人、关系 {} 条、借调 {} 条{}\n"
        "demo organisation and cadres: added {} units, {} zones, {} memberships, {} people, "
        "{} relationships, {} secondments{}\n",
        s.units_added, s.zones_added, s.memberships_added, s.people_added, s.relationships_added, s.secondments_added,
        s.changed_anything() ? "" : "（无变化）", s.units_added, s.zones_added, s.memberships_added, s.people_added,
        s.relationships_added, s.secondments_added, s.changed_anything() ? "" : " (no change)");
    return 0;
}

}  // namespace xzq::app
