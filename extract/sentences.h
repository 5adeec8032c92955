// Sentence splitting for news text.
//
// A sentence ends at '.', '!' or '?' (and any closing quotes or brackets)
// followed by a space and a capital, digit or quote, and at every line break
// (news text puts headlines and paragraphs on lines of their own). A period
// does not end a sentence after a known abbreviation (U.S., Inc., Corp., Co.,
// Ltd., Dr., Mr., Jan., ...), after a single capital initial, or inside a
// number (3.5).
#ifndef NEWSGRAPH_EXTRACT_SENTENCES_H_
#define NEWSGRAPH_EXTRACT_SENTENCES_H_

#include <cstddef>
#include <string_view>
#include <vector>

namespace newsgraph {

struct Span {
  size_t start = 0;
  size_t end = 0;  // exclusive
};

// Spans of the sentences of `text`, trimmed of surrounding spaces; blank
// lines give no sentence.
std::vector<Span> SplitSentences(std::string_view text);

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_SENTENCES_H_
