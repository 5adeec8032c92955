// Pattern matching (match_internal.h). A path pattern is matched from one
// anchor node (the most selective: a bound variable, then a property-index
// seek, a name-index lookup, a property-index range or prefix seek, a
// name-index prefix seek, then a label scan, then all nodes),
// expanding right to its end and then left to its start along the store's
// adjacency (match_expand.cc), with relationship uniqueness across the
// whole MATCH. shortestPath/allShortestPaths run a breadth-first search
// (match_shortest.cc).

#include <algorithm>
#include <functional>

#include "query/match_internal.h"

namespace newsgraph {

namespace {

// Whether `e` can be evaluated before its node is bound: literals,
// parameters and variables bound in `bound`, combined by property
// accesses, operators and lists (no function: rand() must stay per row).
bool Available(const Expr& e, const Bindings& bound) {
  switch (e.kind) {
    case Expr::Kind::kLiteral:
    case Expr::Kind::kParam: return true;
    case Expr::Kind::kVariable: return bound(e.slot);
    case Expr::Kind::kProperty:
    case Expr::Kind::kIndex:
    case Expr::Kind::kList:
    case Expr::Kind::kMap:
    case Expr::Kind::kUnary:
    case Expr::Kind::kBinary:
      for (const auto& a : e.args)
        if (!a || !Available(*a, bound)) return false;
      return true;
    default: return false;
  }
}

// A scalar query value as the stored property value an index holds; false
// for what an index does not hold (null, lists, maps, graph values).
bool IndexableValue(const Value& v, PropertyValue* out) {
  switch (v.type()) {
    case Value::kBool: *out = std::get<bool>(v.v); return true;
    case Value::kInt: *out = std::get<int64_t>(v.v); return true;
    case Value::kFloat: *out = std::get<double>(v.v); return true;
    case Value::kString: *out = std::get<std::string>(v.v); return true;
    default: return false;
  }
}

// Index keys' kinds of value (keys.h, ival): comparisons across kinds are never true.
int KindOf(const PropertyValue& v) { return v.v.index() == 3 ? 2 : static_cast<int>(v.v.index()); }

}  // namespace

std::string OperandText(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kLiteral: return ToLiteral(e.value);
    case Expr::Kind::kParam: return "$" + e.name;
    case Expr::Kind::kVariable: return e.name;
    case Expr::Kind::kProperty: return OperandText(*e.args[0]) + "." + e.name;
    default: return "expression";
  }
}

NodeAccess AccessOf(const NodePattern& n, const Bindings& bound, const Graph& g) {
  NodeAccess a;
  if (bound(n.slot)) {
    a.kind = AnchorKind::kBound;
    return a;
  }
  bool indexes = !n.labels.empty() && !g.PropertyIndexes().empty();
  auto indexed = [&](const std::string& key) -> const std::string* {
    if (indexes)
      for (const std::string& l : n.labels)
        if (g.HasPropertyIndex(l, key)) return &l;
    return nullptr;
  };
  // Equalities, the property map's first, then the WHERE's.
  std::vector<std::pair<const std::string*, const Expr*>> equal;
  for (const auto& [key, e] : n.properties.entries)
    if (Available(*e, bound)) equal.emplace_back(&key, e.get());
  for (const NodeSeek& s : n.seeks)
    if (s.op == NodeSeek::Op::kEq && Available(*s.operand, bound)) equal.emplace_back(&s.key, s.operand);
  for (const auto& [key, e] : equal)
    if ((a.label = indexed(*key))) {
      a.kind = AnchorKind::kIndexSeek, a.key = *key, a.equal = e;
      return a;
    }
  for (const auto& [key, e] : equal)
    if (*key == "name") {
      a.kind = AnchorKind::kNameLookup, a.key = *key, a.equal = e;
      return a;
    }
  // Ranges and prefixes: the first indexed property with one, with every
  // bound on it (a prefix alone when there is one).
  for (const NodeSeek& s : n.seeks) {
    if (s.op == NodeSeek::Op::kEq || !Available(*s.operand, bound) || !(a.label = indexed(s.key))) continue;
    a.kind = AnchorKind::kIndexRangeSeek, a.key = s.key;
    for (const NodeSeek& t : n.seeks) {
      if (t.key != s.key || !Available(*t.operand, bound)) continue;
      bool lower = t.op == NodeSeek::Op::kGt || t.op == NodeSeek::Op::kGe;
      const NodeSeek** slot = t.op == NodeSeek::Op::kStartsWith ? &a.prefix : lower ? &a.lower : &a.upper;
      if (t.op != NodeSeek::Op::kEq && !*slot) *slot = &t;
    }
    if (a.prefix) a.lower = a.upper = nullptr;
    return a;
  }
  for (const NodeSeek& s : n.seeks)
    if (s.key == "name" && s.op == NodeSeek::Op::kStartsWith && Available(*s.operand, bound)) {
      a.kind = AnchorKind::kNamePrefix, a.key = s.key, a.prefix = &s;
      return a;
    }
  a.kind = n.labels.empty() ? AnchorKind::kAllNodes : AnchorKind::kLabelScan;
  return a;
}

