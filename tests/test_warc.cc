// WARC reader tests: the fixtures of tests/data/warc (made by make_fixtures.py), damaged files,
// limits, HTTP transfer and content codings, and the charset step on the pages read.
#include <zlib.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "readers/charset.h"
#include "readers/warc_reader.h"
#include "test_util.h"

using namespace kronika;
using namespace kronika::testing;

namespace {

const std::string kWarcDir = kData + "/warc/";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct WarcRun {
    std::vector<WarcPage> pages;
    std::vector<Diagnostic> warnings;
    WarcStats stats;

    std::string all_warnings() const {
        std::string all;
        for (const auto& w : warnings) all += w.format() + "\n";
        return all;
    }

    bool has_warning(uint64_t line, const std::string& text) const {
        for (const auto& w : warnings)
            if (w.line == line && w.message.find(text) != std::string::npos) return true;
        return false;
    }
};

// Reads a WARC held in memory, handing it to the reader `chunk` bytes at a time.
WarcRun read_bytes(const std::string& data, const std::string& path, WarcLimits limits = {},
                   size_t chunk = 65536) {
    WarcRun run;
    size_t pos = 0;
    auto read = [&](char* buf, size_t n) {
        size_t k = std::min({n, chunk, data.size() - pos});
        std::memcpy(buf, data.data() + pos, k);
        pos += k;
        return k;
    };
    run.stats = read_warc(
        read, path, limits, [&](WarcPage&& p) { run.pages.push_back(std::move(p)); },
        [&](const Diagnostic& d) { run.warnings.push_back(d); });
    return run;
}

// Reads a .warc.gz through zlib's gzread, which reads concatenated gzip members as one stream.
WarcRun read_gz(const std::string& path, WarcLimits limits = {}) {
    WarcRun run;
    gzFile gz = gzopen(path.c_str(), "rb");
    REQUIRE(gz != nullptr);
    auto read = [&](char* buf, size_t n) -> size_t {
        int got = gzread(gz, buf, static_cast<unsigned>(std::min<size_t>(n, 1u << 30)));
        if (got < 0) throw std::runtime_error("gzread failed");
        return static_cast<size_t>(got);
    };
    run.stats = read_warc(
        read, path, limits, [&](WarcPage&& p) { run.pages.push_back(std::move(p)); },
        [&](const Diagnostic& d) { run.warnings.push_back(d); });
    gzclose(gz);
    return run;
}

// The 1-based line of the n-th record header (1-based) of a well-formed WARC.
uint64_t line_of_record(const std::string& data, uint64_t n) {
    size_t pos = 0;
    for (uint64_t i = 0; i < n; ++i) {
        pos = data.find("WARC/1.", i == 0 ? 0 : pos + 1);
        REQUIRE(pos != std::string::npos);
    }
    return 1 + static_cast<uint64_t>(std::count(data.begin(), data.begin() + pos, '\n'));
}

// In-memory records for the edge cases.
std::string warc_record(const std::string& type, const std::string& block,
                        const std::string& content_type = "application/http; msgtype=response",
                        const std::string& uri = "http://example.org/page") {
    return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
           "\r\nWARC-Date: 2024-01-02T03:04:05Z\r\nContent-Type: " + content_type +
           "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string http(const std::string& status, const std::string& headers, const std::string& body) {
    return "HTTP/1.1 " + status + "\r\n" + headers + "\r\n" + body;
}

std::string compress(const std::string& data, int window_bits) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, data.size()) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

const std::string kPage =
    "<!DOCTYPE html><html><head><title>Test page</title></head><body><p>Ferry news.</p>"
    "</body></html>";

}  // namespace

