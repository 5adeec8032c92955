// Internal: what a Graph holds. Shared by graph.cc (open, reads),
// ingest.cc (article writes) and mutation.cc (curation writes); not part of
// the public API.
#ifndef NEWSGRAPH_GRAPH_REP_H_
#define NEWSGRAPH_GRAPH_REP_H_

#include <rocksdb/db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/adjacency_cache.h"
#include "graph/edge_columns.h"
#include "graph/node_cache.h"
#include "graph/node_columns.h"
#include "graph/graph.h"
#include "graph/keys.h"
#include "graph/lock.h"

namespace newsgraph {

// An open curation write transaction (mutation.cc). While one is open every
// read of the Graph goes through `batch` (read-your-writes); nothing reaches
// the database before CommitWrites().
struct PendingWrites {
  rocksdb::WriteBatchWithIndex batch{rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true};
  NodeId next_node = 1;
  EdgeId next_edge = 1;
  uint64_t deleted_nodes = 0;
  uint64_t deleted_edges = 0;
  std::set<NodeId> must_be_unconnected;  // deleted without DETACH: checked at commit
};

// A stored node as the writer last read or wrote it (ingest.cc).
struct CachedNode {
  Node node;
  std::string encoding;         // keys::EncodeNode(node): tells a changed node
  std::set<std::string> names;  // its name index keys (name and aliases)
};

struct Graph::Rep {
  std::string dir;
  bool read_only = true;
  double near_duplicate_threshold = 0;  // OpenOptions'; ingest.cc
  bool opened = false;  // Open completed: a writer records newsgraph.state at close
  uint64_t previous_flushed_logs = 0;  // newsgraph.state's at open (recovery.h)
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cf;  // indexed by keys::ColumnFamily
  WriterLock lock;                               // held by a writer until the DB is closed
  NodeId next_node = 1;
  EdgeId next_edge = 1;
  // Writer only: name index lookups, lower-cased name -> nodes, kept up to
  // date by each commit (a writer is the only one changing the index).
  std::unordered_map<std::string, std::vector<NodeId>> name_cache;
  // Writer only: nodes as stored, so that an entity mentioned again is not
  // read and decoded again. Bounded (ingest.cc starts it over when full).
  std::unordered_map<NodeId, std::shared_ptr<const CachedNode>> node_cache;
  uint64_t deleted_nodes = 0;  // counters kept by mutation.cc; Stats() subtracts them
  uint64_t deleted_edges = 0;
  std::unique_ptr<PendingWrites> pending;  // open curation writes, or null
  // The property index catalog, sorted. A reader of a database older than
  // the property_index family has cf[kPropertyIndex] == null and no catalog.
  std::vector<PropertyIndex> property_indexes;
  // Reader only (a read-only snapshot never changes): neighbour lists read
  // so far, decoded; null for writers and when OpenOptions gives it no bytes.
  std::unique_ptr<AdjacencyCache> adjacency_cache;
  // Reader only, likewise: node records read so far, decoded.
  std::unique_ptr<NodeCache> snapshot_nodes;
  // Reader only, likewise: what edge_columns.cc made on first use.
  struct Columnar {
    std::mutex mu;
    size_t budget = 0;  // OpenOptions::edge_columns_bytes, for edge and node columns together
    size_t used = 0;    // bytes of the columns built
    bool tried = false, tried_nodes = false;
    std::unique_ptr<EdgeColumns> columns;  // null until built, or when it does not fit
    std::unique_ptr<NodeColumns> node_columns;  // likewise
    // The columns in `slot`, built on the first call by build(bytes left
    // in the budget) when `estimate` fits what is left (null when not, or
    // when build finds they do not); a failed build is tried again by the
    // next call. The one rule of when a reader's columns are built.
    template <typename T, typename BuildFn>
    Result<const T*> BuildOnce(bool* tried_slot, std::unique_ptr<T>* slot, size_t estimate, BuildFn build) {
      std::lock_guard<std::mutex> lock(mu);
      if (!*tried_slot) {
        *tried_slot = true;
        size_t left = budget - std::min(budget, used);
        if (estimate <= left) {
          Result<std::unique_ptr<T>> built = build(left);
          if (!built.ok()) {
            *tried_slot = false;  // the next caller sees the error too
            return built.status();
          }
          *slot = std::move(built).value();
          if (*slot) used += (*slot)->bytes();
        }
      }
      return slot->get();
    }
    std::map<std::string, uint64_t, std::less<>> label_counts, type_counts;
    std::map<std::string, std::shared_ptr<const std::vector<bool>>, std::less<>> label_members;
  };
  std::unique_ptr<Columnar> columnar;

  ~Rep();
  // Graph::Close: flushes (a writer), closes RocksDB, records
  // newsgraph.state (a writer); the first error. Idempotent.
  Status Close();
  // Drops the writer's caches; called after writes other than ingest
  // (curation, bulk load), which do not keep them up to date.
  void ForgetWriterCaches() {
    name_cache.clear();
    node_cache.clear();
  }
  rocksdb::ColumnFamilyHandle* handle(keys::ColumnFamily f) const { return cf[f]; }
  // Reads one value; NotFound as a Status with `what` in the message.
  // Sees pending curation writes.
  Status Get(keys::ColumnFamily f, const std::string& key, std::string* value, const char* what) const;
};

// Calls fn(key, value) for the keys of `cf` that start with `prefix` until
// fn returns false. Sees pending curation writes.
Status ScanPrefix(const Graph::Rep& rep, keys::ColumnFamily cf, const std::string& prefix,
                  const std::function<bool(std::string_view, std::string_view)>& fn);
// The same for the keys in [start, limit) ("" limit: to the end).
Status ScanRange(const Graph::Rep& rep, keys::ColumnFamily cf, const std::string& start, const std::string& limit,
                 const std::function<bool(std::string_view, std::string_view)>& fn);

// The lowest id of the edges (src)-[type]->(dst), 0 when there is none.
// Sees pending curation writes.
Result<EdgeId> FindEdge(const Graph::Rep& rep, NodeId src, std::string_view type, NodeId dst);
// Reads the catalog of property indexes into rep->property_indexes.
Status LoadPropertyIndexes(Graph::Rep* rep);

// Converts a RocksDB status into ours, naming the database directory.
Status FromRocks(const rocksdb::Status& s, const std::string& dir);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_REP_H_
