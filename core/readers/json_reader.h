// Reader for JSON and JSON Lines exports: one article per object, common field names accepted.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "article.h"

namespace kronika {

// Parses JSON records into articles. Accepted fields (first present wins, unknown keys ignored):
//   id:       "id", "_id", "article_id", "guid"
//   title:    "title", "headline"
//   body:     "maintext", "body", "text", "content", "article", "description"
//   date:     "date_publish", "date", "published", "published_at", "pubdate", "datePublished"
//   authors:  "authors", "author", "byline" (array of strings or one comma/"and"-separated string)
//   url:      "url", "link", "canonical_url"
//   source:   "source_domain", "source", "outlet", "publisher", "site_name"
//   language: "language", "lang"
// A field given as an object is read as its "name" (NewsAPI's "source": {"name": "CNN"}).
// Other arrays, objects and booleans where text belongs, and duplicates of these keys (the first
// is read), are reported in notes(). A record is one object, or an array of objects (one article
// each).
class JsonArticleParser {
  public:
    JsonArticleParser();
    ~JsonArticleParser();

    // Parses `record`. On success appends the articles to *out and returns true; notes() then
    // lists non-fatal problems (an unparseable date, repaired UTF-8). On a syntax error returns
    // false with a message in *error.
    bool parse(std::string_view record, std::vector<Article>* out, std::string* error);

    const std::vector<std::string>& notes() const { return notes_; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::vector<std::string> notes_;
};

}  // namespace kronika
