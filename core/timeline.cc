// Timelines: a match spy that turns each match's date into a bucket, and the passes around it.
#include "timeline.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "article.h"
#include "calendar.h"
#include "schema.h"
#include "search.h"

namespace kronika {

Bucketing bucketing_from_name(const std::string& n) {
    if (n == "day") return Bucketing::day;
    if (n == "week") return Bucketing::week;
    if (n == "month") return Bucketing::month;
    if (n == "year") return Bucketing::year;
    throw std::invalid_argument("--by must be day, week, month or year, not \"" + n + "\"");
}

const char* bucketing_name(Bucketing b) {
    switch (b) {
        case Bucketing::day:
            return "day";
        case Bucketing::week:
            return "week";
        case Bucketing::month:
            return "month";
        case Bucketing::year:
            return "year";
    }
    return "";
}

namespace {

constexpr int64_t kNoDay = INT64_MIN;

// "YYYYMMDD" to a day number, kNoDay when malformed.
int64_t day_of_ymd(std::string_view v) {
    if (v.size() != 8) return kNoDay;
    int n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return kNoDay;
        n = n * 10 + (c - '0');
    }
    return calendar::days_from_civil(n / 10000, n / 100 % 100, n % 100);
}

// Bucket keys: the day number (day), the Monday's day number (week), year * 12 + month - 1
// (month), the year (year). Consecutive buckets are `next` apart.
struct Bucketer {
    Bucketing by;

    int64_t key(int64_t day) const {
        switch (by) {
            case Bucketing::day:
                return day;
            case Bucketing::week:
                return calendar::iso_week_start(day);
            case Bucketing::month: {
                auto c = calendar::civil_from_days(day);
                return c.year * 12 + c.month - 1;
            }
            case Bucketing::year:
                return calendar::civil_from_days(day).year;
        }
        return day;
    }
    int64_t next(int64_t key) const { return key + (by == Bucketing::week ? 7 : 1); }
    int64_t first_day(int64_t key) const {
        switch (by) {
            case Bucketing::day:
            case Bucketing::week:
                return key;
            case Bucketing::month:
                return calendar::days_from_civil(key / 12, static_cast<int>(key % 12) + 1, 1);
            case Bucketing::year:
                return calendar::days_from_civil(key, 1, 1);
        }
        return key;
    }
    int64_t last_day(int64_t key) const { return first_day(next(key)) - 1; }
};

std::string iso_day(int64_t day) {
    auto c = calendar::civil_from_days(day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month,
                  c.day);
    return buf;
}

uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x == 0 ? 1 : x;
}

// The calendar day of a document: in `tz` for documents with a known instant, else the local
// date it was published with.
class DayOf {
  public:
    explicit DayOf(const std::string& tz) {
        if (tz.empty()) return;
        tz_.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(tz)));
        icu::UnicodeString id;
        tz_->getID(id);
        if (id == icu::UnicodeString(UCAL_UNKNOWN_ZONE_ID))
            throw std::invalid_argument("unknown time zone \"" + tz +
                                        "\" (use an IANA name such as Europe/Kyiv or UTC)");
    }
    DayOf(const DayOf& o) : tz_(o.tz_ ? o.tz_->clone() : nullptr) {}

    int64_t operator()(const Xapian::Document& doc) const {
        if (tz_) {
            std::string instant = doc.get_value(schema::SLOT_INSTANT);
            if (!instant.empty()) {
                double utc = Xapian::sortable_unserialise(instant);
                UErrorCode status = U_ZERO_ERROR;
                int32_t raw = 0, dst = 0;
                tz_->getOffset(utc * 1000.0, false, raw, dst, status);
                if (U_SUCCESS(status)) {
                    auto local = static_cast<int64_t>(utc) + (raw + dst) / 1000;
                    int64_t day = local / 86400;
                    if (local % 86400 < 0) --day;
                    return day;
                }
            }
        }
        return day_of_ymd(doc.get_value(schema::SLOT_DATE_LOCAL));
    }

  private:
    std::unique_ptr<icu::TimeZone> tz_;
};

