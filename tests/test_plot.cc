// Timeline charts: nice axis ticks, label thinning, well-formed escaped SVG, terminal bars.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "plot.h"

using namespace kronika;

namespace {

// A small XML well-formedness check: one root element, properly nested and closed tags, quoted
// attributes without a raw '<', and '&' only in the predefined or numeric entities. Returns an
// empty string when well formed, else what is wrong.
std::string xml_problem(const std::string& xml) {
    auto is_name_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
               c == '.' || static_cast<unsigned char>(c) >= 0x80;
    };
    auto check_entities = [](const std::string& text) -> std::string {
        for (size_t i = text.find('&'); i != std::string::npos; i = text.find('&', i + 1)) {
            size_t semi = text.find(';', i);
            if (semi == std::string::npos) return "unterminated entity";
            std::string name = text.substr(i + 1, semi - i - 1);
            bool numeric = name.size() > 1 && name[0] == '#';
            if (!numeric && name != "amp" && name != "lt" && name != "gt" && name != "quot" &&
                name != "apos")
                return "unknown entity &" + name + ";";
        }
        return "";
    };
    std::vector<std::string> open;
    int roots = 0;
    size_t i = 0;
    if (xml.rfind("<?xml", 0) == 0) {
        i = xml.find("?>");
        if (i == std::string::npos) return "unterminated declaration";
        i += 2;
    }
    while (i < xml.size()) {
        size_t lt = xml.find('<', i);
        std::string text = xml.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
        if (open.empty() && text.find_first_not_of(" \n\r\t") != std::string::npos)
            return "text outside the root element";
        if (auto p = check_entities(text); !p.empty()) return p;
        if (text.find('>') != std::string::npos && open.empty()) return "stray '>'";
        if (lt == std::string::npos) break;
        i = lt + 1;
        if (xml.compare(i, 3, "!--") == 0) {
            size_t end = xml.find("-->", i);
            if (end == std::string::npos) return "unterminated comment";
            i = end + 3;
            continue;
        }
        bool closing = xml[i] == '/';
        if (closing) ++i;
        size_t name_start = i;
        while (i < xml.size() && is_name_char(xml[i])) ++i;
        std::string name = xml.substr(name_start, i - name_start);
        if (name.empty()) return "a tag without a name";
        if (closing) {
            while (i < xml.size() && std::isspace(static_cast<unsigned char>(xml[i]))) ++i;
            if (i >= xml.size() || xml[i] != '>') return "bad closing tag </" + name;
            if (open.empty() || open.back() != name) return "mismatched </" + name + ">";
            open.pop_back();
            ++i;
            continue;
        }
        // attributes
        std::vector<std::string> seen;
        for (;;) {
            while (i < xml.size() && std::isspace(static_cast<unsigned char>(xml[i]))) ++i;
            if (i >= xml.size()) return "unterminated tag <" + name;
            if (xml[i] == '>' || xml.compare(i, 2, "/>") == 0) break;
            size_t attr_start = i;
            while (i < xml.size() && is_name_char(xml[i])) ++i;
            std::string attr = xml.substr(attr_start, i - attr_start);
            if (attr.empty()) return "bad attribute in <" + name;
            for (const auto& s : seen)
                if (s == attr) return "duplicate attribute " + attr;
            seen.push_back(attr);
            if (i >= xml.size() || xml[i] != '=') return "attribute without value: " + attr;
            ++i;
            if (i >= xml.size() || (xml[i] != '"' && xml[i] != '\''))
                return "unquoted attribute " + attr;
            char quote = xml[i];
            size_t end = xml.find(quote, i + 1);
            if (end == std::string::npos) return "unterminated attribute " + attr;
            std::string value = xml.substr(i + 1, end - i - 1);
            if (value.find('<') != std::string::npos) return "'<' in attribute " + attr;
            if (auto p = check_entities(value); !p.empty()) return p;
            i = end + 1;
        }
        bool empty_element = xml[i] == '/';
        i += empty_element ? 2 : 1;
        if (open.empty() && ++roots > 1) return "more than one root element";
        if (!empty_element) open.push_back(name);
    }
    if (!open.empty()) return "unclosed <" + open.back() + ">";
    if (roots != 1) return "no root element";
    return "";
}

