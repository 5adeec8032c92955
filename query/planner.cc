#include "query/planner.h"

#include <map>
#include <set>
#include <string>

#include "base/ascii.h"
#include "query/functions.h"
#include "query/value.h"

namespace newsgraph {


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

// ---- counted tails

// Adds the variable names `e` mentions to *names, over-approximating: the
// variables of nested patterns and comprehensions count too.
void Mentions(const Expr& e, std::set<std::string>* names) {
  if (e.kind == Expr::Kind::kVariable || e.kind == Expr::Kind::kListComprehension) names->insert(e.name);
  if (e.pattern) {
    for (const NodePattern& n : e.pattern->nodes) {
      names->insert(n.variable);
      for (const auto& entry : n.properties.entries) Mentions(*entry.second, names);
    }
    for (const RelPattern& r : e.pattern->rels) {
      names->insert(r.variable);
      for (const auto& entry : r.properties.entries) Mentions(*entry.second, names);
    }
  }
  for (const auto& a : e.args)
    if (a) Mentions(*a, names);
  if (e.else_expr) Mentions(*e.else_expr, names);
}

bool MentionsAny(const Expr& e, const std::set<std::string>& names) {
  std::set<std::string> seen;
  Mentions(e, &seen);
  for (const std::string& n : names)
    if (seen.count(n)) return true;
  return false;
}

void SplitConjuncts(std::unique_ptr<Expr> e, std::vector<std::unique_ptr<Expr>>* out) {
  if (e->kind == Expr::Kind::kBinary && e->op == "AND") {
    SplitConjuncts(std::move(e->args[0]), out);
    SplitConjuncts(std::move(e->args[1]), out);
  } else {
    out->push_back(std::move(e));
  }
}

std::unique_ptr<Expr> JoinConjuncts(std::vector<std::unique_ptr<Expr>> parts) {
  std::unique_ptr<Expr> all;
  for (auto& part : parts) {
    if (!all) {
      all = std::move(part);
      continue;
    }
    auto both = std::make_unique<Expr>();
    both->kind = Expr::Kind::kBinary;
    both->op = "AND";
    both->line = all->line;
    both->column = all->column;
    both->args.push_back(std::move(all));
    both->args.push_back(std::move(part));
    all = std::move(both);
  }
  return all;
}

// Whether `e` is `rel.key op constant` or `constant op rel.key`; if so, sets
// f's key and op (as if the property were on the left) and *constant_side.
bool IsEdgeFilter(const Expr& e, const std::string& rel, EdgeFilter* f, int* constant_side) {
  CompareOp op;
  if (e.kind != Expr::Kind::kBinary || !ParseCompareOp(e.op, &op)) return false;
  for (int side = 0; side < 2; ++side) {
    const Expr& prop = *e.args[side];
    const Expr& other = *e.args[1 - side];
    if (prop.kind != Expr::Kind::kProperty || prop.args[0]->kind != Expr::Kind::kVariable ||
        prop.args[0]->name != rel || (other.kind != Expr::Kind::kLiteral && other.kind != Expr::Kind::kParam))
      continue;
    // 5 < r.w is r.w > 5.
    static const CompareOp kFlipped[] = {CompareOp::kEq, CompareOp::kNe, CompareOp::kGt,
                                         CompareOp::kGe, CompareOp::kLt, CompareOp::kLe};
    f->key = prop.name;
    f->line = prop.line;
    f->column = prop.column;
    f->op = side == 0 ? op : kFlipped[static_cast<int>(op)];
    *constant_side = 1 - side;
    return true;
  }
  return false;
}

// Replaces each count(*) in `e` by sum(variable).
void CountStarToSum(Expr* e) {
  if (e->kind == Expr::Kind::kCountStar) {
    e->kind = Expr::Kind::kFunction;
    e->name = "sum";
    auto v = std::make_unique<Expr>();
    v->kind = Expr::Kind::kRowCount;
    v->line = e->line;
    v->column = e->column;
    e->args.clear();
    e->args.push_back(std::move(v));
    return;
  }
  for (auto& a : e->args)
    if (a) CountStarToSum(a.get());
}

// Every variable name the clauses declare or mention (over-approximated).
void ClauseNames(const std::vector<Clause>& clauses, size_t end, std::set<std::string>* names) {
  for (size_t i = 0; i < end; ++i) {
    const Clause& c = clauses[i];
    for (const PathPattern& p : c.patterns) {
      names->insert(p.variable);
      for (const NodePattern& n : p.nodes) names->insert(n.variable);
      for (const RelPattern& r : p.rels) names->insert(r.variable);
    }
    for (const ProjectionItem& item : c.projection.items) {
      names->insert(item.alias);
      Mentions(*item.expr, names);
    }
    names->insert(c.alias);
    for (const YieldItem& y : c.call.yields) names->insert(y.variable);
  }
}

// Whether the last step of match's pattern can be counted: see planner.h.
// `before`: the names of the clauses before it.
void CountTail(Clause* match, Clause* projection, const std::set<std::string>& before) {
  if (match->kind != Clause::Kind::kMatch || match->optional || match->patterns.size() != 1) return;
  PathPattern& p = match->patterns[0];
  if (p.shortest != PathPattern::Shortest::kNone || !p.variable.empty() || p.distinct_endpoints || p.rels.empty())
    return;
  RelPattern& tail_rel = p.rels.back();
  const NodePattern& tail_node = p.nodes.back();
  if (tail_rel.variable_length || !tail_rel.properties.entries.empty() || !tail_node.labels.empty() ||
      !tail_node.properties.entries.empty())
    return;
  const Projection& out = projection->projection;
  if ((projection->kind != Clause::Kind::kReturn && projection->kind != Clause::Kind::kWith) || out.star ||
      out.items.empty())
    return;
  for (const ProjectionItem& item : out.items)
    if (item.expr->kind != Expr::Kind::kCountStar) return;
  std::set<std::string> tail;
  for (const std::string& v : {tail_rel.variable, tail_node.variable})
    if (!v.empty()) tail.insert(v);
  // The tail's variables are used nowhere else in the pattern ...
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    const NodePattern& n = p.nodes[i];
    if (i + 1 < p.nodes.size() && tail.count(n.variable)) return;
    for (const auto& entry : n.properties.entries)
      if (MentionsAny(*entry.second, tail)) return;
  }
  for (size_t i = 0; i + 1 < p.rels.size(); ++i) {
    if (tail.count(p.rels[i].variable)) return;
    for (const auto& entry : p.rels[i].properties.entries)
      if (MentionsAny(*entry.second, tail)) return;
  }
  // ... nor in the projection's ORDER BY or WHERE ...
  for (const SortItem& s : out.order)
    if (MentionsAny(*s.expr, tail)) return;
  if (out.where && MentionsAny(*out.where, tail)) return;
  // ... and WHERE uses them only as `rel.key op constant`.
  if (match->where) {
    std::vector<std::unique_ptr<Expr>> parts, kept;
    SplitConjuncts(std::move(match->where), &parts);
    std::vector<std::pair<EdgeFilter, int>> filters;  // with the side of the constant, per part; side -1: kept
    bool ok = true;
    for (auto& part : parts) {
      auto& [f, constant_side] = filters.emplace_back(EdgeFilter(), -1);
      if (MentionsAny(*part, tail) &&
          (tail_rel.variable.empty() || !IsEdgeFilter(*part, tail_rel.variable, &f, &constant_side)))
        ok = false;
    }
    for (size_t i = 0; i < parts.size(); ++i) {
      auto& [f, constant_side] = filters[i];
      if (!ok || constant_side < 0) {  // a part that stays; all stay unless every tail condition moves
        kept.push_back(std::move(parts[i]));
        continue;
      }
      f.operand = std::move(parts[i]->args[constant_side]);
      tail_rel.filters.push_back(std::move(f));
    }
    match->where = JoinConjuncts(std::move(kept));
    if (!ok) return;
  }
  p.count_tail = true;
  // The pattern's other variables that nothing mentions need no binding:
  // the rows only count.
  std::set<std::string> mentioned = before;
  if (match->where) Mentions(*match->where, &mentioned);
  for (const NodePattern& n : p.nodes)
    for (const auto& entry : n.properties.entries) Mentions(*entry.second, &mentioned);
  for (const RelPattern& r : p.rels)
    for (const auto& entry : r.properties.entries) Mentions(*entry.second, &mentioned);
  std::map<std::string, int> uses;
  for (const NodePattern& n : p.nodes) ++uses[n.variable];
  for (const RelPattern& r : p.rels) ++uses[r.variable];
  auto unreferenced = [&](const std::string& v) { return !v.empty() && uses[v] == 1 && !mentioned.count(v); };
  for (NodePattern& n : p.nodes) n.unreferenced = unreferenced(n.variable);
  for (RelPattern& r : p.rels) r.unreferenced = unreferenced(r.variable) && r.filters.empty();
  match->counts_rows = true;
  for (ProjectionItem& item : projection->projection.items) CountStarToSum(item.expr.get());
  for (SortItem& s : projection->projection.order) CountStarToSum(s.expr.get());
}

