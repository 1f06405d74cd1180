// Attachment checks: the kind comes from the content, the name must agree with it, and
// executables, scripts and disguised files are refused.
#include "domain/attachments.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xzq::domain {
namespace {

using Bytes = std::vector<unsigned char>;

Bytes bytes(std::string_view text) {
    return Bytes(text.begin(), text.end());
}

Bytes operator+(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

void put_le(Bytes& out, std::uint32_t value, int width) {
    for (int i = 0; i < width; ++i) out.push_back(static_cast<unsigned char>((value >> (8 * i)) & 0xFF));
}

// A ZIP local file header for `name` followed by `data_size` bytes of (pretend) compressed data.
Bytes zip_entry(std::string_view name, std::uint32_t data_size, bool data_descriptor = false) {
    Bytes out = bytes("PK\x03\x04");
    put_le(out, 20, 2);                       // version needed
    put_le(out, data_descriptor ? 8 : 0, 2);  // flags
    put_le(out, 8, 2);                        // deflate
    put_le(out, 0x6C2A, 2);                   // time
    put_le(out, 0x5A61, 2);                   // date
    put_le(out, 0x12345678, 4);               // crc-32
    put_le(out, data_descriptor ? 0 : data_size, 4);
    put_le(out, data_size * 3, 4);
    put_le(out, static_cast<std::uint32_t>(name.size()), 2);
    put_le(out, 0, 2);  // extra field length
    out.insert(out.end(), name.begin(), name.end());
    for (std::uint32_t i = 0; i < data_size; ++i) out.push_back(static_cast<unsigned char>(i * 37 + 11));
    return out;
}

// Real leading bytes of each accepted format.
const Bytes k_jpeg = Bytes{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I',  'F',  0x00, 0x01, 0x01,
                           0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43, 0x00};
const Bytes k_png =
    Bytes{0x89, 'P',  'N',  'G',  '\r', '\n', 0x1A, '\n', 0x00, 0x00, 0x00, 0x0D, 'I',  'H',  'D',  'R', 0x00,
          0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89};
const Bytes k_pdf = bytes("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
const Bytes k_mp3_id3 = bytes(std::string_view("ID3\x04\x00\x00\x00\x00\x0F\x76TIT2", 14));
const Bytes k_mp3_frame = Bytes{0xFF, 0xFB, 0x90, 0x64, 0x00, 0x0F, 0xF0, 0x00, 0x00};
const Bytes k_m4a = Bytes{0x00, 0x00, 0x00, 0x20} + bytes("ftypM4A ") + Bytes{0x00, 0x00, 0x00, 0x00} +
                    bytes("M4A mp42isom") + Bytes{0x00, 0x00, 0x00, 0x00};
const Bytes k_docx =
    zip_entry("[Content_Types].xml", 372) + zip_entry("_rels/.rels", 243) + zip_entry("word/document.xml", 900);
const Bytes k_xlsx =
    zip_entry("[Content_Types].xml", 410) + zip_entry("_rels/.rels", 240) + zip_entry("xl/workbook.xml", 600);
const Bytes k_zip = zip_entry("photos/1.jpg", 300) + zip_entry("photos/2.jpg", 300);
const Bytes k_text = bytes("举报材料说明：\r\n附件一为收款收据照片。\n");
const Bytes k_exe = Bytes{'M', 'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF};
const Bytes k_elf = Bytes{0x7F, 'E', 'L', 'F', 0x02, 0x01, 0x01, 0x00, 0x00, 0x00};
const Bytes k_shell = bytes("#!/bin/sh\nrm -rf ~\n");
const Bytes k_html_script = bytes("<html><body><SCRIPT>alert(1)</SCRIPT></body></html>");

Result<AttachmentKind> check(std::string_view name, const Bytes& head, std::size_t size = 0,
                             const AttachmentLimits& limits = {}) {
    return check_attachment(name, head, size == 0 ? head.size() : size, limits);
}

void expect_refused(std::string_view name, const Bytes& head, std::string_view code, std::size_t size = 0) {
    auto result = check(name, head, size);
    ASSERT_FALSE(result.ok()) << name << " accepted as " << to_string(*result);
    EXPECT_EQ(result.error().code, code) << name;
    EXPECT_FALSE(result.error().message_zh.empty());
    EXPECT_FALSE(result.error().message_en.empty());
}

TEST(Attachments, RealHeadersOfEachKindAreAccepted) {
    EXPECT_EQ(check("收据.jpg", k_jpeg, 200000).value(), AttachmentKind::jpeg);
    EXPECT_EQ(check("IMG_0001.JPEG", k_jpeg, 200000).value(), AttachmentKind::jpeg);
    EXPECT_EQ(check("截图.png", k_png, 5000).value(), AttachmentKind::png);
    EXPECT_EQ(check("SCAN.PDF", k_pdf, 90000).value(), AttachmentKind::pdf);
    EXPECT_EQ(check("录音.mp3", k_mp3_id3, 900000).value(), AttachmentKind::mp3);
    EXPECT_EQ(check("录音2.mp3", k_mp3_frame, 900000).value(), AttachmentKind::mp3);
    EXPECT_EQ(check("新录音.m4a", k_m4a, 400000).value(), AttachmentKind::m4a);
    EXPECT_EQ(check("情况说明.docx", k_docx, 20000).value(), AttachmentKind::docx);
    EXPECT_EQ(check("账目.xlsx", k_xlsx, 20000).value(), AttachmentKind::xlsx);
    EXPECT_EQ(check("说明.txt", k_text).value(), AttachmentKind::txt);
}

TEST(Attachments, OfficeDocumentsAreRecognisedFromTheirEntryNames) {
    // Sizes deferred to a data descriptor: only the first name is readable, and
    // [Content_Types].xml lets the extension decide between docx and xlsx.
    auto streamed = zip_entry("[Content_Types].xml", 300, true);
    EXPECT_EQ(check("a.docx", streamed, 9000).value(), AttachmentKind::docx);
    EXPECT_EQ(check("a.xlsx", streamed, 9000).value(), AttachmentKind::xlsx);
    expect_refused("a.docx", k_xlsx, "attachment.disguised", 9000);
    expect_refused("a.xlsx", k_docx, "attachment.disguised", 9000);
    expect_refused("a.docx", k_zip, "attachment.disguised", 9000);
    expect_refused("a.docx", zip_entry("[Content_Types].xml", 300) + zip_entry("word/vbaProject.bin", 200),
                   "attachment.macro", 9000);
}

TEST(Attachments, DisguisedFilesAreRefused) {
    expect_refused("photo.jpg", k_exe, "attachment.disguised", 50000);
    expect_refused("photo.jpg", k_elf, "attachment.disguised", 50000);
    expect_refused("photo.jpg", k_zip, "attachment.disguised", 50000);
    expect_refused("photo.jpg", k_docx, "attachment.disguised", 50000);
    expect_refused("photo.jpg", k_shell, "attachment.disguised");
    expect_refused("photo.jpg", k_html_script, "attachment.disguised");
    expect_refused("photo.png", k_jpeg, "attachment.disguised", 50000);
    expect_refused("scan.pdf", k_png, "attachment.disguised", 50000);
    expect_refused("voice.mp3", k_m4a, "attachment.disguised", 50000);
    expect_refused("说明.txt", k_shell, "attachment.disguised");
    expect_refused("说明.txt", bytes("举报\x01 <script src=x></script>"), "attachment.disguised");
    auto result = check("photo.jpg", k_exe, 50000);
    EXPECT_NE(result.error().message_zh.find("可执行程序"), std::string::npos) << result.error().message_zh;
}

TEST(Attachments, ExecutablesAndScriptsAreRefusedWhateverTheirName) {
    expect_refused("setup.exe", k_exe, "attachment.executable", 50000);
    expect_refused("tool", k_elf, "attachment.executable", 50000);
    expect_refused("data.bin", k_exe, "attachment.executable", 50000);
    expect_refused("run.sh", k_shell, "attachment.executable");
    expect_refused("page.html", k_html_script, "attachment.executable");
    expect_refused("page.HTM", bytes("hello"), "attachment.executable");
    expect_refused("宏.docm", k_docx, "attachment.executable", 9000);
    expect_refused("invoice.pdf.exe", k_pdf, "attachment.executable", 9000);
    expect_refused("a.js", bytes("alert(1)"), "attachment.executable");
    expect_refused("a.bat", bytes("@echo off"), "attachment.executable");
    expect_refused("x.jpg", bytes("\xEF\xBB\xBF#!/usr/bin/env python3\n"), "attachment.disguised");
    expect_refused("x.jpg", bytes("MZ is not a photo"), "attachment.disguised");
}

TEST(Attachments, UnknownTypesAreRefused) {
    expect_refused("动图.gif", bytes("GIF89a\x01\x00\x01\x00"), "attachment.unsupported");
    expect_refused("archive.zip", k_zip, "attachment.unsupported", 9000);
    expect_refused("README", k_text, "attachment.unsupported");
    expect_refused("photo.jpg.", k_jpeg, "attachment.unsupported", 9000);
    expect_refused("blob.jpg", Bytes{0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE}, "attachment.disguised");
}

TEST(Attachments, TextMustBeUtf8WithoutNul) {
    expect_refused("a.txt", Bytes{'a', 'b', 0x00, 'c'}, "attachment.disguised");
    expect_refused("a.txt", bytes("GBK \xB5\xCD\xB1\xA3 text"), "attachment.disguised");
    EXPECT_EQ(check("bom.txt", bytes("\xEF\xBB\xBF低保问题")).value(), AttachmentKind::txt);
    // The head may end inside a character when the file goes on; not when the head is the file.
    auto cut = bytes("低保问题") + Bytes{0xE9, 0x97};
    EXPECT_EQ(check("long.txt", cut, 100000).value(), AttachmentKind::txt);
    expect_refused("short.txt", cut, "attachment.disguised");
}

TEST(Attachments, SizeLimitsAreEnforced) {
    AttachmentLimits limits;
    auto at_limit = check_attachment("a.jpg", k_jpeg, limits.max_bytes);
    EXPECT_TRUE(at_limit.ok());
    auto over = check_attachment("a.jpg", k_jpeg, limits.max_bytes + 1);
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().kind, ErrorKind::too_large);
    EXPECT_EQ(over.error().code, "attachment.too_large");
    AttachmentLimits small;
    small.max_bytes = 1000;
    EXPECT_EQ(check_attachment("a.jpg", k_jpeg, 1001, small).error().kind, ErrorKind::too_large);
    EXPECT_TRUE(check_attachment("a.jpg", k_jpeg, 1000, small).ok());
    // The limit is named exactly in the message.
    EXPECT_NE(over.error().message_en.find("10 MB"), std::string::npos) << over.error().message_en;
    EXPECT_NE(over.error().message_zh.find("10 MB"), std::string::npos) << over.error().message_zh;
    EXPECT_NE(check_attachment("a.jpg", k_jpeg, 1001, small).error().message_en.find("1000 bytes"), std::string::npos);
}

TEST(Attachments, EmptyFilesAreRefused) {
    expect_refused("a.txt", Bytes{}, "attachment.empty");
    EXPECT_EQ(check_attachment("a.jpg", k_jpeg, 0).error().code, "attachment.empty");
    EXPECT_EQ(check_attachment("a.jpg", Bytes{}, 500).error().code, "attachment.empty");
}

TEST(Attachments, BadNamesAreRefused) {
    for (std::string name :
         {std::string(""), std::string("../etc/passwd.jpg"), std::string("dir/photo.jpg"),
          std::string("C:\\Users\\photo.jpg"), std::string("C:photo.jpg"), std::string("a\nb.jpg"),
          std::string("a\tb.jpg"), std::string("a\x7F.jpg"), std::string("..."),
          std::string("photo\xE2\x80\xAEgpj.exe"), std::string("bad\xFF.jpg"), std::string("nul\0.jpg", 8)}) {
        auto result = check_attachment(name, k_jpeg, 9000);
        ASSERT_FALSE(result.ok()) << name;
        EXPECT_EQ(result.error().code, "attachment.bad_name") << name;
    }
    std::string long_name;
    for (int i = 0; i < 96; ++i) long_name += "图";
    EXPECT_TRUE(check_attachment(long_name + ".jpg", k_jpeg, 9000).ok());  // 100 characters
    ASSERT_FALSE(check_attachment(long_name + "图.jpg", k_jpeg, 9000).ok());
    EXPECT_EQ(check_attachment(long_name + "图.jpg", k_jpeg, 9000).error().code, "attachment.bad_name");
}

TEST(Attachments, TotalsPerReportAreLimited) {
    EXPECT_TRUE(check_attachment_totals(5, 30 * 1024 * 1024).ok());
    auto too_many = check_attachment_totals(6, 1000);
    ASSERT_FALSE(too_many.ok());
    EXPECT_EQ(too_many.error().code, "attachment.too_many");
    auto too_big = check_attachment_totals(2, 30 * 1024 * 1024 + 1);
    ASSERT_FALSE(too_big.ok());
    EXPECT_EQ(too_big.error().code, "attachment.total_too_large");
    EXPECT_EQ(too_big.error().kind, ErrorKind::too_large);
}

TEST(Attachments, KindsHaveIdentifiersAndMimeTypes) {
    for (AttachmentKind kind : {AttachmentKind::jpeg, AttachmentKind::png, AttachmentKind::pdf, AttachmentKind::mp3,
                                AttachmentKind::m4a, AttachmentKind::docx, AttachmentKind::xlsx, AttachmentKind::txt}) {
        EXPECT_EQ(attachment_kind_from_string(to_string(kind)), kind);
        EXPECT_FALSE(mime_type(kind).empty());
    }
    EXPECT_EQ(mime_type(AttachmentKind::jpeg), "image/jpeg");
    EXPECT_EQ(mime_type(AttachmentKind::pdf), "application/pdf");
    EXPECT_EQ(mime_type(AttachmentKind::docx),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    EXPECT_FALSE(attachment_kind_from_string("exe"));
}

}  // namespace
}  // namespace xzq::domain
