// Test helpers: temporary folders and running the programs.
#pragma once

#include <unistd.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

namespace kronika::testing {

// The programs under test and the repository's data (compile definitions of the test target).
inline const std::string kBin = KRONIKA_BIN_DIR;
inline const std::string kIndex = kBin + "/kronika-index";
inline const std::string kSearch = kBin + "/kronika-search";
// tests/fault/fault_inject.cc, for LD_PRELOAD.
inline const std::string kFaultLib = KRONIKA_FAULT_LIB;
inline const std::string kCorpus = KRONIKA_CORPUS_DIR;
inline const std::string kData = KRONIKA_TEST_DATA;

// A fresh folder under the system temp dir, removed with everything in it at scope exit.
class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("kronika-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string path() const { return path_.string(); }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

struct RunResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs a shell command line, capturing stdout and stderr separately.
inline RunResult run(const std::string& command) {
    TempDir tmp;
    std::string errfile = tmp / "stderr";
    std::string full = command + " 2>" + errfile;
    RunResult r;
    FILE* p = popen(full.c_str(), "r");
    if (!p) return r;
    std::array<char, 65536> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (FILE* e = std::fopen(errfile.c_str(), "rb")) {
        while ((n = std::fread(buf.data(), 1, buf.size(), e)) > 0) r.err.append(buf.data(), n);
        std::fclose(e);
    }
    return r;
}

// Single-quotes a string for the shell.
inline std::string sh(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

}  // namespace kronika::testing
