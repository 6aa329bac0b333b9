// Input discovery, decompression, format sniffing and the JSON / JSON Lines reader loop.
#include "readers/input.h"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "extract/dates.h"
#include "file_records.h"
#include "readers/charset.h"
#include "readers/html_reader.h"
#include "readers/json_reader.h"
#include "readers/text_scrape.h"
#include "readers/warc_reader.h"

namespace fs = std::filesystem;

namespace kronika {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The file name without compression suffix, lowercased: "a.JSONL.gz" -> "a.jsonl".
std::string logical_name(std::string_view path) {
    std::string name = lower(fs::path(std::string(path)).filename().string());
    for (std::string_view z : {".gz", ".zst", ".zstd"})
        if (ends_with(name, z)) return name.substr(0, name.size() - z.size());
    return name;
}

InputFormat format_from_name(std::string_view path) {
    std::string name = logical_name(path);
    if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson")) return InputFormat::jsonl;
    if (ends_with(name, ".json")) return InputFormat::json;
    if (ends_with(name, ".txt") || ends_with(name, ".text")) return InputFormat::text;
    for (std::string_view e : {".html", ".htm", ".xhtml", ".shtml"})
        if (ends_with(name, e)) return InputFormat::html;
    if (ends_with(name, ".warc")) return InputFormat::warc;
    return InputFormat::unknown;
}

// A stream of decompressed bytes from a plain, gzip or zstd file, or stdin.
class ByteSource {
  public:
    ByteSource(const std::string& path, uint64_t* raw_read) : path_(path), raw_read_(raw_read) {
        std::string name = lower(path);
        if (path == "-") {
            file_ = stdin;
            own_file_ = false;
        } else {
            file_ = std::fopen(path.c_str(), "rb");
            if (!file_)
                throw std::runtime_error(std::string("cannot open: ") + std::strerror(errno));
        }
        if (ends_with(name, ".gz")) {
            gz_ = gzdopen(dup(fileno(file_)), "rb");
            if (!gz_) throw std::runtime_error("cannot open gzip stream");
        } else if (ends_with(name, ".zst") || ends_with(name, ".zstd")) {
            zstd_ = ZSTD_createDStream();
            ZSTD_initDStream(zstd_);
            zin_.resize(ZSTD_DStreamInSize());
            zin_buf_ = {zin_.data(), 0, 0};
        }
    }
    ~ByteSource() {
        if (gz_) gzclose(gz_);
        if (zstd_) ZSTD_freeDStream(zstd_);
        if (file_ && own_file_) std::fclose(file_);
    }
    ByteSource(const ByteSource&) = delete;
    ByteSource& operator=(const ByteSource&) = delete;

    // Reads up to n bytes into buf; returns 0 at end of input. Throws on a corrupt stream.
    size_t read(char* buf, size_t n) {
        if (gz_) {
            int got = gzread(gz_, buf, static_cast<unsigned>(std::min<size_t>(n, 1u << 30)));
            if (got < 0) {
                int err;
                throw std::runtime_error(std::string("corrupt gzip data: ") + gzerror(gz_, &err));
            }
            if (raw_read_ && file_ != stdin) *raw_read_ = static_cast<uint64_t>(gzoffset(gz_));
            return static_cast<size_t>(got);
        }
        if (zstd_) {
            ZSTD_outBuffer out{buf, n, 0};
            while (out.pos == 0) {
                if (zin_buf_.pos == zin_buf_.size) {
                    size_t got = std::fread(zin_.data(), 1, zin_.size(), file_);
                    if (raw_read_) *raw_read_ += got;
                    if (got == 0) {
                        if (!frame_done_) throw std::runtime_error("truncated zstd data");
                        return 0;
                    }
                    zin_buf_ = {zin_.data(), got, 0};
                }
                size_t rc = ZSTD_decompressStream(zstd_, &out, &zin_buf_);
                if (ZSTD_isError(rc))
                    throw std::runtime_error(std::string("corrupt zstd data: ") +
                                             ZSTD_getErrorName(rc));
                frame_done_ = (rc == 0);
            }
            return out.pos;
        }
        size_t got = std::fread(buf, 1, n, file_);
        if (raw_read_) *raw_read_ += got;
        if (got == 0 && std::ferror(file_))
            throw std::runtime_error(std::string("read error: ") + std::strerror(errno));
        return got;
    }

