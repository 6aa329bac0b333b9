// The HTTP server: parameters in, the library's requests and encoders out.
#include "server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "index_writer.h"
#include "quotes.h"
#include "response_cache.h"
#include "results.h"
#include "schema.h"
#include "search.h"
#include "timeline.h"
#include "web_assets.h"

namespace kronika {

namespace {

// A request the client must fix: answered with `status` and the message.
class HttpError : public std::runtime_error {
  public:
    HttpError(int status, const std::string& message)
        : std::runtime_error(message), status(status) {}
    int status;
};

// The query-string parameters of one request, checked against the endpoint's list.
class Params {
  public:
    // `allowed`: the endpoint's own parameters; with `filters`, also q and the filters.
    Params(const httplib::Request& req, std::initializer_list<const char*> allowed,
           const ServerOptions& o, bool filters = true)
        : req_(req), o_(o) {
        if (req.params.size() > o.max_params)
            throw HttpError(400, "more than " + std::to_string(o.max_params) + " parameters");
        std::set<std::string> ok(allowed.begin(), allowed.end());
        if (filters) ok.insert({"q", "person", "attribution", "kind", "source", "from", "to"});
        for (const auto& [name, value] : req.params) {
            if (!ok.count(name)) throw HttpError(400, "unknown parameter \"" + name + "\"");
            if (value.size() > o.max_query)
                throw HttpError(400, "parameter \"" + name + "\" is longer than " +
                                         std::to_string(o.max_query) + " bytes");
        }
    }
    std::string get(const char* name, const std::string& fallback = "") const {
        return req_.has_param(name) ? req_.get_param_value(name) : fallback;
    }
    std::vector<std::string> all(const char* name) const {
        std::vector<std::string> out;
        size_t n = req_.get_param_value_count(name);
        for (size_t i = 0; i < n; ++i) out.push_back(req_.get_param_value(name, i));
        return out;
    }
    size_t number(const char* name, size_t fallback, size_t max) const {
        if (!req_.has_param(name)) return fallback;
        std::string v = req_.get_param_value(name);
        if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
            throw HttpError(400, std::string(name) + " must be a whole number");
        size_t n = std::stoul(v);
        if (n > max) throw HttpError(400, std::string(name) + " is at most " + std::to_string(max));
        return n;
    }
    bool flag(const char* name) const {
        std::string v = get(name);
        if (v.empty() || v == "0" || v == "false") return false;
        if (v == "1" || v == "true") return true;
        throw HttpError(400, std::string(name) + " must be 1 or 0");
    }
    QueryFilters filters() const {
        return {all("person"), all("attribution"), all("kind"),
                all("source"), get("from"),        get("to")};
    }
    std::string query() const { return get("q"); }

  private:
    const httplib::Request& req_;
    const ServerOptions& o_;
};

std::vector<FacetKind> facet_kinds(const std::string& csv, size_t max) {
    std::vector<FacetKind> out;
    std::stringstream ss(csv);
    std::string name;
    while (std::getline(ss, name, ','))
        if (!name.empty()) out.push_back(facet_from_name(name));
    if (out.size() > max) throw HttpError(400, "at most " + std::to_string(max) + " facets");
    return out;
}

SortOrder sort_order(const std::string& s) {
    if (s.empty() || s == "relevance") return SortOrder::relevance;
    if (s == "newest") return SortOrder::newest;
    if (s == "oldest") return SortOrder::oldest;
    throw HttpError(400, "sort must be relevance, newest or oldest");
}

// Request counters for /api/v1/metrics.
class Metrics {
  public:
    void record(const std::string& endpoint, int status, double seconds) {
        std::lock_guard<std::mutex> lock(m_);
        ++requests_[{endpoint, status}];
        auto& h = latency_[endpoint];
        for (size_t i = 0; i < kBounds.size(); ++i)
            if (seconds <= kBounds[i]) ++h.buckets[i];
        ++h.count;
        h.sum += seconds;
    }
    std::string text() {
        std::lock_guard<std::mutex> lock(m_);
        std::ostringstream out;
        out << "# HELP kronika_http_requests_total HTTP requests by endpoint and status.\n"
               "# TYPE kronika_http_requests_total counter\n";
        for (const auto& [key, n] : requests_)
            out << "kronika_http_requests_total{endpoint=\"" << key.first << "\",status=\""
                << key.second << "\"} " << n << "\n";
        out << "# HELP kronika_http_request_duration_seconds Time to answer, by endpoint.\n"
               "# TYPE kronika_http_request_duration_seconds histogram\n";
        for (const auto& [endpoint, h] : latency_) {
            for (size_t i = 0; i < kBounds.size(); ++i)
                out << "kronika_http_request_duration_seconds_bucket{endpoint=\"" << endpoint
                    << "\",le=\"" << kBounds[i] << "\"} " << h.buckets[i] << "\n";
            out << "kronika_http_request_duration_seconds_bucket{endpoint=\"" << endpoint
                << "\",le=\"+Inf\"} " << h.count << "\n"
                << "kronika_http_request_duration_seconds_sum{endpoint=\"" << endpoint << "\"} "
                << h.sum << "\n"
                << "kronika_http_request_duration_seconds_count{endpoint=\"" << endpoint << "\"} "
                << h.count << "\n";
        }
        return out.str();
    }

