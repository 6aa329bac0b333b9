// Alias keys (fold, transliterate, skeleton) and the user's alias table.
#include "names.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <sstream>
#include <unordered_map>

namespace kronika {

struct NameKeys::Impl {
    Analyzer analyzer;
    std::unique_ptr<icu::Transliterator> russian, ukrainian;
    std::unordered_map<std::string, std::string> cache;

    static std::unique_ptr<icu::Transliterator> make(const char* id) {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(
            icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
        if (U_FAILURE(status)) return nullptr;  // Latin-only keys still work without it
        return t;
    }

    bool made = false;  // the transliterators are built on first use: about 15 ms of ICU
                        // rule compilation that Latin-only searches never need

    icu::Transliterator* transliterator(bool ukrainian_letters) {
        if (!made) {
            russian = make("Russian-Latin/BGN; Any-Latin; Latin-ASCII");
            ukrainian = make("Ukrainian-Latin/BGN; Any-Latin; Latin-ASCII");
            made = true;
        }
        return ukrainian_letters ? ukrainian.get() : russian.get();
    }

    std::string compute(std::string_view name) {
        std::string folded = analyzer.name_key(name);
        bool ascii = true, ukrainian_letters = false;
        for (size_t i = 0; i < folded.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(folded[i]);
            if (c >= 0x80) ascii = false;
            // і ї є ґ (after folding; the analyzer strips the diaeresis of ї to і)
            if (c == 0xD1 && i + 1 < folded.size()) {
                unsigned char d = static_cast<unsigned char>(folded[i + 1]);
                if (d == 0x96 || d == 0x97 || d == 0x94) ukrainian_letters = true;
            }
            if (c == 0xD2 && i + 1 < folded.size() &&
                static_cast<unsigned char>(folded[i + 1]) == 0x91)
                ukrainian_letters = true;
        }
        std::string latin = folded;
        if (!ascii) {
            icu::Transliterator* t = transliterator(ukrainian_letters);
            if (t) {
                icu::UnicodeString u = icu::UnicodeString::fromUTF8(folded);
                t->transliterate(u);
                u.toLower();
                latin.clear();
                u.toUTF8String(latin);
            }
        }
        // Skeleton: letters and digits only, y/j as i, w as v, doubled letters once.
        std::string out;
        out.reserve(latin.size());
        for (char ch : latin) {
            unsigned char c = static_cast<unsigned char>(ch);
            if (c == ' ') {
                if (!out.empty() && out.back() != ' ') out += ' ';
                continue;
            }
            if (c < 0x80 && !std::isalnum(c)) continue;  // apostrophes, soft-sign marks, dots
            if (c == 'y' || c == 'j') c = 'i';
            if (c == 'w') c = 'v';
            if (!out.empty() && static_cast<unsigned char>(out.back()) == c && c < 0x80) continue;
            out += static_cast<char>(c);
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        return out;
    }
};

NameKeys::NameKeys() : impl_(std::make_unique<Impl>()) {}
NameKeys::~NameKeys() = default;

std::string NameKeys::key(std::string_view name) {
    std::string n(name);
    auto it = impl_->cache.find(n);
    if (it != impl_->cache.end()) return it->second;
    std::string k = impl_->compute(name);
    if (impl_->cache.size() > 200000) impl_->cache.clear();  // bounded memory
    impl_->cache.emplace(std::move(n), k);
    return k;
}

AliasTable AliasTable::parse(std::string_view text, NameKeys& keys,
                             std::vector<std::string>* errors) {
    AliasTable t;
    t.text_ = std::string(text);
    std::istringstream in(t.text_);
    std::string line;
    size_t lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        std::vector<std::string> names;
        std::stringstream fields(line);
        std::string f;
        while (std::getline(fields, f, '\t')) {
            size_t b = f.find_first_not_of(' '), e = f.find_last_not_of(' ');
            if (b != std::string::npos) names.push_back(f.substr(b, e - b + 1));
        }
        if (names.size() < 2) {
            if (errors)
                errors->push_back(
                    "line " + std::to_string(lineno) +
                    ": needs a canonical name and at least one alias, separated by tabs");
            continue;
        }
        std::string ck = keys.key(names[0]);
        if (ck.empty()) continue;
        auto existing = t.group_of_.find(ck);
        if (existing != t.group_of_.end())
            ck = existing->second;  // joins an earlier group
        else
            t.canonical_[ck] = names[0];
        for (const auto& n : names) {
            std::string k = keys.key(n);
            if (k.empty()) continue;
            auto g = t.group_of_.find(k);
            if (g != t.group_of_.end() && g->second != ck) {
                if (errors)
                    errors->push_back("line " + std::to_string(lineno) + ": \"" + n +
                                      "\" is already an alias of \"" + t.canonical_[g->second] +
                                      "\"; ignored here");
                continue;
            }
            t.group_of_[k] = ck;
            t.members_[ck].insert(k);
        }
    }
    return t;
}

const std::string& AliasTable::canonical_for(const std::string& key) const {
    static const std::string none;
    auto g = group_of_.find(key);
    if (g == group_of_.end()) return none;
    return canonical_.at(g->second);
}

const std::string& AliasTable::group_key(const std::string& key) const {
    auto g = group_of_.find(key);
    return g == group_of_.end() ? key : g->second;
}

std::vector<std::string> AliasTable::group_keys(const std::string& key) const {
    auto g = group_of_.find(key);
    if (g == group_of_.end()) return {key};
    const auto& m = members_.at(g->second);
    return std::vector<std::string>(m.begin(), m.end());
}

}  // namespace kronika
