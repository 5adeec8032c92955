#include "base/hash.h"

#include <cstring>

namespace newsgraph {

namespace {
constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;

uint64_t Mix(uint64_t x) {
  // splitmix64 finaliser: full avalanche on 64 bits.
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}
}  // namespace

uint64_t Hash64(std::string_view data, uint64_t seed) {
  uint64_t h = Mix(seed ^ (data.size() * kMul));
  const char* p = data.data();
  size_t n = data.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);  // little-endian hosts only; asserted in hash_test
    h = Mix(h ^ w) * kMul;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  for (size_t i = 0; i < n; ++i) tail |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return Mix(h ^ tail ^ n);
}

std::string ContentHash(std::string_view data) {
  static const char kHex[] = "0123456789abcdef";
  uint64_t parts[2] = {Hash64(data, 1), Hash64(data, 2)};
  std::string out;
  out.reserve(32);
  for (uint64_t v : parts)
    for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(v >> shift) & 0xF]);
  return out;
}

}  // namespace newsgraph
