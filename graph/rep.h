// Internal: what a Graph holds. Shared by graph.cc (open, reads) and
// ingest.cc (writes); not part of the public API.
#ifndef NEWSGRAPH_GRAPH_REP_H_
#define NEWSGRAPH_GRAPH_REP_H_

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/graph.h"
#include "graph/keys.h"
#include "graph/lock.h"

namespace newsgraph {

struct Graph::Rep {
  std::string dir;
  bool read_only = true;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cf;  // indexed by keys::ColumnFamily
  WriterLock lock;                               // held by a writer until the DB is closed
  NodeId next_node = 1;
  EdgeId next_edge = 1;
  // Writer only: name index lookups, lower-cased name -> nodes, kept up to
  // date by each commit (a writer is the only one changing the index).
  std::unordered_map<std::string, std::vector<NodeId>> name_cache;

  ~Rep();
  rocksdb::ColumnFamilyHandle* handle(keys::ColumnFamily f) const { return cf[f]; }
  // Reads one value; NotFound as a Status with `what` in the message.
  Status Get(keys::ColumnFamily f, const std::string& key, std::string* value, const char* what) const;
};

// Converts a RocksDB status into ours, naming the database directory.
Status FromRocks(const rocksdb::Status& s, const std::string& dir);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_REP_H_
