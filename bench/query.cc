// Query latency, in-process: the peers' query set (../shared/bench/peers/queries/news.tsv)
// through kronika::Searcher, exact counts, timed like the peers' harness.
//
// usage: kronika-bench-query --db DIR --queries news.tsv [--rounds 5] --out FILE.json [--extra]
//        [--snippets]
// One untimed warm-up round, then ROUNDS timed rounds; each latency is steady_clock around
// Searcher::search() (query building, matching, facets, stored data and snippets of the hits),
// and cpu_ms the process CPU time it took (bench/load predicts a busy server's throughput
// from it).
// The JSON has the shape of the peers' query files (peers/common.py run_rounds), so the peers'
// report code can treat us as one more peer. Kinds as the peers run them:
//   term, and2     the words (space = AND)             top 10 + exact total
//   phrase         "the words"                         top 10 + exact total
//   phrase_date    "the words" + --from/--to           top 10 + exact total
//   term_person    the word + person filter            top 10 + exact total
//   facet_people   the word, people facet (top 10)     facet table only, like the peers
//   date_hist      the word, date facet (per month)    facet table only
// Hits are fetched without snippets, like the peers (--snippets: with, and each answer encoded
// as the server sends it, answer_search() and its JSON text: bench/load's prediction); --extra adds
// term_snippets (the term rows with a highlighted snippet per hit) and kinds no peer has:
// facet_attribution (the facet_people words, attribution facet) and facet_people_all (every
// document, people facet). Facet rows as the peers record them: hits = count of the top value
// (facet_people) or the sum of the month buckets (date_hist); months as "YYYYMM".
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "results.h"
#include "search.h"

using namespace kronika;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// CPU time of the whole process (every thread: the per-shard counting threads too), in ms. What a
// query costs a busy server, where wall-clock latency on idle cores would flatter the threads.
double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

namespace {

// The peers' kinds first (their order), then ours.
const std::vector<std::string> kKinds = {"term",
                                         "and2",
                                         "phrase",
                                         "phrase_date",
                                         "term_person",
                                         "facet_people",
                                         "date_hist",
                                         "facet_attribution",
                                         "facet_people_all",
                                         "term_snippets"};

struct Query {
    std::string qid, kind, text, person, from, to;
    SearchRequest request;
    json record;  // qid, kind, text, person, hits, top, facets, lat_ms
};

// The TSV of the peers: header "qid kind text person date_from date_to", tab-separated.
std::vector<Query> load_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> header;
    {
        std::stringstream ss(line);
        std::string f;
        while (std::getline(ss, f, '\t')) header.push_back(f);
    }
    std::vector<Query> out;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string f;
        while (std::getline(ss, f, '\t')) cells.push_back(f);
        auto cell = [&](const char* name) {
            for (size_t i = 0; i < header.size() && i < cells.size(); ++i)
                if (header[i] == name) return cells[i];
            return std::string();
        };
        out.push_back({cell("qid"),
                       cell("kind"),
                       cell("text"),
                       cell("person"),
                       cell("date_from"),
                       cell("date_to"),
                       {},
                       {}});
    }
    return out;
}

bool is_facet_kind(const std::string& kind) {
    return kind == "facet_people" || kind == "date_hist" || kind == "facet_attribution" ||
           kind == "facet_people_all";
}

// The request for one row, mapped as the peers map their kinds (see the top of this file).
SearchRequest make_request(const Query& q, bool snippets) {
    SearchRequest r;
    r.exact = true;
    r.limit = 10;
    r.facet_top = 10;
    // The peers fetch ids and the exact total; snippets are timed apart (term_snippets).
    r.snippets = snippets || q.kind == "term_snippets";
    if (q.kind == "phrase" || q.kind == "phrase_date")
        r.query = "\"" + q.text + "\"";
    else if (q.kind != "facet_people_all")
        r.query = q.text;
    if (q.kind == "phrase_date") {
        r.filters.from = q.from;
        r.filters.to = q.to;
    }
    if (q.kind == "term_person") {
        std::string p = q.person;  // Reuters tags: "james-baker"
        std::replace(p.begin(), p.end(), '-', ' ');
        r.filters.people = {p};
    }
    if (q.kind == "facet_people" || q.kind == "facet_people_all")
        r.facets = {FacetKind::people};
    else if (q.kind == "date_hist")
        r.facets = {FacetKind::date};
    else if (q.kind == "facet_attribution")
        r.facets = {FacetKind::attribution};
    // The peers count facets without fetching any hit; do the same.
    if (is_facet_kind(q.kind)) r.limit = 0;
    return r;
}

