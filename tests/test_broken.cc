// The catalogue of hostile inputs (tests/data/broken/README.md, issue 7). Each case runs
// `kronika-index add` on the broken input next to good articles and checks that a warning names
// the file (and line, for JSON Lines), that the good articles are searchable afterwards and the
// exit code; every run is under `timeout`, so a hang fails instead of stalling the suite.
// Inputs too large or too odd to commit (a 200 MB line, a symlink loop, a FIFO) are made here.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "extract/dates.h"
#include "readers/input.h"
#include "readers/json_reader.h"
#include "test_util.h"

using namespace kronika;
using namespace kronika::testing;

namespace fs = std::filesystem;

namespace {

const std::string kBroken = kData + "/broken";

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// Two good records that every case indexes next to its broken input.
void write_good(const std::string& dir) {
    write_file(dir + "/good.jsonl",
               "{\"id\": \"good-1\", \"title\": \"Pier lights\", \"body\": \"The pier lights are "
               "repaired.\", \"date\": \"2024-05-01\"}\n"
               "{\"id\": \"good-2\", \"title\": \"Dune path\", \"body\": \"The dune path "
               "reopens.\", \"date\": \"2024-05-02\"}\n");
}

// `kronika-index add` of `inputs` (already shell-quoted) into a fresh database in `tmp`.
std::string add_command(const TempDir& tmp, const std::string& inputs) {
    return "timeout 120 " + kIndex + " add --no-progress --db " + sh(tmp / "db") + " " + inputs;
}

RunResult add(const TempDir& tmp, const std::string& inputs) {
    return run(add_command(tmp, inputs));
}

// add(), and in *peak_kb the peak RSS of the largest process it ran. A child of its own runs
// it, so that the programs this test process ran before do not count.
RunResult add_measured(const TempDir& tmp, const std::string& inputs, long* peak_kb) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        int status = std::system((add_command(tmp, inputs) + " 2>" + sh(tmp / "stderr")).c_str());
        rusage usage{};
        getrusage(RUSAGE_CHILDREN, &usage);
        long out[2] = {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss};
        _exit(write(fds[1], out, sizeof out) == sizeof out ? 0 : 1);
    }
    close(fds[1]);
    long out[2] = {-1, 0};
    bool got = read(fds[0], out, sizeof out) == sizeof out;
    close(fds[0]);
    waitpid(pid, nullptr, 0);
    REQUIRE(got);
    RunResult r;
    r.exit_code = static_cast<int>(out[0]);
    std::ifstream err(tmp / "stderr", std::ios::binary);
    r.err.assign(std::istreambuf_iterator<char>(err), {});
    *peak_kb = out[1];
    return r;
}

bool searchable(const TempDir& tmp, const std::string& id) {
    return run(kSearch + " --db " + sh(tmp / "db") + " " + sh("id:" + id)).exit_code == 0;
}

bool warned(const RunResult& r, const std::string& text) {
    return r.err.find(text) != std::string::npos;
}

// Copies one catalogue file next to the good records and indexes the folder.
RunResult add_case(const TempDir& tmp, const std::string& name) {
    fs::create_directories(tmp / "in");
    fs::copy_file(kBroken + "/" + name, tmp / ("in/" + name));
    write_good(tmp / "in");
    return add(tmp, sh(tmp / "in"));
}

std::vector<Article> read_articles(const std::vector<std::string>& paths) {
    std::vector<Article> articles;
    DiagnosticSink ignore = [](const Diagnostic&) {};
    for (const auto& f : list_inputs(paths, ignore))
        read_input(
            f, {}, [&](Article&& a) { articles.push_back(std::move(a)); }, ignore);
    return articles;
}

}  // namespace

