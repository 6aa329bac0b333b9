// Attribution extraction: speech-verb subjects, "according to" sources and claims of
// responsibility, each with its cue word and the nearest quotation or reported clause.
#include "extract/attribution.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>

#include "extract/text_util.h"

namespace kronika {

namespace {

using text::Token;

bool is_preposition(std::string_view w) {
    static const std::unordered_set<std::string_view> kPreps = {
        "from",  "of",      "in",     "at",      "to",      "by",   "with",
        "for",   "on",      "about",  "against", "like",    "into", "over",
        "under", "between", "among",  "towards", "toward",  "per",  "versus",
        "vs",    "via",     "during", "behind",  "through", "told", "asked"};
    return kPreps.count(w) > 0;
}

// Adverbs and auxiliaries between a subject and its verb: "Bortnikov also said", "he has said".
bool is_skippable(std::string_view w) {
    static const std::unordered_set<std::string_view> kSkip = {
        "also",   "further",    "then",        "later",      "previously", "has",        "have",
        "had",    "was",        "is",          "would",      "will",       "reportedly", "once",
        "again",  "repeatedly", "still",       "later",      "earlier",    "recently",   "already",
        "just",   "first",      "publicly",    "privately",  "initially",  "had",        "may",
        "might",  "could",      "did",         "does",       "do",         "never",      "not",
        "yet",    "even",       "often",       "frequently", "quickly",    "simply",     "openly",
        "flatly", "ultimately", "subsequently"};
    return kSkip.count(w) > 0 || (w.size() > 4 && w.substr(w.size() - 2) == "ly");
}

// Records and data an organisation merely publishes: "according to FEC filings".
bool is_document_noun(std::string_view w) {
    static const std::unordered_set<std::string_view> kNouns = {
        "filings",     "filing",  "records",  "reports", "data",    "documents",
        "transcripts", "cables",  "playbook", "profile", "website", "summary",
        "readout",     "average", "averages", "account", "review",  "figures",
        "statistics",  "numbers", "page",     "archives"};
    return kNouns.count(w) > 0;
}

// People who speak for someone: "a spokesman for X said" (X is the source).
bool is_role_noun(std::string_view w) {
    static const std::unordered_set<std::string_view> kNouns = {
        "spokesman",      "spokeswoman",     "spokesperson", "spokespeople", "spokesmen",
        "representative", "representatives", "aide",         "aides",        "adviser",
        "advisers",       "advisor",         "advisors",     "lawyer",       "lawyers",
        "attorney",       "attorneys",       "campaign",     "team",         "staff",
        "office",         "allies",          "surrogates",   "camp",         "press"};
    return kNouns.count(w) > 0;
}

bool is_claim_verb(std::string_view w) {
    return w == "claimed" || w == "claims" || w == "claim";
}

// Stance verbs and reactions: "Smith rejected the plan", "Jones hailed the ruling".
bool is_stance_verb(std::string_view w) {
    static const std::unordered_set<std::string_view> kVerbs = {
        "spoke",      "declined",  "say",        "expressed",  "defended",   "defends",
        "decided",    "filed",     "opposed",    "opposes",    "talked",     "talks",
        "rejected",   "rejects",   "indicated",  "backed",     "pleaded",    "condemned",
        "condemns",   "denounced", "denounces",  "telling",    "speaks",     "voiced",
        "assured",    "thanked",   "assailed",   "threatened", "welcomed",   "thought",
        "mocked",     "mocks",     "reminded",   "explains",   "repeated",   "railed",
        "considers",  "decried",   "insist",     "scolded",    "encouraged", "ripped",
        "discussed",  "cheered",   "disagreed",  "disagrees",  "apologized", "apologised",
        "bragged",    "deplored",  "bashed",     "taunted",    "dubbed",     "labeled",
        "labelled",   "branded",   "lauded",     "hailed",     "derided",    "applauded",
        "chided",     "ridiculed", "speculated", "implied",    "protested",  "outlined",
        "credited",   "begged",    "worries",    "wonders",    "reasoned",   "confessed",
        "reaffirmed", "affirmed"};
    return kVerbs.count(w) > 0;
}

// Speech, claim and stance verbs beyond the shared list: reported speech and positions taken.
bool is_extra_verb(std::string_view w) {
    static const std::unordered_set<std::string_view> kVerbs = {
        "highlighted", "highlights", "reports",    "tweet",       "posted",   "accused",
        "accuses",     "proclaimed", "proclaims",  "echoed",      "echoes",   "pledged",
        "pledges",     "criticized", "criticised", "criticizes",  "blamed",   "blames",
        "praised",     "praises",    "stated",     "announce",    "argue",    "insist",
        "warn",        "write",      "explain",    "acknowledge", "deny",     "insisted",
        "signaled",    "signalled",  "contended",  "questioned",  "objected", "lamented",
        "conceded",    "counters",   "retorted",   "wondered",    "demanded", "demands",
        "slammed",     "slams",      "blasted",    "blasts",      "attacked", "touted",
        "touts",       "hinted",     "cited",      "believes",    "proposed", "proposes",
        "endorsed",    "endorses",   "calls",      "called"};
    return kVerbs.count(w) > 0;
}

// Intent and cognition verbs ("plans to", "believes that"): attributions only when they
// govern a clause or an infinitive and their subject is a known person.
bool is_intent_verb(std::string_view w) {
    static const std::unordered_set<std::string_view> kVerbs = {
        "tried", "try",  "tries",  "sought",   "seeks",   "seek",    "hoped",
        "hopes", "hope", "hoping", "intended", "intends", "expected"};
    return kVerbs.count(w) > 0;
}

bool is_cue_verb(std::string_view w) {
    return text::is_speech_verb(w) || is_extra_verb(w) || is_stance_verb(w);
}

// Outlet, agency and poll words: an attribution whose name has one is a `source`.
bool is_outlet_word(std::string_view w) {
    static const std::unordered_set<std::string_view> kWords = {
        "times",     "post",       "journal",   "news",       "reuters",      "ap",
        "cnn",       "fox",        "nbc",       "abc",        "cbs",          "msnbc",
        "cnbc",      "npr",        "pbs",       "bbc",        "afp",          "politico",
        "bloomberg", "poll",       "gallup",    "quinnipiac", "pew",          "ipsos",
        "yougov",    "marist",     "monmouth",  "rasmussen",  "surveymonkey", "realclearpolitics",
        "breitbart", "buzzfeed",   "huffpost",  "huffington", "daily",        "tribune",
        "herald",    "gazette",    "magazine",  "guardian",   "telegraph",    "economist",
        "axios",     "politifact", "wikileaks", "drudge",     "univision",    "telemundo",
        "espn",      "yahoo",      "report",    "sentinel",   "inquirer",     "examiner",
        "observer",  "chronicle",  "dispatch",  "review"};
    return kWords.count(w) > 0;
}

bool is_outlet_name(std::string_view name) {
    std::string lower = text::to_lower(name);
    if (lower.rfind("the ", 0) == 0) lower = lower.substr(4);
    if (lower == "hill" || lower == "blaze" || lower.find("associated press") != std::string::npos)
        return true;
    size_t b = 0;
    for (size_t i = 0; i <= lower.size(); ++i) {
        unsigned char c = i < lower.size() ? static_cast<unsigned char>(lower[i]) : ' ';
        if (std::isalnum(c) || c >= 0x80) continue;
        if (i > b && is_outlet_word(std::string_view(lower).substr(b, i - b))) return true;
        b = i + 1;
    }
    return false;
}

// Words that end an organisation's name ("America Rising PAC", "United Gun Group").
bool is_org_head(std::string_view w) {
    std::string l = text::to_lower(w);
    return l == "pac" || l == "group" || l == "corporation" || l == "academies" ||
           l == "committees" || l == "journalism" || l == "radio" || l == "institute" ||
           l == "foundation" || l == "association" || l == "council" || l == "committee" ||
           l == "university" || l == "center" || l == "centre" || l == "commission";
}

// "We've", "I'm", "They'll": a capitalised contraction, not a name.
bool is_contraction(std::string_view w) {
    for (std::string_view ap : {"'", "\xE2\x80\x99"}) {
        size_t p = w.find(ap);
        if (p == std::string_view::npos || p == 0) continue;
        size_t q = p + ap.size();
        if (q < w.size() && std::islower(static_cast<unsigned char>(w[q]))) return true;
    }
    return false;
}

struct PersonIndex {
    std::vector<std::string> names;
    std::vector<std::vector<std::string>> lower_words;  // per person
    std::vector<std::pair<size_t, size_t>> mentions;    // (offset in body, person), sorted
    std::vector<size_t> full_counts;                    // mentions by the full name, per person