// ---- edge filters

// Moves the `r.key op constant` conjuncts of a MATCH's WHERE into r's
// filters: see planner.h.
void PushEdgeFilters(Clause* match) {
  if (match->kind != Clause::Kind::kMatch || !match->where) return;
  std::map<std::string, int> uses;  // each variable's positions in the patterns
  std::map<std::string, RelPattern*> rels;
  for (PathPattern& p : match->patterns) {
    ++uses[p.variable];
    for (const NodePattern& n : p.nodes) ++uses[n.variable];
    for (RelPattern& r : p.rels) {
      ++uses[r.variable];
      bool plain = p.shortest == PathPattern::Shortest::kNone && !p.distinct_endpoints && !r.variable_length;
      if (plain && !r.variable.empty()) rels[r.variable] = &r;
    }
  }
  std::vector<std::unique_ptr<Expr>> parts, kept;
  SplitConjuncts(std::move(match->where), &parts);
  for (auto& part : parts) {
    EdgeFilter f;
    int constant_side = -1;
    RelPattern* target = nullptr;
    for (auto& [name, r] : rels)
      if (uses[name] == 1 && IsEdgeFilter(*part, name, &f, &constant_side)) target = r;
    if (!target) {
      kept.push_back(std::move(part));
      continue;
    }
    f.operand = std::move(part->args[constant_side]);
    target->filters.push_back(std::move(f));
  }
  match->where = JoinConjuncts(std::move(kept));
}

