#include "graph/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace newsgraph {

long WriterLockHolder(const std::string& dir) {
  struct stat st;
  if (::stat((dir + "/" + kWriterLockFile).c_str(), &st) != 0) return 0;
  // "1: FLOCK  ADVISORY  WRITE 1234 08:01:56789 0 EOF": PID, then
  // major:minor:inode of the locked file (major and minor in hex).
  std::ifstream in("/proc/locks");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string n, kind, mode, access, device;
    long pid = 0;
    if (!(words >> n >> kind) || kind == "->") continue;  // "1: -> FLOCK ...": a waiter
    if (!(words >> mode >> access >> pid >> device) || kind != "FLOCK" || access != "WRITE") continue;
    unsigned major = 0, minor = 0;
    unsigned long long inode = 0;
    if (std::sscanf(device.c_str(), "%x:%x:%llu", &major, &minor, &inode) == 3 && inode == st.st_ino &&
        major == ::major(st.st_dev) && minor == ::minor(st.st_dev))
      return pid;
  }
  return 0;
}

WriterLock& WriterLock::operator=(WriterLock&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void WriterLock::Release() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor drops the flock
  fd_ = -1;
}

Status WriterLock::Acquire(const std::string& dir) {
  Release();
  std::string path = dir + "/" + kWriterLockFile;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError(path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[64] = {0};
    ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "unknown";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return Status::Busy("database " + dir + " is in use by another writer (PID " + pid +
                        "); wait for it to finish, or open it read-only (query, repl, export)");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    ::close(fd);
    return Status::IOError(path + ": cannot write PID");
  }
  fd_ = fd;
  return Status::OK();
}

}  // namespace newsgraph
