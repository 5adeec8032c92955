#include "extract/sentences.h"

#include <cctype>
#include <string>
#include <unordered_set>

namespace newsgraph {

namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Bytes that may end a sentence; the scan skips all others by table lookup.
struct Enders {
  bool is[256];
  constexpr Enders() : is() { is['.'] = is['!'] = is['?'] = is['\n'] = true; }
};
constexpr Enders kEnders;

// Lower-cased words that are abbreviations when followed by '.'.
const std::unordered_set<std::string>& Abbreviations() {
  static const std::unordered_set<std::string> kAbbrev = {
      "inc", "corp", "co", "ltd", "llc", "plc", "bros", "dept", "univ", "assn", "intl",
      "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "gov", "sen", "rep",
      "lt", "col", "capt", "sgt", "rev", "hon", "pres", "supt",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "no", "nos", "vs", "approx", "est", "fig", "e.g", "i.e", "cf", "al", "mt", "ft"};
  return kAbbrev;
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
  std::string lower;
  for (char c : word) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return Abbreviations().count(lower) > 0;
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
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size(); ++i) {
    if (!kEnders.is[bytes[i]]) continue;
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
