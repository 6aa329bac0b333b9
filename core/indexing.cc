// Parallel indexing: the caller routes articles by id to per-worker queues; each worker
// extracts facets and writes the shards it owns.
#include "indexing.h"

#include <fcntl.h>  // AT_FDCWD
#include <stdio.h>  // renameat2, RENAME_EXCHANGE

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>

#include "extract/extract.h"
#include "schema.h"
#include "stories.h"

namespace kronika {

namespace {

namespace fs = std::filesystem;

uint64_t folder_bytes(const fs::path& p) {
    uint64_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file(ec)) n += e.file_size(ec);
    return n;
}

// Replaces folder `to` by folder `from` (two renames; the old copy is removed last).
// Puts the folder `from` in the place of `to` so that `to` is a complete database at every
// moment, even if the process is killed: one atomic exchange of the two names (Linux
// renameat2 RENAME_EXCHANGE), then the old copy, now at `from`, is removed. Where the file
// system cannot exchange, two renames, and a kill between them leaves `to` missing and
// `to.old` complete: recover_swaps() puts it back.
void swap_in(const fs::path& from, const fs::path& to) {
    if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) == 0) {
        fs::remove_all(from);
        return;
    }
    fs::path old = to;
    old += ".old";
    fs::remove_all(old);
    fs::rename(to, old);
    fs::rename(from, to);
    fs::remove_all(old);
}

// A shard moved aside by swap_in's fallback and not yet replaced when the process was killed:
// put back before anything opens (and would create) the missing folder.
void restore_swapped(const fs::path& shard) {
    fs::path old = shard;
    old += ".old";
    std::error_code ec;
    if (!fs::exists(shard, ec) && fs::is_directory(old, ec)) fs::rename(old, shard);
}

// Leftovers of a compaction killed midway (copies being written, old copies being removed),
// removed once the write lock is held.
void remove_swap_leftovers(const fs::path& shard) {
    for (const char* suffix : {".old", ".compact-tmp"}) {
        fs::path p = shard;
        p += suffix;
        fs::remove_all(p);
    }
}

}  // namespace

ShardWriters::ShardWriters(const std::string& path, size_t new_shards, bool explicit_shards) {
    restore_swapped(path);
    layout_ = inspect_database(path);
    if (layout_.exists && layout_.remote.empty()) {
        for (const auto& shard : layout_.shards) {
            restore_swapped(shard);
            if (!fs::is_directory(shard))
                throw std::runtime_error(shard + ": a shard of " + path +
                                         " is missing (restore it from a backup or replica)");
        }
    }
    if (!layout_.remote.empty())
        throw std::runtime_error(path +
                                 ": has remote shards; index on the machine that holds them "
                                 "(kronika-index add --db SHARD_FOLDER)");
    if (!layout_.exists) {
        if (new_shards >= 2)
            layout_ = create_shard_set(path, new_shards);
        else
            layout_.shards = {path};
    } else if (explicit_shards && std::max<size_t>(new_shards, 1) != layout_.shards.size()) {
        throw std::runtime_error(path + ": has " + std::to_string(layout_.shards.size()) +
                                 " shard(s); --shards only applies to a new database");
    }
    for (const auto& shard : layout_.shards)
        writers_.push_back(std::make_unique<IndexWriter>(shard));
    for (const auto& shard : layout_.shards) remove_swap_leftovers(shard);
}

void ShardWriters::commit_all() {
    std::string all;
    for (auto& w : writers_) {
        const std::string& l = w->stem_languages();
        if (!l.empty()) all += (all.empty() ? "" : ",") + l;
    }
    for (auto& w : writers_) {
        w->add_stem_languages(all);
        w->commit();
    }
}

bool ShardWriters::stories_stale() {
    for (auto& w : writers_)
        if (w->stories_stale()) return true;
    return false;
}

Xapian::doccount ShardWriters::doccount() const {
    Xapian::doccount n = 0;
    for (const auto& w : writers_) n += w->database().get_doccount();
    return n;
}

