#include "graph/coding.h"

namespace newsgraph {

uint64_t DecodeFixed64BE(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

bool GetFixed64BE(std::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  *v = DecodeFixed64BE(in->data());
  in->remove_prefix(8);
  return true;
}

void PutVarint64(std::string* dst, uint64_t v) {
  while (v >= 0x80) {
    dst->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  dst->push_back(static_cast<char>(v));
}

bool GetVarint64(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0, i = 0; shift <= 63 && i < static_cast<int>(in->size()); shift += 7, ++i) {
    uint64_t byte = static_cast<unsigned char>((*in)[i]);
    result |= (byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      in->remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

void PutLengthPrefixed(std::string* dst, std::string_view s) {
  PutVarint64(dst, s.size());
  dst->append(s.data(), s.size());
}

bool GetLengthPrefixed(std::string_view* in, std::string* s) {
  uint64_t n;
  if (!GetVarint64(in, &n) || n > in->size()) return false;
  s->assign(in->data(), n);
  in->remove_prefix(n);
  return true;
}

void PutEscaped(std::string* dst, std::string_view s) {
  if (s.find('\0') == std::string_view::npos) {  // the common case: one append
    dst->append(s.data(), s.size());
  } else {
    for (char c : s) {
      dst->push_back(c);
      if (c == '\0') dst->push_back('\xFF');
    }
  }
  dst->push_back('\0');
  dst->push_back('\x01');
}

bool GetEscaped(std::string_view* in, std::string* s) {
  s->clear();
  for (size_t i = 0; i + 1 < in->size(); ++i) {
    char c = (*in)[i];
    if (c != '\0') {
      s->push_back(c);
      continue;
    }
    char next = (*in)[i + 1];
    if (next == '\x01') {
      in->remove_prefix(i + 2);
      return true;
    }
    if (next != '\xFF') return false;
    s->push_back('\0');
    ++i;
  }
  return false;
}

}  // namespace newsgraph
