// People mentioned in an article, each once, under a canonical full name.
#pragma once

#include <string>
#include <vector>

#include "article.h"

namespace kronika {

// The people mentioned in the article's title and body, in order of first mention. A surname-only
// mention ("Putin", "Mr. Rahami") maps to the full name used elsewhere in the article; titles and
// honorifics are stripped ("FSB Director Alexander Bortnikov" -> "Alexander Bortnikov").
// Authors, photo credits, places, organisations, months and sentence-initial ordinary words are
// not people.
std::vector<std::string> extract_people(const Article& article);

}  // namespace kronika
