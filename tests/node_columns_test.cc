// graph/node_columns.h and the queries that read it: the columns of a
// random graph against its node records; aggregates grouped by a node
// property (with the top-k cut), label scans filtered on a column and
// property reads in expansions give the same rows on a writer (records),
// a reader with node columns and readers without them; a writer's changes
// show in the next reader, not in one opened before.

#include <catch2/catch.hpp>

#include <random>

#include "graph/edge_columns.h"
#include "graph/node_columns.h"
#include "query/query.h"
#include "query/value.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

// A random graph of `nodes` nodes (labels A, B, both or none; `id` i and
// `name` "n" + a number below 40, so names repeat) and `edges` relationships
// (types X, Y; weights 0-5). With `irregular`, some nodes lack `id` or
// `name` or hold another kind of value there (a double id, an integer or
// list name).
void RandomGraph(Graph* g, uint32_t seed, int nodes, int edges, bool irregular) {
  std::mt19937 rng(seed);
  BulkLoader loader;
  for (int i = 0; i < nodes; ++i) {
    static const std::vector<std::string> kLabels[] = {{}, {"A"}, {"A"}, {"A", "B"}, {"B"}, {}};
    const std::vector<std::string>& labels = kLabels[rng() % 6];
    Properties p = {{"id", PropertyValue(int64_t{i})}, {"name", PropertyValue("n" + std::to_string(rng() % 40))}};
    if (irregular && i % 7 == 3) p.erase("id");
    if (irregular && i % 11 == 5) p["id"] = PropertyValue(i + 0.5);
    if (irregular && i % 5 == 1) p.erase("name");
    if (irregular && i % 13 == 2) p["name"] = PropertyValue(int64_t{i % 4});
    if (irregular && i % 17 == 4) p["name"] = PropertyValue(PropertyList{PropertyValue("n1")});
    loader.AddNode(labels, p);
  }
  for (int i = 0; i < edges; ++i)
    REQUIRE(loader.AddEdge(rng() % nodes, rng() % 2 ? "X" : "Y", rng() % nodes, rng() % 6).ok());
  REQUIRE(g->BulkLoad(&loader).ok());
}

// RandomGraph's graph of 90 nodes written at `path`, then opened by a reader.
std::unique_ptr<Graph> RandomReader(const std::string& path, bool irregular) {
  return testing::WrittenReader(path, [&](Graph* g) { RandomGraph(g, 5, 90, 10, irregular); });
}

const char* kQueries[] = {
    // Grouped by a node property: top-k by count or sum (cut at the k-th
    // value when ids are unique), ascending, with SKIP, ties at the cut;
    // by a repeated name (nodes merged into one group).
    "MATCH (a:A)-[r]->(:A) RETURN a.id AS id, count(r) AS d ORDER BY d DESC, id LIMIT 5",
    "MATCH (a)<-[r:X]-() RETURN a.id AS id, count(r) AS d ORDER BY d DESC, id SKIP 2 LIMIT 3",
    "MATCH (a)-[r:Y]->() RETURN a.id AS id, sum(r.weight) AS w ORDER BY w DESC, id LIMIT 4",
    "MATCH (a)-[r]->() RETURN a.id AS id, count(*) AS d ORDER BY d, id LIMIT 6",
    "MATCH (a)-[r]->() RETURN a.id AS id, count(*) AS d ORDER BY d DESC LIMIT 1",
    "MATCH ()-[r]->(b) RETURN b.name AS name, count(r) AS d ORDER BY d DESC, name LIMIT 5",
    "MATCH ()-[r]->(b:B) RETURN b.name AS name, b.id AS id, count(r) AS d ORDER BY name, id",
    "MATCH (a)-[r]->() RETURN a.id AS id, count(r) AS d, max(r.weight) AS m ORDER BY m DESC, d DESC, id LIMIT 5",
    // Label scans filtered on a column.
    "MATCH (c:A) WHERE c.name ENDS WITH '7' RETURN count(*)",
    "MATCH (c:A) WHERE c.name STARTS WITH 'n1' RETURN count(c)",
    "MATCH (c) WHERE c.name CONTAINS '3' RETURN count(*)",
    "MATCH (c:B) WHERE c.id >= 10 AND c.id < 90 RETURN count(*)",
    "MATCH (c) WHERE c.id <> 12 AND c.name = 'n5' RETURN count(*)",
    "MATCH (c:A) WHERE c.name < 'n2' RETURN count(*)",
    "MATCH (c:A) WHERE c.name = 2 RETURN count(*)",
    "MATCH (c) WHERE c.id > 50.5 RETURN count(*)",
    "MATCH (c:B) WHERE c.name STARTS WITH $p RETURN count(*)",
    "MATCH (c:Nosuch) WHERE c.name STARTS WITH 'n' RETURN count(*)",
    // Property reads of nodes an expansion binds.
    "MATCH (a {id: 4})-->(b)-->(c) WHERE c.id < 30 RETURN b.id, b.name, c.id, c.name ORDER BY b.id, c.id",
    "MATCH (a {id: 9})-[:X]->(b) RETURN collect(b.name) AS names",
    "MATCH (a:B)-[:Y]->(b) WHERE b.name ENDS WITH '1' RETURN a.id, b.id ORDER BY a.id, b.id",
};

