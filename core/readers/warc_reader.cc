// WARC reader: a streaming record parser, HTTP response parsing, de-chunking and decompression.
//
// A WARC file is a sequence of records, each
//
//     WARC/1.1 CRLF
//     Name: value CRLF ...          (named fields; continuation lines start with a space or tab)
//     CRLF
//     <Content-Length bytes of block>
//     CRLF CRLF
//
// The reader holds at most one record in memory (records larger than the limit are read past
// without being kept). Line numbers count '\n' in the decompressed stream, payloads included.
//
// Damage, and how reading goes on (one warning per bad record, at its header's line):
//  - a header without Content-Length, with an invalid one, or of an unknown WARC version: the
//    record is bad; reading resumes at the next line starting with "WARC/";
//  - a block not followed by blank lines and "WARC/" (or the end): when a "WARC/" line lies
//    inside the block, the length overshoots into the next record, so the record is bad and
//    reading resumes at the first "WARC/" line after its header; otherwise the record is kept
//    and what follows it is reported once as garbage, skipped to the next "WARC/" line;
//  - a block cut short by the end of the input: bad ("truncated record").
// So one bad length costs one record, not the rest of the file.
#include "readers/warc_reader.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "text_bytes.h"

namespace kronika {

namespace {

// A header line longer than this, or a header block larger than this, is not a WARC header.
constexpr size_t kMaxHeaderBytes = 1u << 20;
// How far past a block's end blank lines are tolerated before the next "WARC/".
constexpr size_t kMaxTrailerBytes = 4096;

constexpr auto lower = ascii_lower;
constexpr auto lowercase = ascii_lowercase;
constexpr auto iequals = ascii_iequals;
constexpr auto istarts_with = ascii_istarts_with;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Parses a non-negative decimal number that fits in 63 bits; nullopt otherwise.
std::optional<uint64_t> parse_decimal(std::string_view s) {
    s = trim(s);
    if (s.empty() || s.size() > 18) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return v;
}

// Header fields in order, names lowercased.
using Fields = std::vector<std::pair<std::string, std::string>>;

const std::string* field(const Fields& fields, std::string_view lower_name) {
    for (const auto& [name, value] : fields)
        if (name == lower_name) return &value;
    return nullptr;
}

std::string field_or_empty(const Fields& fields, std::string_view lower_name) {
    const std::string* v = field(fields, lower_name);
    return v ? *v : std::string();
}

// The media type of a Content-Type value, lowercased, without parameters.
std::string media_type(std::string_view content_type) {
    return lowercase(trim(content_type.substr(0, content_type.find(';'))));
}

bool is_html_type(std::string_view content_type) {
    std::string type = media_type(content_type);
    return type == "text/html" || type == "application/xhtml+xml";
}

// Whether a body with no Content-Type starts like HTML, after whitespace: the tag patterns of the
// WHATWG MIME Sniffing standard ("<!DOCTYPE HTML", "<HTML", "<HEAD", ... "<!--"), each followed
// by a space or '>'.
bool looks_like_html(std::string_view body) {
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    size_t i = 0;
    while (i < body.size() && i < 4096 && is_space(body[i])) ++i;
    body = body.substr(i);
    if (body.starts_with("<!--")) return true;
    static constexpr std::string_view kTags[] = {
        "<!doctype html", "<html", "<head",  "<script", "<iframe", "<h1",   "<div", "<font",
        "<table",         "<a",    "<style", "<title",  "<b",      "<body", "<br",  "<p"};
    for (std::string_view tag : kTags) {
        if (body.size() > tag.size() && istarts_with(body, tag)) {
            char after = body[tag.size()];
            if (after == ' ' || after == '>' || after == '\t' || after == '\n' || after == '\r')
                return true;
        }
    }
    return false;
}

// Splits a header block (up to the blank line) into fields. Lines without a colon are ignored;
// lines starting with a space or tab continue the previous field's value.
void parse_fields(std::string_view block, Fields* fields) {
    size_t i = 0;
    while (i < block.size()) {
        size_t end = block.find('\n', i);
        if (end == std::string_view::npos) end = block.size();
        std::string_view line = block.substr(i, end - i);
        i = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if ((line[0] == ' ' || line[0] == '\t') && !fields->empty()) {
            std::string& value = fields->back().second;
            std::string_view more = trim(line);
            if (!more.empty()) {
                if (!value.empty()) value += ' ';
                value += more;
            }
            continue;
        }
        size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) continue;
        fields->emplace_back(lowercase(trim(line.substr(0, colon))),
                             std::string(trim(line.substr(colon + 1))));
    }
}

// Where a header block ends: the offset just past the first blank line ("\r\n\r\n" or "\n\n",
// or mixed), or npos.
size_t header_end(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        size_t nl = s.find('\n', i);
        if (nl == std::string_view::npos) return std::string_view::npos;
        size_t next = nl + 1;
        if (next < s.size() && s[next] == '\n') return next + 1;
        if (next + 1 < s.size() && s[next] == '\r' && s[next + 1] == '\n') return next + 2;
        i = next;
    }
    return std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------
// HTTP bodies.

enum class BodyResult { ok, repaired, failed };

// Decodes a chunked body (RFC 9112 section 7.1): hex size, optional ";extension", CRLF, data,
// CRLF, ..., "0", trailer fields, CRLF. A body cut short (or with a malformed size line) keeps
// what was read and returns `repaired` with the reason in *why.
BodyResult dechunk(std::string_view in, std::string* out, std::string* why) {
    out->clear();
    size_t i = 0;
    for (;;) {
        size_t eol = in.find('\n', i);
        if (eol == std::string_view::npos) {
            *why = "chunked body cut short; " + std::to_string(out->size()) + " byte(s) kept";
            return BodyResult::repaired;
        }
        std::string_view line = in.substr(i, eol - i);
        line = line.substr(0, line.find(';'));
        line = trim(line);
        uint64_t size = 0;
        size_t digits = 0;
        for (char c : line) {
            int v = (c >= '0' && c <= '9')   ? c - '0'
                    : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                             : -1;
            if (v < 0 || ++digits > 15) {
                digits = 0;
                break;
            }
            size = size * 16 + static_cast<uint64_t>(v);
        }
        if (digits == 0) {
            *why = "malformed chunk size line; " + std::to_string(out->size()) + " byte(s) kept";
            return BodyResult::repaired;
        }
        i = eol + 1;
        if (size == 0) return BodyResult::ok;  // trailer fields, if any, are of no interest
        if (size > in.size() - i) {
            out->append(in.substr(i));
            *why = "chunked body cut short; " + std::to_string(out->size()) + " byte(s) kept";
            return BodyResult::repaired;
        }
        out->append(in.substr(i, size));
        i += size;
        // The CRLF after the data (tolerating a bare LF).
        if (i < in.size() && in[i] == '\r') ++i;
        if (i < in.size() && in[i] == '\n') ++i;
    }
}

// Whether a body is in chunked framing at all: its first line is a hex number (with an optional
// extension). Some tools store the de-chunked body but keep the Transfer-Encoding header.
bool looks_chunked(std::string_view body) {
    size_t eol = body.find('\n');
    if (eol == std::string_view::npos || eol > 1024) return false;
    std::string_view line = trim(body.substr(0, eol));
    line = trim(line.substr(0, line.find(';')));
    if (line.empty() || line.size() > 15) return false;
    return std::all_of(line.begin(), line.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

// Inflates `in` with zlib (`window_bits` selects gzip, zlib or raw deflate), stopping with
// `failed` when the output would exceed `max_out`. Concatenated gzip members are all read.
// Truncated input keeps what was inflated (`repaired`).
BodyResult inflate_body(std::string_view in, int window_bits, uint64_t max_out, std::string* out,
                        std::string* why) {
    out->clear();
    z_stream z{};
    if (inflateInit2(&z, window_bits) != Z_OK) {
        *why = "cannot initialise zlib";
        return BodyResult::failed;
    }
    std::array<unsigned char, 65536> buf;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
    BodyResult result = BodyResult::ok;
    for (;;) {
        z.next_out = buf.data();
        z.avail_out = static_cast<uInt>(buf.size());
        int rc = inflate(&z, Z_NO_FLUSH);
        size_t produced = buf.size() - z.avail_out;
        if (out->size() + produced > max_out) {
            *why = "decompressed body exceeds the limit of " + std::to_string(max_out) +
                   " bytes (a compression bomb?)";
            result = BodyResult::failed;
            break;
        }
        out->append(reinterpret_cast<const char*>(buf.data()), produced);
        if (rc == Z_STREAM_END) {
            // Another gzip member may follow (gzip allows concatenation).
            if (z.avail_in > 0 && window_bits > 15 && z.next_in[0] == 0x1F) {
                inflateReset(&z);
                continue;
            }
            break;
        }
        if (rc == Z_BUF_ERROR || (rc == Z_OK && z.avail_in == 0 && produced == 0)) {
            *why = "compressed body cut short; " + std::to_string(out->size()) +
                   " byte(s) decompressed";
            result = BodyResult::repaired;
            break;
        }
        if (rc != Z_OK) {
            *why = std::string("corrupt compressed body (zlib: ") + (z.msg ? z.msg : "error") + ")";
            result = BodyResult::failed;
            break;
        }
    }
    inflateEnd(&z);
    return result;
}

// Undoes one Content-Encoding. Bodies that are not actually compressed (tools that store the
// decoded body but keep the header) are taken as they are.
BodyResult decode_content(std::string_view coding, std::string* body, uint64_t max_out,
                          std::string* why) {
    std::string out;
    BodyResult r;
    if (coding == "gzip" || coding == "x-gzip") {
        if (!(body->size() >= 2 && static_cast<unsigned char>((*body)[0]) == 0x1F &&
              static_cast<unsigned char>((*body)[1]) == 0x8B))
            return BodyResult::ok;
        r = inflate_body(*body, 16 + MAX_WBITS, max_out, &out, why);
    } else if (coding == "deflate") {
        // "deflate" is meant to be zlib-wrapped, but servers have long sent raw deflate too.
        bool zlib_wrapped = body->size() >= 2 &&
                            (static_cast<unsigned char>((*body)[0]) & 0x0F) == 8 &&
                            ((static_cast<unsigned char>((*body)[0]) << 8) |
                             static_cast<unsigned char>((*body)[1])) %
                                    31 ==
                                0;
        if (!zlib_wrapped && looks_like_html(*body)) return BodyResult::ok;
        r = inflate_body(*body, zlib_wrapped ? MAX_WBITS : -MAX_WBITS, max_out, &out, why);
    } else if (coding == "identity" || coding.empty()) {
        return BodyResult::ok;
    } else {
        *why = "unsupported Content-Encoding \"" + std::string(coding) + "\"";
        return BodyResult::failed;
    }
    if (r != BodyResult::failed) body->swap(out);
    return r;
}

// Splits "gzip, chunked" into its lowercased, trimmed items.
std::vector<std::string> coding_list(std::string_view value) {
    std::vector<std::string> items;
    size_t i = 0;
    while (i <= value.size()) {
        size_t comma = value.find(',', i);
        if (comma == std::string_view::npos) comma = value.size();
        std::string item = lowercase(trim(value.substr(i, comma - i)));
        if (!item.empty()) items.push_back(item);
        i = comma + 1;
    }
    return items;
}

// ---------------------------------------------------------------------------------------------
// The byte stream, with line counting.

class Stream {
  public:
    explicit Stream(const std::function<size_t(char*, size_t)>& read) : read_(read) {}

    // Makes at least `n` unread bytes available unless the input ends first; returns how many
    // are available. The buffer grows geometrically and is compacted when half of it has been
    // consumed, so each byte is copied a bounded number of times whatever `read` returns.
    size_t fill(size_t n) {
        while (end_ - pos_ < n && !eof_) {
            if (pos_ > 0 && pos_ >= end_ / 2) {
                std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
                end_ -= pos_;
                pos_ = 0;
            }
            size_t need = pos_ + std::max(n, kChunk);
            if (buf_.size() - end_ < kChunk / 2 || buf_.size() < need)
                buf_.resize(std::max(need, std::min(buf_.size() * 2, need + kMaxGrowth)));
            size_t got = read_(buf_.data() + end_, buf_.size() - end_);
            end_ += std::min(got, buf_.size() - end_);
            if (got == 0) eof_ = true;
        }
        return end_ - pos_;
    }

    // The unread bytes currently buffered.
    std::string_view view() const { return std::string_view(buf_.data() + pos_, end_ - pos_); }

    // Consumes n buffered bytes, counting their newlines.
    void consume(size_t n) {
        n = std::min(n, end_ - pos_);
        line_ +=
            static_cast<uint64_t>(std::count(buf_.data() + pos_, buf_.data() + pos_ + n, '\n'));
        pos_ += n;
    }

    // Reads past n bytes without keeping them; returns how many there were.
    uint64_t discard(uint64_t n) {
        uint64_t done = 0;
        while (done < n) {
            size_t avail = fill(1);
            if (avail == 0) break;
            size_t take = static_cast<size_t>(std::min<uint64_t>(avail, n - done));
            consume(take);
            done += take;
        }
        return done;
    }

    // Consumes the rest of the current line, including its newline (or to the end).
    void skip_line() {
        for (;;) {
            size_t avail = fill(1);
            if (avail == 0) return;
            std::string_view v = view();
            size_t nl = v.find('\n');
            if (nl != std::string_view::npos) {
                consume(nl + 1);
                return;
            }
            consume(v.size());
        }
    }

    // Consumes blank space (spaces, tabs, CR, LF) before the next record.
    void skip_blank() {
        while (fill(1) > 0) {
            std::string_view v = view();
            size_t k = 0;
            while (k < v.size() && is_space(v[k])) ++k;
            consume(k);
            if (k < v.size()) return;
        }
    }

    // Whether the unread bytes start with "WARC/".
    bool at_warc_line() {
        fill(5);
        return view().starts_with("WARC/");
    }

    // Consumes lines until one starts with "WARC/" (left unread) or the input ends.
    void skip_to_warc_line() {
        while (fill(1) > 0) {
            if (at_warc_line()) return;
            skip_line();
        }
    }

    bool at_end() { return fill(1) == 0; }
    uint64_t line() const { return line_; }

  private:
    static constexpr size_t kChunk = 64 * 1024;
    static constexpr size_t kMaxGrowth = 16u << 20;  // beyond what is needed, at a time
    const std::function<size_t(char*, size_t)>& read_;
    std::string buf_;  // [pos_, end_) unread; [end_, size) room for the next read
    size_t pos_ = 0;
    size_t end_ = 0;
    bool eof_ = false;
    uint64_t line_ = 1;  // 1-based line of the next unread byte
};

// Whether the version line is one of the versions we read ("WARC/1.0", "WARC/1.1", "WARC/0.18",
// "WARC/0.17").
bool known_version(std::string_view line) {
    line = trim(line);
    return line == "WARC/1.0" || line == "WARC/1.1" || line == "WARC/0.18" || line == "WARC/0.17";
}

struct Reader {
    Stream& in;
    const std::string& path;
    const WarcLimits& limits;
    const std::function<void(WarcPage&&)>& on_page;
    const DiagnosticSink& warn;
    WarcStats stats;

    void bad(uint64_t line, const std::string& message) {
        warn({path, line, message});
        ++stats.bad;
    }

    // One HTTP response block: a page, or skipped, or bad.
    void http_response(std::string_view block, WarcPage page) {
        size_t head_end = header_end(block);
        if (!block.starts_with("HTTP/") || head_end == std::string_view::npos) {
            bad(page.line, "response record without a valid HTTP header; skipped");
            return;
        }
        std::string_view head = block.substr(0, head_end);
        size_t eol = head.find('\n');
        std::string_view status_line = trim(head.substr(0, eol));
        size_t sp = status_line.find(' ');
        std::optional<uint64_t> status;
        if (sp != std::string_view::npos) status = parse_decimal(status_line.substr(sp + 1, 3));
        if (!status) {
            bad(page.line, "malformed HTTP status line \"" +
                               std::string(status_line.substr(0, 80)) + "\"; skipped");
            return;
        }
        if (*status != 200 && *status != 203) {
            ++stats.skipped;  // redirects, errors, not-modified: expected in any crawl
            return;
        }
        Fields http;
        parse_fields(head.substr(eol + 1), &http);
        const std::string* content_type = field(http, "content-type");
        if (content_type && content_type->empty()) content_type = nullptr;
        std::string_view raw_body = block.substr(head_end);
        if (content_type && !is_html_type(*content_type)) {
            ++stats.skipped;
            return;
        }

        std::string body(raw_body);
        std::string why;
        for (const std::string& coding : coding_list(field_or_empty(http, "transfer-encoding"))) {
            if (coding == "chunked") {
                if (!looks_chunked(body)) continue;
                std::string out;
                BodyResult r = dechunk(body, &out, &why);
                body.swap(out);
                if (r == BodyResult::repaired) warn({path, page.line, why});
            } else if (coding != "identity") {
                // "gzip, chunked": the compression under the chunking, undone below like a
                // Content-Encoding.
                BodyResult r = decode_content(coding, &body, limits.max_record_bytes, &why);
                if (r == BodyResult::failed) {
                    bad(page.line, why + " (Transfer-Encoding); skipped");
                    return;
                }
                if (r == BodyResult::repaired) warn({path, page.line, why});
            }
        }
        std::vector<std::string> codings = coding_list(field_or_empty(http, "content-encoding"));
        for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
            BodyResult r = decode_content(*it, &body, limits.max_record_bytes, &why);
            if (r == BodyResult::failed) {
                bad(page.line, why + "; skipped");
                return;
            }
            if (r == BodyResult::repaired) warn({path, page.line, why});
        }
        if (!content_type && !looks_like_html(body)) {
            ++stats.skipped;
            return;
        }
        page.content_type = content_type ? *content_type : std::string();
        page.last_modified = field_or_empty(http, "last-modified");
        page.body = std::move(body);
        ++stats.pages;
        on_page(std::move(page));
    }

    // Handles one complete record.
    void record(const Fields& fields, std::string_view block, uint64_t line) {
        std::string type = lowercase(field_or_empty(fields, "warc-type"));
        WarcPage page;
        page.target_uri = field_or_empty(fields, "warc-target-uri");
        // WARC/1.1 drafts (and some writers) put the URI in angle brackets.
        if (page.target_uri.size() >= 2 && page.target_uri.front() == '<' &&
            page.target_uri.back() == '>')
            page.target_uri = page.target_uri.substr(1, page.target_uri.size() - 2);
        page.warc_date = field_or_empty(fields, "warc-date");
        page.line = line;
        page.record = stats.records;
        std::string record_type = field_or_empty(fields, "content-type");

        if (type.empty()) {
            bad(line, "record without WARC-Type; skipped");
        } else if (type == "response") {
            std::string mt = media_type(record_type);
            if (mt == "application/http" || (mt.empty() && block.starts_with("HTTP/")))
                http_response(block, std::move(page));
            else
                ++stats.skipped;  // dns:, ftp: and other non-HTTP responses
        } else if (type == "resource") {
            if (is_html_type(record_type)) {
                page.content_type = record_type;
                page.body.assign(block);
                ++stats.pages;
                on_page(std::move(page));
            } else {
                ++stats.skipped;
            }
        } else {
            ++stats.skipped;  // request, metadata, warcinfo, revisit, conversion, continuation
        }
    }

    // Reads one record at the current position (a "WARC/" line).
    void next_record() {
        uint64_t line = in.line();
        ++stats.records;
        // The header: up to the first blank line.
        size_t end = std::string_view::npos;
        for (size_t want = 4096;; want *= 2) {
            size_t avail = in.fill(want);
            end = header_end(in.view().substr(0, std::min(avail, kMaxHeaderBytes)));
            if (end != std::string_view::npos || avail < want || want > kMaxHeaderBytes) break;
        }
        if (end == std::string_view::npos) {
            if (in.fill(kMaxHeaderBytes + 1) <= kMaxHeaderBytes && !in.view().empty() &&
                in.view().find("\nWARC/") == std::string_view::npos) {
                bad(line, "truncated record header at the end of the file; skipped");
            } else {
                bad(line, "malformed record header (no blank line after it); skipped");
            }
            in.skip_line();
            in.skip_to_warc_line();
            return;
        }
        std::string_view header = in.view().substr(0, end);
        size_t eol = header.find('\n');
        std::string_view version = header.substr(0, eol);
        if (!known_version(version)) {
            bad(line, "unsupported WARC version \"" + std::string(trim(version).substr(0, 40)) +
                          "\"; skipped");
            in.skip_line();
            in.skip_to_warc_line();
            return;
        }
        Fields fields;
        parse_fields(header.substr(eol + 1), &fields);
        const std::string* length_value = field(fields, "content-length");
        std::optional<uint64_t> length;
        if (length_value) length = parse_decimal(*length_value);
        if (!length) {
            bad(line, length_value ? "invalid Content-Length \"" +
                                         std::string(length_value->substr(0, 40)) + "\"; skipped"
                                   : std::string("record without Content-Length; skipped"));
            in.skip_line();
            in.skip_to_warc_line();
            return;
        }

        if (*length > limits.max_record_bytes) {
            in.consume(end);
            uint64_t got = in.discard(*length);
            if (got < *length)
                bad(line, "record of " + std::to_string(*length) +
                              " bytes is truncated at the end of the file; skipped");
            else
                bad(line, "record of " + std::to_string(*length) + " bytes exceeds the limit of " +
                              std::to_string(limits.max_record_bytes) + " bytes; skipped");
            in.skip_blank();
            return;
        }

        // The block and what follows it: blank lines, then "WARC/" or the end.
        size_t block_end = end + static_cast<size_t>(*length);
        size_t avail = in.fill(block_end + 4);
        if (avail < block_end) {
            std::string_view rest = in.view().substr(end);
            if (rest.find("\nWARC/") != std::string_view::npos || rest.starts_with("WARC/")) {
                bad(line, "record does not end where its Content-Length (" +
                              std::to_string(*length) + ") says; skipped");
            } else {
                bad(line, "truncated record (" + std::to_string(avail - end) + " of " +
                              std::to_string(*length) + " bytes) at the end of the file; skipped");
            }
            in.skip_line();
            in.skip_to_warc_line();
            return;
        }
        if (!block_ends_cleanly(block_end)) {
            // Either the length overshoots into the next record (a "WARC/" line inside the
            // block), or the record is followed by garbage, which the main loop reports.
            std::string_view block = in.view().substr(end, *length);
            if (block.starts_with("WARC/") || block.find("\nWARC/") != std::string_view::npos) {
                bad(line, "record does not end where its Content-Length (" +
                              std::to_string(*length) + ") says; skipped");
                in.skip_line();
                in.skip_to_warc_line();
                return;
            }
        }
        std::string_view block = in.view().substr(end, *length);
        record(fields, block, line);
        in.consume(block_end);
        in.skip_blank();
    }

    // Whether only blank lines separate the block's end from the next "WARC/" line or the end.
    bool block_ends_cleanly(size_t block_end) {
        size_t p = block_end;
        for (;;) {
            size_t avail = in.fill(p + 5);
            std::string_view v = in.view();
            if (p >= avail) return true;
            if (!is_space(v[p])) return v.substr(p).starts_with("WARC/");
            if (++p - block_end > kMaxTrailerBytes) return false;
        }
    }

    void run() {
        for (;;) {
            in.skip_blank();
            if (in.at_end()) return;
            if (in.at_warc_line()) {
                next_record();
                continue;
            }
            uint64_t line = in.line();
            in.skip_to_warc_line();
            if (in.at_end())
                warn({path, line, "garbage at the end of the file; ignored"});
            else
                warn({path, line,
                      "garbage between records; skipped to the next record at line " +
                          std::to_string(in.line())});
        }
    }
};

}  // namespace

WarcStats read_warc(const std::function<size_t(char*, size_t)>& read, const std::string& path,
                    const WarcLimits& limits, const std::function<void(WarcPage&&)>& on_page,
                    const DiagnosticSink& warn) {
    Stream stream(read);
    Reader reader{stream, path, limits, on_page, warn, {}};
    reader.run();
    return reader.stats;
}

}  // namespace kronika
