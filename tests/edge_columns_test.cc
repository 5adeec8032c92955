// graph/edge_columns.h and Graph's counts: the columns of a random graph
// against its adjacency read row by row; counts against scans; a writer's
// changes in the next reader; a budget too small falls back to the row
// path, whose query results the columns' must equal.

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "graph/edge_columns.h"
#include "query/query.h"
#include "query/value.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

// A random graph of `nodes` nodes (labels A, B, both or none) and `edges`
// relationships (types X, Y, Z; weights 0-5, 0 reading as null; self-loops
// and parallel edges), stored by one bulk load.
void RandomGraph(Graph* g, uint32_t seed, int nodes, int edges) {
  std::mt19937 rng(seed);
  BulkLoader loader;
  for (int i = 0; i < nodes; ++i) {
    std::vector<std::string> labels;
    if (rng() % 2) labels.push_back("A");
    if (rng() % 3 == 0) labels.push_back("B");
    loader.AddNode(labels, {{"id", PropertyValue(int64_t{i})}});
  }
  static const char* kTypes[] = {"X", "Y", "Z"};
  for (int i = 0; i < edges; ++i)
    REQUIRE(loader.AddEdge(rng() % nodes, kTypes[rng() % 3], rng() % nodes, rng() % 6).ok());
  REQUIRE(g->BulkLoad(&loader).ok());
}

// RandomGraph's graph written at `path`, then opened by a reader.
std::unique_ptr<Graph> RandomReader(const std::string& path, uint32_t seed, int nodes, int edges) {
  return testing::WrittenReader(path, [&](Graph* g) { RandomGraph(g, seed, nodes, edges); });
}

