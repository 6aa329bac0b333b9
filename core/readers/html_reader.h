// Web pages: metadata from JSON-LD, Open Graph and <meta> tags, the main text by content
// extraction over Gumbo's HTML5 parse tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "article.h"

namespace kronika {

// What the page's container knows, used when the page itself says nothing (a WARC record's
// target URI and date, a file's path).
struct HtmlHints {
    std::string url;   // fallback for the canonical URL (and the id)
    std::string date;  // fallback publication date, ISO 8601 or RFC 1123 ("Tue, 05 Mar 2024 ...")
};

// Parses one HTML page, already converted to UTF-8 (readers/charset.h), into an article.
//
// Metadata, in this order of trust: JSON-LD (`NewsArticle`, `Article`, `ReportageNewsArticle`,
// ... also inside `@graph` and arrays), Open Graph / `article:*` properties, `<meta name>` tags
// (author, date, dc.*, parsely-*, ...; the description is never the body), then the page itself
// (`<title>`, `<html lang>`,
// `<link rel=canonical>`), then the hints. Each chosen field is recorded in
// article.field_sources as (field, "json-ld" | "opengraph" | "meta" | "html" | "hint").
//
// The body is the page's main text, found by content-extraction heuristics (semantic
// containers, paragraph and text density, link density), with boilerplate removed: navigation,
// headers and footers, share bars, cookie notices, "related"/"most read" lists, comments, ads,
// scripts and styles. Paragraphs are separated by a blank line. Image captions (<figcaption>,
// caption classes) go to article.captions, not the body; photo credits to photo_credits.
//
// A page whose main text is a list of teaser links (a section front) gets an empty body and a
// note. Dates go through extract/dates.h's parse_date; one that does not parse is kept in
// date_raw, and a less trusted source's parseable date is used instead when there is one.
//
// Problems (JSON-LD that does not parse, a page without main text, an unparseable date, nesting
// deeper than 400 elements, which is flattened) are appended to *notes (may be null) as
// one-line messages; the function never throws for bad input. Time is roughly linear in the
// page size (a 5 MB page takes well under a second); no code here recurses over the parse tree.
Article parse_html(std::string_view html, const HtmlHints& hints, std::vector<std::string>* notes);

}  // namespace kronika
