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
    size_t order = 0;        // position of the mention, for first-mention ordering
    bool titled = false;     // "Mr. X", "President X"
    bool speech = false;     // subject of a speech verb: "X said", "said X"
    bool weak = false;       // from the title or in capitals: only counts when it maps to a name
    bool after_the = false;  // "the Northern Front": names of groups and places take an article
    bool org_of = false;     // "Institute for Coastal Research": the tail of an organisation name
    bool group = false;      // "the hacker collective Black Tide", "a group calling itself X"
    bool place = false;      // "in Port Meridian", "the mayor of Port Meridian"
    bool headless = false;   // an organisation/place word before it was cut off
    bool sports = false;     // a scorer or player in a results line: "(Keller 90th)", "c Healy"
};

// "33rd", "90th", "1st": a minute or place in a results line.
bool is_ordinal_token(const text::Token& t) {
    std::string_view s = t.text;
    if (!t.word || s.size() < 3 || s[0] < '0' || s[0] > '9') return false;
    std::string_view suf = s.substr(s.size() - 2);
    return suf == "st" || suf == "nd" || suf == "rd" || suf == "th";
}

// "29-6-64-1": bowling figures.
bool is_figures_token(const text::Token& t) {
    if (!t.word || !t.digit) return false;
    return std::count(t.text.begin(), t.text.end(), '-') >= 3;
}

// A single capitalised word that the shape of a sports results line marks as a player: a scorer
// with the minute ("Keller 90th", "Keller (90th)"), a cricket fielder or bowler ("c Healy b
// McGrath", "lbw b Cork"), or a bowler's figures ("Croft 29-6-64-1").
bool sports_player(const std::vector<text::Token>& toks, size_t b, size_t e) {
    if (e < toks.size() && (is_ordinal_token(toks[e]) || is_figures_token(toks[e]))) return true;
    if (e + 1 < toks.size() && toks[e].text == "(" && is_ordinal_token(toks[e + 1])) return true;
    if (b >= 1 && toks[b - 1].word &&
        (toks[b - 1].text == "c" || toks[b - 1].text == "b" || toks[b - 1].text == "st"))
        return b >= 2 && (toks[b - 2].word || toks[b - 2].text == "&");
    return false;
}

// Lower-case nouns for groups that stand in apposition before the group's name.
bool is_group_noun(std::string_view w) {
    static const std::unordered_set<std::string_view> kGroup = {
        "group",      "groups",       "collective",   "company",   "firm",      "band",
        "movement",   "organisation", "organization", "outfit",    "network",   "militia",
        "faction",    "brand",        "startup",      "utility",   "itself",    "themselves",
        "consortium", "cartel",       "gang",         "syndicate", "newspaper", "broadcaster",
        "tabloid",    "charity",      "nonprofit",    "utility",   "provider",  "insurer",
        "airline",    "bank",         "club",         "team",      "party",     "agency"};
    return kGroup.count(w) > 0;
}

// Names that the article marks as a place or an outlet, never as a person: the wire dateline
// ("PORT MERIDIAN, Jan 12 (Kronika Wire) -", "LONDON (Reuters) -") and the article's own source.
struct NotPeople {
    std::vector<std::vector<std::string>> places;  // lower-case words of dateline places
    std::vector<std::string> outlets;              // compacted lower-case outlet names
};

std::string compact(std::string_view s) {
    std::string out;
    for (const auto& t : text::tokenize(s))
        if (t.word) out += text::to_lower(t.text);
    return out;
}

