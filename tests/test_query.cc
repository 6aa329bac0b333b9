// Query parser tests: query strings and the exact Xapian query each becomes, or the exact error.
#include <catch2/catch.hpp>

#include <string>

#include "query.h"

using namespace kronika;

namespace {

struct Case {
    const char* query;
    const char* description;  // Xapian's Query::get_description()
};

const Case kCases[] = {
    {"kremlin", "Query((kremlin SYNONYM Zkremlin))"},
    // Words are folded by the analyzer and stemmed: every form of the stem matches.
    {"Attacks", "Query((attack SYNONYM Zattack))"},
    {"Pérez", "Query((perez SYNONYM Zperez))"},
    {"Zelenskyy's", "Query((zelenskyy SYNONYM Zzelenskyy))"},
    {"\"Crocus City Hall\"", "Query((crocus PHRASE 3 city PHRASE 3 hall))"},
    {"“Crocus City Hall”", "Query((crocus PHRASE 3 city PHRASE 3 hall))"},
    {"\"the state of the union\"",
     "Query((the PHRASE 5 state PHRASE 5 of PHRASE 5 the PHRASE 5 union))"},
    // A word the analyzer splits is a phrase of its parts.
    {"well-known", "Query((well PHRASE 2 known))"},
    {"putin OR zelenskyy", "Query(((putin SYNONYM Zputin) OR (zelenskyy SYNONYM Zzelenskyy)))"},
    {"kremlin NOT bloomberg",
     "Query(((kremlin SYNONYM Zkremlin) AND_NOT (bloomberg SYNONYM Zbloomberg)))"},
    {"-bloomberg kremlin",
     "Query(((kremlin SYNONYM Zkremlin) AND_NOT (bloomberg SYNONYM Zbloomberg)))"},
    {"NOT bloomberg", "Query((<alldocuments> AND_NOT (bloomberg SYNONYM Zbloomberg)))"},
    {"(a OR b) c", "Query((((a SYNONYM Za) OR (b SYNONYM Zb)) AND (c SYNONYM Zc)))"},
    {"a AND b", "Query(((a SYNONYM Za) AND (b SYNONYM Zb)))"},
    // Lower-case operators are words.
    {"and or not", "Query(((and SYNONYM Zand) AND (or SYNONYM Zor) AND (not SYNONYM Znot)))"},
    {"kremlin NEAR/5 bloomberg", "Query((kremlin NEAR 6 bloomberg))"},
    {"kremlin NEAR bloomberg", "Query((kremlin NEAR 11 bloomberg))"},
    {"title:kremlin", "Query(Skremlin)"},
    {"title:\"city hall\"", "Query((Scity PHRASE 2 Shall))"},
    {"person:\"Vladimir Putin\"", "Query(0 * XPvladimir putin)"},
    {"person:PUTIN", "Query(0 * (XPputin OR XNputin))"},  // also "Vladimir Putin"
    {"attribution:Bloomberg kind:source",
     "Query((0 * (XAblomberg OR XRblomberg) AND 0 * XKsource))"},
    {"source:\"New York Times\"", "Query(0 * XSnew york times)"},
    // Date ranges become whole years, whole months and single days (short posting lists).
    {"date:2024-03-01..2024-03-31", "Query(0 * M202403)"},
    {"date:2024-03", "Query(0 * M202403)"},
    {"date:2024-02", "Query(0 * M202402)"},
    {"date:2023-12-30..2025-02-02",
     "Query(0 * (D20231230 OR D20231231 OR Y2024 OR M202501 OR D20250201 OR D20250202))"},
    {"date:..2024", "Query(VALUE_LE 1 20241231)"},
    {"date:2023-06..", "Query(VALUE_GE 1 20230601)"},
    {"10:30", "Query((10 PHRASE 2 30))"},
    {"", "Query(<alldocuments>)"},
};

struct ErrorCase {
    const char* query;
    const char* message;
};

const ErrorCase kErrors[] = {
    {"(kremlin", "missing ')' at offset 8"},
    {"kremlin)", "unmatched ')' at offset 7"},
    {"kind:bogus", "kind: must be speaker, source or claimant, not \"bogus\""},
    {"date:2024-13", "bad date \"2024-13\": use YYYY-MM-DD, YYYY-MM or YYYY"},
    // Found by fuzz/fuzz_query: year 0 used to loop for ever looking for the month's last day.
    {"date:0000-01", "bad date \"0000-01\": use YYYY-MM-DD, YYYY-MM or YYYY"},
    {"date:0000..2024", "bad date \"0000\": use YYYY-MM-DD, YYYY-MM or YYYY"},
    {"date:2024-03-31..2024-03-01", "date range \"2024-03-31..2024-03-01\" ends before it starts"},
    {"OR", "expected a word or phrase at offset 0"},
    {"NOT", "NOT needs something after it at offset 3"},
    {"a AND", "AND needs something after it at offset 5"},
    {"person:", "person: needs a value (at offset 0)"},
    {"NEAR/x b", "NEAR/ needs a number of words, as in NEAR/5 (at offset 0)"},
};

}  // namespace

