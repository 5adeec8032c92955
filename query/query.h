// Running a query: the public face of query/.
//
//   auto result = RunQuery(graph, "MATCH (n {name:'Amazon'})-->(m) RETURN m.name", {}, {});
//   for (auto& row : result->rows) ...
//
// The language is a subset of openCypher (see README.md for what is
// supported). Errors are values: a syntax error names line and column with
// a caret; an unknown variable or function, a type error, or a limit hit
// says which.
//
// Index commands (CREATE INDEX ... FOR (n:Label) ON (n.prop), DROP INDEX
// ON :Label(prop)) are statements of their own, on a writer; a `{prop:
// value}` on a node with an indexed (Label, prop) is then found by lookup.
//
// Writing clauses (CREATE, MERGE, SET, REMOVE, DELETE, DETACH DELETE) run
// only through the `Graph&` overload on a graph opened as a writer: all the
// writes of one query go into one atomic batch (Graph::BeginWrites ...
// CommitWrites), reads later in the same query see them, and a failing
// query writes nothing. The `const Graph&` overload refuses them. Use
// QueryWrites() to decide how to open the database.
#ifndef NEWSGRAPH_QUERY_QUERY_H_
#define NEWSGRAPH_QUERY_QUERY_H_

#include <atomic>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"
#include "query/value.h"

namespace newsgraph {

using Params = std::map<std::string, Value>;

// A query stops with Status::LimitExceeded when it passes any of these.
// Memory: the process's resident memory (Linux /proc/self/statm) is read
// at most once a millisecond while the query holds or makes rows, expands
// relationships or collects (first about 1 ms in, which is the baseline),
// and the query stops once it has grown by more than max_memory_mb since
// then; so a query's peak stays within
// about that plus a few MiB (tests/query_limits_test.cc measures it with
// the defaults). Independently of the limits, a variable-length pattern
// that nests deeper than the thread's stack allows stops cleanly.
struct QueryLimits {
  size_t max_rows = 1000000;            // rows held between clauses, and result rows
  double timeout_seconds = 60;          // wall time
  size_t max_expansions = 50000000;     // relationship steps taken while matching
  size_t max_memory_mb = 512;           // growth of resident memory during the query (0: none)
  // When set, the query stops with an error once *cancel is true (the
  // REPL's Ctrl-C); a writing query then writes nothing. Not owned.
  const std::atomic<bool>* cancel = nullptr;
};

// What a writing query changed, counted like Neo4j's query statistics.
struct QueryStats {
  int64_t nodes_created = 0;
  int64_t nodes_deleted = 0;
  int64_t relationships_created = 0;
  int64_t relationships_deleted = 0;
  int64_t properties_set = 0;  // each assignment, removals included
  int64_t labels_added = 0;
  int64_t labels_removed = 0;
  int64_t indexes_added = 0;    // CREATE INDEX
  int64_t indexes_removed = 0;  // DROP INDEX
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;  // nodes and relationships carry their data
  bool explain = false;                  // rows are the plan, one line each
  bool wrote = false;                    // the query has writing clauses (stats apply)
  QueryStats stats;
  // Names the query uses that the graph does not hold (a label, type or
  // property key, with the nearest one it holds): the query ran anyway.
  // One line each, without a "warning: " prefix (warnings.h).
  std::vector<std::string> warnings;
};

// Read-only: a query with writing clauses fails with InvalidArgument.
Result<QueryResult> RunQuery(const Graph& graph, std::string_view text, const Params& params,
                             const QueryLimits& limits);
// May write (REQUIRE for writes: `graph` opened as writer, no write
// transaction open). EXPLAIN of a writing query writes nothing.
Result<QueryResult> RunQuery(Graph& graph, std::string_view text, const Params& params, const QueryLimits& limits);

// True when the query has a writing clause; a syntax error is returned as is.
Result<bool> QueryWrites(std::string_view text);

// "Created 1 node, set 2 properties, added 1 label" ("No changes" if none).
std::string StatsSummary(const QueryStats& stats);

// Parses "name=value" as given on a command line: integers, floats, true,
// false, null, and 'quoted' or bare strings.
Result<std::pair<std::string, Value>> ParseParam(std::string_view assignment);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_QUERY_H_
