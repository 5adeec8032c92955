// graph/: BulkLoader and Graph::BulkLoad against a simple model (random
// graph from a fixed seed, duplicates merged by hand), into an empty and
// into a populated database; the indexes ingest relies on; refusals that
// must leave the database as it was.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "graph/bulk_loader.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;

struct ModelEdge {
  int64_t weight = 0;
  Properties properties;
  std::vector<EvidenceRecord> evidence;  // article = staged Ref
};

struct Model {
  std::vector<std::vector<std::string>> labels;  // sorted, unique
  std::vector<Properties> props;
  std::map<std::tuple<BulkLoader::Ref, std::string, BulkLoader::Ref>, ModelEdge> edges;
  size_t staged_edges = 0;
};

// A random graph with awkward labels and types (a NUL byte, prefixes of
// each other), aliases, typed properties, duplicate triples and evidence.
Model Generate(uint32_t seed, BulkLoader* loader) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> kLabels = {"Company", "Agency", "A", "AB", std::string("A\0B", 3), "Ünïcode"};
  const std::vector<std::string> kTypes = {"SUPPLIES", "S", "SU", std::string("S\0U", 3), "PROVIDES_SERVICES_TO"};
  Model m;
  const size_t kNodes = 300, kArticles = 5, kEdges = 3000;
  for (size_t i = 0; i < kNodes; ++i) {
    std::set<std::string> labels;
    Properties props;
    if (i < kArticles) {
      labels.insert("Article");
      props["hash"] = "hash-" + std::to_string(i);
      props["name"] = "Article " + std::to_string(i);
    } else {
      for (size_t k = pick(3); k > 0; --k) labels.insert(kLabels[pick(kLabels.size())]);
      if (pick(10) > 0) props["name"] = "Node " + std::to_string(i);
      if (pick(3) == 0) props["aliases"] = PropertyList{"alias " + std::to_string(i), "N" + std::to_string(i) + "X"};
      if (pick(2) == 0) props["count"] = static_cast<int64_t>(pick(1000)) - 500;
      if (pick(2) == 0) props["score"] = static_cast<double>(pick(1000)) / 7;
      if (pick(4) == 0) props["listed"] = pick(2) == 0;
    }
    m.labels.emplace_back(labels.begin(), labels.end());
    m.props.push_back(props);
    REQUIRE(loader->AddNode(std::vector<std::string>(labels.rbegin(), labels.rend()), props) == i);
  }
  for (size_t i = 0; i < kEdges; ++i) {
    // A small range of sources and targets, so that triples repeat.
    auto src = static_cast<BulkLoader::Ref>(kArticles + pick(60));
    auto dst = static_cast<BulkLoader::Ref>(pick(kNodes));
    std::string type = kTypes[pick(kTypes.size())];
    int64_t weight = 1 + static_cast<int64_t>(pick(5));
    Properties props;
    if (pick(4) == 0) props["p" + std::to_string(pick(3))] = static_cast<int64_t>(i);
    std::vector<EvidenceRecord> evidence;
    if (pick(5) == 0) {
      EvidenceRecord r;
      r.article = pick(kArticles);
      r.sentence = "sentence " + std::to_string(i);
      r.rule = "rule." + std::to_string(pick(3));
      r.start = static_cast<uint32_t>(i);
      r.end = static_cast<uint32_t>(i + 10);
      r.confidence = 0.5;
      r.hedged = pick(2) == 0;
      evidence.push_back(r);
    }
    ModelEdge& e = m.edges[{src, type, dst}];
    e.weight += weight;
    for (const auto& [k, v] : props) e.properties.emplace(k, v);  // the first stated value wins
    e.evidence.insert(e.evidence.end(), evidence.begin(), evidence.end());
    REQUIRE(loader->AddEdge(src, type, dst, weight, props, evidence).ok());
    ++m.staged_edges;
  }
  return m;
}

