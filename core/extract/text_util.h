// Shared helpers for the extractors: sentences, capitalised-word tokens and word lists.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
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
    std::string_view text;  // the word without possessive ending, or the punctuation mark
    size_t offset = 0;      // byte offset in the tokenised string
    size_t end = 0;         // byte offset just past the token (including the possessive)
    bool word = false;      // letters/digits (false: punctuation)
    bool cap = false;       // starts with an upper-case letter ("Putin", "al-Assad")
    bool upper = false;     // two or more letters, all upper case ("FSB", "METZEL")
    bool digit = false;     // contains a digit
    bool possessive = false;  // followed by 's or a bare apostrophe ("Putin's", "Jones'")
    bool quote = false;     // punctuation that is a double quotation mark (" “ ” « » „)
};

std::vector<Token> tokenize(std::string_view s);

// Lower-case (full Unicode via ICU; ASCII fast path).
std::string to_lower(std::string_view s);
// "METZEL" -> "Metzel", "JEAN-PIERRE" -> "Jean-Pierre".
std::string title_case(std::string_view s);
// Join words with single spaces.
std::string join(const std::vector<std::string>& words);

// Word lists; all take a lower-case word.
bool is_common_word(std::string_view lower);   // frequent English words, not names
bool is_stop_word(std::string_view lower);     // function words: the, of, and, he, ...
bool is_given_name(std::string_view lower);    // frequent first names (international)
bool is_title_word(std::string_view lower);    // honorifics and roles: mr, president, minister
bool is_abbrev_title(std::string_view lower);  // titles written with a period: mr, gen, sen
bool is_org_word(std::string_view lower);      // organisation heads: council, university, bank
bool is_soft_org_word(std::string_view lower); // org/place words that are also surnames: hall
bool is_place(std::string_view lower);         // countries, states, big cities, regions
bool is_nationality(std::string_view lower);   // russian, ukrainian, american, muslim, ...
bool is_month(std::string_view lower);
bool is_weekday(std::string_view lower);
bool is_particle(std::string_view lower);      // name particles: van, von, de, bin, al
bool is_pronoun_subject(std::string_view lower);  // he, she
bool is_speech_verb(std::string_view lower);   // said, says, told, claimed, alleges, ...
bool is_club_word(std::string_view lower);     // sports clubs: borussia, hapoel, orioles, rovers
bool is_german_stop_word(std::string_view lower);   // der, und, nach, heute, ...
bool is_german_title(std::string_view lower);       // herr, frau, kanzlerin, sprecher, ...
bool is_german_speech_verb(std::string_view lower); // sagte, erklärte, betonte, so, ...

// An outlet, agency, poll or publication name ("Bloomberg", "The New York Times", "Reuters").
bool is_outlet(std::string_view name);

// The article's own vocabulary: words seen in lower case somewhere in it. A capitalised word whose
// lower-case form occurs elsewhere is an ordinary word at a sentence start ("Addressing").
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct Vocabulary {
    // Transparent lookup: no temporary std::string per query.
    std::unordered_set<std::string, StringHash, std::equal_to<>> lower_words;
    bool seen_lower(std::string_view lower) const {
        return lower_words.find(lower) != lower_words.end();
    }
};
Vocabulary build_vocabulary(std::string_view text);

// A maximal run of capitalised words in a tokenised sentence (lower-case particles, initials and
// abbreviated titles with their dots allowed inside), analysed as a possible person name.
struct NameRun {
    size_t begin = 0, end = 0;         // token range [begin, end) of the whole run
    std::vector<std::string> words;    // the run's words, leading ordinary/function words dropped
    std::vector<std::string> person;   // the person-name part after titles/roles (may be empty)
    size_t person_begin = 0;           // token index of the first person word
    bool titled = false;     // a title or role directly precedes the person part ("Mr.", "FSB Director")
    bool shouting = false;   // the person part is all upper case ("MIKHAIL METZEL")
    bool initial = false;    // the run starts the sentence (or a quotation)
};
std::vector<NameRun> name_runs(const std::vector<Token>& toks, const Vocabulary& vocab);

// True when a lower-cased word is ordinary at a sentence start in this article.
bool is_ordinary(std::string_view lower, const Vocabulary& vocab);

}  // namespace kronika::text
