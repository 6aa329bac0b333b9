// Runs every facet extractor on an article: date (when metadata gave none), people, attribution.
#pragma once

#include "article.h"

namespace kronika {

// Fill in the article's facets. A date from metadata is kept; otherwise a dateline in the first
// lines of the body is used. Also guesses the language from the script when none was given.
void extract_facets(Article& article);

}  // namespace kronika
