#include "extract/prefilter.h"

#include <algorithm>
#include <atomic>
#include <deque>

namespace newsgraph {

namespace {
inline unsigned char Fold(unsigned char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }
}  // namespace

RulePrefilter::RulePrefilter() : filtered_(kMinAtomLength) {}

void RulePrefilter::Add(const re2::RE2& re) {
  int id;
  filtered_.Add(re.pattern(), re.options(), &id);
  ++rules_;
}

void RulePrefilter::Compile() {
  std::vector<std::string> atoms;
  if (rules_ > 0) filtered_.Compile(&atoms);  // FilteredRE2 logs an error when empty
  // Atoms past kMaxAtoms are not searched for but taken as present: the
  // patterns that need them are filtered less, never wrongly.
  for (size_t a = kMaxAtoms; a < atoms.size(); ++a) assumed_present_.push_back(static_cast<int>(a));
  if (atoms.size() > kMaxAtoms) atoms.resize(kMaxAtoms);
  for (std::string& atom : atoms)
    if (atom.size() > kSearchedPrefix) atom.resize(kSearchedPrefix);
  atom_count_ = atoms.size();
  for (const std::string& atom : atoms) max_atom_length_ = std::max(max_atom_length_, atom.size());
  BuildAutomaton(atoms);
  if (rules_ > 0) filtered_.AllPotentials({}, &unfiltered_);
  static std::atomic<uint64_t> next_serial{1};
  serial_ = next_serial++;
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
  states_.assign(1, State());
  std::vector<int32_t> next(classes_, -1);
  for (size_t a = 0; a < atoms.size(); ++a) {
    int s = 0;
    for (char c : atoms[a]) {
      int col = byte_class_[Fold(static_cast<unsigned char>(c))];
      if (next[s * classes_ + col] < 0) {
        next[s * classes_ + col] = static_cast<int32_t>(states_.size());
        states_.emplace_back();
        next.resize(next.size() + classes_, -1);
      }
      s = next[s * classes_ + col];
    }
    states_[s].outputs.push_back(static_cast<int>(a));
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
    const State& fail = states_[states_[s].fail];
    states_[s].outputs.insert(states_[s].outputs.end(), fail.outputs.begin(), fail.outputs.end());
    for (int col = 0; col < classes_; ++col) {
      int32_t& t = next[s * classes_ + col];
      int32_t via_fail = next[states_[s].fail * classes_ + col];
      if (t < 0) {
        t = via_fail;
      } else {
        states_[t].fail = via_fail;
        queue.push_back(t);
      }
    }
  }
  // Scan form: the target state, marked when it ends an atom, so the scan
  // loop needs no other lookup.
  next_.resize(next.size());
  for (size_t i = 0; i < next.size(); ++i)
    next_[i] = static_cast<uint16_t>(next[i] | (states_[next[i]].outputs.empty() ? 0 : kEndsAtom));
}

// Sets the bit of each atom that ends at `state`.
inline void RulePrefilter::MarkAtoms(uint16_t state, uint64_t* found) const {
  for (int atom : states_[state].outputs) found[atom / 64] |= uint64_t{1} << (atom % 64);
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
  size_t words = AtomWords();
  uint64_t found[kMaxAtoms / 64];  // the automaton numbers at most kMaxAtoms atoms
  std::fill(found, found + words, 0);
  FindAtoms(text, found);
  // Evaluating the atom formulas costs far more than the scan, and
  // sentences repeat atom sets (BBC's 44k sentences hold about 1,600
  // distinct ones): a per-thread cache keyed by this filter's serial number
  // and the set, of 4096 entries (the relation rules' atom sets repeat less
  // than the entity rules'). On the heap, made at a thread's first call: as
  // a thread_local array its 229 KB were in every thread's static TLS block,
  // cleared at each thread's start, also RocksDB's and the query's.
  struct CacheEntry {
    uint64_t serial = 0;
    std::vector<uint64_t> found;
    std::vector<int> rules;
  };
  thread_local std::vector<CacheEntry> cache(4096);
  uint64_t h = serial_;
  for (size_t w = 0; w < words; ++w) h = (h ^ found[w]) * 0x9E3779B97F4A7C15ull;
  CacheEntry& entry = cache[h >> 52];
  if (entry.serial != serial_ || !std::equal(found, found + words, entry.found.begin(), entry.found.end())) {
    thread_local std::vector<int> atoms;
    atoms = assumed_present_;
    for (size_t w = 0; w < words; ++w)
      for (uint64_t bits = found[w]; bits != 0; bits &= bits - 1)
        atoms.push_back(static_cast<int>(w * 64 + __builtin_ctzll(bits)));
    filtered_.AllPotentials(atoms, &entry.rules);
    entry.serial = serial_;
    entry.found.assign(found, found + words);
  }
  *out = entry.rules;
}

}  // namespace newsgraph
