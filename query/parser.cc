#include "query/parser.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "base/ascii.h"
#include "query/lexer.h"

namespace newsgraph {

namespace {

using Kind = QueryToken::Kind;
using ExprPtr = std::unique_ptr<Expr>;


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

class Parser {
 public:
  Parser(std::string_view text, std::vector<QueryToken> tokens) : text_(text), toks_(std::move(tokens)) {}

  Result<Query> Parse() {
    Query q;
    if (Keyword("EXPLAIN")) q.explain = true;
    if ((IsKeyword("CREATE") || IsKeyword("DROP")) && IsKeyword("INDEX", 1)) {
      NG_RETURN_IF_ERROR(Schema(&q.schema));
      while (Symbol(";")) {
      }
      if (Peek().kind != Kind::kEnd) return Expected("the end of the statement (an index command stands alone)");
      return q;
    }
    NG_RETURN_IF_ERROR(ClauseList(&q.clauses));
    while (IsKeyword("UNION")) {
      const QueryToken& at = Next();
      bool all = Keyword("ALL");
      if (!q.unions.empty() && q.unions[0].first != all)
        return SyntaxError(text_, at.line, at.column, "UNION and UNION ALL cannot be mixed in one query");
      std::vector<Clause> part;
      NG_RETURN_IF_ERROR(ClauseList(&part));
      q.unions.emplace_back(all, std::move(part));
    }
    while (Symbol(";")) {
    }
    if (Peek().kind != Kind::kEnd) return Expected("a clause (MATCH, WITH, RETURN, ...) or the end of the query");
    return q;
  }

 private:
  // ---- token helpers
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

  // ---- clauses
  Status ClauseList(std::vector<Clause>* clauses) {
    while (true) {
      const QueryToken& t = Peek();
      Clause c;
      c.line = t.line;
      c.column = t.column;
      if (IsKeyword("OPTIONAL") && IsKeyword("MATCH", 1)) {
        pos_ += 2;
        c.kind = Clause::Kind::kMatch;
        c.optional = true;
        NG_RETURN_IF_ERROR(MatchBody(&c));
      } else if (Keyword("MATCH")) {
        c.kind = Clause::Kind::kMatch;
        NG_RETURN_IF_ERROR(MatchBody(&c));
      } else if (Keyword("WITH")) {
        c.kind = Clause::Kind::kWith;
        NG_RETURN_IF_ERROR(ProjectionBody(&c.projection, true));
      } else if (Keyword("RETURN")) {
        c.kind = Clause::Kind::kReturn;
        NG_RETURN_IF_ERROR(ProjectionBody(&c.projection, false));
      } else if (Keyword("UNWIND")) {
        c.kind = Clause::Kind::kUnwind;
        NG_RETURN_IF_ERROR(Expression(&c.unwind));
        NG_RETURN_IF_ERROR(ExpectKeyword("AS"));
        NG_RETURN_IF_ERROR(Name(&c.alias, "a variable name after AS"));
      } else if (Keyword("CREATE")) {
        c.kind = Clause::Kind::kCreate;
        NG_RETURN_IF_ERROR(PatternList(&c.patterns));
      } else if (Keyword("MERGE")) {
        c.kind = Clause::Kind::kMerge;
        c.patterns.emplace_back();
        NG_RETURN_IF_ERROR(Path(&c.patterns.back()));
        while (IsKeyword("ON")) {
          ++pos_;
          bool create = Keyword("CREATE");
          if (!create && !Keyword("MATCH")) return Expected("CREATE or MATCH after ON");
          NG_RETURN_IF_ERROR(ExpectKeyword("SET"));
          NG_RETURN_IF_ERROR(SetItems(create ? &c.on_create : &c.on_match));
        }
      } else if (Keyword("SET")) {
        c.kind = Clause::Kind::kSet;
        NG_RETURN_IF_ERROR(SetItems(&c.set_items));
      } else if (Keyword("REMOVE")) {
        c.kind = Clause::Kind::kRemove;
        NG_RETURN_IF_ERROR(RemoveItems(&c.set_items));
      } else if (IsKeyword("DETACH") && IsKeyword("DELETE", 1)) {
        pos_ += 2;
        c.kind = Clause::Kind::kDelete;
        c.detach = true;
        NG_RETURN_IF_ERROR(ExpressionList(&c.delete_exprs));
      } else if (Keyword("DELETE")) {
        c.kind = Clause::Kind::kDelete;
        NG_RETURN_IF_ERROR(ExpressionList(&c.delete_exprs));
      } else {
        if (clauses->empty()) return Expected("MATCH, OPTIONAL MATCH, WITH, RETURN, UNWIND, CREATE, MERGE, SET, REMOVE or DELETE");
        return Status::OK();
      }
      clauses->push_back(std::move(c));
      if (clauses->back().kind == Clause::Kind::kReturn) return Status::OK();
    }
  }

