// graph/algorithms.h and `newsgraph algo` on small hand-made graphs with
// values worked out by hand.
#include <catch2/catch.hpp>

#include "graph/algorithms.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::E;
using testing::Facts;
using testing::R;
using testing::TempDir;

// One article per relation "S>TYPE>O"; every entity a Company unless named
// in `people`. Repeating a relation raises its weight.
void Build(const std::string& dir, const std::vector<std::string>& relations, const std::vector<std::string>& people = {}) {
  auto g = Graph::Open(dir, OpenOptions::Writer());
  REQUIRE(g.ok());
  int n = 0;
  for (const std::string& rel : relations) {
    size_t a = rel.find('>'), b = rel.rfind('>');
    std::string s = rel.substr(0, a), p = rel.substr(a + 1, b - a - 1), o = rel.substr(b + 1);
    auto label = [&](const std::string& name) {
      return std::vector<std::string>{std::find(people.begin(), people.end(), name) != people.end() ? "Person" : "Company"};
    };
    std::string id = "article" + std::to_string(++n);
    REQUIRE(g.value()->IngestArticle(Facts(id, id, {E(s, label(s)), E(o, label(o))}, {R(s, p, o)})).ok());
  }
}

GraphView View(const std::string& dir, const ViewOptions& options = ViewOptions()) {
  auto g = Graph::Open(dir, OpenOptions::Reader());
  REQUIRE(g.ok());
  auto view = LoadView(*g.value(), options);
  REQUIRE(view.ok());
  return view.value();
}

double Of(const GraphView& view, const std::vector<double>& values, const std::string& name) {
  for (size_t v = 0; v < view.names.size(); ++v)
    if (view.names[v] == name) return values[v];
  FAIL("no vertex " << name);
  return 0;
}

TEST_CASE("the view leaves out articles unless asked, and filters by type and label", "[algo]") {
  TempDir dir;
  Build(dir.path(), {"B>LINKS>A", "C>OWNS>A", "P>WORKS_FOR>A"}, {"P"});
  GraphView all = View(dir.path());
  REQUIRE(all.nodes.size() == 4);
  REQUIRE(all.links.size() == 3);
  ViewOptions with_articles;
  with_articles.include_articles = true;
  GraphView full = View(dir.path(), with_articles);
  REQUIRE(full.nodes.size() == 7);
  REQUIRE(full.links.size() == 9);  // 3 relations and 6 MENTIONS
  ViewOptions links;
  links.edge_types = {"LINKS", "OWNS"};
  links.labels = {"Company"};
  GraphView some = View(dir.path(), links);
  REQUIRE(some.nodes.size() == 3);
  REQUIRE(some.links.size() == 2);
}

TEST_CASE("PageRank: a star and a cycle", "[algo]") {
  TempDir star, cycle;
  Build(star.path(), {"B>LINKS>A", "C>LINKS>A", "D>LINKS>A", "D>OWNS>A"});  // a parallel edge counts once
  GraphView s = View(star.path());
  std::vector<double> rank = PageRank(s).value();
  // rank(A) = 0.15 + 0.85 * (0.15 + 0.15 + 0.15); the others get only 1 - d.
  REQUIRE(Of(s, rank, "A") == Approx(0.5325).margin(1e-9));
  REQUIRE(Of(s, rank, "B") == Approx(0.15).margin(1e-9));
  REQUIRE(Of(s, rank, "D") == Approx(0.15).margin(1e-9));

  Build(cycle.path(), {"A>LINKS>B", "B>LINKS>C", "C>LINKS>A"});
  GraphView c = View(cycle.path());
  std::vector<double> ranks = PageRank(c).value();
  for (double r : ranks) REQUIRE(r == Approx(1.0).margin(1e-8));  // r = 0.15 + 0.85 r
}

