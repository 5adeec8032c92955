// Internal to graph/: what BulkLoader stages, and the plan Graph::BulkLoad
// turns it into before writing table files (bulk_load.cc stages and plans,
// bulk_tables.cc writes). Not public API.
#ifndef NEWSGRAPH_GRAPH_BULK_PLAN_H_
#define NEWSGRAPH_GRAPH_BULK_PLAN_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/bulk_loader.h"
#include "graph/graph.h"
#include "graph/table_files.h"

namespace newsgraph {

// Nodes as given; edges compact (24 bytes), their rare properties and
// evidence aside in `extras`; type names interned.
struct BulkLoader::Staged {
  struct Edge {
    Ref src, dst;
    uint32_t type;   // index into types; after sorting, the type's rank
    uint32_t extra;  // index into extras, or kNoExtra
    int64_t weight;
  };
  struct Extra {
    Properties properties;
    std::vector<EvidenceRecord> evidence;
  };
  static constexpr uint32_t kNoExtra = ~uint32_t{0};

  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<Extra> extras;
  std::deque<std::string> types;                             // stable addresses for the views below
  std::unordered_map<std::string_view, uint32_t> type_ids;  // views into `types`
  std::vector<PropertyIndex> indexes;                        // IndexProperty requests

  uint32_t TypeId(std::string_view type) {
    if (types.size() <= 8) {  // the usual handful of types: no hashing
      for (uint32_t i = 0; i < types.size(); ++i)
        if (types[i] == type) return i;
    } else if (auto it = type_ids.find(type); it != type_ids.end()) {
      return it->second;
    }
    types.emplace_back(type);
    type_ids.emplace(types.back(), static_cast<uint32_t>(types.size() - 1));
    return static_cast<uint32_t>(types.size() - 1);
  }
};

// The staged graph ready to write: edges sorted by (source, type rank,
// target) with equal triples merged, edge i is edge first_edge + i, staged
// node r is node first_node + r.
struct BulkPlan {
  using Ref = BulkLoader::Ref;
  const BulkLoader::Staged* s;
  std::vector<std::string> types;  // by rank (rank order = key order)
  NodeId first_node;
  EdgeId first_edge;
  std::vector<size_t> out_start;   // node r's outgoing edges: [out_start[r], out_start[r + 1])
  struct InEdge {  // what an incoming adjacency key needs, read in sequence
    uint32_t edge;
    Ref src;
    uint32_t type;
  };
  std::vector<size_t> in_start;   // node r's incoming edges: in_edges[in_start[r] .. in_start[r + 1])
  std::vector<InEdge> in_edges;   // each node's run ordered by (type rank, source): key order
  std::vector<uint32_t> by_type;   // every edge, ordered by (type rank, edge): key order of edge_types
  std::vector<std::pair<std::string, Ref>> articles;  // content hash -> node, sorted by hash
  std::vector<PropertyIndex> catalog;      // every property index after the load
  std::vector<PropertyIndex> new_indexes;  // those the load creates
  std::vector<std::string> stored_index_keys;  // entries of stored nodes in new_indexes, sorted

  NodeId node(Ref r) const { return first_node + r; }
  EdgeId edge(size_t i) const { return first_edge + i; }
};

// Writes every table of the plan, the id counters included, into `files`
// (one or more files per column family, by up to four threads). Adds the
// number of evidence records written to *evidence.
Status WriteBulkTables(BulkPlan* plan, TableFiles* files, size_t* evidence);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_BULK_PLAN_H_
