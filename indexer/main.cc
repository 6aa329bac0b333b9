// kronika-index: add articles to a database, extract facets, and inspect or check a database.
//
// Exit codes: 0 everything went in (or the check passed), 1 some inputs were skipped (or the
// check found problems), 2 a fatal error (bad usage, database cannot be opened or written).
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <xapian.h>
#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "analyzer.h"
#include "cli.h"
#include "extract/extract.h"
#include "file_records.h"
#include "index_writer.h"
#include "indexing.h"
#include "names.h"
#include "progress.h"
#include "readers/input.h"
#include "results.h"
#include "schema.h"
#include "search.h"
#include "watch.h"

namespace po = boost::program_options;
using namespace kronika;

namespace {

constexpr int kExitOk = cli::kExitOk, kExitSkipped = cli::kExitPartial,
              kExitFatal = cli::kExitError;

const char* kUsage =
    "usage: kronika-index COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  add --db DIR PATH...      index articles (files, directories, - for stdin), --jobs\n"
    "                            threads writing --shards shards (new databases)\n"
    "  extract PATH...           print the extracted facets as JSON Lines, no database\n"
    "  stats --db DIR            counts, date range and schema of a database\n"
    "  check --db DIR            verify the schema version and every document\n"
    "  delete --db DIR ID...     remove articles by id (or --query Q: all it matches)\n"
    "  watch --db DIR DIR...     index files as they arrive (inotify), committing within seconds\n"
    "  aliases --db DIR FILE     store an alias table (one person a line: canonical<TAB>alias...)\n"
    "  compact --db DIR          rewrite the database (each shard, or --merge them) compactly\n"
    "  stories --db DIR          group near-duplicate copies into stories again (add does it)\n"
    "\n"
    "Inputs: plain-text scrapes (.txt), JSON (.json), JSON Lines (.jsonl, .ndjson), web pages\n"
    "(.html, .htm), WARC crawls (.warc), each also as .gz or .zst; directories are read\n"
    "recursively. `add` reads only files that changed since the database last read them.\n"
    "--db defaults to $KRONIKA_DB, else ./kronika-db.\n"
    "\n"
    "exit codes: 0 all went in / check passed, 1 some inputs skipped / check failed, 2 fatal "
    "error\n"
    "Run `kronika-index COMMAND --help` for a command's options.\n";

using cli::default_db;

volatile std::sig_atomic_t g_interrupted = 0;
std::string g_db;  // the command's database, named in errors
void on_signal(int) {
    g_interrupted = 1;
}

void print_warning(const Diagnostic& d) {
    // On a terminal, first erase the progress line the warning would otherwise run into.
    static const bool tty = isatty(STDERR_FILENO);
    std::fprintf(stderr, "%s%s\n", tty ? "\r\033[K" : "", d.format().c_str());
}

// Parses a subcommand's options; returns false after printing help.
bool parse(const po::options_description& desc, const po::positional_options_description& pos,
           const std::vector<std::string>& args, po::variables_map& vm, const char* usage) {
    po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
    if (vm.count("help")) {
        std::cout << usage << "\n" << desc;
        return false;
    }
    po::notify(vm);
    if (vm.count("db")) g_db = vm["db"].as<std::string>();
    return true;
}

// One `add` run (also one batch of `watch`).
struct AddRun {
    std::string db;
    std::vector<std::string> paths;
    ReadLimits limits;
    size_t jobs = 1, shards = 0, batch = 1000;  // shards 0: --jobs for a new database
    bool progress = true, quiet = false, stories = true;
    bool delete_missing = false;  // remove the articles of recorded files that are gone...
    std::vector<std::string> delete_scope;  // ...under these paths (record_path); none: anywhere
    bool reread = false;                    // read files even when their records say unchanged
    bool watching = false;                  // a batch of `watch`: its signal handling stays
    std::vector<InputFile> files;  // when not empty: these files, not the listing of `paths`
};
int add_files(const AddRun& run);

int cmd_add(const std::vector<std::string>& args) {
    po::options_description desc("options");
    std::vector<std::string> paths;
    std::string db;
    size_t batch = 0, jobs = 0, shards = 0;
    ReadLimits limits;
    size_t cores = std::max(1u, std::thread::hardware_concurrency());
    desc.add_options()("help,h", "show this help")(
        "db", po::value(&db)->default_value(default_db()), "database folder")(
        "jobs,j", po::value(&jobs)->default_value(cores),
        "worker threads (one per shard at most; default: the number of cores)")(
        "shards", po::value(&shards),
        "shards of a NEW database (default: --jobs; 1 = a single Xapian database)")(
        "batch", po::value(&batch)->default_value(1000), "articles per commit, per shard")(
        "max-article-bytes",
        po::value(&limits.max_article_bytes)->default_value(limits.max_article_bytes),
        "skip articles larger than this")("no-progress", "no progress line")(
        "quiet,q", "no summary")("no-stories",
                                 "skip grouping near-duplicate copies into stories (run it later)")(
        "delete-missing",
        "remove the articles of files read before that no longer exist (under the PATHs given; "
        "with none, anywhere)")("reread",
                                "read every file, even those unchanged since they were last read")(
        "path", po::value(&paths)->multitoken(), "inputs");
    po::positional_options_description pos;
    pos.add("path", -1);
    po::variables_map vm;
    if (!parse(desc, pos, args, vm, "usage: kronika-index add --db DIR PATH...")) return kExitOk;
    if (paths.empty() && !vm.count("delete-missing"))
        throw po::error("add needs at least one PATH");
    if (batch == 0) batch = 1;
    AddRun run;
    run.db = db;
    run.paths = paths;
    run.limits = limits;
    run.jobs = jobs;
    run.shards = vm.count("shards") ? std::max<size_t>(shards, 1) : 0;
    run.batch = batch;
    run.progress = !vm.count("no-progress");
    run.quiet = vm.count("quiet") > 0;
    run.stories = !vm.count("no-stories");
    run.delete_missing = vm.count("delete-missing") > 0;
    run.reread = vm.count("reread") > 0;
    for (const auto& p : paths)
        if (p != "-") run.delete_scope.push_back(record_path(p));
    return add_files(run);
}

// Removes every article read from the file `term` names, except those with an id in `keep`.
// Returns how many were removed.
uint64_t remove_file_articles(ShardWriters& writers, const std::string& term,
                              const std::unordered_set<std::string>* keep) {
    uint64_t removed = 0;
    for (size_t s = 0; s < writers.size(); ++s) {
        Xapian::WritableDatabase& d = writers[s].database();
        std::vector<std::string> ids;
        for (auto p = d.postlist_begin(term); p != d.postlist_end(term); ++p) {
            Xapian::Document doc = d.get_document(*p);
            auto t = doc.termlist_begin();
            t.skip_to(std::string(schema::kPrefixId));
            if (t == doc.termlist_end() || (*t).rfind(schema::kPrefixId, 0) != 0) continue;
            std::string id = (*t).substr(schema::kPrefixId.size());
            if (!keep || !keep->count(id)) ids.push_back(std::move(id));
        }
        for (const auto& id : ids) removed += writers[s].remove(id);
    }
    return removed;
}

int add_files(const AddRun& run) {
    const std::string& db = run.db;
    const ReadLimits& limits = run.limits;
    size_t jobs = run.jobs;

    uint64_t warnings = 0;
    DiagnosticSink warn = [&](const Diagnostic& d) {
        ++warnings;
        print_warning(d);
    };
    size_t missing = 0;
    auto inputs = run.files.empty() ? list_inputs(run.paths, warn, &missing) : run.files;
    uint64_t total_bytes = 0;
    for (auto& f : inputs) total_bytes += f.size;

    IndexingOptions opts;
    opts.jobs = std::max<size_t>(jobs, 1);
    opts.shards = run.shards ? run.shards : opts.jobs;
    opts.explicit_shards = run.shards > 0;
    opts.batch = run.batch;
    ParallelIndexer indexer(db, opts);
    if (!run.watching) {
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
    }
    // What was read before: files unchanged since (same size and time, or same bytes) are
    // passed over without being opened.
    FileRecords records(indexer.writers()[0].database());
    struct Reread {
        std::string term;
        std::unordered_set<std::string> ids;  // the articles the file holds now
    };
    std::vector<Reread> reread;
    Progress progress(inputs.size(), total_bytes, run.progress);
    uint64_t skipped = missing, files_done = 0, bytes_done = 0, files_unchanged = 0;
    uint64_t not_articles = 0;  // crawl records and pages that hold no article
    for (const auto& f : inputs) {
        if (g_interrupted) break;
        // Standard input and pipes have no record: they are read every time.
        bool on_disk = f.path != "-" && f.mtime_ns != 0;
        std::string rpath = on_disk ? record_path(f.path) : std::string();
        const FileRecord* old = on_disk ? records.find(rpath) : nullptr;
        uint64_t hash = 0;
        bool hashed = false;
        if (on_disk && old && !run.reread && old->size == f.size) {
            bool same = old->mtime_ns == f.mtime_ns;
            if (!same) {
                // Touched or copied anew: the same bytes need no reading either.
                try {
                    hash = hash_file(f.path);
                    hashed = true;
                    same = hash == old->hash;
                } catch (const std::exception&) {
                    // read_input reports it
                }
                if (same) {
                    FileRecord r = *old;
                    r.mtime_ns = f.mtime_ns;
                    records.set(r);
                }
            }
            if (same) {
                ++files_unchanged;
                ++files_done;
                bytes_done += f.size;
                progress.update(files_done, indexer.counts().articles, bytes_done);
                continue;
            }
        }
        if (on_disk && !hashed) {
            try {
                hash = hash_file(f.path);
                hashed = true;
            } catch (const std::exception&) {
                // read_input reports it
            }
        }
        std::string key = on_disk ? file_key(rpath) : std::string();
        Reread changed;
        uint64_t raw = 0;  // bytes of this file consumed so far
        bool cut_short = false;
        ReadStats rs = read_input(
            f, limits,
            [&](Article&& a) {
                if (g_interrupted) {
                    cut_short = true;
                    return;
                }
                a.origin_file_key = key;
                if (old) changed.ids.insert(a.id);
                indexer.add(std::move(a));
                progress.update(files_done, indexer.counts().articles, bytes_done + raw);
            },
            warn, &raw);
        skipped += rs.skipped;
        not_articles += rs.not_articles;
        bytes_done += f.size;
        ++files_done;
        progress.update(files_done, indexer.counts().articles, bytes_done);
        if (cut_short || g_interrupted || !hashed) continue;
        // Recorded once read to the end (committed with the articles, after them), bad parts
        // and all: they were reported now, and only a change to the file can mend them, which
        // the next run sees. (Reading a crawl of gigabytes again for one bad record in it, and
        // warning again, would tell nothing new.)
        records.set({rpath, f.size, f.mtime_ns, hash, rs.articles});
        if (old) {
            changed.term = std::string(schema::kPrefixFile) + key;
            reread.push_back(std::move(changed));
        }
    }
    indexer.finish();
    IndexingCounts c = indexer.counts();
    // Articles a changed file no longer holds, and with --delete-missing those of files gone.
    uint64_t removed = 0, files_gone = 0;
    ShardWriters& writers = indexer.writers();
    // Always, even when interrupted: a changed file's new record is stored below, and with it
    // stored the next run would not read the file again to remove what it lost.
    for (const auto& r : reread) removed += remove_file_articles(writers, r.term, &r.ids);
    if (!g_interrupted) {
        if (run.delete_missing) {
            std::vector<std::string> gone;
            // Only under the folders being synchronised: an export indexed from a download
            // folder and deleted since is not "missing" from an archive.
            auto in_scope = [&](const std::string& path) {
                if (run.delete_scope.empty()) return true;
                for (const auto& root : run.delete_scope)
                    if (path == root || (path.rfind(root, 0) == 0 &&
                                         (root.ends_with('/') || path[root.size()] == '/')))
                        return true;
                return false;
            };
            for (const auto& [path, rec] : records.all()) {
                std::error_code ec;
                if (in_scope(path) && !std::filesystem::exists(path, ec) && !ec)
                    gone.push_back(path);
            }
            for (const auto& path : gone) {
                removed += remove_file_articles(writers, file_term(path), nullptr);
                records.erase(path);
                ++files_gone;
            }
        }
    }
    records.store(writers[0].database());
    writers.commit_all();
    progress.finish();
    double secs = progress.elapsed_seconds();
    // Stories: every article's near-duplicate copies, over the whole database (a new copy can
    // join an old story, a changed article leave one).
    std::string story_note;
    // Also when this run added nothing but an earlier one was stopped before grouping.
    if (!g_interrupted && run.stories &&
        (c.added || c.replaced || removed || indexer.writers().stories_stale())) {
        auto t0 = std::chrono::steady_clock::now();
        StoryCounts sc = group_stories(indexer.writers());
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "; %llu stories of several copies hold %llu articles (grouped in %.1f s)",
                      (unsigned long long)sc.stories, (unsigned long long)sc.in_stories,
                      took.count());
        story_note = buf;
    }
    if (!run.quiet) {
        std::string files_note;
        if (not_articles)
            files_note += "; " + std::to_string(not_articles) +
                          " pages or crawl records without an article passed over";
        if (files_unchanged)
            files_note += "; " + std::to_string(files_unchanged) + " unchanged files not read";
        if (removed)
            files_note += "; " + std::to_string(removed) + " articles removed" +
                          (files_gone ? " (" + std::to_string(files_gone) + " files gone)" : "");
        std::fprintf(
            stderr,
            "%s%llu articles (%.1f MB of text) from %llu files in %s (%.0f articles/s, %.2f MB/s, "
            "%zu thread(s)): %llu added, %llu replaced, %llu unchanged%s; %llu skipped, %llu "
            "warnings; database %s holds %u articles%s%s\n",
            g_interrupted ? "interrupted: " : "", (unsigned long long)c.articles,
            c.text_bytes / 1e6, (unsigned long long)(files_done - files_unchanged),
            format_duration(secs).c_str(), secs > 0 ? c.articles / secs : 0.0,
            secs > 0 ? c.text_bytes / secs / 1e6 : 0.0, indexer.jobs(), (unsigned long long)c.added,
            (unsigned long long)c.replaced, (unsigned long long)c.unchanged, files_note.c_str(),
            (unsigned long long)skipped, (unsigned long long)warnings, db.c_str(),
            indexer.doccount(),
            indexer.shard_count() > 1
                ? (" in " + std::to_string(indexer.shard_count()) + " shards").c_str()
                : "",
            story_note.c_str());
    }
    if (g_interrupted && !run.watching)
        std::fprintf(stderr,
                     "interrupted: every article read so far is committed; run the same command "
                     "again to index the rest (unchanged articles are skipped)\n");
    if (g_interrupted) return kExitFatal;
    // 1 also when every article went in but some only after a repair (bad UTF-8, a NUL, a
    // duplicate key, an unreadable date): the warnings say what changed.
    return skipped || warnings ? kExitSkipped : kExitOk;
}