    // The canonical name for a run's words: a person's full name when it matches, else as written.
    std::string canonical(const std::vector<std::string>& words) const {
        std::vector<std::string> lw;
        for (const auto& w : words) lw.push_back(text::to_lower(w));
        for (size_t p = 0; p < names.size(); ++p) {
            const auto& pw = lower_words[p];
            if (pw == lw) return names[p];
        }
        // Rule B: a single token is the most frequent 2-4 word name ending with it.
        if (lw.size() == 1) {
            long best = -1;
            for (size_t p = 0; p < names.size(); ++p) {
                const auto& pw = lower_words[p];
                if (pw.size() >= 2 && pw.size() <= 4 && pw.back() == lw[0] &&
                    (best < 0 || full_counts[p] > full_counts[static_cast<size_t>(best)]))
                    best = static_cast<long>(p);
            }
            if (best >= 0) return names[static_cast<size_t>(best)];
        }
        for (size_t p = 0; p < names.size(); ++p) {
            const auto& pw = lower_words[p];
            if (lw.size() == 1 && pw.size() >= 2 && pw.back() == lw[0]) return names[p];
            if (lw.size() >= 2 && pw.size() >= 2 && pw.front() == lw.front() &&
                pw.back() == lw.back())
                return names[p];
        }
        for (size_t p = 0; p < names.size(); ++p) {
            const auto& pw = lower_words[p];
            if (lw.size() == 1 && pw.size() >= 2 && pw.front() == lw[0]) return names[p];
        }
        std::string out;
        for (const auto& w : words) {
            if (!out.empty()) out += ' ';
            out += w;
            if (w.size() == 1) out += '.';
        }
        return out;
    }
    bool is_person(const std::string& name) const {
        return std::find(names.begin(), names.end(), name) != names.end();
    }
    // The person mentioned last before a body offset ("he said" -> that person).
    const std::string* last_before(size_t offset) const {
        auto it =
            std::lower_bound(mentions.begin(), mentions.end(), std::make_pair(offset, size_t{0}));
        if (it == mentions.begin()) return nullptr;
        return &names[std::prev(it)->second];
    }
    // For "he said": the last person mentioned, when recent (within `window` bytes) and the
    // only person mentioned in that window; else nullptr (ambiguous or too far back).
    // The window is the pronoun's paragraph, or the previous one when its own names nobody.
    const std::string* pronoun_referent(size_t offset, size_t para_b, size_t prev_b,
                                        size_t window) const {
        auto it =
            std::lower_bound(mentions.begin(), mentions.end(), std::make_pair(offset, size_t{0}));
        if (it == mentions.begin()) return nullptr;
        auto last = std::prev(it);
        size_t from = para_b;
        if (last->first < para_b) {
            if (last->first < prev_b || offset - last->first > window) return nullptr;
            from = prev_b;
        }
        for (auto p = last;; --p) {
            if (p->first < from) break;
            if (p->second != last->second) return nullptr;
            if (p == mentions.begin()) break;
        }
        return &names[last->second];
    }
};

bool word_boundary(std::string_view s, size_t b, size_t e) {
    auto alnum = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
    return (b == 0 || !alnum(static_cast<unsigned char>(s[b - 1]))) &&
           (e >= s.size() || !alnum(static_cast<unsigned char>(s[e])));
}

PersonIndex index_people(const std::vector<std::string>& people, std::string_view body) {
    PersonIndex idx;
    idx.names = people;
    for (size_t p = 0; p < people.size(); ++p) {
        std::vector<std::string> lw;
        std::vector<std::string> forms;
        for (const Token& t : text::tokenize(people[p])) {
            if (!t.word) continue;
            lw.push_back(text::to_lower(t.text));
            forms.emplace_back(t.text);
        }
        idx.lower_words.push_back(lw);
        // Mentions by full name or by surname (the last word covers both).
        std::set<std::string> search{people[p]};
        if (!forms.empty()) search.insert(forms.back());
        idx.full_counts.push_back(0);
        for (const auto& f : search) {
            for (size_t pos = body.find(f); pos != std::string_view::npos;
                 pos = body.find(f, pos + 1)) {
                if (!word_boundary(body, pos, pos + f.size())) continue;
                idx.mentions.emplace_back(pos, p);
                if (f == people[p]) ++idx.full_counts.back();
            }
        }
    }
    std::sort(idx.mentions.begin(), idx.mentions.end());
    return idx;
}

// Double-quoted spans (inner text) in [b, e) of the body.
std::vector<std::pair<size_t, size_t>> quote_spans(std::string_view s, size_t b, size_t e) {
    std::vector<std::pair<size_t, size_t>> out;
    size_t open = std::string_view::npos;
    for (size_t i = b; i < e; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        bool straight = c == '"';
        bool left = i + 2 < e && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                    static_cast<unsigned char>(s[i + 2]) == 0x9C;
        bool right = i + 2 < e && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                     static_cast<unsigned char>(s[i + 2]) == 0x9D;
        bool guil_l = i + 1 < e && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xAB;
        bool guil_r = i + 1 < e && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xBB;
        size_t len = straight ? 1 : (left || right) ? 3 : (guil_l || guil_r) ? 2 : 0;
        if (!len) continue;
        if (open == std::string_view::npos && (straight || left || guil_l)) {
            open = i + len;
        } else if (open != std::string_view::npos && (straight || right || guil_r)) {
            out.emplace_back(open, i);
            open = std::string_view::npos;
        }
        i += len - 1;
    }
    return out;
}

std::string trim(std::string_view s) {
    const char* ws = " \t\r\n,:;-";
    size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return "";
    size_t e = s.find_last_not_of(" \t\r\n,:;");
    std::string out(s.substr(b, e - b + 1));
    if (out.size() > 400) {
        size_t cut = 400;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
    }
    return out;
}

struct Para {
    size_t begin = 0, end = 0;
};

class Extractor {
  public:
    Extractor(const Article& a, const std::vector<std::string>& people)
        : body_(a.body),
          title_(a.title),
          people_(index_people(people, a.body)),
          vocab_(text::build_vocabulary(a.body)),
          suffixes_(find_suffixes(a.body)) {}

    std::vector<Attribution> run() {
        headline();
        sentences_ = text::split_sentences(body_);
        for (const auto& s : sentences_) {
            if (paras_.size() <= s.paragraph) paras_.resize(s.paragraph + 1, {s.offset, s.offset});
            paras_[s.paragraph].end = s.offset + s.text.size();
        }
        for (size_t si = 0; si < sentences_.size(); ++si) sentence(si);
        for (auto& a : weak_)
            if (seen_.insert({a.name, a.kind}).second) out_.push_back(std::move(a));
        return std::move(out_);
    }

