// Publication dates: parse metadata date strings and find datelines in article text.
//
// Zone abbreviations (EDT, ET, GMT, BST, CET, ...) are resolved with ICU time zones, so an
// ambiguous name such as "ET" gets the offset in force on that day (EST or EDT).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "article.h"

namespace kronika {

// Parse a date given in an article's metadata: ISO 8601 ("2024-03-27", "2024-03-27T13:57:00Z",
// "2024-03-27 13:57:00", with or without offset), RFC 2822 ("Wed, 27 Mar 2024 13:57:00 GMT"),
// and the prose forms of datelines. Returns nullopt when the text holds no valid date
// (impossible dates such as 0001-11-30 or 2024-02-30 are rejected: before 1800 or after 2100).
std::optional<PubDate> parse_date(std::string_view text);

// Parse a line that is a dateline and nothing else (a little furniture such as "Published",
// "Updated:", "Posted:", "By <authors> |" allowed). Examples:
//   "1:57 PM EDT, March 27, 2024", "March 27, 2024 at 1:57 p.m. ET", "27 March 2024",
//   "Published 2024-03-27T13:57:00-04:00", "Updated: Wed 27 Mar 2024 13.57 GMT", "Mar. 27, 2024",
//   "3/27/2024", "Posted: Mar 27, 2024 / 01:57 PM EDT", "Wednesday 27 March 2024 13:57 CET",
//   "By Jane Doe and John Roe | March 27, 2024, 1:57 p.m.", "BRUSSELS 1996-08-22".
// Returns nullopt for ordinary sentences that merely mention a date.
std::optional<PubDate> parse_dateline(std::string_view line);

// True for a line that would be a dateline but for its date: a year outside 1800-2100
// ("December 31, 99999", "Published 0000-01-01"). Readers warn about it rather than drop the date
// silently; the line stays body text.
bool impossible_dateline(std::string_view line);

// The authors named by a byline dateline such as "By Jane Doe and John Roe | March 27, 2024";
// empty when the line has no byline.
std::vector<std::string> byline_authors(std::string_view line);

// Find the article's dateline in the first `max_lines` non-empty lines of a plain text body.
// Returns the date and the 0-based index of the line that held it.
struct DatelineMatch {
    PubDate date;
    size_t line_index = 0;
};
std::optional<DatelineMatch> find_dateline(const std::vector<std::string_view>& lines,
                                           size_t max_lines = 12);

// How to read an all-numeric date whose first two numbers are both <= 12 ("05/08/2008").
// Auto: month first (US), unless the line or text says otherwise (Cyrillic text, a European
// zone such as CET or BST). Dotted dates (27.03.2024) are always read day first.
enum class DateOrder { Auto, MonthFirst, DayFirst };

std::optional<PubDate> parse_date(std::string_view text, DateOrder order);
std::optional<PubDate> parse_dateline(std::string_view line, DateOrder order);
std::optional<DatelineMatch> find_dateline(const std::vector<std::string_view>& lines,
                                           size_t max_lines, DateOrder order);

// The date a lead sentence opens with, Wikinews style: "27 марта 2024 года в Москве ...",
// "В среду, 27 марта 2024 года, ...", "On Wednesday, March 27, 2024, ...". Unlike
// parse_dateline this accepts running text after the date; use it only on the first line or
// two of a body, after find_dateline found nothing.
std::optional<PubDate> parse_lead_date(std::string_view line);

}  // namespace kronika
