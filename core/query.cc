// A small recursive-descent parser for Kronika's query language, producing Xapian queries.
#include "query.h"

#include <cctype>

#include "schema.h"

namespace kronika {

namespace {

enum class Tok { word, phrase, field, lparen, rparen, op_and, op_or, op_not, op_near, end };

struct Token_ {
    Tok type = Tok::end;
    std::string text;   // word or phrase text, field value
    std::string field;  // for Tok::field
    bool field_phrase = false;
    bool negated = false;  // a leading '-'
    unsigned near = 10;    // for Tok::op_near
    size_t offset = 0;     // byte offset in the query, for messages
};

bool is_field_name(std::string_view f) {
    if (f == "title" || f == "date" || f == "quote") return true;
    for (const auto& bf : schema::kBooleanFields)
        if (bf.name == f) return true;
    return false;
}

// Treat curly double quotes as quotes too: people paste them from articles.
size_t quote_len(std::string_view s, size_t i) {
    if (s[i] == '"') return 1;
    if (s.compare(i, 3, "\xE2\x80\x9C") == 0 || s.compare(i, 3, "\xE2\x80\x9D") == 0 ||
        s.compare(i, 2, "\xC2\xAB") == 0 || s.compare(i, 2, "\xC2\xBB") == 0)
        return s[i] == '\xC2' ? 2 : 3;
    return 0;
}

std::vector<Token_> lex(std::string_view q) {
    std::vector<Token_> out;
    size_t i = 0;
    auto read_phrase = [&](size_t start, std::string* text) {
        // i points past the opening quote; reads to the closing quote (or the end).
        size_t j = i;
        while (j < q.size() && quote_len(q, j) == 0) ++j;
        *text = std::string(q.substr(i, j - i));
        i = j < q.size() ? j + quote_len(q, j) : j;
        (void)start;
    };
    while (i < q.size()) {
        unsigned char c = static_cast<unsigned char>(q[i]);
        if (std::isspace(c)) {
            ++i;
            continue;
        }
        Token_ t;
        t.offset = i;
        if (c == '(' || c == ')') {
            t.type = c == '(' ? Tok::lparen : Tok::rparen;
            ++i;
            out.push_back(t);
            continue;
        }
        if (size_t ql = quote_len(q, i)) {
            i += ql;
            t.type = Tok::phrase;
            read_phrase(t.offset, &t.text);
            out.push_back(t);
            continue;
        }
        size_t j = i;
        while (j < q.size() && !std::isspace(static_cast<unsigned char>(q[j])) && q[j] != '(' &&
               q[j] != ')' && quote_len(q, j) == 0)
            ++j;
        std::string raw(q.substr(i, j - i));
        i = j;
        if (raw == "AND")
            t.type = Tok::op_and;
        else if (raw == "OR")
            t.type = Tok::op_or;
        else if (raw == "NOT")
            t.type = Tok::op_not;
        else if (raw == "NEAR" || raw.rfind("NEAR/", 0) == 0) {
            t.type = Tok::op_near;
            if (raw.size() > 5) {
                std::string n = raw.substr(5);
                if (n.empty() || n.size() > 3 ||
                    !std::all_of(n.begin(), n.end(),
                                 [](unsigned char d) { return std::isdigit(d); }))
                    throw QueryError("NEAR/ needs a number of words, as in NEAR/5 (at offset " +
                                     std::to_string(t.offset) + ")");
                t.near = static_cast<unsigned>(std::stoul(n));
                if (t.near == 0) t.near = 1;
            }
        } else {
            if (raw.size() > 1 && raw[0] == '-') {
                t.negated = true;
                raw.erase(0, 1);
            }
            size_t colon = raw.find(':');
            std::string field = colon == std::string::npos ? "" : raw.substr(0, colon);
            if (!field.empty() && is_field_name(field)) {
                t.type = Tok::field;
                t.field = field;
                t.text = raw.substr(colon + 1);
                if (t.text.empty() && i < q.size() && quote_len(q, i)) {
                    i += quote_len(q, i);
                    read_phrase(t.offset, &t.text);
                    t.field_phrase = true;
                }
            } else {
                t.type = Tok::word;
                t.text = raw;
            }
        }
        out.push_back(t);
    }
    Token_ end;
    end.type = Tok::end;
    end.offset = q.size();
    out.push_back(end);
    return out;
}

Xapian::Query boolean(std::string term) {
    // Filters do not change relevance: scale their weight to zero.
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), 0.0);
}

