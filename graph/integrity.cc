#include "graph/integrity.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "graph/near_duplicate.h"
#include "graph/scanner.h"

namespace newsgraph {

Status CheckIntegrity(const Graph& g) {
  auto stats = g.Stats();
  if (!stats.ok()) return stats.status();
  std::vector<uint64_t> nodes, edges;
  auto into = [](std::vector<uint64_t>* ids) {
    return [ids](uint64_t id) {
      ids->push_back(id);
      return true;
    };
  };
  NG_RETURN_IF_ERROR(g.ScanNodes("", into(&nodes)));
  NG_RETURN_IF_ERROR(g.ScanEdges("", into(&edges)));
  // The counters commit with the records. Ids are handed out densely from
  // 1, so the last one is at least the count (equal when nothing was
  // deleted, as in ingest and import).
  if (nodes.size() != stats->nodes || (!nodes.empty() && nodes.back() < stats->nodes))
    return Status::Corruption("node counter " + std::to_string(stats->nodes) + " but " + std::to_string(nodes.size()) +
                " nodes, the last id " + std::to_string(nodes.empty() ? 0 : nodes.back()));
  if (edges.size() != stats->edges || (!edges.empty() && edges.back() < stats->edges))
    return Status::Corruption("edge counter " + std::to_string(stats->edges) + " but " + std::to_string(edges.size()) +
                " edges, the last id " + std::to_string(edges.empty() ? 0 : edges.back()));
  uint64_t labelled = 0, typed = 0;
  for (const auto& [label, n] : stats->nodes_by_label) labelled += n;
  for (const auto& [type, n] : stats->edges_by_type) typed += n;
  if (typed != edges.size()) return Status::Corruption("edge type index holds " + std::to_string(typed) + " entries");

  std::set<std::pair<uint64_t, uint64_t>> adjacency;  // (node, edge) entries seen
  GraphScanner scanner(g);
  uint64_t label_entries = 0;
  std::set<std::pair<std::string, NodeId>> expected_names;
  std::set<std::string> expected_bands;
  for (NodeId id : nodes) {
    auto node = g.GetNode(id);
    if (!node.ok()) return node.status();
    label_entries += node->labels.size();
    for (const std::string& name : NodeNameKeys(node.value())) expected_names.emplace(name, id);
    // Each adjacency entry carries its whole edge (but the evidence).
    Status entries_ok;
    NG_RETURN_IF_ERROR(scanner.ForEachEntry(id, Direction::kBoth, "", [&](const AdjacencyEntry& entry) {
      auto e = g.GetEdge(entry.edge);
      Edge carried;
      if (!e.ok())
        entries_ok = Status::Corruption("adjacency of node " + std::to_string(id) + " names missing edge " + std::to_string(entry.edge));
      else if (!entry.ToEdge(&carried) || carried.id != e->id || carried.src != e->src || carried.dst != e->dst ||
               carried.type != e->type || carried.weight != e->weight || carried.properties != e->properties)
        entries_ok = Status::Corruption("adjacency entry of node " + std::to_string(id) + " disagrees with edge " +
                          std::to_string(entry.edge));
      adjacency.insert({id * 2 + (entry.outgoing ? 0 : 1), entry.edge});
      return entries_ok.ok();
    }));
    NG_RETURN_IF_ERROR(entries_ok);
    if (std::binary_search(node->labels.begin(), node->labels.end(), std::string("Article"))) {
      // One without text was created or imported, not ingested: nothing to
      // extract from, and reextract carries it as it is.
      auto text = g.ArticleText(id);
      if (!text.ok() && text.status().code() != Status::Code::kNotFound) return text.status();
      if (!text.ok()) continue;
      auto hash = node->properties.find("hash");
      auto indexed = hash != node->properties.end() && hash->second.as_string()
                         ? g.FindArticle(*hash->second.as_string())
                         : Result<NodeId>(Status::NotFound("no hash"));
      if (!indexed.ok() || indexed.value() != id)
        return Status::Corruption("article node " + std::to_string(id) + " is not in the content-hash index");
      for (std::string& key : ShingleBandKeys(id, text.value())) expected_bands.insert(std::move(key));
    }
  }
  // The name index holds exactly the entries NodeNameKeys defines.
  std::set<std::pair<std::string, NodeId>> names;
  NG_RETURN_IF_ERROR(g.ForEachNameEntry([&](const std::string& name, NodeId id) {
    names.emplace(name, id);
    return true;
  }));
  for (const auto& [name, id] : expected_names)
    if (!names.count({name, id})) return Status::Corruption("name '" + name + "' does not find node " + std::to_string(id));
  for (const auto& [name, id] : names)
    if (!expected_names.count({name, id}))
      return Status::Corruption("name index entry '" + name + "' for node " + std::to_string(id) + ", which has no such name");
  // The near-duplicate index holds exactly the entries of the articles.
  size_t band_entries = 0;
  bool stray = false;
  Result<bool> indexed = g.ForEachShingleBandKey([&](std::string_view key) {
    ++band_entries;
    stray = !expected_bands.count(std::string(key));
    return !stray;
  });
  if (!indexed.ok()) return indexed.status();
  if (indexed.value() && (stray || band_entries != expected_bands.size()))
    return Status::Corruption("the near-duplicate index holds " + std::string(stray ? "an entry of no stored article" :
                              std::to_string(band_entries) + " entries") + "; the articles' texts give " +
                              std::to_string(expected_bands.size()));
  if (label_entries != labelled) return Status::Corruption("label index holds " + std::to_string(labelled) + " entries, nodes " +
                                             std::to_string(label_entries));
  for (EdgeId id : edges) {
    auto e = g.GetEdge(id);
    if (!e.ok()) return e.status();
    if (!adjacency.count({e->src * 2, id}) || !adjacency.count({e->dst * 2 + 1, id}))
      return Status::Corruption("edge " + std::to_string(id) + " lacks an adjacency entry");
    // Ingest and import give weights of 1 and more; CREATE gives 0.
    if (e->weight < 0) return Status::Corruption("edge " + std::to_string(id) + " has weight " + std::to_string(e->weight));
  }
  return Status::OK();
}

}  // namespace newsgraph
