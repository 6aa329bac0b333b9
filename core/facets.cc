// Match spies that decode Kronika's packed value slots.
#include "facets.h"

#include <algorithm>
#include <set>
#include <stdexcept>

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

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    ++seen_;
    switch (kind_) {
        case FacetKind::source: {
            std::string v = doc.get_value(schema::SLOT_SOURCE);
            if (!v.empty()) ++counts_[v];
            return;
        }
        case FacetKind::date: {
            std::string v = doc.get_value(schema::SLOT_DATE_LOCAL);
            if (v.size() == 8) ++counts_[v.substr(0, 4) + "-" + v.substr(4, 2)];
            return;
        }
        default:
            break;
    }
    std::string packed =
        doc.get_value(kind_ == FacetKind::people ? schema::SLOT_PEOPLE : schema::SLOT_ATTRIBUTIONS);
    if (packed.empty()) return;
    std::set<std::string> values;
    size_t pos = 0;
    while (pos <= packed.size()) {
        size_t nl = packed.find('\n', pos);
        if (nl == std::string::npos) nl = packed.size();
        std::string item = packed.substr(pos, nl - pos);
        pos = nl + 1;
        if (item.empty()) continue;
        if (kind_ != FacetKind::people) {
            size_t tab = item.find('\t');
            if (tab == std::string::npos) continue;
            item = kind_ == FacetKind::kind ? item.substr(0, tab) : item.substr(tab + 1);
        }
        values.insert(std::move(item));
    }
    if (kind_ == FacetKind::kind) {
        for (const auto& v : values) ++counts_[v];
        return;
    }
    std::set<std::string> groups;
    for (const auto& v : values) {
        std::string key = names_.key(v);
        if (aliases_) key = aliases_->group_key(key);
        ++spellings_[key][v];
        groups.insert(std::move(key));
    }
    for (const auto& g : groups) ++counts_[g];
}

std::vector<std::pair<std::string, uint64_t>> FacetSpy::top(size_t n) const {
    std::vector<std::pair<std::string, uint64_t>> out;
    for (const auto& [value, count] : counts_) {
        auto sp = spellings_.find(value);
        if (sp == spellings_.end()) {
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
