// neo4j-admin import CSV of a Subgraph, for `neo4j-admin database import
// full` (Neo4j 5) and read back by `newsgraph import --format neo4j-csv`:
//
//   nodes.csv          :ID,name,:LABEL,<property>[:<type>]...
//                      42,Amazon,Company;Provider,...
//   relationships.csv  :START_ID,:END_ID,:TYPE,weight:long,<property>[:<type>]...
//
// :ID is the node's id in this database. The column has no name, so
// neither Neo4j nor `newsgraph import` stores it as a property (a named
// `id:ID` would be, and would come back as a new `id` property): the
// graph round-trips exactly.
// Property types are the ones property_columns.h decides: boolean, long, double, or string (written without a type),
// arrays `type[]` with elements joined by the array delimiter, which also
// separates labels. No property is an empty field; an empty string is "".
// Fields are quoted when they hold a comma, a quote or a line break (then
// neo4j-admin needs --multiline-fields=true: WriteNeo4jCsv says so).
// Evidence is not exported (the JSON export carries it). A relationship
// property named `weight` is written as `property.weight`.
#ifndef NEWSGRAPH_EXPORT_NEO4J_CSV_H_
#define NEWSGRAPH_EXPORT_NEO4J_CSV_H_

#include <string>

#include "base/status.h"
#include "export/subgraph.h"

namespace newsgraph {

struct Neo4jCsvOptions {
  char array_delimiter = ';';  // neo4j-admin's default; never ',' or '"'
};

// Nodes and relationships as DIR/nodes.csv and DIR/relationships.csv (DIR
// is created; the two files are replaced). Nothing is written when either
// fails to render: InvalidArgument when a label or an array element holds
// the array delimiter (the message names the node or relationship and says
// how to choose another delimiter). On success *admin_command is the
// neo4j-admin command that imports them into the database `neo4j`, with
// the options these files need.
Status WriteNeo4jCsv(const Subgraph& graph, const Neo4jCsvOptions& options, const std::string& dir,
                     std::string* admin_command);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_NEO4J_CSV_H_
