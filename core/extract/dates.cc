// Publication dates: a small tokeniser and hand-written grammar for datelines and date strings.
#include "extract/dates.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "calendar.h"

namespace kronika {

namespace {

// Datelines are short; longer lines are body text and not worth tokenising.
constexpr size_t kMaxDatelineBytes = 300;

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic.

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap(y)) return 29;
    return days[m - 1];
}

bool valid_date(int y, int m, int d) {
    return y >= 1800 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

using calendar::days_from_civil;

// ---------------------------------------------------------------------------------------------
// Tokeniser: numbers, words (letters, any script) and single punctuation marks.

struct Token {
    enum Kind : uint8_t { Num, Word, Punct };
    Kind kind = Punct;
    bool space_before = false;
    bool upper = false;  // Word: every cased letter is uppercase
    bool cap = false;    // Word: first letter uppercase
    uint32_t begin = 0, end = 0;
    int value = 0;      // Num: numeric value (capped); Punct: code point
    int digits = 0;     // Num: digit count
    std::string lower;  // Word: lowercased (ASCII, Latin-1, Cyrillic)
};

// Decode one UTF-8 code point; invalid bytes come back as -1 with length 1.
int32_t decode_utf8(std::string_view s, size_t i, size_t& len) {
    unsigned char c = s[i];
    len = 1;
    if (c < 0x80) return c;
    int n = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return -1;
    int32_t cp = c & (0xFF >> (n + 1));
    for (int k = 1; k < n; ++k) {
        unsigned char cc = s[i + k];
        if ((cc & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (cc & 0x3F);
    }
    len = n;
    return cp;
}

bool is_space_cp(int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0xFEFF;
}

// Non-ASCII punctuation that separates tokens (dashes, bullets, quotes, ©...).
bool is_punct_cp(int32_t cp) {
    return (cp >= 0x2010 && cp <= 0x2027) || cp == 0xB7 || cp == 0xA9 || cp == 0xAB || cp == 0xBB ||
           cp == 0xAE || cp == 0x2116 || (cp >= 0x2030 && cp <= 0x205E);
}

// Append the lowercase form of one code point's bytes; report whether it was an uppercase letter.
void append_lower(std::string& out, int32_t cp, std::string_view bytes, bool& was_upper,
                  bool& was_lower) {
    auto put = [&out](int32_t c) {
        if (c < 0x80) {
            out += char(c);
        } else if (c < 0x800) {
            out += char(0xC0 | (c >> 6));
            out += char(0x80 | (c & 0x3F));
        } else {
            out += char(0xE0 | (c >> 12));
            out += char(0x80 | ((c >> 6) & 0x3F));
            out += char(0x80 | (c & 0x3F));
        }
    };
    was_upper = was_lower = false;
    if (cp >= 'A' && cp <= 'Z') {
        was_upper = true;
        out += char(cp + 32);
    } else if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x410 && cp <= 0x42F)) {
        was_upper = true;
        put(cp + 32);
    } else if (cp >= 0x400 && cp <= 0x40F) {
        was_upper = true;
        put(cp + 80);
    } else {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) ||
            (cp >= 0x430 && cp <= 0x45F))
            was_lower = true;
        out.append(bytes);
    }
}

std::vector<Token> tokenise(std::string_view s) {
    std::vector<Token> toks;
    bool space = true;
    size_t i = 0;
    while (i < s.size()) {
        size_t len;
        int32_t cp = decode_utf8(s, i, len);
        if (is_space_cp(cp)) {
            space = true;
            i += len;
            continue;
        }
        Token t;
        t.space_before = space;
        space = false;
        t.begin = uint32_t(i);
        if (cp >= '0' && cp <= '9') {
            t.kind = Token::Num;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                if (t.value < 100000000) t.value = t.value * 10 + (s[i] - '0');
                ++t.digits;
                ++i;
            }
        } else if (cp >= 0 &&
                   (cp < 0x80 ? ((cp | 32) >= 'a' && (cp | 32) <= 'z') : !is_punct_cp(cp))) {
            t.kind = Token::Word;
            bool any_upper = false, any_lower = false, first = true;
            while (i < s.size()) {
                int32_t c = decode_utf8(s, i, len);
                bool letter = c < 0 || (c < 0x80 ? ((c | 32) >= 'a' && (c | 32) <= 'z')
                                                 : !is_space_cp(c) && !is_punct_cp(c));
                if (!letter) break;
                bool up, low;
                append_lower(t.lower, c, s.substr(i, len), up, low);
                if (first) t.cap = up;
                first = false;
                any_upper |= up;
                any_lower |= low;
                i += len;
            }
            t.upper = any_upper && !any_lower;
        } else {
            t.kind = Token::Punct;
            t.value = cp;
            i += len;
        }
        t.end = uint32_t(i);
        toks.push_back(std::move(t));
    }
    return toks;
}

bool is_dash(int cp) {
    return cp == '-' || (cp >= 0x2010 && cp <= 0x2015);
}

