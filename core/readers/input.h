// Input discovery and decoding: files, directories, stdin, .gz/.zst, format sniffing, article ids.
//
// Every reader reports problems in the data as diagnostics ("path:line: warning: ...") and goes
// on with the next record; only an unreadable path is an error of the whole input.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "article.h"
#include "diagnostics.h"

namespace kronika {

// Named limits on input, so hostile files cannot exhaust memory.
struct ReadLimits {
    // Articles whose title + body exceed this are skipped with a warning.
    size_t max_article_bytes = 16u << 20;
    // A JSON Lines line longer than this is skipped (and read past) with a warning.
    size_t max_line_bytes = 64u << 20;
    // A whole-file input (a JSON document) larger than this is skipped; a plain-text scrape,
    // being one article, already when larger than max_article_bytes.
    size_t max_file_bytes = 256u << 20;
};

enum class InputFormat { unknown, text, json, jsonl, html, warc };

// One file to read. `root` is the folder given on the command line that contained it (or the
// file's own folder), used to derive ids of one-article files.
struct InputFile {
    std::string path;  // "-" for standard input
    std::string root;
    uint64_t size = 0;     // bytes on disk (compressed size for .gz/.zst); 0 for stdin
    InputFormat format = InputFormat::unknown;  // from the extension; unknown = sniff content
    int64_t mtime_ns = 0;  // modification time (file_records.h); 0 for stdin and pipes
};

// Expands command-line paths: files as given, directories recursively (sorted; hidden entries
// and files of unsupported extensions skipped), "-" as stdin. A missing path, and a directory
// entry that cannot be read (a symlink loop, a dangling link, a FIFO or device with an input's
// extension), is reported through `warn` and counted in *missing.
std::vector<InputFile> list_inputs(const std::vector<std::string>& paths,
                                   const DiagnosticSink& warn, size_t* missing = nullptr);

// One file as list_inputs describes it (size, time, format from its name), with `root` for its
// id; format unknown when its extension is not an input's.
InputFile describe_input(const std::string& path, const std::string& root);

// Counts from reading one or more files.
struct ReadStats {
    uint64_t articles = 0;  // articles passed to the sink
    uint64_t skipped = 0;   // records or files skipped with a warning
    uint64_t bytes = 0;     // decompressed bytes read
    // WARC records that are not articles (requests, metadata, redirects, images, pages without
    // article text): expected in a crawl, counted without a warning.
    uint64_t not_articles = 0;
};

using ArticleSink = std::function<void(Article&&)>;

// Reads one input, calling `sink` for each article (ids assigned, dates parsed from metadata;
// facets are not extracted here). Problems go to `warn`. Never throws for bad data; throws
// std::runtime_error only when `sink` does. When `raw_bytes_read` is given, it is kept up to date
// with the bytes consumed from the file as stored (compressed), for progress displays.
ReadStats read_input(const InputFile& file, const ReadLimits& limits, const ArticleSink& sink,
                     const DiagnosticSink& warn, uint64_t* raw_bytes_read = nullptr);

// Replaces invalid UTF-8 sequences with U+FFFD and NUL bytes with spaces. Returns how many
// replacements were made.
size_t repair_utf8(std::string& text);

// The canonical form of a URL used as an id: scheme and host lowercased, fragment and trailing
// slash dropped, "utm_*" tracking parameters removed.
std::string canonical_url(std::string_view url);

}  // namespace kronika
