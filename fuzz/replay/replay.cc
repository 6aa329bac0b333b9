// kronika-fuzz-replay FUZZ_DIR: runs every file of FUZZ_DIR/corpus/<target>/ and
// FUZZ_DIR/crashes/<target>/ through the fuzz target of that name. Exit 0 when every target
// returned 0 for every file, 1 when one threw or returned non-zero (the file is named), 2 when
// a target's corpus is missing or empty (a wrong path must not pass).
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../targets.h"

namespace fs = std::filesystem;

namespace {

struct Target {
    const char* name;
    int (*run)(const uint8_t*, size_t);
};

const Target kTargets[] = {
    {"text_scrape", kronika_fuzz_text_scrape},
    {"json", kronika_fuzz_json},
    {"dates", kronika_fuzz_dates},
    {"query", kronika_fuzz_query},
    {"html", kronika_fuzz_html},
    {"warc", kronika_fuzz_warc},
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: kronika-fuzz-replay FUZZ_DIR\n");
        return 2;
    }
    fs::path root = argv[1];
    int failures = 0;
    for (const Target& t : kTargets) {
        std::vector<fs::path> files;
        for (const char* kind : {"corpus", "crashes"}) {
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(root / kind / t.name, ec))
                if (e.is_regular_file()) files.push_back(e.path());
        }
        size_t corpus = 0;
        for (const auto& f : files) corpus += f.parent_path().parent_path().filename() == "corpus";
        if (corpus == 0) {
            std::fprintf(stderr, "%s: no corpus in %s\n", t.name,
                         (root / "corpus" / t.name).c_str());
            return 2;
        }
        for (const auto& f : files) {
            std::string data = read_file(f);
            try {
                if (int rc = t.run(reinterpret_cast<const uint8_t*>(data.data()), data.size())) {
                    std::fprintf(stderr, "%s: %s: returned %d\n", t.name, f.c_str(), rc);
                    ++failures;
                }
            } catch (const std::exception& e) {
                std::fprintf(stderr, "%s: %s: exception: %s\n", t.name, f.c_str(), e.what());
                ++failures;
            } catch (...) {
                std::fprintf(stderr, "%s: %s: unknown exception\n", t.name, f.c_str());
                ++failures;
            }
        }
        std::printf("%s: %zu files\n", t.name, files.size());
    }
    return failures ? 1 : 0;
}
