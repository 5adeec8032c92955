// store_bench: throughput of the graph store.
//
//   store_bench ingest   --corpus DIR [--threads N] [--window W] [--db DIR] [--reps R] [--group G] [--only store|whole] [--unseen]
//   store_bench traverse [--nodes N] [--edges M] [--cache-mb MB] [--db DIR] [--seconds S]
//
// ingest reads every article of the corpus into memory, then times, in
// articles per second: extraction alone (one thread, then the pipeline's
// worker threads), storage alone (facts extracted before, one article a
// // write and G articles a write), and the whole ingest as `newsgraph ingest`
// runs it (extraction on worker threads pipelined with the writer); each
// storing pass R times into a fresh database, the median reported. --only
// store skips the whole ingest, --only whole the storage-only passes (for
// profiling one of them). --unseen: the whole ingest runs once, on every
// other article, which the passes before did not see. Exit 2 when the
// corpus is missing.
//
// traverse generates a graph of N nodes and M edges through the Graph API
// (traverse_bench.cc), then times neighbour scans and 2- and 3-hop
// expansions from random nodes with a block cache of --cache-mb, and
// reports the peak memory of the measuring process.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "extract/article_reader.h"
#include "extract/extractor.h"
#include "extract/pipeline.h"
#include "graph/article_batch.h"
#include "graph/graph.h"

