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

// Parses what FactsToJson wrote (with text), refusing what the store could
// not trust: no text, or text that is not UTF-8; a content_hash that is not
// the text's (recomputed when absent); an empty label or alias, or the label
// "Article"; a mention or relation span outside the text or quoting other
// text (the quote is taken from the text when absent); a relation between
// names not among the entities, a predicate that IsRelationPredicate
// refuses (MENTIONS), a confidence outside [0, 1]. Every error starts with
// `origin`, which names the line ("facts.jsonl:3").
Result<ArticleFacts> FactsFromJson(std::string_view line, const std::string& origin);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_FACTS_JSON_H_
