// Reader for plain-text page scrapes: title, section, credits, dateline, byline, body, furniture.
#include "readers/text_scrape.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/dates.h"

namespace kronika {

namespace {

// ---------------------------------------------------------------------------------------------
// Byte-level helpers. Everything here works on bytes so that no input can make it throw; only
// ASCII is case-folded, which is all the furniture and label lists need.

char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}
bool is_ascii_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_ascii_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_ascii_alpha(char c) {
    return is_ascii_upper(c) || is_ascii_lower(c);
}
bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_alnum(char c) {
    return is_ascii_alpha(c) || is_ascii_digit(c);
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(s[i]) != ascii_lower(prefix[i])) return false;
    return true;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    return starts_with_ci(s.substr(s.size() - suffix.size()), suffix);
}

bool contains_ci(std::string_view s, std::string_view needle) {
    if (needle.empty()) return true;
    for (size_t i = 0; i + needle.size() <= s.size(); ++i)
        if (starts_with_ci(s.substr(i), needle)) return true;
    return false;
}

// A prefix match that ends on a word boundary, so "Advertisement" does not match
// "Advertisements on television...".
bool starts_with_word_ci(std::string_view s, std::string_view prefix) {
    if (!starts_with_ci(s, prefix)) return false;
    if (s.size() == prefix.size()) return true;
    char last = prefix.back();
    if (!is_ascii_alnum(last)) return true;
    return !is_ascii_alnum(s[prefix.size()]);
}

// Width in bytes of the horizontal-space sequence at s[i], 0 when there is none: ASCII blanks,
// NBSP, the U+2000..U+200B spaces, narrow NBSP, ideographic space and a stray BOM.
size_t space_width(std::string_view s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return 1;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
    if (c == 0xE2 && i + 2 < s.size()) {
        unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
        unsigned char c2 = static_cast<unsigned char>(s[i + 2]);
        if (c1 == 0x80 && (c2 <= 0x8B || c2 == 0xAF)) return 3;
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80)
        return 3;
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
        static_cast<unsigned char>(s[i + 2]) == 0xBF)
        return 3;
    return 0;
}

// Trim and collapse every run of horizontal space (tabs, NBSP, ...) to one ASCII space, so that
// the title's two copies compare equal however the page padded them.
std::string clean_line(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    bool pending_space = false;
    for (size_t i = 0; i < raw.size();) {
        if (size_t w = space_width(raw, i)) {
            pending_space = true;
            i += w;
            continue;
        }
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += raw[i++];
    }
    return out;
}

std::string_view trim_view(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

size_t word_count(std::string_view s) {
    size_t n = 0;
    bool in_word = false;
    for (char c : s) {
        if (c == ' ') {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            ++n;
        }
    }
    return n;
}

std::vector<std::string_view> split_words(std::string_view s) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

// True when the first character is a lowercase letter (ASCII, or Latin-1/Latin Extended-A
// lowercase in UTF-8, enough for wrapped European text).
bool starts_lowercase(std::string_view s) {
    if (s.empty()) return false;
    unsigned char c = static_cast<unsigned char>(s[0]);
    if (is_ascii_lower(static_cast<char>(c))) return true;
    if (c == 0xC3 && s.size() > 1) {
        unsigned char c1 = static_cast<unsigned char>(s[1]);
        return c1 >= 0x9F && c1 <= 0xBF && c1 != 0xB7;  // U+00DF..U+00FF except the division sign
    }
    return false;
}

bool ends_sentence(std::string_view s) {
    if (s.empty()) return false;
    char c = s.back();
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == '\'' ||
        c == ')' || c == ']')
        return true;
    // Closing curly quotes and the ellipsis: U+2019, U+201D, U+2026.
    return s.size() >= 3 && static_cast<unsigned char>(s[s.size() - 3]) == 0xE2 &&
           static_cast<unsigned char>(s[s.size() - 2]) == 0x80 &&
           (static_cast<unsigned char>(s.back()) == 0x99 ||
            static_cast<unsigned char>(s.back()) == 0x9D ||
            static_cast<unsigned char>(s.back()) == 0xA6);
}

