// Formatting of diagnostics.
#include "diagnostics.h"

namespace kronika {

std::string Diagnostic::format() const {
    std::string out = path;
    if (line) out += ":" + std::to_string(line);
    out += ": warning: ";
    out += message;
    return out;
}

}  // namespace kronika