TEST_CASE("broken: overlong and invalid UTF-8 is replaced, with a warning", "[broken][cli]") {
    std::string bytes = "ok \xC0\xAF \xE0\x80\xAF \xED\xA0\x80 \xF5\xF8\xFF end";
    CHECK(repair_utf8(bytes) == 11);
    CHECK(bytes.find("ok \xEF\xBF\xBD\xEF\xBF\xBD ") == 0);
    for (std::string name : {"overlong-utf8.txt", "overlong-utf8.jsonl"}) {
        INFO(name);
        TempDir tmp;
        auto r = add_case(tmp, name);
        INFO(r.err);
        // Repaired text goes in, and the exit code says something was changed.
        CHECK(r.exit_code == 1);
        CHECK(
            warned(r, name + (name.ends_with(".jsonl") ? ":2" : "") + ": warning: invalid UTF-8"));
        CHECK(searchable(tmp, "good-1"));
        CHECK(searchable(tmp, name.ends_with(".jsonl") ? "ou-2" : "overlong-utf8"));
    }
}

TEST_CASE("broken: NUL bytes in a scrape and in JSON strings", "[broken][cli]") {
    TempDir tmp;
    fs::create_directories(tmp / "in");
    for (std::string name : {"nul-in-text.txt", "nul-in-strings.jsonl"})
        fs::copy_file(kBroken + "/" + name, tmp / ("in/" + name));
    write_good(tmp / "in");
    auto r = add(tmp, sh(tmp / "in"));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(warned(r, "nul-in-text.txt: warning: binary file (NUL bytes); skipped"));
    CHECK(warned(r, "nul-in-strings.jsonl:1: warning: 1 NUL character(s) replaced by spaces"));
    CHECK(warned(r, "nul-in-strings.jsonl:2: warning: invalid JSON"));
    for (std::string id : {"nul-esc", "nul-ok", "good-1", "good-2"}) {
        INFO(id);
        CHECK(searchable(tmp, id));
    }
    CHECK_FALSE(searchable(tmp, "nul-raw"));
    CHECK(run(kSearch + " --db " + sh(tmp / "db") + " 'id:nul-esc \"tram depot\"'").exit_code == 0);
}

TEST_CASE("broken: a 200 MB line is skipped by the size limits, quickly", "[broken][cli]") {
    TempDir tmp;
    fs::create_directories(tmp / "in");
    write_good(tmp / "in");
    {
        std::string chunk(1 << 20, 'x');
        for (size_t i = 0; i < chunk.size(); i += 9) chunk[i] = ' ';
        std::ofstream jsonl(tmp / "in/long-line.jsonl", std::ios::binary);
        std::ofstream text(tmp / "in/long-line.txt", std::ios::binary);
        jsonl << "{\"id\": \"short-1\", \"title\": \"Short\", \"body\": \"Gulls nest.\"}\n"
              << "{\"id\": \"long\", \"title\": \"Long\", \"body\": \"";
        text << "One line of 200 MB ";
        for (int i = 0; i < 200; ++i) {
            jsonl << chunk;
            text << chunk;
        }
        jsonl << "\"}\n{\"id\": \"short-2\", \"title\": \"Short again\", \"body\": \"Terns "
                 "too.\"}\n";
    }
    auto t0 = std::chrono::steady_clock::now();
    long peak_kb = 0;
    auto r = add_measured(tmp, sh(tmp / "in"), &peak_kb);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(warned(r, "long-line.jsonl:2: warning: line exceeds the limit of 67108864 bytes"));
    CHECK(
        warned(r, "long-line.txt: warning: text file exceeds the article limit of 16777216 bytes"));
    CHECK(took.count() < 60);
    // The largest buffer is one JSON line up to the 64 MB limit; a scrape is read no further
    // than the 16 MB article limit (140 MB in all; reading the whole scrape took 400 MB more).
#if defined(__SANITIZE_ADDRESS__)
    const long bound_kb = 600 * 1024;  // AddressSanitizer's shadow memory and quarantine on top
#else
    const long bound_kb = 300 * 1024;
#endif
    CHECK(peak_kb < bound_kb);
    for (std::string id : {"short-1", "short-2", "good-1", "good-2"}) {
        INFO(id);
        CHECK(searchable(tmp, id));
    }
}