// Punctuation that may sit between the parts of a dateline.
bool is_separator(int cp) {
    switch (cp) {
        case ',':
        case '|':
        case '/':
        case ':':
        case ';':
        case '(':
        case ')':
        case '[':
        case ']':
        case '.':
        case '@':
        case 0xB7:
        case 0x2022:
        case 0x2219:
        case 0x25CF:
            return true;
        default:
            return is_dash(cp);
    }
}

// ---------------------------------------------------------------------------------------------
// Word tables.

int month_of(const std::string& w) {
    static const std::unordered_map<std::string, int> months = [] {
        std::unordered_map<std::string, int> m;
        const char* names[][13] = {
            {"", "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december"},
            {"", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
             "dec"},
            {"", "janv", "febr", "mär", "avr", "mai", "juin", "juil", "août", "sept", "okt", "nov",
             "dez"},
            {"", "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
             "oktober", "november", "dezember"},
            {"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "aout",
             "septembre", "octobre", "novembre", "décembre"},
            {"", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre"},
            {"", "gennaio", "febbraio", "mrz", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre"},
            {"", "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"},
            {"", "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
             "октябрь", "ноябрь", "декабрь"},
            {"", "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя",
             "дек"},
            {"", "січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
             "вересня", "жовтня", "листопада", "грудня"},
            {"", "jänner", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "sept",
             "oct", "nov", "dec"},
        };
        for (auto& row : names)
            for (int i = 1; i <= 12; ++i) m.emplace(row[i], i);
        m.emplace("sept", 9);
        m.emplace("сент", 9);
        m.emplace("нояб", 11);
        m.emplace("fév", 2);
        m.emplace("févr", 2);
        m.emplace("decembre", 12);
        return m;
    }();
    auto it = months.find(w);
    return it == months.end() ? 0 : it->second;
}

bool is_weekday(const std::string& w) {
    static const std::unordered_set<std::string> days = {
        "monday",   "mon",     "tuesday",  "tue",         "tues",     "wednesday",   "wed",
        "thursday", "thu",     "thur",     "thurs",       "friday",   "fri",         "saturday",
        "sat",      "sunday",  "sun",      "montag",      "dienstag", "mittwoch",    "donnerstag",
        "freitag",  "samstag", "sonntag",  "lundi",       "mardi",    "mercredi",    "jeudi",
        "vendredi", "samedi",  "dimanche", "lunes",       "martes",   "miércoles",   "jueves",
        "viernes",  "sábado",  "domingo",  "понедельник", "вторник",  "среда",       "среду",
        "четверг",  "пятница", "пятницу",  "суббота",     "субботу",  "воскресенье", "пн",
        "вт",       "ср",      "чт",       "пт",          "сб",       "вс"};
    return days.count(w) != 0;
}

// Furniture words allowed around a date; `breaks` ones start a new date/time record
// ("Published ... Updated ...").
bool is_filler(const std::string& w, bool& breaks) {
    static const std::unordered_set<std::string> breakers = {
        "published",      "updated",      "posted",   "modified",  "created",      "edited",
        "revised",        "uploaded",     "released", "issued",    "опубликовано", "обновлено",
        "veröffentlicht", "aktualisiert", "publié",   "publicado", "actualizado"};
    static const std::unordered_set<std::string> others = {
        "last", "first", "date", "dated", "on",  "at", "originally", "publication", "local",
        "time", "in",    "um",   "uhr",   "am",  "le", "à",          "mis",         "jour",
        "в",    "время", "el",   "a",     "las", "de", "the"};
    breaks = breakers.count(w) != 0;
    return breaks || others.count(w) != 0;
}

bool is_year_suffix(const std::string& w) {
    return w == "года" || w == "год" || w == "г" || w == "року" || w == "р" || w == "рік";
}

bool is_ordinal_suffix(const std::string& w) {
    return w == "st" || w == "nd" || w == "rd" || w == "th" || w == "er";
}

// ---------------------------------------------------------------------------------------------
// Zones.

struct ZoneAbbr {
    const char* abbr;  // lowercase
    const char* tz;    // ICU zone id, or nullptr for a fixed offset
    int nominal;       // the offset the abbreviation names (minutes)
    bool generic;      // true: the zone's rule decides (ET, MSK, IST); false: nominal offset
    bool day_first;    // a zone whose readers write day/month/year
};

const ZoneAbbr* find_zone_abbr(const std::string& w) {
    static const ZoneAbbr table[] = {
        {"z", nullptr, 0, false, false},
        {"gmt", nullptr, 0, false, true},
        {"utc", nullptr, 0, false, false},
        {"ut", nullptr, 0, false, false},
        {"edt", "America/New_York", -240, false, false},
        {"est", "America/New_York", -300, false, false},
        {"et", "America/New_York", -300, true, false},
        {"cdt", "America/Chicago", -300, false, false},
        {"cst", "America/Chicago", -360, false, false},
        {"ct", "America/Chicago", -360, true, false},
        {"mdt", "America/Denver", -360, false, false},
        {"mst", "America/Denver", -420, false, false},
        {"mt", "America/Denver", -420, true, false},
        {"pdt", "America/Los_Angeles", -420, false, false},
        {"pst", "America/Los_Angeles", -480, false, false},
        {"pt", "America/Los_Angeles", -480, true, false},
        {"akdt", "America/Anchorage", -480, false, false},
        {"akst", "America/Anchorage", -540, false, false},
        {"hst", "Pacific/Honolulu", -600, false, false},
        {"adt", "America/Halifax", -180, false, false},
        {"ast", "America/Halifax", -240, false, false},
        {"ndt", "America/St_Johns", -150, false, false},
        {"nst", "America/St_Johns", -210, false, false},
        {"bst", "Europe/London", 60, false, true},
        {"wet", "Europe/Lisbon", 0, false, true},
        {"west", "Europe/Lisbon", 60, false, true},
        {"cet", "Europe/Berlin", 60, false, true},
        {"cest", "Europe/Berlin", 120, false, true},
        {"mez", "Europe/Berlin", 60, false, true},
        {"mesz", "Europe/Berlin", 120, false, true},
        {"eet", "Europe/Kyiv", 120, false, true},
        {"eest", "Europe/Kyiv", 180, false, true},
        {"msk", "Europe/Moscow", 180, true, true},
        {"мск", "Europe/Moscow", 180, true, true},
        {"ist", "Asia/Kolkata", 330, true, true},
        {"pkt", "Asia/Karachi", 300, true, true},
        {"hkt", "Asia/Hong_Kong", 480, true, true},
        {"sgt", "Asia/Singapore", 480, true, true},
        {"kst", "Asia/Seoul", 540, true, false},
        {"jst", "Asia/Tokyo", 540, true, false},
        {"awst", "Australia/Perth", 480, false, true},
        {"acst", "Australia/Adelaide", 570, false, true},
        {"acdt", "Australia/Adelaide", 630, false, true},
        {"aest", "Australia/Sydney", 600, false, true},
        {"aedt", "Australia/Sydney", 660, false, true},
        {"nzst", "Pacific/Auckland", 720, false, true},
        {"nzdt", "Pacific/Auckland", 780, false, true},
        {"sast", "Africa/Johannesburg", 120, true, true},
        {"cat", "Africa/Maputo", 120, true, true},
        {"eat", "Africa/Nairobi", 180, true, true},
        {"wat", "Africa/Lagos", 60, true, true},
    };
    for (const auto& z : table)
        if (w == z.abbr) return &z;
    return nullptr;
}

// The UTC offset (minutes) in force in zone `id` at a local wall-clock time, via ICU.
// Zones are created once per thread and cached.
int zone_offset_at(const char* id, int64_t local_seconds, int fallback) {
    thread_local std::unordered_map<std::string, std::unique_ptr<icu::TimeZone>> cache;
    auto it = cache.find(id);
    if (it == cache.end()) {
        std::unique_ptr<icu::TimeZone> tz(
            icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(id)));
        icu::UnicodeString got;
        // Older tzdata only knows Kyiv by its former spelling.
        if (tz && tz->getID(got) == UNICODE_STRING_SIMPLE("Etc/Unknown") &&
            std::string_view(id) == "Europe/Kyiv")
            tz.reset(icu::TimeZone::createTimeZone(UNICODE_STRING_SIMPLE("Europe/Kiev")));
        if (tz && tz->getID(got) == UNICODE_STRING_SIMPLE("Etc/Unknown")) tz.reset();
        it = cache.emplace(id, std::move(tz)).first;
    }
    if (!it->second) return fallback;
    UErrorCode status = U_ZERO_ERROR;
    int32_t raw = 0, dst = 0;
    it->second->getOffset(double(local_seconds) * 1000.0, true, raw, dst, status);
    if (U_FAILURE(status)) return fallback;
    return (raw + dst) / 60000;
}

// ---------------------------------------------------------------------------------------------
// Grammar.

struct DateVal {
    int y = 0, m = 0, d = 0;
    bool swappable = false;  // numeric a/b/yyyy with both a, b <= 12, read month-first
};

struct TimeVal {
    int h = 0, mi = 0, s = 0;
};

struct ZoneVal {
    const ZoneAbbr* abbr = nullptr;  // else a numeric offset
    int offset = 0;
};

struct Record {
    std::optional<DateVal> date;
    std::optional<TimeVal> time;
    std::optional<ZoneVal> zone;
    bool empty() const { return !date && !time && !zone; }
};

class Parser {
  public:
    // `any_year`: also accept calendar dates in years 0 to 99999 (impossible_dateline()).
    Parser(std::string_view text, DateOrder order, bool any_year = false)
        : s_(text), t_(tokenise(text)), order_(order), any_year_(any_year) {}

    std::optional<PubDate> parse_line();
    std::optional<PubDate> parse_lead();
    // End token of a "By <authors>" prefix (a separator or the start of a date), or npos.
    size_t byline_end(bool& at_separator) const;
    const std::vector<Token>& tokens() const { return t_; }

  private:
    bool punct(size_t i, int cp) const {
        return i < t_.size() && t_[i].kind == Token::Punct && t_[i].value == cp;
    }
    bool adj_punct(size_t i, int cp) const { return punct(i, cp) && !t_[i].space_before; }
    bool num(size_t i, int min_digits = 1, int max_digits = 9) const {
        return i < t_.size() && t_[i].kind == Token::Num && t_[i].digits >= min_digits &&
               t_[i].digits <= max_digits;
    }
    bool adj_num(size_t i, int min_digits = 1, int max_digits = 9) const {
        return num(i, min_digits, max_digits) && !t_[i].space_before;
    }
    bool word(size_t i) const { return i < t_.size() && t_[i].kind == Token::Word; }
    bool word_is(size_t i, const char* w) const { return word(i) && t_[i].lower == w; }

    std::optional<DateVal> match_date(size_t& i) const;
    std::optional<DateVal> match_numeric_date(size_t& i) const;
    std::optional<DateVal> match_named_date(size_t& i) const;
    size_t skip_year_suffix(size_t i) const;
    std::optional<TimeVal> match_time(size_t& i) const;
    bool match_meridiem(size_t& i, bool& pm) const;
    std::optional<ZoneVal> match_zone(size_t& i, bool after_time) const;
    bool match_weekday(size_t& i) const;
    size_t match_place(size_t i) const;
    std::optional<PubDate> finish(const std::vector<Record>& recs) const;
    bool year_digits(int digits) const { return digits == 4 || (any_year_ && digits == 5); }
    bool date_ok(const DateVal& v) const {
        return valid_date(v.y, v.m, v.d) ||
               (any_year_ && v.m >= 1 && v.m <= 12 && v.d >= 1 && v.d <= days_in_month(v.y, v.m));
    }

    std::string_view s_;
    std::vector<Token> t_;
    DateOrder order_;
    bool any_year_;
    mutable bool day_first_hint_ = false;
};

// A date written with a month name: "March 27, 2024", "Mar. 27 2024", "27 March 2024",
// "27th of March, 2024", "27 марта 2024 года", "27-Mar-2024".
std::optional<DateVal> Parser::match_named_date(size_t& i) const {
    size_t j = i;
    DateVal v;
    if (word(j) && month_of(t_[j].lower)) {
        v.m = month_of(t_[j].lower);
        ++j;
        if (adj_punct(j, '.')) ++j;
        if (punct(j, ',')) ++j;
        if (!num(j, 1, 2)) return std::nullopt;
        v.d = t_[j++].value;
        if (word(j) && !t_[j].space_before && is_ordinal_suffix(t_[j].lower)) ++j;
        if (punct(j, ',')) ++j;
        if (!num(j) || !year_digits(t_[j].digits)) return std::nullopt;
        v.y = t_[j++].value;
    } else if (num(j, 1, 2)) {
        v.d = t_[j++].value;
        if (word(j) && !t_[j].space_before && is_ordinal_suffix(t_[j].lower)) ++j;
        if (adj_punct(j, '.') || adj_punct(j, '-') || adj_punct(j, '/')) ++j;
        if (word_is(j, "of") || word_is(j, "de")) ++j;
        if (!word(j) || !month_of(t_[j].lower)) return std::nullopt;
        v.m = month_of(t_[j++].lower);
        if (adj_punct(j, '.') || adj_punct(j, '-') || adj_punct(j, '/')) ++j;
        if (word_is(j, "de")) ++j;
        if (punct(j, ',')) ++j;
        if (!num(j) || !year_digits(t_[j].digits)) return std::nullopt;
        v.y = t_[j++].value;
    } else {
        return std::nullopt;
    }
    // A year glued to ':' is a time ("March 27, 20:24"), not a year.
    if (adj_punct(j, ':')) return std::nullopt;
    if (!date_ok(v)) return std::nullopt;
    i = skip_year_suffix(j);
    return v;
}

size_t Parser::skip_year_suffix(size_t j) const {
    if (word(j) && is_year_suffix(t_[j].lower)) {
        ++j;
        if (adj_punct(j, '.')) ++j;
    }
    return j;
}

// All-numeric dates: 2024-03-27, 2024/03/27, 3/27/2024, 27/03/2024, 27.03.2024, 9/6/17.
std::optional<DateVal> Parser::match_numeric_date(size_t& i) const {
    size_t j = i;
    if (!num(j) || j + 4 >= t_.size()) return std::nullopt;
    int sep = t_[j + 1].kind == Token::Punct ? t_[j + 1].value : 0;
    if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
    if (!adj_punct(j + 1, sep) || !adj_num(j + 2, 1, 2) || !adj_punct(j + 3, sep) ||
        !adj_num(j + 4))
        return std::nullopt;
    const Token &a = t_[j], &b = t_[j + 2], &c = t_[j + 4];
    // Five parts glued together ("1.2.3.4.5", an IP address) are not a date.
    if (adj_punct(j + 5, sep) && adj_num(j + 6)) return std::nullopt;
    DateVal v;
    if (year_digits(a.digits)) {
        if (c.digits > 2) return std::nullopt;
        v.y = a.value;
        v.m = b.value;
        v.d = c.value;
    } else if (a.digits <= 2 && (year_digits(c.digits) || c.digits == 2)) {
        v.y = c.digits != 2 ? c.value : (c.value < 50 ? 2000 + c.value : 1900 + c.value);
        int x = a.value, y = b.value;
        bool day_first;
        if (x > 12 && y <= 12)
            day_first = true;
        else if (y > 12 && x <= 12)
            day_first = false;
        else
            day_first = sep == '.';  // dotted dates are European
        v.d = day_first ? x : y;
        v.m = day_first ? y : x;
        v.swappable = sep != '.' && x <= 12 && y <= 12 && x != y;
    } else {
        return std::nullopt;
    }
    j += 5;
    if (!date_ok(v)) return std::nullopt;
    // ISO "2024-03-27T13:57": the T joins the time.
    if (word(j) && !t_[j].space_before && t_[j].lower == "t" && adj_num(j + 1)) ++j;
    i = skip_year_suffix(j);
    return v;
}

std::optional<DateVal> Parser::match_date(size_t& i) const {
    if (auto v = match_numeric_date(i)) return v;
    return match_named_date(i);
}

// "am", "pm", "a.m.", "P.M.", "a.m".
bool Parser::match_meridiem(size_t& i, bool& pm) const {
    size_t j = i;
    if (word_is(j, "am") || word_is(j, "pm")) {
        pm = t_[j].lower == "pm";
        ++j;
        if (adj_punct(j, '.')) ++j;
        i = j;
        return true;
    }
    if ((word_is(j, "a") || word_is(j, "p")) && adj_punct(j + 1, '.') && word(j + 2) &&
        !t_[j + 2].space_before && t_[j + 2].lower == "m") {
        pm = t_[j].lower == "p";
        j += 3;
        if (adj_punct(j, '.')) ++j;
        i = j;
        return true;
    }
    return false;
}

// "1:57 PM", "13:57", "13:57:00.123", "13.57", "13h57", "1 p.m.".
std::optional<TimeVal> Parser::match_time(size_t& i) const {
    size_t j = i;
    if (!num(j, 1, 2)) return std::nullopt;
    TimeVal v;
    v.h = t_[j++].value;
    bool has_minutes = false;
    if ((adj_punct(j, ':') || adj_punct(j, '.')) && adj_num(j + 1, 2, 2)) {
        bool colon = punct(j, ':');
        // "27.03.2024" is a date, handled before; a third dotted part here is not a time.
        if (!colon && adj_punct(j + 2, '.') && adj_num(j + 3)) return std::nullopt;
        v.mi = t_[j + 1].value;
        j += 2;
        has_minutes = true;
        if (colon && adj_punct(j, ':') && adj_num(j + 1, 2, 2)) {
            v.s = t_[j + 1].value;
            j += 2;
            if ((adj_punct(j, '.') || adj_punct(j, ',')) && adj_num(j + 1)) j += 2;
        }
    } else if (word(j) && !t_[j].space_before && t_[j].lower == "h" && adj_num(j + 1, 2, 2)) {
        v.mi = t_[j + 1].value;
        j += 2;
        has_minutes = true;
    }
    bool pm = false;
    bool meridiem = match_meridiem(j, pm);
    if (!has_minutes && !meridiem) return std::nullopt;
    if (meridiem) {
        if (v.h < 1 || v.h > 12) return std::nullopt;
        v.h = v.h % 12 + (pm ? 12 : 0);
    }
    if (v.h > 23 || v.mi > 59 || v.s > 60) return std::nullopt;
    if (v.s == 60) v.s = 59;  // a leap second is not worth a day rollover
    i = j;
    return v;
}

// "EDT", "GMT", "Z", "+03:00", "-0400", "GMT+3", "UTC+03:00", "EST5EDT", "мск".
std::optional<ZoneVal> Parser::match_zone(size_t& i, bool after_time) const {
    size_t j = i;
    auto numeric = [&](size_t k, bool short_ok, ZoneVal& z) -> bool {
        if (!(punct(k, '+') || punct(k, '-') || punct(k, 0x2212))) return false;
        int sign = punct(k, '+') ? 1 : -1;
        if (!adj_num(k + 1)) return false;
        const Token& n = t_[k + 1];
        int h, m = 0;
        size_t end = k + 2;
        if (n.digits == 4) {
            h = n.value / 100;
            m = n.value % 100;
        } else if (n.digits == 2 || (short_ok && n.digits == 1)) {
            h = n.value;
            if (adj_punct(end, ':') && adj_num(end + 1, 2, 2)) {
                m = t_[end + 1].value;
                end += 2;
            }
        } else {
            return false;
        }
        if (h > 14 || m > 59) return false;
        z.offset = sign * (h * 60 + m);
        j = end;
        return true;
    };
    ZoneVal z;
    if (after_time && numeric(j, false, z)) {
        i = j;
        return z;
    }
    if (!word(j)) return std::nullopt;
    const Token& w = t_[j];
    if ((w.lower == "gmt" || w.lower == "utc") && j + 1 < t_.size() && !t_[j + 1].space_before &&
        numeric(j + 1, true, z)) {
        i = j;  // numeric() moved j past the offset
        return z;
    }
    // POSIX-style names: EST5EDT, CST6CDT, MST7MDT, PST8PDT.
    if (w.upper && adj_num(j + 1, 1, 1) && word(j + 2) && !t_[j + 2].space_before) {
        const ZoneAbbr* a = find_zone_abbr(w.lower);
        if (a && a->tz && t_[j + 2].upper) {
            for (const char* g : {"et", "ct", "mt", "pt"})
                if (std::string_view(a->tz) == find_zone_abbr(g)->tz) {
                    i = j + 3;
                    z.abbr = find_zone_abbr(g);
                    return z;
                }
        }
        return std::nullopt;
    }
    // Abbreviations must be written in capitals (so "et" or "cat" in prose are not zones),
    // except Russian "мск".
    if (!w.upper && w.lower != "мск") return std::nullopt;
    const ZoneAbbr* a = find_zone_abbr(w.lower);
    if (!a) return std::nullopt;
    z.abbr = a;
    i = j + 1;
    return z;
}

bool Parser::match_weekday(size_t& i) const {
    if (!word(i) || !is_weekday(t_[i].lower)) return false;
    ++i;
    if (adj_punct(i, '.')) ++i;
    return true;
}

// A Reuters-style place before the date: "BRUSSELS", "FORT LAUDERDALE, Fla.",
// "CARLSBAD, California", "N'DJAMENA". Returns the token index where the date must start
// (0 when there is no place).
size_t Parser::match_place(size_t i) const {
    size_t j = i;
    size_t caps = 0;
    while (j < t_.size() && j - i < 12) {
        const Token& t = t_[j];
        if (t.kind == Token::Word && t.upper) {
            ++caps;
        } else if (!(punct(j, '.') || punct(j, '-') || punct(j, '\'') || punct(j, 0x2019))) {
            break;
        }
        ++j;
    }
    if (caps == 0 || (j > i && t_[i].kind != Token::Word)) return 0;
    // Try the date right after the capitals, then after ", Region" of up to four tokens.
    size_t k = j;
    if (match_date(k)) return j;
    if (!punct(j, ',')) return 0;
    ++j;
    for (size_t n = 0; n < 5 && j < t_.size(); ++n) {
        size_t k2 = j;
        if (match_date(k2)) return j;
        const Token& t = t_[j];
        if (!((t.kind == Token::Word && t.cap) || punct(j, '.'))) return 0;
        ++j;
    }
    return 0;
}

// "By <authors>": the token where the authors end, at a separator or where a date starts.
size_t Parser::byline_end(bool& at_separator) const {
    at_separator = false;
    if (!word_is(0, "by") && !word_is(0, "от")) return std::string::npos;
    for (size_t j = 1; j < t_.size() && j < 40; ++j) {
        const Token& t = t_[j];
        if (t.kind == Token::Punct && (t.value == '|' || t.value == 0x2022 || t.value == 0xB7 ||
                                       t.value == ';' || (is_dash(t.value) && t.space_before))) {
            at_separator = true;
            return j;
        }
        size_t k = j;
        if (t.kind == Token::Num || match_date(k) || match_weekday(k)) return j;
        bool breaks;
        if (t.kind == Token::Word && !t.cap && is_filler(t.lower, breaks) && breaks) return j;
    }
    return std::string::npos;
}

std::optional<PubDate> Parser::finish(const std::vector<Record>& recs) const {
    for (const Record& r : recs) {
        if (!r.date) continue;
        DateVal d = *r.date;
        if (d.swappable) {
            bool day_first =
                order_ == DateOrder::DayFirst || (order_ == DateOrder::Auto && day_first_hint_);
            if (day_first && valid_date(d.y, d.d, d.m)) std::swap(d.d, d.m);
        }
        PubDate p;
        p.year = d.y;
        p.month = d.m;
        p.day = d.d;
        // Outside 1800-2100 the date is only reported, never used: no clock or zone arithmetic.
        if (any_year_) return p;
        int64_t local = days_from_civil(d.y, d.m, d.d) * 86400;
        if (r.time) {
            p.has_time = true;
            p.hour = r.time->h;
            p.minute = r.time->mi;
            p.second = r.time->s;
            local += p.hour * 3600 + p.minute * 60 + p.second;
            if (r.zone) {
                p.has_zone = true;
                const ZoneAbbr* a = r.zone->abbr;
                if (!a) {
                    p.utc_offset_minutes = r.zone->offset;
                } else if (!a->tz) {
                    p.utc_offset_minutes = a->nominal;
                } else if (a->generic) {
                    p.utc_offset_minutes = zone_offset_at(a->tz, local, a->nominal);
                } else {
                    // EDT names -4 even on a winter date: trust the writer over the calendar.
                    p.utc_offset_minutes = a->nominal;
                }
            }
        }
        p.utc_seconds = local - int64_t(p.utc_offset_minutes) * 60;
        return p;
    }
    return std::nullopt;
}

// The whole line must be a dateline: dates, times, zones, weekdays, furniture words and
// separators, optionally after a "By <authors> |" byline or a capitalised place.
std::optional<PubDate> Parser::parse_line() {
    if (t_.empty() || t_.size() > 80) return std::nullopt;
    size_t i = 0;
    bool sep;
    size_t by = byline_end(sep);
    if (by != std::string::npos) {
        i = sep ? by + 1 : by;
    } else if (t_[0].kind == Token::Word && t_[0].upper) {
        i = match_place(0);
    }
    std::vector<Record> recs(1);
    bool seen_date = false;
    bool last_was_time = false;
    while (i < t_.size()) {
        const Token& t = t_[i];
        size_t j = i;
        if (last_was_time) {
            if (auto z = match_zone(j, true)) {
                if (recs.back().zone) recs.emplace_back();
                recs.back().zone = z;
                if (z->abbr && z->abbr->day_first) day_first_hint_ = true;
                i = j;
                last_was_time = false;
                continue;
            }
        }
        last_was_time = false;
        if (t.kind == Token::Punct && is_separator(t.value)) {
            ++i;
            continue;
        }
        if (auto d = match_date(j)) {
            // Two dates with no "Updated" between them: a table row, not a dateline.
            if (recs.back().date) return std::nullopt;
            recs.back().date = d;
            seen_date = true;
        } else if (auto tm = match_time(j)) {
            if (recs.back().time) recs.emplace_back();
            recs.back().time = tm;
            last_was_time = true;
        } else if (auto z = match_zone(j, false)) {
            if (recs.back().zone) recs.emplace_back();
            recs.back().zone = z;
            if (z->abbr && z->abbr->day_first) day_first_hint_ = true;
        } else if (match_weekday(j)) {
        } else if (bool breaks; t.kind == Token::Word && is_filler(t.lower, breaks)) {
            if (breaks && !recs.back().empty()) recs.emplace_back();
            ++j;
        } else if (seen_date && t.kind == Token::Word && t.lower == "by") {
            // A trailing byline: "Posted on March 27, 2024 by Jane Doe".
            size_t words = 0;
            for (++j; j < t_.size(); ++j) {
                if (t_[j].kind == Token::Num) return std::nullopt;
                if (t_[j].kind == Token::Word && ++words > 5) return std::nullopt;
            }
        } else {
            return std::nullopt;
        }
        i = j;
    }
    for (const Token& t : t_)
        if (t.kind == Token::Word && t.lower.size() > 1 && (unsigned char)t.lower[0] >= 0xD0 &&
            (unsigned char)t.lower[0] <= 0xD3)
            day_first_hint_ = true;
    return finish(recs);
}

// A lead that opens with the date: "27 марта 2024 года в Москве ...", "В среду, 27 марта
// 2024 года, ...". Only a full named date (with a year) followed by "года" or a comma counts.
std::optional<PubDate> Parser::parse_lead() {
    size_t i = 0;
    if (word_is(i, "в") || word_is(i, "во") || word_is(i, "on")) {
        size_t j = i + 1;
        if (!match_weekday(j)) return std::nullopt;
        i = j;
        if (punct(i, ',')) ++i;
    }
    size_t j = i;
    auto d = match_named_date(j);
    if (!d || j >= t_.size()) return std::nullopt;
    bool russian_year = word(j - 1) && is_year_suffix(t_[j - 1].lower);
    if (!russian_year && !(j > 0 && punct(j, ','))) return std::nullopt;
    std::vector<Record> recs(1);
    recs[0].date = d;
    return finish(recs);
}

bool has_digit(std::string_view s) {
    for (char c : s)
        if (c >= '0' && c <= '9') return true;
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (unsigned char)s.front() <= ' ') s.remove_prefix(1);
    while (!s.empty() && (unsigned char)s.back() <= ' ') s.remove_suffix(1);
    return s;
}

