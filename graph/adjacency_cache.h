// Decoded neighbour lists of a read-only database, shared by every
// GraphScanner of one Graph. A read-only Graph is a snapshot that never
// changes while open, so a list read once can be served from memory ever
// after: no RocksDB seek (1-5 µs each, the cost of a pattern that expands
// from thousands of nodes) and no key decoding.
//
//   if (const AdjacencyCache::List* list = cache.Find(node, dir, type)) { ... list->items ... }
//   else { build a List while scanning; cache.Insert(std::move(list)); }
//
// Bounded: lists are added until `budget_bytes` is spent, then only those
// held are served; none is ever dropped, so a List* stays valid as long as
// the cache. Thread-safe (sharded locks).
#ifndef NEWSGRAPH_GRAPH_ADJACENCY_CACHE_H_
#define NEWSGRAPH_GRAPH_ADJACENCY_CACHE_H_

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "graph/scanner.h"

namespace newsgraph {

class AdjacencyCache {
 public:
  // The entries of one scan of `node` in direction `dir` (keys.h: kOut or
  // kIn) of `type` ("" = every type), in key order.
  struct List {
    NodeId node = 0;
    char dir = 0;
    std::string type;
    struct Item {
      NodeId other;
      EdgeId edge;
      uint32_t value_end;  // the value is values[previous item's value_end, value_end)
      uint16_t type;       // index into types
    };
    std::vector<Item> items;
    std::vector<std::string> types;
    std::string values;

    // False when the list cannot hold the entry (more than 65,536 types or
    // 4 GiB of values): the list is then not cached.
    bool Add(const AdjacencyEntry& entry);
    std::string_view Value(size_t i) const;
    size_t Bytes() const;
  };

  explicit AdjacencyCache(size_t budget_bytes) : budget_(budget_bytes) {}
  AdjacencyCache(const AdjacencyCache&) = delete;
  AdjacencyCache& operator=(const AdjacencyCache&) = delete;

  // The list of that scan, or null.
  const List* Find(NodeId node, char dir, std::string_view type) const;
  // Whether lists may still be added (the budget is not spent).
  bool Accepting() const { return used_.load(std::memory_order_relaxed) < budget_; }
  // Keeps `list` unless one of its scan is held or it would exceed the budget.
  void Insert(std::unique_ptr<List> list);

 private:
  // Lists by node id in chunks of kChunkNodes ids (ids are dense), each
  // chunk in shard (id / kChunkNodes) % kShards: a lookup is an index, no
  // hashing, and the two threads of a traversal seldom share a lock.
  static constexpr size_t kShards = 16;
  static constexpr NodeId kChunkNodes = 1024;
  using Chunk = std::array<std::vector<const List*>, kChunkNodes>;  // per node, its lists
  struct Shard {
    mutable std::mutex mu;
    std::vector<std::unique_ptr<Chunk>> chunks;  // by (id / kChunkNodes) / kShards
    std::vector<std::unique_ptr<const List>> owned;
  };

  mutable std::array<Shard, kShards> shards_;
  const size_t budget_;
  std::atomic<size_t> used_{0};
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_ADJACENCY_CACHE_H_
