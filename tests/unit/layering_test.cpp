// Architecture test: each layer includes only what it may (ARCHITECTURE.md, "Layers").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

struct Offence {
    std::string file;
    std::string line;
};

// A line matches when it starts with `prefix` (after spaces) and contains one of `needles`.
struct Pattern {
    std::string prefix;
    std::vector<std::string> needles;
    [[nodiscard]] bool matches(std::string_view line) const {
        auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos) return false;
        line.remove_prefix(first);
        if (!line.starts_with(prefix)) return false;
        for (const auto& needle : needles) {
            if (line.find(needle) != std::string_view::npos) return true;
        }
        return false;
    }
};

Pattern includes(std::vector<std::string> headers) {
    return {"#include", std::move(headers)};
}
Pattern anywhere(std::vector<std::string> needles) {
    return {"", std::move(needles)};
}

// Every line of every source file under src/<layer> matching `pattern`.
std::vector<Offence> find_in_layer(const std::string& layer, const Pattern& pattern) {
    std::vector<Offence> offences;
    fs::path root = fs::path(XZQ_SOURCE_DIR) / "src" / layer;
    if (!fs::exists(root)) return offences;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        auto ext = entry.path().extension();
        if (ext != ".cpp" && ext != ".hpp" && ext != ".h") continue;
        std::ifstream in(entry.path());
        std::string line;
        while (std::getline(in, line)) {
            if (pattern.matches(line)) offences.push_back({entry.path().string(), line});
        }
    }
    return offences;
}

std::string describe(const std::vector<Offence>& offences) {
    std::ostringstream out;
    for (const auto& o : offences) out << o.file << ": " << o.line << "\n";
    return out.str();
}

const Pattern k_io_includes =
    includes({"<sqlite3.h>", "<libpq-fe.h>", "<boost/", "<nlohmann/", "<spdlog/", "<CLI/", "<thread>", "<mutex>",
              "<fstream>", "<iostream>", "<filesystem>", "<sodium", "<openssl/"});
const Pattern k_clock_reads = anywhere({"system_clock::now", "steady_clock::now", "high_resolution_clock::now",
                                        "time(NULL)", "time(nullptr)", "time(0)", "std::time("});

TEST(Layering, DomainAndPlanningArePure) {
    for (const std::string layer : {"domain", "planning"}) {
        auto includes = find_in_layer(layer, k_io_includes);
        EXPECT_TRUE(includes.empty()) << layer << " includes I/O:\n" << describe(includes);
        auto clock = find_in_layer(layer, k_clock_reads);
        EXPECT_TRUE(clock.empty()) << layer << " reads the clock:\n" << describe(clock);
    }
}

TEST(Layering, LowerLayersNeverIncludeUpperOnes) {
    auto layers = [](std::vector<std::string> names) {
        for (auto& name : names) name = "\"" + name + "/";
        return includes(std::move(names));
    };
    const auto upper_of_common =
        layers({"domain", "planning", "services", "storage", "security", "reports", "http", "app"});
    const auto upper_of_domain = layers({"planning", "services", "storage", "security", "reports", "http", "app"});
    const auto upper_of_planning = layers({"services", "storage", "security", "reports", "http", "app"});
    const auto upper_of_services = layers({"storage", "reports", "http", "app"});
    const auto storage_from_http = layers({"storage", "app"});
    const auto app_from_storage = layers({"http", "app"});
    auto check = [](const std::string& layer, const Pattern& pattern) {
        auto offences = find_in_layer(layer, pattern);
        EXPECT_TRUE(offences.empty()) << layer << " includes a layer above it:\n" << describe(offences);
    };
    check("common", upper_of_common);
    check("domain", upper_of_domain);
    check("planning", upper_of_planning);
    check("services", upper_of_services);
    check("http", storage_from_http);
    check("storage", app_from_storage);
}

TEST(Layering, DatabaseHeadersOnlyInTheirAdapters) {
    for (const std::string layer : {"common", "domain", "planning", "services", "http", "app"}) {
        auto offences = find_in_layer(layer, includes({"sqlite3.h", "libpq-fe.h"}));
        EXPECT_TRUE(offences.empty()) << describe(offences);
    }
    auto sqlite_elsewhere = find_in_layer("storage/postgres", includes({"sqlite3.h"}));
    auto pq_elsewhere = find_in_layer("storage/sqlite", includes({"libpq-fe.h"}));
    EXPECT_TRUE(sqlite_elsewhere.empty() && pq_elsewhere.empty());
    auto storage_top = find_in_layer("storage", includes({"<sqlite3.h>", "<libpq-fe.h>"}));
    for (const auto& o : storage_top) {
        bool in_adapter = o.file.find("/storage/sqlite/") != std::string::npos ||
                          o.file.find("/storage/postgres/") != std::string::npos;
        EXPECT_TRUE(in_adapter) << o.file;
    }
}

TEST(Layering, BeastStaysInTheServerFile) {
    auto offences = find_in_layer("http", includes({"<boost/beast", "<boost/asio"}));
    for (const auto& o : offences) {
        EXPECT_TRUE(o.file.ends_with("/http/server.cpp")) << "Beast outside server.cpp: " << o.file;
    }
    for (const std::string layer : {"common", "domain", "services", "storage", "app"}) {
        auto elsewhere = find_in_layer(layer, includes({"<boost/beast", "<boost/asio"}));
        EXPECT_TRUE(elsewhere.empty()) << describe(elsewhere);
    }
}

// The checker itself must be able to fail: it recognises each kind of offence.
TEST(Layering, TheScannerSeesWhatItLooksFor) {
    EXPECT_TRUE(k_io_includes.matches("#include <sqlite3.h>"));
    EXPECT_TRUE(k_io_includes.matches("  #include <boost/beast/http.hpp>"));
    EXPECT_TRUE(k_clock_reads.matches("auto t = std::chrono::system_clock::now();"));
    EXPECT_TRUE(k_clock_reads.matches("return time(nullptr);"));
    EXPECT_FALSE(k_io_includes.matches("#include \"common/result.hpp\""));
    EXPECT_FALSE(k_io_includes.matches("// mentions <boost/asio.hpp> in a comment"));
}

}  // namespace
