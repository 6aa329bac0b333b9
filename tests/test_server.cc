// The HTTP API of `kronika-search serve`, end to end: a server on a free loopback port over a
// test index, every endpoint against the CLI's JSON, errors and limits, live reopening while an
// indexer adds articles, concurrency, shutdown. Servers are stopped by pid.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "../searcher/response_cache.h"
#include "test_daemon.h"
#include "test_util.h"

using namespace kronika::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Every byte but letters, digits and -._~ as %XX.
std::string percent_encoded(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

// (cpp-httplib's client percent-encodes a "+" in a path: spaces are written %20 below.)
// A database of the demo corpus and a server over it.
struct Fixture {
    TempDir tmp;
    std::string db = tmp / "db", log = tmp / "server.log";
    int port = free_port();
    std::unique_ptr<Daemon> server;

    explicit Fixture(std::vector<std::string> extra = {}) {
        REQUIRE(run(kIndex + " add --no-progress --db " + sh(db) + " " + sh(kCorpus)).exit_code ==
                0);
        std::vector<std::string> argv = {kSearch, "serve",    "--db",
                                         db,      "--listen", "127.0.0.1:" + std::to_string(port)};
        argv.insert(argv.end(), extra.begin(), extra.end());
        server = std::make_unique<Daemon>(argv, port, log);
        REQUIRE(server->ready());
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(10, 0);
        return c;
    }
    // GET path; the status and the parsed JSON body.
    std::pair<int, json> get(const std::string& path) const {
        auto c = client();
        auto res = c.Get(path.c_str());
        REQUIRE(res);
        json j = json::parse(res->body, nullptr, false);
        INFO(path << " -> " << res->status << " " << res->body.substr(0, 300));
        REQUIRE(!j.is_discarded());
        return {res->status, j};
    }
    json cli(const std::string& args) const {
        auto r = run(kSearch + " " + args + " --db " + sh(db) + " --format json");
        INFO(args << ": " << r.err);
        REQUIRE(r.exit_code <= 1);
        return json::parse(r.out);
    }
};

}  // namespace

