// Fuzz target: the facts JSONL reader of `ingest --facts` (FactsFromJson,
// extract/facts_json.h), line by line as ingest reads a file. Every line
// ends in facts or in an error naming FILE:LINE; facts it accepts write
// back and read again to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/facts_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t line_no = 0;
  for (size_t start = 0; start <= input.size();) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, end - start);
    start = end + 1;
    std::string where = "facts.jsonl:" + std::to_string(++line_no);
    auto facts = newsgraph::FactsFromJson(line, where);
    if (!facts.ok()) {
      if (facts.status().message().rfind(where + ":", 0) != 0) __builtin_trap();
      continue;
    }
    std::string again = newsgraph::FactsToJson(facts.value(), true);
    auto round = newsgraph::FactsFromJson(again, "again:1");
    if (!round.ok() || newsgraph::FactsToJson(round.value(), true) != again) __builtin_trap();
  }
  return 0;
}
