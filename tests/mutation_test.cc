// The Graph's curation writes (graph.h): one atomic batch per transaction,
// read-your-writes, and every index kept in step.
#include <catch2/catch.hpp>

#include <algorithm>

#include "graph/graph.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;

using testing::OpenWriter;

std::vector<NodeId> ByName(const Graph& g, const std::string& name) {
  std::vector<NodeId> ids;
  REQUIRE(g.FindByName(name, &ids).ok());
  return ids;
}

std::vector<NodeId> ByLabel(const Graph& g, const std::string& label) {
  std::vector<NodeId> ids;
  REQUIRE(g.ScanNodes(label, [&](NodeId id) {
    ids.push_back(id);
    return true;
  }).ok());
  return ids;
}

TEST_CASE("curation writes are seen by reads before commit and dropped by abort", "[graph][mutation]") {
  TempDir dir;
  auto g = OpenWriter(dir.path());
  REQUIRE(g->BeginWrites().ok());
  REQUIRE_FALSE(g->BeginWrites().ok());  // one at a time
  auto a = g->CreateNode({"Company"}, {{"name", "Acme"}, {"aliases", PropertyList{"ACME Corp"}}});
  REQUIRE(a.ok());
  CHECK(ByName(*g, "acme corp") == std::vector<NodeId>{a.value()});
  CHECK(ByLabel(*g, "Company") == std::vector<NodeId>{a.value()});
  g->AbortWrites();
  CHECK(ByName(*g, "Acme").empty());
  CHECK_FALSE(g->GetNode(a.value()).ok());
  // Ids handed out by an aborted transaction are not reused by accident:
  // nothing was committed, so the counters start where they were.
  REQUIRE(g->BeginWrites().ok());
  auto b = g->CreateNode({}, {{"name", "Beta"}});
  REQUIRE(b.ok());
  REQUIRE(g->CommitWrites().ok());
  CHECK(ByName(*g, "BETA") == std::vector<NodeId>{b.value()});
  auto stats = g->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->nodes == 1);
}

TEST_CASE("edges: adjacency both ways, types, parallel edges, deletes", "[graph][mutation]") {
  TempDir dir;
  auto g = OpenWriter(dir.path());
  REQUIRE(g->BeginWrites().ok());
  NodeId a = g->CreateNode({"A"}, {{"name", "a"}}).value();
  NodeId b = g->CreateNode({"B"}, {{"name", "b"}}).value();
  EdgeId e1 = g->CreateEdge(a, "KNOWS", b, {{"since", 2020}}).value();
  EdgeId e2 = g->CreateEdge(a, "KNOWS", b, {}).value();  // CREATE always adds one
  CHECK(e1 != e2);
  CHECK_FALSE(g->CreateEdge(a, "KNOWS", 999, {}).ok());
  REQUIRE(g->CommitWrites().ok());

  std::vector<Neighbor> out, in;
  REQUIRE(g->Neighbors(a, Direction::kOut, "KNOWS", &out).ok());
  REQUIRE(g->Neighbors(b, Direction::kIn, "", &in).ok());
  CHECK(out.size() == 2);
  CHECK(in.size() == 2);
  CHECK(g->GetEdge(e1)->properties.at("since") == PropertyValue(2020));

  REQUIRE(g->BeginWrites().ok());
  REQUIRE(g->DeleteEdge(e1).ok());
  REQUIRE(g->SetEdgeProperty(e2, "note", "kept").ok());
  REQUIRE(g->CommitWrites().ok());
  REQUIRE(g->Neighbors(a, Direction::kBoth, "", &out).ok());
  REQUIRE(out.size() == 1);
  CHECK(out[0].edge == e2);
  std::vector<EdgeId> typed;
  REQUIRE(g->ScanEdges("KNOWS", [&](EdgeId id) {
    typed.push_back(id);
    return true;
  }).ok());
  CHECK(typed == std::vector<EdgeId>{e2});
  CHECK(g->Stats()->edges == 1);
}

