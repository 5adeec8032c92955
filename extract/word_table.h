// WordTable: a set of words, or a map from words to small numbers, in one
// flat open-addressing table. Discovery asks it at every capitalised token
// (is this a stop word, a title, a head word?), so a look-up hashes the
// word once with FNV-1a (words are short) and compares a slot or two in
// one array: no nodes to chase and no allocation, unlike
// std::unordered_set<std::string_view> with the library's hash.
//
// It holds views: the words must outlive the table (NameWords keeps them).
// Not thread-safe while inserting; Find is const and may run on many
// threads at once.
#ifndef NEWSGRAPH_EXTRACT_WORD_TABLE_H_
#define NEWSGRAPH_EXTRACT_WORD_TABLE_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace newsgraph {

class WordTable {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // Adds `word` with `value`, or gives a word already here that value.
  // REQUIRES: value != kAbsent.
  void Insert(std::string_view word, uint32_t value = 0) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    Slot& slot = SlotOf(word, Hash(word));
    if (slot.value == kAbsent) ++size_;
    slot = {word, value, Hash(word)};
  }

  // The value of `word`, or kAbsent.
  uint32_t Find(std::string_view word) const {
    if (size_ == 0) return kAbsent;
    uint32_t h = Hash(word);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.value == kAbsent) return kAbsent;
      if (slot.hash == h && slot.word == word) return slot.value;
    }
  }
  bool Contains(std::string_view word) const { return Find(word) != kAbsent; }
  bool empty() const { return size_ == 0; }

 private:
  struct Slot {
    std::string_view word;
    uint32_t value = kAbsent;  // kAbsent: empty
    uint32_t hash = 0;
  };

  static uint32_t Hash(std::string_view word) {
    uint32_t h = 2166136261u;
    for (char c : word) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h ^ (h >> 15);  // FNV's low bits mix poorly; the index uses them
  }
  // The slot holding `word`, or the empty slot where it goes.
  Slot& SlotOf(std::string_view word, uint32_t h) {
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask)
      if (slots_[i].value == kAbsent || (slots_[i].hash == h && slots_[i].word == word)) return slots_[i];
  }
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot());
    for (const Slot& s : old)
      if (s.value != kAbsent) SlotOf(s.word, s.hash) = s;
  }

  std::vector<Slot> slots_;  // a power of two of them, at most half full
  size_t size_ = 0;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_WORD_TABLE_H_
