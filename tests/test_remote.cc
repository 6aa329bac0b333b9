// Scale-out with Xapian's own tools: shards served by xapian-tcpsrv and opened through a stub
// file, and shards replicated with xapian-replicate-server / xapian-replicate. Each test starts
// its servers on free loopback ports and stops them by pid.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_daemon.h"
#include "test_util.h"

using namespace kronika::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The parts of a search answer that must not depend on where the shards live.
struct Answer {
    json total, facets;
    std::set<std::pair<std::string, std::string>> hits;  // (id, score to 6 digits)
    bool operator==(const Answer& o) const {
        return total == o.total && facets == o.facets && hits == o.hits;
    }
};

Answer search(const std::string& db, const std::string& args) {
    auto r = run(kSearch + " --db " + sh(db) + " " + args +
                 " --facets people,attribution,kind,source,date --exact --limit 100 "
                 "--format json");
    INFO(r.err);
    REQUIRE(r.exit_code <= 1);
    json j = json::parse(r.out);
    Answer a{j["total"], j["facets"], {}};
    for (auto& h : j["results"]) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6f", h["score"].get<double>());
        a.hits.emplace(h["id"].get<std::string>(), buf);
    }
    return a;
}

const char* kQueries[] = {"'\"Crocus City Hall\"'",
                          "flood OR barrier",
                          "council",
                          "--person Putin",
                          "--attribution Bloomberg --kind source",
                          "''"};

}  // namespace

TEST_CASE("three shards served by xapian-tcpsrv answer like the local index", "[remote][e2e]") {
    TempDir tmp;
    std::string local = tmp / "local";
    auto add = run(kIndex + " add --no-progress --jobs 2 --shards 3 --db " + sh(local) + " " +
                   sh(kCorpus));
    INFO(add.err);
    REQUIRE(add.exit_code == 0);

    std::vector<std::unique_ptr<Daemon>> servers;
    std::string stub;
    for (int i = 0; i < 3; ++i) {
        int port = free_port();
        std::string shard = local + "/shard-00" + std::to_string(i);
        servers.push_back(std::make_unique<Daemon>(
            std::vector<std::string>{"xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
                                     "--port", std::to_string(port), shard},
            port));
        REQUIRE(servers.back()->ready());
        stub += "remote 127.0.0.1:" + std::to_string(port) + "\n";
    }
    // The searcher opens remote shards through a stub file, exactly like local ones.
    std::string remote = tmp / "remote.stub";
    std::ofstream(remote) << stub;
    for (const char* q : kQueries) {
        INFO("query " << q);
        CHECK(search(remote, q) == search(local, q));
    }
    // Quotes run with Xapian's own sort key, so they work remotely; timelines need our match
    // spy and say so.
    auto q = [&](const std::string& db) {
        return json::parse(
            run(kSearch + " quotes --db " + sh(db) + " --by Kovacs --format json").out);
    };
    CHECK(q(remote)["quotes"] == q(local)["quotes"]);
    auto t = run(kSearch + " timeline --db " + sh(remote));
    CHECK(t.exit_code == 2);
    CHECK(t.err.find("xapian-tcpsrv") != std::string::npos);
    // The indexer refuses to write through remote shards.
    auto w = run(kIndex + " add --no-progress --db " + sh(remote) + " " + sh(kCorpus));
    CHECK(w.exit_code == 2);
    CHECK(w.err.find("remote shards") != std::string::npos);
}

TEST_CASE("shards replicated with xapian-replicate follow their master", "[remote][e2e]") {
    TempDir tmp;
    std::string master_dir = tmp / "master", master = master_dir + "/archive";
    std::string replica = tmp / "replica";
    // Changesets let replicas catch up incrementally (without them every pull is a full copy).
    const std::string env = "XAPIAN_MAX_CHANGESETS=10 ";
    REQUIRE(run(env + kIndex + " add --no-progress --jobs 2 --shards 2 --db " + sh(master) + " " +
                sh(kCorpus + "/scrapes"))
                .exit_code == 0);

    int port = free_port();
    Daemon server(
        {"xapian-replicate-server", "-I", "127.0.0.1", "-p", std::to_string(port), master_dir},
        port);
    REQUIRE(server.ready());
    auto pull = [&] {
        fs::create_directories(replica);
        for (const char* shard : {"shard-000", "shard-001"}) {
            // -r 0: apply several changesets at once (an add run commits its batches, then the
            // story grouping; xapian-replicate otherwise waits 30 s between them for readers).
            auto r =
                run("xapian-replicate -q -o -r 0 -h 127.0.0.1 -p " + std::to_string(port) + " -m " +
                    sh(std::string("archive/") + shard) + " " + sh(replica + "/" + shard));
            INFO(r.err);
            REQUIRE(r.exit_code == 0);
        }
        fs::copy_file(master + "/XAPIANDB", replica + "/XAPIANDB",
                      fs::copy_options::overwrite_existing);
    };
    pull();
    for (const char* q : kQueries) {
        INFO("first pull, query " << q);
        CHECK(search(replica, q) == search(master, q));
    }

    // The master grows; the next pull brings the replica level again.
    REQUIRE(run(env + kIndex + " add --no-progress --db " + sh(master) + " " +
                sh(kCorpus + "/wire.jsonl"))
                .exit_code == 0);
    Answer grown = search(master, "''");
    CHECK(search(replica, "''").total < grown.total);
    pull();
    CHECK(search(replica, "''") == grown);
    for (const char* q : kQueries) {
        INFO("second pull, query " << q);
        CHECK(search(replica, q) == search(master, q));
    }
}
