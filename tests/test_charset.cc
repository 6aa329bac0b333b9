// Charset tests: Content-Type parameters, the HTML prescan, and decoding to UTF-8 (declared,
// detected, repaired), on the samples of tests/data/charset (made by make_samples.py).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "readers/charset.h"
#include "test_util.h"

using namespace kronika;
using namespace kronika::testing;

namespace {

std::string sample(const std::string& name) {
    std::ifstream in(kData + "/charset/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

size_t count_of(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1))
        ++n;
    return n;
}

const std::string kReplacement = "\xEF\xBF\xBD";

// Decodes an HTML page the way the readers do: transport charset, then the page's own.
Decoded decode_page(const std::string& bytes, const std::string& content_type,
                    std::vector<std::string>* notes) {
    return decode_to_utf8(bytes, charset_from_content_type(content_type), sniff_html_charset(bytes),
                          notes);
}

}  // namespace

TEST_CASE("charset_from_content_type", "[charset]") {
    auto [value, expected] = GENERATE(table<std::string, std::string>({
        {"text/html; charset=windows-1251", "windows-1251"},
        {"text/html;charset=UTF-8", "UTF-8"},
        {"TEXT/HTML; CHARSET=utf-8 ; format=flowed", "utf-8"},
        {"text/html; Charset = \"ISO-8859-1\"", "ISO-8859-1"},
        {"text/html; charset=\"koi8-r\" ; q=1", "koi8-r"},
        {"text/html; charset='windows-1252'", "windows-1252"},
        {"text/html; charset=\"utf\\-8\"", "utf-8"},
        {"text/html; name=\"a; charset=koi8-r\"; charset=utf-8", "utf-8"},
        {"text/html; xcharset=koi8-r", ""},
        {"text/html; charset=", ""},
        {"text/html", ""},
        {"", ""},
        {"charset=utf-8", ""},
    }));
    INFO(value);
    CHECK(charset_from_content_type(value) == expected);
}

TEST_CASE("sniff_html_charset: the HTML prescan", "[charset]") {
    auto [html, expected] = GENERATE(table<std::string, std::string>({
        {"\xEF\xBB\xBF<html><meta charset=koi8-r>", "UTF-8"},
        {"\xFF\xFE<\0h\0", "UTF-16LE"},
        {"\xFE\xFF\0<\0h", "UTF-16BE"},
        {"<html><head><meta charset=\"windows-1251\"><title>x</title>", "windows-1251"},
        {"<META CHARSET=KOI8-R>", "KOI8-R"},
        {"<meta charset = 'iso-8859-2' />", "iso-8859-2"},
        {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
         "windows-1251"},
        {"<meta content='text/html;charset=iso-8859-1' http-equiv='content-type'>", "iso-8859-1"},
        {"<META HTTP-EQUIV=Content-Type CONTENT=\"text/html; charset=koi8-r\">", "koi8-r"},
        {"<meta content=\"text/html; charset = 'gb2312'\" http-equiv=\"Content-Type\">", "gb2312"},
        // A content attribute alone is not a declaration (it needs the http-equiv pragma).
        {"<meta content=\"text/html; charset=koi8-r\"><p>x", ""},
        {"<meta http-equiv=\"refresh\" content=\"5; url=/?charset=koi8-r\">", ""},
        // Comments and attribute values are skipped, the first real declaration wins.
        {"<!-- <meta charset=\"koi8-r\"> --><meta charset=\"utf-8\">", "utf-8"},
        {"<div title='<meta charset=koi8-r>'><meta charset=windows-1252>", "windows-1252"},
        {"<meta charset=\"windows-1251\"><meta charset=\"koi8-r\">", "windows-1251"},
        {"<metadata charset=koi8-r><meta charset=utf-8>", "utf-8"},
        // A page that can declare itself in ASCII is not UTF-16.
        {"<meta charset=\"UTF-16\">", "UTF-8"},
        {"<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><html>", "ISO-8859-2"},
        {"<?xml version='1.0' encoding='windows-1250' standalone='yes'?>", "windows-1250"},
        {"<html><head><title>no declaration</title></head>", ""},
        {"", ""},
        // Only the first 1024 bytes are looked at.
        {"<p>" + std::string(1100, 'x') + "<meta charset=\"koi8-r\">", ""},
        {"<p>" + std::string(900, 'x') + "<meta charset=\"koi8-r\">", "koi8-r"},
    }));
    INFO(html.substr(0, 80));
    CHECK(sniff_html_charset(html) == expected);
}

