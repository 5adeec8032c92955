#include "query/value.h"

#include <cmath>
#include <sstream>

#include "base/ascii.h"
#include "graph/node_columns.h"
#include "query/temporal.h"

namespace newsgraph {

Value Value::FromProperty(const PropertyValue& p) {
  switch (p.v.index()) {
    case 1: return Value(std::get<bool>(p.v));
    case 2: return Value(std::get<int64_t>(p.v));
    case 3: return Value(std::get<double>(p.v));
    case 4: return Value(std::get<std::string>(p.v));
    case 5: {
      ValueList list;
      for (const PropertyValue& item : std::get<PropertyList>(p.v)) list.push_back(FromProperty(item));
      return Value(std::move(list));
    }
    case 6: return Value(std::get<Date>(p.v));
    case 7: return Value(std::get<Duration>(p.v));
    case 8: return Value(std::get<LocalTime>(p.v));
    case 9: return Value(std::get<Time>(p.v));
    case 10: return Value(std::get<LocalDateTime>(p.v));
    case 11: return Value(std::get<DateTime>(p.v));
  }
  return Value();
}

const char* TypeName(Value::Type t) {
  static const char* kNames[] = {"Null", "Boolean", "Integer", "Float", "String", "List", "Map", "Node",
                                 "Relationship", "Path", "Date", "Duration", "LocalTime", "Time",
                                 "LocalDateTime", "DateTime"};
  return kNames[t];
}

int CypherEquals(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return -1;
  if (a.is_number() && b.is_number()) {
    if (a.type() == Value::kInt && b.type() == Value::kInt) return std::get<int64_t>(a.v) == std::get<int64_t>(b.v);
    return a.as_double() == b.as_double();
  }
  if (a.type() != b.type()) return 0;
  if (a.is_temporal()) return TemporalKey(a) == TemporalKey(b);
  switch (a.type()) {
    case Value::kBool: return std::get<bool>(a.v) == std::get<bool>(b.v);
    case Value::kString: return std::get<std::string>(a.v) == std::get<std::string>(b.v);
    case Value::kNode: return std::get<NodeValue>(a.v).id == std::get<NodeValue>(b.v).id;
    case Value::kRel: return std::get<RelValue>(a.v).id == std::get<RelValue>(b.v).id;
    case Value::kList: {
      const auto& x = std::get<ValueList>(a.v);
      const auto& y = std::get<ValueList>(b.v);
      if (x.size() != y.size()) return 0;
      bool saw_null = false;
      for (size_t i = 0; i < x.size(); ++i) {
        int e = CypherEquals(x[i], y[i]);
        if (e == 0) return 0;
        if (e < 0) saw_null = true;
      }
      return saw_null ? -1 : 1;
    }
    case Value::kMap: {
      const auto& x = std::get<ValueMap>(a.v);
      const auto& y = std::get<ValueMap>(b.v);
      if (x.size() != y.size()) return 0;
      bool saw_null = false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first) return 0;
        int e = CypherEquals(i->second, j->second);
        if (e == 0) return 0;
        if (e < 0) saw_null = true;
      }
      return saw_null ? -1 : 1;
    }
    case Value::kPath: {
      const auto& x = std::get<PathValue>(a.v);
      const auto& y = std::get<PathValue>(b.v);
      if (x.nodes.size() != y.nodes.size()) return 0;
      for (size_t i = 0; i < x.nodes.size(); ++i)
        if (x.nodes[i].id != y.nodes[i].id) return 0;
      for (size_t i = 0; i < x.rels.size(); ++i)
        if (x.rels[i].id != y.rels[i].id) return 0;
      return 1;
    }
    default: return 0;
  }
}

namespace {
int OrderRank(Value::Type t) {
  switch (t) {
    case Value::kMap: return 0;
    case Value::kNode: return 1;
    case Value::kRel: return 2;
    case Value::kList: return 3;
    case Value::kPath: return 4;
    case Value::kDateTime: return 5;
    case Value::kLocalDateTime: return 6;
    case Value::kDate: return 7;
    case Value::kTime: return 8;
    case Value::kLocalTime: return 9;
    case Value::kDuration: return 10;
    case Value::kString: return 11;
    case Value::kBool: return 12;
    case Value::kInt:
    case Value::kFloat: return 13;
    case Value::kNull: return 14;
  }
  return 15;
}
template <typename T>
int Cmp(const T& a, const T& b) { return a < b ? -1 : (b < a ? 1 : 0); }
}  // namespace

