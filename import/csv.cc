#include "import/csv.h"

#include <cstring>

namespace newsgraph {

CsvReader::CsvReader(std::string* data, char delimiter, std::string origin)
    : CsvReader(data->data(), data->size(), delimiter, std::move(origin), 1) {}

CsvReader::CsvReader(char* data, size_t size, char delimiter, std::string origin, size_t first_line)
    : data_(data), size_(size), line_(first_line), delimiter_(delimiter), origin_(std::move(origin)) {}

Status CsvReader::Error(size_t line, const std::string& what) const {
  return Status::InvalidArgument(origin_ + ":" + std::to_string(line) + ": " + what);
}

Result<bool> CsvReader::Next(std::vector<CsvField>* fields) {
  fields->clear();
  // Blank lines between records are skipped.
  while (pos_ < size_ && (data_[pos_] == '\n' || (data_[pos_] == '\r' && pos_ + 1 < size_ && data_[pos_ + 1] == '\n'))) {
    pos_ += data_[pos_] == '\r' ? 2 : 1;
    ++line_;
  }
  if (pos_ >= size_) return false;
  record_line_ = line_;
  const char delim = delimiter_;
  while (true) {
    CsvField field;
    if (data_[pos_] == '"') {
      // Quoted: unquote in place; `w` trails the read position.
      size_t start_line = line_;
      size_t r = pos_ + 1, w = pos_ + 1;
      while (true) {
        if (r >= size_)
          return Error(start_line, "quoted field never closed (missing \" before the end of the file)");
        char c = data_[r];
        if (c == '"') {
          if (r + 1 < size_ && data_[r + 1] == '"') {
            data_[w++] = '"';
            r += 2;
            continue;
          }
          ++r;
          break;
        }
        if (c == '\n') ++line_;
        data_[w++] = c;
        ++r;
      }
      field.text = std::string_view(data_ + pos_ + 1, w - pos_ - 1);
      field.quoted = true;
      pos_ = r;
      if (pos_ < size_ && data_[pos_] != delim && data_[pos_] != '\n' &&
          !(data_[pos_] == '\r' && pos_ + 1 < size_ && data_[pos_ + 1] == '\n'))
        return Error(line_, "text after the closing quote of field " + std::to_string(fields->size() + 1) +
                                " (a quote inside a quoted field is written \"\")");
    } else {
      size_t start = pos_;
      // Scan to the next delimiter or line end.
      while (pos_ < size_) {
        char c = data_[pos_];
        if (c == delim || c == '\n') break;
        ++pos_;
      }
      size_t end = pos_;
      if (end > start && data_[end - 1] == '\r' && (pos_ >= size_ || data_[pos_] == '\n')) --end;
      field.text = std::string_view(data_ + start, end - start);
    }
    fields->push_back(field);
    if (pos_ >= size_) return true;
    if (data_[pos_] == delim) {
      ++pos_;
      if (pos_ >= size_) {  // a trailing delimiter: one more, empty field
        fields->push_back(CsvField());
        return true;
      }
      continue;
    }
    if (data_[pos_] == '\r') ++pos_;
    if (pos_ < size_ && data_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
    return true;
  }
}

}  // namespace newsgraph
