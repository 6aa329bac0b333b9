// Searching a Kronika database: query + filters in, ranked hits with snippets and facets out.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analyzer.h"
#include "facets.h"
#include "query.h"
#include "snippet.h"

namespace kronika {

enum class SortOrder { relevance, newest, oldest };

struct SearchRequest {
    std::string query;
    QueryFilters filters;
    SortOrder sort = SortOrder::relevance;
    size_t limit = 10;  // at most kMaxLimit
    size_t offset = 0;  // at most kMaxOffset
    std::vector<FacetKind> facets;
    size_t facet_top = 10;
    bool exact = false;     // count every match: exact total and facet counts
    bool snippets = true;   // a highlighted snippet per hit (false: stored fields only)
    bool collapse = false;  // one hit per story (SLOT_STORY): near-duplicate copies folded
    CountUnit count = CountUnit::articles;  // what facet values count
    // Keyset paging for date sorts: the hits after this cursor (a SearchResponse::next_cursor
    // of the same query and sort), instead of an offset. Stable while articles are added: a
    // page never repeats or skips an article that was there when the previous page was read.
    std::string after;
};

// A count that had to be exact was cut short by the time limit (Searcher::set_time_limit).
class TimeLimitExceeded : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Limits on a request, so one query cannot take the machine.
inline constexpr size_t kMaxLimit = 10000;
inline constexpr size_t kMaxOffset = 1000000;
// Exact counts of at least about this many matches are counted on the shards in parallel.
inline constexpr Xapian::doccount kParallelCountMin = 20000;
// Without --exact, facets count at least this many matches.
inline constexpr Xapian::doccount kFacetSample = 10000;

struct SearchHit {
    size_t rank = 0;  // 1-based, counting from the first result of the whole list
    double score = 0;
    nlohmann::json stored;  // the document data (index_writer.h: document_data)
    std::vector<SnippetPart> snippet;
    std::string story;        // the story id (first copy's article id); "" when it has no copies
    uint64_t story_size = 1;  // articles in the story
    uint64_t collapsed = 0;   // with collapse: further copies of the story among the matches
};

struct FacetResult {
    std::string name;
    bool exact = false;      // every match was counted
    uint64_t documents = 0;  // matches counted
    uint64_t stories = 0;    // counting stories: the distinct stories of those matches
    std::vector<std::pair<std::string, uint64_t>> values;
};

struct SearchResponse {
    uint64_t total = 0;  // exact when total_exact, else Xapian's estimate
    bool total_exact = false;
    uint64_t total_lower = 0, total_upper = 0;
    std::vector<SearchHit> hits;
    std::vector<FacetResult> facets;
    std::string query_description;  // Xapian's description of the query, for debugging
    std::string next_cursor;        // date sorts: where the next page starts (request.after)
};

// A read-only view of a database. Not thread-safe: one Searcher per thread.
class Searcher {
  public:
    // Opens the database (open_for_reading). Throws std::runtime_error.
    explicit Searcher(const std::string& db_path);

    // Runs a search. Throws QueryError for a bad query, std::runtime_error for bad limits.
    SearchResponse search(const SearchRequest& request);

    Xapian::Database& database() { return db_; }

    // Sees the latest committed revision (a running indexer's new batches): reopens the
    // database when it changed and re-reads its metadata. True when it changed.
    bool refresh();

    // Every match pass of this searcher stops after `seconds` (0: no limit; Xapian's
    // Enquire::set_time_limit). A search cut short reports inexact counts; a timeline throws
    // TimeLimitExceeded rather than return partial counts.
    void set_time_limit(double seconds) { time_limit_ = seconds; }
    void limit_time(Xapian::Enquire& enquire) const;
    Analyzer& analyzer() { return analyzer_; }
    NameKeys& names() { return names_; }
    const AliasTable* aliases() const { return aliases_.empty() ? nullptr : &aliases_; }
    // LocalFacetSpy can count on this database (facets.h).
    bool local_facets() const { return local_facets_; }
    // Sorts `enquire` by date (--sort oldest / newest): by publication instant, undated articles
    // last either way, ties by content hash (stable across shard layouts and compaction). With
    // remote shards (xapian-tcpsrv takes no custom sort key) by the instant alone: undated
    // articles first when oldest, ties by docid.
    void sort_by_date(Xapian::Enquire& enquire, bool newest) const;

    // Some shards are served by xapian-tcpsrv (which runs only Xapian's own match spies).
    bool has_remote_shards() const { return remote_; }
    // A query builder for this database: its stemming languages, names and aliases.
    std::unique_ptr<QueryBuilder> query_builder();

    // Where answers come from, for exports that must be re-runnable: the database path, its
    // uuid and revision (per shard, comma-separated), schema version, document count and the
    // program version.
    nlohmann::json provenance() const;
    // Names the content this searcher answers from: the database uuid and every shard's
    // revision. Equal keys, equal answers (the server's response cache relies on it); empty when
    // unknown (remote shards report no revision).
    const std::string& content_key() const { return content_key_; }

    // Every match in the request's order, page by page, for exports with no cap: calls `fn` for
    // each hit (ranks from 1, offset and limit ignored). Returns the number of hits.
    uint64_t for_each_hit(const SearchRequest& request,
                          const std::function<void(const SearchHit&)>& fn);

    // Exact counts of at least this many estimated matches use the per-shard threads
    // (default kParallelCountMin; tests lower it).
    void set_parallel_count_min(Xapian::doccount n) { parallel_count_min_ = n; }

  private:
    void load_metadata();
    std::string db_path_;
    std::string revisions_;  // per shard, comma-separated (provenance)
    std::string content_key_;
    double time_limit_ = 0;
    Xapian::Database db_;
    Analyzer analyzer_;
    NameKeys names_;
    AliasTable aliases_;
    std::vector<std::string> stem_languages_;
    Xapian::Stem snippet_stemmer_;
    bool local_facets_ = false;  // LocalFacetSpy can count (facets.h)
    bool remote_ = false;
    // The shards of a local shard set (empty otherwise): exact counts and facets are counted
    // on each in its own thread.
    std::vector<std::unique_ptr<Xapian::Database>> shard_dbs_;
    Xapian::doccount parallel_count_min_ = kParallelCountMin;

    SearchResponse search_sharded(const SearchRequest& req, QueryBuilder& qb,
                                  const Xapian::Query& query, Xapian::MSet& mset);
    // Hits (stored data, snippets) and facet tables into `resp`.
    void finish(const SearchRequest& req, QueryBuilder& qb, const Xapian::Query& query,
                Xapian::MSet& mset, std::vector<std::unique_ptr<FacetCount>>& spies,
                SearchResponse& resp);
    // An Enquire over `query` in the request's order (date sorts, collapsing, time limit).
    Xapian::Enquire ranked_enquire(const SearchRequest& req, const Xapian::Query& query) const;
    SearchHit make_hit(const SearchRequest& req, QueryBuilder& qb, const Xapian::MSetIterator& it,
                       size_t rank);
};

// Co-occurrence: the facets of `request` over the matches that also mention `name` (a person),
// with `name`'s own entry left out of the people and attribution tables.
SearchResponse cooccurrence(Searcher& searcher, SearchRequest request, const std::string& name);

}  // namespace kronika
