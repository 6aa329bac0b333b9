// Index checks: the exact terms and slots a sample article must (and must not) produce, phrase
// boundaries between fields, idempotent re-adds, replacement and deletion.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <xapian.h>

#include "extract/dates.h"
#include "extract/extract.h"
#include "facets.h"
#include "index_writer.h"
#include "indexing.h"
#include "readers/input.h"
#include "schema.h"
#include "search.h"
#include "test_util.h"

using namespace kronika;

namespace {

const std::string kReference = std::string(KRONIKA_CORPUS_DIR) + "/crocus-kremlin-2024-03-27.txt";

Article read_one(const std::string& path) {
    std::vector<Article> out;
    DiagnosticSink warn = [](const Diagnostic&) {};
    for (const auto& f : list_inputs({path}, warn))
        read_input(
            f, {}, [&](Article&& a) { out.push_back(std::move(a)); }, warn);
    REQUIRE(out.size() == 1);
    extract_facets(out[0]);
    return out[0];
}

std::set<std::string> terms_of(const Xapian::Document& doc) {
    std::set<std::string> t;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) t.insert(*it);
    return t;
}

}  // namespace

TEST_CASE("the reference article's terms and slots", "[index]") {
    Article a = read_one(kReference);
    testing::TempDir tmp;
    {
        IndexWriter w(tmp / "db");
        CHECK(w.add(a) == IndexWriter::Outcome::added);
        w.commit();
    }
    Xapian::Database db = open_for_reading(tmp / "db");
    REQUIRE(db.get_doccount() == 1);
    Xapian::Document doc = db.get_document(*db.postlist_begin(""));
    auto terms = terms_of(doc);

    const char* present[] = {
        "Qcrocus-kremlin-2024-03-27",
        "D20240327",
        "M202403",
        "Y2024",
        "XLen",
        "XPvladimir putin",
        "XPnikolai patrushev",
        "XPalexander bortnikov",
        "XPvolodimir zelenski",
        "XAblomberg",
        "XBsource:blomberg",
        "XKsource",
        "XAislamic state",
        "XBclaimant:islamic state",
        "XKclaimant",
        // title words, plain and S-prefixed; body words; stems
        "kremlin",
        "Skremlin",
        "crocus",
        "Scrocus",
        "ukraine",
        "bortnikov",
        "zelenskyy",
        // stems of words unlike their stem ("shocked", "intelligence")
        "attack",
        "Zshock",
        "Zintellig",
        // words of attributed statements
        "XQskeptical",
        "XQcreature",
    };
    for (const char* t : present) {
        INFO("term " << t);
        CHECK(terms.count(t));
    }
    const char* absent[] = {
        // schema 2: no Z term for a word that is its own stem ("attack" is)
        "Zkremlin",
        "Zattack",
        // photo credit: not a person, not body text
        "XPmikhail metzel",
        "metzel",
        "mikhail",
        // teaser lines ("Car has a problem") are not body; "Car" is not a person
        "XPcar",
        "car",
        // furniture: "LIVE COVERAGE", "Related content"
        "coverage",
        "content",
        // the possessive is folded away; no upper case survives
        "ukraine's",
        "Ukraine",
        // Bloomberg is a source, not a person
        "XPblomberg",
    };
    for (const char* t : absent) {
        INFO("term " << t);
        CHECK_FALSE(terms.count(t));
    }
    CHECK(doc.get_value(schema::SLOT_DATE_LOCAL) == "20240327");
    // 1:57 PM EDT = 17:57 UTC.
    CHECK(Xapian::sortable_unserialise(doc.get_value(schema::SLOT_DATE_UTC)) == 1711562220.0);
    std::string people = doc.get_value(schema::SLOT_PEOPLE);
    for (const char* p :
         {"Vladimir Putin", "Nikolai Patrushev", "Alexander Bortnikov", "Volodymyr Zelenskyy"})
        CHECK(people.find(p) != std::string::npos);
    CHECK(doc.get_value(schema::SLOT_ATTRIBUTIONS).find("source\tBloomberg") != std::string::npos);
    CHECK(doc.get_value(schema::SLOT_ATTRIBUTIONS).find("claimant\tIslamic State") !=
          std::string::npos);
    CHECK(doc.get_value(schema::SLOT_CONTENT_HASH).size() == 16);
    CHECK(db.get_metadata(schema::kMetaSchemaVersion) == std::to_string(schema::kSchemaVersion));
}

