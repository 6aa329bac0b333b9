// Character sets: Content-Type parameters, the HTML prescan, ICU detection and conversion.
#include "readers/charset.h"

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

#include "readers/input.h"
#include "text_bytes.h"

namespace kronika {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

constexpr auto lower = ascii_lower;
constexpr auto lowercase = ascii_lowercase;
constexpr auto iequals = ascii_iequals;
constexpr auto istarts_with = ascii_istarts_with;

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// ---------------------------------------------------------------------------------------------
// The HTML prescan (WHATWG HTML, "prescan a byte stream to determine its encoding"), on the
// first 1024 bytes.

// The "get an attribute" step: reads one attribute at *pos, lowercasing the name (values are
// kept as written). Returns false at '>' or the end of the window.
bool get_attribute(std::string_view s, size_t* pos, std::string* name, std::string* value) {
    size_t i = *pos, n = s.size();
    name->clear();
    value->clear();
    while (i < n && (is_space(s[i]) || s[i] == '/')) ++i;
    if (i >= n || s[i] == '>') {
        *pos = i;
        return false;
    }
    // The name: up to '=', whitespace, '/' or '>' ('=' may be its first character).
    bool have_value = false;
    for (;; ++i) {
        if (i >= n) {
            *pos = i;
            return !name->empty();
        }
        char c = s[i];
        if (c == '=' && !name->empty()) {
            ++i;
            have_value = true;
            break;
        }
        if (is_space(c)) {
            while (i < n && is_space(s[i])) ++i;
            if (i < n && s[i] == '=') {
                ++i;
                have_value = true;
            }
            break;
        }
        if (c == '/' || c == '>') break;
        *name += lower(c);
    }
    if (have_value) {
        while (i < n && is_space(s[i])) ++i;
        if (i < n && (s[i] == '"' || s[i] == '\'')) {
            char quote = s[i++];
            while (i < n && s[i] != quote) *value += s[i++];
            if (i < n) ++i;
        } else {
            while (i < n && !is_space(s[i]) && s[i] != '>') *value += s[i++];
        }
    }
    *pos = i;
    return true;
}

// "Extract a character encoding from a meta element" applied to a content attribute's value.
std::string charset_from_meta_content(std::string_view s) {
    size_t i = 0;
    for (;;) {
        size_t at = std::string_view::npos;
        for (size_t k = i; k + 7 <= s.size(); ++k)
            if (iequals(s.substr(k, 7), "charset")) {
                at = k;
                break;
            }
        if (at == std::string_view::npos) return "";
        i = at + 7;
        while (i < s.size() && is_space(s[i])) ++i;
        if (i < s.size() && s[i] == '=') break;
    }
    ++i;
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size()) return "";
    if (s[i] == '"' || s[i] == '\'') {
        char quote = s[i++];
        size_t end = s.find(quote, i);
        if (end == std::string_view::npos) return "";
        return std::string(trim(s.substr(i, end - i)));
    }
    size_t end = i;
    while (end < s.size() && !is_space(s[end]) && s[end] != ';') ++end;
    return std::string(s.substr(i, end - i));
}

// A `<meta ...>` element starting at s[i] ("<meta" already matched): its charset or "".
std::string charset_of_meta(std::string_view s, size_t* pos) {
    size_t i = *pos;
    std::string name, value, charset;
    bool got_pragma = false, need_pragma = false, have_charset = false;
    while (get_attribute(s, &i, &name, &value)) {
        if (name == "http-equiv") {
            if (iequals(trim(value), "content-type")) got_pragma = true;
        } else if (name == "content") {
            if (!have_charset) {
                std::string c = charset_from_meta_content(value);
                if (!c.empty()) {
                    charset = c;
                    have_charset = true;
                    need_pragma = true;
                }
            }
        } else if (name == "charset") {
            if (!have_charset || need_pragma) {
                charset = std::string(trim(value));
                have_charset = !charset.empty();
                need_pragma = false;
            }
        }
    }
    *pos = i;
    if (!have_charset || (need_pragma && !got_pragma)) return "";
    // A document that can declare itself in ASCII is not UTF-16 (the standard's rule).
    if (istarts_with(charset, "utf-16")) return "UTF-8";
    return charset;
}

