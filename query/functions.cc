// The function table (functions.h) and the implementations of its rows.

#include "query/functions.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <map>

#include "base/ascii.h"
#include "query/executor.h"
#include "query/temporal.h"

namespace newsgraph {

std::string Where(const Expr& e) {
  return "line " + std::to_string(e.line) + ", column " + std::to_string(e.column);
}

namespace {

using Call = FunctionCall;

// Three-valued logic: 1 true, 0 false, -1 null.
int Truth(const Value& v) {
  if (v.is_null()) return -1;
  return std::get<bool>(v.v) ? 1 : 0;
}

Status Need(const Call& c, const Value& x, Value::Type t) {
  if (x.type() != t)
    return TypeError(c.e, c.e.name + "() expects a " + TypeName(t) + ", got " + TypeName(x.type()));
  return Status::OK();
}

// ---- graph entities

Result<Value> Id(Call& c) {
  const Value& x = c.args[0];
  if (x.type() == Value::kNode) return Value(static_cast<int64_t>(std::get<NodeValue>(x.v).id));
  if (x.type() == Value::kRel) return Value(static_cast<int64_t>(std::get<RelValue>(x.v).id));
  return TypeError(c.e, std::string("id() expects a node or relationship, got ") + TypeName(x.type()));
}

Result<Value> Labels(Call& c) {
  const Value& x = c.args[0];
  NG_RETURN_IF_ERROR(Need(c, x, Value::kNode));
  if (c.ex.IsDeleted(x)) return Status::InvalidArgument("labels() of a node deleted by this query (" + Where(c.e) + ")");
  auto n = c.ex.LoadNode(std::get<NodeValue>(x.v).id);
  if (!n.ok()) return n.status();
  ValueList out;
  for (const std::string& l : n.value()->labels) out.push_back(Value(l));
  return Value(std::move(out));
}

Result<Value> Type(Call& c) {
  const Value& x = c.args[0];
  NG_RETURN_IF_ERROR(Need(c, x, Value::kRel));
  auto r = c.ex.LoadEdge(std::get<RelValue>(x.v).id);
  if (!r.ok()) return r.status();
  return Value(r.value()->type);
}

// properties(x) and keys(x)
Result<Value> PropertiesOrKeys(Call& c) {
  const Value& x = c.args[0];
  ValueMap m;
  if (x.type() == Value::kMap) {
    m = std::get<ValueMap>(x.v);
  } else if (x.type() == Value::kNode) {
    auto loaded = c.ex.LoadNode(std::get<NodeValue>(x.v).id);
    if (!loaded.ok()) return loaded.status();
    for (const auto& [k, v] : loaded.value()->properties) m[k] = Value::FromProperty(v);
  } else if (x.type() == Value::kRel) {
    auto loaded = c.ex.LoadEdge(std::get<RelValue>(x.v).id);
    if (!loaded.ok()) return loaded.status();
    for (const auto& [k, v] : loaded.value()->properties) m[k] = Value::FromProperty(v);
  } else {
    return TypeError(c.e, c.e.name + "() expects a node, relationship or map");
  }
  if (EqualsIgnoreCase(c.e.name, "properties")) return Value(std::move(m));
  ValueList keys;
  for (const auto& [k, v] : m) keys.push_back(Value(k));
  return Value(std::move(keys));
}

Result<Value> Length(Call& c) {
  const Value& x = c.args[0];
  if (x.type() == Value::kPath) return Value(static_cast<int64_t>(std::get<PathValue>(x.v).rels.size()));
  if (x.type() == Value::kString) return Value(static_cast<int64_t>(std::get<std::string>(x.v).size()));
  if (x.type() == Value::kList) return Value(static_cast<int64_t>(std::get<ValueList>(x.v).size()));
  return TypeError(c.e, std::string("length() expects a path, got ") + TypeName(x.type()));
}

// nodes(p) and relationships(p)
Result<Value> PathParts(Call& c) {
  NG_RETURN_IF_ERROR(Need(c, c.args[0], Value::kPath));
  const PathValue& p = std::get<PathValue>(c.args[0].v);
  ValueList out;
  if (EqualsIgnoreCase(c.e.name, "nodes"))
    for (const NodeValue& n : p.nodes) out.push_back(Value(n));
  else
    for (const RelValue& r : p.rels) out.push_back(Value(r));
  return Value(std::move(out));
}

// startNode(r) and endNode(r)
Result<Value> EndOfRel(Call& c) {
  NG_RETURN_IF_ERROR(Need(c, c.args[0], Value::kRel));
  auto r = c.ex.LoadEdge(std::get<RelValue>(c.args[0].v).id);
  if (!r.ok()) return r.status();
  return Value(NodeValue{EqualsIgnoreCase(c.e.name, "startNode") ? r.value()->src : r.value()->dst, nullptr});
}

// n:Label (args: the node or relationship, then the labels as strings); r:T tests the type.
Result<Value> HasLabels(Call& c) {
  const Value& x = c.args[0];
  if (x.is_null()) return Value();
  if (x.type() == Value::kRel) {
    auto r = c.ex.LoadEdge(std::get<RelValue>(x.v).id);
    if (!r.ok()) return r.status();
    for (size_t i = 1; i < c.args.size(); ++i)
      if (r.value()->type != std::get<std::string>(c.args[i].v)) return Value(false);
    return Value(true);
  }
  if (x.type() != Value::kNode) return TypeError(c.e, "label test on a non-node");
  auto n = c.ex.LoadNode(std::get<NodeValue>(x.v).id);
  if (!n.ok()) return n.status();
  for (size_t i = 1; i < c.args.size(); ++i)
    if (!std::binary_search(n.value()->labels.begin(), n.value()->labels.end(), std::get<std::string>(c.args[i].v)))
      return Value(false);
  return Value(true);
}

// ---- lists

Result<Value> Size(Call& c) {
  const Value& x = c.args[0];
  if (x.type() == Value::kList) return Value(static_cast<int64_t>(std::get<ValueList>(x.v).size()));
  if (x.type() == Value::kString) {
    int64_t n = 0;  // characters, not bytes
    for (unsigned char ch : std::get<std::string>(x.v)) n += (ch & 0xC0) != 0x80;
    return Value(n);
  }
  if (x.type() == Value::kMap) return Value(static_cast<int64_t>(std::get<ValueMap>(x.v).size()));
  return TypeError(c.e, std::string("size() expects a list or string, got ") + TypeName(x.type()));
}

// head, last, tail; reverse of a list or a string
Result<Value> ListPart(Call& c) {
  const Value& x = c.args[0];
  const std::string& f = c.e.name;
  if (EqualsIgnoreCase(f, "reverse") && x.type() == Value::kString) {
    std::string s = std::get<std::string>(x.v);
    std::reverse(s.begin(), s.end());
    return Value(s);
  }
  NG_RETURN_IF_ERROR(Need(c, x, Value::kList));
  ValueList l = std::get<ValueList>(x.v);
  if (EqualsIgnoreCase(f, "head")) return l.empty() ? Value() : l.front();
  if (EqualsIgnoreCase(f, "last")) return l.empty() ? Value() : l.back();
  if (EqualsIgnoreCase(f, "tail")) {
    if (!l.empty()) l.erase(l.begin());
    return Value(std::move(l));
  }
  std::reverse(l.begin(), l.end());
  return Value(std::move(l));
}

Result<Value> Coalesce(Call& c) {
  for (const Value& v : c.args)
    if (!v.is_null()) return v;
  return Value();
}

Result<Value> Range(Call& c) {
  for (const Value& v : c.args)
    if (v.type() != Value::kInt) return TypeError(c.e, "range() takes integers");
  int64_t a = std::get<int64_t>(c.args[0].v), b = std::get<int64_t>(c.args[1].v);
  int64_t step = c.args.size() == 3 ? std::get<int64_t>(c.args[2].v) : 1;
  if (step == 0) return Status::InvalidArgument("range() step must not be 0 (" + Where(c.e) + ")");
  // The length first (128-bit: no overflow near the ends), then the limits,
  // then the one allocation.
  __int128 span = static_cast<__int128>(b) - a;
  __int128 n = (step > 0 ? span >= 0 : span <= 0) ? span / step + 1 : 0;
  if (n > static_cast<__int128>(c.ex.limits().max_rows))
    return Status::LimitExceeded("range() longer than the row limit (" + Where(c.e) + ")");
  size_t count = static_cast<size_t>(n);
  NG_RETURN_IF_ERROR(c.ex.Reserve(count * sizeof(Value)));
  ValueList out;
  out.reserve(count);
  for (size_t k = 0; k < count; ++k) out.push_back(Value(static_cast<int64_t>(a + static_cast<__int128>(step) * k)));
  return Value(std::move(out));
}

Result<Value> Exists(Call& c) { return Value(true); }  // null was handled by null_in_null_out

// all/any/none/single(x IN list WHERE predicate) with Cypher's null logic;
// args[0] is the list comprehension that holds the variable and predicate.
Result<Value> Quantifier(Call& call) {
  const Expr& e = call.e;
  const Expr& c = *e.args[0];
  Result<Value> list = call.ex.Eval(*c.args[0], call.row);
  if (!list.ok()) return list;
  if (list->is_null()) return Value();
  if (list->type() != Value::kList) return TypeError(e, std::string("a quantifier needs a list, got ") + TypeName(list->type()));
  int64_t trues = 0, nulls = 0, total = 0;
  for (const Value& item : std::get<ValueList>(list->v)) {
    NG_RETURN_IF_ERROR(call.ex.CheckLimits());
    call.row[c.slot] = item;
    Result<Value> keep = call.ex.Eval(*c.args[1], call.row);
    if (!keep.ok()) return keep;
    if (!keep->is_null() && keep->type() != Value::kBool)
      return TypeError(e, std::string("a quantifier's WHERE needs a boolean, got ") + TypeName(keep->type()));
    int t = Truth(keep.value());
    trues += t == 1;
    nulls += t < 0;
    ++total;
  }
  int64_t falses = total - trues - nulls;
  if (e.name == "__all") return falses ? Value(false) : (nulls ? Value() : Value(true));
  if (e.name == "__any") return trues ? Value(true) : (nulls ? Value() : Value(false));
  if (e.name == "__none") return trues ? Value(false) : (nulls ? Value() : Value(true));
  if (trues > 1) return Value(false);  // single
  if (nulls) return Value();
  return Value(trues == 1);
}

// EXISTS { pattern WHERE ... }: args[0] is a pattern comprehension; true when it finds any.
Result<Value> ExistsSubquery(Call& c) {
  Result<Value> found = c.ex.Eval(*c.e.args[0], c.row);
  if (!found.ok()) return found;
  return Value(!std::get<ValueList>(found->v).empty());
}

Result<Value> Rand(Call& c) {
  return Value(static_cast<double>(std::rand()) / (static_cast<double>(RAND_MAX) + 1.0));
}

// ---- strings

// toLower, toUpper, trim, ltrim, rtrim
Result<Value> StringCase(Call& c) {
  const Value& x = c.args[0];
  const std::string& f = c.e.name;
  NG_RETURN_IF_ERROR(Need(c, x, Value::kString));
  std::string s = std::get<std::string>(x.v);
  if (EqualsIgnoreCase(f, "toLower")) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  } else if (EqualsIgnoreCase(f, "toUpper")) {
    for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  } else {
    size_t b = EqualsIgnoreCase(f, "rtrim") ? 0 : s.find_first_not_of(" \t\n\r");
    if (b == std::string::npos) return Value(std::string());
    size_t en = EqualsIgnoreCase(f, "ltrim") ? s.size() : s.find_last_not_of(" \t\n\r") + 1;
    s = s.substr(b, en - b);
  }
  return Value(s);
}

Result<Value> Replace(Call& c) {
  if (c.args[1].type() != Value::kString || c.args[2].type() != Value::kString)
    return TypeError(c.e, "replace() takes strings");
  NG_RETURN_IF_ERROR(Need(c, c.args[0], Value::kString));
  const std::string& s = std::get<std::string>(c.args[0].v);
  const std::string& from = std::get<std::string>(c.args[1].v);
  const std::string& to = std::get<std::string>(c.args[2].v);
  if (from.empty()) return Value(s);
  std::string out;
  size_t pos = 0, hit;
  while ((hit = s.find(from, pos)) != std::string::npos) {
    out += s.substr(pos, hit - pos) + to;
    pos = hit + from.size();
  }
  return Value(out + s.substr(pos));
}

Result<Value> Split(Call& c) {
  const Value& x = c.args[0];
  if (x.type() != Value::kString || c.args[1].type() != Value::kString) return TypeError(c.e, "split() takes strings");
  const std::string& s = std::get<std::string>(x.v);
  const std::string& sep = std::get<std::string>(c.args[1].v);
  ValueList out;
  if (sep.empty()) {
    for (char ch : s) out.push_back(Value(std::string(1, ch)));
    return Value(std::move(out));
  }
  size_t pos = 0, hit;
  while ((hit = s.find(sep, pos)) != std::string::npos) {
    out.push_back(Value(s.substr(pos, hit - pos)));
    pos = hit + sep.size();
  }
  out.push_back(Value(s.substr(pos)));
  return Value(std::move(out));
}

// substring, left, right
Result<Value> Substring(Call& c) {
  const std::string& f = c.e.name;
  NG_RETURN_IF_ERROR(Need(c, c.args[0], Value::kString));
  for (size_t i = 1; i < c.args.size(); ++i)
    if (c.args[i].type() != Value::kInt || std::get<int64_t>(c.args[i].v) < 0)
      return TypeError(c.e, f + "() takes non-negative integer positions");
  const std::string& s = std::get<std::string>(c.args[0].v);
  size_t a = static_cast<size_t>(std::get<int64_t>(c.args[1].v));
  if (EqualsIgnoreCase(f, "left")) return Value(s.substr(0, std::min(a, s.size())));
  if (EqualsIgnoreCase(f, "right")) return Value(a >= s.size() ? s : s.substr(s.size() - a));
  if (a >= s.size()) return Value(std::string());
  size_t len = c.args.size() == 3 ? static_cast<size_t>(std::get<int64_t>(c.args[2].v)) : std::string::npos;
  return Value(s.substr(a, len));
}

// ---- provenance

// evidence(r): one map per statement behind r (graph.h, EvidenceWithArticles;
// value.h, StatementMap), in ingest order.
Result<Value> Evidence(Call& c) {
  NG_RETURN_IF_ERROR(Need(c, c.args[0], Value::kRel));
  std::vector<EvidenceRecord> records;
  std::map<NodeId, Node> articles;
  NG_RETURN_IF_ERROR(c.ex.graph().EvidenceWithArticles(std::get<RelValue>(c.args[0].v).id, &records, &articles));
  ValueList out;
  for (const EvidenceRecord& r : records) {
    NG_RETURN_IF_ERROR(c.ex.CheckLimits());
    out.push_back(Value(StatementMap(r, articles.at(r.article))));
  }
  return Value(std::move(out));
}

// ---- conversions

Result<Value> ToString(Call& c) {
  const Value& x = c.args[0];
  if (x.type() == Value::kString) return x;
  if (x.is_number() || x.type() == Value::kBool || x.is_temporal())
    return Value(ToLiteral(x));
  return TypeError(c.e, std::string("toString() of a ") + TypeName(x.type()));
}

// A float truncated to an integer; null where no integer holds it (NaN,
// out of range), for floats and strings alike.
Value Truncated(double d) {
  if (std::isnan(d) || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) return Value();
  return Value(static_cast<int64_t>(d));
}

// toInteger and toFloat
Result<Value> ToNumber(Call& c) {
  const Value& x = c.args[0];
  bool to_int = EqualsIgnoreCase(c.e.name, "toInteger");
  if (x.type() == Value::kInt) return to_int ? x : Value(static_cast<double>(std::get<int64_t>(x.v)));
  if (x.type() == Value::kFloat) return to_int ? Truncated(std::get<double>(x.v)) : x;
  if (x.type() == Value::kString) {
    const std::string& s = std::get<std::string>(x.v);
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (s.empty() || end == s.c_str() || *end) return Value();
    if (to_int) {
      char* iend = nullptr;
      errno = 0;
      long long i = std::strtoll(s.c_str(), &iend, 10);
      if (*iend == '\0') return errno == ERANGE ? Value() : Value(static_cast<int64_t>(i));  // no saturation
      return Truncated(d);
    }
    return Value(d);
  }
  if (x.type() == Value::kBool && to_int) return Value(static_cast<int64_t>(std::get<bool>(x.v)));
  return TypeError(c.e, c.e.name + "() of a " + TypeName(x.type()));
}

Result<Value> ToBoolean(Call& c) {
  const Value& x = c.args[0];
  if (x.type() == Value::kBool) return x;
  if (x.type() == Value::kString) {
    const std::string& s = std::get<std::string>(x.v);
    if (EqualsIgnoreCase(s, "true")) return Value(true);
    if (EqualsIgnoreCase(s, "false")) return Value(false);
    return Value();
  }
  return TypeError(c.e, std::string("toBoolean() of a ") + TypeName(x.type()));
}

// ---- numbers: abs, sign, ceil, floor, round, sqrt

Result<Value> Numeric(Call& c) {
  const Value& x = c.args[0];
  const std::string& f = c.e.name;
  if (!x.is_number()) return TypeError(c.e, f + "() expects a number, got " + TypeName(x.type()));
  if (EqualsIgnoreCase(f, "abs")) {
    if (x.type() == Value::kInt) {
      int64_t i = std::get<int64_t>(x.v);
      if (i == INT64_MIN) return TypeError(c.e, "integer overflow");  // as for unary minus
      return Value(i < 0 ? -i : i);
    }
    return Value(std::fabs(std::get<double>(x.v)));
  }
  double d = x.as_double();
  if (EqualsIgnoreCase(f, "sign")) return Value(static_cast<int64_t>((d > 0) - (d < 0)));
  if (EqualsIgnoreCase(f, "ceil")) return Value(std::ceil(d));
  if (EqualsIgnoreCase(f, "floor")) return Value(std::floor(d));
  if (EqualsIgnoreCase(f, "round")) return Value(std::round(d));
  return Value(std::sqrt(d));
}

constexpr unsigned Bit(VarKind k) { return 1u << static_cast<unsigned>(k); }

using K = FunctionDef::Kind;
constexpr VarKind kV = VarKind::kValue;
constexpr VarKind kU = VarKind::kUnknown;

// name, min, max, kind, null in -> null out, refused first-argument kinds, their text, result, implementation
const FunctionDef kFunctions[] = {
    {"id", 1, 1, K::kScalar, true, 0, "", kV, Id},
    {"labels", 1, 1, K::kScalar, true, Bit(VarKind::kRel) | Bit(VarKind::kPath), "a relationship or path", kV, Labels},
    {"type", 1, 1, K::kScalar, true, Bit(VarKind::kNode) | Bit(VarKind::kPath), "a node or path", kV, Type},
    {"properties", 1, 1, K::kScalar, true, 0, "", kV, PropertiesOrKeys},
    {"keys", 1, 1, K::kScalar, true, 0, "", kV, PropertiesOrKeys},
    {"length", 1, 1, K::kScalar, true, Bit(VarKind::kNode) | Bit(VarKind::kRel), "a node or relationship", kV, Length},
    {"nodes", 1, 1, K::kScalar, true, 0, "", kV, PathParts},
    {"relationships", 1, 1, K::kScalar, true, 0, "", kV, PathParts},
    {"startNode", 1, 1, K::kScalar, true, 0, "", VarKind::kNode, EndOfRel},
    {"endNode", 1, 1, K::kScalar, true, 0, "", VarKind::kNode, EndOfRel},
    {"size", 1, 1, K::kScalar, true, Bit(VarKind::kPath), "a path or pattern", kV, Size},
    {"coalesce", 1, -1, K::kScalar, false, 0, "", kU, Coalesce},
    {"head", 1, 1, K::kScalar, true, 0, "", kU, ListPart},
    {"last", 1, 1, K::kScalar, true, 0, "", kU, ListPart},
    {"tail", 1, 1, K::kScalar, true, 0, "", kV, ListPart},
    {"reverse", 1, 1, K::kScalar, true, 0, "", kV, ListPart},
    {"range", 2, 3, K::kScalar, false, 0, "", kV, Range},
    {"exists", 1, 1, K::kScalar, true, 0, "", kV, Exists},
    {"rand", 0, 0, K::kScalar, false, 0, "", kV, Rand},
    {"toLower", 1, 1, K::kScalar, true, 0, "", kV, StringCase},
    {"toUpper", 1, 1, K::kScalar, true, 0, "", kV, StringCase},
    {"trim", 1, 1, K::kScalar, true, 0, "", kV, StringCase},
    {"ltrim", 1, 1, K::kScalar, true, 0, "", kV, StringCase},
    {"rtrim", 1, 1, K::kScalar, true, 0, "", kV, StringCase},
    {"replace", 3, 3, K::kScalar, true, 0, "", kV, Replace},
    {"split", 2, 2, K::kScalar, true, 0, "", kV, Split},
    {"substring", 2, 3, K::kScalar, true, 0, "", kV, Substring},
    {"left", 2, 2, K::kScalar, true, 0, "", kV, Substring},
    {"right", 2, 2, K::kScalar, true, 0, "", kV, Substring},
    {"evidence", 1, 1, K::kScalar, true, Bit(VarKind::kNode) | Bit(VarKind::kPath), "a node or path", kV, Evidence},
    // temporal values (temporal_functions.cc)
    {"date", 0, 1, K::kScalar, true, 0, "", kV, TemporalOf},
    {"localtime", 0, 1, K::kScalar, true, 0, "", kV, TemporalOf},
    {"time", 0, 1, K::kScalar, true, 0, "", kV, TemporalOf},
    {"localdatetime", 0, 1, K::kScalar, true, 0, "", kV, TemporalOf},
    {"datetime", 0, 1, K::kScalar, true, 0, "", kV, TemporalOf},
    {"duration", 1, 1, K::kScalar, true, 0, "", kV, DurationOf},
    {"date.truncate", 2, 3, K::kScalar, false, 0, "", kV, TemporalTruncate},
    {"localtime.truncate", 2, 3, K::kScalar, false, 0, "", kV, TemporalTruncate},
    {"time.truncate", 2, 3, K::kScalar, false, 0, "", kV, TemporalTruncate},
    {"localdatetime.truncate", 2, 3, K::kScalar, false, 0, "", kV, TemporalTruncate},
    {"datetime.truncate", 2, 3, K::kScalar, false, 0, "", kV, TemporalTruncate},
    {"date.transaction", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"date.statement", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"date.realtime", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"localtime.transaction", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"localtime.statement", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"localtime.realtime", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"time.transaction", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"time.statement", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"time.realtime", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"localdatetime.transaction", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"localdatetime.statement", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"localdatetime.realtime", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"datetime.transaction", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"datetime.statement", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"datetime.realtime", 0, 1, K::kScalar, true, 0, "", kV, TemporalNow},
    {"datetime.fromepoch", 2, 2, K::kScalar, true, 0, "", kV, DateTimeFromEpoch},
    {"datetime.fromepochmillis", 1, 1, K::kScalar, true, 0, "", kV, DateTimeFromEpoch},
    {"duration.between", 2, 2, K::kScalar, true, 0, "", kV, DurationBetween},
    {"duration.inMonths", 2, 2, K::kScalar, true, 0, "", kV, DurationBetween},
    {"duration.inDays", 2, 2, K::kScalar, true, 0, "", kV, DurationBetween},
    {"duration.inSeconds", 2, 2, K::kScalar, true, 0, "", kV, DurationBetween},
    {"toString", 1, 1, K::kScalar, true, 0, "", kV, ToString},
    {"toInteger", 1, 1, K::kScalar, true, 0, "", kV, ToNumber},
    {"toFloat", 1, 1, K::kScalar, true, 0, "", kV, ToNumber},
    {"toBoolean", 1, 1, K::kScalar, true, 0, "", kV, ToBoolean},
    {"abs", 1, 1, K::kScalar, true, 0, "", kV, Numeric},
    {"sign", 1, 1, K::kScalar, true, 0, "", kV, Numeric},
    {"ceil", 1, 1, K::kScalar, true, 0, "", kV, Numeric},
    {"floor", 1, 1, K::kScalar, true, 0, "", kV, Numeric},
    {"round", 1, 1, K::kScalar, true, 0, "", kV, Numeric},
    {"sqrt", 1, 1, K::kScalar, true, 0, "", kV, Numeric},
    // aggregates: computed by grouping (aggregate.cc)
    {"count", 1, 1, K::kAggregate, false, 0, "", kV, nullptr},
    {"collect", 1, 1, K::kAggregate, false, 0, "", kV, nullptr},
    {"sum", 1, 1, K::kAggregate, false, 0, "", kV, nullptr},
    {"avg", 1, 1, K::kAggregate, false, 0, "", kV, nullptr},
    {"min", 1, 1, K::kAggregate, false, 0, "", kU, nullptr},
    {"max", 1, 1, K::kAggregate, false, 0, "", kU, nullptr},
    {"percentileDisc", 2, 2, K::kAggregate, false, 0, "", kV, nullptr},
    {"percentileCont", 2, 2, K::kAggregate, false, 0, "", kV, nullptr},
    // what the parser makes of syntax: n:Label, all(...), EXISTS {...}
    {"__hasLabels", 2, -1, K::kScalar, false, 0, "", kV, HasLabels},
    {"__all", 1, 1, K::kLazy, false, 0, "", kV, Quantifier},
    {"__any", 1, 1, K::kLazy, false, 0, "", kV, Quantifier},
    {"__none", 1, 1, K::kLazy, false, 0, "", kV, Quantifier},
    {"__single", 1, 1, K::kLazy, false, 0, "", kV, Quantifier},
    {"__exists", 1, 1, K::kLazy, false, 0, "", kV, ExistsSubquery},
};

}  // namespace

const FunctionDef* FindFunction(std::string_view name) {
  for (const FunctionDef& f : kFunctions)
    if (EqualsIgnoreCase(name, f.name)) return &f;
  return nullptr;
}

std::vector<std::string> FunctionNames() {
  std::vector<std::string> names;
  for (const FunctionDef& f : kFunctions)
    if (f.name[0] != '_') names.push_back(f.name);
  return names;
}

bool IsAggregateName(std::string_view name) {
  const FunctionDef* f = FindFunction(name);
  return f && f->aggregate();
}

}  // namespace newsgraph
