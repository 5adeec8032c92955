// Internal: sorted table (SST) files written in a staging directory inside
// the database directory, then ingested into the database in one atomic
// step (DB::IngestExternalFiles records all of them in one MANIFEST write).
// Used by Graph::BulkLoad; not public API.
//
//   auto files = TableFiles::Create(rep);
//   TableFile* f = files.value()->Add(keys::kNodes);
//   f->Put(key, value);                 // keys in increasing order
//   files.value()->Ingest();            // all files, all or nothing
//
// A column family may get several files when their key ranges do not
// overlap (so that one family can be written by two threads). Until Ingest
// succeeds the database is untouched; the destructor removes the staging
// directory and whatever was not ingested.
#ifndef NEWSGRAPH_GRAPH_TABLE_FILES_H_
#define NEWSGRAPH_GRAPH_TABLE_FILES_H_

#include <rocksdb/sst_file_writer.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/rep.h"

namespace newsgraph {

// One file; written by one thread at a time.
class TableFile {
 public:
  // Keys must increase strictly (Internal error otherwise). The file is
  // created on the first Put; a file without entries is not ingested.
  Status Put(std::string_view key, std::string_view value);
  // Writes the file's index and footer and syncs it (no more Puts). Done by
  // TableFiles::Ingest for files not finished yet; calling it from the
  // thread that wrote the file spreads that work too.
  Status Finish();

 private:
  friend class TableFiles;
  Graph::Rep* rep_ = nullptr;
  keys::ColumnFamily cf_ = keys::kDefault;
  std::string path_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  uint64_t entries_ = 0;
  bool finished_ = false;
};

// DIR/bulk-load.tmp: where a bulk load writes its table files before
// ingesting them. A killed load leaves it; every writer open removes it.
inline constexpr char kBulkStagingDir[] = "bulk-load.tmp";

class TableFiles {
 public:
  // Clears and creates DIR/bulk-load.tmp (a leftover of a crashed load is
  // safe to remove: the caller holds the writer lock).
  static Result<std::unique_ptr<TableFiles>> Create(Graph::Rep* rep);
  ~TableFiles();
  TableFiles(const TableFiles&) = delete;
  TableFiles& operator=(const TableFiles&) = delete;

  // A new file for column family `cf`. Not thread-safe: add all files
  // before handing them to threads.
  TableFile* Add(keys::ColumnFamily cf);

  // Finishes every file that holds entries and ingests all of them at once.
  Status Ingest();

 private:
  TableFiles(Graph::Rep* rep, std::string dir) : rep_(rep), dir_(std::move(dir)) {}

  Graph::Rep* rep_;
  std::string dir_;
  std::vector<std::unique_ptr<TableFile>> files_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_TABLE_FILES_H_
