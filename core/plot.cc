// Timeline charts: SVG layout (ticks, thinned labels, bars or lines, legend) and terminal bars.
#include "plot.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "text_bytes.h"

namespace kronika {

namespace {

// ---- Text ----------------------------------------------------------------------------------

constexpr char32_t kReplacement = 0xFFFD;

// The code point at `i` (advanced past it); invalid UTF-8 (bad sequences, overlong forms,
// surrogates, beyond U+10FFFF) gives U+FFFD and skips one byte.
char32_t next_code_point(std::string_view s, size_t& i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        ++i;
        return c;
    }
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
    if (extra < 0 || c > 0xF4 || i + static_cast<size_t>(extra) >= s.size()) {
        ++i;
        return kReplacement;
    }
    char32_t cp = c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        unsigned char d = static_cast<unsigned char>(s[i + k]);
        if ((d & 0xC0) != 0x80) {
            ++i;
            return kReplacement;
        }
        cp = (cp << 6) | (d & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return kReplacement;
    }
    i += extra + 1;
    return cp;
}

// Control characters (C0 but tab, DEL, C1) and non-characters XML and terminals should not get.
bool is_unsafe(char32_t cp) {
    return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

// Valid UTF-8 with one-line text: unsafe characters and bad bytes become U+FFFD, newlines and
// tabs spaces.
std::string clean_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        char32_t cp = next_code_point(s, i);
        if (cp == '\n' || cp == '\r' || cp == '\t') cp = ' ';
        append_utf8(out, is_unsafe(cp) ? kReplacement : cp);
    }
    return out;
}

