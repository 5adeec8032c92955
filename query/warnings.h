// Warnings about a bound query: the names it reads that the graph does not
// hold. A misspelt label, relationship type or property key matches
// nothing, silently; Neo4j warns ("The provided label is not in the
// database") and so does this, with the nearest name the graph holds
// (base/spelling.h). The query still runs and returns its rows.
//
//   no label Compnay in this graph; did you mean Company? (line 1, column 7)
//   no relationship type INVEST_IN in this graph; did you mean INVESTS_IN? (line 1, column 10)
//   no property key nmae in this graph; did you mean name? (line 1, column 30)
//   no node is named 'hikvision'; did you mean 'Hikvision'? (line 1, column 7; names compare exactly, ...)
//
// Checked: the labels and types of MATCH patterns, pattern predicates and
// label tests (`n:Label`); the property keys of their maps and of `v.key`
// where `v` is a node or relationship variable; a literal `{name: '...'}`
// in a MATCH (found ignoring case or as an alias, or by fuzzy search,
// when no node has that exact name). Names the query itself writes
// (CREATE, MERGE, SET) are never reported, nor names in a query that
// creates nodes.
//
// Cost: a seek per label and type; for property keys, records are read
// until each key the query names has been seen (at once for keys in use:
// relationship records first when every key is read on a relationship,
// none for `weight`; for a missing one every record, at most 200,000:
// past that no warning).
#ifndef NEWSGRAPH_QUERY_WARNINGS_H_
#define NEWSGRAPH_QUERY_WARNINGS_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"
#include "query/ast.h"

namespace newsgraph {

// The warnings for `query` (parsed; names are read from the syntax tree),
// one line each, without a "warning: " prefix. An error reading the graph
// is returned (the query would meet it too).
Result<std::vector<std::string>> UnknownNameWarnings(const Query& query, const Graph& graph);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_WARNINGS_H_
