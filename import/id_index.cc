#include "import/id_index.h"

#include <algorithm>

namespace newsgraph {

void IdIndex::ToHash() {
  hash_.reserve(count_ * 2 + 16);
  for (size_t v = 0; v < dense_.size(); ++v) {
    if (dense_[v] == kNone) continue;
    owned_.push_back(std::to_string(v));
    hash_.emplace(owned_.back(), dense_[v]);
  }
  dense_.clear();
  dense_.shrink_to_fit();
  hashed_ = true;
}

bool IdIndex::Insert(std::string_view id, Ref ref, Ref* existing) {
  uint64_t v;
  if (!hashed_) {
    // Dense while the array stays within a few times the number of ids.
    if (CanonicalInt(id, &v) && v < dense_.size() + (count_ + 1) * 8 + 65536) {
      if (v >= dense_.size()) dense_.resize(std::max<size_t>(v + 1, dense_.size() * 2), kNone);
      if (dense_[v] != kNone) {
        *existing = dense_[v];
        return false;
      }
      dense_[v] = ref;
      ++count_;
      return true;
    }
    ToHash();
  }
  auto [it, fresh] = hash_.emplace(id, ref);
  if (!fresh) *existing = it->second;
  else ++count_;
  return fresh;
}

}  // namespace newsgraph
