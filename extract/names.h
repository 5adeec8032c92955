// Name-shaped spans in a sentence, and the words that say what a name is.
// Discovery (extractor.cc) finds organisations and people the gazetteer does
// not list from these spans: their last word ("Acme Robotics Inc"), a job
// title beside them ("CEO Tim Cook"), or the company they keep in a list.
//
// The words come from directive lines in entities.rules, so rule writers
// change them without recompiling:
//
//   %head LABELS WORD...     a name whose last word is WORD has LABELS
//                            (%head Company,Investor Capital Ventures);
//                            WORD_WORD is a head of two words
//                            (%head Agency Central_Bank);
//                            LABELS "-": a run ending in WORD names none of
//                            the kinds (an event, a venue: "Carling Cup")
//                            and is never discovered
//   %title WORD...           job titles: a name beside one is a person's
//   %stop WORD...            capitalised words that are never in a name
//                            (However, Monday, January); they split runs
//   %connective WORD...      lower-case words inside names (of, de, bin)
//   %legal WORD...           legal forms (Inc, Ltd, plc): part of a name as
//                            written, not of the entity's name
//   %before LABELS WORD...   a name right after WORD has LABELS
//                            ("startup Quorbit", "acquired Lumora")
//   %owns LABELS WORD...     a name whose possessive comes before WORD has
//                            LABELS ("Yukos's shares", "Acme's chairman")
//   %suffix LABELS WORD...   a name joined by a hyphen to WORD has LABELS
//                            ("Sheffield-based": Place; "Intel-backed")
//   %given WORD...           given names: a person-shaped run that starts
//                            with one is a person's name unless its own
//                            words say otherwise ("rival Maria Mutola")
//   %common WORD...          common English words (lower case): a run
//                            opening with one, not a given name, is no
//                            person's name ("Time Warner said")
//   %honorific WORD...       a capitalised word right after WORD is a
//                            person's name ("Mr Waller", "Lord Goldsmith")
//   %portfolio WORD...       a run right before WORD names a government
//                            portfolio, not an organisation ("the Trade and
//                            Industry Secretary", "Culture Secretary")
//   %context LABEL...        labels of context: an entity with only these
//                            labels (a city, an ethnic group) is tagged and
//                            read by rules but is in an article's facts only
//                            where one of its relations uses it
//   %leader WORD...          a person right after WORD leads a country and
//                            acts for it ("President Biden" signs for the
//                            United States); "Prime_Minister" is two words
//
// Words are matched exactly as written, except %title words, which match
// in any case ("CEO", "Chief Executive", "chief executive").
#ifndef NEWSGRAPH_EXTRACT_NAMES_H_
#define NEWSGRAPH_EXTRACT_NAMES_H_

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/tokens.h"
#include "extract/word_table.h"

namespace newsgraph {

class NameWords {
 public:
  // Parses one directive line ("%head Company Inc Corp"); `directive` is
  // its first field. Unknown directives and empty word lists are errors.
  Status AddDirective(std::string_view directive, std::string_view rest);
  static bool IsDirective(std::string_view field);

  // The labels a name ending in `word` has, or null.
  // Lookups take views and allocate nothing: they run at every
  // capitalised token.
  const std::vector<std::string>* HeadLabels(std::string_view word) const;
  // HeadLabels of a word a sentence writes in lower case ("organization",
  // "county", "department"): looked up with its first letter a capital.
  const std::vector<std::string>* HeadLabelsOfNoun(std::string_view word) const;
  bool IsTitle(std::string_view word) const;  // any case
  bool IsStop(std::string_view word) const { return stop_.Contains(word); }
  bool IsConnective(std::string_view word) const { return connective_.Contains(word); }
  bool IsLegalForm(std::string_view word) const { return legal_.Contains(word); }
  bool IsGivenName(std::string_view word) const { return given_.Contains(word); }
  bool IsCommonEnglish(std::string_view word) const;  // any case
  bool IsHonorific(std::string_view word) const { return honorific_.Contains(word); }
  bool IsContextLabel(std::string_view label) const { return context_.Contains(label); }
  // A government portfolio or a field ("Health", "Home Affairs"): a name
  // made only of such words names no organisation ("Health spokesman").
  bool IsTopic(std::string_view word) const { return topic_.Contains(word); }
  // Whether `rest` (the text right after a name) starts with " WORD" for a
  // %portfolio WORD.
  bool PortfolioFollows(std::string_view rest) const;
  // `words`: one word, or two joined by a space ("Prime Minister").
  bool IsLeaderTitle(std::string_view words) const { return leader_.Contains(words); }
  // The labels a name right after `word` has, or null.
  const std::vector<std::string>* BeforeLabels(std::string_view word) const;
  const std::vector<std::string>* OwnsLabels(std::string_view word) const;
  const std::vector<std::string>* SuffixLabels(std::string_view word) const;
  bool empty() const { return head_.empty() && title_.empty() && stop_.empty(); }

  NameWords() = default;
  // The sets hold views into words_: copying would leave them pointing into
  // the original.
  NameWords(const NameWords&) = delete;
  NameWords& operator=(const NameWords&) = delete;

 private:
  std::string_view Keep(std::string word);  // a stable copy in words_
  const std::vector<std::string>* LabelsOf(const WordTable& table, std::string_view word) const;

  std::deque<std::string> words_;  // the storage every view below points into
  // The word maps' values index label_lists_.
  std::vector<std::vector<std::string>> label_lists_;
  WordTable head_, before_, owns_, suffix_;
  WordTable title_;  // lower case
  WordTable stop_, connective_, legal_, leader_, given_, context_, portfolio_, honorific_, topic_, common_;
};

// A run of capitalised tokens [first, last] of a sentence, possibly joined
// by connectives ("Bank of China") or " & " ("Stone & McCarthy Research"),
// split at stop words, job titles and punctuation.
struct NameChunk {
  size_t first = 0;
  size_t last = 0;
};

// What a run's own words say it is: an agency's head word before its first
// "of" or "for" ("Ministry of Economy", "Department for Trade and Industry"
// are agencies), an organisation's before "for" ("Institute for Public
// Policy Research"; "Institute of Computing Technology" goes by its last
// word), else its last word's (%head), or null.
const std::vector<std::string>* HeadOfName(std::string_view text, const std::vector<Token>& tokens,
                                           const NameChunk& c, const NameWords& words);
// The head (%head) that ends at token i, a run's tokens from `first` on:
// a head of two words ("Central Bank") before one ("Bank"), or null.
// *length (when given) receives its number of words.
const std::vector<std::string>* HeadEndingAt(std::string_view text, const std::vector<Token>& tokens, size_t first,
                                             size_t i, const NameWords& words, size_t* length = nullptr);

// True when the token starts with a capital letter (or a non-ASCII letter).
bool IsCapitalised(std::string_view token);

// Whether token i ends a compound title, and so is no name's: "General" after
// a title ("Secretary General Kofi Annan", "Attorney General John Ashcroft"),
// "State" in "Secretary of State Condoleezza Rice".
bool CompoundTitleEndAt(std::string_view text, const std::vector<Token>& tokens, size_t i, const NameWords& words);

// The name-shaped runs of `text` (one sentence), left to right. `tokens`
// is Tokenize(text).
void FindNameChunks(std::string_view text, const std::vector<Token>& tokens, const NameWords& words,
                    std::vector<NameChunk>* out);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_NAMES_H_
