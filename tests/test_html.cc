// HTML reader tests: the metadata cascade and its provenance, main-text extraction on pages that
// imitate real site layouts (tests/data/html/), captions, and hostile input.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "readers/html_reader.h"
#include "test_util.h"

using namespace kronika;
using namespace kronika::testing;

namespace {

std::string read_fixture(const std::string& name) {
    std::ifstream in(kData + "/html/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Parsed {
    Article article;
    std::vector<std::string> notes;
};

Parsed parse_fixture(const std::string& name, const HtmlHints& hints = {}) {
    Parsed p;
    p.article = parse_html(read_fixture(name), hints, &p.notes);
    return p;
}

std::vector<std::string> paragraphs(const std::string& body) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= body.size()) {
        size_t end = body.find("\n\n", start);
        if (end == std::string::npos) end = body.size();
        if (end > start) out.push_back(body.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

// Every expected paragraph, in order, each the start of one body paragraph; nothing else.
void check_paragraphs(const Article& a, const std::vector<std::string>& starts) {
    std::vector<std::string> got = paragraphs(a.body);
    INFO("body:\n" << a.body);
    REQUIRE(got.size() == starts.size());
    for (size_t i = 0; i < starts.size(); ++i) {
        INFO("paragraph " << i << ": " << got[i]);
        CHECK(got[i].rfind(starts[i], 0) == 0);
    }
}

void check_absent(const std::string& text, const std::vector<std::string>& markers) {
    for (const auto& m : markers) {
        INFO("marker " << m << " in:\n" << text);
        CHECK(text.find(m) == std::string::npos);
    }
}

std::string source_of(const Article& a, const std::string& field) {
    for (const auto& [f, s] : a.field_sources)
        if (f == field) return s;
    return "";
}

bool has_note(const std::vector<std::string>& notes, const std::string& text) {
    for (const auto& n : notes)
        if (n.find(text) != std::string::npos) return true;
    return false;
}

Article parse_string(const std::string& html, const HtmlHints& hints = {},
                     std::vector<std::string>* notes = nullptr) {
    return parse_html(html, hints, notes);
}

}  // namespace

TEST_CASE("WordPress news blog: JSON-LD metadata, furniture and comments removed", "[html]") {
    auto [a, notes] = parse_fixture("wordpress-blog.html");
    CHECK(a.title == "Harbour ferry returns after winter repairs");
    REQUIRE(a.date);
    CHECK(a.date->utc_iso() == "2024-03-05T08:15:00Z");
    CHECK(a.authors == std::vector<std::string>{"Marta Quill"});
    CHECK(a.section == "Local");
    CHECK(a.language == "en");
    CHECK(a.url == "https://tidewatergazette.example/2024/03/harbour-ferry-returns/");
    CHECK(a.source == "Tidewater Gazette");
    for (const char* f : {"title", "date", "authors", "section", "language", "url", "source"})
        CHECK(source_of(a, f) == "json-ld");
    check_paragraphs(
        a, {"The little blue ferry that links Saltmarsh Quay", "Harbour master Edwin Rooke said",
            "Timetable back to normal", "Crossings will run every twenty minutes",
            "Shopkeepers on the market side", "The town council has set aside"});
    CHECK(a.body.find("“We lost a quarter of our Saturday trade,” said baker") !=
          std::string::npos);
    check_absent(a.body, {"navmarker", "mastheadmarker", "sharemarker", "tagmarker",
                          "relatedmarker", "commentmarker", "sidebarmarker", "footermarker",
                          "cookiebannermarker", "scriptmarker", "Skip to content", "Share this",
                          "Leave a Reply", "Marta Quill", "March 5, 2024"});
    CHECK(a.captions.empty());
    CHECK(notes.empty());
}

TEST_CASE("Large outlet: @graph, figures with captions and credits, ads, most read", "[html]") {
    auto [a, notes] = parse_fixture("big-outlet.html");
    CHECK(a.title == "Drought forces rationing in three northern valleys");
    REQUIRE(a.date);
    CHECK(a.date->utc_iso() == "2024-07-18T05:00:12Z");
    // The third author is a URL: not a name.
    CHECK(a.authors == std::vector<std::string>{"Ines Carvalho", "Tomasz Wierzbicki"});
    CHECK(a.section == "World");
    CHECK(a.language == "en");
    CHECK(a.url ==
          "https://www.meridianpost.example/world/2024/jul/18/drought-rationing-northern-valleys");
    // publisher is an @id reference into the graph.
    CHECK(a.source == "The Meridian Post");
    for (const char* f : {"title", "date", "authors", "section", "language", "url", "source"})
        CHECK(source_of(a, f) == "json-ld");
    check_paragraphs(
        a, {"Households in three northern valleys",
            "The regional water authority said taps would run dry", "Farmers have been told",
            "“We are asking people to treat every litre", "Environmental groups blamed decades",
            "The regional government will meet on Friday"});
    check_absent(a.body,
                 {"admarker", "inlineadmarker", "richlinkmarker", "newslettermarker",
                  "keywordmarker", "socialmarker", "mostreadmarker", "onwardmarker", "footermarker",
                  "consentmarker", "descriptionmarker", "pillarmarker", "breadcrumbmarker",
                  "Advertisement", "second arch", "bottled water", "Paula Roig", "Read more"});
    REQUIRE(a.captions.size() == 2);
    CHECK(a.captions[0] ==
          "The dry bed of the Ostra river near Vell, where the water usually reaches the second "
          "arch of the bridge.");
    CHECK(a.captions[1] ==
          "Volunteers hand out bottled water in Carrow market square on Wednesday.");
    CHECK(a.photo_credits == std::vector<std::string>{"Paula Roig/Meridian", "Jordi Pell"});
}

TEST_CASE("Open Graph only page: article:* properties and meta author", "[html]") {
    auto [a, notes] = parse_fixture("opengraph-only.html");
    CHECK(a.title == "City library to open on Sundays from April");
    CHECK(source_of(a, "title") == "opengraph");
    REQUIRE(a.date);
    CHECK(a.date->local_iso() == "2024-03-12T16:45:00+01:00");
    CHECK(source_of(a, "date") == "opengraph");
    CHECK(a.section == "Education");
    CHECK(source_of(a, "section") == "opengraph");
    // article:author is a Facebook URL, so the <meta name=author> is the byline.
    CHECK(a.authors == std::vector<std::string>{"Dorota Lis"});
    CHECK(source_of(a, "authors") == "meta");
    CHECK(a.language == "en");
    CHECK(source_of(a, "language") == "opengraph");
    CHECK(a.url == "https://northfieldcourier.example/news/library-sundays-12345");
    CHECK(a.source == "Northfield Courier");
    CHECK(source_of(a, "source") == "opengraph");
    check_paragraphs(a, {"Northfield's central library will open", "The building on Mill Street",
                         "Councillor Amir Haddad", "Students preparing for summer exams",
                         "The council will review"});
    check_absent(a.body, {"cookiebannermarker", "topnavmarker", "sharetoolsmarker",
                          "morestoriesmarker", "widgetmarker", "admarker", "bottommarker",
                          "Published 12 March 2024", "The main library will open on Sundays."});
}

TEST_CASE("Old table layout: <meta name=date>, text in <td> split by <br><br>", "[html]") {
    HtmlHints hints;
    hints.url = "http://www.valleyweekly.example/news/mill-flood.html";
    auto [a, notes] = parse_fixture("table-layout.html", hints);
    CHECK(a.title == "Mill flood: owners count the cost");
    CHECK(source_of(a, "title") == "html");
    REQUIRE(a.date);
    CHECK(a.date->local_date() == "2003-11-21");
    CHECK(source_of(a, "date") == "meta");
    CHECK(a.authors.empty());
    CHECK(a.language.empty());
    CHECK(a.url == hints.url);
    CHECK(source_of(a, "url") == "hint");
    CHECK(a.source == "valleyweekly.example");
    check_paragraphs(a, {"The owners of the Hartley paper mill", "Water from the swollen Calder",
                         "\"We have been here since 1871", "Sixty-two people work at the mill",
                         "The district council has asked"});
    check_absent(a.body, {"leftnavmarker", "backlinkmarker", "copyrightmarker",
                          "Valley Weekly Online", "Mill flood: owners"});
}

TEST_CASE("Russian page: Cyrillic text, lang=ru, JSON-LD", "[html]") {
    auto [a, notes] = parse_fixture("russian.html");
    CHECK(a.title == "В Заречном открыли новый мост через Сылву");
    CHECK(a.language == "ru");
    CHECK(source_of(a, "language") == "json-ld");
    REQUIRE(a.date);
    CHECK(a.date->local_iso() == "2024-05-14T10:30:00+05:00");
    CHECK(a.authors == std::vector<std::string>{"Анна Белова"});
    CHECK(a.section == "Общество");
    CHECK(a.source == "Вести Прикамья");
    CHECK(a.url == "https://vesti-prikamya.example/news/2024/05/most-sylva");
    CHECK(source_of(a, "url") == "opengraph");
    check_paragraphs(a, {"Во вторник в посёлке Заречный", "Строительство обошлось краевому",
                         "Жители посёлка больше полугода", "Новый мост рассчитан на грузовики"});
    check_absent(a.body,
                 {"менюмаркер", "баннермаркер", "читайтемаркер", "шармаркер", "связанныемаркер",
                  "подвалмаркер", "Реклама", "Поделиться", "14 мая 2024, 10:30"});
}

TEST_CASE("Section front: a list of teasers is not an article body", "[html]") {
    auto [a, notes] = parse_fixture("section-front.html");
    CHECK(a.body.size() < 300);
    CHECK(has_note(notes, "no main text found"));
    CHECK(a.source == "Harbour City Herald");
    CHECK(a.url == "https://harbourcityherald.example/business/");
    CHECK(source_of(a, "url") == "html");
}

TEST_CASE("Latest-news list of cards with long summaries is not an article body", "[html]") {
    auto [a, notes] = parse_fixture("latest-list.html");
    CHECK(a.body.empty());
    CHECK(has_note(notes, "no main text found"));
    CHECK(a.title == "Latest news");
    CHECK(a.source == "Coastline Daily");
}

TEST_CASE("JSON-LD beats conflicting Open Graph and meta tags", "[html]") {
    auto [a, notes] = parse_fixture("conflict.html");
    CHECK(a.title == "Pier reopens after storm repairs");
    REQUIRE(a.date);
    CHECK(a.date->local_iso() == "2024-02-03T07:30:00-05:00");  // dateCreated
    CHECK(a.authors == std::vector<std::string>{"Colm Reyes", "Aiko Tanaka"});
    CHECK(a.section == "Local");
    CHECK(a.language == "en");
    CHECK(a.url == "https://lakesidejournal.example/local/pier-reopens");
    CHECK(a.source == "Lakeside Journal");
    CHECK(a.field_sources ==
          std::vector<std::pair<std::string, std::string>>{{"title", "json-ld"},
                                                           {"date", "json-ld"},
                                                           {"authors", "json-ld"},
                                                           {"section", "json-ld"},
                                                           {"language", "json-ld"},
                                                           {"url", "json-ld"},
                                                           {"source", "json-ld"}});
    check_paragraphs(a, {"The wooden pier at Lakeside", "Carpenters from the town's",
                         "The lifeboat crew", "Anglers will have to wait"});
    check_absent(a.body, {"navbarmarker", "By Colm Reyes", "Pier reopens after storm repairs"});
}

TEST_CASE("Broken JSON-LD is a note; Open Graph takes over", "[html]") {
    auto [a, notes] = parse_fixture("broken-jsonld.html");
    CHECK(has_note(notes, "JSON-LD block 1 does not parse"));
    CHECK(a.title == "Orchard owners net record cider crop");
    CHECK(source_of(a, "title") == "opengraph");
    REQUIRE(a.date);
    CHECK(a.date->local_date() == "2023-10-10");
    CHECK(source_of(a, "date") == "opengraph");
    CHECK(a.authors == std::vector<std::string>{"Hester Gale"});
    CHECK(source_of(a, "authors") == "opengraph");
    CHECK(a.section == "Farming");
    CHECK(a.source == "Fernvale Times");
    CHECK(a.language == "en");
    CHECK(source_of(a, "language") == "html");
    check_paragraphs(a,
                     {"Cider makers in the Fernvale district", "The growers' cooperative said",
                      "Such a glut brings its own problems", "Cooperative chair Owen Pritchard"});
    check_absent(a.body, {"subscribemarker", "popularmarker", "JSON-LD headline", "Nobody"});
}

TEST_CASE("Hints: RFC 1123 and ISO 8601 dates, URL and its host as the source", "[html]") {
    const std::string page =
        "<html><body><h1>Short item</h1><p>A single paragraph of text that is long enough to be "
        "taken for the body of this very short article about nothing in particular.</p></body>"
        "</html>";
    HtmlHints hints;
    hints.url = "https://www.example.org/item/7";
    hints.date = "Tue, 05 Mar 2024 10:00:00 GMT";
    Article a = parse_string(page, hints);
    REQUIRE(a.date);
    CHECK(a.date->utc_iso() == "2024-03-05T10:00:00Z");
    CHECK(source_of(a, "date") == "hint");
    CHECK(a.url == hints.url);
    CHECK(a.source == "example.org");
    CHECK(source_of(a, "source") == "hint");
    CHECK(a.title == "Short item");
    CHECK(a.body.rfind("A single paragraph", 0) == 0);

    hints.date = "2024-03-05T10:00:00+02:00";
    a = parse_string(page, hints);
    REQUIRE(a.date);
    CHECK(a.date->utc_iso() == "2024-03-05T08:00:00Z");
}

TEST_CASE("Metadata details: language codes, title suffixes, unparseable dates", "[html]") {
    std::vector<std::string> notes;
    Article a = parse_string(
        "<html lang='en-GB'><head><title>Budget vote delayed | Riverside Echo</title>"
        "<meta property='og:site_name' content='Riverside Echo'>"
        "<meta name='date' content='sometime last week'></head><body></body></html>",
        {}, &notes);
    CHECK(a.language == "en");
    CHECK(a.title == "Budget vote delayed");
    CHECK(source_of(a, "title") == "html");
    CHECK_FALSE(a.date);
    CHECK(a.date_raw == "sometime last week");
    CHECK(has_note(notes, "unparseable date"));
    CHECK(has_note(notes, "no main text found"));

    // An unparseable trusted date gives way to a parseable less trusted one, with a note.
    notes.clear();
    a = parse_string(
        "<head><script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":"
        "\"H\",\"datePublished\":\"{{pubdate}}\"}</script>"
        "<meta property='article:published_time' content='2024-04-02T10:00:00Z'></head>",
        {}, &notes);
    REQUIRE(a.date);
    CHECK(a.date->local_date() == "2024-04-02");
    CHECK(source_of(a, "date") == "opengraph");
    CHECK(has_note(notes, "unparseable date \"{{pubdate}}\" (json-ld); used the opengraph date"));

    a = parse_string(
        "<html><head><meta property='og:locale' content='ru_RU'>"
        "<meta http-equiv='content-language' content='de-AT'></head></html>");
    CHECK(a.language == "ru");
    a = parse_string(
        "<html><head><meta http-equiv='Content-Language' content='de-AT'></head></html>");
    CHECK(a.language == "de");
    CHECK(source_of(a, "language") == "meta");

    // A title suffix that is not the site's name stays.
    a = parse_string("<title>Rates: what next - analysis</title>");
    CHECK(a.title == "Rates: what next - analysis");

    // JSON-LD author forms: a plain string, skipped URLs, @type as an array, a top-level array.
    a = parse_string(
        "<script type='application/ld+json'>[{\"@type\":[\"CreativeWork\",\"BlogPosting\"],"
        "\"name\":\"Blog &amp; more\",\"author\":[\"https://x.example/me\",\"Una Kerr\"],"
        "\"inLanguage\":\"pt_BR\"}]</script>");
    CHECK(a.title == "Blog & more");
    CHECK(a.authors == std::vector<std::string>{"Una Kerr"});
    CHECK(a.language == "pt");

    // A Person's name is one name, commas and all; a string byline is split.
    a = parse_string(
        "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"H\","
        "\"author\":[{\"@type\":\"Person\",\"name\":\"Doe, Jane\"},\"Ann Lee and Bo Ma\"]}"
        "</script>");
    CHECK(a.authors == std::vector<std::string>{"Doe, Jane", "Ann Lee", "Bo Ma"});

    // The articles listed by an ItemList are teasers, not the page's own article.
    a = parse_string(
        "<head><title>Sport | Site</title><script type='application/ld+json'>{\"@type\":"
        "\"ItemList\",\"itemListElement\":[{\"@type\":\"NewsArticle\",\"headline\":"
        "\"A teaser\"}]}</script></head>");
    CHECK(a.title == "Sport | Site");
    CHECK(source_of(a, "title") == "html");
}

TEST_CASE("Hostile input: deep nesting, empty, binary, huge pages", "[html]") {
    // No time checks here (speed is bench/'s business): a parse that hangs fails by ctest's
    // timeout, and the sanitizer build's run shows the memory these take.
    SECTION("100,000 nested <div>s") {
        std::string page = "<html><body>";
        for (int i = 0; i < 100000; ++i) page += "<div>";
        page += "deep text";
        for (int i = 0; i < 100000; ++i) page += "</div>";
        std::vector<std::string> notes;
        Article a = parse_html(page, {}, &notes);
        CHECK(has_note(notes, "nested deeper"));
        CHECK(a.body.find("deep text") == std::string::npos);  // too short to be an article
    }
    SECTION("100,000 unclosed <ul>, <b> and <span>") {
        for (const char* tag : {"<ul>", "<b>", "<span>"}) {
            std::string page;
            for (int i = 0; i < 100000; ++i) page += tag;
            parse_string(page);
        }
    }
    SECTION("sloppy old markup: 1,000 paragraphs with unclosed <font> is not deep nesting") {
        std::string page = "<html><body><table><tr><td>";
        for (int i = 0; i < 1000; ++i)
            page += "<p><font face=Arial>Paragraph " + std::to_string(i) +
                    " of an old page whose font tags were never closed, which browsers and "
                    "HTML5 parsers close at the end of every paragraph.";
        std::vector<std::string> notes;
        Article a = parse_html(page, {}, &notes);
        CHECK_FALSE(has_note(notes, "nested deeper"));
        CHECK(paragraphs(a.body).size() == 1000);
    }
    SECTION("JSON-LD nested 500,000 levels deep") {
        std::string page = "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"x\":" +
                           std::string(500000, '[') + std::string(500000, ']') +
                           "}</script><script type='application/ld+json'>" +
                           std::string(500000, '{') + "</script>";
        std::vector<std::string> notes;
        parse_html(page, {}, &notes);
        CHECK(has_note(notes, "JSON-LD block 2 does not parse"));
    }
    SECTION("empty") {
        std::vector<std::string> notes;
        Article a = parse_html("", {}, &notes);
        CHECK(a.body.empty());
        CHECK(a.title.empty());
        CHECK(has_note(notes, "no main text found"));
    }
    SECTION("binary garbage") {
        std::mt19937 rng(42);
        std::string junk(1 << 20, '\0');
        for (char& c : junk) c = static_cast<char>(rng() & 0xFF);
        Article a = parse_string(junk);
        (void)a;
        // A few tags sprinkled into the noise.
        for (size_t i = 0; i + 10 < junk.size(); i += 997) junk.replace(i, 5, "<p><a");
        a = parse_string(junk);
        SUCCEED();
    }
    SECTION("a 5 MB article page") {
        std::string page = "<html><head><title>Long</title></head><body><article>";
        int n = 0;
        while (page.size() < 5u * 1024 * 1024)
            page += "<p>Paragraph " + std::to_string(n++) +
                    " of a very long report, with enough words in it to count as running text "
                    "and a <a href='/x'>link</a> now and then.</p>\n";
        page += "</article></body></html>";
        Article a = parse_string(page);
        CHECK(a.body.rfind("Paragraph 0 of a very long report", 0) == 0);
        CHECK(a.body.find("Paragraph " + std::to_string(n - 1) + " of") != std::string::npos);
    }
    SECTION("broken markup") {
        Article a = parse_string(
            "<html><body><article><p>Unclosed paragraph with <b>bold <i>and italic text that "
            "never closes, which the HTML5 parser repairs as browsers do, so that the text "
            "still comes out in one piece for the index<p>Second paragraph after the implied "
            "close, long enough to count as article text for the extractor here.</article>");
        CHECK(paragraphs(a.body).size() == 2);
    }
}

TEST_CASE("Class names: furniture words and their look-alikes", "[html]") {
    std::string body4;
    for (const char* n : {"First", "Second", "Third", "Fourth"})
        body4 += std::string("<p>") + n +
                 " paragraph, long enough to be article text, with a few commas, clauses and "
                 "words in it, so that the extractor has something to score.</p>";
    // WordPress post classes (tag-<slug>, category-comment), Bootstrap's hidden-xs, an opinion
    // "commentary" wrapper and a header (the masthead row) are not furniture.
    for (const char* wrapper :
         {"<div class='post-12 post type-post hentry tag-ads category-comment'>",
          "<div class='story-body hidden-xs'>", "<div class='commentary-body'>",
          "<div class='headerless shadow-box thread'>", "<div class='subscriber-content'>"}) {
        Article a = parse_string(std::string("<body>") + wrapper + body4 + "</div></body>");
        INFO(wrapper);
        CHECK(paragraphs(a.body).size() == 4);
    }
    // The real thing is removed, and a lead picture's caption in the article header is kept.
    Article a = parse_string(
        "<body><article><header><h1>Head</h1><figure><img src=x><figcaption>Lead picture "
        "caption</figcaption></figure></header>" +
        body4 +
        "<div class='tag-list'>tagsmarker</div><div class='adContainer'>admarker</div>"
        "<ul class='shareBar'><li>sharemarker</li></ul><div class='hidden'>hiddenmarker</div>"
        "<div style='display: none'>nonemarker</div><p>Advertisement</p></article></body>");
    CHECK(paragraphs(a.body).size() == 4);
    check_absent(a.body, {"tagsmarker", "admarker", "sharemarker", "hiddenmarker", "nonemarker",
                          "Advertisement", "Lead picture", "Head"});
    CHECK(a.captions == std::vector<std::string>{"Lead picture caption"});
    CHECK(a.title == "Head");
}
