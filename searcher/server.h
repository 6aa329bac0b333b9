// kronika-search serve: the HTTP JSON API and the search page (cpp-httplib).
//
// Endpoints (GET; JSON from the same encoders as `kronika-search --format json`):
//   /api/v1/search  /api/v1/facets  /api/v1/timeline  /api/v1/quotes  /api/v1/articles/{id}
//   /api/v1/health  /api/v1/metrics (Prometheus text)  /api/v1/openapi.json
//   /  and the page's files (searcher/web/, embedded in the binary)
// Errors are {"error": {"status": N, "message": "..."}}: 400 for a bad query or parameter, 404
// for an unknown article or path, 503 when the database cannot answer (or a query ran past the
// time limit), 500 for anything else. Answers are cached (response_cache.h; X-Kronika-Cache: hit,
// stale or miss).
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace kronika {

struct ServerOptions {
    std::string db;
    std::string host = "127.0.0.1";  // loopback unless told otherwise
    int port = 8080;
    size_t threads = 0;    // worker threads, each with its own database handle (0: 2 per core)
    std::string cors;      // an origin allowed to call the API from a browser ("" = none)
    std::string web_root;  // serve the page from this folder instead of the embedded copy
    bool log = true;       // one line per request on stderr
    size_t cache_mb = 64;  // response cache (response_cache.h), MiB; 0: off
    // How long after it was computed a cached answer may still be sent once the database has
    // changed, while the new answer is computed in the background (0: never).
    size_t max_stale_ms = 1000;

    // Limits (documented in the README and the OpenAPI document).
    double time_limit = 2.0;    // seconds of matching per request
    size_t max_query = 1024;    // bytes of q
    size_t max_limit = 100;     // results per page
    size_t max_offset = 10000;  // deeper pages: use the cursor (after)
    size_t max_facets = 5;      // facets per request
    size_t max_top = 100;       // values per facet, series per timeline
    size_t max_params = 64;     // query-string parameters per request
    size_t max_quotes = 1000;   // statements per page
};

// Serves until SIGINT or SIGTERM. Returns the process exit code (2 when it cannot listen).
int serve(const ServerOptions& options);

// The OpenAPI 3 document describing the API, with the limits of `options`.
nlohmann::json openapi_document(const ServerOptions& options);

}  // namespace kronika
