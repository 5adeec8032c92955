// Plans: the stage between the binder (bind.h) and the executor.
//
// The logical plan is a value: per UNION part, a pipeline of operators
// (PlanStep), each holding its bound clause (read-only) and binding. The
// physical plan adds how each operator runs on this graph: for each MATCH
// pattern its anchor and access path (bound argument, property-index seek,
// name lookup, label scan, all nodes; breadth-first reachability, shortest
// path search, a counted tail), and for a MATCH whose rows only feed a plain
// LIMIT, how many rows it needs before it stops. Choosing them reads only
// the graph's index catalogue, never its data, so EXPLAIN prints the plan
// without running anything (ExplainLines), reads or writes.
//
// Rows flow between steps as materialised vectors today; a step's inputs and
// outputs are whole row sets of known width (ClauseBinding), which is what
// batch operators will consume (README.md).
#ifndef NEWSGRAPH_QUERY_PLAN_H_
#define NEWSGRAPH_QUERY_PLAN_H_

#include <string>
#include <vector>

#include "graph/graph.h"
#include "query/bind.h"
#include "query/query.h"

namespace newsgraph {

struct PlanStep {
  enum class Op { kMatch, kOptionalMatch, kProject /* WITH */, kReturn, kUnwind, kCreate, kMerge, kSet, kRemove, kDelete };
  Op op;
  const Clause* clause = nullptr;
  const ClauseBinding* binding = nullptr;
  // ---- physical (MATCH)
  std::vector<std::string> access;  // per pattern: how it is matched, for EXPLAIN
  size_t stop_after = 0;            // > 0: the rows after this many are never used
};

struct PlanPart {
  std::vector<PlanStep> steps;
  std::vector<std::string> columns;  // RETURN's
  bool union_all = false;            // how this part joins the ones before it (parts after the first)
};

struct PhysicalPlan {
  std::vector<PlanPart> parts;
  bool writes = false;  // some step writes
};

// The logical plan of a bound query: one step per clause.
PhysicalPlan LogicalPlan(const Query& query, const std::vector<BoundPart>& parts);
// Fills in the physical choices for `graph` (its index catalogue only) and
// the parameters (a LIMIT may be one).
void ChoosePhysical(const Graph& graph, const Params& params, PhysicalPlan* plan);

// EXPLAIN's text: one line per operator.
std::vector<std::string> ExplainLines(const PhysicalPlan& plan);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PLAN_H_