  private:
    const std::string& body_;
    const std::string& title_;
    PersonIndex people_;
    text::Vocabulary vocab_;
    std::vector<text::Sentence> sentences_;
    std::vector<Para> paras_;
    std::vector<Attribution> out_, weak_;
    std::vector<std::pair<size_t, std::string_view>> suffixes_;
    std::map<std::string, std::string> suffixed_;  // with_suffix cache
    std::set<std::pair<std::string, std::string>> seen_;

    // The person a headline's words name: the whole words or their last word equal to a
    // person of the article ("Smith", "John Smith"); "" otherwise.
    std::string headline_person(const std::vector<Token>& toks, size_t b, size_t e) const {
        std::vector<std::string> lw;
        for (size_t k = b; k < e; ++k) {
            if (!toks[k].word || !toks[k].cap) return "";
            lw.push_back(text::to_lower(toks[k].text));
        }
        if (lw.empty()) return "";
        for (size_t p = 0; p < people_.names.size(); ++p) {
            const auto& pw = people_.lower_words[p];
            if (pw.size() < 2) continue;
            if (pw == lw || (lw.size() == 1 && pw.back() == lw[0])) {
                std::vector<std::string> words;
                for (size_t k = b; k < e; ++k) words.emplace_back(toks[k].text);
                return people_.canonical(words);
            }
        }
        return "";
    }

    // Headlines: "Smith Says ...", "Smith Slams Jones", "Smith: We Will Win".
    void headline() {
        if (title_.empty()) return;
        std::vector<Token> toks = text::tokenize(title_);
        for (size_t i = 1; i < toks.size(); ++i) {
            bool colon = toks[i].text == ":";
            if (!colon && !(toks[i].word && toks[i].cap)) continue;
            std::string w = colon ? "" : text::to_lower(toks[i].text);
            if (!colon && (w.size() < 4 || w.back() != 's' || !is_cue_verb(w))) continue;
            // The subject: the whole title before a colon, else the 1-3 words before the verb.
            std::string name;
            for (size_t b = i; b-- > 0 && i - b <= 3;) {
                if (colon && b != 0) continue;
                std::string n = headline_person(toks, b, i);
                if (!n.empty()) name = n;
            }
            if (name.empty()) {
                if (colon) break;
                continue;
            }
            size_t from = toks[i].end;
            add(name, false, colon ? std::string_view(":") : toks[i].text,
                trim(std::string_view(title_).substr(from)), true);
            if (colon) break;
        }
    }

    // The name a run stands for: its person part, else (organisations) its words.
    std::string run_name(const text::NameRun& run) const {
        // "The Daily Caller", "Western Journalism", "America Rising PAC": an outlet or an
        // organisation whose head ends the run is named by all of its words.
        if (!run.person.empty() && run.words.size() > run.person.size() &&
            (is_outlet_name(text::join(run.words)) || is_org_head(run.words.back())) &&
            !people_.is_person(people_.canonical(run.person)))
            return text::join(run.words);
        if (run.person.size() == 1 && run.words.size() > 1 && !run.titled &&
            people_.canonical(run.person) == run.person[0]) {
            // "The American Legion": a one-word "person" after a nationality is an organisation.
            std::string l = text::to_lower(run.words[run.words.size() - 2]);
            if (text::is_nationality(l) || text::is_place(l)) return text::join(run.words);
        }
        if (!run.person.empty()) return people_.canonical(run.person);
        if (run.words.empty()) return "";
        bool ordinary = true;
        for (const auto& w : run.words) {
            std::string l = text::to_lower(w);
            if (!text::is_common_word(l) && !vocab_.seen_lower(l) && !text::is_nationality(l) &&
                !text::is_title_word(l) && !text::is_month(l) && !text::is_weekday(l))
                ordinary = false;
        }
        if (ordinary && run.words.size() == 1) return "";
        return text::join(run.words);
    }

    // A word that may open a name: capitalised, not a title, role or ordinary word.
    bool name_word(std::string_view w, bool first) const {
        unsigned char c0 = w.empty() ? 0 : static_cast<unsigned char>(w[0]);
        if (w.empty() || !(std::isupper(c0) || (c0 >= 0xC3 && c0 < 0xE2))) return false;
        if (w.find_first_of("()/[]|") != std::string_view::npos) return false;
        if (!first) return true;
        std::string l = text::to_lower(w);
        if (!l.empty() && l.back() == '.') l.pop_back();
        if (text::is_given_name(l)) return true;
        return !(text::is_title_word(l) || text::is_abbrev_title(l) || text::is_nationality(l) ||
                 text::is_common_word(l) || text::is_stop_word(l) || vocab_.seen_lower(l) ||
                 text::is_month(l) || text::is_weekday(l) || text::is_place(l) ||
                 text::is_org_word(l));
    }

    // Rule B: a single token stands for the most frequent 2-4 word capitalised name in the
    // article ending with it ("Mr. Trump" -> "Donald Trump"); "" when there is none.
    std::string expand_single(const std::string& tok) const {
        std::vector<std::pair<std::string, size_t>> counts;
        std::string_view b(body_);
        for (size_t pos = b.find(tok); pos != std::string_view::npos; pos = b.find(tok, pos + 1)) {
            if (!word_boundary(b, pos, pos + tok.size())) continue;
            // "Joseph R. Biden Jr.": a name ending in a suffix does not end with the token.
            {
                std::string_view rest = b.substr(pos + tok.size(), 6);
                if (rest.rfind(" Jr", 0) == 0 || rest.rfind(", Jr", 0) == 0 ||
                    rest.rfind(" Sr", 0) == 0 || rest.rfind(", Sr", 0) == 0)
                    continue;
            }
            // Up to three capitalised words before it, single-space separated.
            std::vector<std::string_view> words;
            size_t e = pos;
            while (words.size() < 3 && e >= 2 && b[e - 1] == ' ') {
                size_t st = e - 1;
                while (st > 0 && b[st - 1] != ' ' && b[st - 1] != '\n' && b[st - 1] != '(' &&
                       b[st - 1] != '"')
                    --st;
                std::string_view w = b.substr(st, e - 1 - st);
                if (w.empty() || !name_word(w, false) || w.back() == ',' || w.back() == ':' ||
                    (w.back() == '.' && w.size() > 2 &&
                     !text::is_abbrev_title(text::to_lower(w.substr(0, w.size() - 1)))))
                    break;
                if (w.find('\'') != std::string_view::npos ||
                    w.find("\xE2\x80\x99") != std::string_view::npos)
                    break;
                words.push_back(w);
                e = st;
            }
            // Every 2-4 word name ending here counts ("Sen. Ted Cruz": "Ted Cruz"), so a
            // headline's run of capitals never outvotes the name inside it.
            std::string name = tok;
            for (size_t k = 0; k < words.size(); ++k) {
                name = std::string(words[k]) + " " + name;
                if (!name_word(words[k], true)) continue;
                bool found = false;
                for (auto& c : counts)
                    if (c.first == name) ++c.second, found = true;
                if (!found) counts.emplace_back(name, 1);
            }
        }
        const std::pair<std::string, size_t>* best = nullptr;
        bool best_given = false;
        for (const auto& c : counts) {
            std::string first = text::to_lower(c.first.substr(0, c.first.find(' ')));
            bool given = text::is_given_name(first);
            if (!best || c.second > best->second ||
                (c.second == best->second && given && !best_given) ||
                (c.second == best->second && given == best_given &&
                 c.first.size() > best->first.size()))
                best = &c, best_given = given;
        }
        return best ? best->first : "";
    }

