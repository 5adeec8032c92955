// The gazetteer: known entities with their labels, aliases and properties,
// read from a TSV file users edit (extract/rules/gazetteer.tsv):
//
//   name <TAB> labels <TAB> aliases <TAB> properties
//   Hikvision	Company	Hikivision|Hangzhou Hikvision	country=China
//
// labels are comma-separated, aliases '|'-separated, properties
// key=value pairs separated by ';' ('-' for an empty column). Two
// properties steer matching: `demonym=Chinese|Sino` (words that refer to a
// country without naming it) and `not_before=rainforest|river` (a mention
// followed by one of these words is not this entity).
//
// NameIndex finds names in tokenised text by lookup of token n-grams in a
// hash table, so its cost per token does not grow with the gazetteer.
//
// Name lists (extract/rules/lists/*.tsv) use the same format and are added
// to the same Gazetteer after gazetteer.tsv by AddList: there an entry whose
// name is already known (by NameKey, from any earlier file or line) is
// skipped whole, and an alias already known is dropped from its entry, so
// the hand-curated file and earlier lists win without an error.
#ifndef NEWSGRAPH_EXTRACT_GAZETTEER_H_
#define NEWSGRAPH_EXTRACT_GAZETTEER_H_

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <cstdint>
#include <vector>

#include "base/status.h"
#include "extract/tokens.h"

namespace newsgraph {

// A gazetteer or rule file larger than this is an error, not a long load.
inline constexpr size_t kMaxRuleFileBytes = size_t{256} << 20;

struct GazetteerEntry {
  std::string name;
  std::vector<std::string> labels;
  std::vector<std::string> aliases;
  std::map<std::string, std::string> properties;  // without demonym/not_before
  std::vector<std::string> demonyms;
  std::vector<std::string> not_before;  // lower case
};

// A name found in text: tokens [first, last] are `entry`'s name, an alias or
// (when `demonym`) one of its demonyms.
struct NameMatch {
  int entry = -1;
  size_t first = 0;
  size_t last = 0;
  bool demonym = false;
};

class NameIndex {
 public:
  // Indexes `surface` as a name of `entry`. All-capital surfaces ("US",
  // "CIA") then match only in capitals; others match in any case as long as
  // the text's first letter is a capital or digit, or the case is exact.
  // A match followed by a word in `not_before` (lower case) is rejected.
  void Add(std::string_view surface, int entry, bool demonym,
           const std::vector<std::string>& not_before = {});

  // The longest name that starts at token `i` of `text`, if any.
  // Inline: it is asked at every token, and most tokens start with a
  // lower-case letter that no name here starts with ("the", "in"); those
  // are rejected by one table lookup, without a call.
  bool LongestAt(std::string_view text, const std::vector<Token>& tokens, size_t i, NameMatch* match) const {
    const Token& t = tokens[i];
    unsigned char initial = static_cast<unsigned char>(text[t.start]);
    if (initial >= 'a' && initial <= 'z') {
      if (lower_prefixes_.empty()) return false;  // most indexes but the gazetteer: one test
      unsigned char second = t.end - t.start > 1 ? static_cast<unsigned char>(text[t.start + 1]) : 0;
      if (!lower_prefixes_[initial * 256 + second]) return false;
    }
    return LongestFrom(text, tokens, i, match);
  }


 private:
  struct Candidate {
    int entry;
    bool demonym;
    bool caps_only;
    std::string surface;  // as written in the gazetteer, for exact-case checks
    std::vector<std::string> not_before;
  };
  bool Accept(const Candidate& c, std::string_view text_span) const;
  // LongestAt for a token that passed its lower-case check.
  bool LongestFrom(std::string_view text, const std::vector<Token>& tokens, size_t i, NameMatch* match) const;
  void SetFilterBit(std::string_view first_token_key);

  // One entry per name key ("zhejiang uniview") and per first-token key
  // ("zhejiang"), in an open-addressing table: a lookup touches one slot
  // array and, when the hash matches, one entry, so lookups stay cheap as
  // the gazetteer grows.
  struct KeyEntry {
    std::string key;
    size_t longest_from_here = 0;  // > 0: the longest name (tokens) starting with this token
    std::vector<Candidate> candidates;  // names with exactly this key
  };
  // The entry whose key hashes to `key_hash` (KeyHash, tokens.h, which a
  // lookup extends token by token) and passes `is_key(entry key)`, or null.
  template <typename IsKey>
  const KeyEntry* FindKey(uint64_t key_hash, IsKey is_key) const;
  KeyEntry& InsertKey(std::string_view key);
  void PlaceSlot(uint64_t slot, uint64_t slot_hash);

  std::vector<KeyEntry> keys_;
  std::vector<uint64_t> slots_ = std::vector<uint64_t>(64);  // hash << 32 | entry + 1; 0 empty
  size_t first_tokens_ = 0;
  // First two bytes of names written with a lower-case initial ("iFlytek",
  // "eBay"; such names match only as written): a text token starting with
  // a lower-case letter and any other pair cannot match, so most tokens
  // ("the", "in", "and") are rejected without hashing. Empty (every pair
  // absent) until such a name is added: the index of an article's
  // discovered names never holds one, and is built for every article.
  std::vector<bool> lower_prefixes_;
  // A bit filter over first-token keys, 64 to 128 bits per key and at most
  // 64 KiB (stays in cache): most capitalised words in text are not the
  // start of any name, and are rejected before the large hash table is
  // touched, so the cost per token stays flat as the gazetteer grows. It
  // starts at 128 bytes, so a small index (an article's discovered names)
  // costs little to build.
  static constexpr size_t kMaxFilterBits = size_t{1} << 19;
  std::vector<uint64_t> first_token_filter_ = std::vector<uint64_t>(16);
};

class Gazetteer {
 public:
  // Parses TSV text; errors name `filename` and the line.
  static Result<Gazetteer> Parse(std::string_view text, const std::string& filename);

  // Adds the entries of a name list (TSV text as for Parse) after those
  // already here; a name or alias known already is skipped (see the top of
  // this file). Errors name `filename` and the line; on error the entries
  // of the lines before it stay added.
  Status AddList(std::string_view text, const std::string& filename);

  size_t size() const { return entries_.size(); }
  const GazetteerEntry& entry(int i) const { return entries_[i]; }
  const NameIndex& index() const { return index_; }
  // Index of the entry whose name or alias has this key, or -1.
  int Find(std::string_view name) const;

 private:
  // Parses `text` into this gazetteer; `list` selects AddList's rules for
  // names known already.
  Status ParseInto(std::string_view text, const std::string& filename, bool list);

  std::vector<GazetteerEntry> entries_;
  NameIndex index_;
  std::unordered_map<std::string, int> by_key_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_GAZETTEER_H_
