// kronika-search: answer queries over a Kronika database as text, JSON or CSV.
//
//   kronika-search [search] QUERY...   ranked articles (the default command)
//   kronika-search timeline QUERY...   counts per day / week / month / year, charts
//   kronika-search facets QUERY...     who / what / which outlet, over every match
//   kronika-search quotes [QUERY...]   attributed statements in date order
//
// Exit codes: 0 results found, 1 no results, 2 an error (bad query or option, no database).
#include <unistd.h>

#include <sys/ioctl.h>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/algorithm/string.hpp>
#include <boost/program_options.hpp>

#include "cli.h"
#include "quotes.h"
#include "results.h"
#include "schema.h"
#include "search.h"
#include "server.h"
#include "timeline.h"

namespace po = boost::program_options;
using namespace kronika;

namespace {

constexpr int kExitFound = cli::kExitOk, kExitNone = cli::kExitPartial,
              kExitError = cli::kExitError;

const char* kUsage =
    "usage: kronika-search [search] [OPTIONS] QUERY...\n"
    "       kronika-search timeline [OPTIONS] [QUERY...] [--by month] [--normalize] [--split "
    "people]\n"
    "       kronika-search facets [OPTIONS] [QUERY...] [--facet people] [--with NAME]\n"
    "       kronika-search quotes [OPTIONS] [QUERY...] [--by NAME] [--kind KIND]\n"
    "       kronika-search serve [--db DIR] [--listen 127.0.0.1:8080]   (HTTP API + page)\n"
    "\n"
    "Query syntax: words (all must match; stemmed), \"exact phrases\", AND, OR, NOT, -word,\n"
    "(grouping), a NEAR b, a NEAR/5 b, title:word, title:\"a phrase\", quote:\"said words\",\n"
    "person:\"Full Name\" (or \"F. Name\"), attribution:NAME, kind:speaker|source|claimant,\n"
    "source:OUTLET, author:NAME, lang:en, story:ID,\n"
    "date:2024-03-01..2024-03-31 (also date:2024-03, date:2024, open ends with ..).\n"
    "\n"
    "examples:\n"
    "  kronika-search '\"Crocus City Hall\"' --person \"Vladimir Putin\"\n"
    "  kronika-search --attribution Bloomberg --kind source --facets people,date\n"
    "  kronika-search 'kremlin NEAR/5 intelligence' --sort newest --format json\n"
    "  kronika-search timeline ukraine --by week --normalize --split people --plot t.svg\n"
    "  kronika-search facets --facet people --with \"Vladimir Putin\"\n"
    "  kronika-search quotes ukraine --by Bortnikov\n"
    "\n"
    "exit codes: 0 results found, 1 no results, 2 error\n";

// Options every command shares: database, filters, output.
struct Common {
    std::string db, format, color, from, to;
    std::vector<std::string> words, people, attributions, kinds, sources;
    bool use_color = false;
    OutputFormat fmt = OutputFormat::text;