  // CREATE INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.property)
  // DROP INDEX [IF EXISTS] ON :Label(property)
  Status Schema(SchemaCommand* cmd) {
    bool create = Keyword("CREATE");
    if (!create) ++pos_;  // DROP
    ++pos_;               // INDEX
    if (create) {
      if (!IsKeyword("IF") && !IsKeyword("FOR") && !IsKeyword("ON")) {
        std::string name;  // accepted, not stored: an index is known by (label, property)
        NG_RETURN_IF_ERROR(Name(&name, "an index name, IF NOT EXISTS or FOR"));
      }
      if (Keyword("IF")) {
        NG_RETURN_IF_ERROR(ExpectKeyword("NOT"));
        NG_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
        cmd->tolerant = true;
      }
    } else if (Keyword("IF")) {
      NG_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
      cmd->tolerant = true;
    }
    cmd->kind = create ? SchemaCommand::Kind::kCreateIndex : SchemaCommand::Kind::kDropIndex;
    if (Keyword("ON")) {  // ON :Label(property), the Neo4j 3 form
      NG_RETURN_IF_ERROR(ExpectSymbol(":"));
      NG_RETURN_IF_ERROR(Name(&cmd->index.label, "a label"));
      NG_RETURN_IF_ERROR(ExpectSymbol("("));
      NG_RETURN_IF_ERROR(Name(&cmd->index.property, "a property name"));
      return ExpectSymbol(")");
    }
    if (!create) return Expected("ON :Label(property)");
    NG_RETURN_IF_ERROR(ExpectKeyword("FOR"));
    std::string var, var2;
    NG_RETURN_IF_ERROR(ExpectSymbol("("));
    NG_RETURN_IF_ERROR(Name(&var, "a variable"));
    NG_RETURN_IF_ERROR(ExpectSymbol(":"));
    NG_RETURN_IF_ERROR(Name(&cmd->index.label, "a label"));
    NG_RETURN_IF_ERROR(ExpectSymbol(")"));
    NG_RETURN_IF_ERROR(ExpectKeyword("ON"));
    NG_RETURN_IF_ERROR(ExpectSymbol("("));
    const QueryToken& at = Peek();
    NG_RETURN_IF_ERROR(Name(&var2, "the variable"));
    if (var2 != var) return SyntaxError(text_, at.line, at.column, "expected `" + var + "`, the variable of FOR");
    NG_RETURN_IF_ERROR(ExpectSymbol("."));
    NG_RETURN_IF_ERROR(Name(&cmd->index.property, "a property name"));
    if (IsSymbol(",")) return Expected("')' (an index has one property)");
    return ExpectSymbol(")");
  }

  Status MatchBody(Clause* c) {
    NG_RETURN_IF_ERROR(PatternList(&c->patterns));
    if (Keyword("WHERE")) NG_RETURN_IF_ERROR(Expression(&c->where));
    return Status::OK();
  }

  Status ExpressionList(std::vector<ExprPtr>* out) {
    do {
      ExprPtr e;
      NG_RETURN_IF_ERROR(Expression(&e));
      out->push_back(std::move(e));
    } while (Symbol(","));
    return Status::OK();
  }

