// Distinct-endpoint reachability (match_internal.h, planner.h).

#include <algorithm>
#include <functional>
#include <thread>
#include <unordered_set>

#include "graph/scanner.h"
#include "query/match_internal.h"

namespace newsgraph {

namespace {

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

// Breadth-first reachability for a pattern marked distinct_endpoints
// (planner.h): each node within [min_hops, max_hops] steps is bound once.
// A level's new nodes are found, then bound. Direction-optimizing (Beamer
// et al., SC 2012): the frontier's edges are read in node id order
// (sequential reads of the adjacency table) while that costs less than
// the other way, which is to ask every node not reached yet whether an
// edge joins it to the frontier, stopping at the first; from a hub the
// frontier soon holds most of the graph's edges, and then the second way
// reads a few entries a node instead of every edge of the frontier.
Status PatternMatcher::Reach(size_t pi, size_t ri, NodeId from, size_t target, Direction dir, int min_hops,
                             int max_hops, Row& row, const std::function<Status()>& next) {
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
              d.status = ForEachNeighbor(scanner, cols_, /*values=*/false, frontier[d.done], dir, r.types,
                                         [&](const AdjacencyEntry& e) {
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
              part.status = ForEachNeighbor(scanner, cols_, /*values=*/false, id, Reverse(dir), r.types,
                                            [&](const AdjacencyEntry& e) {
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

}  // namespace newsgraph