  private:
    static constexpr std::array<double, 8> kBounds = {0.001, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,   0.5,  2.0};
    struct Histogram {
        std::array<uint64_t, 8> buckets{};
        uint64_t count = 0;
        double sum = 0;
    };
    std::mutex m_;
    std::map<std::pair<std::string, int>, uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
};

// The endpoint a path is counted under (article ids folded into one).
std::string endpoint_of(const std::string& path) {
    if (path.rfind("/api/v1/articles/", 0) == 0) return "/api/v1/articles";
    if (path.rfind("/api/", 0) == 0) return path;
    return "page";
}

const char* content_type(const std::string& path) {
    auto ends = [&](const char* ext) {
        std::string e(ext);
        return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
    };
    if (ends(".html")) return "text/html; charset=utf-8";
    if (ends(".js")) return "text/javascript; charset=utf-8";
    if (ends(".css")) return "text/css; charset=utf-8";
    if (ends(".svg")) return "image/svg+xml";
    if (ends(".png")) return "image/png";
    if (ends(".json")) return "application/json";
    return "application/octet-stream";
}

void send_json(httplib::Response& res, int status, const nlohmann::json& j) {
    res.status = status;
    res.set_content(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
    send_json(res, status, {{"error", {{"status", status}, {"message", message}}}});
}

// cpp-httplib 0.11 listens with a backlog of 5 (a compile-time constant of Debian's build):
// bursts of new connections past that lose their SYN and retry after 1 s, then 3 s (bench/load
// saw exactly those latencies at 64 connections). Linux lets listen() be called again on a
// listening socket to change the backlog; the server's socket is found as the one listening
// on our port.
void widen_backlog(int port) {
    for (int fd = 3; fd < 1024; ++fd) {
        int listening = 0;
        socklen_t len = sizeof listening;
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening)
            continue;
        sockaddr_storage addr{};
        socklen_t alen = sizeof addr;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
        int p = addr.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port)
                : addr.ss_family == AF_INET6
                    ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                    : -1;
        if (p == port) ::listen(fd, SOMAXCONN);
    }
}

// A database handle ready to answer: opened when there is none, else brought up to the latest
// committed revision.
void ready_searcher(std::unique_ptr<Searcher>& s, const ServerOptions& o) {
    if (!s) {
        s = std::make_unique<Searcher>(o.db);
        s->set_time_limit(o.time_limit);
    } else {
        s->refresh();
    }
}

// What answers one API request, given a database handle: the parsed request, by value.
using Job = std::function<nlohmann::json(Searcher&)>;

// Computes fresh answers for stale cache entries, one at a time, on its own thread and database
// handle, so the workers go on answering from the cache meanwhile.
class Refresher {
  public:
    Refresher(const ServerOptions& o, ResponseCache& cache) : o_(o), cache_(cache) {}
    ~Refresher() { stop(); }

    // Queues `job` for `key` unless it is queued already (or the queue is full: the entry then
    // ages out and a worker computes it).
    void submit(const std::string& key, const Job& job) {
        std::lock_guard<std::mutex> lock(m_);
        if (stopping_ || queued_.size() >= kMaxQueued || !queued_.insert(key).second) return;
        jobs_.emplace_back(key, job);
        if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
        cv_.notify_one();
    }

    void stop() {
        {
            std::lock_guard<std::mutex> lock(m_);
            stopping_ = true;
        }
        cv_.notify_one();
        if (thread_.joinable()) thread_.join();
    }

