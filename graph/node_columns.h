// A read-only Graph's most read node properties as columns: `id` and
// `name` as plain arrays indexed by node id (the dense index the edge
// columns use), for grouping keys, WHERE filters and RETURN items read by
// many rows without decoding a node record each.
//
//   Result<const NodeColumns*> cols = graph.NodePropertyColumns();   // built on first call
//   const NodeColumns::Column* id = cols.value() ? cols.value()->column("id") : nullptr;
//   if (id && id->kind(n) == NodeColumns::kInt) ... id->ints[n] ...
//
// Built in one sequential scan of the `nodes` family by a read-only Graph
// (a RocksDB snapshot: they never go stale; the next reader sees a
// writer's changes), under the same budget as the edge columns
// (OpenOptions::edge_columns_bytes counts both; Graph::NodePropertyColumns);
// immutable once built except for the lazily computed Unique(), so safe to
// read from several threads.
#ifndef NEWSGRAPH_GRAPH_NODE_COLUMNS_H_
#define NEWSGRAPH_GRAPH_NODE_COLUMNS_H_

#include <cstdint>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"

namespace newsgraph {

class NodeColumns {
 public:
  // The properties kept as columns.
  static constexpr const char* kKeys[] = {"id", "name"};

  // What a column holds for a node id: kNoNode (no node has this id in the
  // snapshot), kAbsent (the node lacks the property: null), kInt, kString,
  // or kOther (another kind of value: read the node record).
  enum Kind : uint8_t { kNoNode, kAbsent, kInt, kString, kOther };

  struct Column {
    std::vector<uint8_t> kinds;     // per node id
    std::vector<int64_t> ints;      // per node id when some node has kInt, else empty
    std::vector<uint64_t> offsets;  // node n's string is arena[offsets[n], offsets[n + 1])
    std::string arena;

    Kind kind(NodeId n) const { return n < kinds.size() ? static_cast<Kind>(kinds[n]) : kNoNode; }
    std::string_view str(NodeId n) const { return std::string_view(arena).substr(offsets[n], offsets[n + 1] - offsets[n]); }
    // True when every node has the property, as an integer or a string,
    // and no two nodes have equal values (computed on the first call).
    bool Unique() const;

   private:
    friend class NodeColumns;
    mutable std::once_flag unique_once_;
    mutable bool unique_ = false;
  };

  // The bytes the columns of `node_bound` node ids take before their
  // strings (what the budget is first checked against).
  static size_t EstimateBytes(uint64_t node_bound);
  // Reads every node record of `graph` in one scan. Null when the columns
  // grow past `max_bytes` (their strings are counted as they are read);
  // Corruption for a bad record. Graph::NodePropertyColumns calls it.
  static Result<std::unique_ptr<NodeColumns>> Build(const Graph& graph, size_t max_bytes);

  // The column of property `key`, or null when it is not one of kKeys.
  const Column* column(std::string_view key) const;
  size_t bytes() const;

 private:
  Column columns_[std::size(kKeys)];
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_NODE_COLUMNS_H_
