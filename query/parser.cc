// The statement and clause grammar of the parser (parser_internal.h), and
// ParseQuery (parser.h).
#include "query/parser.h"

#include <cctype>

#include "query/parser_internal.h"

namespace newsgraph {

Result<Query> QueryParser::Parse() {
  Query q;
  if (Keyword("EXPLAIN")) q.explain = true;
  else if (Keyword("PROFILE")) q.profile = true;
  bool index_command = (IsKeyword("CREATE") || IsKeyword("DROP")) && IsKeyword("INDEX", 1);
  if (index_command) {
    NG_RETURN_IF_ERROR(Schema(&q.schema));
  } else {
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
  }
  while (Symbol(";")) {
  }
  if (Peek().kind != Kind::kEnd)
    return Expected(index_command ? "the end of the statement (an index command stands alone)"
                                  : "a clause (MATCH, WITH, RETURN, ...) or the end of the query");
  return q;
}

Status QueryParser::ClauseList(std::vector<Clause>* clauses) {
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
    } else if (Keyword("CALL")) {
      c.kind = Clause::Kind::kCall;
      NG_RETURN_IF_ERROR(CallBody(&c));
    } else if (clauses->empty() && IsKeyword("SHOW") && (IsKeyword("INDEXES", 1) || IsKeyword("INDEX", 1))) {
      pos_ += 2;  // SHOW INDEXES: a CALL of db.indexes (procedures.h)
      c.kind = Clause::Kind::kCall;
      c.call.name = "db.indexes";
      c.call.text = "db.indexes()";
      NG_RETURN_IF_ERROR(YieldItems(&c));
    } else {
      if (clauses->empty())
        return Expected("MATCH, OPTIONAL MATCH, WITH, RETURN, UNWIND, CALL, SHOW INDEXES, CREATE, MERGE, SET, REMOVE or DELETE");
      return Status::OK();
    }
    clauses->push_back(std::move(c));
    if (clauses->back().kind == Clause::Kind::kReturn) return Status::OK();
  }
}