TEST_CASE("ingest adds a triple's weight to its lowest-id parallel edge, before and after deletes", "[graph][mutation]") {
  TempDir dir;
  auto g = OpenWriter(dir.path());
  REQUIRE(g->BeginWrites().ok());
  NodeId acme = g->CreateNode({"Company"}, {{"name", "Acme"}}).value();
  NodeId beta = g->CreateNode({"Company"}, {{"name", "Beta"}}).value();
  EdgeId other_type = g->CreateEdge(acme, "OWNS", beta, {}).value();  // same ends, another type
  EdgeId e1 = g->CreateEdge(acme, "SUPPLIES", beta, {}).value();
  EdgeId e2 = g->CreateEdge(acme, "SUPPLIES", beta, {}).value();
  EdgeId reverse = g->CreateEdge(beta, "SUPPLIES", acme, {}).value();
  REQUIRE(g->CommitWrites().ok());
  auto weights = [&] {
    std::vector<int64_t> w;
    for (EdgeId e : {other_type, e1, e2, reverse}) w.push_back(g->GetEdge(e).ok() ? g->GetEdge(e)->weight : -1);
    return w;
  };
  auto state = [&](const std::string& id) {
    using testing::E;
    REQUIRE(g->IngestArticle(testing::Facts(id, id, {E("Acme", {"Company"}), E("Beta", {"Company"})},
                                            {testing::R("Acme", "SUPPLIES", "Beta")}))
                .ok());
  };
  const uint64_t edges_before = g->Stats()->edges;
  state("first");
  CHECK(weights() == std::vector<int64_t>{0, 1, 0, 0});
  REQUIRE(g->BeginWrites().ok());
  REQUIRE(g->DeleteEdge(e1).ok());
  REQUIRE(g->CommitWrites().ok());
  state("second");
  CHECK(weights() == std::vector<int64_t>{0, -1, 1, 0});
  REQUIRE(g->BeginWrites().ok());
  REQUIRE(g->DeleteEdge(e2).ok());
  REQUIRE(g->CommitWrites().ok());
  state("third");  // none left: a new edge
  CHECK(weights() == std::vector<int64_t>{0, -1, -1, 0});
  // Each article adds two MENTIONS; the deletes and the new edge even out.
  CHECK(g->Stats()->edges == edges_before + 3 * 2 - 2 + 1);
  std::vector<Neighbor> out;
  REQUIRE(g->Neighbors(acme, Direction::kOut, "SUPPLIES", &out).ok());
  REQUIRE(out.size() == 1);
  CHECK(g->GetEdge(out[0].edge)->weight == 1);
}

TEST_CASE("nodes: labels, names and deletes keep the indexes", "[graph][mutation]") {
  TempDir dir;
  auto g = OpenWriter(dir.path());
  REQUIRE(g->BeginWrites().ok());
  NodeId a = g->CreateNode({"A"}, {{"name", "Alpha"}}).value();
  NodeId b = g->CreateNode({}, {{"name", "Beta"}}).value();
  g->CreateEdge(a, "R", b, {}).value();
  REQUIRE(g->AddLabel(a, "Z").ok());
  REQUIRE(g->RemoveLabel(a, "A").ok());
  REQUIRE(g->SetNodeProperty(a, "name", "Alef").ok());
  REQUIRE(g->CommitWrites().ok());
  CHECK(ByLabel(*g, "A").empty());
  CHECK(ByLabel(*g, "Z") == std::vector<NodeId>{a});
  CHECK(ByName(*g, "alpha").empty());
  CHECK(ByName(*g, "alef") == std::vector<NodeId>{a});

  // Without detach a connected node cannot go: the whole batch fails.
  REQUIRE(g->BeginWrites().ok());
  REQUIRE(g->DeleteNode(a, false).ok());
  Status s = g->CommitWrites();
  CHECK_THAT(s.message(), Catch::Contains("still has 1 relationship"));
  CHECK(g->GetNode(a).ok());
  // Deleting the relationship in the same transaction makes it fine.
  REQUIRE(g->BeginWrites().ok());
  REQUIRE(g->DeleteNode(a, false).ok());
  std::vector<Neighbor> nb;
  REQUIRE(g->Neighbors(b, Direction::kBoth, "", &nb).ok());
  REQUIRE(nb.size() == 1);
  REQUIRE(g->DeleteEdge(nb[0].edge).ok());
  REQUIRE(g->CommitWrites().ok());
  CHECK_FALSE(g->GetNode(a).ok());
  CHECK(ByName(*g, "alef").empty());
  CHECK(ByLabel(*g, "Z").empty());
  // DETACH takes the relationships along.
  REQUIRE(g->BeginWrites().ok());
  NodeId c = g->CreateNode({}, {}).value();
  g->CreateEdge(c, "R", c, {}).value();  // a self-loop is deleted once
  g->CreateEdge(b, "R", c, {}).value();
  REQUIRE(g->DeleteNode(c, true).ok());
  REQUIRE(g->CommitWrites().ok());
  REQUIRE(g->Neighbors(b, Direction::kBoth, "", &nb).ok());
  CHECK(nb.empty());
  auto stats = g->Stats();
  CHECK(stats->nodes == 1);
  CHECK(stats->edges == 0);
  // The counters survive a reopen.
  g.reset();
  auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(reader.ok());
  CHECK(reader.value()->Stats()->nodes == 1);
}

TEST_CASE("curation writes need a writer", "[graph][mutation]") {
  TempDir dir;
  OpenWriter(dir.path());
  auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(reader.ok());
  CHECK_THAT(reader.value()->BeginWrites().message(), Catch::Contains("read-only"));
  CHECK_FALSE(reader.value()->CreateNode({}, {}).ok());
}

}  // namespace
}  // namespace newsgraph