int cmd_extract(const std::vector<std::string>& args) {
    po::options_description desc("options");
    std::vector<std::string> paths;
    ReadLimits limits;
    desc.add_options()("help,h", "show this help")("body", "include the body text in the output")(
        "keys",
        "add each name's alias key (people_keys; attributions[].key): names with one key are one "
        "person in filters and facets")(
        "max-article-bytes",
        po::value(&limits.max_article_bytes)->default_value(limits.max_article_bytes),
        "skip articles larger than this")("path", po::value(&paths)->multitoken(), "inputs");
    po::positional_options_description pos;
    pos.add("path", -1);
    po::variables_map vm;
    if (!parse(desc, pos, args, vm, "usage: kronika-index extract PATH...")) return kExitOk;
    if (paths.empty()) throw po::error("extract needs at least one PATH");
    bool with_body = vm.count("body"), with_keys = vm.count("keys");
    NameKeys names;
    uint64_t warnings = 0;
    DiagnosticSink warn = [&](const Diagnostic& d) {
        ++warnings;
        print_warning(d);
    };
    size_t missing = 0;
    auto inputs = list_inputs(paths, warn, &missing);
    uint64_t skipped = missing;
    for (const auto& f : inputs) {
        ReadStats rs = read_input(
            f, limits,
            [&](Article&& a) {
                extract_facets(a);
                nlohmann::json j = article_json(a, with_body);
                if (with_keys) {
                    auto& keys = j["people_keys"] = nlohmann::json::array();
                    for (const auto& p : a.people) keys.push_back(names.key(p));
                    for (auto& at : j["attributions"])
                        at["key"] = names.key(at["name"].get<std::string>());
                }
                std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                          << "\n";
            },
            warn);
        skipped += rs.skipped;
    }
    std::cout.flush();
    return skipped || warnings ? kExitSkipped : kExitOk;
}

