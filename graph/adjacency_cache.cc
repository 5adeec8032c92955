#include "graph/adjacency_cache.h"

#include <limits>

namespace newsgraph {

bool AdjacencyCache::List::Add(const AdjacencyEntry& entry) {
  if (values.size() + entry.value.size() > std::numeric_limits<uint32_t>::max()) return false;
  size_t type = 0;
  // Entries come in key order, so a type repeats the last one's (or is new).
  if (types.empty() || types.back() != entry.type) {
    if (types.size() > std::numeric_limits<uint16_t>::max()) return false;
    types.emplace_back(entry.type);
  }
  type = types.size() - 1;
  values.append(entry.value);
  items.push_back({entry.other, entry.edge, static_cast<uint32_t>(values.size()), static_cast<uint16_t>(type)});
  return true;
}

std::string_view AdjacencyCache::List::Value(size_t i) const {
  uint32_t begin = i == 0 ? 0 : items[i - 1].value_end;
  return std::string_view(values.data() + begin, items[i].value_end - begin);
}

size_t AdjacencyCache::List::Bytes() const {
  size_t bytes = sizeof(List) + type.capacity() + items.capacity() * sizeof(Item) + values.capacity();
  for (const std::string& t : types) bytes += sizeof(std::string) + t.capacity();
  return bytes;
}

uint64_t AdjacencyCache::Key(NodeId node, char dir, std::string_view type) {
  uint64_t h = std::hash<std::string_view>()(type);
  return (node * 0x9E3779B97F4A7C15ull) ^ (h + static_cast<uint64_t>(static_cast<unsigned char>(dir)) * 0xC2B2AE3D27D4EB4Full);
}

const AdjacencyCache::List* AdjacencyCache::Find(NodeId node, char dir, std::string_view type) const {
  uint64_t key = Key(node, dir, type);
  const Shard& shard = shards_[key % kShards];
  std::lock_guard<std::mutex> lock(shard.mu);
  auto it = shard.lists.find(key);
  if (it == shard.lists.end()) return nullptr;
  const List* list = it->second.get();
  return list->node == node && list->dir == dir && list->type == type ? list : nullptr;
}

void AdjacencyCache::Insert(std::unique_ptr<List> list) {
  constexpr size_t kPerListOverhead = 48;  // the map node and its bucket
  size_t bytes = list->Bytes() + kPerListOverhead;
  if (used_.load(std::memory_order_relaxed) + bytes > budget_) return;
  uint64_t key = Key(list->node, list->dir, list->type);
  Shard& shard = shards_[key % kShards];
  std::lock_guard<std::mutex> lock(shard.mu);
  if (shard.lists.emplace(key, std::move(list)).second) used_.fetch_add(bytes, std::memory_order_relaxed);
}

}  // namespace newsgraph
