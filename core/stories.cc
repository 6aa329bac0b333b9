// Story grouping: MinHash signatures and LSH clustering (see stories.h).
#include "stories.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <numeric>
#include <utility>

namespace kronika::stories {

namespace {

// A bijective 64-bit finaliser (the MurmurHash3 fmix64 constants): every input bit affects
// every output bit.
constexpr uint64_t mix64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

// SplitMix64 steps: the fixed per-slot parameters below, the same on every platform.
constexpr uint64_t splitmix_next(uint64_t& state) {
    state += 0x9e3779b97f4a7c15ULL;
    return mix64(state);
}

struct SlotParams {
    std::array<uint64_t, kHashes> mul{};  // odd multipliers
    std::array<uint64_t, kHashes> add{};
};

constexpr SlotParams make_slot_params() {
    SlotParams p;
    uint64_t state = 0x6b726f6e696b6131ULL;  // "kronika1"
    for (size_t i = 0; i < kHashes; ++i) {
        p.mul[i] = splitmix_next(state) | 1;
        p.add[i] = splitmix_next(state);
    }
    return p;
}

constexpr SlotParams kSlots = make_slot_params();
constexpr uint64_t kWordSeed = 0x3c6ef372fe94f82bULL;
constexpr uint64_t kShingleSeed = 0xa54ff53a5f1d36f1ULL;

// A seeded FNV-1a over the word's bytes, finalised with mix64.
uint64_t word_hash(const std::string& word) {
    uint64_t h = 0xcbf29ce484222325ULL ^ kWordSeed;
    for (unsigned char c : word) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return mix64(h ^ word.size());
}

uint32_t load32(std::string_view s, size_t slot) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + 4 * slot;
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// The bucket key of one band of a signature. Different bands may collide: that only makes
// extra candidates, which the comparison of whole signatures then rejects.
uint64_t band_key(std::string_view sig, size_t band) {
    uint64_t h = kShingleSeed;
    for (size_t r = 0; r < kRows; ++r) h = mix64(h ^ load32(sig, band * kRows + r)) + r;
    return h;
}

// A hash of a whole signature, to find identical ones.
uint64_t signature_key(std::string_view sig) {
    uint64_t h = kWordSeed;
    for (size_t i = 0; i < kHashes; ++i) h = mix64(h ^ load32(sig, i)) + i;
    return h;
}

// Union-find over 0..n-1 (union by size, path halving). The sets it ends with depend only on
// which pairs were joined, not on the order.
class DisjointSets {
  public:
    explicit DisjointSets(size_t n) : parent_(n), size_(n, 1) {
        std::iota(parent_.begin(), parent_.end(), size_t{0});
    }
    size_t find(size_t x) {
        while (parent_[x] != x) {
            parent_[x] = parent_[parent_[x]];
            x = parent_[x];
        }
        return x;
    }
    void join(size_t a, size_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (size_[a] < size_[b]) std::swap(a, b);
        parent_[b] = a;
        size_[a] += size_[b];
    }

  private:
    std::vector<size_t> parent_;
    std::vector<size_t> size_;
};

}  // namespace

std::string signature(const std::vector<std::string>& words) {
    if (words.size() < kMinWords) return "";
    std::vector<uint64_t> hashes(words.size());
    std::transform(words.begin(), words.end(), hashes.begin(), word_hash);

    std::array<uint32_t, kHashes> mins;
    mins.fill(UINT32_MAX);
    for (size_t start = 0; start + kShingle <= hashes.size(); ++start) {
        // Chained mixing keeps the word order: "a b" and "b a" are different shingles.
        uint64_t shingle = kShingleSeed;
        for (size_t j = 0; j < kShingle; ++j) shingle = mix64(shingle ^ hashes[start + j]);
        // Slot i hashes the (already well mixed) shingle with multiply-add-shift, a cheap
        // universal family with its own fixed odd multiplier and addend.
        for (size_t i = 0; i < kHashes; ++i) {
            const auto v = uint32_t((kSlots.mul[i] * shingle + kSlots.add[i]) >> 32);
            mins[i] = std::min(mins[i], v);
        }
    }

    std::string out(kSignatureBytes, '\0');
    for (size_t i = 0; i < kHashes; ++i) {
        for (size_t b = 0; b < 4; ++b) out[4 * i + b] = char((mins[i] >> (8 * b)) & 0xff);
    }
    return out;
}

double estimated_jaccard(std::string_view a, std::string_view b) {
    if (a.size() != kSignatureBytes || b.size() != kSignatureBytes) return 0;
    size_t equal = 0;
    for (size_t i = 0; i < kHashes; ++i)
        equal += std::memcmp(a.data() + 4 * i, b.data() + 4 * i, 4) == 0;
    return double(equal) / double(kHashes);
}

double candidate_probability(double jaccard) {
    return 1 - std::pow(1 - std::pow(jaccard, double(kRows)), double(kBands));
}

std::vector<size_t> cluster(const std::vector<Member>& members, double threshold) {
    const size_t n = members.size();
    std::vector<size_t> result(n);
    std::iota(result.begin(), result.end(), size_t{0});

    // The members with a signature, in id order: their rank in this order is how they are known
    // below, so nothing depends on the input order (ids are unique; the other keys only make
    // the order total if they are not).
    std::vector<size_t> order;
    for (size_t i = 0; i < n; ++i) {
        if (members[i].signature.size() == kSignatureBytes) order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const Member& x = members[a];
        const Member& y = members[b];
        if (x.id != y.id) return x.id < y.id;
        if (x.date != y.date) return x.date < y.date;
        if (x.signature != y.signature) return x.signature < y.signature;
        return a < b;
    });
    const size_t m = order.size();
    if (m < 2) return result;

