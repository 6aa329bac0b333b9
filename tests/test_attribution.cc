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
    CHECK((s->cue == "blamed" || s->cue == "claimed"));
    const Attribution* g = find(at, "Ivan Gromov", "speaker");
    REQUIRE(g);
    CHECK(g->cue == "alleges");
    CHECK(g->quote == "a foreign trace.");
    const Attribution* k = find(at, "Oksana Kovalenko", "speaker");
    REQUIRE(k);
    CHECK(k->quote.find("liar") != std::string::npos);
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
    a.body =
        "HARROWGATE FALLS, Feb 3 (Lantern Wire) - Dana Whitlock said the bridge would "
        "reopen.\n\n\"It is safe,\" she said.";
    auto people = extract_people(a);
    REQUIRE(people == std::vector<std::string>{"Dana Whitlock"});
    auto at = extract_attributions(a, people);
    REQUIRE(at.size() == 1);
    CHECK(at[0].name == "Dana Whitlock");
    CHECK(at[0].kind == "speaker");
}

TEST_CASE("attribution: appositions, compounds and inverted descriptors", "[attribution]") {
    auto at = attribute(
        "Marta Velasquez, a spokeswoman for the Harbor Authority, said the port would reopen.\n\n"
        "\"We lost three boats,\" said dock worker Tomas Brandt.\n\n"
        "Owners Elena Petrova and Sam Okafor said they respected the vote.\n\n"
        "Olga Linde, Minister of Transport, and Harbor Chief Pavel Greco, highlighted the "
        "risks.\n\n"
        "Committee Chairman Daniel Whitford, R-Utah, said the hearing would start soon.\n\n"
        "Gina Moretti, who has long opposed the plan, argued it was too costly.");
    CHECK(find(at, "Marta Velasquez", "speaker"));
    CHECK(find(at, "Tomas Brandt", "speaker"));
    CHECK(find(at, "Elena Petrova", "speaker"));
    CHECK(find(at, "Sam Okafor", "speaker"));
    CHECK(find(at, "Olga Linde", "speaker"));
    CHECK(find(at, "Pavel Greco", "speaker"));
    CHECK(find(at, "Daniel Whitford", "speaker"));
    CHECK(find(at, "Gina Moretti", "speaker"));
    for (const auto& a : at) {
        CHECK(a.name != "Harbor Authority");
        CHECK(a.name != "R-Utah");
    }
}

TEST_CASE("attribution: polls and report-by give sources", "[attribution]") {
    auto at = attribute(
        "A new Harlow Tribune poll shows the mayor ahead.\n\n"
        "The shift was first reported by the Evening Gazette.\n\n"
        "According to the Midland Institute of Statistics, turnout fell.");
    CHECK(find(at, "Harlow Tribune", "source"));
    CHECK(find(at, "Evening Gazette", "source"));
    CHECK(find(at, "Midland Institute of Statistics", "speaker"));
}

TEST_CASE("attribution: surname speakers take the article's full name", "[attribution]") {
    auto at = attribute(
        "Councillor Ruth Abernathy spoke first. Abernathy said the budget was fair.\n\n"
        "\"It was a long night,\" Mr Abernathy said.");
    REQUIRE(at.size() == 1);
    CHECK(at[0].name == "Ruth Abernathy");
}

TEST_CASE("attribution: real quotations preferred over scare quotes", "[attribution]") {
    auto at = attribute(
        "Nadia Korr spoke of an \"opening\" in the talks. \"We are ready to sign the "
        "treaty,\" Korr said.");
    const Attribution* k = find(at, "Nadia Korr", "speaker");
    REQUIRE(k);
    CHECK(k->quote == "We are ready to sign the treaty");
}

TEST_CASE("attribution: stance and reaction verbs", "[attribution]") {
    auto at = attribute(
        "Senator Orla Fenwick rejected the proposal on Monday.\n\n"
        "Governor Bram Lidell hailed the ruling as a victory.\n\n"
        "Mayor Tess Quarry declined to comment.");
    CHECK(find(at, "Orla Fenwick", "speaker"));
    CHECK(find(at, "Bram Lidell", "speaker"));
    CHECK(find(at, "Tess Quarry", "speaker"));
}

TEST_CASE("attribution: according to a record, not to its publisher", "[attribution]") {
    auto at = attribute(
        "The group spent $2 million, according to Harbor Elections Board filings.\n\n"
        "Turnout rose, according to a recent survey of Vermont voters.\n\n"
        "Prices fell, according to an interview with the Riverside Courier.\n\n"
        "Sales doubled, according to an analysis by the Kestrel Institute.");
    CHECK(find(at, "Kestrel Institute", "speaker"));
    for (const auto& a : at) {
        CHECK(a.name != "Harbor Elections Board");
        CHECK(a.name != "Vermont");
        CHECK(a.name != "Riverside Courier");
    }
}

TEST_CASE("attribution: a spokesperson for X speaks for X", "[attribution]") {
    auto at = attribute(
        "Delia Marchetti is running for the Senate. A spokeswoman for Marchetti said the "
        "campaign would appeal.");
    const Attribution* m = find(at, "Delia Marchetti", "speaker");
    REQUIRE(m);
    CHECK(m->cue == "said");
}

