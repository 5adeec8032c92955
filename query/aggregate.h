// Aggregate functions of WITH/RETURN: the running state of one aggregate
// in one group, fed one value a row, and its result. The executor groups
// rows (executor.cc); this file knows what each function computes.
#ifndef NEWSGRAPH_QUERY_AGGREGATE_H_
#define NEWSGRAPH_QUERY_AGGREGATE_H_

#include <memory>
#include <set>
#include <string>
#include <unordered_set>

#include "base/status.h"
#include "query/ast.h"
#include "query/functions.h"
#include "query/value.h"

namespace newsgraph {

struct ValueOrderLess {
  bool operator()(const Value& a, const Value& b) const { return CompareForOrder(a, b) < 0; }
};

struct AggState {
  int64_t count = 0;
  bool int_sum = true;  // sum so far fits an integer
  int64_t isum = 0;
  double dsum = 0;
  Value best;             // min/max
  ValueList items;        // collect, percentiles
  double percentile = 0;  // the percentile argument, checked by the caller
  // DISTINCT only (made on its first value: a group of a grouped
  // aggregate without DISTINCT stays small).
  struct Seen {
    std::set<Value, ValueOrderLess> values;
    std::unordered_set<NodeId> nodes;  // nodes, by id (the common case, hashed)
  };
  std::unique_ptr<Seen> seen;
};

bool IsPercentile(const std::string& name);

// Adds one row's value (ignored when null, except for count(*)); a type
// error for sum/avg/percentiles of a non-number.
Status UpdateAggregate(const Expr& agg, AggState* st, const Value& v);
// The result; collect() hands over its items (st is spent afterwards).
Value FinalAggregate(const Expr& agg, AggState* st);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_AGGREGATE_H_