// ---- node seeks

// The AND-ed parts of `e`, left to right.
void Conjuncts(const Expr& e, std::vector<const Expr*>* out) {
  if (e.kind == Expr::Kind::kBinary && e.op == "AND") {
    Conjuncts(*e.args[0], out);
    Conjuncts(*e.args[1], out);
  } else {
    out->push_back(&e);
  }
}

// Records on each node pattern of a MATCH the conjuncts of its WHERE that
// compare one of its properties: see planner.h.
void FindNodeSeeks(Clause* match) {
  if (match->kind != Clause::Kind::kMatch || !match->where) return;
  std::vector<const Expr*> parts;
  Conjuncts(*match->where, &parts);
  // x op n.key is n.key op' x.
  static const NodeSeek::Op kOps[] = {NodeSeek::Op::kEq, NodeSeek::Op::kEq, NodeSeek::Op::kLt,
                                      NodeSeek::Op::kLe, NodeSeek::Op::kGt, NodeSeek::Op::kGe};
  static const NodeSeek::Op kFlipped[] = {NodeSeek::Op::kEq, NodeSeek::Op::kEq, NodeSeek::Op::kGt,
                                          NodeSeek::Op::kGe, NodeSeek::Op::kLt, NodeSeek::Op::kLe};
  for (const Expr* part : parts) {
    if (part->kind != Expr::Kind::kBinary) continue;
    CompareOp op;
    bool compare = ParseCompareOp(part->op, &op) && op != CompareOp::kNe;
    if (!compare && part->op != "STARTS WITH") continue;
    for (int side = 0; side < (compare ? 2 : 1); ++side) {
      const Expr& prop = *part->args[side];
      if (prop.kind != Expr::Kind::kProperty || prop.args[0]->kind != Expr::Kind::kVariable) continue;
      NodeSeek seek{prop.name, NodeSeek::Op::kStartsWith, part->args[1 - side].get()};
      if (compare) seek.op = (side == 0 ? kOps : kFlipped)[static_cast<int>(op)];
      for (PathPattern& p : match->patterns)
        for (NodePattern& n : p.nodes)
          if (n.variable == prop.args[0]->name) n.seeks.push_back(seek);
    }
  }
}

void CountTails(std::vector<Clause>& clauses) {
  for (size_t i = 0; i + 1 < clauses.size(); ++i) {
    std::set<std::string> before;
    ClauseNames(clauses, i, &before);
    CountTail(&clauses[i], &clauses[i + 1], before);
  }
}

}  // namespace

void PlanQuery(Query* query) {
  auto plan = [](std::vector<Clause>& clauses) {
    MarkClauses(clauses);
    for (Clause& c : clauses) PushEdgeFilters(&c);
    CountTails(clauses);
    for (Clause& c : clauses) FindNodeSeeks(&c);  // last: the WHERE's parts stay where they are from here on
  };
  plan(query->clauses);
  for (auto& part : query->unions) plan(part.second);
}

}  // namespace newsgraph
