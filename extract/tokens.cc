#include "extract/tokens.h"

namespace newsgraph {

namespace {
// Letters, digits and every byte of a multi-byte UTF-8 character, by table.
struct WordBytes {
  bool is[256];
  constexpr WordBytes() : is() {
    for (int c = 0; c < 256; ++c)
      is[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  }
};
constexpr WordBytes kWordBytes;
inline bool IsWordByte(unsigned char c) { return kWordBytes.is[c]; }
inline bool IsJoiner(char c) { return c == '.' || c == '-' || c == '&'; }
}  // namespace

void Tokenize(std::string_view text, std::vector<Token>* out) {
  out->clear();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size(), i = 0;
  while (i < n) {
    if (!IsWordByte(s[i])) { ++i; continue; }
    size_t start = i;
    bool dotted = false;
    while (i < n) {
      if (IsWordByte(s[i])) { ++i; continue; }
      // "Wi-Fi", "T-Mobile" join; "Hangzhou-based", "state-owned" split, so
      // "Hangzhou" is found as a name and "-based" is left to the rules.
      bool lower_after_hyphen = s[i] == '-' && i + 1 < n && s[i + 1] >= 'a' && s[i + 1] <= 'z';
      if (IsJoiner(static_cast<char>(s[i])) && i + 1 < n && IsWordByte(s[i + 1]) && !lower_after_hyphen) {
        dotted |= s[i] == '.';
        ++i;
        continue;
      }
      break;
    }
    // "U.S." keeps its final dot; "Inc." does not (the dot may end a sentence
    // and is not part of the name).
    if (dotted && i < n && s[i] == '.') ++i;
    out->push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(i)});
  }
}

void AppendTokenKey(std::string_view token, std::string* key) {
  for (char c : token)
    if (char k = key_hash_internal::KeyByte(c)) key->push_back(k);
}

std::string NameKey(std::string_view name) {
  thread_local std::vector<Token> tokens;  // keeps its capacity: asked per name looked up
  Tokenize(name, &tokens);
  std::string key;
  for (const Token& t : tokens) {
    if (!key.empty()) key.push_back(' ');
    AppendTokenKey(name.substr(t.start, t.end - t.start), &key);
  }
  return key;
}

}  // namespace newsgraph
