// The facet pipeline: date from the text when metadata gave none, language, people, attribution.
#include "extract/extract.h"

#include <string_view>
#include <vector>

#include "extract/attribution.h"
#include "extract/dates.h"
#include "extract/people.h"
#include "extract/people_slavic.h"
#include "language.h"

namespace kronika {

namespace {

// The lines at the top of the body, where a dateline would be.
std::vector<std::string_view> leading_lines(std::string_view body, size_t max_lines) {
    std::vector<std::string_view> lines;
    size_t pos = 0;
    while (pos < body.size() && lines.size() < max_lines * 2) {
        size_t nl = body.find('\n', pos);
        if (nl == std::string_view::npos) nl = body.size();
        lines.push_back(body.substr(pos, nl - pos));
        pos = nl + 1;
    }
    return lines;
}

}  // namespace

void extract_facets(Article& article) {
    if (!article.date) {
        auto lines = leading_lines(article.body, 6);
        if (auto m = find_dateline(lines, 6)) {
            article.date = m->date;
        } else {
            // Wire and wiki leads open with the date in a sentence ("8 августа 2016 года житель…",
            // "On Monday, March 4, 2024, …"); only the first lines count.
            size_t nonempty = 0;
            for (auto line : lines) {
                if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
                if (++nonempty > 3) break;
                if (auto d = parse_lead_date(line)) {
                    article.date = d;
                    break;
                }
            }
        }
    }
    if (article.language.empty()) {
        article.language = detect_language(article.title + "\n" + article.body.substr(0, 2048));
        // Web pages say where each metadata field came from (html_reader.h).
        if (!article.field_sources.empty() && !article.language.empty())
            article.field_sources.emplace_back("language", "detected");
    }
    article.people = (article.language == "ru" || article.language == "uk")
                         ? extract_people_slavic(article)
                         : extract_people(article);
    article.attributions = extract_attributions(article, article.people);
}

}  // namespace kronika
