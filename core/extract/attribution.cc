// Attribution extraction: speech-verb subjects, "according to" sources and claims of
// responsibility, each with its cue word and the nearest quotation or reported clause.
#include "extract/attribution.h"

#include <algorithm>
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
        "from", "of", "in", "at", "to", "by", "with", "for", "on", "about", "against", "than",
        "like", "into", "over", "under", "between", "among", "towards", "toward", "per", "as",
        "versus", "vs", "via", "during", "after", "before", "behind", "through", "told", "asked"};
    return kPreps.count(w) > 0;
}

// Adverbs and auxiliaries between a subject and its verb: "Bortnikov also said", "he has said".
bool is_skippable(std::string_view w) {
    static const std::unordered_set<std::string_view> kSkip = {
        "also", "further", "then", "later", "previously", "has", "have", "had", "was", "is",
        "would", "will", "reportedly", "once", "again", "repeatedly", "still", "later", "earlier",
        "recently", "already", "just", "first", "publicly", "privately", "initially", "had",
        "may", "might", "could", "did", "does", "do", "never", "not", "yet", "even", "often",
        "frequently", "quickly", "simply", "openly", "flatly", "ultimately", "subsequently"};
    return kSkip.count(w) > 0 || (w.size() > 4 && w.substr(w.size() - 2) == "ly");
}

bool is_claim_verb(std::string_view w) { return w == "claimed" || w == "claims" || w == "claim"; }

// Speech, claim and stance verbs beyond the shared list: reported speech and positions taken.
bool is_extra_verb(std::string_view w) {
    static const std::unordered_set<std::string_view> kVerbs = {
        "highlighted", "highlights", "reports", "report", "tweet", "posted", "accused", "accuses",
        "proclaimed", "proclaims", "echoed", "echoes", "pledged", "pledges", "criticized",
        "criticised", "criticizes", "blamed", "blames", "praised", "praises", "stated",
        "announce", "argue", "insist", "warn", "write", "explain", "acknowledge", "deny",
        "insisted", "signaled", "signalled", "contended", "questioned", "objected", "lamented",
        "conceded", "counters", "retorted", "wondered", "demanded", "demands", "slammed",
        "slams", "blasted", "blasts", "attacked", "touted", "touts", "hinted", "cited",
        "believes", "thinks", "proposed", "proposes", "endorsed", "endorses", "calls", "called"};
    return kVerbs.count(w) > 0;
}

bool is_cue_verb(std::string_view w) { return text::is_speech_verb(w) || is_extra_verb(w); }

