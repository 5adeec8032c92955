#include "tests/store_check.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

namespace newsgraph {
namespace testing {

namespace {

std::string PropertyText(const PropertyValue& p) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      std::ostringstream s;
      s.precision(17);
      s << d;
      return s.str();
    }
    std::string operator()(const std::string& s) const { return "'" + s + "'"; }
    std::string operator()(const PropertyList& l) const {
      std::string out = "[";
      for (size_t i = 0; i < l.size(); ++i) out += (i ? ", " : "") + PropertyText(l[i]);
      return out + "]";
    }
  };
  return std::visit(Visitor{}, p.v);
}

std::string PropertiesText(const Properties& props) {
  std::string out = "{";
  for (const auto& [k, v] : props) out += (out.size() > 1 ? ", " : "") + k + ": " + PropertyText(v);
  return out + "}";
}

std::string NameOf(const Node& n) {
  auto it = n.properties.find("name");
  return it != n.properties.end() && it->second.as_string() ? *it->second.as_string() : "#" + std::to_string(n.id);
}

Status Fail(const std::string& what) { return Status::Corruption(what); }

// Collects every id a scan yields.
template <typename Scan>
Status Collect(Scan scan, std::vector<uint64_t>* ids) {
  return scan([&](uint64_t id) {
    ids->push_back(id);
    return true;
  });
}

}  // namespace

Status CheckIntegrity(const Graph& g) {
  auto stats = g.Stats();
  if (!stats.ok()) return stats.status();
  std::vector<uint64_t> nodes, edges;
  NG_RETURN_IF_ERROR(Collect([&](auto fn) { return g.ScanNodes("", fn); }, &nodes));
  NG_RETURN_IF_ERROR(Collect([&](auto fn) { return g.ScanEdges("", fn); }, &edges));
  // The counters commit with the records. Ids are handed out densely from
  // 1, so the last one is at least the count (equal when nothing was
  // deleted, as in ingest and import).
  if (nodes.size() != stats->nodes || (!nodes.empty() && nodes.back() < stats->nodes))
    return Fail("node counter " + std::to_string(stats->nodes) + " but " + std::to_string(nodes.size()) +
                " nodes, the last id " + std::to_string(nodes.empty() ? 0 : nodes.back()));
  if (edges.size() != stats->edges || (!edges.empty() && edges.back() < stats->edges))
    return Fail("edge counter " + std::to_string(stats->edges) + " but " + std::to_string(edges.size()) +
                " edges, the last id " + std::to_string(edges.empty() ? 0 : edges.back()));
  uint64_t labelled = 0, typed = 0;
  for (const auto& [label, n] : stats->nodes_by_label) labelled += n;
  for (const auto& [type, n] : stats->edges_by_type) typed += n;
  if (typed != edges.size()) return Fail("edge type index holds " + std::to_string(typed) + " entries");

  std::set<std::pair<uint64_t, uint64_t>> adjacency;  // (node, edge) entries seen
  GraphScanner scanner(g);
  uint64_t label_entries = 0;
  std::set<std::pair<std::string, NodeId>> expected_names;
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
        entries_ok = Fail("adjacency of node " + std::to_string(id) + " names missing edge " + std::to_string(entry.edge));
      else if (!entry.ToEdge(&carried) || carried.id != e->id || carried.src != e->src || carried.dst != e->dst ||
               carried.type != e->type || carried.weight != e->weight || carried.properties != e->properties)
        entries_ok = Fail("adjacency entry of node " + std::to_string(id) + " disagrees with edge " +
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
        return Fail("article node " + std::to_string(id) + " is not in the content-hash index");
    }
  }
  // The name index holds exactly the entries NodeNameKeys defines.
  std::set<std::pair<std::string, NodeId>> names;
  NG_RETURN_IF_ERROR(g.ForEachNameEntry([&](const std::string& name, NodeId id) {
    names.emplace(name, id);
    return true;
  }));
  for (const auto& [name, id] : expected_names)
    if (!names.count({name, id})) return Fail("name '" + name + "' does not find node " + std::to_string(id));
  for (const auto& [name, id] : names)
    if (!expected_names.count({name, id}))
      return Fail("name index entry '" + name + "' for node " + std::to_string(id) + ", which has no such name");
  if (label_entries != labelled) return Fail("label index holds " + std::to_string(labelled) + " entries, nodes " +
                                             std::to_string(label_entries));
  for (EdgeId id : edges) {
    auto e = g.GetEdge(id);
    if (!e.ok()) return e.status();
    if (!adjacency.count({e->src * 2, id}) || !adjacency.count({e->dst * 2 + 1, id}))
      return Fail("edge " + std::to_string(id) + " lacks an adjacency entry");
    // Ingest and import give weights of 1 and more; CREATE gives 0.
    if (e->weight < 0) return Fail("edge " + std::to_string(id) + " has weight " + std::to_string(e->weight));
  }
  return Status::OK();
}