// Counts matches per bucket; with stories, each story once per bucket (an article without a
// story id is a story of its own).
class TimelineSpy final : public Xapian::MatchSpy {
  public:
    TimelineSpy(Bucketer b, const DayOf& day_of, bool stories)
        : bucketer_(b), day_of_(day_of), stories_(stories) {}

    void operator()(const Xapian::Document& doc, double) override {
        ++seen_;
        int64_t day = day_of_(doc);
        if (day == kNoDay) {
            ++undated_;
            return;
        }
        int64_t key = bucketer_.key(day);
        if (stories_) {
            std::string story = doc.get_value(schema::SLOT_STORY);
            if (!story.empty()) {
                uint64_t h = mix(fnv1a64(story) ^ mix(static_cast<uint64_t>(key)));
                if (!story_seen_.insert(h).second) return;
            }
        }
        ++counts_[key];
    }
    std::string name() const override { return "kronika.TimelineSpy"; }

    uint64_t seen() const { return seen_; }
    uint64_t undated() const { return undated_; }
    const std::unordered_map<int64_t, uint64_t>& counts() const { return counts_; }

  private:
    Bucketer bucketer_;
    DayOf day_of_;
    bool stories_;
    uint64_t seen_ = 0, undated_ = 0;
    std::unordered_map<int64_t, uint64_t> counts_;
    std::unordered_set<uint64_t> story_seen_;
};

// Runs `query` over every document with a timeline spy (and `extra` spies).
void count_pass(const Searcher& searcher, Xapian::Database& db, const Xapian::Query& query,
                TimelineSpy& spy, const std::vector<Xapian::MatchSpy*>& extra = {}) {
    Xapian::Enquire enquire(db);
    searcher.limit_time(enquire);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&spy);
    for (auto* s : extra) enquire.add_matchspy(s);
    Xapian::MSet m = enquire.get_mset(0, 0, db.get_doccount());
    if (m.get_matches_lower_bound() != m.get_matches_upper_bound())
        throw TimeLimitExceeded("the timeline took longer than the time limit");
}

std::vector<uint64_t> series_counts(const TimelineSpy& spy, int64_t first, int64_t last,
                                    const Bucketer& b, uint64_t& total) {
    std::vector<uint64_t> out;
    total = 0;
    for (int64_t k = first; k <= last; k = b.next(k)) {
        auto it = spy.counts().find(k);
        out.push_back(it == spy.counts().end() ? 0 : it->second);
        total += out.back();
    }
    return out;
}

}  // namespace

std::string bucket_label(Bucketing by, int64_t day) {
    auto c = calendar::civil_from_days(day);
    char buf[32];
    switch (by) {
        case Bucketing::day:
            return iso_day(day);
        case Bucketing::week: {
            int64_t y = 0;
            int w = 0;
            calendar::iso_week(day, y, w);
            std::snprintf(buf, sizeof buf, "%04lld-W%02d", static_cast<long long>(y), w);
            return buf;
        }
        case Bucketing::month:
            std::snprintf(buf, sizeof buf, "%04lld-%02d", static_cast<long long>(c.year), c.month);
            return buf;
        case Bucketing::year:
            std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(c.year));
            return buf;
    }
    return "";
}

