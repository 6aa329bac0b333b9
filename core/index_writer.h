// Writes articles into a Kronika database (schema.h): terms, positions, values, stored data.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analyzer.h"
#include "article.h"
#include "names.h"

namespace kronika {

// How the words of an article in one language are stemmed (schema.h: stem_prefix).
struct StemRule {
    std::string name;         // Snowball language ("" = none)
    Xapian::Stem stemmer;     // identity when name is ""
    std::string prefix;       // "Z" or "Z<name>:"
    bool every_word = false;  // a stem term for every word, not only words unlike their stem
    static StemRule for_language(const std::string& snowball);
};

// Opens (creating if needed) a database for writing. Throws std::runtime_error when the database
// was written by a newer schema version. Holds Xapian's write lock until destroyed.
// Another process holds the database's write lock.
class DatabaseLocked : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class IndexWriter {
  public:
    // Opens (or creates) the database for writing. Throws DatabaseLocked, naming the pid of the
    // writer that holds it when known, if another process writes it.
    explicit IndexWriter(const std::string& db_path);
    ~IndexWriter();  // commits pending changes

    enum class Outcome { added, replaced, unchanged };

    // Adds or replaces the article (its facets must already be extracted). An article whose id
    // and content are already indexed is left alone, so re-adding changes nothing.
    Outcome add(const Article& article);

    // Deletes the article with this id; returns false when there is none.
    bool remove(const std::string& id);

    // Commits pending changes (atomic: readers see all of a batch or none of it).
    void commit();

    // Changes since the last commit.
    size_t pending() const { return pending_; }

    Xapian::WritableDatabase& database() { return db_; }

    // Stemming languages used so far, comma-separated (metadata "kronika.stem_languages").
    const std::string& stem_languages() const { return languages_; }
    // Adds languages (comma-separated) to the stored list.
    void add_stem_languages(const std::string& csv);

    // Stories need grouping again: set with the first article added, replaced or deleted (so it
    // is committed with it), cleared by group_stories. A run killed before grouping leaves it
    // set, and the next run groups even if it adds nothing.
    bool stories_stale();
    void set_stories_stale(bool stale);

    // Stores an alias table (names.h) in the database; names added from now on are shown under
    // their canonical names, and searches and facets apply it at once.
    void set_aliases(const std::string& text);

  private:
    Xapian::WritableDatabase db_;
    Xapian::Database committed_;  // the last committed revision, for id lookups
    // Ids written or deleted since the last commit: id term -> (docid or 0 if deleted, hash).
    std::unordered_map<std::string, std::pair<Xapian::docid, std::string>> pending_ids_;
    Analyzer analyzer_;
    NameKeys names_;
    AliasTable aliases_;
    std::map<std::string, StemRule> stemmers_;
    size_t pending_ = 0;
    bool marked_stale_ = false;  // stories_stale set in this session
    std::string pid_file_;       // names this process as the writer (for DatabaseLocked)
    std::string languages_;      // comma-separated stemmer languages seen, kept in metadata

    const StemRule& stemmer_for(const std::string& language);
    // The docid holding an id term (0: none). When `hash` equals the stored content hash, it
    // is cleared (the article is unchanged).
    Xapian::docid find(const std::string& idterm, std::string* hash);
};

// Builds the Xapian document for an article (exposed for index checks in tests).
Xapian::Document make_document(const Article& article, Analyzer& analyzer, NameKeys& names,
                               const StemRule& stem);

// A document of free text alone, indexed exactly as an article body (words with positions,
// stems by `stem`), so a query matches it as it would match the body: quotes.cc uses it to
// tell which statements of an article a query matches.
Xapian::Document text_document(std::string_view text, Analyzer& analyzer, const StemRule& stem);

// Metadata key of the stored alias table.
inline constexpr const char* kMetaAliases = "kronika.aliases";

// Stored document data: the article's displayable fields as JSON.
std::string document_data(const Article& article);

// Reads stored document data back: every field but the body as JSON (an empty object when the
// data is not a JSON object), the body into *body when asked for. A search page shows ten hits a
// request, each with a body of kilobytes: simdjson skims it ~10x faster than nlohmann's parser.
nlohmann::json read_document_data(std::string_view data, std::string* body = nullptr);

// A database that cannot be read: missing, not Kronika's, or from a newer version.
class DatabaseUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Opens a database for reading and checks its schema version. Throws DatabaseUnavailable with a
// clear message when the path is not a Kronika database or is from a newer version.
Xapian::Database open_for_reading(const std::string& db_path);

}  // namespace kronika
