// ASCII helpers shared by every module that compares keywords or names
// without regard to case (Cypher keywords and function names, rule words).
#ifndef NEWSGRAPH_BASE_ASCII_H_
#define NEWSGRAPH_BASE_ASCII_H_

#include <string>
#include <string_view>

namespace newsgraph {

// True when `a` and `b` are equal ignoring ASCII case.
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// `s` with A-Z folded to a-z; other bytes, UTF-8 included, as they are.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_ASCII_H_
