// Non-cryptographic hashing for content identity (article dedup) and hash
// tables. Stable across runs and platforms: values are stored on disk.
#ifndef NEWSGRAPH_BASE_HASH_H_
#define NEWSGRAPH_BASE_HASH_H_

#include <string>
#include <string_view>

namespace newsgraph {

// 128-bit content hash as 32 lowercase hex digits (two seeded 64-bit
// hashes in one pass); frozen: changing it changes stored keys.
std::string ContentHash(std::string_view data);

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_HASH_H_
