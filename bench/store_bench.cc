// store_bench: throughput of the graph store.
//
//   store_bench ingest   --corpus DIR [--threads N] [--window W] [--db DIR] [--reps R] [--group G] [--only store]
//   store_bench traverse [--nodes N] [--edges M] [--cache-mb MB] [--db DIR] [--seconds S]
//
// ingest reads every article of the corpus into memory, then times, in
// articles per second: extraction alone (one thread, then the pipeline's
// worker threads), storage alone (facts extracted before, one article a
// write and G articles a write, median of R passes), and the whole ingest as `newsgraph ingest` runs it (extraction on worker
// threads pipelined with the writer). Exit 2 when the corpus is missing.
//
// traverse generates a graph of N nodes and M edges through the Graph API
// (traverse_bench.cc), then times neighbour scans and 2- and 3-hop
// expansions from random nodes with a block cache of --cache-mb, and
// reports the peak memory of the measuring process.
#include <algorithm>
#include <cstdio>
#include <filesystem>
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
  size_t bytes = 0;
  for (const Article& a : articles) bytes += a.text.size();
  std::printf("corpus %s: %zu articles, %.1f MB (%zu unreadable files skipped); %d extraction workers besides the calling thread\n",
              corpus.c_str(), articles.size(), bytes / 1e6, stats.errors, threads);

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
  // as `newsgraph ingest` stores). --reps passes each; the median by CPU
  // time is reported.
  std::string only = args.Get("only", "");  // "store": no whole-ingest pass (for profiling)
  int reps = std::max(1, static_cast<int>(args.Number("reps", 3)));
  size_t group = static_cast<size_t>(args.Number("group", ArticleBatch::kDefaultArticles));
  for (size_t per_write : {size_t{1}, group}) {
    std::vector<std::pair<double, double>> times;  // (CPU s, wall s)
    for (int rep = 0; rep < reps; ++rep) {
      Scratch db(db_base + "-store");
      std::unique_ptr<Graph> graph = OpenFresh(db.path);
      if (!graph) return 1;
      Timer t;
      ArticleBatch batch(graph.get(), [](const ArticleFacts&, const IngestOutcome&) {}, per_write);
      for (const ArticleFacts& f : facts)
        if (s.ok()) s = batch.Add(ArticleFacts(f));
      if (s.ok()) s = batch.Flush();
      times.emplace_back(t.CpuSeconds(), t.Seconds());
      if (!s.ok()) {
        std::fprintf(stderr, "store_bench: %s\n", s.message().c_str());
        return 1;
      }
    }
    std::sort(times.begin(), times.end());
    auto [cpu, wall] = times[times.size() / 2];
    std::string what = "storage only, " + std::to_string(per_write) + " article" + (per_write == 1 ? "" : "s") +
                       " a write (median of " + std::to_string(reps) + ")";
    Report(what, facts.size(), bytes, wall, cpu);
  }
  if (only != "store") {
    Scratch db(db_base + "-full");
    std::unique_ptr<Graph> graph = OpenFresh(db.path);
    if (!graph) return 1;
    Timer t;
    ArticleBatch batch(graph.get(), [](const ArticleFacts&, const IngestOutcome&) {});
    ExtractPipeline pipeline(
        extractor, threads, [&](ArticleFacts&& f) { return batch.Add(std::move(f)); }, window);
    for (const Article& a : articles) s = pipeline.Push(Article(a));
    s = pipeline.Finish();
    if (s.ok()) s = batch.Flush();
    Report("whole ingest (extraction pipelined)", articles.size(), bytes, t);
    if (!s.ok()) {
      std::fprintf(stderr, "store_bench: %s\n", s.message().c_str());
      return 1;
    }
  }
  std::printf("max RSS %.0f MiB\n", MaxRssMiB());
  return 0;
}

}  // namespace
}  // namespace bench
}  // namespace newsgraph

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  newsgraph::bench::Args args(argc, argv, 2);
  if (mode == "ingest") return newsgraph::bench::Ingest(args);
  if (mode == "traverse") return newsgraph::bench::Traverse(args);
  std::fprintf(stderr,
               "usage: store_bench ingest [--corpus DIR] [--threads N] [--window W] [--db DIR] [--reps R] [--group G] [--only store]\n"
               "       store_bench traverse [--nodes N] [--edges M] [--cache-mb MB] [--db DIR] [--seconds S]\n");
  return 2;
}
