// Adjacency entries carry their edge's weight and properties (graph/keys.h,
// format 2 on), so expansions filter without reading edge records. Every write
// path keeps the copies equal to the record (CheckIntegrity compares them);
// a format-1 database, whose entries carry nothing, still reads right and
// is marked the current format (5) by the first writer. A format-2 database loses its
// triples family (keys.h) to the first writer.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include <algorithm>
#include <sstream>

#include "graph/keys.h"
#include "graph/scanner.h"
#include "query/format.h"
#include "query/query.h"
#include "tests/store_check.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::E;
using testing::Facts;
using testing::R;
using testing::TempDir;

using testing::Csv;

// The values of the edge's two adjacency entries, decoded.
std::vector<Edge> Carried(const Graph& g, EdgeId id) {
  auto e = g.GetEdge(id);
  REQUIRE(e.ok());
  std::vector<Edge> found;
  GraphScanner scanner(g);
  for (auto [node, dir] : {std::pair{e->src, Direction::kOut}, std::pair{e->dst, Direction::kIn}})
    REQUIRE(scanner.ForEachEntry(node, dir, e->type, [&](const AdjacencyEntry& entry) {
      Edge carried;
      if (entry.edge == id && entry.ToEdge(&carried)) found.push_back(carried);
      return true;
    }).ok());
  return found;
}

// The first edge of `type` out of the node named `src`.
EdgeId FirstEdge(const Graph& g, const std::string& src, const std::string& type) {
  std::vector<NodeId> ids;
  REQUIRE(g.FindByName(src, &ids).ok());
  REQUIRE(ids.size() == 1);
  std::vector<Neighbor> out;
  REQUIRE(g.Neighbors(ids[0], Direction::kOut, type, &out).ok());
  REQUIRE(!out.empty());
  return out[0].edge;
}

TEST_CASE("ingest: a weight that grows is carried by both adjacency entries", "[graph][adjacency]") {
  TempDir dir;
  auto g = testing::OpenWriter(dir.path());
  std::vector<Entity> ents = {E("Amazon", {"Company"}), E("Hikvision", {"Company"})};
  REQUIRE(g->IngestArticle(Facts("a1", "one", ents, {R("Amazon", "PROVIDES_SERVICES_TO", "Hikvision")})).ok());
  REQUIRE(g->IngestArticle(Facts("a2", "two", ents, {R("Amazon", "PROVIDES_SERVICES_TO", "Hikvision")})).ok());
  std::vector<IngestOutcome> outcomes;  // the grouped write path of `newsgraph ingest`
  REQUIRE(g->IngestArticles({Facts("a3", "three", ents, {R("Amazon", "PROVIDES_SERVICES_TO", "Hikvision")})}, &outcomes).ok());
  EdgeId id = FirstEdge(*g, "Amazon", "PROVIDES_SERVICES_TO");
  std::vector<Edge> carried = Carried(*g, id);
  REQUIRE(carried.size() == 2);
  for (const Edge& c : carried) {
    CHECK(c.weight == 3);
    CHECK(c.src != c.dst);
  }
  REQUIRE(testing::CheckIntegrity(*g).ok());
}

TEST_CASE("curation: created, updated and cleared edge properties are carried", "[graph][adjacency]") {
  TempDir dir;
  auto g = testing::OpenWriter(dir.path());
  REQUIRE(g->BeginWrites().ok());
  NodeId a = g->CreateNode({"A"}, {{"name", "a"}}).value();
  NodeId b = g->CreateNode({"B"}, {{"name", "b"}}).value();
  EdgeId e = g->CreateEdge(a, "KNOWS", b, {{"since", 2020}}).value();
  // Read back inside the transaction: the entries in the batch carry it.
  REQUIRE(Carried(*g, e).size() == 2);
  CHECK(Carried(*g, e)[0].properties.at("since") == PropertyValue(2020));
  REQUIRE(g->CommitWrites().ok());
  REQUIRE(g->BeginWrites().ok());
  REQUIRE(g->SetEdgeProperty(e, "since", 2021).ok());
  REQUIRE(g->SetEdgeProperty(e, "note", "kept").ok());
  REQUIRE(g->CommitWrites().ok());
  for (const Edge& c : Carried(*g, e)) {
    CHECK(c.properties.at("since") == PropertyValue(2021));
    CHECK(c.properties.at("note") == PropertyValue("kept"));
  }
  REQUIRE(testing::CheckIntegrity(*g).ok());
  // Through Cypher: SET and REMOVE, then a filter that reads the entries.
  REQUIRE(RunQuery(*g, "MATCH ()-[r:KNOWS]->() SET r.since = 1999 REMOVE r.note", {}, {}).ok());
  REQUIRE(testing::CheckIntegrity(*g).ok());
  CHECK(Csv(*g, "MATCH (x)-[r:KNOWS]->(y) WHERE r.since < 2000 RETURN x.name, r.since, keys(r)") ==
        "x.name,r.since,keys(r)\na,1999,\"[\"\"since\"\"]\"\n");
}

