// The syntax tree of a query, owned top-down by unique_ptr. The parser
// builds it (parser.h), the planner's rewrites adjust it (planner.h), the
// binder annotates it (slots, functions; bind.h); from then on it is
// read-only: the executor never changes it.
#ifndef NEWSGRAPH_QUERY_AST_H_
#define NEWSGRAPH_QUERY_AST_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "graph/graph.h"
#include "query/value.h"

namespace newsgraph {

struct PathPattern;

struct Expr {
  enum class Kind {
    kLiteral,     // value
    kParam,       // name
    kVariable,    // name
    kProperty,    // args[0].name
    kIndex,       // args[0][args[1]]
    kSlice,       // args[0][args[1]..args[2]] (missing bounds are null literals with op "..")
    kList,        // [args...]
    kMap,         // {keys[i]: args[i]}
    kFunction,    // name(args...), distinct for aggregates
    kCountStar,   // count(*)
    kUnary,       // op args[0]: "NOT", "-", "+"
    kBinary,      // args[0] op args[1]
    kIsNull,      // args[0] IS NULL; op "NOT" for IS NOT NULL
    kCase,        // CASE [args[0]] WHEN args[2i+1] THEN args[2i+2] ... ELSE else_expr
    kPattern,     // a pattern predicate: (a)-[:T]->(b)
    kListComprehension,  // [name IN args[0] WHERE args[1] | args[2]]
    kPatternComprehension,  // [pattern WHERE args[0] | args[1]] (args[0] may be null)
    kRowCount,    // how many rows this row stands for: the counted tail's count (planner.h)
  };
  Kind kind;
  std::string name;  // variable, parameter, function, property key
  std::string op;    // operator for kUnary/kBinary
  Value value;       // kLiteral
  std::vector<std::unique_ptr<Expr>> args;
  std::vector<std::string> keys;  // kMap
  std::unique_ptr<Expr> else_expr;
  std::unique_ptr<PathPattern> pattern;
  bool distinct = false;
  bool has_case_operand = false;
  int line = 0, column = 0;
  int slot = -1;       // resolved variable slot (kVariable, kRowCount, comprehension variable)
  int aggregate = -1;  // index among the projection's aggregates, when it is one
  const struct FunctionDef* function = nullptr;  // kFunction: its row of the function table (functions.h)
};

struct PropertyMap {
  std::vector<std::pair<std::string, std::unique_ptr<Expr>>> entries;
  bool written = false;  // "{...}" appears in the pattern, even empty
};

// A WHERE conjunct `n.key op operand` that an index or the name index may
// answer, found by the planner (planner.h) for node `n`'s anchor; the
// WHERE still tests it. `operand` points into the clause's WHERE, which
// owns it (no later rewrite moves it).
struct NodeSeek {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kStartsWith };
  std::string key;
  Op op;  // with the property on the left
  const Expr* operand;
};

struct NodePattern {
  std::string variable;  // "" when anonymous
  bool unreferenced = false;  // set by the planner: the variable is used nowhere else, so nothing binds it
  std::vector<std::string> labels;
  PropertyMap properties;
  std::vector<NodeSeek> seeks;  // set by the planner
  int slot = -1;
  int line = 0, column = 0;  // of its variable, else of its '('
};

// A WHERE condition `r.key op operand` on one relationship, moved into its
// pattern by the planner (planner.h); operand is a literal or parameter.
struct EdgeFilter {
  std::string key;
  CompareOp op;  // with the property on the left
  std::unique_ptr<Expr> operand;
  int line = 0, column = 0;  // of the property in the query, for warnings
};

struct RelPattern {
  std::string variable;
  bool unreferenced = false;  // as NodePattern::unreferenced
  std::vector<std::string> types;  // alternatives; empty = any
  Direction direction = Direction::kBoth;  // kOut: -[]->, kIn: <-[]-, kBoth: -[]-
  bool variable_length = false;
  int min_hops = 1;
  int max_hops = 1;  // -1 = unbounded
  PropertyMap properties;
  std::vector<EdgeFilter> filters;  // set by the planner; all must hold
  int slot = -1;
  int line = 0, column = 0;  // of its variable, else of its first '-' or '<-'
};

