// What an aggregating (or DISTINCT) projection may refer to, as openCypher
// defines it:
//
//   - outside its aggregates, a projection item may use only grouping keys:
//     variables projected as themselves, or property accesses (`me.age`)
//     projected as such; `me.age + count(*)` with no `me`/`me.age` key is
//     ambiguous, and so is `a + b + count(*)` even when `a + b` is a key;
//   - ORDER BY after such a projection sees only the projected columns; a
//     sub-expression that is projected (an aggregate, a variable, a property
//     access, or the whole sort key) stands for its column.

#include "query/aggregate.h"
#include "query/executor.h"
#include "query/functions.h"

namespace newsgraph {

namespace {

bool IsAggregateCall(const Expr& e) {
  return e.kind == Expr::Kind::kCountStar || (e.kind == Expr::Kind::kFunction && IsAggregateName(e.name));
}

}  // namespace

bool SameExpr(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.name != b.name || a.op != b.op || a.keys != b.keys || a.distinct != b.distinct ||
      a.has_case_operand != b.has_case_operand || a.args.size() != b.args.size())
    return false;
  if (a.kind == Expr::Kind::kLiteral &&
      (a.value.type() != b.value.type() || CompareForOrder(a.value, b.value) != 0))
    return false;
  if (a.pattern || b.pattern) return false;  // patterns are never taken as the same
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!a.args[i] || !b.args[i]) {
      if (a.args[i] || b.args[i]) return false;
      continue;
    }
    if (!SameExpr(*a.args[i], *b.args[i])) return false;
  }
  if (!a.else_expr || !b.else_expr) return !a.else_expr && !b.else_expr;
  return SameExpr(*a.else_expr, *b.else_expr);
}

Status CheckGroupingKeys(const Projection& p) {
  std::vector<const Expr*> keys;
  for (const ProjectionItem& item : p.items)
    if (!HasAggregateCall(*item.expr)) keys.push_back(item.expr.get());
  std::function<Status(const Expr&, const ProjectionItem&)> walk = [&](const Expr& e,
                                                                       const ProjectionItem& item) -> Status {
    if (IsAggregateCall(e)) return Status::OK();
    if (e.kind == Expr::Kind::kVariable || e.kind == Expr::Kind::kProperty) {
      for (const Expr* k : keys)
        if (SameExpr(*k, e)) return Status::OK();
      if (e.kind == Expr::Kind::kVariable)
        return Status::InvalidArgument("'" + item.alias + "' mixes an aggregate with `" + e.name + "` (" + Where(e) +
                                       "), which is not a grouping key: project it too (ambiguous aggregation)");
    }
    if (e.kind == Expr::Kind::kListComprehension || e.kind == Expr::Kind::kPatternComprehension)
      return Status::OK();  // binds variables of its own
    for (const auto& a : e.args)
      if (a) NG_RETURN_IF_ERROR(walk(*a, item));
    return e.else_expr ? walk(*e.else_expr, item) : Status::OK();
  };
  for (const ProjectionItem& item : p.items)
    if (HasAggregateCall(*item.expr)) NG_RETURN_IF_ERROR(walk(*item.expr, item));
  return Status::OK();
}

bool HasAggregateCall(const Expr& e) {
  if (IsAggregateCall(e)) return true;
  for (const auto& a : e.args)
    if (a && HasAggregateCall(*a)) return true;
  return e.else_expr && HasAggregateCall(*e.else_expr);
}

void ReplaceProjected(std::unique_ptr<Expr>* e, const Projection& p, bool whole) {
  Expr& x = **e;
  if (whole || IsAggregateCall(x) || x.kind == Expr::Kind::kVariable || x.kind == Expr::Kind::kProperty) {
    for (const ProjectionItem& item : p.items) {
      if (!SameExpr(*item.expr, x)) continue;
      auto column = std::make_unique<Expr>();
      column->kind = Expr::Kind::kVariable;
      column->name = item.alias;
      column->line = x.line;
      column->column = x.column;
      *e = std::move(column);
      return;
    }
  }
  if (x.kind == Expr::Kind::kListComprehension || x.kind == Expr::Kind::kPatternComprehension) return;
  for (auto& a : x.args)
    if (a) ReplaceProjected(&a, p, false);
  if (x.else_expr) ReplaceProjected(&x.else_expr, p, false);
}

}  // namespace newsgraph
