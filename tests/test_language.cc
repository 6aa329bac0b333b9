// Language identification: CLD2 on real sentences, the script as a fallback.
#include <catch2/catch.hpp>

#include "language.h"

using kronika::detect_language;

TEST_CASE("languages of news sentences", "[language]") {
    struct Case {
        const char* text;
        const char* code;
    };
    const Case cases[] = {
        {"The city council approved the new budget on Tuesday after a long debate about the "
         "harbour tunnel and the cost of repairing the old sea walls.",
         "en"},
        {"Городской совет во вторник утвердил новый бюджет после долгих споров о туннеле под "
         "гаванью и о стоимости ремонта старых дамб.",
         "ru"},
        {"Міська рада у вівторок затвердила новий бюджет після тривалої дискусії про тунель під "
         "гаванню та вартість ремонту старих дамб.",
         "uk"},
        {"Der Stadtrat hat am Dienstag nach einer langen Debatte über den Hafentunnel und die "
         "Kosten für die Reparatur der alten Deiche den neuen Haushalt beschlossen.",
         "de"},
        {"Le conseil municipal a adopté mardi le nouveau budget après un long débat sur le tunnel "
         "du port et le coût de la réparation des vieilles digues.",
         "fr"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(detect_language(c.text) == c.code);
    }
}

TEST_CASE("short or letterless text falls back to the script", "[language]") {
    CHECK(detect_language("Kyiv") == "en");          // too short for CLD2: Latin script
    CHECK(detect_language("Київ і Львів") == "uk");  // Ukrainian letters
    CHECK(detect_language("Москва") == "ru");
    CHECK(detect_language("2024 — 17:30") == "");
    CHECK(detect_language("") == "");
}
