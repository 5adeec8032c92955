#include "tests/tck_values.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace newsgraph {
namespace tck {

namespace {

using Kind = TckValue::Kind;

class Parser {
 public:
  explicit Parser(std::string_view text) : t_(text) {}

  Result<TckValue> ParseAll() {
    Result<TckValue> v = Any();
    if (!v.ok()) return v;
    Skip();
    if (p_ != t_.size()) return Error("trailing text");
    return v;
  }

 private:
  Status Error(const std::string& what) const {
    return Status::InvalidArgument("TCK value '" + std::string(t_) + "' at " + std::to_string(p_) + ": " + what);
  }
  void Skip() {
    while (p_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[p_]))) ++p_;
  }
  bool Eat(char c) {
    Skip();
    if (p_ < t_.size() && t_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool EatWord(std::string_view w) {
    Skip();
    if (t_.substr(p_, w.size()) != w) return false;
    size_t end = p_ + w.size();
    if (end < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[end])) || t_[end] == '_')) return false;
    p_ = end;
    return true;
  }
  Result<std::string> Name() {
    Skip();
    if (p_ < t_.size() && t_[p_] == '`') {
      size_t end = t_.find('`', p_ + 1);
      if (end == std::string_view::npos) return Error("unterminated `name`");
      std::string n(t_.substr(p_ + 1, end - p_ - 1));
      p_ = end + 1;
      return n;
    }
    size_t start = p_;
    while (p_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[p_])) || t_[p_] == '_')) ++p_;
    if (p_ == start) return Error("expected a name");
    return std::string(t_.substr(start, p_ - start));
  }

  Result<TckValue> Any() {
    Skip();
    if (p_ >= t_.size()) return Error("expected a value");
    char c = t_[p_];
    TckValue v;
    if (c == '\'' || c == '"') return String();
    if (c == '[') {
      if (t_.substr(p_, 2) == "[:") return Rel();
      ++p_;
      v.kind = Kind::kList;
      if (Eat(']')) return v;
      do {
        Result<TckValue> item = Any();
        if (!item.ok()) return item;
        v.items.push_back(std::move(item).value());
      } while (Eat(','));
      if (!Eat(']')) return Error("expected ']'");
      return v;
    }
    if (c == '{') {
      Result<TckValue> m = Map();
      return m;
    }
    if (c == '(') return Node();
    if (c == '<') return Path();
    if (EatWord("null")) return v;
    if (EatWord("true") || EatWord("false")) {
      v.kind = Kind::kBool;
      v.b = t_[p_ - 4] == 't';
      return v;
    }
    if (EatWord("NaN")) {
      v.kind = Kind::kFloat;
      v.d = std::nan("");
      return v;
    }
    return Number();
  }

  Result<TckValue> String() {
    char quote = t_[p_++];
    TckValue v;
    v.kind = Kind::kString;
    while (p_ < t_.size() && t_[p_] != quote) {
      char c = t_[p_++];
      if (c == '\\' && p_ < t_.size()) {
        char e = t_[p_++];
        switch (e) {
          case 'n': v.s += '\n'; break;
          case 't': v.s += '\t'; break;
          case 'r': v.s += '\r'; break;
          default: v.s += e;
        }
      } else {
        v.s += c;
      }
    }
    if (p_ >= t_.size()) return Error("unterminated string");
    ++p_;
    return v;
  }

  Result<TckValue> Number() {
    size_t start = p_;
    if (t_[p_] == '-' || t_[p_] == '+') ++p_;
    if (EatWord("Infinity")) {
      TckValue v;
      v.kind = Kind::kFloat;
      v.d = t_[start] == '-' ? -INFINITY : INFINITY;
      return v;
    }
    bool is_float = false;
    while (p_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[p_])) || t_[p_] == '.' ||
                              ((t_[p_] == '-' || t_[p_] == '+') && (t_[p_ - 1] == 'e' || t_[p_ - 1] == 'E')))) {
      if (t_[p_] == '.' || t_[p_] == 'e' || t_[p_] == 'E') is_float = true;
      ++p_;
    }
    std::string text(t_.substr(start, p_ - start));
    if (text.empty() || text == "-") return Error("expected a value");
    TckValue v;
    char* end = nullptr;
    if (is_float && text.find("0x") == std::string::npos) {
      v.kind = Kind::kFloat;
      v.d = std::strtod(text.c_str(), &end);
    } else {
      v.kind = Kind::kInt;
      v.i = std::strtoll(text.c_str(), &end, 0);
    }
    if (*end) return Error("bad number " + text);
    return v;
  }

  Result<TckValue> Map() {
    TckValue v;
    v.kind = Kind::kMap;
    if (!Eat('{')) return Error("expected '{'");
    if (Eat('}')) return v;
    do {
      Result<std::string> key = Name();
      if (!key.ok()) return key.status();
      if (!Eat(':')) return Error("expected ':'");
      Result<TckValue> item = Any();
      if (!item.ok()) return item;
      v.props.emplace_back(std::move(key).value(), std::move(item).value());
    } while (Eat(','));
    if (!Eat('}')) return Error("expected '}'");
    return v;
  }

  Status LabelsAndProps(TckValue* v, bool rel) {
    while (Eat(':')) {
      Result<std::string> l = Name();
      if (!l.ok()) return l.status();
      if (rel) v->s = l.value();
      else v->labels.push_back(l.value());
    }
    Skip();
    if (p_ < t_.size() && t_[p_] == '{') {
      Result<TckValue> m = Map();
      if (!m.ok()) return m.status();
      v->props = std::move(m->props);
    }
    return Status::OK();
  }

  Result<TckValue> Node() {
    TckValue v;
    v.kind = Kind::kNode;
    Eat('(');
    NG_RETURN_IF_ERROR(LabelsAndProps(&v, false));
    if (!Eat(')')) return Error("expected ')'");
    return v;
  }

  Result<TckValue> Rel() {
    TckValue v;
    v.kind = Kind::kRel;
    Eat('[');
    NG_RETURN_IF_ERROR(LabelsAndProps(&v, true));
    if (!Eat(']')) return Error("expected ']'");
    return v;
  }

  Result<TckValue> Path() {
    TckValue v;
    v.kind = Kind::kPath;
    Eat('<');
    Result<TckValue> n = Node();
    if (!n.ok()) return n;
    v.items.push_back(std::move(n).value());
    while (!Eat('>')) {
      bool back = Eat('<');
      if (!Eat('-')) return Error("expected '-' in a path");
      Skip();
      Result<TckValue> r = Rel();
      if (!r.ok()) return r;
      if (!Eat('-')) return Error("expected '-' in a path");
      bool fwd = Eat('>');
      if (back == fwd) return Error("a path relationship needs one direction");
      v.items.push_back(std::move(r).value());
      v.forward.push_back(fwd);
      Result<TckValue> m = Node();
      if (!m.ok()) return m;
      v.items.push_back(std::move(m).value());
    }
    return v;
  }

  std::string_view t_;
  size_t p_ = 0;
};