int CompareForOrder(const Value& a, const Value& b) {
  int ra = OrderRank(a.type()), rb = OrderRank(b.type());
  if (ra != rb) return ra < rb ? -1 : 1;
  if (a.is_temporal()) return Cmp(TemporalKey(a), TemporalKey(b));
  switch (a.type()) {
    case Value::kNull: return 0;
    case Value::kBool: return Cmp(std::get<bool>(a.v), std::get<bool>(b.v));
    case Value::kString: return Cmp(std::get<std::string>(a.v), std::get<std::string>(b.v));
    case Value::kInt:
    case Value::kFloat: {
      if (a.type() == Value::kInt && b.type() == Value::kInt) return Cmp(std::get<int64_t>(a.v), std::get<int64_t>(b.v));
      double x = a.as_double(), y = b.as_double();
      bool nx = std::isnan(x), ny = std::isnan(y);
      if (nx || ny) return nx == ny ? 0 : (nx ? 1 : -1);  // NaN sorts after numbers
      return Cmp(x, y);
    }
    case Value::kNode: return Cmp(std::get<NodeValue>(a.v).id, std::get<NodeValue>(b.v).id);
    case Value::kRel: return Cmp(std::get<RelValue>(a.v).id, std::get<RelValue>(b.v).id);
    case Value::kList: {
      const auto& x = std::get<ValueList>(a.v);
      const auto& y = std::get<ValueList>(b.v);
      for (size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (int c = CompareForOrder(x[i], y[i])) return c;
      return Cmp(x.size(), y.size());
    }
    case Value::kMap: {
      const auto& x = std::get<ValueMap>(a.v);
      const auto& y = std::get<ValueMap>(b.v);
      auto i = x.begin(), j = y.begin();
      for (; i != x.end() && j != y.end(); ++i, ++j) {
        if (int c = Cmp(i->first, j->first)) return c;
        if (int c = CompareForOrder(i->second, j->second)) return c;
      }
      return Cmp(x.size(), y.size());
    }
    case Value::kPath: {
      const auto& x = std::get<PathValue>(a.v);
      const auto& y = std::get<PathValue>(b.v);
      for (size_t i = 0; i < x.nodes.size() && i < y.nodes.size(); ++i)
        if (int c = Cmp(x.nodes[i].id, y.nodes[i].id)) return c;
      return Cmp(x.nodes.size(), y.nodes.size());
    }
    default:  // temporal values: compared by TemporalKey above
      return 0;
  }
}

int CompareValues(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return 2;
  if (a.is_number() && b.is_number()) {
    if (a.type() == Value::kInt && b.type() == Value::kInt) return Cmp(std::get<int64_t>(a.v), std::get<int64_t>(b.v));
    double x = a.as_double(), y = b.as_double();
    if (std::isnan(x) || std::isnan(y)) return 3;
    return Cmp(x, y);
  }
  if (a.type() != b.type()) return 2;
  if (a.type() == Value::kDuration) return 2;  // durations have no order: a month is no number of days
  if (a.is_temporal()) return Cmp(TemporalKey(a), TemporalKey(b));
  switch (a.type()) {
    case Value::kString: return Cmp(std::get<std::string>(a.v), std::get<std::string>(b.v));
    case Value::kBool: return Cmp(std::get<bool>(a.v), std::get<bool>(b.v));
    case Value::kList: {
      const auto& x = std::get<ValueList>(a.v);
      const auto& y = std::get<ValueList>(b.v);
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        int c = CompareValues(x[i], y[i]);
        if (c != 0) return c;
      }
      return Cmp(x.size(), y.size());
    }
    default: return 2;
  }
}

namespace {
std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  std::ostringstream out;
  out.precision(15);
  out << d;
  std::string s = out.str();
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

std::string PropsLiteral(const Properties& props) {
  if (props.empty()) return "";
  std::string out = " {";
  bool first = true;
  for (const auto& [k, v] : props) {
    if (!first) out += ", ";
    first = false;
    out += k + ": " + ToLiteral(Value::FromProperty(v));
  }
  return out + "}";
}

std::string NodeLiteral(const NodeValue& n) {
  std::string out = "(";
  if (n.data) {
    for (const std::string& l : n.data->labels) out += ":" + l;
    out += PropsLiteral(n.data->properties);
  } else {
    out += "#" + std::to_string(n.id);
  }
  return out + ")";
}

std::string RelLiteral(const RelValue& r) {
  if (!r.data) return "[#" + std::to_string(r.id) + "]";
  return "[:" + r.data->type + PropsLiteral(r.data->properties) + "]";
}
}  // namespace