TEST_CASE("serve: every endpoint answers what the CLI prints", "[server]") {
    Fixture f;
    // Search, facets, timeline, quotes: the same JSON as --format json (provenance included).
    CHECK(f.get("/api/v1/search?q=flood&facets=people,attribution&exact=1&limit=5").second ==
          f.cli("flood --facets people,attribution --exact --limit 5"));
    CHECK(f.get("/api/v1/search?q=%22climate%20adaptation%22&person=Elena%20Kovacs&sort=newest")
              .second == f.cli("'\"climate adaptation\"' --person 'Elena Kovacs' --sort newest"));
    CHECK(f.get("/api/v1/facets?q=harbour&facet=people,source&top=5").second ==
          f.cli("facets harbour --facet people,source --top 5"));
    CHECK(f.get("/api/v1/facets?facet=people&with=Elena%20Kovacs").second ==
          f.cli("facets --facet people --with 'Elena Kovacs'"));
    CHECK(f.get("/api/v1/timeline?q=flood&by=month&normalize=1&split=people&top=3").second ==
          f.cli("timeline flood --by month --normalize --split people --top 3"));
    CHECK(f.get("/api/v1/quotes?by=Kovacs&limit=5").second ==
          f.cli("quotes --by Kovacs --limit 5"));

    // Cursor paging through the API.
    auto [s1, page1] = f.get("/api/v1/search?q=harbour&sort=oldest&limit=3");
    REQUIRE(s1 == 200);
    REQUIRE(page1.contains("next_cursor"));
    auto [s2, page2] = f.get("/api/v1/search?q=harbour&sort=oldest&limit=3&after=" +
                             page1["next_cursor"].get<std::string>());
    CHECK(s2 == 200);
    CHECK(page2["results"][0]["rank"] == 1);
    CHECK(page2["results"][0]["id"] != page1["results"][2]["id"]);

    // One article, also with an id that is a URL (slashes and colons, percent-encoded).
    auto [sa, a] = f.get("/api/v1/articles/kw-2023-0001");
    CHECK(sa == 200);
    CHECK(a["article"]["id"] == "kw-2023-0001");
    CHECK(a["article"]["body"].get<std::string>().find("climate adaptation fund") !=
          std::string::npos);
    std::string url_id = f.cli("'\"Residents question cost\"'")["results"][0]["id"];
    auto [su, u] = f.get("/api/v1/articles/" + percent_encoded(url_id));
    CHECK(su == 200);
    CHECK(u["article"]["id"] == url_id);

    auto [sh_, health] = f.get("/api/v1/health");
    CHECK(sh_ == 200);
    CHECK(health["status"] == "ok");
    CHECK(health["documents"] == f.cli("--limit 0 --exact")["total"]);

    // The OpenAPI document names every endpoint.
    auto [so, api] = f.get("/api/v1/openapi.json");
    CHECK(so == 200);
    for (const char* p : {"/api/v1/search", "/api/v1/facets", "/api/v1/timeline", "/api/v1/quotes",
                          "/api/v1/articles/{id}", "/api/v1/health", "/api/v1/metrics"})
        CHECK(api["paths"].contains(p));

    // The page and its files.
    auto c = f.client();
    auto page = c.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(page->get_header_value("Content-Security-Policy").find("default-src 'self'") !=
          std::string::npos);

    // Counters, and one log line per request; SIGTERM stops the server cleanly.
    auto metrics = c.Get("/api/v1/metrics");
    REQUIRE(metrics);
    CHECK(metrics->body.find("kronika_http_requests_total{endpoint=\"/api/v1/search\","
                             "status=\"200\"} 4\n") != std::string::npos);
    CHECK(metrics->body.find("kronika_http_request_duration_seconds_count") != std::string::npos);
    CHECK(f.server->stop() == 0);
    std::string log = read_file(f.log);
    CHECK(log.find("GET /api/v1/health 200 ") != std::string::npos);
    CHECK(log.find("GET /api/v1/articles/kw-2023-0001 200 ") != std::string::npos);
}

TEST_CASE("serve: bad requests get a 4xx with a JSON error, never a crash", "[server]") {
    Fixture f;
    auto expect = [&](const std::string& path, int status, const std::string& words) {
        auto [s, j] = f.get(path);
        INFO(path);
        CHECK(s == status);
        REQUIRE(j.contains("error"));
        CHECK(j["error"]["status"] == status);
        CHECK(j["error"]["message"].get<std::string>().find(words) != std::string::npos);
    };
    expect("/api/v1/search?q=(flood", 400, "bad query");
    expect("/api/v1/search?q=date:2024-13", 400, "bad query");
    expect("/api/v1/search?q=flood&limit=101", 400, "limit is at most 100");
    expect("/api/v1/search?q=flood&limit=ten", 400, "limit must be a whole number");
    expect("/api/v1/search?q=flood&offset=20000", 400, "offset is at most 10000");
    expect("/api/v1/search?q=flood&sort=sideways", 400, "sort must be");
    expect("/api/v1/search?q=flood&facets=people,people,people,people,people,people", 400,
           "at most 5 facets");
    expect("/api/v1/search?q=flood&facets=weather", 400, "unknown facet");
    expect("/api/v1/search?q=flood&exact=maybe", 400, "exact must be 1 or 0");
    expect("/api/v1/search?qq=flood", 400, "unknown parameter \"qq\"");
    expect("/api/v1/search?q=" + std::string(2000, 'a'), 400, "longer than 1024 bytes");
    std::string many = "/api/v1/search?q=x";
    for (int i = 0; i < 70; ++i) many += "&person=p" + std::to_string(i);
    expect(many, 400, "more than 64 parameters");
    expect("/api/v1/search?q=flood&sort=relevance&after=00-0123", 400, "needs --sort");
    expect("/api/v1/search?q=flood&sort=oldest&after=zz", 400, "bad cursor");
    expect("/api/v1/timeline?by=fortnight", 400, "--by must be");
    expect("/api/v1/timeline?tz=Mars/Olympus", 400, "unknown time zone");
    expect("/api/v1/timeline?by=day&from=1900-01-01&to=2100-12-31", 400, "buckets");
    expect("/api/v1/quotes?kind=gossip", 400, "unknown kind");
    expect("/api/v1/articles/no-such-article", 404, "no article");
    expect("/api/v1/nothing", 404, "no endpoint");
    expect("/nothing.html", 404, "no page");
    // Still serving.
    CHECK(f.get("/api/v1/health").first == 200);
    // The database vanishes under the server: answers from the open handles or a 503, never
    // a crash; the server goes on answering what needs no database.
    fs::remove_all(f.db);
    for (const char* path : {"/api/v1/search?q=harbour&exact=1", "/api/v1/health"}) {
        auto [s, j] = f.get(path);
        INFO(path << " " << j.dump());
        CHECK((s == 200 || s == 503));
        if (s == 503)
            CHECK(j["error"]["message"].get<std::string>().find("database") != std::string::npos);
    }
    CHECK(f.get("/api/v1/openapi.json").first == 200);
}

