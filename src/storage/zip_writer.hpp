#pragma once
// Writes a ZIP archive in memory (libzip): the case file (卷宗) export. Entries keep the order
// given, so the index the caller puts first is the first file a reader sees. Stateless and
// thread-safe.
#include <string>
#include <vector>

#include "common/result.hpp"

namespace xzq::storage {

struct ZipEntry {
    std::string path;  // inside the archive, '/'-separated, UTF-8
    std::string bytes;
};

// The archive's bytes; an Error for an empty or duplicate path or a libzip failure.
Result<std::string> write_zip(const std::vector<ZipEntry>& entries);

}  // namespace xzq::storage
