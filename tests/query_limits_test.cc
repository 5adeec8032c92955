// query/ limits, measured from outside: `newsgraph query` runs as a child
// process on a dense generated graph (1,000 nodes, 30 relationships out of
// each) with the default limits, and each runaway query must end with exit
// code 1, one clean "query stopped: ..." line, and a peak resident memory
// (the child's ru_maxrss, from wait4) below the bound stated in README.md:
// 640 MiB = the 512 MiB a query may add (--max-memory) + the program itself
// + a margin for the last millisecond and for printing. Under the
// sanitizers memory is not comparable (shadow memory, quarantine): the
// bound is not checked there, and the memory cases stop at 128 MiB.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include "query/query.h"
#include "tests/crash_util.h"
#include "tests/test_util.h"

#if defined(__SANITIZE_ADDRESS__)
#define NEWSGRAPH_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NEWSGRAPH_UNDER_SANITIZER 1
#endif
#endif
#ifndef NEWSGRAPH_UNDER_SANITIZER
#define NEWSGRAPH_UNDER_SANITIZER 0
#endif

namespace newsgraph {
namespace {

constexpr long kBoundMiB = 640;

struct Measured {
  int exit_code = -1;  // -1 when killed by a signal
  std::string err;
  long max_rss_mib = 0;
};

// Runs the CLI with `args`, stdout discarded, stderr kept; waits with wait4.
Measured RunMeasured(const std::vector<std::string>& args, const std::string& err_path) {
  pid_t pid = testing::StartCli(args, "", err_path);
  Measured m;
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  if (WIFEXITED(status)) m.exit_code = WEXITSTATUS(status);
  m.max_rss_mib = usage.ru_maxrss / 1024;  // KiB on Linux
  m.err = testing::ReadFileOrDie(err_path);
  return m;
}

// 1,000 Company nodes, each with 30 LINKS to distinct random others.
void WriteDenseGraph(const testing::TempDir& dir) {
  std::string nodes = "id:ID,name,:LABEL,score:long\n", rels = ":START_ID,:END_ID,:TYPE\n";
  uint64_t x = 88172645463325252ull;  // xorshift: the same graph every run
  for (int i = 0; i < 1000; ++i) {
    nodes += std::to_string(i) + ",node-" + std::to_string(i) + ",Company," + std::to_string(i) + "\n";
    for (int k = 0; k < 30; ++k) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      rels += std::to_string(i) + "," + std::to_string((i + 1 + x % 999) % 1000) + ",LINKS\n";
    }
  }
  testing::WriteFile(dir.Sub("n.csv"), nodes);
  testing::WriteFile(dir.Sub("r.csv"), rels);
  REQUIRE(testing::ImportFiles(dir.Sub("db"), {dir.Sub("n.csv"), dir.Sub("r.csv")}).ok());
}

TEST_CASE("runaway queries stop at their limit with a message, within the stated memory bound", "[query][limits]") {
  testing::TempDir dir;
  WriteDenseGraph(dir);
  struct Case {
    const char* what;
    std::vector<std::string> options;
    const char* query;
    const char* message;
  };
  // 50 million steps (the default) take most of a minute: the step limit is
  // shown lower; memory does not grow with steps that keep no rows.
  std::vector<std::string> expansions = {"--max-expansions", NEWSGRAPH_UNDER_SANITIZER ? "500000" : "3000000"};
  // Under the sanitizers memory-bound cases stop sooner (they run slowly there).
  std::vector<std::string> memory;
  if (NEWSGRAPH_UNDER_SANITIZER) memory = {"--max-memory", "128"};
  const std::vector<Case> cases = {
      {"exploding variable-length pattern, paths kept", memory, "MATCH p = (a)-[*]->(b) RETURN p",
       NEWSGRAPH_UNDER_SANITIZER ? "query stopped: " : "MiB of memory (raise --max-memory, or add LIMIT)"},
      {"variable-length pattern deeper than the stack", {}, "MATCH (a)-[*]->(b) RETURN count(*)",
       "went too many hops deep for the stack (bound it: *1..100)"},
      {"bounded pattern, too many steps", expansions, "MATCH (a)-[*1..5]->(b) WHERE b.score < 0 RETURN count(*)",
       " expansion steps (raise --max-expansions, or bound the pattern: *1..3, LIMIT)"},
      {"too slow", {"--timeout", "1"}, "MATCH (a)-[*1..5]->(b) WHERE b.score < 0 RETURN count(*)",
       "query stopped after 1 s (raise --timeout, or bound the pattern)"},
      {"cartesian product of label scans", {}, "MATCH (a:Company), (b:Company), (c:Company) RETURN a, b, c",
       "query stopped: more than 1000000 rows (raise --max-rows, or add LIMIT)"},
      {"huge collect()", memory, "MATCH (a:Company), (b:Company) RETURN collect([a.name, b.name, range(1, 20)])",
       NEWSGRAPH_UNDER_SANITIZER ? "query stopped: " : "MiB of memory (raise --max-memory, or add LIMIT)"},
      {"UNWIND streams; collect() holds", {}, "UNWIND range(1, 2000) AS x UNWIND range(1, 600) AS y RETURN collect(x)",
       "query stopped: collect() grew past 1000000 items"},
      {"UNWIND past the row limit, rows returned", {}, "UNWIND range(1, 2000) AS x UNWIND range(1, 600) AS y RETURN x, y",
       "query stopped: more than 1000000 rows (raise --max-rows, or add LIMIT)"},
  };
  for (const Case& c : cases) {
    INFO(c.what << ": " << c.query);
    std::vector<std::string> args = {"query", "--db", dir.Sub("db")};
    args.insert(args.end(), c.options.begin(), c.options.end());
    args.push_back(c.query);
    Measured m = RunMeasured(args, dir.Sub("err.txt"));
    INFO("stderr: " << m.err << "peak resident memory: " << m.max_rss_mib << " MiB");
    REQUIRE(m.exit_code == 1);
    REQUIRE_THAT(m.err, Catch::StartsWith("newsgraph: query stopped") && Catch::Contains(c.message));
    REQUIRE(std::count(m.err.begin(), m.err.end(), '\n') == 1);
    if (!NEWSGRAPH_UNDER_SANITIZER) REQUIRE(m.max_rss_mib < kBoundMiB);
    std::printf("limits: %-48s exit %d, peak %ld MiB: %s", c.what, m.exit_code, m.max_rss_mib, m.err.c_str());
  }
}

}  // namespace
TEST_CASE("a query stops when its cancel flag is set (the REPL's Ctrl-C)", "[query][limits]") {
  testing::TempDir dir;
  WriteDenseGraph(dir);
  auto g = Graph::Open(dir.Sub("db"), OpenOptions());  // a reader
  REQUIRE(g.ok());
  std::atomic<bool> cancel{false};
  QueryLimits limits;
  limits.cancel = &cancel;
  // About 930,000 steps: well under a second, a few under the sanitizers.
  const std::string query = "MATCH (a)-[*1..2]->(b) RETURN count(*)";
  auto done = RunQuery(*g.value(), query, {}, limits);
  REQUIRE(done.ok());  // unset: the query runs to its end
  cancel = true;
  auto stopped = RunQuery(*g.value(), query, {}, limits);
  REQUIRE_FALSE(stopped.ok());
  CHECK_THAT(stopped.status().message(), Catch::Contains("query interrupted (Ctrl-C)"));
}

}  // namespace newsgraph
