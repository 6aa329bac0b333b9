// Database layouts: single databases and shard sets behind a Xapian stub file.
#include "shards.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "article.h"
#include "index_writer.h"

namespace kronika {

namespace fs = std::filesystem;

namespace {

bool is_xapian_db(const fs::path& dir) {
    return fs::exists(dir / "iamglass") || fs::exists(dir / "iamchert");
}

// Reads a stub file's shard lines ("auto PATH", "glass PATH", "remote HOST:PORT"), relative
// paths resolved against the stub's folder as Xapian does.
void read_stub(const fs::path& stub, DatabaseLayout& layout) {
    std::ifstream in(stub);
    if (!in) throw std::runtime_error(stub.string() + ": cannot read the shard list");
    std::string line;
    size_t lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ss(line);
        std::string type, where;
        ss >> type;
        std::getline(ss >> std::ws, where);
        if (type == "auto" || type == "glass" || type == "chert") {
            fs::path p(where);
            if (p.is_relative()) p = stub.parent_path() / p;
            layout.shards.push_back(p.lexically_normal().string());
        } else if (type == "remote") {
            layout.remote.push_back(line);
        } else {
            throw std::runtime_error(stub.string() + ":" + std::to_string(lineno) +
                                     ": unknown shard type \"" + type + "\"");
        }
    }
}

}  // namespace

DatabaseLayout inspect_database(const std::string& path) {
    DatabaseLayout layout;
    fs::path p(path);
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
        layout.exists = layout.sharded = true;
        read_stub(p, layout);
        return layout;
    }
    if (!fs::is_directory(p, ec)) return layout;
    if (fs::exists(p / kStubFile)) {
        layout.exists = layout.sharded = true;
        read_stub(p / kStubFile, layout);
    } else if (is_xapian_db(p)) {
        layout.exists = true;
        layout.shards.push_back(path);
    }
    return layout;
}

DatabaseLayout create_shard_set(const std::string& path, size_t n) {
    if (n < 2) throw std::invalid_argument("a shard set has at least 2 shards");
    if (n > 256) throw std::invalid_argument("at most 256 shards");
    fs::path p(path);
    if (inspect_database(path).exists)
        throw std::runtime_error(path + ": already holds a database");
    fs::create_directories(p);
    DatabaseLayout layout;
    layout.exists = layout.sharded = true;
    std::string stub;
    for (size_t i = 0; i < n; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "shard-%03zu", i);
        stub += std::string("auto ") + name + "\n";
        layout.shards.push_back((p / name).string());
    }
    // Every shard is created (empty, with the schema metadata) before the stub goes in, last
    // and atomically: a folder with a stub always lists shards that exist.
    for (const auto& shard : layout.shards) IndexWriter(shard).commit();
    write_stub(path, stub);
    return layout;
}

void write_stub(const std::string& dir, const std::string& text) {
    fs::path tmp = fs::path(dir) / (std::string(kStubFile) + ".tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw std::runtime_error(tmp.string() + ": cannot write the shard list");
    }
    fs::rename(tmp, fs::path(dir) / kStubFile);
}

size_t shard_for(const std::string& id, size_t n) {
    return n <= 1 ? 0 : static_cast<size_t>(fnv1a64(id) % n);
}

}  // namespace kronika