TEST_CASE("crawl fixtures: records, pages and counts", "[warc]") {
    std::string plain = slurp(kWarcDir + "crawl.warc");
    int mode = GENERATE(0, 1, 2, 3);
    WarcRun run;
    if (mode == 0) run = read_gz(kWarcDir + "crawl.warc.gz");
    if (mode == 1) run = read_bytes(plain, kWarcDir + "crawl.warc");
    if (mode == 2) run = read_bytes(plain, kWarcDir + "crawl.warc", {}, 1);
    if (mode == 3) run = read_bytes(plain, kWarcDir + "crawl.warc", {}, 7);
    INFO("mode " << mode << " (0: .warc.gz, 1: .warc, 2: 1-byte reads, 3: 7-byte reads)");
    CHECK(run.warnings.empty());
    INFO(run.all_warnings());
    CHECK(run.stats.records == 13);
    CHECK(run.stats.pages == 5);
    CHECK(run.stats.skipped == 8);
    CHECK(run.stats.bad == 0);
    REQUIRE(run.pages.size() == 5);

    const WarcPage& ferry = run.pages[0];
    CHECK(ferry.target_uri == "https://news.example.org/2024/03/14/night-ferry");
    CHECK(ferry.warc_date == "2024-03-14T09:00:05Z");
    CHECK(ferry.content_type == "text/html; charset=utf-8");
    CHECK(ferry.last_modified == "Thu, 14 Mar 2024 08:30:00 GMT");
    CHECK(ferry.record == 3);
    CHECK(ferry.line == line_of_record(plain, 3));
    // Reassembled from four chunks (one with an extension) and a trailer, byte for byte.
    CHECK(ferry.body == slurp(kWarcDir + "expected/night-ferry.html"));

    const WarcPage& library = run.pages[1];
    CHECK(library.target_uri == "https://news.example.org/2024/03/14/library-hours");
    CHECK(library.content_type == "text/html;charset=UTF-8");
    CHECK(library.last_modified.empty());
    CHECK(library.record == 5);
    CHECK(library.line == line_of_record(plain, 5));
    CHECK(library.body == slurp(kWarcDir + "expected/library-hours.html"));

    const WarcPage& riverside = run.pages[2];
    CHECK(riverside.target_uri == "http://gorod.example.ru/news/naberezhnaya.html");
    CHECK(riverside.content_type == "text/html; charset=windows-1251");
    CHECK(riverside.record == 7);
    CHECK(riverside.body == slurp(kWarcDir + "expected/naberezhnaya.cp1251.html"));

    const WarcPage& cafe = run.pages[3];
    CHECK(cafe.target_uri == "http://quartier.example.fr/actualites/cafe-de-la-gare");
    CHECK(cafe.warc_date == "2024-03-14T09:00:11Z");
    CHECK(cafe.content_type == "text/html");
    CHECK(cafe.record == 8);
    CHECK(cafe.body == slurp(kWarcDir + "expected/cafe.latin1.html"));

    // A resource record: the WARC Content-Type stands in for the HTTP one.
    const WarcPage& garden = run.pages[4];
    CHECK(garden.target_uri == "http://news.example.org/local/garden.html");
    CHECK(garden.warc_date == "2024-03-14T09:00:20Z");
    CHECK(garden.content_type == "text/html");
    CHECK(garden.record == 13);
    CHECK(garden.line == line_of_record(plain, 13));
    CHECK(garden.body == slurp(kWarcDir + "expected/garden.html"));
}

TEST_CASE("crawl.warc.gz has one gzip member per record", "[warc]") {
    std::string gz = slurp(kWarcDir + "crawl.warc.gz");
    std::string all;
    int members = 0;
    z_stream z{};
    REQUIRE(inflateInit2(&z, 16 + MAX_WBITS) == Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(gz.data());
    z.avail_in = static_cast<uInt>(gz.size());
    char buf[4096];
    while (z.avail_in > 0) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        int rc = inflate(&z, Z_NO_FLUSH);
        REQUIRE((rc == Z_OK || rc == Z_STREAM_END));
        all.append(buf, sizeof buf - z.avail_out);
        if (rc == Z_STREAM_END) {
            ++members;
            // Each member holds exactly one record.
            CHECK(all.starts_with("WARC/1.0\r\n"));
            CHECK(all.ends_with("\r\n\r\n"));
            CHECK(all.find("WARC/1.0\r\n", 1) == std::string::npos);
            all.clear();
            inflateReset(&z);
        }
    }
    inflateEnd(&z);
    CHECK(members == 13);
}

TEST_CASE("crawl fixtures: legacy charsets decode to the expected UTF-8", "[warc][charset]") {
    WarcRun run = read_gz(kWarcDir + "crawl.warc.gz");
    REQUIRE(run.pages.size() == 5);
    auto decode = [](const WarcPage& page, std::vector<std::string>* notes) {
        return decode_to_utf8(page.body, charset_from_content_type(page.content_type),
                              sniff_html_charset(page.body), notes);
    };

    std::vector<std::string> notes;
    Decoded riverside = decode(run.pages[2], &notes);  // charset in the HTTP header
    CHECK(riverside.charset == "windows-1251");
    CHECK_FALSE(riverside.detected);
    CHECK(riverside.repaired == 0);
    CHECK(riverside.text == slurp(kWarcDir + "expected/naberezhnaya.utf8.html"));
    CHECK(notes.empty());

    Decoded cafe = decode(run.pages[3], &notes);  // charset=iso-8859-1 in a meta tag only
    CHECK(cafe.charset == "windows-1252");
    CHECK(cafe.text == slurp(kWarcDir + "expected/cafe.utf8.html"));
    CHECK(cafe.text.find("Le café de la gare, fermé depuis l’hiver") != std::string::npos);
    CHECK(cafe.text.find("“nous voulons un lieu où se retrouver”") != std::string::npos);
    CHECK(notes.empty());

    Decoded ferry = decode(run.pages[0], &notes);
    CHECK(ferry.charset == "UTF-8");
    CHECK(ferry.text == run.pages[0].body);
    CHECK(notes.empty());
}