TEST_CASE("phrases match within a field, never across title and body", "[index][phrase]") {
    testing::TempDir tmp;
    Article a;
    a.id = "gap";
    a.title = "Harbour tunnel";
    a.body = "Toll booths open at dawn. The harbour tunnel toll rises.";
    {
        IndexWriter w(tmp / "db");
        w.add(a);
    }
    Searcher s(tmp / "db");
    auto total = [&](const std::string& q) {
        SearchRequest r;
        r.query = q;
        r.exact = true;
        return s.search(r).total;
    };
    CHECK(total("\"harbour tunnel toll\"") == 1);  // in the body
    CHECK(total("\"tunnel toll booths\"") == 0);   // title end + body start
    CHECK(total("title:\"harbour tunnel\"") == 1);
    CHECK(total("title:toll") == 0);
    CHECK(total("\"dawn the harbour\"") == 1);  // punctuation between words does not matter
}

TEST_CASE("a word finds every form of its stem, in its own language only", "[index][stem]") {
    testing::TempDir tmp;
    auto article = [](const char* id, const char* lang, const char* body) {
        Article a;
        a.id = id;
        a.language = lang;
        a.body = body;
        return a;
    };
    {
        IndexWriter w(tmp / "db");
        w.add(article("runs", "en", "The mayor runs the harbour board."));
        w.add(article("run", "en", "A run on the bank began at noon."));
        w.add(article("running", "en", "Running the port costs money."));
        w.add(article("lead", "en", "Lead pipes were replaced."));
        w.add(article("leader", "en", "The party leader resigned."));
        // German stems "leader" to "lead"; that must not reach English articles.
        w.add(article("de", "de", "Der Leader der Partei trat zurueck."));
    }
    Xapian::Database db(tmp / "db");
    // English words equal to their stem get no Z term; German articles get one for every word.
    CHECK(db.term_exists("Zrun"));
    CHECK_FALSE(db.term_exists("Zbank"));
    CHECK(db.term_exists("Zgerman:partei"));
    Searcher s(tmp / "db");
    auto ids = [&](const std::string& q) {
        SearchRequest r;
        r.query = q;
        r.exact = true;
        r.limit = 20;
        std::set<std::string> out;
        for (const auto& h : s.search(r).hits) out.insert(h.stored.value("id", ""));
        return out;
    };
    CHECK(ids("run") == std::set<std::string>{"runs", "run", "running"});
    CHECK(ids("running") == std::set<std::string>{"runs", "run", "running"});
    CHECK(ids("leader") == std::set<std::string>{"leader", "de"});
    // "lead" is read in every language of the database (German: the German "Leader"), but an
    // English "leader" is not a form of "lead".
    CHECK(ids("lead").count("lead") == 1);
    CHECK(ids("lead").count("leader") == 0);
    CHECK(ids("\"the party leader\"") == std::set<std::string>{"leader"});
}

TEST_CASE("re-adding changes nothing; a changed article replaces the old one", "[index]") {
    testing::TempDir tmp;
    Article a = read_one(kReference);
    {
        IndexWriter w(tmp / "db");
        CHECK(w.add(a) == IndexWriter::Outcome::added);
        w.commit();
    }
    Xapian::rev rev1;
    {
        Xapian::Database db(tmp / "db");
        rev1 = db.get_revision();
    }
    {
        IndexWriter w(tmp / "db");
        CHECK(w.add(a) == IndexWriter::Outcome::unchanged);
        w.commit();
    }
    {
        Xapian::Database db(tmp / "db");
        CHECK(db.get_doccount() == 1);
        CHECK(db.get_revision() == rev1);  // nothing was written
    }
    a.body += "\n\nA correction was appended.";
    {
        IndexWriter w(tmp / "db");
        CHECK(w.add(a) == IndexWriter::Outcome::replaced);
    }
    Xapian::Database db(tmp / "db");
    CHECK(db.get_doccount() == 1);
    CHECK(db.get_termfreq("correction") == 1);
    CHECK(db.get_termfreq("Qcrocus-kremlin-2024-03-27") == 1);
    {
        IndexWriter w(tmp / "db");
        CHECK(w.remove("crocus-kremlin-2024-03-27"));
        CHECK_FALSE(w.remove("no-such-id"));
    }
    db.reopen();
    CHECK(db.get_doccount() == 0);
}