int days_in_month(int y, int m) {
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

bool valid_date(int y, int m, int d) {
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

// "YYYYMMDD" -> (y, m, d).
void split_ymd(const std::string& v, int& y, int& m, int& d) {
    y = std::stoi(v.substr(0, 4));
    m = std::stoi(v.substr(4, 2));
    d = std::stoi(v.substr(6, 2));
}

}  // namespace

Xapian::Query QueryBuilder::date_filter(std::string lo, std::string hi) const {
    // Open ends become the database's first or last date (when there is a database).
    if (db_ && lo.empty()) lo = db_->get_value_lower_bound(schema::SLOT_DATE_LOCAL);
    if (db_ && hi.empty()) hi = db_->get_value_upper_bound(schema::SLOT_DATE_LOCAL);
    if (lo.size() != 8 && hi.size() != 8) return Xapian::Query::MatchNothing;  // no dates
    if (hi.size() != 8)
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::SLOT_DATE_LOCAL, lo);
    if (lo.size() != 8)
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::SLOT_DATE_LOCAL, hi);
    if (lo > hi) return Xapian::Query::MatchNothing;
    // The range as whole years (Y), whole months (M) and single days (D): boolean terms are
    // read from short posting lists, where a value range reads the date of every article.
    std::vector<Xapian::Query> terms;
    int y, m, d, hy, hm, hd;
    split_ymd(lo, y, m, d);
    split_ymd(hi, hy, hm, hd);
    auto key = [](int a, int b, int c) { return a * 10000 + b * 100 + c; };
    const int end = key(hy, hm, hd);
    auto term = [&](std::string_view prefix, const char* fmt, auto... fields) {
        char digits[16];
        std::snprintf(digits, sizeof digits, fmt, fields...);
        terms.emplace_back(std::string(prefix) + digits);
    };
    while (key(y, m, d) <= end && terms.size() < 2000) {
        if (m == 1 && d == 1 && key(y, 12, 31) <= end) {
            term(schema::kPrefixYear, "%04d", y);
            ++y;
            continue;
        }
        if (d == 1 && key(y, m, days_in_month(y, m)) <= end) {
            term(schema::kPrefixMonth, "%04d%02d", y, m);
        } else {
            term(schema::kPrefixDay, "%04d%02d%02d", y, m, d);
            if (d < days_in_month(y, m)) {
                ++d;
                continue;
            }
        }
        d = 1;
        if (++m > 12) m = 1, ++y;
    }
    if (terms.size() >= 2000)  // not reached for real ranges; keep the exact value range then
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::SLOT_DATE_LOCAL, lo, hi);
    if (terms.size() == 1) return terms[0];
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::string date_bound(std::string_view text, bool hi) {
    auto bad = [&]() {
        return QueryError("bad date \"" + std::string(text) +
                          "\": use YYYY-MM-DD, YYYY-MM or YYYY");
    };
    auto digits = [&](size_t pos, size_t n) {
        if (pos + n > text.size()) throw bad();
        int v = 0;
        for (size_t k = pos; k < pos + n; ++k) {
            if (!std::isdigit(static_cast<unsigned char>(text[k]))) throw bad();
            v = v * 10 + (text[k] - '0');
        }
        return v;
    };
    int y = digits(0, 4), m = hi ? 12 : 1, d = hi ? 31 : 1;
    if (text.size() == 4) {
    } else if (text.size() == 7 && text[4] == '-') {
        m = digits(5, 2);
        if (m < 1 || m > 12) throw bad();
        if (hi) d = days_in_month(y, m);
    } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        m = digits(5, 2);
        d = digits(8, 2);
    } else {
        throw bad();
    }
    // Year 0 does not exist (the calendar goes from 1 BC to AD 1).
    if (!valid_date(y, m, d)) throw bad();
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    return buf;
}

