// Table-driven tests of the text analyzer: word breaking, folding, offsets and stemmer names.
#include "analyzer.h"

#include <xapian.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using kronika::Analyzer;
using kronika::Token;
using Terms = std::vector<std::string>;

namespace {

struct TermsCase {
    std::string text;
    Terms expected;
};

// Runs a table: each text must give exactly the expected terms, in order.
void check_terms(Analyzer& analyzer, const std::vector<TermsCase>& table) {
    for (const auto& c : table) {
        INFO("text: " << c.text);
        CHECK(analyzer.terms(c.text) == c.expected);
    }
}

// Every token must slice a non-empty part of the input, in order and without overlap, and have
// a non-empty term within the length limit.
void check_token_invariants(std::string_view text, const std::vector<Token>& tokens) {
    size_t last_end = 0;
    for (const auto& t : tokens) {
        CHECK(t.begin >= last_end);
        CHECK(t.begin < t.end);
        CHECK(t.end <= text.size());
        CHECK(!t.term.empty());
        CHECK(t.term.size() <= kronika::kMaxTermBytes);
        last_end = t.end;
    }
}

std::string join(const Terms& terms) {
    std::string out;
    for (const auto& t : terms) out += t;
    return out;
}

}  // namespace

TEST_CASE("analyzer: English words are lower-cased and punctuation makes no word", "[analyzer]") {
    Analyzer a;
    const std::vector<TermsCase> table = {
        {"The Mayor of Springfield QUIT on Tuesday.",
         {"the", "mayor", "of", "springfield", "quit", "on", "tuesday"}},
        {"  Rain, rain; go away!\n\tCome again (another day)?  ",
         {"rain", "rain", "go", "away", "come", "again", "another", "day"}},
        {"“Quoted,” she said — twice…", {"quoted", "she", "said", "twice"}},
        // An underscore joins (ICU: ExtendNumLet), so identifiers stay whole.
        {"call my_function now", {"call", "my_function", "now"}},
        {"a", {"a"}},
    };
    check_terms(a, table);
}

TEST_CASE("analyzer: English possessives are dropped, other apostrophes kept", "[analyzer]") {
    Analyzer a;
    const std::vector<TermsCase> table = {
        {"Zelenskyy's aide met Ukraine’s envoy", {"zelenskyy", "aide", "met", "ukraine", "envoy"}},
        {"ZELENSKYY'S", {"zelenskyy"}},
        {"Zelenskyy’S", {"zelenskyy"}},
        // A bare trailing apostrophe is not part of the word.
        {"Jones' dog and the Harrises’ cat", {"jones", "dog", "and", "the", "harrises", "cat"}},
        // Contractions keep their apostrophe, and ’ is spelt as ASCII '.
        {"don't", {"don't"}},
        {"don’t", {"don't"}},
        {"O’Brien and O'Neill", {"o'brien", "and", "o'neill"}},
        // "it's" ends in 's too: it becomes "it" (harmless: a stopword either way).
        {"it's late", {"it", "late"}},
        // ICU does not join a number and "'s": the orphaned "s" is dropped.
        {"music of the 1990's and 2000’s", {"music", "of", "the", "1990", "and", "2000"}},
        {"the 1990s", {"the", "1990s"}},
        // A lone s that is not after an apostrophe is a word.
        {"vitamin s 'n' roll", {"vitamin", "s", "n", "roll"}},
        // Leading quote marks are punctuation.
        {"'quoted' ’word’", {"quoted", "word"}},
        // French elision is an internal apostrophe and stays (as ICU gives it).
        {"l'été", {"l'ete"}},
    };
    check_terms(a, table);
}

