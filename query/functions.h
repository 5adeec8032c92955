// The one table of the query language's functions (and procedures): each
// row says a function's name, how many arguments it takes, which argument
// kinds the binder refuses before running, what kind of value it returns,
// and its implementation. The binder (bind.h) resolves every call against
// this table, so an unknown name, a wrong arity or a statically wrong
// argument is an error before the first read of the store; the executor
// then calls the row's implementation with no further lookup.
//
// Adding a function is one row in functions.cc's table plus one
// implementation. Names are matched case-insensitively, as openCypher does.
#ifndef NEWSGRAPH_QUERY_FUNCTIONS_H_
#define NEWSGRAPH_QUERY_FUNCTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "query/value.h"

namespace newsgraph {

class Executor;
struct Expr;
using Row = std::vector<Value>;

// What a variable or an expression is known to be before running.
enum class VarKind : char { kUnknown, kNode, kRel, kRelList, kPath, kValue /* not a graph entity */ };

// One call being evaluated. For a scalar function `args` holds the
// evaluated arguments; a lazy function (quantifiers, EXISTS {...})
// evaluates e.args itself, with `row`.
struct FunctionCall {
  Executor& ex;
  const Expr& e;
  std::vector<Value>& args;
  Row& row;
};

struct FunctionDef {
  enum class Kind : char {
    kScalar,     // arguments evaluated first
    kLazy,       // the implementation evaluates its arguments
    kAggregate,  // computed by grouping (aggregate.h); no implementation here
  };
  const char* name;
  int min_args, max_args;  // max_args -1: any number
  Kind kind;
  bool null_in_null_out;  // a null argument gives null without calling `impl`
  // Kinds (bit 1 << VarKind) the first argument may not have, when the
  // binder knows it (a variable of that kind; a pattern counts as a path).
  unsigned refuse_first;
  const char* refuse_text;  // "a node or path", for the error
  VarKind result;           // what the call returns, as far as known
  Result<Value> (*impl)(FunctionCall& call);

  bool aggregate() const { return kind == Kind::kAggregate; }
};

// The row for `name` (any case), or null when there is none.
const FunctionDef* FindFunction(std::string_view name);

// True for the aggregate functions (count, collect, sum, avg, min, max,
// percentileDisc, percentileCont), any case.
bool IsAggregateName(std::string_view name);

// Every function's name, for "did you mean" (internal helpers excluded).
std::vector<std::string> FunctionNames();

// Procedures (CALL db.labels()) have a table of their own beside this one,
// resolved by the binder the same way: procedures.h.

// "line L, column C" of an expression, for messages.
std::string Where(const Expr& e);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_FUNCTIONS_H_
