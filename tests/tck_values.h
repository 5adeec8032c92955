// Values as the openCypher TCK writes them in result tables and parameter
// tables, and their comparison with query results.
//
//   null  true  42  -1.5e3  'it\'s'  [1, 'a']  {k: 1}
//   (:A:B {name: 'x'})   [:T {k: 1}]   <(:A)-[:T]->(:B)<-[:U]-()>
//
// Both sides are turned into one canonical text (map keys, labels and
// properties sorted; floats printed by their double value; lists in order,
// or sorted when element order is to be ignored) and compared as text.
// Nodes compare by labels and properties, relationships by type and
// properties, as the TCK does.
#ifndef NEWSGRAPH_TESTS_TCK_VALUES_H_
#define NEWSGRAPH_TESTS_TCK_VALUES_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "query/value.h"

namespace newsgraph {
namespace tck {

struct TckValue {
  enum class Kind { kNull, kBool, kInt, kFloat, kString, kList, kMap, kNode, kRel, kPath };
  Kind kind = Kind::kNull;
  bool b = false;
  int64_t i = 0;
  double d = 0;
  std::string s;                                         // string; relationship type
  std::vector<std::string> labels;                       // node
  std::vector<std::pair<std::string, TckValue>> props;   // map entries or properties
  std::vector<TckValue> items;                           // list; path: node, rel, node, ...
  std::vector<bool> forward;                             // path: direction of each rel
};

// Parses one table cell. InvalidArgument names the offending position.
Result<TckValue> Parse(std::string_view text);

// A query result value (records loaded) in the same shape.
TckValue FromValue(const Value& v);

// A parameter value; nodes, relationships and paths are not allowed.
Result<Value> ToValue(const TckValue& v);

// Canonical text; `sort_lists` for "ignoring element order for lists".
std::string Canonical(const TckValue& v, bool sort_lists);

}  // namespace tck
}  // namespace newsgraph

#endif  // NEWSGRAPH_TESTS_TCK_VALUES_H_
