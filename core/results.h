// The one result encoder: search responses as text, JSON or CSV, for the CLI and HTTP alike.
//
// JSON (documented in docs/json-output.md) is one object:
//   {"version": 1, "query": ..., "total": N, "total_exact": bool, "offset": N, "limit": N,
//    "results": [{"rank", "score", "id", "title", "date", "date_utc", "source", "url", "people",
//                 "attributions": [{"name", "kind", "cue", "quote"}], "snippet"}],
//    "facets": {"people": {"exact": bool, "documents": N, "values": [{"value", "count"}]}, ...}}
// Snippets in JSON are HTML-escaped text with the matched words in <mark>…</mark>.
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "article.h"
#include "plot.h"
#include "quotes.h"
#include "search.h"
#include "timeline.h"

namespace kronika {

inline constexpr int kJsonOutputVersion = 1;

enum class OutputFormat { text, json, csv };

// Parses "text" / "json" / "csv"; throws std::invalid_argument.
OutputFormat output_format_from_name(const std::string& name);

// An article with its facets, as stored in the index and printed by `kronika-index extract`:
// id, title, section (when known), url, source, language, authors, photo_credits, date (local,
// ISO 8601 with offset when known), date_utc, people, attributions [{name, kind, cue, quote}],
// and body when `with_body`.
nlohmann::json article_json(const Article& article, bool with_body);

nlohmann::json to_json(const SearchRequest& request, const SearchResponse& response);
// One result of to_json's "results".
nlohmann::json hit_json(const SearchHit& hit);

// Every match of `request` (no limit) as JSON or CSV, streamed: the counts and provenance
// first, then each hit as it is read. Returns the number of hits written.
uint64_t write_all_results(std::ostream& out, Searcher& searcher, const SearchRequest& request,
                           OutputFormat format);

// Human-readable results; `color` uses ANSI bold for matched words, else [brackets].
void write_text(std::ostream& out, const SearchRequest& request, const SearchResponse& response,
                bool color);

// One CSV row per result (RFC 4180 quoting); lists joined with "; ".
void write_csv(std::ostream& out, const SearchResponse& response);

// The request echoed in exports: query as given, filters, Xapian's parsed query, exactness,
// with the database's provenance (Searcher::provenance), so a figure can be re-run.
nlohmann::json provenance_json(const nlohmann::json& database, const std::string& query,
                               const QueryFilters& filters, const std::string& parsed_query,
                               bool exact);
// The provenance as CSV comment lines ("# key: value"), before the header row.
void write_provenance_csv(std::ostream& out, const nlohmann::json& provenance);

// Timelines (timeline.h). JSON: {"version", "kind": "timeline", "provenance", "by", "tz",
// "count", "normalize", "matches", "undated", "buckets": [{"bucket", "start", "end", "count",
// "all", "share"}], "series": [{"name", "total", "counts", "shares"}]}; "all" and "share(s)"
// only with normalize. CSV: long format, one row per bucket and series ("(all matches)" first):
// bucket,start,end,series,count[,all,share]. Text: a summary line and a terminal bar chart.
nlohmann::json timeline_json(const TimelineRequest& request, const Timeline& timeline,
                             const nlohmann::json& provenance);
void write_timeline_csv(std::ostream& out, const TimelineRequest& request, const Timeline& timeline,
                        const nlohmann::json& provenance);
void write_timeline_text(std::ostream& out, const TimelineRequest& request,
                         const Timeline& timeline, bool color, int width);
// The chart of a timeline: one series (all matches) or the split series; shares when normalized.
Chart timeline_chart(const TimelineRequest& request, const Timeline& timeline);

// Facet tables with each value's share of the matches. JSON: {"version", "kind": "facets",
// "provenance", "total", "with", "count", "facets": {NAME: {"exact", "documents", "values":
// [{"value", "count", "share"}]}}}. CSV: facet,value,count,share.
nlohmann::json facets_json(const SearchRequest& request, const SearchResponse& response,
                           const std::string& with, const nlohmann::json& provenance);
void write_facets_csv(std::ostream& out, const SearchResponse& response,
                      const nlohmann::json& provenance);
void write_facets_text(std::ostream& out, const SearchResponse& response, const std::string& with,
                       bool color);

// Attributed statements (quotes.h). JSON: {"version", "kind": "quotes", "provenance", "total",
// "articles", "offset", "limit", "quotes": [{"name", "kind", "cue", "quote", "first",
// "article": {"id", "title", "date", "date_utc", "source", "url"}, "claim": {"first_id",
// "first_date", "first_by", "statements", "repeated_by"}}]}. CSV: date,name,kind,cue,quote,
// article_id,title,source,url,first,first_id,first_date,first_by,statements.
nlohmann::json quotes_json(const QuotesRequest& request, const QuotesResponse& response,
                           const nlohmann::json& provenance);
void write_quotes_csv(std::ostream& out, const QuotesResponse& response,
                      const nlohmann::json& provenance);
void write_quotes_text(std::ostream& out, const QuotesRequest& request,
                       const QuotesResponse& response, bool color);

// Runs a request and encodes its JSON answer, provenance included: what `--format json` prints
// and what the HTTP API returns, from one place.
nlohmann::json answer_search(Searcher& searcher, const SearchRequest& request);
nlohmann::json answer_timeline(Searcher& searcher, const TimelineRequest& request);
nlohmann::json answer_facets(Searcher& searcher, const SearchRequest& request,
                             const std::string& with);
nlohmann::json answer_quotes(Searcher& searcher, const QuotesRequest& request);

// Snippet renderings.
std::string snippet_html(const std::vector<SnippetPart>& parts);
std::string snippet_plain(const std::vector<SnippetPart>& parts, const char* open,
                          const char* close);

}  // namespace kronika
