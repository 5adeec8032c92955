// Values of the query language: what expressions evaluate to and what rows
// hold. Nodes and relationships are references by id; `data` is filled in
// when the executor loads the record (always before results are returned).
#ifndef NEWSGRAPH_QUERY_VALUE_H_
#define NEWSGRAPH_QUERY_VALUE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/date.h"
#include "base/temporal.h"
#include "graph/graph.h"

namespace newsgraph {

struct Value;
using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value>;

struct NodeValue {
  NodeId id = 0;
  std::shared_ptr<const Node> data;
};

struct RelValue {
  EdgeId id = 0;
  std::shared_ptr<const Edge> data;
};

struct PathValue {
  std::vector<NodeValue> nodes;
  std::vector<RelValue> rels;  // rels[i] joins nodes[i] and nodes[i + 1]
};

struct Value {
  using Variant = std::variant<std::monostate, bool, int64_t, double, std::string, ValueList, ValueMap, NodeValue,
                               RelValue, PathValue, Date, Duration, LocalTime, Time, LocalDateTime, DateTime>;
  // The temporal types (base/date.h, base/temporal.h) are kDate..kDateTime.
  enum Type { kNull, kBool, kInt, kFloat, kString, kList, kMap, kNode, kRel, kPath, kDate, kDuration, kLocalTime,
              kTime, kLocalDateTime, kDateTime };
  Variant v;

  Value() = default;
  Value(bool b) : v(b) {}                          // NOLINT: values convert freely
  Value(int64_t i) : v(i) {}                       // NOLINT
  Value(int i) : v(static_cast<int64_t>(i)) {}     // NOLINT
  Value(double d) : v(d) {}                        // NOLINT
  Value(std::string s) : v(std::move(s)) {}        // NOLINT
  Value(const char* s) : v(std::string(s)) {}      // NOLINT
  Value(ValueList l) : v(std::move(l)) {}          // NOLINT
  Value(ValueMap m) : v(std::move(m)) {}           // NOLINT
  Value(NodeValue n) : v(std::move(n)) {}          // NOLINT
  Value(RelValue r) : v(std::move(r)) {}           // NOLINT
  Value(PathValue p) : v(std::move(p)) {}          // NOLINT
  Value(Date d) : v(d) {}                          // NOLINT
  Value(Duration d) : v(d) {}                      // NOLINT
  Value(LocalTime t) : v(t) {}                     // NOLINT
  Value(Time t) : v(t) {}                          // NOLINT
  Value(LocalDateTime t) : v(t) {}                 // NOLINT
  Value(DateTime t) : v(std::move(t)) {}           // NOLINT

  Type type() const { return static_cast<Type>(v.index()); }
  bool is_null() const { return v.index() == kNull; }
  bool is_number() const { return type() == kInt || type() == kFloat; }
  bool is_temporal() const { return type() >= kDate; }
  double as_double() const { return type() == kInt ? static_cast<double>(std::get<int64_t>(v)) : std::get<double>(v); }

  static Value FromProperty(const PropertyValue& p);
};

const char* TypeName(Value::Type t);

// Cypher equality: null if either side is null (or a list holds a null
// that decides it); 1 = equal, 0 = not equal, -1 = null.
int CypherEquals(const Value& a, const Value& b);

// Total order used by ORDER BY and DISTINCT keys (Cypher's orderability:
// maps < nodes < relationships < lists < paths < datetimes <
// localdatetimes < dates < times < localtimes < durations < strings <
// booleans < numbers < null). Times and datetimes order by their instant.
int CompareForOrder(const Value& a, const Value& b);

// Comparison for < <= > >=: -1/0/1, 2 when incomparable (result null), 3
// when a number is NaN (every comparison false).
int CompareValues(const Value& a, const Value& b);

// The comparison operators = <> < <= > >=.
enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };
// False if `op` is not one of them.
bool ParseCompareOp(const std::string& op, CompareOp* out);
const char* CompareOpText(CompareOp op);
// x op y: true, false, or null (Cypher's rules).
Value Compare(CompareOp op, const Value& x, const Value& y);
// `s op t` for op STARTS WITH, ENDS WITH or CONTAINS into *holds; false
// for another op.
bool StringMatch(std::string_view op, std::string_view s, std::string_view t, bool* holds);

// A relationship's property `key` as queries see it: the stored weight of
// ingested and imported edges answers `weight` unless a property of that
// name exists (0, for edges made by CREATE, is not shown); null if absent.
Value EdgeProperty(const Edge& edge, const std::string& key);
// Node `id`'s property `key` from a reader's node columns
// (graph/node_columns.h; null: none) when they hold it: true with *out set
// (null for a node without the property); false when `key` is no column or
// the node's value is of another kind (the caller reads the record).
bool NodeColumnValue(const NodeColumns* columns, NodeId id, std::string_view key, Value* out);

// One statement behind an edge, as evidence(r) and the REPL's :why show
// it: sentence, article (its article_id), title, date, source (null where
// the article has none), rule, confidence, hedged, start, end.
ValueMap StatementMap(const EvidenceRecord& statement, const Node& article);


// Text as shown in a table cell: strings bare, lists [a, b], nodes
// (:Label {name: 'x'}), relationships [:TYPE {..}], dates 2020-05-23 (as
// Neo4j's shell shows them, also inside lists and maps), durations in ISO
// 8601 (P1Y2M3DT4H), other temporal values as base/temporal.h writes them.
std::string ToDisplay(const Value& v);
// Cypher literal syntax (strings quoted), used inside lists and maps.
std::string ToLiteral(const Value& v);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_VALUE_H_
