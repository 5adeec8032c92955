// Expression evaluation: operators with Cypher's null semantics, and the
// built-in functions.

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "base/ascii.h"
#include "query/executor.h"

#include "query/aggregate.h"

namespace newsgraph {

namespace {


std::string Where(const Expr& e) {
  return "line " + std::to_string(e.line) + ", column " + std::to_string(e.column);
}

// Three-valued logic: 1 true, 0 false, -1 null.
int Truth(const Value& v) {
  if (v.is_null()) return -1;
  return std::get<bool>(v.v) ? 1 : 0;
}
Value FromTruth(int t) { return t < 0 ? Value() : Value(t == 1); }

}  // namespace

Status TypeError(const Expr& at, const std::string& message) {
  return Status::InvalidArgument("type error at " + Where(at) + ": " + message);
}

namespace {

VarKind KindOfVariable(const Expr& e, const Scope& scope) {
  return e.kind == Expr::Kind::kVariable && e.slot >= 0 ? scope.kinds[e.slot] : VarKind::kUnknown;
}

// Arguments whose kind is known before running and that a function cannot
// take: type() of a node, length() of a node, size() of a path or pattern.
Status CheckArgumentKinds(const Expr& e, const Scope& scope) {
  if (e.args.empty()) return Status::OK();
  VarKind k = KindOfVariable(*e.args[0], scope);
  auto refuse = [&](const char* what) { return TypeError(e, e.name + "() of " + what); };
  if (EqualsIgnoreCase(e.name, "type") && (k == VarKind::kNode || k == VarKind::kPath)) return refuse("a node or path");
  if (EqualsIgnoreCase(e.name, "length") && (k == VarKind::kNode || k == VarKind::kRel)) return refuse("a node or relationship");
  if (EqualsIgnoreCase(e.name, "size") && (k == VarKind::kPath || e.args[0]->kind == Expr::Kind::kPattern))
    return refuse("a path or pattern");
  if (EqualsIgnoreCase(e.name, "labels") && (k == VarKind::kRel || k == VarKind::kPath)) return refuse("a relationship or path");
  return Status::OK();
}

}  // namespace

Status Executor::Bind(Expr* e, Scope* scope) {
  if (!e) return Status::OK();
  switch (e->kind) {
    case Expr::Kind::kVariable: {
      e->slot = scope->Find(e->name);
      if (e->slot < 0)
        return Status::InvalidArgument("variable `" + e->name + "` not defined (" + Where(*e) + ")");
      return Status::OK();
    }
    case Expr::Kind::kPatternComprehension: {
      // New variables of the pattern live only inside the comprehension.
      size_t before = scope->names.size();
      std::vector<PathPattern> one;
      one.push_back(std::move(*e->pattern));
      Status s = BindPatterns(&one, scope);
      *e->pattern = std::move(one[0]);
      NG_RETURN_IF_ERROR(s);
      for (const auto& a : e->args)
        if (a && HasAggregateCall(*a))
          return Status::InvalidArgument("a pattern comprehension cannot use an aggregate (" + Where(*e) + ")");
      NG_RETURN_IF_ERROR(Bind(e->args[0].get(), scope));
      NG_RETURN_IF_ERROR(Bind(e->args[1].get(), scope));
      for (size_t i = before; i < scope->names.size(); ++i) scope->names[i] = "\x01";
      return Status::OK();
    }
    case Expr::Kind::kListComprehension: {
      for (size_t i = 1; i < e->args.size(); ++i)
        if (e->args[i] && HasAggregateCall(*e->args[i]))
          return Status::InvalidArgument("a list comprehension cannot use an aggregate (" + Where(*e) + ")");
      NG_RETURN_IF_ERROR(Bind(e->args[0].get(), scope));
      e->slot = scope->Add(e->name);
      NG_RETURN_IF_ERROR(Bind(e->args[1].get(), scope));
      NG_RETURN_IF_ERROR(Bind(e->args[2].get(), scope));
      scope->names[e->slot] = "\x01";  // out of scope again; the slot stays allocated
      return Status::OK();
    }
    case Expr::Kind::kPattern: {
      // Variables of a pattern predicate must exist already; anonymous parts get scratch slots.
      std::vector<std::string> names;
      for (NodePattern& n : e->pattern->nodes) names.push_back(n.variable);
      for (RelPattern& r : e->pattern->rels) names.push_back(r.variable);
      for (const std::string& name : names)
        if (!name.empty() && scope->Find(name) < 0)
          return Status::InvalidArgument("variable `" + name + "` in a pattern predicate is not defined (" +
                                         Where(*e) + ")");
      std::vector<PathPattern> one;
      one.push_back(std::move(*e->pattern));
      Status s = BindPatterns(&one, scope);
      *e->pattern = std::move(one[0]);
      return s;
    }
    case Expr::Kind::kFunction: {
      static const char* kKnown[] = {"id", "labels", "type", "properties", "keys", "length", "nodes", "relationships",
                                     "startNode", "endNode", "size", "coalesce", "toLower", "toUpper", "toString",
                                     "toInteger", "toFloat", "toBoolean", "abs", "head", "last", "tail", "range",
                                     "exists", "trim", "ltrim", "rtrim", "replace", "split", "substring", "left",
                                     "right", "reverse", "sign", "ceil", "floor", "round", "sqrt", "count",
                                     "collect", "sum", "avg", "min", "max", "__hasLabels", "__all", "__any",
                                     "__none", "__single", "rand", "percentileDisc", "percentileCont", "__exists"};
      bool known = false;
      for (const char* k : kKnown) known |= EqualsIgnoreCase(e->name, k);
      if (!known) return Status::InvalidArgument("unknown function '" + e->name + "' (" + Where(*e) + ")");
      for (auto& a : e->args) {
        // A pattern is a predicate: exists((a)-->()) takes one; elsewhere a
        // pattern comprehension is what gives a list.
        if (a && a->kind == Expr::Kind::kPattern && !EqualsIgnoreCase(e->name, "exists"))
          return TypeError(*a, e->name + "() cannot take a pattern; write [(a)-->(b) | b] for a list, or exists(...)");
        NG_RETURN_IF_ERROR(Bind(a.get(), scope));
      }
      return CheckArgumentKinds(*e, *scope);
    }
    case Expr::Kind::kProperty: {
      NG_RETURN_IF_ERROR(Bind(e->args[0].get(), scope));
      VarKind k = KindOfVariable(*e->args[0], *scope);
      if (k == VarKind::kPath || k == VarKind::kRelList)
        return TypeError(*e, "property '" + e->name + "' of a path or a list of relationships");
      return Status::OK();
    }
    default: break;
  }
  for (auto& a : e->args) NG_RETURN_IF_ERROR(Bind(a.get(), scope));
  NG_RETURN_IF_ERROR(Bind(e->else_expr.get(), scope));
  return Status::OK();
}

namespace {

Result<Value> Arithmetic(const Expr& e, const std::string& op, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  if (op == "+") {
    if (a.type() == Value::kString && b.type() == Value::kString)
      return Value(std::get<std::string>(a.v) + std::get<std::string>(b.v));
    if (a.type() == Value::kList || b.type() == Value::kList) {
      ValueList out;
      auto add = [&](const Value& v) {
        if (v.type() == Value::kList) for (const Value& x : std::get<ValueList>(v.v)) out.push_back(x);
        else out.push_back(v);
      };
      add(a);
      add(b);
      return Value(std::move(out));
    }
    if (a.type() == Value::kString && b.is_number()) return Value(std::get<std::string>(a.v) + ToDisplay(b));
    if (a.is_number() && b.type() == Value::kString) return Value(ToDisplay(a) + std::get<std::string>(b.v));
  }
  if (!a.is_number() || !b.is_number())
    return TypeError(e, std::string("cannot apply '") + op + "' to " + TypeName(a.type()) + " and " + TypeName(b.type()));
  if (a.type() == Value::kInt && b.type() == Value::kInt && op != "^") {
    int64_t x = std::get<int64_t>(a.v), y = std::get<int64_t>(b.v), r = 0;
    if (op == "+") { if (__builtin_add_overflow(x, y, &r)) return TypeError(e, "integer overflow"); }
    else if (op == "-") { if (__builtin_sub_overflow(x, y, &r)) return TypeError(e, "integer overflow"); }
    else if (op == "*") { if (__builtin_mul_overflow(x, y, &r)) return TypeError(e, "integer overflow"); }
    else if (op == "/" || op == "%") {
      if (y == 0) return Status::InvalidArgument("division by zero at " + Where(e));
      if (x == INT64_MIN && y == -1) return TypeError(e, "integer overflow");
      r = op == "/" ? x / y : x % y;
    }
    return Value(r);
  }
  double x = a.as_double(), y = b.as_double();
  if (op == "+") return Value(x + y);
  if (op == "-") return Value(x - y);
  if (op == "*") return Value(x * y);
  if (op == "/") return Value(x / y);
  if (op == "%") return Value(std::fmod(x, y));
  return Value(std::pow(x, y));
}

// Serialises a value for DISTINCT bookkeeping inside aggregates.
struct ValueLess {
  bool operator()(const Value& a, const Value& b) const { return CompareForOrder(a, b) < 0; }
};

}  // namespace

Result<Value> Executor::Eval(const Expr& e, Row& row) {
  if (e.aggregate >= 0) {
    if (!aggregates_) return Status::InvalidArgument("aggregate '" + e.name + "' is not allowed here (" + Where(e) + ")");
    return (*aggregates_)[e.aggregate];
  }
  switch (e.kind) {
    case Expr::Kind::kLiteral: return e.value;
    case Expr::Kind::kParam: {
      auto it = params_.find(e.name);
      if (it == params_.end())
        return Status::InvalidArgument("parameter $" + e.name + " has no value (give it with --param " + e.name +
                                       "=VALUE or :param " + e.name + " VALUE)");
      return it->second;
    }
    case Expr::Kind::kVariable: return row[e.slot];
    case Expr::Kind::kProperty: {
      Result<Value> base = Eval(*e.args[0], row);
      if (!base.ok()) return base;
      const Value& b = base.value();
      const Properties* props = nullptr;
      if ((b.type() == Value::kNode && deleted_nodes_.count(std::get<NodeValue>(b.v).id)) ||
          (b.type() == Value::kRel && deleted_edges_.count(std::get<RelValue>(b.v).id)))
        return Status::InvalidArgument("property '" + e.name + "' of an entity deleted by this query (" + Where(e) + ")");
      if (b.type() == Value::kNode) {
        auto n = LoadNode(std::get<NodeValue>(b.v).id);
        if (!n.ok()) return n.status();
        props = &n.value()->properties;
      } else if (b.type() == Value::kRel) {
        auto r = LoadEdge(std::get<RelValue>(b.v).id);
        if (!r.ok()) return r.status();
        return EdgeProperty(*r.value(), e.name);
      } else if (b.type() == Value::kMap) {
        const auto& m = std::get<ValueMap>(b.v);
        auto it = m.find(e.name);
        return it == m.end() ? Value() : it->second;
      } else if (b.is_null()) {
        return Value();
      } else {
        return TypeError(e, "property '" + e.name + "' of a " + TypeName(b.type()) + " value");
      }
      auto it = props->find(e.name);
      return it == props->end() ? Value() : Value::FromProperty(it->second);
    }
    case Expr::Kind::kIndex: {
      Result<Value> base = Eval(*e.args[0], row);
      if (!base.ok()) return base;
      Result<Value> index = Eval(*e.args[1], row);
      if (!index.ok()) return index;
      const Value& b = base.value();
      const Value& i = index.value();
      if (b.is_null() || i.is_null()) return Value();
      if (b.type() == Value::kList) {
        if (i.type() != Value::kInt) return TypeError(e, std::string("list index must be an Integer, got ") + TypeName(i.type()));
        const auto& l = std::get<ValueList>(b.v);
        int64_t k = std::get<int64_t>(i.v);
        if (k < 0) k += static_cast<int64_t>(l.size());
        return k < 0 || k >= static_cast<int64_t>(l.size()) ? Value() : l[k];
      }
      if (i.type() != Value::kString) return TypeError(e, "key must be a String");
      if (b.type() == Value::kMap) {
        const auto& m = std::get<ValueMap>(b.v);
        auto it = m.find(std::get<std::string>(i.v));
        return it == m.end() ? Value() : it->second;
      }
      // n['name'] on nodes and relationships
      auto prop = std::make_unique<Expr>();
      prop->kind = Expr::Kind::kLiteral;
      prop->value = b;
      Expr access;
      access.kind = Expr::Kind::kProperty;
      access.name = std::get<std::string>(i.v);
      access.line = e.line;
      access.column = e.column;
      access.args.push_back(std::move(prop));
      return Eval(access, row);
    }
    case Expr::Kind::kSlice: {
      Result<Value> base = Eval(*e.args[0], row);
      if (!base.ok()) return base;
      Result<Value> from = Eval(*e.args[1], row);
      if (!from.ok()) return from;
      Result<Value> to = Eval(*e.args[2], row);
      if (!to.ok()) return to;
      if (base->is_null()) return Value();
      if (base->type() != Value::kList) return TypeError(e, "slice of a non-list");
      // An explicit null bound makes the slice null; a missing one is open.
      if ((from->is_null() && e.args[1]->op != "..") || (to->is_null() && e.args[2]->op != ".."))
        return Value();
      const auto& l = std::get<ValueList>(base->v);
      int64_t n = static_cast<int64_t>(l.size());
      auto clamp = [&](const Value& v, int64_t dflt) -> int64_t {
        if (v.is_null() || v.type() != Value::kInt) return dflt;
        int64_t k = std::get<int64_t>(v.v);
        if (k < 0) k += n;
        return std::max<int64_t>(0, std::min(k, n));
      };
      int64_t a = clamp(from.value(), 0), b = clamp(to.value(), n);
      ValueList out;
      for (int64_t k = a; k < b; ++k) out.push_back(l[k]);
      return Value(std::move(out));
    }
    case Expr::Kind::kList: {
      ValueList out;
      for (const auto& a : e.args) {
        Result<Value> v = Eval(*a, row);
        if (!v.ok()) return v;
        out.push_back(std::move(v).value());
      }
      return Value(std::move(out));
    }
    case Expr::Kind::kMap: {
      ValueMap out;
      for (size_t i = 0; i < e.args.size(); ++i) {
        Result<Value> v = Eval(*e.args[i], row);
        if (!v.ok()) return v;
        out[e.keys[i]] = std::move(v).value();
      }
      return Value(std::move(out));
    }
    case Expr::Kind::kCountStar:
      return Status::InvalidArgument("count(*) is only allowed in WITH and RETURN (" + Where(e) + ")");
    case Expr::Kind::kUnary: {
      Result<Value> v = Eval(*e.args[0], row);
      if (!v.ok()) return v;
      if (e.op == "NOT") {
        if (!v->is_null() && v->type() != Value::kBool) return TypeError(e, std::string("NOT of a ") + TypeName(v->type()));
        int t = Truth(v.value());
        return FromTruth(t < 0 ? -1 : 1 - t);
      }
      if (v->is_null()) return Value();
      if (!v->is_number()) return TypeError(e, std::string("unary ") + e.op + " of a " + TypeName(v->type()));
      if (e.op == "+") return v;
      if (v->type() == Value::kInt) {
        int64_t x = std::get<int64_t>(v->v);
        if (x == INT64_MIN) return TypeError(e, "integer overflow");
        return Value(-x);
      }
      return Value(-std::get<double>(v->v));
    }
    case Expr::Kind::kIsNull: {
      Result<Value> v = Eval(*e.args[0], row);
      if (!v.ok()) return v;
      return Value(e.op == "NOT" ? !v->is_null() : v->is_null());
    }
    case Expr::Kind::kBinary: {
      const std::string& op = e.op;
      if (op == "AND" || op == "OR" || op == "XOR") {
        Result<Value> a = Eval(*e.args[0], row);
        if (!a.ok()) return a;
        if (!a->is_null() && a->type() != Value::kBool) return TypeError(e, op + " of a " + TypeName(a->type()));
        int x = Truth(a.value());
        // Both sides are evaluated: a non-boolean is an error even where
        // the other side decides the result.
        Result<Value> b = Eval(*e.args[1], row);
        if (!b.ok()) return b;
        if (!b->is_null() && b->type() != Value::kBool) return TypeError(e, op + " of a " + TypeName(b->type()));
        int y = Truth(b.value());
        if (op == "AND") return FromTruth(x == 0 || y == 0 ? 0 : (x < 0 || y < 0 ? -1 : 1));
        if (op == "OR") return FromTruth(x == 1 || y == 1 ? 1 : (x < 0 || y < 0 ? -1 : 0));
        return FromTruth(x < 0 || y < 0 ? -1 : (x != y));
      }
      Result<Value> a = Eval(*e.args[0], row);
      if (!a.ok()) return a;
      Result<Value> b = Eval(*e.args[1], row);
      if (!b.ok()) return b;
      const Value& x = a.value();
      const Value& y = b.value();
      CompareOp compare;
      if (ParseCompareOp(op, &compare)) return Compare(compare, x, y);
      if (op == "STARTS WITH" || op == "ENDS WITH" || op == "CONTAINS" || op == "=~") {
        if (x.type() != Value::kString || y.type() != Value::kString) return Value();
        const std::string& s = std::get<std::string>(x.v);
        const std::string& t = std::get<std::string>(y.v);
        if (op == "STARTS WITH") return Value(s.compare(0, t.size(), t) == 0 && s.size() >= t.size());
        if (op == "ENDS WITH") return Value(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
        if (op == "CONTAINS") return Value(s.find(t) != std::string::npos);
        RE2::Options o;
        o.set_log_errors(false);
        RE2 re(t, o);
        if (!re.ok()) return Status::InvalidArgument("bad regular expression '" + t + "' at " + Where(e) + ": " + re.error());
        return Value(RE2::FullMatch(s, re));
      }
      if (op == "IN") {
        if (y.is_null()) return Value();
        if (y.type() != Value::kList) return TypeError(e, std::string("IN needs a list on the right, got ") + TypeName(y.type()));
        bool saw_null = false;
        for (const Value& item : std::get<ValueList>(y.v)) {
          int t = CypherEquals(x, item);
          if (t == 1) return Value(true);
          if (t < 0) saw_null = true;
        }
        return saw_null ? Value() : Value(false);
      }
      return Arithmetic(e, op, x, y);
    }
    case Expr::Kind::kCase: {
      Value operand;
      if (e.has_case_operand) {
        Result<Value> v = Eval(*e.args[0], row);
        if (!v.ok()) return v;
        operand = std::move(v).value();
      }
      for (size_t i = 1; i + 1 < e.args.size(); i += 2) {
        Result<Value> w = Eval(*e.args[i], row);
        if (!w.ok()) return w;
        bool hit = e.has_case_operand ? CypherEquals(operand, w.value()) == 1 : Truth(w.value()) == 1;
        if (hit) return Eval(*e.args[i + 1], row);
      }
      if (e.else_expr) return Eval(*e.else_expr, row);
      return Value();
    }
    case Expr::Kind::kPattern: {
      bool found = false;
      std::vector<PathPattern> one;  // Match wants a vector; borrow the pattern
      one.push_back(std::move(*e.pattern));
      Row scratch = row;
      Status s = Match(one, -1, scratch, [&](Row&) {
        found = true;
        return Status::LimitExceeded("");  // stop at the first match
      });
      *e.pattern = std::move(one[0]);
      if (!s.ok() && !(found && s.code() == Status::Code::kLimitExceeded && s.message().empty())) return s;
      return Value(found);
    }
    case Expr::Kind::kPatternComprehension: {
      ValueList out;
      std::vector<PathPattern> one;  // Match wants a vector; borrow the pattern
      one.push_back(std::move(*e.pattern));
      Row scratch = row;
      Status s = Match(one, -1, scratch, [&](Row& r) -> Status {
        if (e.args[0]) {
          Result<Value> keep = Eval(*e.args[0], r);
          if (!keep.ok()) return keep.status();
          if (keep->type() != Value::kBool || !std::get<bool>(keep->v)) return Status::OK();
        }
        Result<Value> v = Eval(*e.args[1], r);
        if (!v.ok()) return v.status();
        out.push_back(std::move(v).value());
        return out.size() > limits_.max_rows ? Status::LimitExceeded("a pattern comprehension grew past the row limit")
                                             : Status::OK();
      });
      *e.pattern = std::move(one[0]);
      NG_RETURN_IF_ERROR(s);
      return Value(std::move(out));
    }
    case Expr::Kind::kListComprehension: {
      Result<Value> list = Eval(*e.args[0], row);
      if (!list.ok()) return list;
      if (list->is_null()) return Value();
      if (list->type() != Value::kList) return TypeError(e, "list comprehension over a non-list");
      ValueList out;
      for (const Value& item : std::get<ValueList>(list->v)) {
        row[e.slot] = item;
        if (e.args[1]) {
          Result<Value> keep = Eval(*e.args[1], row);
          if (!keep.ok()) return keep;
          if (Truth(keep.value()) != 1) continue;
        }
        if (e.args[2]) {
          Result<Value> mapped = Eval(*e.args[2], row);
          if (!mapped.ok()) return mapped;
          out.push_back(std::move(mapped).value());
        } else {
          out.push_back(item);
        }
      }
      return Value(std::move(out));
    }
    case Expr::Kind::kFunction: break;
  }

  // ---- functions
  if (e.name == "__all" || e.name == "__any" || e.name == "__none" || e.name == "__single") return Quantifier(e, row);
  if (e.name == "__exists") {  // EXISTS { pattern WHERE ... }: some match
    Result<Value> found = Eval(*e.args[0], row);
    if (!found.ok()) return found;
    return Value(!std::get<ValueList>(found->v).empty());
  }
  if (EqualsIgnoreCase(e.name, "rand")) {
    if (!e.args.empty()) return Status::InvalidArgument("rand() takes no arguments (" + Where(e) + ")");
    return Value(static_cast<double>(std::rand()) / (static_cast<double>(RAND_MAX) + 1.0));
  }
  std::vector<Value> args;
  for (const auto& a : e.args) {
    Result<Value> v = Eval(*a, row);
    if (!v.ok()) return v;
    args.push_back(std::move(v).value());
  }
  const std::string& f = e.name;
  auto want = [&](size_t n) -> Status {
    if (args.size() != n)
      return Status::InvalidArgument(f + "() takes " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") + ", got " +
                                     std::to_string(args.size()) + " (" + Where(e) + ")");
    return Status::OK();
  };
  if (EqualsIgnoreCase(f, "coalesce")) {
    for (const Value& v : args)
      if (!v.is_null()) return v;
    return Value();
  }
  if (EqualsIgnoreCase(f, "range")) {
    if (args.size() < 2 || args.size() > 3) return Status::InvalidArgument("range() takes 2 or 3 arguments (" + Where(e) + ")");
    for (const Value& v : args)
      if (v.type() != Value::kInt) return TypeError(e, "range() takes integers");
    int64_t a = std::get<int64_t>(args[0].v), b = std::get<int64_t>(args[1].v);
    int64_t step = args.size() == 3 ? std::get<int64_t>(args[2].v) : 1;
    if (step == 0) return Status::InvalidArgument("range() step must not be 0 (" + Where(e) + ")");
    ValueList out;
    for (int64_t i = a; step > 0 ? i <= b : i >= b; i += step) {
      out.push_back(Value(i));
      if (out.size() > limits_.max_rows) return Status::LimitExceeded("range() longer than the row limit");
    }
    return Value(std::move(out));
  }
  if (EqualsIgnoreCase(f, "__hasLabels")) {
    if (args[0].is_null()) return Value();
    if (args[0].type() == Value::kRel) {  // r:T tests the type
      auto r = LoadEdge(std::get<RelValue>(args[0].v).id);
      if (!r.ok()) return r.status();
      for (size_t i = 1; i < args.size(); ++i)
        if (r.value()->type != std::get<std::string>(args[i].v)) return Value(false);
      return Value(true);
    }
    if (args[0].type() != Value::kNode) return TypeError(e, "label test on a non-node");
    auto n = LoadNode(std::get<NodeValue>(args[0].v).id);
    if (!n.ok()) return n.status();
    for (size_t i = 1; i < args.size(); ++i)
      if (!std::binary_search(n.value()->labels.begin(), n.value()->labels.end(), std::get<std::string>(args[i].v)))
        return Value(false);
    return Value(true);
  }
  if (IsAggregateName(f)) return Status::InvalidArgument("aggregate " + f + "() is only allowed in WITH and RETURN (" + Where(e) + ")");
  if (EqualsIgnoreCase(f, "replace") || EqualsIgnoreCase(f, "substring")) {
    if (args.size() < 2 || args.size() > 3) return Status::InvalidArgument(f + "() takes 2 or 3 arguments (" + Where(e) + ")");
  } else if (EqualsIgnoreCase(f, "split") || EqualsIgnoreCase(f, "left") || EqualsIgnoreCase(f, "right")) {
    NG_RETURN_IF_ERROR(want(2));
  } else {
    NG_RETURN_IF_ERROR(want(1));
  }
  for (const Value& v : args)
    if (v.is_null()) return Value();
  const Value& x = args[0];
  auto need = [&](Value::Type t) -> Status {
    if (x.type() != t) return TypeError(e, f + "() expects a " + TypeName(t) + ", got " + TypeName(x.type()));
    return Status::OK();
  };
  if (EqualsIgnoreCase(f, "id")) {
    if (x.type() == Value::kNode) return Value(static_cast<int64_t>(std::get<NodeValue>(x.v).id));
    if (x.type() == Value::kRel) return Value(static_cast<int64_t>(std::get<RelValue>(x.v).id));
    return TypeError(e, std::string("id() expects a node or relationship, got ") + TypeName(x.type()));
  }
  if (EqualsIgnoreCase(f, "labels")) {
    NG_RETURN_IF_ERROR(need(Value::kNode));
    if (deleted_nodes_.count(std::get<NodeValue>(x.v).id))
      return Status::InvalidArgument("labels() of a node deleted by this query (" + Where(e) + ")");
    auto n = LoadNode(std::get<NodeValue>(x.v).id);
    if (!n.ok()) return n.status();
    ValueList out;
    for (const std::string& l : n.value()->labels) out.push_back(Value(l));
    return Value(std::move(out));
  }
  if (EqualsIgnoreCase(f, "type")) {
    NG_RETURN_IF_ERROR(need(Value::kRel));
    auto r = LoadEdge(std::get<RelValue>(x.v).id);
    if (!r.ok()) return r.status();
    return Value(r.value()->type);
  }
  if (EqualsIgnoreCase(f, "properties") || EqualsIgnoreCase(f, "keys")) {
    ValueMap m;
    if (x.type() == Value::kMap) {
      m = std::get<ValueMap>(x.v);
    } else if (x.type() == Value::kNode || x.type() == Value::kRel) {
      const Properties* props;
      std::shared_ptr<const Node> n;
      std::shared_ptr<const Edge> r;
      if (x.type() == Value::kNode) {
        auto loaded = LoadNode(std::get<NodeValue>(x.v).id);
        if (!loaded.ok()) return loaded.status();
        n = loaded.value();
        props = &n->properties;
      } else {
        auto loaded = LoadEdge(std::get<RelValue>(x.v).id);
        if (!loaded.ok()) return loaded.status();
        r = loaded.value();
        props = &r->properties;
      }
      for (const auto& [k, v] : *props) m[k] = Value::FromProperty(v);
    } else {
      return TypeError(e, f + "() expects a node, relationship or map");
    }
    if (EqualsIgnoreCase(f, "properties")) return Value(std::move(m));
    ValueList keys;
    for (const auto& [k, v] : m) keys.push_back(Value(k));
    return Value(std::move(keys));
  }
  if (EqualsIgnoreCase(f, "length")) {
    if (x.type() == Value::kPath) return Value(static_cast<int64_t>(std::get<PathValue>(x.v).rels.size()));
    if (x.type() == Value::kString) return Value(static_cast<int64_t>(std::get<std::string>(x.v).size()));
    if (x.type() == Value::kList) return Value(static_cast<int64_t>(std::get<ValueList>(x.v).size()));
    return TypeError(e, std::string("length() expects a path, got ") + TypeName(x.type()));
  }
  if (EqualsIgnoreCase(f, "nodes") || EqualsIgnoreCase(f, "relationships")) {
    NG_RETURN_IF_ERROR(need(Value::kPath));
    const PathValue& p = std::get<PathValue>(x.v);
    ValueList out;
    if (EqualsIgnoreCase(f, "nodes")) for (const NodeValue& n : p.nodes) out.push_back(Value(n));
    else for (const RelValue& r : p.rels) out.push_back(Value(r));
    return Value(std::move(out));
  }
  if (EqualsIgnoreCase(f, "startNode") || EqualsIgnoreCase(f, "endNode")) {
    NG_RETURN_IF_ERROR(need(Value::kRel));
    auto r = LoadEdge(std::get<RelValue>(x.v).id);
    if (!r.ok()) return r.status();
    return Value(NodeValue{EqualsIgnoreCase(f, "startNode") ? r.value()->src : r.value()->dst, nullptr});
  }
  if (EqualsIgnoreCase(f, "size")) {
    if (x.type() == Value::kList) return Value(static_cast<int64_t>(std::get<ValueList>(x.v).size()));
    if (x.type() == Value::kString) {
      int64_t n = 0;  // characters, not bytes
      for (unsigned char c : std::get<std::string>(x.v)) n += (c & 0xC0) != 0x80;
      return Value(n);
    }
    if (x.type() == Value::kMap) return Value(static_cast<int64_t>(std::get<ValueMap>(x.v).size()));
    return TypeError(e, std::string("size() expects a list or string, got ") + TypeName(x.type()));
  }
  if (EqualsIgnoreCase(f, "head") || EqualsIgnoreCase(f, "last") || EqualsIgnoreCase(f, "tail") || EqualsIgnoreCase(f, "reverse")) {
    if (EqualsIgnoreCase(f, "reverse") && x.type() == Value::kString) {
      std::string s = std::get<std::string>(x.v);
      std::reverse(s.begin(), s.end());
      return Value(s);
    }
    NG_RETURN_IF_ERROR(need(Value::kList));
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
  if (EqualsIgnoreCase(f, "exists")) return Value(true);  // null was handled above
  if (EqualsIgnoreCase(f, "toLower") || EqualsIgnoreCase(f, "toUpper") || EqualsIgnoreCase(f, "trim") || EqualsIgnoreCase(f, "ltrim") ||
      EqualsIgnoreCase(f, "rtrim")) {
    NG_RETURN_IF_ERROR(need(Value::kString));
    std::string s = std::get<std::string>(x.v);
    if (EqualsIgnoreCase(f, "toLower")) for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (EqualsIgnoreCase(f, "toUpper")) for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    else {
      size_t b = EqualsIgnoreCase(f, "rtrim") ? 0 : s.find_first_not_of(" \t\n\r");
      if (b == std::string::npos) return Value(std::string());
      size_t en = EqualsIgnoreCase(f, "ltrim") ? s.size() : s.find_last_not_of(" \t\n\r") + 1;
      s = s.substr(b, en - b);
    }
    return Value(s);
  }
  if (EqualsIgnoreCase(f, "replace")) {
    NG_RETURN_IF_ERROR(want(3));
    if (args[1].type() != Value::kString || args[2].type() != Value::kString) return TypeError(e, "replace() takes strings");
    NG_RETURN_IF_ERROR(need(Value::kString));
    std::string s = std::get<std::string>(x.v);
    const std::string& from = std::get<std::string>(args[1].v);
    const std::string& to = std::get<std::string>(args[2].v);
    if (from.empty()) return Value(s);
    std::string out;
    size_t pos = 0, hit;
    while ((hit = s.find(from, pos)) != std::string::npos) {
      out += s.substr(pos, hit - pos) + to;
      pos = hit + from.size();
    }
    return Value(out + s.substr(pos));
  }
  if (EqualsIgnoreCase(f, "split")) {
    if (x.type() != Value::kString || args[1].type() != Value::kString) return TypeError(e, "split() takes strings");
    const std::string& s = std::get<std::string>(x.v);
    const std::string& sep = std::get<std::string>(args[1].v);
    ValueList out;
    if (sep.empty()) {
      for (char c : s) out.push_back(Value(std::string(1, c)));
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
  if (EqualsIgnoreCase(f, "substring") || EqualsIgnoreCase(f, "left") || EqualsIgnoreCase(f, "right")) {
    NG_RETURN_IF_ERROR(need(Value::kString));
    for (size_t i = 1; i < args.size(); ++i)
      if (args[i].type() != Value::kInt || std::get<int64_t>(args[i].v) < 0)
        return TypeError(e, f + "() takes non-negative integer positions");
    const std::string& s = std::get<std::string>(x.v);
    size_t a = static_cast<size_t>(std::get<int64_t>(args[1].v));
    if (EqualsIgnoreCase(f, "left")) return Value(s.substr(0, std::min(a, s.size())));
    if (EqualsIgnoreCase(f, "right")) return Value(a >= s.size() ? s : s.substr(s.size() - a));
    if (a >= s.size()) return Value(std::string());
    size_t len = args.size() == 3 ? static_cast<size_t>(std::get<int64_t>(args[2].v)) : std::string::npos;
    return Value(s.substr(a, len));
  }
  if (EqualsIgnoreCase(f, "toString")) {
    if (x.type() == Value::kString) return x;
    if (x.is_number() || x.type() == Value::kBool) return Value(ToLiteral(x));
    return TypeError(e, std::string("toString() of a ") + TypeName(x.type()));
  }
  if (EqualsIgnoreCase(f, "toInteger") || EqualsIgnoreCase(f, "toFloat")) {
    bool to_int = EqualsIgnoreCase(f, "toInteger");
    if (x.type() == Value::kInt) return to_int ? x : Value(static_cast<double>(std::get<int64_t>(x.v)));
    if (x.type() == Value::kFloat) {
      double d = std::get<double>(x.v);
      if (!to_int) return x;
      if (std::isnan(d) || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) return Value();
      return Value(static_cast<int64_t>(d));
    }
    if (x.type() == Value::kString) {
      const std::string& s = std::get<std::string>(x.v);
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (s.empty() || end == s.c_str() || *end) return Value();
      if (to_int) {
        char* iend = nullptr;
        long long i = std::strtoll(s.c_str(), &iend, 10);
        if (*iend == '\0') return Value(static_cast<int64_t>(i));
        return Value(static_cast<int64_t>(d));
      }
      return Value(d);
    }
    if (x.type() == Value::kBool && to_int) return Value(static_cast<int64_t>(std::get<bool>(x.v)));
    return TypeError(e, f + "() of a " + TypeName(x.type()));
  }
  if (EqualsIgnoreCase(f, "toBoolean")) {
    if (x.type() == Value::kBool) return x;
    if (x.type() == Value::kString) {
      const std::string& s = std::get<std::string>(x.v);
      if (EqualsIgnoreCase(s, "true")) return Value(true);
      if (EqualsIgnoreCase(s, "false")) return Value(false);
      return Value();
    }
    return TypeError(e, std::string("toBoolean() of a ") + TypeName(x.type()));
  }
  // numeric functions
  if (!x.is_number()) return TypeError(e, f + "() expects a number, got " + TypeName(x.type()));
  if (EqualsIgnoreCase(f, "abs")) {
    if (x.type() == Value::kInt) return Value(static_cast<int64_t>(std::llabs(std::get<int64_t>(x.v))));
    return Value(std::fabs(std::get<double>(x.v)));
  }
  if (EqualsIgnoreCase(f, "sign")) {
    double d = x.as_double();
    return Value(static_cast<int64_t>((d > 0) - (d < 0)));
  }
  double d = x.as_double();
  if (EqualsIgnoreCase(f, "ceil")) return Value(std::ceil(d));
  if (EqualsIgnoreCase(f, "floor")) return Value(std::floor(d));
  if (EqualsIgnoreCase(f, "round")) return Value(std::round(d));
  if (EqualsIgnoreCase(f, "sqrt")) return Value(std::sqrt(d));
  return Status::InvalidArgument("unknown function '" + f + "' (" + Where(e) + ")");
}

// all/any/none/single(x IN list WHERE predicate) with Cypher's null logic.
Result<Value> Executor::Quantifier(const Expr& e, Row& row) {
  const Expr& c = *e.args[0];
  Result<Value> list = Eval(*c.args[0], row);
  if (!list.ok()) return list;
  if (list->is_null()) return Value();
  if (list->type() != Value::kList) return TypeError(e, std::string("a quantifier needs a list, got ") + TypeName(list->type()));
  int64_t trues = 0, nulls = 0, total = 0;
  for (const Value& item : std::get<ValueList>(list->v)) {
    row[c.slot] = item;
    Result<Value> keep = Eval(*c.args[1], row);
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

}  // namespace newsgraph
