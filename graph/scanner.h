// GraphScanner: reads for traversals through long-lived RocksDB iterators
// (the query engine's expansions, integrity checks).
#ifndef NEWSGRAPH_GRAPH_SCANNER_H_
#define NEWSGRAPH_GRAPH_SCANNER_H_

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"

namespace newsgraph {

// One adjacency entry as GraphScanner::ForEachEntry sees it; the views are
// valid during the callback only.
struct AdjacencyEntry {
  NodeId node;     // the node scanned
  NodeId other;    // the node at the other end
  EdgeId edge;
  bool outgoing;   // true when the edge points from `node`
  std::string_view type;
  std::string_view value;  // the edge's weight and properties, as stored (keys.h)
  // The whole edge but its evidence, from the entry alone (the entry
  // carries the edge's weight and properties); false for an entry of a
  // format-1 database, which carries nothing: read it with GetEdge.
  bool ToEdge(Edge* out) const;
};

// Reads for traversals through long-lived RocksDB iterators: creating an
// iterator costs tens of microseconds, a seek on a live one about one, and
// stepping to the next key far less. Neighbour scans of nodes in increasing
// id order, and reads of edges in increasing id order (an imported node's
// edges of one type have consecutive ids), mostly just step.
//
//   GraphScanner scan(graph);
//   scan.ForEachEntry(id, Direction::kOut, "", [&](const AdjacencyEntry& e) { ...; return true; });
//   Result<Edge> e = scan.GetEdge(id);
//
// Sees the graph as of its first read of each kind, or, while a write
// transaction is open, everything written so far (it then reads as Graph
// does, a fresh iterator a scan). Not thread-safe; must not outlive `graph`.
class GraphScanner {
 public:
  explicit GraphScanner(const Graph& graph);
  ~GraphScanner();
  GraphScanner(const GraphScanner&) = delete;  // owns the iterators
  GraphScanner& operator=(const GraphScanner&) = delete;

  // As Graph::Neighbors.
  Status Neighbors(NodeId node, Direction dir, std::string_view type, std::vector<Neighbor>* out);
  // Calls fn(entry) for each edge at `node` in `dir` of `type` ("" = any)
  // until fn returns false: nothing allocated a neighbour, and the entry
  // carries the edge's weight and properties (no read of its record).
  Status ForEachEntry(NodeId node, Direction dir, std::string_view type,
                      const std::function<bool(const AdjacencyEntry&)>& fn);
  // As Graph::GetEdge.
  Result<Edge> GetEdge(EdgeId id);

 private:
  const Graph& graph_;
  struct Cursor;
  std::unique_ptr<Cursor> adjacency_, edges_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_SCANNER_H_