int cmd_stats(const std::vector<std::string>& args) {
    po::options_description desc("options");
    std::string db;
    desc.add_options()("help,h", "show this help")(
        "db", po::value(&db)->default_value(default_db()), "database folder")("json", "print JSON");
    po::variables_map vm;
    if (!parse(desc, {}, args, vm, "usage: kronika-index stats --db DIR")) return kExitOk;
    Xapian::Database d = open_for_reading(db);
    nlohmann::json j;
    j["database"] = db;
    std::string version = d.get_metadata(schema::kMetaSchemaVersion);
    j["schema_version"] = version.empty() ? 0 : std::stoi(version);
    j["articles"] = d.get_doccount();
    std::string lo = d.get_value_lower_bound(schema::SLOT_DATE_LOCAL);
    std::string hi = d.get_value_upper_bound(schema::SLOT_DATE_LOCAL);
    auto fmt = [](const std::string& v) {
        return v.size() == 8 ? v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2) : v;
    };
    j["dated_articles"] = d.get_value_freq(schema::SLOT_DATE_LOCAL);
    j["first_date"] = lo.empty() ? nlohmann::json(nullptr) : nlohmann::json(fmt(lo));
    j["last_date"] = hi.empty() ? nlohmann::json(nullptr) : nlohmann::json(fmt(hi));
    j["stem_languages"] = d.get_metadata("kronika.stem_languages");
    // Source files `add` has recorded (file_records.h): in the first shard.
    {
        DatabaseLayout layout = inspect_database(db);
        uint64_t files = 0;
        if (layout.remote.empty() && !layout.shards.empty()) {
            Xapian::Database first(layout.shards[0]);
            const std::string prefix = schema::kMetaFilePrefix;
            for (auto k = first.metadata_keys_begin(prefix); k != first.metadata_keys_end(prefix);
                 ++k)
                ++files;
        }
        j["files_recorded"] = files;
    }
    // Distinct values of each boolean field (counted by walking its prefix in the term list).
    nlohmann::json fields;
    for (const auto& bf : schema::kBooleanFields) {
        uint64_t n = 0;
        std::string prefix(bf.prefix);
        // No boolean prefix is the start of another (schema.h), so a prefix walk is exact.
        for (auto t = d.allterms_begin(prefix); t != d.allterms_end(prefix); ++t) ++n;
        fields[std::string(bf.name)] = n;
    }
    j["distinct"] = fields;
    if (vm.count("json")) {
        std::cout << j.dump(2) << "\n";
    } else {
        std::cout << "database        " << db << "\n"
                  << "schema version  " << j["schema_version"] << "\n"
                  << "articles        " << j["articles"] << "\n"
                  << "dated articles  " << j["dated_articles"] << "\n"
                  << "date range      " << (lo.empty() ? "-" : fmt(lo)) << " .. "
                  << (hi.empty() ? "-" : fmt(hi)) << "\n"
                  << "stemming        " << j["stem_languages"].get<std::string>() << "\n"
                  << "files recorded  " << j["files_recorded"] << "\n";
        for (auto& [k, v] : fields.items())
            std::cout << "distinct " << k << std::string(k.size() < 15 ? 15 - k.size() : 1, ' ')
                      << v << "\n";
    }
    return kExitOk;
}

