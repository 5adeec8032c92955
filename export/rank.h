// Which nodes a picture keeps when it may draw at most `max_nodes` of a
// selection: the strongest relationships win, so `export --around X
// --max-nodes 60` shows X's best-attested neighbourhood rather than the
// first 60 node ids.
#ifndef NEWSGRAPH_EXPORT_RANK_H_
#define NEWSGRAPH_EXPORT_RANK_H_

#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

#include "graph/graph.h"

namespace newsgraph {

struct WeightedEdge {
  EdgeId id;
  NodeId src;
  NodeId dst;
  int64_t weight;  // the number of articles that state it
};

// The kept nodes: the seeds first (at most `max_nodes` of them, in order),
// then, one at a time, the node joined to the kept ones by the strongest
// relationship (highest weight; on a tie, the lower edge id). This is Prim's
// algorithm for a maximum spanning tree stopped after `max_nodes` nodes: the
// kept part stays connected to the seeds and its weakest branches go first.
// When no relationship touches the kept nodes any more, the strongest
// remaining one starts a new part (so a selection without seeds, the whole
// graph, keeps its strongest relationships). Nodes that no edge touches are
// kept only as seeds. Deterministic: the same input gives the same set.
std::set<NodeId> StrongestNodes(const std::vector<WeightedEdge>& edges, const std::vector<NodeId>& seeds,
                                size_t max_nodes);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_RANK_H_
