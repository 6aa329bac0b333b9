// Name keys and the alias table: one canonical entry per person across the archive.
//
// Every person or attribution name is indexed under its *alias key*, which folds the spelling
// variants news archives are full of: case and diacritics (analyzer.h), Cyrillic transliterated
// to Latin (ICU's BGN/PCGN rules, Ukrainian or Russian by the letters used), and a spelling
// skeleton in which y/j count as i and doubled letters as one. So "Zelenskyy", "Zelensky",
// "Zelenskiy", "ZELENSKYY's" and "Зеленський" share the key "zelenski"; "Volodymyr Zelenskyy" and
// "Володимир Зеленський" share "volodimir zelenski".
//
// The alias table adds what no rule can know ("Kyiv mayor" spellings, nicknames, a maiden name):
// a user-editable text file, one person per line, the canonical name first:
//     Volodymyr Zelenskyy <TAB> Zelensky <TAB> Vladimir Zelensky <TAB> Владимир Зеленский
// Lines starting with '#' are comments. `kronika-index aliases --db DIR FILE` stores it in the
// database; kronika-search then applies it to filters (any alias finds the person) and facets
// (counts merged under the canonical name), and kronika-index to names it adds.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer.h"

namespace kronika {

// Computes alias keys. Keeps a cache; not thread-safe (one per thread).
class NameKeys {
  public:
    NameKeys();
    ~NameKeys();
    NameKeys(const NameKeys&) = delete;
    NameKeys& operator=(const NameKeys&) = delete;

    // The alias key of a name ("Volodymyr Zelenskyy's" -> "volodimir zelenski"); "" for a name
    // with no words.
    std::string key(std::string_view name);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Groups of names that denote one entity, by alias key.
class AliasTable {
  public:
    // Parses the text of an alias file. Lines that name fewer than two names are reported in
    // *errors as "line N: ..." and ignored.
    static AliasTable parse(std::string_view text, NameKeys& keys,
                            std::vector<std::string>* errors);

    bool empty() const { return canonical_.empty(); }

    // The canonical display name for a key that belongs to a group, else "".
    const std::string& canonical_for(const std::string& key) const;

    // The key of the group's canonical name when `key` belongs to a group, else `key` itself.
    const std::string& group_key(const std::string& key) const;

    // Every key of the group `key` belongs to (just `key` when it is in none).
    std::vector<std::string> group_keys(const std::string& key) const;

    // Every (key, group's canonical key) pair of the table.
    const std::map<std::string, std::string>& groups() const { return group_of_; }

    // The text the table was parsed from (stored in the database).
    const std::string& source_text() const { return text_; }

  private:
    std::map<std::string, std::string> group_of_;           // key -> group's canonical key
    std::map<std::string, std::string> canonical_;          // canonical key -> display name
    std::map<std::string, std::set<std::string>> members_;  // canonical key -> keys
    std::string text_;
};

}  // namespace kronika