NotPeople not_people(const Article& a) {
    NotPeople np;
    if (!a.source.empty()) {
        std::string c = compact(a.source);
        if (!c.empty()) np.outlets.push_back(c);
    }
    std::string_view body = a.body;
    size_t b = body.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return np;
    size_t nl = body.find('\n', b);
    std::string_view line = body.substr(
        b, std::min<size_t>(nl == std::string_view::npos ? body.size() - b : nl - b, 400));
    std::vector<text::Token> toks = text::tokenize(line);
    auto is_dash = [](std::string_view t) {
        return t == "-" || t == "\xE2\x80\x93" || t == "\xE2\x80\x94";
    };
    // Leading place words: capitalised, no digits.
    size_t i = 0;
    bool all_upper = true;
    std::vector<std::string> place;
    while (i < toks.size() && toks[i].word && toks[i].cap && !toks[i].digit && place.size() < 5) {
        all_upper &= toks[i].upper || toks[i].text.size() == 1;
        place.push_back(text::to_lower(toks[i].text));
        ++i;
    }
    if (place.empty()) return np;
    // Then an optional ", Jan 12" / date, a parenthesised outlet and a dash.
    size_t j = i;
    if (j < toks.size() && toks[j].text == ",") ++j;
    while (j < toks.size() && j < i + 8 && toks[j].text != "(" && !is_dash(toks[j].text) &&
           (toks[j].digit || toks[j].text == "," || toks[j].text == "." || toks[j].text == "/" ||
            (toks[j].word && (text::is_month(text::to_lower(toks[j].text)) ||
                              text::is_weekday(text::to_lower(toks[j].text))))))
        ++j;
    bool dated = j > i + (i < toks.size() && toks[i].text == ",");
    std::string outlet;
    size_t k = j;
    if (k < toks.size() && toks[k].text == "(") {
        size_t m = k + 1;
        while (m < toks.size() && toks[m].text != ")" && m < k + 8) ++m;
        if (m < toks.size() && toks[m].text == ")" && m + 1 < toks.size() &&
            is_dash(toks[m + 1].text)) {
            outlet = compact(line.substr(toks[k].end, toks[m].offset - toks[k].end));
            k = m + 1;
        }
    }
    bool dash = k < toks.size() && is_dash(toks[k].text);
    if (!outlet.empty()) np.outlets.push_back(outlet);
    // An all-caps place before a date or a dash, or any capitalised place before "(Outlet) -".
    if ((all_upper && (dated || dash)) || !outlet.empty()) np.places.push_back(place);
    return np;
}

bool is_not_person(const std::vector<std::string>& words, const NotPeople& np) {
    std::vector<std::string> lw;
    for (const auto& w : words) lw.push_back(text::to_lower(w));
    for (const auto& p : np.places) {
        if (lw == p) return true;
        // "Port Meridian Dockworkers": a multi-word place opening the name.
        if (p.size() >= 2 && lw.size() > p.size() && std::equal(p.begin(), p.end(), lw.begin()))
            return true;
    }
    std::string c = compact(text::join(words));
    if (c.size() >= 4)
        for (const auto& o : np.outlets)
            if (o.find(c) != std::string::npos) return true;
    return false;
}

