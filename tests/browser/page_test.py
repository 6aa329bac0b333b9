#!/usr/bin/env python3
"""Real-browser test of the search page served by `kronika-search serve`.

usage: page_test.py --search BIN/kronika-search --index BIN/kronika-index
                    --corpus corpus/ --out DIR [--chromium PATH] [--chromedriver PATH]

Indexes the corpus into a temporary database, starts `kronika-search serve` on a free loopback
port (the page embedded in the binary: no --web-root) and chromedriver, then drives headless
Chromium through the W3C WebDriver HTTP protocol (urllib only, no Selenium): searches, filters by
a person facet, narrows the dates with a timeline bar, goes back in history, removes a chip,
checks the error and empty states, that no JavaScript error was logged, and that the page fits a
375 px wide screen. Screenshots (page.png, page-mobile.png; failure.png on failure) go to --out.

Exit status: 0 passed, 1 failed, 77 skipped (no Chromium or chromedriver).
Python 3 standard library only. Every wait is bounded, so the test cannot hang.
"""

import argparse
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

SKIP = 77
WAIT = 10.0             # seconds for any condition in the page
STARTUP = 20.0          # seconds for the server and chromedriver to answer
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"   # W3C web element reference key
QUERY = "flood"         # several results with several people in corpus/


class Failure(Exception):
    pass


def step(message):
    print(f"--- {message}", flush=True)


def ok(message):
    print(f"    ok: {message}", flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(method, url, body=None, timeout=30.0):
    """(status, parsed JSON or None); raises OSError when nothing answers."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        raw = e.read()
        status = e.code
    try:
        return status, json.loads(raw.decode() or "null")
    except ValueError:
        return status, None


def wait_until(condition, what, timeout=WAIT, interval=0.1):
    """Polls condition() until it returns a truthy value; Failure after timeout seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = condition()
            if value:
                return value
            last = value
        except Failure:
            raise
        except Exception as e:  # noqa: BLE001 - report the last problem on timeout
            last = f"{type(e).__name__}: {e}"
        if time.monotonic() >= deadline:
            raise Failure(f"timed out after {timeout:g} s waiting for {what} (last: {last!r})")
        time.sleep(interval)


class WebDriverError(Exception):
    pass


class WebDriver:
    """The few W3C WebDriver commands the test needs."""

    def __init__(self, base):
        self.base = base.rstrip("/")
        self.session = None

    def _call(self, method, path, body=None, timeout=30.0):
        status, answer = http_json(method, self.base + path, body, timeout)
        value = answer.get("value") if isinstance(answer, dict) else None
        if status >= 400:   # W3C errors: a 4xx/5xx status with {"value": {"error", "message"}}
            detail = value.get("message", "") if isinstance(value, dict) else answer
            error = value.get("error", status) if isinstance(value, dict) else status
            raise WebDriverError(f"{method} {path}: {error}: {str(detail)[:500]}")
        return value

    def cmd(self, method, path, body=None, timeout=30.0):
        return self._call(method, f"/session/{self.session}{path}", body, timeout)

    def start(self, chromium, width=1280, height=900):
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         f"--window-size={width},{height}", "--lang=en-US"],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        }
        value = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}},
                           timeout=60.0)
        self.session = value["sessionId"]
        self.cmd("POST", "/timeouts", {"pageLoad": int(WAIT * 1000), "script": int(WAIT * 1000),
                                       "implicit": 0})

    def quit(self):
        if self.session:
            try:
                self._call("DELETE", f"/session/{self.session}", timeout=10.0)
            finally:
                self.session = None

    def get(self, url):
        self.cmd("POST", "/url", {"url": url})

    def back(self):
        self.cmd("POST", "/back", {})

    def url(self):
        return self.cmd("GET", "/url")

    def find(self, css):
        return [e[ELEMENT] for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def one(self, css):
        found = self.find(css)
        if not found:
            raise Failure(f"no element matches {css}")
        return found[0]

    def click(self, element):
        self.cmd("POST", f"/element/{element}/click", {})

    def clear(self, element):
        self.cmd("POST", f"/element/{element}/clear", {})

    def type(self, element, text):
        self.cmd("POST", f"/element/{element}/value", {"text": text})

    def run(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.cmd("GET", "/screenshot")))

    def window(self, width, height):
        self.cmd("POST", "/window/rect", {"width": width, "height": height})

    def browser_log(self):
        """Chromium's console and error log since the last call (a chromedriver extension; [] when
        this chromedriver has none: the errors caught in the page are still checked)."""
        for path in ("/se/log", "/log"):
            try:
                return self.cmd("POST", path, {"type": "browser"}) or []
            except WebDriverError:
                continue
        if not getattr(self, "_warned", False):
            print("    note: this chromedriver has no browser log; checking errors caught in the page only")
            self._warned = True
        return []


