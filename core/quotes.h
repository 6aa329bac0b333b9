// Who said what: attributed statements (speaker, kind, cue, quote) found by query and name, in
// date order, each claim traced to its first appearance and the names that repeated it.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "article.h"
#include "query.h"
#include "search.h"

namespace kronika {

struct QuotesRequest {
    // Matched against each statement's quoted or reported text, as a query matches an article
    // body (words, stems, phrases, AND / OR / NOT, NEAR); empty: every statement.
    std::string query;
    QueryFilters filters;            // article filters (dates, people, outlets...)
    std::string by;                  // statements attributed to this name ("" = anyone)
    std::vector<std::string> kinds;  // statements of these kinds (empty = any)
    SortOrder sort = SortOrder::oldest;
    size_t limit = 50, offset = 0;  // a page of statements (limit at most kMaxLimit)
    bool all = false;               // every statement
};

struct QuoteRow {
    nlohmann::json article;  // id, title, date, date_utc, source, url of the article
    Attribution statement;   // name, kind, cue, quote
    size_t claim = 0;        // index into QuotesResponse::claims
    bool first = false;      // the claim's first appearance
};

// A claim: statements with the same words (case, accents and punctuation aside).
struct Claim {
    std::string first_id, first_date, first_by;  // its first appearance
    uint64_t statements = 0;                     // how often it appears among the matches
    std::set<std::string> repeated_by;           // names that repeated it after first_by
};

struct QuotesResponse {
    uint64_t total = 0;          // matching statements
    uint64_t articles = 0;       // articles they are in
    std::vector<QuoteRow> rows;  // the page asked for
    std::vector<Claim> claims;
    std::string query_description;
};

// Finds the statements. Throws QueryError for a bad query.
QuotesResponse find_quotes(Searcher& searcher, const QuotesRequest& request);

}  // namespace kronika
