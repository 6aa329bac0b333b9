// The text analyzer: one ICU pipeline that makes the words for indexing and for querying.
//
// Words are found at Unicode word boundaries (ICU word BreakIterator, with dictionary
// segmentation for Chinese, Japanese, Thai...). Each word is NFKC + case folded; combining
// diacritics are removed from Latin, Greek and Cyrillic words (not from kana or other scripts);
// an English possessive "'s" / "’s" is dropped. So "ZELENSKYY", "Zelenskyy's" and "Zelenskyy"
// are one word, "Pérez" is "perez" and "Ёлка" is "елка". Punctuation, spaces and symbols make no
// words. Stemming is not done here (see schema.h: stems are added by the index writer and query
// builder with Xapian's Snowball stemmers).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kronika {

// One word of the input.
struct Token {
    std::string term;  // the folded word (UTF-8)
    size_t begin = 0;  // byte offset of the word in the input
    size_t end = 0;    // byte offset one past the word
};

// Words longer than this (in bytes, after folding) are dropped: they are not words people search
// for, and Xapian terms are limited to 245 bytes.
inline constexpr size_t kMaxTermBytes = 64;

class Analyzer {
  public:
    // Creates the ICU objects. Throws std::runtime_error when ICU data is missing.
    Analyzer();
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    // Calls `emit` for each word of `text` (UTF-8; invalid sequences are treated as U+FFFD and
    // make no word), in order. Not thread-safe: use one Analyzer per thread.
    void analyze(std::string_view text, const std::function<void(const Token&)>& emit);

    // The words of `text`, as a vector.
    std::vector<Token> tokens(std::string_view text);

    // Just the folded words of `text`.
    std::vector<std::string> terms(std::string_view text);

    // Fold one word the way analyze() folds words (no word breaking).
    std::string fold(std::string_view word);

    // A name's key for facet terms and filters: its folded words joined by single spaces
    // ("Vladimir  PUTIN" -> "vladimir putin", "Zelenskyy's" -> "zelenskyy").
    std::string name_key(std::string_view name);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Xapian's Snowball stemmer name for an ISO 639-1 language code ("en" -> "english",
// "ru" -> "russian"), or "" when there is none.
std::string stemmer_language(std::string_view iso_code);

}  // namespace kronika