TEST_CASE("broken: 100,000 nested arrays are a syntax error, not a stack overflow",
          "[broken][cli]") {
    TempDir tmp;
    fs::create_directories(tmp / "in");
    write_good(tmp / "in");
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    write_file(tmp / "in/deep.json", deep);
    write_file(tmp / "in/deep.jsonl",
               "{\"id\": \"shallow-1\", \"title\": \"Shallow\", \"body\": \"Kelp grows.\"}\n" +
                   deep +
                   "\n{\"id\": \"shallow-2\", \"title\": \"Shallow too\", \"body\": \"Kelp "
                   "dries.\", \"nest\": " +
                   std::string(1000, '[') + std::string(1000, ']') + "}\n");
    auto r = add(tmp, sh(tmp / "in"));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(warned(r, "deep.json:1: warning: invalid JSON"));
    CHECK(warned(r, "deep.jsonl:2: warning: invalid JSON"));
    for (std::string id : {"shallow-1", "shallow-2", "good-1"}) {
        INFO(id);
        CHECK(searchable(tmp, id));
    }
}

TEST_CASE("broken: duplicate keys and wrongly typed fields", "[broken][cli]") {
    {
        TempDir tmp;
        auto r = add_case(tmp, "duplicate-keys.jsonl");
        INFO(r.err);
        CHECK(r.exit_code == 1);  // every record went in, one field was dropped
        CHECK(warned(r, "duplicate-keys.jsonl:1: warning: duplicate key \"title\"; the first"));
        CHECK(warned(r, "duplicate-keys.jsonl:2: warning: duplicate key \"id\""));
        CHECK(searchable(tmp, "dup-1"));
        CHECK(searchable(tmp, "dup-2"));
        CHECK(
            run(kSearch + " --db " + sh(tmp / "db") + " 'title:\"first title wins\"'").exit_code ==
            0);
    }
    TempDir tmp;
    auto r = add_case(tmp, "wrong-types.jsonl");
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(warned(r, "wrong-types.jsonl:2: warning: field \"title\" is an array, not text"));
    CHECK(warned(r, "wrong-types.jsonl:3: warning: field \"title\" is an object, not text"));
    CHECK(warned(r, "wrong-types.jsonl:3: warning: field \"authors\" is a boolean"));
    CHECK(warned(r, "wrong-types.jsonl:3: warning: field \"date\" is an array"));
    CHECK(warned(r, "wrong-types.jsonl:4: warning: record has no title and no text; skipped"));
    for (std::string id : {"wt-num", "wt-arr", "wt-obj", "good-1", "good-2"}) {
        INFO(id);
        CHECK(searchable(tmp, id));
    }
    CHECK(run(kSearch + " --db " + sh(tmp / "db") + " title:1848 date:2024-03-01").exit_code == 0);
    CHECK(
        run(kSearch + " --db " + sh(tmp / "db") + " 'title:\"headline used instead\"'").exit_code ==
        0);
}

TEST_CASE("broken: an object where text belongs is read by its name, else reported",
          "[broken][json]") {
    JsonArticleParser parser;
    std::vector<Article> articles;
    std::string error;
    REQUIRE(parser.parse(R"({"title": "T", "source": {"id": "cnn", "name": "CNN"},
                             "url": {"href": "x"}, "text": 1e308})",
                         &articles, &error));
    REQUIRE(articles.size() == 1);
    CHECK(articles[0].source == "CNN");  // NewsAPI's layout
    CHECK(articles[0].url.empty());
    CHECK(articles[0].body.size() == 316);  // 1e308 printed in full, not a crash
    CHECK(parser.notes() ==
          std::vector<std::string>{"field \"url\" is an object, not text; ignored"});
}

TEST_CASE("broken: binary files named like inputs", "[broken][cli]") {
    TempDir tmp;
    fs::create_directories(tmp / "in");
    for (std::string name : {"png-header.txt", "elf-header.json", "binary.txt"})
        fs::copy_file(kBroken + "/" + name, tmp / ("in/" + name));
    std::mt19937 rng(7);
    std::string noise(64 << 10, '\0');
    for (auto& c : noise) c = static_cast<char>(rng());
    write_file(tmp / "in/random.txt", noise);
    write_file(tmp / "in/random.jsonl", noise);
    write_good(tmp / "in");
    auto r = add(tmp, sh(tmp / "in"));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    for (std::string name : {"png-header.txt", "elf-header.json", "binary.txt", "random.txt"})
        CHECK(warned(r, name + ": warning: binary file (NUL bytes); skipped"));
    CHECK(warned(r, "random.jsonl:1: warning: invalid JSON"));
    CHECK(searchable(tmp, "good-1"));
    CHECK(searchable(tmp, "good-2"));
}