TEST_CASE("analyzer: accents are removed from Latin words", "[analyzer]") {
    Analyzer a;
    const std::vector<TermsCase> table = {
        // French
        {"Pérez arriva à Montréal où l’hôtel était fermé",
         {"perez", "arriva", "a", "montreal", "ou", "l'hotel", "etait", "ferme"}},
        {"ÇA COÛTE CHER", {"ca", "coute", "cher"}},
        // Spanish
        {"¿El niño comió piñas en Málaga? ¡Sí!",
         {"el", "nino", "comio", "pinas", "en", "malaga", "si"}},
        // Polish: ł and đ have no decomposition, so they stay (they are letters, not marks).
        {"Zażółć gęślą jaźń w Łodzi", {"zazołc", "gesla", "jazn", "w", "łodzi"}},
        // Vietnamese: stacked diacritics and the horn go; đ stays.
        {"Thủ tướng Việt Nam đến Đà Nẵng", {"thu", "tuong", "viet", "nam", "đen", "đa", "nang"}},
        // German: ß case-folds to ss; umlauts go.
        {"Die Straße nach München", {"die", "strasse", "nach", "munchen"}},
        // Turkish: İ folds to i + dot, which is removed; dotless ı stays distinct.
        {"İstanbul ISTANBUL ılık", {"istanbul", "istanbul", "ılık"}},
        // Already decomposed input folds the same as precomposed.
        {"Pe\u0301rez", {"perez"}},
    };
    check_terms(a, table);
}

TEST_CASE("analyzer: compatibility forms are folded (NFKC)", "[analyzer]") {
    Analyzer a;
    const std::vector<TermsCase> table = {
        {"ﬁnance ﬂight", {"finance", "flight"}},
        {"Ｆｕｌｌ ＷＩＤＴＨ １２３", {"full", "width", "123"}},
        // Halfwidth katakana become ordinary katakana, with the voicing mark composed.
        {"ｶﾞｲﾄﾞ", {"ガイド"}},
        {"Ǆemal", {"dzemal"}},
    };
    check_terms(a, table);
}

TEST_CASE("analyzer: Cyrillic and Greek", "[analyzer]") {
    Analyzer a;
    const std::vector<TermsCase> table = {
        // Ё/ё lose their diaeresis; by the same rule й (и + breve) becomes и.
        {"Ёлка, ёж и Йошкар-Ола", {"елка", "еж", "и", "иошкар", "ола"}},
        {"Москва ВЧЕРА", {"москва", "вчера"}},
        {"Зеленський у Києві", {"зеленськии", "у", "києві"}},
        // Ukrainian ї is і + diaeresis, so it becomes і; є has no decomposition.
        {"Їжак їсть", {"іжак", "ість"}},
        // Greek: breathings and accents go; final sigma case-folds to σ.
        {"Ἀθῆναι", {"αθηναι"}},
        {"ΑΘΗΝΑ και Αθήνας", {"αθηνα", "και", "αθηνασ"}},
    };
    check_terms(a, table);
}

TEST_CASE("analyzer: marks are kept outside Latin, Greek and Cyrillic", "[analyzer]") {
    Analyzer a;
    const std::vector<TermsCase> table = {
        // Kana voicing marks are part of the letter.
        {"ガギグ ばらばら パン", {"ガギグ", "ばらばら", "パン"}},
        // ICU's dictionary splits some hiragana words finely, but the marks stay.
        {"がくせい", {"が", "く", "せい"}},
        // Devanagari vowel signs and virama are Mn but carry meaning.
        {"नमस्ते दुनिया", {"नमस्ते", "दुनिया"}},
        // Arabic: the word is kept as written (no tashkeel in this example).
        {"مرحبا بالعالم", {"مرحبا", "بالعالم"}},
        {"한국어 문장", {"한국어", "문장"}},
    };
    check_terms(a, table);
}

TEST_CASE("analyzer: Chinese, Japanese and Thai are segmented by dictionary", "[analyzer]") {
    Analyzer a;
    struct Case {
        std::string text;
        Terms must_contain;
    };
    const std::vector<Case> table = {
        {"我们明天去上海参观博物馆", {"我们", "明天", "上海", "参观"}},
        {"东京タワーでカレーを食べました", {"东京", "タワー", "カレー"}},
        {"ガイドブックを買いました", {"ガイドブック"}},
        {"ฉันชอบกินข้าวผัดมาก", {"ฉัน", "ชอบ", "กิน"}},
    };
    for (const auto& c : table) {
        INFO("text: " << c.text);
        Terms terms = a.terms(c.text);
        CHECK(terms.size() >= 3);
        // No spaces or punctuation: the words cover the whole text, with every mark kept.
        CHECK(join(terms) == c.text);
        for (const auto& word : c.must_contain)
            CHECK(std::find(terms.begin(), terms.end(), word) != terms.end());
    }
    const std::vector<TermsCase> mixed = {
        // Ideographs between Latin words.
        {"Visit 京都 in May", {"visit", "京都", "in", "may"}},
    };
    check_terms(a, mixed);
}

