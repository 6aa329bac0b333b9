// Timelines, facets, quotes and exports for researchers (kronika-search timeline / facets /
// quotes, --all, --first), end to end on small invented archives.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "calendar.h"
#include "test_util.h"
#include "timeline.h"

using namespace kronika::testing;
using nlohmann::json;

namespace {

// One JSON Lines article.
std::string article(const std::string& id, const std::string& date, const std::string& body,
                    const std::string& source = "Test Post") {
    json j = {{"id", id}, {"title", "Report " + id}, {"body", body}, {"source", source}};
    if (!date.empty()) j["date"] = date;
    return j.dump() + "\n";
}

// Indexes `jsonl` into tmp/db and returns the database path.
std::string index(const TempDir& tmp, const std::string& jsonl) {
    std::string in = tmp / "in.jsonl", db = tmp / "db";
    std::ofstream(in) << jsonl;
    auto r = run(kIndex + " add --no-progress --db " + sh(db) + " " + sh(in));
    REQUIRE(r.exit_code == 0);
    return db;
}

json search_json(const std::string& args) {
    auto r = run(kSearch + " " + args + " --format json");
    INFO(args << "\n" << r.err);
    REQUIRE(r.exit_code <= 1);
    return json::parse(r.out);
}

// Non-empty buckets of a timeline: label -> count.
std::map<std::string, uint64_t> nonzero(const json& t) {
    std::map<std::string, uint64_t> m;
    for (const auto& b : t["buckets"])
        if (b["count"].get<uint64_t>() > 0) m[b["bucket"]] = b["count"];
    return m;
}

}  // namespace

TEST_CASE("calendar: day numbers, ISO weeks and bucket labels", "[timeline]") {
    using namespace kronika;
    using namespace kronika::calendar;
    for (int64_t d = -800000; d < 800000; d += 997) {
        auto c = civil_from_days(d);
        CHECK(days_from_civil(c.year, c.month, c.day) == d);
    }
    // 2024-12-30 is a Monday in ISO week 1 of 2025; 2021-01-03 a Sunday in week 53 of 2020.
    CHECK(bucket_label(Bucketing::week, days_from_civil(2024, 12, 30)) == "2025-W01");
    CHECK(bucket_label(Bucketing::week, days_from_civil(2021, 1, 3)) == "2020-W53");
    CHECK(bucket_label(Bucketing::week, days_from_civil(2024, 3, 27)) == "2024-W13");
    CHECK(bucket_label(Bucketing::month, days_from_civil(2024, 2, 29)) == "2024-02");
    CHECK(bucket_label(Bucketing::year, days_from_civil(1999, 12, 31)) == "1999");
    CHECK(bucket_label(Bucketing::day, days_from_civil(2024, 3, 9)) == "2024-03-09");
    CHECK_THROWS_AS(bucketing_from_name("fortnight"), std::invalid_argument);
}

