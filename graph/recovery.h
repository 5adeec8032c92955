// Internal: recovery that never guesses (graph/README.md, "Damage").
// Checks Graph::Open makes before RocksDB touches a database, and what it
// records so that damage can be told from a crash:
//
//   newsgraph.state   written (synced, by rename) by each writer when its
//                     open completes and at its clean close: that the
//                     database's creation completed, and the MANIFEST with
//                     its size. A manifest is only ever appended to, and
//                     every writer open starts a new one with a higher
//                     number, so the manifest named there can grow but
//                     never shrink, and what it held then cannot be torn.
//
// RocksDB reads a MANIFEST cut inside a record as a torn write and recovers
// the older state it names; a writer then deletes the table files that
// only the lost records named. CheckManifest refuses such a manifest first,
// unless the cut record is one written after the recorded size (a writer
// killed while appending it leaves exactly that).
// Not part of the public API.
#ifndef NEWSGRAPH_GRAPH_RECOVERY_H_
#define NEWSGRAPH_GRAPH_RECOVERY_H_

#include <cstdint>
#include <string>

#include "base/status.h"

namespace newsgraph {

inline constexpr char kStateFile[] = "newsgraph.state";

struct StoredState {
  bool created = false;   // the database's creation completed
  std::string manifest;   // "MANIFEST-000012" as of `manifest_size`; "" if unknown
  uint64_t manifest_size = 0;
  // Every write-ahead log numbered up to this one was flushed into table
  // files at a clean close (0: none known). RepairDB would turn such a log,
  // if RocksDB had not deleted it yet, into a table that overlaps the ones
  // holding its records.
  uint64_t flushed_logs_through = 0;
};

// The state recorded in `dir`; a default StoredState when there is none
// (a database made before this file existed, or a creation in progress).
// Corruption when the file is unreadable or malformed.
Result<StoredState> ReadState(const std::string& dir);
// Records that `dir`'s creation completed, with its current manifest and
// size and `flushed_logs_through`; synced, replacing the old file in one
// rename.
Status RecordState(const std::string& dir, uint64_t flushed_logs_through);
// The highest number of a write-ahead log in `dir` (0: none).
uint64_t LastLogNumber(const std::string& dir);

// Checks one file in RocksDB's log format (a MANIFEST or a write-ahead
// log): each record's checksum, length and fragment order. A last record
// cut by the end of the file is what a crash leaves when it starts at or
// after byte `torn_from`, and damage when it starts before. Corruption
// naming the file and the byte.
Status CheckLogFile(const std::string& path, uint64_t torn_from);

// The manifest CURRENT names exists, is not shorter than the size recorded
// in newsgraph.state, and its records are whole (CheckLogFile, torn only
// past that size). Corruption naming the file otherwise.
Status CheckManifest(const std::string& dir);

// After RocksDB refused `dir` as corrupt: the first write-ahead log that
// CheckLogFile finds damaged (any record but a torn last one), or OK.
Status CheckLogs(const std::string& dir);

// Whether `dir` holds no table file and at most the few bytes of log that
// creating a database writes: proof that nothing was ever stored there.
bool NothingStored(const std::string& dir);

// "; nothing was changed. Copy what is readable into a new database with:
// newsgraph repair DIR NEW_DIR" (the end of every damage message).
std::string RepairAdvice(const std::string& dir);

// fsync(2) of one file or directory.
Status SyncPath(const std::string& path);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_RECOVERY_H_
