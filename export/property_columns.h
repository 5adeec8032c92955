// Properties as typed columns, for the exporters whose formats declare a
// type per property (GraphML <key>s, neo4j-admin CSV headers), and
// property values as text for them.
#ifndef NEWSGRAPH_EXPORT_PROPERTY_COLUMNS_H_
#define NEWSGRAPH_EXPORT_PROPERTY_COLUMNS_H_

#include <string>
#include <vector>

#include "graph/property.h"

namespace newsgraph {

enum class ColumnType { kBoolean, kLong, kDouble, kString, kDate };

struct PropertyColumn {
  std::string name;
  ColumnType type = ColumnType::kString;
  bool list = false;  // values are lists whose elements are of `type`
};

// One column per property key of `records` (sorted by key), of the
// narrowest type that holds every non-null value under it: all booleans ->
// boolean, all integers -> long, integers and floats -> double, all dates
// -> date (Neo4j's; GraphML, which has none, writes them as strings),
// anything else -> string (values then written as ValueText). A key with lists is a
// list column of its elements' type (a scalar under it counts as a
// one-element list; nested lists make the elements strings). Columns whose
// types are uniform round-trip exactly through `newsgraph import`.
std::vector<PropertyColumn> PropertyColumns(const std::vector<const Properties*>& records);

// "boolean", "long", "double", "string": the names GraphML and
// neo4j-admin both use.
const char* ColumnTypeName(ColumnType type);

// A value as text: true/false, decimal integers, the shortest text that
// reads back as the same double (NaN, Infinity, -Infinity), strings as
// they are, lists as JSON.
std::string ValueText(const PropertyValue& value);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXPORT_PROPERTY_COLUMNS_H_