TEST_CASE("import: merged weights and properties are carried", "[graph][adjacency]") {
  TempDir dir;
  testing::WriteFile(dir.Sub("nodes.csv"), "id:ID,name,:LABEL\n1,Acme,Company\n2,Beta,Company\n");
  testing::WriteFile(dir.Sub("edges.csv"),
                     ":START_ID,:END_ID,:TYPE,weight:int,since:int\n1,2,SUPPLIES,4,2019\n1,2,SUPPLIES,3,\n2,1,INVESTS_IN,7,2020\n");
  auto outcome = testing::ImportFiles(dir.Sub("db"), {dir.Sub("nodes.csv"), dir.Sub("edges.csv")});
  REQUIRE(outcome.ok());
  auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
  REQUIRE(g.ok());
  REQUIRE(testing::CheckIntegrity(*g.value()).ok());
  std::vector<Edge> carried = Carried(*g.value(), FirstEdge(*g.value(), "Acme", "SUPPLIES"));
  REQUIRE(carried.size() == 2);
  CHECK(carried[0].weight == 7);  // two rows of one triple: weights add
  CHECK(carried[0].properties.at("since") == PropertyValue(2019));
  CHECK(Csv(*g.value(), "MATCH (a)-[r]->(b) WHERE r.weight > 6 RETURN a.name, type(r), r.weight ORDER BY a.name") ==
        "a.name,type(r),r.weight\nAcme,SUPPLIES,7\nBeta,INVESTS_IN,7\n");
}

// The database at `dir` opened by RocksDB itself, every family it has.
class RawDb {
 public:
  explicit RawDb(const std::string& dir) {
    REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names_).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const std::string& name : names_) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
    rocksdb::DB* db = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::Options(), dir, cfs, &handles_, &db).ok());
    db_.reset(db);
  }
  ~RawDb() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  }
  rocksdb::DB* db() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* family(keys::ColumnFamily f) {
    auto at = std::find(names_.begin(), names_.end(), keys::ColumnFamilyNames()[f]);
    REQUIRE(at != names_.end());
    return handles_[at - names_.begin()];
  }

 private:
  std::vector<std::string> names_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// Rewrites `dir` as format 1 wrote it: every adjacency value "".
void MakeFormat1(const std::string& dir) {
  RawDb raw(dir);
  std::vector<std::string> adjacency;
  std::unique_ptr<rocksdb::Iterator> it(raw.db()->NewIterator(rocksdb::ReadOptions(), raw.family(keys::kAdjacency)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) adjacency.push_back(it->key().ToString());
  it.reset();
  REQUIRE(!adjacency.empty());
  for (const std::string& k : adjacency)
    REQUIRE(raw.db()->Put(rocksdb::WriteOptions(), raw.family(keys::kAdjacency), k, "").ok());
  REQUIRE(raw.db()->Put(rocksdb::WriteOptions(), raw.family(keys::kDefault), keys::kFormatKey, keys::kFormat1Value).ok());
}

std::string FormatMarker(const std::string& dir) {
  RawDb raw(dir);
  std::string marker;
  REQUIRE(raw.db()->Get(rocksdb::ReadOptions(), raw.family(keys::kDefault), keys::kFormatKey, &marker).ok());
  return marker;
}

TEST_CASE("a format-1 database reads the same and a writer marks it the current format", "[graph][adjacency]") {
  TempDir dir;
  const std::string query =
      "MATCH (a)-[r]->(b) WHERE r.weight >= 1 AND type(r) <> 'MENTIONS' "
      "RETURN a.name, type(r), b.name, r.weight ORDER BY a.name, type(r), b.name";
  // Counted (ExpandCount reads the weight from the entry, or from the
  // record in format 1) and row by row.
  const std::string counted = "MATCH (a)-[r]->(b)-[s]->(c) WHERE s.weight >= 1 RETURN count(*)";
  std::string before, before_counted;
  {
    auto g = testing::SeedGraph(dir.path());
    before = Csv(*g, query);
    before_counted = Csv(*g, counted);
    REQUIRE(before_counted == Csv(*g, "MATCH (a)-[r]->(b)-[s]->(c) WHERE s.weight >= 1 RETURN count(*) + 0")
                                  .replace(0, std::string("count(*) + 0").size(), "count(*)"));
    REQUIRE(before_counted != "count(*)\n0\n");
  }
  REQUIRE(before.find('\n') < before.size() - 1);  // some rows
  MakeFormat1(dir.path());
  REQUIRE(FormatMarker(dir.path()) == keys::kFormat1Value);
  {
    auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
    REQUIRE(reader.ok());
    CHECK(Csv(*reader.value(), query) == before);  // read from the edge records
    CHECK(Csv(*reader.value(), counted) == before_counted);
    CHECK(Carried(*reader.value(), FirstEdge(*reader.value(), "Amazon", "PROVIDES_SERVICES_TO")).empty());
  }
  REQUIRE(FormatMarker(dir.path()) == keys::kFormat1Value);  // readers change nothing
  {
    auto g = testing::OpenWriter(dir.path());
    CHECK(Csv(*g, query) == before);
  }
  CHECK(FormatMarker(dir.path()) == keys::kFormatValue);
}

std::vector<std::string> Families(const std::string& dir) {
  std::vector<std::string> names;
  REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names).ok());
  return names;
}

