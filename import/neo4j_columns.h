// Internal to import/: the header of a neo4j-admin CSV file and the typed
// values of its fields (the header grammar is described in import.h).
#ifndef NEWSGRAPH_IMPORT_NEO4J_COLUMNS_H_
#define NEWSGRAPH_IMPORT_NEO4J_COLUMNS_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "graph/property.h"
#include "import/csv.h"

namespace newsgraph {

enum class ColumnKind { kId, kStartId, kEndId, kType, kLabel, kIgnore, kProperty };
enum class ValueKind { kString, kInt, kFloat, kBool, kDate };

struct Column {
  std::string header;  // as written, for messages: "count:long"
  std::string name;    // property name
  ColumnKind kind = ColumnKind::kProperty;
  ValueKind value = ValueKind::kString;
  int int_bits = 64;   // byte 8, short 16, int 32, long 64
  bool array = false;
  std::string group;   // id space of :ID / :START_ID / :END_ID ("" = global)
};

// Parses a header record. Error messages have no position (the caller adds
// "FILE:1: "): an unknown type, a property without a name, a name twice.
Result<std::vector<Column>> ParseHeader(const std::vector<CsvField>& fields);

// The value of `field` in property column `c`. *present is false for an
// empty unquoted field (no value). Errors name the column and the text,
// without position: "column 'count:long': 'abc' is not a long".
Status ParseField(const Column& c, const CsvField& field, char array_delimiter, PropertyValue* out, bool* present);

// Splits `text` at `delimiter` (labels, arrays); empty parts are dropped
// when `drop_empty`.
std::vector<std::string_view> SplitArray(std::string_view text, char delimiter, bool drop_empty);

}  // namespace newsgraph

#endif  // NEWSGRAPH_IMPORT_NEO4J_COLUMNS_H_
