// Fuzz target bodies: the plain-text and JSON readers (through read_input, as the indexer calls
// them), the date parser and the query builder.
#include "targets.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer.h"
#include "extract/dates.h"
#include "query.h"
#include "readers/charset.h"
#include "readers/html_reader.h"
#include "readers/input.h"
#include "readers/json_reader.h"
#include "readers/text_scrape.h"
#include "readers/warc_reader.h"

using namespace kronika;

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail) {
    std::fprintf(stderr, "invariant broken: %s: \"%.*s\"\n", what,
                 static_cast<int>(std::min<size_t>(detail.size(), 200)), detail.data());
    std::abort();
}

// NUL is valid UTF-8, though repair_utf8 replaces it too.
void check_utf8(const char* what, const std::string& s) {
    std::string copy = s;
    std::replace(copy.begin(), copy.end(), '\0', ' ');
    if (repair_utf8(copy) != 0) fail(what, s);
}

void check_date(const PubDate& d) {
    if (d.year < 1800 || d.year > 2100 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 ||
        d.hour < 0 || d.hour > 23 || d.minute < 0 || d.minute > 59 || d.second < 0 || d.second > 60)
        fail("date out of range", d.local_iso());
    if (d.local_date().size() != 10) fail("local_date", d.local_date());
    d.utc_iso();
}

void check_article(const Article& a) {
    for (const std::string* s :
         {&a.id, &a.title, &a.body, &a.url, &a.source, &a.section, &a.language})
        check_utf8("article field is not UTF-8", *s);
    for (const auto& name : a.authors) check_utf8("author is not UTF-8", name);
    if (a.title.find('\0') != std::string::npos || a.body.find('\0') != std::string::npos)
        fail("NUL in title or body", a.title);
    if (a.date) check_date(*a.date);
}

// Runs the bytes through read_input as a file of `format`: a memory file, so the whole reader
// path (sniffing, line splitting, limits, ids) runs as it does for a file on disk.
void read_as_file(const uint8_t* data, size_t size, InputFormat format) {
    static const int fd = memfd_create("kronika-fuzz", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, 0) != 0 ||
        (size > 0 && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)))
        throw std::runtime_error("cannot write the memory file");
    InputFile file{"/proc/self/fd/" + std::to_string(fd), "/proc/self/fd", size, format};
    ReadLimits limits;
    limits.max_article_bytes = 1 << 20;
    limits.max_line_bytes = 1 << 16;
    limits.max_file_bytes = 2 << 20;
    read_input(
        file, limits, [](Article&& a) { check_article(a); }, [](const Diagnostic&) {});
}

}  // namespace

int kronika_fuzz_text_scrape(const uint8_t* data, size_t size) {
    read_as_file(data, size, InputFormat::text);
    // The scrape parser on its own, as its contract allows: repaired UTF-8, NUL bytes and all.
    std::string text(reinterpret_cast<const char*>(data), size);
    repair_utf8(text);
    check_article(parse_text_scrape(text));
    return 0;
}

int kronika_fuzz_json(const uint8_t* data, size_t size) {
    read_as_file(data, size, InputFormat::jsonl);
    JsonArticleParser parser;
    std::vector<Article> articles;
    std::string error;
    parser.parse(std::string_view(reinterpret_cast<const char*>(data), size), &articles, &error);
    read_as_file(data, size, InputFormat::unknown);
    return 0;
}

int kronika_fuzz_html(const uint8_t* data, size_t size) {
    read_as_file(data, size, InputFormat::html);
    // The charset layer and the parser on their own: any bytes, any declared charset.
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> notes;
    std::string declared = sniff_html_charset(bytes);
    Decoded text =
        decode_to_utf8(bytes, charset_from_content_type(bytes.substr(0, 64)), declared, &notes);
    check_utf8("decoded page", text.text);
    Article a = parse_html(text.text, HtmlHints{"http://example.org/x", "2024-03-05"}, &notes);
    check_article(a);
    for (const auto& c : a.captions) check_utf8("caption", c);
    return 0;
}

int kronika_fuzz_warc(const uint8_t* data, size_t size) {
    read_as_file(data, size, InputFormat::warc);
    // The record reader alone, fed in small uneven pieces (as a gzip stream hands them over).
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    size_t pos = 0, step = 1;
    auto read = [&](char* buf, size_t n) -> size_t {
        size_t k = std::min({n, bytes.size() - pos, step});
        std::memcpy(buf, bytes.data() + pos, k);
        pos += k;
        step = step % 97 + 13;
        return k;
    };
    WarcLimits limits;
    limits.max_record_bytes = 1 << 20;
    read_warc(
        read, "fuzz.warc", limits,
        [&](WarcPage&& page) {
            if (page.body.size() > limits.max_record_bytes) fail("page over the limit", "");
        },
        [](const Diagnostic&) {});
    return 0;
}

int kronika_fuzz_dates(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    repair_utf8(text);
    for (DateOrder order : {DateOrder::Auto, DateOrder::MonthFirst, DateOrder::DayFirst}) {
        if (auto d = parse_date(text, order)) check_date(*d);
        if (auto d = parse_dateline(text, order)) check_date(*d);
    }
    if (auto d = parse_lead_date(text)) check_date(*d);
    impossible_dateline(text);
    for (const auto& name : byline_authors(text)) check_utf8("byline author", name);
    std::vector<std::string_view> lines;
    for (size_t pos = 0; pos <= text.size();) {
        size_t nl = std::min(text.find('\n', pos), text.size());
        lines.push_back(std::string_view(text).substr(pos, nl - pos));
        pos = nl + 1;
    }
    if (auto m = find_dateline(lines)) {
        check_date(m->date);
        if (m->line_index >= lines.size()) fail("dateline index", text);
    }
    return 0;
}

int kronika_fuzz_query(const uint8_t* data, size_t size) {
    static Analyzer analyzer;
    static QueryBuilder builder(analyzer, {"english", "russian"});
    // Line 1 is the query string; the next lines, when present, fill the filter options.
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> lines;
    for (size_t pos = 0; pos <= input.size();) {
        size_t nl = std::min(input.find('\n', pos), input.size());
        lines.emplace_back(input.substr(pos, nl - pos));
        pos = nl + 1;
    }
    try {
        builder.parse(lines[0]).get_description();
    } catch (const QueryError&) {
    }
    if (lines.size() < 2) return 0;
    QueryFilters filters;
    auto line = [&](size_t i) { return i < lines.size() ? lines[i] : std::string(); };
    filters.from = line(1);
    filters.to = line(2);
    std::vector<std::string>* lists[] = {&filters.people, &filters.attributions, &filters.kinds,
                                         &filters.sources};
    for (size_t i = 0; i < std::size(lists); ++i)
        if (std::string value = line(3 + i); !value.empty()) lists[i]->push_back(value);
    try {
        builder.build(lines[0], filters).get_description();
    } catch (const QueryError&) {
    }
    return 0;
}
