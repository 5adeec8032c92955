// Fuzz target: the extractor with the default rules on arbitrary text. Bytes
// that are not valid UTF-8 must be refused by the reader's check; valid text
// must extract without crashing, with every offset inside the text.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "extract/article_reader.h"
#include "extract/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::shared_ptr<const newsgraph::RuleSet> rules = [] {
    auto r = newsgraph::RuleSet::Load(NEWSGRAPH_RULES_DIR);
    if (!r.ok()) __builtin_trap();
    return r.value();
  }();
  static newsgraph::Extractor extractor(rules);
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!newsgraph::CheckArticleText(text, "fuzz").ok()) return 0;
  newsgraph::Article a;
  a.text = text;
  newsgraph::ArticleFacts f = extractor.Extract(a);
  for (const auto& e : f.entities)
    for (const auto& m : e.mentions)
      if (m.start > m.end || m.end > text.size() || text.compare(m.start, m.end - m.start, m.text) != 0) __builtin_trap();
  for (const auto& r : f.relations)
    if (r.start > r.end || r.end > text.size()) __builtin_trap();
  return 0;
}
