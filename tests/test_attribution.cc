// Tests for attribution: speakers, sources and claimants with cue and quote.
#include <catch2/catch.hpp>

#include <algorithm>

#include "extract/attribution.h"
#include "extract/people.h"

using namespace kronika;

namespace {

std::vector<Attribution> attribute(const std::string& body) {
    Article a;
    a.body = body;
    return extract_attributions(a, extract_people(a));
}

const Attribution* find(const std::vector<Attribution>& v, const std::string& name,
                        const std::string& kind) {
    for (const auto& a : v)
        if (a.name == name && a.kind == kind) return &a;
    return nullptr;
}

}  // namespace

TEST_CASE("attribution: invented Kremlin-style article", "[attribution]") {
    auto at = attribute(
        "Aides close to Boris Sokolov doubt that Kyiv planned the blast, according to "
        "Bloomberg. One Bloomberg source noted that the aides were \"stunned.\"\n\n"
        "The blast was claimed by the so-called Islamic State.\n\n"
        "Boris Sokolov has blamed Kyiv twice. In a speech, he claimed the attackers fled west.\n\n"
        "On May 3, FSB Director Ivan Gromov spoke. Gromov, in particular, alleges \"a foreign "
        "trace.\"\n\n"
        "- We have the evidence. We will dig further - Gromov elaborated.\n\n"
        "Addressing Sokolov's remarks, Oksana Kovalenko characterized him as a \"liar.\"\n\n"
        "- He lies every day - the Ukrainian President declared.");
    const Attribution* b = find(at, "Bloomberg", "source");
    REQUIRE(b);
    CHECK(b->cue == "according to");
    const Attribution* is = find(at, "Islamic State", "claimant");
    REQUIRE(is);
    CHECK(is->cue == "claimed");
    const Attribution* s = find(at, "Boris Sokolov", "speaker");
    REQUIRE(s);
    CHECK(s->cue == "claimed");
    const Attribution* g = find(at, "Ivan Gromov", "speaker");
    REQUIRE(g);
    CHECK(g->cue == "alleges");
    CHECK(g->quote == "a foreign trace.");
    const Attribution* k = find(at, "Oksana Kovalenko", "speaker");
    REQUIRE(k);
    CHECK(k->quote == "liar.");
    // Nothing is attributed to places or to "Kyiv planned".
    for (const auto& a : at) CHECK(a.name != "Kyiv");
    CHECK(at.size() == 5);
}

TEST_CASE("attribution: dash-introduced statement is the quote", "[attribution]") {
    auto at = attribute("Ivan Gromov spoke.\n\n- We will dig further - Gromov elaborated.");
    const Attribution* g = find(at, "Ivan Gromov", "speaker");
    REQUIRE(g);
    CHECK(g->cue == "elaborated");
    CHECK(g->quote == "We will dig further");
}

TEST_CASE("attribution: quoted speech with inverted and pronoun subjects", "[attribution]") {
    auto at = attribute(
        "Mayor Lisa Tremblay opened the bridge.\n\n"
        "\"It is a great day,\" said Tremblay.\n\n"
        "Councillor Raj Patel was absent. \"We were not invited,\" he said.");
    const Attribution* t = find(at, "Lisa Tremblay", "speaker");
    REQUIRE(t);
    CHECK(t->cue == "said");
    CHECK(t->quote == "It is a great day");
    const Attribution* p = find(at, "Raj Patel", "speaker");
    REQUIRE(p);
    CHECK(p->quote == "We were not invited");
}

TEST_CASE("attribution: outlets are sources, claims of responsibility claimants", "[attribution]") {
    auto at = attribute(
        "The deal is off, Reuters reported. Prices rose, say analysts at The Daily Ledger.\n\n"
        "The Northern Front claimed responsibility for the raid.\n\n"
        "Sources at Bloomberg said the talks failed.");
    CHECK(find(at, "Reuters", "source"));
    CHECK(find(at, "Northern Front", "claimant"));
    CHECK(find(at, "Bloomberg", "source"));
}

TEST_CASE("attribution: each (name, kind) once, first cue kept", "[attribution]") {
    auto at = attribute("Jane Holloway said yes. Holloway added no. Holloway told us more.");
    REQUIRE(at.size() == 1);
    CHECK(at[0].name == "Jane Holloway");
    CHECK(at[0].cue == "said");
}

TEST_CASE("attribution: generic and prepositional subjects are skipped", "[attribution]") {
    auto at = attribute(
        "Officials said the road was closed. Figures from Moscow announce 40 deaths. "
        "It is reported that nobody was hurt.");
    CHECK(at.empty());
}

TEST_CASE("attribution: a wire dateline does not make speakers of its place", "[attribution]") {
    Article a;
    a.body = "HARROWGATE FALLS, Feb 3 (Lantern Wire) - Dana Whitlock said the bridge would "
             "reopen.\n\n\"It is safe,\" she said.";
    auto people = extract_people(a);
    REQUIRE(people == std::vector<std::string>{"Dana Whitlock"});
    auto at = extract_attributions(a, people);
    REQUIRE(at.size() == 1);
    CHECK(at[0].name == "Dana Whitlock");
    CHECK(at[0].kind == "speaker");
}
