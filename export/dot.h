// GraphViz DOT output of a Subgraph: nodes shaped and coloured by label,
// role labels (Provider, Investor) shown under the name, edges labelled with
// type and weight, hedged edges dashed, evidence as tooltip. A caption on
// top holds the title lines and a one-line legend of only the labels and
// edge styles the picture holds. Output is deterministic: the same subgraph
// and options give the same bytes.
#ifndef NEWSGRAPH_EXPORT_DOT_H_
#define NEWSGRAPH_EXPORT_DOT_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "export/subgraph.h"

namespace newsgraph {

// Graphviz's layout engines a picture may use, each with settings that lay
// out a few hundred nodes in seconds (force layouts draw straight edges:
// routing curved ones around nodes takes minutes).
inline constexpr const char* kLayouts[] = {"dot", "sfdp", "neato", "circo"};
bool IsLayout(std::string_view name);

// The default layout: `dot` (layered, left to right) up to this many
// nodes; beyond, `sfdp`, as a layered star of many leaves is one tall column.
inline constexpr size_t kDotLayoutMaxNodes = 40;

struct DotOptions {
  std::vector<std::string> title;  // caption lines above the legend, the first in bold; empty: none
  std::string layout;              // one of kLayouts; empty: by size (kDotLayoutMaxNodes)
};

void WriteDot(const Subgraph& graph, std::ostream& out, const DotOptions& options = DotOptions());

// A DOT double-quoted string: quotes, backslashes and newlines escaped.
std::string DotQuote(std::string_view s);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_DOT_H_
