// BulkLoader: many new nodes and edges staged in memory, then written by
// Graph::BulkLoad in one atomic step (import).
//
//   BulkLoader loader;                                   // stage, then
//   auto a = loader.AddNode({"Company"}, {{"name", "Amazon"}});
//   ...; graph.value()->BulkLoad(&loader);               // one atomic write
#ifndef NEWSGRAPH_GRAPH_BULK_LOADER_H_
#define NEWSGRAPH_GRAPH_BULK_LOADER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"

namespace newsgraph {

struct BulkLoadOutcome {
  NodeId first_node = 0;  // staged node r is now node first_node + r
  size_t nodes = 0;
  EdgeId first_edge = 0;  // the new edges are first_edge .. first_edge + edges - 1
  size_t edges = 0;       // after merging
  size_t merged = 0;      // staged edges that merged into an earlier one
  size_t evidence = 0;
};

// Many new nodes and edges staged in memory, for Graph::BulkLoad (import).
// Nothing touches a database until then, so input can be validated whole
// before anything is written. Staged nodes are always new nodes: they are
// never merged with stored ones by name. Edges join staged nodes; an edge
// whose (source, type, target) was staged before merges into it as in
// IngestArticle: weights add, properties it lacks are taken over, evidence
// is appended. Memory: 24 bytes a staged edge, about 70 during BulkLoad,
// plus properties and evidence. Not thread-safe: one thread stages.
class BulkLoader {
 public:
  using Ref = uint32_t;  // a staged node: 0, 1, 2, ... in AddNode order

  BulkLoader();
  ~BulkLoader();
  BulkLoader(const BulkLoader&) = delete;
  BulkLoader& operator=(const BulkLoader&) = delete;

  // Labels are sorted and deduplicated. The name index gets the node's
  // "name" and each string of its "aliases" list; an Article node with a
  // string "hash" property is registered under that content hash, so a
  // later ingest of the same text finds it stored.
  Ref AddNode(std::vector<std::string> labels, Properties properties);
  // InvalidArgument for an unknown Ref (also in evidence), an empty type or
  // a negative weight. Evidence records cite Article nodes by Ref in
  // `article`; their `edge` field is ignored.
  Status AddEdge(Ref src, std::string_view type, Ref dst, int64_t weight, Properties properties = {},
                 std::vector<EvidenceRecord> evidence = {});

  // Asks BulkLoad to create the index on (label, property) if the database
  // lacks it: it then covers the stored nodes as well as the staged ones,
  // and is written in the same atomic step.
  void IndexProperty(const PropertyIndex& index);

  size_t nodes() const;
  size_t edges() const;  // as staged, before merging

  struct Staged;  // internal (graph/bulk_plan.h)

 private:
  friend class Graph;
  std::unique_ptr<Staged> staged_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_BULK_LOADER_H_
