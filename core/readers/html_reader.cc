// Web pages: metadata cascade (JSON-LD > Open Graph > <meta> > the page > hints) and main-text
// extraction over Gumbo's HTML5 parse tree.
//
// How it works, in passes over one flat list of the tree (never recursive, so a hostile page
// cannot exhaust the stack):
//   1. A cheap pre-scan caps the element nesting depth (Gumbo's tree builder is quadratic in it).
//   2. Gumbo parses; one iterative walk numbers the elements in document order and records
//      enter / text / leave events.
//   3. Each element is marked boilerplate (by tag, class, id, role, aria-label), caption or
//      credit; the marks are inherited by descendants.
//   4. The events become text blocks (one per paragraph-like element; <br><br> also splits),
//      each with its character and link-character count and the element that holds it.
//   5. The main container: a semantic one (articleBody, <article>, <main>) when it holds enough
//      text, else the Readability-style best-scoring element plus similar siblings.
//   6. The container's blocks, minus link lists, bylines, datelines and furniture lines, are
//      the body.
#include "readers/html_reader.h"

#include <gumbo.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "extract/dates.h"
#include "text_bytes.h"

namespace kronika {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Small string helpers.

bool is_space_byte(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim_view(std::string_view s) {
    while (!s.empty() && is_space_byte(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && is_space_byte(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        char a = s[i], b = prefix[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

// Code points, not bytes: thresholds must mean the same for Latin and Cyrillic text.
size_t count_chars(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Collapses runs of whitespace (ASCII and U+00A0) into one space; trims both ends.
std::string collapse_ws(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (is_space_byte(c)) {
            space = true;
            continue;
        }
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
            space = true;
            ++i;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += static_cast<char>(c);
    }
    return out;
}

// JSON-LD strings written by CMS templates often still hold HTML entities ("Rock &amp; Roll",
// "&#8217;"); Gumbo decodes attributes and text, but not script contents.
std::string decode_entities(std::string_view s) {
    if (s.find('&') == std::string_view::npos) return std::string(s);
    static const std::pair<std::string_view, uint32_t> kNamed[] = {
        {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
        {"apos", '\''},     {"nbsp", 0xA0},    {"rsquo", 0x2019}, {"lsquo", 0x2018},
        {"rdquo", 0x201D},  {"ldquo", 0x201C}, {"ndash", 0x2013}, {"mdash", 0x2014},
        {"hellip", 0x2026}, {"laquo", 0xAB},   {"raquo", 0xBB},   {"eacute", 0xE9},
        {"copy", 0xA9}};
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        size_t semi = s.find(';', i + 1);
        if (semi == std::string_view::npos || semi - i > 10) {
            out += '&';
            continue;
        }
        std::string_view name = s.substr(i + 1, semi - i - 1);
        bool done = false;
        if (name.size() >= 2 && name[0] == '#') {
            uint32_t cp = 0;
            bool hex = name[1] == 'x' || name[1] == 'X';
            bool ok = name.size() > (hex ? 2u : 1u);
            for (size_t k = hex ? 2 : 1; k < name.size() && ok; ++k) {
                char c = name[k];
                int d = c >= '0' && c <= '9'          ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                      : -1;
                if (d < 0 || cp > 0x10FFFF)
                    ok = false;
                else
                    cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
            }
            if (ok) {
                append_utf8(out, cp);
                done = true;
            }
        } else {
            for (const auto& [n, cp] : kNamed)
                if (name == n) {
                    append_utf8(out, cp);
                    done = true;
                    break;
                }
        }
        if (done)
            i = semi;
        else
            out += '&';
    }
    return out;
}

bool looks_like_url(std::string_view s) {
    s = trim_view(s);
    return starts_with_ci(s, "http://") || starts_with_ci(s, "https://") ||
           starts_with_ci(s, "//") || starts_with_ci(s, "www.");
}

// "https://www.example.com/a/b" -> "example.com".
std::string url_host(std::string_view url) {
    size_t p = url.find("://");
    if (p == std::string_view::npos) return {};
    url.remove_prefix(p + 3);
    size_t end = url.find_first_of("/?#");
    std::string host = ascii_lower(url.substr(0, end));
    if (size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
    if (size_t colon = host.find(':'); colon != std::string::npos) host.erase(colon);
    if (host.rfind("www.", 0) == 0) host.erase(0, 4);
    return host;
}

// Makes a page-relative URL absolute against `base` ("/news/a" -> "https://host/news/a");
// returns "" when it cannot.
std::string absolute_url(std::string_view url, std::string_view base) {
    url = trim_view(url);
    if (starts_with_ci(url, "http://") || starts_with_ci(url, "https://")) return std::string(url);
    if (url.empty() || url[0] == '#') return {};
    size_t p = base.find("://");
    if (p == std::string_view::npos) return {};
    if (url.rfind("//", 0) == 0) return std::string(base.substr(0, p + 1)) + std::string(url);
    size_t host_end = base.find_first_of("/?#", p + 3);
    std::string origin(base.substr(0, host_end));
    if (url[0] == '/') return origin + std::string(url);
    return {};
}

// "en-GB" -> "en", "ru_RU" -> "ru"; "" for anything that is not a two-letter code.
std::string language_code(std::string_view s) {
    s = trim_view(s);
    size_t cut = s.find_first_of("-_;, ");
    std::string code = ascii_lower(s.substr(0, cut));
    if (code.size() != 2) return {};
    for (char c : code)
        if (c < 'a' || c > 'z') return {};
    return code;
}

// Authors as written in a byline or meta tag: "By Jane Doe and John Roe" -> both names.
std::vector<std::string> split_authors(std::string_view text) {
    std::string s = collapse_ws(text);
    static const std::string_view kPrefixes[] = {
        "by ", "von ", "par ", "por ", "written by ", "posted by ", "reporting by "};
    for (bool again = true; again;) {
        again = false;
        for (auto prefix : kPrefixes)
            if (starts_with_ci(s, prefix)) {
                s.erase(0, prefix.size());
                again = true;
            }
        for (std::string_view prefix : {"Автор:", "Автор", "Текст:"})
            if (s.rfind(prefix, 0) == 0) {
                s = collapse_ws(std::string_view(s).substr(prefix.size()));
                again = true;
            }
    }
    std::vector<std::string> parts;
    std::string cur;
    auto push = [&] {
        std::string name = collapse_ws(cur);
        cur.clear();
        while (!name.empty() && (name.back() == '.' || name.back() == ',' || name.back() == '|'))
            name.pop_back();
        name = collapse_ws(name);
        size_t words = std::count(name.begin(), name.end(), ' ') + 1;
        bool digits =
            std::any_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (name.size() >= 2 && count_chars(name) <= 60 && words <= 6 && !digits &&
            !looks_like_url(name) && std::find(parts.begin(), parts.end(), name) == parts.end())
            parts.push_back(name);
    };
    for (size_t i = 0; i < s.size();) {
        std::string_view rest = std::string_view(s).substr(i);
        if (rest[0] == ',' || rest[0] == ';' || rest[0] == '|' || rest[0] == '&') {
            push();
            ++i;
        } else if (starts_with_ci(rest, " and ") || rest.rfind(" и ", 0) == 0) {
            push();
            i += rest[1] == 'a' || rest[1] == 'A' ? 5 : 4;
        } else {
            cur += rest[0];
            ++i;
        }
    }
    push();
    return parts;
}

// ---------------------------------------------------------------------------------------------
// Pass 1: cap the nesting depth before Gumbo sees the page.
//
// Gumbo checks "is there a <p> in button scope" by walking the stack of open elements for every
// start tag, so 100,000 nested <div>s take tens of seconds. This scan follows the raw tags with
// a rough model of the HTML5 stack of open elements (end tags pop to their match; <p>, <li>,
// <td>, <tr> close their open predecessor; unclosed <font>s inside them go with them) and
// blanks out start tags beyond kMaxDepth, and as many unmatched end tags. It copies the page
// only when it has to.

constexpr size_t kMaxDepth = 400;
// How far down the stack an end tag looks for its start tag; beyond, it is ignored.
constexpr size_t kMatchWindow = 64;

bool is_void(std::string_view name) {
    static const std::string_view kNames[] = {
        "area",    "base",  "br",    "col",    "embed", "hr",  "img",    "input",
        "link",    "meta",  "param", "source", "track", "wbr", "keygen", "basefont",
        "bgsound", "frame", "image", "html",   "head",  "body"};
    for (auto n : kNames)
        if (name == n) return true;
    return false;
}

// Start tags that close an open <p> (HTML5's "close a p element in button scope").
bool closes_p(std::string_view name) {
    static const std::string_view kNames[] = {
        "p",      "div",    "table", "ul",      "ol",       "dl",         "h1",      "h2",
        "h3",     "h4",     "h5",    "h6",      "pre",      "blockquote", "section", "article",
        "header", "footer", "nav",   "aside",   "main",     "form",       "figure",  "address",
        "center", "hr",     "menu",  "details", "fieldset", "figcaption", "hgroup",  "listing"};
    for (auto n : kNames)
        if (name == n) return true;
    return false;
}

bool is_raw_text(std::string_view name) {
    return name == "script" || name == "style" || name == "textarea" || name == "title" ||
           name == "xmp" || name == "noembed" || name == "noframes" || name == "iframe" ||
           name == "noscript" || name == "plaintext";
}

size_t find_ci(std::string_view hay, std::string_view needle, size_t from) {
    if (needle.empty()) return from;
    for (size_t i = hay.find(needle[0], from); i != std::string_view::npos;
         i = hay.find(needle[0], i + 1)) {
        if (hay.size() - i < needle.size()) return std::string_view::npos;
        if (starts_with_ci(hay.substr(i), needle)) return i;
    }
    return std::string_view::npos;
}

// Returns true and fills *out when some tags had to be blanked.
bool cap_nesting(std::string_view html, std::string* out) {
    std::vector<std::string> open;
    size_t dropped = 0;
    bool copied = false;
    auto blank = [&](size_t from, size_t to) {
        if (!copied) {
            out->assign(html);
            copied = true;
        }
        for (size_t k = from; k < to; ++k) (*out)[k] = ' ';
    };
    // Pops up to and including the nearest element named in `names`, unless an element named
    // in `stops` comes first; looks no deeper than kMatchWindow.
    auto pop_to = [&](std::initializer_list<std::string_view> names,
                      std::initializer_list<std::string_view> stops) {
        for (size_t d = 0; d < open.size() && d < kMatchWindow; ++d) {
            const std::string& n = open[open.size() - 1 - d];
            if (std::find(stops.begin(), stops.end(), n) != stops.end()) return false;
            if (std::find(names.begin(), names.end(), n) != names.end()) {
                open.resize(open.size() - 1 - d);
                return true;
            }
        }
        return false;
    };
    size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        std::string_view rest = html.substr(i);
        if (rest.rfind("<!--", 0) == 0) {
            size_t e = html.find("-->", i + 4);
            if (e == std::string_view::npos) break;
            i = e + 3;
            continue;
        }
        bool end_tag = rest.size() > 1 && rest[1] == '/';
        size_t n0 = i + (end_tag ? 2 : 1), n1 = n0;
        while (n1 < html.size() &&
               ((html[n1] >= 'a' && html[n1] <= 'z') || (html[n1] >= 'A' && html[n1] <= 'Z') ||
                (html[n1] >= '0' && html[n1] <= '9') || html[n1] == '-'))
            ++n1;
        if (n1 == n0 || !((html[n0] | 0x20) >= 'a' && (html[n0] | 0x20) <= 'z')) {
            ++i;
            continue;
        }
        std::string name = ascii_lower(html.substr(n0, std::min<size_t>(n1 - n0, 16)));
        // The end of the tag, skipping quoted attribute values.
        size_t k = n1;
        char quote = 0;
        for (; k < html.size(); ++k) {
            char c = html[k];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                break;
            }
        }
        if (k >= html.size()) break;
        size_t tag_end = k + 1;
        if (end_tag) {
            if (!is_void(name) && !is_raw_text(name) && !pop_to({name}, {}) && dropped > 0) {
                blank(i, tag_end);
                --dropped;
            }
            i = tag_end;
            continue;
        }
        if (is_raw_text(name)) {
            size_t close = find_ci(html, "</" + name, tag_end);
            i = close == std::string_view::npos ? html.size() : close;
            continue;
        }
        size_t tag_start = i;
        i = tag_end;
        if (is_void(name) || html[k - 1] == '/') continue;
        if (name == "td" || name == "th")
            pop_to({"td", "th"}, {"table"});
        else if (name == "tr")
            pop_to({"tr"}, {"table"});
        else if (name == "li")
            pop_to({"li"}, {"ul", "ol", "menu"});
        else if (name == "dd" || name == "dt")
            pop_to({"dd", "dt"}, {"dl"});
        else if (name == "option")
            pop_to({"option"}, {"select"});
        if (closes_p(name)) pop_to({"p"}, {"table", "td", "th", "button", "caption"});
        if (open.size() >= kMaxDepth) {
            blank(tag_start, tag_end);
            ++dropped;
        } else {
            open.push_back(std::move(name));
        }
    }
    return copied;
}

// ---------------------------------------------------------------------------------------------
// Pass 2: the element list and the event stream.

struct Elem {
    const GumboNode* node = nullptr;
    int parent = -1;
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    size_t enter_event = 0;  // index of this element's enter event
    size_t leave_event = 0;  // index of this element's leave event
    size_t end = 0;          // one past the last descendant: descendants are (index, end)
    // Filled in pass 3.
    bool removed = false;       // boilerplate, not body text
    bool hard_removed = false;  // removed for a reason other than being a <header>
    bool caption = false;       // inside a caption
    bool credit = false;        // inside a photo credit
    bool byline = false;        // a byline: metadata, not body
    // Block statistics of the subtree (pass 4), for scoring.
    size_t chars = 0, link_chars = 0;
    double score = 0;
    bool candidate = false;
};

struct Event {
    enum Kind : uint8_t { Enter, Leave, Text } kind;
    int elem;               // Enter/Leave: the element; Text: the innermost element
    const GumboNode* text;  // Text only
};

struct Tree {
    std::vector<Elem> elems;
    std::vector<Event> events;
};

Tree flatten(const GumboNode* root) {
    Tree t;
    struct Frame {
        const GumboNode* node;
        int elem;
        unsigned next_child;
    };
    std::vector<Frame> stack;
    auto enter = [&](const GumboNode* n, int parent) {
        int idx = static_cast<int>(t.elems.size());
        Elem e;
        e.node = n;
        e.parent = parent;
        e.tag = n->v.element.tag;
        e.enter_event = t.events.size();
        t.elems.push_back(e);
        t.events.push_back({Event::Enter, idx, nullptr});
        stack.push_back({n, idx, 0});
    };
    enter(root, -1);
    while (!stack.empty()) {
        Frame& f = stack.back();
        const GumboVector& children = f.node->v.element.children;
        if (f.next_child >= children.length) {
            t.elems[static_cast<size_t>(f.elem)].leave_event = t.events.size();
            t.elems[static_cast<size_t>(f.elem)].end = t.elems.size();
            t.events.push_back({Event::Leave, f.elem, nullptr});
            stack.pop_back();
            continue;
        }
        const GumboNode* child = static_cast<const GumboNode*>(children.data[f.next_child++]);
        int parent = f.elem;
        switch (child->type) {
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE:
                enter(child, parent);  // invalidates f
                break;
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_CDATA:
            case GUMBO_NODE_WHITESPACE:
                t.events.push_back({Event::Text, parent, child});
                break;
            default:
                break;
        }
    }
    return t;
}

std::string_view attr(const GumboNode* n, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? std::string_view(a->value) : std::string_view();
}

// ---------------------------------------------------------------------------------------------
// Pass 3: what each element is.

// Splits a class/id/label into lower-case words: "shareBar js-social_links" -> share, bar, js,
// social, links.
std::vector<std::string> name_tokens(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    auto push = [&] {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
    };
    for (size_t i = 0; i < s.size() && out.size() < 64; ++i) {
        char c = s[i];
        bool upper = c >= 'A' && c <= 'Z';
        bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum) {
            push();
            continue;
        }
        if (upper && i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z') push();
        cur += upper ? static_cast<char>(c - 'A' + 'a') : c;
    }
    push();
    return out;
}

// Words that mark an element as page furniture. Exact words only where a prefix would hit
// ordinary names ("ad" in "header", "read" in "thread", "tag" in "stage").
bool boilerplate_tokens(const std::vector<std::string>& tokens) {
    static const std::string_view kExact[] = {
        "ad",       "ads",      "adslot",      "adunit",     "adbox",   "advert",  "dfp",
        "nav",      "menu",     "menus",       "tags",       "tag",     "topics",  "popular",
        "trending", "mostread", "mostpopular", "outbrain",   "taboola", "paywall", "modal",
        "popup",    "masthead", "toolbar",     "pagination", "pager",   "skip",    "hidden",
        "hide",     "print",    "disqus",      "gdpr",       "rss",     "login",   "signin",
        "search",   "onetrust", "donate",      "more",       "jump",    "overlay", "ticker"};
    static const std::string_view kPrefix[] = {
        "advert",  "sponsor", "promo",   "navbar",    "navigation", "share",
        "sharing", "social",  "cookie",  "consent",   "banner",     "newsletter",
        "subscri", "signup",  "related", "recommend", "comment",    "breadcrumb",
        "footer",  "sidebar", "widget",  "mostread",  "mostpopular"};
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        for (auto w : kExact)
            if (t == w) {
                // "more" only as "read more" / "more stories"; "hidden" also as "sr-only".
                if (w == "more") {
                    bool ok = (i > 0 && tokens[i - 1] == "read") ||
                              (i + 1 < tokens.size() &&
                               (tokens[i + 1] == "stories" || tokens[i + 1] == "news" ||
                                tokens[i + 1] == "articles" || tokens[i + 1] == "from"));
                    if (!ok) continue;
                }
                // "print-edition", Bootstrap's "hidden-xs" (visible on larger screens).
                if ((w == "print" || w == "hidden" || w == "hide") && i + 1 < tokens.size())
                    continue;
                // WordPress marks posts "tag-<slug>"; a tag list is "tags", "tag-list", ...
                if (w == "tag" && !(i + 1 < tokens.size() &&
                                    (tokens[i + 1] == "list" || tokens[i + 1] == "cloud" ||
                                     tokens[i + 1] == "links" || tokens[i + 1] == "bar")))
                    continue;
                return true;
            }
        // "commentary" is an opinion piece, "subscriber" content the paywalled article body.
        if (t.rfind("commentar", 0) == 0 || t.rfind("subscriber", 0) == 0) continue;
        for (auto w : kPrefix)
            if (t.size() >= w.size() && t.compare(0, w.size(), w) == 0) return true;
        auto next = [&](std::string_view w) { return i + 1 < tokens.size() && tokens[i + 1] == w; };
        if (t == "most" && (next("read") || next("popular") || next("viewed") || next("shared")))
            return true;
        if (t == "author" &&
            (next("bio") || next("box") || next("card") || next("info") || next("profile")))
            return true;
        if (t == "about" && next("author")) return true;
        if (t == "sr" && next("only")) return true;
        if (t == "visually" && next("hidden")) return true;
        if (t == "you" && next("may")) return true;
        if (t == "further" && next("reading")) return true;
        if (t == "also" && next("read")) return true;
        if (t == "see" && next("also")) return true;
    }
    return false;
}

bool is_caption_class(const std::vector<std::string>& tokens) {
    for (size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (t == "caption" || t == "figcaption" || t == "legend" || t.rfind("caption", 0) == 0 ||
            (t.size() > 7 && t.compare(t.size() - 7, 7, "caption") == 0))
            return true;
    }
    return false;
}

bool is_credit_class(const std::vector<std::string>& tokens) {
    for (const auto& t : tokens)
        if (t == "credit" || t == "credits" || t == "copyright" || t == "photographer" ||
            t.rfind("credit", 0) == 0)
            return true;
    return false;
}

bool is_byline_class(const std::vector<std::string>& tokens) {
    bool author = false;
    for (const auto& t : tokens) {
        if (t == "byline" || t.rfind("byline", 0) == 0) return true;
        if (t == "author" || t == "authors" || t == "writer") author = true;
        if (t == "bio" || t == "avatar" || t == "image" || t == "img" || t == "photo" ||
            t == "box" || t == "card" || t == "profile")
            return false;
    }
    return author;
}

bool is_block_tag(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_BODY:
        case GUMBO_TAG_CENTER:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_DETAILS:
        case GUMBO_TAG_DIR:
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_DL:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_FIELDSET:
        case GUMBO_TAG_FIGCAPTION:
        case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_HEADER:
        case GUMBO_TAG_HGROUP:
        case GUMBO_TAG_HR:
        case GUMBO_TAG_HTML:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_MENU:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_P:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_SECTION:
        case GUMBO_TAG_SUMMARY:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TBODY:
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TFOOT:
        case GUMBO_TAG_TH:
        case GUMBO_TAG_THEAD:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_UL:
        case GUMBO_TAG_CAPTION:
            return true;
        default:
            return false;
    }
}

bool is_heading(GumboTag tag) {
    return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 ||
           tag == GUMBO_TAG_H4 || tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// Tags whose content is never article text.
bool is_removed_tag(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_BUTTON:
        case GUMBO_TAG_SVG:
        case GUMBO_TAG_MATH:
        case GUMBO_TAG_SELECT:
        case GUMBO_TAG_TEXTAREA:
        case GUMBO_TAG_INPUT:
        case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_EMBED:
        case GUMBO_TAG_CANVAS:
        case GUMBO_TAG_VIDEO:
        case GUMBO_TAG_AUDIO:
        case GUMBO_TAG_MAP:
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_TITLE:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_MENU:
        case GUMBO_TAG_FRAMESET:
        case GUMBO_TAG_NOFRAMES:
            return true;
        default:
            return false;
    }
}

bool is_protected_tag(GumboTag tag) {
    return tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_MAIN ||
           tag == GUMBO_TAG_ARTICLE;
}

// Raw text sizes of every subtree (all text, links or not), for the "does this 'sidebar' hold
// the whole page" safeguard.
std::vector<size_t> subtree_text_sizes(const Tree& t) {
    std::vector<size_t> size(t.elems.size(), 0);
    for (const Event& ev : t.events)
        if (ev.kind == Event::Text)
            size[static_cast<size_t>(ev.elem)] += strlen(ev.text->v.text.text);
    for (size_t i = t.elems.size(); i-- > 1;)
        size[static_cast<size_t>(t.elems[i].parent)] += size[i];
    return size;
}

void classify(Tree& t) {
    std::vector<size_t> text_size = subtree_text_sizes(t);
    size_t page_text = text_size.empty() ? 0 : text_size[0];
    for (size_t i = 0; i < t.elems.size(); ++i) {
        Elem& e = t.elems[i];
        const Elem* parent = e.parent >= 0 ? &t.elems[static_cast<size_t>(e.parent)] : nullptr;
        if (parent) {
            e.removed = parent->removed;
            e.hard_removed = parent->hard_removed;
            e.caption = parent->caption;
            e.credit = parent->credit;
            e.byline = parent->byline;
        }
        if (e.hard_removed) continue;
        const GumboNode* n = e.node;
        std::string names = std::string(attr(n, "class")) + " " + std::string(attr(n, "id"));
        std::vector<std::string> tokens = name_tokens(names);
        std::string role = ascii_lower(attr(n, "role"));
        std::string style = ascii_lower(attr(n, "style"));
        style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
        bool hard = is_removed_tag(e.tag) ||
                    gumbo_get_attribute(&n->v.element.attributes, "hidden") != nullptr ||
                    style.find("display:none") != std::string::npos ||
                    style.find("visibility:hidden") != std::string::npos;
        if (role == "navigation" || role == "banner" || role == "complementary" ||
            role == "contentinfo" || role == "search" || role == "dialog" ||
            role == "alertdialog" || role == "menu" || role == "menubar" || role == "toolbar")
            hard = true;
        if (e.tag == GUMBO_TAG_FORM && text_size[i] < 2000) hard = true;
        // WordPress post containers carry "tag-<slug>" and "category-<slug>" classes.
        bool protect = is_protected_tag(e.tag) || attr(n, "itemprop") == "articleBody" ||
                       std::find(tokens.begin(), tokens.end(), "hentry") != tokens.end();
        if (!hard && !protect &&
            (boilerplate_tokens(tokens) ||
             boilerplate_tokens(name_tokens(attr(n, "aria-label"))))) {
            // A wrapper named like furniture ("content has-sidebar") that holds most of the
            // page's text is the page, not furniture.
            bool whole_page = text_size[i] >= 2000 && text_size[i] * 2 >= page_text;
            if (!whole_page) hard = true;
        }
        if (hard && !is_protected_tag(e.tag)) {
            e.removed = e.hard_removed = true;
            continue;
        }
        if (e.tag == GUMBO_TAG_HEADER) e.removed = true;
        if (e.tag == GUMBO_TAG_FIGCAPTION || is_caption_class(tokens)) e.caption = true;
        if (is_credit_class(tokens)) e.credit = true;
        if (!e.byline && text_size[i] < 300 &&
            (is_byline_class(tokens) || attr(n, "itemprop") == "author" ||
             ascii_lower(attr(n, "rel")) == "author"))
            e.byline = true;
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 4: text blocks.

struct Block {
    std::string text;
    int owner = 0;  // innermost block-level element
    size_t chars = 0, link_chars = 0;
    double link_density() const { return chars ? double(link_chars) / double(chars) : 0.0; }
};

struct TextBuilder {
    std::string text;
    size_t chars = 0, link_chars = 0;
    bool space = false, newline = false;
    void append(std::string_view s, bool in_link) {
        for (size_t i = 0; i < s.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(s[i]);
            if (is_space_byte(c)) {
                space = true;
                continue;
            }
            if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
                space = true;
                ++i;
                continue;
            }
            if (!text.empty()) {
                if (newline)
                    text += '\n';
                else if (space)
                    text += ' ';
            }
            space = newline = false;
            text += static_cast<char>(c);
            if ((c & 0xC0) != 0x80) {
                ++chars;
                if (in_link) ++link_chars;
            }
        }
    }
    void line_break() {
        if (!text.empty()) newline = true;
    }
    void clear() {
        text.clear();
        chars = link_chars = 0;
        space = newline = false;
    }
};

struct Extracted {
    std::vector<Block> blocks;
    std::vector<std::string> captions;
    std::vector<std::string> credits;
};

// Splits a trailing credit off a caption: "Crowds at the gate. Photo: Anna Berg" -> caption
// "Crowds at the gate.", credit "Anna Berg"; "... (Reuters)" -> credit "Reuters".
void split_caption_credit(std::string& caption, std::vector<std::string>* credits) {
    static const std::string_view kCues[] = {
        "Photo: ", "Photograph: ", "Photos: ", "Credit: ", "Image: ", "Picture: ", "Фото: ", "© "};
    for (auto cue : kCues) {
        size_t p = caption.rfind(cue);
        if (p == std::string::npos) continue;
        std::string credit = collapse_ws(std::string_view(caption).substr(p + cue.size()));
        if (credit.empty() || count_chars(credit) > 80) continue;
        credits->push_back(credit);
        caption = collapse_ws(std::string_view(caption).substr(0, p));
        return;
    }
    if (!caption.empty() && caption.back() == ')') {
        size_t open = caption.rfind('(');
        if (open != std::string::npos && caption.size() - open <= 40) {
            std::string inner = caption.substr(open + 1, caption.size() - open - 2);
            static const std::string_view kAgencies[] = {
                "Reuters", "AP", "AFP", "Getty Images", "EPA", "ТАСС", "РИА Новости"};
            for (auto agency : kAgencies)
                if (inner == agency || inner.rfind(std::string(agency) + "/", 0) == 0) {
                    credits->push_back(inner);
                    caption = collapse_ws(std::string_view(caption).substr(0, open));
                    return;
                }
        }
    }
}

std::string strip_credit_prefix(std::string s) {
    static const std::string_view kCues[] = {
        "photo:", "photograph:", "photos:", "credit:", "image:", "picture:", "©"};
    for (auto cue : kCues)
        if (starts_with_ci(s, cue)) return collapse_ws(std::string_view(s).substr(cue.size()));
    if (s.rfind("Фото:", 0) == 0) return collapse_ws(std::string_view(s).substr(strlen("Фото:")));
    return s;
}

Extracted build_blocks(const Tree& t) {
    Extracted x;
    TextBuilder cur;
    int owner = 0;
    std::vector<int> owners;  // block owners of the enclosing block elements
    int link_depth = 0;
    int brs = 0;  // consecutive <br>s with no text between them
    auto flush = [&] {
        if (!cur.text.empty()) {
            Block b;
            b.text = std::move(cur.text);
            b.owner = owner;
            b.chars = cur.chars;
            b.link_chars = cur.link_chars;
            x.blocks.push_back(std::move(b));
        }
        cur.clear();
        brs = 0;
    };
    // Collects the text under element `elem` (events (from, leave)) into one string, skipping
    // removed descendants; credits inside go to x.credits.
    auto gather = [&](size_t from, size_t leave, bool caption) {
        TextBuilder text, credit;
        for (size_t k = from + 1; k < leave; ++k) {
            const Event& ev = t.events[k];
            const Elem& e = t.elems[static_cast<size_t>(ev.elem)];
            if (ev.kind == Event::Enter && e.hard_removed) {
                k = e.leave_event;
                continue;
            }
            if (ev.kind == Event::Enter && e.tag == GUMBO_TAG_BR) text.line_break();
            if (ev.kind != Event::Text) continue;
            if (caption && e.credit) {
                credit.append(ev.text->v.text.text, false);
            } else {
                text.append(ev.text->v.text.text, false);
            }
        }
        if (!credit.text.empty())
            x.credits.push_back(strip_credit_prefix(collapse_ws(credit.text)));
        std::string s = collapse_ws(text.text);
        if (caption) {
            split_caption_credit(s, &x.credits);
            if (!s.empty()) x.captions.push_back(std::move(s));
        } else if (!s.empty()) {
            x.credits.push_back(strip_credit_prefix(std::move(s)));
        }
    };
    for (size_t k = 0; k < t.events.size(); ++k) {
        const Event& ev = t.events[k];
        const Elem& e = t.elems[static_cast<size_t>(ev.elem)];
        if (ev.kind == Event::Text) {
            if (ev.text->type == GUMBO_NODE_WHITESPACE) {
                cur.append(" ", false);
                continue;
            }
            cur.append(ev.text->v.text.text, link_depth > 0);
            brs = 0;
            continue;
        }
        bool block = is_block_tag(e.tag);
        if (ev.kind == Event::Enter) {
            const Elem* parent = e.parent >= 0 ? &t.elems[static_cast<size_t>(e.parent)] : nullptr;
            bool new_caption = e.caption && !(parent && parent->caption);
            bool new_credit = e.credit && !(parent && parent->credit) && !e.caption;
            if (e.removed || e.byline || new_caption || new_credit) {
                if (block || new_caption) flush();
                if (!e.hard_removed && (new_caption || new_credit)) {
                    gather(k, e.leave_event, new_caption);
                } else if (!e.hard_removed) {
                    // A <header> or byline is not body text, but the lead picture's caption
                    // inside an article header is still a caption.
                    for (size_t j = k + 1; j < e.leave_event; ++j) {
                        const Event& inner = t.events[j];
                        if (inner.kind != Event::Enter) continue;
                        const Elem& c = t.elems[static_cast<size_t>(inner.elem)];
                        if (c.hard_removed) {
                            j = c.leave_event;
                        } else if (c.caption) {
                            gather(j, c.leave_event, true);
                            j = c.leave_event;
                        }
                    }
                }
                k = e.leave_event;
                continue;
            }
            if (e.tag == GUMBO_TAG_BR) {
                if (++brs >= 2)
                    flush();
                else
                    cur.line_break();
                continue;
            }
            if (e.tag == GUMBO_TAG_A && !attr(e.node, "href").empty()) ++link_depth;
            if (block) {
                flush();
                owners.push_back(owner);
                owner = ev.elem;
            }
        } else {
            if (e.tag == GUMBO_TAG_A && !attr(e.node, "href").empty() && link_depth > 0)
                --link_depth;
            if (block) {
                flush();
                if (!owners.empty()) {
                    owner = owners.back();
                    owners.pop_back();
                }
            }
        }
    }
    flush();
    return x;
}

// ---------------------------------------------------------------------------------------------
// Pass 5: the main container.

bool is_paragraph_owner(GumboTag tag) {
    return tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_BLOCKQUOTE ||
           tag == GUMBO_TAG_TD || tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION ||
           tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_CENTER ||
           tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_MAIN;
}

int class_weight(const GumboNode* n) {
    std::vector<std::string> tokens =
        name_tokens(std::string(attr(n, "class")) + " " + std::string(attr(n, "id")));
    int w = 0;
    for (const auto& tok : tokens)
        if (tok == "article" || tok == "body" || tok == "content" || tok == "entry" ||
            tok == "main" || tok == "post" || tok == "text" || tok == "story" || tok == "blog")
            w = 25;
    return w;
}

struct Container {
    std::vector<int> roots;  // disjoint subtrees in document order
};

// Whether each element lies inside one of the roots (one pass over the preorder list: a
// parent always comes before its children).
std::vector<char> membership(const Tree& t, const std::vector<int>& roots) {
    std::vector<char> in(t.elems.size(), 0);
    for (int r : roots) in[static_cast<size_t>(r)] = 1;
    for (size_t i = 1; i < t.elems.size(); ++i)
        if (!in[i] && t.elems[i].parent >= 0 && in[static_cast<size_t>(t.elems[i].parent)])
            in[i] = 1;
    return in;
}

// Characters of clean (not link-dominated) text under each element.
std::vector<size_t> good_chars(const Tree& t, const std::vector<Block>& blocks) {
    std::vector<size_t> good(t.elems.size(), 0);
    for (const Block& b : blocks)
        if (b.link_density() < 0.5 && !is_heading(t.elems[static_cast<size_t>(b.owner)].tag))
            good[static_cast<size_t>(b.owner)] += b.chars;
    for (size_t i = t.elems.size(); i-- > 1;)
        good[static_cast<size_t>(t.elems[i].parent)] += good[i];
    return good;
}

Container choose_container(Tree& t, const std::vector<Block>& blocks) {
    std::vector<size_t> good = good_chars(t, blocks);

    // Readability-style scores: each paragraph gives its parent its score, its grandparent half.
    for (Elem& e : t.elems) e.chars = e.link_chars = 0;
    for (const Block& b : blocks) {
        Elem& o = t.elems[static_cast<size_t>(b.owner)];
        o.chars += b.chars;
        o.link_chars += b.link_chars;
    }
    for (size_t i = t.elems.size(); i-- > 1;) {
        Elem& p = t.elems[static_cast<size_t>(t.elems[i].parent)];
        p.chars += t.elems[i].chars;
        p.link_chars += t.elems[i].link_chars;
    }
    for (const Block& b : blocks) {
        const Elem& o = t.elems[static_cast<size_t>(b.owner)];
        if (b.chars < 25 || b.link_density() >= 0.5 || !is_paragraph_owner(o.tag)) continue;
        size_t commas = 0;
        for (size_t k = 0; k < b.text.size(); ++k)
            commas += b.text[k] == ',' || (b.text.compare(k, 3, "，") == 0);
        double score = 1.0 + double(commas) + std::min(3.0, double(b.chars) / 100.0);
        int first = o.tag == GUMBO_TAG_P ? o.parent : b.owner;
        if (first < 0) continue;
        Elem& p1 = t.elems[static_cast<size_t>(first)];
        p1.score += score;
        p1.candidate = true;
        if (p1.parent >= 0) {
            Elem& p2 = t.elems[static_cast<size_t>(p1.parent)];
            p2.score += score / 2;
            p2.candidate = true;
        }
    }
    int best = -1;
    double best_score = 0;
    for (size_t i = 0; i < t.elems.size(); ++i) {
        Elem& e = t.elems[i];
        if (!e.candidate || e.removed) continue;
        double bonus = e.tag == GUMBO_TAG_DIV || e.tag == GUMBO_TAG_ARTICLE     ? 5
                       : e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_BLOCKQUOTE ? 3
                       : e.tag == GUMBO_TAG_UL || e.tag == GUMBO_TAG_OL         ? -3
                                                                                : 0;
        double density = e.chars ? double(e.link_chars) / double(e.chars) : 0.0;
        e.score = (e.score + bonus + class_weight(e.node)) * (1.0 - density);
        if (e.score > best_score) {
            best_score = e.score;
            best = static_cast<int>(i);
        }
    }
    Container scored;
    if (best >= 0) {
        // Siblings of the best element that score about as well, or are good paragraphs
        // themselves, belong to the article too (text split across sibling <div>s).
        int parent = t.elems[static_cast<size_t>(best)].parent;
        if (parent < 0) {
            scored.roots.push_back(best);
        } else {
            double threshold = std::max(10.0, best_score * 0.2);
            // Elements are numbered in document order, so the siblings follow the parent.
            for (size_t i = static_cast<size_t>(parent) + 1;
                 i < t.elems[static_cast<size_t>(parent)].end; i = t.elems[i].end) {
                const Elem& e = t.elems[i];
                double density = e.chars ? double(e.link_chars) / double(e.chars) : 0.0;
                bool take = static_cast<int>(i) == best || (e.candidate && e.score >= threshold) ||
                            (e.tag == GUMBO_TAG_P && e.chars >= 80 && density < 0.25);
                if (take && !e.removed) scored.roots.push_back(static_cast<int>(i));
            }
        }
    }
    size_t scored_good = 0;
    for (int r : scored.roots) scored_good += good[static_cast<size_t>(r)];

    // A semantic container wins when it holds enough text: articleBody, then the <article>
    // with the most text, then <main>.
    auto pick = [&](auto pred) {
        int chosen = -1;
        for (size_t i = 0; i < t.elems.size(); ++i) {
            const Elem& e = t.elems[i];
            if (e.removed || !pred(e)) continue;
            if (chosen < 0 || good[i] > good[static_cast<size_t>(chosen)])
                chosen = static_cast<int>(i);
        }
        if (chosen < 0) return -1;
        size_t g = good[static_cast<size_t>(chosen)];
        return g >= 300 && double(g) >= 0.6 * double(scored_good) ? chosen : -1;
    };
    int semantic = pick([](const Elem& e) { return attr(e.node, "itemprop") == "articleBody"; });
    if (semantic < 0) semantic = pick([](const Elem& e) { return e.tag == GUMBO_TAG_ARTICLE; });
    if (semantic < 0)
        semantic = pick([](const Elem& e) {
            return e.tag == GUMBO_TAG_MAIN || ascii_lower(attr(e.node, "role")) == "main";
        });
    if (semantic >= 0) return Container{{semantic}};
    return scored;
}

// ---------------------------------------------------------------------------------------------
// Pass 6: the body.

std::string normalize_line(std::string_view s) {
    std::string out = ascii_lower(s);
    while (!out.empty() && (out.back() == ':' || out.back() == '.' || out.back() == ' ' ||
                            out.back() == '>' || out.back() == '!'))
        out.pop_back();
    return out;
}

// Short furniture lines that survive the structural cleaning: ad slot labels, share prompts,
// "Read more:" teasers.
bool is_furniture_line(const Block& b) {
    if (b.chars > 160) return false;
    std::string s = normalize_line(b.text);
    static const std::string_view kExact[] = {"advertisement",
                                              "advertising",
                                              "ad",
                                              "sponsored",
                                              "share",
                                              "share this",
                                              "share this article",
                                              "share this story",
                                              "share on facebook",
                                              "share on twitter",
                                              "share via email",
                                              "share this post",
                                              "follow us",
                                              "continue reading",
                                              "read more",
                                              "loading",
                                              "skip to content",
                                              "story continues below advertisement",
                                              "article continues below advertisement",
                                              "scroll to continue with content",
                                              "sign up",
                                              "subscribe",
                                              "related",
                                              "related articles",
                                              "related stories",
                                              "more on this story",
                                              "print",
                                              "email",
                                              "comments",
                                              "реклама",
                                              "Реклама",
                                              "Поделиться",
                                              "Читайте также",
                                              "Подписывайтесь",
                                              "Читать далее",
                                              "Фото",
                                              "поделиться",
                                              "читайте также",
                                              "подписывайтесь",
                                              "читать далее"};
    for (auto e : kExact)
        if (s == e) return true;
    static const std::string_view kPrefixes[] = {
        "read more:", "read also:", "see also:",      "also read:",
        "related:",   "more:",      "читайте также:", "advertisement"};
    for (std::string_view p : {"Читайте также", "Читайте нас", "Подписывайтесь на"})
        if (b.text.rfind(p, 0) == 0) return true;
    std::string lower = ascii_lower(b.text);
    for (auto p : kPrefixes)
        if (lower.rfind(p, 0) == 0) return true;
    return false;
}

bool listing_like(const Tree& t, const std::vector<const Block*>& blocks) {
    size_t heading_links = 0;
    std::unordered_map<int, size_t> long_by_parent;
    size_t max_siblings = 0;
    for (const Block* b : blocks) {
        const Elem& o = t.elems[static_cast<size_t>(b->owner)];
        if (is_heading(o.tag) && b->link_density() >= 0.8) ++heading_links;
        if (b->chars >= 120 && b->link_density() < 0.2)
            max_siblings = std::max(max_siblings, ++long_by_parent[o.parent]);
    }
    return heading_links >= 3 && max_siblings < 3;
}

// ---------------------------------------------------------------------------------------------
// Metadata.

struct Candidate {
    std::string value;
    const char* source;
};

struct Meta {
    std::vector<Candidate> title, date, section, language, url, source;
    std::vector<std::pair<std::vector<std::string>, const char*>> authors;
};

void add(std::vector<Candidate>& v, std::string_view value, const char* source) {
    std::string s = collapse_ws(value);
    if (!s.empty()) v.push_back({std::move(s), source});
}

// JSON-LD ------------------------------------------------------------------------------------

std::string strip_schema(std::string_view type) {
    for (std::string_view p : {"http://schema.org/", "https://schema.org/", "schema:"})
        if (type.rfind(p, 0) == 0) type.remove_prefix(p.size());
    return std::string(type);
}

// 2: a news article type, 1: another article type, 0: not an article.
int article_type_rank(const json& obj) {
    auto rank_one = [](const json& v) {
        if (!v.is_string()) return 0;
        std::string t = strip_schema(v.get<std::string>());
        if (t.find("NewsArticle") != std::string::npos || t == "Report") return 2;
        if (t == "Article" || t == "BlogPosting" || t == "LiveBlogPosting" ||
            (t.size() > 7 && t.compare(t.size() - 7, 7, "Article") == 0) ||
            t == "SocialMediaPosting")
            return 1;
        return 0;
    };
    auto it = obj.find("@type");
    if (it == obj.end()) return 0;
    int best = 0;
    if (it->is_array()) {
        for (const json& v : *it) best = std::max(best, rank_one(v));
    } else {
        best = rank_one(*it);
    }
    return best;
}

// Every object in a JSON-LD document (depth-capped), for @id references and article search.
void collect_objects(const json& j, int depth, std::vector<const json*>* out) {
    if (depth > 8 || out->size() > 2000) return;
    if (j.is_object()) {
        out->push_back(&j);
        // The articles of an ItemList (a section front's teasers) are not this page's article.
        for (const auto& [key, value] : j.items())
            if (value.is_structured() && key != "itemListElement")
                collect_objects(value, depth + 1, out);
    } else if (j.is_array()) {
        for (const json& v : j)
            if (v.is_structured()) collect_objects(v, depth + 1, out);
    }
}

struct JsonLd {
    std::vector<json> docs;
    std::vector<const json*> objects;
    std::unordered_map<std::string, const json*> by_id;

    const json* resolve(const json& v) const {
        if (v.is_object() && v.size() <= 2 && v.contains("@id") && !v.contains("name")) {
            const json& id = v["@id"];
            if (id.is_string()) {
                auto it = by_id.find(id.get<std::string>());
                if (it != by_id.end()) return it->second;
            }
        }
        return &v;
    }
};

std::string json_string(const json& v) {
    if (v.is_string()) return collapse_ws(decode_entities(v.get<std::string>()));
    return {};
}

std::string json_name(const JsonLd& ld, const json& v) {
    if (v.is_string()) return json_string(v);
    const json* r = ld.resolve(v);
    if (r->is_object()) {
        auto it = r->find("name");
        if (it != r->end()) {
            if (it->is_array() && !it->empty()) return json_string((*it)[0]);
            return json_string(*it);
        }
    }
    return {};
}

const json* field(const json& obj, std::string_view key) {
    auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
}

void read_json_ld(const std::vector<std::string>& blocks, const std::string& base_url, Meta* m,
                  std::vector<std::string>* notes) {
    JsonLd ld;
    ld.docs.reserve(blocks.size());
    for (size_t b = 0; b < blocks.size() && b < 32; ++b) {
        std::string_view text = trim_view(blocks[b]);
        // CMS templates wrap the JSON in comment or CDATA markers.
        for (std::string_view wrap : {"<!--", "//<![CDATA[", "<![CDATA["})
            if (text.rfind(wrap, 0) == 0) text = trim_view(text.substr(wrap.size()));
        for (std::string_view wrap : {"-->", "//]]>", "]]>"})
            if (text.size() >= wrap.size() && text.substr(text.size() - wrap.size()) == wrap)
                text = trim_view(text.substr(0, text.size() - wrap.size()));
        if (text.empty()) continue;
        json j = json::parse(text, nullptr, false);
        if (j.is_discarded()) {
            // Raw line breaks inside strings are the commonest breakage; JSON forbids them.
            std::string repaired(text);
            for (char& c : repaired)
                if (c == '\n' || c == '\r' || c == '\t') c = ' ';
            j = json::parse(repaired, nullptr, false);
        }
        if (j.is_discarded()) {
            notes->push_back("JSON-LD block " + std::to_string(b + 1) + " does not parse; ignored");
            continue;
        }
        ld.docs.push_back(std::move(j));
    }
    for (const json& d : ld.docs) collect_objects(d, 0, &ld.objects);
    for (const json* o : ld.objects) {
        auto it = o->find("@id");
        if (it != o->end() && it->is_string() && o->size() > 2)
            ld.by_id.emplace(it->get<std::string>(), o);
    }
    const json* article = nullptr;
    int best = 0;
    for (const json* o : ld.objects) {
        int rank = article_type_rank(*o) * 2 + (o->contains("headline") ? 1 : 0);
        if (article_type_rank(*o) > 0 && rank > best) {
            best = rank;
            article = o;
        }
    }
    if (!article) return;
    const json& a = *article;
    const char* src = "json-ld";
    for (const char* key : {"headline", "name"})
        if (const json* v = field(a, key)) {
            add(m->title, json_string(v->is_array() && !v->empty() ? (*v)[0] : *v), src);
            if (!m->title.empty()) break;
        }
    for (const char* key : {"datePublished", "dateCreated", "dateModified"})
        if (const json* v = field(a, key)) add(m->date, json_string(*v), src);
    if (const json* v = field(a, "author")) {
        std::vector<std::string> names;
        auto one = [&](const json& x) {
            std::string name = json_name(ld, x);
            if (name.empty() || looks_like_url(name)) return;
            // A Person object names one person ("Doe, Jane" included); a plain string may be a
            // whole byline ("Jane Doe and John Roe").
            std::vector<std::string> found = split_authors(name);
            if (!x.is_string() && found.size() > 1) found = {collapse_ws(name)};
            for (auto& n : found)
                if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
        };
        if (v->is_array()) {
            for (const json& x : *v) one(x);
        } else {
            one(*v);
        }
        if (!names.empty()) m->authors.push_back({std::move(names), src});
    }
    if (const json* v = field(a, "articleSection"))
        add(m->section, json_string(v->is_array() && !v->empty() ? (*v)[0] : *v), src);
    if (const json* v = field(a, "inLanguage")) {
        std::string lang = json_string(*v);
        const json* r = ld.resolve(*v);
        if (lang.empty() && r->is_object()) {
            for (const char* key : {"alternateName", "name"})
                if (const json* x = field(*r, key))
                    if (!language_code(json_string(*x)).empty()) {
                        lang = json_string(*x);
                        break;
                    }
        }
        add(m->language, lang, src);
    }
    for (const char* key : {"url", "mainEntityOfPage"})
        if (const json* v = field(a, key)) {
            std::string u = json_string(*v);
            if (u.empty() && v->is_object())
                for (const char* sub : {"@id", "url"})
                    if (const json* x = field(*v, sub)) {
                        u = json_string(*x);
                        if (!u.empty()) break;
                    }
            add(m->url, absolute_url(u, base_url), src);
        }
    if (const json* v = field(a, "publisher"))
        add(m->source, json_name(ld, v->is_array() && !v->empty() ? (*v)[0] : *v), src);
}

// The page ------------------------------------------------------------------------------------

// Drops a trailing " | Site" / " - Site" from a <title> when it names the site.
std::string strip_site_suffix(std::string title, const std::string& site, const std::string& host) {
    static const std::string_view kSeps[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " » "};
    std::string site_l = ascii_lower(site);
    std::string host_l = host.substr(0, host.find('.'));
    for (int round = 0; round < 2; ++round) {
        size_t best = std::string::npos;
        size_t sep_len = 0;
        for (auto sep : kSeps) {
            size_t p = title.rfind(sep);
            if (p != std::string::npos && (best == std::string::npos || p > best)) {
                best = p;
                sep_len = sep.size();
            }
        }
        if (best == std::string::npos || best == 0) break;
        std::string tail = ascii_lower(trim_view(std::string_view(title).substr(best + sep_len)));
        std::string tail_compact;
        for (char c : tail)
            if (c != ' ' && c != '.') tail_compact += c;
        std::string site_compact;
        for (char c : site_l)
            if (c != ' ' && c != '.') site_compact += c;
        bool match = (!site_l.empty() && (tail == site_l || tail_compact == site_compact)) ||
                     (!host.empty() && (tail == host || tail_compact == host_l ||
                                        tail_compact == std::string(host.begin(), host.end())));
        if (!match) break;
        title.erase(best);
    }
    return title;
}

std::string text_of(const Tree& t, int elem) {
    const Elem& root = t.elems[static_cast<size_t>(elem)];
    TextBuilder b;
    size_t leave = root.leave_event;
    size_t k = root.enter_event;
    for (; k < leave; ++k) {
        const Event& ev = t.events[k];
        if (ev.kind == Event::Enter) {
            const Elem& e = t.elems[static_cast<size_t>(ev.elem)];
            if (e.hard_removed && ev.elem != elem) {
                k = e.leave_event;
                continue;
            }
            if (e.tag == GUMBO_TAG_BR) b.append(" ", false);
        } else if (ev.kind == Event::Text) {
            b.append(ev.text->v.text.text, false);
        }
    }
    return b.text;
}

}  // namespace

Article parse_html(std::string_view html, const HtmlHints& hints, std::vector<std::string>* notes) {
    std::vector<std::string> local_notes;
    if (!notes) notes = &local_notes;
    Article a;

    std::string capped;
    if (cap_nesting(html, &capped)) {
        html = capped;
        notes->push_back("elements nested deeper than " + std::to_string(kMaxDepth) +
                         " levels were flattened");
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // the error list is never read; do not build it
    GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
    if (!output || !output->root) {
        if (output) gumbo_destroy_output(&options, output);
        notes->push_back("the page could not be parsed");
        return a;
    }
    struct Guard {
        const GumboOptions* options;
        GumboOutput* output;
        ~Guard() { gumbo_destroy_output(options, output); }
    } guard{&options, output};

    Tree t = flatten(output->root);
    classify(t);

    // Metadata from the head and the whole page: meta tags, JSON-LD, the page's own elements.
    std::vector<std::string> ld_blocks;
    std::unordered_map<std::string, std::vector<std::string>> metas;  // lower-case key -> values
    std::string html_lang, canonical, page_title, http_lang;
    std::vector<int> h1s, times, bylines, date_props;
    for (size_t i = 0; i < t.elems.size(); ++i) {
        const Elem& e = t.elems[i];
        const GumboNode* n = e.node;
        switch (e.tag) {
            case GUMBO_TAG_HTML:
                if (html_lang.empty()) html_lang = attr(n, "lang");
                if (html_lang.empty()) html_lang = attr(n, "xml:lang");
                break;
            case GUMBO_TAG_TITLE:
                // Not an SVG icon's <title>.
                if (page_title.empty() && n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML)
                    page_title = collapse_ws(text_of(t, static_cast<int>(i)));
                break;
            case GUMBO_TAG_META: {
                std::string_view content = attr(n, "content");
                std::string_view http_equiv = attr(n, "http-equiv");
                if (!http_equiv.empty() && ascii_lower(http_equiv) == "content-language")
                    http_lang = content;
                for (const char* kind : {"property", "name", "itemprop"}) {
                    std::string key = ascii_lower(trim_view(attr(n, kind)));
                    if (key.empty() || content.empty()) continue;
                    auto& v = metas[key];
                    if (v.size() < 20) v.emplace_back(content);
                }
                break;
            }
            case GUMBO_TAG_LINK: {
                std::vector<std::string> rel = name_tokens(attr(n, "rel"));
                if (canonical.empty() &&
                    std::find(rel.begin(), rel.end(), "canonical") != rel.end())
                    canonical = attr(n, "href");
                break;
            }
            case GUMBO_TAG_SCRIPT: {
                std::string type = ascii_lower(trim_view(attr(n, "type")));
                if (type != "application/ld+json") break;
                std::string text;
                const GumboVector& kids = n->v.element.children;
                for (unsigned c = 0; c < kids.length; ++c) {
                    const GumboNode* k = static_cast<const GumboNode*>(kids.data[c]);
                    if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA ||
                        k->type == GUMBO_NODE_WHITESPACE)
                        text += k->v.text.text;
                }
                if (text.size() <= (1u << 20)) ld_blocks.push_back(std::move(text));
                break;
            }
            case GUMBO_TAG_H1:
                if (!e.hard_removed) h1s.push_back(static_cast<int>(i));
                break;
            case GUMBO_TAG_TIME:
                if (!e.hard_removed && !attr(n, "datetime").empty())
                    times.push_back(static_cast<int>(i));
                break;
            default:
                break;
        }
        if (!e.hard_removed && e.byline &&
            (e.parent < 0 || !t.elems[static_cast<size_t>(e.parent)].byline))
            bylines.push_back(static_cast<int>(i));
        if (!e.hard_removed && attr(n, "itemprop") == "datePublished")
            date_props.push_back(static_cast<int>(i));
    }
    auto meta = [&](std::string_view key) -> const std::vector<std::string>* {
        auto it = metas.find(std::string(key));
        return it == metas.end() ? nullptr : &it->second;
    };

    Meta m;
    std::string base_url = hints.url;
    // What page-relative URLs (a relative canonical link) are resolved against.
    if (auto v = meta("og:url"); v && base_url.empty()) base_url = v->front();
    if (base_url.empty()) base_url = canonical;
    read_json_ld(ld_blocks, base_url, &m, notes);

    // Open Graph and article:* properties.
    const char* og = "opengraph";
    if (auto v = meta("og:title")) add(m.title, v->front(), og);
    for (const char* key : {"article:published_time", "og:article:published_time",
                            "article:published", "og:published_time"})
        if (auto v = meta(key)) add(m.date, v->front(), og);
    if (auto v = meta("article:author")) {
        std::vector<std::string> names;
        for (const auto& s : *v)
            if (!looks_like_url(s))
                for (auto& n : split_authors(s)) names.push_back(n);
        if (!names.empty()) m.authors.push_back({names, og});
    }
    if (auto v = meta("article:section")) add(m.section, v->front(), og);
    if (auto v = meta("og:locale")) add(m.language, v->front(), og);
    if (auto v = meta("og:url")) add(m.url, absolute_url(v->front(), base_url), og);
    if (auto v = meta("og:site_name")) add(m.source, v->front(), og);

    // Plain <meta name> tags.
    const char* mt = "meta";
    for (const char* key :
         {"title", "dc.title", "twitter:title", "parsely-title", "sailthru.title"})
        if (auto v = meta(key)) add(m.title, v->front(), mt);
    for (const char* key :
         {"date", "pubdate", "publishdate", "publish-date", "article.published", "dc.date",
          "dc.date.issued", "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
          "citation_date", "citation_publication_date", "datepublished", "og:pubdate"})
        if (auto v = meta(key)) add(m.date, v->front(), mt);
    for (const char* key : {"author", "dc.creator", "dcterms.creator", "byl", "parsely-author",
                            "sailthru.author", "citation_author"})
        if (auto v = meta(key)) {
            std::vector<std::string> names;
            for (const auto& s : *v)
                if (!looks_like_url(s))
                    for (auto& n : split_authors(s)) names.push_back(n);
            if (!names.empty()) m.authors.push_back({names, mt});
        }
    for (const char* key : {"section", "article.section", "parsely-section", "category"})
        if (auto v = meta(key)) add(m.section, v->front(), mt);
    add(m.language, http_lang, mt);
    for (const char* key : {"language", "dc.language", "content-language"})
        if (auto v = meta(key)) add(m.language, v->front(), mt);

    // The body, needed before the page-level fallbacks (the <h1> and <time> inside it).
    Extracted x = build_blocks(t);
    Container container = choose_container(t, x.blocks);
    std::vector<char> in_container = membership(t, container.roots);
    std::vector<const Block*> chosen;
    for (const Block& b : x.blocks)
        if (in_container[static_cast<size_t>(b.owner)]) chosen.push_back(&b);

    // The page itself.
    const char* ht = "html";
    auto in_article = [&](int elem) {
        for (int i = elem; i >= 0; i = t.elems[static_cast<size_t>(i)].parent)
            if (in_container[static_cast<size_t>(i)] ||
                t.elems[static_cast<size_t>(i)].tag == GUMBO_TAG_ARTICLE)
                return true;
        return false;
    };
    std::string h1;
    for (int i : h1s)
        if (in_article(i)) {
            h1 = collapse_ws(text_of(t, i));
            break;
        }
    if (h1.empty() && h1s.size() == 1) h1 = collapse_ws(text_of(t, h1s[0]));
    {
        std::string site = m.source.empty() ? "" : m.source.front().value;
        std::string host = url_host(!m.url.empty()       ? m.url.front().value
                                    : !canonical.empty() ? absolute_url(canonical, base_url)
                                                         : hints.url);
        std::string title = strip_site_suffix(page_title, site, host);
        // The visible headline inside the article beats the <title>, which often carries
        // section names and other decorations.
        add(m.title, h1, ht);
        add(m.title, title, ht);
    }
    for (int i : date_props) {
        const GumboNode* n = t.elems[static_cast<size_t>(i)].node;
        std::string_view v = attr(n, "datetime");
        if (v.empty()) v = attr(n, "content");
        if (!v.empty())
            add(m.date, v, ht);
        else
            add(m.date, text_of(t, i), ht);
    }
    for (int i : times)
        if (in_article(i)) add(m.date, attr(t.elems[static_cast<size_t>(i)].node, "datetime"), ht);
    if (!times.empty())
        add(m.date, attr(t.elems[static_cast<size_t>(times.front())].node, "datetime"), ht);
    for (int i : bylines) {
        // Prefer an itemprop=name inside the byline; else its whole text.
        std::vector<std::string> names;
        for (size_t k = static_cast<size_t>(i) + 1; k < t.elems[static_cast<size_t>(i)].end; ++k)
            if (attr(t.elems[k].node, "itemprop") == "name")
                for (auto& n : split_authors(text_of(t, static_cast<int>(k)))) names.push_back(n);
        if (names.empty()) names = split_authors(text_of(t, i));
        // A byline that is only a date ("Published March 5, 2024") names nobody.
        names.erase(
            std::remove_if(names.begin(), names.end(),
                           [](const std::string& s) { return parse_dateline(s).has_value(); }),
            names.end());
        if (!names.empty()) {
            m.authors.push_back({names, ht});
            break;
        }
    }
    add(m.language, html_lang, ht);
    if (!canonical.empty()) add(m.url, absolute_url(canonical, base_url), ht);

    // Hints.
    const char* hn = "hint";
    add(m.url, hints.url, hn);
    add(m.date, hints.date, hn);

    // Choose each field: the first candidate, in order of trust.
    auto record = [&](const char* field, const char* source) {
        a.field_sources.emplace_back(field, source);
    };
    if (!m.title.empty()) {
        a.title = m.title.front().value;
        record("title", m.title.front().source);
    }
    if (!m.date.empty()) {
        const Candidate* parsed = nullptr;
        for (const Candidate& c : m.date) {
            a.date = parse_date(c.value);
            if (a.date) {
                parsed = &c;
                break;
            }
        }
        if (parsed) {
            a.date_raw = parsed->value;
            record("date", parsed->source);
            if (parsed != &m.date.front())
                notes->push_back("unparseable date \"" + m.date.front().value.substr(0, 64) +
                                 "\" (" + m.date.front().source + "); used the " + parsed->source +
                                 " date instead");
        } else {
            a.date_raw = m.date.front().value;
            record("date", m.date.front().source);
            notes->push_back("unparseable date \"" + a.date_raw.substr(0, 64) + "\"");
        }
    }
    if (!m.authors.empty()) {
        a.authors = m.authors.front().first;
        record("authors", m.authors.front().second);
    }
    if (!m.section.empty()) {
        a.section = m.section.front().value;
        record("section", m.section.front().source);
    }
    for (const Candidate& c : m.language) {
        std::string code = language_code(c.value);
        if (!code.empty()) {
            a.language = code;
            record("language", c.source);
            break;
        }
    }
    const char* url_source = nullptr;
    for (const Candidate& c : m.url)
        if (starts_with_ci(c.value, "http://") || starts_with_ci(c.value, "https://")) {
            a.url = c.value;
            url_source = c.source;
            record("url", c.source);
            break;
        }
    if (!m.source.empty()) {
        a.source = m.source.front().value;
        record("source", m.source.front().source);
    } else if (url_source) {
        // The outlet is then the URL's host, known as well as the URL is.
        a.source = url_host(a.url);
        if (!a.source.empty()) record("source", url_source);
    }

    // The body.
    std::string title_l = ascii_lower(a.title);
    if (listing_like(t, chosen)) {
        notes->push_back("no main text found (the page looks like a list of links)");
    } else {
        std::string body;
        std::string previous;
        for (const Block* b : chosen) {
            const Elem& o = t.elems[static_cast<size_t>(b->owner)];
            if (b->link_density() >= 0.5) continue;
            if (o.tag == GUMBO_TAG_H1) continue;
            if (is_furniture_line(*b)) continue;
            if (b->chars < 80 && parse_dateline(b->text)) continue;
            if (body.empty() && !title_l.empty()) {
                // The headline repeated as the first paragraph, alone or as its first line.
                std::string lower = ascii_lower(b->text);
                if (lower == title_l) continue;
                if (lower.rfind(title_l + "\n", 0) == 0) {
                    std::string rest = b->text.substr(title_l.size() + 1);
                    body = rest;
                    previous = b->text;
                    continue;
                }
            }
            if (b->text == previous) continue;
            if (!body.empty()) body += "\n\n";
            body += b->text;
            previous = b->text;
        }
        a.body = std::move(body);
        if (a.body.empty()) notes->push_back("no main text found");
    }
    a.captions = std::move(x.captions);
    for (auto& c : x.credits)
        if (!c.empty() &&
            std::find(a.photo_credits.begin(), a.photo_credits.end(), c) == a.photo_credits.end())
            a.photo_credits.push_back(std::move(c));
    return a;
}

}  // namespace kronika
