// The binder (bind.h): scopes, slots, functions and every semantic check,
// clause by clause, before anything runs.

#include "query/bind.h"

#include <algorithm>
#include <functional>
#include <set>

#include "base/ascii.h"
#include "base/spelling.h"
#include "query/executor.h"
#include "query/procedures.h"

namespace newsgraph {

std::string StoredNameProblem(const std::string& name, bool key) {
  if (name.empty()) return "is empty";
  if (key && name.find(':') != std::string::npos) return "holds ':'";
  return "";
}

Status TypeError(const Expr& at, const std::string& message) {
  return Status::InvalidArgument("type error at " + Where(at) + ": " + message);
}

namespace {

bool IsAggregateCall(const Expr& e) {
  return e.kind == Expr::Kind::kCountStar || (e.kind == Expr::Kind::kFunction && IsAggregateName(e.name));
}

// The first aggregate call in `e`, or null.
const Expr* FirstAggregate(const Expr* e) {
  if (!e) return nullptr;
  if (IsAggregateCall(*e)) return e;
  for (const auto& a : e->args)
    if (const Expr* found = FirstAggregate(a.get())) return found;
  return FirstAggregate(e->else_expr.get());
}

VarKind KindOfVariable(const Expr& e, const Scope& scope) {
  return e.kind == Expr::Kind::kVariable && e.slot >= 0 ? scope.kinds[e.slot] : VarKind::kUnknown;
}

// What a projected expression is, as far as is known before running.
VarKind KindOf(const Expr& e, const Scope& scope) {
  switch (e.kind) {
    case Expr::Kind::kVariable: return e.slot >= 0 ? scope.kinds[e.slot] : VarKind::kUnknown;
    case Expr::Kind::kLiteral: return e.value.is_null() ? VarKind::kUnknown : VarKind::kValue;
    case Expr::Kind::kList:
    case Expr::Kind::kMap:
    case Expr::Kind::kListComprehension:
    case Expr::Kind::kPatternComprehension: return VarKind::kValue;
    default: return VarKind::kUnknown;
  }
}

// Marks aggregate calls in `e` with their index in `out`; nested aggregates
// are an error.
Status CollectAggregates(Expr* e, std::vector<const Expr*>* out, bool inside) {
  if (!e) return Status::OK();
  bool is_agg = IsAggregateCall(*e);
  if (e->kind == Expr::Kind::kFunction && inside && EqualsIgnoreCase(e->name, "rand"))
    return Status::InvalidArgument("an aggregate cannot take rand(): its result would not be defined (" + Where(*e) + ")");
  if (is_agg) {
    if (inside) return Status::InvalidArgument("an aggregate cannot contain another (" + Where(*e) + ")");
    e->aggregate = static_cast<int>(out->size());
    out->push_back(e);
  }
  for (auto& a : e->args) NG_RETURN_IF_ERROR(CollectAggregates(a.get(), out, inside || is_agg));
  return CollectAggregates(e->else_expr.get(), out, inside || is_agg);
}

bool HasAggregate(const Expr& e) {
  if (e.aggregate >= 0) return true;
  for (const auto& a : e.args)
    if (a && HasAggregate(*a)) return true;
  return e.else_expr && HasAggregate(*e.else_expr);
}

std::string At(int line, int column) {
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// "; did you mean length()?" when a candidate is near `word`, else "".
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates, const char* suffix = "") {
  std::string near = NearestWord(word, candidates);
  return near.empty() ? "" : "; did you mean " + near + suffix + "?";
}

template <typename Pattern>
Status Already(const Pattern& at) {
  return Status::InvalidArgument("variable `" + at.variable + "` is already declared (" + At(at.line, at.column) +
                                 "); a pattern can only add labels or properties to a new variable");
}

// InvalidArgument when `name`, a `what` ("label", "relationship type",
// "property key") written at line:column, cannot be stored.
Status CheckStoredName(const std::string& name, const char* what, int line, int column) {
  std::string problem = StoredNameProblem(name, std::string(what) == "property key");
  if (problem.empty()) return Status::OK();
  return Status::InvalidArgument(std::string("a ") + what + " that " + problem + " cannot be stored: `" + name + "` (" +
                                 At(line, column) + ")");
}

// The labels, types and property keys a CREATE or MERGE pattern would store.
Status CheckStoredNames(const PathPattern& p) {
  for (const NodePattern& n : p.nodes) {
    for (const std::string& l : n.labels) NG_RETURN_IF_ERROR(CheckStoredName(l, "label", n.line, n.column));
    for (const auto& [key, e] : n.properties.entries)
      NG_RETURN_IF_ERROR(CheckStoredName(key, "property key", e->line, e->column));
  }
  for (const RelPattern& r : p.rels) {
    for (const std::string& t : r.types) NG_RETURN_IF_ERROR(CheckStoredName(t, "relationship type", r.line, r.column));
    for (const auto& [key, e] : r.properties.entries)
      NG_RETURN_IF_ERROR(CheckStoredName(key, "property key", e->line, e->column));
  }
  return Status::OK();
}

class Binder {
 public:
  Status BindClauses(std::vector<Clause>& clauses, BoundPart* part);

