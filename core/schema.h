// The index schema: every term prefix and value slot Kronika writes, in one place.
//
// A Kronika database is a Xapian database (glass backend) holding one document per article.
//
// Terms
//  - Free text (title and body) is indexed as the folded words (analyzer.h) with positions,
//    for phrases and NEAR, and Snowball stems with no positions under stem_prefix() of the
//    article's language: in English articles only for words that differ from their stem
//    (schema 2; schema 1 had a Z term for every word). A plain word query for w with English
//    stem s looks for s SYNONYM Zs (every form of s either way), OR the stem of w under each
//    other language of the database with that language's prefix. Title
//    words are also indexed with prefix "S" (with positions), so `title:` queries and title phrases
//    work. Title and body positions are separated by kFieldGap, so a phrase never matches across
//    the two fields. The quoted or reported text of each attribution is indexed once more with
//    prefix "XQ" (after the body, kFieldGap apart), for `quote:` queries.
//  - Boolean terms (filters, exact counts) are listed in kBooleanFields below. People and
//    attribution names are stored under their alias key (names.h: folded, transliterated, spelling
//    skeleton: "Zelenskyy" and "Зеленський" are "zelenski"); outlets and authors under
//    Analyzer::name_key (folded words joined by one space).
//
// Values: see enum Slot. Document data: a JSON object with the stored fields (see
// docs/schema.md), so results can be shown without re-reading the sources.
//
// Metadata keys: kMetaSchemaVersion holds kSchemaVersion. A reader refuses a database whose
// version is newer than its own.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace kronika::schema {

// Bump when terms, slots or document data change incompatibly. Never reuse a number.
inline constexpr int kSchemaVersion = 3;
inline constexpr const char* kMetaSchemaVersion = "kronika.schema_version";
inline constexpr const char* kMetaCreatedBy = "kronika.created_by";
// Prefix of the source-file records (file_records.h), kept in the first shard's metadata:
// "kronika.file:" + 16 hex digits of the path's hash -> "size mtime_ns hash articles path".
inline constexpr const char* kMetaFilePrefix = "kronika.file:";

// Free-text prefixes.
inline constexpr std::string_view kPrefixStem = "Z";    // stem of a word unlike it, no positions
inline constexpr std::string_view kPrefixTitle = "S";   // title word, with positions (Omega's S)
inline constexpr std::string_view kPrefixQuote = "XQ";  // word of an attributed quote, positions

// The stem prefix of a Snowball language: "Z" for English (the default language), "Z<name>:"
// for the others ("Zitalian:mar"), so a stem only matches articles of its own language.
// English articles get a Z term only for words unlike their stem; articles in other languages
// get one for every word (their plain words are not language-tagged).
inline std::string stem_prefix(std::string_view snowball) {
    if (snowball.empty() || snowball == "english") return std::string(kPrefixStem);
    return std::string(kPrefixStem) + std::string(snowball) + ":";
}

// Gap between the title's last position and the body's first.
inline constexpr Xapian::termpos kFieldGap = 100;

// Boolean (filter) prefixes, following Omega's letters where one exists. Persisted: never change
// the letters of an existing field.
struct BooleanField {
    std::string_view name;    // the query-syntax field name ("person:") and CLI filter name
    std::string_view prefix;  // term prefix
    std::string_view what;    // one-line description, also shown in `kronika-index stats`
};
inline constexpr std::string_view kPrefixId = "Q";            // unique article id, as given
inline constexpr std::string_view kPrefixDay = "D";           // local date YYYYMMDD
inline constexpr std::string_view kPrefixMonth = "M";         // local month YYYYMM
inline constexpr std::string_view kPrefixYear = "Y";          // local year YYYY
inline constexpr std::string_view kPrefixAuthor = "A";        // byline author (name key)
inline constexpr std::string_view kPrefixPerson = "XP";       // person mentioned (alias key)
inline constexpr std::string_view kPrefixAttribution = "XA";  // attributed name (alias key)
inline constexpr std::string_view kPrefixKind = "XK";         // attribution kind present
inline constexpr std::string_view kPrefixAttrKind = "XB";     // "<kind>:<alias key>"
inline constexpr std::string_view kPrefixSource = "XS";       // outlet (name key)
inline constexpr std::string_view kPrefixLanguage = "XL";     // ISO 639-1 language code
inline constexpr std::string_view kPrefixStory = "XT";        // story id (SLOT_STORY), schema 3
// The source file an article was read from: "XF" + 16 hex digits of fnv1a64 of its absolute
// path (file_records.h), so a changed or deleted file's articles can be found. Not a query field.
inline constexpr std::string_view kPrefixFile = "XF";
// Last word of the alias key of a multi-word name, so a one-word filter ("Putin") finds the full
// names ("Vladimir Putin"): person mentioned, attributed name, and "<kind>:<last word>".
inline constexpr std::string_view kPrefixPersonLast = "XN";
inline constexpr std::string_view kPrefixAttributionLast = "XR";
inline constexpr std::string_view kPrefixAttrKindLast = "XC";
// The story term of a story id (kPrefixStory + id, cut to Xapian's term length like every
// boolean term).
inline std::string story_term(std::string_view story_id) {
    std::string t(kPrefixStory);
    t += story_id;
    if (t.size() > 240) t.resize(240);
    return t;
}

