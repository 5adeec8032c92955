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
    std::string operator()(Date d) const { return "date('" + FormatIsoDate(d) + "')"; }
    std::string operator()(const Duration& d) const { return "duration('" + FormatDuration(d) + "')"; }
    std::string operator()(LocalTime t) const { return "localtime('" + FormatLocalTime(t) + "')"; }
    std::string operator()(const Time& t) const { return "time('" + FormatTime(t) + "')"; }
    std::string operator()(const LocalDateTime& t) const { return "localdatetime('" + FormatLocalDateTime(t) + "')"; }
    std::string operator()(const DateTime& t) const { return "datetime('" + FormatDateTime(t) + "')"; }
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