    // The most frequent 2-4 word capitalised name ending with an outlet word ("Times" ->
    // "New York Times"); "" when there is none.
    std::string expand_outlet(const std::string& tok) const {
        std::map<std::string, size_t> counts;
        std::string_view b(body_);
        for (size_t pos = b.find(tok); pos != std::string_view::npos; pos = b.find(tok, pos + 1)) {
            if (!word_boundary(b, pos, pos + tok.size())) continue;
            size_t e = pos;
            std::string name = tok;
            for (int k = 0; k < 3 && e >= 2 && b[e - 1] == ' '; ++k) {
                size_t st = e - 1;
                while (st > 0 && b[st - 1] != ' ' && b[st - 1] != '\n') --st;
                std::string_view w = b.substr(st, e - 1 - st);
                if (w.empty() || !std::isupper(static_cast<unsigned char>(w[0])) ||
                    w.find_first_of(".,:;'\"()") != std::string_view::npos || w == "The")
                    break;
                if (w.size() < 2 || text::is_stop_word(text::to_lower(w)) || w == "An") break;
                name = std::string(w) + " " + name;
                ++counts[name];
                e = st;
            }
        }
        std::string best;
        size_t bn = 0;
        for (const auto& [n, c] : counts)
            if (c > bn || (c == bn && n.size() > best.size())) best = n, bn = c;
        return best;
    }

    // Final canonical form: honorifics without a dot dropped, role words before a known person
    // dropped, a single token expanded by rule B.
    std::string canonical_name(std::string name, bool& person) const {
        // A quoted nickname inside a name: Riefian "Ifan" Fajarsyah.
        for (std::string_view q : {"\"", "\xE2\x80\x9C"}) {
            size_t a = name.find(q);
            if (a == std::string::npos || a == 0) continue;
            size_t z = name.find(q == "\"" ? "\"" : "\xE2\x80\x9D", a + q.size());
            if (z == std::string::npos) continue;
            size_t zz = z + (q == "\"" ? 1 : 3);
            while (zz < name.size() && name[zz] == ' ') ++zz;
            name = name.substr(0, a) + name.substr(zz);
        }
        person = people_.is_person(name);
        if (person) return name;
        std::vector<std::string> words;
        for (const Token& t : text::tokenize(name))
            if (t.word) words.emplace_back(t.text);
        if (words.size() >= 2) {
            std::string l = text::to_lower(words[0]);
            if (l == "mr" || l == "mrs" || l == "ms" || l == "dr" || l == "sen" || l == "rep" ||
                l == "gov" || l == "gen" || l == "mr." || l == "mrs." || l == "ms.") {
                size_t sp = name.find(' ');
                name = name.substr(sp + 1);
                words.erase(words.begin());
            }
        }
        if (words.size() >= 3 && !text::is_given_name(text::to_lower(words[0]))) {
            // "Majority Whip John Cornyn": role words before a first name.
            for (size_t k = 1; k + 2 <= words.size(); ++k) {
                if (!text::is_given_name(text::to_lower(words[k]))) continue;
                std::string out;
                for (size_t q = k; q < words.size(); ++q) out += (q > k ? " " : "") + words[q];
                size_t dot = name.find(words[k]);
                if (dot != std::string::npos) out = name.substr(dot);
                person = true;
                return out;
            }
        }
        if (words.size() >= 3) {
            // "Recorder Helen Purcell": a known person at the end.
            for (size_t k = 1; k + 2 <= words.size(); ++k) {
                std::vector<std::string> tail(words.begin() + static_cast<long>(k), words.end());
                std::string c = people_.canonical(tail);
                if (people_.is_person(c)) {
                    person = true;
                    return c;
                }
            }
        }
        bool acronym = true;
        for (char ch : name)
            if (std::islower(static_cast<unsigned char>(ch))) acronym = false;
        if (words.size() == 1 && !acronym && is_outlet_name(name)) {
            // "the Journal" -> "Wall Street Journal" when the article names it in full.
            std::string full = expand_outlet(name);
            if (!full.empty()) return full;
        }
        if (words.size() == 1 && name.find('.') == std::string::npos && !acronym) {
            std::string full = expand_single(name);
            if (!full.empty()) {
                person = true;
                return full;
            }
            std::string c = people_.canonical({name});
            if (c != name) person = true;
            return c;
        }
        return name;
    }

    // A generational suffix written after the full name in the text: "Joseph R. Biden Jr.".
    std::string with_suffix(std::string name) {
        if (name.find(' ') == std::string::npos) return name;
        auto [it, fresh] = suffixed_.try_emplace(name);
        if (!fresh) return it->second;
        it->second = find_suffix(name);
        return it->second;
    }
    std::string find_suffix(const std::string& name) const {
        std::string_view b(body_);
        for (const auto& [at, suf] : suffixes_) {
            // The name ends right before " Jr." or ", Jr.".
            size_t e = at;
            if (e > 0 && b[e - 1] == ',') --e;
            if (e < name.size() || b.compare(e - name.size(), name.size(), name) != 0) continue;
            if (!word_boundary(b, e - name.size(), e)) continue;
            std::string out = name + " " + std::string(suf);
            if (out.back() == '.') out.pop_back();
            return out;
        }
        return name;
    }
    // Generational suffixes in the body: (offset of the space before, suffix).
    static std::vector<std::pair<size_t, std::string_view>> find_suffixes(std::string_view b) {
        std::vector<std::pair<size_t, std::string_view>> out;
        for (size_t pos = b.find(' '); pos != std::string_view::npos; pos = b.find(' ', pos + 1)) {
            if (pos + 3 > b.size()) break;
            char c = b[pos + 1];
            if (c != 'J' && c != 'S' && c != 'I') continue;
            for (std::string_view suf : {"Jr.", "Jr", "Sr.", "Sr", "III", "II", "IV"}) {
                if (b.compare(pos + 1, suf.size(), suf) != 0) continue;
                size_t k = pos + 1 + suf.size();
                if (k < b.size() && std::isalnum(static_cast<unsigned char>(b[k]))) continue;
                out.emplace_back(pos, suf);
                break;
            }
        }
        return out;
    }

    // `weak`: a stance verb or headline; kept only for names no speech cue attributes.
    void add(std::string name, bool claim, std::string_view cue, std::string quote,
             bool weak = false) {
        if (name.empty()) return;
        bool person = false;
        if (!claim) name = canonical_name(std::move(name), person);
        // "Gallup Poll": a named poll stands for its owner, a source.
        bool poll = !claim && name.size() > 5 && name.compare(name.size() - 5, 5, " Poll") == 0;
        if (poll) name.resize(name.size() - 5), person = false;
        if (!claim && !poll) name = with_suffix(std::move(name));
        // An outlet the people list took for a person ("Orlando Sentinel", "Pew Research") is
        // still a source, unless it opens with a first name ("Michael Bloomberg").
        if (person && !claim && name.find(' ') != std::string::npos) {
            std::string first = text::to_lower(name.substr(0, name.find(' ')));
            if (!text::is_given_name(first) && (is_outlet_name(first) || text::is_place(first)))
                person = false;
        }
        std::string kind = claim                                         ? "claimant"
                           : (poll || (!person && is_outlet_name(name))) ? "source"
                                                                         : "speaker";
        if (weak) {
            weak_.push_back({std::move(name), std::move(kind), std::string(cue), std::move(quote)});
            return;
        }
        if (!seen_.insert({name, kind}).second) return;
        out_.push_back({std::move(name), std::move(kind), std::string(cue), std::move(quote)});
    }

