// Reader tests: JSON / JSON Lines field mapping, compression, ids, and hostile inputs.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "readers/input.h"
#include "readers/json_reader.h"
#include "test_util.h"

using namespace kronika;

using namespace kronika::testing;

namespace {

struct Collected {
    std::vector<Article> articles;
    std::vector<Diagnostic> warnings;
    ReadStats stats;
};

Collected read_paths(const std::vector<std::string>& paths, ReadLimits limits = {}) {
    Collected c;
    DiagnosticSink warn = [&](const Diagnostic& d) { c.warnings.push_back(d); };
    size_t missing = 0;
    for (const auto& f : list_inputs(paths, warn, &missing)) {
        ReadStats s = read_input(
            f, limits, [&](Article&& a) { c.articles.push_back(std::move(a)); }, warn);
        c.stats.articles += s.articles;
        c.stats.skipped += s.skipped;
    }
    c.stats.skipped += missing;
    return c;
}

bool has_warning(const Collected& c, const std::string& path_end, uint64_t line,
                 const std::string& text) {
    for (const auto& w : c.warnings) {
        if (w.path.size() >= path_end.size() &&
            w.path.compare(w.path.size() - path_end.size(), path_end.size(), path_end) == 0 &&
            w.line == line && w.message.find(text) != std::string::npos)
            return true;
    }
    return false;
}

}  // namespace

TEST_CASE("news-please fields map onto the article, unknown keys ignored", "[readers][json]") {
    auto c = read_paths({kData + "/json/newsplease.json"});
    REQUIRE(c.articles.size() == 1);
    REQUIRE(c.warnings.empty());
    const Article& a = c.articles[0];
    CHECK(a.title == "Council backs night buses");
    CHECK(a.body.find("night buses on Friday") != std::string::npos);
    CHECK(a.source == "example.org");
    CHECK(a.language == "en");
    CHECK(a.authors == std::vector<std::string>{"Lena Fisk"});
    REQUIRE(a.date);
    CHECK(a.date->local_date() == "2023-11-02");
    // No id field: the canonical URL (host lowercased, fragment and trailing slash dropped).
    CHECK(a.id == "https://example.org/news/night-buses");
}

TEST_CASE("JSON arrays, numeric ids, alternative field names", "[readers][json]") {
    auto c = read_paths({kData + "/json/array.json"});
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[0].id == "7");
    CHECK(c.articles[0].title == "Numeric id");
    CHECK(c.articles[0].body == "Ids may be numbers.");
    CHECK(c.articles[0].source == "Wire");
    REQUIRE(c.articles[0].date);
    CHECK(c.articles[0].date->utc_iso() == "2022-01-05T07:00:00Z");
    CHECK(c.articles[1].id == "https://example.org/b?page=2");  // utm_* parameters dropped
    CHECK(c.articles[1].authors == std::vector<std::string>{"Ann Lee", "Bo Chan", "Cy Diaz"});
}

TEST_CASE("JSON Lines plain, gzip and zstd read the same", "[readers][json]") {
    for (std::string f : {"rows.jsonl", "rows.jsonl.gz", "rows-zst.jsonl.zst"}) {
        INFO(f);
        auto c = read_paths({kData + "/json/" + f});
        REQUIRE(c.articles.size() == 5);
        CHECK(c.warnings.empty());
        CHECK(c.articles[2].id == "r2");
        CHECK(c.articles[2].origin_line == 3);
        CHECK(c.articles[4].date->local_date() == "2024-02-05");
    }
}

TEST_CASE("a directory is read recursively, in sorted order, skipping other files", "[readers]") {
    auto c = read_paths({kData + "/json"});
    // newsplease.json 1 + array.json 2 + three JSONL files of 5.
    CHECK(c.articles.size() == 18);
    CHECK(c.stats.skipped == 0);
}

TEST_CASE("one-article files are named by their path relative to the folder given", "[readers]") {
    // The plain-text scrape has no id or URL: its id is its path without extension.
    auto c = read_paths({kData + "/broken/invalid-utf8.txt"});
    REQUIRE(c.articles.size() == 1);
    CHECK(c.articles[0].id == "invalid-utf8");
    auto d = read_paths({kData + "/broken"});
    bool found = false;
    for (auto& art : d.articles) found |= art.id == "invalid-utf8";
    CHECK(found);
}

TEST_CASE("bad JSON Lines records are skipped with file:line warnings, the rest kept",
          "[readers][broken]") {
    auto c = read_paths({kData + "/broken/mixed.jsonl"});
    std::vector<std::string> ids;
    for (auto& a : c.articles) ids.push_back(a.id);
    CHECK(ids == std::vector<std::string>{"ok-1", "ok-2", "nul-1", "baddate-1", "ok-3"});
    CHECK(has_warning(c, "mixed.jsonl", 2, "invalid JSON"));
    CHECK(has_warning(c, "mixed.jsonl", 4, "invalid JSON"));
    CHECK(has_warning(c, "mixed.jsonl", 8, "no title and no text"));
    CHECK(has_warning(c, "mixed.jsonl", 9, "unparseable date"));
    CHECK(c.stats.skipped == 3);  // lines 2, 4 and 8; line 7 is an array of no articles
    // The NUL became a space; the bad date left no date (and no text dateline to find).
    CHECK(c.articles[2].body == "before after");
    CHECK_FALSE(c.articles[3].date);
    CHECK(c.articles[3].date_raw == "0001-11-30");
}

