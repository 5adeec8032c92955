// Pattern matching. A path pattern is matched from one anchor node (the
// most selective: a bound variable, then a property-index seek, then a
// name-index lookup, then a label scan, then all nodes), expanding right to its end and then left to its
// start along the store's adjacency, with relationship uniqueness across
// the whole MATCH. shortestPath/allShortestPaths run a breadth-first search.

#include <algorithm>
#include <deque>
#include <functional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "query/executor.h"

namespace newsgraph {

namespace {

// How an anchor is found, most selective first.
enum class AnchorKind { kBound = 0, kIndexSeek = 1, kNameLookup = 2, kLabelScan = 3, kAllNodes = 4 };

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

AnchorKind AnchorOf(const NodePattern& n, const Row& row, const Graph& g) {
  if (n.slot >= 0 && n.slot < static_cast<int>(row.size()) && !row[n.slot].is_null()) return AnchorKind::kBound;
  const std::string* label;
  if (IndexedEntry(n, g, &label)) return AnchorKind::kIndexSeek;
  for (const auto& [key, e] : n.properties.entries)
    if (key == "name" && IsConstant(*e)) return AnchorKind::kNameLookup;
  if (!n.labels.empty()) return AnchorKind::kLabelScan;
  return AnchorKind::kAllNodes;
}

size_t ChooseAnchor(const PathPattern& p, const Row& row, const Graph& g) {
  size_t best = 0;
  for (size_t i = 1; i < p.nodes.size(); ++i)
    if (AnchorOf(p.nodes[i], row, g) < AnchorOf(p.nodes[best], row, g)) best = i;
  return best;
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

Direction Reverse(Direction d) {
  return d == Direction::kOut ? Direction::kIn : (d == Direction::kIn ? Direction::kOut : Direction::kBoth);
}

// A set of node ids: a bitmap over the id range while that is small (ids
// are dense), else a hash set.
class NodeSet {
 public:
  explicit NodeSet(NodeId bound) {
    if (bound <= (NodeId{1} << 26)) bits_.assign(bound, false);
  }
  // Whether the bitmap covers every id below the bound given.
  bool dense() const { return !bits_.empty(); }
  bool Contains(NodeId id) const { return id < bits_.size() ? bits_[id] : others_.count(id) > 0; }
  // True if `id` was not in the set.
  bool Insert(NodeId id) {
    if (id < bits_.size()) {
      if (bits_[id]) return false;
      bits_[id] = true;
      return true;
    }
    return others_.insert(id).second;
  }

 private:
  std::vector<bool> bits_;
  std::unordered_set<NodeId> others_;
};

}  // namespace

class PatternMatcher {
 public:
  // `count_slot`: where a pattern with a counted tail puts its counts (-1: none).
  PatternMatcher(Executor* ex, std::vector<PathPattern>& patterns, int count_slot,
                 const std::function<Status(Row&)>& emit)
      : ex_(ex), patterns_(patterns), count_slot_(count_slot), emit_(emit) {}

  Status Run(Row& row) {
    bound_.assign(row.size(), false);
    for (size_t i = 0; i < row.size(); ++i) bound_[i] = !row[i].is_null();
    positions_.assign(patterns_.size(), Position());  // sized once: Hop holds references
    return MatchPattern(0, row);
  }

 private:
  struct Position {  // what one path pattern has bound so far
    std::vector<NodeId> nodes;
    std::vector<std::vector<EdgeId>> rel_edges;  // per relationship position, left to right
  };