StoryCounts group_stories(ShardWriters& writers, double threshold) {
    writers.commit_all();  // the pass reads committed and pending documents alike; start clean
    struct Where {
        size_t shard;
        Xapian::docid docid;
    };
    std::vector<stories::Member> members;
    std::vector<Where> where;
    std::vector<std::string> current;  // each member's story id now
    // Value streams, walked side by side in docid order: no document is opened to read.
    auto value_at = [](Xapian::ValueIterator& it, const Xapian::ValueIterator& end,
                       Xapian::docid did) {
        if (it != end && it.get_docid() < did) it.skip_to(did);
        return it != end && it.get_docid() == did ? *it : std::string();
    };
    for (size_t s = 0; s < writers.size(); ++s) {
        Xapian::WritableDatabase& db = writers[s].database();
        auto dates = db.valuestream_begin(schema::SLOT_DATE_UTC);
        auto stories_now = db.valuestream_begin(schema::SLOT_STORY);
        const auto dates_end = db.valuestream_end(schema::SLOT_DATE_UTC);
        const auto stories_end = db.valuestream_end(schema::SLOT_STORY);
        for (auto v = db.valuestream_begin(schema::SLOT_MINHASH);
             v != db.valuestream_end(schema::SLOT_MINHASH); ++v) {
            std::string value = *v;
            if (value.size() < stories::kSignatureBytes) continue;
            stories::Member m;
            m.signature = value.substr(0, stories::kSignatureBytes);
            m.id = value.substr(stories::kSignatureBytes);
            m.date = value_at(dates, dates_end, v.get_docid());
            members.push_back(std::move(m));
            where.push_back({s, v.get_docid()});
            current.push_back(value_at(stories_now, stories_end, v.get_docid()));
        }
    }
    StoryCounts counts;
    counts.articles = members.size();
    std::vector<size_t> first = stories::cluster(members, threshold);
    // Story sizes, to leave single articles without a story id.
    std::vector<uint32_t> size(members.size(), 0);
    for (size_t f : first) ++size[f];
    for (size_t i = 0; i < members.size(); ++i) {
        size_t f = first[i];
        if (size[f] >= 2) {
            ++counts.in_stories;
            if (f == i) ++counts.stories;
        }
        std::string story = size[f] >= 2 ? members[f].id : std::string();
        const std::string& old = current[i];
        if (old == story) continue;
        Xapian::WritableDatabase& db = writers[where[i].shard].database();
        Xapian::Document doc = db.get_document(where[i].docid);
        if (!old.empty()) {
            try {
                doc.remove_term(schema::story_term(old));
            } catch (const Xapian::InvalidArgumentError&) {
                // not there: nothing to remove
            }
            doc.remove_value(schema::SLOT_STORY);
        }
        if (!story.empty()) {
            doc.add_value(schema::SLOT_STORY, story);
            doc.add_boolean_term(schema::story_term(story));
        }
        db.replace_document(where[i].docid, doc);
        ++counts.changed;
    }
    // Committed with the new story ids, shard by shard: a shard whose commit a kill prevents
    // keeps its flag, and the next run groups again.
    for (size_t i = 0; i < writers.size(); ++i) writers[i].set_stories_stale(false);
    writers.commit_all();
    return counts;
}

std::pair<uint64_t, uint64_t> compact_database(const std::string& path, bool merge) {
    restore_swapped(path);
    if (!inspect_database(path).exists)
        throw std::runtime_error(path + ": no Kronika database here");
    fs::path dir = fs::is_regular_file(path) ? fs::path(path).parent_path() : fs::path(path);
    const int flags = Xapian::DBCOMPACT_MULTIPASS;
    uint64_t before = 0;
    {
        ShardWriters locks(path, 1);  // the write locks: no indexer may run meanwhile
        const DatabaseLayout& layout = locks.layout();
        before = folder_bytes(dir);
        // Shard folders no stub lists are leftovers of a merge that was killed midway (the
        // merged copy before the stub named it, or the old shards after).
        if (layout.sharded) {
            std::set<fs::path> listed;
            for (const auto& s : layout.shards) listed.insert(fs::path(s).lexically_normal());
            for (const auto& e : fs::directory_iterator(dir)) {
                std::string name = e.path().filename().string();
                if (e.is_directory() && name.rfind("shard-", 0) == 0 &&
                    !listed.count(e.path().lexically_normal()))
                    fs::remove_all(e.path());
            }
        }
        if (merge && layout.sharded && layout.shards.size() > 1) {
            // All shards into one, listed by a new stub; the old shards go last.
            fs::path merged = dir / "shard-merged";
            for (int i = 1; fs::exists(merged); ++i)
                merged = dir / ("shard-merged-" + std::to_string(i));
            fs::path tmp = merged;
            tmp += ".tmp";
            fs::remove_all(tmp);
            Xapian::Database all;
            for (const auto& s : layout.shards) all.add_database(Xapian::Database(s));
            all.compact(tmp.string(), flags);
            fs::rename(tmp, merged);
            write_stub(dir.string(), "auto " + merged.filename().string() + "\n");
            for (const auto& s : layout.shards) fs::remove_all(s);
        } else {
            // Each shard compacts on its own thread (Xapian's compactor is single-threaded);
            // the swaps happen only once every copy is complete.
            std::vector<std::exception_ptr> errors(layout.shards.size());
            std::vector<std::thread> threads;
            for (size_t i = 0; i < layout.shards.size(); ++i) {
                threads.emplace_back([&, i] {
                    try {
                        fs::path tmp = layout.shards[i] + ".compact-tmp";
                        fs::remove_all(tmp);
                        Xapian::Database(layout.shards[i]).compact(tmp.string(), flags);
                    } catch (...) {
                        errors[i] = std::current_exception();
                    }
                });
            }
            for (auto& t : threads) t.join();
            for (size_t i = 0; i < errors.size(); ++i) {
                if (!errors[i]) continue;
                for (const auto& s : layout.shards) fs::remove_all(s + ".compact-tmp");
                std::rethrow_exception(errors[i]);
            }
            for (const auto& s : layout.shards) swap_in(s + ".compact-tmp", s);
        }
    }
    return {before, folder_bytes(dir)};
}

