// The article model: what every reader produces and every later stage consumes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kronika {

// A publication date as found in metadata or a dateline.
//
// The local calendar date is what a reader of the article saw printed; the instant is that
// moment in UTC when a time (and zone) is known. Without a time, the instant is local midnight
// taken as UTC, and `has_time` is false.
struct PubDate {
    int year = 0, month = 0, day = 0;      // local calendar date
    int hour = 0, minute = 0, second = 0;  // local time of day, when has_time
    bool has_time = false;
    bool has_zone = false;       // the UTC offset below is known
    int utc_offset_minutes = 0;  // local = UTC + offset
    int64_t utc_seconds = 0;     // the instant, seconds since 1970-01-01T00:00:00Z

    // "2024-03-27"
    std::string local_date() const;
    // "2024-03-27T13:57:00-04:00" when time and zone are known, "2024-03-27T13:57:00" with a time
    // but no zone, else "2024-03-27".
    std::string local_iso() const;
    // "2024-03-27T17:57:00Z", or "2024-03-27" when there is no time.
    std::string utc_iso() const;
    // YYYYMMDD as an integer, for value slots and ranges.
    int yyyymmdd() const { return year * 10000 + month * 100 + day; }
};

// Who a statement or claim is attributed to.
struct Attribution {
    std::string name;   // canonical name (a person's full name, an outlet, an organisation)
    std::string kind;   // "speaker" | "source" | "claimant"
    std::string cue;    // the cue word as written: "said", "according to", "claimed"
    std::string quote;  // the quoted or reported text, possibly empty
};

struct Article {
    std::string id;  // stable id (see readers/input.h for how it is chosen)
    std::string title;
    std::string section;  // a section label such as "News", when the layout gives one
    std::string body;     // plain text, paragraphs separated by a blank line ("\n\n")
    std::string url;
    std::string source;                      // outlet name or domain
    std::string language;                    // ISO 639-1 code, "" when unknown
    std::vector<std::string> authors;        // bylines: never counted as people mentioned
    std::vector<std::string> photo_credits;  // "East News | MIKHAIL METZEL": never people
    // Image captions of a web page, kept apart from the body: searchable, stored, but never
    // read by the facet extractors (a caption names people in the picture, not in the story).
    std::vector<std::string> captions;
    // Where each metadata field of a web page came from: ("title", "json-ld"), ("date",
    // "opengraph"), ("language", "cld2"), ... in field order; empty for other inputs.
    std::vector<std::pair<std::string, std::string>> field_sources;

    std::optional<PubDate> date;
    std::string date_raw;  // the metadata date as given, kept when it could not be parsed

    // Facets, filled by extract/extract.h.
    std::vector<std::string> people;        // canonical full names, each once
    std::vector<Attribution> attributions;  // each (name, kind) once, first cue and quote kept

    // Where the article came from, for diagnostics: a path ("-" for stdin) and 1-based line.
    std::string origin_path;
    uint64_t origin_line = 0;
    // The source file's key (readers/file_records.h) when the article came from a file on disk:
    // indexed as a boolean term, so a changed or deleted file's old articles can be found.
    std::string origin_file_key;
};

// A 64-bit FNV-1a hash of a byte string, for content ids and change detection.
uint64_t fnv1a64(std::string_view data, uint64_t seed = 14695981039346656037ull);

// Hex form of fnv1a64 over all content fields: equal for articles that index identically.
std::string content_hash(const Article& article);

}  // namespace kronika