  private:
    std::string path_;
    uint64_t* raw_read_;
    FILE* file_ = nullptr;
    bool own_file_ = true;
    gzFile gz_ = nullptr;
    ZSTD_DStream* zstd_ = nullptr;
    std::vector<char> zin_;
    ZSTD_inBuffer zin_buf_{nullptr, 0, 0};
    bool frame_done_ = true;
};

// Reads a whole input up to `limit` bytes; sets *too_big when the input is larger.
std::string read_all(ByteSource& src, size_t limit, bool* too_big) {
    std::string out;
    char buf[1 << 16];
    *too_big = false;
    for (;;) {
        size_t got = src.read(buf, sizeof buf);
        if (got == 0) break;
        if (out.size() + got > limit) {
            *too_big = true;
            return out;
        }
        out.append(buf, got);
    }
    return out;
}

bool looks_binary(std::string_view data) {
    // As grep and ripgrep do: a NUL byte near the start means binary.
    return data.substr(0, 8192).find('\0') != std::string_view::npos;
}

InputFormat sniff(std::string_view data) {
    size_t i = 0;
    if (data.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < data.size() && std::isspace(static_cast<unsigned char>(data[i]))) ++i;
    if (data.substr(i, 5) == "WARC/") return InputFormat::warc;
    if (i < data.size() && data[i] == '<') {
        std::string head = lower(data.substr(i, 512));
        for (std::string_view tag : {"<!doctype html", "<html", "<head", "<!--", "<meta", "<body"})
            if (head.rfind(tag, 0) == 0) return InputFormat::html;
    }
    if (i < data.size() && (data[i] == '{' || data[i] == '[')) {
        // One object per line is JSON Lines; anything else JSON.
        size_t nl = data.find('\n', i);
        if (data[i] == '{' && nl != std::string_view::npos) {
            size_t j = nl;
            while (j < data.size() && std::isspace(static_cast<unsigned char>(data[j]))) ++j;
            if (j < data.size() && data[j] == '{') {
                // "}\n{" pattern: a new object starts on the next line.
                size_t k = nl;
                while (k > i && std::isspace(static_cast<unsigned char>(data[k - 1]))) --k;
                if (k > i && data[k - 1] == '}') return InputFormat::jsonl;
            }
        }
        return InputFormat::json;
    }
    return InputFormat::text;
}

// The id of a one-article file: its path relative to the root, without extensions.
std::string file_id(const InputFile& f) {
    if (f.path == "-") return "";
    fs::path rel = fs::path(f.path).lexically_relative(f.root);
    if (rel.empty() || rel.native().rfind("..", 0) == 0) rel = fs::path(f.path).filename();
    std::string s = rel.generic_string();
    std::string name = lower(s);
    for (std::string_view z : {".gz", ".zst", ".zstd"})
        if (ends_with(name, z)) {
            s.resize(s.size() - z.size());
            name.resize(s.size());
        }
    for (std::string_view e :
         {".jsonl", ".ndjson", ".json", ".txt", ".text", ".html", ".htm", ".xhtml", ".shtml"})
        if (ends_with(name, e)) {
            s.resize(s.size() - e.size());
            break;
        }
    return s;
}

void assign_id(Article& a, const std::string& fallback) {
    if (!a.id.empty()) return;
    if (!a.url.empty()) {
        a.id = canonical_url(a.url);
        if (!a.id.empty()) return;
    }
    if (!fallback.empty()) {
        a.id = fallback;
        return;
    }
    a.id = "h" + content_hash(a);
}

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// A web page as an article: its bytes converted to UTF-8 (the transport's charset, the page's
// own declaration, or detection), then parsed. Problems are appended to *notes.
Article page_to_article(std::string_view bytes, std::string_view transport_charset,
                        const HtmlHints& hints, std::vector<std::string>* notes) {
    Decoded text = decode_to_utf8(bytes, transport_charset, sniff_html_charset(bytes), notes);
    Article a = parse_html(text.text, hints, notes);
    if (text.charset != "UTF-8" && !text.charset.empty())
        a.field_sources.emplace_back("charset", text.charset);
    return a;
}

// Checks an article that a reader produced; returns false (with a warning) to skip it.
bool accept_article(Article& a, const ReadLimits& limits, const DiagnosticSink& warn,
                    const std::string& path, uint64_t line) {
    if (a.title.size() + a.body.size() > limits.max_article_bytes) {
        warn({path, line,
              "article of " + std::to_string(a.title.size() + a.body.size()) +
                  " bytes exceeds the limit of " + std::to_string(limits.max_article_bytes) +
                  " bytes; skipped"});
        return false;
    }
    // A NUL inside a JSON string is legal JSON ("\u0000") but no text: make it a space.
    auto nuls = std::count(a.title.begin(), a.title.end(), '\0') +
                std::count(a.body.begin(), a.body.end(), '\0');
    if (nuls) {
        std::replace(a.title.begin(), a.title.end(), '\0', ' ');
        std::replace(a.body.begin(), a.body.end(), '\0', ' ');
        warn({path, line, std::to_string(nuls) + " NUL character(s) replaced by spaces"});
    }
    if (blank(a.title) && blank(a.body)) {
        warn({path, line, "record has no title and no text; skipped"});
        return false;
    }
    return true;
}

// The first of the top lines of a scrape that is a dateline with an impossible year (dates.h),
// with its 1-based line number; line 0 when there is none.
std::pair<uint64_t, std::string_view> impossible_dateline_in(std::string_view text) {
    uint64_t lineno = 0;
    size_t nonempty = 0;
    for (size_t pos = 0; pos < text.size() && nonempty < 12;) {
        size_t nl = std::min(text.find('\n', pos), text.size());
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineno;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        ++nonempty;
        if (impossible_dateline(line)) {
            while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
                line.remove_suffix(1);
            return {lineno, line};
        }
    }
    return {0, {}};
}

}  // namespace