size_t count(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t i = haystack.find(needle); i != std::string::npos;
         i = haystack.find(needle, i + needle.size()))
        ++n;
    return n;
}

std::vector<std::string> months(int n) {
    std::vector<std::string> labels;
    for (int k = 0; k < n; ++k) {
        int year = 2020 + k / 12, month = k % 12 + 1;
        labels.push_back(std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month));
    }
    return labels;
}

std::string terminal(const Chart& chart, int width, bool color = false) {
    std::ostringstream out;
    write_terminal_chart(out, chart, width, color);
    return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("the well-formedness check itself rejects broken XML", "[plot]") {
    CHECK(xml_problem("<a x=\"1\"><b/>t &amp; u</a>").empty());
    CHECK_FALSE(xml_problem("<a><b></a></b>").empty());
    CHECK_FALSE(xml_problem("<a>x & y</a>").empty());
    CHECK_FALSE(xml_problem("<a x=\"<\"/>").empty());
    CHECK_FALSE(xml_problem("<a>").empty());
    CHECK_FALSE(xml_problem("<a/><b/>").empty());
}

TEST_CASE("nice ticks use 1, 2, 5 x 10^k steps and 4 to 6 ticks", "[plot]") {
    AxisTicks t = nice_ticks(0, 37, true);
    CHECK(t.step == 10);
    CHECK(t.values == std::vector<double>{0, 10, 20, 30, 40});

    t = nice_ticks(0, 0.37, false);  // shares
    CHECK(t.step == Approx(0.1));
    REQUIRE(t.values.size() == 5);
    CHECK(t.values.back() == Approx(0.4));

    t = nice_ticks(0, 1234, true);
    CHECK(t.step == 500);
    CHECK(t.values == std::vector<double>{0, 500, 1000, 1500});

    t = nice_ticks(0, 2, true);  // small counts: whole steps, axis stretched to 4 ticks
    CHECK(t.values == std::vector<double>{0, 1, 2, 3});

    t = nice_ticks(0, 0, true);  // all zero
    CHECK(t.values.front() == 0);
    CHECK(t.values.back() > 0);

    t = nice_ticks(-12, 30, true);  // negative values: the axis covers them
    CHECK(t.values.front() <= -12);
    CHECK(t.values.back() >= 30);

    for (double hi : {1.0, 3.0, 7.5, 10.0, 11.0, 26.0, 51.0, 99.0, 101.0, 251.0, 0.003, 12345.0}) {
        INFO("hi = " << hi);
        AxisTicks ticks = nice_ticks(0, hi, false);
        CHECK(ticks.values.size() >= 4);
        CHECK(ticks.values.size() <= 6);
        CHECK(ticks.values.front() == 0);
        CHECK(ticks.values.back() >= hi);
        double mantissa = ticks.step / std::pow(10, std::floor(std::log10(ticks.step)));
        CHECK((mantissa == Approx(1) || mantissa == Approx(2) || mantissa == Approx(5)));
    }
}

TEST_CASE("chart values are formatted compactly", "[plot]") {
    CHECK(format_chart_value(12, false) == "12");
    CHECK(format_chart_value(0, false) == "0");
    CHECK(format_chart_value(2.5, false) == "2.5");
    CHECK(format_chart_value(1.0 / 3, false) == "0.33");
    CHECK(format_chart_value(0.125, true) == "12.5%");
    CHECK(format_chart_value(0.0037, true) == "0.37%");
    CHECK(format_chart_value(0.05, true) == "5%");
    CHECK(format_chart_value(1, true) == "100%");
    CHECK(format_chart_value(0, true) == "0%");
}

TEST_CASE("bucket labels are thinned to every k-th, first and last always shown", "[plot]") {
    CHECK(thinned_label_indexes(5, 1) == std::vector<size_t>{0, 1, 2, 3, 4});
    CHECK(thinned_label_indexes(10, 3) == std::vector<size_t>{0, 3, 6, 9});
    // 0, 4, 8 then 10: 8 is too close to the last, so it goes
    CHECK(thinned_label_indexes(11, 4) == std::vector<size_t>{0, 4, 10});
    CHECK(thinned_label_indexes(1, 5) == std::vector<size_t>{0});
    CHECK(thinned_label_indexes(0, 2).empty());
    for (size_t n : {2, 7, 13, 60, 365})
        for (size_t every : {1, 2, 3, 5, 12}) {
            auto shown = thinned_label_indexes(n, every);
            REQUIRE_FALSE(shown.empty());
            CHECK(shown.front() == 0);
            CHECK(shown.back() == n - 1);
            for (size_t k = 1; k + 1 < shown.size(); ++k) CHECK(shown[k] - shown[k - 1] >= every);
            if (shown.size() > 2) CHECK(shown.back() - shown[shown.size() - 2] >= every);
        }
}

TEST_CASE("XML escaping covers markup characters and bad input", "[plot]") {
    CHECK(xml_escape("a < b & \"c\" 'd' >") == "a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt;");
    CHECK(xml_escape("Зеленський") == "Зеленський");
    CHECK(xml_escape(std::string("x\x01y")) == "x\xEF\xBF\xBDy");  // control character
    CHECK(xml_escape(std::string("a\xFF")) == "a\xEF\xBF\xBD");    // invalid UTF-8
}

TEST_CASE("a one-series SVG timeline has one tooltip bar per bucket", "[plot]") {
    Chart chart;
    chart.title = "\"crocus\" — articles per month";
    chart.y_label = "articles";
    chart.labels = months(6);
    chart.series = {{"all matches", {3, 0, 37, 12, 5, 1}}};
    std::string svg = svg_timeline(chart);
    INFO(svg);
    CHECK(xml_problem(svg).empty());
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK(svg.find("xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
    CHECK(svg.find("viewBox=\"0 0 900 ") != std::string::npos);
    CHECK(svg.find("&quot;crocus&quot; — articles per month") != std::string::npos);
    CHECK(svg.find(">articles</text>") != std::string::npos);

    CHECK(count(svg, "<rect class=\"bar\"") == 6);
    CHECK(count(svg, "</title></rect>") == 6);
    CHECK(svg.find("<title>2024-03: 37</title>") == std::string::npos);  // labels are 2020-...
    CHECK(svg.find("<title>2020-03: 37</title>") != std::string::npos);
    CHECK(svg.find("<title>2020-02: 0</title>") != std::string::npos);

    // max 37: ticks 0, 10, 20, 30, 40
    CHECK(count(svg, "class=\"tick\"") == 5);
    for (const char* tick : {">0</text>", ">10</text>", ">20</text>", ">30</text>", ">40</text>"})
        CHECK(svg.find(tick) != std::string::npos);
    CHECK(svg.find("class=\"legend\"") == std::string::npos);  // no legend for one series
    CHECK(svg.find("<polyline") == std::string::npos);
    CHECK(count(svg, "class=\"x-label\"") == 6);  // six labels fit
}

TEST_CASE("SVG labels and titles are escaped", "[plot]") {
    Chart chart;
    chart.title = "<script>alert('x')</script> & \"more\"";
    chart.y_label = "a<b";
    chart.labels = {"<2024>", "R&D", "\"q\""};
    chart.series = {{"s", {1, 2, 3}}};
    std::string svg = svg_timeline(chart);
    INFO(svg);
    CHECK(xml_problem(svg).empty());
    CHECK(svg.find("<script>") == std::string::npos);
    CHECK(svg.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;more&quot;") !=
          std::string::npos);
    CHECK(svg.find("<title>&lt;2024&gt;: 1</title>") != std::string::npos);
    CHECK(svg.find("<title>R&amp;D: 2</title>") != std::string::npos);
    CHECK(svg.find("<title>&quot;q&quot;: 3</title>") != std::string::npos);
    CHECK(svg.find(">a&lt;b</text>") != std::string::npos);

    chart.series = {{"A & <B>", {1, 2, 3}}, {"C \"D\"", {3, 2, 1}}};
    svg = svg_timeline(chart);
    CHECK(xml_problem(svg).empty());
    CHECK(svg.find(">A &amp; &lt;B&gt;</text>") != std::string::npos);
    CHECK(svg.find(">C &quot;D&quot;</text>") != std::string::npos);
}

TEST_CASE("several series are lines with markers, distinct colours and a legend", "[plot]") {
    Chart chart;
    chart.title = "people per week";
    chart.y_label = "share of all articles (%)";
    chart.percent = true;
    chart.labels = {"2024-W12", "2024-W13", "2024-W14", "2024-W15"};
    chart.series = {{"Vladimir Putin", {0.1, 0.37, 0.2, 0}},
                    {"Volodymyr Zelenskyy", {0.05, 0.1, 0.3, 0.2}},
                    {"Emmanuel Macron", {0, 0, 0.01, 0.02}}};
    std::string svg = svg_timeline(chart);
    INFO(svg);
    CHECK(xml_problem(svg).empty());
    CHECK(svg.find("class=\"legend\"") != std::string::npos);
    CHECK(count(svg, "<polyline") == 3);
    CHECK(count(svg, "<circle class=\"point\"") == 12);
    CHECK(count(svg, "<rect class=\"bar\"") == 0);
    CHECK(svg.find("<title>Vladimir Putin, 2024-W13: 37%</title>") != std::string::npos);
    for (const char* colour : {"#0072B2", "#E69F00", "#009E73"})
        CHECK(count(svg, std::string("stroke=\"") + colour + "\"") == 2);  // line and legend
    // percent axis: 0% .. 40% in steps of 10%
    for (const char* tick : {">0%</text>", ">10%</text>", ">40%</text>"})
        CHECK(svg.find(tick) != std::string::npos);
    for (const char* name : {">Vladimir Putin</text>", ">Emmanuel Macron</text>"})
        CHECK(svg.find(name) != std::string::npos);
}

TEST_CASE("many buckets: x labels are thinned, bars still one per bucket", "[plot]") {
    Chart chart;
    chart.labels = months(120);
    std::vector<double> values;
    for (int k = 0; k < 120; ++k) values.push_back(k % 7);
    chart.series = {{"all matches", values}};
    std::string svg = svg_timeline(chart);
    CHECK(xml_problem(svg).empty());
    CHECK(count(svg, "<rect class=\"bar\"") == 120);
    size_t shown = count(svg, "class=\"x-label\"");
    CHECK(shown > 3);
    CHECK(shown < 20);  // "2020-01" is ~50 px, 120 slots of under 7 px
    CHECK(svg.find(">2020-01</text>") != std::string::npos);  // first
    CHECK(svg.find(">2029-12</text>") != std::string::npos);  // last

    // x positions of the shown labels: at least a label width apart
    std::vector<double> xs;
    for (size_t i = svg.find("class=\"x-label\""); i != std::string::npos;
         i = svg.find("class=\"x-label\"", i + 1)) {
        size_t tag = svg.rfind("<text x=\"", i);
        xs.push_back(std::stod(svg.substr(tag + 9)));
    }
    REQUIRE(xs.size() == shown);
    for (size_t k = 1; k < xs.size(); ++k) CHECK(xs[k] - xs[k - 1] >= 7 * 7);
}

TEST_CASE("an empty chart is a valid SVG saying no data", "[plot]") {
    Chart chart;
    chart.title = "nothing & nobody";
    std::string svg = svg_timeline(chart);
    CHECK(xml_problem(svg).empty());
    CHECK(svg.find("no data") != std::string::npos);
    CHECK(svg.find("nothing &amp; nobody") != std::string::npos);
    CHECK(svg.find("<rect class=\"bar\"") == std::string::npos);

    chart.labels = {"2024"};  // labels but no series
    CHECK(xml_problem(svg_timeline(chart)).empty());
    CHECK(svg_timeline(chart).find("no data") != std::string::npos);
}

TEST_CASE("odd values: all zero, NaN, short series, one bucket", "[plot]") {
    Chart chart;
    chart.labels = {"2024-03-27"};
    chart.series = {{"x", {0}}};
    std::string svg = svg_timeline(chart);
    CHECK(xml_problem(svg).empty());
    CHECK(svg.find("nan") == std::string::npos);
    CHECK(count(svg, "<rect class=\"bar\"") == 1);

    chart.labels = {"a", "b", "c"};
    chart.series = {{"x", {std::nan(""), 2}}, {"y", {}}};
    svg = svg_timeline(chart);
    CHECK(xml_problem(svg).empty());
    CHECK(svg.find("nan") == std::string::npos);
    CHECK(svg.find("inf") == std::string::npos);
    CHECK(count(svg, "<circle") == 6);
    CHECK_NOTHROW(terminal(chart, 10));
}

TEST_CASE("terminal bars scale to the width, with eighth blocks", "[plot]") {
    Chart chart;
    chart.title = "\"crocus\" — articles per month";
    chart.labels = {"2024-01", "2024-02", "2024-03", "2024-04"};
    chart.series = {{"all matches", {40, 0, 13, 20}}};
    auto lines = lines_of(terminal(chart, 20));
    REQUIRE(lines.size() == 5);
    CHECK(lines[0] == "\"crocus\" — articles per month");
    // max value: exactly `width` full blocks
    std::string full;
    for (int k = 0; k < 20; ++k) full += "█";
    CHECK(lines[1] == "2024-01  " + full + "  40");
    // zero: an empty bar, the value still aligned
    CHECK(lines[2] == "2024-02  " + std::string(20, ' ') + "   0");
    // 13/40 of 20 cells = 6.5 cells: 6 full blocks and a half block
    CHECK(lines[3] == "2024-03  ██████▌" + std::string(13, ' ') + "  13");
    CHECK(lines[4] == "2024-04  ██████████" + std::string(10, ' ') + "  20");

    // a tiny value still shows a sliver
    chart.series[0].values = {1000, 1, 0, 0};
    lines = lines_of(terminal(chart, 10));
    CHECK(lines[2].find("▏") != std::string::npos);
    CHECK(lines[3].find("▏") == std::string::npos);

    // all zero: no bars and no division by zero
    chart.series[0].values = {0, 0, 0, 0};
    std::string text = terminal(chart, 10);
    CHECK(text.find("█") == std::string::npos);
    CHECK(text.find("nan") == std::string::npos);
    CHECK(text.find("▏") == std::string::npos);

    // width below 1 still draws something sensible
    chart.series[0].values = {1, 0, 0, 0};
    CHECK(lines_of(terminal(chart, 0))[1] == "2024-01  █  1");
}

TEST_CASE("terminal charts: percentages, several series, colours", "[plot]") {
    Chart chart;
    chart.y_label = "share of all articles (%)";
    chart.percent = true;
    chart.labels = {"2024-W12", "2024-W13"};
    chart.series = {{"Vladimir Putin", {0.125, 0.0037}}, {"Zelenskyy", {0.25, 0}}};
    std::string plain = terminal(chart, 8);
    auto lines = lines_of(plain);
    REQUIRE(lines.size() == 5);  // header and two lines per bucket
    CHECK(lines[0].find("share of all articles (%)") != std::string::npos);
    CHECK(lines[1] == "2024-W12  Vladimir Putin  ████      12.5%");
    CHECK(lines[2] == "          Zelenskyy       ████████    25%");
    CHECK(lines[3] == "2024-W13  Vladimir Putin  ▏         0.37%");
    CHECK(lines[4] == "          Zelenskyy                    0%");
    CHECK(plain.find('\x1b') == std::string::npos);

    std::string coloured = terminal(chart, 8, true);
    CHECK(coloured.find("\x1b[38;5;") != std::string::npos);
    CHECK(coloured.find("\x1b[0m") != std::string::npos);
    // two different colours for the two series
    std::vector<std::string> colours;
    for (size_t i = coloured.find("\x1b[38;5;"); i != std::string::npos;
         i = coloured.find("\x1b[38;5;", i + 1)) {
        std::string code = coloured.substr(i, coloured.find('m', i) - i);
        if (std::find(colours.begin(), colours.end(), code) == colours.end())
            colours.push_back(code);
    }
    CHECK(colours.size() == 2);

    Chart empty;
    empty.title = "nothing";
    CHECK(terminal(empty, 10) == "nothing\nno data\n");
}

TEST_CASE("terminal labels with control characters cannot inject escapes", "[plot]") {
    Chart chart;
    chart.labels = {std::string("2024\x1b[31m")};
    chart.series = {{"x", {1}}};
    std::string text = terminal(chart, 4);
    CHECK(text.find('\x1b') == std::string::npos);
}
