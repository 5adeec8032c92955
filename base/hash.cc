#include "base/hash.h"

#include <cstring>

namespace newsgraph {

namespace {
constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;

uint64_t Mix(uint64_t x) { return MixBits(x); }

// N hashes of `data` with different seeds in one pass: the N chains of
// multiplies are independent, so the CPU overlaps them.
template <size_t N>
void HashWithSeeds(std::string_view data, const uint64_t (&seeds)[N], uint64_t (&out)[N]) {
  uint64_t h[N];
  for (size_t k = 0; k < N; ++k) h[k] = Mix(seeds[k] ^ (data.size() * kMul));
  const char* p = data.data();
  size_t n = data.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);  // little-endian hosts only; asserted in hash_test
    for (size_t k = 0; k < N; ++k) h[k] = Mix(h[k] ^ w) * kMul;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  for (size_t i = 0; i < n; ++i) tail |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  for (size_t k = 0; k < N; ++k) out[k] = Mix(h[k] ^ tail ^ n);
}

}  // namespace

uint64_t Hash64(std::string_view data, uint64_t seed) {
  uint64_t out[1];
  HashWithSeeds(data, {seed}, out);
  return out[0];
}

std::string ContentHash(std::string_view data) {
  static const char kHex[] = "0123456789abcdef";
  uint64_t parts[2];
  HashWithSeeds(data, {1, 2}, parts);
  std::string out;
  out.reserve(32);
  for (uint64_t v : parts)
    for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(v >> shift) & 0xF]);
  return out;
}

}  // namespace newsgraph
