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

// The lookup key of a whole name: token keys joined by single spaces.
std::string NameKey(std::string_view name);

// Hashes of keys (FNV-1a of their bytes), computed from the tokens as
// written without building the key: KeyHash(NameKey("Zhejiang Uniview"))
// == ExtendKeyHash(TokenKeyHash("Zhejiang"), "Uniview"), which is how a
// lookup extends a key token by token (gazetteer.h, entity_memory.h).
uint64_t KeyHash(std::string_view key);
uint64_t TokenKeyHash(std::string_view token);  // KeyHash of the token's key
uint64_t ExtendKeyHash(uint64_t key_hash, std::string_view next_token);  // key + ' ' + next's key

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_TOKENS_H_