std::string Double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) d = 0.0;  // -0.0 equals 0.0
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string Props(const std::vector<std::pair<std::string, TckValue>>& props, bool sort_lists) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : props) parts.push_back(k + ": " + Canonical(v, sort_lists));
  std::sort(parts.begin(), parts.end());
  std::string out = "{";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out + "}";
}

void AddProperties(const Properties& from, TckValue* v) {
  for (const auto& [k, p] : from) v->props.emplace_back(k, FromValue(Value::FromProperty(p)));
}

}  // namespace

Result<TckValue> Parse(std::string_view text) { return Parser(text).ParseAll(); }

TckValue FromValue(const Value& v) {
  TckValue out;
  switch (v.type()) {
    case Value::kNull: break;
    case Value::kBool: out.kind = Kind::kBool; out.b = std::get<bool>(v.v); break;
    case Value::kInt: out.kind = Kind::kInt; out.i = std::get<int64_t>(v.v); break;
    case Value::kFloat: out.kind = Kind::kFloat; out.d = std::get<double>(v.v); break;
    case Value::kString: out.kind = Kind::kString; out.s = std::get<std::string>(v.v); break;
    // The TCK writes a temporal value as its ISO text in quotes: '1910-05-06'.
    case Value::kDate:
    case Value::kDuration:
    case Value::kLocalTime:
    case Value::kTime:
    case Value::kLocalDateTime:
    case Value::kDateTime: out.kind = Kind::kString; out.s = ToLiteral(v); break;
    case Value::kList:
      out.kind = Kind::kList;
      for (const Value& item : std::get<ValueList>(v.v)) out.items.push_back(FromValue(item));
      break;
    case Value::kMap:
      out.kind = Kind::kMap;
      for (const auto& [k, item] : std::get<ValueMap>(v.v)) out.props.emplace_back(k, FromValue(item));
      break;
    case Value::kNode: {
      out.kind = Kind::kNode;
      const NodeValue& n = std::get<NodeValue>(v.v);
      if (n.data) {
        out.labels = n.data->labels;
        AddProperties(n.data->properties, &out);
      }
      break;
    }
    case Value::kRel: {
      out.kind = Kind::kRel;
      const RelValue& r = std::get<RelValue>(v.v);
      if (r.data) {
        out.s = r.data->type;
        AddProperties(r.data->properties, &out);
      }
      break;
    }
    case Value::kPath: {
      out.kind = Kind::kPath;
      const PathValue& p = std::get<PathValue>(v.v);
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        out.items.push_back(FromValue(Value(p.nodes[i])));
        if (i < p.rels.size()) {
          out.items.push_back(FromValue(Value(p.rels[i])));
          out.forward.push_back(p.rels[i].data && p.rels[i].data->src == p.nodes[i].id);
        }
      }
      break;
    }
  }
  return out;
}

