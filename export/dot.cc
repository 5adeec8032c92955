#include "export/dot.h"

#include <algorithm>
#include <set>

namespace newsgraph {

namespace {

struct Style {
  const char* label;
  const char* shape;
  const char* fill;
};

// The first label of a node found here decides its look.
constexpr Style kStyles[] = {
    {"Country", "doubleoctagon", "#b3cde3"}, {"Agency", "box", "#fbb4ae"},     {"Company", "ellipse", "#ccebc5"},
    {"Organization", "hexagon", "#decbe4"},  {"Media", "note", "#fed9a6"},     {"Person", "egg", "#ffffcc"},
    {"Place", "house", "#e5d8bd"},           {"Group", "tab", "#fddaec"},      {"Article", "folder", "#f2f2f2"},
};
constexpr Style kDefault = {"Other", "ellipse", "#ffffff"};

const Style& StyleOf(const Node& n) {
  for (const Style& s : kStyles)
    if (std::binary_search(n.labels.begin(), n.labels.end(), std::string(s.label))) return s;
  return kDefault;
}

}  // namespace

std::string DotQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out + "\"";
}

void WriteDot(const Subgraph& g, std::ostream& out) {
  out << "digraph newsgraph {\n"
         "  graph [rankdir=LR, overlap=false, splines=true, nodesep=0.35, ranksep=0.9, fontname=\"Helvetica\", "
         "fontsize=11];\n"
         "  node [style=\"filled\", fontname=\"Helvetica\", fontsize=11, penwidth=1.2];\n"
         "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", arrowsize=0.7];\n";
  std::set<std::string> used_styles;
  for (const Node& n : g.nodes) {
    const Style& s = StyleOf(n);
    used_styles.insert(s.label);
    std::string label = DisplayName(n);
    std::vector<std::string> roles;
    for (const std::string& l : n.labels)
      if (l == "Provider" || l == "Investor") roles.push_back(l);
    if (!roles.empty()) {
      label += "\n";
      for (size_t i = 0; i < roles.size(); ++i) label += (i ? ", " : "") + roles[i];
    }
    std::string tooltip;
    for (size_t i = 0; i < n.labels.size(); ++i) tooltip += (i ? ":" : ":") + n.labels[i];
    out << "  n" << n.id << " [label=" << DotQuote(label) << ", shape=" << s.shape << ", fillcolor=\"" << s.fill
        << "\", tooltip=" << DotQuote(tooltip) << (roles.empty() ? "" : ", penwidth=2.2") << "];\n";
  }
  for (const Edge& e : g.edges) {
    bool hedged = false;
    auto h = e.properties.find("hedged");
    if (h != e.properties.end() && h->second == PropertyValue(true)) hedged = true;
    std::string label = e.type;
    if (e.weight > 1) label += " (" + std::to_string(e.weight) + ")";
    std::string tooltip;
    auto ev = g.evidence.find(e.id);
    if (ev != g.evidence.end()) {
      for (const EvidenceRecord& r : ev->second) {
        if (!tooltip.empty()) tooltip += "\n\n";
        auto article = g.articles.find(r.article);
        tooltip += r.sentence;
        if (article != g.articles.end()) tooltip += "\n(" + DisplayName(article->second) + ")";
        if (tooltip.size() > 2000) break;  // keep SVG tooltips readable
      }
    }
    out << "  n" << e.src << " -> n" << e.dst << " [label=" << DotQuote(label);
    if (!tooltip.empty()) out << ", tooltip=" << DotQuote(tooltip) << ", labeltooltip=" << DotQuote(tooltip);
    if (hedged) out << ", style=dashed";
    if (e.weight > 1) out << ", penwidth=" << std::min<int64_t>(1 + e.weight, 6);
    out << "];\n";
  }
  if (!g.nodes.empty()) {
    out << "  subgraph cluster_legend {\n    label=\"Legend\"; fontsize=10; style=rounded; color=\"#999999\";\n";
    for (const Style& s : kStyles)
      if (used_styles.count(s.label))
        out << "    legend_" << s.label << " [label=\"" << s.label << "\", shape=" << s.shape << ", fillcolor=\""
            << s.fill << "\", fontsize=9];\n";
    out << "    legend_hedged_a [label=\"\", shape=point, width=0.05]; legend_hedged_b [label=\"reported (hedged)\", "
           "shape=plaintext, style=\"\", fontsize=9];\n"
           "    legend_hedged_a -> legend_hedged_b [style=dashed, arrowhead=none];\n  }\n";
  }
  out << "}\n";
}

}  // namespace newsgraph
