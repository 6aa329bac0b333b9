// The search: build the query, run Enquire with facet spies, decode hits and make snippets.
#include "search.h"

#include <sstream>
#include <thread>

#include "index_writer.h"
#include "schema.h"
#include "shards.h"

namespace kronika {

namespace {

// A cursor: the date key (SLOT_DATE_UTC, "" for undated) and content hash (SLOT_CONTENT_HASH,
// the tie-break of the date order) of the last hit of a page. Docids would not do: a match
// decider sees shard-local docids, and compaction renumbers them.
struct Cursor {
    std::string key;
    std::string hash;
};

// "<hex date key>-<content hash>".
std::string make_cursor(const std::string& key, const std::string& hash) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : key) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out + "-" + hash;
}

Cursor parse_cursor(const std::string& text) {
    auto bad = [&] { return std::runtime_error("bad cursor \"" + text + "\""); };
    size_t dash = text.find('-');
    if (dash == std::string::npos || dash % 2 || dash > 64) throw bad();
    Cursor c;
    auto nibble = [&](char h) {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        throw bad();
    };
    for (size_t i = 0; i < dash; i += 2)
        c.key += static_cast<char>(nibble(text[i]) * 16 + nibble(text[i + 1]));
    c.hash = text.substr(dash + 1);
    if (c.hash.empty() || c.hash.size() > 32 ||
        c.hash.find_first_not_of("0123456789abcdef") != std::string::npos)
        throw bad();
    return c;
}

// The matches at or after the cursor's date in the sort order (undated articles come last
// either way); AfterCursor then drops those at its date up to its hash.
Xapian::Query after_filter(const Cursor& c, bool newest) {
    // Dated articles have a year term (schema.h); a value range cannot tell "no value".
    Xapian::Query dated(Xapian::Query::OP_WILDCARD, std::string(schema::kPrefixYear));
    Xapian::Query undated(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, dated);
    if (c.key.empty()) return undated;
    Xapian::Query from(newest ? Xapian::Query::OP_VALUE_LE : Xapian::Query::OP_VALUE_GE,
                       schema::SLOT_DATE_UTC, c.key);
    return Xapian::Query(Xapian::Query::OP_OR, from, undated);
}

class AfterCursor final : public Xapian::MatchDecider {
  public:
    explicit AfterCursor(Cursor c) : c_(std::move(c)) {}
    bool operator()(const Xapian::Document& doc) const override {
        return doc.get_value(schema::SLOT_DATE_UTC) != c_.key ||
               doc.get_value(schema::SLOT_CONTENT_HASH) > c_.hash;
    }

  private:
    Cursor c_;
};

}  // namespace

Searcher::Searcher(const std::string& db_path) : db_path_(db_path), db_(open_for_reading(db_path)) {
    // Local shards of a shard set, each on its own handle, for counting them in parallel.
    DatabaseLayout layout = inspect_database(db_path);
    remote_ = !layout.remote.empty();
    if (!remote_ && layout.sharded && layout.shards.size() >= 2 &&
        std::thread::hardware_concurrency() >= 2) {
        for (const auto& shard : layout.shards)
            shard_dbs_.push_back(std::make_unique<Xapian::Database>(shard));
    }
    load_metadata();
    refresh();  // a commit while opening: every handle and the revisions agree afterwards
}

void Searcher::load_metadata() {
    std::string langs = db_.get_metadata("kronika.stem_languages");
    std::stringstream ss(langs);
    std::string lang;
    stem_languages_.clear();
    while (std::getline(ss, lang, ','))
        if (!lang.empty()) stem_languages_.push_back(lang);
    if (stem_languages_.empty()) stem_languages_.push_back("english");
    // English first: it is the default language and the one snippets highlight stems in.
    auto en = std::find(stem_languages_.begin(), stem_languages_.end(), "english");
    if (en != stem_languages_.end()) std::iter_swap(stem_languages_.begin(), en);
    snippet_stemmer_ = Xapian::Stem(stem_languages_[0]);
    aliases_ = AliasTable::parse(db_.get_metadata(kMetaAliases), names_, nullptr);
    // The fast facet spy needs every shard on this machine (remote shards run only Xapian's
    // own spies) and the facet id slots of schema 2 in every document that has facets.
    local_facets_ =
        !remote_ &&
        db_.get_value_freq(schema::SLOT_PEOPLE_IDS) == db_.get_value_freq(schema::SLOT_PEOPLE) &&
        db_.get_value_freq(schema::SLOT_ATTRIBUTION_IDS) ==
            db_.get_value_freq(schema::SLOT_ATTRIBUTIONS);
    if (!local_facets_) shard_dbs_.clear();
    // The revision of each shard, for provenance (Xapian reports one only per single
    // database): read here, when the database changed, not on every answer.
    revisions_.clear();
    try {
        DatabaseLayout layout = inspect_database(db_path_);
        if (layout.remote.empty()) {  // remote shards do not report one
            for (const auto& shard : layout.shards) {
                if (!revisions_.empty()) revisions_ += ',';
                revisions_ += std::to_string(Xapian::Database(shard).get_revision());
            }
        }
    } catch (const std::exception&) {
        revisions_.clear();  // the folder changed under us: answers still stand
    } catch (const Xapian::Error&) {
        revisions_.clear();
    }
    content_key_ = revisions_.empty() ? std::string() : db_.get_uuid() + "@" + revisions_;
}

