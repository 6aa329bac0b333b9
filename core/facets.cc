// Match spies that decode Kronika's packed value slots.
#include "facets.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "article.h"
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

CountUnit count_unit_from_name(const std::string& n) {
    if (n == "articles") return CountUnit::articles;
    if (n == "stories") return CountUnit::stories;
    throw std::invalid_argument("--count must be articles or stories, not \"" + n + "\"");
}

const char* count_unit_name(CountUnit u) {
    return u == CountUnit::stories ? "stories" : "articles";
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

std::unique_ptr<FacetCount> make_facet_count(FacetKind kind, const Xapian::Database& db,
                                             NameKeys& names, const AliasTable* aliases, bool local,
                                             CountUnit count) {
    if (local) return std::make_unique<LocalFacetSpy>(kind, db, names, aliases, count);
    if (count == CountUnit::stories)
        throw std::runtime_error("counting stories needs every shard on this machine");
    return std::make_unique<FacetCounter>(kind, names, aliases);
}

namespace {

uint64_t load64(const char* p) {
    uint64_t h = 0;
    for (int b = 7; b >= 0; --b) h = (h << 8) | static_cast<unsigned char>(p[b]);
    return h;
}

// Sorts and dedups a document's values, then counts each once.
template <class T, class Fn>
void each_once(std::vector<T>& v, Fn&& fn) {
    if (v.size() > 1) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    }
    for (const T& x : v) fn(x);
}

}  // namespace

LocalFacetSpy::LocalFacetSpy(FacetKind kind, const Xapian::Database& db, NameKeys& names,
                             const AliasTable* aliases, CountUnit count)
    : kind_(kind), db_(db), names_(names), aliases_(aliases) {
    stories_ = count == CountUnit::stories;
    // Counting stories needs each person's group per document (the spelling fast path counts
    // spellings).
    people_by_spelling_ =
        kind_ == FacetKind::people && (!aliases_ || aliases_->empty()) && !stories_;
    if (aliases_) {
        for (const auto& [key, group] : aliases_->groups()) {
            alias_group_[fnv1a64(key)] = fnv1a64(group);
            canonical_[fnv1a64(group)] = aliases_->canonical_for(group);
        }
    }
}

void LocalFacetSpy::operator()(const Xapian::Document& doc, double) {
    ++seen_;
    if (stories_) {
        std::string story = doc.get_value(schema::SLOT_STORY);
        story_ = story.empty() ? 0 : fnv1a64(story) | 1;
        if (story_)
            stories_seen_.insert(story_);
        else
            ++single_;
    }
    switch (kind_) {
        case FacetKind::date: {
            std::string v = doc.get_value(schema::SLOT_DATE_LOCAL);
            if (v.size() == 8) {
                uint32_t ym = 0;
                for (int i = 0; i < 6; ++i) ym = ym * 10 + static_cast<uint32_t>(v[i] - '0');
                if (first_in_story(ym)) ++months_[ym];
            }
            return;
        }
        case FacetKind::source: {
            std::string v = doc.get_value(schema::SLOT_SOURCE);
            if (!v.empty() && first_in_story(fnv1a64(v))) ++sources_[v];
            return;
        }
        case FacetKind::kind: {
            // Three values: scan the packed "kind\tname" lines of the slot.
            std::string v = doc.get_value(schema::SLOT_ATTRIBUTIONS);
            bool seen[3] = {false, false, false};
            for (size_t pos = 0; pos < v.size();) {
                size_t tab = v.find('\t', pos);
                if (tab == std::string::npos) break;
                std::string_view k(v.data() + pos, tab - pos);
                for (int i = 0; i < 3; ++i)
                    if (k == schema::kKinds[i] && !seen[i]) {
                        seen[i] = true;
                        if (first_in_story(static_cast<uint64_t>(i) + 1))
                            ++sources_[std::string(k)];
                    }
                size_t nl = v.find('\n', tab);
                pos = nl == std::string::npos ? v.size() : nl + 1;
            }
            return;
        }
        case FacetKind::people:
        case FacetKind::attribution:
            break;
    }
    std::string ids = doc.get_value(kind_ == FacetKind::people ? schema::SLOT_PEOPLE_IDS
                                                               : schema::SLOT_ATTRIBUTION_IDS);
    Xapian::docid did = 0;
    // A spelling seen for the first time: its group and a document to decode it from.
    auto count = [&](uint64_t spelling, uint64_t group) {
        Spelling& s = spellings_[spelling];
        if (s.count++ == 0) {
            if (!did) did = doc.get_docid();
            s.docid = did;
            s.db = &db_;
            s.group = group;
        }
    };
    if (people_by_spelling_) {
        // People without an alias table: the index keeps one spelling per alias key in a
        // document, so each entry is a distinct person there and a person's count is the sum of
        // its spellings' counts (top() adds them up): one probe per entry.
        for (size_t i = 0; i + 16 <= ids.size(); i += 16)
            count(load64(ids.data() + i), load64(ids.data() + i + 8));
        return;
    }
    doc_groups_.clear();
    doc_entries_.clear();
    for (size_t i = 0; i + 16 <= ids.size(); i += 16) {
        uint64_t group = load64(ids.data() + i + 8);
        if (!alias_group_.empty()) {
            auto g = alias_group_.find(group);
            if (g != alias_group_.end()) group = g->second;
        }
        doc_groups_.push_back(group);
        doc_entries_.emplace_back(load64(ids.data() + i), group);
    }
    // Each person and each spelling once per document ("Putin" as speaker and as source: once).
    each_once(doc_groups_, [&](uint64_t g) {
        if (first_in_story(g)) ++group_counts_[g];
    });
    each_once(doc_entries_,
              [&](const std::pair<uint64_t, uint64_t>& e) { count(e.first, e.second); });
}