// Lines of photo credits and bylines are not text about people.
bool is_credit_line(std::string_view s) {
    static const char* const kMarkers[] = {
        "\xC2\xA9",    "Images source", "Image source", "Photo:",          "Photo by",
        "Photograph:", "Credit:",       "Getty Images", "(Photo",          "Photo credit",
        "(AP Photo",   "Reuters/",      "File photo",   "With files from", "with files from",
        "WATCH BELOW", "WATCH:"};
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

// German roles as written before a name, including compounds ("SPD-Vorsitzende",
// "Außenministerin", "Regierungssprecher").
bool german_title_like(std::string_view w) {
    if (text::is_german_title(w)) return true;
    static const std::string_view kSuffixes[] = {
        "minister",   "ministerin", "präsident", "präsidentin", "sprecher",
        "sprecherin", "chef",       "chefin",    "vorsitzende", "vorsitzender",
        "kanzler",    "kanzlerin",  "direktor",  "direktorin",  "sekretär",
        "sekretärin", "meister",    "meisterin", "trainer",     "trainerin"};
    for (std::string_view suf : kSuffixes)
        if (w.size() > suf.size() && w.substr(w.size() - suf.size()) == suf) return true;
    return false;
}

// German capitalises every noun, so a capitalised run is weak evidence. Leading function words
// and titles are cut off; the run counts as a name only with stronger evidence: a known given
// name first, a title before it ("Kanzlerin", "Herr", "Dr.") or a speech verb ("sagte X",
// "X erklärte", ", so X").
void apply_german_evidence(const std::vector<text::Token>& toks, const text::NameRun& run,
                           Mention& m) {
    size_t cut = 0;
    while (cut < m.words.size()) {
        std::string l = text::to_lower(m.words[cut]);
        if (german_title_like(l))
            m.titled = true;
        else if (!text::is_german_stop_word(l))
            break;
        ++cut;
    }
    if (cut > 0) m.words.erase(m.words.begin(), m.words.begin() + static_cast<long>(cut));
    // A title the run analysis already cut off ("Bundeskanzlerin Ilka Quandt" at a sentence start).
    for (size_t i = run.begin; i < run.person_begin && i < toks.size(); ++i)
        if (toks[i].word && german_title_like(text::to_lower(toks[i].text))) m.titled = true;
    if (run.begin >= 1 && toks[run.begin - 1].word) {
        std::string prev = text::to_lower(toks[run.begin - 1].text);
        if (german_title_like(prev)) m.titled = true;
        if (text::is_german_speech_verb(prev)) m.speech = true;
    }
    if (run.end < toks.size() && toks[run.end].word &&
        text::is_german_speech_verb(text::to_lower(toks[run.end].text)))
        m.speech = true;
    bool given = !m.words.empty() && text::is_given_name(text::to_lower(m.words[0]));
    if (!(given || m.titled || m.speech)) m.weak = true;
}

void collect(std::string_view text, bool weak, size_t base, const text::Vocabulary& vocab,
             bool german, std::vector<Mention>& out) {
    for (const text::Sentence& sent : text::split_sentences(text)) {
        if (is_credit_line(sent.text)) continue;
        // Video captions ("WATCH BELOW: ... Jane Doe has more.") name reporters and the people
        // of another story: skip the whole line.
        {
            size_t ls = text.rfind('\n', sent.offset);
            ls = ls == std::string_view::npos ? 0 : ls + 1;
            std::string_view line = text.substr(ls, 12);
            if (line.rfind("WATCH BELOW", 0) == 0 || line.rfind("WATCH:", 0) == 0) continue;
        }
        std::vector<text::Token> toks = text::tokenize(sent.text);
        // Parenthesised photo credits: "(Jason Smith/The Canadian Press)".
        std::vector<bool> in_credit(toks.size(), false);
        for (size_t i = 0; i < toks.size(); ++i) {
            if (toks[i].text != "(") continue;
            size_t j = i + 1;
            bool slash = false;
            while (j < toks.size() && toks[j].text != ")" && j - i < 16)
                slash |= toks[j++].text == "/";
            if (slash && j < toks.size() && toks[j].text == ")")
                for (size_t k = i; k <= j; ++k) in_credit[k] = true;
        }
        for (const text::NameRun& run : text::name_runs(toks, vocab)) {
            if (run.person.empty() || in_credit[run.begin]) continue;
            // "Jane Doe/The Daily Post", "Jane Doe / Getty Images": a photo credit.
            if (run.end + 1 < toks.size() && toks[run.end].text == "/" && toks[run.end + 1].cap)
                continue;
            Mention m;
            m.words = run.person;
            m.order = base + sent.offset + toks[run.person_begin].offset;
            m.titled = run.titled;
            m.weak = weak || run.shouting;
            m.sports = run.person.size() == 1 && run.person_begin == run.begin &&
                       sports_player(toks, run.begin, run.end);
            if (run.end < toks.size() && toks[run.end].word &&
                text::is_speech_verb(text::to_lower(toks[run.end].text)))
                m.speech = true;
            if (run.begin >= 2 && toks[run.begin - 1].word && !toks[run.begin - 2].word &&
                text::is_speech_verb(text::to_lower(toks[run.begin - 1].text)))
                m.speech = true;
            if (run.shouting)
                for (auto& w : m.words) w = text::title_case(w);
            size_t pb = run.person_begin;
            // "Dockworkers' Union", "Workers' Party": a possessive opening an organisation name.
            if (toks[run.end - 1].possessive && run.end < toks.size() && toks[run.end].word &&
                toks[run.end].cap && text::is_org_word(text::to_lower(toks[run.end].text)))
                m.org_of = true;
            // "Port Meridian": a single word left after an organisation or place head.
            m.headless = pb > run.begin && !run.titled;
            // "Meridian Grid, the utility serving...": an apposition naming a kind of group.
            if (run.end + 2 < toks.size() && toks[run.end].text == "," &&
                (text::to_lower(toks[run.end + 1].text) == "the" ||
                 text::to_lower(toks[run.end + 1].text) == "a") &&
                toks[run.end + 2].word && is_group_noun(text::to_lower(toks[run.end + 2].text)))
                m.group = true;
            if (pb >= 1 && toks[pb - 1].word) {
                std::string prev = text::to_lower(toks[pb - 1].text);
                m.after_the = prev == "the";
                // "in Port Meridian", "residents of Port Meridian": a place.
                static const std::unordered_set<std::string_view> kLocative = {
                    "in",     "at",         "near",    "across", "outside", "inside",
                    "around", "throughout", "towards", "toward", "into"};
                static const std::unordered_set<std::string_view> kPlaceOf = {
                    "mayor",    "governor",  "residents", "citizens", "city",   "town",
                    "capital",  "outskirts", "streets",   "suburbs",  "centre", "center",
                    "coast",    "port",      "harbour",   "harbor",   "region", "province",
                    "district", "people",    "north",     "south",    "east",   "west",
                    "heart",    "shores",    "waterfront"};
                bool possessive = toks[run.end - 1].possessive;
                if (!toks[pb - 1].cap && !possessive) {
                    if (kLocative.count(prev)) m.place = true;
                    if (prev == "of" && pb >= 2 && toks[pb - 2].word &&
                        kPlaceOf.count(text::to_lower(toks[pb - 2].text)))
                        m.place = true;
                }
                m.group |= !toks[pb - 1].cap && is_group_noun(prev);
                // Only a capitalised head makes the run part of the organisation's name
                // ("Institute for Coastal Research"; not "the lawyer of Gianni Rossi").
                if ((prev == "of" || prev == "for") && !toks[pb - 1].cap && pb >= 2 &&
                    toks[pb - 2].word && toks[pb - 2].cap) {
                    std::string head = text::to_lower(toks[pb - 2].text);
                    bool org =
                        text::is_org_word(head) || text::is_soft_org_word(head) ||
                        text::is_title_word(head) ||
                        (head.size() > 3 && head.back() == 's' &&
                         text::is_org_word(std::string_view(head).substr(0, head.size() - 1)));
                    bool given = false;
                    for (const auto& w : m.words) given |= text::is_given_name(text::to_lower(w));
                    m.org_of = org && !given;
                }
            }
            if (german) {
                apply_german_evidence(toks, run, m);
                if (m.words.empty()) continue;
            }
            out.push_back(std::move(m));
        }
    }
}

// A lone word before or after a speech verb is a person only when it does not look like a
// plural ("Diplomats said"), a group ("Chechens"), a place or a sports club.
bool plausible_single(const std::string& lower, const text::Vocabulary& vocab) {
    if (text::is_place(lower) || text::is_club_word(lower) || text::is_nationality(lower) ||
        text::is_common_word(lower) || text::is_org_word(lower))
        return false;
    if (lower.size() > 4 && lower.back() == 's') {
        std::string_view stem(lower.data(), lower.size() - 1);
        if (text::is_nationality(stem) || vocab.seen_lower(stem) || text::is_common_word(stem))
            return false;
        if (stem.back() == 'e') {
            std::string_view stem2 = stem.substr(0, stem.size() - 1);
            if (vocab.seen_lower(stem2) || text::is_common_word(stem2)) return false;
        }
    }
    return true;
}

}  // namespace