    // The quotation nearest the cue, else a dash-introduced statement, else the reported clause.
    std::string quote_for(size_t si, size_t cue_b, size_t cue_e, size_t subj_b,
                          bool prefer_before = false) const {
        const text::Sentence& s = sentences_[si];
        size_t sb = s.offset, se = s.offset + s.text.size();
        const Para& p = paras_[s.paragraph];
        auto spans = quote_spans(body_, p.begin, p.end);
        const std::pair<size_t, size_t>* best = nullptr;
        size_t best_d = SIZE_MAX;
        // Real quotations (3+ words) in the sentence first, then in the paragraph next to it;
        // a scare-quoted word only when nothing else is there.
        auto words = [&](const std::pair<size_t, size_t>& q) {
            size_t n = 0;
            bool in_word = false;
            for (size_t k = q.first; k < q.second; ++k) {
                bool sp = body_[k] == ' ' || body_[k] == '\n';
                if (!sp && !in_word) ++n;
                in_word = !sp;
            }
            return n;
        };
        for (int pass = 0; pass < 2 && !best; ++pass) {
            for (const auto& q : spans) {
                if (q.second - q.first < 2 || words(q) < 3) continue;
                bool in_sentence = q.second > sb && q.first < se;
                if (pass == 0 && !in_sentence) continue;
                // Paragraph pass: a quotation that ends right before the sentence.
                if (pass == 1 && !(q.second <= sb && sb - q.second < 4)) continue;
                size_t d = q.second <= cue_b  ? cue_b - q.second
                           : q.first >= cue_e ? q.first - cue_e
                                              : 0;
                if (d < best_d) best_d = d, best = &q;
            }
        }
        if (best)
            return trim(std::string_view(body_).substr(best->first, best->second - best->first));
        // "- Statement ... - Bortnikov elaborated."
        std::string_view para = std::string_view(body_).substr(p.begin, p.end - p.begin);
        size_t lim = std::min(subj_b, cue_b);
        for (std::string_view dash : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "}) {
            if (lim <= p.begin) break;
            size_t d = std::string_view(body_).substr(p.begin, lim - p.begin).rfind(dash);
            if (d != std::string_view::npos) {
                d += p.begin;
                size_t from =
                    para.size() > 2 && (para[0] == '-' || para.substr(0, 3) == "\xE2\x80\x93" ||
                                        para.substr(0, 3) == "\xE2\x80\x94")
                        ? p.begin
                        : sb;
                return trim(std::string_view(body_).substr(from, d - from));
            }
        }
        auto short_quote = [&]() -> std::string {
            for (const auto& q : spans)
                if (q.second > sb && q.first < se && q.second - q.first >= 2)
                    return trim(std::string_view(body_).substr(q.first, q.second - q.first));
            return "";
        };
        if (prefer_before) {
            // "X, according to Bloomberg." / "The attack was claimed by X.": the clause before.
            std::string before = trim(std::string_view(body_).substr(sb, cue_b - sb));
            if (before.size() > 3) return before;
        }
        std::string_view after = std::string_view(body_).substr(cue_e, se > cue_e ? se - cue_e : 0);
        std::string clause = trim(after);
        if (clause.rfind("that ", 0) == 0) clause = clause.substr(5);
        if (clause.size() > 3) return clause;
        if (std::string q = short_quote(); !q.empty()) return q;
        return trim(std::string_view(body_).substr(sb, std::min(subj_b, cue_b) - sb));
    }

    // Sentence-local view: tokens, name runs and lookups by position.
    struct View {
        const text::Sentence* s = nullptr;
        std::vector<Token> toks;
        std::vector<text::NameRun> runs;
        std::vector<long> run_ending, run_starting;
        std::vector<std::string> low;
    };

    bool is(const View& v, size_t i, std::string_view w) const {
        return i < v.toks.size() && v.low[i] == w;
    }
    size_t abs(const View& v, size_t i) const { return v.s->offset + v.toks[i].offset; }
    bool is_object(const View& v, const text::NameRun& run) const {
        if (run.begin == 0 || !v.toks[run.begin - 1].word) return false;
        size_t b = run.begin - 1;
        if ((v.low[b] == "the" || v.low[b] == "a") && b > 0) --b;
        if (!v.toks[b].word || !is_preposition(v.low[b])) return false;
        // "Secretary of State John Kerry said", "Chief of Staff Katie Walsh said": a title
        // phrase, not a preposition's object, when a person follows the title.
        if (v.low[b] == "of" && b >= 1 && v.toks[b - 1].cap && !run.person.empty() &&
            run.person.size() < run.words.size() && text::is_title_word(v.low[b - 1]))
            return false;
        // "Sources at Bloomberg said": the outlet behind the sources.
        if (b >= 1 && (v.low[b - 1] == "sources" || v.low[b - 1] == "source") &&
            (v.low[b] == "at" || v.low[b] == "in" || v.low[b] == "from" || v.low[b] == "within"))
            return false;
        return true;
    }

    // The name a run stands for, extended over "of"/"on"/"for" + capitalised words for
    // organisations ("National Institute on Drug Abuse") and "/" joins ("CNN/ORC").
    std::string org_extended(const View& v, long r) const {
        const text::NameRun& run = v.runs[static_cast<size_t>(r)];
        std::string name = run_name(run);
        if (name.empty()) return name;
        size_t e = run.end;
        while (e + 1 < v.toks.size()) {
            std::string_view t = v.toks[e].text;
            size_t n = e + 1;
            if (t == "/" && v.run_starting[n] >= 0) {
                std::string more = run_name(v.runs[static_cast<size_t>(v.run_starting[n])]);
                if (more.empty()) break;
                name += '/';
                name += more;
                e = v.runs[static_cast<size_t>(v.run_starting[n])].end;
                continue;
            }
            if ((v.low[e] == "of" || v.low[e] == "on" || v.low[e] == "for") && !run.words.empty() &&
                text::is_org_word(text::to_lower(run.words.back()))) {
                if (is(v, n, "the")) ++n;
                if (n < v.toks.size() && v.run_starting[n] >= 0 && !text::is_weekday(v.low[n]) &&
                    !text::is_month(v.low[n])) {
                    const text::NameRun& r2 = v.runs[static_cast<size_t>(v.run_starting[n])];
                    name += " " + std::string(v.toks[e].text) + " " + text::join(r2.words);
                    e = r2.end;
                    continue;
                }
            }
            break;
        }
        return name;
    }

    // The first name run within a few words after i ("according to the latest Gallup poll",
    // "according to numbers from Statistics Canada"): -1 when a clause boundary comes first.
    // With `strict_obj`, a name that is the object of another preposition ("a poll of Iowa
    // voters", "an interview with Fox") or modifies a document noun ("FEC filings") is not.
    long run_near_after(const View& v, size_t i, size_t max_words = 6,
                        bool strict_obj = false) const {
        for (size_t k = i; k < v.toks.size() && k < i + max_words; ++k) {
            if (v.run_starting[k] >= 0) {
                if (!strict_obj) return v.run_starting[k];
                size_t e = v.runs[static_cast<size_t>(v.run_starting[k])].end;
                if (e < v.toks.size() && v.toks[e].word && !v.toks[e].cap &&
                    !v.toks[e].possessive && is_document_noun(v.low[e]))
                    return -1;
                return v.run_starting[k];
            }
            if (!v.toks[k].word || v.toks[k].cap) return -1;
            if (text::is_speech_verb(v.low[k]) || v.low[k] == "that" || v.low[k] == "which")
                return -1;
            if (strict_obj && k > i && is_preposition(v.low[k]) && v.low[k] != "by" &&
                v.low[k] != "from")
                return -1;
        }
        return -1;
    }

    // Capitalised ordinary or plural nouns opening a sentence ("Protestors said", "MPs say").
    bool place_or_generic(const text::NameRun& run) const {
        if (run.words.empty()) return true;
        if (run.words.size() == 1 && run.initial) {
            const std::string& w = run.words[0];
            std::string l = text::to_lower(w);
            if (people_.is_person(w) || is_outlet_name(w) || text::is_given_name(l) ||
                text::is_place(l) || people_.canonical({w}) != w)
                return false;
            if (vocab_.seen_lower(l)) return true;
            if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's' &&
                std::islower(static_cast<unsigned char>(w[w.size() - 2])))
                return true;
        }
        return false;
    }

