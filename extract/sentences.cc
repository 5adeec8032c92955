#include "extract/sentences.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <iterator>
#include <string_view>

namespace newsgraph {

namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsEnder(char c) { return c == '.' || c == '!' || c == '?' || c == '\n'; }

// The first byte at or after `i` that may end a sentence ('.', '!', '?',
// '\n'), or `n`. Such bytes are about one in a hundred in news text, so
// the scan looks at 16 bytes a step where SSE2 is there.
size_t NextEnder(const char* s, size_t i, size_t n) {
#ifdef __SSE2__
  const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'), question = _mm_set1_epi8('?'),
                newline = _mm_set1_epi8('\n');
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, bang)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, question), _mm_cmpeq_epi8(v, newline)));
    if (int mask = _mm_movemask_epi8(hit)) return i + __builtin_ctz(static_cast<unsigned>(mask));
  }
#endif
  while (i < n && !IsEnder(s[i])) ++i;
  return i;
}

// Lower-cased words that are abbreviations when followed by '.', sorted:
// the check runs at every full stop, by binary search without allocation.
constexpr std::string_view kAbbreviations[] = {
    "al",   "approx", "apr",  "assn", "aug",  "bros", "capt", "cf",   "co",   "col",  "corp", "dec",
    "dept", "dr",     "e.g",  "est",  "feb",  "fig",  "ft",   "gen",  "gov",  "hon",  "i.e",  "inc",
    "intl", "jan",    "jr",   "jul",  "jun",  "llc",  "lt",   "ltd",  "mar",  "mr",   "mrs",  "ms",
    "mt",   "no",     "nos",  "nov",  "oct",  "plc",  "pres", "prof", "rep",  "rev",  "sen",  "sep",
    "sept", "sgt",    "sr",   "st",   "supt", "univ", "vs"};
constexpr size_t kMaxAbbreviation = 6;  // "approx"

constexpr bool SortedAndShort() {
  for (size_t i = 0; i < std::size(kAbbreviations); ++i)
    if (kAbbreviations[i].size() > kMaxAbbreviation || (i > 0 && !(kAbbreviations[i - 1] < kAbbreviations[i])))
      return false;
  return true;
}
static_assert(SortedAndShort(), "kAbbreviations must be sorted, each at most kMaxAbbreviation bytes");

bool IsAbbreviation(std::string_view word) {
  if (word.size() > kMaxAbbreviation) return false;
  char buf[kMaxAbbreviation];
  for (size_t i = 0; i < word.size(); ++i) buf[i] = IsUpper(word[i]) ? static_cast<char>(word[i] - 'A' + 'a') : word[i];
  return std::binary_search(std::begin(kAbbreviations), std::end(kAbbreviations), std::string_view(buf, word.size()));
}

// True when the word that ends just before the '.' at `dot` is an
// abbreviation: a known one, a single letter (an initial), or a dotted
// acronym such as U.S or e.g.
bool EndsAbbreviation(std::string_view text, size_t dot) {
  size_t b = dot;
  while (b > 0 && (IsAlpha(text[b - 1]) || text[b - 1] == '.')) --b;
  std::string_view word = text.substr(b, dot - b);
  if (word.empty()) return false;
  if (word.size() == 1 && IsUpper(word[0])) return true;  // initial: "J. Smith"
  if (word.find('.') != std::string_view::npos) {        // U.S, U.K, e.g
    bool dotted = true;
    for (size_t i = 0; i < word.size(); ++i)
      if ((i % 2 == 1) != (word[i] == '.')) dotted = false;
    if (dotted) return true;
  }
  return IsAbbreviation(word);
}

bool IsCloser(char c) { return c == '"' || c == '\'' || c == ')' || c == ']'; }

void Push(std::string_view text, size_t start, size_t end, std::vector<Span>* out) {
  while (start < end && text[start] == ' ') ++start;
  while (end > start && text[end - 1] == ' ') --end;
  if (end > start) out->push_back({start, end});
}

}  // namespace

std::vector<Span> SplitSentences(std::string_view text) {
  std::vector<Span> out;
  size_t start = 0;
  for (size_t i = NextEnder(text.data(), 0, text.size()); i < text.size();
       i = NextEnder(text.data(), i + 1, text.size())) {
    char c = text[i];
    if (c == '\n') {
      Push(text, start, i, &out);
      start = i + 1;
      continue;
    }
    size_t end = i + 1;
    while (end < text.size() && (IsCloser(text[end]) || text[end] == '.')) ++end;
    if (end >= text.size()) break;
    if (text[end] != ' ') continue;  // "3.5", "Qihoo360.com", "U.S.-China"
    size_t next = end + 1;
    if (next >= text.size()) break;
    char n = text[next];
    bool starts_sentence = IsUpper(n) || IsDigit(n) || n == '"' || n == '\'' || n == '(';
    if (!starts_sentence) continue;
    // "U.S. Commerce Department": after an abbreviation a capital does not
    // start a new sentence. (A sentence that really ends in "U.S." followed
    // by one that starts with a name stays joined: the safer error.)
    if (c == '.' && EndsAbbreviation(text, i)) continue;
    Push(text, start, end, &out);
    start = next;
    i = end;
  }
  Push(text, start, text.size(), &out);
  return out;
}

}  // namespace newsgraph
