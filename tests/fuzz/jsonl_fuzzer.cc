// Fuzz target: the JSONL article reader and the facts JSON reader. Any line
// ends in a value or in an error that names the line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/article_reader.h"
#include "extract/facts_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  auto article = newsgraph::ParseJsonArticle(line, "fuzz.jsonl:1");
  if (!article.ok() && article.status().message().rfind("fuzz.jsonl:1", 0) != 0) __builtin_trap();
  auto facts = newsgraph::FactsFromJson(line, "facts.jsonl:1");
  if (!facts.ok() && facts.status().message().rfind("facts.jsonl:1", 0) != 0) __builtin_trap();
  if (facts.ok()) {
    // What was read writes back and reads again to the same facts.
    std::string again = newsgraph::FactsToJson(facts.value(), true);
    auto round = newsgraph::FactsFromJson(again, "again");
    if (!round.ok() || round->relations.size() != facts->relations.size() ||
        round->entities.size() != facts->entities.size())
      __builtin_trap();
  }
  return 0;
}