// Everything the model says, through the public reads.
void Check(const Graph& g, const Model& m, const BulkLoadOutcome& out) {
  REQUIRE(out.nodes == m.props.size());
  REQUIRE(out.edges == m.edges.size());
  REQUIRE(out.merged == m.staged_edges - m.edges.size());
  auto id = [&](BulkLoader::Ref r) { return out.first_node + r; };
  std::map<std::string, std::set<NodeId>> by_label;
  for (BulkLoader::Ref r = 0; r < m.props.size(); ++r) {
    auto n = g.GetNode(id(r));
    REQUIRE(n.ok());
    REQUIRE(n->labels == m.labels[r]);
    REQUIRE(n->properties == m.props[r]);
    for (const std::string& l : m.labels[r]) by_label[l].insert(id(r));
    std::vector<std::string> names;
    if (auto it = m.props[r].find("name"); it != m.props[r].end()) names.push_back(*it->second.as_string());
    if (auto it = m.props[r].find("aliases"); it != m.props[r].end())
      for (const PropertyValue& a : std::get<PropertyList>(it->second.v)) names.push_back(*a.as_string());
    for (const std::string& name : names) {
      std::vector<NodeId> found;
      REQUIRE(g.FindByName(NameIndexKey(name), &found).ok());
      REQUIRE(std::count(found.begin(), found.end(), id(r)) == 1);
    }
  }
  for (const auto& [label, ids] : by_label) {
    std::set<NodeId> scanned;
    REQUIRE(g.ScanNodes(label, [&](NodeId n) { if (n >= out.first_node) scanned.insert(n); return true; }).ok());
    REQUIRE(scanned == ids);
  }
  std::map<NodeId, size_t> out_degree, in_degree;
  std::map<std::string, size_t> by_type;
  for (const auto& [key, model] : m.edges) {
    const auto& [src, type, dst] = key;
    ++out_degree[id(src)];
    ++in_degree[id(dst)];
    ++by_type[type];
    std::vector<Neighbor> nb;
    REQUIRE(g.Neighbors(id(src), Direction::kOut, type, &nb).ok());
    NodeId dst_id = id(dst);  // a lambda may not capture a structured binding (C++17; clang refuses)
    const std::string& edge_type = type;
    auto it = std::find_if(nb.begin(), nb.end(), [&](const Neighbor& x) { return x.node == dst_id && x.type == edge_type; });
    REQUIRE(it != nb.end());
    auto e = g.GetEdge(it->edge);
    REQUIRE(e.ok());
    REQUIRE(e->src == id(src));
    REQUIRE(e->dst == id(dst));
    REQUIRE(e->type == type);
    REQUIRE(e->weight == model.weight);
    REQUIRE(e->properties == model.properties);
    std::vector<EvidenceRecord> ev;
    REQUIRE(g.Evidence(e->id, &ev).ok());
    std::vector<EvidenceRecord> want = model.evidence;  // stored by (article, order given)
    std::stable_sort(want.begin(), want.end(), [](const auto& a, const auto& b) { return a.article < b.article; });
    REQUIRE(ev.size() == want.size());
    for (size_t i = 0; i < ev.size(); ++i) {
      REQUIRE(ev[i].article == id(static_cast<BulkLoader::Ref>(want[i].article)));
      REQUIRE(ev[i].sentence == want[i].sentence);
      REQUIRE(ev[i].rule == want[i].rule);
      REQUIRE(ev[i].start == want[i].start);
      REQUIRE(ev[i].end == want[i].end);
      REQUIRE(ev[i].hedged == want[i].hedged);
      REQUIRE(ev[i].confidence == Approx(want[i].confidence));
    }
  }
  for (BulkLoader::Ref r = 0; r < m.props.size(); ++r) {
    std::vector<Neighbor> nb;
    REQUIRE(g.Neighbors(id(r), Direction::kOut, "", &nb).ok());
    REQUIRE(nb.size() == out_degree[id(r)]);
    REQUIRE(g.Neighbors(id(r), Direction::kIn, "", &nb).ok());
    REQUIRE(nb.size() == in_degree[id(r)]);
  }
  for (const auto& [type, count] : by_type) {
    size_t scanned = 0;
    REQUIRE(g.ScanEdges(type, [&](EdgeId e) { scanned += e >= out.first_edge; return true; }).ok());
    REQUIRE(scanned == count);
  }
}

