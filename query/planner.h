// Rewrites of a parsed query that change how it runs, never what it returns.
#ifndef NEWSGRAPH_QUERY_PLANNER_H_
#define NEWSGRAPH_QUERY_PLANNER_H_

#include "query/ast.h"

namespace newsgraph {

// Plans `query` in place:
//
// Distinct endpoints. Marks each MATCH pattern whose rows feed only a
// duplicate-insensitive projection (DISTINCT, or aggregates that are all
// DISTINCT or min/max) and that has one directed variable-length
// relationship with no variable, no property filter, no path name and at
// most one minimum hop. Such a pattern can be matched by reachability: the
// set of end nodes of relationship-unique paths of length 1..k equals the
// set of nodes within k directed steps (every walk contains a simple path
// between its ends), so emitting each end node once gives the same result
// after DISTINCT.
//
// Edge filters. Each `r.key op constant` (= <> < <= > >=, a literal or a
// parameter) among the AND-ed parts of a MATCH's WHERE, where `r` is a
// single relationship that the MATCH's patterns name once (not
// variable-length, not in a shortest path or distinct-endpoint pattern),
// moves into r's filters: expansions test it on the adjacency entry,
// before the edge is bound or kept (EXPLAIN: `Expand(-[r]->b WHERE r.key >
// 8)`). Comparison on a missing property is null, which drops the row in
// both places.
//
// Counted tails. In `MATCH (a)-...-(b)-[r:T]->(c) WHERE ... RETURN
// count(*)` (or WITH), when the last relationship and node have no labels
// or property maps, their variables appear nowhere else, the WHERE uses
// them only as `r.key op constant` (= <> < <= > >=; those move into the
// relationship as filters) and the projection is count(*) items only: the
// last step's matches are counted, not bound, and each row carries its
// count in a hidden variable that the projection sums (count(*) becomes
// sum). A pattern matched from its first node counts its tail; otherwise
// (or when the tail's variables are bound before) each row counts one.
//
// Node seeks. Each `n.key op x` (= < <= > >= STARTS WITH, either side for
// the comparisons) among the AND-ed parts of a MATCH's WHERE, where `n` is
// a node of its patterns, is recorded on n (NodePattern::seeks) and stays
// in the WHERE. The matcher may find n's candidates through an index with
// it when x can be evaluated before n is bound (match_internal.h,
// AccessOf); the WHERE then still decides, so a seek need only return a
// superset of the rows the WHERE keeps.
void PlanQuery(Query* query);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PLANNER_H_
