// Extraction speed: time each facet extractor on articles already in memory.
//
// usage: kronika-bench-extract FILE.jsonl[.zst|.gz]... [--limit N]
// Reads the articles first (reading and JSON parsing are not timed), then runs the language
// detector, the dateline finder, the people and the attribution extractors over all of them, and
// prints MB/s of article text (title + body) for each and for all together, on one core.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "extract/attribution.h"
#include "extract/extract.h"
#include "extract/people.h"
#include "extract/people_slavic.h"
#include "language.h"
#include "readers/input.h"

using namespace kronika;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    std::vector<std::string> paths;
    size_t limit = 0;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--limit") && i + 1 < argc)
            limit = std::stoul(argv[++i]);
        else
            paths.push_back(argv[i]);
    }
    if (paths.empty()) {
        std::fprintf(stderr, "usage: kronika-bench-extract FILE... [--limit N]\n");
        return 2;
    }
    std::vector<Article> articles;
    DiagnosticSink quiet = [](const Diagnostic&) {};
    for (const auto& f : list_inputs(paths, quiet)) {
        read_input(
            f, {},
            [&](Article&& a) {
                if (!limit || articles.size() < limit) articles.push_back(std::move(a));
            },
            quiet);
    }
    double bytes = 0;
    for (const auto& a : articles) bytes += a.title.size() + a.body.size();
    auto time = [&](const char* what, auto&& fn) {
        auto t0 = Clock::now();
        for (auto& a : articles) fn(a);
        double s = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("%-28s %8.2f s %9.1f MB/s\n", what, s, bytes / s / 1e6);
        return s;
    };
    std::printf("%zu articles, %.1f MB of text\n", articles.size(), bytes / 1e6);
    double total = 0;
    total += time("language (CLD2)", [](Article& a) {
        if (a.language.empty())
            a.language = detect_language(a.title + "\n" + a.body.substr(0, 2048));
    });
    total += time("people", [](Article& a) {
        a.people = (a.language == "ru" || a.language == "uk") ? extract_people_slavic(a)
                                                              : extract_people(a);
    });
    total +=
        time("attribution", [](Article& a) { a.attributions = extract_attributions(a, a.people); });
    std::printf("%-28s %8.2f s %9.1f MB/s\n", "sum of the above", total, bytes / total / 1e6);
    time("extract_facets (all, again)", [](Article& a) { extract_facets(a); });
    return 0;
}
