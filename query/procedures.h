// The table of procedures, beside the function table (functions.h): each
// row says a procedure's name, its arguments (name and type), its output
// columns (name and type) and its implementation. The binder (bind.h)
// resolves every CALL against it, so an unknown name (with a "did you
// mean"), a wrong number of arguments, an argument of a statically wrong
// type, a YIELD of a column the procedure does not have are errors before
// the store is read; the executor then calls the row's implementation.
//
// Built in: db.labels(), db.relationshipTypes(), db.propertyKeys(),
// db.indexes() (what SHOW INDEXES calls) and
// db.index.fulltext.queryNodes(indexName, query) (name_search.h).
// Names are matched ignoring case, as functions are.
//
// Others can be registered at run time (ProcedureRegistration): the TCK's
// "there exists a procedure" steps do, and an embedding program may.
#ifndef NEWSGRAPH_QUERY_PROCEDURES_H_
#define NEWSGRAPH_QUERY_PROCEDURES_H_

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "query/functions.h"
#include "query/value.h"

namespace newsgraph {

// Cypher's procedure signature types (Neo4j's `:: INTEGER?`); every one
// also accepts null.
enum class ProcType : char { kAny, kString, kInteger, kFloat, kNumber, kBoolean, kNode, kRelationship, kMap, kList };

// "STRING", "INTEGER", ... as signatures write them.
const char* ProcTypeName(ProcType t);
// The type named `name` (any case; "ANY", "STRING", "INTEGER", "FLOAT",
// "NUMBER", "BOOLEAN", "NODE", "RELATIONSHIP", "MAP", "LIST OF ..."
// counts as LIST); false for another word.
bool ParseProcType(std::string_view name, ProcType* out);
// True when `v` may be passed as (or returned as) a `t`: null always;
// an INTEGER for a FLOAT or NUMBER too.
bool ProcTypeAccepts(ProcType t, const Value& v);
// What the binder knows of an output of type `t` (a NODE column is a node variable).
VarKind ProcTypeKind(ProcType t);

struct ProcedureField {
  std::string name;
  ProcType type = ProcType::kAny;
};

// One call being run: its evaluated arguments (checked against the
// signature; a FLOAT argument given an INTEGER holds it converted), the
// graph, and `emit`, which takes one row of values in output-column order
// and answers Status::Stopped() when no more rows are wanted (the
// implementation then returns that status or OK).
struct ProcedureContext {
  Executor& ex;
  const std::vector<Value>& args;
  const std::function<Status(std::vector<Value>&)>& emit;
};

struct ProcedureDef {
  std::string name;
  std::vector<ProcedureField> args;
  std::vector<ProcedureField> outputs;  // empty: a void procedure (rows pass through a CALL unchanged)
  std::function<Status(ProcedureContext&)> impl;
  // The text of CALL's EXPLAIN line and of errors: "db.labels() :: (label :: STRING)".
  std::string Signature() const;
};

// The procedure named `name` (any case), registered ones first; null when
// there is none. The pointer stays valid while the procedure is registered
// (built-ins: always).
const ProcedureDef* FindProcedure(std::string_view name);
// Every procedure's name, built-ins first: for "did you mean".
std::vector<std::string> ProcedureNames();

// The property keys of stored nodes and relationships, added to *keys:
// reads node records, then relationship records (the other way round with
// `edges_first`), until every key of `wanted` has been seen (never, when
// `wanted` is empty) or `max_records` records were read (0: no limit).
// True when *keys tells for every key of `wanted` whether it is in use:
// each was seen, or every record was read. A relationship's `weight`
// counts as a key (EdgeProperty answers it) and costs no read.
Result<bool> CollectPropertyKeys(const Graph& graph, const std::set<std::string>& wanted, size_t max_records,
                                 std::set<std::string>* keys, bool edges_first = false);

// Registers `def` for the life of this object; while it lives, a
// procedure of the same name (built-in or registered before) is hidden by
// it. Registering and unregistering must not overlap a query that is
// being bound or run (the TCK runner registers between queries).
class ProcedureRegistration {
 public:
  explicit ProcedureRegistration(ProcedureDef def);
  ~ProcedureRegistration();
  ProcedureRegistration(const ProcedureRegistration&) = delete;  // unregisters once
  ProcedureRegistration& operator=(const ProcedureRegistration&) = delete;

 private:
  const ProcedureDef* def_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PROCEDURES_H_
