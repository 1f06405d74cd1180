#include "storage/zip_writer.hpp"

#include <zip.h>

#include <memory>
#include <set>

namespace xzq::storage {

namespace {

Error zip_failure(const std::string& what) {
    return make_error(ErrorKind::internal, "zip.failed", "生成压缩包失败：" + what, "could not write the ZIP: " + what);
}

}  // namespace

Result<std::string> write_zip(const std::vector<ZipEntry>& entries) {
    std::set<std::string> seen;
    for (const auto& entry : entries) {
        if (entry.path.empty() || !seen.insert(entry.path).second) return zip_failure("bad or repeated path");
    }
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) {
        zip_error_fini(&error);
        return zip_failure("buffer");
    }
    // Keep the buffer alive after zip_close, to read the finished archive back.
    zip_source_keep(buffer);
    std::unique_ptr<zip_source_t, decltype(&zip_source_free)> owned(buffer, &zip_source_free);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    zip_error_fini(&error);
    if (!archive) return zip_failure("open");
    for (const auto& entry : entries) {
        // libzip reads the data at zip_close; `entries` outlives that call.
        zip_source_t* data = zip_source_buffer(archive, entry.bytes.data(), entry.bytes.size(), 0);
        if (!data || zip_file_add(archive, entry.path.c_str(), data, ZIP_FL_ENC_UTF_8) < 0) {
            if (data) zip_source_free(data);
            zip_discard(archive);
            return zip_failure(entry.path);
        }
    }
    if (zip_close(archive) != 0) {
        zip_discard(archive);
        return zip_failure("close");
    }
    if (zip_source_open(buffer) != 0) return zip_failure("reopen");
    zip_source_seek(buffer, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    std::string out(static_cast<std::size_t>(size < 0 ? 0 : size), '\0');
    zip_int64_t read = size > 0 ? zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size)) : 0;
    zip_source_close(buffer);
    if (read != size) return zip_failure("read back");
    return out;
}

}  // namespace xzq::storage