// The encoding of an XML declaration at the start of s ("<?xml version="1.0"
// encoding="..."?>"), or "".
std::string charset_of_xml_declaration(std::string_view s) {
    if (!s.starts_with("<?xml")) return "";
    size_t end = s.find("?>");
    if (end == std::string_view::npos) return "";
    std::string_view decl = s.substr(5, end - 5);
    size_t at = decl.find("encoding");
    if (at == std::string_view::npos) return "";
    size_t i = at + 8;
    while (i < decl.size() && is_space(decl[i])) ++i;
    if (i >= decl.size() || decl[i] != '=') return "";
    ++i;
    while (i < decl.size() && is_space(decl[i])) ++i;
    if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return "";
    char quote = decl[i++];
    size_t close = decl.find(quote, i);
    if (close == std::string_view::npos) return "";
    std::string charset(trim(decl.substr(i, close - i)));
    if (istarts_with(charset, "utf-16")) return "UTF-8";
    return charset;
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ---------------------------------------------------------------------------------------------
// Conversion.

// WHATWG Encoding labels whose meaning differs from ICU's reading of the same name. Browsers
// read "iso-8859-1" and "us-ascii" as windows-1252, so bytes 0x80-0x9F in pages labelled that
// way are smart quotes and dashes, not C1 controls; likewise for the other supersets below.
struct LabelAlias {
    const char* label;
    const char* encoding;
};
constexpr LabelAlias kWhatwgAliases[] = {
    {"ansi_x3.4-1968", "windows-1252"},
    {"ascii", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"cp819", "windows-1252"},
    {"csisolatin1", "windows-1252"},
    {"ibm819", "windows-1252"},
    {"iso-8859-1", "windows-1252"},
    {"iso-ir-100", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"iso88591", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"},
    {"l1", "windows-1252"},
    {"latin1", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"csisolatin5", "windows-1254"},
    {"iso-8859-9", "windows-1254"},
    {"iso-ir-148", "windows-1254"},
    {"iso8859-9", "windows-1254"},
    {"iso88599", "windows-1254"},
    {"iso_8859-9", "windows-1254"},
    {"iso_8859-9:1989", "windows-1254"},
    {"l5", "windows-1254"},
    {"latin5", "windows-1254"},
    {"iso-8859-11", "windows-874"},
    {"iso8859-11", "windows-874"},
    {"iso885911", "windows-874"},
    {"tis-620", "windows-874"},
    {"dos-874", "windows-874"},
    {"chinese", "GBK"},
    {"csgb2312", "GBK"},
    {"gb2312", "GBK"},
    {"gb_2312", "GBK"},
    {"gb_2312-80", "GBK"},
    {"x-gbk", "GBK"},
    {"euc-kr", "windows-949"},
    {"ks_c_5601-1987", "windows-949"},
    {"ks_c_5601-1989", "windows-949"},
    {"korean", "windows-949"},
    {"x-sjis", "Shift_JIS"},
};

// Labels ICU would accept but browsers refuse, because they let ASCII-looking bytes hide markup
// (UTF-7 is the classic XSS vector); treated as unknown.
constexpr const char* kRefusedLabels[] = {"utf-7", "utf7", "unicode-1-1-utf-7", "csunicode11utf7"};

bool is_utf8_name(std::string_view name) {
    return iequals(name, "UTF-8") || iequals(name, "utf8");
}

// A charset as ICU knows it: the name to show (MIME, IANA or Windows name where ICU has one,
// "windows-1251" rather than ICU's internal "ibm-5347_P100-1998") and the converter to open.
struct Charset {
    std::string name;
    std::string converter;
    bool empty() const { return converter.empty(); }
};

// Resolves a charset label (WHATWG aliases applied first) with ucnv_open, which is the
// authority on what ICU will convert with; empty when ICU does not know the label.
Charset resolve_charset(std::string_view label) {
    std::string key = lowercase(trim(label));
    // Some servers quote the value twice or add stray punctuation.
    while (!key.empty() && (key.front() == '\'' || key.front() == '"')) key.erase(0, 1);
    while (!key.empty() && (key.back() == '\'' || key.back() == '"' || key.back() == ';'))
        key.pop_back();
    if (key.empty()) return {};
    for (const char* refused : kRefusedLabels)
        if (key == refused) return {};
    for (const auto& alias : kWhatwgAliases)
        if (key == alias.label) {
            key = alias.encoding;
            break;
        }
    UErrorCode err = U_ZERO_ERROR;
    UConverter* cnv = ucnv_open(key.c_str(), &err);
    if (U_FAILURE(err) || !cnv) return {};
    err = U_ZERO_ERROR;
    Charset charset;
    const char* internal = ucnv_getName(cnv, &err);
    if (U_SUCCESS(err) && internal) charset.converter = internal;
    ucnv_close(cnv);
    if (charset.converter.empty()) return {};
    charset.name = charset.converter;
    for (const char* standard : {"MIME", "IANA", "WINDOWS"}) {
        err = U_ZERO_ERROR;
        const char* std_name = ucnv_getStandardName(charset.converter.c_str(), standard, &err);
        if (U_SUCCESS(err) && std_name) {
            charset.name = std_name;
            break;
        }
    }
    return charset;
}

// Where the first invalid UTF-8 sequence starts, or npos. NUL bytes count as valid here (they
// are valid UTF-8; the HTML reader deals with them). Also counts the valid multi-byte sequences
// and the invalid bytes, for telling damaged UTF-8 from a legacy encoding.
struct Utf8Scan {
    size_t first_invalid = std::string_view::npos;
    size_t multibyte = 0;  // valid sequences of 2-4 bytes
    size_t invalid = 0;    // bytes that start no valid sequence
};

size_t utf8_sequence_length(std::string_view s, size_t i) {
    size_t n = s.size();
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    auto cont = [&](size_t k) { return k < n && (byte(k) & 0xC0) == 0x80; };
    unsigned char c = byte(i);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF && cont(i + 1)) return 2;
    if (c >= 0xE0 && c <= 0xEF && cont(i + 1) && cont(i + 2)) {
        unsigned char c1 = byte(i + 1);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
        unsigned char c1 = byte(i + 1);
        if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) return 0;
        return 4;
    }
    return 0;
}

