// Compiler-style diagnostics for dirty input: "path:line: warning: message".
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace kronika {

struct Diagnostic {
    std::string path;   // "-" for standard input
    uint64_t line = 0;  // 1-based; 0 when the problem concerns the whole file
    std::string message;

    // "path:line: warning: message" (":line" left out when line is 0).
    std::string format() const;
};

using DiagnosticSink = std::function<void(const Diagnostic&)>;

}  // namespace kronika
