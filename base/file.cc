#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace newsgraph {

namespace {

std::string MiB(size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

Status TooLarge(const std::string& path, size_t bytes, size_t max_bytes, const char* what) {
  return Status::LimitExceeded(path + ": " + MiB(bytes) + " is larger than the " + what + " limit of " + MiB(max_bytes));
}

}  // namespace

Status ReadWholeFile(const std::string& path, size_t max_bytes, const char* what, std::string* out) {
  out->clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": cannot open (" + std::strerror(errno) + ")");
  struct stat st;
  Status s;
  // A regular file's size is the first guess; pipes and growing files are
  // read to their end all the same.
  size_t expected = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0;
  if (expected > max_bytes) {
    s = TooLarge(path, expected, max_bytes, what);
  } else {
    out->resize(expected + 1);  // one byte more, to see the end in one read
    size_t used = 0;
    for (;;) {
      if (used == out->size()) out->resize(std::min(out->size() * 2 + 4096, max_bytes == SIZE_MAX ? SIZE_MAX : max_bytes + 1));
      ssize_t n = ::read(fd, &(*out)[used], out->size() - used);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        s = Status::IOError(path + ": read failed (" + std::strerror(errno) + ")");
        break;
      }
      if (n == 0) break;
      used += static_cast<size_t>(n);
      if (used > max_bytes) {
        s = TooLarge(path, used, max_bytes, what);
        break;
      }
    }
    out->resize(s.ok() ? used : 0);
  }
  ::close(fd);
  return s;
}

}  // namespace newsgraph
