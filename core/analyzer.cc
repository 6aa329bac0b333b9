// The text analyzer: ICU word breaking over UTF-8 plus Unicode folding, tuned for index-time speed.
#include "analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <utility>

namespace kronika {

namespace {

// UText takes an int32_t length; longer input is analysed in chunks no bigger than this, cut
// between words (see next_chunk_end).
constexpr size_t kMaxChunkBytes = size_t(1) << 30;

// U+2019 RIGHT SINGLE QUOTATION MARK in UTF-8: typographic apostrophe, normalised to '.
constexpr unsigned char kRsquo0 = 0xE2, kRsquo1 = 0x80, kRsquo2 = 0x99;

bool is_rsquo(std::string_view s, size_t i) {
    return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == kRsquo0 &&
           static_cast<unsigned char>(s[i + 1]) == kRsquo1 &&
           static_cast<unsigned char>(s[i + 2]) == kRsquo2;
}

// Scripts whose diacritics are removed; others (kana voicing marks, Indic vowel signs...) carry
// meaning and are kept.
bool strips_marks(UScriptCode script) {
    return script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC;
}

// Where to end a chunk of a too-long input: after the last ASCII space or newline before `limit`,
// else at a UTF-8 lead byte, so no word or character is cut in two.
size_t next_chunk_end(std::string_view text, size_t begin) {
    size_t limit = begin + kMaxChunkBytes;
    if (limit >= text.size()) return text.size();
    for (size_t i = limit; i > begin + kMaxChunkBytes / 2; --i) {
        char c = text[i - 1];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') return i;
    }
    size_t i = limit;
    while (i > begin + 1 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    return i;
}

}  // namespace

struct Analyzer::Impl {
    std::unique_ptr<icu::BreakIterator> words;
    UText text = UTEXT_INITIALIZER;  // reused by utext_openUTF8 on every call
    const icu::Normalizer2* nfkc_cf = nullptr;
    const icu::Normalizer2* nfd = nullptr;
    const icu::Normalizer2* nfc = nullptr;

    // Buffers reused across words so the slow path does not allocate per word.
    icu::UnicodeString raw16, folded16, decomposed16, stripped16;

    Impl() {
        UErrorCode status = U_ZERO_ERROR;
        words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status) || !words)
            throw std::runtime_error(std::string("ICU word break iterator: ") +
                                     u_errorName(status));
        nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
        nfd = icu::Normalizer2::getNFDInstance(status);
        nfc = icu::Normalizer2::getNFCInstance(status);
        if (U_FAILURE(status))
            throw std::runtime_error(std::string("ICU normalizer data: ") + u_errorName(status));
    }

    ~Impl() { utext_close(&text); }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // Folds `word` into `out` (replacing it). Returns false when it makes no term.
    bool fold_into(std::string_view word, std::string& out);
    bool fold_slow(std::string_view word, std::string& out);
    bool strip_marks();

    // Runs the word iterator over `chunk` (< 2 GiB); offsets are shifted by `base`.
    void analyze_chunk(std::string_view chunk, size_t base,
                       const std::function<void(const Token&)>& emit, Token& token);
};