const char* kQueries[] = {
    "MATCH (n) RETURN count(n)",
    "MATCH (n:A) RETURN count(*)",
    "MATCH ()-[r]->() RETURN count(r)",
    "MATCH ()-[r:X]->() RETURN count(*)",
    "MATCH ()-[r:X|Z]->() RETURN count(*)",
    "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t",
    "MATCH ()-[r]->() RETURN sum(r.weight), min(r.weight), max(r.weight), avg(r.weight), count(r)",
    "MATCH ()-[r:Y]->() WHERE r.weight > 2 RETURN count(*)",
    "MATCH ()-[r]->() WHERE r.weight >= 1 AND r.weight < 4 RETURN type(r) AS t, count(*) AS n, sum(r.weight) AS w ORDER BY t",
    "MATCH ()-[r:Z]->() RETURN r.weight AS w, count(*) AS n ORDER BY w",
    "MATCH (a:A)-[r]->(b) RETURN a.id AS id, count(r) AS d, max(r.weight) AS m ORDER BY d DESC, id LIMIT 5",
    "MATCH (a)<-[r:X]-(b:B) RETURN a.id AS id, count(b) AS d, avg(r.weight) AS w ORDER BY id",
    "MATCH (a)<-[r:X]-(b:B) RETURN b.id % 3 AS k, count(*) AS d ORDER BY k",
    "MATCH (a:A:B)-[r:Y]->(b:A) RETURN count(*), sum(r.weight)",
    "MATCH (a:Nosuch)-[r]->(b) RETURN count(*), min(r.weight)",
    "MATCH ()-[r]->() RETURN r.weight AS w, count(*) AS n ORDER BY w",
    // An anchored end: after the whole-graph queries above, from the columns.
    "MATCH (a:A {id: 3})-[r]->(b) RETURN count(r), sum(r.weight), min(r.weight)",
    "MATCH (a {id: 5})<-[r:X|Y]-(b:A) RETURN count(*), avg(r.weight)",
    "MATCH (a)-[r:Z]->(b {id: 7}) RETURN a.id AS id, count(*) AS n ORDER BY id",
    "MATCH (a)<-[r]-(b {id: 8}) WHERE r.weight > 1 RETURN type(r) AS t, count(a) AS n, max(r.weight) AS m ORDER BY t",
    // Expansions (query/match_expand.cc) from the columns: multi-step,
    // untyped and typed, both directions, weight filters, labels on the far
    // node, counted tails, ExpandInto, variable length, reachability,
    // shortest paths; anchored by a scan (which builds the columns) or by
    // a seek (which reads them only when built).
    "MATCH (a {id: 2})-[:X]->(b)-[:Y]->(c) RETURN count(*)",
    "MATCH (a {id: 4})-[r1]->(b)-[r2]->(c)-[r3]->(d) RETURN count(*)",
    "MATCH (a {id: 4})-->(b)-->(c)-->(d) WHERE d.id < 20 RETURN b.id, c.id, d.id",
    "MATCH (a {id: 1})-[r:X]->(b)-[s:Y]->(c) WHERE s.weight > 2 RETURN count(*)",
    "MATCH (a {id: 1})-[r]-(b:A)-[s:Z]-(c:B) RETURN a.id, type(r), r.weight, b.id, type(s), s.weight, c.id",
    "MATCH (a {id: 3})-[:X]->(b)-[s:Y]->(c) RETURN c.id AS id, count(*) AS n, sum(s.weight) AS w ORDER BY n DESC, w DESC, id",
    "MATCH (a:A)-[:X]->(b:A)-[:X]->(c:A)-[:X]->(a) RETURN count(*)",
    "MATCH (a)-[:Y]->(b:B)-[:Y]->(a) WHERE a.id < b.id RETURN a.id, b.id",
    "MATCH (a {id: 6})-->(b)-->(c)<--(d)<--(a) WHERE b.id < d.id RETURN count(*)",
    "MATCH (a)-[r:X]-(b)-[s]-(c) WHERE r.weight > 3 AND a.id < 10 RETURN a.id, b.id, c.id, type(s)",
    "MATCH p = (a {id: 5})-[*1..3]->(b {id: 9}) RETURN length(p) AS len, count(*) AS n ORDER BY len",
    "MATCH (a {id: 5})-[:Y*1..4]->(b) RETURN count(*)",
    "MATCH (a {id: 2})-[*1..2]->(b) RETURN count(DISTINCT b)",
    "MATCH (a {id: 2})<-[:X|Z*1..3]-(b) RETURN count(DISTINCT b)",
    "MATCH p = shortestPath((a {id: 1})-[*]->(b {id: 30})) RETURN length(p)",
    "MATCH p = shortestPath((a {id: 1})-[:X|Y*]-(b {id: 17})) RETURN length(p)",
    "MATCH (a:B) WHERE a.id < 15 OPTIONAL MATCH (a)-[:Z]->(b)-[:Z]->(a) RETURN a.id, b.id ORDER BY a.id, b.id",
    // Cycles closed by intersecting neighbour lists (query/match_join.cc),
    // rows in the order the row path makes them: named relationships,
    // undirected steps, self-loops and parallel edges, right to left.
    "MATCH (a)-[r:X]->(b)-[s:Y]->(c)-[t]->(a) RETURN a.id, b.id, c.id, r.weight, s.weight, type(t)",
    "MATCH (a)-[r]-(b:A)-[s:X]-(a) RETURN a.id, b.id, type(r), r.weight, s.weight",
    "MATCH (a:A)-[:X]->(b)-->(c)<-[:Y]-(d)<--(a) RETURN count(*)",
    "MATCH (a {id: 3})-[:X|Z]-(b)-[:Y]->(c)-[r]-(d:B)-[:X|Z]-(a) RETURN b.id, c.id, d.id, type(r)",
    "MATCH (b)-[:Z]->(c)-[r]->(a {id: 3})-[:Z]-(b) RETURN b.id, c.id, r.weight",
    // Variable-length steps between bound nodes (query/match_between.cc)
    // and all shortest paths from both ends.
    "MATCH (a {id: 5}), (b {id: 9}) MATCH p = (a)-[*1..3]-(b) RETURN length(p) AS len, count(*) AS n ORDER BY len",
    "MATCH (a:A {id: 2}), (b:B) MATCH (a)-[r:X|Y*0..3]->(b) RETURN b.id, size(r), r[0].weight",
    "MATCH (a {id: 1}), (b {id: 30}) MATCH p = allShortestPaths((a)-[*]->(b)) RETURN [n IN nodes(p) | n.id]",
    "MATCH (a {id: 3}), (b:B) MATCH p = allShortestPaths((a)-[:X|Z*..3]-(b)) RETURN b.id, length(p), count(*)",
    "MATCH (a)-[r]->(b:A) RETURN a.id AS id, count(r) AS d ORDER BY d DESC, id LIMIT 5",
    "MATCH (a)-[r]->(b)-[s]->(c) RETURN a.id, b.id, c.id LIMIT 7",
    // Seed 3's X edges of weight 1 have a property p: steps that bind their
    // relationship then read the adjacency entries, the others the columns.
    "MATCH (a {id: 2})-[r]->(b)-[s]->(c) RETURN r.p AS p, s.p AS q, count(*) AS n ORDER BY p, q",
    "MATCH (a)-[r:X {p: 7}]->(b)-->(c) RETURN a.id, b.id, c.id",
    "MATCH (a)-[:X]->(b)-[s:X]->(c) WHERE s.p = 7 RETURN count(*)",
};