// The rows of kQueries on a writer, a reader with node columns, one whose
// budget holds the edge columns only, and one with no columns.
void CheckAgree(uint32_t seed, bool irregular) {
  testing::TempDir dir;
  auto w = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(w.ok());
  RandomGraph(w.value().get(), seed, 120, 700, irregular);
  Params params = {{"p", Value("n2")}};
  std::vector<std::vector<std::string>> by_writer;
  for (const char* q : kQueries) by_writer.push_back(testing::QueryRows(*w.value(), q, params));
  OpenOptions edges_only = OpenOptions::Reader(), none = OpenOptions::Reader();
  edges_only.edge_columns_bytes = EdgeColumns::EstimateBytes(w.value()->NodeIdBound(), w.value()->EdgeCount());
  none.edge_columns_bytes = 0;
  REQUIRE(w.value()->Close().ok());
  for (const OpenOptions& options : {OpenOptions::Reader(), edges_only, none}) {
    auto r = Graph::Open(dir.path(), options);
    REQUIRE(r.ok());
    const Graph& reader = *r.value();
    REQUIRE(reader.Columns().ok());  // the edge columns first: the edges-only budget is then spent
    for (size_t i = 0; i < std::size(kQueries); ++i) {
      INFO("seed " << seed << " budget " << options.edge_columns_bytes << ": " << kQueries[i]);
      CHECK(testing::QueryRows(reader, kQueries[i], params) == by_writer[i]);
    }
    CHECK((reader.BuiltNodePropertyColumns() != nullptr) == (options.edge_columns_bytes > edges_only.edge_columns_bytes));
  }
}

TEST_CASE("node columns hold id and name as the node records do", "[graph][columns]") {
  testing::TempDir dir;
  auto r = RandomReader(dir.path(), /*irregular=*/true);
  const Graph& g = *r;
  auto built = g.NodePropertyColumns();
  REQUIRE(built.ok());
  REQUIRE(built.value() != nullptr);
  CHECK(g.BuiltNodePropertyColumns() == built.value());
  const NodeColumns& cols = *built.value();
  CHECK(cols.column("title") == nullptr);
  for (const char* key : {"id", "name"}) {
    const NodeColumns::Column* c = cols.column(key);
    REQUIRE(c != nullptr);
    CHECK_FALSE(c->Unique());  // missing values (and repeated names)
    for (NodeId n = 0; n < g.NodeIdBound() + 2; ++n) {
      INFO(key << " of node " << n);
      auto node = g.GetNode(n);
      if (!node.ok()) {
        CHECK(c->kind(n) == NodeColumns::kNoNode);
        continue;
      }
      auto it = node->properties.find(key);
      if (it == node->properties.end()) {
        CHECK(c->kind(n) == NodeColumns::kAbsent);
      } else if (const int64_t* i = std::get_if<int64_t>(&it->second.v)) {
        REQUIRE(c->kind(n) == NodeColumns::kInt);
        CHECK(c->ints[n] == *i);
      } else if (const std::string* s = it->second.as_string()) {
        REQUIRE(c->kind(n) == NodeColumns::kString);
        CHECK(c->str(n) == *s);
      } else {
        CHECK(c->kind(n) == NodeColumns::kOther);
      }
    }
  }
  // Unique ids: every node has one of its own.
  testing::TempDir dir2;
  auto r2 = RandomReader(dir2.path(), /*irregular=*/false);
  auto regular = r2->NodePropertyColumns();
  REQUIRE(regular.ok());
  REQUIRE(regular.value() != nullptr);
  CHECK(regular.value()->column("id")->Unique());
  CHECK_FALSE(regular.value()->column("name")->Unique());
}

