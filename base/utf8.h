// UTF-8 validation, shared by every reader of user text.
#ifndef NEWSGRAPH_BASE_UTF8_H_
#define NEWSGRAPH_BASE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace newsgraph {

// Returns the byte offset of the first invalid UTF-8 sequence in `text`, or
// text.size() when all of it is valid. Overlong forms, surrogates and code
// points above U+10FFFF are invalid.
size_t FindInvalidUtf8(std::string_view text);

// True when `text` contains a NUL byte or is mostly control characters: what a
// binary file looks like to a text reader.
bool LooksBinary(std::string_view text);

// The UTF-8 byte-order mark (EF BB BF) some editors put at the start of a
// file; every reader drops it there (and at the start of a JSONL line).
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// `text` without a leading byte-order mark.
inline std::string_view DropByteOrderMark(std::string_view text) {
  return text.substr(0, kByteOrderMark.size()) == kByteOrderMark ? text.substr(kByteOrderMark.size()) : text;
}

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_UTF8_H_