    auto sig = [&](size_t rank) -> const std::string& { return members[order[rank]].signature; };
    DisjointSets sets(m);
    auto compare = [&](size_t ra, size_t rb) {
        if (sets.find(ra) == sets.find(rb)) return;  // already one story: the pair adds nothing
        if (estimated_jaccard(sig(ra), sig(rb)) >= threshold) sets.join(ra, rb);
    };

    // Identical signatures (a wire text re-published verbatim, a boilerplate page) are one story
    // for any threshold up to 1: they are joined here, and only the first of each (in id order)
    // goes into the LSH buckets. This keeps floods of exact copies cheap.
    std::vector<size_t> bucketed;  // ranks
    {
        std::vector<std::pair<uint64_t, size_t>> by_key(m);
        for (size_t r = 0; r < m; ++r) by_key[r] = {signature_key(sig(r)), r};
        std::sort(by_key.begin(), by_key.end());
        for (size_t begin = 0; begin < m;) {
            const size_t first = by_key[begin].second;
            bucketed.push_back(first);
            size_t end = begin + 1;
            for (; end < m && by_key[end].first == by_key[begin].first; ++end) {
                const size_t r = by_key[end].second;
                if (threshold <= 1.0 && sig(r) == sig(first)) {
                    sets.join(first, r);
                } else {
                    bucketed.push_back(r);  // a hash collision, or nothing may be joined
                }
            }
            begin = end;
        }
    }

    // Visiting the members in input order keeps the band-key passes below cache friendly.
    std::sort(bucketed.begin(), bucketed.end(),
              [&](size_t a, size_t b) { return order[a] < order[b]; });

    // One band at a time, so only one entry per bucketed member is held: (band key, rank),
    // sorted, so that each bucket is a run ordered by rank (id order).
    const size_t k = bucketed.size();
    std::vector<std::pair<uint64_t, size_t>> entries(k);
    for (size_t band = 0; band < kBands; ++band) {
        for (size_t i = 0; i < k; ++i) entries[i] = {band_key(sig(bucketed[i]), band), bucketed[i]};
        std::sort(entries.begin(), entries.end());
        for (size_t begin = 0; begin < k;) {
            size_t end = begin + 1;
            while (end < k && entries[end].first == entries[begin].first) ++end;
            // All pairs in an ordinary bucket; in a pathological one (more than kBucketCap
            // members share this band) each member only against the bucket's first kBucketHead
            // members, in id order.
            const size_t head = end - begin > kBucketCap ? kBucketHead : end - begin;
            for (size_t x = begin + 1; x < end; ++x) {
                const size_t stop = std::min(x, begin + head);
                for (size_t y = begin; y < stop; ++y) compare(entries[y].second, entries[x].second);
            }
            begin = end;
        }
    }

    // The first copy of each story: earliest date, undated last, then smallest id.
    auto earlier = [&](size_t a, size_t b) {
        const Member& x = members[a];
        const Member& y = members[b];
        if (x.date.empty() != y.date.empty()) return y.date.empty();
        if (x.date != y.date) return x.date < y.date;
        return x.id < y.id;
    };
    constexpr size_t kNone = SIZE_MAX;
    std::vector<size_t> first(m, kNone);
    for (size_t r = 0; r < m; ++r) {
        size_t& f = first[sets.find(r)];
        if (f == kNone || earlier(order[r], f)) f = order[r];
    }
    for (size_t r = 0; r < m; ++r) result[order[r]] = first[sets.find(r)];
    return result;
}

}  // namespace kronika::stories