struct PathPattern {
  enum class Shortest { kNone, kShortest, kAll };
  std::string variable;  // named path p = ...
  Shortest shortest = Shortest::kNone;
  std::vector<NodePattern> nodes;  // nodes.size() == rels.size() + 1
  std::vector<RelPattern> rels;
  int slot = -1;
  int line = 0, column = 0;  // where it starts
  // Set by the planner (planner.h) when only the distinct end nodes of this
  // variable-length pattern matter: it is then expanded breadth-first with
  // a visited set instead of path by path.
  bool distinct_endpoints = false;
  // Set by the planner (planner.h) when the last relationship and node
  // matter only through how many there are: the matches of that last step
  // are counted into the clause's count variable instead of being bound.
  bool count_tail = false;
};

struct SortItem {
  std::unique_ptr<Expr> expr;
  std::string text;  // source text, to match an unaliased projection item
  bool descending = false;
};

struct ProjectionItem {
  std::unique_ptr<Expr> expr;
  std::string alias;  // the column name: AS alias, or the expression text
  bool explicit_alias = false;
};

struct Projection {
  bool distinct = false;
  bool star = false;  // RETURN *
  std::vector<ProjectionItem> items;
  std::vector<SortItem> order;
  std::unique_ptr<Expr> skip;
  std::unique_ptr<Expr> limit;
  std::unique_ptr<Expr> where;  // WITH ... WHERE
};

struct SetItem {
  enum class Kind { kProperty, kReplaceMap, kMergeMap, kLabels };
  Kind kind;
  std::unique_ptr<Expr> target;  // kProperty: a kProperty expr; else the variable
  std::unique_ptr<Expr> value;
  std::vector<std::string> labels;
};

// One output of a procedure a CALL binds: YIELD column [AS variable].
struct YieldItem {
  std::string output_name;
  std::string variable;  // output_name when no AS
  int slot = -1;         // set by the binder
  int output = -1;       // the column's index among the procedure's outputs (binder)
  int line = 0, column_at = 0;
};

// CALL name(args) [YIELD items [WHERE ...]], and SHOW INDEXES, which is a
// CALL of db.indexes. The WHERE is the clause's `where`.
struct ProcedureCallSpec {
  std::string name;                          // "db.labels"
  std::string text;                          // as written, for EXPLAIN: "db.labels()"
  std::vector<std::unique_ptr<Expr>> args;
  bool implicit_args = false;                // no parentheses: the arguments are the parameters of their names
  bool yield_star = false;                   // YIELD *
  std::vector<YieldItem> yields;             // as written (the binder fills in all outputs when standalone)
  bool standalone = false;                   // the whole query (set by the binder): its rows are the yields
  const struct ProcedureDef* procedure = nullptr;  // set by the binder (procedures.h)
  int line = 0, column = 0;                  // of the name
};

struct Clause {
  // Writing clauses come after kCreate (code tests kind >= kCreate).
  enum class Kind { kMatch, kWith, kReturn, kUnwind, kCall, kCreate, kMerge, kSet, kRemove, kDelete };
  Kind kind;
  bool optional = false;  // OPTIONAL MATCH
  bool detach = false;    // DETACH DELETE
  std::vector<PathPattern> patterns;
  std::unique_ptr<Expr> where;
  Projection projection;             // WITH, RETURN
  std::unique_ptr<Expr> unwind;      // UNWIND expr AS alias
  std::string alias;
  std::vector<SetItem> set_items;    // SET, REMOVE, MERGE's ON CREATE/ON MATCH
  std::vector<SetItem> on_create, on_match;
  std::vector<std::unique_ptr<Expr>> delete_exprs;
  ProcedureCallSpec call;            // CALL
  // MATCH with a counted tail (PathPattern::count_tail): each row carries
  // how many rows it stands for in a hidden slot (Expr::Kind::kRowCount),
  // which the next clause sums instead of counting rows.
  bool counts_rows = false;
  int line = 0, column = 0;
};

// CREATE INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.property), and
// DROP INDEX [IF EXISTS] ON :Label(property): a statement of its own.
struct SchemaCommand {
  enum class Kind { kNone, kCreateIndex, kDropIndex };
  Kind kind = Kind::kNone;
  PropertyIndex index;
  bool tolerant = false;  // IF NOT EXISTS / IF EXISTS
};

struct Query {
  bool explain = false;  // EXPLAIN: the plan, not run
  bool profile = false;  // PROFILE: run, then the plan with rows and time per operator
  SchemaCommand schema;  // kind kNone: clauses hold the query
  std::vector<Clause> clauses;
  // UNION parts: each a full clause list; all = UNION ALL
  std::vector<std::pair<bool, std::vector<Clause>>> unions;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_AST_H_
