// Fuzz target: the neo4j-admin CSV reader of `import` (import/csv.h and the
// header and field parsing behind ReadImportFiles). Any input ends in
// staged nodes and relationships or in an error "FILE:LINE: ..." naming one
// of the files at a line it has.
//
// Input: up to three CSV files separated by NUL bytes (node files and
// relationship files in any order, as `import` takes them). An input that
// starts with \x01 followed by two bytes uses them as the field and array
// delimiters. The CSV records of each file also round-trip: written back
// with quotes where needed, they read again to the same fields.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "graph/bulk_loader.h"
#include "import/csv.h"
#include "import/readers.h"

namespace {

using newsgraph::CsvField;
using newsgraph::CsvReader;

std::string Quote(const CsvField& f, char delimiter) {
  bool needs = f.quoted || f.text.find_first_of(std::string{'"', '\n', '\r', delimiter}) != std::string_view::npos ||
               (!f.text.empty() && f.text.front() == '"');
  if (!needs) return std::string(f.text);
  std::string out = "\"";
  for (char c : f.text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Reads every record of `text`; when all read, writes them back and reads
// again: the same fields (text and quotedness of non-empty ones) must come
// out. Blank lines vanish, so a record that is one empty unquoted field
// cannot be written back and ends the check.
void RoundTrip(std::string text, char delimiter) {
  CsvReader reader(&text, delimiter, "rt.csv");
  std::vector<std::vector<std::string>> records;
  std::vector<CsvField> fields;
  std::string again;
  while (true) {
    auto more = reader.Next(&fields);
    if (!more.ok()) {
      if (more.status().message().rfind("rt.csv:", 0) != 0) __builtin_trap();
      return;
    }
    if (!more.value()) break;
    if (fields.empty()) __builtin_trap();  // a record has at least one field
    if (fields.size() == 1 && fields[0].text.empty() && !fields[0].quoted) return;
    records.emplace_back();
    for (size_t i = 0; i < fields.size(); ++i) {
      records.back().emplace_back(fields[i].text);
      again += (i ? std::string(1, delimiter) : std::string()) + Quote(fields[i], delimiter);
    }
    again += "\n";
  }
  CsvReader reread(&again, delimiter, "again.csv");
  for (const auto& record : records) {
    auto more = reread.Next(&fields);
    if (!more.ok() || !more.value() || fields.size() != record.size()) __builtin_trap();
    for (size_t i = 0; i < fields.size(); ++i)
      if (fields[i].text != record[i]) __builtin_trap();
  }
  auto end = reread.Next(&fields);
  if (!end.ok() || end.value()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  newsgraph::ImportReaderOptions options;
  if (in.size() >= 3 && in[0] == '\x01') {
    options.delimiter = in[1];
    options.array_delimiter = in[2];
    in.remove_prefix(3);
    // ReadImportFiles refuses these before reading; the CLI allows ASCII only.
    if (options.delimiter == options.array_delimiter || options.delimiter == '"' || options.delimiter == '\n' ||
        options.delimiter == '\r' || options.delimiter == '\0' || options.array_delimiter == '\0')
      return 0;
  }
  std::vector<newsgraph::InputFile> files;
  while (files.size() < 3) {
    size_t nul = in.find('\0');
    files.push_back({"f" + std::to_string(files.size()) + ".csv", std::string(in.substr(0, nul))});
    if (files.back().data.compare(0, 3, "\xEF\xBB\xBF") == 0) files.back().data.erase(0, 3);  // as import.cc
    if (nul == std::string_view::npos) break;
    in.remove_prefix(nul + 1);
  }
  for (const auto& f : files) RoundTrip(f.data, options.delimiter);

  std::vector<size_t> lines;
  for (const auto& f : files) lines.push_back(1 + static_cast<size_t>(std::count(f.data.begin(), f.data.end(), '\n')));
  newsgraph::BulkLoader loader;
  newsgraph::ImportStats stats;
  newsgraph::Status s = newsgraph::ReadNeo4jCsv(&files, options, &loader, &stats);
  if (s.ok()) {
    if (stats.nodes != loader.nodes() || stats.edges != loader.edges()) __builtin_trap();
    return 0;
  }
  if (s.code() != newsgraph::Status::Code::kInvalidArgument) __builtin_trap();
  // "fN.csv:LINE: what", LINE within the file.
  const std::string& m = s.message();
  if (m.size() < 8 || m[0] != 'f' || m.compare(2, 5, ".csv:") != 0) __builtin_trap();
  size_t file = static_cast<size_t>(m[1] - '0');
  if (file >= files.size()) __builtin_trap();
  size_t line = std::strtoull(m.c_str() + 7, nullptr, 10);
  if (line < 1 || line > lines[file] || m.find(": ", 7) == std::string::npos) __builtin_trap();
  return 0;
}
