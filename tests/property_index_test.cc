// Property indexes (graph.h): kept in step with the nodes by ingest,
// curation writes and bulk load, checked against the node records after
// random operations; older databases without the column family open.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include <random>
#include <set>

#include "graph/graph.h"
#include "graph/keys.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;

using testing::OpenWriter;

std::vector<NodeId> Find(const Graph& g, const std::string& label, const std::string& prop, const PropertyValue& v) {
  std::vector<NodeId> ids;
  REQUIRE(g.FindByProperty(label, prop, v, &ids).ok());
  return ids;
}

// Every index agrees with the node records: each labelled node with a
// scalar value is found under it, and every node found has the label and
// an equal value (for the values in `probe`, which must cover all used).
void CheckIndexes(const Graph& g, const std::vector<PropertyValue>& probe) {
  for (const PropertyIndex& index : g.PropertyIndexes()) {
    REQUIRE(g.ScanNodes(index.label, [&](NodeId id) {
      Result<Node> n = g.GetNode(id);
      REQUIRE(n.ok());
      auto it = n->properties.find(index.property);
      std::string unused;
      if (it != n->properties.end() && keys::IndexValue(it->second, &unused)) {
        auto found = Find(g, index.label, index.property, it->second);
        CHECK(std::count(found.begin(), found.end(), id) == 1);
      }
      return true;
    }).ok());
    for (const PropertyValue& v : probe) {
      std::string indexable;
      if (!keys::IndexValue(v, &indexable)) continue;
      for (NodeId id : Find(g, index.label, index.property, v)) {
        Result<Node> n = g.GetNode(id);
        REQUIRE(n.ok());
        CHECK(std::binary_search(n->labels.begin(), n->labels.end(), index.label));
        auto it = n->properties.find(index.property);
        REQUIRE(it != n->properties.end());
        std::string a, b;
        keys::IndexValue(it->second, &a);
        keys::IndexValue(v, &b);
        CHECK(a == b);
      }
    }
  }
}

TEST_CASE("a database without the property_index family opens; a writer adds it", "[graph][index]") {
  TempDir dir;
  { testing::SeedGraph(dir.path()); }
  {  // Make it look like a database written before property indexes.
    rocksdb::Options options;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const std::string& name : keys::ColumnFamilyNames()) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    REQUIRE(rocksdb::DB::Open(options, dir.path(), cfs, &handles, &db).ok());
    REQUIRE(db->DropColumnFamily(handles[keys::kPropertyIndex]).ok());
    for (auto* h : handles) REQUIRE(db->DestroyColumnFamilyHandle(h).ok());
    delete db;
  }
  {
    auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
    REQUIRE(reader.ok());
    REQUIRE(reader.value()->PropertyIndexes().empty());
    std::vector<NodeId> ids;
    REQUIRE(reader.value()->FindByName("Hikvision", &ids).ok());
    REQUIRE(ids.size() == 1);
    REQUIRE(reader.value()->FindByProperty("Company", "name", "Hikvision", &ids).code() == Status::Code::kNotFound);
  }
  {
    auto g = OpenWriter(dir.path());
    REQUIRE(g->CreatePropertyIndex({"Company", "name"}).value());
  }
  auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(reader.ok());
  REQUIRE(reader.value()->PropertyIndexes() == std::vector<PropertyIndex>{{"Company", "name"}});
  REQUIRE(Find(*reader.value(), "Company", "name", "Hikvision").size() == 1);
}

TEST_CASE("ingest keeps property indexes: new nodes, merged labels", "[graph][index]") {
  TempDir dir;
  auto g = OpenWriter(dir.path());
  REQUIRE(g->CreatePropertyIndex({"Company", "name"}).value());
  REQUIRE(g->CreatePropertyIndex({"Article", "article_id"}).value());
  REQUIRE_FALSE(g->CreatePropertyIndex({"Company", "name"}).value());
  REQUIRE(g->IngestArticle(testing::Facts("a1", "Acme supplies Globex.", {testing::E("Acme", {"Company"}),
                                                                          testing::E("Globex", {"Agency"})},
                                          {testing::R("Acme", "SUPPLIES", "Globex")}))
              .ok());
  REQUIRE(Find(*g, "Company", "name", "Acme").size() == 1);
  REQUIRE(Find(*g, "Company", "name", "Globex").empty());
  REQUIRE(Find(*g, "Article", "article_id", "a1").size() == 1);
  // A later article gives Globex the Company label: now it is indexed.
  REQUIRE(g->IngestArticle(testing::Facts("a2", "Globex, a company.", {testing::E("Globex", {"Company"})}, {})).ok());
  REQUIRE(Find(*g, "Company", "name", "Globex").size() == 1);
  CheckIndexes(*g, {"Acme", "Globex", "a1", "a2"});
  REQUIRE(g->DropPropertyIndex({"Article", "article_id"}).value());
  REQUIRE_FALSE(g->DropPropertyIndex({"Article", "article_id"}).value());
  std::vector<NodeId> ids;
  REQUIRE(g->FindByProperty("Article", "article_id", "a1", &ids).code() == Status::Code::kNotFound);
}

TEST_CASE("random curation writes keep property indexes right", "[graph][index][model]") {
  unsigned seed = std::random_device()();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  TempDir dir;
  auto g = OpenWriter(dir.path());
  REQUIRE(g->CreatePropertyIndex({"A", "k"}).value());
  REQUIRE(g->CreatePropertyIndex({"B", "k"}).value());
  const std::vector<PropertyValue> values = {int64_t{1}, 1.0, 2.5, "1", "x", true, false, PropertyList{1}};
  const std::vector<std::string> labels = {"A", "B", "C"};
  std::vector<NodeId> live;
  for (int round = 0; round < 30; ++round) {
    REQUIRE(g->BeginWrites().ok());
    for (int op = 0; op < 10; ++op) {
      auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
      int what = live.empty() ? 0 : static_cast<int>(pick(6));
      if (what == 0) {
        Properties props;
        if (pick(3)) props["k"] = values[pick(values.size())];
        auto id = g->CreateNode({labels[pick(3)]}, props);
        REQUIRE(id.ok());
        live.push_back(id.value());
        continue;
      }
      size_t at = pick(live.size());
      NodeId id = live[at];
      if (what == 1) REQUIRE(g->SetNodeProperty(id, "k", values[pick(values.size())]).ok());
      if (what == 2) REQUIRE(g->SetNodeProperty(id, "k", PropertyValue()).ok());
      if (what == 3) REQUIRE(g->AddLabel(id, labels[pick(3)]).ok());
      if (what == 4) REQUIRE(g->RemoveLabel(id, labels[pick(3)]).ok());
      if (what == 5) {
        REQUIRE(g->DeleteNode(id, true).ok());
        live.erase(live.begin() + static_cast<long>(at));
      }
    }
    if (rng() % 5 == 0) {
      g->AbortWrites();
      live.clear();
      REQUIRE(g->ScanNodes("", [&](NodeId id) {
        live.push_back(id);
        return true;
      }).ok());
    } else {
      CheckIndexes(*g, values);  // read-your-writes: the pending batch
      REQUIRE(g->CommitWrites().ok());
    }
    CheckIndexes(*g, values);
  }
  g.reset();
  auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
  REQUIRE(reader.ok());
  CheckIndexes(*reader.value(), values);
}

}  // namespace
}  // namespace newsgraph
