// Fuzz target: the rule-file parsers. The input is split at the first two
// NUL bytes into gazetteer, entity rules and relation rules; any input ends
// in a rule set or in "FILE:LINE: message" errors.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view parts[3];
  for (int i = 0; i < 2; ++i) {
    size_t nul = in.find('\0');
    parts[i] = in.substr(0, nul);
    in = nul == std::string_view::npos ? std::string_view() : in.substr(nul + 1);
  }
  parts[2] = in;
  auto rules = newsgraph::RuleSet::FromText(parts[0], parts[1], parts[2], "fuzz");
  if (!rules.ok()) {
    if (rules.status().message().find("fuzz/") == std::string::npos) __builtin_trap();  // errors name the file
    return 0;
  }
  // A rule set that compiles must also run.
  newsgraph::Extractor extractor(rules.value());
  newsgraph::Article a;
  a.text = "Amazon and Google provide cloud services to Hikvision. The U.S. banned Huawei.";
  (void)extractor.Extract(a);
  return 0;
}