TEST_CASE("components and betweenness: a path and a pair", "[algo]") {
  TempDir dir;
  Build(dir.path(), {"A>LINKS>B", "C>LINKS>B", "C>LINKS>D", "E>LINKS>F"});
  GraphView view = View(dir.path());
  size_t count = 0;
  std::vector<size_t> component = Components(view, &count);
  REQUIRE(count == 2);
  REQUIRE(component[view.VertexOf(view.nodes[0])] == 0);  // A is in the larger one
  std::map<std::string, size_t> of;
  for (size_t v = 0; v < view.names.size(); ++v) of[view.names[v]] = component[v];
  REQUIRE(of == std::map<std::string, size_t>{{"A", 0}, {"B", 0}, {"C", 0}, {"D", 0}, {"E", 1}, {"F", 1}});
  // Path A-B-C-D: B lies on A..C and A..D, C on A..D and B..D.
  std::vector<double> b = Betweenness(view).value();
  REQUIRE(Of(view, b, "A") == 0);
  REQUIRE(Of(view, b, "B") == 2);
  REQUIRE(Of(view, b, "C") == 2);
  REQUIRE(Of(view, b, "E") == 0);
}

TEST_CASE("betweenness on a ring, a complete graph and a grid with two routes", "[algo]") {
  TempDir ring, clique, square;
  // A ring of 6.
  Build(ring.path(), {"A>LINKS>B", "B>LINKS>C", "C>LINKS>D", "D>LINKS>E", "E>LINKS>F", "F>LINKS>A"});
  GraphView r = View(ring.path());
  // Through each vertex: its two neighbours' one path, and one of the two
  // routes of the 2 opposite pairs it is not in; 1 + 1/2 + 1/2.
  std::vector<double> around = Betweenness(r).value();
  for (double b : around) REQUIRE(b == Approx(2.0).margin(1e-12));
  Build(clique.path(), {"A>LINKS>B", "A>LINKS>C", "B>LINKS>C", "C>OWNS>A"});
  std::vector<double> none = Betweenness(View(clique.path())).value();
  for (double b : none) REQUIRE(b == 0);
  // A square A-B-D, A-C-D plus a tail D-E: B and C split A's paths to D and E.
  Build(square.path(), {"A>LINKS>B", "B>LINKS>D", "A>LINKS>C", "C>LINKS>D", "D>LINKS>E"});
  GraphView q = View(square.path());
  std::vector<double> b = Betweenness(q).value();
  REQUIRE(Of(q, b, "B") == Approx(1.0).margin(1e-12));  // half of A-D, half of A-E
  REQUIRE(Of(q, b, "C") == Approx(1.0).margin(1e-12));
  REQUIRE(Of(q, b, "D") == Approx(3.5).margin(1e-12));  // A-E, B-E, C-E, half of B-C
  REQUIRE(Of(q, b, "A") == Approx(0.5).margin(1e-12));  // half of B-C
}

TEST_CASE("the algorithms stop at their time limit with a message", "[algo]") {
  TempDir dir;
  std::string db = dir.Sub("g.db"), out, err;
  Build(db, {"A>LINKS>B", "B>LINKS>C", "C>LINKS>D"});
  GraphView view = View(db);
  AlgoLimits spent;
  spent.timeout_seconds = 0;
  spent.start -= std::chrono::seconds(1);  // the budget is gone before the first check
  Result<std::vector<double>> b = Betweenness(view, spent);
  REQUIRE(b.status().code() == Status::Code::kLimitExceeded);
  REQUIRE(b.status().message() == "betweenness stopped after 0 s (raise --timeout, or narrow the graph with --types or --labels)");
  REQUIRE(PageRank(view, spent).status().code() == Status::Code::kLimitExceeded);
  auto g = Graph::Open(db, OpenOptions::Reader());
  REQUIRE(g.ok());
  Result<GraphView> loaded = LoadView(*g.value(), ViewOptions(), spent);
  REQUIRE_THAT(loaded.status().message(), Catch::StartsWith("reading the graph stopped after 0 s"));
  g.value().reset();
  // Within the limit the same calls give their values.
  REQUIRE(Betweenness(view, AlgoLimits()).ok());
  // From the command line: exit 1 and the one message (before: no --timeout,
  // and betweenness ran as long as it took).
  for (const char* algorithm : {"betweenness", "pagerank"}) {
    REQUIRE(testing::RunCli("algo --db " + db + " " + algorithm + " --timeout 0", &out, &err) == 1);
    REQUIRE(out.empty());
    REQUIRE_THAT(err, Catch::Contains("stopped after 0 s (raise --timeout"));
  }
  REQUIRE(testing::RunCli("algo --db " + db + " betweenness --timeout -1", &out, &err) == 2);
  REQUIRE(testing::RunCli("algo --db " + db + " betweenness --timeout 5", &out, &err) == 0);
}