TEST_CASE("attribution: generational suffix and named poll owner", "[attribution]") {
    auto at = attribute(
        "Robert T. Haldane, Jr., the engineer, said the dam was safe.\n\n"
        "The mayor leads, according to a Kestrel Poll released on Tuesday.\n\n"
        "The paper was cited by the Coastal Times on Tuesday.");
    CHECK(find(at, "Robert T. Haldane Jr", "speaker"));
    CHECK(find(at, "Kestrel", "source"));
    for (const auto& a : at) CHECK(a.name.find("Tuesday") == std::string::npos);
}

TEST_CASE("attribution: colon-introduced statements and transcripts", "[attribution]") {
    auto at = attribute(
        "Pollsters Mira Castellan and Joel Bratt looked at the data.\n\n"
        "Mira Castellan: \"The early polls were simply too early.\"\n\n"
        "BRATT: We saw the surge coming weeks ago.\n\n"
        "Warning: Heavy rain is expected.");
    CHECK(find(at, "Mira Castellan", "speaker"));
    CHECK(find(at, "Joel Bratt", "speaker"));
    for (const auto& a : at) CHECK(a.name != "Warning");
}

TEST_CASE("attribution: headline subjects of cue verbs", "[attribution]") {
    Article a;
    a.title = "Fenwick Slams Tax Plan As 'Reckless'";
    a.body = "Senator Orla Fenwick spoke to reporters in the capital on Friday.";
    auto at = extract_attributions(a, extract_people(a));
    const Attribution* f = find(at, "Orla Fenwick", "speaker");
    REQUIRE(f);
    CHECK(f->cue == "Slams");
}

TEST_CASE("attribution: parenthetical party tags, outlets and party descriptors", "[attribution]") {
    auto at = attribute(
        "Sen. Marla Quennell (D-Ore.) said the bill would fail.\n\n"
        "\"We will keep fighting,\" said Rep. Otto Brandvik (R-Kan.), who opposed it.\n\n"
        "The Harbor Valley Journal first reported the vote. The Journal reported that aides "
        "were worried.\n\n"
        "A Nebraska Republican said the plan was dead.\n\n"
        "Teodor Vance of Topeka, Kan., said he was relieved.");
    CHECK(find(at, "Marla Quennell", "speaker"));
    CHECK(find(at, "Otto Brandvik", "speaker"));
    CHECK(find(at, "Harbor Valley Journal", "source"));
    CHECK(find(at, "Teodor Vance", "speaker"));
    for (const auto& a : at) {
        CHECK(a.name.find("D-Ore") == std::string::npos);
        CHECK(a.name.find("R-Kan") == std::string::npos);
        CHECK(a.name != "Journal");
        CHECK(a.name != "Kan.");
        CHECK(a.name.find("Republican") == std::string::npos);
    }
}

TEST_CASE("attribution: intent verbs governing an infinitive or clause", "[attribution]") {
    auto at = attribute(
        "Orla Fenwick visited the harbour on Tuesday. Fenwick hopes to reopen the old docks "
        "by spring.\n\n"
        "Mira Castellane tried the soup. The ferry expected delays.");
    const Attribution* f = find(at, "Orla Fenwick", "speaker");
    REQUIRE(f);
    CHECK(f->cue == "hopes");
    CHECK(f->quote.find("reopen the old docks") != std::string::npos);
    CHECK_FALSE(find(at, "Mira Castellane", "speaker"));  // no infinitive or clause
}

TEST_CASE("attribution: full names after a closing quote, organisations and titles",
          "[attribution]") {
    auto at = attribute(
        "\"We will hold the line,\" Orville T. Brackenridge said on Monday.\n\n"
        "Don Pettersen said he agreed with the ruling.\n\n"
        "\"No comment,\" Deputy Chief of Staff Marla Quintero said.\n\n"
        "The Daily Lantern reported that the deal was off.\n\n"
        "Patriotic Futures PAC said it would spend more on television.\n\n"
        "Secretary of State Joan Kerrigan said the talks would go on.");
    // The first word after a closing quote is not a sentence start: the name keeps it.
    CHECK(find(at, "Orville T. Brackenridge", "speaker"));
    // "Don" is a given name here, not the Spanish honorific.
    CHECK(find(at, "Don Pettersen", "speaker"));
    // "Chief of Staff" is a title, not part of the name.
    CHECK(find(at, "Marla Quintero", "speaker"));
    // "Secretary of State X": "of" opens a title phrase here, not an object.
    CHECK(find(at, "Joan Kerrigan", "speaker"));
    // An outlet and a PAC are named by all their words.
    CHECK(find(at, "Daily Lantern", "source"));
    CHECK(find(at, "Patriotic Futures PAC", "speaker"));
    for (const auto& a : at) {
        CHECK(a.name != "Lantern");
        CHECK(a.name != "Futures PAC");
        CHECK(a.name != "Staff Marla Quintero");
    }
}