    void add(po::options_description& d, bool kind_option = true) {
        d.add_options()("help,h", "show this help")("version", "print the version")(
            "db", po::value(&db)->default_value(cli::default_db()),
            "database folder (default $KRONIKA_DB, else ./kronika-db)")(
            "person", po::value(&people)->composing(),
            "only articles mentioning this person (repeatable)")(
            "attribution", po::value(&attributions)->composing(),
            "only articles attributing statements to NAME (repeatable)")(
            "source", po::value(&sources)->composing(),
            "only articles from this outlet (repeatable)")(
            "from", po::value(&from), "published on or after DATE (YYYY-MM-DD, local date)")(
            "to", po::value(&to), "published on or before DATE")(
            "format", po::value(&format)->default_value("text"), "text, json or csv")(
            "color", po::value(&color)->default_value("auto"), "auto, always or never")(
            "query", po::value(&words)->multitoken(), "the query");
        if (kind_option)
            d.add_options()(
                "kind", po::value(&kinds)->composing(),
                "attribution kind: speaker, source or claimant (with --attribution: of that name)");
    }
    // Parses argv (after the command name) into `vm`; true when --help or --version was
    // answered.
    bool parse(int argc, char** argv, po::options_description& desc, po::variables_map& vm);
    QueryFilters filters() const { return {people, attributions, kinds, sources, from, to}; }
    std::string query() const { return boost::algorithm::join(words, " "); }
    void finish() {
        fmt = output_format_from_name(format);
        use_color = color == "always" ||
                    (color == "auto" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
    }
};

bool Common::parse(int argc, char** argv, po::options_description& desc, po::variables_map& vm) {
    po::positional_options_description pos;
    pos.add("query", -1);
    po::store(po::command_line_parser(argc, argv).options(desc).positional(pos).run(), vm);
    if (vm.count("help")) {
        std::cout << kUsage << "\n" << desc;
        return true;
    }
    if (vm.count("version")) {
        std::cout << "kronika-search " KRONIKA_VERSION " (schema " << schema::kSchemaVersion
                  << ")\n";
        return true;
    }
    po::notify(vm);
    finish();
    return false;
}

void print_json(const nlohmann::json& j) {
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// Writes a command's answer in the chosen format, then flushes (a full pipe fails here).
template <class Json, class Csv, class Text>
void emit(OutputFormat format, Json&& json, Csv&& csv, Text&& text) {
    switch (format) {
        case OutputFormat::json:
            print_json(json());
            break;
        case OutputFormat::csv:
            csv();
            break;
        case OutputFormat::text:
            text();
            break;
    }
    std::cout.flush();
}

int terminal_width() {
    winsize w{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col >= 40)
        return w.ws_col;
    return 80;
}

SortOrder sort_from_name(const std::string& sort) {
    if (sort == "relevance") return SortOrder::relevance;
    if (sort == "newest") return SortOrder::newest;
    if (sort == "oldest") return SortOrder::oldest;
    throw po::error("--sort must be relevance, newest or oldest");
}

std::vector<FacetKind> facet_list(const std::string& csv) {
    std::vector<FacetKind> out;
    std::vector<std::string> names;
    boost::split(names, csv, boost::is_any_of(","));
    for (auto& n : names) {
        boost::trim(n);
        if (!n.empty()) out.push_back(facet_from_name(n));
    }
    return out;
}

int cmd_search(int argc, char** argv) {
    Common c;
    std::string sort, facets;
    SearchRequest req;
    po::options_description desc("options");
    c.add(desc);
    desc.add_options()("sort", po::value(&sort)->default_value("relevance"),
                       "relevance, newest or oldest")(
        "limit", po::value(&req.limit)->default_value(10), "results to show (at most 10000)")(
        "offset", po::value(&req.offset)->default_value(0), "results to skip")(
        "after", po::value(&req.after),
        "with --sort oldest|newest: the page after this cursor (next_cursor of the last page)")(
        "all", "every match, streamed (json and csv; no limit, no snippets), with exact counts")(
        "first", "the earliest matching article (\"when was this first reported\")")(
        "collapse", "one result per story (near-duplicate copies folded into the first)")(
        "facets", po::value(&facets), "count facets: people,attribution,kind,source,date")(
        "top", po::value(&req.facet_top)->default_value(10), "values per facet")(
        "exact", "count every match: exact total and facet counts")(
        "debug-query", "print Xapian's description of the query on stderr");
    po::variables_map vm;
    if (c.parse(argc, argv, desc, vm)) return kExitFound;
    req.query = c.query();
    req.filters = c.filters();
    req.sort = sort_from_name(sort);
    req.facets = facet_list(facets);
    req.exact = vm.count("exact") > 0;
    req.collapse = vm.count("collapse") > 0;
    if (vm.count("first")) {
        req.sort = SortOrder::oldest;
        req.limit = 1;
        req.offset = 0;
    }
    Searcher searcher(c.db);
    if (vm.count("all")) {
        if (c.fmt == OutputFormat::text)
            throw po::error("--all streams json or csv: add --format json or --format csv");
        req.exact = true;
        req.snippets = false;  // an export of every match: the stored fields only
        uint64_t total = write_all_results(std::cout, searcher, req, c.fmt);
        std::cout.flush();
        return total > 0 ? kExitFound : kExitNone;
    }
    SearchResponse resp = searcher.search(req);
    if (vm.count("debug-query")) std::cerr << resp.query_description << "\n";
    nlohmann::json prov = provenance_json(searcher.provenance(), req.query, req.filters,
                                          resp.query_description, resp.total_exact);
    emit(
        c.fmt,
        [&] {
            nlohmann::json j = to_json(req, resp);
            j["provenance"] = std::move(prov);
            return j;
        },
        [&] {
            write_provenance_csv(std::cout, prov);
            write_csv(std::cout, resp);
        },
        [&] { write_text(std::cout, req, resp, c.use_color); });
    return resp.total > 0 ? kExitFound : kExitNone;
}

int cmd_timeline(int argc, char** argv) {
    Common c;
    std::string by, split, count, plot;
    TimelineRequest req;
    po::options_description desc("timeline options");
    c.add(desc);
    desc.add_options()("by", po::value(&by)->default_value("month"), "day, week, month or year")(
        "tz", po::value(&req.tz),
        "bucket by the calendar day in this IANA time zone (e.g. Europe/Kyiv); default: the "
        "date each article was published with")(
        "normalize", "also give each bucket's share of all articles in the database")(
        "split", po::value(&split), "one series per top value: people, attribution or source")(
        "top", po::value(&req.top)->default_value(5), "series with --split (at most 50)")(
        "count", po::value(&count)->default_value("articles"),
        "count articles or stories (near-duplicate copies once)")(
        "plot", po::value(&plot), "also write the chart as an SVG file");
    po::variables_map vm;
    if (c.parse(argc, argv, desc, vm)) return kExitFound;
    req.query = c.query();
    req.filters = c.filters();
    req.by = bucketing_from_name(by);
    req.normalize = vm.count("normalize") > 0;
    if (!split.empty()) req.split = facet_from_name(split);
    if (req.top > 50) throw po::error("--top is at most 50");
    req.count = count_unit_from_name(count);
    Searcher searcher(c.db);
    Timeline t = compute_timeline(searcher, req);
    nlohmann::json prov =
        provenance_json(searcher.provenance(), req.query, req.filters, t.query_description, true);
    emit(
        c.fmt, [&] { return timeline_json(req, t, prov); },
        [&] { write_timeline_csv(std::cout, req, t, prov); },
        [&] { write_timeline_text(std::cout, req, t, c.use_color, terminal_width()); });
    if (!plot.empty()) {
        std::ofstream f(plot, std::ios::binary);
        f << svg_timeline(timeline_chart(req, t));
        if (!f.flush()) throw std::runtime_error(plot + ": cannot write the plot");
        if (c.fmt == OutputFormat::text) std::cout << "\nchart written to " << plot << "\n";
    }
    return t.matches > 0 ? kExitFound : kExitNone;
}

int cmd_facets(int argc, char** argv) {
    Common c;
    std::string facets, with, count;
    SearchRequest req;
    po::options_description desc("facets options");
    c.add(desc);
    desc.add_options()("facet", po::value(&facets)->default_value("people"),
                       "people, attribution, source, kind or date (comma-separated for several)")(
        "top", po::value(&req.facet_top)->default_value(20), "values per facet (0: all)")(
        "with", po::value(&with),
        "co-occurrence: only articles mentioning NAME, NAME itself left out of the table")(
        "count", po::value(&count)->default_value("articles"),
        "count articles or stories (near-duplicate copies once)");
    po::variables_map vm;
    if (c.parse(argc, argv, desc, vm)) return kExitFound;
    req.query = c.query();
    req.filters = c.filters();
    req.facets = facet_list(facets);
    req.limit = 0;
    req.exact = true;
    req.count = count_unit_from_name(count);
    Searcher searcher(c.db);
    SearchResponse resp = with.empty() ? searcher.search(req) : cooccurrence(searcher, req, with);
    nlohmann::json prov = provenance_json(searcher.provenance(), req.query, req.filters,
                                          resp.query_description, resp.total_exact);
    if (!with.empty()) prov["with"] = with;
    emit(
        c.fmt, [&] { return facets_json(req, resp, with, prov); },
        [&] { write_facets_csv(std::cout, resp, prov); },
        [&] { write_facets_text(std::cout, resp, with, c.use_color); });
    return resp.total > 0 ? kExitFound : kExitNone;
}

int cmd_serve(int argc, char** argv) {
    ServerOptions o;
    std::string listen;
    o.db = cli::default_db();
    po::options_description desc("serve options");
    desc.add_options()("help,h", "show this help")("version", "print the version")(
        "db", po::value(&o.db)->default_value(o.db),
        "database folder (default $KRONIKA_DB, else ./kronika-db)")(
        "listen", po::value(&listen)->default_value("127.0.0.1:8080"),
        "HOST:PORT to listen on (loopback unless told otherwise; 0.0.0.0 for every interface)")(
        "threads", po::value(&o.threads)->default_value(0),
        "worker threads, each with its own database handle (0: two per core)")(
        "cors", po::value(&o.cors), "let pages from this origin call the API")(
        "web-root", po::value(&o.web_root),
        "serve the search page from this folder instead of the embedded copy")(
        "time-limit", po::value(&o.time_limit)->default_value(o.time_limit),
        "seconds of matching per request (0: none)")(
        "cache-mb", po::value(&o.cache_mb)->default_value(o.cache_mb),
        "MiB of answers kept for repeated requests (0: off)")(
        "max-stale-ms", po::value(&o.max_stale_ms)->default_value(o.max_stale_ms),
        "after a commit, a repeated request may get the answer of the previous revision, "
        "computed at most this long ago, while the new one is computed (0: never)")(
        "max-limit", po::value(&o.max_limit)->default_value(o.max_limit), "results per page")(
        "max-offset", po::value(&o.max_offset)->default_value(o.max_offset),
        "deepest offset (deeper: the cursor)")("quiet", "no request log");
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    if (vm.count("help")) {
        std::cout << "usage: kronika-search serve [--db DIR] [--listen 127.0.0.1:8080]\n\n" << desc;
        return kExitFound;
    }
    po::notify(vm);
    size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 == listen.size())
        throw po::error("--listen must be HOST:PORT");
    o.host = listen.substr(0, colon);
    if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']')
        o.host = o.host.substr(1, o.host.size() - 2);
    std::string port = listen.substr(colon + 1);
    if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
        std::stoi(port) > 65535)
        throw po::error("--listen: bad port \"" + port + "\"");
    o.port = std::stoi(port);
    o.log = !vm.count("quiet");
    if (o.cache_mb > 65536) throw po::error("--cache-mb is at most 65536");
    if (o.max_stale_ms > 600000) throw po::error("--max-stale-ms is at most 600000");
    return serve(o);
}