    // A subject name for run r, or "" (objects, roles standing for the last person named).
    std::string subject_name(const View& v, long r) const {
        const text::NameRun& run = v.runs[static_cast<size_t>(r)];
        if (is_object(v, run)) return "";
        if (run.person.empty() && is_party_member(run)) return "";
        // "Charlotte, N.C., said": a state after a comma is part of a place.
        if (run.words.size() == 1 && run.begin > 0 && v.toks[run.begin - 1].text == "," &&
            is_dotted_abbrev(run.words[0]))
            return "";
        for (const auto& w : run.words)
            if (is_contraction(w)) return "";
        if (place_or_generic(run)) return "";
        if (run.person.empty() && !run.words.empty() &&
            text::is_title_word(text::to_lower(run.words.back())) && run.begin > 0 &&
            v.low[run.begin - 1] == "the") {
            // "the Ukrainian President declared": the last person mentioned.
            const std::string* p = people_.last_before(abs(v, run.begin));
            return p ? *p : "";
        }
        return org_extended(v, r);
    }

    // The start of the comma-delimited segment ending just before token `comma` (exclusive):
    // the index after the previous comma/quote/start, or -1 when it is too long.
    long segment_start(const View& v, long comma, long max_len = 24) const {
        long k = comma - 1;
        while (k >= 0 && comma - k <= max_len && v.toks[k].text != "," && !v.toks[k].quote &&
               v.toks[k].text != ";" && v.toks[k].text != "(" && v.toks[k].text != ":")
            --k;
        if (k >= 0 && comma - k > max_len) return -1;
        return k + 1;
    }

    // Subjects before token j (inclusive end), with compound subjects: "X and Y", "X, Y and Z",
    // "X, Secretary of ..., and FSB Director Y".
    void subjects_ending(const View& v, long j,
                         std::vector<std::pair<std::string, size_t>>& out) const {
        if (j < 0 || v.run_ending[j] < 0) return;
        long r = v.run_ending[j];
        const text::NameRun& run = v.runs[static_cast<size_t>(r)];
        if (is_party_tag(run)) {
            // "Jason Chaffetz, R-Utah, said": skip the tag.
            long b = static_cast<long>(run.begin) - 1;
            if (b >= 1 && v.toks[b].text == ",") subjects_ending(v, b - 1, out);
            return;
        }
        std::string name = subject_name(v, r);
        if (name.empty() && run.begin >= 2 && v.run_ending[run.begin - 2] >= 0 &&
            (v.low[run.begin - 1] == "of" || v.low[run.begin - 1] == "from" ||
             v.low[run.begin - 1] == "at")) {
            // "John Smith of the Brookings Institution said": the person before "of".
            const text::NameRun& r0 = v.runs[static_cast<size_t>(v.run_ending[run.begin - 2])];
            if (!r0.person.empty()) {
                name = subject_name(v, v.run_ending[run.begin - 2]);
                if (!name.empty()) out.emplace_back(name, abs(v, r0.begin));
            }
            return;
        }
        if (name.empty() && run.begin >= 2 &&
            (v.low[run.begin - 1] == "for" || v.low[run.begin - 1] == "to") &&
            is_role_noun(v.low[run.begin - 2])) {
            // "A spokeswoman for Smith said": the principal speaks through the role.
            for (const auto& w : run.words)
                if (is_contraction(w)) return;
            if (place_or_generic(run)) return;
            name = org_extended(v, r);
            if (!name.empty()) out.emplace_back(name, abs(v, run.begin));
            return;
        }
        if (name.empty()) return;
        out.emplace_back(name, abs(v, run.begin));
        // Compounds: a conjunction (or list comma) before the run.
        long b = static_cast<long>(run.begin) - 1;
        for (int guard = 0; guard < 4 && b >= 1; ++guard) {
            bool conj = v.low[b] == "and";
            if (!conj && v.toks[b].text != ",") break;
            long p = b - 1;
            if (conj && v.toks[p].text == ",") --p;  // Oxford comma
            if (p < 0) break;
            if (v.run_ending[p] < 0 && v.toks[p].word && conj && p + 1 < b) break;
            if (v.run_ending[p] < 0 && !v.toks[p].word && v.toks[p].text == ",") break;
            bool aside = false;
            if (conj && v.toks[p + 1].text == ",") {
                // Is the segment before the comma an apposition to a person before it?
                long seg = segment_start(v, p + 1, 14);
                if (seg >= 2 && v.toks[seg - 1].text == "," && v.run_ending[seg - 2] >= 0 &&
                    !v.runs[v.run_ending[seg - 2]].person.empty() &&
                    (!v.toks[seg].cap || v.run_starting[seg] < 0 ||
                     v.runs[v.run_starting[seg]].person.empty()))
                    aside = true;
            }
            if (v.run_ending[p] < 0 || aside) {
                // "X, Secretary of the Council, and Y": skip an apposition to the name before it.
                if (!conj || v.toks[p + 1].text != ",") break;
                long seg = segment_start(v, p + 1, 14);
                if (seg < 2 || v.toks[seg - 1].text != "," || v.run_ending[seg - 2] < 0) break;
                p = seg - 2;
            }
            const text::NameRun& r2 = v.runs[static_cast<size_t>(v.run_ending[p])];
            if (r2.person.empty() && run.person.empty() && !conj) break;
            std::string n2 = subject_name(v, v.run_ending[p]);
            if (n2.empty()) break;
            // "Kim and Clark Moran": a bare first name shares the surname that follows.
            if (conj && r2.words.size() == 1 && run.person.size() >= 2 && r2.person.size() == 1 &&
                text::is_given_name(text::to_lower(r2.words[0])))
                n2 = people_.canonical({r2.words[0], run.person.back()});
            out.emplace_back(n2, abs(v, r2.begin));
            if (!conj && v.toks[b].text == ",") {
                // Only a list ending in "and X" is a compound: "In Paris, Smith said" is not.
                bool has_and = false;
                for (size_t q = run.begin; q-- > 0 && q + 6 > run.begin;)
                    if (v.low[q] == "and") has_and = true;
                if (!has_and) {
                    out.pop_back();
                    break;
                }
            }
            b = static_cast<long>(r2.begin) - 1;
        }
    }

    // "A Wisconsin Republican", "Iowa Democrats": a party member described by place, no name.
    static bool is_party_member(const text::NameRun& run) {
        if (run.words.size() < 2) return false;
        std::string l = text::to_lower(run.words.back());
        if (l != "republican" && l != "democrat" && l != "republicans" && l != "democrats")
            return false;
        for (size_t k = 0; k + 1 < run.words.size(); ++k) {
            std::string w = text::to_lower(run.words[k]);
            if (!text::is_place(w) && !text::is_nationality(w) && w != "new" && w != "south" &&
                w != "north" && w != "west" && w != "hampshire" && w != "carolina" &&
                w != "dakota" && w != "jersey" && w != "mexico" && w != "york" && w != "virginia")
                return false;
        }
        return true;
    }
    static bool is_dotted_abbrev(std::string_view w) {
        if (w.size() < 3 || w.size() > 5) return false;
        for (size_t k = 0; k < w.size(); ++k)
            if (k % 2 ? w[k] != '.' : !std::isupper(static_cast<unsigned char>(w[k]))) return false;
        return true;
    }

    // "R-Utah", "D-Calif.": a party and state tag after a politician's name.
    static bool is_party_tag(const text::NameRun& run) {
        if (run.words.size() != 1) return false;
        const std::string& w = run.words[0];
        return w.size() >= 3 && (w[0] == 'R' || w[0] == 'D' || w[0] == 'I') && w[1] == '-';
    }

