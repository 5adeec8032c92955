#include "extract/prefilter.h"

#include <re2/filtered_re2.h>

#include <algorithm>
#include <deque>
#include <map>

namespace newsgraph {

namespace {

inline unsigned char Fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

using Clause = std::vector<std::string>;

// The clauses of `re` alone. FilteredRE2 answers, for a set of atoms taken
// as present, whether the pattern can match; its formula is monotone (more
// atoms present never rule a match out). A clause is a set C of the
// pattern's atoms such that it cannot match with every atom present but
// those of C: then no text without an atom of C matches. Each clause is
// found by starting from all atoms not in an earlier clause and leaving out
// of it, one by one, each atom the clause still holds without (so it is
// minimal), until the atoms left over make no clause; then one more from
// all atoms (below). A formula that is an AND of ORs of atoms comes out as
// exactly its ORs; a nested one as fewer, weaker clauses (still never
// ruling out a text the pattern matches).
// REQUIRES: `filter` holds one pattern and is not compiled yet.
std::vector<Clause> LearnClauses(re2::FilteredRE2& filter) {
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<int> present, potential;
  auto can_match_without = [&](const std::vector<char>& absent) {
    present.clear();
    for (size_t a = 0; a < atoms.size(); ++a)
      if (!absent[a]) present.push_back(static_cast<int>(a));
    filter.AllPotentials(present, &potential);
    return !potential.empty();
  };
  std::vector<Clause> clauses;
  std::vector<char> unused(atoms.size(), 1);  // in no clause yet
  while (!atoms.empty()) {
    std::vector<char> clause = unused;
    if (can_match_without(clause)) break;
    for (size_t a = 0; a < atoms.size(); ++a) {
      if (!clause[a]) continue;
      clause[a] = 0;
      if (can_match_without(clause)) clause[a] = 1;
    }
    Clause c;
    for (size_t a = 0; a < atoms.size(); ++a)
      if (clause[a]) c.push_back(atoms[a]), unused[a] = 0;
    if (c.empty()) break;  // matches with every atom absent: no clause
    clauses.push_back(std::move(c));
  }
  // An atom in two ORs ("blacklist", or "on"/"to" and then "entity list" or
  // "black ... list") is in the first clause only, so the second is missed
  // above. One more clause from all the atoms, left out last to first,
  // finds such a one (a sixth fewer candidate runs on BBC's sentences).
  if (!clauses.empty()) {
    std::vector<char> clause(atoms.size(), 1);
    for (size_t a = atoms.size(); a-- > 0;) {
      clause[a] = 0;
      if (can_match_without(clause)) clause[a] = 1;
    }
    Clause c;
    for (size_t a = 0; a < atoms.size(); ++a)
      if (clause[a]) c.push_back(atoms[a]);
    if (!c.empty() && std::find(clauses.begin(), clauses.end(), c) == clauses.end()) clauses.push_back(std::move(c));
  }
  return clauses;
}

bool BitSet(const uint64_t* bits, size_t i) { return bits[i / 64] >> (i % 64) & 1; }

}  // namespace

RulePrefilter::RulePrefilter() = default;

RulePrefilter::Compiled RulePrefilter::CompilePattern(const std::string& pattern, const re2::RE2::Options& options) {
  auto filter = std::make_shared<re2::FilteredRE2>(kMinAtomLength);
  int id;
  if (filter->Add(pattern, options, &id) != RE2::NoError) return {std::make_shared<const RE2>(pattern, options), {}};
  // The RE2 lives as long as the filter that owns it (shared_ptr's aliasing
  // constructor); LearnClauses compiles the filter, which leaves it as it is.
  Compiled out{std::shared_ptr<const RE2>(filter, &filter->GetRE2(id)), LearnClauses(*filter)};
  return out;
}

void RulePrefilter::Add(const Compiled& pattern) {
  pending_.push_back(pattern.clauses);
  ++rules_;
}

void RulePrefilter::Add(const re2::RE2& re) { Add(CompilePattern(re.pattern(), re.options())); }

void RulePrefilter::Compile() {
  // Atoms as searched (their first kSearchedPrefix bytes), numbered in the
  // order first needed; a clause lists each once.
  std::map<std::string, uint32_t> atom_ids;
  std::vector<std::vector<uint32_t>> clauses;
  rule_clauses_.assign(1, 0);
  for (int r = 0; r < rules_; ++r) {
    if (pending_[r].empty()) unfiltered_.push_back(r);
    for (const Clause& clause : pending_[r]) {
      std::vector<uint32_t> ids;
      for (const std::string& atom : clause) {
        auto it = atom_ids.emplace(atom.substr(0, kSearchedPrefix), static_cast<uint32_t>(atoms_.size())).first;
        if (it->second == atoms_.size()) atoms_.push_back(it->first);
        if (std::find(ids.begin(), ids.end(), it->second) == ids.end()) ids.push_back(it->second);
      }
      clauses.push_back(std::move(ids));
    }
    rule_clauses_.push_back(static_cast<uint32_t>(clauses.size()));
  }
  pending_.clear();
  // Atoms past kMaxAtoms are not searched for but taken as present: the
  // clauses that hold one are always true, so their rules are filtered
  // less, never wrongly.
  atom_count_ = std::min(atoms_.size(), kMaxAtoms);
  clause_words_ = (clauses.size() + 63) / 64;
  always_true_.assign(clause_words_, 0);
  clauses_of_atom_.assign(atom_count_ * clause_words_, 0);
  clause_atoms_.assign(1, 0);
  for (size_t c = 0; c < clauses.size(); ++c) {
    for (uint32_t a : clauses[c]) {
      atoms_of_clauses_.push_back(a);
      uint64_t* bits = a < atom_count_ ? &clauses_of_atom_[a * clause_words_] : always_true_.data();
      bits[c / 64] |= uint64_t{1} << (c % 64);
    }
    clause_atoms_.push_back(static_cast<uint32_t>(atoms_of_clauses_.size()));
  }
  std::vector<std::string> searched(atoms_.begin(), atoms_.begin() + atom_count_);
  for (const std::string& atom : searched) max_atom_length_ = std::max(max_atom_length_, atom.size());
  BuildAutomaton(searched);
}

std::vector<std::vector<std::string>> RulePrefilter::Clauses(int id) const {
  std::vector<std::vector<std::string>> out;
  for (uint32_t c = rule_clauses_[id]; c < rule_clauses_[id + 1]; ++c) {
    out.emplace_back();
    for (uint32_t i = clause_atoms_[c]; i < clause_atoms_[c + 1]; ++i) out.back().push_back(atoms_[atoms_of_clauses_[i]]);
  }
  return out;
}

// A dense Aho-Corasick automaton over byte classes: the bytes that occur in
// some atom get a column each (upper and lower case share one), all other
// bytes share column 0.
void RulePrefilter::BuildAutomaton(const std::vector<std::string>& atoms) {
  for (const std::string& atom : atoms)
    for (char c : atom) {
      unsigned char f = Fold(static_cast<unsigned char>(c));
      if (byte_class_[f] == 0) byte_class_[f] = static_cast<uint8_t>(classes_++);
    }
  for (int c = 'A'; c <= 'Z'; ++c) byte_class_[c] = byte_class_[c - 'A' + 'a'];

  // The trie: `next` holds child links (-1: none) until the BFS below turns
  // it into the full transition table.
  struct State {
    int fail = 0;
    std::vector<uint32_t> outputs;  // atoms ending here (own and via fail links)
  };
  std::vector<State> states(1);
  std::vector<int32_t> next(classes_, -1);
  for (size_t a = 0; a < atoms.size(); ++a) {
    int s = 0;
    for (char c : atoms[a]) {
      int col = byte_class_[Fold(static_cast<unsigned char>(c))];
      if (next[s * classes_ + col] < 0) {
        next[s * classes_ + col] = static_cast<int32_t>(states.size());
        states.emplace_back();
        next.resize(next.size() + classes_, -1);
      }
      s = next[s * classes_ + col];
    }
    states[s].outputs.push_back(static_cast<uint32_t>(a));
  }
  std::deque<int> queue;
  for (int col = 0; col < classes_; ++col) {
    int32_t& t = next[col];
    if (t < 0) t = 0;
    else queue.push_back(t);  // depth 1: fail to the root
  }
  while (!queue.empty()) {
    int s = queue.front();
    queue.pop_front();
    const State& fail = states[states[s].fail];
    states[s].outputs.insert(states[s].outputs.end(), fail.outputs.begin(), fail.outputs.end());
    for (int col = 0; col < classes_; ++col) {
      int32_t& t = next[s * classes_ + col];
      int32_t via_fail = next[states[s].fail * classes_ + col];
      if (t < 0) {
        t = via_fail;
      } else {
        states[t].fail = via_fail;
        queue.push_back(t);
      }
    }
  }
  // Scan form: the target state, marked when it ends an atom, so the scan
  // loop needs no other lookup.
  next_.resize(next.size());
  for (size_t i = 0; i < next.size(); ++i)
    next_[i] = static_cast<uint16_t>(next[i] | (states[next[i]].outputs.empty() ? 0 : kEndsAtom));
  state_atoms_.assign(1, 0);
  for (const State& state : states) {
    atoms_of_states_.insert(atoms_of_states_.end(), state.outputs.begin(), state.outputs.end());
    state_atoms_.push_back(static_cast<uint32_t>(atoms_of_states_.size()));
  }
}

// Sets the bit of each atom that ends at `state`.
inline void RulePrefilter::MarkAtoms(uint16_t state, uint64_t* found) const {
  for (uint32_t i = state_atoms_[state], end = state_atoms_[state + 1]; i < end; ++i) {
    uint32_t atom = atoms_of_states_[i];
    found[atom / 64] |= uint64_t{1} << (atom % 64);
  }
}

// Each byte's step depends on the last (a table load, ~6 cycles), so one
// chain of steps leaves the core mostly idle. Four chains run side by side
// instead, over four segments of the text, each read on past its end by the
// longest atom less one byte: an atom belongs to the segment it starts in,
// whose chain starts from the root at or before the atom and reads to its
// end. The segments are sized so that all chains take about as many steps.
void RulePrefilter::FindAtoms(std::string_view text, uint64_t* found) const {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const uint16_t* next = next_.data();
  const size_t classes = classes_;
  // A chain's state is the row of its state in `next`; a step returns the
  // entry (next state and mark) and moves the chain to that state's row.
  auto step = [&](size_t* row, unsigned char byte) {
    uint16_t t = next[*row + byte_class_[byte]];
    *row = (t & ~kEndsAtom) * classes;
    return t;
  };
  auto mark = [&](uint16_t t) {
    if (t & kEndsAtom) MarkAtoms(t & ~kEndsAtom, found);
  };
  size_t n = text.size(), overlap = max_atom_length_ - 1;
  size_t segment = n > overlap ? (n - overlap) / 4 : 0;
  if (segment == 0) {  // too short to split
    size_t row = 0;
    for (size_t i = 0; i < n; ++i) mark(step(&row, s[i]));
    return;
  }
  // Chains a, b and c read segment + overlap bytes; d reads from 3 * segment
  // to the end, which is that many or up to 3 more.
  const unsigned char *pa = s, *pb = s + segment, *pc = s + 2 * segment, *pd = s + 3 * segment;
  size_t steps = segment + overlap, last_steps = n - 3 * segment;
  size_t a = 0, b = 0, c = 0, d = 0;
  for (size_t i = 0; i < steps; ++i) {
    uint16_t ta = step(&a, pa[i]), tb = step(&b, pb[i]), tc = step(&c, pc[i]), td = step(&d, pd[i]);
    if ((ta | tb | tc | td) & kEndsAtom) {
      mark(ta);
      mark(tb);
      mark(tc);
      mark(td);
    }
  }
  for (size_t i = steps; i < last_steps; ++i) mark(step(&d, pd[i]));
}

void RulePrefilter::Candidates(std::string_view text, std::vector<int>* out) const {
  out->clear();
  if (rules_ == 0) return;
  uint64_t found[kMaxAtoms / 64] = {};  // the automaton numbers at most kMaxAtoms atoms
  FindAtoms(text, found);
  // The clauses with an atom found, then the rules all of whose clauses are.
  thread_local std::vector<uint64_t> satisfied;
  satisfied = always_true_;
  for (size_t w = 0; w < (atom_count_ + 63) / 64; ++w)
    for (uint64_t bits = found[w]; bits != 0; bits &= bits - 1) {
      const uint64_t* clauses = &clauses_of_atom_[(w * 64 + __builtin_ctzll(bits)) * clause_words_];
      for (size_t i = 0; i < clause_words_; ++i) satisfied[i] |= clauses[i];
    }
  for (int r = 0; r < rules_; ++r) {
    uint32_t c = rule_clauses_[r], end = rule_clauses_[r + 1];
    while (c < end && BitSet(satisfied.data(), c)) ++c;
    if (c == end) out->push_back(r);
  }
}

}  // namespace newsgraph