TEST_CASE("analyzer: hyphens, numbers, URLs and emails", "[analyzer]") {
    Analyzer a;
    const std::vector<TermsCase> table = {
        {"state-of-the-art e-mail", {"state", "of", "the", "art", "e", "mail"}},
        {"COVID-19 cases", {"covid", "19", "cases"}},
        // Decimal points and thousands separators stay inside numbers.
        {"pi is 3.14, not 1,000 or 2024.", {"pi", "is", "3.14", "not", "1,000", "or", "2024"}},
        {"$5.99 at 50% off", {"5.99", "at", "50", "off"}},
        {"version v2.0 and 10km", {"version", "v2.0", "and", "10km"}},
        {"+1-555-0100", {"1", "555", "0100"}},
        // URLs: scheme, host and path pieces; a dotted host is one word.
        {"https://www.example.com/a", {"https", "www.example.com", "a"}},
        {"see http://news.example.org/2024/05/story-title?id=7#top",
         {"see", "http", "news.example.org", "2024", "05", "story", "title", "id", "7", "top"}},
        // Emails: ICU 72 keeps a simple address as one word.
        {"write to anna.k@example.org today", {"write", "to", "anna.k@example.org", "today"}},
        // ICU 72 makes "@" a word character (for emails); at a word's edge it is dropped, so
        // hashtags and mentions lose their sigil, and "@" alone is no word.
        {"#Election2024 @NewsDesk", {"election2024", "newsdesk"}},
        {"reply @ 5pm to bob@ or @@alice", {"reply", "5pm", "to", "bob", "or", "alice"}},
        {"a@b@c", {"a@b@c"}},
    };
    check_terms(a, table);
}

TEST_CASE("analyzer: input with no words", "[analyzer]") {
    Analyzer a;
    const std::vector<TermsCase> table = {
        {"", {}},
        {"   \n\t\r\n  ", {}},
        {"... — !!! ??? () [] {} -- ** //", {}},
        {"👍🏽 🎉 ★ ♥ 💥 🇺🇦", {}},
        {"👩‍👩‍👧", {}},
        {std::string("\0\0\0", 3), {}},
        {"\xFF\xFE\xFD", {}},
        // ICU counts these as word characters, but a word needs a letter or digit.
        {"___ @ @@ _@_", {}},
    };
    check_terms(a, table);
}

TEST_CASE("analyzer: invalid UTF-8 is non-word and never throws", "[analyzer]") {
    Analyzer a;
    struct Case {
        std::string text;
        std::vector<std::pair<std::string, std::string>> expected;  // term, original slice
    };
    const std::vector<Case> table = {
        {"ab\xFF"
         "cd",
         {{"ab", "ab"}, {"cd", "cd"}}},
        // Truncated sequences (start of é, start of ’) and a stray continuation byte.
        {"caf\xC3 bar\xE2\x80", {{"caf", "caf"}, {"bar", "bar"}}},
        {"\x80word\xBF", {{"word", "word"}}},
        // Overlong encoding of '/' and an encoded surrogate.
        {"x\xC0\xAFy \xED\xA0\x80z", {{"x", "x"}, {"y", "y"}, {"z", "z"}}},
        // Valid non-ASCII after garbage.
        {"\xF8\x88\x80\x80\x80Pérez", {{"perez", "Pérez"}}},
        // Code points above U+10FFFF.
        {"\xF4\x90\x80\x80ok", {{"ok", "ok"}}},
    };
    for (const auto& c : table) {
        INFO("case #" << (&c - table.data()));
        std::vector<Token> tokens;
        REQUIRE_NOTHROW(tokens = a.tokens(c.text));
        check_token_invariants(c.text, tokens);
        REQUIRE(tokens.size() == c.expected.size());
        for (size_t i = 0; i < tokens.size(); ++i) {
            CHECK(tokens[i].term == c.expected[i].first);
            CHECK(c.text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin) ==
                  c.expected[i].second);
        }
    }
}

