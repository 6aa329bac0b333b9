// Article model helpers: date formatting and content hashing.
#include "article.h"

#include <cstdio>

namespace kronika {

namespace {

std::string format_offset(int minutes) {
    char buf[24];
    char sign = minutes < 0 ? '-' : '+';
    int m = minutes < 0 ? -minutes : minutes;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, m / 60, m % 60);
    return buf;
}

}  // namespace

std::string PubDate::local_date() const {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::string PubDate::local_iso() const {
    if (!has_time) return local_date();
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute,
                  second);
    std::string out = buf;
    if (has_zone) out += format_offset(utc_offset_minutes);
    return out;
}

std::string PubDate::utc_iso() const {
    if (!has_time) return local_date();
    int64_t secs = utc_seconds;
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rem = secs - days * 86400;
    // Civil-from-days (Howard Hinnant's algorithm).
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y,
                  (long long)m, (long long)d, (long long)(rem / 3600), (long long)(rem / 60 % 60),
                  (long long)(rem % 60));
    return buf;
}

uint64_t fnv1a64(std::string_view data, uint64_t seed) {
    uint64_t h = seed;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::string content_hash(const Article& a) {
    uint64_t h = 14695981039346656037ull;
    auto mix = [&h](std::string_view s) {
        h = fnv1a64(s, h);
        h = fnv1a64(std::string_view("\x1f", 1), h);
    };
    mix(a.id);
    mix(a.title);
    mix(a.section);
    mix(a.body);
    mix(a.url);
    mix(a.source);
    mix(a.language);
    for (auto& s : a.authors) mix(s);
    mix("|");
    for (auto& s : a.photo_credits) mix(s);
    mix("|");
    mix(a.date ? a.date->local_iso() : a.date_raw);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)h);
    return buf;
}

}  // namespace kronika
