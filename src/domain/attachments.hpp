#pragma once
// Attachments to a report (evidence: photos, scans, recordings, documents) and the rules that
// decide whether one may be stored. The kind is decided from the content's leading bytes, never
// from the name alone, and the name's extension must agree with it: a reporter's file is later
// opened by staff, so a disguised executable or script must not get in.
//
// Pure functions of their arguments; safe to call from any thread.
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "common/result.hpp"

namespace xzq::domain {

enum class AttachmentKind { jpeg, png, pdf, mp3, m4a, docx, xlsx, txt };

struct AttachmentLimits {
    std::size_t max_bytes = 10 * 1024 * 1024;  // one file
    std::size_t max_count = 5;                 // files per report
    std::size_t max_total = 30 * 1024 * 1024;  // all files of a report
};

inline constexpr std::size_t k_attachment_head_bytes = 4096;
inline constexpr std::size_t k_max_attachment_name_chars = 100;

// Decides the kind of one file from `head` (its first ≤ 4096 bytes) and checks it. Refused, with
// these error codes:
//   attachment.bad_name    empty, longer than 100 characters, not UTF-8, a path separator,
//                          control or bidirectional-override characters, or only dots
//   attachment.empty       size 0 or no bytes
//   attachment.too_large   over limits.max_bytes (ErrorKind::too_large)
//   attachment.executable  an executable or script (MZ/PE, ELF, Mach-O, "#!", "<script", HTML,
//                          PHP…) or an executable/script extension, whatever the rest
//   attachment.disguised   the extension names an accepted kind but the content is something
//                          else (a "photo.jpg" holding a ZIP, PE, ELF or script)
//   attachment.macro       a docx/xlsx whose head names a VBA project
//   attachment.unsupported an extension or content that is none of the accepted kinds
// Accepted: jpeg (.jpg .jpeg: FF D8 FF), png (.png: the 8-byte signature), pdf (.pdf: "%PDF-"),
// mp3 (.mp3: "ID3" or an MPEG layer III frame sync), m4a (.m4a: an ISO "ftyp" box of brand M4A,
// M4B, mp41, mp42, isom or iso2), docx/xlsx (.docx/.xlsx: a ZIP whose local file header names
// in `head` include "word/…" or "xl/…"; "[Content_Types].xml" alone lets the extension decide),
// txt (.txt: valid UTF-8 without NUL, an optional BOM; a code point cut at the end of a partial
// head is tolerated). Extensions compare case-blind.
Result<AttachmentKind> check_attachment(std::string_view file_name, std::span<const unsigned char> head,
                                        std::size_t size, const AttachmentLimits& limits = {});

// Whether a report may take one more file: `count` and `total_bytes` are the report's
// attachments including the new one. attachment.too_many (invalid_input) or
// attachment.total_too_large (too_large).
Result<void> check_attachment_totals(std::size_t count, std::size_t total_bytes, const AttachmentLimits& limits = {});

std::string_view mime_type(AttachmentKind kind);
std::string_view to_string(AttachmentKind kind);  // "jpeg", "png", … as in the enum
std::optional<AttachmentKind> attachment_kind_from_string(std::string_view text);

}  // namespace xzq::domain
