// Reader for plain-text page scrapes (title, repeated title, credits, dateline, body, furniture).
#pragma once

#include <string_view>

#include "article.h"

namespace kronika {

// Parse one scraped article. Detects:
//  - the title: the first non-empty line; when the same title appears again (possibly glued to a
//    section label such as "News" in "NewsKremlin doubts..."), it is one title, and the label is
//    the section;
//  - the dateline (extract/dates.h), which sets `date`; byline datelines set `authors`;
//  - image-credit lines ("Images source: © East News | MIKHAIL METZEL", "Photo: ...") which go to
//    `photo_credits`, not the body;
//  - site furniture ("Related content", "follow the latest updates in our LIVE COVERAGE",
//    "Advertisement", share buttons...) which is dropped;
//  - repeated teaser lines before the dateline, which are not body text.
// The body is the remaining paragraphs, separated by "\n\n". Never throws on any byte input
// (invalid UTF-8 must already have been repaired by the caller).
Article parse_text_scrape(std::string_view text);

}  // namespace kronika
