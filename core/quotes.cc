// Attributed statements: articles found by the index, statements picked by name, kind and (in a
// small in-memory index of the candidate statements) the query.
#include "quotes.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "index_writer.h"
#include "schema.h"

namespace kronika {

namespace {

std::string str(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Does an attributed name match the --by name? Same alias group, or (for a one-word --by) the
// same last word, as the attribution filter does (query.cc: name_filter).
class NameMatch {
  public:
    NameMatch(const std::string& by, NameKeys& names, const AliasTable* aliases)
        : names_(names), aliases_(aliases) {
        if (by.empty()) return;
        std::string key = names.key(by);
        if (key.empty()) throw QueryError("--by needs a name");
        for (auto& k : aliases ? aliases->group_keys(key) : std::vector<std::string>{key})
            keys_.push_back(k);
    }
    bool operator()(const std::string& name) {
        if (keys_.empty()) return true;
        std::string key = names_.key(name);
        if (aliases_) key = aliases_->group_key(key);
        std::string last = key.substr(key.rfind(' ') == std::string::npos ? 0 : key.rfind(' ') + 1);
        for (const auto& k : keys_) {
            std::string g = aliases_ ? aliases_->group_key(k) : k;
            if (key == g || key == k) return true;
            if (k.find(' ') == std::string::npos && last == k) return true;
        }
        return false;
    }

  private:
    NameKeys& names_;
    const AliasTable* aliases_;
    std::vector<std::string> keys_;
};

// A small in-memory database for one page's statements. Xapian 1.4 marks its InMemory backend
// deprecated (1.5 drops it) but has no other backend that needs no files; a page holds a few
// thousand short statements, well within what it was made for.
Xapian::WritableDatabase in_memory_database() {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    return Xapian::InMemory::open();
#pragma GCC diagnostic pop
}

}  // namespace

QuotesResponse find_quotes(Searcher& searcher, const QuotesRequest& req) {
    if (!req.all && req.limit > kMaxLimit)
        throw std::runtime_error("--limit is at most " + std::to_string(kMaxLimit));
    for (const auto& k : req.kinds)
        if (std::find(std::begin(schema::kKinds), std::end(schema::kKinds), k) ==
            std::end(schema::kKinds))
            throw QueryError("unknown kind \"" + k + "\" (use speaker, source or claimant)");
    Xapian::Database& db = searcher.database();
    auto qb = searcher.query_builder();
    QueryFilters filters = req.filters;
    if (!req.by.empty()) filters.attributions.push_back(req.by);
    filters.kinds.insert(filters.kinds.end(), req.kinds.begin(), req.kinds.end());
    // Articles: the query over the whole text (a statement's words are also body words) and
    // the filters; only articles with statements.
    Xapian::Query articles = qb->build(req.query, filters);
    if (filters.attributions.empty() && filters.kinds.empty()) {
        std::vector<Xapian::Query> any;
        for (auto k : schema::kKinds)
            any.emplace_back(std::string(schema::kPrefixKind) + std::string(k));
        articles = Xapian::Query(Xapian::Query::OP_FILTER, articles,
                                 Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end()));
    }
    Xapian::Query statement_query =
        req.query.empty() ? Xapian::Query::MatchAll : qb->parse(req.query);

    QuotesResponse resp;
    resp.query_description = articles.get_description();
    NameMatch by(req.by, searcher.names(), searcher.aliases());
    std::map<std::string, StemRule> stem_rules;
    std::unordered_map<std::string, size_t> claim_of;  // claim key -> index
    std::vector<QuoteRow> rows;