class QueryParserImpl {
  public:
    QueryParserImpl(QueryBuilder& qb, std::vector<Token_> toks) : qb_(qb), toks_(std::move(toks)) {}

    Xapian::Query parse_all() {
        if (peek().type == Tok::end) return Xapian::Query::MatchAll;
        Xapian::Query q = parse_or();
        if (peek().type == Tok::rparen) throw error("unmatched ')'");
        if (peek().type != Tok::end) throw error("unexpected input");
        return q;
    }

  private:
    QueryBuilder& qb_;
    std::vector<Token_> toks_;
    size_t pos_ = 0;
    int depth_ = 0;

    const Token_& peek() const { return toks_[pos_]; }
    const Token_& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }

    QueryError error(const std::string& what) const {
        return QueryError(what + " at offset " + std::to_string(peek().offset));
    }

    bool starts_operand(Tok t) const {
        return t == Tok::word || t == Tok::phrase || t == Tok::field || t == Tok::lparen ||
               t == Tok::op_not;
    }

    Xapian::Query parse_or() {
        std::vector<Xapian::Query> parts{parse_and()};
        while (peek().type == Tok::op_or) {
            next();
            if (!starts_operand(peek().type)) throw error("OR needs something after it");
            parts.push_back(parse_and());
        }
        if (parts.size() == 1) return parts[0];
        return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    }

    Xapian::Query parse_and() {
        std::vector<Xapian::Query> pos, neg;
        for (;;) {
            Tok t = peek().type;
            if (t == Tok::op_and) {
                next();
                if (!starts_operand(peek().type)) throw error("AND needs something after it");
                continue;
            }
            if (t == Tok::op_not) {
                next();
                if (!starts_operand(peek().type) || peek().type == Tok::op_not)
                    throw error("NOT needs something after it");
                neg.push_back(parse_near());
                continue;
            }
            if (!starts_operand(t)) break;
            bool negated = peek().negated;
            Xapian::Query q = parse_near();
            (negated ? neg : pos).push_back(q);
        }
        if (pos.empty() && neg.empty()) throw error("expected a word or phrase");
        Xapian::Query left = pos.empty() ? Xapian::Query::MatchAll
                             : pos.size() == 1
                                 ? pos[0]
                                 : Xapian::Query(Xapian::Query::OP_AND, pos.begin(), pos.end());
        if (neg.empty()) return left;
        Xapian::Query right =
            neg.size() == 1 ? neg[0] : Xapian::Query(Xapian::Query::OP_OR, neg.begin(), neg.end());
        return Xapian::Query(Xapian::Query::OP_AND_NOT, left, right);
    }

    Xapian::Query parse_near() {
        if (toks_[pos_ + (pos_ + 1 < toks_.size())].type != Tok::op_near) return parse_primary();
        // a NEAR b NEAR c: all terms of the operands within the window.
        std::vector<std::string> terms = near_terms(next());
        unsigned window = 0;
        while (peek().type == Tok::op_near) {
            window = std::max(window, next().near);
            if (peek().type != Tok::word && peek().type != Tok::phrase)
                throw error("NEAR joins words or phrases");
            auto more = near_terms(next());
            terms.insert(terms.end(), more.begin(), more.end());
        }
        if (terms.size() < 2) return terms.empty() ? Xapian::Query() : Xapian::Query(terms[0]);
        return Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(),
                             window + static_cast<unsigned>(terms.size()) - 1);
    }

    std::vector<std::string> near_terms(const Token_& t) {
        if (t.type != Tok::word && t.type != Tok::phrase)
            throw QueryError("NEAR joins words or phrases at offset " + std::to_string(t.offset));
        auto terms = qb_.analyzer_.terms(t.text);
        for (auto& w : terms) qb_.highlight_words_.insert(w);
        return terms;
    }

    Xapian::Query parse_primary() {
        const Token_& t = next();
        switch (t.type) {
            case Tok::lparen: {
                if (++depth_ > 32) throw QueryError("too many nested parentheses");
                if (peek().type == Tok::rparen) throw error("empty parentheses");
                Xapian::Query q = parse_or();
                if (peek().type != Tok::rparen) throw error("missing ')'");
                next();
                --depth_;
                return q;
            }
            case Tok::phrase:
                return phrase(t.text, "");
            case Tok::word:
                return word(t.text);
            case Tok::field:
                return field(t);
            default:
                --pos_;
                throw error("expected a word or phrase");
        }
    }

    Xapian::Query phrase(const std::string& text, std::string_view prefix) {
        auto words = qb_.analyzer_.terms(text);
        if (words.empty()) return Xapian::Query::MatchAll;
        std::vector<Xapian::Query> terms;
        for (auto& w : words) {
            qb_.highlight_words_.insert(w);
            terms.emplace_back(std::string(prefix) + w);
        }
        if (terms.size() == 1) return terms[0];
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                             static_cast<unsigned>(terms.size()));
    }

    Xapian::Query word(const std::string& text) {
        auto words = qb_.analyzer_.terms(text);
        if (words.empty()) return Xapian::Query::MatchAll;
        // A "word" that the analyzer splits ("well-known", a run of Chinese) is a phrase.
        if (words.size() > 1) return phrase(text, "");
        const std::string& w = words[0];
        qb_.highlight_words_.insert(w);
        if (std::isdigit(static_cast<unsigned char>(w[0]))) return Xapian::Query(w);
        // Every form of the word's stem, per language (schema.h: stem_prefix). In English
        // articles a word that is its own stem has no Z term, so the English stem s is looked
        // for as "s SYNONYM Zs" (weighted as one term). Terms no document holds are left out.
        std::vector<Xapian::Query> alts;
        auto present = [&](const std::string& t) { return !qb_.db_ || qb_.db_->term_exists(t); };
        for (const auto& [lang, stem] : qb_.stemmers_) {
            std::string s = stem(w);
            std::string prefix = schema::stem_prefix(lang);
            if (prefix == schema::kPrefixStem) {
                qb_.highlight_stems_.insert(s);
                std::vector<Xapian::Query> forms;
                if (present(s)) forms.emplace_back(s);
                if (present(prefix + s)) forms.emplace_back(prefix + s);
                if (!forms.empty())
                    alts.emplace_back(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
            } else if (present(prefix + s)) {
                alts.emplace_back(prefix + s);
            }
        }
        // No stemmer (or no stem in the database): the word itself.
        if (alts.empty() || qb_.stemmers_.empty()) alts.emplace_back(w);
        if (alts.size() == 1) return alts[0];
        return Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
    }

    Xapian::Query field(const Token_& t) {
        if (t.text.empty())
            throw QueryError(t.field + ": needs a value (at offset " + std::to_string(t.offset) +
                             ")");
        if (t.field == "title") return phrase(t.text, schema::kPrefixTitle);
        if (t.field == "quote") return phrase(t.text, schema::kPrefixQuote);
        if (t.field == "date") return qb_date_range(t.text);
        if (t.field == "id") return boolean(std::string(schema::kPrefixId) + t.text);
        if (t.field == "story") return boolean(schema::story_term(t.text));
        if (t.field == "kind") {
            std::string k = qb_.analyzer_.name_key(t.text);
            if (k != "speaker" && k != "source" && k != "claimant")
                throw QueryError("kind: must be speaker, source or claimant, not \"" + t.text +
                                 "\"");
            return boolean(std::string(schema::kPrefixKind) + k);
        }
        if (t.field == "person") return qb_.name_filter(schema::kPrefixPerson, t.text, true);
        if (t.field == "attribution")
            return qb_.name_filter(schema::kPrefixAttribution, t.text, true);
        for (const auto& bf : schema::kBooleanFields) {
            if (bf.name != t.field) continue;
            bool raw =
                bf.name == "year" || bf.name == "month" || bf.name == "day" || bf.name == "lang";
            std::string value = raw ? t.text : qb_.analyzer_.name_key(t.text);
            if (value.empty()) throw QueryError(t.field + ": needs a value");
            return boolean(std::string(bf.prefix) + value);
        }
        throw QueryError("unknown field " + t.field);
    }

    Xapian::Query qb_date_range(const std::string& v) {
        size_t dots = v.find("..");
        std::string lo, hi;
        if (dots == std::string::npos) {
            lo = date_bound(v, false);
            hi = date_bound(v, true);
        } else {
            if (dots > 0) lo = date_bound(v.substr(0, dots), false);
            if (dots + 2 < v.size()) hi = date_bound(v.substr(dots + 2), true);
            if (lo.empty() && hi.empty())
                throw QueryError("date: needs at least one end of the range");
        }
        if (!lo.empty() && !hi.empty() && lo > hi)
            throw QueryError("date range \"" + v + "\" ends before it starts");
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, qb_.date_filter(lo, hi), 0.0);
    }
};

