// An aggregate over every match of one node or one relationship, answered
// from the store's counts and edge columns (graph/edge_columns.h) instead
// of matching row by row (plan.h AnswersFromColumns, pipeline_internal.h
// ColumnarGroups).
//
// The shape, checked on the bound clauses only:
//   MATCH (a[:L...])-[r[:T|...]]->(b[:L...])     one pattern, directed, not variable-length,
//        [WHERE r.weight <op> constant ...]       no other filter, a property map on one
//                                                 end at most (found by its access path),
//   RETURN|WITH keys, aggregates                  first clause of its part;
// aggregates: count(*), count(a|r|b), sum/min/max/avg(r.weight), none
// DISTINCT; keys (all of one kind, or none): type(r); r.weight; expressions
// of properties of one end node (grouped by that node; `id` and `name`
// from the node columns, graph/node_columns.h). Or MATCH (n[:L])
// [WHERE n.id/n.name <op> constant AND ...] RETURN count(*) / count(n). Without labels, filters or weight
// aggregates, counts need no scan: Graph::LabelCount, TypeCount,
// NodeCount, EdgeCount.

#include <algorithm>
#include <map>
#include <unordered_map>

#include "base/ascii.h"
#include "graph/edge_columns.h"
#include "graph/node_columns.h"
#include "query/match_internal.h"
#include "query/pipeline_internal.h"

