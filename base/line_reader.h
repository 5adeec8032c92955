// LineReader: the lines of a file or of standard input, read in blocks, so
// that a JSONL file of any size streams through a buffer of about one line.
//
//   LineReader in(path, 256 << 20);          // "-": standard input
//   while (in.Next()) {
//     if (in.too_long()) { report(in.TooLong("article")); continue; }
//     use(in.line());                         // without its '\n'
//   }
//   if (!in.status().ok()) ...                // "PATH: cannot open (reason)"
//
// A line longer than `max_line_bytes` is not kept: Next still stops on it
// (too_long(), line() empty) after reading past it, and the following lines
// keep their numbers. Not thread-safe; one reader per thread.
#ifndef NEWSGRAPH_BASE_LINE_READER_H_
#define NEWSGRAPH_BASE_LINE_READER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace newsgraph {

class LineReader {
 public:
  LineReader(const std::string& path, size_t max_line_bytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Moves to the next line. False at the end of the input, or when opening
  // or reading failed (status()).
  bool Next();
  // The current line without its '\n' (a '\r' before it stays); valid
  // until the next call.
  std::string_view line() const { return line_; }
  // Whether the input had a '\n' after the current line (the last line of
  // a file may not).
  bool had_newline() const { return had_newline_; }
  bool too_long() const { return too_long_; }
  // The error for a too_long() line: "PATH:LINE: line longer than the WHAT
  // limit of N bytes".
  Status TooLong(const char* what) const;
  size_t line_number() const { return line_number_; }
  // "PATH:LINE" of the current line ("<stdin>:LINE" for standard input).
  std::string where() const;
  const std::string& name() const { return name_; }
  const Status& status() const { return status_; }

 private:
  // Reads more input after the unread bytes; false at the end or on error.
  bool Fill();

  std::string name_;  // the path, or "<stdin>"
  int fd_ = -1;
  bool owns_fd_ = false;
  size_t max_line_bytes_;
  std::string buffer_;
  size_t begin_ = 0, end_ = 0;  // unread bytes: buffer_[begin_, end_)
  bool eof_ = false;
  std::string_view line_;
  bool had_newline_ = false;
  bool too_long_ = false;
  size_t line_number_ = 0;
  Status status_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_BASE_LINE_READER_H_
