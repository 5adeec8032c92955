#include "query/planner.h"

#include <string>

#include "base/ascii.h"

namespace newsgraph {

bool IsAggregateName(const std::string& name);  // eval.cc

namespace {

// True when duplicates among the input rows cannot change this aggregate or
// expression: no count(*), every aggregate DISTINCT or min/max.
bool DuplicateInsensitive(const Expr& e, bool* has_aggregate) {
  if (e.kind == Expr::Kind::kCountStar) return false;
  if (e.kind == Expr::Kind::kFunction && IsAggregateName(e.name)) {
    *has_aggregate = true;
    if (!e.distinct && !EqualsIgnoreCase(e.name, "min") && !EqualsIgnoreCase(e.name, "max")) return false;
  }
  for (const auto& a : e.args)
    if (a && !DuplicateInsensitive(*a, has_aggregate)) return false;
  return !e.else_expr || DuplicateInsensitive(*e.else_expr, has_aggregate);
}

bool ProjectionIgnoresDuplicates(const Projection& p) {
  if (p.star) return p.distinct;
  bool has_aggregate = false;
  for (const ProjectionItem& item : p.items)
    if (!DuplicateInsensitive(*item.expr, &has_aggregate)) return false;
  // With neither DISTINCT nor an aggregate, every row is returned.
  return p.distinct || has_aggregate;
}

bool Eligible(const PathPattern& p) {
  if (p.shortest != PathPattern::Shortest::kNone || !p.variable.empty() || p.rels.size() != 1) return false;
  const RelPattern& r = p.rels[0];
  return r.variable_length && r.variable.empty() && r.properties.entries.empty() && r.direction != Direction::kBoth &&
         r.min_hops <= 1;
}

void MarkClauses(std::vector<Clause>& clauses) {
  for (size_t i = 0; i + 1 < clauses.size(); ++i) {
    Clause& c = clauses[i];
    const Clause& next = clauses[i + 1];
    if (c.kind != Clause::Kind::kMatch || c.optional || c.patterns.size() != 1) continue;
    if (next.kind != Clause::Kind::kReturn && next.kind != Clause::Kind::kWith) continue;
    if (!ProjectionIgnoresDuplicates(next.projection)) continue;
    if (Eligible(c.patterns[0])) c.patterns[0].distinct_endpoints = true;
  }
}

}  // namespace

void MarkDistinctEndpointPatterns(Query* query) {
  MarkClauses(query->clauses);
  for (auto& part : query->unions) MarkClauses(part.second);
}

}  // namespace newsgraph
