// The database's record of the source files it has read (path, size, modification time,
// content hash), so that re-running `kronika-index add` over a grown archive reads only the
// files that changed, and `--delete-missing` finds the articles of files that are gone.
//
// Records live in the metadata of the database's first shard (schema.h: kMetaFilePrefix), and
// every article read from a file carries the file's term (schema.h: kPrefixFile). A record is
// written only after every article of its file is committed, so a run killed midway leaves
// files without records, and the next run reads them again (their unchanged articles are
// skipped by content hash).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace kronika {

struct FileRecord {
    std::string path;  // absolute, normalised
    uint64_t size = 0;
    int64_t mtime_ns = 0;  // modification time, nanoseconds
    uint64_t hash = 0;     // fnv1a64 of the file's bytes as stored (compressed, for .gz/.zst)
    uint64_t articles = 0;
};

// The absolute, normalised form of a path: what records are keyed by.
std::string record_path(const std::string& path);

// 16 hex digits of fnv1a64(path): the file's key in terms and metadata.
std::string file_key(const std::string& abs_path);

// The term that marks the articles read from a file.
std::string file_term(const std::string& abs_path);

// fnv1a64 over a file's bytes. Throws std::runtime_error when it cannot be read.
uint64_t hash_file(const std::string& path);

// Size and modification time of a file; false when it cannot be stat'ed.
bool stat_file(const std::string& path, uint64_t* size, int64_t* mtime_ns);

class FileRecords {
  public:
    // Reads every record of `db` (its first shard when `db` is a shard set).
    explicit FileRecords(const Xapian::Database& db);

    const FileRecord* find(const std::string& abs_path) const;
    void set(const FileRecord& record);
    void erase(const std::string& abs_path);
    const std::unordered_map<std::string, FileRecord>& all() const { return records_; }

    // Writes the records set or erased since loading into `db` (the caller commits).
    void store(Xapian::WritableDatabase& db);
    size_t changes() const { return changed_.size(); }

  private:
    std::unordered_map<std::string, FileRecord> records_;  // by path
    std::unordered_map<std::string, bool> changed_;        // path -> still present
};

}  // namespace kronika