size_t repair_utf8(std::string& s) {
    size_t fixes = 0;
    std::string out;
    bool copying = false;
    size_t i = 0, n = s.size();
    auto cont = [&](size_t k) {
        return k < n && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80;
    };
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len = 0;
        if (c >= 0x01 && c < 0x80) {
            len = 1;
        } else if (c >= 0xC2 && c <= 0xDF && cont(i + 1)) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF && cont(i + 1) && cont(i + 2)) {
            unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
            bool ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
            if (ok) len = 3;
        } else if (c >= 0xF0 && c <= 0xF4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
            unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
            bool ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
            if (ok) len = 4;
        }
        if (len == 0) {
            if (!copying) {
                out.assign(s, 0, i);
                copying = true;
            }
            out += (c == 0) ? " " : "\xEF\xBF\xBD";
            ++fixes;
            ++i;
            continue;
        }
        if (copying) out.append(s, i, len);
        i += len;
    }
    if (copying) s.swap(out);
    return fixes;
}

std::string canonical_url(std::string_view url) {
    std::string u(url);
    while (!u.empty() && std::isspace(static_cast<unsigned char>(u.back()))) u.pop_back();
    size_t start = 0;
    while (start < u.size() && std::isspace(static_cast<unsigned char>(u[start]))) ++start;
    u.erase(0, start);
    if (auto hash = u.find('#'); hash != std::string::npos) u.resize(hash);
    size_t scheme_end = u.find("://");
    if (scheme_end != std::string::npos) {
        size_t host_end = u.find_first_of("/?", scheme_end + 3);
        if (host_end == std::string::npos) host_end = u.size();
        for (size_t i = 0; i < host_end; ++i)
            u[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(u[i])));
    }
    if (auto q = u.find('?'); q != std::string::npos) {
        std::string query = u.substr(q + 1), kept;
        size_t pos = 0;
        while (pos <= query.size()) {
            size_t amp = query.find('&', pos);
            if (amp == std::string::npos) amp = query.size();
            std::string param = query.substr(pos, amp - pos);
            if (!param.empty() && param.rfind("utm_", 0) != 0) {
                if (!kept.empty()) kept += '&';
                kept += param;
            }
            pos = amp + 1;
        }
        u.resize(q);
        if (!kept.empty()) u += "?" + kept;
    }
    if (u.size() > 1 && u.back() == '/' && u.find('?') == std::string::npos) u.pop_back();
    return u;
}

