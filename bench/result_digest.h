// A query result reduced to a digest that the Kuzu peer (peers/kuzu_bench.mjs,
// `digest()`) computes the same way, so the two engines' whole results can be
// compared without shipping the rows: the row count and a 64-bit FNV-1a hash
// of the rows in a canonical text form.
//
// Canonical value: null, true/false; a number with no fractional part as a
// decimal integer ("5", also for the double 5.0, since JavaScript has one
// number type); any other number with 6 decimals ("%.6f"); a string in
// double quotes with \ and " escaped; a list as "[" + its elements' forms,
// sorted bytewise, joined by "," + "]" (collect()'s order is unspecified in
// openCypher, so lists compare as multisets). Nodes, relationships, maps and
// paths are not expected in benchmark results and become "?".
// Row: the values joined by "|". Result: the rows in order when `ordered`
// (the query's ORDER BY orders it totally), otherwise sorted bytewise; joined
// by "\n" and hashed.
#ifndef NEWSGRAPH_BENCH_RESULT_DIGEST_H_
#define NEWSGRAPH_BENCH_RESULT_DIGEST_H_

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "query/value.h"

namespace newsgraph {

inline std::string CanonicalValue(const Value& v) {
  switch (v.type()) {
    case Value::kNull:
      return "null";
    case Value::kBool:
      return std::get<bool>(v.v) ? "true" : "false";
    case Value::kInt:
      return std::to_string(std::get<int64_t>(v.v));
    case Value::kFloat: {
      double d = std::get<double>(v.v);
      char buf[64];
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
        std::snprintf(buf, sizeof buf, "%.0f", d);
      } else {
        std::snprintf(buf, sizeof buf, "%.6f", d);
      }
      return buf;
    }
    case Value::kString: {
      std::string out = "\"";
      for (char c : std::get<std::string>(v.v)) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    case Value::kList: {
      std::vector<std::string> items;
      for (const Value& e : std::get<ValueList>(v.v)) items.push_back(CanonicalValue(e));
      std::sort(items.begin(), items.end());
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
      return out + "]";
    }
    default:
      return "?";
  }
}

// 16 lower-case hex digits.
inline std::string ResultDigest(const std::vector<std::vector<Value>>& rows, bool ordered) {
  std::vector<std::string> lines;
  lines.reserve(rows.size());
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + CanonicalValue(row[i]);
    lines.push_back(std::move(line));
  }
  if (!ordered) std::sort(lines.begin(), lines.end());
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) h = (h ^ static_cast<unsigned char>('\n')) * 1099511628211ull;
    for (unsigned char c : lines[i]) h = (h ^ c) * 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
  return buf;
}

}  // namespace newsgraph

#endif  // NEWSGRAPH_BENCH_RESULT_DIGEST_H_