TEST_CASE("edge columns hold the adjacency as read row by row", "[graph][columns]") {
  testing::TempDir dir;
  auto g = RandomReader(dir.path(), 20261207, 60, 400);
  const Graph& graph = *g;
  auto cols = graph.Columns();
  REQUIRE(cols.ok());
  REQUIRE(cols.value() != nullptr);
  const EdgeColumns& c = *cols.value();
  CHECK(c.types() == std::vector<std::string>{"X", "Y", "Z"});
  uint64_t total = 0;
  for (Direction dir : {Direction::kOut, Direction::kIn}) {
    const EdgeColumns::Side& side = c.side(dir);
    REQUIRE(side.offsets.size() == graph.NodeIdBound() + 1);
    for (NodeId n = 0; n < graph.NodeIdBound(); ++n) {
      std::vector<Neighbor> want;
      REQUIRE(graph.Neighbors(n, dir, "", &want).ok());
      REQUIRE(side.offsets[n + 1] - side.offsets[n] == want.size());
      for (size_t k = 0; k < want.size(); ++k) {
        size_t i = side.offsets[n] + k;
        CHECK(side.other[i] == want[k].node);
        CHECK(side.edge[i] == want[k].edge);
        CHECK(c.types()[side.type[i]] == want[k].type);
        auto e = graph.GetEdge(side.edge[i]);
        REQUIRE(e.ok());
        CHECK(side.weight[i] == e->weight);
      }
      if (dir == Direction::kOut) total += want.size();
    }
  }
  CHECK(total == graph.EdgeCount());
  CHECK_FALSE(c.properties());
  // ForEachEntry: the scanner's entries, in its order, with the whole edge.
  GraphScanner scanner(graph);
  auto text = [](const AdjacencyEntry& e) {
    Edge edge;
    REQUIRE(e.ToEdge(&edge));
    return std::to_string(e.node) + ">" + std::to_string(e.other) + " " + std::to_string(e.edge) + " " +
           std::to_string(e.outgoing) + " " + edge.type + " " + std::to_string(edge.src) + "-" +
           std::to_string(edge.dst) + " w" + std::to_string(edge.weight) + " p" + std::to_string(edge.properties.size());
  };
  for (NodeId n = 0; n < graph.NodeIdBound(); ++n)
    for (Direction dir : {Direction::kOut, Direction::kIn, Direction::kBoth})
      for (const char* type : {"", "Y", "W"}) {
        std::vector<std::string> want, got;
        REQUIRE(scanner.ForEachEntry(n, dir, type, [&](const AdjacencyEntry& e) { return want.push_back(text(e)), true; }).ok());
        c.ForEachEntry(n, dir, type, true, [&](const AdjacencyEntry& e) { return got.push_back(text(e)), true; });
        INFO("node " << n << " type '" << type << "'");
        CHECK(got == want);
        size_t calls = 0;
        c.ForEachEntry(n, dir, type, false, [&](const AdjacencyEntry& e) {
          CHECK(e.value.empty());
          return ++calls < 2;
        });
        CHECK(calls == std::min<size_t>(want.size(), 2));  // false stops
      }
  for (const char* type : {"X", "Y", "Z", "W"}) {
    uint64_t scanned = 0;
    REQUIRE(graph.ScanEdges(type, [&](EdgeId) { return ++scanned, true; }).ok());
    CHECK(graph.TypeCount(type).value() == scanned);
  }
  for (const char* label : {"A", "B", "C"}) {
    uint64_t scanned = 0;
    REQUIRE(graph.ScanNodes(label, [&](NodeId) { return ++scanned, true; }).ok());
    CHECK(graph.LabelCount(label).value() == scanned);
    auto members = graph.LabelMembers(label);
    REQUIRE(members.ok());
    CHECK(static_cast<uint64_t>(std::count(members.value()->begin(), members.value()->end(), true)) == scanned);
  }
}

