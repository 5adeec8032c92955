// Word tokens for name lookup. A token is a run of letters and digits (any
// non-ASCII byte counts as a letter), joined across an inner '.', '-' or '&'
// that has a letter or digit on both sides ("U.S", "Wi-Fi", "AT&T"; not a
// '-' before a lower-case letter: "Hangzhou-based" is two tokens); a
// trailing '.' after a dotted acronym ("U.S.") belongs to it. An apostrophe
// splits ("Microsoft's" is "Microsoft" "s"), so names and text tokenise alike.
#ifndef NEWSGRAPH_EXTRACT_TOKENS_H_
#define NEWSGRAPH_EXTRACT_TOKENS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {

struct Token {
  uint32_t start = 0;
  uint32_t end = 0;  // exclusive
};

void Tokenize(std::string_view text, std::vector<Token>* out);

// The lookup key of one token: ASCII lower case, dots removed ("U.S." -> "us").
void AppendTokenKey(std::string_view token, std::string* key);

// Whether `key` is the key of tokens[0, n) of `text` (NameKey of the text
// they span, were the gaps between them single spaces), compared without
// building that key: a lookup compares the key of each table entry whose
// hash matches. Inline for the same reason as the hashes below.
inline bool IsKeyOf(std::string_view key, std::string_view text, const Token* tokens, size_t n);

// The lookup key of a whole name: token keys joined by single spaces.
std::string NameKey(std::string_view name);

// Hashes of keys (FNV-1a of their bytes), computed from the tokens as
// written without building the key: KeyHash(NameKey("Zhejiang Uniview"))
// == ExtendKeyHash(TokenKeyHash("Zhejiang"), "Uniview"), which is how a
// lookup extends a key token by token (gazetteer.h, entity_memory.h).
// Inline: a lookup hashes every capitalised token.
namespace key_hash_internal {
inline constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
inline constexpr uint64_t kFnvPrime = 1099511628211ULL;
// The key byte of a token's byte `c`: ASCII lower case; '.' has none (0).
inline char KeyByte(char c) {
  if (c == '.') return 0;
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
// Folds the key of `token` (AppendTokenKey's bytes) into FNV-1a state `h`.
inline uint64_t FoldTokenKey(uint64_t h, std::string_view token) {
  for (char c : token)
    if (char k = KeyByte(c)) h = (h ^ static_cast<unsigned char>(k)) * kFnvPrime;
  return h;
}
}  // namespace key_hash_internal

// KeyHash of the token's key.
inline uint64_t TokenKeyHash(std::string_view token) {
  return key_hash_internal::FoldTokenKey(key_hash_internal::kFnvOffset, token);
}
// A key holds neither dots nor capitals: folding it as one token gives
// FNV-1a of its bytes, as folding its tokens one by one with ' ' between.
inline uint64_t KeyHash(std::string_view key) { return TokenKeyHash(key); }
// KeyHash of key + ' ' + next_token's key, from KeyHash(key).
inline uint64_t ExtendKeyHash(uint64_t key_hash, std::string_view next_token) {
  using namespace key_hash_internal;
  return FoldTokenKey((key_hash ^ static_cast<unsigned char>(' ')) * kFnvPrime, next_token);
}

inline bool IsKeyOf(std::string_view key, std::string_view text, const Token* tokens, size_t n) {
  size_t at = 0;
  for (size_t t = 0; t < n; ++t) {
    if (t > 0 && (at == key.size() || key[at++] != ' ')) return false;
    for (uint32_t p = tokens[t].start; p < tokens[t].end; ++p) {
      char k = key_hash_internal::KeyByte(text[p]);
      if (k == 0) continue;
      if (at == key.size() || key[at++] != k) return false;
    }
  }
  return at == key.size();
}

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_TOKENS_H_
