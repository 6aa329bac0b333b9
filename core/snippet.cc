// Snippet selection over analyzer tokens, so highlighting agrees with what was matched.
#include "snippet.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace kronika {

namespace {

// Bytes of an article analysed first for its snippet.
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
    std::vector<Token> toks;
    std::vector<int> match;  // index of the matched query word, or -1
    std::map<std::string, int> ids;
    // Analyse at most the first 200 KB: snippets of huge articles come from their start.
    std::string_view scan = text.substr(0, std::min<size_t>(text.size(), 200000));
    // A word's match, memoised: articles repeat their words, and stemming each token costs
    // more than the word breaking.
    std::unordered_map<std::string, int> seen;
    bool matched = false;
    size_t base = 0;  // offset of the part being analysed
    auto on_token = [&](const Token& part_token) {
        Token t = part_token;
        t.begin += base;
        t.end += base;
        auto [it, fresh] = seen.try_emplace(t.term, -1);
        if (fresh) {
            if (words.count(t.term)) {
                it->second = ids.emplace(t.term, static_cast<int>(ids.size())).first->second;
            } else if (!stems.empty()) {
                std::string s = stemmer(t.term);
                if (stems.count(s))
                    it->second = ids.emplace(s, static_cast<int>(ids.size())).first->second;
            }
        }
        int m = it->second;
        matched = matched || m >= 0;
        toks.push_back(std::move(t));
        match.push_back(m);
    };
    // Word breaking is most of the cost: the lead (the first 4 KB, cut at a space) first, the
    // rest only when the lead has no match. Leads make good snippets; a long article's body
    // costs milliseconds to analyse whole.
    size_t lead = scan.size();
    if (scan.size() > kLeadBytes) {
        size_t space = scan.find_first_of(" \n", kLeadBytes);
        if (space != std::string_view::npos) lead = space;
    }
    analyzer.analyze(scan.substr(0, lead), on_token);
    if (!matched && lead < scan.size()) {
        base = lead;
        analyzer.analyze(scan.substr(lead), on_token);
    }
    std::vector<SnippetPart> parts;
    if (toks.empty()) {
        std::string_view s = text.substr(0, char_start(text, std::min(text.size(), max_bytes)));
        parts.push_back({clean(s), false});
        return parts;
    }
    // Slide a window over the tokens; score = distinct matched words, then total matches.
    size_t best_start = 0, best_score = 0;
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
        }
        if (match[i] >= 0) {
            if (--in_window[match[i]] == 0) in_window.erase(match[i]);
            --hits;
        }
    }
    // Start a little before the first match so it has context.
    size_t first = best_start;
    if (best_score > 0) {
        size_t back = 0;
        while (first > 0 && back < 4 &&
               toks[best_start].begin - toks[first - 1].begin < max_bytes / 3) {
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
