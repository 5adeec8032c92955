#include "export/rank.h"

#include <algorithm>
#include <map>
#include <queue>

namespace newsgraph {

namespace {

// True when `a` is a stronger relationship than `b`.
bool Stronger(const WeightedEdge& a, const WeightedEdge& b) {
  return a.weight != b.weight ? a.weight > b.weight : a.id < b.id;
}

}  // namespace

std::set<NodeId> StrongestNodes(const std::vector<WeightedEdge>& edges, const std::vector<NodeId>& seeds,
                                size_t max_nodes) {
  std::map<NodeId, std::vector<size_t>> touching;  // node -> indexes into `edges`
  for (size_t i = 0; i < edges.size(); ++i) {
    touching[edges[i].src].push_back(i);
    if (edges[i].dst != edges[i].src) touching[edges[i].dst].push_back(i);
  }
  // The relationships that leave the kept part, strongest on top.
  auto weaker = [&edges](size_t a, size_t b) { return Stronger(edges[b], edges[a]); };
  std::priority_queue<size_t, std::vector<size_t>, decltype(weaker)> leaving(weaker);
  std::set<NodeId> kept;
  auto keep = [&](NodeId n) {
    if (!kept.insert(n).second) return;
    auto it = touching.find(n);
    if (it == touching.end()) return;
    for (size_t i : it->second)
      if (!kept.count(edges[i].src) || !kept.count(edges[i].dst)) leaving.push(i);
  };
  for (NodeId seed : seeds)
    if (kept.size() < max_nodes) keep(seed);

  // For new parts: every relationship, strongest first.
  std::vector<size_t> by_strength(edges.size());
  for (size_t i = 0; i < edges.size(); ++i) by_strength[i] = i;
  std::sort(by_strength.begin(), by_strength.end(), [&edges](size_t a, size_t b) { return Stronger(edges[a], edges[b]); });
  size_t next_part = 0;

  while (kept.size() < max_nodes) {
    if (!leaving.empty()) {
      const WeightedEdge& e = edges[leaving.top()];
      leaving.pop();
      if (!kept.count(e.src)) keep(e.src);
      else if (!kept.count(e.dst)) keep(e.dst);
      continue;
    }
    while (next_part < by_strength.size() && (kept.count(edges[by_strength[next_part]].src) ||
                                               kept.count(edges[by_strength[next_part]].dst)))
      ++next_part;
    if (next_part == by_strength.size()) break;
    keep(edges[by_strength[next_part]].src);  // its relationship now leaves the kept part and is taken next
  }
  return kept;
}

}  // namespace newsgraph