void LocalFacetSpy::merge(const LocalFacetSpy& o) {
    seen_ += o.seen_;
    for (const auto& [ym, n] : o.months_) months_[ym] += n;
    for (const auto& [v, n] : o.sources_) sources_[v] += n;
    o.group_counts_.for_each([&](uint64_t g, uint64_t n) { group_counts_[g] += n; });
    o.spellings_.for_each([&](uint64_t sp, const Spelling& other) {
        Spelling& mine = spellings_[sp];
        if (mine.count == 0) {
            mine.group = other.group;
            mine.docid = other.docid;
            mine.db = other.db;
        }
        mine.count += other.count;
    });
}

// The text of a spelling: its line in the packed slot of a document that holds it.
std::string LocalFacetSpy::text_of(uint64_t spelling, const Spelling& s) const {
    bool people = kind_ == FacetKind::people;
    const Xapian::Database& db = s.db ? *s.db : db_;
    // A spy sees the docid within its shard; the shard set interleaves them (Xapian: docid
    // (d - 1) * shards + shard + 1), so the document is one of `shards` candidates.
    size_t shards = std::max<size_t>(1, db.size());
    std::string ids, texts;
    size_t line = 0;
    bool found = false;
    for (size_t i = 0; i < shards && !found; ++i) {
        Xapian::docid did = static_cast<Xapian::docid>((s.docid - 1) * shards + i + 1);
        if (did > db.get_lastdocid()) break;
        Xapian::Document doc;
        try {
            doc = db.get_document(did);
        } catch (const Xapian::DocNotFoundError&) {
            continue;
        }
        ids = doc.get_value(people ? schema::SLOT_PEOPLE_IDS : schema::SLOT_ATTRIBUTION_IDS);
        for (line = 0; line * 16 + 16 <= ids.size(); ++line) {
            if (load64(ids.data() + line * 16) == spelling) {
                found = true;
                texts = doc.get_value(people ? schema::SLOT_PEOPLE : schema::SLOT_ATTRIBUTIONS);
                break;
            }
        }
    }
    if (!found) return "";
    size_t pos = 0;
    for (size_t l = 0; l < line && pos != std::string::npos; ++l) {
        pos = texts.find('\n', pos);
        if (pos != std::string::npos) ++pos;
    }
    if (pos == std::string::npos) return "";
    size_t end = texts.find('\n', pos);
    std::string text = texts.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!people) text = text.substr(text.find('\t') + 1);  // "kind\tName" -> "Name"
    return text;
}

std::vector<std::pair<std::string, uint64_t>> LocalFacetSpy::top(size_t n) const {
    std::vector<std::pair<std::string, uint64_t>> out;
    if (kind_ == FacetKind::date) {
        for (const auto& [ym, count] : months_) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%04u-%02u", ym / 100, ym % 100);
            out.emplace_back(buf, count);
        }
        std::sort(out.begin(), out.end());
        if (n && out.size() > n) out.resize(n);
        return out;
    }
    if (kind_ == FacetKind::source || kind_ == FacetKind::kind) {
        for (const auto& [v, count] : sources_) out.emplace_back(v, count);
    } else {
        // Only groups that can make the top n are named: the n-th largest count, and every
        // group at or above it (ties are ordered by name below).
        const HashCounter<uint64_t>* groups = &group_counts_;
        HashCounter<uint64_t> summed;
        if (people_by_spelling_) {
            spellings_.for_each([&](uint64_t, const Spelling& s) { summed[s.group] += s.count; });
            groups = &summed;
        }
        std::vector<uint64_t> counts;
        counts.reserve(groups->size());
        groups->for_each([&](uint64_t, uint64_t c) { counts.push_back(c); });
        uint64_t cut = 0;
        if (n && counts.size() > n) {
            std::nth_element(counts.begin(), counts.begin() + static_cast<long>(n - 1),
                             counts.end(), std::greater<>());
            cut = counts[n - 1];
        }
        // Each group's display: the alias table's canonical name, else its most frequent
        // spelling (ties: the first in byte order).
        std::unordered_map<uint64_t, std::vector<std::pair<uint64_t, const Spelling*>>> best;
        groups->for_each([&](uint64_t g, uint64_t count) {
            if (count >= cut) best[g];
        });
        spellings_.for_each([&](uint64_t sp, const Spelling& s) {
            auto b = best.find(s.group);
            if (b == best.end()) return;
            auto& v = b->second;
            if (v.empty() || s.count > v.front().second->count) {
                v.assign(1, {sp, &s});
            } else if (s.count == v.front().second->count) {
                v.emplace_back(sp, &s);
            }
        });
        for (const auto& [g, spellings] : best) {
            std::string display;
            auto c = canonical_.find(g);
            if (c != canonical_.end()) {
                display = c->second;
            } else {
                for (const auto& [sp, s] : spellings) {
                    std::string t = text_of(sp, *s);
                    if (display.empty() || t < display) display = std::move(t);
                }
            }
            out.emplace_back(std::move(display), *groups->find(g));
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (n && out.size() > n) out.resize(n);
    return out;
}

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
