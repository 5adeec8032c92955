// store_bench traverse: neighbour scans and k-hop expansions on a generated
// graph (see store_bench.cc for the command line).
//
// The graph: N nodes, of which N/100 are articles and the rest Company
// entities, and M distinct (source, type, target) edges with source and
// target drawn uniformly from the entities and the type from four, stored
// by IngestArticle as articles of M/(N/100) relations each (so the write
// path of real ingests builds it). Average out-degree M/N. It is generated
// once into --db (default /tmp/newsgraph-traverse-N-M) by a child process,
// so the measuring process's peak memory is that of the reads alone.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <unordered_set>
#include <vector>

#include "base/hash.h"
#include "bench/bench_util.h"
#include "graph/graph.h"

namespace newsgraph {
namespace bench {

namespace {

namespace fs = std::filesystem;

const char* kTypes[] = {"SUPPLIES", "PARTNERS_WITH", "INVESTS_IN", "PROVIDES_SERVICES_TO"};

std::string EntityName(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "Entity %07zu", i);
  return buf;
}

Status Generate(const std::string& dir, size_t nodes, size_t edges, uint64_t seed) {
  size_t articles = std::max<size_t>(1, nodes / 100), entities = nodes - articles;
  size_t per_article = (edges + articles - 1) / articles;
  auto graph = Graph::Open(dir, OpenOptions::Writer());
  if (!graph.ok()) return graph.status();
  std::mt19937_64 rng(seed);
  std::unordered_set<uint64_t> seen;
  seen.reserve(edges * 2);
  size_t made = 0;
  Timer t;
  for (size_t a = 0; a < articles && made < edges; ++a) {
    ArticleFacts f;
    f.id = "generated-" + std::to_string(a);
    f.title = "Generated article " + std::to_string(a);
    f.text = f.title + ".";
    f.content_hash = ContentHash(f.text);
    std::unordered_set<size_t> named;
    for (size_t r = 0; r < per_article && made < edges; ++r, ++made) {
      size_t s, o, type;
      do {
        s = rng() % entities;
        o = rng() % entities;
        type = rng() % 4;
      } while (s == o || !seen.insert((static_cast<uint64_t>(s) * entities + o) * 4 + type).second);
      Relation rel;
      rel.subject = EntityName(s);
      rel.object = EntityName(o);
      rel.predicate = kTypes[type];
      rel.confidence = 0.8;
      rel.rule = "generated";
      f.relations.push_back(std::move(rel));
      for (size_t e : {s, o})
        if (named.insert(e).second) {
          Entity entity;
          entity.name = EntityName(e);
          entity.labels = {"Company"};
          f.entities.push_back(std::move(entity));  // no mentions: no MENTIONS edge
        }
    }
    auto out = graph.value()->IngestArticle(f);
    if (!out.ok()) return out.status();
    if ((a + 1) % 100 == 0)
      std::printf("  generated %zu edges, %.0f edges/s\r", made, made / t.Seconds()), std::fflush(stdout);
  }
  std::printf("generated %zu nodes and %zu edges in %.1f s (%.0f edges/s through IngestArticle)\n", nodes, made,
              t.Seconds(), made / t.Seconds());
  return Status::OK();
}

}  // namespace

int Traverse(const Args& args) {
  size_t nodes = static_cast<size_t>(args.Number("nodes", 100000));
  size_t edges = static_cast<size_t>(args.Number("edges", 1000000));
  size_t cache_mb = static_cast<size_t>(args.Number("cache-mb", 64));
  double seconds = args.Number("seconds", 3);
  std::string dir = args.Get("db", (fs::temp_directory_path() / ("newsgraph-traverse-" + std::to_string(nodes) + "-" +
                                                                 std::to_string(edges))).string());
  if (!fs::exists(fs::path(dir) / "CURRENT")) {
    std::fflush(stdout);
    pid_t pid = ::fork();
    if (pid == 0) {
      Status s = Generate(dir, nodes, edges, 42);
      if (!s.ok()) std::fprintf(stderr, "store_bench: %s\n", s.message().c_str());
      std::fflush(stdout);
      ::_exit(s.ok() ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  }
  OpenOptions options = OpenOptions::Reader();
  options.block_cache_bytes = cache_mb << 20;
  Timer open_time;
  auto graph = Graph::Open(dir, options);
  if (!graph.ok()) {
    std::fprintf(stderr, "store_bench: %s\n", graph.status().message().c_str());
    return 1;
  }
  auto stats = graph.value()->Stats();
  std::printf("graph %s: %llu nodes, %llu edges, %.0f MiB on disk; opened in %.2f s; block cache %zu MiB\n",
              dir.c_str(), static_cast<unsigned long long>(stats->nodes),
              static_cast<unsigned long long>(stats->edges), stats->bytes_on_disk / 1048576.0, open_time.Seconds(),
              cache_mb);
  const Graph& g = *graph.value();
  std::mt19937_64 rng(7);
  auto random_node = [&] { return 1 + rng() % stats->nodes; };
  std::vector<Neighbor> out;
  {
    size_t scans = 0, found = 0;
    Timer t;
    while (t.Seconds() < seconds) {
      for (int i = 0; i < 100; ++i, ++scans) {
        if (!g.Neighbors(random_node(), Direction::kBoth, "", &out).ok()) return 1;
        found += out.size();
      }
    }
    double s = t.Seconds(), cpu = t.CpuSeconds();
    std::printf("  neighbour scans (both directions, random nodes): %7.0f scans/s  %8.0f neighbours/s  "
                "(per CPU-s: %.0f scans, %.0f neighbours)\n",
                scans / s, found / s, scans / cpu, found / cpu);
  }
  for (int hops : {2, 3}) {
    size_t starts = 0, scans = 0, expanded = 0, reached = 0;
    Timer t;
    while (t.Seconds() < seconds) {
      std::unordered_set<NodeId> visited = {random_node()};
      std::vector<NodeId> frontier(visited.begin(), visited.end()), next;
      for (int h = 0; h < hops; ++h) {
        next.clear();
        for (NodeId v : frontier) {
          if (!g.Neighbors(v, Direction::kOut, "", &out).ok()) return 1;
          ++scans;
          expanded += out.size();
          for (const Neighbor& n : out)
            if (visited.insert(n.node).second) next.push_back(n.node);
        }
        frontier.swap(next);
      }
      reached += visited.size() - 1;
      ++starts;
    }
    double s = t.Seconds(), cpu = t.CpuSeconds();
    std::printf("  %d-hop expansion (outgoing): %7.0f expansions/s, %6.1f starts/s (%.0f nodes reached each), "
                "%.0f scans/s  (per CPU-s: %.0f expansions)\n",
                hops, expanded / s, starts / s, static_cast<double>(reached) / starts, scans / s, expanded / cpu);
  }
  std::printf("max RSS %.0f MiB\n", MaxRssMiB());
  return 0;
}

}  // namespace bench
}  // namespace newsgraph