std::vector<std::string> extract_people(const Article& article) {
    text::Vocabulary vocab = text::build_vocabulary(article.body);
    NotPeople np = not_people(article);
    std::vector<Mention> mentions;
    bool german = article.language == "de";
    collect(article.title, true, 0, vocab, german, mentions);
    collect(article.body, false, article.title.size() + 1, vocab, german, mentions);

    // Full names: merged when they share first and last words or one ends the other.
    struct Person {
        std::vector<std::string> words;
        size_t first = 0;
        int count = 0;
        bool all_the = true;  // every mention follows "the"
        bool org_of = false, group = false, titled = false, place = false;
        void note(const Mention& m) {
            all_the &= m.after_the;
            org_of |= m.org_of;
            group |= m.group;
            titled |= m.titled;
            place |= m.place;
        }
    };
    std::vector<Person> persons;
    std::unordered_map<std::string, size_t> by_key;
    for (const Mention& m : mentions) {
        if (m.weak || m.words.size() < 2) continue;
        // "de Janeiro", "da Gama": a lower-case particle cannot open a name (a cut-off place).
        if (!m.words[0].empty() && m.words[0][0] >= 'a' && m.words[0][0] <= 'z' &&
            text::is_particle(m.words[0]))
            continue;
        std::string k = key_of(m.words);
        auto it = by_key.find(k);
        if (it != by_key.end()) {
            persons[it->second].count++;
            persons[it->second].first = std::min(persons[it->second].first, m.order);
            persons[it->second].note(m);
            continue;
        }
        by_key[k] = persons.size();
        persons.push_back({m.words, m.order, 1});
        persons.back().note(m);
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
        if (it == first_seen.end() || persons[i].first < it->second)
            first_seen[r] = persons[i].first;
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
            if (lt != by_last.end())
                target = lt->second;
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
        // A speech verb alone is not enough: clubs, agencies and groups "say" things too
        // ("Blackburn announced", "Belga said").
        bool ok = m.sports ? !text::is_common_word(k) && !text::is_nationality(k)
                           : m.titled && plausible_single(k, vocab);
        if (m.weak || m.words.size() != 1 || !ok) continue;
        if (text::is_outlet(m.words[0]) || m.words[0].size() < 2) continue;
        if (!m.sports && (m.org_of || m.group || m.place || m.headless)) continue;
        if (is_not_person(m.words, np)) continue;
        if (single_seen.insert(k).second) singles.emplace_back(m.order, m.words[0]);
    }

    // Evidence gathered over each cluster: a name that the article shows to be a place, an
    // outlet or an organisation is not a person.
    std::vector<Person> evidence(persons.size());
    for (size_t i = 0; i < persons.size(); ++i) {
        Person& e = evidence[root(i)];
        e.all_the &= persons[i].all_the;
        e.org_of |= persons[i].org_of;
        e.group |= persons[i].group;
        e.titled |= persons[i].titled;
        e.place |= persons[i].place;
    }
    auto rejected = [&](size_t r) {
        const Person& e = evidence[r];
        const auto& words = persons[r].words;
        if (is_not_person(words, np) || e.org_of) return true;
        bool given_first = text::is_given_name(text::to_lower(words[0]));
        if (e.group && !given_first) return true;
        if (given_first || e.titled) return false;
        if (e.place) return true;
        // "the Northern Front", "the Port Meridian council": always with the article.
        if (e.all_the) return true;
        // "Meridian Grid" when the article also says "the grid": a common noun closes the name.
        std::string last = last_word(words);
        return last.size() > 2 && vocab.seen_lower(last);
    };

    std::unordered_set<std::string> excluded = excluded_names(article);
    std::vector<std::pair<size_t, std::string>> ordered;
    for (const auto& [idx, order] : first_seen)
        if (!rejected(idx)) ordered.emplace_back(order, display(persons[idx].words));
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