 private:
  Status Bind(Expr* e, Scope* scope);
  Status BindPatterns(std::vector<PathPattern>* patterns, Scope* scope, bool props_see_pattern = false);
  Status BindPattern(PathPattern* pattern, Scope* scope);
  Status BindSetItems(std::vector<SetItem>& items, Scope* scope, bool stores = true);  // stores: SET, not REMOVE
  Status BindProjection(Projection& p, bool is_return, Scope* scope, BoundProjection* b);
  Status BindCount(Expr* e);
  Status CheckCreatable(const PathPattern& p, size_t bound_before, bool merge);
  Status BindCreate(Clause& c, Scope* scope);
  Status BindMerge(Clause& c, Scope* scope);
  Status BindDelete(Clause& c, Scope* scope);
  Status BindCall(Clause& c, bool standalone, Scope* scope);

  bool aggregates_allowed_ = false;  // inside a projection item or sort key
};

Status Binder::Bind(Expr* e, Scope* scope) {
  if (!e) return Status::OK();
  switch (e->kind) {
    case Expr::Kind::kVariable: {
      e->slot = scope->Find(e->name);
      if (e->slot < 0) return Status::InvalidArgument("variable `" + e->name + "` not defined (" + Where(*e) + ")");
      return Status::OK();
    }
    case Expr::Kind::kRowCount:
      e->slot = scope->row_count_slot;
      if (e->slot < 0) return Status::Internal("a row count without a counted MATCH (" + Where(*e) + ")");
      return Status::OK();
    case Expr::Kind::kCountStar:
      if (!aggregates_allowed_)
        return Status::InvalidArgument("count(*) is only allowed in WITH and RETURN (" + Where(*e) + ")");
      return Status::OK();
    case Expr::Kind::kPatternComprehension: {
      // New variables of the pattern live only inside the comprehension.
      size_t before = scope->size();
      NG_RETURN_IF_ERROR(BindPattern(e->pattern.get(), scope));
      for (const auto& a : e->args)
        if (a && HasAggregateCall(*a))
          return Status::InvalidArgument("a pattern comprehension cannot use an aggregate (" + Where(*e) + ")");
      NG_RETURN_IF_ERROR(Bind(e->args[0].get(), scope));
      NG_RETURN_IF_ERROR(Bind(e->args[1].get(), scope));
      for (size_t i = before; i < scope->size(); ++i) scope->hidden[i] = true;
      return Status::OK();
    }
    case Expr::Kind::kListComprehension: {
      for (size_t i = 1; i < e->args.size(); ++i)
        if (e->args[i] && HasAggregateCall(*e->args[i]))
          return Status::InvalidArgument("a list comprehension cannot use an aggregate (" + Where(*e) + ")");
      NG_RETURN_IF_ERROR(Bind(e->args[0].get(), scope));
      e->slot = scope->Add(e->name);
      NG_RETURN_IF_ERROR(Bind(e->args[1].get(), scope));
      NG_RETURN_IF_ERROR(Bind(e->args[2].get(), scope));
      scope->hidden[e->slot] = true;  // out of scope again; the slot stays allocated
      return Status::OK();
    }
    case Expr::Kind::kPattern: {
      // Variables of a pattern predicate must exist already; anonymous parts get scratch slots.
      std::vector<std::string> names;
      for (NodePattern& n : e->pattern->nodes) names.push_back(n.variable);
      for (RelPattern& r : e->pattern->rels) names.push_back(r.variable);
      for (const std::string& name : names)
        if (!name.empty() && scope->Find(name) < 0)
          return Status::InvalidArgument("variable `" + name + "` in a pattern predicate is not defined (" +
                                         Where(*e) + ")");
      return BindPattern(e->pattern.get(), scope);
    }
    case Expr::Kind::kFunction: {
      const FunctionDef* f = FindFunction(e->name);
      if (!f) return Status::InvalidArgument("unknown function '" + e->name + "' (" + Where(*e) + ")" +
                                             DidYouMean(e->name, FunctionNames(), "()"));
      e->function = f;
      int n = static_cast<int>(e->args.size());
      if (n < f->min_args || (f->max_args >= 0 && n > f->max_args)) {
        std::string want = f->max_args < 0 ? "at least " + std::to_string(f->min_args)
                           : f->min_args == f->max_args ? std::to_string(f->min_args)
                                                        : std::to_string(f->min_args) + " or " + std::to_string(f->max_args);
        return Status::InvalidArgument(e->name + "() takes " + want + " argument" +
                                       (want == "1" ? "" : "s") + ", got " + std::to_string(n) + " (" + Where(*e) + ")");
      }
      if (f->aggregate() && !aggregates_allowed_)
        return Status::InvalidArgument("aggregate " + e->name + "() is only allowed in WITH and RETURN (" + Where(*e) +
                                       ")");
      for (auto& a : e->args) {
        // A pattern is a predicate: exists((a)-->()) takes one; elsewhere a
        // pattern comprehension is what gives a list.
        if (a && a->kind == Expr::Kind::kPattern && !EqualsIgnoreCase(e->name, "exists"))
          return TypeError(*a, e->name + "() cannot take a pattern; write [(a)-->(b) | b] for a list, or exists(...)");
        NG_RETURN_IF_ERROR(Bind(a.get(), scope));
      }
      if (f->refuse_first && !e->args.empty()) {
        const Expr& a = *e->args[0];
        VarKind k = a.kind == Expr::Kind::kPattern ? VarKind::kPath : KindOfVariable(a, *scope);
        if (f->refuse_first & (1u << static_cast<unsigned>(k)))
          return TypeError(*e, e->name + "() of " + f->refuse_text);
      }
      return Status::OK();
    }
    case Expr::Kind::kProperty: {
      NG_RETURN_IF_ERROR(Bind(e->args[0].get(), scope));
      VarKind k = KindOfVariable(*e->args[0], *scope);
      if (k == VarKind::kPath || k == VarKind::kRelList)
        return TypeError(*e, "property '" + e->name + "' of a path or a list of relationships");
      return Status::OK();
    }
    default: break;
  }
  for (auto& a : e->args) NG_RETURN_IF_ERROR(Bind(a.get(), scope));
  return Bind(e->else_expr.get(), scope);
}

Status Binder::BindPattern(PathPattern* pattern, Scope* scope) {
  std::vector<PathPattern> one;  // BindPatterns takes a clause's list; borrow the pattern
  one.push_back(std::move(*pattern));
  Status s = BindPatterns(&one, scope);
  *pattern = std::move(one[0]);
  return s;
}

Status Binder::BindPatterns(std::vector<PathPattern>* patterns, Scope* scope, bool props_see_pattern) {
  auto bind_properties = [&]() -> Status {
    for (PathPattern& p : *patterns) {
      for (NodePattern& n : p.nodes)
        for (auto& [key, e] : n.properties.entries) NG_RETURN_IF_ERROR(Bind(e.get(), scope));
      for (RelPattern& r : p.rels)
        for (auto& [key, e] : r.properties.entries) NG_RETURN_IF_ERROR(Bind(e.get(), scope));
    }
    return Status::OK();
  };
  if (!props_see_pattern) NG_RETURN_IF_ERROR(bind_properties());
  static const char* kKindNames[] = {"a value", "a node", "a relationship", "a list of relationships", "a path",
                                     "a value"};
  std::vector<std::string> rels_here;  // relationship variables of this clause
  auto slot_for = [&](const std::string& name, int* slot, VarKind kind, int line, int column) -> Status {
    if (name.empty()) return Status::OK();
    std::string where = " (" + At(line, column) + ")";
    *slot = scope->Find(name);
    if (*slot < 0) {
      *slot = scope->Add(name, kind);
      return Status::OK();
    }
    VarKind& have = scope->kinds[*slot];
    if (kind == VarKind::kPath)
      return Status::InvalidArgument("variable `" + name + "` is already declared; a path needs a new variable" + where);
    if (have == VarKind::kUnknown) return Status::OK();
    if (have == VarKind::kValue && kind == VarKind::kRelList) return Status::OK();  // a list of relationships
    if (have != kind)
      return Status::InvalidArgument("variable `" + name + "` is " + kKindNames[static_cast<int>(have)] + ", not " +
                                     kKindNames[static_cast<int>(kind)] + where);
    return Status::OK();
  };
  for (PathPattern& p : *patterns) {
    for (NodePattern& n : p.nodes)
      NG_RETURN_IF_ERROR(slot_for(n.unreferenced ? "" : n.variable, &n.slot, VarKind::kNode, n.line, n.column));
    for (RelPattern& r : p.rels) {
      NG_RETURN_IF_ERROR(slot_for(r.unreferenced ? "" : r.variable, &r.slot,
                                  r.variable_length ? VarKind::kRelList : VarKind::kRel, r.line, r.column));
      if (r.variable.empty()) continue;
      if (std::find(rels_here.begin(), rels_here.end(), r.variable) != rels_here.end())
        return Status::InvalidArgument("relationship variable `" + r.variable +
                                       "` is used twice in one pattern: a relationship can only be matched once (" +
                                       At(r.line, r.column) + ")");
      rels_here.push_back(r.variable);
    }
    NG_RETURN_IF_ERROR(slot_for(p.variable, &p.slot, VarKind::kPath, p.line, p.column));
  }
  return props_see_pattern ? bind_properties() : Status::OK();
}

Status Binder::BindSetItems(std::vector<SetItem>& items, Scope* scope, bool stores) {
  for (SetItem& item : items) {
    if (item.value && item.value->kind == Expr::Kind::kPattern)
      return Status::InvalidArgument("SET cannot store a pattern (" + Where(*item.value) + ")");
    NG_RETURN_IF_ERROR(Bind(item.target.get(), scope));
    NG_RETURN_IF_ERROR(Bind(item.value.get(), scope));
    if (!stores) continue;
    const Expr& at = *item.target;
    for (const std::string& l : item.labels) NG_RETURN_IF_ERROR(CheckStoredName(l, "label", at.line, at.column));
    if (item.kind == SetItem::Kind::kProperty)
      NG_RETURN_IF_ERROR(CheckStoredName(at.name, "property key", at.line, at.column));
    if (item.value && item.value->kind == Expr::Kind::kMap)  // SET n = {...}, n += {...}
      for (size_t i = 0; i < item.value->keys.size(); ++i)
        NG_RETURN_IF_ERROR(CheckStoredName(item.value->keys[i], "property key", item.value->args[i]->line,
                                           item.value->args[i]->column));
  }
  return Status::OK();
}

// SKIP and LIMIT see no variables.
Status Binder::BindCount(Expr* e) {
  Scope empty;
  return Bind(e, &empty);
}

Status Binder::BindProjection(Projection& p, bool is_return, Scope* scope, BoundProjection* b) {
  // RETURN * / WITH *: every named variable, by name.
  bool star = p.star;  // WITH * over no named variables keeps the rows, with no columns
  if (p.star) {
    std::vector<std::string> names;
    for (size_t i = 0; i < scope->size(); ++i) {
      const std::string& n = scope->names[i];
      if (!n.empty() && !scope->hidden[i] && std::find(names.begin(), names.end(), n) == names.end())
        names.push_back(n);
    }
    std::sort(names.begin(), names.end());
    std::vector<ProjectionItem> items;
    for (const std::string& n : names) {
      ProjectionItem item;
      item.expr = std::make_unique<Expr>();
      item.expr->kind = Expr::Kind::kVariable;
      item.expr->name = n;
      item.alias = n;
      items.push_back(std::move(item));
    }
    for (ProjectionItem& item : p.items) items.push_back(std::move(item));
    p.items = std::move(items);
    p.star = false;
  }
  if (p.items.empty() && !(star && !is_return)) return Status::InvalidArgument("RETURN/WITH has no items");
  std::vector<const Expr*>& aggs = b->aggregates;
  for (ProjectionItem& item : p.items) {
    if (item.expr->kind == Expr::Kind::kPattern)
      return Status::InvalidArgument("a pattern cannot be projected ('" + item.alias + "', " + Where(*item.expr) +
                                     "); use it in WHERE, or exists()");
    aggregates_allowed_ = true;
    Status s = Bind(item.expr.get(), scope);
    aggregates_allowed_ = false;
    NG_RETURN_IF_ERROR(s);
    NG_RETURN_IF_ERROR(CollectAggregates(item.expr.get(), &aggs, false));
    if (!is_return && !item.explicit_alias && item.expr->kind != Expr::Kind::kVariable)
      return Status::InvalidArgument("WITH needs an alias for '" + item.alias + "' (" + Where(*item.expr) +
                                     "; write: " + item.alias + " AS name)");
  }
  if (!aggs.empty()) NG_RETURN_IF_ERROR(CheckGroupingKeys(p));
  for (size_t i = 0; i < p.items.size(); ++i)
    for (size_t j = i + 1; j < p.items.size(); ++j)
      if (p.items[i].alias == p.items[j].alias)
        return Status::InvalidArgument("column name '" + p.items[i].alias + "' is used twice (" +
                                       Where(*p.items[j].expr) + "); give one an alias");
  b->in_width = scope->size();  // binding may add slots (comprehension variables)
  size_t n = p.items.size();
  Scope old_scope = *scope;
  b->grouping = !aggs.empty();
  if (b->grouping)
    for (size_t k = 0; k < n; ++k)
      if (!HasAggregate(*p.items[k].expr)) b->key_items.push_back(k);

  // ORDER BY sees the projected names and, without grouping or DISTINCT,
  // the variables before the projection too (an alias hides the variable it renames).
  Scope out_scope;
  for (const ProjectionItem& item : p.items) out_scope.Add(item.alias, KindOf(*item.expr, old_scope));
  auto with_input = [&](Scope s) {
    for (size_t i = 0; i < old_scope.size(); ++i)
      s.Add(old_scope.names[i], old_scope.kinds[i], old_scope.hidden[i] || out_scope.Find(old_scope.names[i]) >= 0);
    return s;
  };
  bool sort_sees_old = !b->grouping && !p.distinct;
  Scope sort_scope = sort_sees_old ? with_input(out_scope) : out_scope;
  b->keep_input = sort_sees_old && (!p.order.empty() || p.where);
  b->sort_column.assign(p.order.size(), -1);
  for (size_t i = 0; i < p.order.size(); ++i) {
    for (size_t k = 0; k < n; ++k)
      if (p.items[k].alias == p.order[i].text) b->sort_column[i] = static_cast<int>(k);
    if (b->sort_column[i] >= 0) continue;
    if (!sort_sees_old) ReplaceProjected(&p.order[i].expr, p, /*whole=*/true);
    aggregates_allowed_ = true;
    Status s = Bind(p.order[i].expr.get(), &sort_scope);
    aggregates_allowed_ = false;
    if (!s.ok() && !sort_sees_old && s.code() == Status::Code::kInvalidArgument)
      return Status::InvalidArgument(s.message() + "; after an aggregation or DISTINCT, ORDER BY can use only the returned columns");
    NG_RETURN_IF_ERROR(s);
    std::vector<const Expr*> sort_aggs;
    NG_RETURN_IF_ERROR(CollectAggregates(p.order[i].expr.get(), &sort_aggs, false));
    if (!sort_aggs.empty())
      return Status::InvalidArgument("ORDER BY '" + p.order[i].text + "' uses an aggregate that is not returned (" +
                                     Where(*sort_aggs[0]) + "); return it with an alias and order by the alias");
  }
  b->sort_width = sort_scope.size();
  NG_RETURN_IF_ERROR(BindCount(p.skip.get()));
  NG_RETURN_IF_ERROR(BindCount(p.limit.get()));
  // WITH DISTINCT ... WHERE may use the variables before the projection
  // too: it filters the rows before they are made distinct. Otherwise WHERE
  // sees, like ORDER BY, the variables before the projection too, unless
  // the projection grouped or was DISTINCT.
  b->where_first = !b->grouping && p.distinct && p.where;
  if (p.where) {
    Scope where_scope = b->where_first ? with_input(out_scope) : (b->keep_input ? sort_scope : out_scope);
    NG_RETURN_IF_ERROR(Bind(p.where.get(), &where_scope));
    b->where_width = where_scope.size();
  }
  for (size_t i = 0; i < out_scope.size(); ++i) {
    b->columns.push_back(out_scope.names[i]);
    b->column_kinds.push_back(out_scope.kinds[i]);
  }
  *scope = std::move(out_scope);
  return Status::OK();
}

Status Binder::CheckCreatable(const PathPattern& p, size_t bound_before, bool merge) {
  const std::string what = merge ? "MERGE" : "CREATE";
  for (const RelPattern& r : p.rels) {
    std::string where = " (" + At(r.line, r.column) + ")";
    if (r.types.size() != 1)
      return Status::InvalidArgument(what + " needs exactly one type for each relationship, as in -[:TYPE]->" + where);
    if (r.variable_length) return Status::InvalidArgument(what + " cannot create a variable-length relationship" + where);
    if (!merge && r.direction == Direction::kBoth)
      return Status::InvalidArgument("CREATE needs a direction for each relationship: -[:TYPE]-> or <-[:TYPE]-" + where);
    if (r.slot >= 0 && static_cast<size_t>(r.slot) < bound_before)
      return Status::InvalidArgument("variable `" + r.variable + "` is already declared; " + what +
                                     " cannot reuse a relationship" + where);
  }
  if (p.shortest != PathPattern::Shortest::kNone)
    return Status::InvalidArgument(what + " cannot take shortestPath (" + At(p.line, p.column) + ")");
  return CheckStoredNames(p);
}

Status Binder::BindCreate(Clause& c, Scope* scope) {
  size_t before = scope->size();
  NG_RETURN_IF_ERROR(BindPatterns(&c.patterns, scope, /*props_see_pattern=*/true));
  // A variable may carry labels or properties only where it is introduced.
  std::set<std::string> declared;
  for (const PathPattern& p : c.patterns) {
    NG_RETURN_IF_ERROR(CheckCreatable(p, before, false));
    for (const NodePattern& n : p.nodes) {
      if (n.variable.empty()) continue;
      bool bound = static_cast<size_t>(n.slot) < before || declared.count(n.variable);
      if (bound && (!n.labels.empty() || n.properties.written || p.nodes.size() == 1)) return Already(n);
      declared.insert(n.variable);
    }
    for (const RelPattern& r : p.rels)
      if (!r.variable.empty() && !declared.insert(r.variable).second) return Already(r);
  }
  return Status::OK();
}

Status Binder::BindMerge(Clause& c, Scope* scope) {
  size_t before = scope->size();
  NG_RETURN_IF_ERROR(BindPatterns(&c.patterns, scope, /*props_see_pattern=*/true));
  const PathPattern& p = c.patterns[0];
  NG_RETURN_IF_ERROR(CheckCreatable(p, before, true));
  for (const NodePattern& n : p.nodes)
    if (!n.variable.empty() && static_cast<size_t>(n.slot) < before &&
        (!n.labels.empty() || n.properties.written || p.nodes.size() == 1))
      return Already(n);
  NG_RETURN_IF_ERROR(BindSetItems(c.on_create, scope));
  return BindSetItems(c.on_match, scope);
}

Status Binder::BindDelete(Clause& c, Scope* scope) {
  for (auto& e : c.delete_exprs) {
    NG_RETURN_IF_ERROR(Bind(e.get(), scope));
    bool value_only = e->kind == Expr::Kind::kLiteral || e->kind == Expr::Kind::kBinary ||
                      e->kind == Expr::Kind::kUnary || e->kind == Expr::Kind::kMap || e->kind == Expr::Kind::kIsNull ||
                      (e->kind == Expr::Kind::kFunction && e->name == "__hasLabels");
    if (value_only)
      return Status::InvalidArgument("DELETE takes nodes, relationships or paths, not an expression like this (" +
                                     Where(*e) + "; to remove a label use REMOVE n:Label)");
  }
  return Status::OK();
}

// CALL: the procedure's row, its arguments (count, static types), the
// YIELD variables (all outputs for a standalone CALL without YIELD) and
// the WHERE over them.
Status Binder::BindCall(Clause& c, bool standalone, Scope* scope) {
  ProcedureCallSpec& call = c.call;
  std::string where = " (" + At(call.line ? call.line : c.line, call.line ? call.column : c.column) + ")";
  const ProcedureDef* def = FindProcedure(call.name);
  if (!def)
    return Status::InvalidArgument("unknown procedure '" + call.name + "'" + where +
                                   DidYouMean(call.name, ProcedureNames(), "()"));
  call.procedure = def;
  call.standalone = standalone;
  if (call.implicit_args && !def->args.empty()) {
    if (!standalone)
      return Status::InvalidArgument("CALL " + def->name + " inside a query needs its arguments in parentheses" +
                                     where + ": " + def->Signature());
    for (const ProcedureField& a : def->args) {  // CALL p alone: the parameters named as the arguments
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::kParam;
      e->name = a.name;
      e->line = call.line;
      e->column = call.column;
      call.args.push_back(std::move(e));
    }
  }
  if (call.args.size() != def->args.size())
    return Status::InvalidArgument(def->name + "() takes " + std::to_string(def->args.size()) + " argument" +
                                   (def->args.size() == 1 ? "" : "s") + ", got " + std::to_string(call.args.size()) +
                                   where + ": " + def->Signature());
  for (size_t i = 0; i < call.args.size(); ++i) {
    Expr* a = call.args[i].get();
    if (const Expr* agg = FirstAggregate(a))
      return Status::InvalidArgument("a procedure argument cannot use an aggregate (" + Where(*agg) + ")");
    NG_RETURN_IF_ERROR(Bind(a, scope));
    if (a->kind == Expr::Kind::kLiteral && !ProcTypeAccepts(def->args[i].type, a->value))
      return TypeError(*a, "argument `" + def->args[i].name + "` of " + def->name + "() is " +
                               ProcTypeName(def->args[i].type) + ", not " + TypeName(a->value.type()));
  }
  if (call.yield_star && !standalone)
    return Status::InvalidArgument("YIELD * is only allowed in a CALL that is the whole query; name the outputs" +
                                   where + ": " + def->Signature());
  if (call.yields.empty() && !def->outputs.empty()) {
    if (!standalone)
      return Status::InvalidArgument("CALL " + def->name + "() inside a query needs YIELD to name the outputs it uses" +
                                     where + ": " + def->Signature());
    for (const ProcedureField& out : def->outputs) {
      YieldItem y;
      y.output_name = y.variable = out.name;
      y.line = call.line;
      y.column_at = call.column;
      call.yields.push_back(std::move(y));
    }
  }
  std::vector<std::string> outputs;
  for (const ProcedureField& out : def->outputs) outputs.push_back(out.name);
  for (YieldItem& y : call.yields) {
    std::string at = " (" + At(y.line, y.column_at) + ")";
    auto it = std::find(outputs.begin(), outputs.end(), y.output_name);
    if (it == outputs.end())
      return Status::InvalidArgument(def->name + "() has no output `" + y.output_name + "`" + at +
                                     DidYouMean(y.output_name, outputs) + " (" + def->Signature() + ")");
    y.output = static_cast<int>(it - outputs.begin());
    if (scope->Find(y.variable) >= 0)
      return Status::InvalidArgument("variable `" + y.variable + "` is already declared" + at +
                                     "; YIELD it AS another name");
    y.slot = scope->Add(y.variable, ProcTypeKind(def->outputs[y.output].type));
  }
  if (const Expr* agg = FirstAggregate(c.where.get()))
    return Status::InvalidArgument("WHERE cannot use an aggregate (" + Where(*agg) + ")");
  return Bind(c.where.get(), scope);
}

Status Binder::BindClauses(std::vector<Clause>& clauses, BoundPart* part) {
  part->clauses = &clauses;
  part->bindings.resize(clauses.size());
  Scope scope;
  for (size_t i = 0; i < clauses.size(); ++i) {
    Clause& c = clauses[i];
    ClauseBinding& b = part->bindings[i];
    b.before = scope.size();
    switch (c.kind) {
      case Clause::Kind::kMatch:
        NG_RETURN_IF_ERROR(BindPatterns(&c.patterns, &scope));
        if (const Expr* agg = FirstAggregate(c.where.get()))
          return Status::InvalidArgument("WHERE cannot use an aggregate (" + Where(*agg) + ")");
        NG_RETURN_IF_ERROR(Bind(c.where.get(), &scope));
        if (c.where && c.where->kind == Expr::Kind::kVariable && scope.kinds[c.where->slot] != VarKind::kUnknown &&
            scope.kinds[c.where->slot] != VarKind::kValue)
          return TypeError(*c.where, "WHERE needs a boolean, not a node, relationship or path");
        scope.row_count_slot = c.counts_rows ? scope.Add("", VarKind::kValue, /*hide=*/true) : -1;
        b.count_slot = scope.row_count_slot;
        break;
      case Clause::Kind::kWith:
      case Clause::Kind::kReturn:
        if (const Expr* agg = FirstAggregate(c.projection.where.get()))
          return Status::InvalidArgument("WHERE cannot use an aggregate (" + Where(*agg) +
                                         "); aggregate in WITH and filter on its alias");
        NG_RETURN_IF_ERROR(BindProjection(c.projection, c.kind == Clause::Kind::kReturn, &scope, &b.projection));
        if (c.kind == Clause::Kind::kReturn) part->columns = b.projection.columns;
        break;
      case Clause::Kind::kUnwind:
        NG_RETURN_IF_ERROR(Bind(c.unwind.get(), &scope));
        b.unwind_slot = scope.Add(c.alias);
        break;
      case Clause::Kind::kCreate: NG_RETURN_IF_ERROR(BindCreate(c, &scope)); break;
      case Clause::Kind::kMerge: NG_RETURN_IF_ERROR(BindMerge(c, &scope)); break;
      case Clause::Kind::kSet:
      case Clause::Kind::kRemove:
        NG_RETURN_IF_ERROR(BindSetItems(c.set_items, &scope, c.kind == Clause::Kind::kSet));
        break;
      case Clause::Kind::kDelete: NG_RETURN_IF_ERROR(BindDelete(c, &scope)); break;
      case Clause::Kind::kCall: {
        bool standalone = clauses.size() == 1;
        NG_RETURN_IF_ERROR(BindCall(c, standalone, &scope));
        if (standalone)
          for (const YieldItem& y : c.call.yields) part->columns.push_back(y.variable);
        break;
      }
    }
    b.width = scope.size();
  }
  if (clauses.size() == 1 && clauses[0].kind == Clause::Kind::kCall) return Status::OK();  // a standalone CALL
  bool ends_with_write = !clauses.empty() && clauses.back().kind >= Clause::Kind::kCreate;
  if (clauses.empty() || (clauses.back().kind != Clause::Kind::kReturn && !ends_with_write))
    return Status::InvalidArgument("a query must end with RETURN" +
                                   (clauses.empty() ? std::string() : " (" + At(clauses.back().line, clauses.back().column) + ")"));
  return Status::OK();
}

}  // namespace

Status BindQuery(Query* query, std::vector<BoundPart>* parts) {
  parts->clear();
  parts->resize(1 + query->unions.size());
  NG_RETURN_IF_ERROR(Binder().BindClauses(query->clauses, &(*parts)[0]));
  for (size_t i = 0; i < query->unions.size(); ++i) {
    NG_RETURN_IF_ERROR(Binder().BindClauses(query->unions[i].second, &(*parts)[i + 1]));
    if ((*parts)[i + 1].columns != (*parts)[0].columns)
      return Status::InvalidArgument("all parts of a UNION must return the same column names");
  }
  return Status::OK();
}

}  // namespace newsgraph