  Status SetItems(std::vector<SetItem>* out) {
    do {
      SetItem item;
      const QueryToken& at = Peek();
      if (IsSymbol("(")) {  // SET (expression).key = value
        ExprPtr lhs;
        NG_RETURN_IF_ERROR(Postfix(&lhs));
        if (lhs->kind != Expr::Kind::kProperty) return Expected("'.key' after the parenthesised expression");
        item.kind = SetItem::Kind::kProperty;
        item.target = std::move(lhs);
        NG_RETURN_IF_ERROR(ExpectSymbol("="));
        NG_RETURN_IF_ERROR(Expression(&item.value));
        out->push_back(std::move(item));
        continue;
      }
      std::string var;
      NG_RETURN_IF_ERROR(Name(&var, "a variable to SET"));
      auto target = Make(Expr::Kind::kVariable, at);
      target->name = var;
      if (IsSymbol(":")) {
        item.kind = SetItem::Kind::kLabels;
        NG_RETURN_IF_ERROR(Labels(&item.labels));
        item.target = std::move(target);
      } else if (Symbol("=")) {
        item.kind = SetItem::Kind::kReplaceMap;
        item.target = std::move(target);
        NG_RETURN_IF_ERROR(Expression(&item.value));
      } else if (Symbol("+=")) {
        item.kind = SetItem::Kind::kMergeMap;
        item.target = std::move(target);
        NG_RETURN_IF_ERROR(Expression(&item.value));
      } else {
        ExprPtr lhs = std::move(target);
        if (!IsSymbol(".")) return Expected("'.', '=', '+=' or ':' after the variable");
        while (Symbol(".")) {
          auto prop = Make(Expr::Kind::kProperty, Peek());
          NG_RETURN_IF_ERROR(Name(&prop->name, "a property name"));
          prop->args.push_back(std::move(lhs));
          lhs = std::move(prop);
        }
        item.kind = SetItem::Kind::kProperty;
        item.target = std::move(lhs);
        NG_RETURN_IF_ERROR(ExpectSymbol("="));
        NG_RETURN_IF_ERROR(Expression(&item.value));
      }
      out->push_back(std::move(item));
    } while (Symbol(","));
    return Status::OK();
  }

  Status RemoveItems(std::vector<SetItem>* out) {
    do {
      SetItem item;
      const QueryToken& at = Peek();
      std::string var;
      NG_RETURN_IF_ERROR(Name(&var, "a variable to REMOVE from"));
      auto target = Make(Expr::Kind::kVariable, at);
      target->name = var;
      if (IsSymbol(":")) {
        item.kind = SetItem::Kind::kLabels;
        NG_RETURN_IF_ERROR(Labels(&item.labels));
        item.target = std::move(target);
      } else {
        NG_RETURN_IF_ERROR(ExpectSymbol("."));
        auto prop = Make(Expr::Kind::kProperty, Peek());
        NG_RETURN_IF_ERROR(Name(&prop->name, "a property name"));
        prop->args.push_back(std::move(target));
        item.kind = SetItem::Kind::kProperty;
        item.target = std::move(prop);
      }
      out->push_back(std::move(item));
    } while (Symbol(","));
    return Status::OK();
  }

