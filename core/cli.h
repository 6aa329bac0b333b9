// Conventions shared by both programs, so every tool spells and defaults them the same way.
#pragma once

#include <cstdlib>
#include <string>

namespace kronika::cli {

// Documented exit codes (ripgrep's convention).
inline constexpr int kExitOk = 0;       // success: results found / everything indexed
inline constexpr int kExitPartial = 1;  // no results / some inputs skipped / check failed
inline constexpr int kExitError = 2;    // bad usage, unreadable database, fatal error

// The database folder when --db is not given: $KRONIKA_DB, else ./kronika-db.
inline std::string default_db() {
    const char* env = std::getenv("KRONIKA_DB");
    return env && *env ? env : "./kronika-db";
}

}  // namespace kronika::cli
