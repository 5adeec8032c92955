// Decoded node records of a read-only database, shared by every reader of
// one Graph (Graph::GetSharedNode). A read-only Graph is a snapshot that
// never changes while open, so a record read once can be served from
// memory ever after: a label check or a property read of a node seen by
// an earlier query costs no RocksDB read and no decoding. Writers never
// use it (their graph changes under them).
//
// Bounded: records are added until `budget_bytes` (an estimate of their
// memory) is spent, then only those held are served; none is ever dropped.
// Thread-safe (one lock: a query reads on one thread).
#ifndef NEWSGRAPH_GRAPH_NODE_CACHE_H_
#define NEWSGRAPH_GRAPH_NODE_CACHE_H_

#include <memory>
#include <mutex>
#include <vector>

#include "graph/graph.h"

namespace newsgraph {

class NodeCache {
 public:
  explicit NodeCache(size_t budget_bytes) : budget_(budget_bytes) {}
  NodeCache(const NodeCache&) = delete;
  NodeCache& operator=(const NodeCache&) = delete;

  // The record of node `id`, or null.
  std::shared_ptr<const Node> Find(NodeId id) const;
  // Keeps `node` unless the budget is spent (or it is held already).
  void Insert(std::shared_ptr<const Node> node);

 private:
  mutable std::mutex mu_;
  // By node id (ids are dense): a lookup is an index, no hashing. Grown in
  // steps; the slots count against the budget.
  std::vector<std::shared_ptr<const Node>> slots_;
  const size_t budget_;
  size_t used_ = 0;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_NODE_CACHE_H_
