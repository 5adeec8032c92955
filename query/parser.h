// Parser: query text -> Query (ast.h). Recursive descent over the tokens of
// lexer.h. A syntax error names line and column, says what was expected,
// and shows the line with a caret under the offending token.
#ifndef NEWSGRAPH_QUERY_PARSER_H_
#define NEWSGRAPH_QUERY_PARSER_H_

#include <string_view>

#include "base/status.h"
#include "query/ast.h"

namespace newsgraph {

Result<Query> ParseQuery(std::string_view text);

}  // namespace newsgraph

#endif  // NEWSGRAPH_QUERY_PARSER_H_