TEST_CASE("broken: symlink loops, dangling links, FIFOs and unreadable files in a folder",
          "[broken][cli]") {
    TempDir tmp;
    std::string in = tmp / "in";
    fs::create_directories(in + "/sub");
    write_good(in);
    fs::create_symlink("loop-b.jsonl", in + "/loop-a.jsonl");
    fs::create_symlink("loop-a.jsonl", in + "/loop-b.jsonl");
    fs::create_directory_symlink("..", in + "/sub/up");  // not followed: no endless recursion
    fs::create_symlink("no-such-target.jsonl", in + "/dangling.jsonl");
    REQUIRE(mkfifo((in + "/fifo.jsonl").c_str(), 0600) == 0);
    write_file(in + "/sub/locked.jsonl", "{\"id\": \"locked\", \"title\": \"Locked\"}\n");
    fs::permissions(in + "/sub/locked.jsonl", fs::perms::none);
    // Root reads files whatever their mode: then the file is simply indexed.
    bool root_reads = std::ifstream(in + "/sub/locked.jsonl").good();
    auto r = add(tmp, sh(in));
    fs::permissions(in + "/sub/locked.jsonl", fs::perms::owner_all);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(warned(r, "loop-a.jsonl: warning: cannot read: Too many levels of symbolic links"));
    CHECK(warned(r, "loop-b.jsonl: warning: cannot read: Too many levels of symbolic links"));
    CHECK(warned(r, "dangling.jsonl: warning: cannot read: broken symbolic link; skipped"));
    CHECK(warned(r, "fifo.jsonl: warning: not a regular file; skipped"));
    if (root_reads) {
        WARN("running as root: the mode 000 file is readable, so it is indexed");
        CHECK(searchable(tmp, "locked"));
    } else {
        CHECK(warned(r, "locked.jsonl: warning: cannot open: Permission denied"));
    }
    CHECK(searchable(tmp, "good-1"));
    CHECK(searchable(tmp, "good-2"));
    // A loop given on the command line is reported the same way.
    auto direct = add(tmp, sh(in + "/loop-a.jsonl") + " " + sh(in + "/good.jsonl"));
    CHECK(direct.exit_code == 1);
    CHECK(warned(direct, "loop-a.jsonl: warning: cannot read: Too many levels of symbolic links"));
}

TEST_CASE("broken: a file that vanishes between listing and reading", "[broken][cli]") {
    TempDir tmp;
    std::string in = tmp / "in";
    fs::create_directories(in);
    write_good(in);
    write_file(in + "/z-vanishes.jsonl", "{\"id\": \"gone\", \"title\": \"Gone\"}\n");
    // The FIFO is read first; its writer deletes the listed file before ending the FIFO, so the
    // indexer reaches z-vanishes.jsonl only after it is gone.
    std::string fifo = tmp / "first.jsonl";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::string writer = "(timeout 60 sh -c 'exec 3>\"$1\"; rm \"$2\"; echo \"$3\" >&3' sh " +
                         sh(fifo) + " " + sh(in + "/z-vanishes.jsonl") + " " +
                         sh("{\"id\": \"fifo-1\", \"title\": \"Via FIFO\", \"body\": \"x\"}") +
                         " &) && ";
    auto r = run(writer + add_command(tmp, sh(fifo) + " " + sh(in)));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(warned(r, "z-vanishes.jsonl: warning: cannot open: No such file or directory"));
    for (std::string id : {"fifo-1", "good-1", "good-2"}) {
        INFO(id);
        CHECK(searchable(tmp, id));
    }

    // Reader level: listed, then deleted, then read.
    TempDir tmp2;
    write_good(tmp2.path());
    write_file(tmp2 / "vanish.jsonl", "{\"title\": \"x\"}\n");
    std::vector<Diagnostic> warnings;
    DiagnosticSink warn = [&](const Diagnostic& d) { warnings.push_back(d); };
    auto files = list_inputs({tmp2.path()}, warn);
    REQUIRE(files.size() == 2);
    fs::remove(tmp2 / "vanish.jsonl");
    uint64_t articles = 0, skipped = 0;
    for (const auto& f : files) {
        auto s = read_input(
            f, {}, [](Article&&) {}, warn);
        articles += s.articles;
        skipped += s.skipped;
    }
    CHECK(articles == 2);
    CHECK(skipped == 1);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].path == tmp2 / "vanish.jsonl");
}