// A reader of the older database at `dir` sees `query` answer `before`,
// and leaves its format `marker` as it was.
void CheckReaderSeesOldFormat(const std::string& dir, const std::string& query, const std::string& before,
                              const std::string& marker) {
  {
    auto reader = Graph::Open(dir, OpenOptions::Reader());
    REQUIRE(reader.ok());
    CHECK(Csv(*reader.value(), query) == before);
    CHECK(testing::CheckIntegrity(*reader.value()).ok());
  }
  CHECK(FormatMarker(dir) == marker);  // readers change nothing
}

const char kEveryEdge[] = "MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name, r.weight ORDER BY a.name, type(r), b.name";

// Ingests the seed article into a new database at `dir`; the rows of `query`.
std::string SeedGraphRows(const std::string& dir, const std::string& query) {
  auto g = testing::SeedGraph(dir);
  return Csv(*g, query);
}

bool HasTriples(const std::string& dir) {
  auto names = Families(dir);
  return std::find(names.begin(), names.end(), keys::kLegacyTriplesFamily) != names.end();
}

TEST_CASE("a format-2 database keeps reading; its first writer drops the triples family", "[graph][adjacency]") {
  TempDir dir;
  const std::string query = kEveryEdge;
  const std::string before = SeedGraphRows(dir.path(), query);
  REQUIRE_FALSE(HasTriples(dir.path()));  // formats 3 on create none
  {  // Format 2: a triples family (its entries are never read now) and the marker.
    RawDb raw(dir.path());
    rocksdb::ColumnFamilyHandle* triples = nullptr;
    REQUIRE(raw.db()->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), keys::kLegacyTriplesFamily, &triples).ok());
    REQUIRE(raw.db()->Put(rocksdb::WriteOptions(), triples, "some triple", "some edge").ok());
    REQUIRE(raw.db()->DestroyColumnFamilyHandle(triples).ok());
    REQUIRE(raw.db()->Put(rocksdb::WriteOptions(), raw.family(keys::kDefault), keys::kFormatKey, keys::kFormat2Value)
                .ok());
  }
  CheckReaderSeesOldFormat(dir.path(), query, before, keys::kFormat2Value);
  CHECK(HasTriples(dir.path()));
  {
    auto g = testing::OpenWriter(dir.path());
    CHECK(Csv(*g, query) == before);
  }
  CHECK(FormatMarker(dir.path()) == keys::kFormatValue);
  CHECK_FALSE(HasTriples(dir.path()));
  // A format-3 marker with the family still there (a crash between the two
  // steps): the next writer drops it.
  {
    RawDb raw(dir.path());
    rocksdb::ColumnFamilyHandle* triples = nullptr;
    REQUIRE(raw.db()->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), keys::kLegacyTriplesFamily, &triples).ok());
    REQUIRE(raw.db()->DestroyColumnFamilyHandle(triples).ok());
  }
  REQUIRE(HasTriples(dir.path()));
  testing::OpenWriter(dir.path());
  CHECK_FALSE(HasTriples(dir.path()));
  CHECK(Csv(*Graph::Open(dir.path(), OpenOptions::Reader()).value(), query) == before);
}