TEST_CASE("timeline --tz: local days on both sides of daylight-saving changes", "[timeline][dst]") {
    TempDir tmp;
    // New York: EST (UTC-5) until 2024-03-10 02:00, EDT (UTC-4) until 2024-11-03 02:00.
    // Each instant is 00:30 or 23:30 New York time; a fixed offset would misplace some.
    std::string in;
    const char* spring[][2] = {
        {"s1", "2024-03-09T05:30:00Z"},       // 00:30 EST, Mar 9
        {"s2", "2024-03-10T04:30:00Z"},       // 23:30 EST, Mar 9 (Mar 10 in UTC)
        {"s3", "2024-03-10T05:30:00Z"},       // 00:30 EST, Mar 10
        {"s4", "2024-03-11T03:30:00Z"},       // 23:30 EDT, Mar 10 (Mar 11 in UTC)
        {"s5", "2024-03-11T04:30:00Z"},       // 00:30 EDT, Mar 11 (23:30 on Mar 10 at UTC-5)
        {"f1", "2024-11-02T04:30:00Z"},       // 00:30 EDT, Nov 2
        {"f2", "2024-11-03T03:30:00Z"},       // 23:30 EDT, Nov 2
        {"f3", "2024-11-03T04:30:00Z"},       // 00:30 EDT, Nov 3 (23:30 on Nov 2 at UTC-5)
        {"f4", "2024-11-04T04:30:00Z"},       // 23:30 EST, Nov 3 (00:30 on Nov 4 at UTC-4)
        {"f5", "2024-11-04T05:30:00Z"},       // 00:30 EST, Nov 4
        {"l1", "2024-03-10T23:30:00-04:00"},  // written in New York time
        {"d1", "2024-03-10"},                 // a date without a time keeps its date
    };
    for (auto& a : spring) in += article(a[0], a[1], "The river rose again near the old mill.");
    std::string db = index(tmp, in);

    json ny = search_json("timeline --db " + sh(db) + " --by day --tz America/New_York");
    std::map<std::string, uint64_t> expected_ny = {{"2024-03-09", 2}, {"2024-03-10", 4},
                                                   {"2024-03-11", 1}, {"2024-11-02", 2},
                                                   {"2024-11-03", 2}, {"2024-11-04", 1}};
    CHECK(nonzero(ny) == expected_ny);
    CHECK(ny["tz"] == "America/New_York");
    // Every day from the first to the last, empty ones included.
    CHECK(ny["buckets"].size() == 241);
    CHECK(ny["buckets"][0]["bucket"] == "2024-03-09");
    CHECK(ny["buckets"][240]["bucket"] == "2024-11-04");

    // Without --tz each article keeps the date it was published with (here: the UTC date for
    // the "Z" times, the New York date for l1).
    json own = search_json("timeline --db " + sh(db) + " --by day");
    std::map<std::string, uint64_t> expected_own = {{"2024-03-09", 1}, {"2024-03-10", 4},
                                                    {"2024-03-11", 2}, {"2024-11-02", 1},
                                                    {"2024-11-03", 2}, {"2024-11-04", 2}};
    CHECK(nonzero(own) == expected_own);

    // Tokyo has no daylight saving: 2024-03-09T05:30Z is 14:30 on Mar 9, s2 13:30 on Mar 10.
    json tokyo = search_json("timeline --db " + sh(db) + " --by month --tz Asia/Tokyo");
    CHECK(nonzero(tokyo) == std::map<std::string, uint64_t>{{"2024-03", 7}, {"2024-11", 5}});

    auto bad = run(kSearch + " timeline --db " + sh(db) + " --tz Mars/Olympus");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("unknown time zone") != std::string::npos);
}