// CREATE INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.property)
// DROP INDEX [IF EXISTS] ON :Label(property)
Status QueryParser::Schema(SchemaCommand* cmd) {
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

// CALL name.space.proc(args) [YIELD ...], or CALL name without
// parentheses (implicit arguments: the parameters of their names).
Status QueryParser::CallBody(Clause* c) {
  ProcedureCallSpec& call = c->call;
  size_t start = Peek().offset;
  call.line = Peek().line;
  call.column = Peek().column;
  NG_RETURN_IF_ERROR(Name(&call.name, "a procedure name after CALL"));
  while (Symbol(".")) {
    std::string part;
    NG_RETURN_IF_ERROR(Name(&part, "a name after '.'"));
    call.name += "." + part;
  }
  if (Symbol("(")) {
    if (!Symbol(")")) {
      NG_RETURN_IF_ERROR(ExpressionList(&call.args));
      NG_RETURN_IF_ERROR(ExpectSymbol(")"));
    }
  } else {
    call.implicit_args = true;
  }
  call.text = SourceSince(start);
  return YieldItems(c);
}

Status QueryParser::YieldItems(Clause* c) {
  ProcedureCallSpec& call = c->call;
  if (!Keyword("YIELD")) return Status::OK();
  if (Symbol("*")) {
    call.yield_star = true;
  } else {
    do {
      YieldItem y;
      y.line = Peek().line;
      y.column_at = Peek().column;
      NG_RETURN_IF_ERROR(Name(&y.output_name, "an output column after YIELD"));
      y.variable = y.output_name;
      if (Keyword("AS")) NG_RETURN_IF_ERROR(Name(&y.variable, "a variable name after AS"));
      call.yields.push_back(std::move(y));
    } while (Symbol(","));
  }
  if (Keyword("WHERE")) NG_RETURN_IF_ERROR(Expression(&c->where));
  return Status::OK();
}

Status QueryParser::MatchBody(Clause* c) {
  NG_RETURN_IF_ERROR(PatternList(&c->patterns));
  if (Keyword("WHERE")) NG_RETURN_IF_ERROR(Expression(&c->where));
  return Status::OK();
}

Status QueryParser::SetItems(std::vector<SetItem>* out) {
  do {
    SetItem item;
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
    NG_RETURN_IF_ERROR(ItemVariable("a variable to SET", &item));
    if (!item.labels.empty()) {  // SET n:Label
    } else if (Symbol("=")) {
      item.kind = SetItem::Kind::kReplaceMap;
      NG_RETURN_IF_ERROR(Expression(&item.value));
    } else if (Symbol("+=")) {
      item.kind = SetItem::Kind::kMergeMap;
      NG_RETURN_IF_ERROR(Expression(&item.value));
    } else {
      if (!IsSymbol(".")) return Expected("'.', '=', '+=' or ':' after the variable");
      while (Symbol(".")) NG_RETURN_IF_ERROR(PropertyKey(&item.target));
      item.kind = SetItem::Kind::kProperty;
      NG_RETURN_IF_ERROR(ExpectSymbol("="));
      NG_RETURN_IF_ERROR(Expression(&item.value));
    }
    out->push_back(std::move(item));
  } while (Symbol(","));
  return Status::OK();
}

Status QueryParser::RemoveItems(std::vector<SetItem>* out) {
  do {
    SetItem item;
    NG_RETURN_IF_ERROR(ItemVariable("a variable to REMOVE from", &item));
    if (item.labels.empty()) {  // REMOVE n.key
      NG_RETURN_IF_ERROR(ExpectSymbol("."));
      NG_RETURN_IF_ERROR(PropertyKey(&item.target));
      item.kind = SetItem::Kind::kProperty;
    }
    out->push_back(std::move(item));
  } while (Symbol(","));
  return Status::OK();
}

Status QueryParser::ItemVariable(const char* what, SetItem* item) {
  auto target = Make(Expr::Kind::kVariable, Peek());
  NG_RETURN_IF_ERROR(Name(&target->name, what));
  item->target = std::move(target);
  if (!IsSymbol(":")) return Status::OK();
  item->kind = SetItem::Kind::kLabels;
  return Labels(&item->labels);
}

Status QueryParser::PropertyKey(ExprPtr* target) {
  auto prop = Make(Expr::Kind::kProperty, Peek());
  NG_RETURN_IF_ERROR(Name(&prop->name, "a property name"));
  prop->args.push_back(std::move(*target));
  *target = std::move(prop);
  return Status::OK();
}

std::string QueryParser::SourceSince(size_t start) const {
  std::string_view src = text_.substr(start, Peek().offset - start);
  while (!src.empty() && std::isspace(static_cast<unsigned char>(src.back()))) src.remove_suffix(1);
  return std::string(src);
}

Status QueryParser::ProjectionBody(Projection* p, bool is_with) {
  if (Keyword("DISTINCT")) p->distinct = true;
  if (Symbol("*")) {
    p->star = true;
    if (!Symbol(",")) goto after_items;
  }
  do {
    ProjectionItem item;
    size_t start = Peek().offset;
    NG_RETURN_IF_ERROR(Expression(&item.expr));
    if (Keyword("AS")) {
      NG_RETURN_IF_ERROR(Name(&item.alias, "a name after AS"));
      item.explicit_alias = true;
    } else {
      item.alias = item.expr->kind == Expr::Kind::kVariable ? item.expr->name : SourceSince(start);
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
      s.text = SourceSince(start);
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

Result<Query> ParseQuery(std::string_view text) {
  Result<std::vector<QueryToken>> tokens = Lex(text);
  if (!tokens.ok()) return tokens.status();
  return QueryParser(text, std::move(tokens).value()).Parse();
}

}  // namespace newsgraph