namespace newsgraph {
namespace bench {

int Traverse(const Args& args);  // traverse_bench.cc

namespace {

namespace fs = std::filesystem;

struct Scratch {  // a fresh database directory, removed at the end
  std::string path;
  explicit Scratch(const std::string& base) : path(base) { fs::remove_all(path); }
  ~Scratch() { fs::remove_all(path); }
};

void Report(const std::string& what, size_t articles, size_t bytes, double secs, double cpu) {
  std::printf("  %-44s %7.0f articles/s  %5.1f MB/s  %7.0f articles/CPU-s  (%.3f s, %.3f CPU-s)\n", what.c_str(),
              articles / secs, bytes / 1e6 / secs, articles / cpu, secs, cpu);
}

void Report(const std::string& what, size_t articles, size_t bytes, const Timer& t) {
  Report(what, articles, bytes, t.Seconds(), t.CpuSeconds());
}

// A writer on a fresh database in `path`; null (and a message) on failure.
std::unique_ptr<Graph> OpenFresh(const std::string& path) {
  auto graph = Graph::Open(path, OpenOptions::Writer());
  if (graph.ok()) return std::move(graph).value();
  std::fprintf(stderr, "store_bench: %s\n", graph.status().message().c_str());
  return nullptr;
}

// The whole ingest, as `newsgraph ingest` runs it. A function of its own
// (never inlined), so that a profiler can select it:
//   valgrind --tool=callgrind --toggle-collect='*WholeIngest*' store_bench ingest --only whole ...
__attribute__((noinline)) Status WholeIngest(const Extractor& extractor, int threads, size_t window,
                                             const std::vector<Article>& articles, Graph* graph) {
  ArticleBatch batch(graph, [](const ArticleFacts&, const IngestOutcome&) {});
  ExtractPipeline pipeline(
      extractor, threads, [&](ArticleFacts&& f) { return batch.Add(std::move(f)); }, window);
  Status s;
  for (const Article& a : articles)
    if (s.ok()) s = pipeline.Push(Article(a));
  Status finished = pipeline.Finish();
  if (s.ok()) s = finished;
  return s.ok() ? batch.Flush() : s;
}

int Ingest(const Args& args) {
  std::string corpus = args.Get("corpus", "/work/shared/corpora/bbc");
  if (!fs::exists(corpus)) {
    std::fprintf(stderr, "store_bench: no corpus at %s; pass --corpus DIR (a folder of .txt or .jsonl articles)\n",
                 corpus.c_str());
    return 2;
  }
  int threads = static_cast<int>(args.Number("threads", ExtractPipeline::DefaultThreads()));
  // Articles in flight in the whole ingest; the default is `newsgraph ingest`'s.
  size_t window = static_cast<size_t>(args.Number("window", ArticleBatch::kPipelineWindow));
  std::string db_base = args.Get("db", (fs::temp_directory_path() / "newsgraph-store-bench").string());
  auto rules = RuleSet::Load(DefaultRulesDir());
  if (!rules.ok()) {
    std::fprintf(stderr, "store_bench: %s\n", rules.status().message().c_str());
    return 1;
  }
  Extractor extractor(rules.value());
  std::vector<Article> articles;
  ReadStats stats;
  Status s = ReadArticles({corpus}, ReadOptions(), [&](Article&& a) {
    articles.push_back(std::move(a));
    return Status::OK();
  }, [](const Status&) {}, &stats);
  // --unseen: the extraction passes see every other article only, and the
  // whole ingest then runs once on the rest, which this process has not
  // seen: new articles of the same kind, as a long ingest meets them (RE2
  // still builds some DFA states for them; the warm passes overstate that).
  bool unseen = args.Get("unseen", "") == "1";
  std::vector<Article> fresh;
  if (unseen) {
    std::vector<Article> seen;
    for (size_t i = 0; i < articles.size(); ++i) (i % 2 ? fresh : seen).push_back(std::move(articles[i]));
    articles = std::move(seen);
  }
  auto text_bytes = [](const std::vector<Article>& some) {
    size_t n = 0;
    for (const Article& a : some) n += a.text.size();
    return n;
  };
  size_t bytes = text_bytes(articles);
  std::printf("corpus %s: %zu articles, %.1f MB (%zu unreadable files skipped)%s; %d extraction workers besides the calling thread\n",
              corpus.c_str(), articles.size(), bytes / 1e6, stats.errors,
              unseen ? ", every other article (--unseen)" : "", threads);

  // RE2 builds its DFA states lazily: the first pass pays for them (as every
  // `newsgraph ingest` process does), later passes find them cached.
  std::vector<ArticleFacts> facts;
  for (const char* pass : {"extraction only, 1 thread, cold RE2 caches", "extraction only, 1 thread, warm"}) {
    facts.clear();
    Timer serial;
    for (const Article& a : articles) facts.push_back(extractor.Extract(a));
    Report(pass, articles.size(), bytes, serial);
  }
  {
    Timer t;
    ExtractPipeline pipeline(extractor, threads, [](ArticleFacts&&) { return Status::OK(); });
    for (const Article& a : articles) (void)pipeline.Push(Article(a));
    (void)pipeline.Finish();
    Report("extraction only, pipeline", articles.size(), bytes, t);
  }
  // Storage alone, into a fresh database each pass: one article a write
  // (IngestArticle), then groups of --group articles a write (ArticleBatch,
  // as `newsgraph ingest` stores). Then the whole ingest. --reps passes
  // each; the median by wall time is reported.
  std::string only = args.Get("only", "");
  int reps = std::max(1, static_cast<int>(args.Number("reps", 3)));
  size_t group = static_cast<size_t>(args.Number("group", ArticleBatch::kDefaultArticles));
  // Runs `pass` (which stores into the fresh graph it is given) --reps
  // times and reports the median pass.
  auto measure = [&](const std::string& what, const std::function<Status(Graph*)>& pass) {
    struct Times {
      double wall, cpu, system;
      long faults;
      bool operator<(const Times& o) const { return wall < o.wall; }
    };
    std::vector<Times> times;
    for (int rep = 0; rep < reps; ++rep) {
      Scratch db(db_base);
      std::unique_ptr<Graph> graph = OpenFresh(db.path);
      if (!graph) return false;
      Timer t;
      Status s = pass(graph.get());
      times.push_back({t.Seconds(), t.CpuSeconds(), t.SystemSeconds(), t.PageFaults()});
      if (!s.ok()) {
        std::fprintf(stderr, "store_bench: %s\n", s.message().c_str());
        return false;
      }
    }
    std::sort(times.begin(), times.end());
    const Times& median = times[times.size() / 2];
    Report(what + " (median of " + std::to_string(reps) + ")", articles.size(), bytes, median.wall, median.cpu);
    std::printf("  %-44s of that CPU time %.3f s in the kernel; %ld page faults\n", "", median.system, median.faults);
    return true;
  };
  if (only != "whole") {
    for (size_t per_write : {size_t{1}, group}) {
      std::string what = "storage only, " + std::to_string(per_write) + " article" + (per_write == 1 ? "" : "s") + " a write";
      bool ok = measure(what, [&](Graph* graph) {
        ArticleBatch batch(graph, [](const ArticleFacts&, const IngestOutcome&) {}, per_write);
        Status s;
        for (const ArticleFacts& f : facts)
          if (s.ok()) s = batch.Add(ArticleFacts(f));
        return s.ok() ? batch.Flush() : s;
      });
      if (!ok) return 1;
    }
  }
  if (unseen) {  // once: a second pass would have seen them
    reps = 1;
    articles = std::move(fresh);
    bytes = text_bytes(articles);
  }
  if (only != "store") {
    bool ok = measure(unseen ? "whole ingest of the " + std::to_string(articles.size()) + " unseen articles"
                             : std::string("whole ingest (extraction pipelined)"),
                      [&](Graph* graph) { return WholeIngest(extractor, threads, window, articles, graph); });
    if (!ok) return 1;
  }
  std::printf("max RSS %.0f MiB\n", MaxRssMiB());
  return 0;
}

}  // namespace
}  // namespace bench
}  // namespace newsgraph

int main(int argc, char** argv) {
  static const char kUsage[] =
      "usage: store_bench ingest [--corpus DIR] [--threads N] [--window W] [--db DIR] [--reps R] [--group G] [--only store|whole] [--unseen]\n"
      "       store_bench traverse [--nodes N] [--edges M] [--cache-mb MB] [--db DIR] [--seconds S]\n"
      "(bench/README.md says what each pass measures)\n";
  std::string mode = argc > 1 ? argv[1] : "";
  newsgraph::bench::Args args(argc, argv, 2);
  if (mode == "--help" || mode == "-h" || !args.Get("help", "").empty()) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  std::string unknown =
      mode == "ingest"     ? args.Unknown({"corpus", "threads", "window", "db", "reps", "group", "only", "unseen"})
      : mode == "traverse" ? args.Unknown({"nodes", "edges", "cache-mb", "db", "seconds"})
                           : "";
  if (!unknown.empty()) {
    std::fprintf(stderr, "store_bench: unknown option --%s\n%s", unknown.c_str(), kUsage);
    return 2;
  }
  if (mode == "ingest") return newsgraph::bench::Ingest(args);
  if (mode == "traverse") return newsgraph::bench::Traverse(args);
  std::fputs(kUsage, stderr);
  return 2;
}