// Terminal columns of a code point: 0 for combining marks, 2 for East Asian wide letters.
int code_point_columns(char32_t cp) {
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
        (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
        (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

// Display columns of clean UTF-8 text.
int text_columns(std::string_view s) {
    int n = 0;
    for (size_t i = 0; i < s.size();) n += code_point_columns(next_code_point(s, i));
    return n;
}

// At most `columns` display columns, with "…" when cut.
std::string truncate_text(std::string_view s, int columns) {
    if (text_columns(s) <= columns) return std::string(s);
    std::string out;
    int used = 0;
    for (size_t i = 0; i < s.size();) {
        size_t start = i;
        char32_t cp = next_code_point(s, i);
        int w = code_point_columns(cp);
        if (used + w > columns - 1) break;
        out.append(s.substr(start, i - start));
        used += w;
    }
    return out + "…";
}

std::string pad_right(const std::string& s, int columns) {
    int w = text_columns(s);
    return w >= columns ? s : s + std::string(columns - w, ' ');
}

std::string pad_left(const std::string& s, int columns) {
    int w = text_columns(s);
    return w >= columns ? s : std::string(columns - w, ' ') + s;
}

// ---- Numbers -------------------------------------------------------------------------------

// `v` with `decimals` digits after the point, independent of the C locale.
std::string fixed(double v, int decimals) {
    std::array<char, 64> buf;
    auto [end, ec] =
        std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, decimals);
    if (ec != std::errc()) return "0";
    std::string s(buf.data(), end);
    // "-0" or "-0.00" after rounding reads as noise
    if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    return s;
}

// Drops trailing zeros after the point (and the point itself): "2.50" -> "2.5", "3.00" -> "3".
std::string trim_zeros(std::string s) {
    if (s.find('.') == std::string::npos) return s;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

// SVG coordinates: one decimal is plenty at 900 px.
std::string num(double v) {
    return trim_zeros(fixed(v, 1));
}

double finite_or_zero(double v) {
    return std::isfinite(v) ? v : 0.0;
}

double value_at(const ChartSeries& s, size_t i) {
    return i < s.values.size() ? finite_or_zero(s.values[i]) : 0.0;
}

// Decimals a tick label needs so every multiple of `step` prints exactly.
int step_decimals(double step) {
    int d = 0;
    double scaled = step;
    while (d < 12 && std::abs(scaled - std::round(scaled)) > 1e-9 * std::max(1.0, scaled)) {
        scaled *= 10;
        ++d;
    }
    return d;
}

// 10^e as a double, exact for the small exponents used here.
double pow10(int e) {
    double r = 1;
    for (int k = 0; k < std::abs(e); ++k) r *= 10;
    return e < 0 ? 1 / r : r;
}

bool all_integers(const Chart& chart) {
    for (const auto& s : chart.series)
        for (size_t i = 0; i < chart.labels.size(); ++i) {
            double v = value_at(s, i);
            if (v != std::round(v)) return false;
        }
    return true;
}

// ---- SVG layout ----------------------------------------------------------------------------

// The Okabe-Ito palette, most distinct colours first (yellow is weak on white, so late).
constexpr std::array<const char*, 8> kSvgColors = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                   "#CC79A7", "#56B4E9", "#000000", "#F0E442"};
// Dash patterns for series 9 and later, when the colours repeat.
constexpr std::array<const char*, 3> kSvgDashes = {"", "6 3", "2 2"};

// xterm-256 colours closest to the palette above (grey instead of black for dark terminals).
constexpr std::array<int, 8> kTerminalColors = {32, 214, 36, 166, 175, 74, 245, 221};

constexpr double kWidth = 900;
constexpr double kPlotHeight = 300;
constexpr double kCharWidth = 7;  // rough advance of a 12 px sans-serif character
constexpr int kMaxAxisLabelColumns = 24;
constexpr int kMaxLegendColumns = 40;

double text_width(std::string_view s) {
    return text_columns(s) * kCharWidth;
}

void svg_open(std::string& out, double height) {
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) + "\" height=\"" +
           num(height) + "\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
           "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\">\n";
}

void svg_text(std::string& out, double x, double y, const char* anchor, const std::string& text,
              const std::string& extra = "") {
    out += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" +
           extra + ">" + xml_escape(text) + "</text>\n";
}

std::string no_data_svg(const Chart& chart) {
    std::string out;
    double height = 200;
    svg_open(out, height);
    out += "<title>" + xml_escape(chart.title.empty() ? "no data" : chart.title) + "</title>\n";
    out += "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    if (!chart.title.empty())
        svg_text(out, kWidth / 2, 28, "middle", chart.title,
                 " class=\"title\" font-size=\"16\" font-weight=\"bold\"");
    svg_text(out, kWidth / 2, height / 2 + 5, "middle", "no data",
             " class=\"no-data\" font-size=\"14\" fill=\"#555555\"");
    out += "</svg>\n";
    return out;
}

// Legend items laid out left to right, wrapping at `right`.
struct LegendItem {
    std::string name;
    double x = 0, y = 0;
};

std::vector<LegendItem> layout_legend(const Chart& chart, double left, double right, double top) {
    std::vector<LegendItem> items;
    double x = left, y = top;
    for (const auto& s : chart.series) {
        std::string name = truncate_text(clean_text(s.name), kMaxLegendColumns);
        double w = 22 + text_width(name) + 18;
        if (x > left && x + w > right) {
            x = left;
            y += 20;
        }
        items.push_back({name, x, y});
        x += w;
    }
    return items;
}

}  // namespace

// ---- Public helpers ------------------------------------------------------------------------

AxisTicks nice_ticks(double lo, double hi, bool integers) {
    lo = std::min(finite_or_zero(lo), 0.0);
    hi = std::max(finite_or_zero(hi), 0.0);
    if (hi - lo <= 0) hi = integers ? 4 : 1;
    double range = hi - lo;

    // Steps m x 10^e, m in {1, 2, 5}, from well below range/5 upwards: the first giving at most
    // 5 intervals gives at least 3, since consecutive steps differ by at most 2.5x.
    int e = static_cast<int>(std::floor(std::log10(range))) - 1;
    if (integers) e = std::max(e, 0);
    static constexpr int kMantissas[] = {1, 2, 5};
    for (;; ++e) {
        for (int m : kMantissas) {
            // m x 10^e computed so that negative exponents divide exact integers (0.1, not
            // 0.1000000000000000055...)
            auto at = [&](long long k) {
                return e >= 0 ? static_cast<double>(k * m) * pow10(e)
                              : static_cast<double>(k * m) / pow10(-e);
            };
            double step = at(1);
            long long first = static_cast<long long>(std::floor(lo / step + 1e-9));
            long long last = static_cast<long long>(std::ceil(hi / step - 1e-9));
            if (last - first > 5) continue;
            if (last - first < 3) last = first + 3;  // only for small integer data
            AxisTicks ticks;
            ticks.step = step;
            for (long long k = first; k <= last; ++k) ticks.values.push_back(at(k));
            return ticks;
        }
    }
}