AnchorKind AnchorOf(const NodePattern& n, const Bindings& bound, const Graph& g) { return AccessOf(n, bound, g).kind; }

size_t ChooseAnchor(const PathPattern& p, const Bindings& bound, const Graph& g) {
  size_t best = 0;
  for (size_t i = 1; i < p.nodes.size(); ++i)
    if (AnchorOf(p.nodes[i], bound, g) < AnchorOf(p.nodes[best], bound, g)) best = i;
  return best;
}

Status PatternMatcher::Run(Row& row, bool build_columns) {
  if (!ex_->writer_) {
    if (build_columns) {
      Result<const EdgeColumns*> built = ex_->graph_.Columns();
      if (!built.ok()) return built.status();
      cols_ = built.value();
    } else {
      cols_ = ex_->graph_.BuiltColumns();
    }
  }
  bound_.assign(row.size(), false);
  for (size_t i = 0; i < row.size(); ++i) bound_[i] = !row[i].is_null();
  given_ = bound_;
  positions_.assign(n_patterns_, Position());  // sized once: Hop holds references
  return MatchPattern(0, row);
}

Status PatternMatcher::MatchPattern(size_t pi, Row& row) {
  if (pi == n_patterns_) return emit_(row);
  const PathPattern& p = patterns_[pi];
  Position& pos = positions_[pi];
  pos.nodes.assign(p.nodes.size(), 0);
  pos.rel_edges.assign(p.rels.size(), {});
  if (p.shortest != PathPattern::Shortest::kNone) return Shortest(pi, row);
  size_t anchor = ChooseAnchor(p, row, ex_->graph_);
  return Candidates(p.nodes[anchor], row, [&](NodeId id) {
    return WithNode(pi, anchor, id, row, [&] { return ExpandRight(pi, anchor, anchor, row); });
  });
}

