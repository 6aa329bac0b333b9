// The server's response cache: whole JSON answers by request, each with the database content it
// was computed from, least recently used out first, bounded in bytes.
//
// The content is Searcher::content_key() (the uuid and every shard's revision). An answer is
// `fresh` while the database holds that content. After a commit it is `stale`: the server may
// still send it for a short while (ServerOptions::max_stale_ms, counted from when the server
// first saw the commit that made it stale) while the fresh answer is computed in the
// background; past that, or with max_stale 0, the request is computed again.
// The idea of Solr's queryResultCache and Elasticsearch's request cache (dropped on refresh,
// which Elasticsearch does once a second): a news site's searches repeat (front-page topics,
// facet clicks, the page's own timeline request), and a repeat costs a hash lookup instead of
// a match.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace kronika {

class ResponseCache {
  public:
    using Clock = std::chrono::steady_clock;

    // `capacity`: bytes of keys and answers kept (0: the cache is off).
    explicit ResponseCache(size_t capacity) : capacity_(capacity) {}

    bool enabled() const { return capacity_ > 0; }

    enum class Found { none, fresh, stale };
    struct Lookup {
        Found found = Found::none;
        std::string body;
    };

    // The answer to `request` for `content` (the content the asking worker answers from): fresh
    // when computed from it, stale when computed from content superseded no longer than
    // `max_stale` ago.
    Lookup get(const std::string& request, const std::string& content, Clock::duration max_stale) {
        std::lock_guard<std::mutex> lock(m_);
        Clock::time_point now = Clock::now();
        see(content, now);
        auto it = index_.find(request);
        if (it == index_.end()) {
            ++misses_;
            return {};
        }
        Entry& e = *it->second;
        Found found = e.content == content                      ? Found::fresh
                      : may_be_stale(e.content, now, max_stale) ? Found::stale
                                                                : Found::none;
        if (found == Found::none) {
            ++misses_;
            return {};
        }
        lru_.splice(lru_.begin(), lru_, it->second);  // most recently used first
        ++(found == Found::fresh ? hits_ : stale_);
        return {found, e.body};
    }

    // True when the answer to `request` for `content` is held (no counters change).
    bool has(const std::string& request, const std::string& content) {
        std::lock_guard<std::mutex> lock(m_);
        auto it = index_.find(request);
        return it != index_.end() && it->second->content == content;
    }

    void put(const std::string& request, const std::string& content, std::string body) {
        Entry e{request, content, std::move(body)};
        // One answer may take an eighth of the cache: a few huge exports must not flush it.
        if (!enabled() || size_of(e) > capacity_ / 8) return;
        std::lock_guard<std::mutex> lock(m_);
        see(content, Clock::now());
        erase_locked(request);
        bytes_ += size_of(e);
        lru_.push_front(std::move(e));
        index_.emplace(request, lru_.begin());
        while (bytes_ > capacity_ && !lru_.empty()) {
            std::string oldest = lru_.back().request;
            erase_locked(oldest);
        }
    }

    void erase(const std::string& request) {
        std::lock_guard<std::mutex> lock(m_);
        erase_locked(request);
    }

    struct Stats {
        size_t hits = 0, stale = 0, misses = 0, entries = 0, bytes = 0;
    };
    Stats stats() {
        std::lock_guard<std::mutex> lock(m_);
        return {hits_, stale_, misses_, index_.size(), bytes_};
    }

  private:
    struct Entry {
        std::string request, content, body;
    };
    // The contents the workers have answered from, oldest first, each with when it was first
    // seen (the last kHistory): an answer from one of them is stale since the next was seen.
    static constexpr size_t kHistory = 64;
    std::deque<std::pair<std::string, Clock::time_point>> seen_;
    void see(const std::string& content, Clock::time_point now) {
        if (!seen_.empty() && seen_.back().first == content) return;
        for (const auto& s : seen_)
            if (s.first == content) return;  // a worker still on an older revision
        seen_.emplace_back(content, now);
        if (seen_.size() > kHistory) seen_.pop_front();
    }
    // An answer from `content` may still be sent: it was superseded (the next content was
    // first seen) no longer than max_stale ago, or it is the newest content (asked for by a
    // worker that is behind). Content too old to be remembered never is.
    bool may_be_stale(const std::string& content, Clock::time_point now,
                      Clock::duration max_stale) const {
        for (size_t i = 0; i < seen_.size(); ++i)
            if (seen_[i].first == content)
                return i + 1 == seen_.size() || now - seen_[i + 1].second < max_stale;
        return false;
    }
    static constexpr size_t kOverhead = 160;  // list node, hash node, string headers
    static size_t size_of(const Entry& e) {
        return 2 * e.request.size() + e.content.size() + e.body.size() + kOverhead;
    }
    void erase_locked(const std::string& request) {
        auto it = index_.find(request);
        if (it == index_.end()) return;
        bytes_ -= size_of(*it->second);
        lru_.erase(it->second);
        index_.erase(it);
    }

    const size_t capacity_;
    std::mutex m_;
    std::list<Entry> lru_;
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    size_t bytes_ = 0, hits_ = 0, stale_ = 0, misses_ = 0;
};

}  // namespace kronika