// Stops counting after `stop_after` invalid bytes when that is enough to decide.
Utf8Scan scan_utf8(std::string_view s, size_t stop_after = std::string_view::npos) {
    Utf8Scan scan;
    size_t i = 0, n = s.size();
    while (i < n) {
        // ASCII runs are the common case; skip them eight bytes at a time.
        while (i + 8 <= n) {
            uint64_t word;
            std::memcpy(&word, s.data() + i, 8);
            if (word & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        size_t len = utf8_sequence_length(s, i);
        if (len == 0) {
            if (scan.first_invalid == std::string_view::npos) scan.first_invalid = i;
            if (++scan.invalid >= stop_after) break;
            ++i;
        } else {
            if (len > 1) ++scan.multibyte;
            i += len;
        }
    }
    return scan;
}

// ICU's to-Unicode callback that writes U+FFFD (ICU's own substitute callback writes U+001A for
// single-byte charsets) and counts the substitutions.
void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                          UConverterCallbackReason reason, UErrorCode* err) {
    if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to substitute
    ++*static_cast<size_t*>(const_cast<void*>(context));
    static const UChar kReplacement = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

struct ConverterCloser {
    void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Converts `bytes` from `charset` (an ICU name) to UTF-8 in one streaming pass through a pivot
// buffer, so memory and time stay linear in the input. Returns false when ICU cannot open the
// converter.
bool convert_with_icu(std::string_view bytes, const std::string& charset, std::string* out,
                      size_t* substitutions) {
    UErrorCode err = U_ZERO_ERROR;
    ConverterPtr source(ucnv_open(charset.c_str(), &err));
    if (U_FAILURE(err) || !source) return false;
    err = U_ZERO_ERROR;
    ConverterPtr target(ucnv_open("UTF-8", &err));
    if (U_FAILURE(err) || !target) return false;
    *substitutions = 0;
    err = U_ZERO_ERROR;
    ucnv_setToUCallBack(source.get(), count_and_substitute, substitutions, nullptr, nullptr, &err);
    if (U_FAILURE(err)) return false;

    out->clear();
    out->reserve(bytes.size() + bytes.size() / 2);
    std::array<UChar, 4096> pivot;
    UChar* pivot_source = pivot.data();
    UChar* pivot_target = pivot.data();
    std::array<char, 16384> chunk;
    const char* src = bytes.data();
    const char* src_end = bytes.data() + bytes.size();
    bool reset = true;
    for (;;) {
        char* dst = chunk.data();
        err = U_ZERO_ERROR;
        ucnv_convertEx(target.get(), source.get(), &dst, chunk.data() + chunk.size(), &src, src_end,
                       pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(),
                       reset, /*flush=*/true, &err);
        reset = false;
        out->append(chunk.data(), static_cast<size_t>(dst - chunk.data()));
        if (err == U_BUFFER_OVERFLOW_ERROR) continue;
        break;
    }
    if (U_FAILURE(err)) {
        // Should not happen with a substituting callback; keep what was converted and say so.
        ++*substitutions;
    }
    return true;
}

// ICU's detector gives a confidence from 0 to 100. Measured with ICU 72 on our test texts:
// Russian paragraphs in windows-1251, KOI8-R or ISO-8859-5 score 55-56 for the right charset
// (the Cyrillic recognisers never go higher), two sentences 43, one sentence 29; French and
// German prose in Latin-1 73-89; random bytes 10 or less. 40 accepts a paragraph or two of
// Cyrillic and leaves single sentences, where ICU mixes up the Cyrillic charsets, to the UTF-8
// repair (visible U+FFFD rather than plausible-looking wrong letters).
//
// Confidence alone cannot reject English text with stray bytes: ICU's Latin recognisers score
// the ASCII words (41 to 77 for ISO-8859-1/windows-1252 whatever the stray bytes are). So a
// guess must also decode every byte (no unassigned byte) and give mostly letters inside words or
// common punctuation; see plausible_legacy_text(). Before detection, text with valid UTF-8
// sequences is taken as damaged UTF-8 (see decode_to_utf8).
constexpr int32_t kDetectionThreshold = 40;

// How much converted text plausible_legacy_text() looks at.
constexpr size_t kPlausibilityWindow = 1u << 20;

// Whether the non-ASCII characters of `text` (UTF-8) look like real text in the guessed charset:
// at least three quarters of them are punctuation, spaces and currency signs (smart quotes,
// dashes, guillemets, no-break spaces, the euro sign), or letters inside words: a Latin letter
// in a word that also has an ASCII letter ("café", "Zürich"), a letter of another script next to
// a letter of the same script ("город"). Stray bytes read as Latin-1 give C1 controls, symbols,
// and letters alone or in words of their own ("Ã", "ÿþ") instead.
bool plausible_legacy_text(std::string_view text) {
    std::vector<UChar32> cps;
    {
        const auto* s = reinterpret_cast<const uint8_t*>(text.data());
        int32_t n = static_cast<int32_t>(std::min(text.size(), kPlausibilityWindow));
        cps.reserve(static_cast<size_t>(n));
        for (int32_t i = 0; i < n;) {
            UChar32 c;
            U8_NEXT(s, i, n, c);
            cps.push_back(c);
        }
    }
    size_t non_ascii = 0, plausible = 0;
    size_t i = 0;
    while (i < cps.size()) {
        UChar32 c = cps[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (!u_isalpha(c)) {
            ++non_ascii;
            int8_t type = u_charType(c);
            if ((type >= U_DASH_PUNCTUATION && type <= U_OTHER_PUNCTUATION) ||
                type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION ||
                type == U_SPACE_SEPARATOR || type == U_CURRENCY_SYMBOL)
                ++plausible;
            ++i;
            continue;
        }
        // A word: the run of letters around this one (earlier ones were ASCII, see above).
        size_t start = i;
        while (start > 0 && cps[start - 1] < 0x80 && u_isalpha(cps[start - 1])) --start;
        size_t end = i;
        while (end < cps.size() && u_isalpha(cps[end])) ++end;
        bool has_ascii = false;
        for (size_t k = start; k < end; ++k) has_ascii |= cps[k] < 0x80;
        for (size_t k = i; k < end; ++k) {
            if (cps[k] < 0x80) continue;
            ++non_ascii;
            UErrorCode err = U_ZERO_ERROR;
            UScriptCode script = uscript_getScript(cps[k], &err);
            auto same_script = [&](size_t j) {
                UErrorCode e = U_ZERO_ERROR;
                return cps[j] >= 0x80 && uscript_getScript(cps[j], &e) == script;
            };
            bool ok = script == USCRIPT_LATIN ? has_ascii
                                              : ((k > start && same_script(k - 1)) ||
                                                 (k + 1 < end && same_script(k + 1)));
            if (ok) ++plausible;
        }
        i = end;
    }
    return plausible * 4 >= non_ascii * 3;
}

// Detection looks at this much of the input: ICU itself only uses its first 8000 bytes after
// dropping markup, and tags alone can fill that on a real page.
constexpr size_t kDetectionWindow = 64 * 1024;

struct Detection {
    std::string charset;  // as ICU names it
    int32_t confidence = 0;
};

Detection detect_charset(std::string_view bytes) {
    Detection d;
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector* det = ucsdet_open(&err);
    if (U_FAILURE(err) || !det) return d;
    // Skip markup so tags and attribute names (ASCII) do not dilute the statistics.
    ucsdet_enableInputFilter(det, true);
    std::string_view window = bytes.substr(0, std::min(bytes.size(), kDetectionWindow));
    ucsdet_setText(det, window.data(), static_cast<int32_t>(window.size()), &err);
    const UCharsetMatch* match = U_SUCCESS(err) ? ucsdet_detect(det, &err) : nullptr;
    if (U_SUCCESS(err) && match) {
        const char* name = ucsdet_getName(match, &err);
        int32_t confidence = ucsdet_getConfidence(match, &err);
        if (U_SUCCESS(err) && name) {
            d.charset = name;
            d.confidence = confidence;
        }
    }
    ucsdet_close(det);
    return d;
}

// Reads bytes as UTF-8, replacing invalid sequences. NUL bytes become spaces (repair_utf8's
// rule) and are counted with the invalid bytes.
Decoded repaired_utf8(std::string_view bytes, size_t known_invalid) {
    Decoded d;
    d.charset = "UTF-8";
    d.text.assign(bytes);
    if (known_invalid > 0) d.repaired = repair_utf8(d.text);
    return d;
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
    std::string_view s = content_type;
    size_t i = s.find(';');
    if (i == std::string_view::npos) return "";
    ++i;
    while (i < s.size()) {
        while (i < s.size() && (is_space(s[i]) || s[i] == ';')) ++i;
        size_t name_start = i;
        while (i < s.size() && s[i] != '=' && s[i] != ';') ++i;
        std::string_view name = trim(s.substr(name_start, i - name_start));
        std::string value;
        if (i < s.size() && s[i] == '=') {
            ++i;
            while (i < s.size() && is_space(s[i])) ++i;
            if (i < s.size() && s[i] == '"') {
                // A quoted-string (RFC 9110): backslash escapes the next character.
                ++i;
                while (i < s.size() && s[i] != '"') {
                    if (s[i] == '\\' && i + 1 < s.size()) ++i;
                    value += s[i++];
                }
                if (i < s.size()) ++i;
                while (i < s.size() && s[i] != ';') ++i;
            } else {
                size_t value_start = i;
                while (i < s.size() && s[i] != ';') ++i;
                value = std::string(trim(s.substr(value_start, i - value_start)));
            }
        }
        if (iequals(name, "charset")) {
            std::string_view v = trim(value);
            // 'windows-1251' in single quotes is seen in the wild.
            if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'')
                v = v.substr(1, v.size() - 2);
            return std::string(trim(v));
        }
    }
    return "";
}

std::string sniff_html_charset(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) return "UTF-8";
    if (bytes.starts_with("\xFF\xFE")) return "UTF-16LE";
    if (bytes.starts_with("\xFE\xFF")) return "UTF-16BE";
    std::string_view s = bytes.substr(0, std::min<size_t>(bytes.size(), 1024));
    if (std::string xml = charset_of_xml_declaration(s); !xml.empty()) return xml;

    size_t i = 0, n = s.size();
    std::string name, value;
    while (i < n) {
        if (s[i] != '<') {
            ++i;
            continue;
        }
        std::string_view rest = s.substr(i);
        if (rest.starts_with("<!--")) {
            // The comment's "-->" may share its dashes with "<!--" ("<!-->" is a whole comment).
            size_t end = s.find("-->", i + 2);
            if (end == std::string_view::npos) return "";
            i = end + 3;
        } else if (rest.size() >= 6 && istarts_with(rest, "<meta") &&
                   (is_space(rest[5]) || rest[5] == '/')) {
            i += 6;
            std::string charset = charset_of_meta(s, &i);
            if (!charset.empty()) return charset;
        } else if (rest.size() >= 2 && (is_alpha(rest[1]) || (rest[1] == '/' && rest.size() >= 3 &&
                                                              is_alpha(rest[2])))) {
            // Any other tag: skip its name, then its attributes (so a '>' inside a quoted value
            // does not end it early).
            i += rest[1] == '/' ? 2 : 1;
            while (i < n && !is_space(s[i]) && s[i] != '>') ++i;
            while (get_attribute(s, &i, &name, &value)) {
            }
            if (i < n) ++i;
        } else if (rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?")) {
            size_t end = s.find('>', i + 2);
            if (end == std::string_view::npos) return "";
            i = end + 1;
        } else {
            ++i;
        }
    }
    return "";
}

Decoded decode_to_utf8(std::string_view bytes, std::string_view transport_charset,
                       std::string_view document_charset, std::vector<std::string>* notes) {
    auto note = [&](std::string message) {
        if (notes) notes->push_back(std::move(message));
    };

    // Converts with a declared (or detected) charset, UTF-8 through the byte-level repair.
    auto decode_as = [&](std::string_view input, const Charset& charset,
                         const std::string& how) -> Decoded {
        if (is_utf8_name(charset.converter)) {
            Utf8Scan scan = scan_utf8(input, 1);
            Decoded d = repaired_utf8(input, scan.invalid);
            if (d.repaired > 0)
                note("invalid UTF-8 in a document " + how +
                     " UTF-8: " + std::to_string(d.repaired) + " byte(s) replaced with U+FFFD");
            return d;
        }
        Decoded d;
        d.charset = charset.name;
        if (!convert_with_icu(input, charset.converter, &d.text, &d.repaired)) {
            // resolve_charset() opened this converter a moment ago; this is only defensive.
            note("cannot convert from " + charset.name + "; read as UTF-8");
            Utf8Scan scan = scan_utf8(input, 1);
            return repaired_utf8(input, scan.invalid);
        }
        if (d.repaired > 0)
            note(std::to_string(d.repaired) + " byte sequence(s) invalid in " + charset.name +
                 " replaced with U+FFFD");
        return d;
    };

    // 1. A byte-order mark, which no legacy text starts with.
    if (bytes.starts_with("\xEF\xBB\xBF"))
        return decode_as(bytes.substr(3), {"UTF-8", "UTF-8"}, "marked");
    if (bytes.starts_with("\xFF\xFE"))
        return decode_as(bytes.substr(2), {"UTF-16LE", "UTF-16LE"}, "marked");
    if (bytes.starts_with("\xFE\xFF"))
        return decode_as(bytes.substr(2), {"UTF-16BE", "UTF-16BE"}, "marked");

    // 2. and 3. What the transport, then the document, declares.
    const std::pair<std::string_view, const char*> declarations[] = {
        {transport_charset, "in the HTTP header"}, {document_charset, "in the document"}};
    for (const auto& [label, where] : declarations) {
        if (trim(label).empty()) continue;
        Charset charset = resolve_charset(label);
        if (charset.empty()) {
            note("unknown charset \"" + std::string(trim(label)) + "\" declared " + where +
                 "; ignored");
            continue;
        }
        // A legacy declaration on bytes that are valid UTF-8 with multi-byte sequences is stale
        // (a site moved to UTF-8 and kept its old meta tag, or a server's default charset):
        // legacy text is practically never valid UTF-8 once it has non-ASCII letters, and
        // reading UTF-8 as windows-125x would turn every letter into two wrong ones.
        if (!is_utf8_name(charset.converter) && !istarts_with(charset.converter, "UTF-")) {
            Utf8Scan scan = scan_utf8(bytes, 1);
            if (scan.invalid == 0 && scan.multibyte > 0) {
                note("declared " + charset.name + " " + where +
                     ", but the bytes are valid UTF-8; read as UTF-8");
                Decoded d;
                d.charset = "UTF-8";
                d.text.assign(bytes);
                return d;
            }
        }
        return decode_as(bytes, charset, "declared");
    }

    // 4. Nothing declared: valid UTF-8 as it is (no copy until the answer is known).
    Utf8Scan scan = scan_utf8(bytes);
    if (scan.invalid == 0) {
        Decoded d;
        d.charset = "UTF-8";
        d.text.assign(bytes);
        return d;
    }
    // Valid multi-byte sequences almost never arise by chance from legacy text (Cyrillic or
    // accented letters in windows-125x are followed by letters, not by 0x80-0xBF: a paragraph
    // gives hundreds of invalid bytes and next to no valid sequences). So UTF-8 sequences
    // numbering at least a quarter of the invalid bytes mean UTF-8 with some damage (a truncated
    // sequence gives up to three invalid bytes), not another charset.
    bool damaged_utf8 = scan.multibyte > 0 && scan.multibyte * 4 >= scan.invalid;
    if (!damaged_utf8) {
        Detection guess = detect_charset(bytes);
        if (guess.confidence >= kDetectionThreshold && !is_utf8_name(guess.charset)) {
            Charset charset = resolve_charset(guess.charset);
            Decoded d;
            if (!charset.empty() &&
                convert_with_icu(bytes, charset.converter, &d.text, &d.repaired) &&
                d.repaired == 0 && plausible_legacy_text(d.text)) {
                d.charset = charset.name;
                d.detected = true;
                note("no charset declared; read as " + charset.name + " (detected, confidence " +
                     std::to_string(guess.confidence) + ")");
                return d;
            }
        }
    }
    Decoded d = repaired_utf8(bytes, scan.invalid);
    note("no charset declared and not valid UTF-8: " + std::to_string(d.repaired) +
         " byte(s) replaced with U+FFFD");
    return d;
}

}  // namespace kronika
