// Helpers of the SIGKILL crash tests (crash_test.cc: ingest;
// crash_writes_test.cc: import and writing queries). Plain code, no
// Catch2: the crash tests are programs of their own.
//
//   StartCli      runs the newsgraph binary (NEWSGRAPH_BINARY) with its
//                 output discarded and stdin from a file (or /dev/null);
//                 also used by query_limits_test.cc
//   Succeeded     waits for it; true if it exited with status 0
//   TimedRun      both, timed: milliseconds, or -1 if it failed
//   KillAfter     sleeps, then SIGKILLs it; true if it was still running
//   KillAfterPath the same, counting from when a path appears (a phase
//                 of the run that leaves a file or directory, such as
//                 import's staging directory)
//   CrashDir      a temporary directory, removed unless kept
//   CrashArgs     the command line every crash test takes:
//                 [--kills N] [--size N] [--seed S] [--keep]
#ifndef NEWSGRAPH_TESTS_CRASH_UTIL_H_
#define NEWSGRAPH_TESTS_CRASH_UTIL_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace newsgraph {
namespace testing {

// stderr goes to `stderr_path` when one is given (created or truncated).
pid_t StartCli(const std::vector<std::string>& args, const std::string& stdin_path = "",
               const std::string& stderr_path = "");
bool Succeeded(pid_t pid);
double TimedRun(const std::vector<std::string>& args, const std::string& stdin_path = "");
bool KillAfter(pid_t pid, double delay_ms);
// Waits up to `timeout_ms` for `path` to exist (polling each 0.2 ms), then
// as KillAfter; false if the process ended first.
bool KillAfterPath(pid_t pid, const std::string& path, double delay_ms, double timeout_ms);

// Prints "NAME FAILED (seed S): what" to stderr; returns 1 (the exit code).
int CrashFail(const char* name, uint64_t seed, const std::string& what);

class CrashDir {
 public:
  CrashDir(bool keep);  // empty path() when no directory could be made
  ~CrashDir();
  CrashDir(const CrashDir&) = delete;  // owns the directory
  CrashDir& operator=(const CrashDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
  bool keep_;
};

struct CrashArgs {
  int kills = 8;
  size_t size = 0;  // what it counts (articles, statements, rows) is the test's
  uint64_t seed = 0;
  bool keep = false;
};

// Parses argv[first..] over the defaults in *args (the seed defaults to a
// random one); false after printing usage for anything else. `size_flag`
// names --size in this test ("--articles").
bool ParseCrashArgs(int argc, char** argv, int first, const char* size_flag, CrashArgs* args);

}  // namespace testing
}  // namespace newsgraph

#endif  // NEWSGRAPH_TESTS_CRASH_UTIL_H_
