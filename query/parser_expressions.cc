// The operator grammar of the parser (parser_internal.h), lowest
// precedence first: OR, XOR, AND, NOT, comparisons (chained: a < b < c),
// string and list predicates and IS [NOT] NULL, + -, * / %, ^, unary
// signs, then postfix .key, [index], [from..to] and n:Label.
#include <cctype>

#include "query/parser_internal.h"

namespace newsgraph {

namespace {

// A deep copy of an unbound expression; null if it holds a pattern.
std::unique_ptr<Expr> Clone(const Expr& e) {
  if (e.pattern) return nullptr;
  auto c = std::make_unique<Expr>();
  c->kind = e.kind;
  c->name = e.name;
  c->op = e.op;
  c->value = e.value;
  c->keys = e.keys;
  c->distinct = e.distinct;
  c->has_case_operand = e.has_case_operand;
  c->line = e.line;
  c->column = e.column;
  for (const auto& a : e.args) {
    if (!a) {
      c->args.push_back(nullptr);
      continue;
    }
    std::unique_ptr<Expr> x = Clone(*a);
    if (!x) return nullptr;
    c->args.push_back(std::move(x));
  }
  if (e.else_expr && !(c->else_expr = Clone(*e.else_expr))) return nullptr;
  return c;
}

}  // namespace

Status QueryParser::ExpressionList(std::vector<ExprPtr>* out) {
  do {
    ExprPtr e;
    NG_RETURN_IF_ERROR(Expression(&e));
    out->push_back(std::move(e));
  } while (Symbol(","));
  return Status::OK();
}

Status QueryParser::MapLiteral(const char* key_what, std::vector<std::pair<std::string, ExprPtr>>* entries) {
  NG_RETURN_IF_ERROR(ExpectSymbol("{"));
  if (Symbol("}")) return Status::OK();
  do {
    std::string key;
    NG_RETURN_IF_ERROR(Name(&key, key_what));
    NG_RETURN_IF_ERROR(ExpectSymbol(":"));
    ExprPtr e;
    NG_RETURN_IF_ERROR(Expression(&e));
    entries->emplace_back(std::move(key), std::move(e));
  } while (Symbol(","));
  return ExpectSymbol("}");
}

Status QueryParser::BinaryLevel(ExprPtr* out, const std::vector<const char*>& ops,
                                Status (QueryParser::*next)(ExprPtr*)) {
  NG_RETURN_IF_ERROR((this->*next)(out));
  for (int levels = 0;; ++levels) {
    const char* found = nullptr;
    for (const char* op : ops)
      if (std::isalpha(static_cast<unsigned char>(op[0])) ? IsKeyword(op) : IsSymbol(op)) found = op;
    if (!found) {
      depth_ -= levels;
      return Status::OK();
    }
    NG_RETURN_IF_ERROR(Deeper());  // the chain so far is one level deeper
    const QueryToken& at = Next();
    auto e = Make(Expr::Kind::kBinary, at);
    e->op = found;
    e->args.push_back(std::move(*out));
    ExprPtr rhs;
    NG_RETURN_IF_ERROR((this->*next)(&rhs));
    e->args.push_back(std::move(rhs));
    *out = std::move(e);
  }
}
Status QueryParser::Or(ExprPtr* out) { return BinaryLevel(out, {"OR"}, &QueryParser::Xor); }
Status QueryParser::Xor(ExprPtr* out) { return BinaryLevel(out, {"XOR"}, &QueryParser::And); }
Status QueryParser::And(ExprPtr* out) { return BinaryLevel(out, {"AND"}, &QueryParser::Not); }
Status QueryParser::Not(ExprPtr* out) {
  if (IsKeyword("NOT")) {
    const QueryToken& at = Next();
    auto e = Make(Expr::Kind::kUnary, at);
    e->op = "NOT";
    ExprPtr arg;
    NG_RETURN_IF_ERROR(Deeper());
    NG_RETURN_IF_ERROR(Not(&arg));
    --depth_;
    e->args.push_back(std::move(arg));
    *out = std::move(e);
    return Status::OK();
  }
  return Comparison(out);
}

// a < b < c means a < b AND b < c (b is copied, expressions are pure).
Status QueryParser::Comparison(ExprPtr* out) {
  NG_RETURN_IF_ERROR(StringPredicate(out));
  static const char* kOps[] = {"=", "<>", "!=", "<", "<=", ">", ">=", "=~"};
  const Expr* chain_rhs = nullptr;  // right operand of the previous comparison
  for (int levels = 0;; ++levels) {
    const char* found = nullptr;
    for (const char* op : kOps)
      if (IsSymbol(op)) found = op;
    bool split_arrow = IsSymbol("<-");  // "a<-1" is a < -1
    if (!found && !split_arrow) {
      depth_ -= levels;
      return Status::OK();
    }
    NG_RETURN_IF_ERROR(Deeper());
    const QueryToken& at = Next();
    auto e = Make(Expr::Kind::kBinary, at);
    ExprPtr rhs;
    NG_RETURN_IF_ERROR(StringPredicate(&rhs));
    if (split_arrow) {
      e->op = "<";
      auto negated = Make(Expr::Kind::kUnary, at);
      negated->op = "-";
      negated->args.push_back(std::move(rhs));
      rhs = std::move(negated);
    } else {
      e->op = std::string(found) == "!=" ? "<>" : found;
    }
    const Expr* this_rhs = rhs.get();
    if (chain_rhs) {
      ExprPtr middle = Clone(*chain_rhs);
      if (!middle) return SyntaxError(text_, at.line, at.column, "a chained comparison cannot repeat a pattern");
      e->args.push_back(std::move(middle));
      e->args.push_back(std::move(rhs));
      auto both = Make(Expr::Kind::kBinary, at);
      both->op = "AND";
      both->args.push_back(std::move(*out));
      both->args.push_back(std::move(e));
      *out = std::move(both);
    } else {
      e->args.push_back(std::move(*out));
      e->args.push_back(std::move(rhs));
      *out = std::move(e);
    }
    chain_rhs = this_rhs;
  }
}

Status QueryParser::StringPredicate(ExprPtr* out) {
  NG_RETURN_IF_ERROR(Additive(out));
  for (int levels = 0;; ++levels) {
    NG_RETURN_IF_ERROR(Deeper());  // given back below when no operator follows
    const QueryToken& at = Peek();
    std::string op;
    if (IsKeyword("STARTS") && IsKeyword("WITH", 1)) { pos_ += 2; op = "STARTS WITH"; }
    else if (IsKeyword("ENDS") && IsKeyword("WITH", 1)) { pos_ += 2; op = "ENDS WITH"; }
    else if (Keyword("CONTAINS")) op = "CONTAINS";
    else if (Keyword("IN")) op = "IN";
    else if (IsKeyword("IS")) {
      ++pos_;
      auto e = Make(Expr::Kind::kIsNull, at);
      if (Keyword("NOT")) e->op = "NOT";
      NG_RETURN_IF_ERROR(ExpectKeyword("NULL"));
      e->args.push_back(std::move(*out));
      *out = std::move(e);
      continue;
    } else {
      depth_ -= levels + 1;
      return Status::OK();
    }
    auto e = Make(Expr::Kind::kBinary, at);
    e->op = op;
    ExprPtr rhs;
    NG_RETURN_IF_ERROR(Additive(&rhs));
    e->args.push_back(std::move(*out));
    e->args.push_back(std::move(rhs));
    *out = std::move(e);
  }
}

Status QueryParser::Additive(ExprPtr* out) { return BinaryLevel(out, {"+", "-"}, &QueryParser::Multiplicative); }
Status QueryParser::Multiplicative(ExprPtr* out) { return BinaryLevel(out, {"*", "/", "%"}, &QueryParser::Power); }
Status QueryParser::Power(ExprPtr* out) { return BinaryLevel(out, {"^"}, &QueryParser::Unary); }

Status QueryParser::Unary(ExprPtr* out) {
  if (IsSymbol("-") || IsSymbol("+")) {
    const QueryToken& at = Next();
    ExprPtr arg;
    negate_next_literal_ = at.text == "-" && Peek().kind == Kind::kInteger;
    NG_RETURN_IF_ERROR(Deeper());
    NG_RETURN_IF_ERROR(Unary(&arg));
    --depth_;
    // Fold "-5" into a literal so that -9223372036854775808 parses.
    if (at.text == "-" && arg->kind == Expr::Kind::kLiteral && arg->value.is_number()) {
      int64_t i = arg->value.type() == Value::kInt ? std::get<int64_t>(arg->value.v) : 0;
      if (arg->value.type() == Value::kInt) arg->value = Value(i == INT64_MIN ? i : -i);
      else arg->value = Value(-std::get<double>(arg->value.v));
      *out = std::move(arg);
      return Status::OK();
    }
    auto e = Make(Expr::Kind::kUnary, at);
    e->op = at.text;
    e->args.push_back(std::move(arg));
    *out = std::move(e);
    return Status::OK();
  }
  return Postfix(out);
}

Status QueryParser::Postfix(ExprPtr* out) {
  NG_RETURN_IF_ERROR(Atom(out));
  for (int levels = 0;; ++levels) {
    if (IsSymbol(".") || IsSymbol("[") || (IsSymbol(":") && (*out)->kind == Expr::Kind::kVariable))
      NG_RETURN_IF_ERROR(Deeper());  // each postfix operator is one level more
    if (IsSymbol(".")) {
      const QueryToken& at = Next();
      auto e = Make(Expr::Kind::kProperty, at);
      NG_RETURN_IF_ERROR(Name(&e->name, "a property name after '.'"));
      e->args.push_back(std::move(*out));
      *out = std::move(e);
    } else if (IsSymbol("[")) {
      const QueryToken& at = Next();
      ExprPtr from, to;
      bool slice = false;
      if (!IsSymbol("..")) NG_RETURN_IF_ERROR(Expression(&from));
      if (Symbol("..")) {
        slice = true;
        if (!IsSymbol("]")) NG_RETURN_IF_ERROR(Expression(&to));
      }
      NG_RETURN_IF_ERROR(ExpectSymbol("]"));
      auto e = Make(slice ? Expr::Kind::kSlice : Expr::Kind::kIndex, at);
      e->args.push_back(std::move(*out));
      auto null_literal = [&] {  // a missing bound: an open end
        auto open = Make(Expr::Kind::kLiteral, at);
        open->op = "..";
        return open;
      };
      e->args.push_back(from ? std::move(from) : null_literal());
      if (slice) e->args.push_back(to ? std::move(to) : null_literal());
      *out = std::move(e);
    } else if (IsSymbol(":") && (*out)->kind == Expr::Kind::kVariable) {
      // n:Label as a predicate
      const QueryToken& at = Peek();
      std::vector<std::string> labels;
      NG_RETURN_IF_ERROR(Labels(&labels));
      auto e = Make(Expr::Kind::kFunction, at);
      e->name = "__hasLabels";
      e->args.push_back(std::move(*out));
      for (const std::string& l : labels) {
        auto lit = Make(Expr::Kind::kLiteral, at);
        lit->value = Value(l);
        e->args.push_back(std::move(lit));
      }
      *out = std::move(e);
    } else {
      depth_ -= levels;
      return Status::OK();
    }
  }
}

}  // namespace newsgraph