  private:
    static constexpr size_t kMaxQueued = 1024;

    void loop() {
        // Below the workers: requests are answered first, refreshes use the time left over
        // (measured with bench/load while indexing: p99 61 ms at equal priority, 33 ms niced).
        setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
        std::unique_ptr<Searcher> s;
        for (;;) {
            std::pair<std::string, Job> next;
            {
                std::unique_lock<std::mutex> lock(m_);
                cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
                if (stopping_) return;
                next = std::move(jobs_.front());
                jobs_.pop_front();
            }
            try {
                ready_searcher(s, o_);
                std::string content = s->content_key();
                if (!content.empty() && !cache_.has(next.first, content)) {
                    auto started = std::chrono::steady_clock::now();
                    std::string body = next.second(*s).dump(
                        -1, ' ', false, nlohmann::json::error_handler_t::replace);
                    std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
                    if (o_.time_limit <= 0 || took.count() < o_.time_limit / 2)
                        cache_.put(next.first, content, std::move(body));
                    else
                        cache_.erase(next.first);
                }
            } catch (...) {
                // The database cannot answer now: no stale answer either; a worker computes the
                // request again and reports what went wrong.
                cache_.erase(next.first);
                s.reset();
            }
            std::lock_guard<std::mutex> lock(m_);
            queued_.erase(next.first);
        }
    }

    const ServerOptions& o_;
    ResponseCache& cache_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<std::pair<std::string, Job>> jobs_;
    std::set<std::string> queued_;
    bool stopping_ = false;
    std::thread thread_;
};

class Server {
  public:
    explicit Server(const ServerOptions& o) : o_(o) {}

    int run();

  private:
    const ServerOptions& o_;
    httplib::Server http_;
    Metrics metrics_;
    ResponseCache cache_{o_.cache_mb << 20};
    Refresher refresher_{o_, cache_};

    // The request as the cache knows it: the path and every parameter, length-prefixed so no
    // two requests share a key.
    static std::string request_key(const httplib::Request& req) {
        std::string key;
        auto add = [&key](const std::string& part) {
            key += std::to_string(part.size());
            key += ':';
            key += part;
        };
        add(req.path);
        for (const auto& [name, value] : req.params) {
            add(name);
            add(value);
        }
        return key;
    }
    ResponseCache::Clock::duration max_stale() const {
        return std::chrono::milliseconds(o_.max_stale_ms);
    }
    // An answer near the time limit may hold counts cut short: it is not kept.
    bool quick(std::chrono::steady_clock::time_point started) const {
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        return o_.time_limit <= 0 || took.count() < o_.time_limit / 2;
    }

    // This worker thread's database handle, opened on first use and brought up to the latest
    // revision before each request.
    Searcher& searcher() {
        thread_local std::unique_ptr<Searcher> s;
        ready_searcher(s, o_);
        return *s;
    }

    // Runs an API handler: `parse` checks the request and returns the job that answers it;
    // errors become JSON answers with the right status; a database that changed under the query
    // is reopened and the job run again. Answers of `cacheable` endpoints come from the response
    // cache when this content already answered the request (X-Kronika-Cache: hit), or from the
    // previous content while the background refresher computes the new answer (stale).
    template <class Parse>
    void api(const httplib::Request& req, httplib::Response& res, Parse&& parse,
             bool cacheable = true) {
        try {
            Job job = parse();
            std::string key = cacheable && cache_.enabled() ? request_key(req) : std::string();
            for (int attempt = 0;; ++attempt) {
                try {
                    Searcher& s = searcher();
                    const std::string content = s.content_key();
                    bool keep = !key.empty() && !content.empty();
                    if (keep) {
                        auto found = cache_.get(key, content, max_stale());
                        if (found.found != ResponseCache::Found::none) {
                            bool fresh = found.found == ResponseCache::Found::fresh;
                            res.status = 200;
                            res.set_content(std::move(found.body), "application/json");
                            res.set_header("X-Kronika-Cache", fresh ? "hit" : "stale");
                            if (!fresh) refresher_.submit(key, job);
                            break;
                        }
                        res.set_header("X-Kronika-Cache", "miss");
                    }
                    auto started = std::chrono::steady_clock::now();
                    send_json(res, 200, job(s));
                    if (keep && quick(started)) cache_.put(key, content, res.body);
                    break;
                } catch (const Xapian::DatabaseModifiedError&) {
                    if (attempt == 2) throw;
                }
            }
        } catch (const HttpError& e) {
            send_error(res, e.status, e.what());
        } catch (const QueryError& e) {
            send_error(res, 400, std::string("bad query: ") + e.what());
        } catch (const TimeLimitExceeded& e) {
            send_error(res, 503, e.what());
        } catch (const DatabaseUnavailable& e) {
            send_error(res, 503, std::string("the database cannot answer: ") + e.what());
        } catch (const Xapian::DatabaseError& e) {
            send_error(res, 503, "the database cannot answer: " + e.get_description());
        } catch (const Xapian::Error& e) {
            send_error(res, 400, e.get_description());
        } catch (const std::invalid_argument& e) {
            send_error(res, 400, e.what());
        } catch (const std::runtime_error& e) {
            // The library's request checks (limits, cursors) throw runtime_error.
            send_error(res, 400, e.what());
        } catch (const std::exception& e) {
            send_error(res, 500, e.what());
        }
        (void)req;
    }

