// Language identification: CLD2 first, the script as a fallback.
#include "language.h"

#include <cld2/public/compact_lang_det.h>

namespace kronika {

namespace {

std::string guess_from_script(std::string_view text) {
    size_t latin = 0, cyrillic = 0, ukrainian = 0, other = 0;
    size_t i = 0, seen = 0;
    while (i < text.size() && seen < 2000) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (std::isalpha(c)) ++latin, ++seen;
            ++i;
        } else if ((c & 0xE0) == 0xC0 && i + 1 < text.size()) {
            unsigned cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
            if (cp >= 0x400 && cp <= 0x4FF) {
                ++cyrillic;
                if (cp == 0x456 || cp == 0x457 || cp == 0x454 || cp == 0x491 || cp == 0x406 ||
                    cp == 0x407 || cp == 0x404 || cp == 0x490)
                    ++ukrainian;
            } else if (cp < 0x250) {
                ++latin;
            } else {
                ++other;
            }
            ++seen;
            i += 2;
        } else {
            ++other;
            ++seen;
            i += (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        }
    }
    if (cyrillic > latin && cyrillic > other) return ukrainian * 50 > cyrillic ? "uk" : "ru";
    if (latin > other && latin > 0) return "en";
    return "";
}

}  // namespace

std::string detect_language(std::string_view text) {
    // CLD2 needs a few hundred bytes to be reliable and gains little past two kilobytes.
    std::string_view sample = text.substr(0, 2048);
    // Do not cut a UTF-8 sequence in half.
    while (!sample.empty() && sample.size() < text.size() &&
           (static_cast<unsigned char>(text[sample.size()]) & 0xC0) == 0x80)
        sample.remove_suffix(1);
    bool reliable = false;
    int valid_prefix = 0;
    CLD2::Language lang = CLD2::DetectLanguageCheckUTF8(
        sample.data(), static_cast<int>(sample.size()), true, &reliable, &valid_prefix);
    if (reliable && lang != CLD2::UNKNOWN_LANGUAGE) {
        std::string code = CLD2::LanguageCode(lang);
        if (code.size() >= 2 && code.size() <= 3) return code;
        if (code.size() > 3 && code[2] == '-') return code.substr(0, 2);  // "zh-Hant"
    }
    return guess_from_script(text);
}

}  // namespace kronika