QueryBuilder::QueryBuilder(Analyzer& analyzer, std::vector<std::string> stem_languages,
                           NameKeys* names, const AliasTable* aliases)
    : analyzer_(analyzer),
      own_names_(names ? nullptr : std::make_unique<NameKeys>()),
      names_(names ? names : own_names_.get()),
      aliases_(aliases) {
    for (const auto& lang : stem_languages) {
        if (lang.empty()) continue;
        try {
            stemmers_.emplace_back(lang, Xapian::Stem(lang));
        } catch (const Xapian::Error&) {
            // A language this Xapian lacks: plain words still match exactly.
        }
    }
}

QueryBuilder::~QueryBuilder() = default;

std::vector<std::string> expand_initials(const Xapian::Database& db, const std::string& prefix,
                                         const std::string& key) {
    std::vector<std::string> words;
    for (size_t pos = 0; pos < key.size();) {
        size_t sp = key.find(' ', pos);
        if (sp == std::string::npos) sp = key.size();
        words.push_back(key.substr(pos, sp - pos));
        pos = sp + 1;
    }
    // Only names of initials then a surname: "v zelenski", "j r smith".
    if (words.size() < 2 || words.back().size() < 2) return {};
    for (size_t i = 0; i + 1 < words.size(); ++i)
        if (words[i].size() != 1) return {};
    std::vector<std::string> found;
    std::string start = prefix + words[0];
    size_t scanned = 0;
    for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) {
        if (++scanned > 200000) break;  // bounded work for a very common initial
        std::string cand = (*t).substr(prefix.size());
        std::vector<std::string> cw;
        for (size_t pos = 0; pos < cand.size();) {
            size_t sp = cand.find(' ', pos);
            if (sp == std::string::npos) sp = cand.size();
            cw.push_back(cand.substr(pos, sp - pos));
            pos = sp + 1;
        }
        if (cw.size() < words.size() || cw.back() != words.back() || cand == key) continue;
        // Each initial must start one of the candidate's given names, in order.
        size_t j = 0;
        for (size_t i = 0; i + 1 < cw.size() && j + 1 < words.size(); ++i)
            if (cw[i][0] == words[j][0]) ++j;
        if (j + 1 == words.size()) found.push_back(cand);
    }
    return found;
}

