// Traversals on a generated graph big enough for the fast paths to run:
// the distinct-endpoint BFS (top-down, then bottom-up over the id range on
// two threads) and shortestPath from both ends, compared with a plain BFS
// over an in-memory copy of the edges; lookups through the import's id index.
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "query/query.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

struct Generated {
  int nodes = 70000;  // above the id range from which the bottom-up pass uses two threads
  std::vector<std::vector<std::pair<int, int>>> out;  // node -> (target, type 0/1)
};

// Distinct nodes reachable in 1..k steps along out-edges (of `type`, -1 = any).
size_t Reach(const Generated& g, int from, int k, int type) {
  std::vector<char> seen(g.nodes, 0);
  std::vector<int> frontier = {from};
  size_t count = 0;
  for (int d = 0; d < k; ++d) {
    std::vector<int> next;
    for (int u : frontier)
      for (auto [v, t] : g.out[u])
        if ((type < 0 || t == type) && !seen[v]) {
          seen[v] = 1;
          ++count;
          next.push_back(v);
        }
    frontier.swap(next);
  }
  return count;
}

int Distance(const Generated& g, int from, int to) {
  std::vector<int> dist(g.nodes, -1);
  std::vector<int> frontier = {from};
  dist[from] = 0;
  for (int d = 1; !frontier.empty(); ++d) {
    std::vector<int> next;
    for (int u : frontier)
      for (auto [v, t] : g.out[u])
        if (dist[v] < 0) {
          dist[v] = d;
          next.push_back(v);
        }
    frontier.swap(next);
  }
  return dist[to];
}

int64_t Count(const Graph& g, const std::string& cypher) {
  auto r = RunQuery(g, cypher, {}, QueryLimits());
  INFO(cypher);
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 1);
  return std::get<int64_t>(r->rows[0][0].v);
}

TEST_CASE("distinct-endpoint BFS and shortestPath agree with a plain BFS on a big skewed graph", "[query][traversal]") {
  unsigned seed = std::random_device()();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  Generated gen;
  gen.out.resize(gen.nodes);
  std::string nodes = "id:ID,:LABEL\n", rels = ":START_ID,:END_ID,:TYPE\n";
  for (int i = 0; i < gen.nodes; ++i) nodes += std::to_string(i) + ",N\n";
  std::set<std::tuple<int, int, int>> edges;
  auto add = [&](int s, int t, int type) {
    if (s == t || !edges.insert({s, t, type}).second) return;
    gen.out[s].push_back({t, type});
    rels += std::to_string(s) + "," + std::to_string(t) + (type ? ",B\n" : ",A\n");
  };
  for (int t = 1; t < gen.nodes / 2; ++t) add(0, t, static_cast<int>(rng() % 2));  // node 0: the hub
  for (int e = 0; e < 6 * gen.nodes; ++e) {
    int s = static_cast<int>(rng() % gen.nodes);
    int t = rng() % 4 ? static_cast<int>(rng() % 2000) : static_cast<int>(rng() % gen.nodes);  // skewed targets
    add(s, t, static_cast<int>(rng() % 2));
  }
  add(gen.nodes - 1, 0, 0);  // a cycle back to the hub
  testing::TempDir dir;
  testing::WriteFile(dir.Sub("n.csv"), nodes);
  testing::WriteFile(dir.Sub("r.csv"), rels);
  ImportReaderOptions options;
  options.id_type = IdType::kInteger;
  REQUIRE(testing::ImportFiles(dir.Sub("db"), {dir.Sub("n.csv"), dir.Sub("r.csv")}, options).ok());
  auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
  REQUIRE(g.ok());
  int normal = 12345;
  for (int from : {0, normal}) {
    for (int k = 1; k <= 3; ++k) {
      std::string anchor = "MATCH (a:N {id: " + std::to_string(from) + "})";
      CHECK(Count(*g.value(), anchor + "-[*1.." + std::to_string(k) + "]->(b) RETURN count(DISTINCT b)") ==
            static_cast<int64_t>(Reach(gen, from, k, -1)));
      CHECK(Count(*g.value(), anchor + "-[:B*1.." + std::to_string(k) + "]->(b) RETURN count(DISTINCT b)") ==
            static_cast<int64_t>(Reach(gen, from, k, 1)));
    }
  }
  for (int to : {1, 777, gen.nodes - 1}) {
    int want = Distance(gen, normal, to);
    if (want < 0 || want > 8) continue;
    CHECK(Count(*g.value(), "MATCH p = shortestPath((a:N {id: " + std::to_string(normal) + "})-[*..8]->(b:N {id: " +
                                std::to_string(to) + "})) RETURN length(p)") == want);
  }
}

}  // namespace
}  // namespace newsgraph
