// The one JSON parse every reader of JSON input uses: JSONL articles
// (extract/article_reader), facts lines (extract/facts_json) and the JSON
// export read by `import` (import/json_import).
//
// RapidJSON's parser recurses once per nesting level, so one line nested
// 200,000 deep (even in a field nobody reads) overflowed the stack. Here the
// document is built through a handler that stops the parse at nesting
// deeper than kMaxJsonDepth: the recursion, and whatever later walks the
// document, stays within that many frames. The input need not end in a NUL.
#ifndef NEWSGRAPH_BASE_JSON_H_
#define NEWSGRAPH_BASE_JSON_H_

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <string>
#include <string_view>
#include <type_traits>

#include "base/status.h"

namespace newsgraph {

// Objects and arrays nested deeper than this are refused. Nothing newsgraph
// writes nests deeper than 5.
constexpr int kMaxJsonDepth = 256;

// Sees the parse as it goes: every object key with the depth of its object
// (1: the top level), and every object opened with its depth and the byte
// offset of its '{'. This one sees nothing.
struct JsonTap {
  void Key(int /*depth*/, std::string_view /*key*/) {}
  void StartObject(int /*depth*/, size_t /*offset*/) {}
};

namespace json_internal {

// Forwards the parser's events to the document, counting depth.
template <typename Tap>
struct Builder {
  rapidjson::Document& doc;
  rapidjson::MemoryStream& in;
  Tap& tap;
  int depth = 0;
  bool too_deep = false;

  bool Null() { return doc.Null(); }
  bool Bool(bool b) { return doc.Bool(b); }
  bool Int(int i) { return doc.Int(i); }
  bool Uint(unsigned u) { return doc.Uint(u); }
  bool Int64(int64_t i) { return doc.Int64(i); }
  bool Uint64(uint64_t u) { return doc.Uint64(u); }
  bool Double(double d) { return doc.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return doc.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    tap.Key(depth, std::string_view(s, n));
    return doc.Key(s, n, copy);
  }
  bool Enter() {
    too_deep = ++depth > kMaxJsonDepth;
    return !too_deep;
  }
  bool StartObject() {
    if (!Enter()) return false;
    tap.StartObject(depth, in.Tell() - 1);  // the parser has taken the '{'
    return doc.StartObject();
  }
  bool StartArray() { return Enter() && doc.StartArray(); }
  bool EndObject(rapidjson::SizeType n) { --depth; return doc.EndObject(n); }
  bool EndArray(rapidjson::SizeType n) { --depth; return doc.EndArray(n); }
};

}  // namespace json_internal

// Parses `text` into *doc with RapidJSON's flags kFlags. On failure returns
// InvalidArgument "malformed JSON: <reason>" or "JSON nested deeper than 256
// levels" and sets *error_offset to the byte offset where it stopped; the
// caller puts the position in front.
template <unsigned kFlags = 0, typename Tap = JsonTap>
Status ParseJson(std::string_view text, rapidjson::Document* doc, size_t* error_offset, Tap&& tap = Tap()) {
  rapidjson::MemoryStream in(text.data(), text.size());
  rapidjson::Reader reader;
  rapidjson::ParseResult parsed;
  bool too_deep = false;
  auto generate = [&](rapidjson::Document& d) {
    json_internal::Builder<std::remove_reference_t<Tap>> builder{d, in, tap};
    parsed = reader.Parse<kFlags>(in, builder);
    too_deep = builder.too_deep;
    return !parsed.IsError();
  };
  doc->Populate(generate);
  if (!parsed.IsError()) return Status::OK();
  *error_offset = parsed.Offset();
  if (too_deep)
    return Status::InvalidArgument("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  return Status::InvalidArgument(std::string("malformed JSON: ") + rapidjson::GetParseError_En(parsed.Code()));
}

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_JSON_H_