Xapian::Query QueryBuilder::name_filter(std::string_view prefix, const std::string& name,
                                        bool weightless, const std::string& key_prefix) {
    std::string key = names_->key(name);
    if (key.empty()) throw QueryError("empty name in a person or attribution filter");
    std::vector<std::string> keys =
        aliases_ ? aliases_->group_keys(key) : std::vector<std::string>{key};
    if (db_) {
        for (auto& k : expand_initials(*db_, std::string(prefix) + key_prefix, key))
            keys.push_back(k);
    }
    std::vector<Xapian::Query> alts;
    for (const auto& k : keys) {
        alts.emplace_back(std::string(prefix) + key_prefix + k);
        // A one-word name also finds the full names ending with it ("Putin": "Vladimir Putin").
        std::string_view last = schema::last_word_prefix(prefix);
        if (!last.empty() && k.find(' ') == std::string::npos)
            alts.emplace_back(std::string(last) + key_prefix + k);
    }
    Xapian::Query q =
        alts.size() == 1 ? alts[0] : Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
    return weightless ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0) : q;
}

Xapian::Query QueryBuilder::facet_value_filter(FacetKind facet, const std::string& value) {
    std::string_view prefix;
    std::vector<std::string> keys;
    switch (facet) {
        case FacetKind::people:
        case FacetKind::attribution: {
            prefix =
                facet == FacetKind::people ? schema::kPrefixPerson : schema::kPrefixAttribution;
            std::string key = names_->key(value);
            keys = aliases_ ? aliases_->group_keys(key) : std::vector<std::string>{key};
            break;
        }
        case FacetKind::source:
            prefix = schema::kPrefixSource;
            keys.push_back(analyzer_.name_key(value));
            break;
        case FacetKind::kind:
            prefix = schema::kPrefixKind;
            keys.push_back(value);
            break;
        case FacetKind::date:
            return date_filter(date_bound(value, false), date_bound(value, true));
    }
    std::vector<Xapian::Query> alts;
    for (const auto& k : keys) alts.emplace_back(std::string(prefix) + k);
    return Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
}