// Calls fn for each node that may match `n`, per its access path: every
// node that can satisfy n's properties and the WHERE's parts a seek uses
// (WithNode and the WHERE then decide).
Status PatternMatcher::Candidates(const NodePattern& n, Row& row, const std::function<Status(NodeId)>& fn) {
  const Graph& g = ex_->graph_;
  NodeAccess a = AccessOf(n, row, g);
  auto each = [&](const std::vector<NodeId>& ids) {
    for (NodeId id : ids) NG_RETURN_IF_ERROR(fn(id));
    return Status::OK();
  };
  std::vector<NodeId> ids;
  switch (a.kind) {
    case AnchorKind::kBound: {
      const Value& v = row[n.slot];
      if (v.type() != Value::kNode) return Status::OK();  // bound to something else: no match
      return fn(std::get<NodeValue>(v.v).id);
    }
    case AnchorKind::kIndexSeek:
    case AnchorKind::kNameLookup: {
      Result<Value> want = ex_->Eval(*a.equal, row);
      if (!want.ok()) return want.status();
      if (want->is_null()) return Status::OK();  // = null is never true
      PropertyValue value;
      if (a.kind == AnchorKind::kNameLookup && want->type() == Value::kString)
        NG_RETURN_IF_ERROR(g.FindByName(std::get<std::string>(want->v), &ids));
      else if (a.kind == AnchorKind::kIndexSeek && IndexableValue(want.value(), &value))
        NG_RETURN_IF_ERROR(g.FindByProperty(*a.label, a.key, value, &ids));
      else
        return Scan(n, fn);  // a value no index holds (a list; a name that is no string)
      return each(ids);
    }
    case AnchorKind::kIndexRangeSeek:
    case AnchorKind::kNamePrefix: {
      // A comparison with null is null, STARTS WITH of a non-string too, and
      // one across kinds false or null: no row. Bounds of a kind no index
      // holds (lists, dates): the scan and the WHERE decide.
      Value bounds[2];
      const NodeSeek* seeks[2] = {a.prefix ? a.prefix : a.lower, a.prefix ? nullptr : a.upper};
      PropertyValue values[2];
      Graph::IndexRange range;
      for (int i = 0; i < 2; ++i) {
        if (!seeks[i]) continue;
        Result<Value> v = ex_->Eval(*seeks[i]->operand, row);
        if (!v.ok()) return v.status();
        if (v->is_null() || (a.prefix && v->type() != Value::kString)) return Status::OK();
        if (!IndexableValue(v.value(), &values[i])) return Scan(n, fn);
        bounds[i] = std::move(v).value();
      }
      if (a.prefix) {
        const std::string& prefix = std::get<std::string>(bounds[0].v);
        if (a.kind == AnchorKind::kNamePrefix) NG_RETURN_IF_ERROR(g.FindByNamePrefix(prefix, &ids));
        range.prefix = &prefix;
      } else {
        if (seeks[0] && seeks[1] && KindOf(values[0]) != KindOf(values[1])) return Status::OK();
        range.lower = seeks[0] ? &values[0] : nullptr;
        range.upper = seeks[1] ? &values[1] : nullptr;
      }
      if (a.kind == AnchorKind::kIndexRangeSeek) NG_RETURN_IF_ERROR(g.FindByPropertyRange(*a.label, a.key, range, &ids));
      return each(ids);
    }
    case AnchorKind::kLabelScan:
    case AnchorKind::kAllNodes:
      return Scan(n, fn);
  }
  return Status::OK();
}

// Every node with the first label of `n` (every node, without labels).
Status PatternMatcher::Scan(const NodePattern& n, const std::function<Status(NodeId)>& fn) {
  Status inner;
  std::string label = n.labels.empty() ? "" : n.labels[0];
  Status scan = ex_->graph_.ScanNodes(label, [&](NodeId id) {
    inner = fn(id);
    return inner.ok();
  });
  NG_RETURN_IF_ERROR(inner);
  return scan;
}

Result<PathValue> PatternMatcher::BuildPath(size_t pi) {
  const Position& pos = positions_[pi];
  PathValue path;
  path.nodes.push_back(NodeValue{pos.nodes[0], nullptr});
  for (size_t ri = 0; ri < pos.rel_edges.size(); ++ri) {
    NodeId at = pos.nodes[ri];
    for (EdgeId e : pos.rel_edges[ri]) {
      auto edge = ex_->LoadEdge(e);
      if (!edge.ok()) return edge.status();
      at = edge.value()->src == at ? edge.value()->dst : edge.value()->src;
      path.rels.push_back(RelValue{e, nullptr});
      path.nodes.push_back(NodeValue{at, nullptr});
    }
  }
  return path;
}

Status PatternMatcher::Finish(size_t pi, Row& row) {
  const PathPattern& p = patterns_[pi];
  if (p.slot < 0) return MatchPattern(pi + 1, row);
  Result<PathValue> path = BuildPath(pi);
  if (!path.ok()) return path.status();
  row[p.slot] = Value(std::move(path).value());
  Status s = MatchPattern(pi + 1, row);
  row[p.slot] = Value();
  return s;
}

