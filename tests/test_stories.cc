// Story grouping: MinHash signatures and LSH clustering of syndicated / re-published copies.
// All texts are invented: words drawn from a made-up syllable vocabulary with a seeded mt19937
// (its raw output only, which is the same on every platform).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "stories.h"

using namespace kronika::stories;
using Words = std::vector<std::string>;

namespace {

// 4096 invented three-syllable words.
const Words& vocabulary() {
    static const Words words = [] {
        static const char* const syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi",
                                                "de", "po", "zu", "ri", "ba", "ge", "fo", "ha"};
        Words v;
        for (size_t i = 0; i < 4096; ++i) {
            v.push_back(std::string(syllables[i % 16]) + syllables[(i / 16) % 16] +
                        syllables[i / 256]);
        }
        return v;
    }();
    return words;
}

// `n` words drawn from the first `vocab` words of the vocabulary.
Words text(uint32_t seed, size_t n, size_t vocab = 4096) {
    std::mt19937 rng(seed);
    Words w;
    for (size_t i = 0; i < n; ++i) w.push_back(vocabulary()[rng() % vocab]);
    return w;
}

// A copy of `w` with `count` words, spread over the text, replaced by other words.
Words replace_words(Words w, size_t count, uint32_t seed) {
    std::mt19937 rng(seed);
    for (size_t k = 0; k < count; ++k) {
        const size_t at = (k * w.size()) / count + rng() % (w.size() / count);
        w[at] = "edited" + std::to_string(k);
    }
    return w;
}

// A copy of `w` with a sentence of `n` new words inserted at `at`.
Words insert_sentence(Words w, size_t at, size_t n, uint32_t seed) {
    const Words s = text(seed, n);
    w.insert(w.begin() + long(at), s.begin(), s.end());
    return w;
}

Words slice(const Words& w, size_t begin, size_t end) {
    return Words(w.begin() + long(begin), w.begin() + long(end));
}

// The exact Jaccard similarity of the two texts' shingle sets.
double true_jaccard(const Words& a, const Words& b) {
    auto shingles = [](const Words& w) {
        std::set<std::string> s;
        for (size_t i = 0; i + kShingle <= w.size(); ++i) {
            std::string key;
            for (size_t j = 0; j < kShingle; ++j) key += w[i + j] + '\x1f';
            s.insert(key);
        }
        return s;
    };
    const auto sa = shingles(a), sb = shingles(b);
    size_t common = 0;
    for (const auto& s : sa) common += sb.count(s);
    return double(common) / double(sa.size() + sb.size() - common);
}

// For each member, the id of its story's first copy.
std::map<std::string, std::string> first_copies(const std::vector<Member>& members,
                                                double threshold = kThreshold) {
    const auto result = cluster(members, threshold);
    REQUIRE(result.size() == members.size());
    std::map<std::string, std::string> out;
    for (size_t i = 0; i < members.size(); ++i) {
        REQUIRE(result[i] < members.size());
        out[members[i].id] = members[result[i]].id;
    }
    return out;
}

size_t story_count(const std::map<std::string, std::string>& firsts) {
    std::set<std::string> distinct;
    for (const auto& [id, first] : firsts) distinct.insert(first);
    return distinct.size();
}

Member member(std::string id, std::string date, const Words& words) {
    return {std::move(id), std::move(date), signature(words)};
}

// A signature made directly from values (the documented format: little-endian uint32s).
std::string packed(const std::vector<uint32_t>& values) {
    std::string s;
    for (uint32_t v : values) {
        for (int b = 0; b < 4; ++b) s += char((v >> (8 * b)) & 0xff);
    }
    return s;
}

}  // namespace

