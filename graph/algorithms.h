// Whole-graph algorithms on a read-only snapshot of the store, with
// Boost.Graph: load the nodes and edges you want into a GraphView, then run
//
//   PageRank      Boost's page_rank on the directed graph: rank(v) =
//                 (1 - d) + d * sum over in-edges u->v of rank(u)/outdeg(u),
//                 iterated from 1/n until no rank moves by more than 1e-10
//                 (at most 1000 rounds); so ranks average about 1
//   Components    weakly connected components (direction ignored)
//   Betweenness   Brandes' betweenness centrality on the undirected graph,
//                 each unordered pair of endpoints counted once: the middle
//                 of a path a-b-c scores 1 (one breadth-first search per
//                 vertex: the only one that is quadratic)
//   ShortestPath  fewest hops (BFS), or least cost with Dijkstra where an
//                 edge costs 1/weight (a link more articles state is shorter);
//                 direction ignored
//
// Parallel edges (two types between the same nodes) count as one link in
// PageRank's out-degrees and in Betweenness; the view keeps each stored edge
// for paths. The view is a copy: later writes do not change it.
//
// An AlgoLimits bounds the wall time of a run: LoadView checks it every
// 1,024 nodes and edges, PageRank every round, Betweenness before each
// source vertex, and each stops with LimitExceeded naming itself and the
// limit. Components and ShortestPath are linear in the view, as its
// loading is, and take none.
//
//   ViewOptions only_services;
//   only_services.edge_types = {"PROVIDES_SERVICES_TO"};
//   auto view = LoadView(graph, only_services);
//   std::vector<double> rank = PageRank(view.value());   // by vertex index
#ifndef NEWSGRAPH_GRAPH_ALGORITHMS_H_
#define NEWSGRAPH_GRAPH_ALGORITHMS_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"

namespace newsgraph {

struct ViewOptions {
  std::vector<std::string> edge_types;  // empty: every type (MENTIONS only with include_articles)
  std::vector<std::string> labels;      // empty: every node; else nodes with any of these labels
  bool include_articles = false;        // Article nodes and MENTIONS edges
};

struct GraphView {
  struct Link {
    size_t src;  // vertex indexes
    size_t dst;
    EdgeId edge;
    std::string type;
    int64_t weight;
  };
  std::vector<NodeId> nodes;  // vertex index -> node id, ascending
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> labels;
  std::vector<Link> links;  // edges with both ends in the view, by edge id

  // The vertex of `node`, or nodes.size() if it is not in the view.
  size_t VertexOf(NodeId node) const;
};

// The wall-time budget of one run, counted from construction.
struct AlgoLimits {
  double timeout_seconds = 60;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  // OK within the budget; else LimitExceeded: "WHAT stopped after N s
  // (raise --timeout, ...)".
  Status Check(const char* what) const;
};

Result<GraphView> LoadView(const Graph& graph, const ViewOptions& options, const AlgoLimits& limits = {});

// By vertex index.
Result<std::vector<double>> PageRank(const GraphView& view, const AlgoLimits& limits = {}, double damping = 0.85);
// Component number by vertex index; components are numbered 0.. by size,
// largest first, ties by their smallest vertex.
std::vector<size_t> Components(const GraphView& view, size_t* count);
// By vertex index.
Result<std::vector<double>> Betweenness(const GraphView& view, const AlgoLimits& limits = {});

struct PathStep {
  size_t vertex;
  long link = -1;        // index into view.links of the edge taken to get here; -1 at the start
  bool forward = true;   // the edge points along the path
};
// Empty when `to` cannot be reached from `from`.
std::vector<PathStep> ShortestPath(const GraphView& view, size_t from, size_t to, bool weighted);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_ALGORITHMS_H_
