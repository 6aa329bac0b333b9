// Timeline charts for `kronika-search timeline`: a standalone SVG document and a terminal bar
// chart.
//
// A chart is a row of time buckets (labels in time order) and one or more series with one value
// per bucket. One series is drawn as bars, several as lines with point markers (SVG) or as one
// bar per series per bucket (terminal). Missing values (a series shorter than the labels) and
// values that are not finite count as 0; the value axis always includes 0.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace kronika {

struct ChartSeries {
    std::string name;            // legend label, e.g. "all matches" or "Vladimir Putin"
    std::vector<double> values;  // one per bucket (same length as Chart::labels)
};

struct Chart {
    std::string title;                // e.g. "\"crocus\" — articles per month"
    std::string y_label;              // e.g. "articles" or "share of all articles (%)"
    std::vector<std::string> labels;  // bucket labels in time order: "2024-03", "2024-W13", ...
    std::vector<ChartSeries> series;  // 1..N series
    bool percent = false;             // values are shares in [0,1]: axis ticks shown as percentages
};

// A standalone SVG document (UTF-8, xmlns and viewBox set, 900 px wide): the title, a value axis
// with 4-6 nice ticks and grid lines, bucket labels thinned so they never overlap (always the
// first and the last), bars with a "label: value" tooltip for one series, lines with point
// markers and a legend for several, in Okabe-Ito colours. A chart without labels gives a valid
// SVG saying "no data".
std::string svg_timeline(const Chart& chart);

// A terminal bar chart, one line per bucket ("label  ████▍  value"), bars scaled so the largest
// value fills `width` columns, with eighth blocks for the remainder (a non-zero value always shows
// at least ▏). Several series give one line per series per bucket, with a series name column.
// `color` adds ANSI colours (one per series); without it the output is plain text.
void write_terminal_chart(std::ostream& out, const Chart& chart, int width, bool color);

// The pieces below are used by the two functions above and exposed for tests.

// Value axis ticks: from a multiple of `step` at or below min(lo, 0) to one at or above
// max(hi, 0), with step 1, 2 or 5 x 10^k chosen so there are 4 to 6 ticks. With `integers`
// (counts) the step is at least 1, and the axis is extended to 4 ticks when the data is small.
// lo = 0, hi = 37 -> 0, 10, 20, 30, 40.
struct AxisTicks {
    double step = 1;
    std::vector<double> values;  // ascending
};
AxisTicks nice_ticks(double lo, double hi, bool integers);

// A value for people: counts as integers ("1234"), other numbers with up to 2 decimals ("2.5"),
// shares as percentages ("12.5%", "0.37%", "0%") when `percent`; "n/a" when not finite.
std::string format_chart_value(double value, bool percent);

// The indexes of the bucket labels to show when only every `every`-th fits: 0, every, 2*every...
// and always the last one, dropping the shown label just before the last when it is closer than
// `every` (so the two never overlap). every <= 1 shows them all.
std::vector<size_t> thinned_label_indexes(size_t count, size_t every);

// Text made safe for XML (and HTML) character data and attribute values: & < > " escaped, and '
// too unless `apostrophes` is false; control characters XML does not allow and invalid UTF-8
// replaced by U+FFFD, line breaks and tabs by spaces. Also the escaper of the HTML snippets of
// search results (results.cc).
std::string xml_escape(std::string_view text, bool apostrophes = true);

}  // namespace kronika
