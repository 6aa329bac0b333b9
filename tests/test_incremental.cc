// Keeping an index current: re-running `add` reads only changed files, changed files replace
// their articles, --delete-missing and `delete --query` remove, `watch` indexes new files.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "test_util.h"

using namespace kronika::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

void write_file(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string article(const std::string& id, const std::string& words) {
    return json({{"id", id},
                 {"title", "Report " + id},
                 {"body", "The council met on Tuesday. " + words + " The meeting ended late."},
                 {"date", "2024-05-0" + std::to_string(1 + id.size() % 9)}})
        .dump();
}

// The ids of every article in the database.
std::set<std::string> ids_in(const std::string& db) {
    RunResult r = run(kSearch + " --db " + sh(db) + " --format json --limit 100 ''");
    REQUIRE(r.exit_code == 0);
    std::set<std::string> out;
    json j = json::parse(r.out);  // kept: a range-for over a temporary's member dangles
    for (const auto& h : j["results"]) out.insert(h["id"].get<std::string>());
    return out;
}

RunResult add(const std::string& db, const std::string& args) {
    return run(kIndex + " add --no-progress --jobs 1 --db " + sh(db) + " " + args);
}

// Moves a file's modification time so a re-read is not skipped for being within the same
// timestamp tick as the first write (coarse file-system clocks).
void touch_later(const std::string& path, int seconds) {
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(seconds));
}

}  // namespace

TEST_CASE("re-adding an unchanged archive reads no file", "[incremental][cli]") {
    TempDir tmp;
    std::string dir = tmp / "archive", db = tmp / "db";
    for (int i = 0; i < 20; ++i)
        write_file(dir + "/day" + std::to_string(i % 4) + "/a" + std::to_string(i) + ".json",
                   article("a" + std::to_string(i), "Budget item " + std::to_string(i) + "."));
    write_file(dir + "/wire.jsonl",
               article("w1", "Wire one.") + "\n" + article("w2", "Wire two.") + "\n");
    RunResult first = add(db, sh(dir));
    REQUIRE(first.exit_code == 0);
    CHECK(first.err.find("22 articles") != std::string::npos);
    CHECK(ids_in(db).size() == 22);
    RunResult stats = run(kIndex + " stats --json --db " + sh(db));
    REQUIRE(stats.exit_code == 0);
    CHECK(json::parse(stats.out)["files_recorded"] == 21);

    RunResult again = add(db, sh(dir));
    REQUIRE(again.exit_code == 0);
    CHECK(again.err.find("0 articles") != std::string::npos);
    CHECK(again.err.find("21 unchanged files not read") != std::string::npos);

    SECTION("a touched file with the same bytes is not read either") {
        touch_later(dir + "/wire.jsonl", 5);
        RunResult r = add(db, sh(dir));
        CHECK(r.err.find("0 articles") != std::string::npos);
        CHECK(r.err.find("21 unchanged files not read") != std::string::npos);
        // ...and its record now has the new time: the next run does not even hash it.
        CHECK(add(db, sh(dir)).err.find("21 unchanged files not read") != std::string::npos);
    }
    SECTION("a file with problems is warned about once; mended, it is read again") {
        write_file(dir + "/bad.jsonl", article("b1", "Good line.") + "\n{not json\n");
        RunResult bad = add(db, sh(dir));
        CHECK(bad.exit_code == 1);
        CHECK(bad.err.find("bad.jsonl:2: warning") != std::string::npos);
        RunResult quiet = add(db, sh(dir));
        CHECK(quiet.exit_code == 0);  // nothing was read, so nothing was skipped this time
        CHECK(quiet.err.find("22 unchanged files not read") != std::string::npos);
        write_file(dir + "/bad.jsonl",
                   article("b1", "Good line.") + "\n" + article("b2", "Mended line.") + "\n");
        RunResult mended = add(db, sh(dir));
        CHECK(mended.exit_code == 0);
        CHECK(mended.err.find("1 added, 0 replaced, 1 unchanged") != std::string::npos);
        CHECK(ids_in(db).count("b2"));
    }
    SECTION("--reread reads everything, and finds every article unchanged") {
        RunResult r = add(db, "--reread " + sh(dir));
        CHECK(r.err.find("22 articles") != std::string::npos);
        CHECK(r.err.find("22 unchanged") != std::string::npos);
    }
    SECTION("a grown archive: only the new file is read") {
        write_file(dir + "/day9/new.json", article("n1", "A new item."));
        RunResult r = add(db, sh(dir));
        CHECK(r.err.find("1 articles") != std::string::npos);
        CHECK(r.err.find("1 added") != std::string::npos);
        CHECK(r.err.find("21 unchanged files not read") != std::string::npos);
        CHECK(ids_in(db).count("n1"));
    }
}

