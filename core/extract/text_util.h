// Shared helpers for the extractors: sentences, capitalised-word tokens and word lists.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace kronika::text {

// A sentence of the body: its text and byte offset in the source string.
struct Sentence {
    std::string_view text;
    size_t offset = 0;
    size_t paragraph = 0;  // index of the paragraph (blank-line separated block) it belongs to
};

// Split plain text into sentences. Every line break ends a sentence (CoNLL has one sentence a
// line, scrapes have one paragraph a line); inside a line, `. ! ?` (plus closing quotes) followed
// by space and an upper-case letter, digit or opening quote ends one, except after common
// abbreviations ("Mr.", "Gen.", "U.S.") and single-letter initials. Hand-written rather than the
// ICU BreakIterator: it is several times faster and knows about initials and titles.
std::vector<Sentence> split_sentences(std::string_view text);

// One token of a sentence: a word (letters and digits with inner hyphens/apostrophes, a possessive
// "'s" split off into `possessive`) or a single punctuation mark.
struct Token {
    std::string_view text;    // the word without possessive ending, or the punctuation mark
    size_t offset = 0;        // byte offset in the tokenised string
    size_t end = 0;           // byte offset just past the token (including the possessive)
    bool word = false;        // letters/digits (false: punctuation)
    bool cap = false;         // starts with an upper-case letter ("Putin", "al-Assad")
    bool upper = false;       // two or more letters, all upper case ("FSB", "METZEL")
    bool digit = false;       // contains a digit
    bool possessive = false;  // followed by 's or a bare apostrophe ("Putin's", "Jones'")
    bool quote = false;       // punctuation that is a double quotation mark (" “ ” « » „)
};

std::vector<Token> tokenize(std::string_view s);

// Lower-case (full Unicode via ICU; ASCII fast path).
std::string to_lower(std::string_view s);
// "METZEL" -> "Metzel", "JEAN-PIERRE" -> "Jean-Pierre".
std::string title_case(std::string_view s);
// Join words with single spaces.
std::string join(const std::vector<std::string>& words);

// Word lists; all take a lower-case word.
bool is_common_word(std::string_view lower);    // frequent English words, not names
bool is_stop_word(std::string_view lower);      // function words: the, of, and, he, ...
bool is_given_name(std::string_view lower);     // frequent first names (international)
bool is_title_word(std::string_view lower);     // honorifics and roles: mr, president, minister
bool is_abbrev_title(std::string_view lower);   // titles written with a period: mr, gen, sen
bool is_org_word(std::string_view lower);       // organisation heads: council, university, bank
bool is_soft_org_word(std::string_view lower);  // org/place words that are also surnames: hall
bool is_place(std::string_view lower);          // countries, states, big cities, regions
bool is_nationality(std::string_view lower);    // russian, ukrainian, american, muslim, ...
bool is_month(std::string_view lower);
bool is_weekday(std::string_view lower);
bool is_particle(std::string_view lower);         // name particles: van, von, de, bin, al
bool is_pronoun_subject(std::string_view lower);  // he, she
bool is_speech_verb(std::string_view lower);      // said, says, told, claimed, alleges, ...
bool is_club_word(std::string_view lower);        // sports clubs: borussia, hapoel, orioles, rovers
bool is_german_stop_word(std::string_view lower);    // der, und, nach, heute, ...
bool is_german_title(std::string_view lower);        // herr, frau, kanzlerin, sprecher, ...
bool is_german_speech_verb(std::string_view lower);  // sagte, erklärte, betonte, so, ...

// An outlet, agency, poll or publication name ("Bloomberg", "The New York Times", "Reuters").
bool is_outlet(std::string_view name);

// The article's own vocabulary: words seen in lower case somewhere in it. A capitalised word whose
// lower-case form occurs elsewhere is an ordinary word at a sentence start ("Addressing").
namespace detail {
// A cheap fixed-cost hash for short words (reads at most 16 bytes): the first and last 8 (or 4)
// bytes, mixed with the length by a multiply. Good enough for word sets; not for untrusted keys
// of unbounded length where collisions would matter (long strings sharing head and tail collide).
inline uint64_t load_u64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}
inline uint32_t load_u32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
inline uint64_t fast_hash(std::string_view s) {
    const char* p = s.data();
    size_t n = s.size();
    uint64_t a, b;
    if (n >= 8) {
        a = load_u64(p);
        b = load_u64(p + n - 8);
        if (n > 16) b ^= load_u64(p + n / 2 - 4) * 0xC2B2AE3D27D4EB4FULL;
    } else if (n >= 4) {
        a = load_u32(p);
        b = load_u32(p + n - 4);
    } else if (n > 0) {
        a = static_cast<unsigned char>(p[0]) |
            (static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
            (static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
        b = 0;
    } else {
        a = b = 0;
    }
    uint64_t h =
        (a ^ ((b << 29) | (b >> 35)) ^ (static_cast<uint64_t>(n) << 56)) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 32);
}
}  // namespace detail

struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
        return static_cast<size_t>(detail::fast_hash(s));
    }
};
// A flat set of strings (open addressing, the characters in one buffer): the article vocabulary
// is built for every article and queried for every capitalised word, so it avoids a node
// allocation per word. Offers the parts of std::unordered_set's interface the extractors use.
class StringSet {
  public:
    class const_iterator {
      public:
        const_iterator(const StringSet* s, size_t i) : s_(s), i_(i) {}
        std::string_view operator*() const { return s_->at(i_); }
        const_iterator& operator++() { return ++i_, *this; }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }
        bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

      private:
        const StringSet* s_;
        size_t i_;
    };
    using iterator = const_iterator;

    // Inserts a copy of w; true when it was not there yet.
    bool insert(std::string_view w);
    template <class... A>
    bool emplace(A&&... a) {
        return insert(std::string_view(std::forward<A>(a)...));
    }
    bool contains(std::string_view w) const { return index_of(w) != npos; }
    size_t count(std::string_view w) const { return contains(w) ? 1 : 0; }
    const_iterator find(std::string_view w) const {
        size_t i = index_of(w);
        return {this, i == npos ? entries_.size() : i};
    }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, entries_.size()}; }
    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    void reserve(size_t n);
    void clear();

  private:
    static constexpr size_t npos = static_cast<size_t>(-1);
    struct Entry {
        size_t off, len;
    };
    struct Slot {
        uint32_t idx1 = 0;  // entry index + 1; 0: empty
        uint32_t tag = 0;   // high bits of the hash
    };
    std::string_view at(size_t i) const {
        return {chars_.data() + entries_[i].off, entries_[i].len};
    }
    size_t index_of(std::string_view w) const {
        if (entries_.empty()) return npos;
        uint64_t h = detail::fast_hash(w);
        uint32_t tag = static_cast<uint32_t>(h >> 32);
        size_t mask = slots_.size() - 1;
        for (size_t k = static_cast<size_t>(h) & mask;; k = (k + 1) & mask) {
            const Slot& sl = slots_[k];
            if (!sl.idx1) return npos;
            if (sl.tag == tag) {
                const Entry& e = entries_[sl.idx1 - 1];
                if (e.len == w.size() &&
                    std::memcmp(chars_.data() + e.off, w.data(), w.size()) == 0)
                    return sl.idx1 - 1;
            }
        }
    }
    void rehash(size_t nslots);
    std::string chars_;
    std::vector<Entry> entries_;
    std::vector<Slot> slots_;
};

struct Vocabulary {
    StringSet lower_words;
    bool seen_lower(std::string_view lower) const { return lower_words.contains(lower); }
};
Vocabulary build_vocabulary(std::string_view text);

// A maximal run of capitalised words in a tokenised sentence (lower-case particles, initials and
// abbreviated titles with their dots allowed inside), analysed as a possible person name.
struct NameRun {
    size_t begin = 0, end = 0;        // token range [begin, end) of the whole run
    std::vector<std::string> words;   // the run's words, leading ordinary/function words dropped
    std::vector<std::string> person;  // the person-name part after titles/roles (may be empty)
    size_t person_begin = 0;          // token index of the first person word
    bool titled =
        false;  // a title or role directly precedes the person part ("Mr.", "FSB Director")
    bool shouting = false;  // the person part is all upper case ("MIKHAIL METZEL")
    bool initial = false;   // the run starts the sentence (or a quotation)
};
std::vector<NameRun> name_runs(const std::vector<Token>& toks, const Vocabulary& vocab);

// True when a lower-cased word is ordinary at a sentence start in this article.
bool is_ordinary(std::string_view lower, const Vocabulary& vocab);

}  // namespace kronika::text
