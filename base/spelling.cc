#include "base/spelling.h"

#include <algorithm>

#include "base/ascii.h"

namespace newsgraph {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::string x = AsciiLower(a), y = AsciiLower(b);
  // Three rows of the classic table: the one two back prices a swap.
  std::vector<size_t> before(y.size() + 1), above(y.size() + 1), row(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    before.swap(above);
    above.swap(row);
    row[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      row[j] = std::min({above[j] + 1, row[j - 1] + 1, above[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) row[j] = std::min(row[j], before[j - 2] + 1);
    }
  }
  return row[y.size()];
}

std::string NearestWord(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty()) return "";
  size_t limit = std::max<size_t>(1, word.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d > limit && c.size() > word.size() && EqualsIgnoreCase(std::string_view(c).substr(0, word.size()), word))
      d = limit;  // a prefix: "rep" for "repl"
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace newsgraph