TEST_CASE("a changed file replaces its articles and drops those it lost", "[incremental][cli]") {
    TempDir tmp;
    std::string dir = tmp / "archive", db = tmp / "db";
    write_file(dir + "/wire.jsonl", article("w1", "First text.") + "\n" +
                                        article("w2", "Second text.") + "\n" +
                                        article("w3", "Third text.") + "\n");
    write_file(dir + "/other.json", article("o1", "Other text."));
    REQUIRE(add(db, sh(dir)).exit_code == 0);
    REQUIRE(ids_in(db) == std::set<std::string>{"w1", "w2", "w3", "o1"});

    // w1 kept as is, w2 edited, w3 gone, w4 new.
    write_file(dir + "/wire.jsonl", article("w1", "First text.") + "\n" +
                                        article("w2", "Second text, corrected.") + "\n" +
                                        article("w4", "Fourth text.") + "\n");
    touch_later(dir + "/wire.jsonl", 5);
    RunResult r = add(db, sh(dir));
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("3 articles") != std::string::npos);
    CHECK(r.err.find("1 added, 1 replaced, 1 unchanged") != std::string::npos);
    CHECK(r.err.find("1 articles removed") != std::string::npos);
    CHECK(ids_in(db) == std::set<std::string>{"w1", "w2", "w4", "o1"});
    RunResult hit = run(kSearch + " --db " + sh(db) + " --format json corrected");
    CHECK(json::parse(hit.out)["total"] == 1);
    CHECK(run(kIndex + " check --db " + sh(db)).exit_code == 0);
}

TEST_CASE("add --delete-missing removes the articles of deleted files", "[incremental][cli]") {
    TempDir tmp;
    std::string dir = tmp / "archive", db = tmp / "db";
    write_file(dir + "/a.jsonl", article("a1", "Alpha.") + "\n" + article("a2", "Beta.") + "\n");
    write_file(dir + "/b.json", article("b1", "Gamma."));
    write_file(dir + "/c.json", article("c1", "Delta."));
    std::string shards = GENERATE(std::string("--shards 1"), std::string("--shards 3"));
    REQUIRE(add(db, shards + " " + sh(dir)).exit_code == 0);
    REQUIRE(ids_in(db).size() == 4);

    fs::remove(dir + "/a.jsonl");
    // c1 moves to another file: the article stays, under its new file.
    fs::remove(dir + "/c.json");
    write_file(dir + "/moved/c.json", article("c1", "Delta."));
    RunResult plain = add(db, sh(dir));
    CHECK(plain.exit_code == 0);
    CHECK(ids_in(db) == std::set<std::string>{"a1", "a2", "b1", "c1"});  // nothing removed

    RunResult r = add(db, "--delete-missing " + sh(dir));
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("2 articles removed (2 files gone)") != std::string::npos);
    CHECK(ids_in(db) == std::set<std::string>{"b1", "c1"});
    // Only files under the PATHs given count: an export read from elsewhere and deleted since
    // is not missing from the archive...
    write_file(tmp / "downloads/export.json", article("x1", "From a download."));
    REQUIRE(add(db, sh(tmp / "downloads/export.json")).exit_code == 0);
    fs::remove(tmp / "downloads/export.json");
    CHECK(add(db, "--delete-missing " + sh(dir)).exit_code == 0);
    CHECK(ids_in(db) == std::set<std::string>{"b1", "c1", "x1"});
    // ...but without PATH, every recorded file is: only the removal.
    fs::remove(dir + "/b.json");
    RunResult only = run(kIndex + " add --no-progress --delete-missing --db " + sh(db));
    CHECK(only.exit_code == 0);
    CHECK(ids_in(db) == std::set<std::string>{"c1"});
    CHECK(run(kIndex + " check --db " + sh(db)).exit_code == 0);
}