Status Executor::Match(const PathPattern* patterns, size_t n, int count_slot, bool build_columns, Row& row,
                       const std::function<Status(Row&)>& emit) {
  PatternMatcher m(this, patterns, n, count_slot, emit);
  Status s = m.Run(row, build_columns);
  return s.code() == Status::Code::kStopped ? Status::OK() : s;
}

Status Executor::MatchNodes(const NodePattern& n, Row& row, const std::function<Status(NodeId)>& fn) {
  static const std::function<Status(Row&)> kNoEmit = [](Row&) { return Status::OK(); };
  PatternMatcher m(this, nullptr, 0, -1, kNoEmit);
  Status s = m.Nodes(n, row, fn);
  return s.code() == Status::Code::kStopped ? Status::OK() : s;
}

Status PatternMatcher::Nodes(const NodePattern& n, Row& row, const std::function<Status(NodeId)>& fn) {
  bound_.assign(row.size(), false);
  for (size_t i = 0; i < row.size(); ++i) bound_[i] = !row[i].is_null();
  return Candidates(n, row, [&](NodeId id) -> Status {
    Result<bool> ok = NodeMatches(n, id, row);
    if (!ok.ok()) return ok.status();
    return ok.value() ? fn(id) : Status::OK();
  });
}

bool HasNullBoundVariable(const std::vector<PathPattern>& patterns, const Row& row, size_t bound_before) {
  auto null_at = [&](int slot) {
    return slot >= 0 && static_cast<size_t>(slot) < bound_before && row[slot].is_null();
  };
  for (const PathPattern& p : patterns) {
    for (const NodePattern& n : p.nodes)
      if (null_at(n.slot)) return true;
    for (const RelPattern& r : p.rels)
      if (null_at(r.slot)) return true;
  }
  return false;
}