Timeline compute_timeline(Searcher& searcher, const TimelineRequest& req) {
    if (req.split && *req.split != FacetKind::people && *req.split != FacetKind::attribution &&
        *req.split != FacetKind::source)
        throw std::invalid_argument("--split must be people, attribution or source");
    if (searcher.has_remote_shards())
        throw std::invalid_argument(
            "timelines are counted by a match spy that xapian-tcpsrv cannot run: search the "
            "shards' folders (or a copy made with xapian-replicate) instead");
    Xapian::Database& db = searcher.database();
    auto qb = searcher.query_builder();
    Xapian::Query query = qb->build(req.query, req.filters);
    Bucketer b{req.by};
    DayOf day_of(req.tz);
    bool stories = req.count == CountUnit::stories;

    Timeline t;
    t.query_description = query.get_description();
    // The main pass: every match into buckets, and the split facet's top values on the way.
    std::unique_ptr<FacetCount> facet;
    std::vector<Xapian::MatchSpy*> extra;
    if (req.split) {
        facet = make_facet_count(*req.split, db, searcher.names(), searcher.aliases(),
                                 searcher.local_facets());
        extra.push_back(facet->spy());
    }
    TimelineSpy all(b, day_of, stories);
    count_pass(searcher, db, query, all, extra);
    t.matches = all.seen();
    t.undated = all.undated();

    // The bucket range: the dated matches, widened to --from / --to.
    int64_t first = INT64_MAX, last = INT64_MIN;
    for (const auto& [k, n] : all.counts()) {
        first = std::min(first, k);
        last = std::max(last, k);
    }
    if (!req.filters.from.empty()) {
        int64_t d = day_of_ymd(date_bound(req.filters.from, false));
        if (d != kNoDay) first = std::min(first, b.key(d));
    }
    if (!req.filters.to.empty()) {
        int64_t d = day_of_ymd(date_bound(req.filters.to, true));
        if (d != kNoDay) last = std::max(last, b.key(d));
    }
    if (first > last) return t;  // nothing dated
    size_t n = 0;
    for (int64_t k = first; k <= last; k = b.next(k))
        if (++n > kMaxBuckets)
            throw std::invalid_argument("more than " + std::to_string(kMaxBuckets) + " " +
                                        bucketing_name(req.by) +
                                        " buckets: use a coarser --by or a date range");
    for (int64_t k = first; k <= last; k = b.next(k))
        t.buckets.push_back({bucket_label(req.by, b.first_day(k)), iso_day(b.first_day(k)),
                             iso_day(b.last_day(k))});
    t.all.counts = series_counts(all, first, last, b, t.all.total);

    // One series per top value: the query filtered to that value, counted again. The filter is
    // the value's alias group, exactly as the facet counted it.
    if (facet) {
        for (const auto& [value, count] : facet->top(req.top)) {
            Xapian::Query filtered(Xapian::Query::OP_FILTER, query,
                                   qb->facet_value_filter(*req.split, value));
            TimelineSpy s(b, day_of, stories);
            count_pass(searcher, db, filtered, s);
            TimelineSeries series;
            series.name = value;
            series.counts = series_counts(s, first, last, b, series.total);
            t.split.push_back(std::move(series));
        }
    }

    // Denominators: all articles per bucket. By the published local date they are term
    // frequencies of the date terms (the index keeps them exact); by a time zone, or counting
    // stories, they take a pass over every document.
    if (req.normalize) {
        if (req.tz.empty() && !stories) {
            for (int64_t k = first; k <= last; k = b.next(k)) {
                uint64_t total = 0;
                auto term = [&](std::string_view prefix, const char* fmt, long long v) {
                    char buf[16];
                    std::snprintf(buf, sizeof buf, fmt, v);
                    return db.get_termfreq(std::string(prefix) + buf);
                };
                switch (req.by) {
                    case Bucketing::day:
                    case Bucketing::week:
                        for (int64_t d = b.first_day(k); d <= b.last_day(k); ++d) {
                            auto c = calendar::civil_from_days(d);
                            total += term(schema::kPrefixDay, "%08lld",
                                          c.year * 10000LL + c.month * 100 + c.day);
                        }
                        break;
                    case Bucketing::month:
                        total = term(schema::kPrefixMonth, "%06lld", (k / 12) * 100LL + k % 12 + 1);
                        break;
                    case Bucketing::year:
                        total = term(schema::kPrefixYear, "%04lld", k);
                        break;
                }
                t.denominators.push_back(total);
            }
        } else {
            TimelineSpy every(b, day_of, stories);
            count_pass(searcher, db, Xapian::Query::MatchAll, every);
            uint64_t ignored = 0;
            t.denominators = series_counts(every, first, last, b, ignored);
        }
    }
    return t;
}

}  // namespace kronika