TEST_CASE("delete by id and by query", "[incremental][cli]") {
    TempDir tmp;
    std::string db = tmp / "db";
    std::string lines;
    for (int i = 0; i < 6; ++i)
        lines +=
            article("q" + std::to_string(i), i % 2 ? "Tram fares rise." : "Parks reopen.") + "\n";
    write_file(tmp / "in.jsonl", lines);
    REQUIRE(add(db, sh(tmp / "in.jsonl")).exit_code == 0);

    RunResult dry = run(kIndex + " delete --db " + sh(db) + " --query tram --dry-run");
    REQUIRE(dry.exit_code == 0);
    CHECK(dry.out == "q1\nq3\nq5\n");
    CHECK(ids_in(db).size() == 6);  // a dry run removes nothing

    RunResult q = run(kIndex + " delete --db " + sh(db) + " --query tram");
    REQUIRE(q.exit_code == 0);
    CHECK(q.err.find("deleted 3 of 3") != std::string::npos);
    CHECK(ids_in(db) == std::set<std::string>{"q0", "q2", "q4"});

    RunResult id = run(kIndex + " delete --db " + sh(db) + " q0 nosuch");
    CHECK(id.exit_code == 1);  // one id was not there
    CHECK(id.err.find("no article with id \"nosuch\"") != std::string::npos);
    CHECK(ids_in(db) == std::set<std::string>{"q2", "q4"});

    CHECK(run(kIndex + " delete --db " + sh(db) + " --query ' '").exit_code == 2);
    CHECK(run(kIndex + " delete --db " + sh(db) + " --query 'title:(' ").exit_code == 2);
    CHECK(ids_in(db).size() == 2);
}

TEST_CASE("watch indexes new files within seconds and removes deleted ones", "[incremental][cli]") {
    TempDir tmp;
    std::string dir = tmp / "inbox", db = tmp / "db", log = tmp / "watch.log";
    write_file(dir + "/old.json", article("old", "Already there."));
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        execl(kIndex.c_str(), kIndex.c_str(), "watch", "--db", db.c_str(), "--settle-ms", "100",
              dir.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    // Polls the database until `pred` holds or 15 s pass; returns how long it took.
    auto wait_for = [&](auto pred) {
        auto t0 = std::chrono::steady_clock::now();
        while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(15)) {
            if (fs::exists(db) && run(kIndex + " stats --db " + sh(db)).exit_code == 0 &&
                pred(ids_in(db)))
                return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return 99.0;
    };
    CHECK(wait_for([](const std::set<std::string>& ids) { return ids.count("old"); }) < 15);

    // Written elsewhere and moved in, as a crawler or rsync does; and written in place.
    write_file(tmp / "staging.json", article("moved", "Moved in."));
    fs::rename(tmp / "staging.json", dir + "/moved.json");
    write_file(dir + "/2024/05/direct.json", article("direct", "Written in a new folder."));
    double took = wait_for(
        [](const std::set<std::string>& ids) { return ids.count("moved") && ids.count("direct"); });
    CHECK(took < 5);

    fs::remove(dir + "/old.json");
    CHECK(wait_for([](const std::set<std::string>& ids) { return !ids.count("old"); }) < 5);

    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(ids_in(db) == std::set<std::string>{"moved", "direct"});
    CHECK(run(kIndex + " check --db " + sh(db)).exit_code == 0);
}
