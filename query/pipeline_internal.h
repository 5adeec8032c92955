// Internal to the operators (pipeline.h): what pipeline.cc and
// projection_ops.cc share.
#ifndef NEWSGRAPH_QUERY_PIPELINE_INTERNAL_H_
#define NEWSGRAPH_QUERY_PIPELINE_INTERNAL_H_

#include <functional>
#include <memory>
#include <vector>

#include "query/aggregate.h"
#include "query/pipeline.h"

namespace newsgraph {

// A MATCH's or CALL's WHERE on `row`: true to keep it (null and false
// drop it); a value that is not a boolean is a type error.
Result<bool> WhereHolds(Executor& ex, const Expr& where, Row& row);

// Checks time and memory, and LimitExceeded once an operator holds more
// than max_rows rows (`held`).
Status HoldRows(Executor& ex, size_t held);
// Hands `rows` to `emit` in batches (moving them; `rows` ends empty),
// stopping at the first status that is not OK.
Status EmitAll(std::vector<Row>* rows, const std::function<Status(Batch&)>& emit);
// The operator of a WITH or RETURN (Project, Aggregate, Sort, TopK,
// SkipLimit, Filter) for `op` of `step`.
Result<std::unique_ptr<Operator>> MakeProjectionOp(Executor* ex, const PlanOp& op, const PlanStep& step);
// Where an Aggregate's groups come from when it answers a MATCH itself
// (PlanOp::source, columnar_aggregate.cc): the source hands it whole groups
// (AddGroup: a key of each grouping item, a state of each aggregate, each
// key once) or, on the row path, the MATCH's rows (AddRow).
class GroupSink {
 public:
  virtual ~GroupSink() = default;
  virtual Status AddGroup(std::vector<Value> key, std::vector<AggState> states) = 0;
  virtual Status AddRow(Row& row) = 0;
  virtual void Reserve(size_t groups) = 0;  // about this many groups follow
};
// The groups of `match` (PlanOp::source) for the aggregate of `projection`,
// from the store's counts and edge columns, or from the matcher's rows
// when they cannot answer (a writer, columns over budget, a property named
// weight).
Status ColumnarGroups(Executor* ex, const PlanStep& match, const PlanStep& projection, GroupSink* sink);

// The operator of a CALL (call_op.cc).
std::unique_ptr<Operator> MakeCallOp(Executor* ex, const PlanOp& op, const PlanStep& step);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PIPELINE_INTERNAL_H_