std::vector<InputFile> list_inputs(const std::vector<std::string>& paths,
                                   const DiagnosticSink& warn, size_t* missing) {
    std::vector<InputFile> out;
    size_t miss = 0;
    for (const auto& p : paths) {
        if (p == "-") {
            out.push_back({"-", ".", 0, InputFormat::unknown});
            continue;
        }
        std::error_code ec;
        auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) {
            warn({p, 0,
                  st.type() == fs::file_type::not_found ? "no such file or directory"
                                                        : "cannot read: " + ec.message()});
            ++miss;
            continue;
        }
        if (fs::is_directory(st)) {
            std::vector<InputFile> found;
            fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied,
                                                ec),
                end;
            for (; !ec && it != end; it.increment(ec)) {
                std::string name = it->path().filename().string();
                std::error_code entry_ec;
                if (!name.empty() && name[0] == '.') {
                    if (it->is_directory(entry_ec)) it.disable_recursion_pending();
                    continue;
                }
                // An entry that cannot be resolved (a symlink loop, a dangling link) may be the
                // data the user meant: say so rather than pass over it.
                auto type = it->status(entry_ec).type();
                if (entry_ec || type == fs::file_type::not_found) {
                    warn({it->path().string(), 0,
                          "cannot read: " +
                              (type == fs::file_type::not_found ? "broken symbolic link"
                                                                : entry_ec.message()) +
                              "; skipped"});
                    ++miss;
                    continue;
                }
                if (type == fs::file_type::directory) continue;
                InputFormat fmt = format_from_name(it->path().string());
                if (fmt == InputFormat::unknown) continue;  // README.md, images, ...
                if (type != fs::file_type::regular) {
                    // Opening a FIFO would wait for a writer forever; a device never ends.
                    warn({it->path().string(), 0, "not a regular file; skipped"});
                    ++miss;
                    continue;
                }
                InputFile f{it->path().string(), p, 0, fmt};
                stat_file(f.path, &f.size, &f.mtime_ns);  // one stat for size and time
                found.push_back(std::move(f));
            }
            if (ec) {
                warn({p, 0, "cannot list directory: " + ec.message()});
                ++miss;
            }
            std::sort(found.begin(), found.end(),
                      [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
            out.insert(out.end(), found.begin(), found.end());
        } else {
            std::string parent = fs::path(p).parent_path().string();
            InputFile f{p, parent.empty() ? "." : parent, 0, format_from_name(p)};
            stat_file(p, &f.size, &f.mtime_ns);
            if (!fs::is_regular_file(st)) f.size = f.mtime_ns = 0;  // a pipe such as <(zcat ...)
            out.push_back(std::move(f));
        }
    }
    if (missing) *missing = miss;
    return out;
}

InputFile describe_input(const std::string& path, const std::string& root) {
    InputFile f{path, root, 0, format_from_name(path)};
    stat_file(path, &f.size, &f.mtime_ns);
    return f;
}