struct ParallelIndexer::Worker {
    std::vector<size_t> shards;
    std::mutex m;
    std::condition_variable not_empty, not_full;
    std::deque<std::pair<size_t, Article>> queue;
    bool closing = false;
    std::thread thread;
};

namespace {
constexpr size_t kQueueCapacity = 128;  // articles waiting per worker (bounds memory)
}

ParallelIndexer::ParallelIndexer(const std::string& path, const IndexingOptions& options)
    : writers_(path, options.shards ? options.shards : options.jobs, options.explicit_shards),
      options_(options) {
    if (options_.batch == 0) options_.batch = 1;
    size_t jobs = std::max<size_t>(1, std::min(options_.jobs, writers_.size()));
    for (size_t j = 0; j < jobs; ++j) workers_.push_back(std::make_unique<Worker>());
    for (size_t s = 0; s < writers_.size(); ++s) workers_[s % jobs]->shards.push_back(s);
    for (auto& w : workers_) {
        Worker* wp = w.get();
        w->thread = std::thread([this, wp] { run(*wp); });
    }
}

ParallelIndexer::~ParallelIndexer() {
    try {
        finish();
    } catch (...) {
        // Destructors must not throw; committed batches stay, the database stays valid.
    }
}

void ParallelIndexer::rethrow_if_failed() {
    if (!failed_) return;
    std::lock_guard<std::mutex> lock(error_mutex_);
    if (error_) std::rethrow_exception(error_);
}

void ParallelIndexer::add(Article&& article) {
    rethrow_if_failed();
    size_t shard = shard_for(article.id, writers_.size());
    Worker& w = *workers_[shard % workers_.size()];
    {
        std::unique_lock<std::mutex> lock(w.m);
        w.not_full.wait(lock, [&] { return w.queue.size() < kQueueCapacity || failed_; });
        w.queue.emplace_back(shard, std::move(article));
    }
    w.not_empty.notify_one();
}

void ParallelIndexer::run(Worker& w) {
    for (;;) {
        std::pair<size_t, Article> item;
        {
            std::unique_lock<std::mutex> lock(w.m);
            w.not_empty.wait(lock, [&] { return !w.queue.empty() || w.closing; });
            if (w.queue.empty()) break;
            item = std::move(w.queue.front());
            w.queue.pop_front();
        }
        w.not_full.notify_one();
        if (failed_) continue;  // drain without work once any worker failed
        try {
            Article& a = item.second;
            if (options_.extract) extract_facets(a);
            IndexWriter& writer = writers_[item.first];
            switch (writer.add(a)) {
                case IndexWriter::Outcome::added:
                    ++added_;
                    break;
                case IndexWriter::Outcome::replaced:
                    ++replaced_;
                    break;
                case IndexWriter::Outcome::unchanged:
                    ++unchanged_;
                    break;
            }
            text_bytes_ += a.title.size() + a.body.size();
            ++articles_;
            if (writer.pending() >= options_.batch) writer.commit();
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex_);
            if (!error_) error_ = std::current_exception();
            failed_ = true;
            for (auto& other : workers_) other->not_full.notify_all();
        }
    }
}

void ParallelIndexer::finish() {
    if (finished_) return;
    finished_ = true;
    for (auto& w : workers_) {
        {
            std::lock_guard<std::mutex> lock(w->m);
            w->closing = true;
        }
        w->not_empty.notify_all();
    }
    for (auto& w : workers_)
        if (w->thread.joinable()) w->thread.join();
    try {
        writers_.commit_all();  // what the healthy workers wrote is kept even after a failure
    } catch (...) {
        if (!failed_) throw;
    }
    rethrow_if_failed();
}

IndexingCounts ParallelIndexer::counts() const {
    IndexingCounts c;
    c.articles = articles_;
    c.added = added_;
    c.replaced = replaced_;
    c.unchanged = unchanged_;
    c.text_bytes = text_bytes_;
    return c;
}

}  // namespace kronika