    Xapian::Enquire enquire(db);
    enquire.set_query(articles);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    searcher.sort_by_date(enquire, false);  // oldest first: claims' origins
    searcher.limit_time(enquire);
    for (Xapian::doccount first = 0;; first += kMaxLimit) {
        Xapian::MSet page = enquire.get_mset(first, kMaxLimit);
        // The candidate statements of this page, and (with a query) a small index of them.
        struct Candidate {
            nlohmann::json article;
            Attribution statement;
            Xapian::docid docid;
        };
        std::vector<Candidate> candidates;
        Xapian::WritableDatabase mem;
        if (!req.query.empty()) mem = in_memory_database();
        for (auto it = page.begin(); it != page.end(); ++it) {
            nlohmann::json data = read_document_data(it.get_document().get_data());
            if (!data.contains("attributions")) continue;
            nlohmann::json article = {{"id", str(data, "id")},
                                      {"title", str(data, "title")},
                                      {"date", data.value("date", nlohmann::json())},
                                      {"date_utc", data.value("date_utc", nlohmann::json())},
                                      {"source", str(data, "source")},
                                      {"url", str(data, "url")}};
            for (const auto& a : data["attributions"]) {
                if (!a.is_object()) continue;
                Attribution at{str(a, "name"), str(a, "kind"), str(a, "cue"), str(a, "quote")};
                if (!req.kinds.empty() &&
                    std::find(req.kinds.begin(), req.kinds.end(), at.kind) == req.kinds.end())
                    continue;
                if (!by(at.name)) continue;
                if (!req.query.empty()) {
                    if (at.quote.empty()) continue;
                    std::string lang = stemmer_language(
                        str(data, "language").empty() ? "en" : str(data, "language"));
                    auto rule = stem_rules.find(lang);
                    if (rule == stem_rules.end())
                        rule = stem_rules.emplace(lang, StemRule::for_language(lang)).first;
                    mem.add_document(text_document(at.quote, searcher.analyzer(), rule->second));
                }
                candidates.push_back({article, std::move(at), *it});
            }
        }
        // With a query, keep the statements it matches (docid i + 1 is candidate i).
        std::vector<bool> keep(candidates.size(), req.query.empty());
        if (!req.query.empty() && !candidates.empty()) {
            Xapian::Enquire e(mem);
            e.set_query(statement_query);
            e.set_weighting_scheme(Xapian::BoolWeight());
            Xapian::MSet m = e.get_mset(0, mem.get_doccount());
            for (auto it = m.begin(); it != m.end(); ++it) keep[*it - 1] = true;
        }
        Xapian::docid last_article = 0;
        for (size_t i = 0; i < candidates.size(); ++i) {
            if (!keep[i]) continue;
            if (candidates[i].docid != last_article) ++resp.articles;
            last_article = candidates[i].docid;
            QuoteRow row;
            row.article = std::move(candidates[i].article);
            row.statement = std::move(candidates[i].statement);
            // A claim is its words; an empty quote is a claim of its own.
            std::string key;
            for (const auto& w : searcher.analyzer().terms(row.statement.quote)) key += w + " ";
            if (key.empty()) key = "\x01" + std::to_string(rows.size());
            auto [c, is_new] = claim_of.emplace(key, resp.claims.size());
            if (is_new) {
                Claim claim;
                claim.first_id = str(row.article, "id");
                claim.first_date = row.article["date"].is_string()
                                       ? row.article["date"].get<std::string>()
                                       : std::string();
                claim.first_by = row.statement.name;
                resp.claims.push_back(std::move(claim));
                row.first = true;
            } else if (row.statement.name != resp.claims[c->second].first_by) {
                resp.claims[c->second].repeated_by.insert(row.statement.name);
            }
            ++resp.claims[c->second].statements;
            row.claim = c->second;
            rows.push_back(std::move(row));
        }
        if (page.size() < kMaxLimit) break;
    }
    resp.total = rows.size();
    if (req.sort == SortOrder::newest) std::reverse(rows.begin(), rows.end());
    size_t begin = std::min(req.offset, rows.size());
    size_t end = req.all ? rows.size() : std::min(rows.size(), begin + req.limit);
    resp.rows.assign(std::make_move_iterator(rows.begin() + static_cast<ptrdiff_t>(begin)),
                     std::make_move_iterator(rows.begin() + static_cast<ptrdiff_t>(end)));
    return resp;
}

}  // namespace kronika