// Verifies every document: exactly one id term that maps back to it, valid stored data, and a
// date slot that agrees with the date terms.
int cmd_check(const std::vector<std::string>& args) {
    po::options_description desc("options");
    std::string db;
    desc.add_options()("help,h", "show this help")(
        "db", po::value(&db)->default_value(default_db()), "database folder");
    po::variables_map vm;
    if (!parse(desc, {}, args, vm, "usage: kronika-index check --db DIR")) return kExitOk;
    Xapian::Database d = open_for_reading(db);
    uint64_t problems = 0, docs = 0;
    auto problem = [&](Xapian::docid id, const std::string& what) {
        ++problems;
        if (problems <= 50)
            std::fprintf(stderr, "%s: document %u: %s\n", db.c_str(), id, what.c_str());
    };
    for (auto it = d.postlist_begin(""); it != d.postlist_end(""); ++it) {
        ++docs;
        Xapian::docid id = *it;
        Xapian::Document doc = d.get_document(id);
        std::vector<std::string> ids;
        std::string day;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string term = *t;
            if (term.size() > 1 && term[0] == 'Q') ids.push_back(term.substr(1));
            if (term.size() == 9 && term[0] == 'D') day = term.substr(1);
        }
        if (ids.size() != 1) {
            problem(id, "has " + std::to_string(ids.size()) + " id terms (expected 1)");
        } else if (d.get_termfreq("Q" + ids[0]) != 1) {
            problem(id, "id \"" + ids[0] + "\" is shared by several documents");
        }
        auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
        if (data.is_discarded() || !data.is_object()) {
            problem(id, "stored data is not a JSON object");
        } else if (ids.size() == 1 && data.value("id", "") != ids[0].substr(0, 239)) {
            if (data.value("id", "").substr(0, 239) != ids[0])
                problem(id, "stored id differs from its id term");
        }
        std::string slot = doc.get_value(schema::SLOT_DATE_LOCAL);
        if (!slot.empty()) {
            bool digits =
                slot.size() == 8 && std::all_of(slot.begin(), slot.end(),
                                                [](unsigned char c) { return std::isdigit(c); });
            if (!digits)
                problem(id, "date slot \"" + slot + "\" is not YYYYMMDD");
            else if (slot != day)
                problem(id, "date slot " + slot + " disagrees with date term " + day);
            if (doc.get_value(schema::SLOT_DATE_UTC).empty())
                problem(id, "has a local date but no UTC date");
        } else if (!day.empty()) {
            problem(id, "has a date term but no date slot");
        }
        if (doc.get_value(schema::SLOT_CONTENT_HASH).size() != 16)
            problem(id, "content hash slot missing");
    }
    if (docs != d.get_doccount()) problem(0, "document count disagrees with the posting list");
    if (problems) {
        std::fprintf(stderr, "%s: check FAILED: %llu problem(s) in %llu documents\n", db.c_str(),
                     (unsigned long long)problems, (unsigned long long)docs);
        return kExitSkipped;
    }
    std::printf("%s: check passed: %llu documents, schema %s\n", db.c_str(),
                (unsigned long long)docs, d.get_metadata(schema::kMetaSchemaVersion).c_str());
    return kExitOk;
}

