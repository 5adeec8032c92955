// GraphML of a Subgraph, readable by Gephi, yEd, Cytoscape and NetworkX
// (networkx.read_graphml): a directed graph, node ids "n<id>", edge ids
// "e<id>", one typed <key> per node and per edge property (boolean, long,
// double or string as export/property_columns.h decides; lists as JSON
// text in a string key), plus
//   node keys  label   the display name (Gephi shows it)
//              labels  ":Company:Provider" (Neo4j's convention)
//   edge keys  type, label (the type again, for Gephi), weight (long),
//              evidence (the evidence sentences, one a line)
// A property whose name is one of these is written as "property.<name>".
// Text is XML-escaped; line breaks and tabs are character references so
// that attribute-value normalisation cannot change them; the control
// characters XML 1.0 cannot carry at all become U+FFFD. The same subgraph
// gives the same bytes.
#ifndef NEWSGRAPH_EXPORT_GRAPHML_H_
#define NEWSGRAPH_EXPORT_GRAPHML_H_

#include <ostream>
#include <string>
#include <string_view>

#include "export/subgraph.h"

namespace newsgraph {

void WriteGraphml(const Subgraph& graph, std::ostream& out);

// XML character data or attribute text: & < > " ' as entities, TAB LF CR
// as character references, other C0 controls as U+FFFD.
std::string XmlEscape(std::string_view s);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_GRAPHML_H_
