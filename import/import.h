// Reading graphs written by other tools, or by `newsgraph export`, into a
// BulkLoader (graph/graph.h) for one atomic Graph::BulkLoad. The public face
// of import/.
//
//   BulkLoader loader;
//   ImportStats stats;
//   Status s = ReadImportFiles({"nodes.csv", "rels.csv"}, ImportReaderOptions(), &loader, &stats);
//   if (s.ok()) graph->BulkLoad(&loader);
//
// Formats:
//   json       the JSON export (export/json.h): {"nodes": [...], "edges":
//              [...], "articles": [...]}; each file has its own id space
//   neo4j-csv  neo4j-admin import CSV: node files (an :ID column) and
//              relationship files (:START_ID, :END_ID, :TYPE), told apart by
//              their header; several of each; one id space per :ID(group)
//              shared by all files. Header fields are name[:type] with
//              int long short byte float double boolean string char (and
//              date/time types, kept as strings), arrays type[] split at the
//              array delimiter; :LABEL (array delimiter between labels),
//              :IGNORE. `weight` of a relationship is its weight (default 1).
//              A named :ID column (`id:ID`, `key:ID(Group)`) is also
//              stored as a property of that name, as a string or, with
//              id_type kInteger, a long (Neo4j's --id-type), and each label
//              of that file's nodes gets a property index on it (graph.h
//              CreatePropertyIndex), so `MATCH (c:Company {id: 42})` is a
//              lookup; an unnamed `:ID` only links relationships to nodes.
//              An empty unquoted field is no value; "" is an empty string.
//   auto       JSON when a file starts with '{', else neo4j-csv (per file)
//
// Everything is read and checked before anything is staged for writing:
// the first problem is returned as InvalidArgument "FILE:LINE: what" (a
// missing column, an unknown node id, "abc" in a long column, a wrong
// number of fields, a quote never closed, malformed JSON, invalid UTF-8).
#ifndef NEWSGRAPH_IMPORT_IMPORT_H_
#define NEWSGRAPH_IMPORT_IMPORT_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "graph/bulk_loader.h"
#include "graph/graph.h"

namespace newsgraph {

enum class ImportFormat { kAuto, kJson, kNeo4jCsv };

// "json", "neo4j-csv" or "auto"; InvalidArgument otherwise.
Result<ImportFormat> ParseImportFormat(const std::string& name);

// How a named :ID column is stored (Neo4j's --id-type; default string).
enum class IdType { kString, kInteger };

// "string" or "integer"; InvalidArgument otherwise.
Result<IdType> ParseIdType(const std::string& name);

struct ImportReaderOptions {
  ImportFormat format = ImportFormat::kAuto;
  IdType id_type = IdType::kString;  // neo4j-csv: the property a named :ID column becomes
  char delimiter = ',';        // neo4j-csv: between fields
  char array_delimiter = ';';  // neo4j-csv: between array elements and labels
};

struct ImportStats {
  size_t files = 0;
  size_t bytes = 0;
  size_t nodes = 0;  // staged
  size_t edges = 0;  // staged, before merging
};

// Reads every file in `paths` into `loader`. On error the loader holds a
// partial input and must not be loaded.
Status ReadImportFiles(const std::vector<std::string>& paths, const ImportReaderOptions& options, BulkLoader* loader,
                       ImportStats* stats);

}  // namespace newsgraph

#endif  // NEWSGRAPH_IMPORT_IMPORT_H_
