// The server's response cache: whole JSON answers by request and database content, least
// recently used out first, bounded in bytes.
//
// Keys hold Searcher::content_key() (the uuid and every shard's revision), so a commit by a
// running indexer makes every older answer unreachable at once; they age out as new ones come
// in. Nothing is ever stale: an answer is only served for the exact content it was made from.
// The same idea as Solr's queryResultCache or Elasticsearch's shard request cache (both
// dropped on refresh); a news site's searches repeat (front-page topics, facet clicks, the
// page's own timeline request), and a repeat costs a hash lookup instead of a match.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace kronika {

class ResponseCache {
  public:
    // `capacity`: bytes of keys and answers kept (0: the cache is off).
    explicit ResponseCache(size_t capacity) : capacity_(capacity) {}

    bool enabled() const { return capacity_ > 0; }

    std::optional<std::string> get(const std::string& key) {
        std::lock_guard<std::mutex> lock(m_);
        auto it = index_.find(key);
        if (it == index_.end()) {
            ++misses_;
            return std::nullopt;
        }
        lru_.splice(lru_.begin(), lru_, it->second);  // most recently used first
        ++hits_;
        return it->second->second;
    }

    void put(const std::string& key, std::string value) {
        size_t size = key.size() + value.size() + kOverhead;
        // One answer may take an eighth of the cache: a few huge exports must not flush it.
        if (!enabled() || size > capacity_ / 8) return;
        std::lock_guard<std::mutex> lock(m_);
        auto it = index_.find(key);
        if (it != index_.end()) {  // two workers answered the same request at once
            bytes_ -= entry_size(*it->second);
            lru_.erase(it->second);
            index_.erase(it);
        }
        lru_.emplace_front(key, std::move(value));
        index_.emplace(key, lru_.begin());
        bytes_ += size;
        while (bytes_ > capacity_ && !lru_.empty()) {
            bytes_ -= entry_size(lru_.back());
            index_.erase(lru_.back().first);
            lru_.pop_back();
        }
    }

    struct Stats {
        size_t hits = 0, misses = 0, entries = 0, bytes = 0, capacity = 0;
    };
    Stats stats() {
        std::lock_guard<std::mutex> lock(m_);
        return {hits_, misses_, index_.size(), bytes_, capacity_};
    }

  private:
    using Entry = std::pair<std::string, std::string>;
    static constexpr size_t kOverhead = 128;  // list node, hash node, two string headers
    static size_t entry_size(const Entry& e) {
        return e.first.size() + e.second.size() + kOverhead;
    }

    const size_t capacity_;
    std::mutex m_;
    std::list<Entry> lru_;
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    size_t bytes_ = 0, hits_ = 0, misses_ = 0;
};

}  // namespace kronika
