// The atoms of the parser's expression grammar (parser_internal.h):
// literals, parameters, variables, parenthesised expressions and pattern
// predicates, maps, lists, list and pattern comprehensions, function calls
// (count(*), quantifiers), CASE and EXISTS { ... }.
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "query/parser_internal.h"

namespace newsgraph {

namespace {

// Words that cannot be variable names where a clause may start.
bool IsReserved(std::string_view w) {
  static const char* kWords[] = {"MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "CREATE", "MERGE", "SET",
                                 "DELETE", "DETACH", "REMOVE", "ORDER", "SKIP", "LIMIT", "UNION", "AND", "OR", "XOR",
                                 "NOT", "IN", "AS", "BY", "ASC", "DESC", "ASCENDING", "DESCENDING", "DISTINCT", "ON",
                                 "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "STARTS",
                                 "ENDS", "CONTAINS", "EXPLAIN", "CALL", "YIELD"};
  for (const char* k : kWords)
    if (EqualsIgnoreCase(w, k)) return true;
  return false;
}

}  // namespace

Status QueryParser::Atom(ExprPtr* out) {
  const QueryToken& t = Peek();
  switch (t.kind) {
    case Kind::kInteger: {
      ++pos_;
      auto e = Make(Expr::Kind::kLiteral, t);
      errno = 0;
      char* end = nullptr;
      bool hex = t.text.size() > 2 && (t.text[1] == 'x' || t.text[1] == 'X');
      bool octal = t.text.size() > 2 && t.text[1] == 'o';
      const char* digits = t.text.c_str() + (hex || octal ? 2 : 0);
      unsigned long long v = std::strtoull(digits, &end, hex ? 16 : (octal ? 8 : 10));
      if (*digits == '\0' || *end != '\0') return SyntaxError(text_, t.line, t.column, "invalid number " + t.text);
      bool negated = negate_next_literal_;
      negate_next_literal_ = false;
      if (errno == ERANGE || v > 9223372036854775808ULL || (v == 9223372036854775808ULL && !negated))
        return SyntaxError(text_, t.line, t.column, "integer " + t.text + " is too large");
      // 9223372036854775808 is only valid negated; Unary folds the sign.
      e->value = v == 9223372036854775808ULL ? Value(static_cast<int64_t>(-9223372036854775807LL - 1))
                                             : Value(static_cast<int64_t>(v));
      *out = std::move(e);
      return Status::OK();
    }
    case Kind::kFloat: {
      ++pos_;
      auto e = Make(Expr::Kind::kLiteral, t);
      errno = 0;
      e->value = Value(std::strtod(t.text.c_str(), nullptr));
      if (errno == ERANGE && std::isinf(std::get<double>(e->value.v)))
        return SyntaxError(text_, t.line, t.column, "float " + t.text + " is too large");
      *out = std::move(e);
      return Status::OK();
    }
    case Kind::kString: {
      ++pos_;
      auto e = Make(Expr::Kind::kLiteral, t);
      e->value = Value(t.text);
      *out = std::move(e);
      return Status::OK();
    }
    case Kind::kParam: {
      ++pos_;
      auto e = Make(Expr::Kind::kParam, t);
      e->name = t.text;
      *out = std::move(e);
      return Status::OK();
    }
    case Kind::kSymbol: {
      if (t.text == "(") {
        if (LooksLikePattern()) {
          auto e = Make(Expr::Kind::kPattern, t);
          e->pattern = std::make_unique<PathPattern>();
          NG_RETURN_IF_ERROR(Chain(e->pattern.get()));
          *out = std::move(e);
          return Status::OK();
        }
        ++pos_;
        NG_RETURN_IF_ERROR(Expression(out));
        return ExpectSymbol(")");
      }
      if (t.text == "[") return ListOrComprehension(out);
      if (t.text == "{") {
        auto e = Make(Expr::Kind::kMap, t);
        std::vector<std::pair<std::string, ExprPtr>> entries;
        NG_RETURN_IF_ERROR(MapLiteral("a map key", &entries));
        for (auto& [key, value] : entries) {
          e->keys.push_back(std::move(key));
          e->args.push_back(std::move(value));
        }
        *out = std::move(e);
        return Status::OK();
      }
      return Expected("an expression");
    }
    case Kind::kIdent: {
      if (!t.quoted_ident) {
        if (EqualsIgnoreCase(t.text, "true") || EqualsIgnoreCase(t.text, "false") || EqualsIgnoreCase(t.text, "null")) {
          ++pos_;
          auto e = Make(Expr::Kind::kLiteral, t);
          if (!EqualsIgnoreCase(t.text, "null")) e->value = Value(EqualsIgnoreCase(t.text, "true"));
          *out = std::move(e);
          return Status::OK();
        }
        if (EqualsIgnoreCase(t.text, "CASE")) return Case(out);
      }
      // f(...) or a namespaced function: duration.between(...)
      if (IsSymbol("(", 1) || (IsSymbol(".", 1) && Peek(2).kind == Kind::kIdent && IsSymbol("(", 3)))
        return FunctionCall(out);
      if (!t.quoted_ident && EqualsIgnoreCase(t.text, "exists") && IsSymbol("{", 1)) return ExistsSubquery(out);
      if (!t.quoted_ident && IsReserved(t.text)) return Expected("an expression");
      ++pos_;
      auto e = Make(Expr::Kind::kVariable, t);
      e->name = t.text;
      *out = std::move(e);
      return Status::OK();
    }
    case Kind::kEnd: return Expected("an expression");
  }
  return Expected("an expression");
}

Status QueryParser::FunctionCall(ExprPtr* out) {
  const QueryToken& t = Next();
  std::string name = t.text;
  if (IsSymbol(".")) {  // namespace.name
    name += "." + Peek(1).text;
    pos_ += 2;
  }
  ++pos_;  // '('
  if (EqualsIgnoreCase(name, "count") && IsSymbol("*") && IsSymbol(")", 1)) {
    pos_ += 2;
    *out = Make(Expr::Kind::kCountStar, t);
    return Status::OK();
  }
  auto e = Make(Expr::Kind::kFunction, t);
  e->name = name;
  // Quantifiers: all/any/none/single(x IN list WHERE predicate), kept as
  // the function with one list comprehension argument (eval.cc).
  bool quantifier = false;
  for (const char* q : {"all", "any", "none", "single"}) quantifier |= EqualsIgnoreCase(t.text, q);
  if (quantifier && Peek().kind == Kind::kIdent && IsKeyword("IN", 1)) {
    ExprPtr c;
    NG_RETURN_IF_ERROR(Comprehension(Peek(), /*quantifier=*/true, &c));
    e->name = "__" + std::string(t.text);
    for (char& ch : e->name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    e->args.push_back(std::move(c));
    *out = std::move(e);
    return Status::OK();
  }
  if (Keyword("DISTINCT")) e->distinct = true;
  if (!Symbol(")")) {
    NG_RETURN_IF_ERROR(ExpressionList(&e->args));
    NG_RETURN_IF_ERROR(ExpectSymbol(")"));
  }
  *out = std::move(e);
  return Status::OK();
}

// EXISTS { pattern [WHERE predicate] }: kept as __exists over a pattern
// comprehension (eval.cc). The full form with clauses is not supported.
Status QueryParser::ExistsSubquery(ExprPtr* out) {
  const QueryToken& t = Next();  // exists
  ++pos_;                        // '{'
  if (IsKeyword("MATCH") || IsKeyword("OPTIONAL") || IsKeyword("WITH") || IsKeyword("UNWIND"))
    return SyntaxError(text_, Peek().line, Peek().column,
                       "EXISTS { ... } with clauses is not supported; write EXISTS { (a)-->(b) WHERE ... }");
  auto c = Make(Expr::Kind::kPatternComprehension, t);
  c->pattern = std::make_unique<PathPattern>();
  NG_RETURN_IF_ERROR(Chain(c->pattern.get()));
  ExprPtr where;
  if (Keyword("WHERE")) NG_RETURN_IF_ERROR(Expression(&where));
  NG_RETURN_IF_ERROR(ExpectSymbol("}"));
  auto yes = Make(Expr::Kind::kLiteral, t);
  yes->value = Value(true);
  c->args.push_back(std::move(where));
  c->args.push_back(std::move(yes));
  auto e = Make(Expr::Kind::kFunction, t);
  e->name = "__exists";
  e->args.push_back(std::move(c));
  *out = std::move(e);
  return Status::OK();
}

Status QueryParser::ListOrComprehension(ExprPtr* out) {
  const QueryToken& t = Next();  // '['
  // [(a)-->(b) WHERE predicate | expression], optionally [p = (a)-->(b) | ...]
  bool named = Peek().kind == Kind::kIdent && IsSymbol("=", 1) && IsSymbol("(", 2);
  if (LooksLikePattern() || named) {
    auto e = Make(Expr::Kind::kPatternComprehension, t);
    e->pattern = std::make_unique<PathPattern>();
    if (named) {
      e->pattern->variable = Next().text;
      ++pos_;  // '='
    }
    NG_RETURN_IF_ERROR(Chain(e->pattern.get()));
    ExprPtr where, map;
    if (Keyword("WHERE")) NG_RETURN_IF_ERROR(Expression(&where));
    NG_RETURN_IF_ERROR(ExpectSymbol("|"));
    NG_RETURN_IF_ERROR(Expression(&map));
    NG_RETURN_IF_ERROR(ExpectSymbol("]"));
    e->args.push_back(std::move(where));
    e->args.push_back(std::move(map));
    *out = std::move(e);
    return Status::OK();
  }
  // [x IN list WHERE pred | expr]
  if (Peek().kind == Kind::kIdent && IsKeyword("IN", 1)) return Comprehension(t, /*quantifier=*/false, out);
  auto e = Make(Expr::Kind::kList, t);
  if (!Symbol("]")) {
    NG_RETURN_IF_ERROR(ExpressionList(&e->args));
    NG_RETURN_IF_ERROR(ExpectSymbol("]"));
  }
  *out = std::move(e);
  return Status::OK();
}

Status QueryParser::Comprehension(const QueryToken& at, bool quantifier, ExprPtr* out) {
  auto e = Make(Expr::Kind::kListComprehension, at);
  e->name = Next().text;
  ++pos_;  // IN
  ExprPtr list, where, map;
  NG_RETURN_IF_ERROR(Expression(&list));
  if (quantifier) {
    NG_RETURN_IF_ERROR(ExpectKeyword("WHERE"));
    NG_RETURN_IF_ERROR(Expression(&where));
  } else {
    if (Keyword("WHERE")) NG_RETURN_IF_ERROR(Expression(&where));
    if (Symbol("|")) NG_RETURN_IF_ERROR(Expression(&map));
  }
  NG_RETURN_IF_ERROR(ExpectSymbol(quantifier ? ")" : "]"));
  e->args.push_back(std::move(list));
  e->args.push_back(std::move(where));
  e->args.push_back(std::move(map));
  *out = std::move(e);
  return Status::OK();
}

Status QueryParser::Case(ExprPtr* out) {
  const QueryToken& t = Next();
  auto e = Make(Expr::Kind::kCase, t);
  ExprPtr operand;
  if (!IsKeyword("WHEN")) {
    NG_RETURN_IF_ERROR(Expression(&operand));
    e->has_case_operand = true;
  }
  e->args.push_back(std::move(operand));
  if (!IsKeyword("WHEN")) return Expected("WHEN");
  while (Keyword("WHEN")) {
    ExprPtr when, then;
    NG_RETURN_IF_ERROR(Expression(&when));
    NG_RETURN_IF_ERROR(ExpectKeyword("THEN"));
    NG_RETURN_IF_ERROR(Expression(&then));
    e->args.push_back(std::move(when));
    e->args.push_back(std::move(then));
  }
  if (Keyword("ELSE")) NG_RETURN_IF_ERROR(Expression(&e->else_expr));
  NG_RETURN_IF_ERROR(ExpectKeyword("END"));
  *out = std::move(e);
  return Status::OK();
}

}  // namespace newsgraph