TEST_CASE("decode_to_utf8: Latin-1 page declared by a meta tag", "[charset]") {
    std::string page =
        "<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xE9, na\xEFve, Z\xFCrich"
        "</p></body></html>";
    std::vector<std::string> notes;
    Decoded d = decode_page(page, "text/html", &notes);
    CHECK(d.charset == "windows-1252");
    CHECK_FALSE(d.detected);
    CHECK(d.repaired == 0);
    CHECK(d.text ==
          "<html><head><meta charset=\"iso-8859-1\"></head><body><p>café, naïve, Zürich"
          "</p></body></html>");
    CHECK(notes.empty());
}

TEST_CASE("decode_to_utf8: windows-1252 smart quotes under an iso-8859-1 label", "[charset]") {
    // Browsers read "iso-8859-1" as windows-1252, so 0x93/0x94 are quotation marks, not C1
    // controls.
    std::string text =
        "He said \x93yes\x94 \x96 and meant it\x85 \x80"
        "5";
    std::vector<std::string> notes;
    for (const char* label : {"iso-8859-1", "ISO_8859-1", "latin1", "us-ascii"}) {
        INFO(label);
        Decoded d = decode_to_utf8(text, label, "", &notes);
        CHECK(d.charset == "windows-1252");
        CHECK(d.text == "He said “yes” – and meant it… €5");
    }
    CHECK(notes.empty());
}

TEST_CASE("decode_to_utf8: windows-1251 Russian, declared and detected", "[charset]") {
    const std::string cp1251 = sample("ru.cp1251.txt");
    const std::string utf8 = sample("ru.utf8.txt");
    std::vector<std::string> notes;

    SECTION("declared by the HTTP header") {
        Decoded d = decode_to_utf8(cp1251, "windows-1251", "", &notes);
        CHECK(d.charset == "windows-1251");
        CHECK_FALSE(d.detected);
        CHECK(d.text == utf8);
        CHECK(notes.empty());
    }
    SECTION("declared by meta http-equiv") {
        std::string head =
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
            "charset=windows-1251\"></head><body><p>";
        Decoded d = decode_page(head + cp1251 + "</p>", "text/html", &notes);
        CHECK(d.charset == "windows-1251");
        CHECK(d.text == head + utf8 + "</p>");
        CHECK(notes.empty());
    }
    SECTION("the HTTP header beats the meta tag") {
        std::string page = "<meta charset=\"koi8-r\"><p>" + cp1251;
        Decoded d = decode_page(page, "text/html; charset=cp1251", &notes);
        CHECK(d.charset == "windows-1251");
        CHECK(d.text == "<meta charset=\"koi8-r\"><p>" + utf8);
    }
    SECTION("undeclared: detected") {
        std::string page = "<html><body><p>" + cp1251 + "</p></body></html>";
        Decoded d = decode_page(page, "text/html", &notes);
        CHECK(d.charset == "windows-1251");
        CHECK(d.detected);
        CHECK(d.text == "<html><body><p>" + utf8 + "</p></body></html>");
        REQUIRE(notes.size() == 1);
        CHECK(
            notes[0].starts_with("no charset declared; read as windows-1251 (detected, "
                                 "confidence "));
    }
    SECTION("undeclared one-liner: not confident, repaired as UTF-8") {
        // ICU gives a single sentence a confidence of 29, and mixes up the Cyrillic charsets on
        // such short text: better visible replacement characters than wrong letters.
        Decoded d = decode_to_utf8(sample("ru-short.cp1251.txt"), "", "", &notes);
        CHECK(d.charset == "UTF-8");
        CHECK_FALSE(d.detected);
        CHECK(d.repaired == 26);
        CHECK(count_of(d.text, kReplacement) == 26);
        REQUIRE(notes.size() == 1);
        CHECK(notes[0] ==
              "no charset declared and not valid UTF-8: 26 byte(s) replaced with U+FFFD");
    }
    SECTION("0x98, unassigned in windows-1251, is U+0098 as in browsers") {
        Decoded d = decode_to_utf8(cp1251 + "\x98", "windows-1251", "", &notes);
        CHECK(d.repaired == 0);
        CHECK(d.text == utf8 + "\xC2\x98");
    }
    SECTION("large input, converted in one linear pass") {
        std::string big, expected;
        for (int i = 0; i < 4000; ++i) {
            big += cp1251 + "\n";
            expected += utf8 + "\n";
        }
        Decoded d = decode_to_utf8(big, "windows-1251", "", &notes);
        CHECK(d.text.size() == expected.size());
        CHECK(d.text == expected);
    }
}

