#include "graph/adjacency_cache.h"

#include <limits>

#include "graph/scanner.h"

namespace newsgraph {

bool AdjacencyCache::List::Add(const AdjacencyEntry& entry) {
  if (values.size() + entry.value.size() > std::numeric_limits<uint32_t>::max()) return false;
  // Entries come in key order, so a type repeats the last one's (or is new).
  if (types.empty() || types.back() != entry.type) {
    if (types.size() > std::numeric_limits<uint16_t>::max()) return false;
    types.emplace_back(entry.type);
  }
  values.append(entry.value);
  items.push_back({entry.other, entry.edge, static_cast<uint32_t>(values.size()),
                   static_cast<uint16_t>(types.size() - 1)});
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

const AdjacencyCache::List* AdjacencyCache::Find(NodeId node, char dir, std::string_view type) const {
  NodeId chunk = node / kChunkNodes;
  const Shard& shard = shards_[chunk % kShards];
  std::lock_guard<std::mutex> lock(shard.mu);
  size_t at = chunk / kShards;
  if (at >= shard.chunks.size() || !shard.chunks[at]) return nullptr;
  for (const List* list : (*shard.chunks[at])[node % kChunkNodes])
    if (list->dir == dir && list->type == type) return list;
  return nullptr;
}

void AdjacencyCache::Insert(std::unique_ptr<List> list) {
  constexpr size_t kPerListOverhead = 2 * sizeof(void*);  // its pointers in a chunk and in `owned`
  size_t bytes = list->Bytes() + kPerListOverhead;
  NodeId chunk = list->node / kChunkNodes;
  Shard& shard = shards_[chunk % kShards];
  std::lock_guard<std::mutex> lock(shard.mu);
  size_t at = chunk / kShards;
  if (at >= shard.chunks.size()) shard.chunks.resize(at + 1);
  if (!shard.chunks[at]) {
    if (used_.load(std::memory_order_relaxed) + sizeof(Chunk) > budget_) return;
    shard.chunks[at] = std::make_unique<Chunk>();
    used_.fetch_add(sizeof(Chunk), std::memory_order_relaxed);
  }
  if (used_.load(std::memory_order_relaxed) + bytes > budget_) return;
  std::vector<const List*>& lists = (*shard.chunks[at])[list->node % kChunkNodes];
  for (const List* held : lists)
    if (held->dir == list->dir && held->type == list->type) return;
  lists.push_back(list.get());
  shard.owned.push_back(std::move(list));
  used_.fetch_add(bytes, std::memory_order_relaxed);
}

}  // namespace newsgraph
