// Text, JSON and CSV encodings of a search response.
#include "results.h"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <stdexcept>

namespace kronika {

namespace {

std::string csv_field(std::string_view s) {
    bool quote = s.find_first_of(",\"\n\r") != std::string_view::npos;
    if (!quote) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string str(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return "";
    return it->get<std::string>();
}

std::string join_names(const nlohmann::json& arr, bool with_kind) {
    std::string out;
    if (!arr.is_array()) return out;
    for (const auto& v : arr) {
        if (!out.empty()) out += "; ";
        if (v.is_string()) {
            out += v.get<std::string>();
        } else if (v.is_object()) {
            out += str(v, "name");
            if (with_kind) out += " (" + str(v, "kind") + ")";
        }
    }
    return out;
}

}  // namespace

OutputFormat output_format_from_name(const std::string& n) {
    if (n == "text") return OutputFormat::text;
    if (n == "json") return OutputFormat::json;
    if (n == "csv") return OutputFormat::csv;
    throw std::invalid_argument("unknown format \"" + n + "\" (use text, json or csv)");
}

std::string snippet_html(const std::vector<SnippetPart>& parts) {
    std::string out;
    for (const auto& p : parts) {
        if (p.hit)
            out += "<mark>" + xml_escape(p.text, false) + "</mark>";
        else
            out += xml_escape(p.text, false);
    }
    return out;
}

std::string snippet_plain(const std::vector<SnippetPart>& parts, const char* open,
                          const char* close) {
    std::string out;
    for (const auto& p : parts) {
        if (p.hit)
            out += open + p.text + close;
        else
            out += p.text;
    }
    return out;
}

nlohmann::json article_json(const Article& a, bool with_body) {
    nlohmann::json j;
    j["id"] = a.id;
    j["title"] = a.title;
    if (!a.section.empty()) j["section"] = a.section;
    j["url"] = a.url;
    j["source"] = a.source;
    j["language"] = a.language;
    j["authors"] = a.authors;
    j["photo_credits"] = a.photo_credits;
    // Web pages only, so other answers keep their shape.
    if (!a.captions.empty()) j["captions"] = a.captions;
    if (!a.field_sources.empty()) {
        auto from = nlohmann::json::object();
        for (const auto& [field, where] : a.field_sources) from[field] = where;
        j["metadata_from"] = std::move(from);
    }
    j["date"] = a.date ? nlohmann::json(a.date->local_iso()) : nlohmann::json(nullptr);
    j["date_utc"] = a.date ? nlohmann::json(a.date->utc_iso()) : nlohmann::json(nullptr);
    j["people"] = a.people;
    auto attrs = nlohmann::json::array();
    for (const auto& at : a.attributions)
        attrs.push_back(
            {{"name", at.name}, {"kind", at.kind}, {"cue", at.cue}, {"quote", at.quote}});
    j["attributions"] = std::move(attrs);
    if (with_body) j["body"] = a.body;
    return j;
}

namespace {

double share(uint64_t count, uint64_t all) {
    return all == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(all);
}

double round6(double v) {
    return std::round(v * 1e6) / 1e6;
}

// What a facet value's share is of: the matches, or their stories when counting stories.
uint64_t share_base(const SearchResponse& resp, const FacetResult& f) {
    return f.stories ? f.stories : resp.total;
}

// The "facets" object of search and facets answers; with `shares`, each value's share of the
// matches.
nlohmann::json facets_object(const SearchResponse& resp, bool shares) {
    auto facets = nlohmann::json::object();
    for (const auto& f : resp.facets) {
        auto vals = nlohmann::json::array();
        for (const auto& [v, c] : f.values) {
            nlohmann::json value = {{"value", v}, {"count", c}};
            if (shares) value["share"] = round6(share(c, share_base(resp, f)));
            vals.push_back(std::move(value));
        }
        facets[f.name] = {{"exact", f.exact}, {"documents", f.documents}, {"values", vals}};
        if (f.stories) facets[f.name]["stories"] = f.stories;
    }
    return facets;
}

}  // namespace

nlohmann::json hit_json(const SearchHit& h) {
    const auto& s = h.stored;
    nlohmann::json r;
    r["rank"] = h.rank;
    r["score"] = std::round(h.score * 1000) / 1000;
    r["id"] = str(s, "id");
    r["title"] = str(s, "title");
    r["date"] = s.contains("date") ? s["date"] : nullptr;
    r["date_utc"] = s.contains("date_utc") ? s["date_utc"] : nullptr;
    r["source"] = str(s, "source");
    r["url"] = str(s, "url");
    r["people"] = s.contains("people") ? s["people"] : nlohmann::json::array();
    r["attributions"] = s.contains("attributions") ? s["attributions"] : nlohmann::json::array();
    r["story"] = h.story.empty() ? str(s, "id") : h.story;
    r["story_size"] = h.story_size;
    if (h.collapsed) r["collapsed"] = h.collapsed;
    r["snippet"] = snippet_html(h.snippet);
    return r;
}

nlohmann::json to_json(const SearchRequest& req, const SearchResponse& resp) {
    nlohmann::json j;
    j["version"] = kJsonOutputVersion;
    j["query"] = req.query;
    j["total"] = resp.total;
    j["total_exact"] = resp.total_exact;
    j["offset"] = req.offset;
    j["limit"] = req.limit;
    auto results = nlohmann::json::array();
    for (const auto& h : resp.hits) results.push_back(hit_json(h));
    j["results"] = std::move(results);
    j["facets"] = facets_object(resp, false);
    if (!resp.next_cursor.empty()) j["next_cursor"] = resp.next_cursor;
    return j;
}

void write_text(std::ostream& out, const SearchRequest& req, const SearchResponse& resp,
                bool color) {
    const char* bold = color ? "\033[1m" : "";
    const char* dim = color ? "\033[2m" : "";
    const char* reset = color ? "\033[0m" : "";
    out << (resp.total_exact ? "" : "about ") << resp.total
        << (resp.total == 1 ? " match" : " matches");
    if (!resp.hits.empty())
        out << ", showing " << resp.hits.front().rank << "-" << resp.hits.back().rank;
    out << "\n";
    for (const auto& h : resp.hits) {
        const auto& s = h.stored;
        std::string date = str(s, "date");
        out << "\n" << std::setw(3) << h.rank << ". " << bold << str(s, "title") << reset << "\n";
        out << "     " << dim << (date.empty() ? "(no date)" : date.substr(0, 10));
        if (!str(s, "source").empty()) out << " · " << str(s, "source");
        out << " · " << str(s, "id") << reset << "\n";
        std::string snip = color ? snippet_plain(h.snippet, "\033[1;33m", "\033[0m")
                                 : snippet_plain(h.snippet, "[", "]");
        if (!snip.empty()) out << "     " << snip << "\n";
        std::string people = join_names(s.value("people", nlohmann::json::array()), false);
        if (!people.empty()) out << "     people: " << people << "\n";
        std::string attrs = join_names(s.value("attributions", nlohmann::json::array()), true);
        if (!attrs.empty()) out << "     attributed to: " << attrs << "\n";
    }
    for (const auto& f : resp.facets) {
        out << "\n"
            << bold << f.name << reset << dim
            << (f.exact ? " (exact)" : " (over " + std::to_string(f.documents) + " matches)")
            << reset << "\n";
        if (f.values.empty()) out << "  (none)\n";
        uint64_t maxc = 1;
        for (const auto& [v, c] : f.values) maxc = std::max(maxc, c);
        for (const auto& [v, c] : f.values) {
            out << "  " << std::setw(6) << c << "  ";
            if (f.name == "date")
                out << std::string(static_cast<size_t>(c * 30 / maxc), '#') << " ";
            out << v << "\n";
        }
    }
    if (!resp.next_cursor.empty() && resp.hits.size() == req.limit &&
        resp.hits.back().rank < resp.total)
        out << "\n" << dim << "next page: --after " << resp.next_cursor << reset << "\n";
}

namespace {

const char* kCsvHeader = "rank,score,id,date,source,title,url,people,attributions,story\n";

void write_csv_row(std::ostream& out, const SearchHit& h) {
    const auto& s = h.stored;
    out << h.rank << "," << h.score << "," << csv_field(str(s, "id")) << ","
        << csv_field(str(s, "date")) << "," << csv_field(str(s, "source")) << ","
        << csv_field(str(s, "title")) << "," << csv_field(str(s, "url")) << ","
        << csv_field(join_names(s.value("people", nlohmann::json::array()), false)) << ","
        << csv_field(join_names(s.value("attributions", nlohmann::json::array()), true)) << ","
        << csv_field(h.story.empty() ? str(s, "id") : h.story) << "\n";
}

}  // namespace

void write_csv(std::ostream& out, const SearchResponse& resp) {
    out << kCsvHeader;
    for (const auto& h : resp.hits) write_csv_row(out, h);
}

uint64_t write_all_results(std::ostream& out, Searcher& searcher, const SearchRequest& request,
                           OutputFormat format) {
    // The counts first (they head the output), then every hit as it is read.
    SearchRequest counts = request;
    counts.limit = 0;
    counts.offset = 0;
    counts.exact = true;
    SearchResponse resp = searcher.search(counts);
    nlohmann::json prov = provenance_json(searcher.provenance(), request.query, request.filters,
                                          resp.query_description, resp.total_exact);
    if (format == OutputFormat::csv) {
        write_provenance_csv(out, prov);
        out << "# total: " << resp.total << "\n" << kCsvHeader;
        return searcher.for_each_hit(request, [&](const SearchHit& h) { write_csv_row(out, h); });
    }
    // JSON: the object of to_json, its "results" array written one hit at a time.
    SearchRequest shape = counts;
    shape.limit = resp.total;
    nlohmann::json head = to_json(shape, resp);
    head["provenance"] = std::move(prov);
    head["offset"] = 0;
    head.erase("results");
    std::string text = head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out << text.substr(0, text.size() - 1) << ",\"results\":[";
    bool first = true;
    uint64_t n = searcher.for_each_hit(request, [&](const SearchHit& h) {
        out << (first ? "\n" : ",\n")
            << hit_json(h).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        first = false;
    });
    out << "\n]}\n";
    return n;
}

nlohmann::json provenance_json(const nlohmann::json& database, const std::string& query,
                               const QueryFilters& f, const std::string& parsed_query, bool exact) {
    nlohmann::json p = database;
    p["query"] = query;
    nlohmann::json filters = nlohmann::json::object();
    auto list = [&](const char* name, const std::vector<std::string>& v) {
        if (!v.empty()) filters[name] = v;
    };
    list("person", f.people);
    list("attribution", f.attributions);
    list("kind", f.kinds);
    list("source", f.sources);
    if (!f.from.empty()) filters["from"] = f.from;
    if (!f.to.empty()) filters["to"] = f.to;
    p["filters"] = std::move(filters);
    p["parsed_query"] = parsed_query;
    p["counts_exact"] = exact;
    return p;
}

void write_provenance_csv(std::ostream& out, const nlohmann::json& p) {
    for (const auto& [key, value] : p.items()) {
        std::string v = value.is_string()
                            ? value.get<std::string>()
                            : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        for (char& c : v)
            if (c == '\n' || c == '\r') c = ' ';
        out << "# " << key << ": " << v << "\n";
    }
}

namespace {

// The head every export shares: format version, what it is, and where it came from.
nlohmann::json envelope(const char* kind, const nlohmann::json& provenance) {
    return {{"version", kJsonOutputVersion}, {"kind", kind}, {"provenance", provenance}};
}

std::string timeline_title(const TimelineRequest& req) {
    std::string what = req.query.empty() ? "all articles" : "\"" + req.query + "\"";
    for (const auto& p : req.filters.people) what += ", person " + p;
    for (const auto& a : req.filters.attributions) what += ", attributed to " + a;
    for (const auto& s : req.filters.sources) what += ", source " + s;
    std::string unit = count_unit_name(req.count);
    std::string split = !req.split                        ? ""
                        : *req.split == FacetKind::people ? ", by person"
                        : *req.split == FacetKind::source ? ", by outlet"
                                                          : ", by attributed name";
    return what + " \u2014 " + (req.normalize ? "share of all " : "") + unit + " per " +
           bucketing_name(req.by) + split + (req.tz.empty() ? "" : " (" + req.tz + ")");
}

}  // namespace

Chart timeline_chart(const TimelineRequest& req, const Timeline& t) {
    Chart c;
    c.title = timeline_title(req);
    c.percent = req.normalize && t.denominators.size() == t.buckets.size();
    c.y_label = c.percent ? std::string("share of all ") + count_unit_name(req.count)
                          : std::string(count_unit_name(req.count));
    for (const auto& b : t.buckets) c.labels.push_back(b.label);
    auto add = [&](const TimelineSeries& s, const std::string& name) {
        ChartSeries cs;
        cs.name = name;
        for (size_t i = 0; i < s.counts.size(); ++i)
            cs.values.push_back(c.percent ? share(s.counts[i], t.denominators[i])
                                          : static_cast<double>(s.counts[i]));
        c.series.push_back(std::move(cs));
    };
    if (t.split.empty()) {
        add(t.all, "all matches");
    } else {
        for (const auto& s : t.split) add(s, s.name);
    }
    return c;
}

nlohmann::json timeline_json(const TimelineRequest& req, const Timeline& t,
                             const nlohmann::json& provenance) {
    bool norm = req.normalize && t.denominators.size() == t.buckets.size();
    nlohmann::json j = envelope("timeline", provenance);
    j["by"] = bucketing_name(req.by);
    j["tz"] = req.tz.empty() ? nlohmann::json(nullptr) : nlohmann::json(req.tz);
    j["count"] = count_unit_name(req.count);
    j["normalize"] = norm;
    j["matches"] = t.matches;
    j["undated"] = t.undated;
    auto buckets = nlohmann::json::array();
    for (size_t i = 0; i < t.buckets.size(); ++i) {
        nlohmann::json b = {{"bucket", t.buckets[i].label},
                            {"start", t.buckets[i].start},
                            {"end", t.buckets[i].end},
                            {"count", t.all.counts[i]}};
        if (norm) {
            b["all"] = t.denominators[i];
            b["share"] = round6(share(t.all.counts[i], t.denominators[i]));
        }
        buckets.push_back(std::move(b));
    }
    j["buckets"] = std::move(buckets);
    auto series = nlohmann::json::array();
    for (const auto& s : t.split) {
        nlohmann::json sj = {{"name", s.name}, {"total", s.total}, {"counts", s.counts}};
        if (norm) {
            auto shares = nlohmann::json::array();
            for (size_t i = 0; i < s.counts.size(); ++i)
                shares.push_back(round6(share(s.counts[i], t.denominators[i])));
            sj["shares"] = std::move(shares);
        }
        series.push_back(std::move(sj));
    }
    j["series"] = std::move(series);
    return j;
}

void write_timeline_csv(std::ostream& out, const TimelineRequest& req, const Timeline& t,
                        const nlohmann::json& provenance) {
    bool norm = req.normalize && t.denominators.size() == t.buckets.size();
    write_provenance_csv(out, provenance);
    out << "bucket,start,end,series,count" << (norm ? ",all,share" : "") << "\n";
    auto rows = [&](const TimelineSeries& s, const std::string& name) {
        for (size_t i = 0; i < t.buckets.size(); ++i) {
            out << t.buckets[i].label << "," << t.buckets[i].start << "," << t.buckets[i].end << ","
                << csv_field(name) << "," << s.counts[i];
            if (norm)
                out << "," << t.denominators[i] << ","
                    << round6(share(s.counts[i], t.denominators[i]));
            out << "\n";
        }
    };
    rows(t.all, "(all matches)");
    for (const auto& s : t.split) rows(s, s.name);
}

void write_timeline_text(std::ostream& out, const TimelineRequest& req, const Timeline& t,
                         bool color, int width) {
    out << timeline_title(req) << "\n" << t.matches << (t.matches == 1 ? " match" : " matches");
    if (!t.buckets.empty())
        out << ", " << t.buckets.front().label << " to " << t.buckets.back().label;
    if (t.undated) out << " (" << t.undated << " undated, not shown)";
    out << "\n\n";
    if (t.buckets.empty()) return;
    Chart chart = timeline_chart(req, t);
    chart.title.clear();  // printed above
    write_terminal_chart(out, chart, width, color);
}

nlohmann::json facets_json(const SearchRequest& req, const SearchResponse& resp,
                           const std::string& with, const nlohmann::json& provenance) {
    nlohmann::json j = envelope("facets", provenance);
    j["total"] = resp.total;
    j["with"] = with.empty() ? nlohmann::json(nullptr) : nlohmann::json(with);
    j["count"] = count_unit_name(req.count);
    j["facets"] = facets_object(resp, true);
    return j;
}

void write_facets_csv(std::ostream& out, const SearchResponse& resp,
                      const nlohmann::json& provenance) {
    write_provenance_csv(out, provenance);
    out << "facet,value,count,share\n";
    for (const auto& f : resp.facets)
        for (const auto& [v, c] : f.values)
            out << f.name << "," << csv_field(v) << "," << c << ","
                << round6(share(c, share_base(resp, f))) << "\n";
}

void write_facets_text(std::ostream& out, const SearchResponse& resp, const std::string& with,
                       bool color) {
    const char* bold = color ? "\033[1m" : "";
    const char* dim = color ? "\033[2m" : "";
    const char* reset = color ? "\033[0m" : "";
    out << resp.total << (resp.total == 1 ? " matching article" : " matching articles")
        << (with.empty() ? "" : " mentioning " + with) << (resp.total_exact ? "" : " (estimated)")
        << "\n";
    for (const auto& f : resp.facets) {
        out << "\n"
            << bold << f.name << reset << dim << (f.exact ? " (exact)" : " (sampled)") << reset
            << "\n";
        if (f.values.empty()) out << "  (none)\n";
        for (const auto& [v, c] : f.values) {
            char pct[32];
            std::snprintf(pct, sizeof pct, "%6.2f%%", 100.0 * share(c, share_base(resp, f)));
            out << "  " << std::setw(8) << c << "  " << pct << "  " << v << "\n";
        }
    }
}

namespace {

nlohmann::json claim_json(const Claim& c) {
    return {{"first_id", c.first_id},
            {"first_date",
             c.first_date.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.first_date)},
            {"first_by", c.first_by},
            {"statements", c.statements},
            {"repeated_by", c.repeated_by}};
}

}  // namespace

nlohmann::json quotes_json(const QuotesRequest& req, const QuotesResponse& resp,
                           const nlohmann::json& provenance) {
    nlohmann::json j = envelope("quotes", provenance);
    j["total"] = resp.total;
    j["articles"] = resp.articles;
    j["offset"] = req.offset;
    j["limit"] = req.all ? resp.total : req.limit;
    auto quotes = nlohmann::json::array();
    for (const auto& r : resp.rows) {
        quotes.push_back({{"name", r.statement.name},
                          {"kind", r.statement.kind},
                          {"cue", r.statement.cue},
                          {"quote", r.statement.quote},
                          {"first", r.first},
                          {"article", r.article},
                          {"claim", claim_json(resp.claims[r.claim])}});
    }
    j["quotes"] = std::move(quotes);
    return j;
}

void write_quotes_csv(std::ostream& out, const QuotesResponse& resp,
                      const nlohmann::json& provenance) {
    write_provenance_csv(out, provenance);
    out << "date,name,kind,cue,quote,article_id,title,source,url,first,first_id,first_date,"
           "first_by,statements\n";
    for (const auto& r : resp.rows) {
        const Claim& c = resp.claims[r.claim];
        out << csv_field(str(r.article, "date")) << "," << csv_field(r.statement.name) << ","
            << r.statement.kind << "," << csv_field(r.statement.cue) << ","
            << csv_field(r.statement.quote) << "," << csv_field(str(r.article, "id")) << ","
            << csv_field(str(r.article, "title")) << "," << csv_field(str(r.article, "source"))
            << "," << csv_field(str(r.article, "url")) << "," << (r.first ? "true" : "false") << ","
            << csv_field(c.first_id) << "," << csv_field(c.first_date) << ","
            << csv_field(c.first_by) << "," << c.statements << "\n";
    }
}

void write_quotes_text(std::ostream& out, const QuotesRequest& req, const QuotesResponse& resp,
                       bool color) {
    const char* bold = color ? "\033[1m" : "";
    const char* dim = color ? "\033[2m" : "";
    const char* reset = color ? "\033[0m" : "";
    out << resp.total << (resp.total == 1 ? " statement" : " statements") << " in " << resp.articles
        << (resp.articles == 1 ? " article" : " articles");
    if (!resp.rows.empty())
        out << ", showing " << req.offset + 1 << "-" << req.offset + resp.rows.size();
    out << "\n";
    for (const auto& r : resp.rows) {
        const Claim& c = resp.claims[r.claim];
        std::string date = str(r.article, "date");
        out << "\n"
            << dim << (date.empty() ? "(no date)  " : date.substr(0, 10)) << reset << "  " << bold
            << r.statement.name << reset << " (" << r.statement.kind << ", " << r.statement.cue
            << ")\n";
        if (!r.statement.quote.empty()) out << "    \u201c" << r.statement.quote << "\u201d\n";
        out << "    " << dim << str(r.article, "title");
        if (!str(r.article, "source").empty()) out << " \u00b7 " << str(r.article, "source");
        out << " \u00b7 " << str(r.article, "id") << reset << "\n";
        if (c.statements > 1) {
            if (r.first)
                out << "    first appearance; repeated " << c.statements - 1 << " time"
                    << (c.statements == 2 ? "" : "s") << "\n";
            else
                out << "    repeated: first said by " << c.first_by << " in " << c.first_id
                    << (c.first_date.empty() ? "" : " (" + c.first_date.substr(0, 10) + ")")
                    << "\n";
        }
    }
}

nlohmann::json answer_search(Searcher& searcher, const SearchRequest& req) {
    SearchResponse resp = searcher.search(req);
    nlohmann::json j = to_json(req, resp);
    j["provenance"] = provenance_json(searcher.provenance(), req.query, req.filters,
                                      resp.query_description, resp.total_exact);
    return j;
}

nlohmann::json answer_timeline(Searcher& searcher, const TimelineRequest& req) {
    Timeline t = compute_timeline(searcher, req);
    return timeline_json(
        req, t,
        provenance_json(searcher.provenance(), req.query, req.filters, t.query_description, true));
}

nlohmann::json answer_facets(Searcher& searcher, const SearchRequest& req,
                             const std::string& with) {
    SearchResponse resp = with.empty() ? searcher.search(req) : cooccurrence(searcher, req, with);
    nlohmann::json prov = provenance_json(searcher.provenance(), req.query, req.filters,
                                          resp.query_description, resp.total_exact);
    if (!with.empty()) prov["with"] = with;
    return facets_json(req, resp, with, prov);
}

nlohmann::json answer_quotes(Searcher& searcher, const QuotesRequest& req) {
    QuotesResponse resp = find_quotes(searcher, req);
    nlohmann::json prov = provenance_json(searcher.provenance(), req.query, req.filters,
                                          resp.query_description, true);
    if (!req.by.empty()) prov["by"] = req.by;
    return quotes_json(req, resp, prov);
}

}  // namespace kronika
