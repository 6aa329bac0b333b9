// The query language: words, "phrases", AND / OR / NOT, NEAR, field:value, date ranges.
//
//   crocus attack              both words (stemmed; default operator AND)
//   "crocus city hall"         the exact words in a row (punctuation between them ignored)
//   putin OR zelenskyy         either; NOT / a leading "-" excludes; parentheses group
//   kremlin NEAR/5 bloomberg   both words within 5 positions (NEAR alone: 10)
//   title:kremlin  title:"city hall"            words of the title only
//   quote:terrorist  quote:"no terrorist ties"  words of attributed quotes and reported speech
//   person:"Vladimir Putin"  attribution:Bloomberg  kind:source  source:"New York Times"
//   author:"Jane Doe"  lang:en  id:ABC
//   date:2024-03-01..2024-03-31  date:2024-03  date:2024  date:..2024-03-31  date:2024-01-01..
// Operators must be upper case; lower-case "and", "or", "not" are ordinary words.
#pragma once

#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analyzer.h"
#include "facets.h"
#include "names.h"

namespace kronika {

// A query the user must fix; the message says what is wrong and where.
class QueryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Filters given as options rather than in the query string. Each list is ANDed.
struct QueryFilters {
    std::vector<std::string> people;
    std::vector<std::string> attributions;
    std::vector<std::string> kinds;  // with attributions: the attribution has this kind
    std::vector<std::string> sources;
    std::string from, to;  // local dates, "YYYY-MM-DD" (or YYYY-MM, YYYY)
};

// Builds Xapian queries with the same analyzer as the index writer.
class QueryBuilder {
  public:
    // `stem_languages`: Snowball languages the database was stemmed with (plain words match
    // any of their stems, and the exact word). Person and attribution names are looked up by
    // alias key (names.h) with `names` (an own one when null), expanded to every alias of their
    // group in `aliases` when given.
    QueryBuilder(Analyzer& analyzer, std::vector<std::string> stem_languages = {"english"},
                 NameKeys* names = nullptr, const AliasTable* aliases = nullptr);
    ~QueryBuilder();

    // With a database, a name written with initials ("V. Zelensky", "J. R. Smith") also finds
    // the full names in the index that the initials abbreviate ("Volodymyr Zelenskyy").
    void set_database(const Xapian::Database* db) { db_ = db; }

    // Parses a query string. An empty string matches all documents. Throws QueryError.
    Xapian::Query parse(std::string_view text);

    // The query string with the filters applied. Throws QueryError.
    Xapian::Query build(std::string_view text, const QueryFilters& filters);

    // Folded words and stems from the last parse, for highlighting snippets.
    const std::set<std::string>& highlight_words() const { return highlight_words_; }
    const std::set<std::string>& highlight_stems() const { return highlight_stems_; }

    // The stem a word would have in the first stemming language, "Z"-prefix-free.
    std::string stem(const std::string& word) const;

    // Exactly the articles a facet counted under `value` (a value facets.h showed): the alias
    // group of a person or attributed name (no surname or initials widening), an outlet, a kind.
    Xapian::Query facet_value_filter(FacetKind facet, const std::string& value);

    // A local-date range "YYYYMMDD".."YYYYMMDD" (either may be "" for open) as a filter query.
    Xapian::Query date_filter(std::string lo, std::string hi) const;

  private:
    Analyzer& analyzer_;
    std::unique_ptr<NameKeys> own_names_;
    NameKeys* names_;
    const AliasTable* aliases_;
    const Xapian::Database* db_ = nullptr;
    std::vector<std::pair<std::string, Xapian::Stem>> stemmers_;  // Snowball name, stemmer

    // A filter on a person or attribution name: any key of its alias group.
    Xapian::Query name_filter(std::string_view prefix, const std::string& name, bool weightless,
                              const std::string& key_prefix = "");
    std::set<std::string> highlight_words_, highlight_stems_;

    friend class QueryParserImpl;
};

// The keys of full names under `prefix` in `db` that a key of initials and a surname abbreviates
// ("v zelenski" -> "volodimir zelenski"); empty when `key` is not of that form.
std::vector<std::string> expand_initials(const Xapian::Database& db, const std::string& prefix,
                                         const std::string& key);

// "2024-03-27" / "2024-03" / "2024" to the first ("lo") or last ("hi") YYYYMMDD of that span.
// Throws QueryError on anything else.
std::string date_bound(std::string_view text, bool hi);

}  // namespace kronika
