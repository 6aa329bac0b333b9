// Snippet selection over analyzer tokens, so highlighting agrees with what was matched.
#include "snippet.h"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

namespace kronika {

namespace {

// Bytes of an article analysed first for its snippet, then second (see make_snippet).
constexpr size_t kFirstLeadBytes = 1024;
constexpr size_t kLeadBytes = 4096;

// Moves a byte offset back to the start of a UTF-8 character.
size_t char_start(std::string_view s, size_t i) {
    while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return i;
}

std::string clean(std::string_view s) {
    // Newlines and tabs read badly in a one-line snippet.
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char c : s) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            if (!space) out += ' ';
            space = true;
        } else {
            out += c;
            space = false;
        }
    }
    return out;
}

}  // namespace

std::vector<SnippetPart> make_snippet(Analyzer& analyzer, std::string_view text,
                                      const std::set<std::string>& words,
                                      const std::set<std::string>& stems,
                                      const Xapian::Stem& stemmer, size_t max_bytes) {
    struct Span {
        size_t begin, end;
    };
    std::vector<Span> toks;  // the words' byte ranges (their text is not kept)
    std::vector<int> match;  // index of the matched query word, or -1
    // A query word and its stem are one word: "company" and "companies" in the text both match
    // the query word "company".
    std::unordered_map<std::string, int> word_group, stem_group;
    int groups = 0;
    for (const auto& w : words) {
        if (!word_group.emplace(w, groups).second) continue;
        if (!stems.empty()) {
            std::string s = stemmer(w);
            if (stems.count(s)) stem_group.emplace(s, groups);
        }
        ++groups;
    }
    for (const auto& s : stems)
        if (stem_group.emplace(s, groups).second) ++groups;
    std::vector<bool> found(static_cast<size_t>(groups), false);
    int found_groups = 0;
    // Analyse at most the first 200 KB: snippets of huge articles come from their start.
    std::string_view scan = text.substr(0, std::min<size_t>(text.size(), 200000));
    // A word's match, memoised: articles repeat their words, and stemming each token costs
    // more than the word breaking.
    std::unordered_map<std::string_view, int> seen;
    std::vector<std::unique_ptr<std::string>> seen_words;  // the keys of `seen`
    size_t base = 0;                                       // offset of the part being analysed
    auto on_token = [&](const Token& t) {
        auto it = seen.find(t.term);
        if (it == seen.end()) {
            int m = -1;
            if (auto w = word_group.find(t.term); w != word_group.end()) {
                m = w->second;
            } else if (!stem_group.empty()) {
                if (auto g = stem_group.find(stemmer(t.term)); g != stem_group.end()) m = g->second;
            }
            seen_words.push_back(std::make_unique<std::string>(t.term));
            it = seen.emplace(*seen_words.back(), m).first;
        }
        int m = it->second;
        if (m >= 0 && !found[static_cast<size_t>(m)]) {
            found[static_cast<size_t>(m)] = true;
            ++found_groups;
        }
        toks.push_back({t.begin + base, t.end + base});
        match.push_back(m);
    };
    // Word breaking is most of the cost, so the text is analysed in growing leads: the first
    // 1 KB, enough when it holds every query word; then 4 KB, enough when it holds any; then the
    // rest. Leads make good snippets; a long article's body costs milliseconds to analyse whole.
    auto cut = [&](size_t at) {
        if (at >= scan.size()) return scan.size();
        size_t space = scan.find_first_of(" \n", at);
        if (space != std::string_view::npos && space - at < 256) return space;
        return char_start(scan, at);  // text without spaces (Chinese, Japanese): a character
    };
    size_t done = 0;
    for (size_t stage : {kFirstLeadBytes, kLeadBytes, scan.size()}) {
        size_t upto = cut(stage);
        if (upto > done) {
            base = done;
            analyzer.analyze(scan.substr(done, upto - done), on_token);
            done = upto;
        }
        if (found_groups == groups || (stage >= kLeadBytes && found_groups > 0)) break;
    }
    std::vector<SnippetPart> parts;
    if (toks.empty()) {
        std::string_view s = text.substr(0, char_start(text, std::min(text.size(), max_bytes)));
        parts.push_back({clean(s), false});
        return parts;
    }
    // Slide a window over the tokens; score = distinct matched words, then total matches.
    size_t best_start = 0, best_end = 0, best_score = 0;
    size_t j = 0;
    std::map<int, int> in_window;
    size_t hits = 0;
    for (size_t i = 0; i < toks.size(); ++i) {
        while (j < toks.size() && toks[j].end - toks[i].begin <= max_bytes) {
            if (match[j] >= 0) {
                ++in_window[match[j]];
                ++hits;
            }
            ++j;
        }
        size_t score = in_window.size() * 1000 + hits;
        if (score > best_score) {
            best_score = score;
            best_start = i;
            best_end = j;
        }
        if (match[i] >= 0) {
            if (--in_window[match[i]] == 0) in_window.erase(match[i]);
            --hits;
        }
    }
    // The best window's matches, from its first to its last; the snippet starts a little
    // before the first so it has context, as far back as still shows the last. (It used to back
    // up from the window's start, the leftmost one holding the matches, which pushed a last
    // match past the window's end: a snippet without its highlight.)
    size_t first = best_start;
    if (best_score > 0) {
        size_t first_match = best_start, last_match = best_end - 1;
        while (match[first_match] < 0) ++first_match;
        while (match[last_match] < 0) --last_match;
        first = first_match;
        // Matches that fit in the opening lines: the snippet is the opening.
        if (toks[last_match].end - toks[0].begin <= max_bytes) first = 0;
        size_t back = 0;
        while (first > 0 && back < 4 &&
               toks[first_match].begin - toks[first - 1].begin < max_bytes / 3 &&
               toks[last_match].end - toks[first - 1].begin <= max_bytes) {
            --first;
            ++back;
        }
    }
    size_t last = first;
    while (last + 1 < toks.size() && toks[last + 1].end - toks[first].begin <= max_bytes) ++last;
    size_t begin = first == 0 ? 0 : toks[first].begin;
    size_t end = last + 1 == toks.size() ? text.size() : toks[last].end;
    if (end - begin > max_bytes + 64) end = toks[last].end;
    if (begin > 0) parts.push_back({"…", false});
    size_t cur = begin;
    for (size_t k = first; k <= last; ++k) {
        if (match[k] < 0) continue;
        if (toks[k].begin > cur)
            parts.push_back({clean(text.substr(cur, toks[k].begin - cur)), false});
        parts.push_back(
            {std::string(text.substr(toks[k].begin, toks[k].end - toks[k].begin)), true});
        cur = toks[k].end;
    }
    if (end > cur) parts.push_back({clean(text.substr(cur, end - cur)), false});
    if (end < text.size()) parts.push_back({"…", false});
    return parts;
}

}  // namespace kronika