  Status ProjectionBody(Projection* p, bool is_with) {
    if (Keyword("DISTINCT")) p->distinct = true;
    if (Symbol("*")) {
      p->star = true;
      if (!Symbol(",")) goto after_items;
    }
    do {
      ProjectionItem item;
      size_t start = Peek().offset;
      NG_RETURN_IF_ERROR(Expression(&item.expr));
      size_t end = Peek(0).offset;
      if (Keyword("AS")) {
        NG_RETURN_IF_ERROR(Name(&item.alias, "a name after AS"));
        item.explicit_alias = true;
      } else {
        std::string_view src = text_.substr(start, end - start);
        while (!src.empty() && std::isspace(static_cast<unsigned char>(src.back()))) src.remove_suffix(1);
        item.alias = std::string(src);
        if (item.expr->kind == Expr::Kind::kVariable) item.alias = item.expr->name;
      }
      p->items.push_back(std::move(item));
    } while (Symbol(","));
  after_items:
    if (is_with && Keyword("WHERE")) {
      // WITH ... WHERE is parsed after ORDER BY / SKIP / LIMIT in Cypher, but
      // WHERE directly after the items is what people write.
      NG_RETURN_IF_ERROR(Expression(&p->where));
    }
    if (IsKeyword("ORDER")) {
      ++pos_;
      NG_RETURN_IF_ERROR(ExpectKeyword("BY"));
      do {
        SortItem s;
        size_t start = Peek().offset;
        NG_RETURN_IF_ERROR(Expression(&s.expr));
        std::string_view src = text_.substr(start, Peek().offset - start);
        while (!src.empty() && std::isspace(static_cast<unsigned char>(src.back()))) src.remove_suffix(1);
        s.text = std::string(src);
        if (Keyword("DESC") || Keyword("DESCENDING")) s.descending = true;
        else if (Keyword("ASC") || Keyword("ASCENDING")) s.descending = false;
        p->order.push_back(std::move(s));
      } while (Symbol(","));
    }
    if (Keyword("SKIP")) NG_RETURN_IF_ERROR(Expression(&p->skip));
    if (Keyword("LIMIT")) NG_RETURN_IF_ERROR(Expression(&p->limit));
    if (is_with && !p->where && Keyword("WHERE")) NG_RETURN_IF_ERROR(Expression(&p->where));
    return Status::OK();
  }

  // ---- patterns
  Status PatternList(std::vector<PathPattern>* out) {
    do {
      out->emplace_back();
      NG_RETURN_IF_ERROR(Path(&out->back()));
    } while (Symbol(","));
    return Status::OK();
  }

  Status Path(PathPattern* p) {
    if (Peek().kind == Kind::kIdent && IsSymbol("=", 1)) {
      p->variable = Next().text;
      ++pos_;
    }
    if (IsKeyword("shortestPath") || IsKeyword("allShortestPaths")) {
      p->shortest = IsKeyword("shortestPath") ? PathPattern::Shortest::kShortest : PathPattern::Shortest::kAll;
      ++pos_;
      NG_RETURN_IF_ERROR(ExpectSymbol("("));
      NG_RETURN_IF_ERROR(Chain(p));
      NG_RETURN_IF_ERROR(ExpectSymbol(")"));
      if (p->rels.size() != 1)
        return SyntaxError(text_, Peek().line, Peek().column, "shortestPath needs a pattern of exactly one relationship");
      return Status::OK();
    }
    return Chain(p);
  }

  Status Chain(PathPattern* p) {
    p->nodes.emplace_back();
    NG_RETURN_IF_ERROR(NodePat(&p->nodes.back()));
    while (IsSymbol("-") || IsSymbol("<-")) {
      p->rels.emplace_back();
      NG_RETURN_IF_ERROR(RelPat(&p->rels.back()));
      p->nodes.emplace_back();
      NG_RETURN_IF_ERROR(NodePat(&p->nodes.back()));
    }
    return Status::OK();
  }

  Status NodePat(NodePattern* n) {
    NG_RETURN_IF_ERROR(ExpectSymbol("("));
    if (Peek().kind == Kind::kIdent) n->variable = Next().text;
    if (IsSymbol(":")) NG_RETURN_IF_ERROR(Labels(&n->labels));
    if (IsSymbol("{") || Peek().kind == Kind::kParam) NG_RETURN_IF_ERROR(Properties(&n->properties));
    return ExpectSymbol(")");
  }

  Status Labels(std::vector<std::string>* labels) {
    while (Symbol(":")) {
      std::string l;
      NG_RETURN_IF_ERROR(Name(&l, "a label name after ':'"));
      labels->push_back(l);
    }
    return Status::OK();
  }