namespace newsgraph {

namespace {

enum class GroupBy { kNone, kType, kWeight, kLeft, kRight };
enum class Agg { kCount, kSum, kMin, kMax, kAvg };

// One part of a WHERE of a node-only shape: n.key op operand, key a node
// column (graph/node_columns.h), operand a literal or parameter.
struct Conjunct {
  const std::string* key;
  const std::string* op;  // a comparison, STARTS WITH, ENDS WITH or CONTAINS
  const Expr* operand;
};

struct Shape {
  const PathPattern* p = nullptr;
  std::vector<Conjunct> where;  // node-only shapes: all must hold
  bool edge = false;
  int anchor = -1;  // the end found by its access path, not scanned (-1: none)
  GroupBy group = GroupBy::kNone;
  std::vector<Agg> aggs;  // per BoundProjection::aggregates
  bool counts_only = true;
};

bool IsVar(const Expr& e, int slot) { return e.kind == Expr::Kind::kVariable && slot >= 0 && e.slot == slot; }
bool IsWeightOf(const Expr& e, int slot) {
  return e.kind == Expr::Kind::kProperty && e.name == "weight" && e.args.size() == 1 && IsVar(*e.args[0], slot);
}
// Whether `e` reads nothing but variable `slot` (itself or its properties).
bool OnlyReads(const Expr& e, int slot) {
  if (IsVar(e, slot)) return true;
  return e.kind == Expr::Kind::kProperty && e.args.size() == 1 && OnlyReads(*e.args[0], slot);
}
bool PlainNode(const NodePattern& n) { return n.properties.entries.empty(); }
// Splits `e` into Conjuncts on variable `slot`; false when some part is not one.
bool Conjuncts(const Expr& e, int slot, std::vector<Conjunct>* out) {
  if (e.kind != Expr::Kind::kBinary) return false;
  if (e.op == "AND") return Conjuncts(*e.args[0], slot, out) && Conjuncts(*e.args[1], slot, out);
  CompareOp compare;
  bool holds;
  if (!ParseCompareOp(e.op, &compare) && !StringMatch(e.op, "", "", &holds)) return false;
  const Expr& prop = *e.args[0];
  const Expr& operand = *e.args[1];
  bool in_columns = false;
  for (const char* key : NodeColumns::kKeys) in_columns |= prop.name == key;
  if (prop.kind != Expr::Kind::kProperty || !IsVar(*prop.args[0], slot) || !in_columns ||
      (operand.kind != Expr::Kind::kLiteral && operand.kind != Expr::Kind::kParam))
    return false;
  out->push_back({&prop.name, &e.op, &operand});
  return true;
}

bool ShapeOf(const PlanStep& match, const PlanStep& proj, Shape* s) {
  const Clause& c = *match.clause;
  const ClauseBinding& mb = *match.binding;
  const BoundProjection& b = proj.binding->projection;
  if (match.op != PlanStep::Op::kMatch || mb.before != 0 || c.patterns.size() != 1) return false;
  if (!b.grouping) return false;
  const PathPattern& p = c.patterns[0];
  if (!p.variable.empty() || p.shortest != PathPattern::Shortest::kNone || p.distinct_endpoints)
    return false;
  s->p = &p;
  s->edge = p.rels.size() == 1;
  // A relationship's end with properties ({id: 7}) is found by its access
  // path (an index seek), its edges then read from the columns.
  for (size_t k = 0; k < p.nodes.size(); ++k) {
    if (PlainNode(p.nodes[k])) continue;
    if (!s->edge || s->anchor >= 0) return false;
    s->anchor = static_cast<int>(k);
  }
  int left = p.nodes[0].slot, right = s->edge ? p.nodes[1].slot : -1, rel = -1;
  if (s->edge) {
    const RelPattern& r = p.rels[0];
    if (r.variable_length || r.direction == Direction::kBoth || !r.properties.entries.empty()) return false;
    if (left >= 0 && left == right) return false;  // (a)-->(a): a self-loop test
    for (const EdgeFilter& f : r.filters)
      if (f.key != "weight") return false;
    rel = r.slot;
  } else if (p.rels.size() > 1 || p.nodes[0].labels.size() > 1) {
    return false;
  }
  if (c.where && (s->edge || !Conjuncts(*c.where, left, &s->where))) return false;
  // Every item is a grouping key or one aggregate call.
  for (size_t k = 0, ki = 0; k < proj.clause->projection.items.size(); ++k) {
    bool key = ki < b.key_items.size() && b.key_items[ki] == k;
    ki += key;
    if (!key && proj.clause->projection.items[k].expr->aggregate < 0) return false;
  }
  for (const Expr* a : b.aggregates) {
    if (a->distinct) return false;
    if (a->kind == Expr::Kind::kCountStar) {
      s->aggs.push_back(Agg::kCount);
      continue;
    }
    if (a->args.size() != 1) return false;
    const Expr& arg = *a->args[0];
    // count(*) of a counted tail (planner.h) is sum() of each row's count.
    bool tail = EqualsIgnoreCase(a->name, "sum") && arg.kind == Expr::Kind::kRowCount;
    if (tail || (EqualsIgnoreCase(a->name, "count") && (IsVar(arg, left) || IsVar(arg, right) || IsVar(arg, rel)))) {
      s->aggs.push_back(Agg::kCount);
      continue;
    }
    if (!s->edge || !IsWeightOf(arg, rel)) return false;
    s->counts_only = false;
    if (EqualsIgnoreCase(a->name, "sum")) s->aggs.push_back(Agg::kSum);
    else if (EqualsIgnoreCase(a->name, "min")) s->aggs.push_back(Agg::kMin);
    else if (EqualsIgnoreCase(a->name, "max")) s->aggs.push_back(Agg::kMax);
    else if (EqualsIgnoreCase(a->name, "avg")) s->aggs.push_back(Agg::kAvg);
    else return false;
  }
  if (b.key_items.empty()) return true;
  if (!s->edge) return false;
  auto all = [&](const std::function<bool(const Expr&)>& is) {
    for (size_t k : b.key_items)
      if (!is(*proj.clause->projection.items[k].expr)) return false;
    return true;
  };
  if (all([&](const Expr& e) {
        return e.kind == Expr::Kind::kFunction && EqualsIgnoreCase(e.name, "type") && e.args.size() == 1 &&
               IsVar(*e.args[0], rel);
      }))
    s->group = GroupBy::kType;
  else if (all([&](const Expr& e) { return IsWeightOf(e, rel); })) s->group = GroupBy::kWeight;
  else if (all([&](const Expr& e) { return OnlyReads(e, left); })) s->group = GroupBy::kLeft;
  else if (all([&](const Expr& e) { return OnlyReads(e, right); })) s->group = GroupBy::kRight;
  else return false;
  return true;
}

// One group's running values.
struct Acc {
  int64_t count = 0;    // matches
  int64_t weights = 0;  // matches with a weight (r.weight is null for weight 0)
  int64_t sum = 0;
  int64_t min = 0, max = 0;
  bool overflow = false;
  void Add(int64_t w) {
    ++count;
    if (w == 0) return;
    if (weights++ == 0) min = max = w;
    min = std::min(min, w);
    max = std::max(max, w);
    overflow |= __builtin_add_overflow(sum, w, &sum);
  }
};

std::vector<AggState> States(const Shape& s, const Acc& a) {
  std::vector<AggState> out(s.aggs.size());
  for (size_t i = 0; i < s.aggs.size(); ++i) {
    AggState& st = out[i];
    switch (s.aggs[i]) {
      case Agg::kCount:  // count(), or sum() of a counted tail's row counts (as many)
        st.count = a.count;
        st.isum = a.count;
        break;
      case Agg::kSum:
      case Agg::kAvg:
        st.count = a.weights;
        st.isum = a.sum;
        break;
      case Agg::kMin:
      case Agg::kMax:
        st.count = a.weights;
        if (a.weights > 0) st.best = Value(s.aggs[i] == Agg::kMin ? a.min : a.max);
        break;
    }
  }
  return out;
}

// The row path: the matcher's rows, aggregated as pushed (a row of a
// counted tail carries its count, as MatchOp's do).
Status ByRows(Executor* ex, const PlanStep& match, GroupSink* sink) {
  const ClauseBinding& b = *match.binding;
  Row row(b.width);
  return ex->Match(match.clause->patterns.data(), match.clause->patterns.size(), b.count_slot,
                   /*build_columns=*/false, row,
                   [&](Row& m) -> Status {
                     if (match.clause->where) {
                       Result<bool> keep = WhereHolds(*ex, *match.clause->where, m);
                       if (!keep.ok()) return keep.status();
                       if (!keep.value()) return Status::OK();
                     }
                     Row copy = m;
                     if (b.count_slot >= 0 && copy[b.count_slot].is_null()) copy[b.count_slot] = Value(int64_t{1});
                     return sink->AddRow(copy);
                   });
}

// The node property column a lone grouping key `n.key` reads, when each
// node with a group has a value of its own there (NodeColumns::Column::
// Unique): then every node is its own group. Else null.
const NodeColumns::Column* UniqueKeyColumn(Executor* ex, const PlanStep& proj, int slot) {
  const BoundProjection& b = proj.binding->projection;
  if (b.key_items.size() != 1 || !ex->node_columns()) return nullptr;
  const Expr& key = *proj.clause->projection.items[b.key_items[0]].expr;
  if (key.kind != Expr::Kind::kProperty || !IsVar(*key.args[0], slot)) return nullptr;
  const NodeColumns::Column* c = ex->node_columns()->column(key.name);
  return c && c->Unique() ? c : nullptr;
}

// When the projection keeps the top SKIP + LIMIT groups ordered first by
// a count or sum (ORDER BY d DESC ... LIMIT 10, d = count(r)), no filter or
// DISTINCT after it, and each node is its own group: the value a node's
// group must reach to be kept (the (SKIP + LIMIT)-th best; a node below it
// has that many groups strictly ahead of it). False: no cut.
bool TopKBar(Executor* ex, const Shape& s, const PlanStep& proj, const std::vector<Acc>& by_node,
             std::function<bool(const Acc&)>* keep) {
  const Projection& p = proj.clause->projection;
  const BoundProjection& b = proj.binding->projection;
  if (p.order.empty() || !p.limit || p.where || p.distinct || b.sort_column.empty() || b.sort_column[0] < 0)
    return false;
  const Expr* first = p.items[static_cast<size_t>(b.sort_column[0])].expr.get();
  if (first->aggregate < 0 || b.aggregates[static_cast<size_t>(first->aggregate)] != first) return false;
  Agg agg = s.aggs[static_cast<size_t>(first->aggregate)];
  if (agg != Agg::kCount && agg != Agg::kSum) return false;
  Result<int64_t> limit = ex->EvalCount(*p.limit, "LIMIT");
  Result<int64_t> skip = p.skip ? ex->EvalCount(*p.skip, "SKIP") : Result<int64_t>(int64_t{0});
  if (!limit.ok() || !skip.ok()) return false;  // the TopK operator reports it
  auto value = [agg](const Acc& a) { return agg == Agg::kCount ? a.count : a.sum; };
  std::vector<int64_t> values;
  for (const Acc& a : by_node)
    if (a.count > 0) values.push_back(value(a));
  uint64_t n = static_cast<uint64_t>(limit.value()) + static_cast<uint64_t>(skip.value());
  if (n == 0 || n >= values.size()) return false;
  bool desc = p.order[0].descending;
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(n - 1);
  if (desc) std::nth_element(values.begin(), nth, values.end(), std::greater<int64_t>());
  else std::nth_element(values.begin(), nth, values.end());
  int64_t bar = *nth;
  *keep = [value, bar, desc](const Acc& a) { return desc ? value(a) >= bar : value(a) <= bar; };
  return true;
}

// MATCH (n[:L]) WHERE <Conjuncts> RETURN count(*): the label's bitmap and
// the node columns, each node's WHERE on its record only where a column
// holds a value of another kind; the rows when there are no columns or an
// index seek finds the nodes.
Status CountWhere(Executor* ex, const PlanStep& match, const Shape& s, GroupSink* sink) {
  // A seek through an index ("c.id >= 1000 AND c.id < 2000" on an indexed
  // id) reads the nodes it finds; the columns would read every node.
  Row empty(match.binding->width);
  if (AccessOf(s.p->nodes[0], empty, ex->graph()).kind < AnchorKind::kLabelScan) return ByRows(ex, match, sink);
  NG_RETURN_IF_ERROR(ex->BuildNodeColumns());
  const NodeColumns* cols = ex->node_columns();
  if (!cols) return ByRows(ex, match, sink);
  const Graph& g = ex->graph();
  const NodePattern& n = s.p->nodes[0];
  std::shared_ptr<const std::vector<bool>> members;
  if (!n.labels.empty()) {
    Result<std::shared_ptr<const std::vector<bool>>> m = g.LabelMembers(n.labels[0]);
    if (!m.ok()) return m.status();
    members = m.value();
  }
  Row row(match.binding->width);
  std::vector<const NodeColumns::Column*> columns;
  std::vector<Value> operands;
  std::vector<CompareOp> compares;
  for (const Conjunct& c : s.where) {
    columns.push_back(cols->column(*c.key));
    Result<Value> v = ex->Eval(*c.operand, row);
    if (!v.ok()) return v.status();
    operands.push_back(std::move(v).value());
    compares.push_back(CompareOp::kEq);
    ParseCompareOp(*c.op, &compares.back());
  }
  // 1: holds, 0: does not, -1: a value of another kind (read the record).
  auto test = [&](NodeId id) {
    for (size_t k = 0; k < columns.size(); ++k) {
      const NodeColumns::Column& col = *columns[k];
      NodeColumns::Kind kind = col.kind(id);
      if (kind == NodeColumns::kNoNode || kind == NodeColumns::kOther) return -1;
      bool holds = false;
      const Value& operand = operands[k];
      if (StringMatch(*s.where[k].op, "", "", &holds)) {
        holds = kind == NodeColumns::kString && operand.type() == Value::kString &&
                StringMatch(*s.where[k].op, col.str(id), std::get<std::string>(operand.v), &holds) && holds;
      } else {
        Value v;
        NodeColumnValue(cols, id, *s.where[k].key, &v);
        Value h = Compare(compares[k], v, operand);
        holds = h.type() == Value::kBool && std::get<bool>(h.v);
      }
      if (!holds) return 0;
    }
    return 1;
  };
  Acc a;
  for (NodeId id = 0, bound = g.NodeIdBound(); id < bound; ++id) {
    if (members ? !(*members)[id] : columns[0]->kind(id) == NodeColumns::kNoNode) continue;
    int t = test(id);
    if (t < 0) {
      row[n.slot] = Value(NodeValue{id, nullptr});
      Result<bool> keep = WhereHolds(*ex, *match.clause->where, row);
      if (!keep.ok()) return keep.status();
      t = keep.value();
    }
    a.count += t;
    if ((id & 0xFFFF) == 0) NG_RETURN_IF_ERROR(ex->CheckLimits());
  }
  return sink->AddGroup({}, States(s, a));
}

}  // namespace

bool AnswersFromColumns(const PlanStep& match, const PlanStep& projection) {
  Shape s;
  return ShapeOf(match, projection, &s);
}

Status ColumnarGroups(Executor* ex, const PlanStep& match, const PlanStep& proj, GroupSink* sink) {
  Shape s;
  if (!ShapeOf(match, proj, &s)) return Status::Internal("ColumnarGroups: not a columnar shape");
  const Graph& g = ex->graph();
  const PathPattern& p = *s.p;
  bool plain_ends = p.nodes[0].labels.empty() && (!s.edge || p.nodes[1].labels.empty());
  if (!s.where.empty()) return CountWhere(ex, match, s, sink);
  // Counts without a scan.
  if (!s.edge) {
    uint64_t n = 0;
    if (p.nodes[0].labels.empty()) {
      if (g.WritesOpen()) return ByRows(ex, match, sink);  // NodeCount is of the committed graph
      n = g.NodeCount();
    } else {
      Result<uint64_t> got = g.LabelCount(p.nodes[0].labels[0]);
      if (!got.ok()) return got.status();
      n = got.value();
    }
    Acc a;
    a.count = static_cast<int64_t>(n);
    return sink->AddGroup({}, States(s, a));
  }
  const RelPattern& r = p.rels[0];
  if (plain_ends && s.anchor < 0 && s.counts_only && r.filters.empty() && (s.group == GroupBy::kNone || s.group == GroupBy::kType)) {
    std::vector<std::string> types = r.types;
    if (types.empty() && s.group == GroupBy::kNone && !g.WritesOpen()) {
      Acc a;
      a.count = static_cast<int64_t>(g.EdgeCount());
      return sink->AddGroup({}, States(s, a));
    }
    if (types.empty()) {  // every type: the columns' list (built once), else a scan of edge_types
      Result<const EdgeColumns*> cols = g.Columns();
      if (!cols.ok()) return cols.status();
      if (cols.value()) types = cols.value()->types();
      else NG_RETURN_IF_ERROR(g.EdgeTypes(&types));
    }
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    Acc total;
    for (const std::string& t : types) {
      Result<uint64_t> n = g.TypeCount(t);
      if (!n.ok()) return n.status();
      if (s.group == GroupBy::kNone) {
        total.count += static_cast<int64_t>(n.value());
      } else if (n.value() > 0) {
        Acc a;
        a.count = static_cast<int64_t>(n.value());
        NG_RETURN_IF_ERROR(sink->AddGroup({Value(t)}, States(s, a)));
      }
    }
    return s.group == GroupBy::kNone ? sink->AddGroup({}, States(s, total)) : Status::OK();
  }
  // A scan of the columns. Edges of a few nodes (an anchor found by its
  // access path) use them only when a whole-graph pass built them already.
  const EdgeColumns* cols = g.BuiltColumns();
  if (!cols && s.anchor < 0) {
    Result<const EdgeColumns*> got = g.Columns();
    if (!got.ok()) return got.status();
    cols = got.value();
  }
  if (!cols || (cols->weight_property() && (!s.counts_only || !r.filters.empty() || s.group == GroupBy::kWeight)))
    return ByRows(ex, match, sink);
  std::vector<bool> type_ok(cols->types().size(), r.types.empty());
  for (const std::string& t : r.types)
    if (int i = cols->TypeIndex(t); i >= 0) type_ok[i] = true;
  std::shared_ptr<const std::vector<bool>> members[2];  // per end: nodes with all its labels
  for (int end = 0; end < 2; ++end) {
    if (end == s.anchor) continue;  // MatchNodes checks the anchor's labels
    for (const std::string& l : p.nodes[end].labels) {
      Result<std::shared_ptr<const std::vector<bool>>> m = g.LabelMembers(l);
      if (!m.ok()) return m.status();
      if (!members[end]) {
        members[end] = m.value();
        continue;
      }
      auto both = std::make_shared<std::vector<bool>>(*members[end]);
      for (size_t i = 0; i < both->size(); ++i) (*both)[i] = (*both)[i] && (*m.value())[i];
      members[end] = std::move(both);
    }
  }
  std::vector<Value> operands;
  Row empty(match.binding->width);
  for (const EdgeFilter& f : r.filters) {
    Result<Value> v = ex->Eval(*f.operand, empty);
    if (!v.ok()) return v.status();
    operands.push_back(std::move(v).value());
  }
  NodeId bound = g.NodeIdBound();
  std::vector<Acc> by_node(s.group == GroupBy::kLeft || s.group == GroupBy::kRight ? bound : 0);
  std::vector<Acc> by_type(s.group == GroupBy::kType ? cols->types().size() : 1);
  std::map<int64_t, Acc> by_weight;
  Edge edge;  // the weight filters read edge.weight (no other property: ShapeOf)
  // Adds the entries of node x on `side` whose far end has its labels; x is
  // the pattern's left end when x_left.
  auto add = [&](const EdgeColumns::Side& side, NodeId x, bool x_left) {
    const std::vector<bool>* far = members[x_left ? 1 : 0].get();
    for (uint64_t i = side.offsets[x], end = side.offsets[x + 1]; i < end; ++i) {
      if (!type_ok[side.type[i]]) continue;
      NodeId other = side.other[i];
      if (far && !(*far)[other]) continue;
      int64_t w = side.weight[i];
      if (!operands.empty()) {
        edge.weight = w;
        bool holds = true;
        for (size_t f = 0; f < operands.size() && holds; ++f) {
          Value h = Compare(r.filters[f].op, EdgeProperty(edge, "weight"), operands[f]);
          holds = h.type() == Value::kBool && std::get<bool>(h.v);
        }
        if (!holds) continue;
      }
      switch (s.group) {
        case GroupBy::kNone: by_type[0].Add(w); break;
        case GroupBy::kType: by_type[side.type[i]].Add(w); break;
        case GroupBy::kWeight: by_weight[w].Add(w); break;
        case GroupBy::kLeft: by_node[x_left ? x : other].Add(w); break;
        case GroupBy::kRight: by_node[x_left ? other : x].Add(w); break;
      }
    }
  };
  bool forward = r.direction == Direction::kOut;
  if (s.anchor >= 0) {
    // From each node the anchor end matches, its entries on the side that
    // leads along r: out when it is the edge's source.
    bool x_left = s.anchor == 0;
    const EdgeColumns::Side& side = cols->side(x_left == forward ? Direction::kOut : Direction::kIn);
    NG_RETURN_IF_ERROR(ex->MatchNodes(p.nodes[s.anchor], empty, [&](NodeId x) -> Status {
      if (x >= bound) return Status::OK();
      add(side, x, x_left);
      return ex->CheckLimits();
    }));
  } else {
    // Every edge once, from its source's outgoing entries: the source is
    // the pattern's left end for -[]->, its right end for <-[]-.
    const std::vector<bool>* near = members[forward ? 0 : 1].get();
    for (NodeId src = 0; src < bound; ++src) {
      if (near && !(*near)[src]) continue;
      add(cols->side(Direction::kOut), src, forward);
      if ((src & 0xFFFF) == 0) NG_RETURN_IF_ERROR(ex->CheckLimits());
    }
  }
  auto overflowed = [](const Acc& a) { return a.overflow; };
  if (std::any_of(by_node.begin(), by_node.end(), overflowed) || std::any_of(by_type.begin(), by_type.end(), overflowed) ||
      std::any_of(by_weight.begin(), by_weight.end(), [](const auto& e) { return e.second.overflow; }))
    return ByRows(ex, match, sink);  // sum() reports the overflow as the row path does
  switch (s.group) {
    case GroupBy::kNone: return sink->AddGroup({}, States(s, by_type[0]));
    case GroupBy::kType:
      for (size_t t = 0; t < by_type.size(); ++t)
        if (by_type[t].count > 0) NG_RETURN_IF_ERROR(sink->AddGroup({Value(cols->types()[t])}, States(s, by_type[t])));
      return Status::OK();
    case GroupBy::kWeight:
      for (const auto& [w, a] : by_weight)
        NG_RETURN_IF_ERROR(sink->AddGroup({w == 0 ? Value() : Value(w)}, States(s, a)));
      return Status::OK();
    case GroupBy::kLeft:
    case GroupBy::kRight: {
      const NodePattern& n = p.nodes[s.group == GroupBy::kLeft ? 0 : 1];
      const BoundProjection& b = proj.binding->projection;
      // Nodes whose keys are equal (a.name shared, a property missing) are one group.
      std::unordered_map<std::vector<Value>, Acc, RowHash, RowEqual> groups;
      std::vector<const std::vector<Value>*> order;
      Row row(b.in_width);
      auto group = [&](NodeId id, std::shared_ptr<const Node> record) -> Status {
        const Acc& a = by_node[id];
        row[n.slot] = Value(NodeValue{id, std::move(record)});
        std::vector<Value> key;
        for (size_t k : b.key_items) {
          Result<Value> v = ex->Eval(*proj.clause->projection.items[k].expr, row);
          if (!v.ok()) return v.status();
          key.push_back(std::move(v).value());
        }
        auto [it, fresh] = groups.try_emplace(std::move(key), a);
        if (fresh) {
          order.push_back(&it->first);
          return Status::OK();
        }
        Acc& into = it->second;
        if (a.weights > 0) {
          into.min = into.weights > 0 ? std::min(into.min, a.min) : a.min;
          into.max = into.weights > 0 ? std::max(into.max, a.max) : a.max;
        }
        into.count += a.count;
        into.weights += a.weights;
        into.overflow |= __builtin_add_overflow(into.sum, a.sum, &into.sum);
        return Status::OK();
      };
      // Many groups: their keys from the node columns, else their records
      // in one sequential scan, not a read each.
      size_t nodes = static_cast<size_t>(std::count_if(by_node.begin(), by_node.end(), [](const Acc& a) { return a.count > 0; }));
      if (nodes > bound / 16) NG_RETURN_IF_ERROR(ex->BuildNodeColumns());
      std::function<bool(const Acc&)> keep = [](const Acc& a) { return a.count > 0; };
      if (UniqueKeyColumn(ex, proj, n.slot) && TopKBar(ex, s, proj, by_node, &keep)) nodes = 0;
      groups.reserve(nodes);
      sink->Reserve(nodes);
      bool keys_in_columns = ex->node_columns() != nullptr;
      for (size_t k : b.key_items) {
        const Expr& key = *proj.clause->projection.items[k].expr;
        keys_in_columns = keys_in_columns && key.kind == Expr::Kind::kProperty && IsVar(*key.args[0], n.slot) &&
                          ex->node_columns()->column(key.name);
      }
      if (nodes > bound / 16 && !keys_in_columns) {
        NG_RETURN_IF_ERROR(g.ForEachNode("", [&](const Node& record) -> Status {
          if (record.id >= bound || by_node[record.id].count == 0) return Status::OK();
          NG_RETURN_IF_ERROR(group(record.id, std::make_shared<const Node>(record)));
          return ex->CheckLimits();
        }));
      } else {
        for (NodeId id = 0; id < bound; ++id)
          if (by_node[id].count > 0 && keep(by_node[id])) NG_RETURN_IF_ERROR(group(id, nullptr));
      }
      if (std::any_of(groups.begin(), groups.end(), [](const auto& e) { return e.second.overflow; }))
        return ByRows(ex, match, sink);
      for (const std::vector<Value>* key : order) NG_RETURN_IF_ERROR(sink->AddGroup(*key, States(s, groups.at(*key))));
      return Status::OK();
    }
  }
  return Status::OK();
}

}  // namespace newsgraph