    void routes();
    void cors(httplib::Response& res) const {
        if (!o_.cors.empty()) {
            res.set_header("Access-Control-Allow-Origin", o_.cors);
            res.set_header("Vary", "Origin");
        }
    }
    bool page_file(const std::string& path, httplib::Response& res) const;
};

void Server::routes() {
    const ServerOptions& o = o_;
    http_.Get("/api/v1/search", [&](const httplib::Request& req, httplib::Response& res) {
        api(req, res, [&]() -> Job {
            Params p(req,
                     {"sort", "limit", "offset", "after", "facets", "top", "exact", "collapse",
                      "snippets"},
                     o);
            SearchRequest r;
            r.query = p.query();
            r.filters = p.filters();
            r.sort = sort_order(p.get("sort"));
            r.limit = p.number("limit", 10, o.max_limit);
            r.offset = p.number("offset", 0, o.max_offset);
            r.after = p.get("after");
            r.facets = facet_kinds(p.get("facets"), o.max_facets);
            r.facet_top = p.number("top", 10, o.max_top);
            r.exact = p.flag("exact");
            r.collapse = p.flag("collapse");
            r.snippets = p.get("snippets", "1") != "0";
            return [r](Searcher& s) { return answer_search(s, r); };
        });
    });
    http_.Get("/api/v1/facets", [&](const httplib::Request& req, httplib::Response& res) {
        api(req, res, [&]() -> Job {
            Params p(req, {"facet", "top", "with", "count"}, o);
            SearchRequest r;
            r.query = p.query();
            r.filters = p.filters();
            r.facets = facet_kinds(p.get("facet", "people"), o.max_facets);
            r.facet_top = p.number("top", 20, o.max_top);
            r.limit = 0;
            r.exact = true;
            r.count = count_unit_from_name(p.get("count", "articles"));
            return [r, with = p.get("with")](Searcher& s) { return answer_facets(s, r, with); };
        });
    });
    http_.Get("/api/v1/timeline", [&](const httplib::Request& req, httplib::Response& res) {
        api(req, res, [&]() -> Job {
            Params p(req, {"by", "tz", "normalize", "split", "top", "count"}, o);
            TimelineRequest r;
            r.query = p.query();
            r.filters = p.filters();
            r.by = bucketing_from_name(p.get("by", "month"));
            r.tz = p.get("tz");
            r.normalize = p.flag("normalize");
            if (!p.get("split").empty()) r.split = facet_from_name(p.get("split"));
            r.top = p.number("top", 5, std::min<size_t>(o.max_top, 50));
            r.count = count_unit_from_name(p.get("count", "articles"));
            return [r](Searcher& s) { return answer_timeline(s, r); };
        });
    });
    http_.Get("/api/v1/quotes", [&](const httplib::Request& req, httplib::Response& res) {
        api(req, res, [&]() -> Job {
            Params p(req, {"by", "sort", "limit", "offset"}, o);  // "kind": of the statements
            QuotesRequest r;
            r.query = p.query();
            r.filters = p.filters();
            r.filters.kinds.clear();  // "kind" chooses statements here
            r.by = p.get("by");
            r.kinds = p.all("kind");
            r.sort = sort_order(p.get("sort", "oldest"));
            if (r.sort == SortOrder::relevance) throw HttpError(400, "sort is oldest or newest");
            r.limit = p.number("limit", 50, o.max_quotes);
            r.offset = p.number("offset", 0, o.max_offset);
            return [r](Searcher& s) { return answer_quotes(s, r); };
        });
    });
    http_.Get(R"(/api/v1/articles/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
        api(req, res, [&]() -> Job {
            Params p(req, {}, o, false);
            std::string id = req.matches[1];
            return [id](Searcher& s) {
                std::string term = std::string(schema::kPrefixId) + id;
                if (id.empty() || term.size() > 240)
                    throw HttpError(404, "no article \"" + id + "\"");
                Xapian::Database& db = s.database();
                auto post = db.postlist_begin(term);
                if (post == db.postlist_end(term))
                    throw HttpError(404, "no article \"" + id + "\"");
                Xapian::Document doc = db.get_document(*post);
                nlohmann::json article = nlohmann::json::parse(doc.get_data(), nullptr, false);
                if (article.is_discarded()) throw HttpError(503, "unreadable article data");
                std::string story = doc.get_value(schema::SLOT_STORY);
                nlohmann::json j = {{"version", kJsonOutputVersion}, {"kind", "article"}};
                article["story"] = story.empty() ? id : story;
                article["story_size"] =
                    story.empty() ? 1 : db.get_termfreq(schema::story_term(story));
                j["article"] = std::move(article);
                return j;
            };
        });
    });
    http_.Get("/api/v1/health", [&](const httplib::Request& req, httplib::Response& res) {
        api(
            req, res,
            [&]() -> Job {
                Params p(req, {}, o, false);
                return [](Searcher& s) {
                    nlohmann::json prov = s.provenance();
                    return nlohmann::json{{"status", "ok"},
                                          {"documents", prov["documents"]},
                                          {"revision", prov["revision"]},
                                          {"schema_version", prov["schema_version"]},
                                          {"kronika_version", KRONIKA_VERSION}};
                };
            },
            false);
    });
    http_.Get("/api/v1/openapi.json", [&](const httplib::Request&, httplib::Response& res) {
        send_json(res, 200, openapi_document(o));
    });
    http_.Get("/api/v1/metrics", [&](const httplib::Request&, httplib::Response& res) {
        ResponseCache::Stats c = cache_.stats();
        std::ostringstream out;
        out << "# HELP kronika_cache_hits_total Answers served from the response cache.\n"
               "# TYPE kronika_cache_hits_total counter\n"
               "kronika_cache_hits_total "
            << c.hits
            << "\n# HELP kronika_cache_misses_total Cacheable requests that were computed.\n"
               "# TYPE kronika_cache_misses_total counter\n"
               "kronika_cache_misses_total "
            << c.misses
            << "\n# HELP kronika_cache_stale_total Answers sent from the previous content while "
               "the new one was computed.\n"
               "# TYPE kronika_cache_stale_total counter\n"
               "kronika_cache_stale_total "
            << c.stale
            << "\n# HELP kronika_cache_bytes Bytes held by the response cache.\n"
               "# TYPE kronika_cache_bytes gauge\n"
               "kronika_cache_bytes "
            << c.bytes << "\n";
        res.set_content(metrics_.text() + out.str(), "text/plain; version=0.0.4");
    });
    http_.Get(R"(/api/.*)", [&](const httplib::Request& req, httplib::Response& res) {
        send_error(res, 404, "no endpoint " + req.path + " (see /api/v1/openapi.json)");
    });
    http_.Get(R"(/([A-Za-z0-9_.-]*))", [&](const httplib::Request& req, httplib::Response& res) {
        std::string path = req.matches[1].str().empty() ? "/index.html" : req.path;
        if (!page_file(path, res)) send_error(res, 404, "no page " + req.path);
    });
}