TEST_CASE("invalid UTF-8 is repaired with a warning, not dropped", "[readers][broken]") {
    auto c = read_paths({kData + "/broken/invalid-utf8.jsonl"});
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[0].title == "Bad bytes \xEF\xBF\xBD( here");
    CHECK(has_warning(c, "invalid-utf8.jsonl", 1, "invalid UTF-8"));
    auto t = read_paths({kData + "/broken/invalid-utf8.txt"});
    REQUIRE(t.articles.size() == 1);
    CHECK(t.articles[0].body.find("\xEF\xBF\xBD") != std::string::npos);
    CHECK(has_warning(t, "invalid-utf8.txt", 0, "invalid UTF-8"));
}

TEST_CASE("empty, binary, syntax-error and truncated files are skipped with warnings",
          "[readers][broken]") {
    auto c = read_paths({kData + "/broken"});
    CHECK(has_warning(c, "empty.txt", 0, "empty file"));
    CHECK(has_warning(c, "whitespace.txt", 0, "empty file"));
    CHECK(has_warning(c, "binary.txt", 0, "binary file"));
    CHECK(has_warning(c, "syntax.json", 1, "invalid JSON"));
    bool truncated_reported = false;
    for (const auto& w : c.warnings)
        truncated_reported |= w.path.find("truncated.jsonl.gz") != std::string::npos;
    CHECK(truncated_reported);
    // Nothing good was lost: all good records of mixed.jsonl and invalid-utf8.* are there.
    size_t good = 0;
    for (auto& a : c.articles)
        if (a.id == "ok-1" || a.id == "ok-2" || a.id == "ok-3" || a.id == "u8-1" ||
            a.id == "u8-2" || a.id == "invalid-utf8")
            ++good;
    CHECK(good == 6);
}

TEST_CASE("articles over the size limit are skipped, later ones kept", "[readers][broken]") {
    kronika::testing::TempDir tmp;
    std::string path = tmp / "build-big.jsonl";
    // Built at run time: 3 records, the middle one with a body of 50 MB.
    {
        FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f);
        std::fputs("{\"id\":\"small-1\",\"title\":\"Small\",\"body\":\"a b c\"}\n", f);
        std::fputs("{\"id\":\"huge\",\"title\":\"Huge\",\"body\":\"", f);
        std::string chunk(1 << 20, 'x');
        for (size_t i = 0; i < chunk.size(); i += 8) chunk[i] = ' ';
        for (int i = 0; i < 50; ++i) std::fwrite(chunk.data(), 1, chunk.size(), f);
        std::fputs("\"}\n", f);
        std::fputs("{\"id\":\"small-2\",\"title\":\"Small again\",\"body\":\"d e f\"}\n", f);
        std::fclose(f);
    }
    auto c = read_paths({path});
    REQUIRE(c.articles.size() == 2);
    CHECK(c.articles[0].id == "small-1");
    CHECK(c.articles[1].id == "small-2");
    CHECK(has_warning(c, "build-big.jsonl", 2, "exceeds the limit"));
    CHECK(c.stats.skipped == 1);
}

TEST_CASE("missing paths are reported and counted", "[readers][broken]") {
    auto c = read_paths({kData + "/no-such-file.jsonl"});
    CHECK(c.articles.empty());
    CHECK(c.stats.skipped == 1);
    CHECK(has_warning(c, "no-such-file.jsonl", 0, "no such file"));
}

TEST_CASE("repair_utf8 and canonical_url", "[readers]") {
    std::string s = "ok \xC3\xA9 \xFF end";
    CHECK(repair_utf8(s) == 1);
    CHECK(s == "ok \xC3\xA9 \xEF\xBF\xBD end");
    std::string overlong = "\xC0\xAF";
    CHECK(repair_utf8(overlong) == 2);
    CHECK(canonical_url("HTTPS://Example.COM/Path/?utm_medium=x#frag") ==
          "https://example.com/Path");
    CHECK(canonical_url("https://example.com/a?b=1&utm_source=z&c=2") ==
          "https://example.com/a?b=1&c=2");
}

TEST_CASE("a .json file holding one object per line is read as JSON Lines", "[readers][json]") {
    kronika::testing::TempDir tmp;
    std::string path = tmp / "export.json";
    {
        FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f);
        for (int i = 0; i < 3; ++i)
            std::fprintf(f, "{\"id\":\"l%d\",\"title\":\"Line %d\",\"body\":\"text\"}\n", i, i);
        std::fclose(f);
    }
    auto c = read_paths({path});
    REQUIRE(c.articles.size() == 3);
    CHECK(c.articles[2].id == "l2");
    CHECK(c.articles[2].origin_line == 3);
    CHECK(c.warnings.empty());
}
