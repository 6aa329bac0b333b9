// Claimed attribution: who statements or claims in an article are attributed to.
#pragma once

#include <string>
#include <vector>

#include "article.h"

namespace kronika {

// Attributions found in the body (and title): speakers of quotes and reported speech ("Bortnikov
// said", "said Zelenskyy", pronouns resolved to the last named person), sources ("according to
// Bloomberg", "Bloomberg's sources", "Reuters reported") and claimants ("claimed by the Islamic
// State", "X claimed responsibility"). `people` are the article's canonical people names
// (extract_people), used to canonicalise surname-only speakers. Each (name, kind) appears once.
std::vector<Attribution> extract_attributions(const Article& article,
                                              const std::vector<std::string>& people);

}  // namespace kronika
