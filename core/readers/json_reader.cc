// JSON / JSON Lines article reader on simdjson's DOM parser (validating, ~1 GB/s).
#include "readers/json_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "extract/dates.h"
#include "readers/input.h"

namespace kronika {

struct JsonArticleParser::Impl {
    simdjson::dom::parser parser;
    std::string scratch;
};

JsonArticleParser::JsonArticleParser() : impl_(std::make_unique<Impl>()) {}
JsonArticleParser::~JsonArticleParser() = default;

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// The string form of a scalar field: strings as they are, numbers printed, others empty.
std::string scalar_text(element e) {
    switch (e.type()) {
        case simdjson::dom::element_type::STRING:
            return std::string(std::string_view(e));
        case simdjson::dom::element_type::INT64:
            return std::to_string(int64_t(e));
        case simdjson::dom::element_type::UINT64:
            return std::to_string(uint64_t(e));
        case simdjson::dom::element_type::DOUBLE: {
            double d = double(e);
            // Whole numbers print without decimals; the range test comes first, as converting
            // 1e308 to an integer is undefined behaviour.
            if (std::abs(d) < 9e18 && d == std::trunc(d))
                return std::to_string(static_cast<int64_t>(d));
            return std::to_string(d);
        }
        default:
            return "";
    }
}

// The accepted names of each field, in order of preference (json_reader.h).
constexpr std::string_view kIdKeys[] = {"id", "_id", "article_id", "guid"};
constexpr std::string_view kTitleKeys[] = {"title", "headline"};
constexpr std::string_view kBodyKeys[] = {"maintext", "body",    "text",
                                          "content",  "article", "description"};
constexpr std::string_view kUrlKeys[] = {"url", "link", "canonical_url"};
constexpr std::string_view kSourceKeys[] = {"source_domain", "source", "outlet", "publisher",
                                            "site_name"};
constexpr std::string_view kLanguageKeys[] = {"language", "lang"};
constexpr std::string_view kAuthorKeys[] = {"authors", "author", "byline"};
constexpr std::string_view kDateKeys[] = {"date_publish", "date",    "published",
                                          "published_at", "pubdate", "datePublished"};
constexpr std::string_view kNameKeys[] = {"name"};  // of an author given as an object
constexpr std::span<const std::string_view> kAllKeys[] = {
    kIdKeys, kTitleKeys, kBodyKeys, kUrlKeys, kSourceKeys, kLanguageKeys, kAuthorKeys, kDateKeys};

// Strings and numbers are read, null counts as absent; anything else in a text field is a
// mistake of the export worth a note.
const char* wrong_type(element e) {
    switch (e.type()) {
        case simdjson::dom::element_type::ARRAY:
            return "an array";
        case simdjson::dom::element_type::OBJECT:
            return "an object";
        case simdjson::dom::element_type::BOOL:
            return "a boolean";
        default:
            return nullptr;
    }
}

std::string first_field(object obj, std::span<const std::string_view> keys,
                        std::vector<std::string>* notes) {
    for (auto key : keys) {
        element e;
        if (obj[key].get(e) != simdjson::SUCCESS) continue;
        element name;
        if (e.is_object() && e["name"].get(name) == simdjson::SUCCESS && name.is_string())
            e = name;  // NewsAPI's "source": {"id": "cnn", "name": "CNN"}
        if (const char* type = wrong_type(e)) {
            notes->push_back("field \"" + std::string(key) + "\" is " + type +
                             ", not text; ignored");
            continue;
        }
        std::string s = scalar_text(e);
        if (!s.empty()) return s;
    }
    return "";
}

// simdjson finds the first of duplicate keys where many parsers keep the last: say which was read.
void note_duplicate_keys(object obj, std::vector<std::string>* notes) {
    std::vector<std::string_view> seen;
    for (auto field : obj) {
        bool known = false;
        for (auto keys : kAllKeys)
            known |= std::find(keys.begin(), keys.end(), field.key) != keys.end();
        if (!known) continue;
        if (std::find(seen.begin(), seen.end(), field.key) != seen.end())
            notes->push_back("duplicate key \"" + std::string(field.key) +
                             "\"; the first one is read");
        else
            seen.push_back(field.key);
    }
}

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

// Splits "A, B and C" into names.
void split_authors(std::string_view s, std::vector<std::string>* out) {
    std::string cur;
    auto flush = [&]() {
        std::string t = trim(cur);
        if (t.rfind("By ", 0) == 0 || t.rfind("by ", 0) == 0) t = trim(t.substr(3));
        if (!t.empty()) out->push_back(t);
        cur.clear();
    };
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ',' || s[i] == ';' || s[i] == '|') {
            flush();
        } else if (s.substr(i, 5) == " and ") {
            flush();
            i += 4;
        } else {
            cur += s[i];
        }
    }
    flush();
}