TEST_CASE("timeline: buckets, normalize, split, formats and plot", "[timeline]") {
    TempDir tmp;
    std::string in;
    // Flood stories in Jan and Mar 2024 (none in Feb), other news every month.
    in += article("n1", "2024-01-05",
                  "\"The flood barrier held,\" said Anna Kowalski, the engineer. Flood waters "
                  "fell.");
    in += article("n2", "2024-01-20", "Flood warnings again, Anna Kowalski said on Monday.");
    in += article("n3", "2024-01-25", "The council met to discuss parking fees.");
    in += article("n4", "2024-02-10", "The council approved the budget, said Piotr Zielinski.");
    in += article("n5", "2024-03-02",
                  "A flood hit the valley. \"We lost everything,\" said Piotr Zielinski.");
    in += article("n6", "2024-03-03", "Parking fees rose in March.");
    in += article("n7", "", "An undated flood report.");
    std::string db = index(tmp, in);

    json t = search_json("timeline flood --db " + sh(db) + " --by month --normalize");
    CHECK(t["matches"] == 4);
    CHECK(t["undated"] == 1);
    REQUIRE(t["buckets"].size() == 3);  // Feb is empty but present
    CHECK(t["buckets"][1]["bucket"] == "2024-02");
    CHECK(t["buckets"][1]["count"] == 0);
    CHECK(t["buckets"][0]["count"] == 2);
    CHECK(t["buckets"][0]["all"] == 3);
    CHECK(t["buckets"][0]["share"].get<double>() == Approx(2.0 / 3));
    CHECK(t["buckets"][2]["all"] == 2);
    CHECK(t["buckets"][0]["start"] == "2024-01-01");
    CHECK(t["buckets"][0]["end"] == "2024-01-31");
    // The denominators counted by a pass (any --tz) equal the date-term frequencies.
    json utc = search_json("timeline flood --db " + sh(db) + " --by month --normalize --tz UTC");
    for (size_t i = 0; i < 3; ++i) CHECK(utc["buckets"][i]["all"] == t["buckets"][i]["all"]);
    // Weeks: shares computed from counts (never averages of daily shares).
    json w = search_json("timeline flood --db " + sh(db) + " --by week --normalize");
    for (const auto& b : w["buckets"])
        if (b["all"].get<uint64_t>() > 0)
            CHECK(b["share"].get<double>() ==
                  Approx(b["count"].get<double>() / b["all"].get<double>()));
    // --from / --to widen the range with empty buckets.
    json wide = search_json("timeline flood --db " + sh(db) +
                            " --by month --from 2023-11-01 --to 2024-05-31");
    CHECK(wide["buckets"].size() == 7);
    CHECK(wide["buckets"][0]["bucket"] == "2023-11");

    // Split: each person's series equals that person's own timeline.
    json s = search_json("timeline --db " + sh(db) + " --by month --split people --top 2");
    REQUIRE(s["series"].size() == 2);
    for (const auto& series : s["series"]) {
        json own = search_json("timeline --db " + sh(db) +
                               " --by month --from 2024-01-01 --to "
                               "2024-03-31 --person " +
                               sh(series["name"].get<std::string>()));
        std::vector<uint64_t> counts;
        for (const auto& b : own["buckets"]) counts.push_back(b["count"]);
        CHECK(series["counts"].get<std::vector<uint64_t>>() == counts);
    }

    // CSV: provenance comments, then one row per bucket and series.
    auto csv = run(kSearch + " timeline flood --db " + sh(db) + " --format csv --normalize");
    CHECK(csv.out.find("# schema_version: 3\n") != std::string::npos);
    CHECK(csv.out.find("# counts_exact: true\n") != std::string::npos);
    CHECK(csv.out.find("bucket,start,end,series,count,all,share\n"
                       "2024-01,2024-01-01,2024-01-31,(all matches),2,3,0.666667\n") !=
          std::string::npos);
    // Text: a bar chart; the SVG plot written beside it.
    std::string svg = tmp / "flood.svg";
    auto text = run(kSearch + " timeline flood --db " + sh(db) + " --plot " + sh(svg));
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("2024-02") != std::string::npos);
    CHECK(text.out.find("\xe2\x96\x88") != std::string::npos);  // a full block
    std::ifstream f(svg);
    std::stringstream ss;
    ss << f.rdbuf();
    CHECK(ss.str().find("<svg") != std::string::npos);
    CHECK(ss.str().find("2024-03") != std::string::npos);
}

TEST_CASE("facets over every match, with shares and co-occurrence", "[timeline][facets]") {
    TempDir tmp;
    std::string in;
    in += article("c1", "2024-01-05", "Anna Kowalski met Piotr Zielinski and Marek Nowicki.");
    in += article("c2", "2024-01-06", "Anna Kowalski met Piotr Zielinski.");
    in += article("c3", "2024-01-07", "Anna Kowalski spoke alone.");
    in += article("c4", "2024-01-08", "Piotr Zielinski met Marek Nowicki.");
    std::string db = index(tmp, in);
    json f = search_json("facets --db " + sh(db) + " --facet people");
    CHECK(f["total"] == 4);
    auto& vals = f["facets"]["people"]["values"];
    REQUIRE(vals.size() == 3);
    CHECK(vals[0]["count"] == 3);
    CHECK(vals[0]["share"].get<double>() == Approx(0.75));
    // Who is mentioned alongside Anna Kowalski: not herself.
    json with = search_json("facets --db " + sh(db) + " --facet people --with 'Anna Kowalski'");
    CHECK(with["total"] == 3);
    std::map<std::string, uint64_t> co;
    for (const auto& v : with["facets"]["people"]["values"]) co[v["value"]] = v["count"];
    CHECK(co == std::map<std::string, uint64_t>{{"Piotr Zielinski", 2}, {"Marek Nowicki", 1}});
    CHECK(with["provenance"]["with"] == "Anna Kowalski");
    auto csv = run(kSearch + " facets --db " + sh(db) + " --facet people --format csv");
    CHECK(csv.out.find("facet,value,count,share\npeople,Anna Kowalski,3,0.75\n") !=
          std::string::npos);
}

