// Full-text search over entity names, as Neo4j's
// `CALL db.index.fulltext.queryNodes('entity_names', 'hikvison~')` answers
// it: over the name index (every node's `name` and `aliases`, ASCII case
// ignored; graph.h NodeNameKeys), typo-tolerant and ranked.
//
// The query is a subset of Lucene's syntax: words separated by spaces;
// `word` matches a whole word of a name (names split at every character
// that is not a letter, digit or non-ASCII byte), `word~` one within 2
// edits (insertions, deletions, substitutions), `word~N` within N (0..2),
// `word*` a word it begins; double quotes, `+`, and the operators AND/OR
// are ignored (every word is optional, as Lucene's default OR). A fuzzy
// word matches only words it is fewer edits from than it has letters.
//
// Score of a name: the sum over the query's words of their best match in
// it (1 for an equal word or a prefix match, 1 - edits / length of the
// query word for a fuzzy one), times 0.9 + 0.1 * (the share of the name's
// words that matched), rounded to 4 decimal places: more matched words rank higher, an exact word
// above a fuzzy one, and of two names matching alike the one with fewer
// other words. A node scores its best name or alias. Ties: by the matched
// name, then by node id, so the order is deterministic.
#ifndef NEWSGRAPH_QUERY_NAME_SEARCH_H_
#define NEWSGRAPH_QUERY_NAME_SEARCH_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "graph/graph.h"

namespace newsgraph {

// The one full-text index there is: the name index, as SHOW INDEXES lists it.
inline constexpr char kNameIndexName[] = "entity_names";

struct NameHit {
  NodeId node = 0;
  double score = 0;
  std::string name;  // the name or alias (lower-cased ASCII, as indexed) that scored
};

// Every node with a name or alias matching `query`, best first, but
// Article nodes (whose `name` is their title). Reads the whole name index
// once, and the record of each node that matches.
// InvalidArgument for a query with no words or a bad `~N`.
Result<std::vector<NameHit>> SearchNames(const Graph& graph, std::string_view query);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_NAME_SEARCH_H_