TEST_CASE("a database from a newer schema is refused", "[index]") {
    testing::TempDir tmp;
    {
        Xapian::WritableDatabase db(tmp / "db", Xapian::DB_CREATE);
        db.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion + 1));
        db.commit();
    }
    CHECK_THROWS_WITH(open_for_reading(tmp / "db"), Catch::Contains("newer Kronika"));
    CHECK_THROWS_WITH(IndexWriter(tmp / "db"), Catch::Contains("newer Kronika"));
    CHECK_THROWS_WITH(open_for_reading(tmp / "missing"), Catch::Contains("no Kronika database"));
}

TEST_CASE("the local facet spy counts exactly like the portable one", "[index][facets]") {
    testing::TempDir tmp;
    auto article = [](const char* id, const char* date, std::vector<std::string> people,
                      std::vector<Attribution> attributions) {
        Article a;
        a.id = id;
        a.body = "Text of article " + std::string(id) + ".";
        a.date = parse_date(date);
        a.source = id[0] == 'a' ? "Wire A" : "Wire B";
        a.people = std::move(people);
        a.attributions = std::move(attributions);
        return a;
    };
    auto at = [](const char* kind, const char* name) {
        Attribution x;
        x.kind = kind;
        x.name = name;
        return x;
    };
    {
        IndexWriter w(tmp / "db");
        w.add(article("a1", "2024-03-01", {"Volodymyr Zelenskyy", "Elena Kovacs"},
                      {at("speaker", "Volodymyr Zelenskyy"), at("source", "Bloomberg")}));
        w.add(article("a2", "2024-03-15", {"Volodymyr Zelensky", "Mayor Kovacs"},
                      {at("speaker", "Bloomberg"), at("source", "Bloomberg")}));
        w.add(article("b3", "2024-04-02", {"Volodymyr Zelensky", "Volodymyr Zelenskyy"},
                      {at("claimant", "Northern Front")}));
        w.add(article("b4", "2024-04-03", {}, {}));
        w.set_aliases("Elena Kovacs\tMayor Kovacs\n");
    }
    Xapian::Database db(tmp / "db");
    NameKeys names;
    AliasTable aliases = AliasTable::parse(db.get_metadata(kMetaAliases), names, nullptr);
    for (FacetKind k : {FacetKind::people, FacetKind::attribution, FacetKind::kind,
                        FacetKind::source, FacetKind::date}) {
        INFO("facet " << facet_name(k));
        LocalFacetSpy local(k, db, names, &aliases);
        FacetCounter portable(k, names, &aliases);
        // Without the alias table the people facet takes a faster path; it must agree too.
        LocalFacetSpy local_plain(k, db, names, nullptr);
        FacetCounter portable_plain(k, names, nullptr);
        Xapian::Enquire e(db);
        e.set_query(Xapian::Query::MatchAll);
        for (Xapian::MatchSpy* spy :
             {local.spy(), portable.spy(), local_plain.spy(), portable_plain.spy()})
            e.add_matchspy(spy);
        e.get_mset(0, 0, db.get_doccount());
        CHECK(local.documents_seen() == 4);
        CHECK(local.top(0) == portable.top(0));
        CHECK(local_plain.top(0) == portable_plain.top(0));
        CHECK(local_plain.top(1) == portable_plain.top(1));
        if (k == FacetKind::people) {
            // Zelenskyy / Zelensky are one person (b3 counts once), Kovacs by the alias table.
            auto top = local.top(0);
            REQUIRE(top.size() == 2);
            CHECK(top[0].second == 3);
            CHECK(top[1] == std::pair<std::string, uint64_t>{"Elena Kovacs", 2});
        }
        if (k == FacetKind::attribution) {
            // Bloomberg as speaker and source in a2 counts once there.
            CHECK(local.top(1) == std::vector<std::pair<std::string, uint64_t>>{{"Bloomberg", 2}});
        }
    }
}

