// RulePrefilter: which of a list of RE2 patterns can possibly match a text,
// found without running them.
//
//   RulePrefilter filter;
//   filter.Add(*re);  ...                 // in rule order
//   filter.Compile();
//   filter.Candidates(sentence, &rules);  // a superset of the rules that match
//
// RE2's FilteredRE2 reduces each pattern to "atoms", literal strings the
// pattern cannot match without (e.g. "technolog" for "Technology|
// Technologies"), joined by AND and OR. One Aho-Corasick pass over the
// text (ASCII case folded, as atoms are lower case) finds the atoms present;
// the candidates are the patterns whose atom formula they satisfy. A pattern
// without atoms of at least kMinAtomLength bytes is always a candidate: it
// still works, it only costs a full search of every text.
//
// Cost: one table step per byte (four segments of the text stepped side by
// side, prefilter.cc), independent of how many patterns there are.
// Thread safety: after Compile, Candidates is const and may run on many
// threads at once.
#ifndef NEWSGRAPH_EXTRACT_PREFILTER_H_
#define NEWSGRAPH_EXTRACT_PREFILTER_H_

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {

class RulePrefilter {
 public:
  static constexpr int kMinAtomLength = 3;
  // Searched for; more are assumed present (rules needing them are filtered
  // less). The default relation rules have ~550.
  static constexpr size_t kMaxAtoms = 2048;
  // An atom counts as present where its first kSearchedPrefix bytes occur
  // (a superset, as above): each of the scan's four chains reads on past
  // its segment by the longest searched atom less one byte, and the
  // relation rules' longest atoms (26 bytes) made that a third of a tagged
  // sentence's steps. Few atoms are longer (1 in 10), and their first 12
  // bytes are about as rare in text ("partnership " of "partnership with").
  static constexpr size_t kSearchedPrefix = 12;

  RulePrefilter();

  // Adds `re`'s pattern as the next rule (ids count from 0). REQUIRES: re.ok().
  void Add(const re2::RE2& re);
  // REQUIRES: called once, after every Add.
  void Compile();

  // Clears `out`, then fills it with the ids of the rules that may match
  // `text`, ascending.
  void Candidates(std::string_view text, std::vector<int>* out) const;

  // Ids of the rules without atoms: candidates for every text.
  const std::vector<int>& unfiltered() const { return unfiltered_; }

 private:
  struct State {
    int fail = 0;
    std::vector<int> outputs;  // atoms ending here (own and via fail links)
  };

  void BuildAutomaton(const std::vector<std::string>& atoms);
  // Sets bit a of `found` for each searched atom a that occurs in `text`.
  void FindAtoms(std::string_view text, uint64_t* found) const;
  size_t AtomWords() const { return (atom_count_ + 63) / 64; }
  void MarkAtoms(uint16_t state, uint64_t* found) const;

  re2::FilteredRE2 filtered_;
  int rules_ = 0;
  size_t atom_count_ = 0;
  size_t max_atom_length_ = 1;  // of the searched atoms; FindAtoms reads this less one past a segment
  uint8_t byte_class_[256] = {};      // folded byte -> column; 0 = no atom has it
  int classes_ = 1;
  // state * classes_ + class -> next state, with kEndsAtom set when that
  // state ends an atom. 16 bits, not 32: the scan is bound by loads from
  // this table, and the relation rules' (~4,700 states) is then half the
  // size, so more of it stays in cache between sentences. The states (one
  // per distinct prefix of a searched atom) fit the 15 bits left:
  static constexpr uint16_t kEndsAtom = 0x8000;
  static_assert(1 + kMaxAtoms * kSearchedPrefix <= kEndsAtom, "automaton states must fit 15 bits");
  std::vector<uint16_t> next_;
  std::vector<State> states_;
  std::vector<int> assumed_present_;  // atoms past kMaxAtoms
  std::vector<int> unfiltered_;
  uint64_t serial_ = 0;               // tells filters apart in the per-thread cache
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_PREFILTER_H_
