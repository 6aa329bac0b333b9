// kronika-search: answer a query over a Kronika database as text, JSON or CSV.
//
// Exit codes: 0 results found, 1 no results, 2 an error (bad query or option, no database).
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/algorithm/string.hpp>
#include <boost/program_options.hpp>

#include "cli.h"
#include "results.h"
#include "schema.h"
#include "search.h"

namespace po = boost::program_options;
using namespace kronika;

namespace {

constexpr int kExitFound = cli::kExitOk, kExitNone = cli::kExitPartial,
              kExitError = cli::kExitError;

const char* kUsage =
    "usage: kronika-search [OPTIONS] QUERY...\n"
    "\n"
    "Query syntax: words (all must match; stemmed), \"exact phrases\", AND, OR, NOT, -word,\n"
    "(grouping), a NEAR b, a NEAR/5 b, title:word, title:\"a phrase\", quote:\"said words\",\n"
    "person:\"Full Name\" (or \"F. Name\"), attribution:NAME, kind:speaker|source|claimant,\n"
    "source:OUTLET, author:NAME, lang:en,\n"
    "date:2024-03-01..2024-03-31 (also date:2024-03, date:2024, open ends with ..).\n"
    "\n"
    "examples:\n"
    "  kronika-search '\"Crocus City Hall\"' --person \"Vladimir Putin\"\n"
    "  kronika-search --attribution Bloomberg --kind source --facets people,date\n"
    "  kronika-search 'kremlin NEAR/5 intelligence' --sort newest --format json\n"
    "\n"
    "exit codes: 0 results found, 1 no results, 2 error\n";

using cli::default_db;

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_DFL);
    std::string db, sort, format, facets, from, to;
    std::vector<std::string> words, people, attributions, kinds, sources;
    SearchRequest req;
    po::options_description desc("options");
    desc.add_options()("help,h", "show this help")("version", "print the version")(
        "db", po::value(&db)->default_value(default_db()),
        "database folder (default $KRONIKA_DB, else ./kronika-db)")(
        "person", po::value(&people)->composing(),
        "only articles mentioning this person (repeatable)")(
        "attribution", po::value(&attributions)->composing(),
        "only articles attributing statements to NAME (repeatable)")(
        "kind", po::value(&kinds)->composing(),
        "attribution kind: speaker, source or claimant (with --attribution: of that name)")(
        "source", po::value(&sources)->composing(), "only articles from this outlet (repeatable)")(
        "from", po::value(&from), "published on or after DATE (YYYY-MM-DD, local date)")(
        "to", po::value(&to), "published on or before DATE")(
        "sort", po::value(&sort)->default_value("relevance"), "relevance, newest or oldest")(
        "limit", po::value(&req.limit)->default_value(10), "results to show (at most 10000)")(
        "offset", po::value(&req.offset)->default_value(0), "results to skip")(
        "facets", po::value(&facets), "count facets: people,attribution,kind,source,date")(
        "top", po::value(&req.facet_top)->default_value(10), "values per facet")(
        "exact", "count every match: exact total and facet counts")(
        "format", po::value(&format)->default_value("text"), "text, json or csv")(
        "color", po::value<std::string>()->default_value("auto"), "auto, always or never")(
        "debug-query", "print Xapian's description of the query on stderr")(
        "query", po::value(&words)->multitoken(), "the query");
    po::positional_options_description pos;
    pos.add("query", -1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(desc).positional(pos).run(), vm);
        if (vm.count("help")) {
            std::cout << kUsage << "\n" << desc;
            return kExitFound;
        }
        if (vm.count("version")) {
            std::cout << "kronika-search " KRONIKA_VERSION " (schema " << schema::kSchemaVersion
                      << ")\n";
            return kExitFound;
        }
        po::notify(vm);
        req.query = boost::algorithm::join(words, " ");
        req.filters = {people, attributions, kinds, sources, from, to};
        if (sort == "relevance")
            req.sort = SortOrder::relevance;
        else if (sort == "newest")
            req.sort = SortOrder::newest;
        else if (sort == "oldest")
            req.sort = SortOrder::oldest;
        else
            throw po::error("--sort must be relevance, newest or oldest");
        if (!facets.empty()) {
            std::vector<std::string> names;
            boost::split(names, facets, boost::is_any_of(","));
            for (auto& n : names) {
                boost::trim(n);
                if (!n.empty()) req.facets.push_back(facet_from_name(n));
            }
        }
        req.exact = vm.count("exact");
        OutputFormat fmt = output_format_from_name(format);
        std::string color = vm["color"].as<std::string>();
        bool use_color = color == "always" ||
                         (color == "auto" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));

        Searcher searcher(db);
        SearchResponse resp = searcher.search(req);
        if (vm.count("debug-query")) std::cerr << resp.query_description << "\n";
        switch (fmt) {
            case OutputFormat::json:
                std::cout << to_json(req, resp).dump(2, ' ', false,
                                                     nlohmann::json::error_handler_t::replace)
                          << "\n";
                break;
            case OutputFormat::csv:
                write_csv(std::cout, resp);
                break;
            case OutputFormat::text:
                write_text(std::cout, req, resp, use_color);
                break;
        }
        std::cout.flush();
        return resp.total > 0 ? kExitFound : kExitNone;
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