// Removes Mn marks that sit on Latin, Greek or Cyrillic letters: NFD, drop, NFC. Works on
// folded16; returns true and leaves the result in folded16 when something changed.
bool Analyzer::Impl::strip_marks() {
    // Cheap pre-check: most non-ASCII words (Cyrillic without Ё/Й, CJK, Indic) have neither a
    // decomposable letter nor a mark on a letter of a stripping script: skip the three passes.
    bool needed = false;
    bool base_strips = false;  // does the last base character belong to a stripping script?
    for (int32_t i = 0; i < folded16.length() && !needed;) {
        UChar32 c = folded16.char32At(i);
        i += U16_LENGTH(c);
        if (c < 0x80) {
            base_strips = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';  // Latin
        } else if (u_charType(c) == U_NON_SPACING_MARK) {
            needed = base_strips;
        } else {
            UErrorCode s = U_ZERO_ERROR;
            base_strips = strips_marks(uscript_getScript(c, &s));
            needed = base_strips && !nfd->isInert(c);
        }
    }
    if (!needed) return false;

    UErrorCode status = U_ZERO_ERROR;
    nfd->normalize(folded16, decomposed16, status);
    if (U_FAILURE(status)) return false;
    stripped16.remove();
    base_strips = false;
    bool changed = false;
    for (int32_t i = 0; i < decomposed16.length();) {
        UChar32 c = decomposed16.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) {
            if (base_strips) {
                changed = true;
                continue;
            }
        } else {
            UErrorCode s = U_ZERO_ERROR;
            base_strips = strips_marks(uscript_getScript(c, &s));
        }
        stripped16.append(c);
    }
    if (!changed) return false;
    nfc->normalize(stripped16, folded16, status);
    return U_SUCCESS(status);
}

bool Analyzer::Impl::fold_slow(std::string_view word, std::string& out) {
    if (word.size() > INT32_MAX / 2) return false;
    // UTF-8 -> UTF-16 into a reused buffer; bad bytes become U+FFFD and are dropped below.
    UErrorCode status = U_ZERO_ERROR;
    int32_t cap = static_cast<int32_t>(word.size()) + 1;
    UChar* buf = raw16.getBuffer(cap);
    if (!buf) return false;
    int32_t len16 = 0, subs = 0;
    u_strFromUTF8WithSub(buf, cap, &len16, word.data(), static_cast<int32_t>(word.size()), 0xFFFD,
                         &subs, &status);
    raw16.releaseBuffer(U_SUCCESS(status) ? len16 : 0);
    if (U_FAILURE(status)) return false;
    if (subs) raw16.findAndReplace(icu::UnicodeString(UChar(0xFFFD)), icu::UnicodeString());

    nfkc_cf->normalize(raw16, folded16, status);
    if (U_FAILURE(status)) return false;
    strip_marks();

    // Typographic apostrophe inside words (don’t) is spelt as ASCII '.
    folded16.findAndReplace(icu::UnicodeString(UChar(0x2019)), icu::UnicodeString(UChar('\'')));

    bool alnum = false;
    for (int32_t i = 0; i < folded16.length() && !alnum;) {
        UChar32 c = folded16.char32At(i);
        i += U16_LENGTH(c);
        alnum = (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) != 0;
    }
    if (!alnum) return false;

    out.clear();
    folded16.toUTF8String(out);
    return true;
}

bool Analyzer::Impl::fold_into(std::string_view word, std::string& out) {
    // ASCII fast path: NFKC and case folding of ASCII are just A-Z -> a-z. The typographic
    // apostrophe (common in English news possessives) is handled here too.
    out.resize(word.size());
    size_t n = 0;
    bool alnum = false;
    for (size_t i = 0; i < word.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(word[i]);
        if (c >= 'A' && c <= 'Z') {
            out[n++] = static_cast<char>(c + ('a' - 'A'));
            alnum = true;
        } else if (c < 0x80) {
            out[n++] = static_cast<char>(c);
            alnum |= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        } else if (is_rsquo(word, i)) {
            out[n++] = '\'';
            i += 2;
        } else {
            if (!fold_slow(word, out)) return false;
            n = out.size();
            alnum = true;  // checked by fold_slow
            break;
        }
    }
    out.resize(n);
    // ICU counts "___" and (since ICU 72, for emails) "@" as word characters: a word needs a
    // letter or digit.
    if (!alnum) return false;
    // English possessive: Zelenskyy's -> zelenskyy.
    if (n > 2 && out[n - 1] == 's' && out[n - 2] == '\'') out.resize(n - 2);
    return !out.empty();
}

