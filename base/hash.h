// Non-cryptographic hashing for content identity (article dedup) and hash
// tables. Stable across runs and platforms: values are stored on disk.
#ifndef NEWSGRAPH_BASE_HASH_H_
#define NEWSGRAPH_BASE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace newsgraph {

// 128-bit content hash as 32 lowercase hex digits (two seeded 64-bit
// hashes in one pass); frozen: changing it changes stored keys.
std::string ContentHash(std::string_view data);

// A 64-bit hash of `data` under `seed` (one of ContentHash's two halves for
// seeds 1 and 2); frozen, as above: graph/ stores values derived from it.
uint64_t Hash64(std::string_view data, uint64_t seed);

// splitmix64's finaliser: every output bit depends on every input bit.
// Frozen, as above. Inline: the near-duplicate shingles fold five a
// shingle.
inline uint64_t MixBits(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_HASH_H_
