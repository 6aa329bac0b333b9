// The index writer: turns analysed articles into Xapian documents as schema.h lays them out.
#include "index_writer.h"

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include <simdjson.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "results.h"
#include "schema.h"
#include "stories.h"

namespace kronika {

namespace {

bool starts_with_digit(const std::string& s) {
    return !s.empty() && static_cast<unsigned char>(s[0]) < 0x80 &&
           std::isdigit(static_cast<unsigned char>(s[0]));
}

void add_boolean(Xapian::Document& doc, std::string_view prefix, const std::string& value) {
    if (value.empty()) return;
    std::string term(prefix);
    term += value;
    // Xapian's limit is 245 bytes; longer values cannot be filtered on exactly anyway.
    if (term.size() > 240) term.resize(240);
    doc.add_boolean_term(term);
}

// Indexes free text from `pos`: plain words with positions, "S" title words when title, and
// "Z" stems. Returns the last position used.
Xapian::termpos index_text(Xapian::Document& doc, std::string_view text, Xapian::termpos pos,
                           bool title, Analyzer& analyzer, const StemRule& stem,
                           std::vector<std::string>* words = nullptr) {
    std::string zterm, sterm;
    const size_t zlen = stem.prefix.size();
    analyzer.analyze(text, [&](const Token& t) {
        ++pos;
        if (words) words->push_back(t.term);
        doc.add_posting(t.term, pos);
        if (title) {
            sterm.assign(schema::kPrefixTitle);
            sterm += t.term;
            doc.add_posting(sterm, pos);
        }
        if (!starts_with_digit(t.term)) {
            // Schema 2, English: a "Z" stem only where the word is not its own stem; queries
            // look for the plain stem too (query.cc), so "run" finds "run" and "Zrun"
            // ("running"). This keeps about half of the Z postings out of the index.
            zterm.assign(stem.prefix);
            zterm += stem.stemmer(t.term);
            if (stem.every_word || std::string_view(zterm).substr(zlen) != t.term)
                doc.add_term(zterm);
        }
    });
    return pos;
}

}  // namespace

std::string document_data(const Article& a) {
    return article_json(a, true).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

nlohmann::json to_json(simdjson::dom::element e) {
    using T = simdjson::dom::element_type;
    switch (e.type()) {
        case T::OBJECT: {
            nlohmann::json j = nlohmann::json::object();
            for (auto [key, value] : simdjson::dom::object(e)) j[std::string(key)] = to_json(value);
            return j;
        }
        case T::ARRAY: {
            nlohmann::json j = nlohmann::json::array();
            for (auto value : simdjson::dom::array(e)) j.push_back(to_json(value));
            return j;
        }
        case T::STRING:
            return std::string(std::string_view(e));
        case T::INT64:
            return int64_t(e);
        case T::UINT64:
            return uint64_t(e);
        case T::DOUBLE:
            return double(e);
        case T::BOOL:
            return bool(e);
        case T::NULL_VALUE:
            return nullptr;
    }
    return nullptr;
}

}  // namespace

nlohmann::json read_document_data(std::string_view data, std::string* body) {
    // One parser per thread: it keeps its buffers between documents.
    thread_local simdjson::dom::parser parser;
    simdjson::dom::object obj;
    nlohmann::json out = nlohmann::json::object();
    if (parser.parse(data.data(), data.size()).get(obj) != simdjson::SUCCESS) return out;
    for (auto [key, value] : obj) {
        if (key == "body") {
            if (body && value.is_string()) *body = std::string_view(value);
            continue;
        }
        out[std::string(key)] = to_json(value);
    }
    return out;
}

namespace {

// The change-detection hash of a document's stored data (schema.h, SLOT_CONTENT_HASH). The data
// holds the text and the extracted facets: re-adding an article after an extractor improved
// replaces it, re-adding it unchanged does nothing.
std::string data_hash(const std::string& data) {
    char hash[40];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a64(data)));
    return hash;
}

// The hash kept in SLOT_CONTENT_HASH: of the data and the source file (its term is stored but
// not displayed; an article that moved to another file is rewritten with that file's term).
std::string stored_hash(const std::string& data, const std::string& file_key) {
    return file_key.empty() ? data_hash(data) : data_hash(data + '\x1f' + file_key);
}