  Status Properties(PropertyMap* m) {
    if (Peek().kind == Kind::kParam)
      return SyntaxError(text_, Peek().line, Peek().column, "a parameter as a whole property map is not supported; write {key: $param}");
    NG_RETURN_IF_ERROR(ExpectSymbol("{"));
    m->written = true;
    if (Symbol("}")) return Status::OK();
    do {
      std::string key;
      NG_RETURN_IF_ERROR(Name(&key, "a property name"));
      NG_RETURN_IF_ERROR(ExpectSymbol(":"));
      ExprPtr e;
      NG_RETURN_IF_ERROR(Expression(&e));
      m->entries.emplace_back(key, std::move(e));
    } while (Symbol(","));
    return ExpectSymbol("}");
  }

  Status RelPat(RelPattern* r) {
    bool left = Symbol("<-");
    if (!left) NG_RETURN_IF_ERROR(ExpectSymbol("-"));
    if (Symbol("[")) {
      if (Peek().kind == Kind::kIdent && !IsSymbol("|", 0)) r->variable = Next().text;
      if (Symbol(":")) {
        do {
          Symbol(":");  // [:A|:B] is accepted too
          std::string t;
          NG_RETURN_IF_ERROR(Name(&t, "a relationship type"));
          if (std::find(r->types.begin(), r->types.end(), t) == r->types.end()) r->types.push_back(t);
        } while (Symbol("|"));
      }
      if (Symbol("*")) {  // *, *2, *1..3, *..5, *2..
        r->variable_length = true;
        r->min_hops = 1;
        r->max_hops = -1;
        auto bound = [&](int* out) -> Status {
          const QueryToken& t = Next();
          if (t.text.size() > 6) return SyntaxError(text_, t.line, t.column, "hop count " + t.text + " is too large");
          *out = std::stoi(t.text);
          return Status::OK();
        };
        if (Peek().kind == Kind::kInteger) {
          NG_RETURN_IF_ERROR(bound(&r->min_hops));
          r->max_hops = r->min_hops;
        }
        if (Symbol("..")) {
          r->max_hops = -1;
          if (Peek().kind == Kind::kInteger) NG_RETURN_IF_ERROR(bound(&r->max_hops));
        }
      }
      if (IsSymbol("{")) NG_RETURN_IF_ERROR(Properties(&r->properties));
      NG_RETURN_IF_ERROR(ExpectSymbol("]"));
    }
    bool right = false;
    if (Symbol("->")) right = true;
    else NG_RETURN_IF_ERROR(ExpectSymbol("-"));
    // <--> is either direction, like --
    r->direction = left == right ? Direction::kBoth : (left ? Direction::kIn : Direction::kOut);
    return Status::OK();
  }

  // ---- expressions, lowest precedence first
  Status Expression(ExprPtr* out) { return Or(out); }