TEST_CASE("decode_to_utf8: invalid sequences in a legacy charset are replaced and counted",
          "[charset]") {
    // "中文" in GBK (under its gb2312 label), a lead byte followed by a space, "ok".
    std::vector<std::string> notes;
    Decoded d = decode_to_utf8("\xD6\xD0\xCE\xC4\x81 ok", "gb2312", "", &notes);
    CHECK(d.charset == "GBK");
    CHECK(d.repaired == 1);
    CHECK(d.text == "中文" + kReplacement + " ok");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "1 byte sequence(s) invalid in GBK replaced with U+FFFD");
}

TEST_CASE("decode_to_utf8: a legacy declaration on valid UTF-8 is stale", "[charset]") {
    std::vector<std::string> notes;
    std::string utf8 = sample("ru.utf8.txt");
    Decoded d = decode_to_utf8(utf8, "", "windows-1251", &notes);
    CHECK(d.charset == "UTF-8");
    CHECK(d.text == utf8);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] ==
          "declared windows-1251 in the document, but the bytes are valid UTF-8; read as UTF-8");
    // Pure ASCII proves nothing either way: the declaration stands (and changes nothing).
    d = decode_to_utf8("plain text", "iso-8859-1", "", &notes);
    CHECK(d.charset == "windows-1252");
    CHECK(notes.size() == 1);
}

TEST_CASE("decode_to_utf8: undeclared Latin-1 prose is detected", "[charset]") {
    std::vector<std::string> notes;
    Decoded d = decode_to_utf8(sample("fr.latin1.txt"), "", "", &notes);
    CHECK(d.charset == "windows-1252");
    CHECK(d.detected);
    CHECK(d.text == sample("fr.utf8.txt"));
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].starts_with("no charset declared; read as windows-1252 (detected"));
}

TEST_CASE("decode_to_utf8: byte-order marks win", "[charset]") {
    std::vector<std::string> notes;
    SECTION("UTF-8 BOM over a header and a meta tag") {
        Decoded d = decode_to_utf8("\xEF\xBB\xBF<meta charset=koi8-r>Zürich", "windows-1251",
                                   "koi8-r", &notes);
        CHECK(d.charset == "UTF-8");
        CHECK(d.text == "<meta charset=koi8-r>Zürich");
    }
    SECTION("UTF-16LE") {
        std::string bytes("\xFF\xFEZ\0\xFC\0r\0\x1A\x04", 10);
        Decoded d = decode_to_utf8(bytes, "iso-8859-1", "", &notes);
        CHECK(d.charset == "UTF-16LE");
        CHECK(d.text == "Zür\xD0\x9A");  // U+041A, Cyrillic Ka
    }
    SECTION("UTF-16BE") {
        std::string bytes("\xFE\xFF\0Z\0\xFC\0r\x04\x1A", 10);
        Decoded d = decode_to_utf8(bytes, "", "", &notes);
        CHECK(d.charset == "UTF-16BE");
        CHECK(d.text == "Zür\xD0\x9A");  // U+041A, Cyrillic Ka
    }
    SECTION("UTF-16 with an odd byte at the end") {
        std::string bytes("\xFF\xFEO\0K\0!", 7);
        Decoded d = decode_to_utf8(bytes, "", "", &notes);
        CHECK(d.text == "OK" + kReplacement);
        CHECK(d.repaired == 1);
        CHECK(notes.size() == 1);
    }
    CHECK(sniff_html_charset("\xEF\xBB\xBF<p>") == "UTF-8");
}

TEST_CASE("decode_to_utf8: unknown and refused charset names fall through", "[charset]") {
    std::vector<std::string> notes;
    SECTION("unknown header, meta declaration used") {
        Decoded d = decode_to_utf8("caf\xE9", "x-no-such-charset", "windows-1252", &notes);
        CHECK(d.charset == "windows-1252");
        CHECK(d.text == "café");
        REQUIRE(notes.size() == 1);
        CHECK(notes[0] ==
              "unknown charset \"x-no-such-charset\" declared in the HTTP header; ignored");
    }
    SECTION("unknown everywhere, valid UTF-8") {
        Decoded d = decode_to_utf8("café", "bogus", "also-bogus", &notes);
        CHECK(d.charset == "UTF-8");
        CHECK(d.text == "café");
        REQUIRE(notes.size() == 2);
        CHECK(notes[1] == "unknown charset \"also-bogus\" declared in the document; ignored");
    }
    SECTION("UTF-7 is refused (it hides markup from filters)") {
        Decoded d = decode_to_utf8("+ADw-script+AD4-", "utf-7", "", &notes);
        CHECK(d.text == "+ADw-script+AD4-");
        REQUIRE(notes.size() == 1);
        CHECK(notes[0] == "unknown charset \"utf-7\" declared in the HTTP header; ignored");
    }
}

