// The layout of a Kronika database folder: one Xapian database, or a shard set.
//
// A shard set is a folder holding a Xapian stub file `XAPIANDB` (one line per shard: "auto
// shard-000", or "remote HOST:PORT" for a shard served by xapian-tcpsrv) and the local shard
// folders. Xapian opens such a folder as one database (Database::Database(path) reads the stub),
// so the searcher needs nothing special; the indexer writes each local shard through its own
// WritableDatabase, choosing the shard of an article by a hash of its id (so an article always
// lands in the same shard and re-adding it replaces it).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace kronika {

// Name of Xapian's stub file inside a database folder.
inline constexpr const char* kStubFile = "XAPIANDB";

struct DatabaseLayout {
    bool exists = false;              // a database (single or sharded) is there
    bool sharded = false;             // a stub file lists the shards
    std::vector<std::string> shards;  // local shard folders (single: the folder itself)
    std::vector<std::string> remote;  // stub lines of shards not on this machine
};

// Reads the layout of `path` (a folder, or a stub file). Throws std::runtime_error for a stub
// that cannot be read or names a shard type we do not write.
DatabaseLayout inspect_database(const std::string& path);

// Creates an empty shard set of `n` (2..256) shards in `path` (created if missing, must not
// hold a database): the shard databases and, last and atomically (write + rename), the stub.
DatabaseLayout create_shard_set(const std::string& path, size_t n);

// Replaces the stub file of the shard set in folder `dir` by `text`, atomically (write + rename).
void write_stub(const std::string& dir, const std::string& text);

// The shard (0 .. n-1) an article id belongs to.
size_t shard_for(const std::string& id, size_t n);

}  // namespace kronika