TEST_CASE("short texts have no signature; equal texts equal ones, different texts different",
          "[stories]") {
    CHECK(signature({}).empty());
    CHECK(signature(text(1, kMinWords - 1)).empty());
    CHECK(signature(text(1, kMinWords)).size() == kSignatureBytes);
    CHECK(signature(text(1, 300)).size() == 4 * kHashes);

    // Built twice, independently: the same words give the same signature.
    CHECK(signature(text(7, 300)) == signature(text(7, 300)));
    CHECK(signature(text(7, kMinWords)) == signature(text(7, kMinWords)));
    CHECK(signature(text(7, 300)) != signature(text(8, 300)));

    // Word order matters: the same words reversed are other shingles.
    Words w = text(9, 200);
    Words reversed(w.rbegin(), w.rend());
    CHECK(signature(w) != signature(reversed));
    CHECK(estimated_jaccard(signature(w), signature(reversed)) < 0.1);

    // Word boundaries matter: the same bytes split into other words share no shingle.
    Words resplit;
    for (size_t i = 0; i < w.size(); ++i) {
        std::string s = i == 0 ? w[0] : w[i].substr(1);
        if (i + 1 < w.size()) s += w[i + 1][0];
        resplit.push_back(s);
    }
    std::string joined_w, joined_resplit;
    for (const auto& s : w) joined_w += s;
    for (const auto& s : resplit) joined_resplit += s;
    REQUIRE(joined_w == joined_resplit);
    CHECK(estimated_jaccard(signature(w), signature(resplit)) < 0.1);
}

TEST_CASE("estimated Jaccard follows the true Jaccard of shingle sets", "[stories]") {
    const Words a = text(11, 300);
    const std::string sa = signature(a);
    CHECK(estimated_jaccard(sa, sa) == 1.0);
    CHECK(estimated_jaccard(sa, signature(text(11, 300))) == 1.0);
    CHECK(estimated_jaccard(sa, "") == 0.0);
    CHECK(estimated_jaccard("", "") == 0.0);
    CHECK(estimated_jaccard(sa, sa.substr(4)) == 0.0);  // not a signature
    CHECK(estimated_jaccard(sa, signature(text(12, 300))) < 0.1);

    // Trimmed copies, edited copies and copies with an added sentence: the estimate is within
    // 0.2 (over 3 standard deviations for 64 values) of the true value.
    const std::vector<Words> others = {
        slice(a, 0, 270),
        slice(a, 0, 210),
        slice(a, 0, 150),
        slice(a, 60, 300),
        replace_words(a, 5, 1),
        replace_words(a, 20, 2),
        insert_sentence(a, 100, 20, 3),
    };
    for (const auto& b : others) {
        const double truth = true_jaccard(a, b);
        const double estimate = estimated_jaccard(sa, signature(b));
        INFO("true " << truth << ", estimated " << estimate);
        CHECK(std::abs(estimate - truth) <= 0.2);
    }
}

TEST_CASE("banding makes likely copies candidates", "[stories]") {
    CHECK(candidate_probability(0.4) == Approx(0.3396).margin(0.001));
    CHECK(candidate_probability(0.6) == Approx(0.8915).margin(0.001));
    CHECK(candidate_probability(0.7) == Approx(0.9876).margin(0.001));
    CHECK(candidate_probability(0.8) == Approx(0.9998).margin(0.001));
    CHECK(candidate_probability(1.0) == 1.0);
    CHECK(candidate_probability(0.0) == 0.0);
}

TEST_CASE("copies of one text are one story, unrelated texts are not", "[stories]") {
    const Words original = text(21, 300);
    const Words edited = replace_words(original, 5, 22);  // 5 words replaced
    const Words extended = insert_sentence(original, 150, 20, 23);
    const Words bylined = insert_sentence(original, 300, 12, 24);  // a credit line at the end
    // Texts sharing a small vocabulary (so most of their words) but no phrasing.
    const Words same_words_1 = text(25, 300, 40);
    const Words same_words_2 = text(26, 300, 40);

    CHECK(estimated_jaccard(signature(original), signature(edited)) >= kThreshold);
    CHECK(estimated_jaccard(signature(same_words_1), signature(same_words_2)) < 0.1);

    const std::vector<Member> members = {
        member("orig", "2024-05-01T08:00:00Z", original),
        member("exact", "2024-05-01T09:00:00Z", original),
        member("edited", "2024-05-01T10:00:00Z", edited),
        member("extended", "2024-05-02", extended),
        member("bylined", "", bylined),
        member("other", "2024-05-01T07:00:00Z", text(27, 300)),
        member("same-words-1", "2024-05-01", same_words_1),
        member("same-words-2", "2024-05-01", same_words_2),
    };
    const auto result = cluster(members);
    CHECK(result == std::vector<size_t>{0, 0, 0, 0, 0, 5, 6, 7});
}

