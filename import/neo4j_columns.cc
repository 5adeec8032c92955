#include "import/neo4j_columns.h"

#include <charconv>
#include <cmath>
#include <set>

#include "base/ascii.h"
#include "base/date.h"

namespace newsgraph {

namespace {


std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "ID(group)" -> kind, group; false when `spec` is no id-like keyword.
bool ParseIdSpec(const std::string& lower, std::string_view spec, Column* c) {
  static const std::pair<const char*, ColumnKind> kIds[] = {
      {"id", ColumnKind::kId}, {"start_id", ColumnKind::kStartId}, {"end_id", ColumnKind::kEndId}};
  for (const auto& [word, kind] : kIds) {
    size_t n = std::char_traits<char>::length(word);
    if (lower.compare(0, n, word) != 0) continue;
    if (lower.size() == n) {
      c->kind = kind;
      return true;
    }
    if (lower[n] == '(' && lower.back() == ')') {
      c->kind = kind;
      c->group = std::string(spec.substr(n + 1, spec.size() - n - 2));
      return true;
    }
  }
  return false;
}

// "long", "int[]", "datetime" ...; false when unknown.
bool ParseValueType(std::string lower, Column* c) {
  if (lower.size() > 2 && lower.compare(lower.size() - 2, 2, "[]") == 0) {
    c->array = true;
    lower.resize(lower.size() - 2);
  }
  static const struct { const char* name; ValueKind kind; int bits; } kTypes[] = {
      {"string", ValueKind::kString, 0},  {"char", ValueKind::kString, 0},   {"long", ValueKind::kInt, 64},
      {"int", ValueKind::kInt, 32},       {"short", ValueKind::kInt, 16},    {"byte", ValueKind::kInt, 8},
      {"double", ValueKind::kFloat, 0},   {"float", ValueKind::kFloat, 0},   {"boolean", ValueKind::kBool, 0},
      {"date", ValueKind::kDate, 0},  // YYYY-MM-DD (base/date.h)
      // Other temporal and spatial values have no type of their own here: text.    {"time", ValueKind::kString, 0},   {"localtime", ValueKind::kString, 0},
      {"datetime", ValueKind::kString, 0}, {"localdatetime", ValueKind::kString, 0},
      {"duration", ValueKind::kString, 0}, {"point", ValueKind::kString, 0},
  };
  for (const auto& t : kTypes)
    if (lower == t.name) {
      c->value = t.kind;
      c->int_bits = t.bits;
      return true;
    }
  return false;
}

const char* TypeWord(const Column& c) {
  switch (c.value) {
    case ValueKind::kInt: return c.int_bits == 64 ? "long" : c.int_bits == 32 ? "int" : c.int_bits == 16 ? "short" : "byte";
    case ValueKind::kFloat: return "double";
    case ValueKind::kBool: return "boolean";
    case ValueKind::kString: return "string";
    case ValueKind::kDate: return "date";
  }
  return "string";
}

Status ParseScalar(const Column& c, std::string_view text, PropertyValue* out) {
  auto bad = [&] {
    return Status::InvalidArgument("column '" + c.header + "': '" + std::string(text) + "' is not " +
                                   (c.value == ValueKind::kInt && c.int_bits == 32 ? "an " : "a ") + TypeWord(c) +
                                   (c.value == ValueKind::kBool ? " (true or false)" : c.value == ValueKind::kDate ? " (YYYY-MM-DD)" : ""));
  };
  switch (c.value) {
    case ValueKind::kString: *out = std::string(text); return Status::OK();
    case ValueKind::kInt: {
      std::string_view t = Trim(text);
      if (!t.empty() && t.front() == '+') t.remove_prefix(1);
      int64_t v = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return bad();
      if (c.int_bits < 64) {
        int64_t limit = int64_t{1} << (c.int_bits - 1);
        if (v < -limit || v >= limit) return bad();
      }
      *out = v;
      return Status::OK();
    }
    case ValueKind::kFloat: {
      std::string_view t = Trim(text);
      if (!t.empty() && t.front() == '+') t.remove_prefix(1);
      double v = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return bad();
      *out = v;
      return Status::OK();
    }
    case ValueKind::kDate: {
      Date d;
      if (!ParseIsoDate(Trim(text), &d)) return bad();
      *out = d;
      return Status::OK();
    }
    case ValueKind::kBool: {
      std::string l = AsciiLower(Trim(text));
      if (l != "true" && l != "false") return bad();
      *out = l == "true";
      return Status::OK();
    }
  }
  return bad();
}

}  // namespace

std::vector<std::string_view> SplitArray(std::string_view text, char delimiter, bool drop_empty) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t at = text.find(delimiter);
    std::string_view part = text.substr(0, at);
    if (!drop_empty || !part.empty()) parts.push_back(part);
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return parts;
}

Result<std::vector<Column>> ParseHeader(const std::vector<CsvField>& fields) {
  std::vector<Column> columns;
  std::set<std::string> names;
  for (size_t i = 0; i < fields.size(); ++i) {
    Column c;
    c.header = std::string(fields[i].text);
    size_t colon = c.header.rfind(':');
    std::string_view spec;
    if (colon == std::string::npos) {
      c.name = c.header;
    } else {
      c.name = c.header.substr(0, colon);
      spec = std::string_view(c.header).substr(colon + 1);
    }
    std::string lower = AsciiLower(spec);
    auto where = "column " + std::to_string(i + 1) + " '" + c.header + "'";
    if (spec.empty() && colon != std::string::npos) return Status::InvalidArgument(where + ": no type after ':'");
    if (lower == "type") c.kind = ColumnKind::kType;
    else if (lower == "label") c.kind = ColumnKind::kLabel;
    else if (lower == "ignore") c.kind = ColumnKind::kIgnore;
    else if (!spec.empty() && !ParseIdSpec(lower, spec, &c) && !ParseValueType(lower, &c))
      return Status::InvalidArgument(where + ": unknown type '" + std::string(spec) +
                                     "' (use int, long, float, double, boolean, string, their arrays such as "
                                     "string[], or :ID, :START_ID, :END_ID, :TYPE, :LABEL, :IGNORE)");
    if (c.kind == ColumnKind::kProperty && c.name.empty())
      return Status::InvalidArgument(where + ": a property column needs a name before ':'");
    // A named :ID column is stored as a property too (as Neo4j does).
    if ((c.kind == ColumnKind::kProperty || (c.kind == ColumnKind::kId && !c.name.empty())) &&
        !names.insert(c.name).second)
      return Status::InvalidArgument(where + ": property '" + c.name + "' has two columns");
    columns.push_back(std::move(c));
  }
  return columns;
}

Status ParseField(const Column& c, const CsvField& field, char array_delimiter, PropertyValue* out, bool* present) {
  *present = !(field.text.empty() && !field.quoted);
  if (!*present) return Status::OK();
  if (!c.array) return ParseScalar(c, field.text, out);
  PropertyList list;
  if (!field.text.empty()) {
    for (std::string_view part : SplitArray(field.text, array_delimiter, false)) {
      PropertyValue v;
      NG_RETURN_IF_ERROR(ParseScalar(c, part, &v));
      list.push_back(std::move(v));
    }
  }
  *out = std::move(list);
  return Status::OK();
}

}  // namespace newsgraph
