// The binder: the second stage of a query (lexer -> parser -> binder ->
// plan -> executor; README.md). It walks a parsed (and rewritten,
// planner.h) Query clause by clause with openCypher's scoping rules and
//
//   - gives every variable a slot in the row (Expr::slot, NodePattern::slot
//     ...), every function call its row of the function table
//     (functions.h, Expr::function), and every CALL its procedure
//     (procedures.h, ProcedureCallSpec::procedure) and YIELD slots;
//   - finds every semantic error before anything reads the store: an
//     unknown variable, function or procedure (with the nearest name), a
//     procedure's argument count or literal argument type, a YIELD of an
//     output it lacks, a variable redeclared as another kind,
//     a wrong number of arguments or a statically wrong argument kind, an
//     aggregate where none is allowed, ORDER BY after DISTINCT or an
//     aggregation on a column that is not projected, what CREATE, MERGE
//     and DELETE cannot take ... each naming its line and column;
//   - records per clause what the executor needs to run it (ClauseBinding:
//     row widths, the projection's columns, aggregates and sort keys).
//
// After binding the tree is read-only: the executor takes it as const.
#ifndef NEWSGRAPH_QUERY_BIND_H_
#define NEWSGRAPH_QUERY_BIND_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "query/ast.h"
#include "query/functions.h"

namespace newsgraph {

// Variables in slot order. A projection (WITH/RETURN) starts a new scope;
// within a clause slots only grow. A hidden slot keeps its place in the
// row but no name finds it (a comprehension's variable after the
// comprehension, a variable an alias renames).
struct Scope {
  std::vector<std::string> names;
  std::vector<VarKind> kinds;
  std::vector<bool> hidden;
  int row_count_slot = -1;  // the counted tail's count (planner.h), when the last MATCH has one

  int Find(const std::string& name) const {
    for (int i = static_cast<int>(names.size()) - 1; i >= 0; --i)
      if (!hidden[i] && names[i] == name) return i;
    return -1;
  }
  int Add(const std::string& name, VarKind kind = VarKind::kUnknown, bool hide = false) {
    names.push_back(name);
    kinds.push_back(kind);
    hidden.push_back(hide);
    return static_cast<int>(names.size()) - 1;
  }
  size_t size() const { return names.size(); }
};

// A WITH or RETURN, bound.
struct BoundProjection {
  std::vector<std::string> columns;      // the output names, in order
  std::vector<VarKind> column_kinds;
  std::vector<const Expr*> aggregates;   // the aggregate calls, Expr::aggregate indexes them
  std::vector<size_t> key_items;         // grouping keys (items without aggregates), when grouping
  bool grouping = false;
  size_t in_width = 0;     // the input row's width once the items are bound
  // ORDER BY: the column a key names (-1: evaluate expression), and the width of
  // the rows it is evaluated on (columns, then the input row when keep_input).
  std::vector<int> sort_column;
  size_t sort_width = 0;
  bool keep_input = false;      // projected rows carry the input row behind their columns
  bool where_first = false;     // WITH DISTINCT ... WHERE: filter before DISTINCT
  size_t where_width = 0;       // the width WHERE is evaluated on
};

// What the executor needs of one clause beyond its syntax.
struct ClauseBinding {
  size_t before = 0;  // scope width before the clause: slots below are bound by earlier clauses
  size_t width = 0;   // scope width after it (rows are this wide while it runs)
  int count_slot = -1;   // MATCH with a counted tail: where each row's count goes
  int unwind_slot = -1;  // UNWIND's variable
  BoundProjection projection;  // WITH, RETURN
};

// One UNION part (or the whole query), bound.
struct BoundPart {
  std::vector<Clause>* clauses = nullptr;  // owned by the Query
  std::vector<ClauseBinding> bindings;     // one per clause
  std::vector<std::string> columns;        // RETURN's columns; empty for a writing query
};

// Binds every part of `query` (which must outlive `parts`). The first error
// found is returned; nothing is run.
Status BindQuery(Query* query, std::vector<BoundPart>* parts);

// What is wrong with `name` as a stored label, relationship type (`key`
// false) or property key (`key` true): "" when nothing; else "is empty" or
// (keys) "holds ':'", which the Neo4j CSV header syntax of export and import
// cannot carry. CREATE, MERGE and SET refuse such names (the binder where
// they are written in the query, the executor for the keys of a map value).
std::string StoredNameProblem(const std::string& name, bool key);

// Error for a type mismatch at an expression ("type error at line L, column C: ...").
Status TypeError(const Expr& at, const std::string& message);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_BIND_H_
