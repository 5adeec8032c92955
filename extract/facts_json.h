// The facts JSON of DESIGN.md: one object per article on one line.
#ifndef NEWSGRAPH_EXTRACT_FACTS_JSON_H_
#define NEWSGRAPH_EXTRACT_FACTS_JSON_H_

#include <string>
#include <string_view>

#include "base/status.h"
#include "extract/facts.h"

namespace newsgraph {

// One line of JSON (no trailing newline). `with_text` adds the article text
// and content hash, so the line alone can be ingested later.
std::string FactsToJson(const ArticleFacts& facts, bool with_text);

// Parses what FactsToJson wrote (with text). `origin` names the line in
// messages ("facts.jsonl:3").
Result<ArticleFacts> FactsFromJson(std::string_view line, const std::string& origin);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_FACTS_JSON_H_