TEST_CASE("analyzer: random bytes never crash and give sane tokens", "[analyzer]") {
    Analyzer a;
    std::mt19937 rng(20240501);
    // Bias towards bytes that form (or almost form) multi-byte sequences.
    const std::string alphabet =
        std::string("aZ9 .'-\0", 8) + "\x80\xBF\xC3\xA9\xE2\x99\xF0\x9F\xFF";
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<size_t> length(0, 200);
    for (int round = 0; round < 500; ++round) {
        std::string text;
        for (size_t n = length(rng); n > 0; --n) text += alphabet[pick(rng)];
        std::vector<Token> tokens;
        REQUIRE_NOTHROW(tokens = a.tokens(text));
        check_token_invariants(text, tokens);
    }
}

TEST_CASE("analyzer: NUL bytes separate words", "[analyzer]") {
    Analyzer a;
    std::string text("alpha\0beta\0\0Gamma", 17);
    auto tokens = a.tokens(text);
    REQUIRE(tokens.size() == 3);
    CHECK(tokens[0].term == "alpha");
    CHECK(tokens[1].term == "beta");
    CHECK(tokens[1].begin == 6);
    CHECK(tokens[1].end == 10);
    CHECK(tokens[2].term == "gamma");
    CHECK(tokens[2].begin == 12);
    CHECK(tokens[2].end == 17);
}

TEST_CASE("analyzer: words longer than kMaxTermBytes after folding are dropped", "[analyzer]") {
    Analyzer a;
    const size_t max = kronika::kMaxTermBytes;
    struct Case {
        std::string word;
        bool kept;
    };
    std::string e_acute;  // 2 bytes each in the input, 1 byte after folding
    for (size_t i = 0; i < max; ++i) e_acute += "é";
    std::string zhe;  // Cyrillic: 2 bytes each before and after folding
    for (size_t i = 0; i < max / 2 + 1; ++i) zhe += "Ж";
    const std::vector<Case> table = {
        {std::string(max, 'a'), true},
        {std::string(max + 1, 'a'), false},
        {std::string(max, 'A'), true},
        {e_acute, true},
        {zhe, false},
        {std::string(1 << 20, 'x'), false},
    };
    for (const auto& c : table) {
        INFO("word of " << c.word.size() << " bytes");
        Terms terms = a.terms("before " + c.word + " after");
        Terms expected = {"before"};
        if (c.kept) expected.push_back(a.fold(c.word));
        expected.push_back("after");
        CHECK(terms == expected);
    }
}

TEST_CASE("analyzer: offsets slice the original word", "[analyzer]") {
    Analyzer a;
    struct Case {
        std::string text;
        std::vector<std::pair<std::string, std::string>> expected;  // term, original slice
    };
    const std::vector<Case> table = {
        {"Pérez met ZELENSKYY’s aide",
         {{"perez", "Pérez"}, {"met", "met"}, {"zelenskyy", "ZELENSKYY’s"}, {"aide", "aide"}}},
        {"Ёлка — ﬁne", {{"елка", "Ёлка"}, {"fine", "ﬁne"}}},
        {"«Ｆｕｌｌ» Straße", {{"full", "Ｆｕｌｌ"}, {"strasse", "Straße"}}},
        {"in 東京 today", {{"in", "in"}, {"東京", "東京"}, {"today", "today"}}},
        {"Pe\u0301rez!", {{"perez", "Pe\u0301rez"}}},
        {"the 1990’s", {{"the", "the"}, {"1990", "1990"}}},
        {"ask @NewsDesk@", {{"ask", "ask"}, {"newsdesk", "NewsDesk"}}},
    };
    for (const auto& c : table) {
        INFO("text: " << c.text);
        auto tokens = a.tokens(c.text);
        check_token_invariants(c.text, tokens);
        REQUIRE(tokens.size() == c.expected.size());
        for (size_t i = 0; i < tokens.size(); ++i) {
            CHECK(tokens[i].term == c.expected[i].first);
            CHECK(c.text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin) ==
                  c.expected[i].second);
        }
    }
}

