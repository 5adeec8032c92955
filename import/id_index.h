// Internal to import/: node ids of an import (any string) to staged nodes.
// While every id is a small canonical decimal integer (no sign, no leading
// zero: what most exports hold) the index is an array indexed by the
// number; the first other id turns it into a hash table. Ids are compared
// as strings either way ("7" and "07" are different ids).
#ifndef NEWSGRAPH_IMPORT_ID_INDEX_H_
#define NEWSGRAPH_IMPORT_ID_INDEX_H_

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/bulk_loader.h"
#include "graph/graph.h"

namespace newsgraph {

class IdIndex {
 public:
  using Ref = BulkLoader::Ref;
  static constexpr Ref kNone = ~Ref{0};

  // Adds id -> ref; when `id` is there already returns false and sets
  // *existing. The text `id` views must outlive the index.
  bool Insert(std::string_view id, Ref ref, Ref* existing);
  // kNone when absent.
  Ref Find(std::string_view id) const {
    if (hashed_) {
      auto it = hash_.find(id);
      return it == hash_.end() ? kNone : it->second;
    }
    uint64_t v;
    return CanonicalInt(id, &v) && v < dense_.size() ? dense_[v] : kNone;
  }

 private:
  static bool CanonicalInt(std::string_view s, uint64_t* v) {
    if (s.empty() || s.size() > 9 || (s[0] == '0' && s.size() > 1)) return false;
    uint64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    *v = n;
    return true;
  }
  void ToHash();

  bool hashed_ = false;
  size_t count_ = 0;
  std::vector<Ref> dense_;
  std::unordered_map<std::string_view, Ref> hash_;
  std::deque<std::string> owned_;  // texts of ids moved over from dense_
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_IMPORT_ID_INDEX_H_