int cmd_delete(const std::vector<std::string>& args) {
    po::options_description desc("options");
    std::string db, query;
    std::vector<std::string> ids;
    desc.add_options()("help,h", "show this help")(
        "db", po::value(&db)->default_value(default_db()), "database folder")(
        "query", po::value(&query),
        "remove every article the query matches (the search syntax, e.g. 'source:Example "
        "date:..2019')")("dry-run", "print the ids that would be removed, remove nothing")(
        "id", po::value(&ids)->multitoken(), "article ids");
    po::positional_options_description pos;
    pos.add("id", -1);
    po::variables_map vm;
    if (!parse(desc, pos, args, vm, "usage: kronika-index delete --db DIR (ID... | --query Q)"))
        return kExitOk;
    bool by_query = vm.count("query") > 0;
    if (ids.empty() && !by_query) throw po::error("delete needs IDs or --query");
    if (!ids.empty() && by_query) throw po::error("give IDs or --query, not both");
    if (by_query) {
        // An empty query matches everything: deleting a whole database is `rm -r`'s job.
        if (std::all_of(query.begin(), query.end(),
                        [](unsigned char c) { return std::isspace(c); }))
            throw po::error("--query is empty (it would match every article)");
        Searcher searcher(db);  // refuses a missing or foreign database
        SearchRequest req;
        req.query = query;
        req.snippets = false;
        searcher.for_each_hit(req, [&](const SearchHit& hit) {
            ids.push_back(hit.stored.value("id", std::string()));
        });
        std::erase(ids, std::string());
        if (vm.count("dry-run")) {
            for (const auto& id : ids) std::printf("%s\n", id.c_str());
            std::fprintf(stderr, "%s: the query matches %zu articles (dry run: none removed)\n",
                         db.c_str(), ids.size());
            return kExitOk;
        }
    } else {
        open_for_reading(db);  // refuses a missing or foreign database before creating anything
        if (vm.count("dry-run")) throw po::error("--dry-run goes with --query");
    }
    ShardWriters writers(db, 1);
    uint64_t missing = 0;
    for (const auto& id : ids) {
        if (!writers.for_id(id).remove(id)) {
            // An id the query found is always there (no other writer runs meanwhile).
            std::fprintf(stderr, "%s: warning: no article with id \"%s\"\n", db.c_str(),
                         id.c_str());
            ++missing;
        }
    }
    writers.commit_all();
    if (missing < ids.size()) group_stories(writers);  // a story may have lost its first copy
    std::fprintf(stderr, "deleted %llu of %zu articles\n",
                 (unsigned long long)(ids.size() - missing), ids.size());
    return missing ? kExitSkipped : kExitOk;
}

