// query: one statement, its rows in a format.

#include <iostream>

#include "cli/commands.h"
#include "graph/graph.h"
#include "query/format.h"

namespace newsgraph {

int RunQueryCommand(const QueryOptions& o) {
  OutputFormat format_value;
  Params params_value;
  if (int rc = ParseQueryOutput(o, &format_value, &params_value)) return rc;
  // Readers stay lock-free: only a query with a writing clause opens the
  // database as the writer. A syntax error is reported by RunQuery below.
  Result<bool> writes = QueryWrites(o.query);
  bool writer = writes.ok() && writes.value();
  OpenOptions open = OpenOptions::Reader();
  if (writer) open.read_only = false;  // an existing database only: no create_if_missing
  auto graph = Graph::Open(o.db, open);
  if (!graph.ok()) return OpenFailure(graph.status());
  auto result = writer ? RunQuery(*graph.value(), o.query, params_value, o.limits)
                       : RunQuery(static_cast<const Graph&>(*graph.value()), o.query, params_value, o.limits);
  if (!result.ok()) {
    PrintError(result.status());
    return kExitError;
  }
  PrintWarnings(result.value());
  WriteResult(result.value(), format_value, std::cout);
  if (result->wrote && format_value != OutputFormat::kTable) std::cerr << StatsSummary(result->stats) << "\n";
  return kExitOk;
}

}  // namespace newsgraph
