// CSV records (RFC 4180, as neo4j-admin reads them) from a buffer held in
// memory, with the line each record starts on for messages.
//
//   fields are separated by `delimiter`; a field may be quoted with `"`,
//   inside which "" is one quote and delimiters and line breaks are data;
//   records end at LF or CRLF; blank lines are skipped. A backslash is an
//   ordinary character.
//
// Quoted fields are unquoted in place, so the buffer is modified and must
// outlive the views handed out.
#ifndef NEWSGRAPH_IMPORT_CSV_H_
#define NEWSGRAPH_IMPORT_CSV_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace newsgraph {

struct CsvField {
  std::string_view text;
  bool quoted = false;  // "" (an empty string) differs from nothing (no value)
};

class CsvReader {
 public:
  // `origin` names the input in messages ("nodes.csv").
  CsvReader(std::string* data, char delimiter, std::string origin);
  // The records in [data, data + size), which starts on line `first_line`
  // (a part of a buffer cut at a line end).
  CsvReader(char* data, size_t size, char delimiter, std::string origin, size_t first_line);

  // Reads the next record into *fields. Returns false at the end of the
  // data; InvalidArgument "origin:line: ..." for a quote that is never
  // closed or text after a closing quote.
  Result<bool> Next(std::vector<CsvField>* fields);

  size_t line() const { return record_line_; }  // where the last record started (1-based)
  bool at_end() const { return pos_ >= size_; }
  size_t offset() const { return pos_; }      // where the next record starts
  size_t next_line() const { return line_; }  // and its line

 private:
  Status Error(size_t line, const std::string& what) const;

  char* data_;
  size_t size_;
  size_t pos_ = 0;
  size_t line_ = 1;  // line of data_[pos_]
  size_t record_line_ = 0;
  char delimiter_;
  std::string origin_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_IMPORT_CSV_H_