TEST_CASE("bulk load matches a model of the graph, into an empty database", "[bulk]") {
  TempDir dir;
  BulkLoader loader;
  const uint32_t seed = 20261128;
  INFO("seed " << seed);
  Model m = Generate(seed, &loader);
  {
    auto g = Graph::Open(dir.path(), OpenOptions::Writer());
    REQUIRE(g.ok());
    auto out = g.value()->BulkLoad(&loader);
    REQUIRE(out.ok());
    REQUIRE(out->first_node == 1);
    REQUIRE(out->first_edge == 1);
    REQUIRE(loader.nodes() == 0);  // emptied
    Check(*g.value(), m, out.value());
  }
  REQUIRE_FALSE(std::filesystem::exists(dir.Sub("bulk-load.tmp")));
  // The counters are stored: a reopened database continues after the load.
  auto g = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(g.ok());
  auto stats = g.value()->Stats();
  REQUIRE(stats->nodes == m.props.size());
  REQUIRE(stats->edges == m.edges.size());
  BulkLoader more;
  more.AddNode({"Company"}, {{"name", "Later"}});
  auto later = g.value()->BulkLoad(&more);
  REQUIRE(later.ok());
  REQUIRE(later->first_node == m.props.size() + 1);
}

TEST_CASE("bulk load into a database that holds data continues its ids and keeps its data", "[bulk]") {
  TempDir dir;
  auto g = testing::SeedGraph(dir.path());
  auto before = testing::DumpGraph(*g, true);
  auto stats = g->Stats();
  BulkLoader loader;
  Model m = Generate(7, &loader);
  auto out = g->BulkLoad(&loader);
  REQUIRE(out.ok());
  REQUIRE(out->first_node == stats->nodes + 1);
  REQUIRE(out->first_edge == stats->edges + 1);
  Check(*g, m, out.value());
  // The seed graph is still all there.
  auto after = testing::DumpGraph(*g, true);
  for (const std::string& line : before) REQUIRE(std::binary_search(after.begin(), after.end(), line));
}

ArticleFacts Statement(const std::string& hash, const std::string& subject, const std::string& object) {
  ArticleFacts f;
  f.id = f.title = "later " + hash;
  f.text = "text " + hash;
  f.content_hash = hash;
  for (const std::string& name : {subject, object}) {
    Entity e;
    e.name = name;
    e.labels = {"Company"};
    e.mentions.push_back({name, 0, 1});
    f.entities.push_back(e);
  }
  Relation r;
  r.subject = subject;
  r.predicate = "SUPPLIES";
  r.object = object;
  r.confidence = 0.7;
  r.sentence = subject + " supplies " + object + ".";
  r.rule = "test";
  f.relations.push_back(r);
  return f;
}

TEST_CASE("ingest after a bulk load finds its names, triples and articles", "[bulk]") {
  TempDir dir;
  auto g = Graph::Open(dir.path(), OpenOptions::Writer());
  REQUIRE(g.ok());
  BulkLoader loader;
  auto article = loader.AddNode({"Article"}, {{"name", "Old news"}, {"hash", "feedbeef"}});
  auto acme = loader.AddNode({"Company"}, {{"name", "Acme"}, {"aliases", PropertyList{"ACME Corp"}}});
  auto globex = loader.AddNode({"Company"}, {{"name", "Globex"}});
  REQUIRE(loader.AddEdge(acme, "SUPPLIES", globex, 3).ok());
  (void)article;
  auto out = g.value()->BulkLoad(&loader);
  REQUIRE(out.ok());
  // The same text again is recognised by its content hash.
  auto same = g.value()->IngestArticle(Statement("feedbeef", "Acme", "Globex"));
  REQUIRE(same.ok());
  REQUIRE(same->already_present);
  REQUIRE(same->article == out->first_node);
  // A new article stating the same triple (one name by alias) adds weight.
  auto next = g.value()->IngestArticle(Statement("cafe0001", "acme corp", "Globex"));
  REQUIRE(next.ok());
  REQUIRE(next->new_nodes == 1);  // only the article
  std::vector<Neighbor> nb;
  REQUIRE(g.value()->Neighbors(out->first_node + acme, Direction::kOut, "SUPPLIES", &nb).ok());
  REQUIRE(nb.size() == 1);
  REQUIRE(g.value()->GetEdge(nb[0].edge)->weight == 4);
}