std::string ToLiteral(const Value& v) {
  switch (v.type()) {
    case Value::kNull: return "null";
    case Value::kBool: return std::get<bool>(v.v) ? "true" : "false";
    case Value::kInt: return std::to_string(std::get<int64_t>(v.v));
    case Value::kFloat: return FormatDouble(std::get<double>(v.v));
    case Value::kString: return QuoteString(std::get<std::string>(v.v));
    case Value::kDate:
    case Value::kDuration:
    case Value::kLocalTime:
    case Value::kTime:
    case Value::kLocalDateTime:
    case Value::kDateTime: return TemporalText(v);
    case Value::kList: {
      std::string out = "[";
      const auto& l = std::get<ValueList>(v.v);
      for (size_t i = 0; i < l.size(); ++i) out += (i ? ", " : "") + ToLiteral(l[i]);
      return out + "]";
    }
    case Value::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, x] : std::get<ValueMap>(v.v)) {
        out += (first ? "" : ", ") + k + ": " + ToLiteral(x);
        first = false;
      }
      return out + "}";
    }
    case Value::kNode: return NodeLiteral(std::get<NodeValue>(v.v));
    case Value::kRel: return RelLiteral(std::get<RelValue>(v.v));
    case Value::kPath: {
      const PathValue& p = std::get<PathValue>(v.v);
      std::string out = "<";
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        out += NodeLiteral(p.nodes[i]);
        if (i < p.rels.size()) {
          bool forward = p.rels[i].data && p.rels[i].data->src == p.nodes[i].id;
          out += forward ? "-" + RelLiteral(p.rels[i]) + "->" : "<-" + RelLiteral(p.rels[i]) + "-";
        }
      }
      return out + ">";
    }
  }
  return "";
}

std::string ToDisplay(const Value& v) {
  if (v.type() == Value::kString) return std::get<std::string>(v.v);
  return ToLiteral(v);
}

bool ParseCompareOp(const std::string& op, CompareOp* out) {
  static const std::pair<const char*, CompareOp> kOps[] = {{"=", CompareOp::kEq},  {"<>", CompareOp::kNe},
                                                           {"<", CompareOp::kLt},  {"<=", CompareOp::kLe},
                                                           {">", CompareOp::kGt},  {">=", CompareOp::kGe}};
  for (const auto& [text, value] : kOps)
    if (op == text) {
      *out = value;
      return true;
    }
  return false;
}

const char* CompareOpText(CompareOp op) {
  static const char* kText[] = {"=", "<>", "<", "<=", ">", ">="};
  return kText[static_cast<int>(op)];
}

Value Compare(CompareOp op, const Value& x, const Value& y) {
  if (op == CompareOp::kEq || op == CompareOp::kNe) {
    int t = CypherEquals(x, y);
    if (t < 0) return Value();
    return Value((t == 1) == (op == CompareOp::kEq));
  }
  int c = CompareValues(x, y);
  if (c == 2) return Value();
  if (c == 3) return Value(false);
  switch (op) {
    case CompareOp::kLt: return Value(c < 0);
    case CompareOp::kLe: return Value(c <= 0);
    case CompareOp::kGt: return Value(c > 0);
    default: return Value(c >= 0);
  }
}

ValueMap StatementMap(const EvidenceRecord& r, const Node& article) {
  auto from_article = [&](const char* key) {
    auto it = article.properties.find(key);
    return it == article.properties.end() ? Value() : Value::FromProperty(it->second);
  };
  return ValueMap{{"sentence", Value(r.sentence)},
                  {"article", from_article("article_id")},
                  {"title", from_article("title")},
                  {"date", from_article("date")},
                  {"source", from_article("source")},
                  {"rule", Value(r.rule)},
                  {"confidence", Value(r.confidence)},
                  {"hedged", Value(r.hedged)},
                  {"start", Value(static_cast<int64_t>(r.start))},
                  {"end", Value(static_cast<int64_t>(r.end))}};
}

bool StringMatch(std::string_view op, std::string_view s, std::string_view t, bool* holds) {
  if (op == "STARTS WITH") *holds = s.substr(0, t.size()) == t;
  else if (op == "ENDS WITH") *holds = s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
  else if (op == "CONTAINS") *holds = s.find(t) != std::string_view::npos;
  else return false;
  return true;
}

bool NodeColumnValue(const NodeColumns* columns, NodeId id, std::string_view key, Value* out) {
  const NodeColumns::Column* c = columns ? columns->column(key) : nullptr;
  if (!c) return false;
  switch (c->kind(id)) {
    case NodeColumns::kAbsent: *out = Value(); return true;
    case NodeColumns::kInt: *out = Value(c->ints[id]); return true;
    case NodeColumns::kString: *out = Value(std::string(c->str(id))); return true;
    default: return false;
  }
}

Value EdgeProperty(const Edge& edge, const std::string& key) {
  auto it = edge.properties.find(key);
  if (it != edge.properties.end()) return Value::FromProperty(it->second);
  if (key == "weight" && edge.weight != 0) return Value(edge.weight);
  return Value();
}

}  // namespace newsgraph