TEST_CASE("broken.warc: damage is reported at its line and reading goes on", "[warc]") {
    std::string path = kWarcDir + "broken.warc";
    std::string data = slurp(path);
    size_t chunk = GENERATE(size_t{1}, size_t{5}, size_t{65536});
    INFO("read " << chunk << " bytes at a time");
    WarcRun run = read_bytes(data, path, {}, chunk);
    INFO(run.all_warnings());

    CHECK(run.stats.records == 8);
    CHECK(run.stats.pages == 4);
    CHECK(run.stats.skipped == 1);
    CHECK(run.stats.bad == 3);

    REQUIRE(run.pages.size() == 4);
    CHECK(run.pages[0].target_uri == "http://news.example.org/bridge");
    // After the record whose Content-Length runs into this one.
    CHECK(run.pages[1].target_uri == "http://news.example.org/market");
    CHECK(run.pages[1].line == 46);
    // After garbage and a record with an invalid Content-Length.
    CHECK(run.pages[2].target_uri == "http://news.example.org/choir");
    CHECK(run.pages[2].body == slurp(kWarcDir + "expected/choir-cut.html"));
    CHECK(run.pages[3].target_uri == "http://news.example.org/local/garden.html");
    CHECK(run.pages[3].line == 101);  // a WARC/1.1 record

    REQUIRE(run.warnings.size() == 5);
    for (const auto& w : run.warnings) CHECK(w.path == path);
    CHECK(run.warnings[0].format() ==
          path + ":29: warning: record does not end where its Content-Length (480) says; skipped");
    CHECK(run.warnings[1].format() ==
          path + ":64: warning: garbage between records; skipped to the next record at line 68");
    CHECK(run.warnings[2].format() ==
          path + ":68: warning: invalid Content-Length \"12x\"; skipped");
    CHECK(run.warnings[3].format() ==
          path + ":81: warning: chunked body cut short; 200 byte(s) kept");
    CHECK(run.has_warning(115, "truncated record"));
    CHECK(run.has_warning(115, "at the end of the file"));
}

TEST_CASE("records over the size limit are read past and counted as bad", "[warc]") {
    std::string big = warc_record(
        "response", http("200 OK", "Content-Type: text/html\r\n", std::string(5000, 'x')));
    std::string small =
        warc_record("response", http("200 OK", "Content-Type: text/html\r\n", kPage),
                    "application/http; msgtype=response", "http://example.org/b");
    WarcLimits limits;
    limits.max_record_bytes = 2000;
    size_t chunk = GENERATE(size_t{3}, size_t{65536});
    WarcRun run = read_bytes(big + small + big, "limit.warc", limits, chunk);
    CHECK(run.stats.records == 3);
    CHECK(run.stats.bad == 2);
    REQUIRE(run.pages.size() == 1);
    CHECK(run.pages[0].target_uri == "http://example.org/b");
    CHECK(run.pages[0].body == kPage);
    REQUIRE(run.warnings.size() == 2);
    CHECK(run.warnings[0].format() ==
          "limit.warc:1: warning: record of 5044 bytes exceeds the limit of 2000 bytes; skipped");
    CHECK(run.warnings[1].line == line_of_record(big + small + big, 3));
}

TEST_CASE("a gzip bomb is a bad record, not an out-of-memory", "[warc]") {
    std::string bomb = compress(std::string(20u << 20, '<'), 16 + MAX_WBITS);
    REQUIRE(bomb.size() < 100000);
    std::string data =
        warc_record("response",
                    http("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", bomb)) +
        warc_record("response", http("200 OK", "Content-Type: text/html\r\n", kPage));
    WarcLimits limits;
    limits.max_record_bytes = 1u << 20;
    WarcRun run = read_bytes(data, "bomb.warc", limits);
    CHECK(run.stats.bad == 1);
    CHECK(run.stats.pages == 1);
    REQUIRE(run.warnings.size() == 1);
    CHECK(run.warnings[0].line == 1);
    CHECK(run.warnings[0].message.find("exceeds the limit of 1048576 bytes") != std::string::npos);
}

