// Subgraph: the part of a graph an exporter writes, chosen by a query
// result, the neighbourhood of named nodes, or the whole graph. Nodes and
// edges are sorted by id so that the same graph exports to the same bytes.
#ifndef NEWSGRAPH_EXPORT_SUBGRAPH_H_
#define NEWSGRAPH_EXPORT_SUBGRAPH_H_

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"
#include "query/query.h"

namespace newsgraph {

struct Subgraph {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::map<EdgeId, std::vector<EvidenceRecord>> evidence;
  std::map<NodeId, Node> articles;  // every Article node the evidence cites, in `nodes` or not
};

// The display name of a node: its "name", else its "title", else "#id".
std::string DisplayName(const Node& node);

struct SubgraphOptions {
  bool include_articles = false;            // Article nodes and MENTIONS edges
  std::vector<std::string> edge_types;      // empty: all
  std::vector<std::string> labels;          // empty: all
};

// Every node, relationship and path in `result`, plus the endpoints of its
// relationships.
Result<Subgraph> SubgraphOfResult(const Graph& graph, const QueryResult& result);

// Nodes within `hops` of any node named in `names` (name or alias).
Result<Subgraph> SubgraphAround(const Graph& graph, const std::vector<std::string>& names, int hops,
                                const SubgraphOptions& options);

Result<Subgraph> WholeGraph(const Graph& graph, const SubgraphOptions& options);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_SUBGRAPH_H_
