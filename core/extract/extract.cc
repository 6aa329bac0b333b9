// The facet pipeline: date from the text when metadata gave none, language, people, attribution.
#include "extract/extract.h"

#include <string_view>
#include <vector>

#include "extract/attribution.h"
#include "extract/dates.h"
#include "extract/people.h"
#include "extract/people_slavic.h"

namespace kronika {

namespace {

// Guess a language from the script of the first letters: enough to pick a stemmer. Cyrillic
// with Ukrainian-only letters (і ї є ґ) is "uk", other Cyrillic "ru", Latin "en".
std::string guess_language(std::string_view text) {
    size_t latin = 0, cyrillic = 0, ukrainian = 0, other = 0;
    size_t i = 0, seen = 0;
    while (i < text.size() && seen < 2000) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (std::isalpha(c)) ++latin, ++seen;
            ++i;
        } else if ((c & 0xE0) == 0xC0 && i + 1 < text.size()) {
            unsigned cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
            if (cp >= 0x400 && cp <= 0x4FF) {
                ++cyrillic;
                if (cp == 0x456 || cp == 0x457 || cp == 0x454 || cp == 0x491 || cp == 0x406 ||
                    cp == 0x407 || cp == 0x404 || cp == 0x490)
                    ++ukrainian;
            } else if (cp < 0x250) {
                ++latin;
            } else {
                ++other;
            }
            ++seen;
            i += 2;
        } else {
            ++other;
            ++seen;
            i += (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        }
    }
    if (cyrillic > latin && cyrillic > other) return ukrainian * 50 > cyrillic ? "uk" : "ru";
    if (latin > other && latin > 0) return "en";
    return "";
}

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
    if (article.language.empty()) article.language = guess_language(article.title + " " + article.body.substr(0, 4000));
    article.people = (article.language == "ru" || article.language == "uk")
                         ? extract_people_slavic(article)
                         : extract_people(article);
    article.attributions = extract_attributions(article, article.people);
}

}  // namespace kronika
