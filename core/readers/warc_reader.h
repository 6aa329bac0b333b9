// WARC files (ISO 28500, versions 0.18 to 1.1) as written by Heritrix, wget and Common Crawl:
// HTTP response records with HTML payloads, other records skipped and counted.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "diagnostics.h"

namespace kronika {

// One HTTP response (or `resource` record) with an HTML payload.
struct WarcPage {
    std::string target_uri;    // WARC-Target-URI
    std::string warc_date;     // WARC-Date (ISO 8601)
    std::string last_modified; // the HTTP Last-Modified header, "" when none
    std::string content_type;  // the payload's Content-Type ("text/html; charset=...")
    std::string body;          // the payload: de-chunked and decompressed, bytes as sent
    uint64_t line = 0;         // 1-based line of the record's "WARC/1.x" header in the stream
    uint64_t record = 0;       // 1-based record number
};

struct WarcStats {
    uint64_t records = 0;  // records read
    uint64_t pages = 0;    // passed to the callback
    uint64_t skipped = 0;  // records that are not HTML responses (request, metadata, warcinfo,
                           // revisit, redirects and errors, images, ...): expected, no warning
    uint64_t bad = 0;      // records skipped with a warning (malformed, too large, bad encoding)
};

struct WarcLimits {
    uint64_t max_record_bytes = 64u << 20;  // larger records are read past and skipped
};

// Reads records from `read` (which fills a buffer with the next bytes of the decompressed WARC
// and returns 0 at the end; a .warc.gz's gzip members are the caller's business) until the end,
// calling `on_page` for each HTML response. Malformed records are reported through `warn` (with
// `path` and the record's line) and skipped; reading resynchronises at the next "WARC/" header.
// Throws only what `read` or `on_page` throw.
WarcStats read_warc(const std::function<size_t(char*, size_t)>& read, const std::string& path,
                    const WarcLimits& limits, const std::function<void(WarcPage&&)>& on_page,
                    const DiagnosticSink& warn);

}  // namespace kronika
