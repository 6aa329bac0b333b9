// Facet counting: match spies over the value slots of schema.h, multi-valued where needed.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "names.h"

namespace kronika {

// The facets a search can count.
enum class FacetKind { people, attribution, kind, source, date };

// Parses "people" / "attribution" / "kind" / "source" / "date"; throws std::invalid_argument.
FacetKind facet_from_name(const std::string& name);
const char* facet_name(FacetKind kind);

// Counts the values of one facet over the documents the matcher examines. The counting itself is
// Xapian's ValueCountMatchSpy over the facet's value slot (schema.h), so it works the same on
// local shards and on remote ones served by xapian-tcpsrv (which knows only Xapian's own spies).
// People and attributions are multi-valued: the spy counts each distinct packed list, and top()
// splits the lists, so each distinct value of a document is counted once. Names are counted by
// alias key (names.h), so spelling variants and the aliases of one person in `aliases` are one
// value, shown under the canonical name (or the most frequent spelling). Dates are per month
// ("2024-03").
class FacetCounter {
  public:
    // `names` must outlive the counter; `aliases` may be null.
    FacetCounter(FacetKind kind, NameKeys& names, const AliasTable* aliases);

    // The spy to add to the Enquire (owned by this counter).
    Xapian::MatchSpy* spy() { return &spy_; }

    FacetKind kind() const { return kind_; }
    uint64_t documents_seen() const { return spy_.get_total(); }

    // The `top` most frequent values (all when 0), by count then value; dates in date order.
    std::vector<std::pair<std::string, uint64_t>> top(size_t top) const;

  private:
    FacetKind kind_;
    NameKeys& names_;
    const AliasTable* aliases_;
    Xapian::ValueCountMatchSpy spy_;
};

}  // namespace kronika
