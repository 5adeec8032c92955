#include "export/property_columns.h"

#include <charconv>
#include <cmath>
#include <map>

#include "query/format.h"
#include "query/value.h"

namespace newsgraph {

namespace {

// What the values under one key hold: bit per scalar kind, lists seen.
struct Seen {
  bool booleans = false, integers = false, floats = false, dates = false, others = false;
  bool lists = false, nested = false;

  void Scalar(const PropertyValue& v) {
    switch (v.v.index()) {
      case 0: break;  // null: no value
      case 1: booleans = true; break;
      case 2: integers = true; break;
      case 3: floats = true; break;
      case 5: nested = true; break;
      case 6: dates = true; break;
      default: others = true;
    }
  }
  ColumnType Type() const {
    if (others || nested || (booleans && (integers || floats)) || (dates && (booleans || integers || floats)))
      return ColumnType::kString;
    if (dates) return ColumnType::kDate;
    if (booleans) return ColumnType::kBoolean;
    if (floats) return ColumnType::kDouble;
    if (integers) return ColumnType::kLong;
    return ColumnType::kString;
  }
};

}  // namespace

std::vector<PropertyColumn> PropertyColumns(const std::vector<const Properties*>& records) {
  std::map<std::string, Seen> seen;
  for (const Properties* props : records) {
    for (const auto& [key, value] : *props) {
      Seen& s = seen[key];
      if (const auto* list = std::get_if<PropertyList>(&value.v)) {
        s.lists = true;
        for (const PropertyValue& item : *list) s.Scalar(item);
      } else {
        s.Scalar(value);
      }
    }
  }
  std::vector<PropertyColumn> columns;
  for (const auto& [key, s] : seen) columns.push_back({key, s.Type(), s.lists});
  return columns;
}

const char* ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kBoolean: return "boolean";
    case ColumnType::kLong: return "long";
    case ColumnType::kDouble: return "double";
    case ColumnType::kString: return "string";
    case ColumnType::kDate: return "date";
  }
  return "string";
}

std::string ValueText(const PropertyValue& value) {
  switch (value.v.index()) {
    case 0: return "";
    case 1: return std::get<bool>(value.v) ? "true" : "false";
    case 2: return std::to_string(std::get<int64_t>(value.v));
    case 3: {
      double d = std::get<double>(value.v);
      if (!std::isfinite(d)) return ToLiteral(Value(d));  // "NaN", "Infinity", "-Infinity"
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
      return std::string(buf, end);
    }
    case 4: return std::get<std::string>(value.v);
    case 6: return FormatIsoDate(std::get<Date>(value.v));
    default: return ValueToJson(Value::FromProperty(value));
  }
}

}  // namespace newsgraph
