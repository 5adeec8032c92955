// Internal: the executor runs a bound query (bind.h) through its plan
// (plan.h): each UNION part as a chain of operators passing batches of
// rows (a Row holds one Value per variable slot). It never changes the
// syntax tree. It also holds what the operators share: expression
// evaluation, cached records, the limits.
//
//   pipeline.cc  the operators' chain; MATCH, UNWIND, writing clauses
//   projection_ops.cc  WITH/RETURN: project, aggregate, sort, top-k, limit
//   aggregate.cc aggregate functions; grouping.cc what grouping may refer to
//   match*.cc    pattern matching (match_internal.h): anchor choice,
//                expansion, distinct-endpoint reachability, shortest paths
//   eval.cc      expressions; functions.cc the functions
//   write.cc     CREATE, MERGE, SET, REMOVE, DELETE (through Graph's
//                curation writes; reads see them because the Graph reads
//                through its open write batch, so the executor keeps no
//                overlay of its own: it only drops cached records it changed)
#ifndef NEWSGRAPH_QUERY_EXECUTOR_H_
#define NEWSGRAPH_QUERY_EXECUTOR_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graph/scanner.h"
#include "query/ast.h"
#include "query/bind.h"
#include "query/plan.h"
#include "query/query.h"

namespace newsgraph {

class Executor {
 public:
  // `writer` is null for a read-only run, else the same Graph as `graph`
  // with a write transaction open.
  Executor(const Graph& graph, Graph* writer, const Params& params, const QueryLimits& limits);

  // Runs `plan` (of a bound query): the rows, columns and, for a writing
  // query, the writes. EXPLAIN is not run: see plan.h. With `profile`,
  // also the plan's lines with the rows and time of each operator.
  Status Run(const PhysicalPlan& plan, QueryResult* result, std::vector<std::string>* profile = nullptr);
  const QueryStats& stats() const { return stats_; }

  // ---- used across executor.cc, pipeline.cc, match*.cc, eval.cc
  Result<Value> Eval(const Expr& e, Row& row);
  // Eval of a projected item of a grouping WITH/RETURN, its aggregate
  // calls standing for `aggregates` (indexed by Expr::aggregate).
  Result<Value> EvalProjected(const Expr& e, Row& row, const std::vector<Value>& aggregates);
  // A SKIP or LIMIT: a non-negative integer, else InvalidArgument naming `what`.
  Result<int64_t> EvalCount(const Expr& e, const char* what);
  // Runs a writing clause (CREATE ... DELETE) over `rows`.
  Status ExecWrite(const PlanStep& step, std::vector<Row>* rows);
  Result<std::shared_ptr<const Node>> LoadNode(NodeId id);
  Result<std::shared_ptr<const Edge>> LoadEdge(EdgeId id);
  // Caches an edge read another way (from an adjacency entry) for LoadEdge.
  void RememberEdge(std::shared_ptr<const Edge> edge);
  Status Tick(size_t steps = 1);  // counts work; LimitExceeded past a limit (also memory and stack depth)
  // LimitExceeded once the query ran past limits_.timeout_seconds or
  // resident memory grew past limits_.max_memory_mb; cheap (reads the clock
  // every 64th call, the memory at most once a millisecond, from about 1 ms
  // into the query): call it for each row, item or value a loop makes,
  // expression evaluation included (comprehensions, quantifiers, range()).
  Status CheckLimits();
  // Before allocating about `bytes` for one value (range()): from 1 MiB up,
  // checks time and memory at once (no throttling) and fails when the
  // memory grown so far plus `bytes` would pass the limit, so the limit
  // holds before the allocation, not after it; below, CheckLimits().
  Status Reserve(size_t bytes);
  // The reader's node property columns (graph/node_columns.h), which
  // property reads of nodes (Eval) use for what they hold: null until built
  // (by an earlier query, or here by BuildNodeColumns) and on a writer.
  const NodeColumns* node_columns() const { return node_columns_; }
  // Builds them if the budget allows (Graph::NodePropertyColumns); errors
  // of the build.
  Status BuildNodeColumns();
  GraphScanner& scanner() { return scanner_; }  // neighbour scans of this run
  const Graph& graph() const { return graph_; }  // what this run reads
  // The statement's clock: the wall-clock time (nanoseconds since the
  // epoch) when this run began, so that every date() or datetime() of a
  // statement reads the same instant, as Cypher requires.
  int64_t statement_time_nanos() const { return statement_time_nanos_; }
  const QueryLimits& limits() const { return limits_; }
  // True for a node or relationship deleted by this query.
  bool IsDeleted(const Value& v) const;

