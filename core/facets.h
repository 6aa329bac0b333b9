// Facet counting: match spies over the value slots of schema.h, multi-valued where needed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "names.h"

namespace kronika {

// What a count counts: articles, or distinct stories (an article and its near-duplicate copies
// are one story; stories.h).
enum class CountUnit { articles, stories };
CountUnit count_unit_from_name(const std::string& name);  // throws std::invalid_argument
const char* count_unit_name(CountUnit u);

// The facets a search can count.
enum class FacetKind { people, attribution, kind, source, date };

// Parses "people" / "attribution" / "kind" / "source" / "date"; throws std::invalid_argument.
FacetKind facet_from_name(const std::string& name);
const char* facet_name(FacetKind kind);

// Counts the values of one facet over the documents the matcher examines (spies see only those:
// pass checkatleast = doccount for exact counts). Names are counted by alias key (names.h), so
// spelling variants and the aliases of one person in `aliases` are one value, shown under the
// canonical name (or the most frequent spelling, ties by spelling). Dates are per month
// ("2024-03"). Each distinct value of a document counts once.
class FacetCount {
  public:
    virtual ~FacetCount() = default;
    virtual Xapian::MatchSpy* spy() = 0;  // to add to the Enquire; owned by this object
    virtual FacetKind kind() const = 0;
    virtual uint64_t documents_seen() const = 0;
    // Counting stories: the distinct stories among the documents seen (0 when counting articles).
    virtual uint64_t stories_seen() const { return 0; }
    // The `top` most frequent values (all when 0), by count then value; dates in date order.
    virtual std::vector<std::pair<std::string, uint64_t>> top(size_t top) const = 0;
};

// The counter for a facet: LocalFacetSpy when every shard is local and has the facet id slots
// (`local`; schema 2), else FacetCounter. `db` and `names` must outlive it; `aliases` may be
// null.
// With CountUnit::stories, each value counts the distinct stories of its matches (SLOT_STORY;
// an article without copies is a story of its own); only LocalFacetSpy can (throws
// std::runtime_error otherwise).
std::unique_ptr<FacetCount> make_facet_count(FacetKind kind, const Xapian::Database& db,
                                             NameKeys& names, const AliasTable* aliases, bool local,
                                             CountUnit count = CountUnit::articles);

// An open-addressing hash map from non-zero 64-bit hashes to V (linear probing, power-of-two
// size): the facet spy's per-match work is one probe per value, no allocation.
template <class V>
class HashCounter {
  public:
    V& operator[](uint64_t key) {
        if (key == 0) key = 1;  // 0 marks an empty slot
        if ((size_ + 1) * 2 > keys_.size()) grow();
        size_t mask = keys_.size() - 1, i = mix(key) & mask;
        while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask;
        if (keys_[i] == 0) {
            keys_[i] = key;
            ++size_;
        }
        return values_[i];
    }
    const V* find(uint64_t key) const {
        if (key == 0) key = 1;
        if (keys_.empty()) return nullptr;
        size_t mask = keys_.size() - 1, i = mix(key) & mask;
        while (keys_[i] != 0) {
            if (keys_[i] == key) return &values_[i];
            i = (i + 1) & mask;
        }
        return nullptr;
    }
    size_t size() const { return size_; }
    template <class Fn>
    void for_each(Fn&& fn) const {
        for (size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] != 0) fn(keys_[i], values_[i]);
    }

  private:
    static uint64_t mix(uint64_t x) {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdull;
        return x ^ (x >> 33);
    }
    void grow() {
        std::vector<uint64_t> keys(std::max<size_t>(64, keys_.size() * 2), 0);
        std::vector<V> values(keys.size());
        size_t mask = keys.size() - 1;
        for (size_t i = 0; i < keys_.size(); ++i) {
            if (keys_[i] == 0) continue;
            size_t j = mix(keys_[i]) & mask;
            while (keys[j] != 0) j = (j + 1) & mask;
            keys[j] = keys_[i];
            values[j] = std::move(values_[i]);
        }
        keys_.swap(keys);
        values_.swap(values);
    }
    std::vector<uint64_t> keys_;
    std::vector<V> values_;
    size_t size_ = 0;
};