Result<std::map<std::string, std::string>> ArticleSignatures(const Graph& g) {
  // Evidence rows by article, over every edge.
  std::map<NodeId, std::vector<std::string>> evidence;
  std::vector<uint64_t> edges;
  NG_RETURN_IF_ERROR(Collect([&](auto fn) { return g.ScanEdges("", fn); }, &edges));
  std::map<NodeId, std::string> names;
  auto name = [&](NodeId id) -> std::string {
    auto it = names.find(id);
    if (it != names.end()) return it->second;
    auto n = g.GetNode(id);
    return names[id] = n.ok() ? NameOf(n.value()) : "?";
  };
  for (EdgeId id : edges) {
    auto e = g.GetEdge(id);
    if (!e.ok()) return e.status();
    std::vector<EvidenceRecord> ev;
    NG_RETURN_IF_ERROR(g.Evidence(id, &ev));
    for (const EvidenceRecord& r : ev)
      evidence[r.article].push_back(name(e->src) + " " + e->type + " " + name(e->dst) + " @" + std::to_string(r.start) +
                                    " " + r.rule);
  }
  std::vector<uint64_t> articles;
  NG_RETURN_IF_ERROR(Collect([&](auto fn) { return g.ScanNodes("Article", fn); }, &articles));
  std::map<std::string, std::string> out;
  for (NodeId id : articles) {
    auto node = g.GetNode(id);
    if (!node.ok()) return node.status();
    std::vector<std::string> lines;
    std::vector<Neighbor> ns;
    NG_RETURN_IF_ERROR(g.Neighbors(id, Direction::kOut, "MENTIONS", &ns));
    for (const Neighbor& n : ns) {
      auto e = g.GetEdge(n.edge);
      if (!e.ok()) return e.status();
      lines.push_back("MENTIONS " + name(n.node) + " " + PropertiesText(e->properties));
    }
    for (std::string& l : evidence[id]) lines.push_back("EVIDENCE " + l);
    std::sort(lines.begin(), lines.end());
    std::string sig = NameOf(node.value()) + "\n";
    for (const std::string& l : lines) sig += l + "\n";
    auto hash = node->properties.find("hash");
    if (hash == node->properties.end() || !hash->second.as_string())
      return Status::Corruption("article node " + std::to_string(id) + " has no hash");
    out[*hash->second.as_string()] = sig;
  }
  return out;
}

Result<std::string> CanonicalDump(const Graph& g) {
  std::vector<uint64_t> nodes, edges;
  NG_RETURN_IF_ERROR(Collect([&](auto fn) { return g.ScanNodes("", fn); }, &nodes));
  NG_RETURN_IF_ERROR(Collect([&](auto fn) { return g.ScanEdges("", fn); }, &edges));
  std::map<NodeId, std::string> names;
  std::vector<std::string> lines;
  for (NodeId id : nodes) {
    auto n = g.GetNode(id);
    if (!n.ok()) return n.status();
    names[id] = NameOf(n.value());
    std::string labels;
    for (const std::string& l : n->labels) labels += ":" + l;
    lines.push_back("N " + names[id] + " " + labels + " " + PropertiesText(n->properties));
  }
  for (EdgeId id : edges) {
    auto e = g.GetEdge(id);
    if (!e.ok()) return e.status();
    std::vector<EvidenceRecord> ev;
    NG_RETURN_IF_ERROR(g.Evidence(id, &ev));
    lines.push_back("E " + names[e->src] + " -" + e->type + "-> " + names[e->dst] + " w=" + std::to_string(e->weight) +
                    " " + PropertiesText(e->properties) + " evidence=" + std::to_string(ev.size()));
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

Status CheckWholeArticles(const Graph& g, const std::map<std::string, std::string>& reference, size_t* articles) {
  NG_RETURN_IF_ERROR(CheckIntegrity(g));
  auto sigs = ArticleSignatures(g);
  if (!sigs.ok()) return sigs.status();
  for (const auto& [hash, sig] : sigs.value()) {
    auto ref = reference.find(hash);
    if (ref == reference.end()) return Fail("article " + hash + " is not in the reference");
    if (ref->second != sig) return Fail("article stored partly:\n" + sig + "reference:\n" + ref->second);
  }
  if (articles) *articles = sigs->size();
  return Status::OK();
}

std::string FirstDifference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (;;) {
    bool ha = static_cast<bool>(std::getline(sa, la)), hb = static_cast<bool>(std::getline(sb, lb));
    if (!ha && !hb) return "";
    if (!ha || !hb || la != lb) return "< " + (ha ? la : "(end)") + "\n> " + (hb ? lb : "(end)");
  }
}

}  // namespace testing
}  // namespace newsgraph