TEST_CASE("queries give the same rows with and without node columns", "[graph][columns][query]") {
  CheckAgree(1, false);
  CheckAgree(2, true);
}

TEST_CASE("a writer's changes show in the next reader's node columns, not in an open one", "[graph][columns]") {
  testing::TempDir dir;
  auto w = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(w.ok());
  Graph& writer = *w.value();
  RandomGraph(&writer, 3, 60, 300, false);
  const std::string top = "MATCH (a)-[r]->() RETURN a.id AS id, count(r) AS d ORDER BY d DESC, id LIMIT 3";
  const std::string names = "MATCH (c:A) WHERE c.name ENDS WITH 'zz' RETURN count(*)";
  auto before = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(before.ok());
  std::vector<std::string> top0 = testing::QueryRows(*before.value(), top);
  CHECK(testing::QueryRows(*before.value(), names) == std::vector<std::string>{"0|"});
  REQUIRE(before.value()->BuiltNodePropertyColumns() != nullptr);
  // A new node 1000 with 50 edges out tops the list; two A nodes end in zz.
  REQUIRE(RunQuery(writer, "CREATE (h:A {id: 1000, name: 'hzz'}) WITH h MATCH (b) WHERE b.id < 50 CREATE (h)-[:X]->(b)", {}, {}).ok());
  REQUIRE(RunQuery(writer, "MATCH (c:A) WITH c ORDER BY c.id LIMIT 1 SET c.name = 'azz'", {}, {}).ok());
  std::vector<std::string> top1 = testing::QueryRows(writer, top);
  REQUIRE(top1.size() == 3);
  CHECK(top1[0] == "1000|50|");
  CHECK(testing::QueryRows(writer, names) == std::vector<std::string>{"2|"});
  CHECK(testing::QueryRows(*before.value(), top) == top0);  // its snapshot
  CHECK(testing::QueryRows(*before.value(), names) == std::vector<std::string>{"0|"});
  auto after = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(after.ok());
  CHECK(testing::QueryRows(*after.value(), top) == top1);
  CHECK(testing::QueryRows(*after.value(), names) == std::vector<std::string>{"2|"});
  CHECK(after.value()->BuiltNodePropertyColumns() != nullptr);
}

TEST_CASE("a label count whose WHERE an index seek answers reads the seek, not node columns", "[graph][columns]") {
  testing::TempDir dir;
  {
    auto w = Graph::Open(dir.path(), OpenOptions::Writer());
    REQUIRE(w.ok());
    RandomGraph(w.value().get(), 4, 80, 200, false);
    REQUIRE(RunQuery(*w.value(), "CREATE INDEX FOR (n:A) ON (n.id)", {}, {}).ok());
    REQUIRE(w.value()->Close().ok());
  }
  auto r = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(r.ok());
  const std::string range = "MATCH (c:A) WHERE c.id >= 10 AND c.id < 40 RETURN count(*)";
  std::vector<std::string> by_seek = testing::QueryRows(*r.value(), range);
  CHECK(r.value()->BuiltNodePropertyColumns() == nullptr);  // the seek read 30 ids' nodes, no column
  CHECK(by_seek == testing::QueryRows(*r.value(), "MATCH (c:A) WHERE c.id + 0 >= 10 AND c.id < 40 RETURN count(*)"));
  // A WHERE no seek answers: the label's bitmap and the columns.
  testing::QueryRows(*r.value(), "MATCH (c:A) WHERE c.name ENDS WITH '1' RETURN count(*)");
  CHECK(r.value()->BuiltNodePropertyColumns() != nullptr);
}

}  // namespace
}  // namespace newsgraph
