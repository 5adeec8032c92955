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
  uint32_t ToOriginal(size_t i) const;

 private:
  // From normalised offset `normalized` on (up to the next shift), offsets
  // map to the original by the same distance: empty when the text needed no
  // change, so offsets map to themselves. A shift is recorded where the
  // distance changes (after a replaced sequence or a dropped byte).
  struct Shift {
    uint32_t normalized;
    uint32_t original;
  };
  void MarkShift(size_t original);

  std::string text_;
  std::vector<Shift> shifts_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_NORMALIZE_H_