// hits / top / facets as the peers record them.
void record_result(Query& q, const SearchResponse& resp) {
    json top = json::array(), facets = nullptr;
    uint64_t hits = resp.total;
    for (const auto& h : resp.hits) top.push_back(h.stored.value("id", ""));
    if (!resp.facets.empty()) {
        facets = json::array();
        hits = 0;
        bool date = q.kind == "date_hist";
        for (const auto& [value, count] : resp.facets[0].values) {
            std::string v = value;
            if (date)
                v.erase(std::remove(v.begin(), v.end(), '-'), v.end());  // "1987-03" -> "198703"
            facets.push_back(json::array({v, count}));
            if (date)
                hits += count;
            else if (hits == 0)
                hits = count;  // the top value's count
        }
    }
    q.record = {
        {"qid", q.qid},           {"kind", q.kind}, {"text", q.text},   {"person", q.person},
        {"hits", hits},           {"top", top},     {"facets", facets}, {"lat_ms", json::array()},
        {"cpu_ms", json::array()}};
}

// Median and p95 per kind, computed as peers/common.py summarize() does.
json summarize(const std::vector<Query>& queries) {
    json summary = json::object();
    for (const auto& kind : kKinds) {
        std::vector<double> lat;
        for (const auto& q : queries)
            if (q.kind == kind)
                for (double x : q.record["lat_ms"]) lat.push_back(x);
        if (lat.empty()) continue;
        std::sort(lat.begin(), lat.end());
        size_t n = lat.size();
        double median = n % 2 ? lat[n / 2] : (lat[n / 2 - 1] + lat[n / 2]) / 2;
        // Python's round() rounds halves to even, as nearbyint does in the default mode.
        size_t i = std::min(n - 1, static_cast<size_t>(std::nearbyint(0.95 * (n - 1))));
        summary[kind] = {{"n", n}, {"median_ms", median}, {"p95_ms", lat[i]}};
    }
    return summary;
}

int usage() {
    std::fprintf(stderr,
                 "usage: kronika-bench-query --db DIR --queries news.tsv [--rounds N] "
                 "--out FILE.json [--extra] [--snippets]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string db, queries_path, out;
    int rounds = 5;
    bool extra = false, snippets = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        bool has_value = i + 1 < argc;
        if (a == "--db" && has_value)
            db = argv[++i];
        else if (a == "--queries" && has_value)
            queries_path = argv[++i];
        else if (a == "--rounds" && has_value)
            rounds = std::max(1, std::atoi(argv[++i]));
        else if (a == "--out" && has_value)
            out = argv[++i];
        else if (a == "--extra")
            extra = true;
        else if (a == "--snippets")
            snippets = true;
        else
            return usage();
    }
    if (db.empty() || queries_path.empty() || out.empty()) return usage();
    try {
        std::vector<Query> queries = load_queries(queries_path);
        if (extra) {
            std::vector<Query> added;
            for (const auto& q : queries)
                if (q.kind == "facet_people")
                    added.push_back({q.qid + "a", "facet_attribution", q.text, "", "", "", {}, {}});
                else if (q.kind == "term")
                    added.push_back({q.qid + "s", "term_snippets", q.text, "", "", "", {}, {}});
            added.push_back({"all-people", "facet_people_all", "", "", "", "", {}, {}});
            queries.insert(queries.end(), added.begin(), added.end());
        }
        for (auto& q : queries) q.request = make_request(q, snippets);

        Searcher searcher(db);
        size_t encoded = 0;  // bytes of JSON (kept so the encoding is not optimised away)
        for (int r = 0; r <= rounds; ++r) {  // round 0: warm-up, untimed
            for (auto& q : queries) {
                auto t0 = Clock::now();
                double cpu0 = cpu_ms();
                SearchResponse resp;
                if (snippets && r > 0)
                    encoded += answer_search(searcher, q.request).dump().size();
                else
                    resp = searcher.search(q.request);
                double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                double cpu = cpu_ms() - cpu0;
                if (r == 0) {
                    record_result(q, resp);
                } else {
                    q.record["lat_ms"].push_back(std::round(ms * 1e4) / 1e4);
                    q.record["cpu_ms"].push_back(std::round(cpu * 1e4) / 1e4);
                }
            }
        }

        json doc = {{"peer", "kronika"},
                    {"rounds", rounds},
                    {"engine_version", "Kronika " KRONIKA_VERSION " (Xapian " +
                                           std::string(Xapian::version_string()) + ")"},
                    {"docs", searcher.database().get_doccount()}};
        doc["summary"] = summarize(queries);
        if (snippets) doc["json_bytes"] = encoded;
        doc["queries"] = json::array();
        for (const auto& q : queries) doc["queries"].push_back(q.record);
        std::ofstream f(out);
        f << doc.dump(1, ' ', false, json::error_handler_t::replace) << "\n";
        if (!f) throw std::runtime_error("cannot write " + out);

        for (const auto& kind : kKinds) {  // like common.py print_summary, in kind order
            if (!doc["summary"].contains(kind)) continue;
            const json& s = doc["summary"][kind];
            std::fprintf(stderr, "%-14s %-17s median %8.3f ms  p95 %8.3f ms\n", "kronika",
                         kind.c_str(), s["median_ms"].get<double>(), s["p95_ms"].get<double>());
        }
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "kronika-bench-query: %s\n", e.get_description().c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kronika-bench-query: %s\n", e.what());
        return 2;
    }
    return 0;
}
