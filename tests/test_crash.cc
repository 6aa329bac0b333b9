// Crash safety of the indexer: killed with SIGKILL at random moments (while adding, while
// grouping stories, while compacting or merging shards), the database still opens, passes
// `kronika-index check`, holds no article twice, and the same command run again ends with the
// same articles and the same search results as a build that was never interrupted. Also: SIGTERM
// stops cleanly, and a second writer is told who holds the lock.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util.h"

using namespace kronika::testing;
using nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// A process started with /bin/sh -c "exec COMMAND", output to files; killed or waited for.
class Child {
  public:
    explicit Child(const std::string& command) {
        pid_ = fork();
        if (pid_ == 0) {
            execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
    }
    ~Child() {
        if (pid_ > 0 && !done_) {
            kill(pid_, SIGKILL);
            wait();
        }
    }
    // Sends `sig`; false when the process had already ended.
    bool signal(int sig) { return !done_ && kill(pid_, sig) == 0; }
    // Waits for the end; the exit code, or -signal when killed by one.
    int wait() {
        if (!done_) {
            waitpid(pid_, &status_, 0);
            done_ = true;
        }
        return WIFEXITED(status_) ? WEXITSTATUS(status_) : -WTERMSIG(status_);
    }
    bool finished() {
        if (!done_ && waitpid(pid_, &status_, WNOHANG) == pid_) done_ = true;
        return done_;
    }

  private:
    pid_t pid_ = -1;
    int status_ = 0;
    bool done_ = false;
};

// Articles with varied words, people, sources and dates; every 40th a near-copy of the one
// before (another outlet's copy), so stories form.
void write_articles(const std::string& path, int n) {
    std::mt19937 rng(7);
    const char* syll[] = {"ka", "lo",  "mer", "tan", "vi",  "sol", "dra", "pen", "qu",  "ris",
                          "ba", "nor", "tel", "gu",  "fen", "ost", "lim", "ar",  "dek", "zu"};
    std::vector<std::string> vocab;
    for (int i = 0; i < 600; ++i) {
        std::string w;
        int len = 2 + static_cast<int>(rng() % 3);
        for (int k = 0; k < len; ++k) w += syll[rng() % 20];
        vocab.push_back(w);
    }
    const char* people[] = {"Anna Berg",   "Tomas Lind",     "Maria Okafor",
                            "Pavel Novak", "Lucia Ferreira", "Jonas Weber"};
    const char* sources[] = {"The Gazette", "Daily Ledger", "Harbour Times", "Valley Post"};
    std::ofstream out(path);
    std::string previous;
    for (int i = 0; i < n; ++i) {
        std::string body;
        if (i % 40 == 39) {
            body = previous + " Updated.";
        } else {
            const char* p = people[rng() % 6];
            body = std::string(p) + " said the harbour council met on Monday.";
            for (int s = 0; s < 8; ++s) {
                body += ' ';
                for (int w = 0; w < 12; ++w) body += vocab[rng() % vocab.size()] + " ";
                body += "harbour.";
            }
            body += " \"We will rebuild,\" said " + std::string(people[rng() % 6]) + ".";
        }
        previous = body;
        char date[16];
        std::snprintf(date, sizeof date, "20%02d-%02d-%02d", 18 + i % 6, 1 + i % 12, 1 + i % 28);
        out << json({{"id", "c" + std::to_string(i)},
                     {"title", "Council report " + std::to_string(i)},
                     {"source", sources[i % 4]},
                     {"date", date},
                     {"body", body}})
                   .dump()
            << "\n";
    }
}

// What a build answers: searches by date (deterministic order) with facets and counts, one of
// them one result per story. Provenance (path, uuid, revisions) differs between builds.
std::string answers(const std::string& db) {
    std::string all;
    for (const char* args :
         {"harbour --sort oldest --limit 60 --facets people,source,attribution --exact",
          "'\"harbour council\"' --sort newest --limit 30 --exact --facets date",
          "rebuild --person 'Anna Berg' --sort oldest --limit 100 --exact",
          "harbour --collapse --sort oldest --limit 100 --exact"}) {
        auto r = run(kSearch + " --db " + sh(db) + " --format json " + args);
        INFO(args << ": " << r.err);
        REQUIRE(r.exit_code <= 1);
        json j = json::parse(r.out);
        j.erase("provenance");
        all += j.dump() + "\n";
    }
    return all;
}

// `kronika-index check` passes (it also finds an article held twice); the article count.
long checked_count(const std::string& db) {
    auto r = run(kIndex + " check --db " + sh(db));
    std::string said = r.out + r.err;
    INFO("check: " << said);
    REQUIRE(r.exit_code == 0);
    auto at = said.find("check passed: ");
    REQUIRE(at != std::string::npos);
    return std::stol(said.substr(at + 14));
}

}  // namespace

