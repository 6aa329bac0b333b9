// Name keys and alias tables: spelling variants and transliterations are one person at index,
// query and facet time.
#include <catch2/catch.hpp>

#include <string>

#include "extract/extract.h"
#include "index_writer.h"
#include "names.h"
#include "search.h"
#include "test_util.h"

using namespace kronika;

TEST_CASE("alias keys fold spelling variants and transliterations", "[names]") {
    NameKeys keys;
    struct Case {
        const char* name;
        const char* key;
    };
    const Case cases[] = {
        {"Volodymyr Zelenskyy", "volodimir zelenski"},
        {"Volodymyr Zelensky", "volodimir zelenski"},
        {"Volodymyr Zelenskiy", "volodimir zelenski"},
        {"VOLODYMYR ZELENSKYY'S", "volodimir zelenski"},
        {"Володимир Зеленський", "volodimir zelenski"},  // Ukrainian
        {"Зеленский", "zelenski"},                       // Russian spelling
        {"Vladimir Putin", "vladimir putin"},
        {"Владимир Путин", "vladimir putin"},
        {"José Pérez", "iose perez"},
        {"Łukasz Nowak", "lukasz novak"},  // ł has no decomposition; w as v
        {"Yuriy Shcherbakov", "iuri shcherbakov"},
        {"Юрий Щербаков", "iuri shcherbakov"},
        {"Jürgen Klopp", "iurgen klop"},
        {"", ""},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        CHECK(keys.key(c.name) == c.key);
    }
}

TEST_CASE("alias tables group names and report bad lines", "[names]") {
    NameKeys keys;
    std::vector<std::string> errors;
    AliasTable t = AliasTable::parse(
        "# people\n"
        "Elena Kovacs\tMayor Kovacs\tЕлена Ковач\n"
        "\n"
        "lonely name\n"
        "Tomas Berger\tTom Berger\n"
        "Thomas Berger\tElena Kovacs\n",
        keys, &errors);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0] == "line 4: needs a canonical name and at least one alias, separated by tabs");
    CHECK(errors[1] ==
          "line 6: \"Elena Kovacs\" is already an alias of \"Elena Kovacs\"; ignored here");
    CHECK(t.canonical_for(keys.key("Елена Ковач")) == "Elena Kovacs");
    CHECK(t.canonical_for(keys.key("ELENA KOVACS")) == "Elena Kovacs");
    CHECK(t.canonical_for(keys.key("Somebody Else")).empty());
    CHECK(t.group_keys(keys.key("Tom Berger")).size() == 2);
    CHECK(t.group_key(keys.key("Tom Berger")) == keys.key("Tomas Berger"));
}

TEST_CASE("filters accept any alias; facets merge variants under one name", "[names][index]") {
    testing::TempDir tmp;
    auto article = [](std::string id, std::string body) {
        Article a;
        a.id = std::move(id);
        a.title = "Talks";
        a.body = std::move(body);
        extract_facets(a);
        return a;
    };
    {
        IndexWriter w(tmp / "db");
        w.add(article("a", "President Volodymyr Zelenskyy met Mayor Elena Kovacs on Monday."));
        w.add(article("b", "Volodymyr Zelensky spoke to Elena Kovacs by phone."));
        w.add(article("c", "Mayor Elena Kovacs opened the bridge."));
    }
    Searcher s(tmp / "db");
    auto total = [&](const std::string& person) {
        SearchRequest r;
        r.filters.people = {person};
        r.exact = true;
        return s.search(r).total;
    };
    CHECK(total("Volodymyr Zelenskyy") == 2);  // both spellings
    CHECK(total("Volodymyr Zelenskiy") == 2);
    CHECK(total("Володимир Зеленський") == 2);
    CHECK(total("Mayor Kovacs") == 0);  // not an alias yet
    SearchRequest r;
    r.facets = {FacetKind::people};
    r.exact = true;
    auto resp = s.search(r);
    REQUIRE(resp.facets.size() == 1);
    bool merged = false;
    for (const auto& [name, count] : resp.facets[0].values)
        if (name.rfind("Volodymyr Zelensk", 0) == 0) merged = count == 2;
    CHECK(merged);

    // The user's alias table: effective for searches at once.
    {
        IndexWriter w(tmp / "db");
        w.set_aliases("Elena Kovacs\tMayor Kovacs\n");
    }
    Searcher s2(tmp / "db");
    SearchRequest q;
    q.filters.people = {"Mayor Kovacs"};
    q.exact = true;
    CHECK(s2.search(q).total == 3);
}

TEST_CASE("a name written with initials finds the full names it abbreviates", "[names][index]") {
    testing::TempDir tmp;
    {
        IndexWriter w(tmp / "db");
        Article a;
        a.id = "a";
        a.title = "Visit";
        a.body = "President Volodymyr Zelenskyy visited the port.";
        extract_facets(a);
        w.add(a);
        Article b;
        b.id = "b";
        b.title = "Other";
        b.body = "Mayor Vera Zelenski spoke, and Mayor Olena Zelenska answered.";
        extract_facets(b);
        w.add(b);
    }
    Searcher s(tmp / "db");
    auto ids = [&](const std::string& person) {
        SearchRequest r;
        r.filters.people = {person};
        r.exact = true;
        std::set<std::string> out;
        for (const auto& h : s.search(r).hits) out.insert(h.stored.value("id", ""));
        return out;
    };
    CHECK(ids("V. Zelensky") == std::set<std::string>{"a", "b"});  // Volodymyr and Vera
    CHECK(ids("O. Zelenska") == std::set<std::string>{"b"});
    CHECK(ids("Volodymyr Zelensky") == std::set<std::string>{"a"});
    CHECK(ids("X. Zelensky").empty());
}
