#include "graph/node_columns.h"

#include <algorithm>

namespace newsgraph {

size_t NodeColumns::EstimateBytes(uint64_t node_bound) {
  // Per key and node id: a kind byte, an integer and a string offset.
  return std::size(kKeys) * (node_bound + 1) * (1 + sizeof(int64_t) + sizeof(uint64_t));
}

size_t NodeColumns::bytes() const {
  size_t n = 0;
  for (const Column& c : columns_)
    n += c.kinds.size() + c.ints.size() * sizeof(int64_t) + c.offsets.size() * sizeof(uint64_t) + c.arena.size();
  return n;
}

const NodeColumns::Column* NodeColumns::column(std::string_view key) const {
  for (size_t k = 0; k < std::size(kKeys); ++k)
    if (key == kKeys[k]) return &columns_[k];
  return nullptr;
}

bool NodeColumns::Column::Unique() const {
  std::call_once(unique_once_, [this] {
    std::vector<int64_t> numbers;
    std::vector<std::string_view> strings;
    for (NodeId n = 0; n < kinds.size(); ++n) {
      switch (kinds[n]) {
        case kNoNode: break;
        case kInt: numbers.push_back(ints[n]); break;
        case kString: strings.push_back(str(n)); break;
        default: return;  // a node without a value, or with another kind of value
      }
    }
    std::sort(numbers.begin(), numbers.end());
    std::sort(strings.begin(), strings.end());
    unique_ = std::adjacent_find(numbers.begin(), numbers.end()) == numbers.end() &&
              std::adjacent_find(strings.begin(), strings.end()) == strings.end();
  });
  return unique_;
}

Result<std::unique_ptr<NodeColumns>> NodeColumns::Build(const Graph& graph, size_t max_bytes) {
  const NodeId bound = graph.NodeIdBound();
  size_t fixed = EstimateBytes(bound);
  if (fixed > max_bytes) return std::unique_ptr<NodeColumns>();
  auto c = std::make_unique<NodeColumns>();
  for (Column& col : c->columns_) {
    col.kinds.assign(bound, kNoNode);
    col.ints.assign(bound, 0);
    col.offsets.assign(bound + 1, 0);
  }
  NodeId next = 0;  // offsets below it are set
  size_t strings = 0;
  bool over = false;
  // Records come in id order (the nodes family's keys are big-endian ids).
  Status s = graph.ForEachNode("", [&](const Node& node) -> Status {
    if (node.id >= bound) return Status::Corruption("node id " + std::to_string(node.id) + " past the id counter");
    for (size_t k = 0; k < std::size(kKeys); ++k) {
      Column& col = c->columns_[k];
      for (NodeId n = next; n <= node.id; ++n) col.offsets[n] = col.arena.size();
      auto it = node.properties.find(kKeys[k]);
      if (it == node.properties.end()) {
        col.kinds[node.id] = kAbsent;
      } else if (const int64_t* i = std::get_if<int64_t>(&it->second.v)) {
        col.kinds[node.id] = kInt;
        col.ints[node.id] = *i;
      } else if (const std::string* str = it->second.as_string()) {
        col.kinds[node.id] = kString;
        col.arena += *str;
        strings += str->size();
      } else {
        col.kinds[node.id] = kOther;
      }
    }
    next = node.id + 1;
    if (fixed + strings > max_bytes) {
      over = true;
      return Status::Stopped();
    }
    return Status::OK();
  });
  if (over) return std::unique_ptr<NodeColumns>();
  NG_RETURN_IF_ERROR(s);
  for (Column& col : c->columns_) {
    for (NodeId n = next; n <= bound; ++n) col.offsets[n] = col.arena.size();
    bool ints = std::find(col.kinds.begin(), col.kinds.end(), kInt) != col.kinds.end();
    bool strs = std::find(col.kinds.begin(), col.kinds.end(), kString) != col.kinds.end();
    if (!ints) std::vector<int64_t>().swap(col.ints);
    if (!strs) std::vector<uint64_t>().swap(col.offsets);
  }
  return c;
}

}  // namespace newsgraph
