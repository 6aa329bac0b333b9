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

// Counts the values of one facet over the documents the matcher examines. People and
// attributions are multi-valued (Xapian's ValueCountMatchSpy counts one value per document):
// each distinct value of a document is counted once. Names are counted by alias key (names.h),
// so spelling variants and the aliases of one person in `aliases` are one value, shown under the
// canonical name (or the most frequent spelling). Date counts are per month ("2024-03").
class FacetSpy : public Xapian::MatchSpy {
  public:
    // `names` must outlive the spy; `aliases` may be null.
    FacetSpy(FacetKind kind, NameKeys& names, const AliasTable* aliases)
        : kind_(kind), names_(names), aliases_(aliases) {}

    void operator()(const Xapian::Document& doc, double wt) override;
    std::string name() const override { return "kronika.FacetSpy"; }

    FacetKind kind() const { return kind_; }
    uint64_t documents_seen() const { return seen_; }

    // The `top` most frequent values (all when 0), by count then value; dates in date order.
    std::vector<std::pair<std::string, uint64_t>> top(size_t top) const;

  private:
    FacetKind kind_;
    NameKeys& names_;
    const AliasTable* aliases_;
    uint64_t seen_ = 0;
    std::map<std::string, uint64_t> counts_;  // by value (dates, kinds, outlets) or group key
    std::map<std::string, std::map<std::string, uint64_t>> spellings_;  // group key -> display -> n
};

}  // namespace kronika
