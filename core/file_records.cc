// Source-file records in database metadata (file_records.h).
#include "file_records.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "article.h"
#include "schema.h"

namespace kronika {

namespace fs = std::filesystem;

std::string record_path(const std::string& path) {
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    return (ec ? fs::path(path) : abs).lexically_normal().string();
}

std::string file_key(const std::string& abs_path) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)fnv1a64(abs_path));
    return buf;
}

std::string file_term(const std::string& abs_path) {
    return std::string(schema::kPrefixFile) + file_key(abs_path);
}

uint64_t hash_file(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
    uint64_t h = 14695981039346656037ull;
    char buf[1 << 16];
    size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) h = fnv1a64({buf, got}, h);
    bool failed = std::ferror(f);
    std::fclose(f);
    if (failed) throw std::runtime_error(path + ": read error");
    return h;
}

bool stat_file(const std::string& path, uint64_t* size, int64_t* mtime_ns) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return false;
    *size = static_cast<uint64_t>(st.st_size);
    *mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return true;
}

FileRecords::FileRecords(const Xapian::Database& db) {
    const std::string prefix = schema::kMetaFilePrefix;
    for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
        std::string value = db.get_metadata(*k);
        FileRecord r;
        unsigned long long size = 0, hash = 0, articles = 0;
        long long mtime = 0;
        int used = 0;
        // "size mtime_ns hash articles path": the path last, as it may hold spaces.
        if (std::sscanf(value.c_str(), "%llu %lld %llx %llu %n", &size, &mtime, &hash, &articles,
                        &used) != 4 ||
            used <= 0)
            continue;  // a malformed record is as good as none: the file is read again
        r.path = value.substr(static_cast<size_t>(used));
        r.size = size;
        r.mtime_ns = mtime;
        r.hash = hash;
        r.articles = articles;
        records_[r.path] = std::move(r);
    }
}

const FileRecord* FileRecords::find(const std::string& abs_path) const {
    auto it = records_.find(abs_path);
    return it == records_.end() ? nullptr : &it->second;
}

void FileRecords::set(const FileRecord& record) {
    records_[record.path] = record;
    changed_[record.path] = true;
}

void FileRecords::erase(const std::string& abs_path) {
    records_.erase(abs_path);
    changed_[abs_path] = false;
}

void FileRecords::store(Xapian::WritableDatabase& db) {
    for (const auto& [path, present] : changed_) {
        std::string key = schema::kMetaFilePrefix + file_key(path);
        if (!present) {
            db.set_metadata(key, "");  // an empty value removes the entry
            continue;
        }
        const FileRecord& r = records_.at(path);
        char head[128];
        std::snprintf(head, sizeof head, "%llu %lld %016llx %llu ", (unsigned long long)r.size,
                      (long long)r.mtime_ns, (unsigned long long)r.hash,
                      (unsigned long long)r.articles);
        db.set_metadata(key, head + r.path);
    }
    changed_.clear();
}

}  // namespace kronika