TEST_CASE("crash safety: SIGKILL at 20 random moments, then the same command finishes the job",
          "[crash]") {
    TempDir tmp;
    const int n = 2000;
    std::string input = tmp / "articles.jsonl";
    write_articles(input, n);
    auto command = [&](const std::string& db, int jobs) {
        return kIndex + " add --no-progress --batch 100 --jobs " + std::to_string(jobs) + " --db " +
               sh(db) + " " + sh(input);
    };
    std::string reference[3];
    double seconds[3] = {0, 0, 0};
    for (int jobs : {1, 2}) {
        std::string db = tmp / ("ref" + std::to_string(jobs));
        auto t0 = Clock::now();
        REQUIRE(run(command(db, jobs)).exit_code == 0);
        seconds[jobs] = std::chrono::duration<double>(Clock::now() - t0).count();
        REQUIRE(checked_count(db) == n);
        reference[jobs] = answers(db);
    }
    // One shard or two, the same answers.
    CHECK(reference[1] == reference[2]);

    std::mt19937 rng(20261125);
    for (int round = 0; round < 20; ++round) {
        int jobs = 1 + round % 2;
        std::string db = tmp / ("db" + std::to_string(round));
        // Anywhere from before the database exists to the story grouping at the end.
        auto delay = std::chrono::duration<double>(
            std::uniform_real_distribution<double>(0.0, 1.1 * seconds[jobs])(rng));
        INFO("round " << round << ": --jobs " << jobs << ", SIGKILL after " << delay.count()
                      << " s of " << seconds[jobs] << " s");
        {
            Child indexer(command(db, jobs) + " 2>/dev/null");
            std::this_thread::sleep_for(delay);
            indexer.signal(SIGKILL);
            indexer.wait();
        }
        if (fs::exists(fs::path(db) / "XAPIANDB") || fs::exists(fs::path(db) / "iamglass")) {
            long count = checked_count(db);
            CHECK(count >= 0);
            CHECK(count <= n);
        }
        auto again = run(command(db, jobs));
        INFO(again.err);
        REQUIRE(again.exit_code == 0);
        CHECK(checked_count(db) == n);
        CHECK(answers(db) == reference[jobs]);
    }
}

TEST_CASE("crash safety: SIGKILL while compacting or merging shards loses nothing", "[crash]") {
    TempDir tmp;
    const int n = 2000;
    std::string input = tmp / "articles.jsonl";
    write_articles(input, n);
    std::string db = tmp / "db";
    REQUIRE(run(kIndex + " add --no-progress --jobs 2 --shards 3 --db " + sh(db) + " " + sh(input))
                .exit_code == 0);
    std::string reference = answers(db);
    std::mt19937 rng(11);
    for (const char* how : {"", " --merge"}) {
        std::string compact = kIndex + " compact --db " + sh(db) + how;
        // How long it takes (on a copy, which is then thrown away).
        std::string probe = tmp / "probe";
        fs::copy(db, probe, fs::copy_options::recursive);
        auto t0 = Clock::now();
        REQUIRE(run(kIndex + " compact --db " + sh(probe) + how).exit_code == 0);
        double took = std::chrono::duration<double>(Clock::now() - t0).count();
        fs::remove_all(probe);
        for (int round = 0; round < 4; ++round) {
            auto delay = std::chrono::duration<double>(
                std::uniform_real_distribution<double>(0.0, 1.2 * took)(rng));
            INFO("compact" << how << ", SIGKILL after " << delay.count() << " s of " << took);
            {
                Child c(compact + " 2>/dev/null");
                std::this_thread::sleep_for(delay);
                c.signal(SIGKILL);
                c.wait();
            }
            CHECK(checked_count(db) == n);
            CHECK(answers(db) == reference);
            // Adding again after the kill: nothing new, the leftovers cleared.
            REQUIRE(run(kIndex + " add --no-progress --db " + sh(db) + " " + sh(input)).exit_code ==
                    0);
            CHECK(checked_count(db) == n);
        }
        REQUIRE(run(compact).exit_code == 0);
        CHECK(checked_count(db) == n);
        CHECK(answers(db) == reference);
    }
    // No leftovers of the killed runs remain beside the shards.
    for (const auto& e : fs::directory_iterator(db)) {
        std::string name = e.path().filename().string();
        INFO(name);
        CHECK(name.find(".old") == std::string::npos);
        CHECK(name.find("tmp") == std::string::npos);
    }
}

