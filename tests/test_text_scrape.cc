// Tests for the plain-text scrape reader: layouts under tests/data/scrapes plus inline edge cases.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "readers/text_scrape.h"

#ifndef KRONIKA_TEST_DATA
#define KRONIKA_TEST_DATA "tests/data"
#endif

using kronika::Article;
using kronika::parse_text_scrape;

namespace {

std::string read_scrape(const std::string& name) {
    std::string path = std::string(KRONIKA_TEST_DATA) + "/scrapes/" + name;
    std::ifstream in(path, std::ios::binary);
    INFO("reading " << path);
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> paragraphs(const std::string& body) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= body.size()) {
        size_t end = body.find("\n\n", start);
        out.push_back(
            body.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 2;
    }
    return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("glued section label, repeated title, teaser, credit and EDT dateline", "[text_scrape]") {
    Article a = parse_text_scrape(read_scrape("glued_section_edt.txt"));
    CHECK(a.title == "Harbour authority halts night shipping after crane collapse in Port Selwyn");
    CHECK(a.section == "World News");
    REQUIRE(a.date);
    CHECK(a.date->local_iso() == "2023-10-03T21:42:00-04:00");
    CHECK(a.date->utc_iso() == "2023-10-04T01:42:00Z");  // the UTC day differs from the local one
    CHECK(a.photo_credits == std::vector<std::string>{"Northwind Photo | ANNA KOWALSKA"});
    CHECK(a.authors.empty());

    auto paras = paragraphs(a.body);
    REQUIRE(paras.size() == 5);
    CHECK(paras.front().rfind("The Port Selwyn harbour authority suspended", 0) == 0);
    CHECK(paras[2] == "Inspections and delays");  // a subheading stays its own paragraph
    // "Related content" glued after the last sentence is cut off.
    CHECK(paras.back() ==
          "The authority expects to publish a first report on the cause of the collapse by the "
          "end of the month, a spokesman said.");
    CHECK_FALSE(contains(a.body, "Ferry fares"));  // the teaser shown twice
    CHECK_FALSE(contains(a.body, "LIVE COVERAGE"));
    CHECK_FALSE(contains(a.body, "Advertisement"));
    CHECK_FALSE(contains(a.body, "Related content"));
    CHECK_FALSE(contains(a.body, "KOWALSKA"));
    CHECK_FALSE(contains(a.body, "World News"));
    CHECK_FALSE(contains(a.body, "Images source"));
}

TEST_CASE("title once and a 'By X and Y | date' byline", "[text_scrape]") {
    Article a = parse_text_scrape(read_scrape("byline_pipe.txt"));
    CHECK(a.title == "City council approves plan to turn old tram depot into public library");
    CHECK(a.section.empty());
    REQUIRE(a.date);
    CHECK(a.date->local_date() == "2022-06-14");
    CHECK(a.date->has_time);
    CHECK(a.date->hour == 8);
    CHECK(a.date->minute == 5);
    CHECK(a.authors == std::vector<std::string>{"Marta Lindqvist", "Tomas Brenner"});
    CHECK(a.photo_credits == std::vector<std::string>{"AP Photo/Eli Strand"});

    auto paras = paragraphs(a.body);
    REQUIRE(paras.size() == 3);
    CHECK(paras.front().rfind("The city council of Eastmere voted 9 to 2", 0) == 0);
    CHECK(paras.back().rfind("Councillor Rosa Iveson", 0) == 0);
    CHECK_FALSE(contains(a.body, "Marta Lindqvist"));
    CHECK_FALSE(contains(a.body, "Share this article"));
    CHECK_FALSE(contains(a.body, "A worker clears debris"));  // the photo caption
    CHECK_FALSE(contains(a.body, "Eli Strand"));
}

TEST_CASE("Guardian-like: standfirst, role byline, 'Updated: ... GMT', furniture",
          "[text_scrape]") {
    Article a = parse_text_scrape(read_scrape("guardian_updated.txt"));
    CHECK(a.title == "Rare orchids return to drained fenland after rewilding project");
    CHECK(a.section == "Environment");
    REQUIRE(a.date);
    CHECK(a.date->local_date() == "2023-11-09");
    CHECK(a.date->utc_iso() == "2023-11-09T18:20:00Z");
    CHECK(a.authors == std::vector<std::string>{"Priya Raman"});
    CHECK(a.photo_credits == std::vector<std::string>{"Kim Osei/The Guardian"});

    auto paras = paragraphs(a.body);
    REQUIRE(paras.size() == 4);
    // A single standfirst line before the dateline is the article's own summary: kept first.
    CHECK(paras.front().rfind("Volunteers counted more than 300 flowering plants", 0) == 0);
    CHECK(paras[1].rfind("A species of marsh orchid", 0) == 0);
    CHECK(paras.back().rfind("Ecologist Martin Haverly said", 0) == 0);
    for (const char* gone : {"Advertisement", "Sign up", "newsletter", "Share on", "Photograph",
                             "correspondent", "Updated:"})
        CHECK_FALSE(contains(a.body, gone));
}

TEST_CASE("Reuters-like dateline in the first sentence; CRLF, BOM, tabs, trailing spaces",
          "[text_scrape]") {
    Article a = parse_text_scrape(read_scrape("reuters_crlf_bom.txt"));
    CHECK(a.title == "Central bank raises interest rate to curb inflation");  // no BOM, no spaces
    CHECK(a.section.empty());
    REQUIRE(a.date);
    CHECK(a.date->local_iso() == "1996-08-22");
    CHECK(a.authors == std::vector<std::string>{"Oskar Feld"});
    CHECK(a.photo_credits == std::vector<std::string>{"REUTERS/Ingrid Vass"});

    auto paras = paragraphs(a.body);
    REQUIRE(paras.size() == 3);
    // The dateline is part of the first sentence, so it stays in the body.
    CHECK(paras.front().rfind("OSLO 1996-08-22 - The central bank of Norway", 0) == 0);
    CHECK(paras[1] == "The bank said further increases could follow if wage growth stayed high.");
    CHECK(paras.back() ==
          "Economists had expected the move after inflation reached 3.1 percent "
          "in July.");
    CHECK_FALSE(contains(a.body, "\r"));
    CHECK_FALSE(contains(a.body, "\t"));
    CHECK_FALSE(contains(a.body, "Bank notes are counted"));
}

TEST_CASE("no date, title not repeated, navigation and share furniture", "[text_scrape]") {
    Article a = parse_text_scrape(read_scrape("no_date_related.txt"));
    // "Skip to content" before the headline is not the title.
    CHECK(a.title == "Volunteer divers recover lost bells from flooded village church");
    CHECK(a.section.empty());
    CHECK_FALSE(a.date);
    CHECK(a.photo_credits.empty());
    CHECK(a.authors.empty());

    auto paras = paragraphs(a.body);
    REQUIRE(paras.size() == 3);
    // A hard-wrapped line starting in lowercase continues the previous line.
    CHECK(paras.front() ==
          "Volunteer divers have recovered three bronze bells from the church of a village that "
          "was flooded when the Moraine reservoir was built in the 1960s, local historians said "
          "on Saturday.");
    CHECK(paras.back().rfind("The restored bells will be hung", 0) == 0);
    for (const char* gone : {"Skip to content", "Share this article",
                             "Related:", "Read more:", "Instagram", "cookies", "Advertisement"})
        CHECK_FALSE(contains(a.body, gone));
}

TEST_CASE("NPR-like: 'Posted: ... EST', third title copy, toggle-caption credit", "[text_scrape]") {
    Article a = parse_text_scrape(read_scrape("npr_posted_est.txt"));
    CHECK(a.title == "Comet fragment lights up sky over northern plains");
    CHECK(a.section == "Science");
    REQUIRE(a.date);
    CHECK(a.date->local_iso() == "2019-01-22T23:30:00-05:00");
    CHECK(a.date->utc_iso() == "2019-01-23T04:30:00Z");
    CHECK(a.photo_credits == std::vector<std::string>{"Dana Whitlow/Getty Images"});

    auto paras = paragraphs(a.body);
    REQUIRE(paras.size() == 3);
    CHECK(paras.front().rfind("Residents across the northern plains", 0) == 0);
    CHECK(paras.back() ==
          "Nobody was hurt, and no fragments are thought to have reached the "
          "ground.");
    CHECK_FALSE(contains(a.body, "Comet fragment lights up"));  // the title's third copy
    CHECK_FALSE(contains(a.body, "toggle caption"));
    CHECK_FALSE(contains(a.body, "years ago"));
}

TEST_CASE("empty and whitespace-only input give an empty article", "[text_scrape]") {
    for (std::string text : {std::string(), std::string("   \n\t\r\n  \n"),
                             std::string("\xEF\xBB\xBF"), std::string("\r\n\r\n")}) {
        Article a = parse_text_scrape(text);
        CHECK(a.title.empty());
        CHECK(a.body.empty());
        CHECK(a.section.empty());
        CHECK_FALSE(a.date);
    }
}

TEST_CASE("a title with no body, date or credit", "[text_scrape]") {
    Article a = parse_text_scrape("Just a headline\n");
    CHECK(a.title == "Just a headline");
    CHECK(a.body.empty());
    CHECK_FALSE(a.date);
}

TEST_CASE("section labels never cut a real title", "[text_scrape]") {
    SECTION("glued word without a repeated title stays whole") {
        Article a = parse_text_scrape("NewsCorp shares fall after results\n\nThe company said.\n");
        CHECK(a.title == "NewsCorp shares fall after results");
        CHECK(a.section.empty());
    }
    SECTION("a prefix longer than three words is not a label") {
        Article a = parse_text_scrape(
            "Breaking Late Night World News Storm hits coast\n\nStorm hits coast\n\nBody text.\n");
        CHECK(a.section.empty());
        CHECK(a.title == "Breaking Late Night World News Storm hits coast");
    }
    SECTION("a lowercase or punctuated prefix is not a label") {
        Article a = parse_text_scrape("why, Storm hits coast\n\nStorm hits coast\n\nBody.\n");
        CHECK(a.section.empty());
        CHECK(a.title == "why, Storm hits coast");
    }
    SECTION("label separated by a bar") {
        Article a = parse_text_scrape("Business | Mill closes\n\nMill closes\n\nBody.\n");
        CHECK(a.section == "Business");
        CHECK(a.title == "Mill closes");
        CHECK(a.body == "Body.");
    }
}

TEST_CASE("credit and furniture rules leave ordinary sentences alone", "[text_scrape]") {
    Article a = parse_text_scrape(
        "Ad market shifts\n\n"
        "Advertisements on television fell by a tenth last year, the agency said.\n\n"
        "By then, most viewers had moved to streaming services.\n\n"
        "More than two million people subscribe to the paper's digital edition.\n\n"
        "Four in ten approve of the plan (Reuters/Ipsos)\n\n"
        "Viewers were asked to pick a favourite show (Imagine Studios)\n\n"
        "Photo: Lars Eng/AFP\n\n"
        "Getty Images\n");
    CHECK(a.authors.empty());
    CHECK(a.photo_credits == std::vector<std::string>{"Lars Eng/AFP", "Getty Images"});
    auto paras = paragraphs(a.body);
    REQUIRE(paras.size() == 5);
    CHECK(paras[0].rfind("Advertisements on television", 0) == 0);
    CHECK(paras[1].rfind("By then,", 0) == 0);
    CHECK(paras[2].rfind("More than two million", 0) == 0);
    CHECK(paras[3] == "Four in ten approve of the plan (Reuters/Ipsos)");  // a poll, not a credit
    CHECK(paras[4].rfind("Viewers were asked", 0) == 0);
}

TEST_CASE("furniture variants and repeated widgets are dropped", "[text_scrape]") {
    Article a = parse_text_scrape(
        "Bridge reopens\n\n27 March 2024\n\n"
        "The bridge reopened on Wednesday.\n\n"
        "ADVERTISEMENT\n\nRead more: Other bridges\n\nFollow us on Twitter\n\n"
        "Sign up for our newsletter\n\nClick here to subscribe\n\nMost read\n\n"
        "Vote now!\n\nVote now!\n\nVote now!\n\n"
        "\xC2\xA9 2024 Example Media Ltd. All rights reserved\n\n"
        "Traffic returned to normal by the evening.\n\nRelated content\n");
    REQUIRE(a.date);
    CHECK(a.date->local_date() == "2024-03-27");
    CHECK(a.photo_credits.empty());
    CHECK(a.body ==
          "The bridge reopened on Wednesday.\n\nTraffic returned to normal by the evening.");
}

TEST_CASE("a paragraph scraped twice is kept once", "[text_scrape]") {
    Article a = parse_text_scrape("T\n\nSame line.\n\nOther line.\n\nSame line.\n");
    CHECK(a.body == "Same line.\n\nOther line.");
}

TEST_CASE("never throws on arbitrary bytes", "[text_scrape]") {
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> len(0, 400);
    const std::string alphabet =
        "News\n\r\t |:/()\xC2\xA9\xEF\xBB\xBF"
        "By Photo: 2024-03-27 PM EDT";
    for (int round = 0; round < 500; ++round) {
        std::string text;
        int n = len(rng);
        for (int i = 0; i < n; ++i) {
            // Mix raw bytes with pieces of the layout so the parser's branches are reached.
            if (round % 2)
                text += static_cast<char>(byte(rng));
            else
                text += alphabet[static_cast<size_t>(byte(rng)) % alphabet.size()];
        }
        CHECK_NOTHROW(parse_text_scrape(text));
    }
    CHECK_NOTHROW(parse_text_scrape(std::string("\0\0\n\0", 4)));
}
