// The JSON export of a Subgraph: everything in it, in a form that
// `newsgraph import` reads back exactly (import/import.h).
//
//   {"format": "newsgraph", "version": 1,
//    "nodes": [{"id": 1, "labels": ["Company"], "properties": {"name": "Amazon"}}, ...],
//    "edges": [{"id": 9, "source": 1, "target": 2, "type": "PROVIDES_SERVICES_TO",
//               "weight": 2, "properties": {"hedged": false, "confidence": 0.8},
//               "evidence": [{"article": 7, "sentence": "...", "rule": "services.cdn",
//                             "start": 120, "end": 245, "confidence": 0.8, "hedged": false}]}, ...],
//    "articles": [Article nodes cited by evidence but not in "nodes", as nodes]}
//
// One node or edge a line. Ids are this database's; an importer maps them
// to its own. Integers stay integers and floats keep a decimal point, so
// types survive; what JSON cannot hold is an object naming its type: a
// date is {"date": "2020-05-23"}, NaN and the infinities {"float": "NaN"},
// {"float": "Infinity"}, {"float": "-Infinity"}. Evidence `start`/`end` are
// byte offsets into the article's text. The same subgraph gives the same
// bytes.
#ifndef NEWSGRAPH_EXPORT_JSON_H_
#define NEWSGRAPH_EXPORT_JSON_H_

#include <ostream>

#include "export/subgraph.h"

namespace newsgraph {

void WriteJsonGraph(const Subgraph& graph, std::ostream& out);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_JSON_H_
