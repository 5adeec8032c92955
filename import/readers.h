// Internal to import/: an input file held in memory and the per-format
// readers that import.cc dispatches to.
#ifndef NEWSGRAPH_IMPORT_READERS_H_
#define NEWSGRAPH_IMPORT_READERS_H_

#include <string>
#include <vector>

#include "graph/bulk_loader.h"
#include "import/import.h"

namespace newsgraph {

struct InputFile {
  std::string path;
  std::string data;  // whole file, byte-order mark removed; readers may modify it
};

// "path:line:column" of byte `offset` of the file (1-based, columns in bytes).
std::string Position(const InputFile& file, size_t offset);

// All neo4j-csv files of one import: node files first, then relationship
// files, one id space per :ID group across all of them.
Status ReadNeo4jCsv(std::vector<InputFile>* files, const ImportReaderOptions& options, BulkLoader* loader,
                    ImportStats* stats);

// One JSON export; its ids are its own.
Status ReadJsonGraph(InputFile* file, BulkLoader* loader, ImportStats* stats);

}  // namespace newsgraph

#endif  // NEWSGRAPH_IMPORT_READERS_H_