// "20240327" or "20240327T135700Z"-style compact dates seen in metadata.
std::optional<PubDate> parse_compact(std::string_view s) {
    if (s.size() != 8) return std::nullopt;
    for (char c : s)
        if (c < '0' || c > '9') return std::nullopt;
    int v = std::stoi(std::string(s));
    int y = v / 10000, m = v / 100 % 100, d = v % 100;
    if (!valid_date(y, m, d)) return std::nullopt;
    PubDate p;
    p.year = y;
    p.month = m;
    p.day = d;
    p.utc_seconds = days_from_civil(y, m, d) * 86400;
    return p;
}

bool has_cyrillic(std::string_view s) {
    for (size_t i = 0; i + 1 < s.size(); ++i) {
        unsigned char c = s[i];
        if ((c == 0xD0 || c == 0xD1) && ((unsigned char)s[i + 1] & 0xC0) == 0x80) return true;
    }
    return false;
}

}  // namespace

std::optional<PubDate> parse_dateline(std::string_view line, DateOrder order) {
    line = trim(line);
    if (line.empty() || line.size() > kMaxDatelineBytes || !has_digit(line)) return std::nullopt;
    Parser p(line, order);
    return p.parse_line();
}

std::optional<PubDate> parse_dateline(std::string_view line) {
    return parse_dateline(line, DateOrder::Auto);
}

