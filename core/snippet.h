// Snippets: the passage of an article that best shows why it matched, with the matched words.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analyzer.h"

namespace kronika {

// A piece of snippet text; `hit` pieces are matched words.
struct SnippetPart {
    std::string text;
    bool hit = false;
};

// Picks the window of about `max_bytes` of `text` holding the most distinct query words (a word
// matches when its folded form is in `words`, or its stem is in `stems`; a query word and its
// stem count as one word), cut at word boundaries, with "…" where text was cut. Without matches,
// the start of the text. The window is looked for in the first 1 KB when that holds every query
// word, else in the first 4 KB when that holds any, else in the first 200 KB.
std::vector<SnippetPart> make_snippet(Analyzer& analyzer, std::string_view text,
                                      const std::set<std::string>& words,
                                      const std::set<std::string>& stems,
                                      const Xapian::Stem& stemmer, size_t max_bytes = 240);

}  // namespace kronika
