// Grouped ingest (Graph::IngestArticles, ArticleBatch) writes exactly what
// one IngestArticle per article writes, byte for byte; and the writer's
// caches follow curation writes made through the same Graph.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include <memory>

#include "graph/article_batch.h"
#include "graph/keys.h"
#include "tests/corpus_gen.h"
#include "tests/store_check.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::E;
using testing::Facts;
using testing::R;
using testing::TempDir;

// Every key and value of every column family, in order.
std::vector<std::string> RawDump(const std::string& dir) {
  std::vector<std::string> names;
  REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const std::string& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  REQUIRE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir, cfs, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::vector<std::string> out;
  for (size_t i = 0; i < handles.size(); ++i) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      out.push_back(names[i] + " " + it->key().ToString(true) + " = " + it->value().ToString(true));
    REQUIRE(it->status().ok());
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  return out;
}

TEST_CASE("grouped ingest writes exactly what one article a write does", "[graph][ingest]") {
  auto corpus = testing::GenerateCorpus(testing::SourcePath("tests/data/relation_sentences.tsv"), 120, 11);
  REQUIRE(corpus.ok());
  std::vector<ArticleFacts> facts;
  for (const Article& a : corpus.value()) facts.push_back(testing::DefaultExtractor().Extract(a));
  facts.push_back(facts[3]);    // stored in an earlier group
  facts.insert(facts.begin() + 40, facts[38]);  // twice in one group
  // Groups of 7: articles 7-13 and 14-20 are written together.
  facts[10].title = facts[9].title;  // two articles, one title
  facts[12].entities.push_back(E(facts[11].title, {"Company"}));  // an entity named like an article
  facts[14].entities.push_back(E("Gee Corp", {"Company"}));
  facts[15].entities.push_back(E("Cee Corp", {"Company"}, {"Dee Corp"}));
  facts[15].entities.push_back(E("Gee Corp", {"Company"}, {"Dee Corp"}));  // one alias, two nodes
  facts[16].entities.push_back(E("dee corp", {"Investor"}));
  TempDir dir;
  std::string one = dir.Sub("one"), grouped = dir.Sub("grouped");
  std::vector<IngestOutcome> singly;
  {
    auto g = Graph::Open(one, OpenOptions::Writer());
    REQUIRE(g.ok());
    for (const ArticleFacts& f : facts) {
      auto out = g.value()->IngestArticle(f);
      REQUIRE(out.ok());
      singly.push_back(out.value());
    }
    Status integrity = testing::CheckIntegrity(*g.value());
    INFO(integrity.message());
    REQUIRE(integrity.ok());
  }
  std::vector<IngestOutcome> batched;
  {
    auto g = Graph::Open(grouped, OpenOptions::Writer());
    REQUIRE(g.ok());
    ArticleBatch batch(g.value().get(), [&](const ArticleFacts&, const IngestOutcome& o) { batched.push_back(o); }, 7);
    for (const ArticleFacts& f : facts) REQUIRE(batch.Add(ArticleFacts(f)).ok());
    REQUIRE(batch.Flush().ok());
    Status integrity = testing::CheckIntegrity(*g.value());
    INFO(integrity.message());
    REQUIRE(integrity.ok());
  }
  REQUIRE(batched.size() == singly.size());
  for (size_t i = 0; i < singly.size(); ++i) {
    INFO("article " << i);
    REQUIRE(batched[i].already_present == singly[i].already_present);
    REQUIRE(batched[i].article == singly[i].article);
    REQUIRE(batched[i].new_nodes == singly[i].new_nodes);
    REQUIRE(batched[i].new_edges == singly[i].new_edges);
    REQUIRE(batched[i].evidence == singly[i].evidence);
  }
  REQUIRE(batched[40].already_present);
  REQUIRE(batched.back().already_present);
  std::vector<std::string> a = RawDump(one), b = RawDump(grouped);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) REQUIRE(a[i] == b[i]);
}

TEST_CASE("an article of a group that cannot be stored stops the group after the ones before it", "[graph][ingest]") {
  TempDir dir;
  NodeId acme = 0;
  {
    auto g = Graph::Open(dir.path(), OpenOptions::Writer());
    REQUIRE(g.ok());
    REQUIRE(g.value()->IngestArticle(Facts("a0", "zero", {E("Acme", {"Company"})}, {})).ok());
    std::vector<NodeId> ids;
    REQUIRE(g.value()->FindByName("Acme", &ids).ok());
    acme = ids.at(0);
  }
  {  // damage Acme's record
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const std::string& n : keys::ColumnFamilyNames()) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::Options(), dir.path(), cfs, &handles, &raw).ok());
    REQUIRE(raw->Put(rocksdb::WriteOptions(), handles[keys::kNodes], keys::Id(acme), "\xff").ok());
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
  }
  auto g = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(g.ok());
  std::vector<std::string> stored;
  ArticleBatch batch(g.value().get(), [&](const ArticleFacts& f, const IngestOutcome&) { stored.push_back(f.id); }, 10);
  for (const char* id : {"b1", "b2"}) REQUIRE(batch.Add(Facts(id, id, {E(std::string("Globex ") + id, {"Company"})}, {})).ok());
  REQUIRE(batch.Add(Facts("b3", "b3", {E("Acme", {"Investor"})}, {})).ok());
  REQUIRE(batch.Add(Facts("b4", "b4", {E("Hooli", {"Company"})}, {})).ok());
  Status s = batch.Flush();
  REQUIRE(s.code() == Status::Code::kCorruption);
  REQUIRE(s.message().find("while storing b3") != std::string::npos);
  REQUIRE(stored == std::vector<std::string>{"b1", "b2"});
  for (const char* id : {"b1", "b2"}) REQUIRE(g.value()->FindArticle(Facts(id, "", {}, {}).content_hash).ok());
  for (const char* id : {"b3", "b4"}) REQUIRE_FALSE(g.value()->FindArticle(Facts(id, "", {}, {}).content_hash).ok());
  REQUIRE(batch.Add(Facts("b5", "b5", {}, {})).code() == Status::Code::kCorruption);  // stays failed
}