Result<Value> ToValue(const TckValue& v) {
  switch (v.kind) {
    case Kind::kNull: return Value();
    case Kind::kBool: return Value(v.b);
    case Kind::kInt: return Value(v.i);
    case Kind::kFloat: return Value(v.d);
    case Kind::kString: return Value(v.s);
    case Kind::kList: {
      ValueList out;
      for (const TckValue& item : v.items) {
        Result<Value> x = ToValue(item);
        if (!x.ok()) return x;
        out.push_back(std::move(x).value());
      }
      return Value(std::move(out));
    }
    case Kind::kMap: {
      ValueMap out;
      for (const auto& [k, item] : v.props) {
        Result<Value> x = ToValue(item);
        if (!x.ok()) return x;
        out[k] = std::move(x).value();
      }
      return Value(std::move(out));
    }
    default: return Status::InvalidArgument("a parameter cannot be a node, relationship or path");
  }
}

std::string Canonical(const TckValue& v, bool sort_lists) {
  switch (v.kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return v.b ? "true" : "false";
    case Kind::kInt: return std::to_string(v.i);
    case Kind::kFloat: return Double(v.d);
    case Kind::kString: return Quote(v.s);
    case Kind::kList: {
      std::vector<std::string> parts;
      for (const TckValue& item : v.items) parts.push_back(Canonical(item, sort_lists));
      if (sort_lists) std::sort(parts.begin(), parts.end());
      std::string out = "[";
      for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
      return out + "]";
    }
    case Kind::kMap: return Props(v.props, sort_lists);
    case Kind::kNode: {
      std::vector<std::string> labels = v.labels;
      std::sort(labels.begin(), labels.end());
      std::string out = "(";
      for (const std::string& l : labels) out += ":" + l;
      return out + " " + Props(v.props, sort_lists) + ")";
    }
    case Kind::kRel: return "[:" + v.s + " " + Props(v.props, sort_lists) + "]";
    case Kind::kPath: {
      std::string out = "<";
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i % 2 == 0) {
          out += Canonical(v.items[i], sort_lists);
        } else {
          bool fwd = v.forward[i / 2];
          out += (fwd ? "-" : "<-") + Canonical(v.items[i], sort_lists) + (fwd ? "->" : "-");
        }
      }
      return out + ">";
    }
  }
  return "?";
}

}  // namespace tck
}  // namespace newsgraph
