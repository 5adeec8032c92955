// The tags that stand for entities in a sentence before relation rules run,
// and the regex fragments that match them. One place, so the tagger
// (extractor.cc) and the rule compiler (rules.cc) cannot disagree.
//
//   entity tag:   "{{" ids "|" (label "|")* "}}"   ids = 3 or 3,4 (coordinated)
//   demonym tag:  "demonym" letters                 letters = the country's entity id
//                 in base 26 (a=0): a word, so "[a-z]+ " gaps in rules cross
//                 it as they cross the adjective it replaces ("Chinese")
#ifndef NEWSGRAPH_EXTRACT_TAGS_H_
#define NEWSGRAPH_EXTRACT_TAGS_H_

#include <string>
#include <vector>

namespace newsgraph {

// Appends the entity tag of `ids` (one, or a coordinated run) and their
// labels to *out.
inline void AppendEntityTag(const std::vector<int>& ids, const std::vector<std::string>& labels, std::string* out) {
  *out += "{{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) *out += ',';
    *out += std::to_string(ids[i]);
  }
  *out += '|';
  for (const std::string& l : labels) {
    *out += l;
    *out += '|';
  }
  *out += "}}";
}

inline std::string DemonymTag(int id) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('a' + id % 26));
    id /= 26;
  } while (id > 0);
  return "demonym" + digits;
}

// Inverse of DemonymTag's letters (the part after "demonym").
inline int DemonymId(const char* letters, size_t n) {
  int id = 0;
  for (size_t i = 0; i < n; ++i) id = id * 26 + (letters[i] - 'a');
  return id;
}

// RE2 fragment matching one entity tag with any of `labels` (any tag when
// empty); the ids are captured when `capture`.
inline std::string EntityTagPattern(const std::vector<std::string>& labels, bool capture) {
  std::string p = capture ? "\\{\\{([0-9,]+)\\|" : "\\{\\{[0-9,]+\\|";
  if (labels.empty()) return p + "[^}]*\\}\\}";
  p += "(?:[A-Za-z_]+\\|)*(?:";
  for (size_t i = 0; i < labels.size(); ++i) p += (i ? "|" : "") + labels[i];
  return p + ")\\|(?:[A-Za-z_]+\\|)*\\}\\}";
}

inline std::string DemonymTagPattern(bool capture) {
  return capture ? "\\bdemonym([a-z]+)\\b" : "\\bdemonym[a-z]+\\b";
}

// What "..." in a rule becomes: a short gap that crosses no entity tag.
// The spaces around "..." are dropped and " ?" written on either side, so
// "a ... b" matches "a b" too.
inline const char* GapPattern() { return " ?[^{}]*? ?"; }

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_TAGS_H_
