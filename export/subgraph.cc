#include "export/subgraph.h"

#include <algorithm>
#include <set>

#include "export/rank.h"

namespace newsgraph {

namespace {

bool Wanted(const std::vector<std::string>& filter, const std::string& value) {
  return filter.empty() || std::find(filter.begin(), filter.end(), value) != filter.end();
}

bool IsArticle(const Node& n) { return std::binary_search(n.labels.begin(), n.labels.end(), std::string("Article")); }

bool NodeWanted(const Node& n, const SubgraphOptions& o) {
  if (IsArticle(n) && !o.include_articles) return false;
  if (o.labels.empty()) return true;
  for (const std::string& l : n.labels)
    if (Wanted(o.labels, l)) return true;
  return false;
}

// What a selection holds before it is loaded: node ids, and relationships
// with the weights the ranking needs (keyed by id: each once).
struct Selection {
  std::set<NodeId> nodes;
  std::map<EdgeId, WeightedEdge> edges;
  size_t isolated_left_out = 0;
  size_t weaker_left_out = 0;
};

// Applies options.keep_isolated (`seeds` always stay) and options.max_nodes.
void Limit(const std::vector<NodeId>& seeds, const SubgraphOptions& options, Selection* s) {
  if (!options.keep_isolated) {
    std::set<NodeId> touched(seeds.begin(), seeds.end());
    for (const auto& [id, e] : s->edges) {
      touched.insert(e.src);
      touched.insert(e.dst);
    }
    s->isolated_left_out = s->nodes.size() - touched.size();
    s->nodes = std::move(touched);
  }
  if (options.max_nodes == 0 || s->nodes.size() <= options.max_nodes) return;
  std::vector<WeightedEdge> edges;
  for (const auto& [id, e] : s->edges) edges.push_back(e);
  std::set<NodeId> kept = StrongestNodes(edges, seeds, options.max_nodes);
  // Room left over: the ranking placed every node a relationship touches, so
  // the rest have none (a whole graph with keep_isolated); lowest ids first.
  for (auto it = s->nodes.begin(); kept.size() < options.max_nodes && it != s->nodes.end(); ++it) kept.insert(*it);
  s->weaker_left_out = s->nodes.size() - kept.size();
  s->nodes = std::move(kept);
  for (auto it = s->edges.begin(); it != s->edges.end();) {
    if (s->nodes.count(it->second.src) && s->nodes.count(it->second.dst)) ++it;
    else it = s->edges.erase(it);
  }
}

// Loads the nodes and edges by id, with evidence and article titles.
Result<Subgraph> Assemble(const Graph& graph, const std::set<NodeId>& node_ids, const std::set<EdgeId>& edge_ids) {
  Subgraph g;
  for (NodeId id : node_ids) {
    Result<Node> n = graph.GetNode(id);
    if (!n.ok()) return n.status();
    g.nodes.push_back(std::move(n).value());
  }
  for (EdgeId id : edge_ids) {
    Result<Edge> e = graph.GetEdge(id);
    if (!e.ok()) return e.status();
    std::vector<EvidenceRecord> ev;
    NG_RETURN_IF_ERROR(graph.EvidenceWithArticles(id, &ev, &g.articles));
    if (!ev.empty()) g.evidence[id] = std::move(ev);
    g.edges.push_back(std::move(e).value());
  }
  return g;
}

Result<Subgraph> Assemble(const Graph& graph, const Selection& s) {
  std::set<EdgeId> edge_ids;
  for (const auto& [id, e] : s.edges) edge_ids.insert(id);
  Result<Subgraph> g = Assemble(graph, s.nodes, edge_ids);
  if (g.ok()) {
    g->isolated_left_out = s.isolated_left_out;
    g->weaker_left_out = s.weaker_left_out;
  }
  return g;
}

void Collect(const Value& v, std::set<NodeId>* nodes, std::set<EdgeId>* edges) {
  switch (v.type()) {
    case Value::kNode: nodes->insert(std::get<NodeValue>(v.v).id); break;
    case Value::kRel: {
      const RelValue& r = std::get<RelValue>(v.v);
      edges->insert(r.id);
      if (r.data) {
        nodes->insert(r.data->src);
        nodes->insert(r.data->dst);
      }
      break;
    }
    case Value::kPath:
      for (const NodeValue& n : std::get<PathValue>(v.v).nodes) nodes->insert(n.id);
      for (const RelValue& r : std::get<PathValue>(v.v).rels) edges->insert(r.id);
      break;
    case Value::kList:
      for (const Value& x : std::get<ValueList>(v.v)) Collect(x, nodes, edges);
      break;
    case Value::kMap:
      for (const auto& [k, x] : std::get<ValueMap>(v.v)) Collect(x, nodes, edges);
      break;
    default: break;
  }
}

}  // namespace

std::string DisplayName(const Node& n) {
  for (const char* key : {"name", "title"}) {
    auto it = n.properties.find(key);
    if (it != n.properties.end() && it->second.as_string()) return *it->second.as_string();
  }
  return "#" + std::to_string(n.id);
}

Result<Subgraph> SubgraphOfResult(const Graph& graph, const QueryResult& result) {
  std::set<NodeId> nodes;
  std::set<EdgeId> edges;
  for (const auto& row : result.rows)
    for (const Value& v : row) Collect(v, &nodes, &edges);
  return Assemble(graph, nodes, edges);
}

Result<Subgraph> SubgraphAround(const Graph& graph, const std::vector<std::string>& names, int hops,
                                const SubgraphOptions& options) {
  std::vector<NodeId> seeds;
  for (const std::string& name : names) {
    std::vector<NodeId> ids;
    NG_RETURN_IF_ERROR(graph.FindByName(name, &ids));
    if (ids.empty()) return Status::NotFound("no node named '" + name + "' in " + graph.dir());
    seeds.insert(seeds.end(), ids.begin(), ids.end());
  }
  Selection s;
  std::set<NodeId> frontier(seeds.begin(), seeds.end());
  s.nodes = frontier;
  std::vector<Neighbor> neighbors;
  for (int h = 0; h < hops && !frontier.empty(); ++h) {
    std::set<NodeId> next;
    for (NodeId id : frontier) {
      NG_RETURN_IF_ERROR(graph.Neighbors(id, Direction::kBoth, "", &neighbors));
      for (const Neighbor& nb : neighbors) {
        if (!Wanted(options.edge_types, nb.type)) continue;
        if (nb.type == "MENTIONS" && !options.include_articles) continue;
        if (s.edges.count(nb.edge)) continue;
        Result<Node> other = graph.GetNode(nb.node);
        if (!other.ok()) return other.status();
        if (!NodeWanted(other.value(), options)) continue;
        Result<Edge> e = graph.GetEdge(nb.edge);
        if (!e.ok()) return e.status();
        s.edges[nb.edge] = WeightedEdge{nb.edge, e->src, e->dst, e->weight};
        if (s.nodes.insert(nb.node).second) next.insert(nb.node);
      }
    }
    frontier = std::move(next);
  }
  Limit(seeds, options, &s);
  return Assemble(graph, s);
}

Result<Subgraph> WholeGraph(const Graph& graph, const SubgraphOptions& options) {
  Selection s;
  NG_RETURN_IF_ERROR(graph.ForEachNode("", [&](const Node& n) {
    if (NodeWanted(n, options)) s.nodes.insert(n.id);
    return Status::OK();
  }));
  Status inner;
  NG_RETURN_IF_ERROR(graph.ScanEdges("", [&](EdgeId id) {
    Result<Edge> e = graph.GetEdge(id);
    if (!e.ok()) {
      inner = e.status();
      return false;
    }
    if (Wanted(options.edge_types, e->type) && s.nodes.count(e->src) && s.nodes.count(e->dst))
      s.edges[id] = WeightedEdge{id, e->src, e->dst, e->weight};
    return true;
  }));
  NG_RETURN_IF_ERROR(inner);
  Limit({}, options, &s);
  return Assemble(graph, s);
}

}  // namespace newsgraph