TEST_CASE("a name two entities share resolves the same after a restart", "[graph][ingest]") {
  // "Shared" is first Bee's alias, then also Aye's (Aye is the older node):
  // the name index lists Aye first, and so must the writer's cache.
  std::vector<ArticleFacts> facts = {
      Facts("s1", "one", {E("Aye Corp", {"Company"})}, {}),
      Facts("s2", "two", {E("Bee Corp", {"Company"}, {"Shared"})}, {}),
      Facts("s3", "three", {E("Aye Corp", {"Company"}, {"Shared"})}, {}),
      Facts("s4", "four", {E("Shared", {"Investor"})}, {}),
  };
  TempDir dir;
  std::string one = dir.Sub("one"), restarted = dir.Sub("restarted");
  {
    auto g = Graph::Open(one, OpenOptions::Writer());
    REQUIRE(g.ok());
    for (const ArticleFacts& f : facts) REQUIRE(g.value()->IngestArticle(f).ok());
  }
  for (size_t i = 0; i < facts.size(); ++i) {  // a new writer (empty caches) for each article
    auto g = Graph::Open(restarted, OpenOptions::Writer());
    REQUIRE(g.ok());
    REQUIRE(g.value()->IngestArticle(facts[i]).ok());
  }
  REQUIRE(RawDump(one) == RawDump(restarted));
  auto g = Graph::Open(one, OpenOptions::Reader());
  REQUIRE(g.ok());
  std::vector<NodeId> ids;
  REQUIRE(g.value()->FindByName("Aye Corp", &ids).ok());
  auto aye = g.value()->GetNode(ids.at(0));
  REQUIRE(aye.ok());
  REQUIRE(aye->labels == std::vector<std::string>{"Company", "Investor"});
}

TEST_CASE("ingest after curation writes sees them (writer caches are dropped)", "[graph][ingest]") {
  TempDir dir;
  auto g = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(g.ok());
  Graph& graph = *g.value();
  REQUIRE(graph.IngestArticle(Facts("a1", "one", {E("Acme", {"Company"}), E("Globex", {"Company"})},
                                    {R("Acme", "ACQUIRED", "Globex")}))
              .ok());
  std::vector<NodeId> ids;
  REQUIRE(graph.FindByName("Acme", &ids).ok());
  REQUIRE(ids.size() == 1);
  NodeId acme = ids[0];
  REQUIRE(graph.FindByName("Globex", &ids).ok());
  NodeId globex = ids[0];

  // A property set by curation survives a later ingest that changes the node.
  REQUIRE(graph.BeginWrites().ok());
  REQUIRE(graph.SetNodeProperty(acme, "founded", PropertyValue(int64_t{1999})).ok());
  REQUIRE(graph.CommitWrites().ok());
  REQUIRE(graph.IngestArticle(Facts("a2", "two", {E("Acme", {"Investor"})}, {})).ok());
  auto node = graph.GetNode(acme);
  REQUIRE(node.ok());
  REQUIRE(node->properties.at("founded") == PropertyValue(int64_t{1999}));
  REQUIRE(node->labels == std::vector<std::string>{"Company", "Investor"});

  // A node deleted by curation is not resolved to again: the name makes a new one.
  REQUIRE(graph.BeginWrites().ok());
  REQUIRE(graph.DeleteNode(globex, /*detach=*/true).ok());
  REQUIRE(graph.CommitWrites().ok());
  REQUIRE(graph.IngestArticle(Facts("a3", "three", {E("Globex", {"Company"})}, {})).ok());
  REQUIRE(graph.FindByName("Globex", &ids).ok());
  REQUIRE(ids.size() == 1);
  REQUIRE(ids[0] != globex);
  REQUIRE_FALSE(graph.GetNode(globex).ok());
  std::vector<Neighbor> in;
  REQUIRE(graph.Neighbors(ids[0], Direction::kIn, "MENTIONS", &in).ok());
  REQUIRE(in.size() == 1);
}

}  // namespace
}  // namespace newsgraph