TEST_CASE("quotes: who said what, restricted by name, kind and words", "[timeline][quotes]") {
    TempDir tmp;
    std::string in;
    in += article("q1", "2024-03-09T10:00:00Z",
                  "Work on the dam began.\n\n\"The dam will hold through the spring floods,\" "
                  "said Anna Kowalski, the engineer.\n\n\"We have heard promises before,\" said "
                  "Piotr Zielinski, a farmer.");
    in += article("q2", "2024-03-11T10:00:00Z",
                  "Farmers were unconvinced.\n\n\"The dam will hold through the spring floods,\" "
                  "said Marek Nowicki, repeating the engineer.\n\n\"Nobody asked us about the "
                  "dam,\" said Piotr Zielinski.");
    in += article("q3", "2024-03-10T10:00:00Z",
                  "\"Prices keep rising,\" said Piotr Zielinski at the market.");
    std::string db = index(tmp, in);

    // Every statement by Zielinski, oldest first.
    json z = search_json("quotes --db " + sh(db) + " --by Zielinski");
    CHECK(z["total"] == 3);
    CHECK(z["articles"] == 3);
    REQUIRE(z["quotes"].size() == 3);
    CHECK(z["quotes"][0]["article"]["id"] == "q1");
    CHECK(z["quotes"][1]["article"]["id"] == "q3");
    CHECK(z["quotes"][2]["quote"] == "Nobody asked us about the dam");
    // "What did Zielinski say about the dam": only his statement with the word, although his
    // other statement's article (q1) mentions the dam too.
    json dam = search_json("quotes dam --db " + sh(db) + " --by 'Piotr Zielinski'");
    REQUIRE(dam["total"] == 1);
    CHECK(dam["quotes"][0]["article"]["id"] == "q2");
    // A phrase over statements: the claim's first appearance and who repeated it.
    json claim = search_json("quotes '\"spring floods\"' --db " + sh(db));
    REQUIRE(claim["total"] == 2);
    CHECK(claim["quotes"][0]["first"] == true);
    CHECK(claim["quotes"][0]["name"] == "Anna Kowalski");
    CHECK(claim["quotes"][1]["first"] == false);
    CHECK(claim["quotes"][1]["claim"]["first_id"] == "q1");
    CHECK(claim["quotes"][1]["claim"]["statements"] == 2);
    CHECK(claim["quotes"][1]["claim"]["repeated_by"] == json::array({"Marek Nowicki"}));
    // Newest first, paging, kinds.
    json newest = search_json("quotes --db " + sh(db) + " --sort newest --limit 1 --offset 1");
    CHECK(newest["total"] == 5);
    REQUIRE(newest["quotes"].size() == 1);
    CHECK(newest["quotes"][0]["article"]["id"] == "q2");
    CHECK(search_json("quotes --db " + sh(db) + " --kind claimant")["total"] == 0);
    CHECK(run(kSearch + " quotes --db " + sh(db) + " --kind gossip").exit_code == 2);
}