bool Server::page_file(const std::string& path, httplib::Response& res) const {
    std::string body;
    if (!o_.web_root.empty()) {
        if (path.find("..") != std::string::npos) return false;
        std::ifstream in(o_.web_root + path, std::ios::binary);
        if (!in) return false;
        std::stringstream ss;
        ss << in.rdbuf();
        body = ss.str();
    } else {
        const web::Asset* a = web::kAssets;
        while (a->path && path != a->path) ++a;
        if (!a->path) return false;
        body.assign(reinterpret_cast<const char*>(a->data), a->size);
    }
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                   "frame-ancestors 'none'");
    res.set_header("Cache-Control", "no-cache");
    res.set_content(body, content_type(path));
    return true;
}

int Server::run() {
    // The database must open before we listen: a wrong --db is an error at once, not on the
    // first request.
    { Searcher probe(o_.db); }
    size_t threads =
        o_.threads ? o_.threads : 2 * std::max(1u, std::thread::hardware_concurrency());
    http_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // cpp-httplib's default also sets SO_REUSEPORT, which would let a second server (or any
    // process) bind the same port and take some of the connections: SO_REUSEADDR only.
    http_.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    // Answers are written in pieces (headers, body): without TCP_NODELAY, Nagle's algorithm and
    // the client's delayed ACK hold each keep-alive answer ~40 ms (measured: 48 ms per request).
    http_.set_tcp_nodelay(true);
    http_.set_payload_max_length(4096);
    http_.set_read_timeout(5, 0);
    http_.set_write_timeout(5, 0);
    http_.set_keep_alive_timeout(5);
    // cpp-httplib gives a keep-alive connection its worker thread until it closes: with more
    // connections than threads, the others wait in the queue (measured with bench/load, 64
    // connections on 4 threads: timeouts after 5 s at 1,000 answers per connection, p99 2.4 s
    // at 3, 1.2 s at 10). Closing after every answer puts each request in the one FIFO queue:
    // no timeouts, latency near the queueing bound (64 / throughput), the same throughput.
    http_.set_keep_alive_max_count(1);
    http_.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
    // One log line and one metrics sample per request, timed from routing to the answer
    // written (the logger runs on the worker thread that handled the request, after writing).
    static thread_local std::chrono::steady_clock::time_point started;
    http_.set_pre_routing_handler([this](const httplib::Request&, httplib::Response& res) {
        started = std::chrono::steady_clock::now();
        cors(res);
        return httplib::Server::HandlerResponse::Unhandled;
    });
    routes();
    http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        metrics_.record(endpoint_of(req.path), res.status, took.count());
        if (o_.log)
            std::fprintf(stderr, "%s %s %d %.1f ms\n", req.method.c_str(), req.path.c_str(),
                         res.status, took.count() * 1000);
    });
    http_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (res.body.empty()) send_error(res, res.status, "cannot answer " + req.path);
    });

    if (!http_.bind_to_port(o_.host.c_str(), o_.port)) {
        std::fprintf(stderr, "kronika-search: cannot listen on %s:%d\n", o_.host.c_str(), o_.port);
        return 2;
    }
    widen_backlog(o_.port);
    // SIGINT / SIGTERM stop the server: blocked in every thread, waited for by one.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&stop, &sig);
        http_.stop();
    });
    std::fprintf(stderr, "kronika-search: serving %s on http://%s:%d/ (%zu threads)\n",
                 o_.db.c_str(), o_.host.c_str(), o_.port, threads);
    bool ok = http_.listen_after_bind();
    // listen ended (stopped, or failed): wake the waiter if it still waits.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    refresher_.stop();
    std::fprintf(stderr, "kronika-search: stopped\n");
    return ok ? 0 : 2;
}

}  // namespace

