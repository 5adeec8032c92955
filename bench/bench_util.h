// Small helpers of the benchmarks: wall time, peak memory, options.
#ifndef NEWSGRAPH_BENCH_BENCH_UTIL_H_
#define NEWSGRAPH_BENCH_BENCH_UTIL_H_

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace newsgraph {
namespace bench {

// CPU time (user + system, all threads) of this process so far.
inline double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// System CPU time (all threads) and page faults (minor and major) of this
// process so far.
inline double SystemSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}
inline long PageFaults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt + u.ru_majflt;
}

// Wall and CPU time since construction. On a shared machine the CPU time is
// the steadier measure of work done.
class Timer {
 public:
  double Seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
  double CpuSeconds() const { return bench::CpuSeconds() - cpu_start_; }
  // The part of CpuSeconds() spent in the kernel, and the page faults taken.
  double SystemSeconds() const { return bench::SystemSeconds() - system_start_; }
  long PageFaults() const { return bench::PageFaults() - faults_start_; }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  double cpu_start_ = bench::CpuSeconds();
  double system_start_ = bench::SystemSeconds();
  long faults_start_ = bench::PageFaults();
};

// Peak resident set size of this process so far, in MiB.
inline double MaxRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

// "--name value" pairs after the mode word; flags without a value are "1".
class Args {
 public:
  Args(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) {
      std::string k = argv[i];
      if (k.rfind("--", 0) != 0) continue;
      bool has_value = i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0;
      values_[k.substr(2)] = has_value ? argv[++i] : "1";
    }
  }
  std::string Get(const std::string& k, const std::string& def) const {
    auto it = values_.find(k);
    return it == values_.end() ? def : it->second;
  }
  double Number(const std::string& k, double def) const {
    auto it = values_.find(k);
    return it == values_.end() ? def : std::atof(it->second.c_str());
  }
  // The first option given that is not in `known` ("" if none is).
  std::string Unknown(const std::vector<std::string>& known) const {
    for (const auto& [k, v] : values_)
      if (std::find(known.begin(), known.end(), k) == known.end()) return k;
    return "";
  }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace bench
}  // namespace newsgraph

#endif  // NEWSGRAPH_BENCH_BENCH_UTIL_H_