TEST_CASE("exports: --all streams every match, --first is the earliest", "[timeline][export]") {
    TempDir tmp;
    std::string in;
    for (int i = 0; i < 30; ++i) {
        char date[16];
        std::snprintf(date, sizeof date, "2024-%02d-%02d", 1 + i % 12, 1 + i);
        in += article("e" + std::to_string(i), i == 7 ? "" : date,
                      "Harbour tunnel toll report number " + std::to_string(i) + ".");
    }
    std::string db = index(tmp, in);
    json all = search_json("--db " + sh(db) + " tunnel --all --sort oldest");
    CHECK(all["total"] == 30);
    REQUIRE(all["results"].size() == 30);
    CHECK(all["provenance"]["counts_exact"] == true);
    // Oldest first, undated last.
    CHECK(all["results"][0]["id"] == "e0");
    CHECK(all["results"][29]["id"] == "e7");
    for (size_t i = 1; i + 1 < 30; ++i)
        CHECK(all["results"][i - 1]["date"].get<std::string>() <=
              all["results"][i]["date"].get<std::string>());
    auto csv = run(kSearch + " --db " + sh(db) + " tunnel --all --format csv");
    size_t rows = 0;
    std::istringstream lines(csv.out);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line[0] != '#') ++rows;
    CHECK(rows == 31);  // header + every match
    json first = search_json("--db " + sh(db) + " '\"toll report\"' --first");
    REQUIRE(first["results"].size() == 1);
    CHECK(first["results"][0]["id"] == "e0");
    json newest = search_json("--db " + sh(db) + " tunnel --sort newest --limit 1");
    CHECK(newest["results"][0]["id"] == "e23");                                // 2024-12-24
    CHECK(run(kSearch + " --db " + sh(db) + " tunnel --all").exit_code == 2);  // text: no
}

TEST_CASE("stories: near-duplicate copies grouped, collapsed and counted once",
          "[timeline][stories]") {
    TempDir tmp;
    const std::string wire =
        "The regional water board approved a plan on Tuesday to rebuild the Elmford dam over "
        "three years, after engineers found cracks in the spillway during the spring inspection. "
        "The plan, which still needs the approval of the provincial parliament, would cost about "
        "120 million and would be paid for partly by a levy on irrigation water. Farmers in the "
        "valley said they feared the levy would double their costs, while the board said the "
        "alternative was a dam that could fail in the next major flood. Work could start in the "
        "autumn if parliament agrees before the summer recess.";
    std::string edited = wire;
    edited.replace(edited.find("about 120 million"), 17, "roughly 120 million");
    std::string in;
    in += article("w1", "2024-05-07T09:00:00Z", wire, "Kronika Wire");
    in += article("w2", "2024-05-07T15:00:00Z", edited + " (Reporting by staff.)", "Valley News");
    in += article("w3", "2024-06-02T08:00:00Z", wire, "River Post");  // a reprint a month later
    in += article("u1", "2024-05-08T10:00:00Z",
                  "The city library will open on Sundays from June, the council said, after a "
                  "petition signed by more than four thousand residents asked for longer hours. "
                  "The extra hours will be paid for by closing one branch on Monday mornings, a "
                  "change the council said would affect few readers because Monday mornings are "
                  "the quietest time of the week at every branch in the city.",
                  "Valley News");
    std::string db = index(tmp, in);

    json all = search_json("--db " + sh(db) + " --sort oldest --limit 10");
    REQUIRE(all["results"].size() == 4);
    std::map<std::string, std::pair<std::string, uint64_t>> story;
    for (const auto& r : all["results"]) story[r["id"]] = {r["story"], r["story_size"]};
    // The first-published copy names the story.
    CHECK(story["w1"] == std::make_pair(std::string("w1"), uint64_t{3}));
    CHECK(story["w2"] == std::make_pair(std::string("w1"), uint64_t{3}));
    CHECK(story["w3"] == std::make_pair(std::string("w1"), uint64_t{3}));
    CHECK(story["u1"] == std::make_pair(std::string("u1"), uint64_t{1}));
    CHECK(search_json("--db " + sh(db) + " story:w1 --exact")["total"] == 3);

    // One result per story, with the number of copies folded into it.
    json one = search_json("--db " + sh(db) + " dam --collapse --exact");
    CHECK(one["total"] == 1);
    REQUIRE(one["results"].size() == 1);
    CHECK(one["results"][0]["collapsed"] == 2);

    // Timelines count articles or stories (a story once per bucket it appears in).
    json art = search_json("timeline --db " + sh(db) + " --by month");
    json sto = search_json("timeline --db " + sh(db) + " --by month --count stories");
    CHECK(nonzero(art) == std::map<std::string, uint64_t>{{"2024-05", 3}, {"2024-06", 1}});
    CHECK(nonzero(sto) == std::map<std::string, uint64_t>{{"2024-05", 2}, {"2024-06", 1}});

    // Facets too: May holds 3 articles of 2 stories.
    json months = search_json("facets --db " + sh(db) + " --facet date --count stories");
    CHECK(months["count"] == "stories");
    CHECK(months["facets"]["date"]["stories"] == 2);  // of 4 articles
    CHECK(months["facets"]["date"]["values"][0] ==
          json({{"value", "2024-05"}, {"count", 2}, {"share", 1.0}}));
    json months_art = search_json("facets --db " + sh(db) + " --facet date");
    CHECK(months_art["facets"]["date"]["values"][0]["count"] == 3);

    // Deleting the first copy moves the story to the next one; re-grouping is idempotent.
    REQUIRE(run(kIndex + " delete --db " + sh(db) + " w1").exit_code == 0);
    json after = search_json("--db " + sh(db) + " story:w2 --exact");
    CHECK(after["total"] == 2);
    auto again = run(kIndex + " stories --db " + sh(db));
    CHECK(again.exit_code == 0);
    CHECK(again.err.find("0 articles updated") != std::string::npos);
}

