// Counted tails (query/planner.h): `... -[s]->(c) WHERE s.key op constant
// RETURN count(*)` counts the last step's relationships instead of binding
// each. On a random graph with self-loops, parallel edges, weights and
// missing properties, every counted query must equal the same query
// matched row by row (`count(*) + 0` is not counted), in a reader with and
// without its adjacency cache and in a writer, and EXPLAIN must show the
// counted step where it applies.
#include <catch2/catch.hpp>

#include <random>

#include "query/query.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

int64_t CountOf(const Graph& g, const std::string& cypher, const Params& params) {
  auto r = RunQuery(g, cypher, params, QueryLimits());
  INFO(cypher);
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 1);
  REQUIRE(r->rows[0][0].type() == Value::kInt);
  return std::get<int64_t>(r->rows[0][0].v);
}

std::string Plan(const Graph& g, const std::string& cypher) {
  auto r = RunQuery(g, "EXPLAIN " + cypher, {}, QueryLimits());
  REQUIRE(r.ok());
  std::string plan;
  for (const auto& row : r->rows) plan += ToDisplay(row[0]) + "\n";
  return plan;
}

TEST_CASE("counted tails equal row-by-row matching on a random graph", "[query][count]") {
  unsigned seed = std::random_device()();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  testing::TempDir dir;
  const int kNodes = 200;
  std::string nodes = "id:ID,:LABEL\n", rels = ":START_ID,:END_ID,:TYPE,weight:int,w:int\n";
  for (int i = 0; i < kNodes; ++i) nodes += std::to_string(i) + (i % 7 ? ",N\n" : ",N;M\n");
  for (int e = 0; e < 2500; ++e) {
    int s = static_cast<int>(rng() % kNodes), t = rng() % 10 == 0 ? s : static_cast<int>(rng() % (kNodes / 4));
    std::string w = rng() % 4 == 0 ? "" : std::to_string(rng() % 6);  // some edges lack w
    rels += std::to_string(s) + "," + std::to_string(t) + (rng() % 2 ? ",A," : ",B,") + std::to_string(1 + rng() % 5) +
            "," + w + "\n";
  }
  testing::WriteFile(dir.Sub("nodes.csv"), nodes);
  testing::WriteFile(dir.Sub("rels.csv"), rels);
  ImportReaderOptions options;
  options.id_type = IdType::kInteger;
  REQUIRE(testing::ImportFiles(dir.Sub("db"), {dir.Sub("nodes.csv"), dir.Sub("rels.csv")}, options).ok());
  {  // parallel edges, which only CREATE makes, some from the hub-ish node 0
    auto g = testing::OpenWriter(dir.Sub("db"));
    REQUIRE(RunQuery(*g, "MATCH (a:N {id: 0}), (b:N) WHERE b.id < 30 CREATE (a)-[:A {w: 3}]->(b), (b)-[:B]->(a)", {}, {}).ok());
  }

  const std::vector<std::string> patterns = {
      "MATCH (a:N {id: $x})-[r:A]->(b)-[s:B]->(c)",
      "MATCH (a:N {id: $x})-[r]->(b)-[s]-(c) WHERE s.w > 2",                       // undirected tail: r again, self-loops
      "MATCH (a:N {id: $x})-[r]-(b)-[s]-(c) WHERE 3 <= s.weight AND a.id >= 0",    // flipped, with a condition on a
      "MATCH (a:M)-[r:A]->(b)-[s:A|B]->(c) WHERE s.w <> 1",                        // a label scan anchor
      "MATCH (a:N {id: $x})-[r]->(b)<-[s]-(c) WHERE s.w = $w",                     // a parameter
      "MATCH (a:N {id: $x})-[s]->(c) WHERE s.missing > 1",                         // null: never true
      "MATCH (a:N {id: $x})-[s:A]->(c) WHERE s.w >= 2 AND s.weight < 4",           // one step, two filters
      "MATCH (c:N {id: $x}) WITH c MATCH (a)-[r]->(c)",                            // tail node bound before
      "MATCH (a:N {id: $x})-[r]->(b)-[s]->(c) WHERE s.w > 1 OR s.weight > 4",      // OR: not counted
  };
  auto reader = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
  REQUIRE(reader.ok());
  OpenOptions uncached = OpenOptions::Reader();
  uncached.adjacency_cache_bytes = 0;
  auto plain_reader = Graph::Open(dir.Sub("db"), uncached);
  REQUIRE(plain_reader.ok());
  for (int round = 0; round < 12; ++round) {
    Params params = {{"x", Value(static_cast<int64_t>(round == 0 ? 0 : rng() % kNodes))},
                     {"w", Value(static_cast<int64_t>(rng() % 6))}};
    for (const std::string& p : patterns) {
      INFO(p << " with x = " << ToDisplay(params["x"]));
      int64_t rows = CountOf(*reader.value(), p + " RETURN count(*) + 0", params);
      CHECK(CountOf(*reader.value(), p + " RETURN count(*)", params) == rows);
      CHECK(CountOf(*reader.value(), p + " RETURN count(*)", params) == rows);  // from the cache this time
      CHECK(CountOf(*plain_reader.value(), p + " RETURN count(*)", params) == rows);
      CHECK(CountOf(*reader.value(), p + " WITH count(*) AS n RETURN n", params) == rows);
    }
  }
  {
    auto writer = testing::OpenWriter(dir.Sub("db"));
    for (const std::string& p : patterns) {
      Params params = {{"x", Value(int64_t{0})}, {"w", Value(int64_t{3})}};
      INFO(p);
      CHECK(CountOf(*writer, p + " RETURN count(*)", params) == CountOf(*reader.value(), p + " RETURN count(*) + 0", params));
    }
  }
  // Where the last step is counted, and where it is not.
  CHECK_THAT(Plan(*reader.value(), "MATCH (a:N {id: 1})-[r:A]->(b)-[s:B]->(c) WHERE s.w > 2 RETURN count(*)"),
             Catch::Contains("ExpandCount(-[s:B]->c WHERE s.w > 2)"));
  CHECK_THAT(Plan(*reader.value(), "MATCH (a:N {id: 1})-[r:A]->(b)-[s:B]->(c) RETURN count(*) + 0"),
             !Catch::Contains("ExpandCount"));
  CHECK_THAT(Plan(*reader.value(), "MATCH (a:N {id: 1})-[r:A]->(b)-[s:B]->(c) RETURN count(*), c.id"),
             !Catch::Contains("ExpandCount"));
  CHECK_THAT(Plan(*reader.value(), "MATCH (a:N {id: 1})-[r:A]->(b)-[s:B]->(c:M) RETURN count(*)"),
             !Catch::Contains("ExpandCount"));
}

}  // namespace
}  // namespace newsgraph
