// Character sets: what a document or its transport declares, detection when nothing does, and
// conversion to UTF-8 with ICU.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kronika {

// The charset named by an HTTP Content-Type value ("text/html; charset=windows-1251" ->
// "windows-1251"); "" when none.
std::string charset_from_content_type(std::string_view content_type);

// The charset an HTML document declares for itself, as a browser's prescan finds it in the
// first 1024 bytes: a byte-order mark, `<meta charset=...>`, `<meta http-equiv="Content-Type"
// content="...; charset=...">`, or an XML declaration's encoding; "" when none.
std::string sniff_html_charset(std::string_view bytes);

struct Decoded {
    std::string text;       // UTF-8
    std::string charset;    // the charset used, as ICU names it ("UTF-8", "windows-1251", ...)
    bool detected = false;  // chosen by detection, not by a declaration
    size_t repaired = 0;    // invalid sequences replaced by U+FFFD
};

// Converts bytes to UTF-8. The first of these that is known to ICU wins: a byte-order mark, the
// transport's charset (HTTP header), the document's own declaration. Labels mean what they mean
// to browsers (WHATWG Encoding): "iso-8859-1", "latin1" and "us-ascii" are windows-1252, "gb2312"
// is GBK, and so on; UTF-7 is refused. A legacy declaration on bytes that are valid UTF-8 with
// non-ASCII characters is taken as stale and the bytes are kept as UTF-8. Without a usable
// declaration, valid UTF-8 is taken as it is; otherwise ICU's charset detector chooses (a legacy
// single-byte or CJK encoding) when it is confident and its answer decodes to plausible text,
// else the bytes are read as UTF-8 and invalid sequences are repaired (U+FFFD, never dropped).
// Whatever was guessed, repaired or ignored (an unknown charset name) is reported in *notes (may
// be null) as one-line messages. Never throws for bad input; time and memory are linear.
Decoded decode_to_utf8(std::string_view bytes, std::string_view transport_charset,
                       std::string_view document_charset, std::vector<std::string>* notes);

}  // namespace kronika
