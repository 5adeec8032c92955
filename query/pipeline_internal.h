// Internal to the operators (pipeline.h): what pipeline.cc and
// projection_ops.cc share.
#ifndef NEWSGRAPH_QUERY_PIPELINE_INTERNAL_H_
#define NEWSGRAPH_QUERY_PIPELINE_INTERNAL_H_

#include <functional>
#include <memory>
#include <vector>

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
// The operator of a CALL (call_op.cc).
std::unique_ptr<Operator> MakeCallOp(Executor* ex, const PlanOp& op, const PlanStep& step);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PIPELINE_INTERNAL_H_