TEST_CASE("analyzer: analyze, tokens and terms agree; state is reset between calls", "[analyzer]") {
    Analyzer a;
    const std::vector<std::string> texts = {
        "A long first text about Pérez, 東京 and ภาษาไทย, with Zelenskyy’s aide.",
        "short",
        "",
        "Ёлка",
        "A long first text about Pérez, 東京 and ภาษาไทย, with Zelenskyy’s aide.",
    };
    std::vector<Terms> first;
    for (const auto& text : texts) {
        Terms via_analyze;
        a.analyze(text, [&](const Token& t) { via_analyze.push_back(t.term); });
        Terms via_tokens;
        for (const auto& t : a.tokens(text)) via_tokens.push_back(t.term);
        CHECK(via_analyze == a.terms(text));
        CHECK(via_tokens == via_analyze);
        first.push_back(via_analyze);
    }
    CHECK(first.front() == first.back());
    Analyzer fresh;
    CHECK(fresh.terms(texts[3]) == first[3]);
}

TEST_CASE("analyzer: fold() folds one word like analyze()", "[analyzer]") {
    Analyzer a;
    const std::vector<std::pair<std::string, std::string>> table = {
        {"Pérez", "perez"},
        {"Ёлка", "елка"},
        {"ZELENSKYY", "zelenskyy"},
        {"Zelenskyy's", "zelenskyy"},
        {"Ukraine’s", "ukraine"},
        {"Straße", "strasse"},
        {"ﬁ", "fi"},
        {"Ｆｕｌｌ", "full"},
        {"ガ", "ガ"},
        {"Ἀθῆναι", "αθηναι"},
        {"don’t", "don't"},
        {"", ""},
        {"3.14", "3.14"},
        {"'s", "'s"},
    };
    for (const auto& [word, folded] : table) {
        INFO("word: " << word);
        CHECK(a.fold(word) == folded);
    }
}

TEST_CASE("analyzer: name_key joins folded words with single spaces", "[analyzer]") {
    Analyzer a;
    const std::vector<std::pair<std::string, std::string>> table = {
        {"Vladimir  PUTIN", "vladimir putin"},
        {"Zelenskyy's", "zelenskyy"},
        {"  José-Luis Rodríguez Zapatero ", "jose luis rodriguez zapatero"},
        {"Dr. Jane O’Connor", "dr jane o'connor"},
        {"Владимир Зеленский", "владимир зеленскии"},
        // Names in Chinese are segmented by ICU's dictionary like any text.
        {"习近平", "习 近平"},
        {"", ""},
        {"— !", ""},
    };
    for (const auto& [name, key] : table) {
        INFO("name: " << name);
        CHECK(a.name_key(name) == key);
    }
}

TEST_CASE("stemmer_language maps ISO 639-1 codes to Xapian stemmers", "[analyzer]") {
    const std::vector<std::pair<std::string, std::string>> table = {
        {"ar", "arabic"},
        {"hy", "armenian"},
        {"eu", "basque"},
        {"ca", "catalan"},
        {"da", "danish"},
        {"nl", "dutch"},
        {"en", "english"},
        {"fi", "finnish"},
        {"fr", "french"},
        {"de", "german"},
        {"hu", "hungarian"},
        {"id", "indonesian"},
        {"ga", "irish"},
        {"it", "italian"},
        {"lt", "lithuanian"},
        {"ne", "nepali"},
        {"no", "norwegian"},
        {"nb", "norwegian"},
        {"nn", "norwegian"},
        {"pt", "portuguese"},
        {"ro", "romanian"},
        {"ru", "russian"},
        {"es", "spanish"},
        {"sv", "swedish"},
        {"ta", "tamil"},
        {"tr", "turkish"},
        // Case and region subtags are ignored.
        {"EN", "english"},
        {"pt-BR", "portuguese"},
        {"en_GB", "english"},
        // No Snowball stemmer in Xapian 1.4, or not a language code.
        {"uk", ""},
        {"zh", ""},
        {"ja", ""},
        {"pl", ""},
        {"", ""},
        {"english", ""},
        {"e", ""},
        {"-en", ""},
    };
    std::set<std::string> available;
    {
        std::istringstream names(Xapian::Stem::get_available_languages());
        for (std::string name; names >> name;) available.insert(name);
    }
    for (const auto& [code, name] : table) {
        INFO("code: " << code);
        CHECK(kronika::stemmer_language(code) == name);
        if (!name.empty()) {
            CHECK(available.count(name) == 1);
            CHECK_NOTHROW(Xapian::Stem(name));
        }
    }
}