TEST_CASE("queries give the same rows with and without edge columns", "[graph][columns][query]") {
  testing::TempDir dir;
  for (uint32_t seed : {1u, 2u, 3u}) {
    std::string db = dir.Sub("g" + std::to_string(seed));
    auto w = Graph::Open(db, OpenOptions::Writer());
    REQUIRE(w.ok());
    RandomGraph(w.value().get(), seed, 40, 250);
    if (seed == 3) REQUIRE(RunQuery(*w.value(), "MATCH ()-[r:X]->() WHERE r.weight = 1 SET r.p = 7", {}, {}).ok());
    // The writer answers from rows (it keeps no columns) and counts by scans.
    REQUIRE(w.value()->Columns().value() == nullptr);
    std::vector<std::vector<std::string>> by_writer;
    for (const char* q : kQueries) by_writer.push_back(testing::QueryRows(*w.value(), q));
    OpenOptions small = OpenOptions::Reader();
    small.edge_columns_bytes = EdgeColumns::EstimateBytes(w.value()->NodeIdBound(), w.value()->EdgeCount()) - 1;
    REQUIRE(w.value()->Close().ok());
    auto with = Graph::Open(db, OpenOptions::Reader());
    auto without = Graph::Open(db, small);
    REQUIRE(with.ok());
    REQUIRE(without.ok());
    REQUIRE(with.value()->Columns().value() != nullptr);
    REQUIRE(without.value()->Columns().value() == nullptr);
    for (size_t i = 0; i < std::size(kQueries); ++i) {
      INFO("seed " << seed << ": " << kQueries[i]);
      std::vector<std::string> rows = testing::QueryRows(*without.value(), kQueries[i]);
      CHECK(rows == by_writer[i]);
      CHECK(testing::QueryRows(*with.value(), kQueries[i]) == rows);
    }
  }
}

TEST_CASE("a reader builds its edge columns only for a MATCH that reads many edges", "[graph][columns][query]") {
  testing::TempDir dir;
  auto r = RandomReader(dir.path(), 11, 40, 200);
  const Graph& g = *r;
  // From a few nodes, or stopped early by a LIMIT: row by row, no build.
  testing::QueryRows(g, "MATCH (a {id: 3})-[:X]->(b)-->(c) RETURN count(*)");
  testing::QueryRows(g, "MATCH (a:A)-->(b)-->(c) RETURN c.id LIMIT 3");
  testing::QueryRows(g, "MATCH (a:A) RETURN count(a)");
  CHECK(g.BuiltColumns() == nullptr);
  // An expansion from a label scan read to the end: built, and kept for
  // the next query, anchored anywhere.
  std::vector<std::string> two_hop = testing::QueryRows(g, "MATCH (a:A)-[:X]->(b)-->(c) RETURN count(*)");
  CHECK(g.BuiltColumns() != nullptr);
  auto rows_only = Graph::Open(dir.path(), [] {
    OpenOptions o = OpenOptions::Reader();
    o.edge_columns_bytes = 0;
    return o;
  }());
  REQUIRE(rows_only.ok());
  CHECK(testing::QueryRows(*rows_only.value(), "MATCH (a:A)-[:X]->(b)-->(c) RETURN count(*)") == two_hop);
}