// make_document with the stored data already made (it is also what the hash is taken of).
Xapian::Document build_document(const Article& a, Analyzer& analyzer, NameKeys& names,
                                const StemRule& stem, std::string data) {
    Xapian::Document doc;
    Xapian::termpos pos = index_text(doc, a.title, 0, true, analyzer, stem);
    std::vector<std::string> words;  // the body's words, for the near-duplicate signature
    pos = index_text(doc, a.body, pos + schema::kFieldGap, false, analyzer, stem, &words);
    std::string signature = stories::signature(words);
    if (!signature.empty()) doc.add_value(schema::SLOT_MINHASH, signature + a.id);
    // Image captions are found by a search but are not the story: after the body, each after a
    // gap (no phrase joins them), left out of the near-duplicate signature.
    for (const auto& caption : a.captions)
        pos = index_text(doc, caption, pos + schema::kFieldGap, false, analyzer, stem);
    // Attributed statements: their words again under "XQ", each statement after a gap, so
    // `quote:` queries find what was said and phrases never join two statements.
    std::string qterm;
    for (const auto& at : a.attributions) {
        if (at.quote.empty()) continue;
        pos += schema::kFieldGap;
        analyzer.analyze(at.quote, [&](const Token& t) {
            qterm.assign(schema::kPrefixQuote);
            qterm += t.term;
            doc.add_posting(qterm, ++pos);
        });
    }

    add_boolean(doc, schema::kPrefixId, a.id);
    add_boolean(doc, schema::kPrefixFile, a.origin_file_key);
    std::string people_slot;
    // The last word of a multi-word key, for one-word filters (schema.h).
    auto last_word = [](const std::string& key) {
        size_t sp = key.rfind(' ');
        return sp == std::string::npos ? std::string() : key.substr(sp + 1);
    };
    // The facet slots hold one spelling per alias key (the first), each with the 8-byte hash of
    // its entry in the matching ids slot, in the same order (schema.h).
    std::string people_ids, attr_ids;
    auto add_id = [](std::string& ids, const std::string& entry, const std::string& key) {
        for (uint64_t h : {fnv1a64(entry), fnv1a64(key)})
            for (int i = 0; i < 8; ++i) ids += static_cast<char>((h >> (8 * i)) & 0xff);
    };
    std::set<std::string> seen;
    for (const auto& p : a.people) {
        std::string key = names.key(p);
        if (key.empty() || !seen.insert(key).second) continue;
        add_boolean(doc, schema::kPrefixPerson, key);
        add_boolean(doc, schema::kPrefixPersonLast, last_word(key));
        if (!people_slot.empty()) people_slot += '\n';
        people_slot += p;
        add_id(people_ids, p, key);
    }
    std::string attr_slot;
    seen.clear();
    for (const auto& at : a.attributions) {
        std::string key = names.key(at.name);
        if (key.empty() || !seen.insert(at.kind + ":" + key).second) continue;
        add_boolean(doc, schema::kPrefixAttribution, key);
        add_boolean(doc, schema::kPrefixKind, at.kind);
        add_boolean(doc, schema::kPrefixAttrKind, at.kind + ":" + key);
        std::string last = last_word(key);
        add_boolean(doc, schema::kPrefixAttributionLast, last);
        if (!last.empty()) add_boolean(doc, schema::kPrefixAttrKindLast, at.kind + ":" + last);
        if (!attr_slot.empty()) attr_slot += '\n';
        attr_slot += at.kind + "\t" + at.name;
        add_id(attr_ids, at.kind + "\t" + at.name, key);
    }
    for (const auto& au : a.authors) add_boolean(doc, schema::kPrefixAuthor, analyzer.name_key(au));
    if (!a.source.empty()) add_boolean(doc, schema::kPrefixSource, analyzer.name_key(a.source));
    if (!a.language.empty()) add_boolean(doc, schema::kPrefixLanguage, a.language);
    if (a.date) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%08d", a.date->yyyymmdd());
        std::string ymd = buf;
        add_boolean(doc, schema::kPrefixDay, ymd);
        add_boolean(doc, schema::kPrefixMonth, ymd.substr(0, 6));
        add_boolean(doc, schema::kPrefixYear, ymd.substr(0, 4));
        doc.add_value(schema::SLOT_DATE_LOCAL, ymd);
        doc.add_value(schema::SLOT_DATE_UTC,
                      Xapian::sortable_serialise(static_cast<double>(a.date->utc_seconds)));
        if (a.date->has_time && a.date->has_zone)
            doc.add_value(schema::SLOT_INSTANT,
                          Xapian::sortable_serialise(static_cast<double>(a.date->utc_seconds)));
    }
    if (!people_slot.empty()) {
        doc.add_value(schema::SLOT_PEOPLE, people_slot);
        doc.add_value(schema::SLOT_PEOPLE_IDS, people_ids);
    }
    if (!attr_slot.empty()) {
        doc.add_value(schema::SLOT_ATTRIBUTIONS, attr_slot);
        doc.add_value(schema::SLOT_ATTRIBUTION_IDS, attr_ids);
    }
    if (!a.source.empty()) doc.add_value(schema::SLOT_SOURCE, a.source);
    doc.add_value(schema::SLOT_CONTENT_HASH, stored_hash(data, a.origin_file_key));
    doc.set_data(std::move(data));
    return doc;
}

}  // namespace