TEST_CASE("SIGTERM stops the indexer after committing; a second writer is told who holds the lock",
          "[crash]") {
    TempDir tmp;
    const int n = 20000;
    std::string input = tmp / "articles.jsonl";
    write_articles(input, n);
    std::string db = tmp / "db";
    std::string log = tmp / "first.log";
    Child first(kIndex + " add --no-progress --jobs 1 --batch 200 --db " + sh(db) + " " +
                sh(input) + " 2>" + sh(log));
    // Wait for the database to exist, then try a second writer.
    for (int i = 0; i < 200 && !fs::exists(fs::path(db) / "iamglass"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    REQUIRE_FALSE(first.finished());
    auto second = run(kIndex + " add --no-progress --db " + sh(db) + " " + sh(input));
    CHECK(second.exit_code == 2);
    CHECK(second.err.find("locked by pid ") != std::string::npos);
    REQUIRE(first.signal(SIGTERM));
    int code = first.wait();
    std::ifstream in(log);
    std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(err);
    CHECK(code == 2);
    CHECK(err.find("interrupted") != std::string::npos);
    CHECK(err.find("run the same command again") != std::string::npos);
    long count = checked_count(db);
    CHECK(count > 0);
    CHECK(count < n);
    // Resumed: the rest goes in, nothing twice.
    REQUIRE(
        run(kIndex + " add --no-progress --jobs 1 --db " + sh(db) + " " + sh(input)).exit_code ==
        0);
    CHECK(checked_count(db) == n);
}

TEST_CASE("a full disk or an unwritable folder: a clear error, the database intact", "[crash]") {
    // tests/fault/fault_inject.cc, preloaded: writes under the database fail as they would on a
    // full disk or in a read-only folder (no root, tmpfs or loop device needed).
    TempDir tmp;
    std::string first = tmp / "first.jsonl", all = tmp / "all.jsonl";
    write_articles(first, 300);
    write_articles(all, 2000);
    std::string db = tmp / "db";
    REQUIRE(run(kIndex + " add --no-progress --db " + sh(db) + " " + sh(first)).exit_code == 0);
    std::string before = answers(db);
    auto faulty = [&](const std::string& env, const std::string& args) {
        return run("env ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD=" + sh(kFaultLib) +
                   " KRONIKA_FAULT_DIR=" + sh(db) + " " + env + " " + kIndex + " " + args);
    };
    SECTION("disk full while adding") {
        auto r = faulty("KRONIKA_FAULT_ENOSPC_AFTER=300000",
                        "add --no-progress --batch 100 --db " + sh(db) + " " + sh(all));
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("No space left on device") != std::string::npos);
        CHECK(r.err.find(db) != std::string::npos);
        long count = checked_count(db);
        CHECK(count >= 300);
        CHECK(count < 2000);
        // Space again: the same command finishes the job.
        REQUIRE(run(kIndex + " add --no-progress --db " + sh(db) + " " + sh(all)).exit_code == 0);
        CHECK(checked_count(db) == 2000);
    }
    SECTION("disk full while compacting") {
        auto r = faulty("KRONIKA_FAULT_ENOSPC_AFTER=100000", "compact --db " + sh(db));
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("No space left on device") != std::string::npos);
        CHECK(checked_count(db) == 300);
        CHECK(answers(db) == before);
    }
    SECTION("an unwritable database folder") {
        auto r =
            faulty("KRONIKA_FAULT_EACCES=1", "add --no-progress --db " + sh(db) + " " + sh(all));
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("ermission denied") != std::string::npos);
        CHECK(r.err.find(db) != std::string::npos);
        CHECK(checked_count(db) == 300);
        CHECK(answers(db) == before);
    }
    SECTION("a new database in an unwritable folder") {
        std::string fresh = db + "/new";
        auto r = faulty("KRONIKA_FAULT_EACCES=1",
                        "add --no-progress --db " + sh(fresh) + " " + sh(first));
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("ermission denied") != std::string::npos);
        CHECK(r.err.find(fresh) != std::string::npos);
        CHECK_FALSE(fs::exists(fresh));
    }
}
