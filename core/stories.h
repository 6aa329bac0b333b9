// Story grouping: MinHash signatures of article texts and LSH clustering of near-duplicate
// (syndicated, re-published, lightly edited) copies into stories.
//
// An article's text is seen as the set of its kShingle-word shingles (runs of consecutive
// words). Two copies of one wire story share most shingles even when a few words were edited, a
// byline or sentence was added or the tail was trimmed; two different articles, even on the same
// event, share almost none. The Jaccard similarity of the shingle sets is estimated from kHashes
// MinHash values, and locality-sensitive hashing over kBands bands of kRows values finds the
// candidate pairs without comparing every pair of articles.
//
// Everything here is pure and deterministic: signatures are the same on every run and platform
// (fixed seeds, own hash functions), and cluster() gives the same stories for any order of its
// input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kronika::stories {

inline constexpr size_t kShingle = 5;  // words per shingle
inline constexpr size_t kHashes = 64;  // MinHash values per signature (uint32 each)
inline constexpr size_t kBands = 16;   // LSH bands of kRows values each
inline constexpr size_t kRows = kHashes / kBands;
static_assert(kHashes % kBands == 0, "bands must split the signature evenly");
inline constexpr size_t kSignatureBytes = 4 * kHashes;

// Estimated Jaccard similarity of the shingle sets at or above which two texts are one story.
//
// A copy with a handful of words edited per few hundred words is at 0.8-0.9 (each changed word
// breaks up to kShingle shingles: 5 changes in 300 words leave about 0.84); an added paragraph
// or a byline is at 0.85-0.95; a copy trimmed to 70% of the original is at 0.7. Different
// articles on one event share few 5-word runs (a quoted statement, a stock phrase), typically
// well below 0.3 -- but scraped pages of one site can share a large block of page furniture:
// on AllSides, CNN pages years apart share ~1,100 shingles of boilerplate (true Jaccard 0.51),
// and at a threshold of 0.6 five of them chained into one "story" through pairs whose estimate
// happened to reach 0.6. At 0.7 (measured on AllSides, docs/benchmarks.md) 28 stories of two
// copies remain, 25 of them genuine copies checked by hand (wire copies under two mastheads,
// re-published columns, updated versions of one report). With 64 values the estimate's
// standard deviation is at most 0.0625: a pair truly at 0.5 reaches 0.7 with probability
// about 1e-3, a pair truly at 0.85 falls below it with probability about 0.01 (0.8: 0.06, and
// a third copy often joins it anyway).
//
// Banding (16 bands x 4 rows) makes a pair a candidate with probability 1 - (1 - s^4)^16:
// s = 0.4: 0.34, 0.5: 0.64, 0.6: 0.89, 0.7: 0.988, 0.8: 0.9998, 0.9: 1 - 4e-8. The S-curve's
// midpoint, (1/16)^(1/4) = 0.5, lies below the threshold, so LSH favours recall and the exact
// comparison of signatures decides.
inline constexpr double kThreshold = 0.7;

// Texts with fewer words than this get no signature and are never grouped: a one- or
// two-sentence text is too short to tell a copy from a coincidence (a shared dateline and stock
// phrase would make a large part of its shingles). 30 words are 26 shingles: enough for a wire
// brief, while a shared 20-word boilerplate sentence alone keeps two such texts below 0.5.
inline constexpr size_t kMinWords = 30;
static_assert(kMinWords >= kShingle);

// Identical signatures are joined up front, and only one of them goes into the LSH buckets. LSH
// buckets still larger than kBucketCap members (e.g. thousands of lightly varied copies of one
// boilerplate text) are not compared all pairs against all: each member is compared only
// against the kBucketHead first members of the bucket (in id order), which keeps the work linear
// in the bucket's size. A pair missed that way is still joined when the two share another band
// or are both close to one of the head's members.
inline constexpr size_t kBucketCap = 1000;
inline constexpr size_t kBucketHead = 300;

// The MinHash signature of a text given as its folded words (already lower-cased / normalised
// by the caller) over kShingle-word shingles: kHashes little-endian uint32 packed in a string
// (kSignatureBytes bytes). Texts shorter than kMinWords words give "" (never grouped).
// Deterministic across runs and platforms.
std::string signature(const std::vector<std::string>& words);

// The fraction of equal values of two signatures: an estimate of the Jaccard similarity of the
// two texts' shingle sets. 0 when either is not a signature (e.g. "").
double estimated_jaccard(std::string_view a, std::string_view b);

// The probability that LSH banding makes a pair with Jaccard similarity `jaccard` a candidate:
// 1 - (1 - jaccard^kRows)^kBands.
double candidate_probability(double jaccard);

struct Member {
    std::string id;         // article id (unique)
    std::string date;       // sortable publication instant/date string ("" = undated, sorts last)
    std::string signature;  // from signature(); "" = not grouped
};

// Groups members into stories: LSH over kBands bands finds candidate pairs, a pair is kept when
// estimated_jaccard >= threshold, and kept pairs join transitively. Returns, for each member, the
// index of its story's first copy: the earliest `date` in the story (undated last), ties broken
// by the smallest id. A member without a near copy (or without a signature) is its own story and
// gets its own index. The stories and first copies do not depend on the order of `members`.
// Memory is O(members) (bands are bucketed one at a time by sorting); time is
// O(kBands * n log n) plus the comparisons inside buckets (see kBucketCap). Measured at -O2 on
// one core: 1,000,000 members in under 3 s, using ~60 MB besides the members themselves.
std::vector<size_t> cluster(const std::vector<Member>& members, double threshold = kThreshold);

}  // namespace kronika::stories