// The surname prefix of a name prefix above ("" for other prefixes).
constexpr std::string_view last_word_prefix(std::string_view prefix) {
    return prefix == kPrefixPerson        ? kPrefixPersonLast
           : prefix == kPrefixAttribution ? kPrefixAttributionLast
           : prefix == kPrefixAttrKind    ? kPrefixAttrKindLast
                                          : std::string_view();
}

inline constexpr BooleanField kBooleanFields[] = {
    {"id", kPrefixId, "article id"},
    {"person", kPrefixPerson, "person mentioned"},
    {"attribution", kPrefixAttribution, "name a statement is attributed to (any kind)"},
    {"kind", kPrefixKind, "attribution kind: speaker, source or claimant"},
    {"source", kPrefixSource, "outlet"},
    {"author", kPrefixAuthor, "byline author"},
    {"lang", kPrefixLanguage, "language code"},
    {"story", kPrefixStory, "story id: the first copy of a group of near-duplicates"},
    {"year", kPrefixYear, "publication year (local) YYYY"},
    {"month", kPrefixMonth, "publication month (local) YYYYMM"},
    {"day", kPrefixDay, "publication date (local) YYYYMMDD"},
};

// The attribution kinds, in display order.
inline constexpr std::string_view kKinds[] = {"speaker", "source", "claimant"};

// Value slots. Persisted: never renumber.
enum Slot : Xapian::valueno {
    // Xapian::sortable_serialise(seconds since epoch, UTC) of the publication instant.
    SLOT_DATE_UTC = 0,
    // Local calendar date as 8 ASCII digits "YYYYMMDD": sorts and ranges as a string.
    SLOT_DATE_LOCAL = 1,
    // People mentioned: display names joined by '\n', one per alias key (the first spelling).
    SLOT_PEOPLE = 2,
    // Attributions: "<kind>\t<display name>" entries joined by '\n'.
    SLOT_ATTRIBUTIONS = 3,
    // Outlet display name.
    SLOT_SOURCE = 4,
    // 16 hex digits of FNV-1a over the document data (text + facets), to skip unchanged re-adds.
    SLOT_CONTENT_HASH = 5,
    // Facet ids (schema 2): for each entry of SLOT_PEOPLE / SLOT_ATTRIBUTIONS, in the same
    // order, 16 bytes: fnv1a64 of the entry's text ("Name", or "kind\tName") and fnv1a64 of the
    // name's alias key, both little-endian. Local facet counting reads only these integers and
    // decodes the text of the few entries it shows (facets.h: LocalFacetSpy).
    SLOT_PEOPLE_IDS = 6,
    SLOT_ATTRIBUTION_IDS = 7,
    // Schema 3. Xapian::sortable_serialise(seconds since epoch, UTC) of the publication instant,
    // only when its time and UTC offset are known (timelines bucket these by the calendar day of
    // a chosen time zone; dates without a known instant keep their printed date).
    SLOT_INSTANT = 8,
    // Schema 3. The near-duplicate signature of the body (stories.h: MinHash over word
    // shingles, stories::kSignatureBytes bytes) followed by the article id, so the story pass
    // reads one value stream; absent for texts too short to group.
    SLOT_MINHASH = 9,
    // Schema 3. The story id: the id of the first-published copy of the article's story, set by
    // the story pass after indexing for articles with near-duplicate copies (absent: the article
    // is its own story). Also the collapse key for one result per story.
    SLOT_STORY = 10,
};

}  // namespace kronika::schema
