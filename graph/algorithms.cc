#include "graph/algorithms.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/page_rank.hpp>
#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>
#include <unordered_map>

namespace newsgraph {

namespace {

using Directed = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;
using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
// For paths: each edge knows which view link it is, and its cost.
struct PathEdge {
  size_t link;
  double cost;
};
using PathGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property, PathEdge>;
using PathEdgeDesc = boost::graph_traits<PathGraph>::edge_descriptor;

// Records, for each vertex reached, the edge it was reached by: BFS tree
// edges, Dijkstra relaxed edges (the last relaxation is the shortest).
struct PathRecord {
  std::vector<PathEdgeDesc> via;
  std::vector<bool> reached;
  void Record(const PathEdgeDesc& e, const PathGraph& g) {
    via[boost::target(e, g)] = e;
    reached[boost::target(e, g)] = true;
  }
};
struct BfsRecorder : boost::default_bfs_visitor {
  PathRecord* record;
  void tree_edge(const PathEdgeDesc& e, const PathGraph& g) const { record->Record(e, g); }
};
struct DijkstraRecorder : boost::default_dijkstra_visitor {
  PathRecord* record;
  void edge_relaxed(const PathEdgeDesc& e, const PathGraph& g) const { record->Record(e, g); }
};

bool HasLabel(const std::vector<std::string>& labels, const std::string& l) {
  return std::binary_search(labels.begin(), labels.end(), l);
}

// One edge per ordered (directed) or unordered pair, no self loops.
template <typename G>
G Simple(const GraphView& view, bool directed) {
  G g(view.nodes.size());
  std::set<std::pair<size_t, size_t>> seen;
  for (const GraphView::Link& l : view.links) {
    if (l.src == l.dst) continue;
    std::pair<size_t, size_t> key(l.src, l.dst);
    if (!directed && key.first > key.second) std::swap(key.first, key.second);
    if (seen.insert(key).second) boost::add_edge(l.src, l.dst, g);
  }
  return g;
}

// Stops page_rank when no rank moved by more than 1e-10, after 1000 rounds,
// or when the time is up (then *stopped says so).
class Converged {
 public:
  Converged(size_t n, const AlgoLimits& limits, Status* stopped) : last_(n, -1.0), limits_(limits), stopped_(stopped) {}
  template <typename RankMap, typename G>
  bool operator()(const RankMap& rank, const G& g) {
    *stopped_ = limits_.Check("pagerank");
    if (!stopped_->ok()) return true;
    double moved = 0;
    for (size_t v = 0; v < last_.size(); ++v) {
      double r = get(rank, v);
      moved = std::max(moved, std::fabs(r - last_[v]));
      last_[v] = r;
    }
    return moved < 1e-10 || ++rounds_ > 1000;
  }

 private:
  std::vector<double> last_;
  size_t rounds_ = 0;
  const AlgoLimits& limits_;
  Status* stopped_;
};

}  // namespace

Status AlgoLimits::Check(const char* what) const {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (elapsed <= timeout_seconds) return Status::OK();
  std::ostringstream message;
  message << what << " stopped after " << timeout_seconds
          << " s (raise --timeout, or narrow the graph with --types or --labels)";
  return Status::LimitExceeded(message.str());
}

size_t GraphView::VertexOf(NodeId node) const {
  auto it = std::lower_bound(nodes.begin(), nodes.end(), node);
  return it != nodes.end() && *it == node ? static_cast<size_t>(it - nodes.begin()) : nodes.size();
}

Result<GraphView> LoadView(const Graph& graph, const ViewOptions& options, const AlgoLimits& limits) {
  GraphView view;
  size_t seen = 0;
  auto check = [&] { return seen++ % 1024 == 0 ? limits.Check("reading the graph") : Status::OK(); };
  NG_RETURN_IF_ERROR(graph.ForEachNode("", [&](const Node& node) {
    NG_RETURN_IF_ERROR(check());
    const std::vector<std::string>& labels = node.labels;
    if (!options.include_articles && HasLabel(labels, "Article")) return Status::OK();
    if (!options.labels.empty() &&
        std::none_of(options.labels.begin(), options.labels.end(), [&](const std::string& l) { return HasLabel(labels, l); }))
      return Status::OK();
    const std::string* name = StringProperty(node, "name");
    view.nodes.push_back(node.id);
    view.names.push_back(name ? *name : "#" + std::to_string(node.id));
    view.labels.push_back(labels);
    return Status::OK();
  }));

  std::vector<EdgeId> edges;
  Status stopped;
  auto collect = [&](EdgeId id) {
    edges.push_back(id);
    stopped = check();
    return stopped.ok();
  };
  if (options.edge_types.empty()) {
    NG_RETURN_IF_ERROR(graph.ScanEdges("", collect));
  } else {
    for (const std::string& type : options.edge_types)
      if (stopped.ok()) NG_RETURN_IF_ERROR(graph.ScanEdges(type, collect));
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  }
  NG_RETURN_IF_ERROR(stopped);
  for (EdgeId id : edges) {
    NG_RETURN_IF_ERROR(check());
    NG_ASSIGN_OR_RETURN(Edge e, graph.GetEdge(id));
    if (!options.include_articles && e.type == "MENTIONS") continue;
    size_t src = view.VertexOf(e.src), dst = view.VertexOf(e.dst);
    if (src == view.nodes.size() || dst == view.nodes.size()) continue;
    view.links.push_back({src, dst, id, e.type, e.weight});
  }
  return view;
}

Result<std::vector<double>> PageRank(const GraphView& view, const AlgoLimits& limits, double damping) {
  Directed g = Simple<Directed>(view, true);
  std::vector<double> rank(view.nodes.size(), 0.0);
  if (rank.empty()) return rank;
  Status stopped;
  boost::graph::page_rank(g, boost::make_iterator_property_map(rank.begin(), get(boost::vertex_index, g)),
                          Converged(rank.size(), limits, &stopped), damping);
  NG_RETURN_IF_ERROR(stopped);
  return rank;
}

std::vector<size_t> Components(const GraphView& view, size_t* count) {
  Undirected g = Simple<Undirected>(view, false);
  std::vector<size_t> raw(view.nodes.size());
  size_t n = view.nodes.empty() ? 0 : boost::connected_components(g, raw.data());
  // Renumber by size, largest first; boost numbers them by smallest vertex.
  std::vector<size_t> size(n, 0), order(n);
  for (size_t c : raw) ++size[c];
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return size[a] > size[b]; });
  std::vector<size_t> renumber(n);
  for (size_t i = 0; i < n; ++i) renumber[order[i]] = i;
  for (size_t& c : raw) c = renumber[c];
  if (count) *count = n;
  return raw;
}

