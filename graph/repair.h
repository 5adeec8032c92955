// Repair: copies what is readable of a damaged database into a new one
// (`newsgraph repair SRC DST`). SRC is never changed: its files are copied
// into DST, and only the copy is repaired.
//
//   auto report = RepairDatabase("news.db", "news-repaired.db");
//   // report->lost: what RocksDB dropped; report->integrity: CheckIntegrity
//
// How: when the copy's MANIFEST is whole (graph/recovery.h), the copy is
// opened replaying its logs past damaged records (RocksDB's
// kSkipAnyCorruptedRecords) and flushed; otherwise rocksdb::RepairDB
// rebuilds the manifest from the table files and turns the logs into
// tables, setting aside (in DST/lost/) the files it cannot read. Then DST
// is opened as a newsgraph database and checked with CheckIntegrity. A
// dropped log record takes the articles of its write with it, and a later
// article that named an entity first stored by them leaves edges to a node
// that is gone: the integrity check then fails, naming it.
#ifndef NEWSGRAPH_GRAPH_REPAIR_H_
#define NEWSGRAPH_GRAPH_REPAIR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"

namespace newsgraph {

struct RepairReport {
  bool rebuilt_manifest = false;  // RepairDB ran (the manifest was damaged)
  std::vector<std::string> lost;  // one line each: what was dropped, as RocksDB reported it
  GraphStats kept;                // what DST holds
  Status integrity;               // CheckIntegrity(DST)
};

// Errors (nothing usable in DST): InvalidArgument when DST exists and is
// not empty, or lies inside SRC; NotFound when SRC holds no RocksDB files;
// Busy when a writer has SRC open; Corruption or IOError when the copy
// cannot be opened even after repair (DST is then left for inspection).
Result<RepairReport> RepairDatabase(const std::string& src, const std::string& dst);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_REPAIR_H_
