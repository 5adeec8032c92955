// Non-cryptographic hashing for content identity (article dedup) and hash
// tables. Stable across runs and platforms: values are stored on disk.
#ifndef NEWSGRAPH_BASE_HASH_H_
#define NEWSGRAPH_BASE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace newsgraph {

// 64-bit hash of `data` with `seed`; frozen: changing it changes stored keys.
uint64_t Hash64(std::string_view data, uint64_t seed = 0);

// 128-bit content hash as 32 lowercase hex digits (two seeded Hash64 runs).
std::string ContentHash(std::string_view data);

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_HASH_H_