int serve(const ServerOptions& options) {
    Server server(options);
    return server.run();
}

nlohmann::json openapi_document(const ServerOptions& o) {
    auto param = [](const char* name, const char* type, const std::string& what,
                    bool repeat = false) {
        nlohmann::json schema = {{"type", type}};
        if (repeat) schema = {{"type", "array"}, {"items", {{"type", type}}}};
        nlohmann::json p = {
            {"name", name}, {"in", "query"}, {"description", what}, {"schema", schema}};
        if (repeat) {
            p["style"] = "form";
            p["explode"] = true;
        }
        return p;
    };
    nlohmann::json filters = nlohmann::json::array(
        {param("q", "string",
               "query: words, \"phrases\", AND/OR/NOT, NEAR, field:value (see the README); at "
               "most " +
                   std::to_string(o.max_query) + " bytes"),
         param("person", "string", "articles mentioning this person", true),
         param("attribution", "string", "articles attributing statements to this name", true),
         param("kind", "string", "attribution kind: speaker, source or claimant", true),
         param("source", "string", "outlet", true),
         param("from", "string", "published on or after (YYYY-MM-DD, local date)"),
         param("to", "string", "published on or before (YYYY-MM-DD)")});
    auto with = [&](std::initializer_list<nlohmann::json> extra) {
        nlohmann::json all = filters;
        for (const auto& e : extra) all.push_back(e);
        return all;
    };
    auto op = [](const char* summary, const nlohmann::json& params, const char* doc) {
        return nlohmann::json{
            {"get",
             {{"summary", summary},
              {"description", doc},
              {"parameters", params},
              {"responses",
               {{"200", {{"description", "the answer, as `kronika-search --format json`"}}},
                {"400", {{"description", "bad query or parameter ({\"error\": …})"}}},
                {"404", {{"description", "unknown article or endpoint"}}},
                {"503", {{"description", "database unavailable or time limit exceeded"}}}}}}}};
    };
    std::string lim = std::to_string(o.max_limit), off = std::to_string(o.max_offset),
                top = std::to_string(o.max_top);
    nlohmann::json paths;
    paths["/api/v1/search"] =
        op("ranked articles",
           with({param("sort", "string", "relevance, newest or oldest"),
                 param("limit", "integer", "results per page (at most " + lim + ")"),
                 param("offset", "integer", "results to skip (at most " + off + ")"),
                 param("after", "string", "date sorts: next_cursor of the previous page"),
                 param("facets", "string", "comma-separated: people,attribution,kind,source,date"),
                 param("top", "integer", "values per facet (at most " + top + ")"),
                 param("exact", "integer", "1: count every match"),
                 param("collapse", "integer", "1: one result per story"),
                 param("snippets", "integer", "0: no snippets")}),
           "docs/json-output.md");
    paths["/api/v1/facets"] =
        op("facet counts over every match",
           with({param("facet", "string", "people, attribution, source, kind or date (comma list)"),
                 param("top", "integer", "values per facet (at most " + top + ")"),
                 param("with", "string", "co-occurrence with this person"),
                 param("count", "string", "articles or stories")}),
           "docs/json-output.md#kronika-search-facets---format-json");
    paths["/api/v1/timeline"] =
        op("counts over time",
           with({param("by", "string", "day, week, month or year"),
                 param("tz", "string", "IANA time zone for calendar days"),
                 param("normalize", "integer", "1: share of all articles per bucket"),
                 param("split", "string", "people, attribution or source"),
                 param("top", "integer", "series with split (at most 50)"),
                 param("count", "string", "articles or stories")}),
           "docs/json-output.md#kronika-search-timeline---format-json");
    nlohmann::json quote_params = filters;
    quote_params.erase(3);  // "kind" chooses statements here
    for (auto p : {param("by", "string", "statements attributed to this name"),
                   param("kind", "string", "statement kind", true),
                   param("sort", "string", "oldest or newest"),
                   param("limit", "integer",
                         "statements per page (at most " + std::to_string(o.max_quotes) + ")"),
                   param("offset", "integer", "statements to skip")})
        quote_params.push_back(p);
    paths["/api/v1/quotes"] = op("attributed statements, oldest first", quote_params,
                                 "docs/json-output.md#kronika-search-quotes---format-json");
    paths["/api/v1/articles/{id}"] =
        op("one article with its text and facets",
           nlohmann::json::array({{{"name", "id"},
                                   {"in", "path"},
                                   {"required", true},
                                   {"schema", {{"type", "string"}}}}}),
           "the stored article: id, title, url, source, language, authors, date, people, "
           "attributions, body, story, story_size");
    paths["/api/v1/health"] = op("database documents and revision", nlohmann::json::array(),
                                 "{status, documents, revision, schema_version}");
    paths["/api/v1/metrics"] =
        op("request counters, Prometheus text format", nlohmann::json::array(), "text/plain");
    paths["/api/v1/openapi.json"] = op("this document", nlohmann::json::array(), "OpenAPI 3.0");
    return {{"openapi", "3.0.3"},
            {"info",
             {{"title", "Kronika search API"},
              {"version", KRONIKA_VERSION},
              {"description",
               "Full-text search over a news archive with people, attribution and time facets. "
               "Limits: " +
                   std::to_string(o.time_limit) + " s of matching per request, " + lim +
                   " results per page, offset " + off + ", " + std::to_string(o.max_facets) +
                   " facets, " + std::to_string(o.max_params) +
                   " parameters. Answers are cached (header X-Kronika-Cache: hit, stale or "
                   "miss); after a commit an answer from the previous revision may be sent for "
                   "up to " +
                   std::to_string(o.max_stale_ms) + " ms while the new one is computed."}}},
            {"paths", paths}};
}

}  // namespace kronika