int cmd_quotes(int argc, char** argv) {
    Common c;
    std::string sort;
    QuotesRequest req;
    po::options_description desc("quotes options");
    c.add(desc, false);
    desc.add_options()("by", po::value(&req.by), "statements attributed to NAME")(
        "kind", po::value(&req.kinds)->composing(),
        "only statements of this kind: speaker, source or claimant (repeatable)")(
        "sort", po::value(&sort)->default_value("oldest"), "oldest or newest")(
        "limit", po::value(&req.limit)->default_value(50), "statements to show (at most 10000)")(
        "offset", po::value(&req.offset)->default_value(0), "statements to skip")(
        "all", "every statement (no limit)");
    po::variables_map vm;
    if (c.parse(argc, argv, desc, vm)) return kExitFound;
    req.query = c.query();
    req.filters = c.filters();
    req.sort = sort_from_name(sort);
    if (req.sort == SortOrder::relevance) throw po::error("quotes --sort is oldest or newest");
    req.all = vm.count("all") > 0;
    Searcher searcher(c.db);
    QuotesResponse resp = find_quotes(searcher, req);
    nlohmann::json prov = provenance_json(searcher.provenance(), req.query, req.filters,
                                          resp.query_description, true);
    if (!req.by.empty()) prov["by"] = req.by;
    emit(
        c.fmt, [&] { return quotes_json(req, resp, prov); },
        [&] { write_quotes_csv(std::cout, resp, prov); },
        [&] { write_quotes_text(std::cout, req, resp, c.use_color); });
    return resp.total > 0 ? kExitFound : kExitNone;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_DFL);
    std::string command = argc > 1 ? argv[1] : "";
    int (*run)(int, char**) = cmd_search;
    if (command == "timeline")
        run = cmd_timeline;
    else if (command == "facets")
        run = cmd_facets;
    else if (command == "quotes")
        run = cmd_quotes;
    else if (command == "serve")
        run = cmd_serve;
    bool named = run != cmd_search || command == "search";
    // A named command's options start after its name (argv[0] is skipped by the parser).
    char** args = named ? argv + 1 : argv;
    int nargs = named ? argc - 1 : argc;
    try {
        return run(nargs, args);
    } catch (const QueryError& e) {
        std::fprintf(stderr, "kronika-search: bad query: %s\n", e.what());
    } catch (const po::error& e) {
        std::fprintf(stderr, "kronika-search: %s (see --help)\n", e.what());
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "kronika-search: %s\n", e.get_description().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kronika-search: %s\n", e.what());
    }
    return kExitError;
}
