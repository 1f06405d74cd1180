#pragma once
// Serves the built web UI from one folder. Hashed files under assets/ are cached for a year as
// immutable; index.html is never cached; any other path without a file extension gets
// index.html (single-page-app fallback). Nothing outside the folder can be reached: `..`
// segments (also percent-encoded) are refused, and symlinks are resolved and checked.
#include <filesystem>

#include "http/message.hpp"

namespace xzq::http {

class StaticFiles {
  public:
    explicit StaticFiles(std::filesystem::path root);
    [[nodiscard]] Response serve(const Request& request) const;
    [[nodiscard]] bool ready() const;  // the folder holds index.html

  private:
    [[nodiscard]] Response file_response(const std::filesystem::path& file, bool immutable) const;
    std::filesystem::path m_root;  // canonical
};

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace xzq::http
