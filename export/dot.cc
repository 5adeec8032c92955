#include "export/dot.h"

#include <algorithm>
#include <set>

#include "export/graphml.h"

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

bool IsLayout(std::string_view name) {
  for (const char* l : kLayouts)
    if (name == l) return true;
  return false;
}

void WriteDot(const Subgraph& g, std::ostream& out, const DotOptions& options) {
  std::string layout = options.layout;
  if (layout.empty()) layout = g.nodes.size() <= kDotLayoutMaxNodes ? "dot" : "sfdp";
  out << "digraph newsgraph {\n  graph [layout=" << layout;
  if (layout == "dot") out << ", rankdir=LR, splines=true, nodesep=0.3, ranksep=0.8";
  else out << ", splines=line, overlap=prism, outputorder=edgesfirst";
  out << ", fontname=\"Helvetica\", fontsize=11];\n"
         "  node [style=\"filled\", fontname=\"Helvetica\", fontsize=11, penwidth=1.2];\n"
         "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", arrowsize=0.7];\n";
  std::set<std::string> used_styles;
  bool any_role = false, any_hedged = false, any_weight = false;
  for (const Node& n : g.nodes) {
    const Style& s = StyleOf(n);
    used_styles.insert(s.label);
    std::string label = DisplayName(n);
    std::vector<std::string> roles;
    for (const std::string& l : n.labels)
      if (l == "Provider" || l == "Investor") roles.push_back(l);
    if (!roles.empty()) {
      any_role = true;
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
    any_hedged |= hedged;
    any_weight |= e.weight > 1;
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
  // The caption: an HTML-like graph label, which no layout moves or spreads
  // (a legend drawn as nodes took a large share of a small picture, and
  // force layouts scatter it).
  if (!options.title.empty() || !g.nodes.empty()) {
    out << "  graph [labelloc=t, labeljust=l, label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"1\" "
           "cellpadding=\"1\">\n";
    for (size_t i = 0; i < options.title.size(); ++i)
      out << "    <tr><td align=\"left\">" << (i == 0 ? "<font point-size=\"14\"><b>" : "")
          << XmlEscape(options.title[i]) << (i == 0 ? "</b></font>" : "") << "</td></tr>\n";
    if (!g.nodes.empty()) {
      out << "    <tr><td align=\"left\"><table border=\"0\" cellborder=\"1\" cellspacing=\"3\" cellpadding=\"2\"><tr>";
      auto legend = [&](const Style& style) {
        if (used_styles.count(style.label))
          out << "<td bgcolor=\"" << style.fill << "\"><font point-size=\"9\">" << style.label << "</font></td>";
      };
      for (const Style& style : kStyles) legend(style);
      legend(kDefault);
      if (any_role) out << "<td border=\"2\"><font point-size=\"9\">thick outline: Provider, Investor</font></td>";
      if (any_hedged) out << "<td border=\"0\"><font point-size=\"9\">- - -&gt; reported (hedged)</font></td>";
      if (any_weight) out << "<td border=\"0\"><font point-size=\"9\">TYPE (n): stated in n articles</font></td>";
      out << "</tr></table></td></tr>\n";
    }
    out << "  </table>>];\n";
  }
  out << "}\n";
}

}  // namespace newsgraph