TEST_CASE("decode_to_utf8: UTF-8, valid and damaged", "[charset]") {
    std::vector<std::string> notes;
    SECTION("valid UTF-8 is unchanged") {
        std::string text = "Plain ASCII, café, Зürich — 東京 😀";
        Decoded d = decode_to_utf8(text, "", "", &notes);
        CHECK(d.text == text);
        CHECK(d.charset == "UTF-8");
        CHECK_FALSE(d.detected);
        CHECK(d.repaired == 0);
        CHECK(notes.empty());
        d = decode_to_utf8(text, "utf-8", "", &notes);
        CHECK(d.text == text);
        CHECK(notes.empty());
    }
    SECTION("undeclared, stray bytes in English text with some valid UTF-8") {
        std::string text =
            "The council met on Tuesday \xE2\x80\x94 a long meeting. The chair\xE2\x80 said the "
            "plan\xC3 would go ahead, and \xE2\x80\x9Cno one\xE2\x80\x9D objected\xFF.";
        Decoded d = decode_to_utf8(text, "", "", &notes);
        CHECK(d.charset == "UTF-8");
        CHECK_FALSE(d.detected);
        CHECK(d.repaired == 4);
        CHECK(d.text == "The council met on Tuesday — a long meeting. The chair" + kReplacement +
                            kReplacement + " said the plan" + kReplacement +
                            " would go ahead, and “no one” objected" + kReplacement + ".");
        REQUIRE(notes.size() == 1);
        CHECK(notes[0] ==
              "no charset declared and not valid UTF-8: 4 byte(s) replaced with U+FFFD");
    }
    SECTION("undeclared, stray bytes in pure ASCII English text") {
        // ICU scores this 77 for windows-1252 (its Latin statistics see only the English words),
        // but 0x81 and 0x9D are undefined there and "Ã" alone is no word: not a plausible guess.
        std::string text =
            "The city council approved the new waterfront plan on Tuesday\x81 evening. Work will "
            "begin in the spring \xC3 and last about two years\x9D, the committee chair said.";
        Decoded d = decode_to_utf8(text, "", "", &notes);
        CHECK(d.charset == "UTF-8");
        CHECK(d.repaired == 3);
        CHECK(count_of(d.text, kReplacement) == 3);
        REQUIRE(notes.size() == 1);
        CHECK(notes[0] ==
              "no charset declared and not valid UTF-8: 3 byte(s) replaced with U+FFFD");
    }
    SECTION("undeclared, a word of stray bytes in English text") {
        // ICU: ISO-8859-1 with confidence 41, but "ÿþ" is no Latin word (no ASCII letter in it).
        std::string text =
            "The harbour board delayed its vote on the \xFF\xFE tunnel toll, chair Maren Holt "
            "said.";
        Decoded d = decode_to_utf8(text, "", "", &notes);
        CHECK(d.charset == "UTF-8");
        CHECK(d.repaired == 2);
        CHECK(d.text.find("the " + kReplacement + kReplacement + " tunnel") != std::string::npos);
    }
    SECTION("undeclared windows-1252 smart quotes in English text are detected") {
        std::string text =
            "The city council approved the new waterfront plan on Tuesday evening. \x93It\x92s "
            "about time,\x94 said one resident \x96 and nobody disagreed.";
        Decoded d = decode_to_utf8(text, "", "", &notes);
        CHECK(d.charset == "windows-1252");
        CHECK(d.detected);
        CHECK(d.text.find("“It’s about time,” said one resident – and") != std::string::npos);
    }
    SECTION("declared UTF-8 that is not") {
        Decoded d = decode_to_utf8("caf\xE9 cr\xE8me", "", "utf-8", &notes);
        CHECK(d.charset == "UTF-8");
        CHECK(d.repaired == 2);
        CHECK(d.text == "caf" + kReplacement + " cr" + kReplacement + "me");
        REQUIRE(notes.size() == 1);
        CHECK(notes[0] ==
              "invalid UTF-8 in a document declared UTF-8: 2 byte(s) replaced with U+FFFD");
    }
    SECTION("a null notes pointer is allowed") {
        Decoded d = decode_to_utf8("caf\xE9", "", "utf-8", nullptr);
        CHECK(d.repaired == 1);
    }
}
