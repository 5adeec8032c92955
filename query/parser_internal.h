// Internal to the parser (parser.h is the public face): the recursive-
// descent QueryParser over the tokens of lexer.h, one grammar per file:
//
//   parser.cc             statements and clauses (UNION, CREATE/DROP INDEX,
//                         MATCH ... WHERE, WITH/RETURN, SET, REMOVE, ...)
//   parser_patterns.cc    path patterns: (n:Label {k: v})-[r:T*1..3]->(m)
//   parser_expressions.cc operators by precedence, lowest first, and
//                         postfix property access, indexing and slicing
//   parser_atoms.cc       literals, parameters, variables, maps, lists and
//                         comprehensions, function calls, CASE, EXISTS
//
// Every grammar method consumes what it recognises, stores it in *out and
// returns OK, or returns a syntax error (line, column, caret) naming what
// was expected at the first token it could not take; after an error the
// parser is not used again. A parser parses one query, once.
#ifndef NEWSGRAPH_QUERY_PARSER_INTERNAL_H_
#define NEWSGRAPH_QUERY_PARSER_INTERNAL_H_

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/ascii.h"
#include "base/status.h"
#include "query/ast.h"
#include "query/lexer.h"

namespace newsgraph {

class QueryParser {
 public:
  using Kind = QueryToken::Kind;
  using ExprPtr = std::unique_ptr<Expr>;

  // `text` must outlive the parser: errors and projection names quote it.
  // `tokens` are Lex(text)'s, ending with kEnd.
  QueryParser(std::string_view text, std::vector<QueryToken> tokens) : text_(text), toks_(std::move(tokens)) {}

  // The whole statement: an index command, or clauses with UNION parts.
  Result<Query> Parse();

 private:
  // ---- token helpers (here); Peek and Next never pass the final kEnd
  const QueryToken& Peek(size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
  const QueryToken& Next() { return toks_[std::min(pos_++, toks_.size() - 1)]; }
  bool IsKeyword(const char* k, size_t ahead = 0) const {
    const QueryToken& t = Peek(ahead);
    return t.kind == Kind::kIdent && !t.quoted_ident && EqualsIgnoreCase(t.text, k);
  }
  bool Keyword(const char* k) {
    if (!IsKeyword(k)) return false;
    ++pos_;
    return true;
  }
  bool IsSymbol(const char* s, size_t ahead = 0) const {
    const QueryToken& t = Peek(ahead);
    return t.kind == Kind::kSymbol && t.text == s;
  }
  bool Symbol(const char* s) {
    if (!IsSymbol(s)) return false;
    ++pos_;
    return true;
  }
  Status Expected(const std::string& what) const {
    const QueryToken& t = Peek();
    std::string found = t.kind == Kind::kEnd ? "the end of the query" : "'" + t.text + "'";
    return SyntaxError(text_, t.line, t.column, "expected " + what + ", found " + found);
  }
  Status ExpectSymbol(const char* s) { return Symbol(s) ? Status::OK() : Expected(std::string("'") + s + "'"); }
  Status ExpectKeyword(const char* k) { return Keyword(k) ? Status::OK() : Expected(k); }
  Status Name(std::string* out, const char* what) {
    const QueryToken& t = Peek();
    if (t.kind != Kind::kIdent) return Expected(what);
    *out = t.text;
    ++pos_;
    return Status::OK();
  }
  ExprPtr Make(Expr::Kind kind, const QueryToken& at) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->line = at.line;
    e->column = at.column;
    return e;
  }

  // ---- clauses (parser.cc)
  Status ClauseList(std::vector<Clause>* clauses);
  Status Schema(SchemaCommand* cmd);
  Status MatchBody(Clause* c);
  Status CallBody(Clause* c);
  Status YieldItems(Clause* c);  // [YIELD * | YIELD a [AS b], ... [WHERE ...]]
  Status SetItems(std::vector<SetItem>* out);
  Status RemoveItems(std::vector<SetItem>* out);
  // The variable that starts a SET or REMOVE item into item->target (`what`
  // names it in an error); when `:Label...` follows, the labels too, and
  // the item is complete (kLabels, labels not empty).
  Status ItemVariable(const char* what, SetItem* item);
  // The key after a '.': *target becomes `target.key`.
  Status PropertyKey(ExprPtr* target);
  // The query text from offset `start` to the next token, trailing white
  // space trimmed: an unaliased column's name, an ORDER BY key's text.
  std::string SourceSince(size_t start) const;
  Status ProjectionBody(Projection* p, bool is_with);