  // Calls emit(row) for each way the `n` patterns at `patterns` match
  // extending `row`. Relationship uniqueness holds across all patterns of
  // one call. A pattern with a counted tail puts its count in `count_slot`
  // (ClauseBinding::count_slot). `emit` may return Status::Stopped() to end
  // the matching early; Match then returns OK. The expansions read a
  // reader's edge columns when built, or build them first when
  // `build_columns` (PlanOp::reads_edges).
  Status Match(const PathPattern* patterns, size_t n, int count_slot, bool build_columns, Row& row,
               const std::function<Status(Row&)>& emit);
  // Calls fn with each node that node pattern `n` matches, found by its
  // access path (match_internal.h AccessOf) and checked against its labels
  // and properties; `row` holds the variables its operands may read.
  Status MatchNodes(const NodePattern& n, Row& row, const std::function<Status(NodeId)>& fn);

 private:
  Status RunPart(const PlanPart& part, QueryResult* result, std::vector<std::string>* profile);
  Status Materialize(Value* v);

  // ---- write.cc
  Status ExecCreate(const Clause& c, const ClauseBinding& b, std::vector<Row>* rows);
  Status ExecMerge(const Clause& c, const ClauseBinding& b, std::vector<Row>* rows);
  Status ExecSet(const Clause& c, const ClauseBinding& b, std::vector<Row>* rows);
  Status ExecDelete(const Clause& c, const ClauseBinding& b, std::vector<Row>* rows);
  Status CreatePath(const PathPattern& p, Row& row, size_t bound_before);
  Status ApplySetItems(const std::vector<SetItem>& items, bool remove, Row& row);
  Status DeleteValue(const Value& v, bool detach, const Expr& at);
  void Forget(NodeId node) { nodes_.erase(node); }
  void ForgetEdge(EdgeId edge) { edges_.erase(edge); }

  const Graph& graph_;
  GraphScanner scanner_{graph_};
  Graph* writer_;
  const NodeColumns* node_columns_ = nullptr;
  QueryStats stats_;
  // Records deleted by this query, as last seen: RETURN of a deleted
  // entity still shows it, as in Neo4j.
  std::unordered_map<NodeId, std::shared_ptr<const Node>> deleted_nodes_;
  std::unordered_map<EdgeId, std::shared_ptr<const Edge>> deleted_edges_;
  const Params& params_;
  QueryLimits limits_;
  std::chrono::steady_clock::time_point start_;
  int64_t statement_time_nanos_;
  size_t steps_ = 0;
  size_t resident_at_start_ = 0;  // bytes, read at the first check; 0 before
  std::chrono::steady_clock::time_point memory_checked_;
  size_t memory_calls_ = 0;  // the clock is read every 64th CheckLimits
  Status TimedOut() const;
  Status MemoryExceeded() const;
  uintptr_t stack_floor_ = 0;  // Tick stops a query whose frames reach below this
  std::unordered_map<NodeId, std::shared_ptr<const Node>> nodes_;
  std::unordered_map<EdgeId, std::shared_ptr<const Edge>> edges_;
  // Read-only runs cache edges in a direct-mapped table instead: traversals
  // read each edge about once, and growing a hash map was a fifth of the time.
  std::vector<std::shared_ptr<const Edge>> edge_slots_;
  // Aggregate results of the group being projected (see EvalProjected).
  const std::vector<Value>* aggregates_ = nullptr;

  friend class PatternMatcher;
};

// ---- match.cc
// True when a variable of `patterns` bound before the clause (slot <
// bound_before) holds null in `row`.
bool HasNullBoundVariable(const std::vector<PathPattern>& patterns, const Row& row, size_t bound_before);

// ---- grouping.cc: what aggregating projections may refer to
// Structural equality of two expressions (variable names, not slots).
bool SameExpr(const Expr& a, const Expr& b);
// True when `e` calls an aggregate function anywhere.
bool HasAggregateCall(const Expr& e);
// InvalidArgument when an aggregating item uses a non-key outside its aggregates.
Status CheckGroupingKeys(const Projection& p);
// Rewrites an ORDER BY key after grouping/DISTINCT: projected parts become
// references to their column.
void ReplaceProjected(std::unique_ptr<Expr>* e, const Projection& p, bool whole);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_EXECUTOR_H_
