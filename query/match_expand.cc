// Binding and expansion (match_internal.h): a node or relationship
// position is bound only while the rest of the match runs; a pattern is
// expanded hop by hop from its anchor to its right end, then to its left
// end, a variable-length relationship by a depth-first walk over
// relationships not used yet in the match.

#include <algorithm>
#include <functional>

#include "graph/scanner.h"
#include "query/match_internal.h"

namespace newsgraph {

Result<bool> PatternMatcher::NodeMatches(const NodePattern& n, NodeId id, Row& row) {
  if (n.slot >= 0 && bound_[n.slot]) {
    const Value& v = row[n.slot];
    if (v.type() != Value::kNode || std::get<NodeValue>(v.v).id != id) return false;
  }
  if (n.labels.empty() && n.properties.entries.empty()) return true;
  if (cols_ && !n.labels.empty()) {
    Result<bool> has = HasLabels(n, id);
    if (!has.ok() || !has.value() || n.properties.entries.empty()) return has;
  }
  auto node = ex_->LoadNode(id);
  if (!node.ok()) return node.status();
  for (const std::string& l : n.labels)
    if (!std::binary_search(node.value()->labels.begin(), node.value()->labels.end(), l)) return false;
  for (const auto& [key, e] : n.properties.entries) {
    Result<Value> want = ex_->Eval(*e, row);
    if (!want.ok()) return want.status();
    auto it = node.value()->properties.find(key);
    if (it == node.value()->properties.end()) return false;
    if (CypherEquals(Value::FromProperty(it->second), want.value()) != 1) return false;
  }
  return true;
}

Result<bool> PatternMatcher::EdgeMatches(const RelPattern& r, EdgeId id, Row& row) {
  if (r.properties.entries.empty() && r.filters.empty()) return true;
  auto edge = ex_->LoadEdge(id);
  if (!edge.ok()) return edge.status();
  if (!r.filters.empty()) {
    Result<const std::vector<Value>*> operands = FilterOperands(r, row);
    if (!operands.ok()) return operands.status();
    if (!FiltersHold(r, *operands.value(), *edge.value())) return false;
  }
  for (const auto& [key, e] : r.properties.entries) {
    Result<Value> want = ex_->Eval(*e, row);
    if (!want.ok()) return want.status();
    if (CypherEquals(EdgeProperty(*edge.value(), key), want.value()) != 1) return false;
  }
  return true;
}

// Binds node position k of pattern pi to `id` if it matches, runs `next`,
// and unbinds.
Status PatternMatcher::WithNode(size_t pi, size_t k, NodeId id, Row& row, const std::function<Status()>& next) {
  const NodePattern& n = patterns_[pi].nodes[k];
  Result<bool> ok = NodeMatches(n, id, row);
  if (!ok.ok()) return ok.status();
  if (!ok.value()) return Status::OK();
  positions_[pi].nodes[k] = id;
  bool newly = n.slot >= 0 && !bound_[n.slot];
  if (newly) {
    row[n.slot] = Value(NodeValue{id, nullptr});
    bound_[n.slot] = true;
  }
  Status s = next();
  if (newly) {
    bound_[n.slot] = false;
    row[n.slot] = Value();
  }
  return s;
}

Status PatternMatcher::ExpandRight(size_t pi, size_t anchor, size_t k, Row& row) {
  const PathPattern& p = patterns_[pi];
  if (k + 1 == p.nodes.size()) return ExpandLeft(pi, anchor, row);
  // The last step, every other relationship bound: count it.
  if (CountsTail(p, anchor, k)) return CountTail(pi, k, row);
  return Hop(pi, k, /*forward=*/true, row, [&] { return ExpandRight(pi, anchor, k + 1, row); });
}

// The last step of pattern pi (a counted tail, planner.h) from node k:
// counts the relationships it may take (unique within the match, passing
// the filters) and, when there are some, finishes the match once with the
// count in count_slot_ instead of once per relationship.
Status PatternMatcher::CountTail(size_t pi, size_t k, Row& row) {
  const PathPattern& p = patterns_[pi];
  const RelPattern& r = p.rels[k];
  const NodePattern& end = p.nodes[k + 1];
  if ((end.slot >= 0 && bound_[end.slot]) || (r.slot >= 0 && bound_[r.slot]))  // bound before: match as usual
    return Hop(pi, k, /*forward=*/true, row, [&] { return ExpandRight(pi, 0, k + 1, row); });
  Result<const std::vector<Value>*> operands = FilterOperands(r, row);
  if (!operands.ok()) return operands.status();
  int64_t count = 0;
  size_t read = 0;
  Edge edge;
  Status inner;
  NG_RETURN_IF_ERROR(ForEachNeighbor(positions_[pi].nodes[k], r.direction, r, [&](const AdjacencyEntry& e) {
    ++read;
    if (!MayTake(e.edge, r.direction, e.other == e.node, e.outgoing)) return true;
    if (!r.filters.empty()) {
      const Edge* record = &edge;
      std::shared_ptr<const Edge> loaded;
      if (!e.ToEdge(&edge)) {  // a format-1 entry: read the record
        auto got = ex_->LoadEdge(e.edge);
        if (!got.ok()) {
          inner = got.status();
          return false;
        }
        loaded = std::move(got).value();
        record = loaded.get();
      }
      if (!FiltersHold(r, *operands.value(), *record)) return true;
    }
    ++count;
    return true;
  }));
  NG_RETURN_IF_ERROR(inner);
  NG_RETURN_IF_ERROR(ex_->Tick(read + 1));
  if (count == 0) return Status::OK();
  row[count_slot_] = Value(count);
  Status s = ExpandLeft(pi, 0, row);
  row[count_slot_] = Value();
  return s;
}

// The values the filters of `r` compare with: literals and parameters,
// evaluated once per match.
Result<const std::vector<Value>*> PatternMatcher::FilterOperands(const RelPattern& r, Row& row) {
  auto [it, fresh] = filter_operands_.try_emplace(&r);
  if (fresh) {
    for (const EdgeFilter& f : r.filters) {
      Result<Value> v = ex_->Eval(*f.operand, row);
      if (!v.ok()) {
        filter_operands_.erase(it);
        return v.status();
      }
      it->second.push_back(std::move(v).value());
    }
  }
  return &it->second;
}

bool PatternMatcher::FiltersHold(const RelPattern& r, const std::vector<Value>& operands, const Edge& edge) {
  for (size_t i = 0; i < r.filters.size(); ++i) {
    Value holds = Compare(r.filters[i].op, EdgeProperty(edge, r.filters[i].key), operands[i]);
    if (holds.type() != Value::kBool || !std::get<bool>(holds.v)) return false;
  }
  return true;
}

Status PatternMatcher::ExpandLeft(size_t pi, size_t k, Row& row) {
  if (k == 0) return Finish(pi, row);
  return Hop(pi, k - 1, /*forward=*/false, row, [&] { return ExpandLeft(pi, k - 1, row); });
}

// Matches relationship position `ri` of pattern pi, from its left node
// (forward) or its right node (backward), then binds the far node and
// runs `next`.
Status PatternMatcher::Hop(size_t pi, size_t ri, bool forward, Row& row, const std::function<Status()>& next) {
  const PathPattern& p = patterns_[pi];
  const RelPattern& r = p.rels[ri];
  Position& pos = positions_[pi];
  NodeId from = pos.nodes[forward ? ri : ri + 1];
  size_t target = forward ? ri + 1 : ri;
  Direction dir = forward ? r.direction : Reverse(r.direction);
  int max_hops = MaxHops(r);
  int min_hops = MinHops(r);
  if (p.distinct_endpoints) return Reach(pi, ri, from, target, dir, min_hops, max_hops, row, next);
  int target_slot = p.nodes[target].slot;
  bool target_bound = target_slot >= 0 && bound_[target_slot];
  if (ExpandsInto(p, ri, target_bound)) return ExpandInto(pi, ri, from, target, dir, row, next);
  auto [close, closing] = IntersectsWith(p, ri, forward, target_bound, [&](int slot) { return bound_[slot]; });
  if (close >= 0 && ColumnsFor(r)) {
    const RelPattern& c = p.rels[close];
    return ExpandIntersect(pi, ri, from, target, dir, closing, c, forward ? c.direction : Reverse(c.direction), row,
                           next);
  }
  // A bounded walk to a node bound already, or found first by its seek
  // (ExpandBetween): pruned to nodes from which it is still in reach, its
  // last hop read from the bound node's table (as an ExpandInto's).
  IntoTable last_hop;
  std::vector<uint8_t> dist;
  int levels = -1;
  if (ExpandsBetween(p, ri, target, target_bound ? AnchorKind::kBound : AnchorOf(p.nodes[target], row, ex_->graph_))) {
    if (!target_bound)
      return Candidates(p.nodes[target], row, [&](NodeId id) {
        return WithNode(pi, target, id, row, [&] { return Hop(pi, ri, forward, row, next); });
      });
    const Value& to = row[target_slot];
    if (to.type() != Value::kNode) return Status::OK();  // bound to something else: no match
    NG_RETURN_IF_ERROR(DistancesTo(std::get<NodeValue>(to.v).id, dir, r, max_hops - 1, &dist, &levels));
    last_hop.node = std::get<NodeValue>(to.v).id;
    last_hop.dir = dir;
  }
  std::vector<EdgeId> edges;
  std::shared_ptr<const Edge> last;  // the record of edges.back(), when read from its entry
  std::function<Status(NodeId, int)> walk = [&](NodeId at, int depth) -> Status {
    if (depth >= min_hops) {
      // Record the hops left to right.
      pos.rel_edges[ri] = edges;
      if (!forward) std::reverse(pos.rel_edges[ri].begin(), pos.rel_edges[ri].end());
      NG_RETURN_IF_ERROR(BindRel(r, pos.rel_edges[ri], row, [&] { return WithNode(pi, target, at, row, next); }, last));
    }
    if (max_hops >= 0 && depth >= max_hops) return Status::OK();
    std::vector<Neighbor> neighbors;
    std::vector<std::shared_ptr<const Edge>> records;
    bool filtered = false;
    if (levels >= 0 && depth + 1 == max_hops)
      NG_RETURN_IF_ERROR(EdgesTo(at, r, row, &last_hop, &neighbors, &filtered, &records));
    else
      NG_RETURN_IF_ERROR(Expand(at, dir, r, row, &neighbors, &filtered, &records));
    NG_RETURN_IF_ERROR(ex_->Tick(neighbors.size() + 1));
    for (size_t i = 0; i < neighbors.size(); ++i) {
      const Neighbor& nb = neighbors[i];
      last = records[i];
      int left = max_hops - depth - 1;  // hops left after this one; is the bound node still in reach?
      if (!dist.empty() && left <= levels && (nb.node >= dist.size() || dist[nb.node] > left)) continue;
      if (!MayTake(nb.edge, dir, nb.node == at, nb.outgoing)) continue;
      if (!filtered || !r.properties.entries.empty()) {  // what Expand did not test
        Result<bool> ok = EdgeMatches(r, nb.edge, row);
        if (!ok.ok()) return ok.status();
        if (!ok.value()) continue;
      }
      used_.push_back(nb.edge);
      edges.push_back(nb.edge);
      Status s = walk(nb.node, depth + 1);
      edges.pop_back();
      used_.pop_back();
      NG_RETURN_IF_ERROR(s);
    }
    return Status::OK();
  };
  // Intermediate nodes are not kept: BuildPath rebuilds them from the edges.
  return walk(from, 0);
}

// A single step to a node bound already (the node that closes a cycle, or
// a variable bound before the MATCH): the edges between `from` and that
// node, not every neighbour of `from` each compared with it. The bound
// node's adjacency is read once into a table sorted by neighbour, and each
// lookup is a binary search in it: a node bound by this match is an outer
// loop's (a triangle's first node for each of its (b, c) pairs), so its
// table serves every row under it. For a node the input row gave (which
// may change with each row) the first lookup scans `from`'s adjacency
// instead, and the table is made at the second. A hash join of the two
// sides would also close cycles, but needs one side whole before the
// first row; this keeps the matcher's streaming nested loops and costs one
// adjacency read per bound node.
Status PatternMatcher::ExpandInto(size_t pi, size_t ri, NodeId from, size_t target, Direction dir, Row& row,
                                  const std::function<Status()>& next) {
  const RelPattern& r = patterns_[pi].rels[ri];
  const Value& bound = row[patterns_[pi].nodes[target].slot];
  if (bound.type() != Value::kNode) return Status::OK();  // bound to something else: no match
  NodeId to = std::get<NodeValue>(bound.v).id;
  // One edge as seen from `from`, with its record when read from its entry.
  auto take = [&](EdgeId edge, bool outgoing, const std::shared_ptr<const Edge>& record, bool filtered) -> Status {
    if (!MayTake(edge, dir, from == to, outgoing)) return Status::OK();
    if (!filtered || !r.properties.entries.empty()) {  // what Expand did not test
      Result<bool> ok = EdgeMatches(r, edge, row);
      if (!ok.ok()) return ok.status();
      if (!ok.value()) return Status::OK();
    }
    used_.push_back(edge);
    std::vector<EdgeId>& edges = positions_[pi].rel_edges[ri];
    edges.assign(1, edge);
    Status s = BindRel(r, edges, row, [&] { return WithNode(pi, target, to, row, next); }, record);
    used_.pop_back();
    return s;
  };
  IntoTable& t = into_[&r];
  if (t.node != to || t.dir != dir) {
    t = IntoTable();
    t.node = to;
    t.dir = dir;
  }
  if (!t.built && !t.scanned && given_[patterns_[pi].nodes[target].slot]) {
    // The first lookup for a node the input row gave: it may change with
    // every row, and a table of a hub's adjacency per row would cost more
    // than the scans it saves.
    t.scanned = true;
    std::vector<Neighbor> neighbors;
    std::vector<std::shared_ptr<const Edge>> records;
    bool filtered = false;
    NG_RETURN_IF_ERROR(Expand(from, dir, r, row, &neighbors, &filtered, &records));
    NG_RETURN_IF_ERROR(ex_->Tick(neighbors.size() + 1));
    for (size_t i = 0; i < neighbors.size(); ++i)
      if (neighbors[i].node == to) NG_RETURN_IF_ERROR(take(neighbors[i].edge, neighbors[i].outgoing, records[i], filtered));
    return Status::OK();
  }
  NG_RETURN_IF_ERROR(BuildInto(r, row, &t));
  auto it = std::lower_bound(t.by_node.begin(), t.by_node.end(), std::make_pair(from, size_t{0}));
  NG_RETURN_IF_ERROR(ex_->Tick(1));
  for (; it != t.by_node.end() && it->first == from; ++it) {
    const Neighbor& nb = t.neighbors[it->second];
    // Seen from `from`, the edge points the other way (a self-loop's two
    // entries swap, which MayTake counts the same).
    NG_RETURN_IF_ERROR(take(nb.edge, !nb.outgoing, t.records[it->second], t.filtered));
  }
  return Status::OK();
}

Status PatternMatcher::BuildInto(const RelPattern& r, Row& row, IntoTable* t) {
  if (t->built) return Status::OK();
  NG_RETURN_IF_ERROR(Expand(t->node, Reverse(t->dir), r, row, &t->neighbors, &t->filtered, &t->records));
  NG_RETURN_IF_ERROR(ex_->Tick(t->neighbors.size() + 1));
  for (size_t i = 0; i < t->neighbors.size(); ++i) t->by_node.emplace_back(t->neighbors[i].node, i);
  std::sort(t->by_node.begin(), t->by_node.end());
  t->built = true;
  return Status::OK();
}

Status PatternMatcher::ForEachNeighbor(NodeId at, Direction dir, const RelPattern& r,
                                       const std::function<bool(const AdjacencyEntry&)>& fn) {
  // Entries are decoded into edges (ToEdge) only for a step that binds or tests its relationship.
  bool values = r.slot >= 0 || !r.properties.entries.empty() || !r.filters.empty();
  return ForEachNeighbor(scanner_, ColumnsFor(r), values, at, dir, r.types, fn);
}

Status PatternMatcher::ForEachNeighbor(GraphScanner& scanner, const EdgeColumns* cols, bool values, NodeId at,
                                       Direction dir, const std::vector<std::string>& types,
                                       const std::function<bool(const AdjacencyEntry&)>& fn) {
  auto each_of = [&](std::string_view type, const std::function<bool(const AdjacencyEntry&)>& f) -> Status {
    if (!cols) return scanner.ForEachEntry(at, dir, type, f);
    cols->ForEachEntry(at, dir, type, values, f);
    return Status::OK();
  };
  if (types.empty()) return each_of("", fn);
  bool stopped = false;
  for (const std::string& t : types) {
    if (stopped) break;
    NG_RETURN_IF_ERROR(each_of(t, [&](const AdjacencyEntry& e) {
      stopped = !fn(e);
      return !stopped;
    }));
  }
  return Status::OK();
}

const EdgeColumns* PatternMatcher::ColumnsFor(const RelPattern& r) const {
  if (!cols_ || !cols_->properties()) return cols_;
  if (r.slot >= 0 || !r.properties.entries.empty() || cols_->weight_property()) return nullptr;
  for (const EdgeFilter& f : r.filters)
    if (f.key != "weight") return nullptr;
  return cols_;
}

Result<bool> PatternMatcher::HasLabels(const NodePattern& n, NodeId id) {
  auto [it, fresh] = members_.try_emplace(&n);
  if (fresh) {
    for (const std::string& l : n.labels) {
      Result<std::shared_ptr<const std::vector<bool>>> m = ex_->graph_.LabelMembers(l);
      if (!m.ok()) {
        members_.erase(it);
        return m.status();
      }
      it->second.push_back(std::move(m).value());
    }
  }
  for (const auto& m : it->second)
    if (id >= m->size() || !(*m)[id]) return false;
  return true;
}

// The edges at `at` that a step along `r` may take. An edge that fails r's
// filters is dropped here, tested on its adjacency entry (which carries
// the edge's weight and properties). When the step binds or filters its
// relationship, each edge kept is read from its entry into the executor's
// cache, where matching and the query's property reads find it without a
// read of the edge record.
Status PatternMatcher::Expand(NodeId at, Direction dir, const RelPattern& r, Row& row, std::vector<Neighbor>* out,
                             bool* filtered, std::vector<std::shared_ptr<const Edge>>* records) {
  out->clear();
  if (records) records->clear();
  if (filtered) *filtered = !r.filters.empty();
  const std::vector<Value>* operands = nullptr;
  if (!r.filters.empty()) {
    Result<const std::vector<Value>*> got = FilterOperands(r, row);
    if (!got.ok()) return got.status();
    operands = got.value();
  }
  bool keep_edges = r.slot >= 0 || !r.properties.entries.empty();
  return ForEachNeighbor(at, dir, r, [&](const AdjacencyEntry& e) {
    Edge edge;
    bool decoded = (keep_edges || operands) && e.ToEdge(&edge);  // false for a format-1 entry
    if (!decoded && filtered) *filtered = false;                  // then EdgeMatches reads the record
    if (decoded && operands && !FiltersHold(r, *operands, edge)) return true;
    out->push_back(Neighbor{e.edge, e.other, e.outgoing, std::string()});
    std::shared_ptr<const Edge> record;
    if (decoded && keep_edges) {
      record = std::make_shared<const Edge>(std::move(edge));
      ex_->RememberEdge(record);
    }
    if (records) records->push_back(std::move(record));
    return true;
  });
}

// Binds the relationship variable (one relationship, or a list for a
// variable-length pattern) and runs `next`.
Status PatternMatcher::BindRel(const RelPattern& r, const std::vector<EdgeId>& edges, Row& row,
                               const std::function<Status()>& next, std::shared_ptr<const Edge> record) {
  if (r.slot < 0) return next();
  Value v;
  if (r.variable_length) {
    ValueList list;
    for (EdgeId e : edges) list.push_back(Value(RelValue{e, nullptr}));
    v = Value(std::move(list));
  } else {
    // A reader's record goes with the value: a snapshot's edge never
    // changes, and property reads then need no lookup.
    v = Value(RelValue{edges[0], ex_->writer_ ? nullptr : std::move(record)});
  }
  if (bound_[r.slot]) {
    return CypherEquals(row[r.slot], v) == 1 ? next() : Status::OK();
  }
  row[r.slot] = std::move(v);
  bound_[r.slot] = true;
  Status s = next();
  bound_[r.slot] = false;
  row[r.slot] = Value();
  return s;
}

}  // namespace newsgraph
