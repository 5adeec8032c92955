// shortestPath and allShortestPaths (match_internal.h).

#include <algorithm>
#include <functional>
#include <unordered_map>

#include "graph/scanner.h"
#include "query/match_internal.h"

namespace newsgraph {

ShortestPlan PlanShortest(const PathPattern& p, const Bindings& bound, const Graph& g) {
  ShortestPlan plan;
  plan.source = ChooseAnchor(p, bound, g);
  plan.both_ends =
      MinHops(p.rels[0]) <= 1 && AnchorOf(p.nodes[1 - plan.source], bound, g) <= AnchorKind::kNameLookup;
  return plan;
}

Status PatternMatcher::Shortest(size_t pi, Row& row) {
  const PathPattern& p = patterns_[pi];
  const RelPattern& r = p.rels[0];
  ShortestPlan plan = PlanShortest(p, row, ex_->graph_);
  size_t source = plan.source;
  size_t target = 1 - source;
  Direction dir = source == 0 ? r.direction : Reverse(r.direction);
  int max_hops = MaxHops(r);
  int min_hops = MinHops(r);
  // Binds a path found (`edges` from the source's side) and finishes the match.
  auto bind = [&](NodeId end, std::vector<EdgeId>& edges) -> Status {
    if (source == 1) std::reverse(edges.begin(), edges.end());
    positions_[pi].rel_edges[0] = edges;
    return BindRel(r, edges, row, [&] { return WithNode(pi, target, end, row, [&] { return Finish(pi, row); }); });
  };
  return Candidates(p.nodes[source], row, [&](NodeId start) {
    return WithNode(pi, source, start, row, [&]() -> Status {
      if (plan.both_ends) {
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
            std::vector<std::vector<EdgeId>> paths;
            NG_RETURN_IF_ERROR(MeetInTheMiddle(r, start, end, dir, max_hops,
                                               p.shortest == PathPattern::Shortest::kAll, row, &paths));
            for (std::vector<EdgeId>& edges : paths) NG_RETURN_IF_ERROR(bind(end, edges));
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
          NG_RETURN_IF_ERROR(Expand(at, dir, r, row, &neighbors));
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
        for (std::vector<EdgeId>& edges : chains) NG_RETURN_IF_ERROR(bind(end, edges));
      }
      return Status::OK();
    });
  });
}

// The shortest paths from `from` to `to` (!= from) of at most max_hops
// (< 0: any) relationships matching `r`, into *paths (one, or every one
// when `all`; none when there is none): breadth-first from both ends, a
// whole level at a time of the smaller frontier, until the searches meet.
// When a level of one side reaches nodes the other side has, every
// shortest path goes through one of them (the sides did not touch before,
// so each such node is the other side's last level away from its end);
// a path is a chain of parents from `from` to the meeting node, then one
// from there to `to`. One path: each node's first parent and the first
// meeting node; all: every parent at the node's depth, every meeting node.
Status PatternMatcher::MeetInTheMiddle(const RelPattern& r, NodeId from, NodeId to, Direction dir, int max_hops,
                                       bool all, Row& row, std::vector<std::vector<EdgeId>>* paths) {
  struct Reached {
    int depth;
    std::vector<std::pair<NodeId, EdgeId>> parents;  // toward this side's start
  };
  std::unordered_map<NodeId, Reached> side[2];
  side[0][from] = {0, {}};
  side[1][to] = {0, {}};
  std::vector<NodeId> frontier[2] = {{from}, {to}}, next, meets;
  int depth[2] = {0, 0};
  while (!frontier[0].empty() && !frontier[1].empty() && (max_hops < 0 || depth[0] + depth[1] < max_hops)) {
    int s = frontier[0].size() <= frontier[1].size() ? 0 : 1;
    Direction d = s == 0 ? dir : Reverse(dir);
    ++depth[s];
    next.clear();
    std::sort(frontier[s].begin(), frontier[s].end());
    std::vector<std::pair<NodeId, EdgeId>> found;
    for (NodeId at : frontier[s]) {
      found.clear();
      NG_RETURN_IF_ERROR(ForEachNeighbor(at, d, r, [&](const AdjacencyEntry& e) {
        found.emplace_back(e.other, e.edge);
        return true;
      }));
      NG_RETURN_IF_ERROR(ex_->Tick(found.size() + 1));
      for (const auto& [other, e] : found) {
        auto seen = side[s].find(other);
        if (seen != side[s].end() && (!all || seen->second.depth != depth[s])) continue;
        Result<bool> ok = EdgeMatches(r, e, row);
        if (!ok.ok()) return ok.status();
        if (!ok.value()) continue;
        if (seen != side[s].end()) {  // another parent at the same depth
          seen->second.parents.emplace_back(at, e);
          continue;
        }
        side[s][other] = {depth[s], {{at, e}}};
        next.push_back(other);
        if (side[1 - s].count(other)) meets.push_back(other);
      }
    }
    if (!meets.empty()) break;
    frontier[s].swap(next);
  }
  paths->clear();
  if (!all && meets.size() > 1) meets.resize(1);
  // The chains of edges from node `at` to side k's end, walking parents.
  std::vector<EdgeId> chain;
  std::function<void(int, NodeId, std::vector<std::vector<EdgeId>>*)> chains =
      [&](int k, NodeId at, std::vector<std::vector<EdgeId>>* out) {
        const Reached& reached = side[k][at];
        if (reached.parents.empty()) out->push_back(chain);
        for (const auto& [parent, edge] : reached.parents) {
          chain.push_back(edge);
          chains(k, parent, out);
          chain.pop_back();
          if (!all) break;
        }
      };
  for (NodeId meet : meets) {
    std::vector<std::vector<EdgeId>> starts, ends;
    chains(0, meet, &starts);
    chains(1, meet, &ends);
    for (std::vector<EdgeId>& head : starts) {
      std::reverse(head.begin(), head.end());
      for (const std::vector<EdgeId>& tail : ends) {
        paths->push_back(head);
        paths->back().insert(paths->back().end(), tail.begin(), tail.end());
      }
    }
    NG_RETURN_IF_ERROR(ex_->Tick(starts.size() * ends.size()));
  }
  return Status::OK();
}

}  // namespace newsgraph
