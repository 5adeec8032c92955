// Name-shaped spans in a sentence, and the words that say what a name is.
// Discovery (extractor.cc) finds organisations and people the gazetteer does
// not list from these spans: their last word ("Acme Robotics Inc"), a job
// title beside them ("CEO Tim Cook"), or the company they keep in a list.
//
// The words come from directive lines in entities.rules, so rule writers
// change them without recompiling:
//
//   %head LABELS WORD...     a name whose last word is WORD has LABELS
//                            (%head Company,Investor Capital Ventures)
//   %title WORD...           job titles: a name beside one is a person's
//   %stop WORD...            capitalised words that are never in a name
//                            (However, Monday, January); they split runs
//   %connective WORD...      lower-case words inside names (of, de, bin)
//
// Words are matched exactly as written, except %title words, which match
// in any case ("CEO", "Chief Executive", "chief executive").
#ifndef NEWSGRAPH_EXTRACT_NAMES_H_
#define NEWSGRAPH_EXTRACT_NAMES_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "extract/tokens.h"

namespace newsgraph {

class NameWords {
 public:
  // Parses one directive line ("%head Company Inc Corp"); `directive` is
  // its first field. Unknown directives and empty word lists are errors.
  Status AddDirective(std::string_view directive, std::string_view rest);
  static bool IsDirective(std::string_view field);

  // The labels a name ending in `word` has, or null.
  const std::vector<std::string>* HeadLabels(std::string_view word) const;
  bool IsTitle(std::string_view word) const;  // any case
  bool IsStop(std::string_view word) const { return stop_.count(std::string(word)) > 0; }
  bool IsConnective(std::string_view word) const { return connective_.count(std::string(word)) > 0; }
  bool empty() const { return head_.empty() && title_.empty() && stop_.empty(); }

 private:
  std::unordered_map<std::string, std::vector<std::string>> head_;
  std::unordered_set<std::string> title_;  // lower case
  std::unordered_set<std::string> stop_;
  std::unordered_set<std::string> connective_;
};

// A run of capitalised tokens [first, last] of a sentence, possibly joined
// by connectives ("Bank of China") or " & " ("Stone & McCarthy Research"),
// split at stop words, job titles and punctuation.
struct NameChunk {
  size_t first = 0;
  size_t last = 0;
};

// True when the token starts with a capital letter (or a non-ASCII letter).
bool IsCapitalised(std::string_view token);

// The name-shaped runs of `text` (one sentence), left to right. `tokens`
// is Tokenize(text).
void FindNameChunks(std::string_view text, const std::vector<Token>& tokens, const NameWords& words,
                    std::vector<NameChunk>* out);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_NAMES_H_