  Status MatchPattern(size_t pi, Row& row) {
    if (pi == patterns_.size()) return emit_(row);
    PathPattern& p = patterns_[pi];
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
  Status Candidates(const NodePattern& n, Row& row, const std::function<Status(NodeId)>& fn) {
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
  Status Scan(const NodePattern& n, const std::function<Status(NodeId)>& fn) {
    Status inner;
    std::string label = n.labels.empty() ? "" : n.labels[0];
    Status scan = ex_->graph_.ScanNodes(label, [&](NodeId id) {
      inner = fn(id);
      return inner.ok();
    });
    NG_RETURN_IF_ERROR(inner);
    return scan;
  }

  Result<bool> NodeMatches(const NodePattern& n, NodeId id, Row& row) {
    if (n.slot >= 0 && bound_[n.slot]) {
      const Value& v = row[n.slot];
      if (v.type() != Value::kNode || std::get<NodeValue>(v.v).id != id) return false;
    }
    if (n.labels.empty() && n.properties.entries.empty()) return true;
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

  Result<bool> EdgeMatches(const RelPattern& r, EdgeId id, Row& row) {
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
  Status WithNode(size_t pi, size_t k, NodeId id, Row& row, const std::function<Status()>& next) {
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

  Status ExpandRight(size_t pi, size_t anchor, size_t k, Row& row) {
    PathPattern& p = patterns_[pi];
    if (k + 1 == p.nodes.size()) return ExpandLeft(pi, anchor, row);
    // The last step, every other relationship bound: count it.
    if (p.count_tail && anchor == 0 && k + 2 == p.nodes.size()) return CountTail(pi, k, row);
    return Hop(pi, k, /*forward=*/true, row, [&] { return ExpandRight(pi, anchor, k + 1, row); });
  }

  // The last step of pattern pi (a counted tail, planner.h) from node k:
  // counts the relationships it may take (unique within the match, passing
  // the filters) and, when there are some, finishes the match once with the
  // count in count_slot_ instead of once per relationship.
  Status CountTail(size_t pi, size_t k, Row& row) {
    PathPattern& p = patterns_[pi];
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
    NG_RETURN_IF_ERROR(ForEachNeighbor(positions_[pi].nodes[k], r.direction, r.types, [&](const AdjacencyEntry& e) {
      ++read;
      if (std::find(used_.begin(), used_.end(), e.edge) != used_.end()) return true;
      if (r.direction == Direction::kBoth && e.other == e.node && !e.outgoing) return true;  // a self-loop once
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
  Result<const std::vector<Value>*> FilterOperands(const RelPattern& r, Row& row) {
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

  static bool FiltersHold(const RelPattern& r, const std::vector<Value>& operands, const Edge& edge) {
    for (size_t i = 0; i < r.filters.size(); ++i) {
      Value holds = Compare(r.filters[i].op, EdgeProperty(edge, r.filters[i].key), operands[i]);
      if (holds.type() != Value::kBool || !std::get<bool>(holds.v)) return false;
    }
    return true;
  }

  Status ExpandLeft(size_t pi, size_t k, Row& row) {
    if (k == 0) return Finish(pi, row);
    return Hop(pi, k - 1, /*forward=*/false, row, [&] { return ExpandLeft(pi, k - 1, row); });
  }

  // Matches relationship position `ri` of pattern pi, from its left node
  // (forward) or its right node (backward), then binds the far node and
  // runs `next`.
  Status Hop(size_t pi, size_t ri, bool forward, Row& row, const std::function<Status()>& next) {
    PathPattern& p = patterns_[pi];
    const RelPattern& r = p.rels[ri];
    Position& pos = positions_[pi];
    NodeId from = pos.nodes[forward ? ri : ri + 1];
    size_t target = forward ? ri + 1 : ri;
    Direction dir = forward ? r.direction : Reverse(r.direction);
    int max_hops = r.variable_length ? r.max_hops : 1;
    int min_hops = r.variable_length ? r.min_hops : 1;
    if (p.distinct_endpoints) return Reach(pi, ri, from, target, dir, min_hops, max_hops, row, next);
    std::vector<EdgeId> edges;
    std::function<Status(NodeId, int)> walk = [&](NodeId at, int depth) -> Status {
      if (depth >= min_hops) {
        // Record the hops left to right.
        pos.rel_edges[ri] = edges;
        if (!forward) std::reverse(pos.rel_edges[ri].begin(), pos.rel_edges[ri].end());
        NG_RETURN_IF_ERROR(BindRel(r, pos.rel_edges[ri], row, [&] { return WithNode(pi, target, at, row, next); }));
      }
      if (max_hops >= 0 && depth >= max_hops) return Status::OK();
      std::vector<Neighbor> neighbors;
      NG_RETURN_IF_ERROR(Expand(at, dir, r, &neighbors));
      NG_RETURN_IF_ERROR(ex_->Tick(neighbors.size() + 1));
      for (const Neighbor& nb : neighbors) {
        if (std::find(used_.begin(), used_.end(), nb.edge) != used_.end()) continue;
        // An undirected self-loop shows up once per direction: take it once.
        if (dir == Direction::kBoth && nb.node == at && !nb.outgoing) continue;
        Result<bool> ok = EdgeMatches(r, nb.edge, row);
        if (!ok.ok()) return ok.status();
        if (!ok.value()) continue;
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

  // Breadth-first reachability for a pattern marked distinct_endpoints
  // (planner.h): each node within [min_hops, max_hops] steps is bound once.
  // A level's new nodes are found, then bound. Direction-optimizing (Beamer
  // et al., SC 2012): the frontier's edges are read in node id order
  // (sequential reads of the adjacency table) while that costs less than
  // the other way, which is to ask every node not reached yet whether an
  // edge joins it to the frontier, stopping at the first; from a hub the
  // frontier soon holds most of the graph's edges, and then the second way
  // reads a few entries a node instead of every edge of the frontier.
  Status Reach(size_t pi, size_t ri, NodeId from, size_t target, Direction dir, int min_hops, int max_hops, Row& row,
               const std::function<Status()>& next) {
    const RelPattern& r = patterns_[pi].rels[ri];
    NodeId bound = ex_->graph_.NodeIdBound();
    NodeSet seen(bound);
    seen.Insert(from);
    size_t unvisited = bound > 2 ? bound - 2 : 0;  // ids 1 .. bound - 1 but `from`; an estimate (deleted ids)
    bool start_reached = min_hops == 0;
    if (start_reached) NG_RETURN_IF_ERROR(WithNode(pi, target, from, row, next));
    // Big graphs are read by two threads, each with a scanner of its own;
    // they only read `seen`, which is written once both are done.
    bool parallel = bound > 65536 && !ex_->graph_.WritesOpen() && std::thread::hardware_concurrency() > 1;
    auto on_two_threads = [&](const std::function<void(GraphScanner&, size_t)>& work, size_t parts) {
      std::thread helper;
      if (parts > 1)
        helper = std::thread([&] {
          GraphScanner own(ex_->graph_);
          work(own, 1);
        });
      work(scanner_, 0);
      if (helper.joinable()) helper.join();
    };
    std::vector<NodeId> frontier = {from}, following;
    for (int depth = 1; !frontier.empty() && (max_hops < 0 || depth <= max_hops); ++depth) {
      following.clear();
      bool back_at_start = false;  // through a cycle
      std::sort(frontier.begin(), frontier.end());
      // A seek costs a few steps: past this many entries the other way is
      // cheaper. A frontier of more than a twentieth of the nodes not reached
      // yet (its nodes are reached through many edges: their degrees are
      // high) goes the other way at once.
      size_t budget = !seen.dense() ? ~size_t{0} : frontier.size() > unvisited / 20 ? 0 : 4 * unvisited + 1024;
      // Top-down: the frontier's edges, in halves of the frontier.
      struct Down {
        size_t begin, end, done;
        size_t read = 0;
        bool back = false;
        std::vector<NodeId> found;  // not seen before this level; may repeat
        Status status;
      };
      size_t halves = parallel && budget > 0 && frontier.size() >= 64 ? 2 : 1;
      std::vector<Down> downs;
      for (size_t h = 0; h < halves; ++h)
        downs.push_back({frontier.size() * h / halves, frontier.size() * (h + 1) / halves, 0, 0, false, {}, Status::OK()});
      if (budget > 0)
        on_two_threads(
            [&](GraphScanner& scanner, size_t h) {
              Down& d = downs[h];
              for (d.done = d.begin; d.done < d.end && d.read < budget / halves && d.status.ok(); ++d.done)
                d.status = ForEachNeighbor(scanner, frontier[d.done], dir, r.types, [&](const AdjacencyEntry& e) {
                  NodeId other = e.other;
                  ++d.read;
                  if (other == from) d.back = true;
                  if (!seen.Contains(other)) d.found.push_back(other);
                  return true;
                });
            },
            halves);
      bool rest_left = false;
      for (Down& d : downs) {
        if (budget == 0) d.done = d.begin;
        NG_RETURN_IF_ERROR(d.status);
        NG_RETURN_IF_ERROR(ex_->Tick(d.read + d.done - d.begin));
        back_at_start = back_at_start || d.back;
        for (NodeId n : d.found)
          if (seen.Insert(n)) following.push_back(n);
        rest_left = rest_left || d.done < d.end;
      }
      if (rest_left) {  // the rest of the frontier, from the other side
        NodeSet rest(bound);
        for (const Down& d : downs)
          for (size_t i = d.done; i < d.end; ++i) rest.Insert(frontier[i]);
        // Bottom-up: the id range in parts.
        struct Part {
          NodeId lo, hi;
          std::vector<NodeId> joined;
          size_t scanned = 0;
          Status status;
        };
        bool check_start = !start_reached && !back_at_start;
        size_t parts_n = parallel ? 2 : 1;
        std::vector<Part> parts;
        for (size_t p = 0; p < parts_n; ++p)
          parts.push_back({1 + (bound - 1) * p / parts_n, 1 + (bound - 1) * (p + 1) / parts_n, {}, 0, Status::OK()});
        on_two_threads(
            [&](GraphScanner& scanner, size_t p) {
              Part& part = parts[p];
              for (NodeId id = part.lo; id < part.hi && part.status.ok(); ++id) {
                if (seen.Contains(id) && (id != from || !check_start)) continue;
                bool joined = false;
                part.status = ForEachNeighbor(scanner, id, Reverse(dir), r.types, [&](const AdjacencyEntry& e) {
                  NodeId other = e.other;
                  ++part.scanned;
                  joined = rest.Contains(other);
                  return !joined;
                });
                if (joined) part.joined.push_back(id);
              }
            },
            parts_n);
        for (Part& part : parts) {
          NG_RETURN_IF_ERROR(part.status);
          NG_RETURN_IF_ERROR(ex_->Tick(part.scanned + part.hi - part.lo));
          for (NodeId id : part.joined) {
            if (id == from) back_at_start = true;
            else if (seen.Insert(id)) following.push_back(id);
          }
        }
      }
      unvisited -= std::min(unvisited, following.size());
      if (back_at_start && !start_reached) {
        start_reached = true;
        NG_RETURN_IF_ERROR(WithNode(pi, target, from, row, next));
      }
      for (NodeId n : following) NG_RETURN_IF_ERROR(WithNode(pi, target, n, row, next));
      frontier.swap(following);
    }
    return Status::OK();
  }

  // fn(entry) for the adjacency entries at `at` of any of `types`, until
  // fn returns false.
  Status ForEachNeighbor(NodeId at, Direction dir, const std::vector<std::string>& types,
                         const std::function<bool(const AdjacencyEntry&)>& fn) {
    return ForEachNeighbor(scanner_, at, dir, types, fn);
  }
  static Status ForEachNeighbor(GraphScanner& scanner, NodeId at, Direction dir,
                                const std::vector<std::string>& types,
                                const std::function<bool(const AdjacencyEntry&)>& fn) {
    if (types.empty()) return scanner.ForEachEntry(at, dir, "", fn);
    bool stopped = false;
    for (const std::string& t : types) {
      if (stopped) break;
      NG_RETURN_IF_ERROR(scanner.ForEachEntry(at, dir, t, [&](const AdjacencyEntry& e) {
        stopped = !fn(e);
        return !stopped;
      }));
    }
    return Status::OK();
  }

  // The edges at `at` that a step along `r` may take. When the step binds
  // or filters its relationship, each edge is read from its adjacency entry
  // into the executor's cache, where matching and the query's property
  // reads find it without a read of the edge record.
  Status Expand(NodeId at, Direction dir, const RelPattern& r, std::vector<Neighbor>* out) {
    out->clear();
    bool keep_edges = r.slot >= 0 || !r.properties.entries.empty() || !r.filters.empty();
    return ForEachNeighbor(at, dir, r.types, [&](const AdjacencyEntry& e) {
      out->push_back(Neighbor{e.edge, e.other, e.outgoing, std::string()});
      Edge edge;
      if (keep_edges && e.ToEdge(&edge)) ex_->RememberEdge(std::make_shared<const Edge>(std::move(edge)));
      return true;
    });
  }

  // Binds the relationship variable (one relationship, or a list for a
  // variable-length pattern) and runs `next`.
  Status BindRel(const RelPattern& r, const std::vector<EdgeId>& edges, Row& row, const std::function<Status()>& next) {
    if (r.slot < 0) return next();
    Value v;
    if (r.variable_length) {
      ValueList list;
      for (EdgeId e : edges) list.push_back(Value(RelValue{e, nullptr}));
      v = Value(std::move(list));
    } else {
      v = Value(RelValue{edges[0], nullptr});
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

  Result<PathValue> BuildPath(size_t pi) {
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

  Status Finish(size_t pi, Row& row) {
    PathPattern& p = patterns_[pi];
    if (p.slot < 0) return MatchPattern(pi + 1, row);
    Result<PathValue> path = BuildPath(pi);
    if (!path.ok()) return path.status();
    row[p.slot] = Value(std::move(path).value());
    Status s = MatchPattern(pi + 1, row);
    row[p.slot] = Value();
    return s;
  }

  Status Shortest(size_t pi, Row& row) {
    PathPattern& p = patterns_[pi];
    const RelPattern& r = p.rels[0];
    // Search from the more selective end.
    size_t source = AnchorOf(p.nodes[1], row, ex_->graph_) < AnchorOf(p.nodes[0], row, ex_->graph_) ? 1 : 0;
    size_t target = 1 - source;
    Direction dir = source == 0 ? r.direction : Reverse(r.direction);
    int max_hops = r.variable_length ? r.max_hops : 1;
    int min_hops = r.variable_length ? r.min_hops : 1;
    // One shortest path to a few known ends: a search from both ends.
    bool few_ends = AnchorOf(p.nodes[target], row, ex_->graph_) <= AnchorKind::kNameLookup;
    return Candidates(p.nodes[source], row, [&](NodeId start) {
      return WithNode(pi, source, start, row, [&]() -> Status {
        if (p.shortest == PathPattern::Shortest::kShortest && min_hops <= 1 && few_ends) {
          std::vector<NodeId> ends;
          NG_RETURN_IF_ERROR(Candidates(p.nodes[target], row, [&](NodeId t) {
            ends.push_back(t);
            return Status::OK();
          }));
          if (std::find(ends.begin(), ends.end(), start) == ends.end()) {
            for (NodeId end : ends) {
              Result<bool> ok = NodeMatches(p.nodes[target], end, row);
              if (!ok.ok()) return ok.status();
              if (!ok.value()) continue;
              std::vector<EdgeId> edges;
              NG_RETURN_IF_ERROR(MeetInTheMiddle(r, start, end, dir, max_hops, row, &edges));
              if (edges.empty()) continue;
              if (source == 1) std::reverse(edges.begin(), edges.end());
              positions_[pi].rel_edges[0] = edges;
              NG_RETURN_IF_ERROR(BindRel(r, edges, row, [&] {
                return WithNode(pi, target, end, row, [&] { return Finish(pi, row); });
              }));
            }
            return Status::OK();
          }
        }
        // Breadth-first search keeping, per node, its depth and the edges
        // that reach it at that depth (all of them, for allShortestPaths).
        struct Reached {
          int depth;
          std::vector<std::pair<NodeId, EdgeId>> parents;
        };
        std::unordered_map<NodeId, Reached> reached;
        reached[start] = {0, {}};
        std::vector<NodeId> frontier = {start}, found;
        int depth = 0;
        bool stop = false;
        if (min_hops == 0) found.push_back(start);
        while (!frontier.empty() && !stop && (max_hops < 0 || depth < max_hops)) {
          ++depth;
          std::vector<NodeId> next;
          for (NodeId at : frontier) {
            std::vector<Neighbor> neighbors;
            NG_RETURN_IF_ERROR(Expand(at, dir, r, &neighbors));
            NG_RETURN_IF_ERROR(ex_->Tick(neighbors.size() + 1));
            for (const Neighbor& nb : neighbors) {
              Result<bool> ok = EdgeMatches(r, nb.edge, row);
              if (!ok.ok()) return ok.status();
              if (!ok.value()) continue;
              auto it = reached.find(nb.node);
              if (it == reached.end()) {
                reached[nb.node] = {depth, {{at, nb.edge}}};
                next.push_back(nb.node);
              } else if (it->second.depth == depth) {
                it->second.parents.push_back({at, nb.edge});
              }
            }
          }
          if (depth >= min_hops) {
            for (NodeId n : next) {
              Result<bool> ok = NodeMatches(p.nodes[target], n, row);
              if (!ok.ok()) return ok.status();
              if (ok.value()) found.push_back(n);
            }
            // With a bound target, the first level that reaches it is the answer.
            if (!found.empty() && AnchorOf(p.nodes[target], row, ex_->graph_) == AnchorKind::kBound) stop = true;
          }
          frontier = std::move(next);
        }
        for (NodeId end : found) {
          // Walk parents back to the start: one chain, or all for allShortestPaths.
          std::vector<std::vector<EdgeId>> chains;
          std::function<Status(NodeId, std::vector<EdgeId>&)> back = [&](NodeId at, std::vector<EdgeId>& chain) -> Status {
            if (at == start) {
              chains.emplace_back(chain.rbegin(), chain.rend());
              return ex_->Tick();
            }
            for (const auto& [parent, edge] : reached[at].parents) {
              chain.push_back(edge);
              NG_RETURN_IF_ERROR(back(parent, chain));
              chain.pop_back();
              if (p.shortest == PathPattern::Shortest::kShortest) break;
            }
            return Status::OK();
          };
          std::vector<EdgeId> chain;
          NG_RETURN_IF_ERROR(back(end, chain));
          for (std::vector<EdgeId>& edges : chains) {
            if (source == 1) std::reverse(edges.begin(), edges.end());
            positions_[pi].rel_edges[0] = edges;
            NG_RETURN_IF_ERROR(BindRel(r, edges, row, [&] {
              return WithNode(pi, target, end, row, [&] { return Finish(pi, row); });
            }));
          }
        }
        return Status::OK();
      });
    });
  }

  // A shortest path from `from` to `to` (!= from) of at most max_hops
  // (< 0: any) relationships matching `r`, into *edges (left empty when
  // there is none): breadth-first from both ends, a whole level at a time
  // of the smaller frontier, until the searches meet; the meeting node with
  // the least total depth gives the path.
  Status MeetInTheMiddle(const RelPattern& r, NodeId from, NodeId to, Direction dir, int max_hops, Row& row,
                         std::vector<EdgeId>* edges) {
    struct Reached {
      int depth;
      NodeId parent;  // toward this side's start
      EdgeId edge;
    };
    std::unordered_map<NodeId, Reached> side[2];
    side[0][from] = {0, 0, 0};
    side[1][to] = {0, 0, 0};
    std::vector<NodeId> frontier[2] = {{from}, {to}}, next;
    int depth[2] = {0, 0};
    NodeId meet = 0;
    int best = -1;
    while (!frontier[0].empty() && !frontier[1].empty() && (max_hops < 0 || depth[0] + depth[1] < max_hops)) {
      int s = frontier[0].size() <= frontier[1].size() ? 0 : 1;
      Direction d = s == 0 ? dir : Reverse(dir);
      ++depth[s];
      next.clear();
      std::sort(frontier[s].begin(), frontier[s].end());
      std::vector<std::pair<NodeId, EdgeId>> found;
      for (NodeId at : frontier[s]) {
        found.clear();
        NG_RETURN_IF_ERROR(ForEachNeighbor(at, d, r.types, [&](const AdjacencyEntry& e) {
          found.emplace_back(e.other, e.edge);
          return true;
        }));
        NG_RETURN_IF_ERROR(ex_->Tick(found.size() + 1));
        for (const auto& [other, e] : found) {
          if (side[s].count(other)) continue;
          Result<bool> ok = EdgeMatches(r, e, row);
          if (!ok.ok()) return ok.status();
          if (!ok.value()) continue;
          side[s][other] = {depth[s], at, e};
          next.push_back(other);
          auto there = side[1 - s].find(other);
          if (there != side[1 - s].end() && (best < 0 || depth[s] + there->second.depth < best)) {
            best = depth[s] + there->second.depth;
            meet = other;
          }
        }
      }
      if (best >= 0) break;
      frontier[s].swap(next);
    }
    edges->clear();
    if (best < 0) return Status::OK();
    for (NodeId at = meet; at != from; at = side[0][at].parent) edges->push_back(side[0][at].edge);
    std::reverse(edges->begin(), edges->end());
    for (NodeId at = meet; at != to; at = side[1][at].parent) edges->push_back(side[1][at].edge);
    return Status::OK();
  }

  Executor* ex_;
  GraphScanner& scanner_ = ex_->scanner();
  std::vector<PathPattern>& patterns_;
  int count_slot_;
  const std::function<Status(Row&)>& emit_;
  std::vector<bool> bound_;
  std::vector<EdgeId> used_;
  std::vector<Position> positions_;
  std::unordered_map<const RelPattern*, std::vector<Value>> filter_operands_;
};

Status Executor::Match(std::vector<PathPattern>& patterns, int count_slot, Row& row,
                       const std::function<Status(Row&)>& emit) {
  PatternMatcher m(this, patterns, count_slot, emit);
  Status s = m.Run(row);
  return s;
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

Status Executor::BindPatterns(std::vector<PathPattern>* patterns, Scope* scope, bool props_see_pattern) {
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
  auto slot_for = [&](const std::string& name, int* slot, VarKind kind) -> Status {
    if (name.empty()) return Status::OK();
    *slot = scope->Find(name);
    if (*slot < 0) {
      *slot = scope->Add(name, kind);
      return Status::OK();
    }
    VarKind& have = scope->kinds[*slot];
    if (kind == VarKind::kPath)
      return Status::InvalidArgument("variable `" + name + "` is already declared; a path needs a new variable");
    if (have == VarKind::kUnknown) return Status::OK();
    if (have == VarKind::kValue && kind == VarKind::kRelList) return Status::OK();  // a list of relationships
    if (have != kind)
      return Status::InvalidArgument("variable `" + name + "` is " + kKindNames[static_cast<int>(have)] +
                                     ", not " + kKindNames[static_cast<int>(kind)]);
    return Status::OK();
  };
  for (PathPattern& p : *patterns) {
    for (NodePattern& n : p.nodes)
      NG_RETURN_IF_ERROR(slot_for(n.unreferenced ? "" : n.variable, &n.slot, VarKind::kNode));
    for (RelPattern& r : p.rels) {
      NG_RETURN_IF_ERROR(slot_for(r.unreferenced ? "" : r.variable, &r.slot,
                                  r.variable_length ? VarKind::kRelList : VarKind::kRel));
      if (r.variable.empty()) continue;
      if (std::find(rels_here.begin(), rels_here.end(), r.variable) != rels_here.end())
        return Status::InvalidArgument("relationship variable `" + r.variable +
                                       "` is used twice in one pattern: a relationship can only be matched once");
      rels_here.push_back(r.variable);
    }
    NG_RETURN_IF_ERROR(slot_for(p.variable, &p.slot, VarKind::kPath));
  }
  return props_see_pattern ? bind_properties() : Status::OK();
}

std::string Executor::ExplainPattern(const PathPattern& p, const Scope& scope) const {
  Row empty(scope.names.size());
  auto name = [](const NodePattern& n) { return n.variable.empty() ? std::string("anon") : n.variable; };
  size_t anchor = ChooseAnchor(p, empty, graph_);
  std::string out;
  const NodePattern& a = p.nodes[anchor];
  switch (AnchorOf(a, empty, graph_)) {
    case AnchorKind::kBound: out = "Argument(" + name(a) + ")"; break;
    case AnchorKind::kIndexSeek: {
      const std::string* label;
      const auto* entry = IndexedEntry(a, graph_, &label);
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
    // As Shortest() decides: one path to a few known ends meets in the middle.
    const NodePattern& end = p.nodes[anchor == 0 ? 1 : 0];
    const RelPattern& r = p.rels[0];
    bool both_ends = p.shortest == PathPattern::Shortest::kShortest && (!r.variable_length || r.min_hops <= 1) &&
                     AnchorOf(end, empty, graph_) <= AnchorKind::kNameLookup;
    return out + " -> " + (p.shortest == PathPattern::Shortest::kAll ? "AllShortestPaths" : "ShortestPath") +
           (both_ends ? "BFSFromBothEnds" : "BFS") + rel_text(r) + " -> " + name(end);
  }
  for (size_t k = anchor; k + 1 < p.nodes.size(); ++k) {
    bool counted = p.count_tail && anchor == 0 && k + 2 == p.nodes.size();  // as ExpandRight decides
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