ReadStats read_input(const InputFile& file, const ReadLimits& limits, const ArticleSink& sink,
                     const DiagnosticSink& warn, uint64_t* raw_bytes_read) {
    ReadStats stats;
    const std::string& path = file.path;
    std::unique_ptr<ByteSource> src;
    try {
        src = std::make_unique<ByteSource>(path, raw_bytes_read);
    } catch (const std::exception& e) {
        warn({path, 0, e.what()});
        ++stats.skipped;
        return stats;
    }

    InputFormat fmt = file.format;
    std::string data;  // whole-file inputs, and the sniffed prefix of streamed ones
    try {
        if (fmt == InputFormat::unknown) {
            // Sniff the first 64 KB (stdin, unknown extensions): JSON Lines then streams on from
            // there, so a large piped export needs no more memory than a file would.
            data.resize(1 << 16);
            size_t got = 0;
            while (got < data.size()) {
                size_t n = src->read(data.data() + got, data.size() - got);
                if (n == 0) break;
                got += n;
            }
            data.resize(got);
            stats.bytes += got;
            fmt = sniff(data);
        }
        if (fmt != InputFormat::jsonl && fmt != InputFormat::warc) {
            // A scrape is one article: reading on past the article limit would only cost time
            // and memory (a 200 MB line of garbage). A web page holds markup besides its text.
            bool text = fmt == InputFormat::text;
            size_t limit = text ? std::min(limits.max_file_bytes, limits.max_article_bytes)
                           : fmt == InputFormat::html
                               ? std::min(limits.max_file_bytes, 4 * limits.max_article_bytes)
                               : limits.max_file_bytes;
            bool too_big = false;
            std::string rest = read_all(*src, limit - std::min(limit, data.size()), &too_big);
            stats.bytes += rest.size();
            data += rest;
            if (too_big || data.size() > limit) {
                warn({path, 0,
                      std::string(text ? "text file exceeds the article limit of "
                                       : "file exceeds the limit of ") +
                          std::to_string(limit) + " bytes; skipped"});
                ++stats.skipped;
                return stats;
            }
            // Exports named .json often hold one object per line.
            if (fmt == InputFormat::json && sniff(data) == InputFormat::jsonl)
                fmt = InputFormat::jsonl;
        }
    } catch (const std::exception& e) {
        warn({path, 0, e.what()});
        ++stats.skipped;
        return stats;
    }

    auto emit = [&](Article&& a, uint64_t line, const std::string& fallback_id) {
        a.origin_path = path;
        a.origin_line = line;
        if (!accept_article(a, limits, warn, path, line)) {
            ++stats.skipped;
            return;
        }
        assign_id(a, fallback_id);
        ++stats.articles;
        sink(std::move(a));
    };

    if (fmt == InputFormat::text) {
        if (blank(data)) {
            warn({path, 0, "empty file; skipped"});
            ++stats.skipped;
            return stats;
        }
        if (looks_binary(data)) {
            warn({path, 0, "binary file (NUL bytes); skipped"});
            ++stats.skipped;
            return stats;
        }
        // A scrape in a legacy encoding (a Windows-1251 archive) is converted when ICU's
        // detector is sure of it; otherwise invalid bytes are replaced, with a warning.
        std::vector<std::string> notes;
        if (Decoded d = decode_to_utf8(data, "", "", &notes); d.detected) {
            data = std::move(d.text);
            for (const auto& n : notes) warn({path, 0, n});
        } else if (size_t fixes = repair_utf8(data)) {
            warn({path, 0, "invalid UTF-8: " + std::to_string(fixes) + " byte(s) replaced"});
        }
        Article a = parse_text_scrape(data);
        if (!a.date) {
            if (auto [line, text] = impossible_dateline_in(data); line)
                warn({path, line,
                      "dateline \"" + std::string(text) +
                          "\" has a year outside 1800-2100; indexed without a date"});
        }
        emit(std::move(a), 1, file_id(file));
        return stats;
    }

    if (fmt == InputFormat::html) {
        if (blank(data)) {
            warn({path, 0, "empty file; skipped"});
            ++stats.skipped;
            return stats;
        }
        // UTF-16 pages (with a byte-order mark) hold NUL bytes and are still text.
        bool utf16 = data.size() >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
                                          (data[0] == '\xFE' && data[1] == '\xFF'));
        if (!utf16 && looks_binary(data)) {
            warn({path, 0, "binary file (NUL bytes); skipped"});
            ++stats.skipped;
            return stats;
        }
        std::vector<std::string> notes;
        Article a = page_to_article(data, "", HtmlHints{}, &notes);
        if (blank(a.body)) {
            // A section front or a list of links: read, but not an article. Said once.
            std::string why = "no article text found in the page";
            for (const auto& n : notes)
                if (n.rfind("no main text found", 0) == 0) why = n;
            warn({path, 0, why + "; not indexed"});
            ++stats.not_articles;
            return stats;
        }
        for (const auto& n : notes) warn({path, 1, n});
        emit(std::move(a), 1, file_id(file));
        return stats;
    }

    if (fmt == InputFormat::warc) {
        // Streamed record by record: a crawl of gigabytes needs the memory of one record. The
        // sniffed prefix is served first.
        size_t served = 0;
        auto read = [&](char* buf, size_t n) -> size_t {
            if (served < data.size()) {
                size_t k = std::min(n, data.size() - served);
                std::memcpy(buf, data.data() + served, k);
                served += k;
                return k;
            }
            size_t got = src->read(buf, n);
            stats.bytes += got;
            return got;
        };
        WarcLimits wl;
        wl.max_record_bytes =
            std::min<uint64_t>(limits.max_file_bytes, 4 * limits.max_article_bytes);
        try {
            WarcStats ws = read_warc(
                read, path, wl,
                [&](WarcPage&& page) {
                    std::vector<std::string> notes;
                    // Header values are bytes as the crawler wrote them (found by fuzzing: a
                    // target URI with an invalid byte became the article's URL and id).
                    repair_utf8(page.target_uri);
                    repair_utf8(page.warc_date);
                    HtmlHints hints{page.target_uri, page.warc_date};
                    Article a = page_to_article(
                        page.body, charset_from_content_type(page.content_type), hints, &notes);
                    // A crawl holds section fronts, tag pages and error pages as well as
                    // articles: a page without article text is expected, not a problem.
                    if (blank(a.body)) {
                        ++stats.not_articles;
                        return;
                    }
                    for (const auto& n : notes) warn({path, page.line, n});
                    emit(std::move(a), page.line, "");
                },
                warn);
            stats.skipped += ws.bad;
            stats.not_articles += ws.skipped;
        } catch (const std::exception& e) {
            warn({path, 0, std::string(e.what()) + "; rest of file skipped"});
            ++stats.skipped;
        }
        return stats;
    }

    JsonArticleParser parser;
    auto handle_record = [&](std::string_view record, uint64_t line, bool whole_file) {
        std::string err;
        std::vector<Article> arts;
        if (!parser.parse(record, &arts, &err)) {
            warn({path, line, err + "; skipped"});
            ++stats.skipped;
            return;
        }
        for (auto& note : parser.notes()) warn({path, line, note});
        bool single = whole_file && arts.size() == 1;
        for (auto& a : arts) emit(std::move(a), line, single ? file_id(file) : std::string());
    };

    if (fmt == InputFormat::json) {
        if (data.empty()) {
            warn({path, 0, "empty file; skipped"});
            ++stats.skipped;
            return stats;
        }
        // No JSON holds a raw NUL byte, so this is no worse than the parser's error, only clearer.
        if (looks_binary(data)) {
            warn({path, 0, "binary file (NUL bytes); skipped"});
            ++stats.skipped;
            return stats;
        }
        handle_record(data, 1, true);
        return stats;
    }

    // JSON Lines: stream line by line, so a large file needs little memory.
    std::string line, carry = std::move(data);
    uint64_t lineno = 0;
    bool skipping_long = false;
    char buf[1 << 16];
    size_t carry_pos = 0;
    auto process_line = [&](std::string& l) {
        ++lineno;
        if (!l.empty() && l.back() == '\r') l.pop_back();
        size_t i = 0;
        while (i < l.size() && std::isspace(static_cast<unsigned char>(l[i]))) ++i;
        if (i == l.size()) return;
        if (lineno == 1 && l.compare(0, 3, "\xEF\xBB\xBF") == 0) l.erase(0, 3);
        handle_record(l, lineno, false);
    };
    try {
        for (;;) {
            std::string_view chunk;
            if (carry_pos < carry.size()) {
                chunk = std::string_view(carry).substr(carry_pos);
                carry_pos = carry.size();
            } else {
                size_t got = src->read(buf, sizeof buf);
                if (got == 0) break;
                stats.bytes += got;
                chunk = std::string_view(buf, got);
            }
            while (!chunk.empty()) {
                size_t nl = chunk.find('\n');
                std::string_view part = chunk.substr(0, nl);
                if (!skipping_long) {
                    if (line.size() + part.size() > limits.max_line_bytes) {
                        warn({path, lineno + 1,
                              "line exceeds the limit of " + std::to_string(limits.max_line_bytes) +
                                  " bytes; skipped"});
                        ++stats.skipped;
                        skipping_long = true;
                        line.clear();
                    } else {
                        line.append(part);
                    }
                }
                if (nl == std::string_view::npos) break;
                chunk.remove_prefix(nl + 1);
                if (skipping_long) {
                    ++lineno;
                    skipping_long = false;
                } else {
                    process_line(line);
                }
                line.clear();
            }
        }
    } catch (const std::exception& e) {
        warn({path, lineno + 1, std::string(e.what()) + "; rest of file skipped"});
        ++stats.skipped;
        return stats;
    }
    if (!line.empty() && !skipping_long) process_line(line);
    return stats;
}

}  // namespace kronika