    // Begin of the sentence's paragraph (back = 0) or of the one before it (back = 1).
    size_t para_begin(const View& v, size_t back) const {
        size_t p = v.s->paragraph;
        if (back > p) return 0;
        return paras_[p - back].begin;
    }
    static constexpr bool kPronouns = true;
    static constexpr size_t kPronounWindow = 600;
    // Subjects before a cue verb at i.
    std::vector<std::pair<std::string, size_t>> subjects_before(const View& v, size_t i) const {
        std::vector<std::pair<std::string, size_t>> out;
        long j = static_cast<long>(i) - 1;
        while (j >= 0 && v.toks[j].word && !v.toks[j].cap && is_skippable(v.low[j])) --j;
        // "Sen. Jane Doe (D-Md.) said", "Doe (pictured) also said": past a parenthetical aside.
        if (j >= 2 && v.toks[j].text == ")") {
            long k = j - 1;
            while (k > 0 && j - k <= 8 && v.toks[k].text != "(" && v.toks[k].text != ")") --k;
            if (v.toks[k].text == "(" && k >= 1) {
                j = k - 1;
                while (j >= 0 && v.toks[j].word && !v.toks[j].cap && is_skippable(v.low[j])) --j;
            }
        }
        // "X on Monday said".
        if (j >= 1 && v.toks[j].cap && text::is_weekday(v.low[j]) && v.low[j - 1] == "on") j -= 2;
        if (j < 0) return out;
        // Passives ("Smith was asked", "Jones is accused of") have no speaker subject.
        for (long k = j + 1; k < static_cast<long>(i); ++k)
            if (v.low[k] == "was" || v.low[k] == "were" || v.low[k] == "been" ||
                v.low[k] == "being" || v.low[k] == "is" || v.low[k] == "are")
                return out;
        if ((is(v, i + 1, "of") || is(v, i + 1, "with") || is(v, i + 1, "for")) &&
            (v.low[i] == "accused" || v.low[i] == "charged" || v.low[i] == "criticized" ||
             v.low[i] == "criticised" || v.low[i] == "praised" || v.low[i] == "blamed"))
            return out;
        // "Smith, who has long argued ...": the name before the relative pronoun.
        if (v.toks[j].word && v.low[j] == "who" && j >= 1) {
            long p = j - 1;
            if (v.toks[p].text == "," && p >= 1) --p;
            subjects_ending(v, p, out);
            return out;
        }
        if (v.toks[j].word && text::is_pronoun_subject(v.low[j]) && kPronouns) {
            if (const std::string* p = people_.pronoun_referent(abs(v, j), para_begin(v, 0),
                                                                para_begin(v, 1), kPronounWindow))
                out.emplace_back(*p, abs(v, j));
            return out;
        }
        if (v.toks[j].word && (v.low[j] == "source" || v.low[j] == "sources") && j >= 1 &&
            v.run_ending[j - 1] >= 0) {
            std::string n = run_name(v.runs[v.run_ending[j - 1]]);
            if (!n.empty()) out.emplace_back(n, abs(v, v.runs[v.run_ending[j - 1]].begin));
            return out;
        }
        if (v.toks[j].text == "," && j >= 1) {
            long seg = segment_start(v, j);
            if (seg < 0) return out;
            long first = seg;
            if (first < j && v.low[first] == "and") ++first;
            long re = v.run_ending[j - 1];
            if (re >= 0 && static_cast<long>(v.runs[re].begin) <= first + 1 &&
                static_cast<long>(v.runs[re].begin) >= first &&
                (seg == 0 || v.toks[seg - 1].text == ",") && !v.runs[re].person.empty()) {
                // ", Montana Sen. Jon Tester, said" / ", and FSB Director Y, highlighted".
                subjects_ending(v, j - 1, out);
                if (!out.empty() || seg == 0) return out;
            }
            // "X, a spokesman for Y, said" / "X, who ..., said": the name before the aside.
            for (int hop = 0; hop < 2 && seg >= 2 && v.toks[seg - 1].text == ","; ++hop) {
                if (v.run_ending[seg - 2] >= 0) {
                    subjects_ending(v, seg - 2, out);
                    return out;
                }
                seg = segment_start(v, seg - 1, 16);
                if (seg < 0) break;
            }
            return out;
        }
        subjects_ending(v, j, out);
        return out;
    }

    // Subject after the cue verb, in inversions: "...," said oil worker Mike Wipf.
    std::string subject_after(const View& v, size_t i, size_t& subj_b) const {
        size_t k = i + 1;
        if (k >= v.toks.size()) return "";
        if (v.toks[k].word && text::is_pronoun_subject(v.low[k]) && kPronouns) {
            const std::string* p = people_.pronoun_referent(abs(v, k), para_begin(v, 0),
                                                            para_begin(v, 1), kPronounWindow);
            return p ? *p : "";
        }
        long first_person = -1, first_any = -1, adjacent = -1;
        for (size_t m = k; m < v.toks.size() && m < k + 14; ++m) {
            const Token& t = v.toks[m];
            if (t.text == "(") {
                // "said Sen. Jane Doe (D-Md.)": a parenthetical aside names no one.
                size_t z = m + 1;
                while (z < v.toks.size() && z < m + 9 && v.toks[z].text != ")") ++z;
                if (z < v.toks.size() && v.toks[z].text == ")") {
                    m = z;
                    continue;
                }
                break;
            }
            if (t.quote || t.text == "." || t.text == ";" || t.text == "?" || t.text == "!" ||
                t.text == ":")
                break;
            if (t.text == ",") {
                // "says Campbell's partner, Jason Louth": past a possessive description only.
                bool possessive_desc =
                    m >= 2 && v.toks[m - 1].word && !v.toks[m - 1].cap && v.toks[m - 2].possessive;
                if (!possessive_desc && (first_person >= 0 || first_any >= 0 || m > k + 5)) break;
                if (possessive_desc) first_person = first_any = adjacent = -1;  // the possessor
                continue;
            }
            if (t.word && !t.cap &&
                (v.low[m] == "that" || v.low[m] == "who" || is_cue_verb(v.low[m]) ||
                 v.low[m] == "in" || v.low[m] == "on" || v.low[m] == "at"))
                break;
            long r = v.run_starting[m];
            if (r < 0) continue;
            const text::NameRun& run = v.runs[r];
            m = run.end - 1;
            if (is_object(v, run) || run_name(run).empty()) continue;
            if (!run.person.empty() && first_person < 0) first_person = r;
            if (first_any < 0) first_any = r;
            size_t nx = run.end;
            if (nx >= v.toks.size() || !v.toks[nx].word) adjacent = r;
        }
        long pick = adjacent >= 0 && !v.runs[adjacent].person.empty() ? adjacent
                    : first_person >= 0                               ? first_person
                                                                      : first_any;
        if (pick < 0) return "";
        subj_b = abs(v, v.runs[pick].begin);
        return subject_name(v, pick);
    }

