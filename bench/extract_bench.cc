// Extraction throughput: loads a corpus into memory (no I/O in the timed
// part) and runs the extractor over it on one thread, several passes.
//
//   build/bench/extract_bench --corpus ../shared/corpora/bbc [--rules DIR] [--passes 5]
//
// Prints MB/s per pass and the median, plus entity and relation counts.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "extract/article_reader.h"
#include "extract/extractor.h"

using namespace newsgraph;

int main(int argc, char** argv) {
  std::string corpus, rules_dir = DefaultRulesDir();
  int passes = 5;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--corpus" && i + 1 < argc) corpus = argv[++i];
    else if (a == "--rules" && i + 1 < argc) rules_dir = argv[++i];
    else if (a == "--passes" && i + 1 < argc) passes = std::max(1, std::atoi(argv[++i]));
    else {
      std::fprintf(stderr, "usage: extract_bench --corpus DIR [--rules DIR] [--passes N]\n");
      return 2;
    }
  }
  if (corpus.empty() || !std::filesystem::exists(corpus)) {
    std::fprintf(stderr, "extract_bench: corpus not found at '%s' (pass --corpus DIR, e.g. ../shared/corpora/bbc)\n",
                 corpus.c_str());
    return 2;
  }
  auto rules = RuleSet::Load(rules_dir);
  if (!rules.ok()) {
    std::fprintf(stderr, "%s\n", rules.status().message().c_str());
    return 1;
  }
  std::vector<Article> articles;
  ReadStats stats;
  Status s = ReadArticles({corpus}, ReadOptions(), [&](Article&& a) { articles.push_back(std::move(a)); return Status::OK(); },
                          [](const Status& e) { std::fprintf(stderr, "skipped: %s\n", e.message().c_str()); }, &stats);
  if (!s.ok()) return 1;
  Extractor extractor(rules.value());
  std::vector<double> rates;
  size_t entities = 0, relations = 0;
  for (int p = 0; p < passes; ++p) {
    entities = relations = 0;
    auto start = std::chrono::steady_clock::now();
    std::clock_t cpu_start = std::clock();
    for (const Article& a : articles) {
      ArticleFacts f = extractor.Extract(a);
      entities += f.entities.size();
      relations += f.relations.size();
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // CPU time, not wall time: the rate of one core even on a busy machine.
    double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    rates.push_back(stats.bytes / 1e6 / cpu);
    std::printf("pass %d: %.3f s wall, %.3f s cpu, %.1f MB/s of cpu\n", p + 1, secs, cpu, rates.back());
  }
  std::sort(rates.begin(), rates.end());
  std::printf("corpus %s: %zu articles, %.2f MB; %zu entities, %zu relations\n", corpus.c_str(), articles.size(),
              stats.bytes / 1e6, entities, relations);
  std::printf("median %.1f MB/s per core (one thread, %d passes, first pass builds RE2's DFAs)\n",
              rates[rates.size() / 2], passes);
  return 0;
}
