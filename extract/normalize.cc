#include "extract/normalize.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

// The end of the run of bytes from `i` on that stay as they are: ASCII
// other than tabs, CR, FF and VT, and no space after a space
// (`after_space`: the output so far ends in one). Such runs are most of a
// news text, so where SSE2 is there the scan looks at 16 bytes a step.
size_t KeptRunEnd(const char* s, size_t i, size_t n, bool after_space) {
  // kind + previous kind >= 2 exactly when the byte must change: one
  // well-predicted branch a byte instead of two that follow the words.
  unsigned prev = after_space ? kSpace : kKeep;
#ifdef __SSE2__
  if (i < n) {  // the first byte's predecessor is in the output, not at s[i - 1]
    unsigned kind = kByteKind.of[static_cast<unsigned char>(s[i])];
    if (kind + prev >= 2) return i;
    ++i;
  }
  const __m128i space = _mm_set1_epi8(' ');
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    __m128i before = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i - 1));
    __m128i change = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\f')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\v'))));
    change = _mm_or_si128(change, _mm_and_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(before, space)));
    // movemask of v itself: the high bit of every byte >= 0x80.
    if (int mask = _mm_movemask_epi8(change) | _mm_movemask_epi8(v)) return i + __builtin_ctz(static_cast<unsigned>(mask));
  }
  if (i > 0) prev = s[i - 1] == ' ' ? kSpace : kKeep;
#endif
  for (; i < n; ++i) {
    unsigned kind = kByteKind.of[static_cast<unsigned char>(s[i])];
    if (kind + prev >= 2) break;
    prev = kind;
  }
  return i;
}

}  // namespace

NormalizedText::NormalizedText(std::string_view in) {
  text_.reserve(in.size());
  const char* data = in.data();
  size_t n = in.size(), i = 0;
  while (i < n) {
    size_t run = KeptRunEnd(data, i, n, !text_.empty() && text_.back() == ' ');
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
