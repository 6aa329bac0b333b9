// Match spies that decode Kronika's packed value slots.
#include "facets.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "schema.h"

namespace kronika {

FacetKind facet_from_name(const std::string& n) {
    if (n == "people" || n == "person") return FacetKind::people;
    if (n == "attribution" || n == "attributions") return FacetKind::attribution;
    if (n == "kind") return FacetKind::kind;
    if (n == "source" || n == "sources") return FacetKind::source;
    if (n == "date" || n == "month") return FacetKind::date;
    throw std::invalid_argument("unknown facet \"" + n +
                                "\" (use people, attribution, kind, source, date)");
}

const char* facet_name(FacetKind k) {
    switch (k) {
        case FacetKind::people:
            return "people";
        case FacetKind::attribution:
            return "attribution";
        case FacetKind::kind:
            return "kind";
        case FacetKind::source:
            return "source";
        case FacetKind::date:
            return "date";
    }
    return "";
}

namespace {

Xapian::valueno slot_of(FacetKind k) {
    switch (k) {
        case FacetKind::people:
            return schema::SLOT_PEOPLE;
        case FacetKind::source:
            return schema::SLOT_SOURCE;
        case FacetKind::date:
            return schema::SLOT_DATE_LOCAL;
        case FacetKind::attribution:
        case FacetKind::kind:
            break;
    }
    return schema::SLOT_ATTRIBUTIONS;
}

// Calls fn(item) for each distinct item of a '\n'-packed list.
template <class Fn>
void for_each_item(const std::string& packed, FacetKind kind, Fn&& fn) {
    std::set<std::string_view> values;
    size_t pos = 0;
    std::string_view p(packed);
    while (pos <= p.size()) {
        size_t nl = p.find('\n', pos);
        if (nl == std::string_view::npos) nl = p.size();
        std::string_view item = p.substr(pos, nl - pos);
        pos = nl + 1;
        if (item.empty()) continue;
        if (kind != FacetKind::people) {
            size_t tab = item.find('\t');
            if (tab == std::string_view::npos) continue;
            item = kind == FacetKind::kind ? item.substr(0, tab) : item.substr(tab + 1);
        }
        values.insert(item);
    }
    for (auto v : values) fn(v);
}

}  // namespace

FacetCounter::FacetCounter(FacetKind kind, NameKeys& names, const AliasTable* aliases)
    : kind_(kind), names_(names), aliases_(aliases), spy_(slot_of(kind)) {}

std::vector<std::pair<std::string, uint64_t>> FacetCounter::top(size_t n) const {
    std::map<std::string, uint64_t> counts;  // by value (dates, kinds, outlets) or group key
    std::map<std::string, std::map<std::string, uint64_t>> spellings;  // group -> display -> n
    std::unordered_map<std::string, std::string> group_of;             // name -> group key
    for (auto it = spy_.values_begin(); it != spy_.values_end(); ++it) {
        const std::string value = *it;
        uint64_t count = it.get_termfreq();
        switch (kind_) {
            case FacetKind::source:
                if (!value.empty()) counts[value] += count;
                continue;
            case FacetKind::date:
                if (value.size() == 8)
                    counts[value.substr(0, 4) + "-" + value.substr(4, 2)] += count;
                continue;
            case FacetKind::kind:
                for_each_item(value, kind_,
                              [&](std::string_view v) { counts[std::string(v)] += count; });
                continue;
            case FacetKind::people:
            case FacetKind::attribution:
                break;
        }
        // Two spellings of one person in a document count once.
        std::set<std::string> groups;
        for_each_item(value, kind_, [&](std::string_view v) {
            std::string name(v);
            auto g = group_of.find(name);
            if (g == group_of.end()) {
                std::string key = names_.key(name);
                if (aliases_) key = aliases_->group_key(key);
                g = group_of.emplace(name, std::move(key)).first;
            }
            spellings[g->second][name] += count;
            groups.insert(g->second);
        });
        for (const auto& g : groups) counts[g] += count;
    }
    std::vector<std::pair<std::string, uint64_t>> out;
    for (const auto& [value, count] : counts) {
        auto sp = spellings.find(value);
        if (sp == spellings.end()) {
            out.emplace_back(value, count);
            continue;
        }
        // The canonical name when the alias table has one, else the most frequent spelling.
        std::string display = aliases_ ? aliases_->canonical_for(value) : "";
        if (display.empty()) {
            uint64_t best = 0;
            for (const auto& [spelling, k] : sp->second)
                if (k > best) best = k, display = spelling;
        }
        out.emplace_back(display, count);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    if (kind_ != FacetKind::date) {
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    if (n && out.size() > n) out.resize(n);
    return out;
}

}  // namespace kronika
