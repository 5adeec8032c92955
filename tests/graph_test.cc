// graph/: the RocksDB store. Ingest, idempotence, alias merge, evidence,
// open modes and bad directories.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::E;
using testing::Facts;
using testing::R;
using testing::TempDir;

NodeId OnlyNode(const Graph& g, const std::string& name) {
  std::vector<NodeId> ids;
  REQUIRE(g.FindByName(name, &ids).ok());
  REQUIRE(ids.size() == 1);
  return ids[0];
}

TEST_CASE("ingest stores nodes, typed edges in both directions, and article links", "[graph]") {
  TempDir dir;
  auto g = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(g.ok());
  auto out = g.value()->IngestArticle(Facts("a1", "text one", {E("Amazon", {"Company"}), E("Hikvision", {"Company"})},
                                            {R("Amazon", "PROVIDES_SERVICES_TO", "Hikvision", true)}));
  REQUIRE(out.ok());
  REQUIRE_FALSE(out->already_present);
  NodeId amazon = OnlyNode(*g.value(), "amazon");  // the name index ignores case
  NodeId hik = OnlyNode(*g.value(), "Hikvision");
  std::vector<Neighbor> n;
  REQUIRE(g.value()->Neighbors(amazon, Direction::kOut, "PROVIDES_SERVICES_TO", &n).ok());
  REQUIRE(n.size() == 1);
  REQUIRE(n[0].node == hik);
  REQUIRE(n[0].outgoing);
  REQUIRE(g.value()->Neighbors(hik, Direction::kIn, "", &n).ok());
  REQUIRE(n.size() == 2);  // Amazon's edge and the article's MENTIONS
  REQUIRE(g.value()->Neighbors(hik, Direction::kIn, "PROVIDES_SERVICES_TO", &n).ok());
  REQUIRE(n.size() == 1);
  auto edge = g.value()->GetEdge(n[0].edge);
  REQUIRE(edge.ok());
  REQUIRE(edge->weight == 1);
  REQUIRE(edge->properties.at("hedged") == PropertyValue(true));
  std::vector<EvidenceRecord> ev;
  REQUIRE(g.value()->Evidence(edge->id, &ev).ok());
  REQUIRE(ev.size() == 1);
  REQUIRE(ev[0].rule == "test.rule");
  REQUIRE(ev[0].article == out->article);
  auto text = g.value()->ArticleText(out->article);
  REQUIRE(text.ok());
  REQUIRE(text.value() == "text one");
}

TEST_CASE("ForEachNode visits the records of a label in id order, lets fn read, and stops at the first error", "[graph]") {
  TempDir dir;
  auto g = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(g.ok());
  REQUIRE(g.value()->IngestArticle(Facts("a1", "t", {E("Acme", {"Company"}), E("Lee", {"Person"}), E("Globex", {"Company"})}, {})).ok());
  std::vector<std::string> names;
  NodeId last = 0;
  REQUIRE(g.value()->ForEachNode("Company", [&](const Node& n) {
    CHECK(n.id > last);
    last = n.id;
    names.push_back(*StringProperty(n, "name"));
    return Status::OK();
  }).ok());
  CHECK(names == std::vector<std::string>{"Acme", "Globex"});
  int calls = 0;
  Status s = g.value()->ForEachNode("", [&](const Node& n) {
    Result<Node> again = g.value()->GetNode(n.id);  // fn may read the graph while the scan runs
    CHECK((again.ok() && again->properties == n.properties && again->labels == n.labels));
    return ++calls == 2 ? Status::InvalidArgument("stop here") : Status::OK();
  });
  CHECK(calls == 2);
  CHECK(s.message() == "stop here");
}

TEST_CASE("re-ingesting the same article changes nothing", "[graph]") {
  TempDir dir;
  auto g = testing::SeedGraph(dir.path());
  auto before = g->Stats();
  REQUIRE(before.ok());
  Article a;
  a.text = testing::ReadFileOrDie(testing::SourcePath("corpus/article.txt"));
  auto again = g->IngestArticle(testing::DefaultExtractor().Extract(a));
  REQUIRE(again.ok());
  REQUIRE(again->already_present);
  auto after = g->Stats();
  REQUIRE(after->nodes == before->nodes);
  REQUIRE(after->edges == before->edges);
  REQUIRE(after->nodes_by_label == before->nodes_by_label);
  REQUIRE(after->edges_by_type == before->edges_by_type);
}