TEST_CASE("a bulk load that would store an article twice is refused and writes nothing", "[bulk]") {
  TempDir dir;
  auto g = testing::SeedGraph(dir.path());
  auto before = testing::DumpGraph(*g, true);
  auto stats = g->Stats();
  std::vector<NodeId> seed_article;
  REQUIRE(g->ScanNodes("Article", [&](NodeId id) { seed_article.push_back(id); return true; }).ok());
  auto stored = g->GetNode(seed_article.at(0));
  std::string hash = *stored->properties.at("hash").as_string();

  BulkLoader loader;
  loader.AddNode({"Company"}, {{"name", "Innocent"}});
  loader.AddNode({"Article"}, {{"name", "Copy"}, {"hash", hash}});
  auto out = g->BulkLoad(&loader);
  REQUIRE_FALSE(out.ok());
  REQUIRE(out.status().code() == Status::Code::kInvalidArgument);
  REQUIRE_THAT(out.status().message(), Catch::Contains("article 'Copy' (content hash " + hash + ") is stored in") &&
                                           Catch::Contains("already, as node " + std::to_string(seed_article[0])));

  BulkLoader twice;
  twice.AddNode({"Article"}, {{"name", "One"}, {"hash", "abc"}});
  twice.AddNode({"Article"}, {{"name", "Two"}, {"hash", "abc"}});
  out = g->BulkLoad(&twice);
  REQUIRE_FALSE(out.ok());
  REQUIRE_THAT(out.status().message(), Catch::Contains("article 'One' and article 'Two' have the same content hash abc"));

  REQUIRE(testing::DumpGraph(*g, true) == before);
  REQUIRE(g->Stats()->nodes == stats->nodes);
  REQUIRE(g->Stats()->edges == stats->edges);
  REQUIRE_FALSE(std::filesystem::exists(dir.Sub("bulk-load.tmp")));
}

TEST_CASE("bulk loader refuses bad edges when staged; an empty load is a no-op", "[bulk]") {
  BulkLoader loader;
  auto a = loader.AddNode({}, {});
  REQUIRE_THAT(loader.AddEdge(a, "T", 7, 1).message(), Catch::Contains("unknown node"));
  REQUIRE_THAT(loader.AddEdge(a, "", a, 1).message(), Catch::Contains("without a type"));
  REQUIRE_THAT(loader.AddEdge(a, "T", a, -1).message(), Catch::Contains("negative edge weight"));
  EvidenceRecord r;
  r.article = 9;
  REQUIRE_THAT(loader.AddEdge(a, "T", a, 1, {}, {r}).message(), Catch::Contains("unknown article"));
  REQUIRE(loader.edges() == 0);

  TempDir dir;
  auto g = Graph::Open(dir.path(), OpenOptions::Writer());
  BulkLoader empty;
  auto out = g.value()->BulkLoad(&empty);
  REQUIRE(out.ok());
  REQUIRE(out->nodes == 0);
  REQUIRE(g.value()->Stats()->nodes == 0);
  g.value().reset();
  auto reader = Graph::Open(dir.path(), OpenOptions::Reader());
  BulkLoader one;
  one.AddNode({}, {});
  REQUIRE_THAT(reader.value()->BulkLoad(&one).status().message(), Catch::Contains("read-only"));
}

}  // namespace
}  // namespace newsgraph
