// Progress of long work on stderr, only when stderr is a terminal:
// "  1200 articles  3.1 MB  2400 articles/s  6.2 MB/s  ETA 4s".
#ifndef NEWSGRAPH_CLI_PROGRESS_H_
#define NEWSGRAPH_CLI_PROGRESS_H_

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace newsgraph {

class Progress {
 public:
  // `total_bytes` (0 if unknown) gives the ETA.
  explicit Progress(size_t total_bytes) : total_(total_bytes), enabled_(::isatty(2) != 0) {}

  void Update(size_t articles, size_t bytes) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double s = Seconds();
    double mb = bytes / 1e6;
    std::fprintf(stderr, "\r  %zu articles  %.1f MB  %.0f articles/s  %.1f MB/s", articles, mb, articles / s, mb / s);
    if (total_ > bytes && bytes > 0) std::fprintf(stderr, "  ETA %.0fs", (total_ - bytes) / (bytes / s));
    std::fprintf(stderr, "   ");
    shown_ = true;
  }

  void Finish() {
    if (shown_) std::fprintf(stderr, "\r%80s\r", "");
  }

  double Seconds() const {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return s > 1e-9 ? s : 1e-9;
  }

 private:
  size_t total_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_CLI_PROGRESS_H_