void Analyzer::Impl::analyze_chunk(std::string_view chunk, size_t base,
                                   const std::function<void(const Token&)>& emit, Token& token) {
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&text, chunk.data(), static_cast<int64_t>(chunk.size()), &status);
    if (U_FAILURE(status)) return;
    words->setText(&text, status);
    if (U_FAILURE(status)) return;

    size_t prev_end = SIZE_MAX;  // end of the previous word, to spot "1990's"
    int32_t begin = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
         begin = end, end = words->next()) {
        if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
        size_t b = size_t(begin), e = size_t(end);
        // ICU 72 joins "@" to words for emails; at the edges it is a mention sigil ("@NewsDesk")
        // or stray punctuation, not part of the word.
        while (b < e && chunk[b] == '@') ++b;
        while (e > b && chunk[e - 1] == '@') --e;
        if (b == e) continue;
        // ICU does not join a number and "'s" ("the 1990's"): the orphaned "s" is no word.
        bool orphan_s = prev_end != SIZE_MAX && e - b == 1 &&
                        (chunk[b] == 's' || chunk[b] == 'S') &&
                        ((b == prev_end + 1 && chunk[prev_end] == '\'') ||
                         (b == prev_end + 3 && is_rsquo(chunk, prev_end)));
        prev_end = e;
        if (orphan_s) continue;
        if (!fold_into(chunk.substr(b, e - b), token.term) || token.term.size() > kMaxTermBytes)
            continue;
        token.begin = base + b;
        token.end = base + e;
        emit(token);
    }
}

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}

Analyzer::~Analyzer() = default;

// `emit` may call fold() but not analyze(), tokens(), terms() or name_key() on the same
// Analyzer: they reset the word iterator that is walking `text`.
void Analyzer::analyze(std::string_view text, const std::function<void(const Token&)>& emit) {
    Token token;  // its term buffer is reused for every word
    for (size_t begin = 0; begin < text.size();) {
        size_t end = next_chunk_end(text, begin);
        impl_->analyze_chunk(text.substr(begin, end - begin), begin, emit, token);
        begin = end;
    }
}

std::vector<Token> Analyzer::tokens(std::string_view text) {
    std::vector<Token> out;
    analyze(text, [&](const Token& t) { out.push_back(t); });
    return out;
}

std::vector<std::string> Analyzer::terms(std::string_view text) {
    std::vector<std::string> out;
    analyze(text, [&](const Token& t) { out.push_back(t.term); });
    return out;
}

std::string Analyzer::fold(std::string_view word) {
    std::string out;
    if (!impl_->fold_into(word, out)) out.clear();
    return out;
}

std::string Analyzer::name_key(std::string_view name) {
    std::string key;
    analyze(name, [&](const Token& t) {
        if (!key.empty()) key += ' ';
        key += t.term;
    });
    return key;
}

std::string stemmer_language(std::string_view iso_code) {
    // Snowball stemmers shipped with Xapian 1.4 (Xapian::Stem::get_available_languages()).
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kStemmers{{
        {"ar", "arabic"},     {"ca", "catalan"},  {"da", "danish"},     {"de", "german"},
        {"en", "english"},    {"es", "spanish"},  {"eu", "basque"},     {"fi", "finnish"},
        {"fr", "french"},     {"ga", "irish"},    {"hu", "hungarian"},  {"hy", "armenian"},
        {"id", "indonesian"}, {"it", "italian"},  {"lt", "lithuanian"}, {"nb", "norwegian"},
        {"ne", "nepali"},     {"nl", "dutch"},    {"nn", "norwegian"},  {"no", "norwegian"},
        {"pt", "portuguese"}, {"ro", "romanian"}, {"ru", "russian"},    {"sv", "swedish"},
        {"ta", "tamil"},      {"tr", "turkish"},
    }};
    // Accept tags such as "en-GB" / "pt_BR" and any letter case: only the language matters.
    std::string code;
    for (char c : iso_code) {
        if (c == '-' || c == '_') break;
        if (code.size() == 3) return "";
        code += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    for (const auto& [iso, name] : kStemmers)
        if (iso == code) return std::string(name);
    return "";
}

}  // namespace kronika
