// CheckIntegrity: whether every index of a graph agrees with its records.
// Used by `newsgraph repair` on what it salvaged and by every store test.
//
//   every node and edge the counters promise is there (ids dense from 1);
//   the name index holds exactly the entries NodeNameKeys (graph.h)
//   defines for the nodes; the label and edge-type indexes hold exactly the
//   records' labels and types; both adjacency entries of every edge exist
//   and carry its weight and properties, and no entry names a missing
//   edge; every Article node with stored text has its content-hash entry
//   (one without was created or imported), and the near-duplicate index
//   holds exactly the entries of the articles with stored text
//   (near_duplicate.h; not checked by a reader of a format-4 database).
//
// Reads the whole graph: a full scan of every family, one lookup per name.
#ifndef NEWSGRAPH_GRAPH_INTEGRITY_H_
#define NEWSGRAPH_GRAPH_INTEGRITY_H_

#include "base/status.h"
#include "graph/graph.h"

namespace newsgraph {

// OK, or Corruption naming the first disagreement found.
Status CheckIntegrity(const Graph& graph);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_INTEGRITY_H_
