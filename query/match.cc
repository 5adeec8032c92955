// Pattern matching (match_internal.h). A path pattern is matched from one
// anchor node (the most selective: a bound variable, then a property-index
// seek, then a name-index lookup, then a label scan, then all nodes),
// expanding right to its end and then left to its start along the store's
// adjacency (match_expand.cc), with relationship uniqueness across the
// whole MATCH. shortestPath/allShortestPaths run a breadth-first search
// (match_shortest.cc).

#include <algorithm>
#include <functional>

#include "query/match_internal.h"

namespace newsgraph {

namespace {

bool IsConstant(const Expr& e) { return e.kind == Expr::Kind::kLiteral || e.kind == Expr::Kind::kParam; }

// The first `{key: constant}` of `n` that a property index on one of its
// labels answers (setting *label), or null.
const std::pair<std::string, std::unique_ptr<Expr>>* IndexedEntry(const NodePattern& n, const Graph& g,
                                                                  const std::string** label) {
  if (n.labels.empty() || g.PropertyIndexes().empty()) return nullptr;
  for (const auto& entry : n.properties.entries) {
    if (!IsConstant(*entry.second)) continue;
    for (const std::string& l : n.labels)
      if (g.HasPropertyIndex(l, entry.first)) {
        *label = &l;
        return &entry;
      }
  }
  return nullptr;
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

}  // namespace

AnchorKind AnchorOf(const NodePattern& n, const Bindings& bound, const Graph& g) {
  if (bound(n.slot)) return AnchorKind::kBound;
  const std::string* label;
  if (IndexedEntry(n, g, &label)) return AnchorKind::kIndexSeek;
  for (const auto& [key, e] : n.properties.entries)
    if (key == "name" && IsConstant(*e)) return AnchorKind::kNameLookup;
  if (!n.labels.empty()) return AnchorKind::kLabelScan;
  return AnchorKind::kAllNodes;
}

size_t ChooseAnchor(const PathPattern& p, const Bindings& bound, const Graph& g) {
  size_t best = 0;
  for (size_t i = 1; i < p.nodes.size(); ++i)
    if (AnchorOf(p.nodes[i], bound, g) < AnchorOf(p.nodes[best], bound, g)) best = i;
  return best;
}

Status PatternMatcher::Run(Row& row) {
  bound_.assign(row.size(), false);
  for (size_t i = 0; i < row.size(); ++i) bound_[i] = !row[i].is_null();
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

// Calls fn for each node that may match `n`, per its anchor kind.
Status PatternMatcher::Candidates(const NodePattern& n, Row& row, const std::function<Status(NodeId)>& fn) {
  switch (AnchorOf(n, row, ex_->graph_)) {
    case AnchorKind::kBound: {
      const Value& v = row[n.slot];
      if (v.type() != Value::kNode) return Status::OK();  // bound to something else: no match
      return fn(std::get<NodeValue>(v.v).id);
    }
    case AnchorKind::kIndexSeek: {
      const std::string* label;
      const auto* entry = IndexedEntry(n, ex_->graph_, &label);
      Result<Value> want = ex_->Eval(*entry->second, row);
      if (!want.ok()) return want.status();
      if (want->is_null()) return Status::OK();  // = null is never true
      PropertyValue value;
      if (IndexableValue(want.value(), &value)) {
        std::vector<NodeId> ids;
        NG_RETURN_IF_ERROR(ex_->graph_.FindByProperty(*label, entry->first, value, &ids));
        for (NodeId id : ids) NG_RETURN_IF_ERROR(fn(id));  // WithNode compares every property
        return Status::OK();
      }
      return Scan(n, fn);  // a list or map: not in the index
    }
    case AnchorKind::kNameLookup: {
      for (const auto& [key, e] : n.properties.entries) {
        if (key != "name") continue;
        Result<Value> name = ex_->Eval(*e, row);
        if (!name.ok()) return name.status();
        if (name->type() != Value::kString) return Status::OK();
        std::vector<NodeId> ids;
        NG_RETURN_IF_ERROR(ex_->graph_.FindByName(std::get<std::string>(name->v), &ids));
        for (NodeId id : ids) NG_RETURN_IF_ERROR(fn(id));
        return Status::OK();
      }
      return Status::OK();
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

Status Executor::Match(const PathPattern* patterns, size_t n, int count_slot, Row& row,
                       const std::function<Status(Row&)>& emit) {
  PatternMatcher m(this, patterns, n, count_slot, emit);
  Status s = m.Run(row);
  return s.code() == Status::Code::kStopped ? Status::OK() : s;
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
  std::string out;
  const NodePattern& a = p.nodes[anchor];
  switch (AnchorOf(a, bound, graph)) {
    case AnchorKind::kBound: out = "Argument(" + name(a) + ")"; break;
    case AnchorKind::kIndexSeek: {
      const std::string* label;
      const auto* entry = IndexedEntry(a, graph, &label);
      out = "NodeIndexSeek(" + name(a) + ":" + *label + " {" + entry->first + "})";
      break;
    }
    case AnchorKind::kNameLookup: out = "NodeByNameIndex(" + name(a) + ")"; break;
    case AnchorKind::kLabelScan: out = "NodeByLabelScan(" + name(a) + ":" + a.labels[0] + ")"; break;
    case AnchorKind::kAllNodes: out = "AllNodesScan(" + name(a) + ")"; break;
  }
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
  for (size_t k = anchor; k + 1 < p.nodes.size(); ++k) {
    bool counted = CountsTail(p, anchor, k);
    std::string filters;
    for (const EdgeFilter& f : p.rels[k].filters)
      filters += (filters.empty() ? " WHERE " : " AND ") + p.rels[k].variable + "." + f.key + " " +
                 CompareOpText(f.op) + " " +
                 (f.operand->kind == Expr::Kind::kParam ? "$" + f.operand->name : ToLiteral(f.operand->value));
    out += std::string(counted ? " -> ExpandCount(" : " -> Expand(") +
           (p.rels[k].direction == Direction::kIn ? "<-" : "-") + rel_text(p.rels[k]) +
           (p.rels[k].direction == Direction::kOut ? "->" : "-") + name(p.nodes[k + 1]) + filters + ")";
  }
  for (size_t k = anchor; k > 0; --k)
    out += " -> Expand(" + name(p.nodes[k - 1]) + " from " + name(p.nodes[k]) + " " + rel_text(p.rels[k - 1]) + ")";
  return out;
}

}  // namespace newsgraph
