// The path-pattern grammar of the parser (parser_internal.h): MATCH,
// CREATE and MERGE patterns, pattern predicates and comprehensions.
#include "query/parser_internal.h"

namespace newsgraph {

Status QueryParser::PatternList(std::vector<PathPattern>* out) {
  do {
    out->emplace_back();
    NG_RETURN_IF_ERROR(Path(&out->back()));
  } while (Symbol(","));
  return Status::OK();
}

Status QueryParser::Path(PathPattern* p) {
  p->line = Peek().line;
  p->column = Peek().column;
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

Status QueryParser::Chain(PathPattern* p) {
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

Status QueryParser::NodePat(NodePattern* n) {
  n->line = Peek().line;
  n->column = Peek().column;
  NG_RETURN_IF_ERROR(ExpectSymbol("("));
  if (Peek().kind == Kind::kIdent) {
    n->line = Peek().line;
    n->column = Peek().column;
    n->variable = Next().text;
  }
  if (IsSymbol(":")) NG_RETURN_IF_ERROR(Labels(&n->labels));
  if (IsSymbol("{") || Peek().kind == Kind::kParam) NG_RETURN_IF_ERROR(Properties(&n->properties));
  return ExpectSymbol(")");
}

Status QueryParser::Labels(std::vector<std::string>* labels) {
  while (Symbol(":")) {
    std::string l;
    NG_RETURN_IF_ERROR(Name(&l, "a label name after ':'"));
    labels->push_back(l);
  }
  return Status::OK();
}

Status QueryParser::Properties(PropertyMap* m) {
  if (Peek().kind == Kind::kParam)
    return SyntaxError(text_, Peek().line, Peek().column, "a parameter as a whole property map is not supported; write {key: $param}");
  m->written = true;
  return MapLiteral("a property name", &m->entries);
}

Status QueryParser::RelPat(RelPattern* r) {
  r->line = Peek().line;
  r->column = Peek().column;
  bool left = Symbol("<-");
  if (!left) NG_RETURN_IF_ERROR(ExpectSymbol("-"));
  if (Symbol("[")) {
    if (Peek().kind == Kind::kIdent && !IsSymbol("|", 0)) {
      r->line = Peek().line;
      r->column = Peek().column;
      r->variable = Next().text;
    }
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

// True when the tokens at the cursor start a relationship pattern
// predicate: "(a)-" or "(a)<-" after a parenthesised node.
bool QueryParser::LooksLikePattern() const {
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

}  // namespace newsgraph