bool impossible_dateline(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.size() > kMaxDatelineBytes || !has_digit(line)) return false;
    return !parse_dateline(line) && Parser(line, DateOrder::Auto, true).parse_line();
}

std::optional<PubDate> parse_date(std::string_view text, DateOrder order) {
    text = trim(text);
    if (text.empty() || text.size() > kMaxDatelineBytes || !has_digit(text)) return std::nullopt;
    if (auto p = parse_compact(text)) return p;
    return parse_dateline(text, order);
}

std::optional<PubDate> parse_date(std::string_view text) {
    return parse_date(text, DateOrder::Auto);
}

std::optional<PubDate> parse_lead_date(std::string_view line) {
    line = trim(line);
    if (line.empty() || !has_digit(line)) return std::nullopt;
    // Only the opening matters; cut long leads at a character boundary.
    if (line.size() > 120) {
        size_t cut = 120;
        while (cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80) --cut;
        line = line.substr(0, cut);
    }
    Parser p(line, DateOrder::DayFirst);
    return p.parse_lead();
}

std::vector<std::string> byline_authors(std::string_view line) {
    std::vector<std::string> out;
    line = trim(line);
    if (line.size() > kMaxDatelineBytes * 2) return out;
    Parser p(line, DateOrder::Auto);
    bool sep;
    size_t end = p.byline_end(sep);
    const auto& toks = p.tokens();
    if (end == std::string::npos) {
        // "By Jane Doe" alone: the whole line, if it is short and has no digits.
        if (toks.empty() ||
            !(toks[0].kind == Token::Word && (toks[0].lower == "by" || toks[0].lower == "от")) ||
            toks.size() > 30 || has_digit(line))
            return out;
        end = toks.size();
    }
    if (end <= 1) return out;
    std::string_view names = line.substr(toks[1].begin, toks[end - 1].end - toks[1].begin);
    // Split on commas, "and", "&" (and Russian "и").
    std::string cur;
    auto flush = [&] {
        std::string_view c = trim(cur);
        while (!c.empty() && (c.back() == ',' || c.back() == '.' || c.back() == ':')) {
            c.remove_suffix(1);
            c = trim(c);
        }
        if (!c.empty()) out.emplace_back(c);
        cur.clear();
    };
    size_t i = 0;
    while (i < names.size()) {
        if (names[i] == ',' || names[i] == '&') {
            flush();
            ++i;
            continue;
        }
        bool boundary = i == 0 || names[i - 1] == ' ';
        for (std::string_view conj : {"and ", "und ", "et ", "и "}) {
            if (boundary && names.substr(i, conj.size()) == conj) {
                flush();
                i += conj.size();
                goto next;
            }
        }
        cur += names[i++];
    next:;
    }
    flush();
    return out;
}

std::optional<DatelineMatch> find_dateline(const std::vector<std::string_view>& lines,
                                           size_t max_lines, DateOrder order) {
    // Cyrillic text near the top says how to read 05/08/2008.
    if (order == DateOrder::Auto) {
        size_t seen = 0;
        for (size_t i = 0; i < lines.size() && seen < max_lines; ++i) {
            std::string_view l = trim(lines[i]);
            if (l.empty()) continue;
            ++seen;
            if (has_cyrillic(l.substr(0, 400))) {
                order = DateOrder::DayFirst;
                break;
            }
        }
    }
    size_t seen = 0;
    for (size_t i = 0; i < lines.size() && seen < max_lines; ++i) {
        std::string_view l = trim(lines[i]);
        if (l.empty()) continue;
        ++seen;
        if (auto d = parse_dateline(l, order)) return DatelineMatch{*d, i};
    }
    return std::nullopt;
}

std::optional<DatelineMatch> find_dateline(const std::vector<std::string_view>& lines,
                                           size_t max_lines) {
    return find_dateline(lines, max_lines, DateOrder::Auto);
}

}  // namespace kronika
