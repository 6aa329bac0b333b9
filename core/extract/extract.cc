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
        if (auto m = find_dateline(leading_lines(article.body, 6), 6)) article.date = m->date;
    }
    if (article.language.empty()) article.language = detect_language(article.title + "\n" + article.body.substr(0, 6000));
    article.people = (article.language == "ru" || article.language == "uk")
                         ? extract_people_slavic(article)
                         : extract_people(article);
    article.attributions = extract_attributions(article, article.people);
}

}  // namespace kronika