TEST_CASE("a new alias of a known entity merges into it; evidence accumulates", "[graph]") {
  TempDir dir;
  auto g = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(g.ok());
  REQUIRE(g.value()->IngestArticle(Facts("a1", "one", {E("Hikvision", {"Company"}), E("Amazon", {"Company"})},
                                         {R("Amazon", "PROVIDES_SERVICES_TO", "Hikvision", true)})).ok());
  // The second article knows Hikvision under another alias and new labels.
  Entity hik = E("Hikvision", {"Company"}, {"Hikivision", "Hangzhou Hikvision"});
  REQUIRE(g.value()->IngestArticle(Facts("a2", "two", {hik, E("Amazon", {"Company", "Provider"})},
                                         {R("Amazon", "PROVIDES_SERVICES_TO", "Hikvision", false)})).ok());
  NodeId id = OnlyNode(*g.value(), "Hikivision");
  REQUIRE(id == OnlyNode(*g.value(), "Hikvision"));
  auto node = g.value()->GetNode(OnlyNode(*g.value(), "Amazon"));
  REQUIRE(node->labels == std::vector<std::string>{"Company", "Provider"});
  std::vector<Neighbor> n;
  REQUIRE(g.value()->Neighbors(id, Direction::kIn, "PROVIDES_SERVICES_TO", &n).ok());
  REQUIRE(n.size() == 1);
  auto edge = g.value()->GetEdge(n[0].edge);
  REQUIRE(edge->weight == 2);  // two articles state it
  REQUIRE(edge->properties.at("hedged") == PropertyValue(false));  // one states it plainly
  std::vector<EvidenceRecord> ev;
  REQUIRE(g.value()->Evidence(edge->id, &ev).ok());
  REQUIRE(ev.size() == 2);
  REQUIRE(ev[0].article != ev[1].article);
}

TEST_CASE("a second writer gets a clear busy message naming the PID; readers still open", "[graph]") {
  TempDir dir;
  auto writer = testing::SeedGraph(dir.path());
  auto second = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE_FALSE(second.ok());
  REQUIRE(second.status().code() == Status::Code::kBusy);
  REQUIRE_THAT(second.status().message(), Catch::Contains("in use by another writer (PID " + std::to_string(::getpid())));
  auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(reader.ok());
  std::vector<NodeId> ids;
  REQUIRE(reader.value()->FindByName("Hikvision", &ids).ok());
  REQUIRE(ids.size() == 1);
}

TEST_CASE("a reader sees the snapshot it opened, whole articles only", "[graph]") {
  TempDir dir;
  auto writer = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(writer.ok());
  REQUIRE(writer.value()->IngestArticle(Facts("a1", "one", {E("Amazon", {"Company"})}, {})).ok());
  auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(reader.ok());
  REQUIRE(writer.value()->IngestArticle(Facts("a2", "two", {E("Google", {"Company"}), E("Amazon", {"Company"})},
                                              {R("Google", "PARTNERS_WITH", "Amazon")})).ok());
  std::vector<NodeId> ids;
  REQUIRE(reader.value()->FindByName("Google", &ids).ok());
  REQUIRE(ids.empty());  // not in the reader's snapshot
  auto fresh = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(fresh.value()->FindByName("Google", &ids).ok());
  REQUIRE(ids.size() == 1);
}

TEST_CASE("missing, foreign and damaged directories get clear errors", "[graph]") {
  TempDir dir;
  auto missing = Graph::Open(dir.Sub("nothing"), OpenOptions::Reader());
  REQUIRE(missing.status().code() == Status::Code::kNotFound);
  REQUIRE_THAT(missing.status().message(), Catch::Contains("no newsgraph database at"));

  std::filesystem::create_directories(dir.Sub("photos"));
  testing::WriteFile(dir.Sub("photos/cat.jpg"), "not a database");
  auto foreign = Graph::Open(dir.Sub("photos"), OpenOptions::Writer());
  REQUIRE(foreign.status().code() == Status::Code::kInvalidArgument);
  REQUIRE_THAT(foreign.status().message(), Catch::Contains("is not a newsgraph database"));
  REQUIRE(testing::ReadFileOrDie(dir.Sub("photos/cat.jpg")) == "not a database");  // untouched

  testing::WriteFile(dir.Sub("file"), "x");
  REQUIRE_FALSE(Graph::Open(dir.Sub("file"), OpenOptions::Writer()).ok());

  { testing::SeedGraph(dir.Sub("db")); }
  // Damage every table file and the manifest: opening must fail cleanly.
  for (const auto& entry : std::filesystem::directory_iterator(dir.Sub("db"))) {
    std::string name = entry.path().filename().string();
    if (name.rfind("MANIFEST", 0) == 0 || entry.path().extension() == ".sst" || entry.path().extension() == ".log")
      testing::WriteFile(entry.path().string(), std::string(4096, '\x5a'));
  }
  auto damaged = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
  REQUIRE_FALSE(damaged.ok());
}

TEST_CASE("writes are refused on a read-only graph", "[graph]") {
  TempDir dir;
  { testing::SeedGraph(dir.path()); }
  auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(reader.ok());
  auto out = reader.value()->IngestArticle(Facts("x", "x", {}, {}));
  REQUIRE_FALSE(out.ok());
  REQUIRE_THAT(out.status().message(), Catch::Contains("read-only"));
}

}  // namespace
}  // namespace newsgraph
