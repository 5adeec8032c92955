// A read-only Graph's relationships as columns: compressed sparse rows
// (CSR) of the adjacency family, per direction, for scans and aggregates
// over every relationship and for a node's typed degree without RocksDB.
//
//   Result<const EdgeColumns*> cols = graph.Columns();   // built on first call
//   if (cols.ok() && cols.value()) {
//     const EdgeColumns::Side& out = cols.value()->side(Direction::kOut);
//     for (size_t i = out.offsets[n]; i < out.offsets[n + 1]; ++i) ... out.other[i], out.weight[i] ...
//   }
//
// Built in one sequential scan of the `adjacency` family (keys.h), only by
// a read-only Graph (a RocksDB snapshot, so the columns never go stale) and
// only when EstimateBytes fits OpenOptions::edge_columns_bytes; immutable
// once built, so safe to read from several threads. What they hold per
// adjacency entry: the node at the other end, the edge id, its type (an
// index into types()) and its weight; other properties stay in RocksDB.
#ifndef NEWSGRAPH_GRAPH_EDGE_COLUMNS_H_
#define NEWSGRAPH_GRAPH_EDGE_COLUMNS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "graph/scanner.h"

namespace newsgraph {

class EdgeColumns {
 public:
  // The entries of one direction: node n's are [offsets[n], offsets[n + 1]),
  // in key order (by type, then the other node, then edge id). offsets has
  // NodeIdBound() + 1 entries.
  struct Side {
    std::vector<uint64_t> offsets;
    std::vector<NodeId> other;
    std::vector<EdgeId> edge;
    std::vector<int64_t> weight;  // Edge::weight (the stored weight, 0 included)
    std::vector<uint16_t> type;   // index into types()
  };

  // The bytes columns for `node_bound` node ids and `edges` relationships
  // take (each edge is two entries): what the budget is checked against.
  static size_t EstimateBytes(uint64_t node_bound, uint64_t edges);

  // Reads the adjacency family of `graph` (whose Rep is `rep`) in one
  // scan. Corruption for a malformed entry; InvalidArgument for more than
  // 65,536 relationship types. Graph::Columns calls it.
  static Result<EdgeColumns> Build(const Graph& graph, const Graph::Rep& rep);

  const Side& side(Direction dir) const { return dir == Direction::kIn ? in_ : out_; }
  // Every relationship type, sorted; types()[i] has type index i.
  const std::vector<std::string>& types() const { return types_; }
  // The index of `type`, or -1 when no relationship has it.
  int TypeIndex(std::string_view type) const;
  // How many relationships have type index t.
  uint64_t TypeCount(size_t t) const { return type_counts_[t]; }
  // True when some relationship has a property named "weight": r.weight
  // then reads that property, not the weight column (value.h EdgeProperty).
  bool weight_property() const { return weight_property_; }
  // True when some relationship has a property (besides its weight): an
  // entry of ForEachEntry then lacks it.
  bool properties() const { return properties_; }

  // Node n's entries on `side` of type index t (t < 0: every type), as
  // [first, second) into the side's arrays.
  std::pair<uint64_t, uint64_t> Entries(const Side& side, NodeId n, int t) const;
  // GraphScanner::ForEachEntry's contract, from the columns: fn(entry) for
  // node's entries in `dir` of `type` ("" = every type), out then in, each
  // in key order, until fn returns false. With `values`, entry.value holds
  // the weight and no property, so entry.ToEdge is the whole edge unless
  // properties(); without, it is empty (ToEdge false: callers that read
  // neither weight nor properties save its encoding).
  void ForEachEntry(NodeId node, Direction dir, std::string_view type, bool values,
                    const std::function<bool(const AdjacencyEntry&)>& fn) const;
  size_t bytes() const;

 private:
  Side out_, in_;
  std::vector<std::string> types_;
  std::vector<uint64_t> type_counts_;
  bool weight_property_ = false;
  bool properties_ = false;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_EDGE_COLUMNS_H_
