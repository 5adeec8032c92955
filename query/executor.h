// Internal: the executor runs a parsed Query over a Graph, clause by clause,
// on materialised rows (a Row holds one Value per variable slot).
//
//   executor.cc  clauses: MATCH, WITH/RETURN (grouping, ORDER BY), UNWIND
//   aggregate.cc aggregate functions; grouping.cc what grouping may refer to
//   match*.cc    pattern matching (match_internal.h): anchor choice,
//                expansion, distinct-endpoint reachability, shortest paths
//   eval.cc      expressions and functions
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

#include "query/ast.h"
#include "query/query.h"

namespace newsgraph {

using Row = std::vector<Value>;

// Variable names in slot order. Slots only grow within a clause; a
// projection (WITH/RETURN) starts a new scope. Each variable has a kind
// known at compile time (VarKind), so that a pattern can refuse a variable
// of another kind (openCypher's VariableTypeConflict).
enum class VarKind : char { kUnknown, kNode, kRel, kRelList, kPath, kValue /* not a graph entity */ };

struct Scope {
  std::vector<std::string> names;
  std::vector<VarKind> kinds;
  int Find(const std::string& name) const {
    for (int i = static_cast<int>(names.size()) - 1; i >= 0; --i)
      if (names[i] == name) return i;
    return -1;
  }
  int Add(const std::string& name, VarKind kind = VarKind::kUnknown) {
    names.push_back(name);
    kinds.push_back(kind);
    return static_cast<int>(names.size()) - 1;
  }
};

class Executor {
 public:
  // `writer` is null for a read-only run, else the same Graph as `graph`
  // with a write transaction open.
  Executor(const Graph& graph, Graph* writer, const Params& params, const QueryLimits& limits);

  Status Run(const Query& query, QueryResult* result);
  const QueryStats& stats() const { return stats_; }

  // ---- used across executor.cc, match*.cc, eval.cc
  Result<Value> Eval(const Expr& e, Row& row);
  Status Bind(Expr* e, Scope* scope);  // resolves variable slots
  Result<std::shared_ptr<const Node>> LoadNode(NodeId id);
  Result<std::shared_ptr<const Edge>> LoadEdge(EdgeId id);
  // Caches an edge read another way (from an adjacency entry) for LoadEdge.
  void RememberEdge(std::shared_ptr<const Edge> edge);
  Status Tick(size_t steps = 1);  // counts work; LimitExceeded past a limit (also memory and stack depth)
  // LimitExceeded once resident memory grew past limits_.max_memory_mb;
  // cheap (reads the clock every 64th call, the memory at most once a
  // millisecond, from about 1 ms into the query): call it for each
  // row or item a loop holds.
  Status CheckMemory();
  GraphScanner& scanner() { return scanner_; }  // neighbour scans of this run

  // Calls emit(row) for each way `patterns` match extending `row`.
  // Relationship uniqueness holds across all patterns of one call. A
  // pattern with a counted tail puts its count in `count_slot`
  // (Clause::count_slot).
  Status Match(std::vector<PathPattern>& patterns, int count_slot, Row& row, const std::function<Status(Row&)>& emit);
  // Property expressions see the variables bound before the clause, or with
  // `props_see_pattern` (CREATE, MERGE) those of the patterns too.
  Status BindPatterns(std::vector<PathPattern>* patterns, Scope* scope, bool props_see_pattern = false);
  std::string ExplainPattern(const PathPattern& p, const Scope& scope) const;

 private:
  Status RunClauses(const std::vector<Clause>& clauses, QueryResult* result, std::vector<std::string>* plan);
  Status ExecMatch(Clause& c, Scope* scope, std::vector<Row>* rows);
  Status ExecProjection(Projection& p, bool is_return, Scope* scope, std::vector<Row>* rows,
                        std::vector<std::string>* columns);
  Status ExecUnwind(Clause& c, Scope* scope, std::vector<Row>* rows);
  Status Materialize(Value* v);
  Result<Value> Quantifier(const Expr& e, Row& row);  // eval.cc
  Result<int64_t> EvalCount(Expr* e, const char* what);

  // ---- write.cc
  Status ExecCreate(Clause& c, Scope* scope, std::vector<Row>* rows);
  Status ExecMerge(Clause& c, Scope* scope, std::vector<Row>* rows);
  Status ExecSet(Clause& c, Scope* scope, std::vector<Row>* rows);
  Status ExecDelete(Clause& c, Scope* scope, std::vector<Row>* rows);
  Status CheckCreatable(const PathPattern& p, const Scope& scope, size_t bound_before, bool merge);
  Status CreatePath(PathPattern& p, Row& row, size_t bound_before);
  Status ApplySetItems(std::vector<SetItem>& items, bool remove, Row& row);
  Status BindSetItems(std::vector<SetItem>& items, Scope* scope);
  Status DeleteValue(const Value& v, bool detach, const Expr& at);
  void Forget(NodeId node) { nodes_.erase(node); }
  void ForgetEdge(EdgeId edge) { edges_.erase(edge); }

  const Graph& graph_;
  GraphScanner scanner_{graph_};
  Graph* writer_;
  QueryStats stats_;
  // Records deleted by this query, as last seen: RETURN of a deleted
  // entity still shows it, as in Neo4j.
  std::unordered_map<NodeId, std::shared_ptr<const Node>> deleted_nodes_;
  std::unordered_map<EdgeId, std::shared_ptr<const Edge>> deleted_edges_;
  const Params& params_;
  QueryLimits limits_;
  std::chrono::steady_clock::time_point start_;
  size_t steps_ = 0;
  size_t resident_at_start_ = 0;  // bytes, read at the first check; 0 before
  std::chrono::steady_clock::time_point memory_checked_;
  size_t memory_calls_ = 0;  // the clock is read every 64th CheckMemory
  uintptr_t stack_floor_ = 0;  // Tick stops a query whose frames reach below this
  std::unordered_map<NodeId, std::shared_ptr<const Node>> nodes_;
  std::unordered_map<EdgeId, std::shared_ptr<const Edge>> edges_;
  // Read-only runs cache edges in a direct-mapped table instead: traversals
  // read each edge about once, and growing a hash map was a fifth of the time.
  std::vector<std::shared_ptr<const Edge>> edge_slots_;
  // Aggregate results of the group being projected (see ExecProjection).
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

// Error for a type mismatch at an expression.
Status TypeError(const Expr& at, const std::string& message);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_EXECUTOR_H_
