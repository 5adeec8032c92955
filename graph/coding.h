// Byte encodings used in keys and values. Frozen on-disk format: the tests
// in coding_test.cc pin the exact bytes.
//
//   fixed64   8 bytes big-endian: ids inside keys sort numerically
//   varint    LEB128 (7 bits a byte, low first): lengths and counts in values
//   escaped   a string inside a key: 0x00 -> 0x00 0xFF, then 0x00 0x01 as
//             terminator, so escaped strings sort like the raw strings and a
//             key can carry fields after one (CockroachDB's EncodeBytesAscending)
#ifndef NEWSGRAPH_GRAPH_CODING_H_
#define NEWSGRAPH_GRAPH_CODING_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace newsgraph {

// Inline: ingest encodes a few hundred ids an article.
inline void PutFixed64BE(std::string* dst, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  dst->append(buf, 8);
}
void PutVarint64(std::string* dst, uint64_t v);
void PutLengthPrefixed(std::string* dst, std::string_view s);
void PutEscaped(std::string* dst, std::string_view s);

// Each Get* consumes from the front of *in; false on truncated or bad input.
bool GetFixed64BE(std::string_view* in, uint64_t* v);
bool GetVarint64(std::string_view* in, uint64_t* v);
bool GetLengthPrefixed(std::string_view* in, std::string* s);
bool GetEscaped(std::string_view* in, std::string* s);

uint64_t DecodeFixed64BE(const char* p);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_CODING_H_
