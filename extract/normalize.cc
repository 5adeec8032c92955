#include "extract/normalize.h"

#include <cstring>

namespace newsgraph {

namespace {

struct Replacement {
  const char* utf8;
  char ascii;
};

// Multi-byte sequences news text uses for ASCII punctuation and spaces.
constexpr Replacement kReplacements[] = {
    {"\xE2\x80\x98", '\''}, {"\xE2\x80\x99", '\''}, {"\xE2\x80\x9B", '\''},  // ‘ ’ ‛
    {"\xE2\x80\xB2", '\''},                                                   // ′
    {"\xE2\x80\x9C", '"'},  {"\xE2\x80\x9D", '"'},  {"\xE2\x80\x9E", '"'},   // “ ” „
    {"\xC2\xAB", '"'},      {"\xC2\xBB", '"'},                                // « »
    {"\xE2\x80\x90", '-'},  {"\xE2\x80\x91", '-'},  {"\xE2\x80\x92", '-'},   // hyphens
    {"\xE2\x80\x93", '-'},  {"\xE2\x80\x94", '-'},  {"\xE2\x88\x92", '-'},   // – — −
    {"\xC2\xA0", ' '},      {"\xE2\x80\xAF", ' '},  {"\xE2\x80\x89", ' '},   // nbsp, thin
    {"\xE2\x80\x82", ' '},  {"\xE2\x80\x83", ' '},  {"\xE3\x80\x80", ' '},   // en, em, ideographic
    {"\xE2\x80\xA6", '.'},                                                    // … (one stop)
};

}  // namespace

namespace {
// True when normalisation would change nothing: no multi-byte sequences,
// no tabs or carriage returns, no runs of spaces.
bool AlreadyNormal(std::string_view in) {
  char prev = 0;
  for (char c : in) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
        (c == ' ' && prev == ' '))
      return false;
    prev = c;
  }
  return true;
}
}  // namespace

NormalizedText::NormalizedText(std::string_view in) {
  if (AlreadyNormal(in)) {
    text_ = std::string(in);
    return;
  }
  text_.reserve(in.size());
  origin_.reserve(in.size() + 1);
  size_t i = 0;
  while (i < in.size()) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    char out = 0;
    size_t consumed = 1;
    if (c >= 0x80) {
      for (const Replacement& r : kReplacements) {
        size_t len = std::strlen(r.utf8);
        if (in.compare(i, len, r.utf8) == 0) {
          out = r.ascii;
          consumed = len;
          break;
        }
      }
      if (out == 0 && in.compare(i, 3, "\xE2\x80\x8B") == 0) {  // zero-width space: drop
        i += 3;
        continue;
      }
    }
    if (out == 0) {
      out = static_cast<char>(c);
      if (out == '\t' || out == '\r' || out == '\f' || out == '\v') out = ' ';
    }
    if (out == ' ' && !text_.empty() && text_.back() == ' ') {  // collapse runs
      i += consumed;
      continue;
    }
    text_.push_back(out);
    origin_.push_back(static_cast<uint32_t>(i));
    i += consumed;
  }
  origin_.push_back(static_cast<uint32_t>(in.size()));
}

}  // namespace newsgraph