// The fast local counter: a MatchSpy reading the facet id slots (schema.h: per entry, a hash of
// its text and a hash of its alias key), so counting is integers in hash maps; only the entries
// it shows are decoded, from the stored slot of one document that has them. It cannot run on a
// remote shard (xapian-tcpsrv knows only Xapian's own spies). `db` must outlive it.
class LocalFacetSpy final : public Xapian::MatchSpy, public FacetCount {
  public:
    LocalFacetSpy(FacetKind kind, const Xapian::Database& db, NameKeys& names,
                  const AliasTable* aliases, CountUnit count = CountUnit::articles);

    void operator()(const Xapian::Document& doc, double wt) override;
    std::string name() const override { return "kronika.LocalFacetSpy"; }

    Xapian::MatchSpy* spy() override { return this; }
    FacetKind kind() const override { return kind_; }
    uint64_t documents_seen() const override { return seen_; }
    uint64_t stories_seen() const override { return stories_ ? single_ + stories_seen_.size() : 0; }

    // Adds the counts of a spy of the same facet that ran over other documents (another shard,
    // searched on its own); its database must outlive this spy.
    void merge(const LocalFacetSpy& other);
    std::vector<std::pair<std::string, uint64_t>> top(size_t top) const override;

  private:
    struct Spelling {
        uint64_t group = 0;
        uint64_t count = 0;
        Xapian::docid docid = 0;  // a document that holds it (docid in its shard), to decode it
        const Xapian::Database* db = nullptr;  // the database that docid is from
    };
    std::string text_of(uint64_t spelling, const Spelling& s) const;
    // Counting stories: true the first time `value` is seen in the current document's story
    // (always for an article without copies).
    bool first_in_story(uint64_t value) {
        return story_ == 0 || story_values_.insert((value * 0x9e3779b97f4a7c15ull) ^ story_).second;
    }

    FacetKind kind_;
    const Xapian::Database& db_;
    NameKeys& names_;
    const AliasTable* aliases_;
    uint64_t seen_ = 0;
    std::unordered_map<uint64_t, uint64_t> alias_group_;   // key hash -> group's key hash
    std::unordered_map<uint64_t, std::string> canonical_;  // group's key hash -> display name
    bool people_by_spelling_ = false;     // count spellings only; top() sums them per person
    HashCounter<uint64_t> group_counts_;  // group hash -> documents
    HashCounter<Spelling> spellings_;     // text hash -> group, documents, a docid
    std::vector<uint64_t> doc_groups_;    // scratch, per document
    std::vector<std::pair<uint64_t, uint64_t>> doc_entries_;  // (spelling, group), scratch
    std::unordered_map<uint32_t, uint64_t> months_;           // YYYYMM -> documents
    std::unordered_map<std::string, uint64_t> sources_;       // outlet / kind -> documents
    bool stories_ = false;                                    // CountUnit::stories
    uint64_t story_ = 0;                         // the current document's story hash (0: none)
    std::unordered_set<uint64_t> story_values_;  // (value, story) pairs counted
    std::unordered_set<uint64_t> stories_seen_;  // stories with copies seen
    uint64_t single_ = 0;                        // articles without copies seen
};

// The portable counter: Xapian's ValueCountMatchSpy over the facet's value slot (schema.h), so it
// works the same on local shards and on remote ones served by xapian-tcpsrv (which knows only
// Xapian's own spies). People and attributions are multi-valued: the spy counts each distinct
// packed list, and top() splits the lists, so each distinct value of a document is counted once.
// Names are counted by alias key (names.h), so spelling variants and the aliases of one person in
// `aliases` are one value, shown under the canonical name (or the most frequent spelling). Dates
// are per month
// ("2024-03").
class FacetCounter final : public FacetCount {
  public:
    // `names` must outlive the counter; `aliases` may be null.
    FacetCounter(FacetKind kind, NameKeys& names, const AliasTable* aliases);

    Xapian::MatchSpy* spy() override { return &spy_; }
    FacetKind kind() const override { return kind_; }
    uint64_t documents_seen() const override { return spy_.get_total(); }
    std::vector<std::pair<std::string, uint64_t>> top(size_t top) const override;

  private:
    FacetKind kind_;
    NameKeys& names_;
    const AliasTable* aliases_;
    Xapian::ValueCountMatchSpy spy_;
};

}  // namespace kronika
