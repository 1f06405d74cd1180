#include "domain/attachments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace xzq::domain {

namespace {

Error refused(std::string code, std::string zh, std::string en) {
    return make_error(ErrorKind::invalid_input, std::move(code), std::move(zh), std::move(en));
}

constexpr std::array<std::pair<AttachmentKind, std::string_view>, 8> k_kind_ids{{
    {AttachmentKind::jpeg, "jpeg"},
    {AttachmentKind::png, "png"},
    {AttachmentKind::pdf, "pdf"},
    {AttachmentKind::mp3, "mp3"},
    {AttachmentKind::m4a, "m4a"},
    {AttachmentKind::docx, "docx"},
    {AttachmentKind::xlsx, "xlsx"},
    {AttachmentKind::txt, "txt"},
}};

constexpr std::array<std::pair<std::string_view, AttachmentKind>, 9> k_extensions{{
    {"jpg", AttachmentKind::jpeg},
    {"jpeg", AttachmentKind::jpeg},
    {"png", AttachmentKind::png},
    {"pdf", AttachmentKind::pdf},
    {"mp3", AttachmentKind::mp3},
    {"m4a", AttachmentKind::m4a},
    {"docx", AttachmentKind::docx},
    {"xlsx", AttachmentKind::xlsx},
    {"txt", AttachmentKind::txt},
}};

// Extensions of programs, scripts, shortcuts, active web content and macro documents: refused
// whatever the content, because a viewer would run them.
constexpr std::array<std::string_view, 40> k_executable_extensions{
    "exe", "dll", "com",  "scr", "pif",   "cpl", "msi",  "msp",  "bat",  "cmd",  "ps1", "psm1", "vbs", "vbe",
    "js",  "jse", "mjs",  "wsf", "wsh",   "hta", "lnk",  "jar",  "sh",   "bash", "zsh", "py",   "pl",  "rb",
    "php", "apk", "html", "htm", "xhtml", "svg", "docm", "xlsm", "dotm", "xltm", "reg", "elf",
};

// ---- UTF-8 ----------------------------------------------------------------------------------

// Length of the strict UTF-8 sequence at `pos` (no overlongs, no surrogates, ≤ U+10FFFF); 0 when
// invalid; -1 when the bytes are a valid prefix cut by the end of `bytes`.
int sequence_length(std::span<const unsigned char> bytes, std::size_t pos, char32_t& value) {
    unsigned char b0 = bytes[pos];
    if (b0 < 0x80) {
        value = b0;
        return 1;
    }
    int length = 0;
    char32_t minimum = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
        value = b0 & 0x1F;
        minimum = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        value = b0 & 0x0F;
        minimum = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        value = b0 & 0x07;
        minimum = 0x10000;
    } else {
        return 0;
    }
    for (int i = 1; i < length; ++i) {
        if (pos + static_cast<std::size_t>(i) >= bytes.size()) return -1;
        unsigned char b = bytes[pos + static_cast<std::size_t>(i)];
        if ((b & 0xC0) != 0x80) return 0;
        value = (value << 6) | (b & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
    return length;
}

// Code points of a valid UTF-8 text; nullopt when invalid (a cut final sequence is invalid unless
// `tolerate_cut_end`).
std::optional<std::vector<char32_t>> code_points(std::span<const unsigned char> bytes, bool tolerate_cut_end) {
    std::vector<char32_t> out;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        char32_t value = 0;
        int length = sequence_length(bytes, pos, value);
        if (length == -1 && tolerate_cut_end) break;
        if (length <= 0) return std::nullopt;
        out.push_back(value);
        pos += static_cast<std::size_t>(length);
    }
    return out;
}

std::span<const unsigned char> bytes_of(std::string_view text) {
    return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

// ---- Names ----------------------------------------------------------------------------------

bool bad_name_character(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '/' || c == '\\' || c == ':' || c == 0x200E || c == 0x200F ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

std::optional<Error> name_problem(std::string_view name) {
    auto bad = [](std::string_view why_zh, std::string_view why_en) {
        return refused("attachment.bad_name", fmt::format("文件名无效：{}", why_zh),
                       fmt::format("invalid file name: {}", why_en));
    };
    if (name.empty()) return bad("文件名为空", "the name is empty");
    auto points = code_points(bytes_of(name), false);
    if (!points) return bad("不是有效的 UTF-8 文本", "it is not valid UTF-8");
    if (points->size() > k_max_attachment_name_chars) {
        return bad(fmt::format("超过 {} 个字符", k_max_attachment_name_chars),
                   fmt::format("it is longer than {} characters", k_max_attachment_name_chars));
    }
    if (std::any_of(points->begin(), points->end(), bad_name_character)) {
        return bad("含有路径分隔符、控制字符或方向控制字符", "it contains a path separator or control characters");
    }
    if (std::all_of(points->begin(), points->end(), [](char32_t c) { return c == '.' || c == ' '; })) {
        return bad("只由点或空格组成", "it consists of dots or spaces only");
    }
    return std::nullopt;
}

std::string extension_of(std::string_view name) {
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return {};
    std::string out(name.substr(dot + 1));
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::optional<AttachmentKind> kind_of_extension(std::string_view extension) {
    for (const auto& [ext, kind] : k_extensions) {
        if (ext == extension) return kind;
    }
    return std::nullopt;
}

// ---- Content --------------------------------------------------------------------------------

enum class Sniffed { jpeg, png, pdf, mp3, m4a, zip, txt, executable, script, unknown };

bool starts_with(std::span<const unsigned char> head, std::string_view prefix) {
    return head.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), head.begin(),
                      [](char a, unsigned char b) { return static_cast<unsigned char>(a) == b; });
}

bool executable_magic(std::span<const unsigned char> head) {
    using namespace std::string_view_literals;
    return starts_with(head, "MZ") ||
           starts_with(head,
                       "\x7F"
                       "ELF") ||
           starts_with(head, "\xFE\xED\xFA\xCE") || starts_with(head, "\xCE\xFA\xED\xFE") ||
           starts_with(head, "\xFE\xED\xFA\xCF") || starts_with(head, "\xCF\xFA\xED\xFE") ||
           starts_with(head, "\xCA\xFE\xBA\xBE") || starts_with(head, "\0asm"sv) || starts_with(head, "#!") ||
           starts_with(head, "\xEF\xBB\xBF#!");
}

// Markup or code that a browser or interpreter would run, anywhere in a text head.
bool script_markers(std::span<const unsigned char> head) {
    std::string lower;
    lower.reserve(head.size());
    for (unsigned char c : head) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    for (std::string_view marker : {"<script", "<?php", "<html", "<!doctype html", "<svg", "<iframe", "<%@"}) {
        if (lower.find(marker) != std::string::npos) return true;
    }
    return false;
}

bool mp3_frame(std::span<const unsigned char> head) {
    if (head.size() < 3 || head[0] != 0xFF || (head[1] & 0xE0) != 0xE0) return false;
    unsigned version = (head[1] >> 3) & 3;
    unsigned layer = (head[1] >> 1) & 3;
    unsigned bitrate = head[2] >> 4;
    unsigned sampling = (head[2] >> 2) & 3;
    return version != 1 && layer == 1 && bitrate != 15 && sampling != 3;
}

bool m4a_box(std::span<const unsigned char> head) {
    if (head.size() < 12 || !starts_with(head.subspan(4), "ftyp")) return false;
    auto brand = head.subspan(8, 4);
    for (std::string_view accepted : {"M4A ", "M4B ", "mp41", "mp42", "isom", "iso2"}) {
        if (starts_with(brand, accepted)) return true;
    }
    return false;
}

Sniffed sniff(std::span<const unsigned char> head, bool head_is_whole_file) {
    if (executable_magic(head)) return Sniffed::executable;
    if (starts_with(head, "\xFF\xD8\xFF")) return Sniffed::jpeg;
    if (starts_with(head, "\x89PNG\r\n\x1A\n")) return Sniffed::png;
    if (starts_with(head, "%PDF-")) return Sniffed::pdf;
    if (starts_with(head, "ID3") || mp3_frame(head)) return Sniffed::mp3;
    if (m4a_box(head)) return Sniffed::m4a;
    if (starts_with(head, "PK\x03\x04")) return Sniffed::zip;
    if (std::find(head.begin(), head.end(), 0) == head.end() && code_points(head, !head_is_whole_file)) {
        return script_markers(head) ? Sniffed::script : Sniffed::txt;
    }
    return Sniffed::unknown;
}

std::uint32_t little_endian(std::span<const unsigned char> bytes, std::size_t pos, std::size_t width) {
    std::uint32_t value = 0;
    for (std::size_t i = width; i > 0; --i) value = (value << 8) | bytes[pos + i - 1];
    return value;
}

// Names of the ZIP local file headers found one after another in `head`.
std::vector<std::string> zip_entry_names(std::span<const unsigned char> head) {
    std::vector<std::string> names;
    std::size_t pos = 0;
    while (pos + 30 <= head.size() && starts_with(head.subspan(pos), "PK\x03\x04")) {
        auto flags = little_endian(head, pos + 6, 2);
        auto compressed = little_endian(head, pos + 18, 4);
        auto name_length = little_endian(head, pos + 26, 2);
        auto extra_length = little_endian(head, pos + 28, 2);
        if (pos + 30 + name_length > head.size()) break;
        auto name = head.subspan(pos + 30, name_length);
        names.emplace_back(name.begin(), name.end());
        if ((flags & 0x08) != 0) break;  // sizes follow the data: the next header cannot be found
        pos += 30 + std::size_t{name_length} + extra_length + compressed;
    }
    return names;
}

struct Office {
    std::optional<AttachmentKind> kind;
    bool macro = false;
};

Office office_kind(std::span<const unsigned char> head, std::optional<AttachmentKind> by_extension) {
    Office out;
    bool content_types = false;
    for (const auto& name : zip_entry_names(head)) {
        if (name == "word/vbaProject.bin" || name == "xl/vbaProject.bin") out.macro = true;
        if (!out.kind && name.starts_with("word/")) out.kind = AttachmentKind::docx;
        if (!out.kind && name.starts_with("xl/")) out.kind = AttachmentKind::xlsx;
        if (name == "[Content_Types].xml") content_types = true;
    }
    if (!out.kind && content_types && (by_extension == AttachmentKind::docx || by_extension == AttachmentKind::xlsx)) {
        out.kind = by_extension;
    }
    return out;
}

std::string_view sniffed_zh(Sniffed sniffed) {
    switch (sniffed) {
        case Sniffed::jpeg:
            return "JPEG 图片";
        case Sniffed::png:
            return "PNG 图片";
        case Sniffed::pdf:
            return "PDF 文档";
        case Sniffed::mp3:
            return "MP3 音频";
        case Sniffed::m4a:
            return "M4A 音频";
        case Sniffed::zip:
            return "压缩包";
        case Sniffed::txt:
            return "文本";
        case Sniffed::executable:
            return "可执行程序";
        case Sniffed::script:
            return "脚本或网页";
        case Sniffed::unknown:
            break;
    }
    return "无法识别的内容";
}

std::string_view sniffed_en(Sniffed sniffed) {
    switch (sniffed) {
        case Sniffed::jpeg:
            return "a JPEG image";
        case Sniffed::png:
            return "a PNG image";
        case Sniffed::pdf:
            return "a PDF document";
        case Sniffed::mp3:
            return "MP3 audio";
        case Sniffed::m4a:
            return "M4A audio";
        case Sniffed::zip:
            return "a ZIP archive";
        case Sniffed::txt:
            return "text";
        case Sniffed::executable:
            return "an executable program";
        case Sniffed::script:
            return "a script or web page";
        case Sniffed::unknown:
            break;
    }
    return "unrecognised content";
}

std::optional<AttachmentKind> as_kind(Sniffed sniffed) {
    switch (sniffed) {
        case Sniffed::jpeg:
            return AttachmentKind::jpeg;
        case Sniffed::png:
            return AttachmentKind::png;
        case Sniffed::pdf:
            return AttachmentKind::pdf;
        case Sniffed::mp3:
            return AttachmentKind::mp3;
        case Sniffed::m4a:
            return AttachmentKind::m4a;
        case Sniffed::txt:
            return AttachmentKind::txt;
        default:
            return std::nullopt;
    }
}

Error disguised(std::string_view extension, std::string_view content_zh, std::string_view content_en) {
    return refused("attachment.disguised", fmt::format("文件扩展名为 .{}，但内容是{}，不予接收", extension, content_zh),
                   fmt::format("the file is named .{} but holds {}; it is refused", extension, content_en));
}

Error executable() {
    return refused("attachment.executable", "不接收可执行程序或脚本文件",
                   "executable programs and scripts are not accepted");
}

// "10 MB", "500 KB" or "1000 bytes"/"1000 字节", whichever is exact.
std::string size_zh(std::size_t bytes) {
    constexpr std::size_t k_kib = 1024;
    if (bytes >= k_kib * k_kib && bytes % (k_kib * k_kib) == 0) return fmt::format("{} MB", bytes / (k_kib * k_kib));
    if (bytes >= k_kib && bytes % k_kib == 0) return fmt::format("{} KB", bytes / k_kib);
    return fmt::format("{} 字节", bytes);
}

std::string size_en(std::size_t bytes) {
    constexpr std::size_t k_kib = 1024;
    if (bytes >= k_kib * k_kib && bytes % (k_kib * k_kib) == 0) return fmt::format("{} MB", bytes / (k_kib * k_kib));
    if (bytes >= k_kib && bytes % k_kib == 0) return fmt::format("{} KB", bytes / k_kib);
    return fmt::format("{} bytes", bytes);
}

std::string accepted_list() {
    return "jpg、jpeg、png、pdf、mp3、m4a、docx、xlsx、txt";
}

}  // namespace

Result<AttachmentKind> check_attachment(std::string_view file_name, std::span<const unsigned char> head,
                                        std::size_t size, const AttachmentLimits& limits) {
    if (auto problem = name_problem(file_name)) return *problem;
    if (size == 0 || head.empty()) {
        return refused("attachment.empty", "文件为空", "the file is empty");
    }
    if (size > limits.max_bytes) {
        return make_error(ErrorKind::too_large, "attachment.too_large",
                          fmt::format("文件超过 {} 的上限", size_zh(limits.max_bytes)),
                          fmt::format("the file is larger than the limit of {}", size_en(limits.max_bytes)));
    }
    head = head.first(std::min({head.size(), size, k_attachment_head_bytes}));

    auto extension = extension_of(file_name);
    if (std::find(k_executable_extensions.begin(), k_executable_extensions.end(), extension) !=
        k_executable_extensions.end()) {
        return executable();
    }
    auto expected = kind_of_extension(extension);
    auto sniffed = sniff(head, head.size() == size);
    if (sniffed == Sniffed::executable || sniffed == Sniffed::script) {
        if (expected) return disguised(extension, sniffed_zh(sniffed), sniffed_en(sniffed));
        return executable();
    }
    if (!expected) {
        return refused("attachment.unsupported", fmt::format("不支持的文件类型，只接收 {} 文件", accepted_list()),
                       "unsupported file type: only jpg, jpeg, png, pdf, mp3, m4a, docx, xlsx and txt files are "
                       "accepted");
    }
    if (sniffed == Sniffed::zip) {
        auto office = office_kind(head, expected);
        if (office.macro) {
            return refused("attachment.macro", "不接收含宏的 Office 文档",
                           "Office documents with macros are not accepted");
        }
        if (office.kind && *office.kind == *expected) return *expected;
        return disguised(extension, sniffed_zh(sniffed), sniffed_en(sniffed));
    }
    auto kind = as_kind(sniffed);
    if (!kind || *kind != *expected) return disguised(extension, sniffed_zh(sniffed), sniffed_en(sniffed));
    return *kind;
}

Result<void> check_attachment_totals(std::size_t count, std::size_t total_bytes, const AttachmentLimits& limits) {
    if (count > limits.max_count) {
        return refused("attachment.too_many", fmt::format("每件举报最多 {} 个附件", limits.max_count),
                       fmt::format("a report takes at most {} attachments", limits.max_count));
    }
    if (total_bytes > limits.max_total) {
        return make_error(ErrorKind::too_large, "attachment.total_too_large",
                          fmt::format("附件总大小超过 {} 的上限", size_zh(limits.max_total)),
                          fmt::format("the attachments together exceed the limit of {}", size_en(limits.max_total)));
    }
    return Ok{};
}

std::string_view mime_type(AttachmentKind kind) {
    switch (kind) {
        case AttachmentKind::jpeg:
            return "image/jpeg";
        case AttachmentKind::png:
            return "image/png";
        case AttachmentKind::pdf:
            return "application/pdf";
        case AttachmentKind::mp3:
            return "audio/mpeg";
        case AttachmentKind::m4a:
            return "audio/mp4";
        case AttachmentKind::docx:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        case AttachmentKind::xlsx:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        case AttachmentKind::txt:
            return "text/plain; charset=utf-8";
    }
    return "application/octet-stream";
}

std::string_view to_string(AttachmentKind kind) {
    for (const auto& [k, name] : k_kind_ids) {
        if (k == kind) return name;
    }
    return "txt";
}

std::optional<AttachmentKind> attachment_kind_from_string(std::string_view text) {
    for (const auto& [kind, name] : k_kind_ids) {
        if (name == text) return kind;
    }
    return std::nullopt;
}

}  // namespace xzq::domain
