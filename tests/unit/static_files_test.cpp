#include "http/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace xzq::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        m_base = fs::temp_directory_path() / ("xzq-static-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_base / "web" / "assets");
        write(m_base / "web" / "index.html", "<html>app</html>");
        write(m_base / "web" / "assets" / "index-abc123.js", "console.log(1)");
        write(m_base / "web" / "favicon.svg", "<svg/>");
        write(m_base / "web" / ".hidden", "secret");
        write(m_base / "secret.txt", "outside");
        fs::create_symlink(m_base / "secret.txt", m_base / "web" / "link.txt");
    }
    void TearDown() override { fs::remove_all(m_base); }

    static void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

    Response get(const std::string& path) {
        StaticFiles files(m_base / "web");
        Request request;
        request.method = "GET";
        request.path = path;
        return files.serve(request);
    }

    fs::path m_base;
};

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
    auto response = get("/assets/index-abc123.js");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "console.log(1)");
    EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(*response.find_header("Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, IndexIsNeverCachedAndServesAsSpaFallback) {
    for (const std::string path : {"/", "/org", "/org/410225/villages"}) {
        auto response = get(path);
        EXPECT_EQ(response.status, 200) << path;
        EXPECT_EQ(response.body, "<html>app</html>") << path;
        EXPECT_EQ(*response.find_header("Cache-Control"), "no-store") << path;
    }
    auto other = get("/favicon.svg");
    EXPECT_EQ(*other.find_header("Cache-Control"), "no-cache");
    EXPECT_EQ(other.content_type, "image/svg+xml");
}

TEST_F(StaticFilesTest, MissingFileWithExtensionIs404NotTheApp) {
    EXPECT_EQ(get("/assets/missing.js").status, 404);
}

TEST_F(StaticFilesTest, NothingOutsideTheRootIsReachable) {
    EXPECT_EQ(get("/../secret.txt").status, 400);
    EXPECT_EQ(get("/assets/../../secret.txt").status, 400);
    EXPECT_EQ(get("/a\\..\\secret.txt").status, 400);
    EXPECT_EQ(get("/.hidden").status, 404);
    // A symlink pointing outside the root is not followed.
    auto link = get("/link.txt");
    EXPECT_NE(link.body, "outside");
    // An absolute path stays inside the root: /etc/passwd is looked up as <root>/etc/passwd.
    auto absolute = get("//etc/passwd");
    EXPECT_EQ(absolute.body.find("root:"), std::string::npos);
}

TEST_F(StaticFilesTest, OnlyGetAndHead) {
    StaticFiles files(m_base / "web");
    Request request;
    request.method = "POST";
    request.path = "/";
    EXPECT_EQ(files.serve(request).status, 405);
}

TEST_F(StaticFilesTest, UnbuiltUiIsA503WithAHint) {
    StaticFiles files(m_base / "nowhere");
    Request request;
    request.method = "GET";
    request.path = "/";
    auto response = files.serve(request);
    EXPECT_EQ(response.status, 503);
    EXPECT_NE(response.body.find("npm run build"), std::string::npos);
}

}  // namespace
}  // namespace xzq::http