TEST_CASE("shortest paths: fewest hops, or least 1/weight, direction ignored", "[algo]") {
  TempDir dir;
  // A->B->D in two hops of weight 1; A->X->Y<-D in three hops of weight 4.
  std::vector<std::string> rels = {"A>LINKS>B", "B>LINKS>D"};
  for (int i = 0; i < 4; ++i)
    for (const char* r : {"A>LINKS>X", "X>LINKS>Y", "D>OWNS>Y"}) rels.push_back(r);
  rels.push_back("Q>LINKS>R");
  Build(dir.path(), rels);
  GraphView view = View(dir.path());
  auto names = [&](const std::vector<PathStep>& path) {
    std::vector<std::string> out;
    for (const PathStep& s : path) out.push_back(view.names[s.vertex]);
    return out;
  };
  size_t a = view.VertexOf(view.nodes[0]);
  REQUIRE(view.names[a] == "A");
  size_t d = 0;
  while (view.names[d] != "D") ++d;
  std::vector<PathStep> hops = ShortestPath(view, a, d, false);
  REQUIRE(names(hops) == std::vector<std::string>{"A", "B", "D"});
  REQUIRE(hops[0].link == -1);
  std::vector<PathStep> light = ShortestPath(view, a, d, true);
  REQUIRE(names(light) == std::vector<std::string>{"A", "X", "Y", "D"});
  REQUIRE(light[1].forward);
  REQUIRE_FALSE(light[3].forward);  // D->Y walked backwards
  REQUIRE(view.links[light[3].link].type == "OWNS");
  REQUIRE(view.links[light[3].link].weight == 4);
  size_t q = 0;
  while (view.names[q] != "Q") ++q;
  REQUIRE(ShortestPath(view, a, q, false).empty());
}

TEST_CASE("newsgraph algo prints sorted results as table, csv or json", "[algo][cli]") {
  TempDir dir;
  std::string db = dir.Sub("g.db"), out, err;
  Build(db, {"B>LINKS>A", "C>LINKS>A", "D>LINKS>A", "E>LINKS>F"});
  REQUIRE(testing::RunCli("algo --db " + db + " pagerank --limit 2 --format csv", &out, &err) == 0);
  REQUIRE(out == "name,labels,pagerank\r\nA,\"[\"\"Company\"\"]\",0.5325\r\nF,\"[\"\"Company\"\"]\",0.2775\r\n");
  REQUIRE(testing::RunCli("algo --db " + db + " components --format csv", &out, &err) == 0);
  REQUIRE(out == "component,size,members\r\n1,4,\"[\"\"A\"\",\"\"B\"\",\"\"C\"\",\"\"D\"\"]\"\r\n2,2,\"[\"\"E\"\",\"\"F\"\"]\"\r\n");
  REQUIRE(testing::RunCli("algo --db " + db + " betweenness --limit 1 --format json", &out, &err) == 0);
  REQUIRE(out == "{\"name\":\"A\",\"labels\":[\"Company\"],\"betweenness\":3.0}\n");
  REQUIRE(testing::RunCli("algo --db " + db + " shortest b d --format csv", &out, &err) == 0);
  REQUIRE(out == "step,name,via,weight\r\n0,B,,\r\n1,A,'-[:LINKS]->,1\r\n2,D,<-[:LINKS]-,1\r\n");
  REQUIRE(testing::RunCli("algo --db " + db + " shortest B Nobody", &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("no node named 'Nobody'"));
  REQUIRE(testing::RunCli("algo --db " + db + " pagerank B", &out, &err) == 2);
  REQUIRE(testing::RunCli("algo --db " + db + " sorting", &out, &err) == 2);
}

}  // namespace
}  // namespace newsgraph