bool Searcher::refresh() {
    // The revisions are read from the shards' folders after reopening: a commit in between
    // would name a revision newer than the one answered from. So again until no handle moves
    // (then every handle and the revisions read agree), a few times at most.
    bool any = false;
    for (int round = 0; round < 4; ++round) {
        bool changed = db_.reopen();
        for (auto& shard : shard_dbs_) changed = shard->reopen() || changed;
        if (!changed) return any;
        any = true;
        load_metadata();
    }
    content_key_.clear();  // still moving: no key (nothing is cached) until the next refresh
    return any;
}

void Searcher::limit_time(Xapian::Enquire& enquire) const {
    if (time_limit_ > 0) enquire.set_time_limit(time_limit_);
}

std::unique_ptr<QueryBuilder> Searcher::query_builder() {
    auto qb = std::make_unique<QueryBuilder>(analyzer_, stem_languages_, &names_, aliases());
    qb->set_database(&db_);
    return qb;
}

nlohmann::json Searcher::provenance() const {
    nlohmann::json p;
    p["database"] = db_path_;
    p["uuid"] = db_.get_uuid();
    p["revision"] = revisions_;
    std::string v = db_.get_metadata(schema::kMetaSchemaVersion);
    p["schema_version"] = v.empty() ? 0 : std::stoi(v);
    p["documents"] = db_.get_doccount();
    p["kronika_version"] = KRONIKA_VERSION;
    return p;
}

SearchResponse Searcher::search(const SearchRequest& req) {
    if (req.limit > kMaxLimit)
        throw std::runtime_error("--limit is at most " + std::to_string(kMaxLimit));
    if (req.offset > kMaxOffset)
        throw std::runtime_error("--offset is at most " + std::to_string(kMaxOffset));
    auto builder = query_builder();
    QueryBuilder& qb = *builder;
    Xapian::Query query = qb.build(req.query, req.filters);

    Xapian::Enquire enquire = ranked_enquire(req, query);
    Xapian::doccount doccount = db_.get_doccount();
    auto offset = static_cast<Xapian::doccount>(req.offset);
    auto limit = static_cast<Xapian::doccount>(req.limit);
    // Exact counts by relevance may run two passes: the ranked hits with Xapian's pruning, then
    // a count of every match without weights (BoolWeight), which also feeds the facet spies.
    // Measured on Reuters x10 (docs/benchmarks.md): a third faster for one word and for counts
    // alone (limit 0), slower for several words (the matching is done twice). Sorting by date
    // examines every match anyway, so it keeps one pass.
    // With local shards and a big count, the counting pass runs on every shard at once, each in
    // its own thread: on several cores it costs little more than its largest shard.
    // (Stories are counted by one spy over every shard: a story's copies may be in several.)
    bool parallel = req.exact && req.sort == SortOrder::relevance && !req.collapse &&
                    req.count == CountUnit::articles && shard_dbs_.size() >= 2;
    bool two_pass = parallel || (req.exact && req.sort == SortOrder::relevance && !req.collapse &&
                                 (limit == 0 || query.get_length() <= 3));
    // A cursor: the page is read from the matches after it, the counts from all matches.
    std::unique_ptr<Xapian::MatchDecider> after;
    if (!req.after.empty()) {
        if (req.sort == SortOrder::relevance)
            throw std::runtime_error("a cursor (--after) needs --sort oldest or newest");
        if (offset != 0) throw std::runtime_error("give a cursor (--after) or an offset, not both");
        if (remote_) throw std::runtime_error("cursors (--after) need local shards; use --offset");
        Cursor c = parse_cursor(req.after);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                        after_filter(c, req.sort == SortOrder::newest)));
        after = std::make_unique<AfterCursor>(c);
        two_pass = true;
    }
    // The ranked pass first: its estimate says whether the count is big enough for threads
    // (starting them costs more than counting a few thousand matches).
    Xapian::MSet mset;
    bool ranked = false;
    if (parallel) {
        mset = limit > 0 ? enquire.get_mset(offset, limit, offset + limit) : enquire.get_mset(0, 0);
        ranked = true;
        if (mset.get_matches_estimated() >= parallel_count_min_)
            return search_sharded(req, qb, query, mset);
    }
    Xapian::Enquire counter(db_);
    limit_time(counter);
    if (two_pass) {
        counter.set_query(query);
        counter.set_weighting_scheme(Xapian::BoolWeight());
    }
    Xapian::Enquire& spied = two_pass ? counter : enquire;
    std::vector<std::unique_ptr<FacetCount>> spies;
    for (FacetKind k : req.facets) {
        spies.push_back(make_facet_count(k, db_, names_, aliases(), local_facets_, req.count));
        spied.add_matchspy(spies.back()->spy());
    }
    Xapian::MSet counted;
    if (two_pass) {
        if (limit > 0 && !ranked)
            mset = enquire.get_mset(offset, limit, offset + limit, nullptr, after.get());
        if (limit == 0) mset = Xapian::MSet();
        counted = counter.get_mset(0, 0, doccount);
    } else {
        Xapian::doccount check = offset + limit;
        if (req.exact)
            check = std::max(check, doccount);
        else if (!spies.empty())
            check = std::max(check, kFacetSample);
        mset = enquire.get_mset(offset, limit, check);
        counted = mset;
    }
    SearchResponse resp;
    resp.total_lower = counted.get_matches_lower_bound();
    resp.total_upper = counted.get_matches_upper_bound();
    resp.total_exact = resp.total_lower == resp.total_upper;
    resp.total = resp.total_exact ? resp.total_lower : counted.get_matches_estimated();
    finish(req, qb, query, mset, spies, resp);
    return resp;
}

