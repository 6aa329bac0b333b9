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
#include "search.h"

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

// Human-readable results; `color` uses ANSI bold for matched words, else [brackets].
void write_text(std::ostream& out, const SearchRequest& request, const SearchResponse& response,
                bool color);

// One CSV row per result (RFC 4180 quoting); lists joined with "; ".
void write_csv(std::ostream& out, const SearchResponse& response);

// Snippet renderings.
std::string snippet_html(const std::vector<SnippetPart>& parts);
std::string snippet_plain(const std::vector<SnippetPart>& parts, const char* open,
                          const char* close);

}  // namespace kronika
