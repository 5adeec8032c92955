// Tokens of the query language. Keywords are identifiers compared without
// case; `text` keeps the source spelling.
#ifndef NEWSGRAPH_QUERY_LEXER_H_
#define NEWSGRAPH_QUERY_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace newsgraph {

struct QueryToken {
  enum class Kind { kIdent, kString, kInteger, kFloat, kParam, kSymbol, kEnd };
  Kind kind;
  std::string text;  // identifier / symbol / unescaped string / number text
  size_t offset = 0;
  int line = 1, column = 1;
  bool quoted_ident = false;  // `back-quoted`
};

// Splits `query` into tokens ending with kEnd. Fails on an unterminated
// string or comment, or a character that starts no token.
Result<std::vector<QueryToken>> Lex(std::string_view query);

// "line 2, column 7: MESSAGE" followed by the query line and a caret.
Status SyntaxError(std::string_view query, int line, int column, const std::string& message);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_LEXER_H_