Xapian::Document text_document(std::string_view text, Analyzer& analyzer, const StemRule& stem) {
    Xapian::Document doc;
    index_text(doc, text, schema::kFieldGap, false, analyzer, stem);
    return doc;
}

StemRule StemRule::for_language(const std::string& snowball) {
    StemRule r;
    r.name = snowball;
    if (!snowball.empty()) r.stemmer = Xapian::Stem(snowball);
    r.prefix = schema::stem_prefix(snowball);
    r.every_word = !snowball.empty() && snowball != "english";
    return r;
}

Xapian::Document make_document(const Article& a, Analyzer& analyzer, NameKeys& names,
                               const StemRule& stem) {
    return build_document(a, analyzer, names, stem, document_data(a));
}

Xapian::Database open_for_reading(const std::string& db_path) {
    namespace fs = std::filesystem;
    if (!fs::is_directory(db_path) && !fs::is_regular_file(db_path))
        throw DatabaseUnavailable(db_path +
                                  ": no Kronika database here (create one with "
                                  "`kronika-index add --db " +
                                  db_path + " FILES`)");
    Xapian::Database db(db_path);
    std::string v = db.get_metadata(schema::kMetaSchemaVersion);
    // Without a schema version and without documents: a database whose creation was cut short
    // before its first commit (a killed indexer) — empty, not foreign.
    if (v.empty() && db.get_doccount() != 0)
        throw DatabaseUnavailable(db_path + ": not a Kronika database (no schema version)");
    if (v.empty()) return db;
    if (std::stoi(v) > schema::kSchemaVersion)
        throw DatabaseUnavailable(db_path + ": written by a newer Kronika (schema " + v +
                                  ", this program reads " + std::to_string(schema::kSchemaVersion) +
                                  ")");
    return db;
}

