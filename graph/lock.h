// The writer lock of a database directory: DIR/newsgraph.lock, held with
// flock(2) for as long as the writer runs, holding the writer's PID so a
// second writer can be told who has it. The kernel drops the lock when the
// process ends, however it ends, so a crashed writer never leaves a stale lock.
#ifndef NEWSGRAPH_GRAPH_LOCK_H_
#define NEWSGRAPH_GRAPH_LOCK_H_

#include <string>

#include "base/status.h"

namespace newsgraph {

inline constexpr char kWriterLockFile[] = "newsgraph.lock";

// The PID of the process holding `dir`'s writer lock, or 0 when none does
// (or it cannot be told). Reads /proc/locks: probing with flock(2) would
// make a writer starting at that moment fail as Busy.
long WriterLockHolder(const std::string& dir);

class WriterLock {
 public:
  WriterLock() = default;
  ~WriterLock() { Release(); }
  WriterLock(WriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  WriterLock& operator=(WriterLock&& other) noexcept;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

  // Takes the lock of `dir` (which must exist) and writes our PID into it.
  // Busy, naming the holder's PID, if another writer has it.
  Status Acquire(const std::string& dir);
  void Release();
  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_LOCK_H_