TEST_CASE("HTTP content codings", "[warc]") {
    struct Case {
        std::string name;
        std::string headers;
        std::string body;
        bool page;  // else bad
        std::string warning;
    };
    std::vector<Case> cases = {
        {"gzip", "Content-Encoding: gzip\r\n", compress(kPage, 16 + MAX_WBITS), true, ""},
        {"x-gzip", "Content-Encoding: x-gzip\r\n", compress(kPage, 16 + MAX_WBITS), true, ""},
        {"deflate, zlib-wrapped", "Content-Encoding: deflate\r\n", compress(kPage, MAX_WBITS), true,
         ""},
        {"deflate, raw", "Content-Encoding: deflate\r\n", compress(kPage, -MAX_WBITS), true, ""},
        {"gzip header, body stored decoded", "Content-Encoding: gzip\r\n", kPage, true, ""},
        {"gzip, chunked", "Transfer-Encoding: chunked\r\nContent-Encoding: GZIP\r\n",
         [] {
             std::string z = compress(kPage, 16 + MAX_WBITS);
             char size[16];
             std::snprintf(size, sizeof size, "%zx", z.size() - 10);
             std::string first = z.substr(0, z.size() - 10), rest = z.substr(z.size() - 10);
             return std::string(size) + "\r\n" + first + "\r\na\r\n" + rest + "\r\n0\r\n\r\n";
         }(),
         true, ""},
        {"chunked header, body stored de-chunked", "Transfer-Encoding: chunked\r\n", kPage, true,
         ""},
        {"truncated gzip", "Content-Encoding: gzip\r\n",
         compress(kPage + kPage + kPage, 16 + MAX_WBITS).substr(0, 40), true,
         "compressed body cut short"},
        {"corrupt gzip", "Content-Encoding: gzip\r\n",
         std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x07\x00garbage", 19), false,
         "corrupt compressed body"},
        {"br", "Content-Encoding: br\r\n", "\x1b\x03\x00\xf8", false,
         "unsupported Content-Encoding \"br\"; skipped"},
        {"zstd", "Content-Encoding: zstd\r\n", "\x28\xb5\x2f\xfd", false,
         "unsupported Content-Encoding \"zstd\"; skipped"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        std::string data = warc_record(
            "response", http("200 OK", "Content-Type: text/html\r\n" + c.headers, c.body));
        WarcRun run = read_bytes(data, "codings.warc");
        CHECK(run.stats.records == 1);
        CHECK(run.stats.pages == (c.page ? 1 : 0));
        CHECK(run.stats.bad == (c.page ? 0 : 1));
        if (c.page && c.warning.empty()) {
            REQUIRE(run.pages.size() == 1);
            CHECK(run.pages[0].body == kPage);
        }
        if (c.warning.empty()) {
            CHECK(run.warnings.empty());
        } else {
            REQUIRE(run.warnings.size() == 1);
            CHECK(run.warnings[0].line == 1);
            CHECK(run.warnings[0].message.find(c.warning) != std::string::npos);
        }
    }
}

TEST_CASE("which responses are pages", "[warc]") {
    struct Case {
        std::string name;
        std::string status;
        std::string headers;
        std::string body;
        bool page;
    };
    std::vector<Case> cases = {
        {"200 text/html", "200 OK", "Content-Type: text/html\r\n", kPage, true},
        {"203 xhtml", "203 Non-Authoritative Information",
         "Content-Type: application/xhtml+xml; charset=utf-8\r\n", kPage, true},
        {"HTML with no Content-Type", "200 OK", "", "\n\n  " + kPage, true},
        {"HTML comment first, no Content-Type", "200 OK", "", "<!-- x -->" + kPage, true},
        {"JSON with no Content-Type", "200 OK", "", "{\"a\": 1}", false},
        {"404", "404 Not Found", "Content-Type: text/html\r\n", kPage, false},
        {"304", "304 Not Modified", "", "", false},
        {"302", "302 Found", "Location: /x\r\nContent-Type: text/html\r\n", kPage, false},
        {"CSS", "200 OK", "Content-Type: text/css\r\n", "p { color: red }", false},
        {"JSON", "200 OK", "Content-Type: application/json\r\n", "{}", false},
        {"robots.txt", "200 OK", "Content-Type: text/plain\r\n", "User-agent: *\n", false},
        {"PNG", "200 OK", "Content-Type: image/png\r\n", "\x89PNG\r\n\x1a\n", false},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        WarcRun run =
            read_bytes(warc_record("response", http(c.status, c.headers, c.body)), "t.warc");
        CHECK(run.warnings.empty());
        CHECK(run.stats.records == 1);
        CHECK(run.stats.pages == (c.page ? 1 : 0));
        CHECK(run.stats.skipped == (c.page ? 0 : 1));
    }

    // A resource record that is not HTML, and a response that is not HTTP (a DNS lookup).
    WarcRun run = read_bytes(warc_record("resource", "a,b\n1,2\n", "text/csv") +
                                 warc_record("response",
                                             "20240102030405\nexample.org. 60 IN A "
                                             "192.0.2.1\n",
                                             "text/dns", "dns:example.org"),
                             "t.warc");
    CHECK(run.stats.records == 2);
    CHECK(run.stats.skipped == 2);
    CHECK(run.warnings.empty());
}

TEST_CASE("WARC syntax variants are tolerated", "[warc]") {
    std::string block = http("200 OK",
                             "content-type: text/html\r\nLast-Modified: Mon, 01 Jan\r\n"
                             " 2024 00:00:00 GMT\r\n",
                             kPage);
    // Version 0.18, lowercase field names, a continuation line, the URI in angle brackets, no
    // trailing CRLFs before the next record.
    std::string old =
        "WARC/0.18\r\nwarc-type: response\r\nwarc-target-uri: "
        "<http://example.org/old>\r\nWARC-Date:\r\n  2008-01-02T03:04:05Z\r\n"
        "content-type: application/http; msgtype=response\r\ncontent-length: " +
        std::to_string(block.size()) + "\r\n\r\n" + block;
    // Bare LF line endings and extra blank lines between records.
    std::string lf =
        "\n\n\nWARC/1.1\nWARC-Type: resource\nWARC-Target-URI: http://example.org/lf\n"
        "Content-Type: text/html\nContent-Length: " +
        std::to_string(kPage.size()) + "\n\n" + kPage + "\n\n\n\n";
    std::string data = old + lf + warc_record("request", "GET / HTTP/1.1\r\n\r\n");
    WarcRun run = read_bytes(data, "variants.warc");
    INFO(run.all_warnings());
    CHECK(run.warnings.empty());
    CHECK(run.stats.records == 3);
    CHECK(run.stats.skipped == 1);
    REQUIRE(run.pages.size() == 2);
    CHECK(run.pages[0].target_uri == "http://example.org/old");
    CHECK(run.pages[0].warc_date == "2008-01-02T03:04:05Z");
    CHECK(run.pages[0].last_modified == "Mon, 01 Jan 2024 00:00:00 GMT");
    CHECK(run.pages[0].body == kPage);
    CHECK(run.pages[1].target_uri == "http://example.org/lf");
    CHECK(run.pages[1].line == 17);
    CHECK(run.pages[1].body == kPage);
}

TEST_CASE("malformed records", "[warc]") {
    std::string good =
        warc_record("response", http("200 OK", "Content-Type: text/html\r\n", kPage));
    SECTION("unknown version") {
        std::string data =
            "WARC/9.9\r\nWARC-Type: response\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n" + good;
        WarcRun run = read_bytes(data, "v.warc");
        CHECK(run.stats.bad == 1);
        CHECK(run.stats.pages == 1);
        REQUIRE(run.warnings.size() == 1);
        CHECK(run.warnings[0].format() ==
              "v.warc:1: warning: unsupported WARC version \"WARC/9.9\"; skipped");
    }
    SECTION("no Content-Length") {
        std::string data = "WARC/1.0\r\nWARC-Type: response\r\n\r\nabc\r\n\r\n" + good;
        WarcRun run = read_bytes(data, "n.warc");
        CHECK(run.stats.bad == 1);
        CHECK(run.stats.pages == 1);
        REQUIRE(run.warnings.size() == 1);
        CHECK(run.warnings[0].message == "record without Content-Length; skipped");
        CHECK(run.pages[0].line == 6);
    }
    SECTION("response that is not HTTP") {
        std::string data = warc_record("response", "not an http response") + good;
        WarcRun run = read_bytes(data, "h.warc");
        CHECK(run.stats.bad == 1);
        CHECK(run.stats.pages == 1);
        REQUIRE(run.warnings.size() == 1);
        CHECK(run.warnings[0].message == "response record without a valid HTTP header; skipped");
    }
    SECTION("garbage at the end") {
        WarcRun run = read_bytes(good + std::string("\x00\x01 junk", 7), "g.warc");
        CHECK(run.stats.pages == 1);
        REQUIRE(run.warnings.size() == 1);
        CHECK(run.warnings[0].message == "garbage at the end of the file; ignored");
    }
    SECTION("empty input") {
        WarcRun run = read_bytes("", "e.warc");
        CHECK(run.stats.records == 0);
        CHECK(run.warnings.empty());
    }
}
