// Text normalisation before matching: curly quotes and apostrophes become
// ASCII, dashes become '-', non-breaking and other Unicode spaces become ' ',
// runs of spaces and tabs collapse to one. Matching runs on the normalised
// text; `ToOriginal` maps a normalised offset back to the bytes as read, so
// every reported offset refers to the original article.
#ifndef NEWSGRAPH_EXTRACT_NORMALIZE_H_
#define NEWSGRAPH_EXTRACT_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {

class NormalizedText {
 public:
  // REQUIRES: `original` is valid UTF-8.
  explicit NormalizedText(std::string_view original);

  const std::string& text() const { return text_; }
  // Offset in the original for normalised offset `i` (0 <= i <= size()).
  uint32_t ToOriginal(size_t i) const { return origin_.empty() ? static_cast<uint32_t>(i) : origin_[i]; }

 private:
  std::string text_;
  // origin_[i] for each byte, plus the end; empty when the text needed no
  // change (the common case for ASCII news), so offsets map to themselves.
  std::vector<uint32_t> origin_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_NORMALIZE_H_