SearchResponse Searcher::search_sharded(const SearchRequest& req, QueryBuilder& qb,
                                        const Xapian::Query& query, Xapian::MSet& mset) {
    // Xapian objects are not shared between threads: each shard thread has its own database
    // handle, its own copy of the query (serialised) and its own spies.
    const std::string serialised = query.serialise();
    const AliasTable* aliases = aliases_.empty() ? nullptr : &aliases_;
    struct Part {
        Xapian::doccount count = 0;
        std::vector<std::unique_ptr<LocalFacetSpy>> spies;
        std::exception_ptr error;
    };
    std::vector<Part> parts(shard_dbs_.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < shard_dbs_.size(); ++i) {
        threads.emplace_back([&, i] {
            try {
                Xapian::Database& sdb = *shard_dbs_[i];
                Xapian::Enquire e(sdb);
                e.set_query(Xapian::Query::unserialise(serialised));
                e.set_weighting_scheme(Xapian::BoolWeight());
                limit_time(e);
                for (FacetKind k : req.facets) {
                    parts[i].spies.push_back(
                        std::make_unique<LocalFacetSpy>(k, sdb, names_, aliases));
                    e.add_matchspy(parts[i].spies.back().get());
                }
                Xapian::MSet m = e.get_mset(0, 0, sdb.get_doccount());
                parts[i].count = m.get_matches_lower_bound();
            } catch (...) {
                parts[i].error = std::current_exception();
            }
        });
    }
    for (auto& t : threads) t.join();
    if (req.limit == 0) mset = Xapian::MSet();
    SearchResponse resp;
    std::vector<std::unique_ptr<FacetCount>> spies;
    for (auto& part : parts) {
        if (part.error) std::rethrow_exception(part.error);
        resp.total += part.count;
    }
    for (size_t f = 0; f < req.facets.size(); ++f) {
        for (size_t i = 1; i < parts.size(); ++i) parts[0].spies[f]->merge(*parts[i].spies[f]);
        spies.push_back(std::move(parts[0].spies[f]));
    }
    resp.total_lower = resp.total_upper = resp.total;
    resp.total_exact = true;
    finish(req, qb, query, mset, spies, resp);
    return resp;
}

