// Plans: the stage between the binder (bind.h) and the executor.
//
// The logical plan is a value: per UNION part, one step (PlanStep) per
// clause, each holding its bound clause (read-only) and binding. The
// physical plan adds the operators each step runs as (PlanOp; pipeline.h
// runs them): for each MATCH pattern its anchor and access path (bound
// argument, property-index seek, name lookup, label scan, all nodes;
// breadth-first reachability, shortest path search, a counted tail); for
// a WITH or RETURN whether it projects or aggregates, and whether its
// ORDER BY sorts every row or keeps the top SKIP + LIMIT. Choosing them
// reads only the graph's index catalogue, never its data, so EXPLAIN
// prints the plan without running anything (ExplainLines), reads or
// writes; PROFILE runs it and prints the same lines with rows and time.
#ifndef NEWSGRAPH_QUERY_PLAN_H_
#define NEWSGRAPH_QUERY_PLAN_H_

#include <string>
#include <vector>

#include "graph/graph.h"
#include "query/bind.h"
#include "query/query.h"

namespace newsgraph {

// One physical operator (pipeline.h), as EXPLAIN shows it.
struct PlanOp {
  enum class Kind {
    kMatch,      // MATCH / OPTIONAL MATCH with its WHERE: streams the matches of each input row
    kUnwind,     // streams
    kWrite,      // CREATE ... DELETE: holds its input, writes, then passes it on
    kProject,    // WITH/RETURN items without aggregates (and DISTINCT): streams
    kAggregate,  // WITH/RETURN with aggregates: a hash table of groups, emitted at the end
    kSort,       // ORDER BY without LIMIT: holds every row
    kTopK,       // ORDER BY with LIMIT: holds SKIP + LIMIT rows
    kSkipLimit,  // SKIP/LIMIT without ORDER BY: streams, then stops its input
    kFilter,     // WITH ... WHERE after the projection
    kCall,       // CALL: the procedure's rows for each input row (procedures.h), and its WHERE
  };
  Kind kind;
  std::vector<std::string> lines;  // EXPLAIN's text: one line, or a Match's per pattern and its WHERE
  // kAggregate only: the MATCH step (then without operators of its own)
  // whose groups it computes from the store's counts and edge columns
  // (AnswersFromColumns); null: it aggregates the rows it is pushed.
  const struct PlanStep* source = nullptr;
  // kMatch only: the MATCH reads a large share of the relationships (a
  // pattern expands from a label scan or every node, and no LIMIT ends it
  // early), so a reader builds its edge columns for it (ReadsManyEdges).
  bool reads_edges = false;
};

struct PlanStep {
  enum class Op { kMatch, kOptionalMatch, kProject /* WITH */, kReturn, kUnwind, kCall, kCreate, kMerge, kSet, kRemove,
                  kDelete };
  Op op;
  const Clause* clause = nullptr;
  const ClauseBinding* binding = nullptr;
  std::vector<PlanOp> ops;  // physical: what the step runs as, in order (ChoosePhysical)
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
// Fills in the physical operators for `graph` (its index catalogue only)
// and the parameters (EXPLAIN shows a SKIP or LIMIT given as one).
void ChoosePhysical(const Graph& graph, const Params& params, PhysicalPlan* plan);

// Whether the aggregate of `projection`, the clause after `match`, can be
// computed from the store's counts and edge columns instead of match rows
// (columnar_aggregate.cc has the shapes: one node or one directed
// relationship, weight filters only, counts and weight aggregates, grouped
// by type, weight or an end node's properties). Decided from the bound
// clauses alone; at run time the columns may still be missing (a writer,
// over budget) and the rows answer.
bool AnswersFromColumns(const PlanStep& match, const PlanStep& projection);

// When a reader's MATCH builds the edge columns (graph/edge_columns.h) for
// its expansions: when some pattern of `match` expands relationships from
// a label scan or from every node (with no property map: `{id: 7}`
// without an index scans, but finds few), and no LIMIT in `later` (the operators
// after it, in order) stops it before an aggregate or sort has read it all.
// A MATCH from a few nodes (a seek, a bound variable) reads the columns
// only when an earlier query built them: a one-shot query of a node's
// 2-hop neighbourhood never pays for a whole-graph build.
bool ReadsManyEdges(const Clause& match, const ClauseBinding& binding, const Graph& graph,
                    const std::vector<const PlanOp*>& later);

// EXPLAIN's text: the lines of every operator, parts joined by Union lines.
std::vector<std::string> ExplainLines(const PhysicalPlan& plan);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PLAN_H_