TEST_CASE("short texts are never grouped, even when identical", "[stories]") {
    const Words brief = text(31, kMinWords - 1);
    std::vector<Member> members = {
        member("a", "2024-01-01", brief),
        member("b", "2024-01-01", brief),
        {"c", "2024-01-01", "not a signature"},
        {"d", "2024-01-01", "not a signature"},
    };
    CHECK(members[0].signature.empty());
    CHECK(cluster(members) == std::vector<size_t>{0, 1, 2, 3});
    CHECK(cluster({}).empty());
}

TEST_CASE("the first copy is the earliest, ties by id, undated last", "[stories]") {
    const Words s1 = text(41, 250), s2 = text(42, 250), s3 = text(43, 250);
    const std::vector<Member> members = {
        // Story 1: two copies at the same instant, an earlier-id undated one, a later one.
        member("s1-later", "2024-03-02T00:00:00Z", replace_words(s1, 3, 1)),
        member("s1-z", "2024-03-01T10:00:00Z", s1),
        member("s1-a", "", replace_words(s1, 3, 2)),
        member("s1-b", "2024-03-01T10:00:00Z", replace_words(s1, 3, 3)),
        // Story 2: all undated: the smallest id.
        member("s2-q", "", s2),
        member("s2-p", "", replace_words(s2, 4, 4)),
        // Story 3: the only dated copy, though its id is the largest.
        member("s3-a", "", s3),
        member("s3-z", "2020-01-01", insert_sentence(s3, 10, 15, 5)),
    };
    const auto firsts = first_copies(members);
    for (const char* id : {"s1-later", "s1-z", "s1-a", "s1-b"}) CHECK(firsts.at(id) == "s1-b");
    for (const char* id : {"s2-q", "s2-p"}) CHECK(firsts.at(id) == "s2-p");
    for (const char* id : {"s3-a", "s3-z"}) CHECK(firsts.at(id) == "s3-z");
}

TEST_CASE("copies join transitively", "[stories]") {
    // B is the full text; A lacks its last 27% and C its first 27%: A and C are each close to B
    // (true Jaccard 0.73) but not to each other (0.46).
    const Words b = text(51, 1000);
    const Words a = slice(b, 0, 730), c = slice(b, 270, 1000);
    REQUIRE(estimated_jaccard(signature(a), signature(b)) >= kThreshold);
    REQUIRE(estimated_jaccard(signature(c), signature(b)) >= kThreshold);
    REQUIRE(estimated_jaccard(signature(a), signature(c)) < kThreshold);

    CHECK(cluster({member("a", "2024-02-03", a), member("c", "2024-02-01", c)}) ==
          std::vector<size_t>{0, 1});
    const auto firsts = first_copies(
        {member("a", "2024-02-03", a), member("b", "2024-02-02", b), member("c", "2024-02-01", c)});
    CHECK(firsts.at("a") == "c");
    CHECK(firsts.at("b") == "c");
    CHECK(firsts.at("c") == "c");

    // A threshold above every pair's similarity keeps them apart; the threshold is honoured.
    CHECK(story_count(first_copies({member("a", "", a), member("b", "", b), member("c", "", c)},
                                   1.01)) == 3);
}

