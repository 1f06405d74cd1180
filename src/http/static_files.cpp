#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

namespace xzq::http {

namespace fs = std::filesystem;

namespace {

Response refuse(int status, std::string code, std::string zh, std::string en, std::string_view language) {
    auto response =
        error_response(make_error(ErrorKind::not_found, std::move(code), std::move(zh), std::move(en)), language);
    response.status = status;
    return response;
}

}  // namespace

std::string_view content_type_for(const fs::path& file) {
    static const std::pair<std::string_view, std::string_view> k_types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    std::string extension = file.extension().string();
    for (const auto& [ext, type] : k_types) {
        if (extension == ext) return type;
    }
    return "application/octet-stream";
}

StaticFiles::StaticFiles(fs::path root) {
    std::error_code ec;
    m_root = fs::weakly_canonical(fs::absolute(root, ec), ec);
}

bool StaticFiles::ready() const {
    std::error_code ec;
    return fs::is_regular_file(m_root / "index.html", ec);
}

Response StaticFiles::file_response(const fs::path& file, bool immutable) const {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    Response response;
    response.content_type = std::string(content_type_for(file));
    response.body = content.str();  // the server drops it again for HEAD, keeping the length
    response.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return response;
}

Response StaticFiles::serve(const Request& request) const {
    const std::string_view lang = request.language;
    if (request.method != "GET" && request.method != "HEAD") {
        auto response =
            refuse(405, "request.method_not_allowed", "此地址只支持 GET 请求", "only GET is allowed here", lang);
        response.set_header("Allow", "GET, HEAD");
        return response;
    }
    // request.path is already percent-decoded, so %2e%2e arrives here as "..".
    fs::path relative;
    bool has_extension = false;
    std::size_t start = 0;
    const std::string& path = request.path;
    while (start < path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string segment = path.substr(start, end - start);
        start = end + 1;
        if (segment.empty() || segment == ".") continue;
        if (segment == ".." || segment.find('\\') != std::string::npos || segment.find('\0') != std::string::npos ||
            segment.find(':') != std::string::npos) {
            return refuse(400, "request.bad_path", "请求路径无效", "the request path is invalid", lang);
        }
        if (segment.front() == '.') {
            return refuse(404, "request.no_such_file", "文件不存在", "no such file", lang);
        }
        relative /= segment;
        has_extension = segment.find('.') != std::string::npos;
    }
    if (!ready()) {
        auto response = error_response(make_error(ErrorKind::unavailable, "web.not_built",
                                                  "网页界面尚未构建：请在 web/ 目录运行 npm ci && npm run build",
                                                  "the web UI is not built: run npm ci && npm run build in web/"),
                                       lang);
        return response;
    }
    std::error_code ec;
    if (!relative.empty()) {
        fs::path candidate = fs::weakly_canonical(m_root / relative, ec);
        auto [root_end, ignored] = std::mismatch(m_root.begin(), m_root.end(), candidate.begin(), candidate.end());
        bool inside = !ec && root_end == m_root.end();
        if (inside && fs::is_regular_file(candidate, ec)) {
            bool immutable = relative.begin() != relative.end() && *relative.begin() == "assets";
            return file_response(candidate, immutable);
        }
        if (has_extension) {
            return refuse(404, "request.no_such_file", "文件不存在", "no such file", lang);
        }
    }
    auto response = file_response(m_root / "index.html", false);
    response.set_header("Cache-Control", "no-store");
    return response;
}

}  // namespace xzq::http
