// Snippets (core/snippet.h) and the stored document data they are cut from (index_writer.h).
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer.h"
#include "article.h"
#include "index_writer.h"
#include "results.h"
#include "snippet.h"

using namespace kronika;

namespace {

// The snippet as text, matches in [brackets].
std::string snippet(const std::string& text, std::set<std::string> words,
                    std::set<std::string> stems = {}) {
    static Analyzer analyzer;
    Xapian::Stem stem("english");
    std::string out;
    for (const auto& p : make_snippet(analyzer, text, words, stems, stem))
        out += p.hit ? "[" + p.text + "]" : p.text;
    return out;
}

std::string filler(size_t bytes) {
    std::string s;
    while (s.size() < bytes) s += "Nothing of note happened in the quiet town that day. ";
    return s;
}

}  // namespace

TEST_CASE("snippets mark every form of a query word and prefer windows with all of them",
          "[snippet]") {
    std::string text = "The company said its companies would merge. " + filler(300) +
                       "Market watchers saw the company shares rise in the market.";
    // "company" and "companies" are one query word: the window with "market" too wins.
    std::string s = snippet(text, {"company", "market"}, {"compani", "market"});
    CHECK(s.find("[Market]") != std::string::npos);
    CHECK(s.find("[company]") != std::string::npos);
    CHECK(s.front() != 'T');  // cut: it does not start at the beginning
    CHECK(s.rfind("…", 0) == 0);
    // One word: the first window holding it, highlighted in both forms.
    std::string one = snippet(text, {"company"}, {"compani"});
    CHECK(one.find("[company]") != std::string::npos);
    CHECK(one.find("[companies]") != std::string::npos);
}

TEST_CASE("snippets look past the first kilobyte for missing words and past 4 KB for any",
          "[snippet]") {
    // "harbour" in the first 1 KB, "zeppelin" only at 2 KB: the lead is read on.
    std::string text = "The harbour was calm. " + filler(2000) +
                       "A zeppelin flew over the harbour at noon. " + filler(3000);
    std::string s = snippet(text, {"harbour", "zeppelin"});
    CHECK(s.find("[zeppelin]") != std::string::npos);
    CHECK(s.find("[harbour]") != std::string::npos);
    // The only match 10 KB in: found in the rest of the text.
    std::string late = filler(10000) + "Then the zeppelin landed.";
    CHECK(snippet(late, {"zeppelin"}).find("[zeppelin]") != std::string::npos);
    // No match: the start of the text, unmarked.
    std::string none = snippet(late, {"balloon"});
    CHECK(none.rfind("Nothing of note", 0) == 0);
    CHECK(none.find('[') == std::string::npos);
    // Text without spaces (Japanese) past the leads still finds its word.
    std::string ja;
    while (ja.size() < 6000) ja += "今日は静かな一日でした。";
    ja += "東京で地震がありました。";
    CHECK(snippet(ja, {"地震"}).find("[地震]") != std::string::npos);
}

TEST_CASE("stored document data reads back without its body unless asked", "[snippet]") {
    Article a;
    a.id = "a1";
    a.title = "Zeppelin over the \"harbour\"";
    a.body = "Line one.\nLine two with ünïcödé and a tab\there.";
    a.source = "The Gazette";
    a.people = {"Anna Berg"};
    std::string data = document_data(a);
    nlohmann::json full = nlohmann::json::parse(data);
    std::string body;
    nlohmann::json j = read_document_data(data, &body);
    CHECK(body == a.body);
    CHECK_FALSE(j.contains("body"));
    full.erase("body");
    CHECK(j == full);  // every other field, the same values and types
    CHECK(read_document_data(data) == full);
    // Data that is not a JSON object reads as an empty object.
    CHECK(read_document_data("not json").empty());
    CHECK(read_document_data("[1,2]").empty());
    CHECK(read_document_data("").empty());
}
