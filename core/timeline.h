// Timelines: exact counts of matching articles per day, week, month or year, optionally in a
// time zone, as a share of all articles, and split into one series per top person, attributed
// name or outlet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "facets.h"
#include "query.h"

namespace kronika {

class Searcher;

enum class Bucketing { day, week, month, year };

// Parses "day" / "week" / "month" / "year"; throws std::invalid_argument.
Bucketing bucketing_from_name(const std::string& name);
const char* bucketing_name(Bucketing b);

struct TimelineRequest {
    std::string query;
    QueryFilters filters;
    Bucketing by = Bucketing::month;
    // IANA time zone ("Europe/Kyiv"): articles with a known instant are bucketed by their
    // calendar day in this zone (daylight-saving changes included); articles with only a date
    // keep that date. Empty: every article by the local date it was published with.
    std::string tz;
    bool normalize = false;          // also count all articles per bucket (the denominator)
    std::optional<FacetKind> split;  // people, attribution or source
    size_t top = 5;                  // series when split
    CountUnit count = CountUnit::articles;
};

struct TimelineBucket {
    std::string label;       // "2024-03-27", "2024-W13", "2024-03", "2024"
    std::string start, end;  // first and last day, "YYYY-MM-DD"
};

struct TimelineSeries {
    std::string name;              // "" for all matches; else the person, attributed name or outlet
    std::vector<uint64_t> counts;  // per bucket
    uint64_t total = 0;            // dated matches counted in the series
};

struct Timeline {
    std::vector<TimelineBucket> buckets;  // every bucket from the first to the last, empty ones too
    TimelineSeries all;                   // all matches
    std::vector<TimelineSeries> split;    // one per top value, most frequent first
    std::vector<uint64_t> denominators;   // with normalize: all articles (or stories) per bucket
    uint64_t matches = 0;                 // every match (articles), dated or not
    uint64_t undated = 0;                 // matches without a publication date (not in buckets)
    std::string query_description;
};

// At most this many buckets (a century of days would be 36,525): a coarser --by is needed.
inline constexpr size_t kMaxBuckets = 50000;

// Counts a timeline over every match. Throws QueryError for a bad query, std::invalid_argument
// for a bad request (unknown time zone, too many buckets).
Timeline compute_timeline(Searcher& searcher, const TimelineRequest& request);

// The bucket label of a day number (days since 1970-01-01).
std::string bucket_label(Bucketing by, int64_t day);

}  // namespace kronika
