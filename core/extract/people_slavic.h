// People mentioned in Russian and Ukrainian articles: inflected names folded to one person.
#pragma once

#include <string>
#include <vector>

#include "article.h"

namespace kronika {

// The people mentioned in a Russian ("ru") or Ukrainian ("uk") article, each once, under a
// canonical form (nominative full name where the article gives one), in order of first mention.
std::vector<std::string> extract_people_slavic(const Article& article);

}  // namespace kronika
