// People extraction: capitalised-name runs filtered by general word lists, surnames mapped to the
// full names used elsewhere in the article.
#include "extract/people.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "extract/text_util.h"

namespace kronika {

namespace {

struct Mention {
    std::vector<std::string> words;
    size_t order = 0;      // position of the mention, for first-mention ordering
    bool titled = false;   // "Mr. X", "President X"
    bool speech = false;   // subject of a speech verb: "X said", "said X"
    bool weak = false;     // from the title or in capitals: only counts when it maps to a name
};

// Lines of photo credits and bylines are not text about people.
bool is_credit_line(std::string_view s) {
    static const char* const kMarkers[] = {"\xC2\xA9", "Images source", "Image source",
                                           "Photo:", "Photo by", "Photograph:", "Credit:",
                                           "Getty Images", "(Photo", "Photo credit", "(AP Photo",
                                           "Reuters/", "File photo"};
    for (const char* m : kMarkers)
        if (s.find(m) != std::string_view::npos) return true;
    if (s.size() < 80 && (s.rfind("By ", 0) == 0 || s.rfind("by ", 0) == 0)) return true;
    return false;
}

std::string key_of(const std::vector<std::string>& words) {
    std::string k;
    for (const auto& w : words) {
        if (!k.empty()) k += ' ';
        k += text::to_lower(w);
    }
    return k;
}

bool is_generational(const std::string& lower) {
    return lower == "jr" || lower == "sr" || lower == "ii" || lower == "iii" || lower == "iv";
}

// The surname: the last word that is not a generational suffix.
std::string last_word(const std::vector<std::string>& words) {
    for (size_t i = words.size(); i-- > 0;) {
        std::string l = text::to_lower(words[i]);
        if (!is_generational(l)) return l;
    }
    return text::to_lower(words.back());
}

// Printed form: initials get their dot back ("Donald J. Trump").
std::string display(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ' ';
        out += w;
        if (w.size() == 1) out += '.';
    }
    return out;
}

// Names given as metadata (authors, photo credits) in lower case, for exclusion.
std::unordered_set<std::string> excluded_names(const Article& a) {
    std::unordered_set<std::string> out;
    auto add = [&](std::string_view s) {
        std::string cur;
        for (char c : s) {
            if (c == '|' || c == ',' || c == ';' || c == '/') {
                if (!cur.empty()) out.insert(text::to_lower(cur));
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (!cur.empty()) out.insert(text::to_lower(cur));
    };
    for (const auto& s : a.authors) add(s);
    for (const auto& s : a.photo_credits) add(s);
    std::unordered_set<std::string> trimmed;
    for (std::string s : out) {
        while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.pop_back();
        size_t b = s.find_first_not_of(' ');
        if (b == std::string::npos) continue;
        s = s.substr(b);
        if (s.rfind("by ", 0) == 0) s = s.substr(3);
        trimmed.insert(s);
    }
    return trimmed;
}

void collect(std::string_view text, bool weak, size_t base, const text::Vocabulary& vocab,
             std::vector<Mention>& out) {
    for (const text::Sentence& sent : text::split_sentences(text)) {
        if (is_credit_line(sent.text)) continue;
        std::vector<text::Token> toks = text::tokenize(sent.text);
        // Parenthesised photo credits: "(Jason Smith/The Canadian Press)".
        std::vector<bool> in_credit(toks.size(), false);
        for (size_t i = 0; i < toks.size(); ++i) {
            if (toks[i].text != "(") continue;
            size_t j = i + 1;
            bool slash = false;
            while (j < toks.size() && toks[j].text != ")" && j - i < 16) slash |= toks[j++].text == "/";
            if (slash && j < toks.size() && toks[j].text == ")")
                for (size_t k = i; k <= j; ++k) in_credit[k] = true;
        }
        for (const text::NameRun& run : text::name_runs(toks, vocab)) {
            if (run.person.empty() || in_credit[run.begin]) continue;
            Mention m;
            m.words = run.person;
            m.order = base + sent.offset + toks[run.person_begin].offset;
            m.titled = run.titled;
            m.weak = weak || run.shouting;
            if (run.end < toks.size() && toks[run.end].word &&
                text::is_speech_verb(text::to_lower(toks[run.end].text)))
                m.speech = true;
            if (run.begin >= 2 && toks[run.begin - 1].word && !toks[run.begin - 2].word &&
                text::is_speech_verb(text::to_lower(toks[run.begin - 1].text)))
                m.speech = true;
            if (run.shouting)
                for (auto& w : m.words) w = text::title_case(w);
            out.push_back(std::move(m));
        }
    }
}

}  // namespace

std::vector<std::string> extract_people(const Article& article) {
    text::Vocabulary vocab = text::build_vocabulary(article.body);
    std::vector<Mention> mentions;
    collect(article.title, true, 0, vocab, mentions);
    collect(article.body, false, article.title.size() + 1, vocab, mentions);

    // Full names: merged when they share first and last words or one ends the other.
    struct Person {
        std::vector<std::string> words;
        size_t first = 0;
        int count = 0;
    };
    std::vector<Person> persons;
    std::unordered_map<std::string, size_t> by_key;
    for (const Mention& m : mentions) {
        if (m.weak || m.words.size() < 2) continue;
        std::string k = key_of(m.words);
        auto it = by_key.find(k);
        if (it != by_key.end()) {
            persons[it->second].count++;
            persons[it->second].first = std::min(persons[it->second].first, m.order);
            continue;
        }
        by_key[k] = persons.size();
        persons.push_back({m.words, m.order, 1});
    }
    // Cluster: parent[i] = the longer person name i is a form of.
    std::vector<size_t> parent(persons.size());
    for (size_t i = 0; i < persons.size(); ++i) parent[i] = i;
    auto same = [&](const std::vector<std::string>& a, const std::vector<std::string>& b) {
        // b is a form of a: same first and last word, or b is a word-suffix of a.
        if (b.size() > a.size()) return false;
        if (text::to_lower(a[0]) == text::to_lower(b[0]) && last_word(a) == last_word(b))
            return true;
        for (size_t k = 0; k < b.size(); ++k)
            if (text::to_lower(a[a.size() - b.size() + k]) != text::to_lower(b[k])) return false;
        return true;
    };
    for (size_t i = 0; i < persons.size(); ++i) {
        for (size_t j = 0; j < persons.size(); ++j) {
            if (i == j || parent[i] != i) continue;
            bool longer = persons[j].words.size() > persons[i].words.size() ||
                          (persons[j].words.size() == persons[i].words.size() &&
                           persons[j].count > persons[i].count);
            if (longer && same(persons[j].words, persons[i].words)) parent[i] = j;
        }
    }
    auto root = [&](size_t i) {
        for (int guard = 0; parent[i] != i && guard < 16; ++guard) i = parent[i];
        return i;
    };
    for (size_t i = 0; i < persons.size(); ++i) {
        size_t r = root(i);
        if (r != i) persons[r].first = std::min(persons[r].first, persons[i].first);
    }

    // Single words and weak mentions map onto the full names; the first (then unique) match wins.
    std::unordered_map<std::string, size_t> by_last, by_first;
    std::unordered_set<std::string> ambiguous_first;
    for (size_t i = 0; i < persons.size(); ++i) {
        size_t r = root(i);
        by_last.emplace(last_word(persons[i].words), r);
        std::string f = text::to_lower(persons[i].words[0]);
        auto it = by_first.find(f);
        if (it != by_first.end() && it->second != r) ambiguous_first.insert(f);
        by_first.emplace(f, r);
    }
    std::map<size_t, size_t> first_seen;  // person index -> first mention order
    for (size_t i = 0; i < persons.size(); ++i) {
        size_t r = root(i);
        auto it = first_seen.find(r);
        if (it == first_seen.end() || persons[i].first < it->second) first_seen[r] = persons[i].first;
    }
    std::vector<std::pair<size_t, std::string>> singles;  // unmapped single-word people
    std::unordered_set<std::string> single_seen;
    for (const Mention& m : mentions) {
        if (!m.weak && m.words.size() >= 2) continue;
        std::string k = key_of(m.words);
        size_t target = SIZE_MAX;
        auto kt = by_key.find(k);
        if (kt != by_key.end()) {
            target = root(kt->second);
        } else if (m.words.size() == 1) {
            auto lt = by_last.find(k);
            if (lt != by_last.end()) target = lt->second;
            else if (!ambiguous_first.count(k)) {
                auto ft = by_first.find(k);
                if (ft != by_first.end()) target = ft->second;
            }
        } else {
            for (size_t i = 0; i < persons.size() && target == SIZE_MAX; ++i)
                if (same(persons[i].words, m.words) || same(m.words, persons[i].words))
                    target = root(i);
        }
        if (target != SIZE_MAX) {
            auto it = first_seen.find(target);
            if (it == first_seen.end() || m.order < it->second) first_seen[target] = m.order;
            continue;
        }
        // An unmapped single word is a person when a title or a speech verb says so.
        if (m.weak || m.words.size() != 1 || !(m.titled || m.speech)) continue;
        if (text::is_outlet(m.words[0]) || m.words[0].size() < 2) continue;
        if (single_seen.insert(k).second) singles.emplace_back(m.order, m.words[0]);
    }

    std::unordered_set<std::string> excluded = excluded_names(article);
    std::vector<std::pair<size_t, std::string>> ordered;
    for (const auto& [idx, order] : first_seen) ordered.emplace_back(order, display(persons[idx].words));
    for (const auto& s : singles) ordered.push_back(s);
    std::sort(ordered.begin(), ordered.end());
    std::vector<std::string> out;
    std::unordered_set<std::string> seen;
    for (auto& [order, name] : ordered) {
        std::string k = text::to_lower(name);
        if (excluded.count(k) || !seen.insert(k).second) continue;
        out.push_back(std::move(name));
    }
    return out;
}

}  // namespace kronika
