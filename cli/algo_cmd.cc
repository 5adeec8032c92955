// algo: PageRank, components, betweenness and shortest paths over a
// snapshot of the graph (graph/algorithms.h), printed like a query result.

#include <algorithm>
#include <iostream>
#include <numeric>

#include "cli/commands.h"
#include "graph/algorithms.h"
#include "query/format.h"

namespace newsgraph {

namespace {

Value Labels(const GraphView& view, size_t v) {
  ValueList out;
  for (const std::string& l : view.labels[v]) out.emplace_back(l);
  return out;
}

// Rows of (name, labels, score), highest score first, ties by name.
QueryResult Scores(const GraphView& view, const std::vector<double>& score, const char* column, size_t limit) {
  std::vector<size_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return score[a] != score[b] ? score[a] > score[b] : view.names[a] < view.names[b];
  });
  QueryResult r;
  r.columns = {"name", "labels", column};
  for (size_t i = 0; i < order.size() && (limit == 0 || i < limit); ++i)
    r.rows.push_back({Value(view.names[order[i]]), Labels(view, order[i]), Value(score[order[i]])});
  return r;
}

QueryResult ComponentRows(const GraphView& view, size_t limit) {
  size_t count = 0;
  std::vector<size_t> component = Components(view, &count);
  std::vector<std::vector<std::string>> members(count);
  for (size_t v = 0; v < component.size(); ++v) members[component[v]].push_back(view.names[v]);
  QueryResult r;
  r.columns = {"component", "size", "members"};
  for (size_t c = 0; c < count && (limit == 0 || c < limit); ++c) {
    std::sort(members[c].begin(), members[c].end());
    ValueList names(members[c].begin(), members[c].end());
    r.rows.push_back({Value(static_cast<int64_t>(c + 1)), Value(static_cast<int64_t>(members[c].size())), Value(names)});
  }
  return r;
}

// The one vertex named `name` in the view.
Result<size_t> Vertex(const Graph& graph, const GraphView& view, const std::string& name) {
  std::vector<NodeId> ids;
  NG_RETURN_IF_ERROR(graph.FindByName(name, &ids));
  std::vector<size_t> found;
  for (NodeId id : ids)
    if (view.VertexOf(id) < view.nodes.size()) found.push_back(view.VertexOf(id));
  if (found.empty()) return Status::NotFound("no node named '" + name + "' in the selected graph");
  if (found.size() > 1) return Status::InvalidArgument("'" + name + "' names " + std::to_string(found.size()) + " nodes");
  return found[0];
}

// REQUIRES: o.from and o.to are set (RunAlgo checks).
Result<QueryResult> PathRows(const Graph& graph, const GraphView& view, const AlgoOptions& o) {
  NG_ASSIGN_OR_RETURN(size_t from, Vertex(graph, view, o.from));
  NG_ASSIGN_OR_RETURN(size_t to, Vertex(graph, view, o.to));
  QueryResult r;
  r.columns = {"step", "name", "via", "weight"};
  std::vector<PathStep> path = ShortestPath(view, from, to, o.weighted);
  for (size_t i = 0; i < path.size(); ++i) {
    const PathStep& s = path[i];
    Value via, weight;
    if (s.link >= 0) {
      const GraphView::Link& l = view.links[static_cast<size_t>(s.link)];
      via = s.forward ? "-[:" + l.type + "]->" : "<-[:" + l.type + "]-";
      weight = Value(l.weight);
    }
    r.rows.push_back({Value(static_cast<int64_t>(i)), Value(view.names[s.vertex]), via, weight});
  }
  return r;
}

}  // namespace

int RunAlgo(const AlgoOptions& o) {
  auto format = ParseOutputFormat(o.format);
  if (!format.ok()) {
    PrintError(format.status());
    return kExitUsage;
  }
  if (o.algorithm != "shortest" && (!o.from.empty() || !o.to.empty())) {
    PrintError(Status::InvalidArgument(o.algorithm + " takes no node names (only shortest FROM TO does)"));
    return kExitUsage;
  }
  if (o.algorithm == "shortest" && (o.from.empty() || o.to.empty())) {
    PrintError(Status::InvalidArgument("shortest needs two node names: algo shortest FROM TO"));
    return kExitUsage;
  }
  auto graph = Graph::Open(o.db, OpenOptions::Reader());
  if (!graph.ok()) return OpenFailure(graph.status());
  ViewOptions vo;
  vo.edge_types = o.types;
  vo.labels = o.labels;
  vo.include_articles = o.articles;
  AlgoLimits limits;
  limits.timeout_seconds = o.timeout_seconds;
  auto view = LoadView(*graph.value(), vo, limits);
  if (!view.ok()) {
    PrintError(view.status());
    return kExitError;
  }
  Result<QueryResult> result = Status::Internal("unset");
  auto scores = [&](Result<std::vector<double>> score, const char* column) -> Result<QueryResult> {
    NG_ASSIGN_OR_RETURN(std::vector<double> values, std::move(score));
    return Scores(view.value(), values, column, o.limit);
  };
  if (o.algorithm == "pagerank") result = scores(PageRank(view.value(), limits), "pagerank");
  else if (o.algorithm == "betweenness") result = scores(Betweenness(view.value(), limits), "betweenness");
  else if (o.algorithm == "components") result = ComponentRows(view.value(), o.limit);
  else result = PathRows(*graph.value(), view.value(), o);
  if (!result.ok()) {
    PrintError(result.status());
    return kExitError;
  }
  WriteResult(result.value(), format.value(), std::cout);
  return kExitOk;
}

}  // namespace newsgraph