SearchHit Searcher::make_hit(const SearchRequest& req, QueryBuilder& qb,
                             const Xapian::MSetIterator& it, size_t rank) {
    SearchHit hit;
    hit.rank = rank;
    hit.score = it.get_weight();
    Xapian::Document doc = it.get_document();
    std::string body;
    hit.stored = read_document_data(doc.get_data(), req.snippets ? &body : nullptr);
    hit.story = doc.get_value(schema::SLOT_STORY);
    if (!hit.story.empty()) hit.story_size = db_.get_termfreq(schema::story_term(hit.story));
    if (req.collapse) hit.collapsed = it.get_collapse_count();
    if (req.snippets) {
        hit.snippet = make_snippet(analyzer_, body, qb.highlight_words(), qb.highlight_stems(),
                                   snippet_stemmer_);
    }
    return hit;
}

Xapian::Enquire Searcher::ranked_enquire(const SearchRequest& req,
                                         const Xapian::Query& query) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    limit_time(enquire);
    if (req.sort != SortOrder::relevance) sort_by_date(enquire, req.sort == SortOrder::newest);
    // One hit per story: Xapian collapses on the story slot (articles without copies have no
    // value and are never collapsed); the counts are then of stories, in one pass.
    if (req.collapse) enquire.set_collapse_key(schema::SLOT_STORY);
    return enquire;
}

uint64_t Searcher::for_each_hit(const SearchRequest& req,
                                const std::function<void(const SearchHit&)>& fn) {
    auto builder = query_builder();
    QueryBuilder& qb = *builder;
    Xapian::Enquire enquire = ranked_enquire(req, qb.build(req.query, req.filters));
    // Pages of kMaxLimit from one database revision: ties are broken by document id (or
    // content hash), so the order is the same on every page.
    uint64_t n = 0;
    for (Xapian::doccount first = 0;; first += kMaxLimit) {
        Xapian::MSet page = enquire.get_mset(first, kMaxLimit);
        for (auto it = page.begin(); it != page.end(); ++it) fn(make_hit(req, qb, it, ++n));
        if (page.size() < kMaxLimit) break;
    }
    return n;
}

void Searcher::sort_by_date(Xapian::Enquire& enquire, bool newest) const {
    if (remote_) {
        enquire.set_sort_by_value(schema::SLOT_DATE_UTC, newest);
        return;
    }
    auto* keys = new Xapian::MultiValueKeyMaker();
    // Sortable-serialised dates never start with 0xff; reversed, "" sorts after every date.
    keys->add_value(schema::SLOT_DATE_UTC, newest, newest ? std::string() : std::string(9, '\xff'));
    // Ties by content hash (unique per article: the data holds the id), the same in any shard
    // layout and after compaction, so cursors stay valid.
    keys->add_value(schema::SLOT_CONTENT_HASH);
    enquire.set_sort_by_key(keys->release(), false);
}

SearchResponse cooccurrence(Searcher& searcher, SearchRequest req, const std::string& name) {
    req.filters.people.push_back(name);
    size_t top = req.facet_top;
    if (req.facet_top) req.facet_top += 1;  // room for the name itself, removed below
    SearchResponse resp = searcher.search(req);
    std::string key = searcher.names().key(name);
    const AliasTable* aliases = searcher.aliases();
    if (aliases) key = aliases->group_key(key);
    for (auto& f : resp.facets) {
        if (f.name != std::string("people") && f.name != std::string("attribution")) continue;
        std::erase_if(f.values, [&](const auto& v) {
            std::string k = searcher.names().key(v.first);
            return (aliases ? aliases->group_key(k) : k) == key;
        });
        if (top && f.values.size() > top) f.values.resize(top);
    }
    return resp;
}

void Searcher::finish(const SearchRequest& req, QueryBuilder& qb, const Xapian::Query& query,
                      Xapian::MSet& mset, std::vector<std::unique_ptr<FacetCount>>& spies,
                      SearchResponse& resp) {
    resp.query_description = query.get_description();

    for (auto it = mset.begin(); it != mset.end(); ++it)
        resp.hits.push_back(make_hit(req, qb, it, req.offset + it.get_rank() + 1));
    if (req.sort != SortOrder::relevance && !remote_ && !mset.empty()) {
        auto last = mset[mset.size() - 1];
        Xapian::Document doc = last.get_document();
        resp.next_cursor = make_cursor(doc.get_value(schema::SLOT_DATE_UTC),
                                       doc.get_value(schema::SLOT_CONTENT_HASH));
    }
    for (const auto& spy : spies) {
        FacetResult f;
        f.name = facet_name(spy->kind());
        f.documents = spy->documents_seen();
        f.stories = spy->stories_seen();
        f.exact = resp.total_exact && f.documents == resp.total;
        f.values = spy->top(spy->kind() == FacetKind::date ? 0 : req.facet_top);
        resp.facets.push_back(std::move(f));
    }
}

}  // namespace kronika
