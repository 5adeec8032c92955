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
  size_t isolated_left_out = 0;      // nodes without a relationship, left out (SubgraphOptions::keep_isolated)
  size_t weaker_left_out = 0;        // nodes beyond SubgraphOptions::max_nodes, left out
};

// The display name of a node: its "name", else its "title", else "#id".
std::string DisplayName(const Node& node);

struct SubgraphOptions {
  bool include_articles = false;            // Article nodes and MENTIONS edges
  std::vector<std::string> edge_types;      // empty: all
  std::vector<std::string> labels;          // empty: all
  // WholeGraph: false leaves out the nodes that no selected relationship
  // touches (a picture draws nothing to place them by).
  bool keep_isolated = true;
  // WholeGraph and SubgraphAround: at most this many nodes (0: no limit),
  // those StrongestNodes (export/rank.h) keeps, the named nodes first; the
  // relationships kept are those between kept nodes.
  size_t max_nodes = 0;
};

// Every node, relationship and path in `result`, plus the endpoints of its
// relationships.
Result<Subgraph> SubgraphOfResult(const Graph& graph, const QueryResult& result);

// Nodes within `hops` of any node named in `names` (name or alias), and
// the relationships that reached them.
Result<Subgraph> SubgraphAround(const Graph& graph, const std::vector<std::string>& names, int hops,
                                const SubgraphOptions& options);

Result<Subgraph> WholeGraph(const Graph& graph, const SubgraphOptions& options);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_SUBGRAPH_H_
