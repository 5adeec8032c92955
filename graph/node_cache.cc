#include "graph/node_cache.h"

#include <algorithm>

namespace newsgraph {

namespace {

// About what a record takes in memory: the Node, the shared_ptr's control
// block, its strings and the property map's tree nodes.
size_t RecordBytes(const Node& n) {
  constexpr size_t kControlBlock = 16, kMapNode = 32;
  size_t bytes = sizeof(Node) + kControlBlock;
  for (const std::string& l : n.labels) bytes += sizeof(std::string) + l.capacity();
  for (const auto& [key, value] : n.properties) {
    bytes += kMapNode + sizeof(key) + key.capacity() + sizeof(value);
    if (const std::string* s = value.as_string()) bytes += s->capacity();
  }
  return bytes;
}

}  // namespace

std::shared_ptr<const Node> NodeCache::Find(NodeId id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return id < slots_.size() ? slots_[id] : nullptr;
}

void NodeCache::Insert(std::shared_ptr<const Node> node) {
  size_t bytes = RecordBytes(*node);
  NodeId id = node->id;
  std::lock_guard<std::mutex> lock(mu_);
  if (id >= slots_.size()) {
    size_t grown = std::max<size_t>(id + 1, slots_.size() + slots_.size() / 4);
    size_t more = (grown - slots_.size()) * sizeof(slots_[0]);
    if (used_ + more + bytes > budget_) return;
    slots_.resize(grown);
    used_ += more;
  }
  if (slots_[id] || used_ + bytes > budget_) return;
  slots_[id] = std::move(node);
  used_ += bytes;
}

}  // namespace newsgraph