TEST_CASE("query strings become the expected Xapian queries", "[query]") {
    Analyzer analyzer;
    QueryBuilder qb(analyzer, {"english"});
    for (const auto& c : kCases) {
        INFO("query: " << c.query);
        CHECK(qb.parse(c.query).get_description() == c.description);
    }
}

TEST_CASE("bad queries give exact errors", "[query]") {
    Analyzer analyzer;
    QueryBuilder qb(analyzer, {"english"});
    for (const auto& c : kErrors) {
        INFO("query: " << c.query);
        CHECK_THROWS_WITH(qb.parse(c.query), c.message);
    }
    CHECK_THROWS_WITH(qb.parse(std::string(5000, 'a')), "query longer than 4096 bytes");
    std::string deep(40, '(');
    CHECK_THROWS_WITH(qb.parse(deep + "a" + std::string(40, ')')), "too many nested parentheses");
}

TEST_CASE("filters from options combine with the query", "[query]") {
    Analyzer analyzer;
    QueryBuilder qb(analyzer, {"english"});
    QueryFilters f;
    f.people = {"Vladimir Putin"};
    f.attributions = {"Bloomberg"};
    f.kinds = {"source"};
    f.from = "2024-03";
    f.to = "2024-03-31";
    CHECK(qb.build("\"city hall\"", f).get_description() ==
          "Query(((city PHRASE 2 hall) FILTER (XPvladimir putin AND (XBsource:blomberg OR "
          "XCsource:blomberg) AND M202403)))");
    QueryFilters kinds_only;
    kinds_only.kinds = {"claimant", "speaker"};
    CHECK(qb.build("", kinds_only).get_description() ==
          "Query((<alldocuments> FILTER (XKclaimant OR XKspeaker)))");
    QueryFilters bad;
    bad.kinds = {"rumour"};
    CHECK_THROWS_WITH(qb.build("", bad), Catch::Contains("--kind must be"));
    QueryFilters reversed;
    reversed.from = "2024-04-01";
    reversed.to = "2024-03-01";
    CHECK_THROWS_WITH(qb.build("", reversed), "--from is after --to");
}

TEST_CASE("highlight words and stems come from the positive query terms", "[query]") {
    Analyzer analyzer;
    QueryBuilder qb(analyzer, {"english"});
    qb.parse("Attacks \"City Hall\" person:Putin");
    CHECK(qb.highlight_words() == std::set<std::string>{"attacks", "city", "hall"});
    CHECK(qb.highlight_stems() == std::set<std::string>{"attack"});
}

TEST_CASE("quote: searches attributed statements", "[query]") {
    Analyzer analyzer;
    QueryBuilder qb(analyzer, {"english"});
    CHECK(qb.parse("quote:\"no terrorist ties\"").get_description() ==
          "Query((XQno PHRASE 3 XQterrorist PHRASE 3 XQties))");
    CHECK(qb.parse("quote:Ukraine").get_description() == "Query(XQukraine)");
}
