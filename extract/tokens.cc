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
  for (char c : token) {
    if (c == '.') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    key->push_back(c);
  }
}

namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

// Folds the key of `token` (lower case, dots removed: AppendTokenKey's
// bytes) into the FNV-1a state `h`.
uint64_t FoldTokenKey(uint64_t h, std::string_view token) {
  for (char c : token) {
    if (c == '.') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    h = (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
  }
  return h;
}

}  // namespace

uint64_t TokenKeyHash(std::string_view token) { return FoldTokenKey(kFnvOffset, token); }

// A key holds neither dots nor capitals, so folding it as one token gives
// FNV-1a of its bytes, and folding its tokens one by one with a ' ' between
// gives the same.
uint64_t KeyHash(std::string_view key) { return TokenKeyHash(key); }

uint64_t ExtendKeyHash(uint64_t key_hash, std::string_view next_token) {
  return FoldTokenKey((key_hash ^ static_cast<unsigned char>(' ')) * kFnvPrime, next_token);
}

std::string NameKey(std::string_view name) {
  std::vector<Token> tokens;
  Tokenize(name, &tokens);
  std::string key;
  for (const Token& t : tokens) {
    if (!key.empty()) key.push_back(' ');
    AppendTokenKey(name.substr(t.start, t.end - t.start), &key);
  }
  return key;
}

}  // namespace newsgraph