int cmd_watch(const std::vector<std::string>& args) {
    po::options_description desc("options");
    std::vector<std::string> dirs;
    std::string db;
    size_t jobs = 1, settle_ms = 300, max_wait_ms = 2000;
    desc.add_options()("help,h", "show this help")(
        "db", po::value(&db)->default_value(default_db()), "database folder")(
        "jobs,j", po::value(&jobs)->default_value(1), "worker threads per batch")(
        "settle-ms", po::value(&settle_ms)->default_value(300),
        "index a batch once no file arrived for this long")(
        "max-wait-ms", po::value(&max_wait_ms)->default_value(2000),
        "index a batch at most this long after its first file, even while files keep coming")(
        "no-stories", "do not regroup near-duplicate stories after each batch")(
        "quiet,q", "no line per batch")("dir", po::value(&dirs)->multitoken(), "folders to watch");
    po::positional_options_description pos;
    pos.add("dir", -1);
    po::variables_map vm;
    if (!parse(desc, pos, args, vm, "usage: kronika-index watch --db DIR FOLDER..."))
        return kExitOk;
    if (dirs.empty()) throw po::error("watch needs at least one FOLDER");
    for (const auto& d : dirs)
        if (!std::filesystem::is_directory(d)) throw po::error(d + " is not a folder");
    AddRun run;
    run.db = db;
    run.jobs = jobs;
    run.progress = false;
    run.quiet = vm.count("quiet") > 0;
    run.stories = !vm.count("no-stories");
    run.watching = true;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    // First what arrived while nobody watched (unchanged files are not read), then events.
    run.paths = dirs;
    run.delete_missing = true;
    for (const auto& d : dirs) run.delete_scope.push_back(record_path(d));
    int worst = add_files(run);
    run.paths.clear();
    if (!run.quiet)
        std::fprintf(stderr, "watching %zu folder(s) for new and changed files; Ctrl-C stops\n",
                     dirs.size());
    WatchOptions wo;
    wo.settle = std::chrono::milliseconds(settle_ms);
    wo.max_wait = std::chrono::milliseconds(std::max(max_wait_ms, settle_ms));
    watch_folders(dirs, wo, &g_interrupted, [&](WatchBatch&& batch) {
        run.files = std::move(batch.changed);
        run.delete_missing = batch.removed;
        if (batch.rescan) {
            // Lost events: the whole folders again, which the file records make cheap.
            run.files.clear();
            run.paths = dirs;
            run.delete_missing = true;
        }
        if (run.files.empty() && run.paths.empty() && !run.delete_missing) return;
        // add_files reads the listed files (or, with none, only removes the missing).
        int rc = add_files(run);
        run.paths.clear();
        if (rc > worst && !g_interrupted) worst = rc;
    });
    if (!run.quiet) std::fprintf(stderr, "watch stopped; everything indexed is committed\n");
    return worst == kExitFatal ? kExitSkipped : worst;
}

