// RulePrefilter: which of a list of RE2 patterns can possibly match a text,
// found without running them.
//
//   RulePrefilter filter;
//   filter.Add(*re);  ...                 // in rule order
//   filter.Compile();
//   filter.Candidates(sentence, &rules);  // a superset of the rules that match
//
// Each pattern is reduced to keyword clauses: sets of literal strings
// ("atoms", lower case) such that a text holding no atom of some clause
// cannot match ({"company|", "agency|"} and {"provid", "offer", "sell"} for
// a rule that needs a company or agency tag and one of those verbs). A
// pattern is a candidate when every one of its clauses has an atom in the
// text; one Aho-Corasick pass over the text (ASCII case folded) finds the
// atoms present. A pattern without clauses (no literal of at least
// kMinAtomLength bytes it cannot do without) is always a candidate: it
// still works, it only costs a full search of every text.
//
// The clauses come from RE2's FilteredRE2, asked about each pattern alone
// when it is added (prefilter.cc): FilteredRE2 turns a pattern into a
// formula of AND and OR over atoms, which only it can evaluate, at a cost
// per call far above the scan's; a conjunction of clauses is a few bit
// tests a pattern.
//
// Cost: one table step per byte (four segments of the text stepped side by
// side, prefilter.cc), independent of how many patterns there are, then a
// bit per clause of each atom found and a bit test per clause.
// Thread safety: after Compile, Candidates is const and may run on many
// threads at once.
#ifndef NEWSGRAPH_EXTRACT_PREFILTER_H_
#define NEWSGRAPH_EXTRACT_PREFILTER_H_

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
  // less). The default relation rules have ~1,100.
  static constexpr size_t kMaxAtoms = 2048;
  // An atom counts as present where its first kSearchedPrefix bytes occur
  // (a superset, as above): each of the scan's four chains reads on past
  // its segment by the longest searched atom less one byte, and the
  // relation rules' longest atoms (26 bytes) made that a third of a tagged
  // sentence's steps. Few atoms are longer (1 in 10), and their first 12
  // bytes are about as rare in text ("partnership " of "partnership with").
  static constexpr size_t kSearchedPrefix = 12;

  RulePrefilter();

  // A pattern compiled for matching, with its clauses learned (about 70
  // FilteredRE2 look-ups on the pattern alone) from that same compilation:
  // FilteredRE2 compiles a pattern itself, and a caller that matches with
  // the RE2 it compiled does not compile the pattern a second time (a
  // third of loading the default rules). `re` is never null; when
  // !re->ok(), its error() says why and there are no clauses.
  struct Compiled {
    std::shared_ptr<const re2::RE2> re;
    std::vector<std::vector<std::string>> clauses;
  };
  static Compiled CompilePattern(const std::string& pattern, const re2::RE2::Options& options);

  // Adds a compiled pattern as the next rule (ids count from 0).
  // REQUIRES: pattern.re->ok().
  void Add(const Compiled& pattern);
  // The same for a pattern compiled elsewhere (its pattern is compiled once
  // more to learn its clauses). REQUIRES: re.ok().
  void Add(const re2::RE2& re);
  // REQUIRES: called once, after every Add.
  void Compile();

  // Clears `out`, then fills it with the ids of the rules that may match
  // `text`, ascending.
  void Candidates(std::string_view text, std::vector<int>* out) const;

  // Ids of the rules without clauses: candidates for every text.
  const std::vector<int>& unfiltered() const { return unfiltered_; }

  // The clauses of rule `id`, each a list of atoms (as searched: at most
  // kSearchedPrefix bytes), for tests and for reading what a rule needs.
  std::vector<std::vector<std::string>> Clauses(int id) const;

 private:
  void BuildAutomaton(const std::vector<std::string>& atoms);
  // Sets bit a of `found` for each searched atom a that occurs in `text`.
  void FindAtoms(std::string_view text, uint64_t* found) const;
  void MarkAtoms(uint16_t state, uint64_t* found) const;

  // Until Compile: each rule's clauses as atom strings.
  std::vector<std::vector<std::vector<std::string>>> pending_;
  int rules_ = 0;
  // After Compile. Rule r's clauses are ids rule_clauses_[r] to
  // rule_clauses_[r + 1] - 1; clause c's atoms are clause_atoms_[c] to
  // clause_atoms_[c + 1] - 1 in atoms_of_clauses_. The clauses atom a is in
  // are a bit set of clause_words_ words from clauses_of_atom_[a *
  // clause_words_], so a sentence's atoms are OR-ed into its satisfied
  // clauses a word at a time (common atoms are in a hundred clauses).
  std::vector<uint32_t> rule_clauses_;
  std::vector<uint32_t> clause_atoms_, atoms_of_clauses_;
  size_t clause_words_ = 0;
  std::vector<uint64_t> clauses_of_atom_;
  std::vector<uint64_t> always_true_;  // clauses holding an atom past kMaxAtoms
  std::vector<std::string> atoms_;
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
  // The atoms that end at state s (its own and via fail links) are
  // state_atoms_[s] to state_atoms_[s + 1] - 1 of atoms_of_states_: two
  // flat arrays, not a vector a state, so marking an atom is no pointer chase.
  std::vector<uint32_t> state_atoms_, atoms_of_states_;
  std::vector<int> unfiltered_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_PREFILTER_H_