std::string format_chart_value(double value, bool percent) {
    if (!std::isfinite(value)) return "n/a";
    if (percent) {
        double p = value * 100;
        if (p == 0) return "0%";
        return trim_zeros(fixed(p, std::abs(p) >= 10 ? 1 : 2)) + "%";
    }
    if (value == std::round(value) && std::abs(value) < 1e15) return fixed(value, 0);
    return trim_zeros(fixed(value, 2));
}

std::vector<size_t> thinned_label_indexes(size_t count, size_t every) {
    std::vector<size_t> shown;
    if (count == 0) return shown;
    every = std::max<size_t>(every, 1);
    for (size_t i = 0; i < count; i += every) shown.push_back(i);
    size_t last = count - 1;
    if (shown.back() != last) {
        if (shown.back() != 0 && last - shown.back() < every) shown.pop_back();
        shown.push_back(last);
    }
    return shown;
}

std::string xml_escape(std::string_view text, bool apostrophes) {
    std::string clean = clean_text(text);
    std::string out;
    out.reserve(clean.size());
    for (char c : clean) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += apostrophes ? "&apos;" : "'";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// ---- SVG -----------------------------------------------------------------------------------

std::string svg_timeline(const Chart& chart) {
    const size_t n = chart.labels.size();
    if (n == 0 || chart.series.empty()) return no_data_svg(chart);
    const bool bars = chart.series.size() == 1;

    double lo = 0, hi = 0;
    for (const auto& s : chart.series)
        for (size_t i = 0; i < n; ++i) {
            lo = std::min(lo, value_at(s, i));
            hi = std::max(hi, value_at(s, i));
        }
    AxisTicks ticks = nice_ticks(lo, hi, !chart.percent && all_integers(chart));
    const double axis_lo = ticks.values.front(), axis_hi = ticks.values.back();
    const int tick_decimals = step_decimals(chart.percent ? ticks.step * 100 : ticks.step);
    std::vector<std::string> tick_labels;
    double tick_label_width = 0;
    for (double t : ticks.values) {
        std::string label =
            chart.percent ? fixed(t * 100, tick_decimals) + "%" : fixed(t, tick_decimals);
        tick_label_width = std::max(tick_label_width, text_width(label));
        tick_labels.push_back(std::move(label));
    }

    // Bucket labels as shown on the axis (long ones cut), and how many fit.
    std::vector<std::string> axis_labels;
    double label_width = 0;
    for (const auto& l : chart.labels) {
        axis_labels.push_back(truncate_text(clean_text(l), kMaxAxisLabelColumns));
        label_width = std::max(label_width, text_width(axis_labels.back()));
    }

    // Horizontal layout: y label, tick labels, plot; the first and last bucket labels are
    // centred on their slots and may reach into the margins.
    const double y_label_space = chart.y_label.empty() ? 10 : 30;
    const double left = std::max(y_label_space + tick_label_width + 10, label_width / 2 + 8);
    const double right = kWidth - std::max(20.0, label_width / 2 + 8);
    const double plot_w = right - left;
    const double slot = plot_w / static_cast<double>(n);
    const size_t every = static_cast<size_t>(std::ceil((label_width + 10) / slot));

    // Vertical layout: title, legend rows, plot, bucket labels.
    double top = chart.title.empty() ? 14 : 44;
    std::vector<LegendItem> legend;
    if (!bars) {
        legend = layout_legend(chart, left, right, top);
        top = legend.back().y + 24;
    } else {
        top += 8;
    }
    const double plot_top = top, plot_bottom = top + kPlotHeight;
    const double height = plot_bottom + 36;
    auto y_of = [&](double v) {
        return plot_bottom - (v - axis_lo) / (axis_hi - axis_lo) * kPlotHeight;
    };
    auto x_center = [&](size_t i) { return left + (static_cast<double>(i) + 0.5) * slot; };

    std::string out;
    svg_open(out, height);
    out += "<title>" + xml_escape(chart.title) + "</title>\n";
    out += "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    if (!chart.title.empty())
        svg_text(out, kWidth / 2, 28, "middle", chart.title,
                 " class=\"title\" font-size=\"16\" font-weight=\"bold\"");

    if (!legend.empty()) {
        out += "<g class=\"legend\">\n";
        for (size_t k = 0; k < legend.size(); ++k) {
            const auto& item = legend[k];
            std::string dash = kSvgDashes[(k / kSvgColors.size()) % kSvgDashes.size()];
            out += "<line x1=\"" + num(item.x) + "\" y1=\"" + num(item.y - 4) + "\" x2=\"" +
                   num(item.x + 16) + "\" y2=\"" + num(item.y - 4) + "\" stroke=\"" +
                   kSvgColors[k % kSvgColors.size()] + "\" stroke-width=\"3\"" +
                   (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>\n";
            svg_text(out, item.x + 22, item.y, "start", item.name);
        }
        out += "</g>\n";
    }

    // Grid lines and tick labels; the zero line drawn darker as the baseline.
    out += "<g class=\"y-axis\">\n";
    for (size_t k = 0; k < ticks.values.size(); ++k) {
        double y = y_of(ticks.values[k]);
        bool zero = ticks.values[k] == 0;
        out += "<line x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(right) +
               "\" y2=\"" + num(y) + "\" stroke=\"" + (zero ? "#666666" : "#dddddd") +
               "\" stroke-width=\"1\"/>\n";
        svg_text(out, left - 6, y + 4, "end", tick_labels[k], " class=\"tick\" fill=\"#333333\"");
    }
    if (!chart.y_label.empty()) {
        double cy = (plot_top + plot_bottom) / 2;
        out += "<text class=\"y-label\" x=\"14\" y=\"" + num(cy) +
               "\" text-anchor=\"middle\" transform=\"rotate(-90 14 " + num(cy) + ")\">" +
               xml_escape(chart.y_label) + "</text>\n";
    }
    out += "</g>\n";

    out += "<g class=\"x-axis\">\n";
    for (size_t i : thinned_label_indexes(n, every))
        svg_text(out, x_center(i), plot_bottom + 18, "middle", axis_labels[i],
                 " class=\"x-label\" fill=\"#333333\"");
    out += "</g>\n";

    if (bars) {
        const ChartSeries& s = chart.series.front();
        const double bar_w = slot * 0.8;
        out += "<g class=\"bars\" fill=\"" + std::string(kSvgColors[0]) + "\">\n";
        for (size_t i = 0; i < n; ++i) {
            double v = value_at(s, i);
            double y0 = y_of(0), y1 = y_of(v);
            out += "<rect class=\"bar\" x=\"" +
                   num(left + static_cast<double>(i) * slot + slot * 0.1) + "\" y=\"" +
                   num(std::min(y0, y1)) + "\" width=\"" + num(bar_w) + "\" height=\"" +
                   num(std::abs(y1 - y0)) + "\"><title>" +
                   xml_escape(chart.labels[i] + ": " + format_chart_value(v, chart.percent)) +
                   "</title></rect>\n";
        }
        out += "</g>\n";
    } else {
        const double r = std::clamp(slot * 0.3, 1.5, 3.0);
        for (size_t k = 0; k < chart.series.size(); ++k) {
            const ChartSeries& s = chart.series[k];
            const char* colour = kSvgColors[k % kSvgColors.size()];
            std::string dash = kSvgDashes[(k / kSvgColors.size()) % kSvgDashes.size()];
            out += "<g class=\"series\" fill=\"" + std::string(colour) + "\">\n";
            out += "<polyline class=\"line\" fill=\"none\" stroke=\"" + std::string(colour) +
                   "\" stroke-width=\"2\" stroke-linejoin=\"round\"" +
                   (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"") + " points=\"";
            for (size_t i = 0; i < n; ++i) {
                if (i) out += ' ';
                out += num(x_center(i)) + "," + num(y_of(value_at(s, i)));
            }
            out += "\"/>\n";
            for (size_t i = 0; i < n; ++i) {
                double v = value_at(s, i);
                out += "<circle class=\"point\" cx=\"" + num(x_center(i)) + "\" cy=\"" +
                       num(y_of(v)) + "\" r=\"" + num(r) + "\"><title>" +
                       xml_escape(s.name + ", " + chart.labels[i] + ": " +
                                  format_chart_value(v, chart.percent)) +
                       "</title></circle>\n";
            }
            out += "</g>\n";
        }
    }
    out += "</svg>\n";
    return out;
}

// ---- Terminal ------------------------------------------------------------------------------

namespace {

// `value` of `max` as a bar of up to `width` cells, in eighths.
std::string terminal_bar(double value, double max, int width) {
    static constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"};
    if (!(max > 0) || !(value > 0)) return "";
    long long total = static_cast<long long>(width) * 8;
    long long eighths = std::llround(std::min(value / max, 1.0) * static_cast<double>(total));
    eighths = std::clamp<long long>(eighths, 1, total);  // non-zero shows
    std::string bar;
    for (long long k = 0; k < eighths / 8; ++k) bar += kEighths[8];
    bar += kEighths[eighths % 8];
    return bar;
}

}  // namespace

void write_terminal_chart(std::ostream& out, const Chart& chart, int width, bool color) {
    width = std::max(width, 1);
    const std::string reset = color ? "\x1b[0m" : "";
    auto series_colour = [&](size_t k) {
        return color ? "\x1b[38;5;" + std::to_string(kTerminalColors[k % kTerminalColors.size()]) +
                           "m"
                     : std::string();
    };

    if (!chart.title.empty())
        out << (color ? "\x1b[1m" : "") << clean_text(chart.title) << reset << '\n';
    const size_t n = chart.labels.size();
    if (n == 0 || chart.series.empty()) {
        out << "no data\n";
        return;
    }
    const bool several = chart.series.size() > 1;

    double max = 0;
    std::vector<std::vector<std::string>> values(chart.series.size());
    int value_columns = 0;
    for (size_t k = 0; k < chart.series.size(); ++k)
        for (size_t i = 0; i < n; ++i) {
            double v = value_at(chart.series[k], i);
            max = std::max(max, v);
            values[k].push_back(format_chart_value(v, chart.percent));
            value_columns = std::max(value_columns, text_columns(values[k].back()));
        }

    std::vector<std::string> labels, names;
    int label_columns = 0, name_columns = 0;
    for (const auto& l : chart.labels) {
        labels.push_back(clean_text(l));
        label_columns = std::max(label_columns, text_columns(labels.back()));
    }
    if (several)
        for (const auto& s : chart.series) {
            names.push_back(truncate_text(clean_text(s.name), kMaxLegendColumns));
            name_columns = std::max(name_columns, text_columns(names.back()));
        }

    if (!chart.y_label.empty()) {
        // a header over the value column
        int before = label_columns + 2 + (several ? name_columns + 2 : 0) + width + 2;
        out << std::string(before, ' ') << clean_text(chart.y_label) << '\n';
    }
    for (size_t i = 0; i < n; ++i)
        for (size_t k = 0; k < chart.series.size(); ++k) {
            std::string line = pad_right(k == 0 ? labels[i] : "", label_columns) + "  ";
            std::string colour = series_colour(k);
            if (several) line += colour + pad_right(names[k], name_columns) + reset + "  ";
            std::string bar = terminal_bar(value_at(chart.series[k], i), max, width);
            int bar_columns = text_columns(bar);
            line += (bar.empty() ? "" : colour + bar + reset) +
                    std::string(width - bar_columns, ' ') + "  " +
                    pad_left(values[k][i], value_columns);
            out << line << '\n';
        }
}

}  // namespace kronika
