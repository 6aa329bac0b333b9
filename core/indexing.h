// Adding articles with several threads: one IndexWriter per shard, one worker thread per group
// of shards, each worker extracting facets and writing its own shards (no shared Xapian handle,
// no lock on the hot path). The caller's thread only reads and routes articles.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "article.h"
#include "index_writer.h"
#include "shards.h"
#include "stories.h"

namespace kronika {

// The writers of every local shard of a database, created if missing: a single database when
// `new_shards` <= 1, else a shard set of that many shards. Throws std::runtime_error when the
// database has remote shards (they are written on their own machine) or when `new_shards` was
// given explicitly (`explicit_shards`) and differs from an existing database's shard count.
class ShardWriters {
  public:
    ShardWriters(const std::string& path, size_t new_shards, bool explicit_shards = false);

    size_t size() const { return writers_.size(); }
    IndexWriter& operator[](size_t i) { return *writers_[i]; }
    IndexWriter& for_id(const std::string& id) { return *writers_[shard_for(id, size())]; }
    const DatabaseLayout& layout() const { return layout_; }

    // Stores the union of the stemming languages of all shards in every shard and commits them:
    // a search over the set reads the list from the first shard.
    void commit_all();
    Xapian::doccount doccount() const;
    // Some shard's stories need grouping again (IndexWriter::stories_stale).
    bool stories_stale();

  private:
    DatabaseLayout layout_;
    std::vector<std::unique_ptr<IndexWriter>> writers_;
};

// Near-duplicate stories (stories.h) over every shard: reads each article's signature, groups
// the copies, and gives every article of a story with copies the story's id (its first copy's
// article id) in SLOT_STORY and a story term; articles whose story did not change are not
// rewritten. Commits every shard. Run after indexing or deleting, with no other writer.
struct StoryCounts {
    uint64_t articles = 0;    // articles with a signature
    uint64_t stories = 0;     // stories of two or more copies
    uint64_t in_stories = 0;  // articles in those stories
    uint64_t changed = 0;     // articles whose story id was written or removed
};
StoryCounts group_stories(ShardWriters& writers, double threshold = stories::kThreshold);

// Compacts a database in place (Xapian's Database::compact into a fresh folder, then swapped in):
// each shard of a shard set, or, with `merge`, all shards into one. Holds every shard's write
// lock while compacting, so a running indexer makes it fail rather than lose articles. Readers
// that have the database open keep their view until they reopen it. Returns the byte sizes of
// the database before and after.
std::pair<uint64_t, uint64_t> compact_database(const std::string& path, bool merge);

struct IndexingOptions {
    size_t jobs = 1;    // worker threads (at most one per shard is used)
    size_t shards = 0;  // for a new database: <= 1 one database, else a shard set; 0 = jobs
    bool explicit_shards = false;  // shards was asked for (mismatch with the database: error)
    size_t batch = 1000;           // articles per commit, per shard
    bool extract = true;           // run the facet extractors on each article
};

struct IndexingCounts {
    uint64_t articles = 0, added = 0, replaced = 0, unchanged = 0, text_bytes = 0;
};

class ParallelIndexer {
  public:
    ParallelIndexer(const std::string& path, const IndexingOptions& options);
    ~ParallelIndexer();  // finish(), errors swallowed (call finish() to see them)
    ParallelIndexer(const ParallelIndexer&) = delete;
    ParallelIndexer& operator=(const ParallelIndexer&) = delete;

    // Queues an article for its shard's worker; blocks while that worker's queue is full.
    // Rethrows the first error of any worker (e.g. a full disk).
    void add(Article&& article);

    // Waits for every queued article, commits every shard, stops the workers. Rethrows the
    // first worker error. Idempotent.
    void finish();

    IndexingCounts counts() const;
    size_t shard_count() const { return writers_.size(); }
    ShardWriters& writers() { return writers_; }
    size_t jobs() const { return workers_.size(); }
    Xapian::doccount doccount() const { return writers_.doccount(); }

  private:
    struct Worker;
    void run(Worker& w);
    void rethrow_if_failed();

    ShardWriters writers_;
    IndexingOptions options_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::atomic<uint64_t> articles_{0}, added_{0}, replaced_{0}, unchanged_{0}, text_bytes_{0};
    std::atomic<bool> failed_{false};
    std::mutex error_mutex_;
    std::exception_ptr error_;
    bool finished_ = false;
};

}  // namespace kronika
