// Fuzz target: any bytes as a query end in a parse tree or a clean error
// that names a line and column.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "query/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto q = newsgraph::ParseQuery(text);
  if (!q.ok() && q.status().message().empty()) __builtin_trap();  // an error must say something
  return 0;
}