TEST_CASE("date ranges count exactly what a scan of the dates counts", "[index][dates]") {
    testing::TempDir tmp;
    std::vector<std::string> dates;
    {
        IndexWriter w(tmp / "db");
        // Every 11th day over three years, across month, year and leap-day edges.
        int n = 0;
        for (int y = 2023; y <= 2025; ++y)
            for (int m = 1; m <= 12; ++m)
                for (int d = 1; d <= 31; ++d) {
                    char buf[16];
                    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
                    auto pd = parse_date(buf);
                    if (!pd || ++n % 11) continue;
                    Article a;
                    a.id = buf;
                    a.body = "harbour";
                    a.date = pd;
                    w.add(a);
                    dates.push_back(buf);
                }
        Article undated;
        undated.id = "undated";
        undated.body = "harbour";
        w.add(undated);
    }
    Searcher s(tmp / "db");
    auto count = [&](const std::string& from, const std::string& to) {
        SearchRequest r;
        r.query = "harbour";
        r.filters.from = from;
        r.filters.to = to;
        r.exact = true;
        r.limit = 0;
        return s.search(r).total;
    };
    auto scan = [&](const std::string& from, const std::string& to) {
        uint64_t n = 0;
        for (const auto& d : dates) n += (from.empty() || d >= from) && (to.empty() || d <= to);
        return n;
    };
    for (auto [from, to] :
         std::vector<std::pair<std::string, std::string>>{{"2023-12-30", "2025-02-02"},
                                                          {"2024-02-01", "2024-02-29"},
                                                          {"2024-01-01", "2024-12-31"},
                                                          {"2023-01-01", "2025-12-31"},
                                                          {"2024-02-28", "2024-03-01"},
                                                          {"", "2024-06-15"},
                                                          {"2024-06-15", ""},
                                                          {"2022-01-01", "2022-12-31"},
                                                          {"2024-07-04", "2024-07-04"}}) {
        INFO(from << ".." << to);
        CHECK(count(from, to) == scan(from, to));
    }
}

TEST_CASE("counting on the shards in threads gives the single database's answers",
          "[index][shards]") {
    testing::TempDir tmp;
    for (size_t shards : {size_t{1}, size_t{3}}) {
        IndexingOptions o;
        o.jobs = 2;
        o.shards = shards;
        ParallelIndexer ix(tmp / ("db" + std::to_string(shards)), o);
        DiagnosticSink quiet = [](const Diagnostic&) {};
        for (const auto& f : list_inputs({KRONIKA_CORPUS_DIR}, quiet))
            read_input(
                f, {}, [&](Article&& a) { ix.add(std::move(a)); }, quiet);
        ix.finish();
    }
    Searcher single(tmp / "db1"), sharded(tmp / "db3");
    sharded.set_parallel_count_min(0);  // every exact count goes through the threads
    for (const char* q : {"", "flood OR barrier", "council", "\"city hall\"", "person:Kovacs"}) {
        for (size_t limit : {size_t{0}, size_t{5}}) {
            INFO("query " << q << " limit " << limit);
            SearchRequest r;
            r.query = q;
            r.exact = true;
            r.limit = limit;
            r.facets = {FacetKind::people, FacetKind::attribution, FacetKind::kind,
                        FacetKind::source, FacetKind::date};
            SearchResponse a = single.search(r), b = sharded.search(r);
            CHECK(a.total == b.total);
            CHECK(b.total_exact);
            REQUIRE(a.facets.size() == b.facets.size());
            for (size_t f = 0; f < a.facets.size(); ++f) {
                CHECK(a.facets[f].values == b.facets[f].values);
                CHECK(a.facets[f].documents == b.facets[f].documents);
            }
            CHECK(a.hits.size() == b.hits.size());  // which ones: tests/test_cli.cc (scores)
        }
    }
}