void read_authors(object obj, std::vector<std::string>* out, std::vector<std::string>* notes) {
    for (std::string_view key : kAuthorKeys) {
        element e;
        if (obj[key].get(e) != simdjson::SUCCESS) continue;
        if (e.is_array()) {
            for (element item : e.get_array()) {
                if (item.is_string()) {
                    std::string t = trim(std::string_view(item));
                    if (!t.empty()) out->push_back(t);
                } else if (item.is_object()) {
                    std::string name = first_field(item.get_object(), kNameKeys, notes);
                    if (!name.empty()) out->push_back(trim(name));
                }
            }
        } else if (e.is_string()) {
            split_authors(std::string_view(e), out);
        } else if (const char* type = wrong_type(e)) {
            notes->push_back("field \"" + std::string(key) + "\" is " + type +
                             ", not names; ignored");
        }
        if (!out->empty()) return;
    }
}

}  // namespace

bool JsonArticleParser::parse(std::string_view record, std::vector<Article>* out,
                              std::string* error) {
    notes_.clear();
    element root;
    auto err = impl_->parser.parse(record.data(), record.size(), true).get(root);
    if (err == simdjson::UTF8_ERROR) {
        impl_->scratch.assign(record);
        size_t fixes = repair_utf8(impl_->scratch);
        notes_.push_back("invalid UTF-8: " + std::to_string(fixes) + " byte(s) replaced");
        err = impl_->parser.parse(impl_->scratch).get(root);
    }
    if (err) {
        *error = std::string("invalid JSON: ") + simdjson::error_message(err);
        return false;
    }
    std::vector<object> objects;
    if (root.is_object()) {
        objects.push_back(root.get_object());
    } else if (root.is_array()) {
        for (element item : root.get_array()) {
            if (item.is_object()) {
                objects.push_back(item.get_object());
            } else {
                notes_.push_back("array item is not an object; ignored");
            }
        }
    } else {
        *error = "JSON record is not an object";
        return false;
    }
    for (object obj : objects) {
        note_duplicate_keys(obj, &notes_);
        Article a;
        a.id = trim(first_field(obj, kIdKeys, &notes_));
        a.title = trim(first_field(obj, kTitleKeys, &notes_));
        a.body = first_field(obj, kBodyKeys, &notes_);
        a.url = trim(first_field(obj, kUrlKeys, &notes_));
        a.source = trim(first_field(obj, kSourceKeys, &notes_));
        a.language = trim(first_field(obj, kLanguageKeys, &notes_));
        for (auto& c : a.language)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (a.language.size() > 2 && (a.language[2] == '-' || a.language[2] == '_'))
            a.language.resize(2);
        read_authors(obj, &a.authors, &notes_);
        a.date_raw = trim(first_field(obj, kDateKeys, &notes_));
        if (!a.date_raw.empty()) {
            a.date = parse_date(a.date_raw);
            if (!a.date)
                notes_.push_back("unparseable date \"" + a.date_raw.substr(0, 64) +
                                 "\"; looking for a dateline in the text instead");
        }
        out->push_back(std::move(a));
    }
    return true;
}

}  // namespace kronika
