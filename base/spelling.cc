#include "base/spelling.h"

#include <algorithm>

#include "base/ascii.h"

namespace newsgraph {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::string x = AsciiLower(a), y = AsciiLower(b);
  std::vector<size_t> row(y.size() + 1);  // one row of the classic table
  for (size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
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