TEST_CASE("broken: dates in year 0 and year 99999", "[broken][cli]") {
    TempDir tmp;
    fs::create_directories(tmp / "in");
    for (std::string name : {"year-extremes.jsonl", "year-0.txt", "year-99999.txt"})
        fs::copy_file(kBroken + "/" + name, tmp / ("in/" + name));
    write_good(tmp / "in");
    auto r = add(tmp, sh(tmp / "in"));
    INFO(r.err);
    // The articles go in without a date; the exit code says something was changed.
    CHECK(r.exit_code == 1);
    CHECK(warned(r, "year-extremes.jsonl:1: warning: unparseable date \"0000-01-01\""));
    CHECK(warned(r, "year-extremes.jsonl:2: warning: unparseable date \"99999-12-31T00:00:00Z\""));
    for (std::string id : {"json-year-0", "json-year-99999", "year-0", "year-99999", "good-1"}) {
        INFO(id);
        CHECK(searchable(tmp, id));
    }
    // A scrape's "dateline" with an impossible year is no dateline: it stays body text.
    CHECK(warned(r,
                 "year-0.txt:3: warning: dateline \"January 1, 0000\" has a year outside "
                 "1800-2100; indexed without a date"));
    CHECK(warned(r, "year-99999.txt:3: warning: dateline \"December 31, 99999\""));
    CHECK(run(kSearch + " --db " + sh(tmp / "db") + " 99999 mill").exit_code == 0);
    CHECK(impossible_dateline("December 31, 99999"));
    CHECK(impossible_dateline("Published 0000-01-01T10:00:00Z"));
    CHECK(impossible_dateline("1/2/0000"));
    CHECK_FALSE(impossible_dateline("March 27, 2024"));
    CHECK_FALSE(impossible_dateline("February 30, 2024"));  // wrong, but not about the year
    CHECK_FALSE(impossible_dateline("In 99999 years the sun will be older"));
    auto articles = read_articles({tmp / "in/year-99999.txt", tmp / "in/year-0.txt"});
    REQUIRE(articles.size() == 2);
    CHECK_FALSE(articles[0].date);
    CHECK_FALSE(articles[1].date);
}

TEST_CASE("broken: a million-word article is indexed in bounded time", "[broken][cli]") {
    TempDir tmp;
    fs::create_directories(tmp / "in");
    write_good(tmp / "in");
    {
        const char* words[] = {"harbour", "tide", "ferry",  "quay",
                               "gull",    "sail", "anchor", "pier"};
        std::ofstream text(tmp / "in/million.txt", std::ios::binary);
        text << "A million words\n\n";
        for (int i = 0; i < 1000000; ++i) text << words[i % 8] << (i % 15 == 14 ? ".\n" : " ");
        text << "lighthousekeeper\n";
    }
    auto t0 = std::chrono::steady_clock::now();
    auto r = add(tmp, sh(tmp / "in"));
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(took.count() < 110);
    CHECK(searchable(tmp, "million"));
    CHECK(run(kSearch + " --db " + sh(tmp / "db") + " lighthousekeeper").exit_code == 0);
    CHECK(searchable(tmp, "good-2"));
}

TEST_CASE("broken: the whole catalogue in one run", "[broken][cli]") {
    TempDir tmp;
    auto r = add(tmp, sh(kBroken));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    // Every file of the catalogue is broken in a way worth a warning.
    for (const auto& entry : fs::directory_iterator(kBroken)) {
        std::string name = entry.path().filename().string();
        if (name == "README.md") continue;
        INFO(name);
        CHECK(warned(r, "/" + name + ":"));
    }
    CHECK(run(kIndex + " check --db " + sh(tmp / "db")).exit_code == 0);
    for (std::string id : {"ok-1", "u8-1", "ou-2", "nul-esc", "dup-1", "wt-arr", "year-0",
                           "year-99999", "overlong-utf8"}) {
        INFO(id);
        CHECK(searchable(tmp, id));
    }
}
