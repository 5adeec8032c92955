#include "base/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace newsgraph {

namespace {
constexpr size_t kBlockBytes = size_t{1} << 20;
}  // namespace

LineReader::LineReader(const std::string& path, size_t max_line_bytes)
    : name_(path == "-" ? "<stdin>" : path), max_line_bytes_(max_line_bytes) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
    return;
  }
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) status_ = Status::IOError(path + ": cannot open (" + std::strerror(errno) + ")");
  owns_fd_ = fd_ >= 0;
}

LineReader::~LineReader() {
  if (owns_fd_) ::close(fd_);
}

std::string LineReader::where() const { return name_ + ":" + std::to_string(line_number_); }

Status LineReader::TooLong(const char* what) const {
  return Status::InvalidArgument(where() + ": line longer than the " + what + " limit of " +
                                 std::to_string(max_line_bytes_) + " bytes");
}

bool LineReader::Fill() {
  if (eof_ || !status_.ok()) return false;
  // Keep the unread bytes, at the front.
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() < end_ + kBlockBytes) buffer_.resize(end_ + kBlockBytes);
  for (;;) {
    ssize_t n = ::read(fd_, &buffer_[end_], buffer_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status_ = Status::IOError(name_ + ": read failed (" + std::strerror(errno) + ")");
      return false;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    end_ += static_cast<size_t>(n);
    return true;
  }
}

bool LineReader::Next() {
  line_ = {};
  had_newline_ = too_long_ = false;
  if (!status_.ok()) return false;
  size_t scanned = begin_;  // no '\n' in [begin_, scanned)
  for (;;) {
    const char* nl = static_cast<const char*>(std::memchr(buffer_.data() + scanned, '\n', end_ - scanned));
    size_t length = (nl ? static_cast<size_t>(nl - buffer_.data()) : end_) - begin_;
    if (length > max_line_bytes_) {
      // Too long: read on to the line's end without keeping it.
      too_long_ = true;
      ++line_number_;
      while (!nl) {
        begin_ = end_;
        if (!Fill()) return status_.ok();  // the input ended inside the line
        nl = static_cast<const char*>(std::memchr(buffer_.data() + begin_, '\n', end_ - begin_));
      }
      begin_ = static_cast<size_t>(nl - buffer_.data()) + 1;
      had_newline_ = true;
      return true;
    }
    if (nl) {
      ++line_number_;
      line_ = std::string_view(buffer_.data() + begin_, length);
      had_newline_ = true;
      begin_ += length + 1;
      return true;
    }
    scanned = end_;
    size_t kept = end_ - begin_;
    if (!Fill()) {
      if (!status_.ok() || kept == 0) return false;
      // The last line, without a '\n'.
      ++line_number_;
      line_ = std::string_view(buffer_.data() + begin_, kept);
      begin_ = end_;
      return true;
    }
    scanned = begin_ + kept;  // Fill moved the unread bytes to the front
  }
}

}  // namespace newsgraph