std::string DescribeAccess(const PathPattern& p, const Bindings& bound, const Graph& graph) {
  auto name = [](const NodePattern& n) { return n.variable.empty() ? std::string("anon") : n.variable; };
  size_t anchor = ChooseAnchor(p, bound, graph);
  const NodePattern& a = p.nodes[anchor];
  // How node n is found, by `access`.
  auto access_text = [&](const NodePattern& n, const NodeAccess& access) -> std::string {
    auto seek_text = [&](const NodeSeek* s) {
      static const char* kOps[] = {"=", "<", "<=", ">", ">=", "STARTS WITH"};
      return name(n) + "." + s->key + " " + kOps[static_cast<int>(s->op)] + " " + OperandText(*s->operand);
    };
    switch (access.kind) {
      case AnchorKind::kBound: return "Argument(" + name(n) + ")";
      case AnchorKind::kIndexSeek:
        return "NodeIndexSeek(" + name(n) + ":" + *access.label + " {" + access.key + ": " +
               OperandText(*access.equal) + "})";
      case AnchorKind::kNameLookup:
        return "NodeByNameIndex(" + name(n) + " {name: " + OperandText(*access.equal) + "})";
      case AnchorKind::kIndexRangeSeek:
        return "NodeIndexRangeSeek(" + name(n) + ":" + *access.label + " WHERE " +
               (access.prefix ? seek_text(access.prefix)
                : access.lower && access.upper ? seek_text(access.lower) + " AND " + seek_text(access.upper)
                                               : seek_text(access.lower ? access.lower : access.upper)) +
               ")";
      case AnchorKind::kNamePrefix: return "NodeByNamePrefix(" + name(n) + " WHERE " + seek_text(access.prefix) + ")";
      case AnchorKind::kLabelScan: return "NodeByLabelScan(" + name(n) + ":" + n.labels[0] + ")";
      case AnchorKind::kAllNodes: return "AllNodesScan(" + name(n) + ")";
    }
    return "";
  };
  std::string out = access_text(a, AccessOf(a, bound, graph));
  auto rel_text = [](const RelPattern& r) {
    std::string t = "[" + r.variable;
    for (size_t i = 0; i < r.types.size(); ++i) t += (i ? "|" : ":") + r.types[i];
    if (r.variable_length)
      t += "*" + std::to_string(r.min_hops) + ".." + (r.max_hops < 0 ? std::string() : std::to_string(r.max_hops));
    return t + "]";
  };
  if (p.distinct_endpoints)
    return out + " -> ReachDistinct(BFS" + rel_text(p.rels[0]) + ") -> " + name(p.nodes[anchor == 0 ? 1 : 0]);
  if (p.shortest != PathPattern::Shortest::kNone) {
    // The anchor is PlanShortest's source: ChooseAnchor decides both.
    bool both_ends = PlanShortest(p, bound, graph).both_ends;
    return out + " -> " + (p.shortest == PathPattern::Shortest::kAll ? "AllShortestPaths" : "ShortestPath") +
           (both_ends ? "BFSFromBothEnds" : "BFS") + rel_text(p.rels[0]) + " -> " + name(p.nodes[anchor == 0 ? 1 : 0]);
  }
  // The slots bound as the expansion goes: before the MATCH, then the
  // anchor and each node reached.
  std::vector<int> reached = {a.slot};
  auto bound_at = [&](size_t k) {
    int slot = p.nodes[k].slot;
    bool was = bound(slot) || (slot >= 0 && std::find(reached.begin(), reached.end(), slot) != reached.end());
    reached.push_back(slot);
    return was;
  };
  // Bound or reached so far, without marking.
  auto bound_now = [&](int slot) {
    return bound(slot) || (slot >= 0 && std::find(reached.begin(), reached.end(), slot) != reached.end());
  };
  // For an ExpandBetween along ri to node position t, the text after the
  // step: how t is found first when not bound (" FROM ..."), else " TO t";
  // empty for another step.
  auto between_text = [&](size_t ri, size_t t, bool target_bound) -> std::string {
    NodeAccess access;
    if (target_bound) access.kind = AnchorKind::kBound;
    else access = AccessOf(p.nodes[t], bound, graph);
    if (!ExpandsBetween(p, ri, t, access.kind)) return "";
    return target_bound ? " TO " + name(p.nodes[t]) : " FROM " + access_text(p.nodes[t], access);
  };
  for (size_t k = anchor; k + 1 < p.nodes.size(); ++k) {
    bool target_bound = bound_at(k + 1);
    bool into = ExpandsInto(p, k, target_bound);
    bool intersect = IntersectsWith(p, k, /*forward=*/true, target_bound, bound_now).first >= 0;
    std::string between = between_text(k, k + 1, target_bound);
    bool counted = !into && CountsTail(p, anchor, k);
    std::string filters;
    for (const EdgeFilter& f : p.rels[k].filters)
      filters += (filters.empty() ? " WHERE " : " AND ") + p.rels[k].variable + "." + f.key + " " +
                 CompareOpText(f.op) + " " + OperandText(*f.operand);
    out += std::string(into        ? " -> ExpandInto("
                       : intersect ? " -> ExpandIntersect("
                       : !between.empty() ? " -> ExpandBetween("
                       : counted   ? " -> ExpandCount("
                                   : " -> Expand(") +
           (p.rels[k].direction == Direction::kIn ? "<-" : "-") + rel_text(p.rels[k]) +
           (p.rels[k].direction == Direction::kOut ? "->" : "-") + name(p.nodes[k + 1]) + filters +
           (intersect ? " WITH " + name(p.nodes[k + 2]) : between) + ")";
  }
  for (size_t k = anchor; k > 0; --k) {
    bool target_bound = bound_at(k - 1);
    bool into = ExpandsInto(p, k - 1, target_bound);
    bool intersect = IntersectsWith(p, k - 1, /*forward=*/false, target_bound, bound_now).first >= 0;
    std::string between = between_text(k - 1, k - 1, target_bound);
    out += std::string(into        ? " -> ExpandInto("
                       : intersect ? " -> ExpandIntersect("
                       : !between.empty() ? " -> ExpandBetween("
                                   : " -> Expand(") +
           name(p.nodes[k - 1]) + " from " + name(p.nodes[k]) + " " + rel_text(p.rels[k - 1]) +
           (intersect ? " WITH " + name(p.nodes[k - 2]) : between) + ")";
  }
  return out;
}

}  // namespace newsgraph
