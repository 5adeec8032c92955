// Expression evaluation: operators with Cypher's null semantics, and the
// built-in functions.

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "base/ascii.h"
#include "query/executor.h"
#include "query/temporal.h"

#include "query/aggregate.h"

namespace newsgraph {

namespace {

// Three-valued logic: 1 true, 0 false, -1 null.
int Truth(const Value& v) {
  if (v.is_null()) return -1;
  return std::get<bool>(v.v) ? 1 : 0;
}
Value FromTruth(int t) { return t < 0 ? Value() : Value(t == 1); }

// The truth of a condition (CASE WHEN, a comprehension's WHERE); a type
// error for anything but a boolean or null.
Result<int> Condition(const Expr& at, const Value& v, const char* what) {
  if (!v.is_null() && v.type() != Value::kBool)
    return TypeError(at, std::string(what) + " needs a boolean, got " + TypeName(v.type()));
  return Truth(v);
}

}  // namespace

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
  if (a.is_temporal() || b.is_temporal()) {
    bool handled;
    Result<Value> r = TemporalArithmetic(e, op, a, b, &handled);
    if (handled) return r;
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
    case Expr::Kind::kVariable:
    case Expr::Kind::kRowCount: return row[e.slot];
    case Expr::Kind::kProperty: {
      Result<Value> base = Eval(*e.args[0], row);
      if (!base.ok()) return base;
      const Value& b = base.value();
      const Properties* props = nullptr;
      if (IsDeleted(b))
        return Status::InvalidArgument("property '" + e.name + "' of an entity deleted by this query (" + Where(e) + ")");
      if (b.type() == Value::kNode) {
        const NodeValue& node = std::get<NodeValue>(b.v);
        Value column_value;
        if (NodeColumnValue(node_columns_, node.id, e.name, &column_value)) return column_value;
        if (node.data && !writer_) {  // a reader's record, bound with it
          auto it = node.data->properties.find(e.name);
          return it == node.data->properties.end() ? Value() : Value::FromProperty(it->second);
        }
        auto n = LoadNode(node.id);
        if (!n.ok()) return n.status();
        props = &n.value()->properties;
      } else if (b.type() == Value::kRel) {
        const RelValue& rel = std::get<RelValue>(b.v);
        if (rel.data && !writer_) return EdgeProperty(*rel.data, e.name);  // a reader's record, bound with it
        auto r = LoadEdge(rel.id);
        if (!r.ok()) return r.status();
        return EdgeProperty(*r.value(), e.name);
      } else if (b.type() == Value::kMap) {
        const auto& m = std::get<ValueMap>(b.v);
        auto it = m.find(e.name);
        return it == m.end() ? Value() : it->second;
      } else if (b.is_null()) {
        return Value();
      } else if (b.is_temporal()) {
        Value field;
        if (TemporalField(b, e.name, &field)) return field;
        return TypeError(e, std::string("a ") + TypeName(b.type()) + " has no field '" + e.name + "' (" +
                                TemporalFieldNames(b.type()) + ")");
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
        bool holds;
        if (StringMatch(op, s, t, &holds)) return Value(holds);
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
        bool hit;
        if (e.has_case_operand) {
          hit = CypherEquals(operand, w.value()) == 1;
        } else {
          Result<int> t = Condition(*e.args[i], w.value(), "CASE WHEN");
          if (!t.ok()) return t.status();
          hit = t.value() == 1;
        }
        if (hit) return Eval(*e.args[i + 1], row);
      }
      if (e.else_expr) return Eval(*e.else_expr, row);
      return Value();
    }
    case Expr::Kind::kPattern: {
      bool found = false;
      Row scratch = row;
      NG_RETURN_IF_ERROR(Match(e.pattern.get(), 1, -1, /*build_columns=*/false, scratch, [&](Row&) {
        found = true;
        return Status::Stopped();  // the first match decides
      }));
      return Value(found);
    }
    case Expr::Kind::kPatternComprehension: {
      ValueList out;
      Row scratch = row;
      Status s = Match(e.pattern.get(), 1, -1, /*build_columns=*/false, scratch, [&](Row& r) -> Status {
        if (e.args[0]) {
          Result<Value> keep = Eval(*e.args[0], r);
          if (!keep.ok()) return keep.status();
          Result<int> t = Condition(*e.args[0], keep.value(), "a pattern comprehension's WHERE");
          if (!t.ok()) return t.status();
          if (t.value() != 1) return Status::OK();
        }
        NG_RETURN_IF_ERROR(CheckLimits());
        Result<Value> v = Eval(*e.args[1], r);
        if (!v.ok()) return v.status();
        out.push_back(std::move(v).value());
        return out.size() > limits_.max_rows ? Status::LimitExceeded("a pattern comprehension grew past the row limit")
                                             : Status::OK();
      });
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
        NG_RETURN_IF_ERROR(CheckLimits());
        row[e.slot] = item;
        if (e.args[1]) {
          Result<Value> keep = Eval(*e.args[1], row);
          if (!keep.ok()) return keep;
          Result<int> t = Condition(*e.args[1], keep.value(), "a list comprehension's WHERE");
          if (!t.ok()) return t.status();
          if (t.value() != 1) continue;
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

  // ---- functions: the binder resolved e.function (functions.h)
  const FunctionDef& f = *e.function;
  std::vector<Value> args;
  if (f.kind == FunctionDef::Kind::kScalar) {
    args.reserve(e.args.size());
    for (const auto& a : e.args) {
      Result<Value> v = Eval(*a, row);
      if (!v.ok()) return v;
      args.push_back(std::move(v).value());
    }
    if (f.null_in_null_out)
      for (const Value& v : args)
        if (v.is_null()) return Value();
  } else if (f.kind == FunctionDef::Kind::kAggregate) {
    return Status::InvalidArgument("aggregate " + e.name + "() is not allowed here (" + Where(e) + ")");
  }
  FunctionCall call{*this, e, args, row};
  return f.impl(call);
}

}  // namespace newsgraph