// Brandes' algorithm, unweighted: a breadth-first search from each source s
// counts the shortest paths to every vertex (sigma), then, farthest first,
// hands each vertex's dependency back to its predecessors. Written here
// rather than taken from Boost so that the time can be checked between
// sources (Boost's runs every source in one call).
Result<std::vector<double>> Betweenness(const GraphView& view, const AlgoLimits& limits) {
  size_t n = view.nodes.size();
  Undirected g = Simple<Undirected>(view, false);
  std::vector<double> centrality(n, 0.0), sigma(n), delta(n);
  std::vector<size_t> dist(n);
  std::vector<size_t> order;  // vertices reached from s, nearest first
  order.reserve(n);
  constexpr size_t kUnreached = static_cast<size_t>(-1);
  for (size_t s = 0; s < n; ++s) {
    NG_RETURN_IF_ERROR(limits.Check("betweenness"));
    std::fill(dist.begin(), dist.end(), kUnreached);
    std::fill(sigma.begin(), sigma.end(), 0.0);
    std::fill(delta.begin(), delta.end(), 0.0);
    dist[s] = 0;
    sigma[s] = 1;
    order.assign(1, s);
    for (size_t i = 0; i < order.size(); ++i) {
      size_t v = order[i];
      for (size_t w : boost::make_iterator_range(boost::adjacent_vertices(v, g))) {
        if (dist[w] == kUnreached) {
          dist[w] = dist[v] + 1;
          order.push_back(w);
        }
        if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    for (size_t i = order.size(); i-- > 1;) {
      size_t w = order[i];
      for (size_t v : boost::make_iterator_range(boost::adjacent_vertices(w, g)))
        if (dist[v] + 1 == dist[w]) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
      centrality[w] += delta[w];
    }
  }
  for (double& c : centrality) c /= 2;  // each unordered pair was counted from both ends
  return centrality;
}

std::vector<PathStep> ShortestPath(const GraphView& view, size_t from, size_t to, bool weighted) {
  size_t n = view.nodes.size();
  if (from >= n || to >= n) return {};
  PathGraph g(n);
  for (size_t i = 0; i < view.links.size(); ++i) {
    const GraphView::Link& l = view.links[i];
    boost::add_edge(l.src, l.dst, PathEdge{i, weighted ? 1.0 / std::max<int64_t>(1, l.weight) : 1.0}, g);
  }
  PathRecord record{std::vector<PathEdgeDesc>(n), std::vector<bool>(n, false)};
  record.reached[from] = true;
  if (weighted) {
    std::vector<double> dist(n);
    DijkstraRecorder visitor;
    visitor.record = &record;
    boost::dijkstra_shortest_paths(
        g, from, boost::weight_map(get(&PathEdge::cost, g)).distance_map(dist.data()).visitor(visitor));
  } else {
    BfsRecorder visitor;
    visitor.record = &record;
    boost::breadth_first_search(g, from, boost::visitor(visitor));
  }
  const std::vector<PathEdgeDesc>& via = record.via;
  if (!record.reached[to]) return {};
  std::vector<PathStep> path;
  for (size_t v = to; v != from;) {
    size_t link = g[via[v]].link;
    size_t prev = boost::source(via[v], g) == v ? boost::target(via[v], g) : boost::source(via[v], g);
    path.push_back({v, static_cast<long>(link), view.links[link].dst == v && view.links[link].src == prev});
    v = prev;
  }
  path.push_back({from, -1, true});
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace newsgraph