TEST_CASE("a malformed adjacency key under a stated triple fails the ingest, which stores nothing", "[graph][adjacency]") {
  TempDir dir;
  const std::vector<Entity> ents = {E("Acme", {"Company"}), E("Beta", {"Company"})};
  NodeId acme = 0, beta = 0;
  {
    auto g = testing::OpenWriter(dir.path());
    REQUIRE(g->IngestArticle(Facts("a1", "one", ents, {R("Acme", "SUPPLIES", "Beta")})).ok());
    std::vector<NodeId> ids;
    REQUIRE(g->FindByName("Acme", &ids).ok());
    acme = ids.at(0);
    REQUIRE(g->FindByName("Beta", &ids).ok());
    beta = ids.at(0);
  }
  {  // sorts before the edge's real key: the prefix and two bytes of an id
    RawDb raw(dir.path());
    REQUIRE(raw.db()->Put(rocksdb::WriteOptions(), raw.family(keys::kAdjacency),
                          keys::EdgePrefix(acme, "SUPPLIES", beta) + std::string(2, '\0'), "")
                .ok());
  }
  auto g = testing::OpenWriter(dir.path());
  auto stated = g->IngestArticle(Facts("a2", "two", ents, {R("Acme", "SUPPLIES", "Beta")}));
  REQUIRE_FALSE(stated.ok());
  CHECK(stated.status().code() == Status::Code::kCorruption);
  CHECK_THAT(stated.status().message(), Catch::Contains(dir.path() + ": bad adjacency key"));
  CHECK(g->FindArticle(Facts("a2", "two", {}, {}).content_hash).status().code() == Status::Code::kNotFound);
  CHECK(g->FindArticle(Facts("a1", "one", {}, {}).content_hash).ok());
  CHECK(Csv(*g, "MATCH (:Company)-[r:SUPPLIES]->(:Company) RETURN r.weight") == "r.weight\n1\n");
}

TEST_CASE("a database of a newer format is refused with its format named", "[graph][adjacency]") {
  TempDir dir;
  testing::SeedGraph(dir.path());
  {
    RawDb raw(dir.path());
    REQUIRE(raw.db()->Put(rocksdb::WriteOptions(), raw.family(keys::kDefault), keys::kFormatKey, "newsgraph 7").ok());
  }
  for (const OpenOptions& options : {OpenOptions::Reader(), OpenOptions::Writer()}) {
    auto g = Graph::Open(dir.path(), options);
    REQUIRE_FALSE(g.ok());
    CHECK_THAT(g.status().message(), Catch::Contains("unsupported database format 'newsgraph 7'"));
  }
  CHECK(FormatMarker(dir.path()) == "newsgraph 7");
}

TEST_CASE("a format-4 database (dates, no other temporal values) opens; a writer marks it current", "[graph][adjacency]") {
  TempDir dir;
  testing::SeedGraph(dir.path());
  {
    RawDb raw(dir.path());
    REQUIRE(raw.db()->Put(rocksdb::WriteOptions(), raw.family(keys::kDefault), keys::kFormatKey, "newsgraph 4").ok());
  }
  {
    auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
    REQUIRE(reader.ok());
    CHECK(Csv(**reader, "MATCH (n {name:'Hikvision'}) RETURN n.name") == "n.name\nHikvision\n");
  }
  CHECK(FormatMarker(dir.path()) == "newsgraph 4");
  REQUIRE(Graph::Open(dir.path(), OpenOptions::Writer()).ok());
  CHECK(FormatMarker(dir.path()) == keys::kFormatValue);
  CHECK(std::string(keys::kFormatValue) == "newsgraph 6");
}

TEST_CASE("a format-4 database reads as it is, and its first writer fills the near-duplicate index", "[graph][adjacency][near_duplicate]") {
  TempDir dir;
  const std::string query = kEveryEdge;
  const std::string before = SeedGraphRows(dir.path(), query);
  {  // Format 4: no shingle_bands family.
    RawDb raw(dir.path());
    REQUIRE(raw.db()->DropColumnFamily(raw.family(keys::kShingleBands)).ok());
    REQUIRE(raw.db()->Put(rocksdb::WriteOptions(), raw.family(keys::kDefault), keys::kFormatKey, keys::kFormat4Value)
                .ok());
  }
  CheckReaderSeesOldFormat(dir.path(), query, before, keys::kFormat4Value);
  {
    auto g = testing::OpenWriter(dir.path());
    CHECK(testing::CheckIntegrity(*g).ok());  // the index holds the stored article
    // The seed with one word changed is a near duplicate of the stored one.
    std::string text = testing::ReadFileOrDie(testing::SourcePath("corpus/article.txt"));
    size_t at = text.find("Ironically");
    REQUIRE(at != std::string::npos);
    ArticleFacts copy = testing::ExtractText(text.replace(at, 10, "Oddly"));
    auto stored = g->IngestArticle(copy);
    REQUIRE(stored.ok());
    CHECK(stored->near_duplicate_of != 0);
    CHECK(Csv(*g, query).find("NEAR_DUPLICATE_OF") != std::string::npos);
  }
  CHECK(FormatMarker(dir.path()) == keys::kFormatValue);
}