TEST_CASE("cursor paging by date is stable while articles are added", "[timeline][export]") {
    TempDir tmp;
    std::string in;
    // 25 articles on 5 days (ties on each day), 2 undated.
    for (int i = 0; i < 25; ++i)
        in += article("p" + std::to_string(i), "2024-04-0" + std::to_string(1 + i % 5),
                      "Ferry timetable notice " + std::to_string(i) + ".");
    in += article("u1", "", "Ferry timetable notice, undated.");
    in += article("u2", "", "Ferry timetable notice, undated too.");
    std::string db = index(tmp, in);

    for (std::string sort : {"oldest", "newest"}) {
        json all = search_json("--db " + sh(db) + " ferry --all --sort " + sort);
        std::vector<std::string> expected;
        for (const auto& r : all["results"]) expected.push_back(r["id"]);
        REQUIRE(expected.size() >= 27);  // 27, and 2 more added by the first round
        CHECK(expected[expected.size() - 2].front() == 'u');  // undated last either way
        CHECK(expected.back().front() == 'u');
        // Pages of 4 by cursor; after the second page, articles are added before and after the
        // cursor's position: pages never repeat or skip one of the original articles.
        std::vector<std::string> seen;
        std::string cursor;
        for (int page = 0; page < 20; ++page) {
            json p = search_json("--db " + sh(db) + " ferry --limit 4 --exact --sort " + sort +
                                 (cursor.empty() ? "" : " --after " + cursor));
            for (const auto& r : p["results"]) seen.push_back(r["id"]);
            if (page == 1) {
                std::string more = tmp / ("more-" + sort + ".jsonl");
                std::ofstream(more) << article("n-" + sort + "1", "2024-04-01", "Ferry news.")
                                    << article("n-" + sort + "2", "2024-04-05", "Ferry news.");
                REQUIRE(
                    run(kIndex + " add --no-progress --db " + sh(db) + " " + sh(more)).exit_code ==
                    0);
            }
            if (p["results"].size() < 4 || !p.contains("next_cursor")) break;
            cursor = p["next_cursor"];
        }
        std::vector<std::string> original;
        for (const auto& id : seen)
            if (id.rfind("n-" + sort, 0) != 0) original.push_back(id);  // added this round
        CHECK(original == expected);
        std::set<std::string> unique(seen.begin(), seen.end());
        CHECK(unique.size() == seen.size());
    }
    CHECK(run(kSearch + " --db " + sh(db) + " ferry --after 00-1").exit_code == 2);  // relevance
    CHECK(run(kSearch + " --db " + sh(db) + " ferry --sort oldest --after zz").exit_code == 2);
}