  // ---- patterns (parser_patterns.cc)
  Status PatternList(std::vector<PathPattern>* out);
  Status Path(PathPattern* p);  // [p =] chain, or [p =] shortestPath(chain)
  Status Chain(PathPattern* p);  // (a)-[r]->(b)...
  Status NodePat(NodePattern* n);
  Status RelPat(RelPattern* r);
  Status Labels(std::vector<std::string>* labels);  // :A:B
  Status Properties(PropertyMap* m);                // {key: expr, ...}
  // True when the tokens at the cursor start a relationship pattern
  // predicate: "(a)-" or "(a)<-" after a parenthesised node.
  bool LooksLikePattern() const;

  // ---- expressions by precedence (parser_expressions.cc)
  //
  // An expression tree is at most kMaxDepth deep: each parenthesis, list,
  // map, call argument, CASE, NOT, sign and each operator of a chain
  // (`1+1+1`, `a.b.c`) takes a level, and past the limit the parser stops
  // with a syntax error instead of overflowing the stack here or in the
  // stages after it (binder, planner, evaluation, destruction), which only
  // ever see trees the parser made. Levels are taken by Deeper() and given
  // back on success; after an error the parser is done anyway.
  static constexpr int kMaxDepth = 500;
  Status Deeper() {
    if (++depth_ <= kMaxDepth) return Status::OK();
    const QueryToken& t = Peek();
    return SyntaxError(text_, t.line, t.column,
                       "expression nested too deeply (more than " + std::to_string(kMaxDepth) + " levels)");
  }
  Status Expression(ExprPtr* out) {
    NG_RETURN_IF_ERROR(Deeper());
    NG_RETURN_IF_ERROR(Or(out));
    --depth_;
    return Status::OK();
  }
  Status ExpressionList(std::vector<ExprPtr>* out);  // expr, expr, ...
  // {key: expr, ...}, keys named `key_what` in errors.
  Status MapLiteral(const char* key_what, std::vector<std::pair<std::string, ExprPtr>>* entries);
  // One level of left-associative binary operators, each either a keyword
  // (AND) or a symbol (+); `next` parses the operands, one level higher.
  Status BinaryLevel(ExprPtr* out, const std::vector<const char*>& ops, Status (QueryParser::*next)(ExprPtr*));
  Status Or(ExprPtr* out);
  Status Xor(ExprPtr* out);
  Status And(ExprPtr* out);
  Status Not(ExprPtr* out);
  Status Comparison(ExprPtr* out);
  Status StringPredicate(ExprPtr* out);
  Status Additive(ExprPtr* out);
  Status Multiplicative(ExprPtr* out);
  Status Power(ExprPtr* out);
  Status Unary(ExprPtr* out);
  Status Postfix(ExprPtr* out);

  // ---- atoms (parser_atoms.cc)
  Status Atom(ExprPtr* out);
  Status FunctionCall(ExprPtr* out);
  Status ExistsSubquery(ExprPtr* out);
  Status ListOrComprehension(ExprPtr* out);
  // `x IN list WHERE predicate )` of a quantifier, or `x IN list [WHERE
  // predicate] [| expression] ]` after '[': a kListComprehension at `at`,
  // args list, where, map (null when absent).
  Status Comprehension(const QueryToken& at, bool quantifier, ExprPtr* out);
  Status Case(ExprPtr* out);

  std::string_view text_;
  std::vector<QueryToken> toks_;
  size_t pos_ = 0;
  bool negate_next_literal_ = false;  // a '-' precedes the integer literal being read
  int depth_ = 0;                     // expression levels open (Deeper)
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PARSER_INTERNAL_H_
