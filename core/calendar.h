// Civil (proleptic Gregorian) calendar arithmetic on day numbers: days since 1970-01-01.
// Used by the date extractor and by timelines (buckets, ISO weeks, time zones).
#pragma once

#include <cstdint>

namespace kronika::calendar {

struct Civil {
    int64_t year = 1970;
    int month = 1, day = 1;
};

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil algorithm).
constexpr int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// The civil date of a day number (the inverse of days_from_civil).
constexpr Civil civil_from_days(int64_t z) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2), m, d};
}

// ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
constexpr int iso_weekday(int64_t days) {
    int64_t r = (days + 3) % 7;
    if (r < 0) r += 7;
    return static_cast<int>(r) + 1;
}

// The Monday starting the ISO week of a day number.
constexpr int64_t iso_week_start(int64_t days) {
    return days - (iso_weekday(days) - 1);
}

// ISO week-numbering year and week (1..53) of a day number: the week belongs to the year of its
// Thursday.
constexpr void iso_week(int64_t days, int64_t& year, int& week) {
    int64_t thursday = iso_week_start(days) + 3;
    year = civil_from_days(thursday).year;
    int64_t jan1 = days_from_civil(year, 1, 1);
    week = static_cast<int>((thursday - jan1) / 7 + 1);
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(civil_from_days(days_from_civil(2024, 2, 29)).day == 29);
static_assert(iso_weekday(days_from_civil(2024, 3, 25)) == 1);  // a Monday

}  // namespace kronika::calendar