std::string QueryBuilder::stem(const std::string& word) const {
    return stemmers_.empty() ? word : stemmers_[0].second(word);
}

Xapian::Query QueryBuilder::parse(std::string_view text) {
    highlight_words_.clear();
    highlight_stems_.clear();
    if (text.size() > 4096) throw QueryError("query longer than 4096 bytes");
    QueryParserImpl p(*this, lex(text));
    return p.parse_all();
}

Xapian::Query QueryBuilder::build(std::string_view text, const QueryFilters& f) {
    Xapian::Query q = parse(text);
    std::vector<Xapian::Query> filters;
    auto key = [&](const std::string& v, const char* what) {
        std::string k = analyzer_.name_key(v);
        if (k.empty()) throw QueryError(std::string("empty ") + what + " filter");
        return k;
    };
    for (const auto& p : f.people) filters.push_back(name_filter(schema::kPrefixPerson, p, false));
    std::vector<std::string> kinds;
    for (const auto& k : f.kinds) {
        std::string kk = key(k, "kind");
        if (kk != "speaker" && kk != "source" && kk != "claimant")
            throw QueryError("--kind must be speaker, source or claimant, not \"" + k + "\"");
        kinds.push_back(kk);
    }
    for (const auto& a : f.attributions) {
        if (kinds.empty()) {
            filters.push_back(name_filter(schema::kPrefixAttribution, a, false));
        } else {
            std::vector<Xapian::Query> alts;
            for (const auto& k : kinds)
                alts.push_back(name_filter(schema::kPrefixAttrKind, a, false, k + ":"));
            filters.push_back(alts.size() == 1
                                  ? alts[0]
                                  : Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end()));
        }
    }
    if (f.attributions.empty() && !kinds.empty()) {
        std::vector<Xapian::Query> alts;
        for (const auto& k : kinds) alts.emplace_back(std::string(schema::kPrefixKind) + k);
        filters.push_back(Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end()));
    }
    if (!f.sources.empty()) {
        std::vector<Xapian::Query> alts;
        for (const auto& s : f.sources)
            alts.emplace_back(std::string(schema::kPrefixSource) + key(s, "source"));
        filters.push_back(Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end()));
    }
    if (!f.from.empty() || !f.to.empty()) {
        std::string lo = f.from.empty() ? "" : date_bound(f.from, false);
        std::string hi = f.to.empty() ? "" : date_bound(f.to, true);
        if (!lo.empty() && !hi.empty() && lo > hi) throw QueryError("--from is after --to");
        filters.push_back(date_filter(lo, hi));
    }
    if (filters.empty()) return q;
    Xapian::Query fq(Xapian::Query::OP_AND, filters.begin(), filters.end());
    return Xapian::Query(Xapian::Query::OP_FILTER, q, fq);
}

}  // namespace kronika