// Strip a leading copyright mark: "©", "(c)", "(C)", "Copyright".
std::string_view strip_copyright_mark(std::string_view s) {
    s = trim_view(s);
    for (;;) {
        if (s.substr(0, 2) == "\xC2\xA9") {
            s = trim_view(s.substr(2));
        } else if (starts_with_ci(s, "(c)")) {
            s = trim_view(s.substr(3));
        } else if (starts_with_word_ci(s, "copyright")) {
            s = trim_view(s.substr(9));
        } else {
            return s;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Section label: "News" in "NewsKremlin doubts...", when the rest of the line is the title.

// A section label is 1-3 capitalised words of letters (and "&", "-", "."), at most 30 bytes.
bool looks_like_label(std::string_view s) {
    if (s.empty() || s.size() > 30) return false;
    auto words = split_words(s);
    if (words.empty() || words.size() > 3) return false;
    for (std::string_view w : words) {
        if (w == "&") continue;
        unsigned char first = static_cast<unsigned char>(w[0]);
        if (!is_ascii_upper(w[0]) && first < 0xC0) return false;
        for (char c : w) {
            unsigned char u = static_cast<unsigned char>(c);
            if (!is_ascii_alpha(c) && u < 0x80 && c != '&' && c != '-' && c != '.') return false;
        }
    }
    return true;
}

// When `first` is `label + title` (glued or separated by " | ", " - ", ": "), the label.
std::optional<std::string> section_prefix(std::string_view first, std::string_view title) {
    if (title.empty() || first.size() <= title.size()) return std::nullopt;
    if (first.substr(first.size() - title.size()) != title) return std::nullopt;
    std::string_view label = first.substr(0, first.size() - title.size());
    // Separators a page may put between the label and the headline.
    for (;;) {
        label = trim_view(label);
        if (!label.empty() && (label.back() == '|' || label.back() == '-' || label.back() == ':' ||
                               label.back() == '/' || label.back() == '>')) {
            label.remove_suffix(1);
        } else if (label.size() >= 2 && (label.substr(label.size() - 2) == "\xC2\xBB" ||
                                         label.substr(label.size() - 2) == "\xC2\xB7")) {
            label.remove_suffix(2);  // "»", "·"
        } else if (label.size() >= 3 && (label.substr(label.size() - 3) == "\xE2\x80\xBA" ||
                                         label.substr(label.size() - 3) == "\xE2\x80\xA2")) {
            label.remove_suffix(3);  // "›", "•"
        } else {
            break;
        }
    }
    if (!looks_like_label(label)) return std::nullopt;
    return std::string(label);
}

// ---------------------------------------------------------------------------------------------
// Photo credits.

bool is_agency_token(std::string_view w) {
    static constexpr std::string_view kAgencies[] = {
        "ap",    "reuters", "afp",    "getty",   "epa",      "epa-efe",   "shutterstock",
        "alamy", "pa",      "landov", "xinhua",  "tass",     "sputnik",   "dpa",
        "anp",   "anadolu", "sipa",   "pool",    "nurphoto", "bloomberg", "ansa",
        "efe",   "photo",   "images", "newscom", "zuma"};
    std::string lw = to_lower(w);
    while (!lw.empty() && !is_ascii_alnum(lw.back())) lw.pop_back();
    return std::find(std::begin(kAgencies), std::end(kAgencies), lw) != std::end(kAgencies);
}

bool looks_like_person(std::string_view s);

// Does `s` read as a credit ("Leah Millis/Reuters", "AP Photo/Evan Vucci", "Getty Images",
// "Photo: Andy Wong/AP")? Short, with a "Photo"/"Getty" cue, or "<person>/<agency>" so that a
// poll's "(Reuters/Ipsos)" at the end of a sentence is not taken for a caption.
bool credit_like(std::string_view s) {
    s = trim_view(s);
    if (s.empty() || s.size() > 90 || word_count(s) > 10) return false;
    for (std::string_view cue : {"photo", "photos", "photograph", "credit", "image", "picture"})
        if (starts_with_word_ci(s, cue)) return true;
    if (contains_ci(s, "getty images") || contains_ci(s, "ap photo") ||
        contains_ci(s, "afp photo") || contains_ci(s, "shutterstock"))
        return true;
    size_t slash = s.find('/');
    if (slash == std::string_view::npos || !looks_like_person(trim_view(s.substr(0, slash))))
        return false;
    // One piece after the name must be an agency.
    std::string_view rest = s.substr(slash + 1);
    while (!rest.empty()) {
        size_t cut = rest.find_first_of("/ ");
        std::string_view piece = rest.substr(0, cut);
        if (is_agency_token(piece)) return true;
        if (cut == std::string_view::npos) break;
        rest = rest.substr(cut + 1);
    }
    return false;
}

// "Photo: Andy Wong/AP" -> "Andy Wong/AP"; "Photo by X/Getty Images" -> "X/Getty Images".
std::string_view strip_credit_label(std::string_view s) {
    s = trim_view(s);
    for (std::string_view label : {"photo by", "photograph by", "picture by", "image by",
                                   "photo:", "photos:", "image:", "credit:", "picture:"}) {
        if (starts_with_ci(s, label)) {
            s = s.substr(label.size());
            break;
        }
    }
    return strip_copyright_mark(s);
}

struct Credit {
    std::string value;  // may be empty: a credit-like line with nothing worth keeping
};

// A photo credit or caption-with-credit line. Such lines are never body text.
std::optional<Credit> photo_credit(std::string_view line) {
    if (line.size() > 600) return std::nullopt;
    // Labelled credits: "Images source: © East News | MIKHAIL METZEL", "Photo: ...".
    static constexpr std::string_view kLabels[] = {"images source",
                                                   "image source",
                                                   "image credit",
                                                   "image credits",
                                                   "photo credit",
                                                   "photo credits",
                                                   "picture credit",
                                                   "source image",
                                                   "images",
                                                   "image",
                                                   "photos",
                                                   "photo",
                                                   "photograph",
                                                   "photographs",
                                                   "photography",
                                                   "pictures",
                                                   "picture",
                                                   "pic",
                                                   "credit",
                                                   "credits",
                                                   "illustration",
                                                   "foto",
                                                   "photo illustration"};
    for (std::string_view label : kLabels) {
        if (!starts_with_ci(line, label)) continue;
        std::string_view rest = trim_view(line.substr(label.size()));
        if (rest.empty() || rest[0] != ':') continue;
        if (line.size() > 200) continue;
        return Credit{std::string(strip_copyright_mark(rest.substr(1)))};
    }
    // "Photo by Jane Doe/Getty Images".
    if ((starts_with_ci(line, "photo by ") || starts_with_ci(line, "photograph by ")) &&
        line.size() <= 120)
        return Credit{std::string(strip_credit_label(line))};
    // "© East News | MIKHAIL METZEL"; "© 2019 Tribune Content Agency" is a copyright notice,
    // dropped as furniture instead.
    if ((line.substr(0, 2) == "\xC2\xA9" || starts_with_ci(line, "(c) ")) && line.size() <= 150) {
        std::string_view rest = strip_copyright_mark(line);
        if (!rest.empty() && !is_ascii_digit(rest[0])) return Credit{std::string(rest)};
    }
    // NPR: "Enlarge this image toggle caption Bikram Rai/AP Bikram Rai/AP".
    if (starts_with_ci(line, "enlarge this image") || starts_with_ci(line, "toggle caption")) {
        size_t at = to_lower(line).find("toggle caption");
        if (at == std::string::npos) return Credit{};
        std::string_view rest = trim_view(line.substr(at + 14));
        // The credit is printed twice; keep one copy.
        if (rest.size() % 2 == 1) {
            size_t half = rest.size() / 2;
            if (rest[half] == ' ' && rest.substr(0, half) == rest.substr(half + 1))
                rest = rest.substr(0, half);
        }
        return Credit{std::string(rest)};
    }
    // NYT: "Image <caption> Credit... Pool photo by X".
    for (std::string_view cue : {"Credit...", "Credit\xE2\x80\xA6"}) {
        size_t at = line.find(cue);
        if (at != std::string_view::npos)
            return Credit{std::string(strip_credit_label(line.substr(at + cue.size())))};
    }
    // A caption ending with a parenthesised credit: "... on May 9. (Photo: Andy Wong/AP)".
    if (line.size() > 2 && line.back() == ')') {
        size_t open = line.rfind('(');
        if (open != std::string_view::npos) {
            std::string_view inner = line.substr(open + 1, line.size() - open - 2);
            if (credit_like(inner)) return Credit{std::string(strip_credit_label(inner))};
        }
    }
    // A caption ending with "REUTERS/Tom Westbrook" or "AP Photo/Evan Vucci" (no parentheses).
    for (std::string_view cue : {"REUTERS/", "Reuters/", "AP Photo/", "AFP PHOTO", "AFP/"}) {
        size_t at = line.rfind(cue);
        if (at == std::string_view::npos) continue;
        std::string_view tail = line.substr(at);
        if (tail.size() > 70 || word_count(tail) > 8 || tail.find_first_of("\")(") != tail.npos)
            continue;
        // The photographer's name follows: "REUTERS/Aaron P. Bernstein -/File Photo".
        std::string_view name = tail.substr(cue.size());
        while (!name.empty() && (name[0] == ' ' || name[0] == '/')) name.remove_prefix(1);
        name = trim_view(name.substr(0, std::min(name.find('/'), name.find(" -"))));
        if (looks_like_person(name)) return Credit{std::string(trim_view(tail))};
    }
    // A bare short credit line: "Getty Images", "Jane Doe/AFP via Getty Images".
    if (line.size() <= 80 && !ends_sentence(line) && credit_like(line) &&
        (contains_ci(line, "getty images") || line.find('/') != std::string_view::npos ||
         starts_with_ci(line, "photo")))
        return Credit{std::string(strip_credit_label(line))};
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Site furniture: navigation, ads, share buttons, newsletter pitches, cookie notices.

// Lowercase, without bullets before and punctuation after: "» Read more:" -> "read more".
std::string furniture_key(std::string_view line) {
    std::string key = to_lower(line);
    auto strip_front = [&](std::string_view p) {
        if (key.compare(0, p.size(), p) == 0) key.erase(0, p.size());
    };
    strip_front("- ");
    strip_front("\xE2\x80\xA2 ");  // "• "
    strip_front("\xC2\xBB ");      // "» "
    while (!key.empty()) {
        char c = key.back();
        if (c == ':' || c == '.' || c == ' ' || c == '>' || c == '!' || c == '|') {
            key.pop_back();
        } else if (key.size() >= 2 && (key.compare(key.size() - 2, 2, "\xC2\xBB") == 0)) {
            key.erase(key.size() - 2);  // "»"
        } else if (key.size() >= 3 && (key.compare(key.size() - 3, 3, "\xE2\x80\xA6") == 0 ||
                                       key.compare(key.size() - 3, 3, "\xE2\x80\xBA") == 0)) {
            key.erase(key.size() - 3);  // "…", "›"
        } else {
            break;
        }
    }
    return key;
}

// "7 years ago", "an hour ago": a listing's age stamp, which dates nothing once scraped.
bool is_relative_age(std::string_view key) {
    auto words = split_words(key);
    if (words.size() != 3 || words[2] != "ago") return false;
    bool count = words[0] == "a" || words[0] == "an" ||
                 std::all_of(words[0].begin(), words[0].end(), is_ascii_digit);
    std::string_view unit = words[1];
    if (!unit.empty() && unit.back() == 's') unit.remove_suffix(1);
    return count && (unit == "second" || unit == "minute" || unit == "min" || unit == "hour" ||
                     unit == "day" || unit == "week" || unit == "month" || unit == "year");
}

bool is_furniture(std::string_view line) {
    // Whole lines that are furniture whatever the page.
    static constexpr std::string_view kExact[] = {"advertisement",
                                                  "advertising",
                                                  "ad",
                                                  "ads",
                                                  "sponsored",
                                                  "sponsored content",
                                                  "promoted",
                                                  "paid content",
                                                  "share",
                                                  "share this",
                                                  "share this article",
                                                  "share this story",
                                                  "share on facebook",
                                                  "share on twitter",
                                                  "share on x",
                                                  "share on linkedin",
                                                  "share on whatsapp",
                                                  "share via email",
                                                  "tweet",
                                                  "email",
                                                  "print",
                                                  "copy link",
                                                  "link copied",
                                                  "related",
                                                  "related content",
                                                  "related articles",
                                                  "related stories",
                                                  "related coverage",
                                                  "related topics",
                                                  "related video",
                                                  "read more",
                                                  "read next",
                                                  "more on this",
                                                  "also see",
                                                  "see also",
                                                  "most read",
                                                  "most popular",
                                                  "most viewed",
                                                  "trending",
                                                  "trending now",
                                                  "top stories",
                                                  "recommended",
                                                  "recommended for you",
                                                  "you may also like",
                                                  "you might also like",
                                                  "we recommend",
                                                  "editor's picks",
                                                  "continue reading",
                                                  "continue reading the main story",
                                                  "advertisement continue reading the main story",
                                                  "story continues below",
                                                  "story continues below advertisement",
                                                  "article continues below",
                                                  "article continues below advertisement",
                                                  "skip to content",
                                                  "skip to main content",
                                                  "subscribe",
                                                  "subscribe now",
                                                  "sign up",
                                                  "sign in",
                                                  "log in",
                                                  "comments",
                                                  "show comments",
                                                  "view comments",
                                                  "listen to this article",
                                                  "play video",
                                                  "back to top",
                                                  "loading",
                                                  "photo",
                                                  "video",
                                                  "image",
                                                  "youtube",
                                                  "twitter",
                                                  "facebook",
                                                  "instagram",
                                                  "close",
                                                  "menu",
                                                  "home"};
    // Line openings (ending on a word boundary) that mark furniture on a short line.
    static constexpr std::string_view kPrefixes[] = {"read more:",
                                                     "read more ",
                                                     "read:",
                                                     "read next:",
                                                     "related:",
                                                     "related content:",
                                                     "see also:",
                                                     "also see:",
                                                     "also read",
                                                     "more:",
                                                     "more on this",
                                                     "more from ",
                                                     "watch:",
                                                     "watch live",
                                                     "watch video",
                                                     "video:",
                                                     "listen:",
                                                     "just watched",
                                                     "must watch",
                                                     "sign up for",
                                                     "sign up to",
                                                     "subscribe to",
                                                     "subscribe now",
                                                     "subscribe for",
                                                     "follow us",
                                                     "click here",
                                                     "tap here",
                                                     "share this",
                                                     "share on",
                                                     "share via",
                                                     "read or share this story",
                                                     "thank you for signing up",
                                                     "advertisement",
                                                     "download our app",
                                                     "download the app",
                                                     "get the app",
                                                     "we use cookies",
                                                     "this site uses cookies",
                                                     "this website uses cookies",
                                                     "by continuing to use",
                                                     "by using this site",
                                                     "accept cookies",
                                                     "accept all cookies",
                                                     "manage cookies",
                                                     "cookie settings",
                                                     "cookie policy",
                                                     "skip to",
                                                     "jump to",
                                                     "stay up to date",
                                                     "don't miss",
                                                     "don\xE2\x80\x99t miss",
                                                     "recommended:"};
    // Phrases that make a short line (at most 25 words) furniture wherever they occur.
    static constexpr std::string_view kPhrases[] = {"follow the latest updates",
                                                    "in our live coverage",
                                                    "our live blog",
                                                    "sign up for our",
                                                    "sign up for daily",
                                                    "sign up to our",
                                                    "subscribe to our",
                                                    "our newsletter",
                                                    "manage newsletters",
                                                    "join us on twitter",
                                                    "join us on facebook",
                                                    "click here",
                                                    "all rights reserved",
                                                    "for reprint permission",
                                                    "continue reading the main story",
                                                    "story continues below",
                                                    "article continues below",
                                                    "replay more videos",
                                                    "we use cookies",
                                                    "uses cookies",
                                                    "cookie policy",
                                                    "thank you for signing up",
                                                    "listen to this article",
                                                    "download our app"};

    if (line.empty()) return true;
    std::string key = furniture_key(line);
    if (key.empty()) return true;  // punctuation only: "|", "...", "»"
    if (std::find(std::begin(kExact), std::end(kExact), key) != std::end(kExact)) return true;
    if (line.size() <= 300) {
        for (std::string_view p : kPrefixes)
            if (starts_with_word_ci(key, p)) return true;
        // "Follow Jane Doe on Twitter: @janedoe", "- Follow the Ticker on Twitter".
        if (starts_with_ci(key, "follow ") && word_count(key) <= 15 &&
            (contains_ci(key, " on twitter") || contains_ci(key, " on facebook") ||
             contains_ci(key, " on instagram") || contains_ci(key, " on x") ||
             key.find('@') != std::string::npos))
            return true;
        // Copyright notices: "© 2019 Tribune Content Agency LLC", "Copyright 2024 Example Ltd".
        std::string_view rest = strip_copyright_mark(line);
        if (rest.size() < line.size() && !rest.empty() && is_ascii_digit(rest[0])) return true;
    }
    if (is_relative_age(key)) return true;
    if (word_count(line) <= 25) {
        for (std::string_view p : kPhrases)
            if (contains_ci(line, p)) return true;
    }
    return false;
}

// Furniture glued onto the end of a paragraph: "...the President declared.Related content".
void strip_glued_furniture(std::string& line) {
    static constexpr std::string_view kTails[] = {"Related content", "Related articles",
                                                  "Related stories", "Read more",
                                                  "Advertisement",   "Share this article"};
    for (std::string_view tail : kTails) {
        if (line.size() <= tail.size() || !ends_with_ci(line, tail)) continue;
        std::string_view head(line.data(), line.size() - tail.size());
        std::string_view trimmed = trim_view(head);
        // Only after a finished sentence, so "...will be read more" stays intact.
        if (!ends_sentence(trimmed)) continue;
        line.resize(trimmed.size());
        return;
    }
}

// ---------------------------------------------------------------------------------------------
// Bylines.

bool is_particle(std::string_view w) {
    static constexpr std::string_view kParticles[] = {
        "de", "van", "von", "der", "den", "da", "di", "del", "la", "le", "bin", "al", "ibn", "dos"};
    return std::find(std::begin(kParticles), std::end(kParticles), w) != std::end(kParticles);
}

// Words that start sentences or dates and so cannot open a person's name.
bool is_stop_word(std::string_view w) {
    static constexpr std::string_view kStop[] = {
        "The",     "A",        "An",        "In",       "On",       "At",
        "By",      "For",      "And",       "Of",       "To",       "This",
        "That",    "It",       "He",        "She",      "They",     "We",
        "January", "February", "March",     "April",    "May",      "June",
        "July",    "August",   "September", "October",  "November", "December",
        "Monday",  "Tuesday",  "Wednesday", "Thursday", "Friday",   "Saturday"};
    return std::find(std::begin(kStop), std::end(kStop), w) != std::end(kStop);
}

// "Jane Doe", "Mary-Ann van der Berg", "JANE DOE", "J. R. Smith": 2-5 capitalised tokens.
bool looks_like_person(std::string_view s) {
    auto words = split_words(s);
    if (words.size() < 2 || words.size() > 5) return false;
    size_t full = 0;
    for (size_t i = 0; i < words.size(); ++i) {
        std::string_view w = words[i];
        if (i > 0 && i + 1 < words.size() && is_particle(w)) continue;
        unsigned char first = static_cast<unsigned char>(w[0]);
        if (!is_ascii_upper(w[0]) && first < 0xC0) return false;
        if (is_stop_word(w)) return false;
        for (char c : w) {
            unsigned char u = static_cast<unsigned char>(c);
            if (u < 0x80 && !is_ascii_alpha(c) && c != '.' && c != '-' && c != '\'') return false;
        }
        if (!(w.size() <= 2 && w.back() == '.')) ++full;
    }
    return full >= 2 || (full >= 1 && words.size() >= 2 && words.back().size() > 2);
}

// An outlet or staff role after a byline name: "Reuters", "Staff Writer", "The Associated Press".
bool looks_like_outlet(std::string_view s) {
    static constexpr std::string_view kOutlets[] = {"reuters",
                                                    "ap",
                                                    "associated press",
                                                    "the associated press",
                                                    "afp",
                                                    "agence france-presse",
                                                    "bloomberg",
                                                    "cnn",
                                                    "bbc",
                                                    "bbc news",
                                                    "upi",
                                                    "dpa",
                                                    "efe",
                                                    "pa",
                                                    "press association",
                                                    "xinhua",
                                                    "tass",
                                                    "staff",
                                                    "wire services",
                                                    "news agencies"};
    std::string low = to_lower(trim_view(s));
    if (std::find(std::begin(kOutlets), std::end(kOutlets), low) != std::end(kOutlets)) return true;
    for (std::string_view role : {"staff", "writer", "reporter", "correspondent", "editor",
                                  "contributor", "columnist", "bureau", "news", "times", "post"})
        if (contains_ci(low, role)) return true;
    return false;
}

// Split "Jane Doe, John Roe and Ann Lee" into names; false when any part is neither a person
// nor an outlet/role (then the line is prose, not a byline).
bool split_names(std::string_view s, std::vector<std::string>& out) {
    std::vector<std::string> names;
    std::string text(s);
    // Normalise the separators to commas.
    for (std::string_view sep : {" and ", " And ", " AND ", " & "}) {
        size_t at;
        while ((at = text.find(sep)) != std::string::npos) text.replace(at, sep.size(), ", ");
    }
    size_t start = 0;
    bool any = false;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string_view part = trim_view(std::string_view(text).substr(
            start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!part.empty()) {
            if (looks_like_person(part)) {
                names.emplace_back(part);
                any = true;
            } else if (!looks_like_outlet(part)) {
                return false;
            }
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (!any) return false;
    out.insert(out.end(), names.begin(), names.end());
    return true;
}

// A byline line without a date: "By Jane Doe", "By JANE DOE and John Roe, Reuters",
// "Jane Doe, Reuters", and (only where `allow_bare_name`) a bare "Jane Doe".
bool parse_byline(std::string_view line, bool allow_bare_name, std::vector<std::string>& out) {
    if (line.size() > 160 || word_count(line) > 20) return false;
    if (starts_with_ci(line, "by ") && line.size() > 3) {
        std::string_view rest = trim_view(line.substr(3));
        if (rest.empty() ||
            (!is_ascii_upper(rest[0]) && static_cast<unsigned char>(rest[0]) < 0xC0))
            return false;
        // The names end at a separator before a role or date: "By Jane Doe | Reuters".
        size_t cut = rest.find_first_of("|");
        for (std::string_view sep : {" - ", " \xE2\x80\x94 ", " \xE2\x80\x93 "}) {
            size_t at = rest.find(sep);
            if (at != std::string_view::npos && at < cut) cut = at;
        }
        rest = trim_view(rest.substr(0, cut));
        if (!rest.empty() && rest.back() == '.') return false;  // "By then, it was over."
        return split_names(rest, out);
    }
    if (ends_sentence(line)) return false;
    size_t comma = line.find(',');
    if (comma != std::string_view::npos && line.size() <= 80) {
        std::string_view who = trim_view(line.substr(0, comma));
        std::string_view what = trim_view(line.substr(comma + 1));
        if (looks_like_person(who) && looks_like_outlet(what)) {
            out.emplace_back(who);
            return true;
        }
        return false;
    }
    if (allow_bare_name && line.size() <= 50 && looks_like_person(line)) {
        out.emplace_back(line);
        return true;
    }
    return false;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (value.empty()) return;
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// ---------------------------------------------------------------------------------------------
// Datelines.

// A dateline glued before the first sentence: "LONDON 1996-08-22 - The Bank of England...".
std::optional<PubDate> leading_dateline(std::string_view line) {
    for (std::string_view sep : {" - ", " -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 "}) {
        size_t at = line.find(sep);
        if (at == std::string_view::npos || at > 80) continue;
        if (auto date = parse_dateline(trim_view(line.substr(0, at)))) return date;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------

struct Line {
    std::string text;           // cleaned, non-empty
    bool blank_before = false;  // an empty line separated it from the previous one
};

std::vector<Line> split_lines(std::string_view text) {
    // A UTF-8 BOM is not text.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<Line> lines;
    bool blank = false;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        std::string_view raw = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        std::string cleaned = clean_line(raw);
        // A NUL or other control bytes would confuse nothing here, but they are not text either.
        cleaned.erase(std::remove_if(cleaned.begin(), cleaned.end(),
                                     [](char c) {
                                         unsigned char u = static_cast<unsigned char>(c);
                                         return u < 0x20 || u == 0x7F;
                                     }),
                      cleaned.end());
        if (cleaned.empty()) {
            blank = true;
        } else {
            lines.push_back(Line{std::move(cleaned), blank});
            blank = false;
        }
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return lines;
}

// How many lines after the title may hold the repeated title.
constexpr size_t kTitleRepeatWindow = 3;
// How many lines after the title block are searched for a standalone dateline.
constexpr size_t kDatelineWindow = 8;

}  // namespace

Article parse_text_scrape(std::string_view text) {
    Article article;
    std::vector<Line> lines = split_lines(text);

    // Title: the first line that is not furniture or a credit ("Skip to content" can precede it).
    size_t first = 0;
    while (first < lines.size() &&
           (is_furniture(lines[first].text) || photo_credit(lines[first].text)))
        ++first;
    if (first == lines.size()) return article;
    article.title = lines[first].text;
    size_t pos = first + 1;

    // The repeated title, possibly with a section label glued in front of the first copy.
    for (size_t j = first + 1; j < lines.size() && j <= first + kTitleRepeatWindow; ++j) {
        const std::string& candidate = lines[j].text;
        if (candidate == lines[first].text) {
            pos = j + 1;
            break;
        }
        if (auto label = section_prefix(lines[first].text, candidate)) {
            article.section = *label;
            article.title = candidate;
            pos = j + 1;
            break;
        }
    }

    // Dateline: a line that is only a date (plus "Published", "By X |", ...) near the top.
    std::optional<size_t> dateline;
    for (size_t j = pos; j < lines.size() && j < pos + kDatelineWindow; ++j) {
        if (auto date = parse_dateline(lines[j].text)) {
            article.date = *date;
            dateline = j;
            for (const std::string& name : byline_authors(lines[j].text))
                add_unique(article.authors, name);
            if (article.authors.empty() && starts_with_ci(lines[j].text, "by ")) {
                std::vector<std::string> names;
                if (parse_byline(lines[j].text, false, names))
                    for (const auto& n : names) add_unique(article.authors, n);
            }
            break;
        }
        // A long paragraph means the body has begun without a dateline.
        if (lines[j].text.size() > 400) break;
    }

    // Header lines (between the title block and the dateline) and the body lines after it. With
    // no dateline the first few lines still get header treatment for teasers.
    size_t header_end = dateline ? *dateline : pos;
    size_t body_start = dateline ? *dateline + 1 : pos;

    std::map<std::string, int> header_counts;
    for (size_t j = pos; j < header_end; ++j) ++header_counts[lines[j].text];
    if (!dateline) {
        // Adjacent duplicate lines right after the title are a teaser shown twice.
        for (size_t j = pos; j + 1 < lines.size() && j < pos + 4; ++j)
            if (lines[j].text == lines[j + 1].text) header_counts[lines[j].text] = 2;
    }

    std::vector<Line> kept;  // body candidates, in order
    auto take_credit_or_furniture = [&](const std::string& s) {
        if (is_furniture(s)) return true;  // first, so a lone "Photo" is not a credit
        if (auto credit = photo_credit(s)) {
            add_unique(article.photo_credits, credit->value);
            return true;
        }
        return false;
    };

    for (size_t j = pos; j < header_end; ++j) {
        const std::string& s = lines[j].text;
        if (s == article.title || s == lines[first].text) continue;
        if (take_credit_or_furniture(s)) continue;
        if (header_counts[s] >= 2) continue;  // a teaser: shown twice, never body
        std::vector<std::string> names;
        if (parse_byline(s, true, names)) {
            for (const auto& n : names) add_unique(article.authors, n);
            continue;
        }
        // A single standfirst line is the article's own summary: keep it as the first paragraph.
        kept.push_back(lines[j]);
    }

    // Lines repeated three or more times in the body are widgets ("Urgent Poll:" blocks).
    std::map<std::string, int> body_counts;
    for (size_t j = body_start; j < lines.size(); ++j) ++body_counts[lines[j].text];
    std::map<std::string, bool> emitted;

    size_t body_index = 0;
    for (size_t j = body_start; j < lines.size(); ++j, ++body_index) {
        std::string s = lines[j].text;
        strip_glued_furniture(s);
        if (s.empty()) continue;
        if (s == article.title || s == lines[first].text) continue;
        if (!dateline && header_counts.count(s) && header_counts[s] >= 2) continue;
        if (take_credit_or_furniture(s)) continue;
        if (body_index < 2) {
            std::vector<std::string> names;
            if (parse_byline(s, false, names)) {
                for (const auto& n : names) add_unique(article.authors, n);
                continue;
            }
        }
        if (body_counts[lines[j].text] >= 3 && s.size() <= 200) continue;
        if (emitted[s]) continue;  // a paragraph scraped twice is kept once
        emitted[s] = true;
        kept.push_back(Line{std::move(s), lines[j].blank_before});
    }

    // Without a standalone dateline, look for one glued before the first sentence
    // ("LONDON 1996-08-22 - ..."), then ask the shared finder; the line stays in the body.
    if (!article.date) {
        for (size_t k = 0; k < kept.size() && k < 3 && !article.date; ++k)
            if (auto date = leading_dateline(kept[k].text)) article.date = *date;
    }
    if (!article.date && !kept.empty()) {
        std::vector<std::string_view> views;
        for (size_t k = 0; k < kept.size() && k < 3; ++k) views.push_back(kept[k].text);
        if (auto match = find_dateline(views, 3)) article.date = match->date;
    }

    // Paragraphs: each line is a paragraph, except that a line with no blank line before it,
    // starting in lowercase, continues a previous line that did not end a sentence (a hard
    // wrap). Headings and list items keep their own paragraphs.
    std::string body;
    bool prev_open = false;  // the previous line may continue on the next
    for (const Line& line : kept) {
        bool join = !body.empty() && !line.blank_before && prev_open && starts_lowercase(line.text);
        if (join) {
            body += ' ';
        } else if (!body.empty()) {
            body += "\n\n";
        }
        body += line.text;
        prev_open = !ends_sentence(line.text) && line.text.size() >= 20;
    }
    article.body = std::move(body);
    return article;
}

}  // namespace kronika
