// "Did you mean": the nearest of a few known words to a misspelt one.
#ifndef NEWSGRAPH_BASE_SPELLING_H_
#define NEWSGRAPH_BASE_SPELLING_H_

#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {

// The number of single-byte insertions, deletions, substitutions and swaps
// of two adjacent bytes that turn `a` into `b`, ignoring ASCII case (the
// optimal string alignment distance: Levenshtein's, with a swap one edit,
// as Lucene's fuzzy queries count it): "nmae" is 1 from "name".
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `word` when it is close enough to be a slip
// (at most a third of the word's length, and at least 1, edits away; a
// candidate that `word` begins also counts); ties go to the earlier
// candidate. "" when none is.
std::string NearestWord(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_SPELLING_H_
