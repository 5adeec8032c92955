// Running a query: the public face of query/.
//
//   auto result = RunQuery(graph, "MATCH (n {name:'Amazon'})-->(m) RETURN m.name", {}, {});
//   for (auto& row : result->rows) ...
//
// The language is a subset of openCypher (see README.md for what is
// supported). Errors are values: a syntax error names line and column with
// a caret; an unknown variable or function, a type error, or a limit hit
// says which. Reading queries run against the graph as given; writing
// clauses are refused on a read-only graph.
#ifndef NEWSGRAPH_QUERY_QUERY_H_
#define NEWSGRAPH_QUERY_QUERY_H_

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
struct QueryLimits {
  size_t max_rows = 1000000;            // rows held between clauses, and result rows
  double timeout_seconds = 60;          // wall time
  size_t max_expansions = 50000000;     // relationship steps taken while matching
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;  // nodes and relationships carry their data
  bool explain = false;                  // rows are the plan, one line each
};

Result<QueryResult> RunQuery(const Graph& graph, std::string_view text, const Params& params,
                             const QueryLimits& limits);

// Parses "name=value" as given on a command line: integers, floats, true,
// false, null, and 'quoted' or bare strings.
Result<std::pair<std::string, Value>> ParseParam(std::string_view assignment);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_QUERY_H_
