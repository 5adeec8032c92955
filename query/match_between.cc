// Variable-length steps between two bound nodes (match_internal.h,
// ExpandBetween): the distances that prune the walk.

#include <algorithm>
#include <vector>

#include "query/match_internal.h"

namespace newsgraph {

namespace {

// Entries a search may read for its distances: past this, the levels
// completed prune and the deeper ones do not (the walk decides). From the
// columns a level is cheap; through RocksDB a hub's neighbourhood is not.
constexpr size_t kColumnsBudget = size_t{1} << 13;
constexpr size_t kRowsBudget = size_t{1} << 16;

}  // namespace

// A frontier at a time, each node's entries read once: the BFS of a
// pattern's walk costs the edges within max_levels of `to`, where the walk
// it prunes would have followed every trail of up to max_hops edges.
Status PatternMatcher::DistancesTo(NodeId to, Direction dir, const RelPattern& r, int max_levels,
                                   std::vector<uint8_t>* dist, int* levels) {
  max_levels = std::min(max_levels, 254);
  dist->assign(std::max<NodeId>(ex_->graph_.NodeIdBound(), to + 1), 255);
  (*dist)[to] = 0;
  *levels = 0;
  size_t budget = cols_ ? kColumnsBudget : kRowsBudget, read = 0;
  std::vector<NodeId> frontier = {to}, following;
  while (*levels < max_levels && !frontier.empty() && read < budget) {
    following.clear();
    size_t before = read;
    uint8_t depth = static_cast<uint8_t>(*levels + 1);
    for (NodeId at : frontier) {
      NG_RETURN_IF_ERROR(ForEachNeighbor(scanner_, cols_, /*values=*/false, at, Reverse(dir), r.types,
                                         [&](const AdjacencyEntry& e) {
        ++read;
        if (e.other < dist->size() && (*dist)[e.other] == 255) {
          (*dist)[e.other] = depth;
          following.push_back(e.other);
        }
        return true;
      }));
    }
    NG_RETURN_IF_ERROR(ex_->Tick(read - before + frontier.size()));
    ++*levels;
    frontier.swap(following);
  }
  return Status::OK();
}

Status PatternMatcher::EdgesTo(NodeId at, const RelPattern& r, Row& row, IntoTable* t, std::vector<Neighbor>* out,
                               bool* filtered, std::vector<std::shared_ptr<const Edge>>* records) {
  NG_RETURN_IF_ERROR(BuildInto(r, row, t));
  out->clear();
  records->clear();
  *filtered = t->filtered;
  auto it = std::lower_bound(t->by_node.begin(), t->by_node.end(), std::make_pair(at, size_t{0}));
  // Seen from `at`, each edge points the other way; `at`'s outgoing
  // entries come first, as in its own adjacency.
  std::vector<size_t> found;
  for (; it != t->by_node.end() && it->first == at; ++it) found.push_back(it->second);
  std::stable_partition(found.begin(), found.end(), [&](size_t i) { return !t->neighbors[i].outgoing; });
  for (size_t i : found) {
    const Neighbor& nb = t->neighbors[i];
    out->push_back(Neighbor{nb.edge, t->node, !nb.outgoing, std::string()});
    records->push_back(t->records[i]);
  }
  return Status::OK();
}

}  // namespace newsgraph
