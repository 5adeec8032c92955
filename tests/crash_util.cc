#include "tests/crash_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

namespace newsgraph {
namespace testing {

pid_t StartCli(const std::vector<std::string>& args, const std::string& stdin_path, const std::string& stderr_path) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(NEWSGRAPH_BINARY));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(stdout);  // or the child would write our buffered lines again
  pid_t pid = ::fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_RDWR);
    int in = stdin_path.empty() ? null : ::open(stdin_path.c_str(), O_RDONLY);
    int err = stderr_path.empty() ? null : ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(in, 0);
    ::dup2(null, 1);
    ::dup2(err, 2);
    ::execv(NEWSGRAPH_BINARY, argv.data());
    ::_exit(127);
  }
  return pid;
}

bool Succeeded(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

double TimedRun(const std::vector<std::string>& args, const std::string& stdin_path) {
  auto start = std::chrono::steady_clock::now();
  bool ok = Succeeded(StartCli(args, stdin_path));
  return ok ? std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() : -1.0;
}

bool KillAfter(pid_t pid, double delay_ms) {
  std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(delay_ms * 1000)));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status);
}

bool KillAfterPath(pid_t pid, const std::string& path, double delay_ms, double timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<int64_t>(timeout_ms * 1000));
  std::error_code ec;
  while (!std::filesystem::exists(path, ec) && std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // ended (and reaped) before the path appeared
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return KillAfter(pid, delay_ms);
}

int CrashFail(const char* name, uint64_t seed, const std::string& what) {
  std::fprintf(stderr, "%s FAILED (seed %llu): %s\n", name, static_cast<unsigned long long>(seed), what.c_str());
  return 1;
}

CrashDir::CrashDir(bool keep) : keep_(keep) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "newsgraph-crash-XXXXXX").string();
  if (::mkdtemp(tmpl.data())) path_ = tmpl;
}

CrashDir::~CrashDir() {
  std::error_code ec;
  if (!keep_ && !path_.empty()) std::filesystem::remove_all(path_, ec);
}

bool ParseCrashArgs(int argc, char** argv, int first, const char* size_flag, CrashArgs* args) {
  args->seed = std::random_device{}();
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--kills" && has_value) args->kills = std::atoi(argv[++i]);
    else if (a == size_flag && has_value) args->size = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--seed" && has_value) args->seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--keep") args->keep = true;
    else {
      std::fprintf(stderr, "usage: %s%s [--kills N] [%s N] [--seed S] [--keep]\n", argv[0],
                   first > 1 ? (std::string(" ") + argv[1]).c_str() : "", size_flag);
      return false;
    }
  }
  return true;
}

}  // namespace testing
}  // namespace newsgraph