int cmd_stories(const std::vector<std::string>& args) {
    po::options_description desc("options");
    std::string db;
    double threshold = stories::kThreshold;
    desc.add_options()("help,h", "show this help")(
        "db", po::value(&db)->default_value(default_db()), "database folder")(
        "threshold", po::value(&threshold)->default_value(stories::kThreshold),
        "estimated Jaccard similarity of two texts' 5-word shingles for one story");
    po::variables_map vm;
    if (!parse(desc, {}, args, vm, "usage: kronika-index stories --db DIR")) return kExitOk;
    if (threshold <= 0 || threshold > 1) throw po::error("--threshold must be in (0, 1]");
    open_for_reading(db);  // refuses a missing or foreign database before creating anything
    ShardWriters writers(db, 1);
    auto t0 = std::chrono::steady_clock::now();
    StoryCounts sc = group_stories(writers, threshold);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
    std::fprintf(stderr,
                 "%s: %llu articles with signatures; %llu stories of several copies hold %llu "
                 "articles; %llu articles updated (%.1f s)\n",
                 db.c_str(), (unsigned long long)sc.articles, (unsigned long long)sc.stories,
                 (unsigned long long)sc.in_stories, (unsigned long long)sc.changed, took.count());
    return kExitOk;
}

int cmd_compact(const std::vector<std::string>& args) {
    po::options_description desc("options");
    std::string db;
    desc.add_options()("help,h", "show this help")(
        "db", po::value(&db)->default_value(default_db()), "database folder")(
        "merge", "merge the shards of a shard set into one database");
    po::variables_map vm;
    if (!parse(desc, {}, args, vm, "usage: kronika-index compact --db DIR [--merge]"))
        return kExitOk;
    open_for_reading(db);
    auto [before, after] = compact_database(db, vm.count("merge") > 0);
    std::fprintf(stderr, "%s: compacted: %.1f MB -> %.1f MB\n", db.c_str(), before / 1e6,
                 after / 1e6);
    return kExitOk;
}

