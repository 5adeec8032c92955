// Rewrites of a parsed query that change how it runs, never what it returns.
#ifndef NEWSGRAPH_QUERY_PLANNER_H_
#define NEWSGRAPH_QUERY_PLANNER_H_

#include "query/ast.h"

namespace newsgraph {

// Marks each MATCH pattern whose rows feed only a duplicate-insensitive
// projection (DISTINCT, or aggregates that are all DISTINCT or min/max) and
// that has one directed variable-length relationship with no variable, no
// property filter, no path name and at most one minimum hop. Such a pattern
// can be matched by reachability: the set of end nodes of relationship-
// unique paths of length 1..k equals the set of nodes within k directed
// steps (every walk contains a simple path between its ends), so emitting
// each end node once gives the same result after DISTINCT.
void MarkDistinctEndpointPatterns(Query* query);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PLANNER_H_