// Every entry of every node, both directions, typed and untyped, as text.
std::string AllEntries(const Graph& g, bool stop_early) {
  std::string out;
  GraphScanner scanner(g);
  for (NodeId id = 1; id < g.NodeIdBound(); ++id)
    for (const std::string& type : {std::string(), std::string("PROVIDES_SERVICES_TO"), std::string("MENTIONS")}) {
      size_t seen = 0;
      REQUIRE(scanner.ForEachEntry(id, Direction::kBoth, type, [&](const AdjacencyEntry& e) {
        Edge edge;
        REQUIRE(e.ToEdge(&edge));
        out += std::to_string(id) + (e.outgoing ? " -" : " <-") + std::string(e.type) + "- " +
               std::to_string(e.other) + " e" + std::to_string(e.edge) + " w" + std::to_string(edge.weight) + "\n";
        return !stop_early || ++seen < 2;  // a scan that stops is not kept
      }).ok());
    }
  return out;
}

// A reader of `dir` with these cache budgets (bytes; 0: none).
std::unique_ptr<Graph> OpenReader(const std::string& dir, size_t adjacency_bytes, size_t node_bytes) {
  OpenOptions options = OpenOptions::Reader();
  options.adjacency_cache_bytes = adjacency_bytes;
  options.node_cache_bytes = node_bytes;
  auto graph = Graph::Open(dir, options);
  REQUIRE(graph.ok());
  return std::move(graph).value();
}

TEST_CASE("a reader's adjacency cache serves what the store holds, within any budget", "[graph][adjacency]") {
  TempDir dir;
  testing::SeedGraph(dir.path());
  auto plain = OpenReader(dir.path(), 0, 0);
  const std::string want = AllEntries(*plain, false);
  REQUIRE(want.size() > 1000);
  for (size_t budget : {size_t{1} << 10, size_t{40} << 10, size_t{64} << 20}) {  // none, some, all lists
    INFO("budget " << budget);
    auto cached = OpenReader(dir.path(), budget, 0);
    CHECK(AllEntries(*cached, true) == AllEntries(*plain, true));
    CHECK(AllEntries(*cached, false) == want);  // fills the cache
    CHECK(AllEntries(*cached, false) == want);  // served from it
  }
}

TEST_CASE("a reader's node cache serves what the store holds, within any budget", "[graph][nodes]") {
  TempDir dir;
  testing::SeedGraph(dir.path());
  auto plain = OpenReader(dir.path(), 0, 0);
  std::vector<NodeId> ids;
  REQUIRE(plain->ScanNodes("", [&](NodeId id) {
    ids.push_back(id);
    return true;
  }).ok());
  REQUIRE(ids.size() > 20);
  auto text = [](const Node& n) {
    std::string out = std::to_string(n.id);
    for (const std::string& l : n.labels) out += ":" + l;
    for (const auto& [k, v] : n.properties) out += " " + k + "=" + ToLiteral(Value::FromProperty(v));
    return out;
  };
  for (size_t budget : {size_t{0}, size_t{2} << 10, size_t{64} << 20}) {  // none, some, all records
    INFO("budget " << budget);
    auto cached = OpenReader(dir.path(), 0, budget);
    size_t kept = 0;
    for (int pass = 0; pass < 2; ++pass)  // fills the cache, then is served from it
      for (NodeId id : ids) {
        auto want = plain->GetNode(id);
        auto got = cached->GetSharedNode(id);
        REQUIRE(want.ok());
        REQUIRE(got.ok());
        CHECK(text(*got.value()) == text(want.value()));
        if (pass == 1) kept += got.value().use_count() > 1;  // the cache holds it too
      }
    CHECK((budget == 0 ? kept == 0 : kept > 0));
    if (budget == (size_t{64} << 20)) CHECK(kept == ids.size());
    if (budget == (size_t{2} << 10)) CHECK(kept < ids.size());
  }
  // A writer keeps none: its graph changes under it.
  auto writer = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(writer.ok());
  auto got = writer.value()->GetSharedNode(ids[0]);
  REQUIRE(got.ok());
  CHECK(got.value().use_count() == 1);
}

}  // namespace
}  // namespace newsgraph
