// Tests for people in Russian and Ukrainian articles: inflection clustering, initials, titles,
// organisations and places rejected, sentence-initial words. All sentences are invented.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "extract/people_slavic.h"

using namespace kronika;

namespace {

Article make(std::string body, std::string lang, std::string title = "") {
    Article a;
    a.title = std::move(title);
    a.body = std::move(body);
    a.language = std::move(lang);
    return a;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("slavic: inflected mentions fold to one nominative person", "[people][slavic]") {
    auto p = extract_people_slavic(make(
        "Вчера в городе выступил Геннадий Сорокин. Журналисты спросили Геннадия Сорокина о планах, "
        "и Сорокин ответил, что доволен. Позже Сорокину вручили награду.",
        "ru"));
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "Геннадий Сорокин");
}

TEST_CASE("slavic: Ukrainian adjectival surnames and female forms", "[people][slavic]") {
    auto p = extract_people_slavic(
        make("Засідання відкрив Остап Вербицький. Слово надали Оксані Мирошниченко, а потім Остапу "
             "Вербицькому поставили запитання. Вербицький відповів коротко.",
             "uk"));
    REQUIRE(p.size() == 2);
    CHECK(p[0] == "Остап Вербицький");
    CHECK(has(p, "Оксані Мирошниченко"));
}

TEST_CASE("slavic: initials attach to their surname", "[people][slavic]") {
    auto p = extract_people_slavic(
        make("Документ подписал Н. П. Кузовлев, а согласовал его Лаптев Р. С. вместе с коллегами.",
             "ru"));
    CHECK(has(p, "Н. П. Кузовлев"));
    CHECK(has(p, "Лаптев Р. С."));
    CHECK(p.size() == 2);
}

TEST_CASE("slavic: initials glued to the surname", "[people][slavic]") {
    auto p =
        extract_people_slavic(make("По словам Т.Мельниченко, работы завершатся весной.", "ru"));
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "Т. Мельниченко");
}

TEST_CASE("slavic: titles are stripped, not part of the name", "[people][slavic]") {
    auto p =
        extract_people_slavic(make("Министр финансов Аркадий Белоусов заявил о росте. Президент "
                                   "Тарас Левчук с этим согласился.",
                                   "ru"));
    CHECK(has(p, "Аркадий Белоусов"));
    CHECK(has(p, "Тарас Левчук"));
    CHECK(p.size() == 2);
}

TEST_CASE("slavic: organisations, places and months are not people", "[people][slavic]") {
    auto p = extract_people_slavic(make(
        "Правительство России и Министерство обороны обсудили план в Москве. В январе Верховна "
        "Рада не собиралась. Государственная Дума приняла закон, а Нижний Новгород принял гостей.",
        "ru"));
    CHECK(p.empty());
}

TEST_CASE("slavic: place with oblast adjective is not a person", "[people][slavic]") {
    auto p =
        extract_people_slavic(make("Роботи тривають у селі Вишнева Балка Полтавської області та в "
                                   "Гнідині Бориспільського району.",
                                   "uk"));
    CHECK(p.empty());
}

TEST_CASE("slavic: sentence-initial ordinary words are dropped", "[people][slavic]") {
    auto p = extract_people_slavic(
        make("Натомість Левко Гринчишин промовчав. Раптом Гринчишин засміявся, і це було натомість "
             "несподівано.",
             "uk"));
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "Левко Гринчишин");
}

TEST_CASE("slavic: single-letter conjunctions are not initials", "[people][slavic]") {
    auto p = extract_people_slavic(make("А Марта сміялася. І Марта знову пішла до лісу.", "uk"));
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "Марта");
}

TEST_CASE("slavic: single first names cluster by case", "[people][slavic]") {
    auto p = extract_people_slavic(
        make("Вони довго чекали на Ярину. Нарешті прийшла Ярина, і всі привітали Ярину.", "uk"));
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "Ярина");
}

TEST_CASE("slavic: surname with a title or speech verb", "[people][slavic]") {
    auto p = extract_people_slavic(make("Реформа провалилась, заявил Кудряшов журналистам.", "ru"));
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "Кудряшов");
}

TEST_CASE("slavic: Latin transcription in parentheses is not another person", "[people][slavic]") {
    auto p = extract_people_slavic(
        make("Победителем стал канадец Джордж Уилкинсон (George Wilkinson), бывший повар.", "ru"));
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "Джордж Уилкинсон");
}

TEST_CASE("slavic: two names in a row are split", "[people][slavic]") {
    auto p = extract_people_slavic(
        make("На встрече были Марина Голубева Алексей Ракитин и другие гости.", "ru"));
    CHECK(has(p, "Марина Голубева"));
    CHECK(has(p, "Алексей Ракитин"));
}

TEST_CASE("slavic: first name and patronymic join the full name", "[people][slavic]") {
    auto p = extract_people_slavic(make(
        "Совещание провёл Семён Аркадьевич Рыбаков. Семён Аркадьевич подчеркнул важность сроков.",
        "ru"));
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "Семён Аркадьевич Рыбаков");
}

TEST_CASE("slavic: quoted company names are not people", "[people][slavic]") {
    auto p = extract_people_slavic(make("Тендер виграло ТОВ «Мирон Будінвест» з Полтави.", "uk"));
    CHECK(p.empty());
}

TEST_CASE("slavic: order of first mention, title included", "[people][slavic]") {
    auto p = extract_people_slavic(
        make("Богдана Ковальчука вже призначили.", "uk", "Зінаїда Пономаренко очолила комісію"));
    REQUIRE(p.size() == 2);
    CHECK(p[0] == "Зінаїда Пономаренко");
    CHECK(p[1] == "Богдана Ковальчука");
}
