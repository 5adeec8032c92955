// Whole-store checks shared by the store tests and the crash test (no
// Catch2 here: the crash test is a plain program).
//
//   CheckIntegrity   every index agrees with the records (graph/integrity.h)
//   ArticleSignatures  per stored article (by content hash): its MENTIONS
//                    targets with counts and its evidence rows; equal
//                    signatures mean the article was stored whole
//   CanonicalDump    the graph as sorted text lines, independent of ids:
//                    nodes by name with labels and properties, edges by
//                    (source name, type, target name) with weight,
//                    properties and evidence count
#ifndef NEWSGRAPH_TESTS_STORE_CHECK_H_
#define NEWSGRAPH_TESTS_STORE_CHECK_H_

#include <map>
#include <string>

#include "base/status.h"
#include "graph/graph.h"
#include "graph/integrity.h"

namespace newsgraph {
namespace testing {

using newsgraph::CheckIntegrity;

// content hash -> signature text.
Result<std::map<std::string, std::string>> ArticleSignatures(const Graph& graph);

Result<std::string> CanonicalDump(const Graph& graph);

// Integrity, then every stored article's signature equals the one in
// `reference` (a store that holds every article whole). Counts the articles.
Status CheckWholeArticles(const Graph& graph, const std::map<std::string, std::string>& reference,
                          size_t* articles);

// The first line where two dumps differ, for messages; "" when equal.
std::string FirstDifference(const std::string& a, const std::string& b);

}  // namespace testing
}  // namespace newsgraph

#endif  // NEWSGRAPH_TESTS_STORE_CHECK_H_