int cmd_aliases(const std::vector<std::string>& args) {
    po::options_description desc("options");
    std::string db, file;
    desc.add_options()("help,h", "show this help")(
        "db", po::value(&db)->default_value(default_db()), "database folder")(
        "file", po::value(&file),
        "alias file: one entity a line, canonical name first, tab-separated");
    po::positional_options_description pos;
    pos.add("file", 1);
    po::variables_map vm;
    if (!parse(desc, pos, args, vm, "usage: kronika-index aliases --db DIR FILE")) return kExitOk;
    if (file.empty()) throw po::error("aliases needs a FILE (use /dev/null to clear the table)");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file + ": cannot open");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.size() > (16u << 20)) throw std::runtime_error(file + ": larger than 16 MiB");
    NameKeys keys;
    std::vector<std::string> errors;
    AliasTable table = AliasTable::parse(text, keys, &errors);
    for (const auto& e : errors) {
        // "line N: what" -> "FILE:N: warning: what"
        size_t colon = e.find(':');
        std::fprintf(stderr, "%s:%s: warning:%s\n", file.c_str(), e.substr(5, colon - 5).c_str(),
                     e.substr(colon + 1).c_str());
    }
    open_for_reading(db);
    ShardWriters writers(db, 1);
    for (size_t i = 0; i < writers.size(); ++i) writers[i].set_aliases(text);
    writers.commit_all();
    std::fprintf(stderr,
                 "%s: alias table stored (%s); searches and facets use it now, names "
                 "already indexed show their canonical form after a re-add\n",
                 db.c_str(), errors.empty() ? "no problems" : "some lines ignored");
    return errors.empty() ? kExitOk : kExitSkipped;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_DFL);  // like ripgrep: a closed pipe ends us quietly
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ||
        std::string(argv[1]) == "help") {
        std::cout << kUsage;
        return argc < 2 ? kExitFatal : kExitOk;
    }
    if (std::string(argv[1]) == "--version") {
        std::cout << "kronika-index " KRONIKA_VERSION " (schema " << schema::kSchemaVersion
                  << ", Xapian " << Xapian::version_string() << ")\n";
        return kExitOk;
    }
    std::string cmd = argv[1];
    std::vector<std::string> args(argv + 2, argv + argc);
    try {
        if (cmd == "add") return cmd_add(args);
        if (cmd == "extract") return cmd_extract(args);
        if (cmd == "stats") return cmd_stats(args);
        if (cmd == "check") return cmd_check(args);
        if (cmd == "delete") return cmd_delete(args);
        if (cmd == "watch") return cmd_watch(args);
        if (cmd == "aliases") return cmd_aliases(args);
        if (cmd == "compact") return cmd_compact(args);
        if (cmd == "stories") return cmd_stories(args);
        std::fprintf(stderr, "kronika-index: unknown command \"%s\"\n\n%s", cmd.c_str(), kUsage);
        return kExitFatal;
    } catch (const po::error& e) {
        std::fprintf(stderr, "kronika-index %s: %s (see --help)\n", cmd.c_str(), e.what());
    } catch (const Xapian::Error& e) {
        // A write that failed (a full disk, a read-only folder): Xapian's commits are atomic,
        // so the database is as the last commit left it.
        bool writes = cmd == "add" || cmd == "watch" || cmd == "delete" || cmd == "aliases" ||
                      cmd == "compact" || cmd == "stories";
        if (writes && !g_db.empty())
            std::fprintf(stderr,
                         "kronika-index %s: %s: %s\nthe database keeps everything committed "
                         "before this error (verify with `kronika-index check --db %s`)\n",
                         cmd.c_str(), g_db.c_str(), e.get_description().c_str(), g_db.c_str());
        else
            std::fprintf(stderr, "kronika-index %s: %s\n", cmd.c_str(),
                         e.get_description().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kronika-index %s: %s\n", cmd.c_str(), e.what());
    }
    return kExitFatal;
}
