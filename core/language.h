// Language identification of article text, to choose the stemmer and language-specific rules.
#pragma once

#include <string>
#include <string_view>

namespace kronika {

// The ISO 639-1 code of the text's language ("en", "ru", "uk", "de", ...), from CLD2 (Google's
// Compact Language Detector 2) over the first few kilobytes; when CLD2 is unsure, a guess from
// the script (Cyrillic with і/ї/є/ґ -> "uk", other Cyrillic -> "ru", Latin -> "en"); "" when
// the text has no letters.
std::string detect_language(std::string_view text);

}  // namespace kronika