namespace {

constexpr const char* kMetaStoriesStale = "kronika.stories_stale";
constexpr const char* kPidFile = "kronika-writer.pid";

Xapian::WritableDatabase open_writable(const std::string& db_path) {
    try {
        return Xapian::WritableDatabase(db_path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
        // Xapian's lock says only "already locked"; the writer leaves its pid beside it.
        std::ifstream in(std::filesystem::path(db_path) / kPidFile);
        long pid = 0;
        if (in >> pid && pid > 0 && (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM))
            throw DatabaseLocked(db_path + ": the database is locked by pid " +
                                 std::to_string(pid) +
                                 " (another kronika-index writing it); wait for it to finish "
                                 "or stop it");
        throw DatabaseLocked(db_path + ": cannot take the write lock (" + e.get_msg() + ")");
    }
}

}  // namespace

IndexWriter::IndexWriter(const std::string& db_path)
    : db_(open_writable(db_path)), committed_(db_path) {
    pid_file_ = (std::filesystem::path(db_path) / kPidFile).string();
    { std::ofstream(pid_file_) << getpid() << "\n"; }
    std::string v = db_.get_metadata(schema::kMetaSchemaVersion);
    if (!v.empty() && std::stoi(v) > schema::kSchemaVersion)
        throw std::runtime_error(db_path + ": written by a newer Kronika (schema " + v + ")");
    if (v.empty()) {
        if (db_.get_doccount() != 0)
            throw std::runtime_error(db_path + ": a Xapian database that Kronika did not write");
        db_.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
        db_.set_metadata(schema::kMetaCreatedBy, "kronika " KRONIKA_VERSION);
        db_.commit();  // a new database is a Kronika one from its first moment on
    } else if (std::stoi(v) < schema::kSchemaVersion) {
        // Older documents stay readable (query.cc searches both layouts); from now on the
        // database holds new-layout documents too, which older programs must not read.
        db_.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
    }
    languages_ = db_.get_metadata("kronika.stem_languages");
    aliases_ = AliasTable::parse(db_.get_metadata(kMetaAliases), names_, nullptr);
}

void IndexWriter::set_aliases(const std::string& text) {
    aliases_ = AliasTable::parse(text, names_, nullptr);
    db_.set_metadata(kMetaAliases, text);
}

IndexWriter::~IndexWriter() {
    try {
        commit();
    } catch (...) {
        // Destructors must not throw; an uncommitted batch is lost, the database stays valid.
    }
    std::error_code ec;
    std::filesystem::remove(pid_file_, ec);
}

void IndexWriter::add_stem_languages(const std::string& csv) {
    size_t b = 0;
    bool changed = false;
    while (b <= csv.size()) {
        size_t e = csv.find(',', b);
        if (e == std::string::npos) e = csv.size();
        std::string name = csv.substr(b, e - b);
        if (!name.empty() && ("," + languages_ + ",").find("," + name + ",") == std::string::npos) {
            languages_ += languages_.empty() ? name : "," + name;
            changed = true;
        }
        b = e + 1;
    }
    if (changed) db_.set_metadata("kronika.stem_languages", languages_);
}

const StemRule& IndexWriter::stemmer_for(const std::string& language) {
    std::string name = stemmer_language(language.empty() ? "en" : language);
    auto it = stemmers_.find(name);
    if (it != stemmers_.end()) return it->second;
    add_stem_languages(name);
    return stemmers_.emplace(name, StemRule::for_language(name)).first->second;
}

IndexWriter::Outcome IndexWriter::add(const Article& a) {
    std::string idterm = std::string(schema::kPrefixId) + a.id;
    if (idterm.size() > 240) idterm.resize(240);
    Outcome outcome = Outcome::added;
    const Article* article = &a;
    Article c;
    if (!aliases_.empty()) {
        // Show people and attributions under their canonical names.
        c = a;
        for (auto& p : c.people) {
            const std::string& canon = aliases_.canonical_for(names_.key(p));
            if (!canon.empty()) p = canon;
        }
        for (auto& at : c.attributions) {
            const std::string& canon = aliases_.canonical_for(names_.key(at.name));
            if (!canon.empty()) at.name = canon;
        }
        // Two aliases of one person in an article are one mention.
        std::set<std::string> seen;
        std::erase_if(c.people, [&](const std::string& p) { return !seen.insert(p).second; });
        seen.clear();
        std::erase_if(c.attributions, [&](const Attribution& at) {
            return !seen.insert(at.kind + "\t" + at.name).second;
        });
        article = &c;
    }
    // Compare hashes before analysing the text: an unchanged re-add costs one JSON dump.
    std::string data = document_data(*article);
    std::string hash = stored_hash(data, a.origin_file_key);
    Xapian::docid existing = find(idterm, &hash);
    if (existing && hash.empty()) return Outcome::unchanged;
    if (existing) outcome = Outcome::replaced;
    Xapian::Document doc = build_document(*article, analyzer_, names_,
                                          stemmer_for(article->language), std::move(data));
    // By docid, not by id term: replace_document(term) makes Xapian 1.4 look the term up among
    // the uncommitted changes, which halves the write speed (docs/benchmarks.md).
    if (existing)
        db_.replace_document(existing, doc);
    else
        existing = db_.add_document(doc);
    if (!marked_stale_) set_stories_stale(true);
    pending_ids_[idterm] = {existing, hash};
    ++pending_;
    return outcome;
}

Xapian::docid IndexWriter::find(const std::string& idterm, std::string* hash) {
    auto it = pending_ids_.find(idterm);
    if (it != pending_ids_.end()) {
        if (hash && it->second.second == *hash) hash->clear();
        return it->second.first;  // 0 when deleted in this batch
    }
    // The committed state, read through a separate read-only handle: looking ids up in the
    // writable handle would make Xapian search its pending changes for every new id.
    Xapian::PostingIterator p = committed_.postlist_begin(idterm);
    if (p == committed_.postlist_end(idterm)) return 0;
    if (hash && committed_.get_document(*p).get_value(schema::SLOT_CONTENT_HASH) == *hash)
        hash->clear();
    return *p;
}

bool IndexWriter::remove(const std::string& id) {
    std::string idterm = std::string(schema::kPrefixId) + id;
    if (idterm.size() > 240) idterm.resize(240);
    Xapian::docid did = find(idterm, nullptr);
    if (!did) return false;
    db_.delete_document(did);
    if (!marked_stale_) set_stories_stale(true);
    pending_ids_[idterm] = {0, std::string()};
    ++pending_;
    return true;
}

bool IndexWriter::stories_stale() {
    return !db_.get_metadata(kMetaStoriesStale).empty();
}

void IndexWriter::set_stories_stale(bool stale) {
    db_.set_metadata(kMetaStoriesStale, stale ? "1" : "");
    marked_stale_ = stale;
}

void IndexWriter::commit() {
    db_.commit();
    committed_.reopen();
    pending_ids_.clear();
    pending_ = 0;
}

}  // namespace kronika