    // "Jane Smith: We will win." / "Smith and Jones: “...”": a person's name opening a
    // sentence, then a colon and a capitalised statement or a quotation.
    void colon_speaker(const View& v, size_t si, size_t i) {
        long r = v.run_ending[i - 1];
        if (r < 0) return;
        const text::NameRun& run = v.runs[static_cast<size_t>(r)];
        if (run.person.empty() || !(v.toks[i + 1].quote || v.toks[i + 1].cap)) return;
        for (size_t k = 0; k < run.begin; ++k)
            if (v.toks[k].word && !is_colon_list(v, k)) return;
        std::vector<std::pair<std::string, size_t>> subj;
        subjects_ending(v, static_cast<long>(i) - 1, subj);
        size_t cue_b = abs(v, i);
        for (auto& [name, subj_b] : subj) {
            // Transcripts: "RAMOS:" is the Ramos of the article.
            std::string n = name;
            if (n.find(' ') == std::string::npos && text::to_lower(n) != n) {
                bool upper = true;
                for (char ch : n) upper &= !std::islower(static_cast<unsigned char>(ch));
                if (upper && n.size() > 2 && static_cast<unsigned char>(n[0]) < 0x80)
                    for (size_t k = 1; k < n.size(); ++k)
                        n[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(n[k])));
            }
            bool person = false;
            std::string c = canonical_name(n, person);
            if (!person) continue;
            add(c, false, ":", quote_for(si, cue_b, cue_b + 1, subj_b));
        }
    }
    bool is_colon_list(const View& v, size_t k) const {
        // Names joined by "and" before the colon are part of the compound subject.
        return v.low[k] == "and" || v.run_starting[k] >= 0 ||
               (k > 0 && v.toks[k].cap && v.toks[k - 1].cap);
    }

    // "Smith plans to run", "Jones believes that ...": a known person's intent or belief.
    void intent(const View& v, size_t si, size_t i) {
        if (i == 0 || !is_intent_verb(v.low[i])) return;
        auto subj = subjects_before(v, i);
        size_t cue_b = abs(v, i), cue_e = v.s->offset + v.toks[i].end;
        for (auto& [name, subj_b] : subj) {
            if (!people_.is_person(name)) continue;
            add(name, false, v.toks[i].text, quote_for(si, cue_b, cue_e, subj_b), true);
        }
    }

    void sentence(size_t si) {
        const text::Sentence& s = sentences_[si];
        View v;
        v.s = &s;
        v.toks = text::tokenize(s.text);
        const auto& toks = v.toks;
        // Cheap skip: no lower-case cue word, no attribution.
        bool any = false;
        for (size_t i = 0; i < toks.size() && !any; ++i) {
            if (!toks[i].word) continue;
            std::string_view w = toks[i].text;
            if (toks[i].cap) {
                any = w == "According";
                continue;
            }
            any = w == "according" || w == "poll" || is_cue_verb(w) ||
                  (i + 1 < toks.size() &&
                   (toks[i + 1].text == "to" || toks[i + 1].text == "that") && is_intent_verb(w));
        }
        for (size_t i = 1; i < toks.size() && i < 10 && !any; ++i) any = toks[i].text == ":";
        if (!any) return;
        v.low.resize(toks.size());
        for (size_t i = 0; i < toks.size(); ++i)
            if (toks[i].word) v.low[i] = text::to_lower(toks[i].text);
        v.runs = text::name_runs(toks, vocab_);
        v.run_ending.assign(toks.size() + 1, -1);
        v.run_starting.assign(toks.size() + 1, -1);
        for (size_t r = 0; r < v.runs.size(); ++r) {
            size_t last = v.runs[r].end - 1;
            if (toks[last].text == "." && last > v.runs[r].begin) --last;
            v.run_ending[last] = static_cast<long>(r);
            v.run_starting[v.runs[r].begin] = static_cast<long>(r);
        }
        for (size_t i = 0; i < toks.size(); ++i) {
            if (toks[i].text == ":" && i > 0 && i + 1 < toks.size()) colon_speaker(v, si, i);
            if (!toks[i].word) continue;
            const std::string& w = v.low[i];
            if (toks[i].cap && !(w == "according" && (i == 0 || !toks[i - 1].word))) continue;
            size_t cue_b = abs(v, i), cue_e = s.offset + toks[i].end;
            if (w == "according" && is(v, i + 1, "to")) {
                long r = run_near_after(v, i + 2, 6, true);
                if (r >= 0) {
                    std::string name = org_extended(v, r);
                    add(name, false, "according to",
                        quote_for(si, cue_b, s.offset + toks[i + 1].end, cue_b, true));
                }
                continue;
            }
            if (w == "poll" && i > 0 && v.run_ending[i - 1] >= 0) {
                // "a Quinnipiac University poll": its owner is the source.
                long r = v.run_ending[i - 1];
                size_t b = v.runs[r].begin;
                if (b >= 2 && toks[b - 1].text == "/" && v.run_ending[b - 2] >= 0)
                    r = v.run_ending[b - 2];
                std::string name = org_extended(v, r);
                if (!name.empty() && !people_.is_person(name) && is_outlet_name(name))
                    add(name, false, toks[i].text, quote_for(si, cue_b, cue_e, cue_b));
                continue;
            }
            if ((is_claim_verb(w) || w == "reported") && is(v, i + 1, "by")) {
                long r = run_near_after(v, i + 2, 3);
                if (r >= 0)
                    add(org_extended(v, r), is_claim_verb(w), toks[i].text,
                        is_claim_verb(w) ? trim(s.text) : quote_for(si, cue_b, cue_e, cue_b, true));
                continue;
            }
            if (!is_cue_verb(w)) {
                if (is(v, i + 1, "to") || is(v, i + 1, "that")) intent(v, si, i);
                continue;
            }
            if (w == "estimates" || w == "estimated") continue;
            if ((w == "points" || w == "pointed") && !is(v, i + 1, "out")) continue;
            if ((w == "called" || w == "calls") && i + 1 < toks.size() &&
                (v.low[i + 1] == "off" || v.low[i + 1] == "up" || v.low[i + 1] == "in"))
                continue;
            if ((w == "called" || w == "calls") && i > 0 && !toks[i - 1].word) continue;
            if (w == "replied" || w == "responded" || w == "answered" || w == "countered") {
                // "San Jose replied 17 seconds later": a score, not speech, unless quoted.
                bool quoted = false, later = false;
                for (const auto& t : toks) quoted |= t.quote;
                for (size_t k = i + 1; k < toks.size() && k < i + 7; ++k)
                    later |= v.low[k] == "later" || v.low[k] == "seconds" || v.low[k] == "minutes";
                if (later && !quoted) continue;
            }
            bool claim = is_claim_verb(w) && is(v, i + 1, "responsibility");
            std::string cue(toks[i].text);
            if (w == "points" || w == "pointed") cue += " out", cue_e = s.offset + toks[i + 1].end;

            auto subj = subjects_before(v, i);
            if (subj.empty()) {
                bool inverted = i == 0 || !toks[i - 1].word;
                size_t subj_b = cue_b;
                std::string name;
                if (inverted && is_claim_verb(w)) inverted = false;
                if (inverted && text::is_speech_verb(w)) name = subject_after(v, i, subj_b);
                if (name.empty() && i + 1 < toks.size()) {
                    // "say sources at Bloomberg".
                    size_t k = i + 1, m = k;
                    while (m < toks.size() && m < k + 4 && toks[m].word && !toks[m].cap &&
                           v.low[m] != "sources" && v.low[m] != "source")
                        ++m;
                    if (m + 2 < toks.size() && (v.low[m] == "sources" || v.low[m] == "source")) {
                        std::string prep = v.low[m + 1];
                        size_t n = m + 2;
                        if (prep == "close" && is(v, n, "to")) ++n;
                        if (prep == "at" || prep == "in" || prep == "from" || prep == "within" ||
                            prep == "close") {
                            long r = run_near_after(v, n, 2);
                            if (r >= 0) name = run_name(v.runs[r]);
                        }
                    }
                }
                if (!name.empty()) subj.emplace_back(name, subj_b);
            }
            bool weak = is_stance_verb(w);
            for (auto& [name, subj_b] : subj)
                add(name, claim, cue, quote_for(si, cue_b, cue_e, subj_b), weak);
        }
    }
};

}  // namespace

std::vector<Attribution> extract_attributions(const Article& article,
                                              const std::vector<std::string>& people) {
    return Extractor(article, people).run();
}

}  // namespace kronika