// Outlet, agency and poll words: an attribution whose name has one is a `source`.
bool is_outlet_word(std::string_view w) {
    static const std::unordered_set<std::string_view> kWords = {
        "times", "post", "journal", "news", "reuters", "ap", "cnn", "fox", "nbc", "abc", "cbs",
        "msnbc", "cnbc", "npr", "pbs", "bbc", "afp", "politico", "bloomberg", "poll", "gallup",
        "quinnipiac", "pew", "ipsos", "yougov", "marist", "monmouth", "rasmussen",
        "surveymonkey", "realclearpolitics", "breitbart", "buzzfeed", "huffpost", "huffington",
        "daily", "tribune", "herald", "gazette", "magazine", "guardian", "telegraph",
        "economist", "axios", "politifact", "wikileaks", "drudge", "univision", "telemundo",
        "espn", "yahoo", "report", "sentinel", "inquirer", "examiner", "observer", "chronicle",
        "dispatch", "review"};
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

    // The canonical name for a run's words: a person's full name when it matches, else as written.
    std::string canonical(const std::vector<std::string>& words) const {
        std::vector<std::string> lw;
        for (const auto& w : words) lw.push_back(text::to_lower(w));
        for (size_t p = 0; p < names.size(); ++p) {
            const auto& pw = lower_words[p];
            if (pw == lw) return names[p];
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
        auto it = std::lower_bound(mentions.begin(), mentions.end(),
                                   std::make_pair(offset, size_t{0}));
        if (it == mentions.begin()) return nullptr;
        return &names[std::prev(it)->second];
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
        for (const auto& f : search) {
            for (size_t pos = body.find(f); pos != std::string_view::npos;
                 pos = body.find(f, pos + 1)) {
                if (word_boundary(body, pos, pos + f.size())) idx.mentions.emplace_back(pos, p);
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
        : body_(a.body), people_(index_people(people, a.body)),
          vocab_(text::build_vocabulary(a.body)) {}

    std::vector<Attribution> run() {
        sentences_ = text::split_sentences(body_);
        for (const auto& s : sentences_) {
            if (paras_.size() <= s.paragraph) paras_.resize(s.paragraph + 1, {s.offset, s.offset});
            paras_[s.paragraph].end = s.offset + s.text.size();
        }
        for (size_t si = 0; si < sentences_.size(); ++si) sentence(si);
        return std::move(out_);
    }

private:
    const std::string& body_;
    PersonIndex people_;
    text::Vocabulary vocab_;
    std::vector<text::Sentence> sentences_;
    std::vector<Para> paras_;
    std::vector<Attribution> out_;
    std::set<std::pair<std::string, std::string>> seen_;

    // The name a run stands for: its person part, else (organisations) its words.
    std::string run_name(const text::NameRun& run) const {
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

    void add(std::string name, bool claim, std::string_view cue, std::string quote) {
        if (name.empty()) return;
        std::string kind = claim ? "claimant"
                           : (!people_.is_person(name) && text::is_outlet(name)) ? "source"
                                                                                  : "speaker";
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
        for (const auto& q : spans) {
            if (q.second - q.first < 2) continue;
            bool in_sentence = q.second > sb && q.first < se;
            size_t d = q.second <= cue_b ? cue_b - q.second : q.first >= cue_e ? q.first - cue_e : 0;
            if (!in_sentence) continue;
            if (d < best_d) best_d = d, best = &q;
        }
        if (best) return trim(std::string_view(body_).substr(best->first, best->second - best->first));
        // "- Statement ... - Bortnikov elaborated."
        std::string_view para = std::string_view(body_).substr(p.begin, p.end - p.begin);
        size_t lim = std::min(subj_b, cue_b);
        for (std::string_view dash : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "}) {
            if (lim <= p.begin) break;
            size_t d = std::string_view(body_).substr(p.begin, lim - p.begin).rfind(dash);
            if (d != std::string_view::npos) {
                d += p.begin;
                size_t from = para.size() > 2 && (para[0] == '-' || para.substr(0, 3) == "\xE2\x80\x93" ||
                                                  para.substr(0, 3) == "\xE2\x80\x94")
                                  ? p.begin
                                  : sb;
                return trim(std::string_view(body_).substr(from, d - from));
            }
        }
        if (prefer_before) {
            // "X, according to Bloomberg." / "The attack was claimed by X.": the clause before.
            std::string before = trim(std::string_view(body_).substr(sb, cue_b - sb));
            if (before.size() > 3) return before;
        }
        std::string_view after = std::string_view(body_).substr(cue_e, se > cue_e ? se - cue_e : 0);
        std::string clause = trim(after);
        if (clause.rfind("that ", 0) == 0) clause = clause.substr(5);
        if (clause.size() > 3) return clause;
        return trim(std::string_view(body_).substr(sb, std::min(subj_b, cue_b) - sb));
    }

    void sentence(size_t si) {
        const text::Sentence& s = sentences_[si];
        std::vector<Token> toks = text::tokenize(s.text);
        std::vector<text::NameRun> runs = text::name_runs(toks, vocab_);
        std::vector<long> run_ending(toks.size() + 1, -1), run_starting(toks.size() + 1, -1);
        for (size_t r = 0; r < runs.size(); ++r) {
            size_t last = runs[r].end - 1;
            if (toks[last].text == "." && last > runs[r].begin) --last;
            run_ending[last] = static_cast<long>(r);
            run_starting[runs[r].begin] = static_cast<long>(r);
        }
        auto lower = [&](size_t i) { return text::to_lower(toks[i].text); };
        auto abs = [&](size_t i) { return s.offset + toks[i].offset; };
        // The run starting at i after "the", "so-called", honorifics.
        auto run_after = [&](size_t i) -> long {
            while (i < toks.size() && toks[i].word && !toks[i].cap) {
                std::string l = lower(i);
                if (l != "the" && l != "so-called" && l != "a" && l != "an") break;
                ++i;
            }
            return i < toks.size() ? run_starting[i] : -1;
        };
        for (size_t i = 0; i < toks.size(); ++i) {
            if (!toks[i].word || toks[i].cap) continue;
            std::string w = lower(i);
            size_t cue_b = abs(i), cue_e = s.offset + toks[i].end;
            if (w == "according" && i + 1 < toks.size() && lower(i + 1) == "to") {
                long r = run_after(i + 2);
                if (r >= 0) {
                    std::string name = run_name(runs[r]);
                    add(name, false, "according to", quote_for(si, cue_b, s.offset + toks[i + 1].end, cue_b, true));
                }
                continue;
            }
            if (is_claim_verb(w) && i + 1 < toks.size() && lower(i + 1) == "by") {
                long r = run_after(i + 2);
                if (r >= 0) add(run_name(runs[r]), true, toks[i].text, trim(s.text));
                continue;
            }
            if (!text::is_speech_verb(w)) continue;
            if ((w == "points" || w == "pointed") && !(i + 1 < toks.size() && lower(i + 1) == "out"))
                continue;
            bool claim = is_claim_verb(w) && i + 1 < toks.size() && lower(i + 1) == "responsibility";
            std::string cue(toks[i].text);
            if (w == "points" || w == "pointed") cue += " out", cue_e = s.offset + toks[i + 1].end;

            // Subject before the verb.
            long j = static_cast<long>(i) - 1;
            while (j >= 0 && toks[j].word && !toks[j].cap && is_skippable(lower(j))) --j;
            if (j >= 1 && toks[j].text == ",") {
                // Apposition or aside: "Bortnikov, in particular, alleges".
                long k = j - 1;
                while (k >= 0 && j - k < 14 && toks[k].text != "," && !toks[k].quote) --k;
                if (k >= 1 && toks[k].text == "," && toks[k - 1].word && toks[k - 1].cap) j = k - 1;
            }
            std::string name;
            size_t subj_b = cue_b;
            if (j >= 0 && toks[j].word) {
                std::string l = lower(j);
                if (text::is_pronoun_subject(l)) {
                    if (const std::string* p = people_.last_before(abs(j))) name = *p;
                    subj_b = abs(j);
                } else if ((l == "source" || l == "sources") && j >= 1 && run_ending[j - 1] >= 0) {
                    name = run_name(runs[run_ending[j - 1]]);
                    subj_b = abs(runs[run_ending[j - 1]].begin);
                } else if (run_ending[j] >= 0) {
                    const text::NameRun& run = runs[run_ending[j]];
                    bool object = run.begin > 0 && toks[run.begin - 1].word &&
                                  is_preposition(lower(run.begin - 1));
                    if (object && run.begin >= 2) {
                        // "Sources at Bloomberg said": the outlet behind the sources.
                        std::string prep = lower(run.begin - 1), head = lower(run.begin - 2);
                        if ((prep == "at" || prep == "in" || prep == "from" || prep == "within") &&
                            (head == "sources" || head == "source"))
                            object = false;
                    }
                    subj_b = abs(run.begin);
                    if (!object && run.person.empty() && !run.words.empty() &&
                        text::is_title_word(text::to_lower(run.words.back())) && run.begin > 0 &&
                        lower(run.begin - 1) == "the") {
                        // "the Ukrainian President declared": the last person mentioned.
                        if (const std::string* p = people_.last_before(abs(run.begin))) name = *p;
                    } else if (!object) {
                        name = run_name(run);
                    }
                }
            }
            // Subject after the verb, in inversions: "...," said Smith / say sources at Bloomberg.
            bool inverted = i == 0 || !toks[i - 1].word;
            if (name.empty() && i + 1 < toks.size()) {
                size_t k = i + 1;
                if (inverted && toks[k].word && text::is_pronoun_subject(lower(k))) {
                    if (const std::string* p = people_.last_before(abs(k))) name = *p;
                } else if (inverted && run_starting[k] >= 0) {
                    name = run_name(runs[run_starting[k]]);
                    subj_b = cue_b;
                } else {
                    size_t m = k;
                    while (m < toks.size() && m < k + 4 && toks[m].word && !toks[m].cap &&
                           lower(m) != "sources" && lower(m) != "source")
                        ++m;
                    if (m + 2 < toks.size() && (lower(m) == "sources" || lower(m) == "source")) {
                        std::string prep = lower(m + 1);
                        size_t n = m + 2;
                        if (prep == "close" && lower(n) == "to") ++n;
                        if (prep == "at" || prep == "in" || prep == "from" || prep == "within" ||
                            prep == "close") {
                            long r = run_after(n);
                            if (r >= 0) name = run_name(runs[r]);
                        }
                    }
                }
            }
            if (!name.empty()) add(name, claim, cue, quote_for(si, cue_b, cue_e, subj_b));
        }
    }
};

}  // namespace

std::vector<Attribution> extract_attributions(const Article& article,
                                              const std::vector<std::string>& people) {
    return Extractor(article, people).run();
}

}  // namespace kronika