# What the page shows, read in one script so a check never sees half a render.
PAGE_STATE = r"""
const q = (s) => document.querySelector(s);
const all = (s) => [...document.querySelectorAll(s)];
const results = q('#results');
return {
  url: location.href,
  state: results ? results.dataset.state : null,
  loading: document.body.classList.contains('is-loading'),
  count: q('#result-count') ? q('#result-count').textContent.trim() : null,
  total: results ? Number(results.dataset.total) : null,
  results: all('.result').map((r) => ({
    id: r.dataset.id,
    date: r.dataset.date,
    title: (r.querySelector('.result-title') || {}).textContent,
    people: [...r.querySelectorAll('.person')].map((b) => b.dataset.value),
    marks: r.querySelectorAll('.snippet mark').length,
  })),
  facets: all('.facet-value').map((b) => ({facet: b.dataset.facet, value: b.dataset.value,
    count: Number((b.querySelector('.facet-count') || {textContent: 'NaN'}).textContent.replace(/\D/g, '')),
    pressed: b.getAttribute('aria-pressed')})),
  chips: all('.chip').map((c) => ({param: c.dataset.param, value: c.dataset.value, text: c.textContent})),
  bars: all('.bar').map((b) => ({start: b.dataset.start, end: b.dataset.end, count: Number(b.dataset.count),
    label: b.getAttribute('aria-label'), tag: b.tagName, tabindex: b.getAttribute('tabindex')})),
  from: q('#from') ? q('#from').value : null,
  to: q('#to') ? q('#to').value : null,
  query: q('#q') ? q('#q').value : null,
  error: q('#error') && !q('#error').hidden ? q('#error').textContent.trim() : null,
  empty: q('#empty') && !q('#empty').hidden ? q('#empty').textContent.trim() : null,
  errors: window.__pageErrors || [],
};
"""

# Collects errors from now on (the browser log covers the page's first load).
CATCH_ERRORS = r"""
if (!window.__pageErrors) {
  window.__pageErrors = [];
  window.addEventListener('error', (e) => window.__pageErrors.push(String(e.message || e)));
  window.addEventListener('unhandledrejection', (e) => window.__pageErrors.push('unhandled rejection: ' + String(e.reason)));
}
return true;
"""


def count_of(text):
    """'1,234 articles' -> 1234; 'No articles found' -> 0; None when there is no number."""
    if text and text.lower().startswith("no "):
        return 0
    m = re.search(r"(\d[\d,]*)\s+articles?\b", text or "")
    return int(m.group(1).replace(",", "")) if m else None


def settled(driver, predicate=lambda s: True):
    """The page state once a search has rendered (results ready, count shown) and predicate."""
    def check():
        s = driver.run(PAGE_STATE)
        if s["state"] not in ("ready", "error") or s["loading"]:
            return None
        return s if predicate(s) else None
    return check


def query_of(url):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)


def severe(entries, allow=()):
    bad = []
    for e in entries:
        if e.get("level") != "SEVERE":
            continue
        message = e.get("message", "")
        if any(a in message for a in allow):
            continue
        bad.append(message)
    return bad


def check_no_errors(driver, state, allow=()):
    problems = severe(driver.browser_log(), allow) + list(state.get("errors") or [])
    if problems:
        raise Failure("JavaScript errors or failed requests were logged:\n      " + "\n      ".join(problems))


def start_process(args, log_path):
    log = open(log_path, "wb")
    try:
        return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    finally:
        log.close()


def stop_process(process):
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=5)