  Status BinaryLevel(ExprPtr* out, const std::vector<const char*>& ops, Status (Parser::*next)(ExprPtr*)) {
    NG_RETURN_IF_ERROR((this->*next)(out));
    while (true) {
      const char* found = nullptr;
      for (const char* op : ops)
        if (IsKeyword(op)) found = op;
      if (!found) return Status::OK();
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
  Status Or(ExprPtr* out) { return BinaryLevel(out, {"OR"}, &Parser::Xor); }
  Status Xor(ExprPtr* out) { return BinaryLevel(out, {"XOR"}, &Parser::And); }
  Status And(ExprPtr* out) { return BinaryLevel(out, {"AND"}, &Parser::Not); }
  Status Not(ExprPtr* out) {
    if (IsKeyword("NOT")) {
      const QueryToken& at = Next();
      auto e = Make(Expr::Kind::kUnary, at);
      e->op = "NOT";
      ExprPtr arg;
      NG_RETURN_IF_ERROR(Not(&arg));
      e->args.push_back(std::move(arg));
      *out = std::move(e);
      return Status::OK();
    }
    return Comparison(out);
  }

  // a < b < c means a < b AND b < c (b is copied, expressions are pure).
  Status Comparison(ExprPtr* out) {
    NG_RETURN_IF_ERROR(StringPredicate(out));
    static const char* kOps[] = {"=", "<>", "!=", "<", "<=", ">", ">=", "=~"};
    const Expr* chain_rhs = nullptr;  // right operand of the previous comparison
    while (true) {
      const char* found = nullptr;
      for (const char* op : kOps)
        if (IsSymbol(op)) found = op;
      bool split_arrow = IsSymbol("<-");  // "a<-1" is a < -1
      if (!found && !split_arrow) return Status::OK();
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

  // A deep copy of an unbound expression; null if it holds a pattern.
  static ExprPtr Clone(const Expr& e) {
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
      ExprPtr x = Clone(*a);
      if (!x) return nullptr;
      c->args.push_back(std::move(x));
    }
    if (e.else_expr && !(c->else_expr = Clone(*e.else_expr))) return nullptr;
    return c;
  }

  Status StringPredicate(ExprPtr* out) {
    NG_RETURN_IF_ERROR(Additive(out));
    while (true) {
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

  Status SymbolLevel(ExprPtr* out, const std::vector<const char*>& ops, Status (Parser::*next)(ExprPtr*)) {
    NG_RETURN_IF_ERROR((this->*next)(out));
    while (true) {
      const char* found = nullptr;
      for (const char* op : ops)
        if (IsSymbol(op)) found = op;
      if (!found) return Status::OK();
      const QueryToken& at = Next();
      auto e = Make(Expr::Kind::kBinary, at);
      e->op = found;
      ExprPtr rhs;
      NG_RETURN_IF_ERROR((this->*next)(&rhs));
      e->args.push_back(std::move(*out));
      e->args.push_back(std::move(rhs));
      *out = std::move(e);
    }
  }
  Status Additive(ExprPtr* out) { return SymbolLevel(out, {"+", "-"}, &Parser::Multiplicative); }
  Status Multiplicative(ExprPtr* out) { return SymbolLevel(out, {"*", "/", "%"}, &Parser::Power); }
  Status Power(ExprPtr* out) { return SymbolLevel(out, {"^"}, &Parser::Unary); }

  Status Unary(ExprPtr* out) {
    if (IsSymbol("-") || IsSymbol("+")) {
      const QueryToken& at = Next();
      ExprPtr arg;
      negate_next_literal_ = at.text == "-" && Peek().kind == Kind::kInteger;
      NG_RETURN_IF_ERROR(Unary(&arg));
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

  Status Postfix(ExprPtr* out) {
    NG_RETURN_IF_ERROR(Atom(out));
    while (true) {
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
        return Status::OK();
      }
    }
  }

  // True when the tokens at the cursor start a relationship pattern
  // predicate: "(a)-" or "(a)<-" after a parenthesised node.
  bool LooksLikePattern() const {
    if (!IsSymbol("(")) return false;
    size_t i = 1;
    if (Peek(i).kind == Kind::kIdent) ++i;
    while (IsSymbol(":", i) && Peek(i + 1).kind == Kind::kIdent) i += 2;
    if (IsSymbol("{", i)) {
      int depth = 0;
      for (;; ++i) {
        if (Peek(i).kind == Kind::kEnd) return false;
        if (IsSymbol("{", i)) ++depth;
        if (IsSymbol("}", i) && --depth == 0) { ++i; break; }
      }
    }
    if (!IsSymbol(")", i)) return false;
    return IsSymbol("-", i + 1) || IsSymbol("<-", i + 1);
  }

  Status Atom(ExprPtr* out) {
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
          ++pos_;
          auto e = Make(Expr::Kind::kMap, t);
          if (!Symbol("}")) {
            do {
              std::string key;
              NG_RETURN_IF_ERROR(Name(&key, "a map key"));
              NG_RETURN_IF_ERROR(ExpectSymbol(":"));
              ExprPtr v;
              NG_RETURN_IF_ERROR(Expression(&v));
              e->keys.push_back(key);
              e->args.push_back(std::move(v));
            } while (Symbol(","));
            NG_RETURN_IF_ERROR(ExpectSymbol("}"));
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
        if (IsSymbol("(", 1)) return FunctionCall(out);
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

  Status FunctionCall(ExprPtr* out) {
    const QueryToken& t = Next();
    ++pos_;  // '('
    if (EqualsIgnoreCase(t.text, "count") && IsSymbol("*") && IsSymbol(")", 1)) {
      pos_ += 2;
      *out = Make(Expr::Kind::kCountStar, t);
      return Status::OK();
    }
    auto e = Make(Expr::Kind::kFunction, t);
    e->name = t.text;
    // Quantifiers: all/any/none/single(x IN list WHERE predicate), kept as
    // the function with one list comprehension argument (eval.cc).
    bool quantifier = false;
    for (const char* q : {"all", "any", "none", "single"}) quantifier |= EqualsIgnoreCase(t.text, q);
    if (quantifier && Peek().kind == Kind::kIdent && IsKeyword("IN", 1)) {
      auto c = Make(Expr::Kind::kListComprehension, Peek());
      c->name = Next().text;
      ++pos_;  // IN
      ExprPtr list, where;
      NG_RETURN_IF_ERROR(Expression(&list));
      NG_RETURN_IF_ERROR(ExpectKeyword("WHERE"));
      NG_RETURN_IF_ERROR(Expression(&where));
      NG_RETURN_IF_ERROR(ExpectSymbol(")"));
      c->args.push_back(std::move(list));
      c->args.push_back(std::move(where));
      c->args.push_back(nullptr);
      e->name = "__" + std::string(t.text);
      for (char& ch : e->name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      e->args.push_back(std::move(c));
      *out = std::move(e);
      return Status::OK();
    }
    if (Keyword("DISTINCT")) e->distinct = true;
    if (!Symbol(")")) {
      do {
        ExprPtr a;
        NG_RETURN_IF_ERROR(Expression(&a));
        e->args.push_back(std::move(a));
      } while (Symbol(","));
      NG_RETURN_IF_ERROR(ExpectSymbol(")"));
    }
    *out = std::move(e);
    return Status::OK();
  }

  // EXISTS { pattern [WHERE predicate] }: kept as __exists over a pattern
  // comprehension (eval.cc). The full form with clauses is not supported.
  Status ExistsSubquery(ExprPtr* out) {
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

  Status ListOrComprehension(ExprPtr* out) {
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
    if (Peek().kind == Kind::kIdent && IsKeyword("IN", 1)) {
      auto e = Make(Expr::Kind::kListComprehension, t);
      e->name = Next().text;
      ++pos_;  // IN
      ExprPtr list, where, map;
      NG_RETURN_IF_ERROR(Expression(&list));
      if (Keyword("WHERE")) NG_RETURN_IF_ERROR(Expression(&where));
      if (Symbol("|")) NG_RETURN_IF_ERROR(Expression(&map));
      NG_RETURN_IF_ERROR(ExpectSymbol("]"));
      e->args.push_back(std::move(list));
      e->args.push_back(std::move(where));
      e->args.push_back(std::move(map));
      *out = std::move(e);
      return Status::OK();
    }
    auto e = Make(Expr::Kind::kList, t);
    if (!Symbol("]")) {
      do {
        ExprPtr a;
        NG_RETURN_IF_ERROR(Expression(&a));
        e->args.push_back(std::move(a));
      } while (Symbol(","));
      NG_RETURN_IF_ERROR(ExpectSymbol("]"));
    }
    *out = std::move(e);
    return Status::OK();
  }

  Status Case(ExprPtr* out) {
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

  std::string_view text_;
  std::vector<QueryToken> toks_;
  size_t pos_ = 0;
  bool negate_next_literal_ = false;  // a '-' precedes the integer literal being read
};

}  // namespace

Result<Query> ParseQuery(std::string_view text) {
  Result<std::vector<QueryToken>> tokens = Lex(text);
  if (!tokens.ok()) return tokens.status();
  return Parser(text, std::move(tokens).value()).Parse();
}

}  // namespace newsgraph