TEST_CASE("stories and first copies do not depend on the input order", "[stories]") {
    std::vector<Member> members;
    std::mt19937 rng(61);
    const char* const dates[] = {"2024-06-01", "2024-06-01T12:00:00Z", "2024-06-02", ""};
    size_t expected_stories = 0;
    for (uint32_t story = 0; story < 12; ++story) {
        const Words original = text(1000 + story, 200 + 40 * story);
        const size_t copies = 1 + story % 5;
        for (size_t k = 0; k < copies; ++k) {
            const Words w = k == 0 ? original
                            : k % 2 == 1
                                ? replace_words(original, 4, story * 10 + uint32_t(k))
                                : insert_sentence(original, 30, 12, story * 10 + uint32_t(k));
            members.push_back(member("story" + std::to_string(story) + "-copy" + std::to_string(k),
                                     dates[rng() % 4], w));
        }
        ++expected_stories;
    }
    for (uint32_t single = 0; single < 20; ++single, ++expected_stories) {
        members.push_back(
            member("single" + std::to_string(single), dates[rng() % 4], text(2000 + single, 100)));
    }
    for (uint32_t brief = 0; brief < 4; ++brief, ++expected_stories) {
        members.push_back(member("brief" + std::to_string(brief), "", text(3000, 10)));
    }

    const auto expected = first_copies(members);
    CHECK(story_count(expected) == expected_stories);
    for (int round = 0; round < 20; ++round) {
        for (size_t i = members.size() - 1; i > 0; --i)
            std::swap(members[i], members[rng() % (i + 1)]);
        INFO("round " << round);
        CHECK(first_copies(members) == expected);
    }
}

TEST_CASE("a huge bucket is compared against its head only, and still groups its copies",
          "[stories]") {
    // 1500 copies of one text (every band is one bucket of 1500), an edited copy, and an
    // unrelated text.
    const Words original = text(71, 200);
    std::vector<Member> members;
    for (int i = 0; i < 1500; ++i) {
        members.push_back(member("copy" + std::to_string(10000 + i),
                                 "2024-07-" + std::to_string(10 + i % 20), original));
    }
    members.push_back(member("edited", "2024-07-01", replace_words(original, 5, 72)));
    members.push_back(member("unrelated", "2024-06-01", text(73, 200)));
    auto firsts = first_copies(members);
    CHECK(story_count(firsts) == 2);
    CHECK(firsts.at("copy11499") == "edited");
    CHECK(firsts.at("unrelated") == "unrelated");

    // 1500 different signatures sharing band 0's values (one pathological bucket) and random
    // elsewhere: none is a copy of another. Two of them, far past the bucket's head in id order,
    // are near copies: they also share other bands, and are found there.
    std::mt19937 rng(74);
    std::vector<Member> synthetic;
    for (int i = 0; i < 1500; ++i) {
        std::vector<uint32_t> values(kHashes);
        for (size_t v = 0; v < kHashes; ++v) values[v] = v < kRows ? uint32_t(v) : rng();
        synthetic.push_back({"m" + std::to_string(10000 + i), "", packed(values)});
    }
    std::string near = synthetic[1400].signature;
    near.replace(4 * (kHashes - 2), 8, packed({1, 2}));  // 62 of 64 values equal
    synthetic[1450].signature = near;
    const auto result = cluster(synthetic);
    for (size_t i = 0; i < synthetic.size(); ++i) {
        if (i == 1450) continue;
        if (result[i] != i) FAIL("member " << i << " grouped with " << result[i]);
    }
    CHECK(result[1450] == 1400);
}

TEST_CASE("20,000 unrelated texts stay 20,000 stories", "[stories]") {
    // A throughput check without timing: a batch of this size must simply run.
    std::vector<Member> members;
    members.reserve(20000);
    for (uint32_t i = 0; i < 20000; ++i) {
        members.push_back(
            member("doc" + std::to_string(i), i % 3 ? "2024-01-01" : "", text(100000 + i, 80)));
    }
    const auto result = cluster(members);
    size_t singletons = 0;
    for (size_t i = 0; i < result.size(); ++i) singletons += result[i] == i;
    CHECK(singletons == 20000);
}
