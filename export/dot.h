// GraphViz DOT output of a Subgraph: nodes shaped and coloured by label
// (with a legend), role labels (Provider, Investor) shown under the name,
// edges labelled with type and weight, hedged edges dashed, evidence as
// tooltip. Output is deterministic: the same subgraph gives the same bytes.
#ifndef NEWSGRAPH_EXPORT_DOT_H_
#define NEWSGRAPH_EXPORT_DOT_H_

#include <ostream>
#include <string>
#include <string_view>

#include "export/subgraph.h"

namespace newsgraph {

void WriteDot(const Subgraph& graph, std::ostream& out);

// A DOT double-quoted string: quotes, backslashes and newlines escaped.
std::string DotQuote(std::string_view s);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_DOT_H_