TEST_CASE("serve: new commits are seen without restart, under concurrent load", "[server]") {
    Fixture f({"--cors", "https://news.example", "--threads", "4"});
    CHECK(f.get("/api/v1/search?q=zeppelin&exact=1").second["total"] == 0);
    // Clients search while an indexer adds articles in batches; every answer is a 200.
    std::atomic<bool> done{false};
    std::atomic<int> ok{0}, bad{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
        clients.emplace_back([&] {
            auto c = f.client();
            while (!done) {
                auto r = c.Get("/api/v1/search?q=harbour&facets=people&exact=1");
                (r && r->status == 200 ? ok : bad)++;
            }
        });
    }
    std::string in = f.tmp / "new.jsonl";
    {
        std::ofstream out(in);
        for (int i = 0; i < 300; ++i)
            out << json({{"id", "z" + std::to_string(i)},
                         {"title", "Zeppelin report " + std::to_string(i)},
                         {"body", "A zeppelin flew over the harbour on a calm morning."},
                         {"date", "2024-06-01"}})
                       .dump()
                << "\n";
    }
    auto add = run(kIndex + " add --no-progress --batch 20 --db " + sh(f.db) + " " + sh(in));
    CHECK(add.exit_code == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    done = true;
    for (auto& t : clients) t.join();
    CHECK(bad == 0);
    CHECK(ok > 0);
    // Seen within --max-stale-ms (default 1 s: the answer from before may be sent meanwhile).
    json j;
    for (int i = 0; i < 60; ++i) {
        auto [s, answer] = f.get("/api/v1/search?q=zeppelin&exact=1");
        CHECK(s == 200);
        j = answer;
        if (j["total"] == 300) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(j["total"] == 300);
    // CORS for the configured origin.
    auto c = f.client();
    auto r = c.Get("/api/v1/health");
    REQUIRE(r);
    CHECK(r->get_header_value("Access-Control-Allow-Origin") == "https://news.example");
}

TEST_CASE("serve: refuses a missing database and a busy port", "[server]") {
    TempDir tmp;
    auto none = run(kSearch + " serve --db " + sh(tmp / "none") +
                    " --listen 127.0.0.1:" + std::to_string(free_port()));
    CHECK(none.exit_code == 2);
    CHECK(none.err.find("no Kronika database") != std::string::npos);
    Fixture f;
    auto busy =
        run(kSearch + " serve --db " + sh(f.db) + " --listen 127.0.0.1:" + std::to_string(f.port));
    CHECK(busy.exit_code == 2);
    CHECK(busy.err.find("cannot listen") != std::string::npos);
    CHECK(run(kSearch + " serve --db " + sh(f.db) + " --listen nowhere").exit_code == 2);
}

namespace {

// Adds one article about the harbour to the fixture's database (one commit).
void add_harbour_article(const Fixture& f, const std::string& id) {
    std::string in = f.tmp / (id + ".jsonl");
    std::ofstream(in) << json({{"id", id},
                               {"title", "Harbour news"},
                               {"body", "The harbour reopened."},
                               {"date", "2024-06-02"}})
                             .dump()
                      << "\n";
    REQUIRE(run(kIndex + " add --no-progress --db " + sh(f.db) + " " + sh(in)).exit_code == 0);
}

}  // namespace

TEST_CASE("serve: repeated requests come from the response cache and are never stale", "[server]") {
    Fixture f({"--max-stale-ms", "0"});
    auto c = f.client();
    const char* path = "/api/v1/search?q=harbour&facets=people,source&exact=1";
    auto first = c.Get(path);
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(first->get_header_value("X-Kronika-Cache") == "miss");
    auto again = c.Get(path);
    REQUIRE(again);
    CHECK(again->get_header_value("X-Kronika-Cache") == "hit");
    CHECK(again->body == first->body);
    // Another parameter is another request.
    auto other = c.Get("/api/v1/search?q=harbour&facets=people,source&exact=1&limit=3");
    REQUIRE(other);
    CHECK(other->get_header_value("X-Kronika-Cache") == "miss");
    CHECK(json::parse(other->body)["results"].size() <= 3);
    // Errors and health are not cached.
    auto bad = c.Get("/api/v1/search?q=harbour&limit=many");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK_FALSE(bad->has_header("X-Kronika-Cache"));
    CHECK_FALSE(c.Get("/api/v1/health")->has_header("X-Kronika-Cache"));

    // A commit changes the answer: the next request is computed again, from the new content.
    uint64_t before = json::parse(first->body)["total"];
    add_harbour_article(f, "h1");
    auto after = c.Get(path);
    REQUIRE(after);
    CHECK(after->get_header_value("X-Kronika-Cache") == "miss");
    CHECK(json::parse(after->body)["total"] == before + 1);
    CHECK(c.Get(path)->get_header_value("X-Kronika-Cache") == "hit");
    std::string metrics = c.Get("/api/v1/metrics")->body;
    INFO(metrics);
    CHECK(metrics.find("kronika_cache_hits_total 2\n") != std::string::npos);
    CHECK(metrics.find("kronika_cache_misses_total 3\n") != std::string::npos);
    CHECK(metrics.find("kronika_cache_stale_total 0\n") != std::string::npos);

    // --cache-mb 0: every answer computed.
    Fixture off({"--cache-mb", "0"});
    auto o = off.client();
    CHECK_FALSE(o.Get(path)->has_header("X-Kronika-Cache"));
    CHECK_FALSE(o.Get(path)->has_header("X-Kronika-Cache"));
}

TEST_CASE("serve: after a commit a cached answer is sent for at most --max-stale-ms", "[server]") {
    Fixture f({"--max-stale-ms", "60000"});
    auto c = f.client();
    const char* path = "/api/v1/search?q=harbour&exact=1";
    auto first = c.Get(path);
    REQUIRE(first);
    uint64_t before = json::parse(first->body)["total"];
    add_harbour_article(f, "h2");
    // The previous answer at once, while the new one is computed in the background ...
    auto stale = c.Get(path);
    REQUIRE(stale);
    CHECK(stale->get_header_value("X-Kronika-Cache") == "stale");
    CHECK(stale->body == first->body);
    // ... which soon replaces it.
    json fresh;
    for (int i = 0; i < 100; ++i) {
        auto r = c.Get(path);
        REQUIRE(r);
        if (r->get_header_value("X-Kronika-Cache") == "hit") {
            fresh = json::parse(r->body);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(fresh.is_object());
    CHECK(fresh["total"] == before + 1);
    CHECK(c.Get("/api/v1/metrics")->body.find("kronika_cache_stale_total 0\n") ==
          std::string::npos);

    // A short bound: once the commit was seen longer ago than that, the answer is the new one.
    Fixture quick({"--max-stale-ms", "1"});
    auto q = quick.client();
    REQUIRE(q.Get(path));
    add_harbour_article(quick, "h3");
    REQUIRE(q.Get(path));  // sees the commit (and may still get the previous answer)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto r = q.Get(path);
    REQUIRE(r);
    CHECK(r->get_header_value("X-Kronika-Cache") != "stale");
    CHECK(json::parse(r->body)["total"] == before + 1);
}

TEST_CASE("response cache: bounded in bytes, least recently used out, stale only within the bound",
          "[server]") {
    using kronika::ResponseCache;
    using namespace std::chrono_literals;
    ResponseCache off(0);
    off.put("q", "r1", "answer");
    CHECK(off.get("q", "r1", 1h).found == ResponseCache::Found::none);

    ResponseCache cache(64 * 1024);
    std::string answer(1000, 'x');
    for (int i = 0; i < 200; ++i) {
        cache.put("q" + std::to_string(i), "r1", answer);
        if (i % 10 == 0) CHECK(cache.get("q0", "r1", 0s).found == ResponseCache::Found::fresh);
    }
    auto st = cache.stats();
    CHECK(st.bytes <= 64 * 1024);
    CHECK(st.entries < 200);
    CHECK(cache.has("q0", "r1"));        // kept: used all along
    CHECK_FALSE(cache.has("q1", "r1"));  // the oldest unused ones went first
    CHECK(cache.has("q199", "r1"));
    cache.put("huge", "r1", std::string(64 * 1024 / 8 + 1, 'x'));  // over an eighth: not kept
    CHECK_FALSE(cache.has("huge", "r1"));
    cache.erase("q199");
    CHECK_FALSE(cache.has("q199", "r1"));

    // After new content is seen, the old answer is stale for max_stale, then gone.
    CHECK(cache.get("q0", "r2", 0s).found == ResponseCache::Found::none);  // 0: never stale
    CHECK(cache.get("q0", "r2", 1h).found == ResponseCache::Found::stale);
    std::this_thread::sleep_for(5ms);
    CHECK(cache.get("q0", "r2", 1ms).found == ResponseCache::Found::none);
    auto s = cache.get("q0", "r2", 1h);
    CHECK(s.found == ResponseCache::Found::stale);
    CHECK(s.body == answer);
    // A worker still on the older content gets the newer answer (never an older one).
    cache.put("q0", "r2", "new answer");
    auto behind = cache.get("q0", "r1", 0s);
    CHECK(behind.found == ResponseCache::Found::stale);
    CHECK(behind.body == "new answer");
    CHECK(cache.get("q0", "r2", 0s).found == ResponseCache::Found::fresh);
}

namespace {

// A raw TCP connection to the server, for requests no HTTP client library would send.
class RawClient {
  public:
    explicit RawClient(int port) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        timeval tv{10, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ok_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    ~RawClient() { close(fd_); }
    bool ok() const { return ok_; }
    void send_all(const std::string& data) {
        for (size_t off = 0; off < data.size();) {
            ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
            if (n <= 0) return;  // the server may close early: that is an answer too
            off += static_cast<size_t>(n);
        }
    }
    // Everything the server sends until it closes (or 10 s pass).
    std::string receive() {
        std::string out;
        char buf[4096];
        ssize_t n;
        while ((n = recv(fd_, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
        return out;
    }

  private:
    int fd_ = -1;
    bool ok_ = false;
};

// The status of a raw answer ("HTTP/1.1 400 Bad Request" -> 400), 0 when none came.
int status_of(const std::string& answer) {
    if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}

}  // namespace

TEST_CASE("serve: hostile clients get a 4xx or a bounded answer and the others are still served",
          "[server]") {
    Fixture f;
    // Slow clients: connections that send half a request line, then nothing. Fewer than the
    // workers (4 here): the others are answered at once.
    std::vector<std::unique_ptr<RawClient>> slow;
    auto add_slow = [&](int n) {
        for (int i = 0; i < n; ++i) {
            slow.push_back(std::make_unique<RawClient>(f.port));
            REQUIRE(slow.back()->ok());
            slow.back()->send_all("GET /api/v1/search?q=har");
        }
    };
    auto timed_get = [&](const std::string& path) {
        auto t0 = std::chrono::steady_clock::now();
        auto [s, j] = f.get(path);
        double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return std::make_tuple(s, j, took);
    };
    add_slow(2);
    {
        auto [s, j, took] = timed_get("/api/v1/search?q=harbour&exact=1");
        CHECK(s == 200);
        CHECK(took < 2.0);
    }
    // More than the workers: a request waits in the queue until the read timeout (5 s) drops
    // the slow ones ahead of it (each holds a worker for that long), not longer.
    add_slow(4);
    {
        auto [s, j, took] = timed_get("/api/v1/search?q=harbour&exact=1&limit=3");
        CHECK(s == 200);
        CHECK(took < 8.0);
    }
    auto raw = [&](const std::string& request) {
        RawClient c(f.port);
        REQUIRE(c.ok());
        c.send_all(request);
        return c.receive();
    };
    // Malformed HTTP.
    for (const char* junk : {"BLAH\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
                             "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
                             "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n"}) {
        std::string answer = raw(junk);
        INFO(junk << " -> " << answer.substr(0, 80));
        int status = status_of(answer);
        CHECK((status == 0 || (status >= 400 && status < 500) || status == 200));
    }
    // Oversized header, URI and body.
    {
        std::string answer =
            raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100000, 'a') +
                "\r\n\r\n");
        INFO(answer.substr(0, 80));
        int status = status_of(answer);
        CHECK((status == 0 || (status >= 400 && status < 500)));
    }
    {
        std::string uri = "/api/v1/search?q=x";
        for (int i = 0; i < 5000; ++i) uri += "&person=p" + std::to_string(i);
        int status = status_of(raw("GET " + uri + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        CHECK(status >= 400);
        CHECK(status < 500);
    }
    {
        std::string answer =
            raw("POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n" +
                std::string(65536, 'x'));
        int status = status_of(answer);
        INFO(answer.substr(0, 80));
        CHECK(status >= 400);
        CHECK(status < 500);
    }
    // Pathological queries: a 4xx, or an answer within the time limit (2 s) and some slack.
    std::string wild, ors, nested, terms;
    for (char c = 'a'; c <= 'z'; ++c) wild += std::string(wild.empty() ? "" : " OR ") + c + "*";
    for (int i = 0; i < 120; ++i) ors += (i ? " OR w" : "w") + std::to_string(i);
    nested = std::string(40, '(') + "harbour" + std::string(40, ')');
    for (int i = 0; i < 300; ++i) terms += "harbour ";
    for (const std::string& q : {wild, ors, nested, terms, std::string(1000, '"'),
                                 std::string("\"") + std::string(500, 'a') + " b\""}) {
        auto [s, j, took] =
            timed_get("/api/v1/search?exact=1&facets=people&q=" + percent_encoded(q));
        INFO(q.substr(0, 60) << " -> " << s << " in " << took << " s");
        CHECK((s == 200 || s == 400));
        CHECK(took < 4.0);
    }
    // Paths outside the API and the page: nothing from the file system.
    for (const char* path : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                             "/api/v1/articles/..%2f..%2fetc%2fpasswd", "/web/../../README.md"}) {
        std::string answer = raw(std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        INFO(path << " -> " << answer.substr(0, 80));
        CHECK(status_of(answer) >= 400);
        CHECK(answer.find("root:") == std::string::npos);
    }
    // Still serving, with the slow clients still connected.
    CHECK(f.get("/api/v1/health").first == 200);
}