def tail(path, lines=15):
    try:
        with open(path, "rb") as f:
            return "\n".join(f.read().decode(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_for_http(url, process, name, log_path):
    def answers():
        if process.poll() is not None:
            raise Failure(f"{name} exited with status {process.returncode}:\n{tail(log_path)}")
        try:
            status, _ = http_json("GET", url, timeout=2.0)
            return status == 200
        except OSError:
            return False
    wait_until(answers, f"{name} to answer at {url}", timeout=STARTUP, interval=0.2)


def run(args, work, out):
    base = None
    driver = None
    server = chromedriver = None
    server_log = os.path.join(out, "server.log")
    driver_log = os.path.join(out, "chromedriver.log")
    try:
        step(f"indexing {args.corpus}")
        db = os.path.join(work, "db")
        indexed = subprocess.run([args.index, "add", "--db", db, args.corpus], capture_output=True,
                                 text=True, timeout=300)
        if indexed.returncode not in (0, 1):   # 1: some inputs skipped, with warnings
            raise Failure(f"kronika-index add failed ({indexed.returncode}):\n{indexed.stderr[-2000:]}")
        ok(f"kronika-index add finished (exit status {indexed.returncode})")

        step("starting kronika-search serve (embedded page) and chromedriver")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_process([args.search, "serve", "--db", db, "--listen", f"127.0.0.1:{port}"],
                               server_log)
        driver_port = free_port()
        chromedriver = start_process([args.chromedriver, f"--port={driver_port}"], driver_log)
        wait_for_http(f"{base}/api/v1/health", server, "kronika-search serve", server_log)
        _, health = http_json("GET", f"{base}/api/v1/health", timeout=5.0)
        documents = health.get("documents", 0) if isinstance(health, dict) else 0
        if documents < 10:
            raise Failure(f"the database holds {documents} articles; is {args.corpus} the demo corpus?\n"
                          f"{indexed.stderr[-2000:]}")
        ok(f"server answers at {base}, {documents} articles")
        wait_for_http(f"http://127.0.0.1:{driver_port}/status", chromedriver, "chromedriver", driver_log)
        ok(f"chromedriver answers on port {driver_port}")

        driver = WebDriver(f"http://127.0.0.1:{driver_port}")
        driver.start(args.chromium)
        ok("headless Chromium session started")

        # 1. The page loads and lists articles (an empty query matches every article).
        step("open /")
        driver.get(base + "/")
        s = wait_until(settled(driver, lambda s: s["results"]), "the first results on /")
        driver.run(CATCH_ERRORS)
        everything = count_of(s["count"])
        if not everything:
            raise Failure(f"#result-count shows no article count on /: {s['count']!r}")
        ok(f"{len(s['results'])} results shown, #result-count says {s['count']!r}")
        check_no_errors(driver, s)
        ok("no JavaScript errors after the first load")

        # 2. Type a query into #q and press Enter.
        step(f"search for {QUERY!r} (type into #q, press Enter)")
        box = driver.one("#q")
        driver.clear(box)
        driver.type(box, QUERY + "\ue007")   # U+E007: the Enter key
        s = wait_until(settled(driver, lambda s: query_of(s["url"]).get("q") == [QUERY]
                               and s["results"] and count_of(s["count"]) is not None),
                       f"results for {QUERY!r}")
        n = count_of(s["count"])
        if n < 2 or n >= everything:
            raise Failure(f"expected several but not all articles for {QUERY!r}, #result-count says {s['count']!r}")
        if n != s["total"]:
            raise Failure(f"#result-count says {n}, the API total is {s['total']}")
        if not any(r["marks"] for r in s["results"]):
            raise Failure("no snippet highlights a matched word (<mark>)")
        ok(f"#result-count says {s['count']!r}; {len(s['results'])} .result elements; snippets highlight matches")

        # 3. The people facet, and a click on its first value.
        step("filter by the first person in the people facet")
        people = [f for f in s["facets"] if f["facet"] == "people"]
        if len(people) < 2:
            raise Failure(f"the people facet has {len(people)} values: {people}")
        person, expected = people[0]["value"], people[0]["count"]
        ok(f"people facet has {len(people)} values; first: {person!r} ({expected})")
        buttons = driver.find('.facet-value[data-facet="people"]')
        driver.click(buttons[0])
        s = wait_until(settled(driver, lambda s: person in query_of(s["url"]).get("person", [])
                               and any(c["param"] == "person" and c["value"] == person for c in s["chips"])),
                       f"results filtered by {person!r}")
        m = count_of(s["count"])
        if m is None or m > n:
            raise Failure(f"filtered count {s['count']!r} is not at most {n}")
        if m != expected:
            raise Failure(f"the facet promised {expected} articles, the filtered search has {m}")
        missing = [r["id"] for r in s["results"] if person not in r["people"]]
        if not s["results"] or missing:
            raise Failure(f"results that do not list {person!r}: {missing or 'no results at all'}")
        pressed = [f for f in s["facets"] if f["facet"] == "people" and f["value"] == person]
        if not pressed or pressed[0]["pressed"] != "true":
            raise Failure(f"the facet value {person!r} is not shown as active (aria-pressed)")
        ok(f"chip for {person!r}; {m} articles (<= {n}, = the facet count); every result lists {person!r}")

        # 4. The timeline: click a bar, the dates narrow to its bucket.
        step("narrow the dates with a timeline bar")
        bars = [b for b in s["bars"] if b["count"] > 0]
        if not bars:
            raise Failure("the timeline has no bar with matches")
        for b in s["bars"]:
            if b["tag"] != "BUTTON" or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?: [\d,]+ articles?", b["label"] or ""):
                raise Failure(f"bar is not a button with a name like '2024-03: 12 articles': {b}")
        if sum(b["count"] for b in s["bars"]) > m:
            raise Failure(f"the timeline counts {sum(b['count'] for b in s['bars'])} articles, more than {m}")
        bar = bars[-1]
        elements = driver.find(f'.bar[data-start="{bar["start"]}"]')
        if not elements:
            raise Failure(f"no .bar with data-start {bar['start']}")
        driver.click(elements[0])
        s = wait_until(settled(driver, lambda s: query_of(s["url"]).get("from") == [bar["start"]]
                               and query_of(s["url"]).get("to") == [bar["end"]] and s["results"]),
                       f"results from {bar['start']} to {bar['end']}")
        if s["from"] != bar["start"] or s["to"] != bar["end"]:
            raise Failure(f"date inputs show {s['from']}..{s['to']}, expected {bar['start']}..{bar['end']}")
        if count_of(s["count"]) != bar["count"]:
            raise Failure(f"the bar {bar['label']!r} promised {bar['count']}, the search has {s['count']!r}")
        outside = [r for r in s["results"] if not (bar["start"] <= (r["date"] or "") <= bar["end"])]
        if outside:
            raise Failure(f"results outside {bar['start']}..{bar['end']}: {outside}")
        if not any(c["param"] == "person" for c in s["chips"]) or not any(c["param"] == "dates" for c in s["chips"]):
            raise Failure(f"expected a person chip and a date chip, got {s['chips']}")
        ok(f"clicked {bar['label']!r}: from/to = {bar['start']}..{bar['end']} in the URL and the inputs, "
           f"{s['count']!r}, every result inside the range")

        # 5. History: back undoes the dates; removing the chip undoes the person.
        step("browser back, then remove the person chip")
        driver.back()
        s = wait_until(settled(driver, lambda s: "from" not in query_of(s["url"]) and count_of(s["count"]) == m
                               and s["from"] == ""),
                       f"back to {m} articles for {person!r} without dates")
        ok(f"back: {s['count']!r}, date inputs empty")
        chip = driver.one('.chip[data-param="person"]')
        driver.click(chip)
        s = wait_until(settled(driver, lambda s: "person" not in query_of(s["url"]) and count_of(s["count"]) == n
                               and not s["chips"]),
                       f"the person chip removed and {n} articles again")
        ok(f"chip removed: {s['count']!r}, no chips left")
        check_no_errors(driver, s)
        ok("no JavaScript errors so far")

        # 6. Desktop screenshot (the whole page) of a search with a filter.
        step("screenshot at 1280 px")
        driver.get(base + "/?" + urllib.parse.urlencode({"q": QUERY, "person": person}))
        s = wait_until(settled(driver, lambda s: s["results"] and s["bars"] and s["chips"]),
                       "the filtered page to render")
        full_page_screenshot(driver, 1280, os.path.join(out, "page.png"))
        ok(f"{os.path.join(out, 'page.png')}")

        # 7. 375 px wide: one column, nothing wider than the screen, facets collapsed.
        step("375 px wide (mobile)")
        driver.window(375, 812)
        layout = wait_until(lambda: driver.run(r"""
            if (window.innerWidth > 420) return null;
            const refine = document.querySelector('#refine');
            const summary = refine && refine.querySelector('summary');
            return {width: window.innerWidth, scroll: document.documentElement.scrollWidth,
                    open: refine ? refine.open : null,
                    summary: summary ? getComputedStyle(summary).display : null,
                    results: document.querySelectorAll('.result').length};
            """), "the window to become 375 px wide")
        if layout["scroll"] > layout["width"]:
            raise Failure(f"the page is {layout['scroll']} px wide in a {layout['width']} px window")
        if layout["open"] or layout["summary"] == "none":
            raise Failure(f"facets are not collapsed behind a summary at {layout['width']} px: {layout}")
        ok(f"{layout['width']} px viewport, no horizontal overflow, facets collapsed, {layout['results']} results")
        time.sleep(0.3)   # let layout settle after the resize
        driver.screenshot(os.path.join(out, "page-mobile.png"))   # what a phone shows
        ok(f"{os.path.join(out, 'page-mobile.png')}")
        driver.window(1280, 900)

        # 8. An API error is shown with the API's message; an empty result says so.
        step("error and empty states")
        driver.browser_log()   # drop what was logged so far (checked above)
        driver.get(base + "/?" + urllib.parse.urlencode({"q": QUERY, "from": "2024-13-01"}))
        s = wait_until(settled(driver, lambda s: s["error"]), "the error message")
        if "2024-13-01" not in s["error"] or s["results"]:
            raise Failure(f"the error should quote the API's message about 2024-13-01: {s['error']!r}")
        ok(f"error shown: {s['error']!r}")
        check_no_errors(driver, s, allow=("status of 400",))
        driver.get(base + "/?" + urllib.parse.urlencode({"q": "zzyzxnotaword"}))
        s = wait_until(settled(driver, lambda s: s["empty"] is not None), "the empty state")
        if s["results"] or count_of(s["count"]) != 0:
            raise Failure(f"expected no results and a zero count: {s['count']!r}")
        ok(f"empty state: {s['empty'][:80]!r}")

        step("no JavaScript errors were logged")
        check_no_errors(driver, s)
        ok("browser log clean")
        return 0
    except Exception as e:  # noqa: BLE001 - any problem fails the test, with what we know
        if isinstance(e, (Failure, WebDriverError, OSError, subprocess.SubprocessError)):
            print(f"FAIL: {e}", flush=True)
        else:
            print(f"FAIL: unexpected {type(e).__name__}:\n{traceback.format_exc()}", flush=True)
        if driver and driver.session:
            try:
                driver.screenshot(os.path.join(out, "failure.png"))
                print(f"    screenshot: {os.path.join(out, 'failure.png')}", flush=True)
                print(f"    page state: {json.dumps(driver.run(PAGE_STATE))[:2000]}", flush=True)
            except Exception:  # noqa: BLE001 - best effort
                pass
        if server is not None:
            print(f"    server log (last lines):\n{tail(server_log)}", flush=True)
        return 1
    finally:
        if driver:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001 - the browser may already be gone
                pass
        stop_process(chromedriver)
        stop_process(server)


def full_page_screenshot(driver, width, path):
    """Grows the window to the page's height (at most 4000 px) for a whole-page screenshot."""
    sizes = driver.run("return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight];")
    target = min(int(sizes[0]), 4000)
    driver.window(width, target + max(int(sizes[1]), 0))
    wait_until(lambda: driver.run("return window.innerHeight >= Math.min(document.documentElement.scrollHeight, 4000) - 1;"),
               "the window to grow to the page's height")
    time.sleep(0.3)   # let layout settle after the resize
    driver.screenshot(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", required=True, help="the kronika-search binary")
    parser.add_argument("--index", required=True, help="the kronika-index binary")
    parser.add_argument("--corpus", required=True, help="the demo corpus folder")
    parser.add_argument("--out", required=True, help="folder for screenshots and logs")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--chromedriver", default=os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
                        or "/usr/bin/chromedriver")
    args = parser.parse_args()

    for path, name in ((args.chromium, "Chromium"), (args.chromedriver, "chromedriver")):
        if not (path and os.path.isfile(path) and os.access(path, os.X_OK)):
            print(f"SKIP: {name} not found at {path!r} (apt-get install chromium chromium-driver)")
            return SKIP
    for path in (args.search, args.index):
        if not os.access(path, os.X_OK):
            print(f"FAIL: not an executable: {path}")
            return 1

    os.makedirs(args.out, exist_ok=True)
    for stale in ("failure.png", "page.png", "page-mobile.png"):
        try:
            os.remove(os.path.join(args.out, stale))
        except FileNotFoundError:
            pass
    work = tempfile.mkdtemp(prefix="kronika-page-test-")
    started = time.monotonic()
    try:
        status = run(args, work, os.path.abspath(args.out))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'PASS' if status == 0 else 'FAILED'} in {time.monotonic() - started:.1f} s", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
