#include "extract/normalize.h"

#include <algorithm>
#include <cstring>

namespace newsgraph {

namespace {

struct Replacement {
  const char* utf8;
  char ascii;
};

// Multi-byte sequences news text uses for ASCII punctuation and spaces.
constexpr Replacement kReplacements[] = {
    {"\xE2\x80\x98", '\''}, {"\xE2\x80\x99", '\''}, {"\xE2\x80\x9B", '\''},  // ‘ ’ ‛
    {"\xE2\x80\xB2", '\''},                                                   // ′
    {"\xE2\x80\x9C", '"'},  {"\xE2\x80\x9D", '"'},  {"\xE2\x80\x9E", '"'},   // “ ” „
    {"\xC2\xAB", '"'},      {"\xC2\xBB", '"'},                                // « »
    {"\xE2\x80\x90", '-'},  {"\xE2\x80\x91", '-'},  {"\xE2\x80\x92", '-'},   // hyphens
    {"\xE2\x80\x93", '-'},  {"\xE2\x80\x94", '-'},  {"\xE2\x88\x92", '-'},   // – — −
    {"\xC2\xA0", ' '},      {"\xE2\x80\xAF", ' '},  {"\xE2\x80\x89", ' '},   // nbsp, thin
    {"\xE2\x80\x82", ' '},  {"\xE2\x80\x83", ' '},  {"\xE3\x80\x80", ' '},   // en, em, ideographic
    {"\xE2\x80\xA6", '.'},                                                    // … (one stop)
};

enum ByteKind : uint8_t { kKeep = 0, kSpace = 1, kChange = 2 };

// What the copy loop needs to know of a byte, by table lookup.
struct ByteKinds {
  ByteKind of[256];
  constexpr ByteKinds() : of() {
    for (int c = 0; c < 256; ++c)
      of[c] = c >= 0x80 || c == '\t' || c == '\r' || c == '\f' || c == '\v' ? kChange
              : c == ' '                                                   ? kSpace
                                                                           : kKeep;
  }
};
constexpr ByteKinds kByteKind;

}  // namespace

NormalizedText::NormalizedText(std::string_view in) {
  text_.reserve(in.size());
  const char* data = in.data();
  size_t n = in.size(), i = 0;
  while (i < n) {
    // Copy a run of bytes that stay as they are: ASCII other than tabs,
    // CR, FF, VT and a space after a space.
    size_t run = i;
    // kind + previous kind >= 2 exactly when the byte must change: one
    // well-predicted branch a byte instead of two that follow the words.
    unsigned prev = !text_.empty() && text_.back() == ' ' ? kSpace : kKeep;
    while (run < n) {
      unsigned kind = kByteKind.of[static_cast<unsigned char>(data[run])];
      if (kind + prev >= 2) break;
      prev = kind;
      ++run;
    }
    if (run > i) {
      MarkShift(i);
      text_.append(data + i, run - i);
      i = run;
    }
    if (i == n) break;
    // One byte or sequence to replace or drop.
    unsigned char c = static_cast<unsigned char>(data[i]);
    char out = 0;
    size_t consumed = 1;
    if (c >= 0x80) {
      for (const Replacement& r : kReplacements) {
        size_t len = std::strlen(r.utf8);
        if (in.compare(i, len, r.utf8) == 0) {
          out = r.ascii;
          consumed = len;
          break;
        }
      }
      if (out == 0 && in.compare(i, 3, "\xE2\x80\x8B") == 0) {  // zero-width space: drop
        i += 3;
        continue;
      }
    }
    if (out == 0) out = c == '\t' || c == '\r' || c == '\f' || c == '\v' ? ' ' : static_cast<char>(c);
    if (out == ' ' && !text_.empty() && text_.back() == ' ') {  // collapse runs
      i += consumed;
      continue;
    }
    MarkShift(i);
    text_.push_back(out);
    i += consumed;
  }
  MarkShift(n);  // the end maps to the end of the original
}

// Records that the next normalised byte comes from original offset
// `original`, when that breaks the current distance.
void NormalizedText::MarkShift(size_t original) {
  size_t here = text_.size();
  size_t mapped = shifts_.empty() ? here : shifts_.back().original + (here - shifts_.back().normalized);
  if (mapped != original) shifts_.push_back({static_cast<uint32_t>(here), static_cast<uint32_t>(original)});
}

uint32_t NormalizedText::ToOriginal(size_t i) const {
  // The last shift point at or before i.
  auto it = std::upper_bound(shifts_.begin(), shifts_.end(), i,
                             [](size_t offset, const Shift& s) { return offset < s.normalized; });
  if (it == shifts_.begin()) return static_cast<uint32_t>(i);
  --it;
  return static_cast<uint32_t>(it->original + (i - it->normalized));
}

}  // namespace newsgraph