TEST_CASE("a writer's changes show in the next reader's counts and columns", "[graph][columns]") {
  testing::TempDir dir;
  auto w = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(w.ok());
  Graph& writer = *w.value();
  RandomGraph(&writer, 7, 30, 100);
  auto before = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(before.ok());
  const std::string count_x = "MATCH ()-[r:X]->() RETURN count(*), sum(r.weight)";
  const std::string count_a = "MATCH (n:A) RETURN count(n)";
  std::vector<std::string> x0 = testing::QueryRows(*before.value(), count_x), a0 = testing::QueryRows(*before.value(), count_a);
  uint64_t a = writer.LabelCount("A").value(), x = writer.TypeCount("X").value();
  // Curation writes: a node with label A and an X edge of weight 0 (null),
  // then a detached delete of a node with X edges.
  REQUIRE(writer.BeginWrites().ok());
  auto n = writer.CreateNode({"A"}, {});
  REQUIRE(n.ok());
  REQUIRE(writer.CreateEdge(n.value(), "X", n.value(), {}).ok());
  CHECK(writer.LabelCount("A").value() == a + 1);  // a writer sees its open writes
  CHECK(writer.TypeCount("X").value() == x + 1);
  REQUIRE(writer.CommitWrites().ok());
  NodeId victim = 0;
  uint64_t victim_x = 0;
  for (NodeId id = 0; id < writer.NodeIdBound() && victim == 0; ++id) {
    std::vector<Neighbor> out;
    REQUIRE(writer.Neighbors(id, Direction::kBoth, "X", &out).ok());
    if (out.size() >= 2 && std::none_of(out.begin(), out.end(), [&](const Neighbor& nb) { return nb.node == id; })) {
      victim = id;
      victim_x = out.size();
    }
  }
  REQUIRE(victim != 0);
  bool victim_a = false;
  Node victim_node = writer.GetNode(victim).value();
  for (const std::string& l : victim_node.labels) victim_a |= l == "A";
  REQUIRE(writer.BeginWrites().ok());
  REQUIRE(writer.DeleteNode(victim, /*detach=*/true).ok());
  REQUIRE(writer.CommitWrites().ok());
  CHECK(writer.LabelCount("A").value() == a + 1 - victim_a);
  CHECK(writer.TypeCount("X").value() == x + 1 - victim_x);
  // The reader opened before sees its snapshot; the next one the changes.
  CHECK(testing::QueryRows(*before.value(), count_x) == x0);
  CHECK(testing::QueryRows(*before.value(), count_a) == a0);
  auto after = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(after.ok());
  CHECK(after.value()->LabelCount("A").value() == a + 1 - victim_a);
  CHECK(testing::QueryRows(*after.value(), count_a) == std::vector<std::string>{std::to_string(a + 1 - victim_a) + "|"});
  CHECK(testing::QueryRows(*after.value(), count_x) == testing::QueryRows(writer, count_x));
  const EdgeColumns* cols = after.value()->Columns().value();
  REQUIRE(cols != nullptr);
  CHECK(cols->TypeCount(cols->TypeIndex("X")) == x + 1 - victim_x);
  const EdgeColumns::Side& out = cols->side(Direction::kOut);
  CHECK(out.offsets[victim + 1] == out.offsets[victim]);  // the deleted node has no entries left
}

}  // namespace
}  // namespace newsgraph
