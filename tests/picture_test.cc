// Pictures (#17): which nodes a picture keeps (isolated nodes, the strongest
// relationships under a node limit), its caption and legend, and what
// Graphviz says while drawing it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include "export/caption.h"
#include "export/dot.h"
#include "export/rank.h"
#include "export/render.h"
#include "export/subgraph.h"
#include "graph/bulk_loader.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;

// A hub with a strong and a weak neighbour, each with a neighbour of its
// own, a BASED_IN edge from the weak branch, and two nodes no edge touches:
//
//   Hub -WORKS_FOR(5)-> Strong -WORKS_FOR(4)-> StrongFar
//   Hub -WORKS_FOR(1)-> Weak   -WORKS_FOR(9)-> WeakFar -BASED_IN(1)-> Town
//   Alone (Person), Lonely (Company)
std::unique_ptr<Graph> HubGraph(const std::string& dir) {
  auto g = Graph::Open(dir, OpenOptions::Writer());
  REQUIRE(g.ok());
  BulkLoader loader;
  auto node = [&](const char* label, const char* name) { return loader.AddNode({label}, {{"name", name}}); };
  auto hub = node("Company", "Hub"), strong = node("Company", "Strong"), strong_far = node("Company", "StrongFar");
  auto weak = node("Company", "Weak"), weak_far = node("Company", "WeakFar"), town = node("Place", "Town");
  node("Person", "Alone");
  node("Company", "Lonely");
  REQUIRE(loader.AddEdge(hub, "WORKS_FOR", strong, 5).ok());
  REQUIRE(loader.AddEdge(strong, "WORKS_FOR", strong_far, 4).ok());
  REQUIRE(loader.AddEdge(hub, "WORKS_FOR", weak, 1).ok());
  REQUIRE(loader.AddEdge(weak, "WORKS_FOR", weak_far, 9).ok());
  REQUIRE(loader.AddEdge(weak_far, "BASED_IN", town, 1, {{"hedged", true}}).ok());
  REQUIRE(g.value()->BulkLoad(&loader).ok());
  return std::move(g).value();
}

std::set<std::string> Names(const Subgraph& g) {
  std::set<std::string> names;
  for (const Node& n : g.nodes) names.insert(DisplayName(n));
  return names;
}

TEST_CASE("StrongestNodes grows from the seeds along the strongest relationships", "[export][picture]") {
  // 1 -5- 2 -4- 3, 1 -1- 4 -9- 5, and apart 6 -7- 7, 8 -2- 9.
  std::vector<WeightedEdge> edges = {{10, 1, 2, 5}, {11, 2, 3, 4}, {12, 1, 4, 1},
                                     {13, 4, 5, 9}, {14, 6, 7, 7}, {15, 8, 9, 2}};
  REQUIRE(StrongestNodes(edges, {1}, 1) == std::set<NodeId>{1});
  REQUIRE(StrongestNodes(edges, {1}, 3) == std::set<NodeId>{1, 2, 3});
  // Weight 9 beyond a weight-1 edge: reachable only once 4 is kept.
  REQUIRE(StrongestNodes(edges, {1}, 5) == std::set<NodeId>{1, 2, 3, 4, 5});
  // Parts not joined to the seeds follow, strongest first.
  REQUIRE(StrongestNodes(edges, {1}, 7) == std::set<NodeId>{1, 2, 3, 4, 5, 6, 7});
  REQUIRE(StrongestNodes(edges, {}, 2) == std::set<NodeId>{4, 5});
  // A part grows before another starts: 1 joins by weight 1, then 2.
  REQUIRE(StrongestNodes(edges, {}, 4) == std::set<NodeId>{1, 2, 4, 5});
  REQUIRE(StrongestNodes(edges, {}, 7) == std::set<NodeId>{1, 2, 3, 4, 5, 6, 7});
  REQUIRE(StrongestNodes(edges, {}, 100).size() == 9);
  // Equal weights: the lower edge id first.
  REQUIRE(StrongestNodes({{3, 1, 2, 1}, {2, 1, 3, 1}}, {1}, 2) == std::set<NodeId>{1, 3});
}

TEST_CASE("a neighbourhood under --max-nodes keeps its strongest relationships", "[export][picture]") {
  TempDir dir;
  auto g = HubGraph(dir.Sub("db"));
  SubgraphOptions options;
  auto all = SubgraphAround(*g, {"Hub"}, 2, options);
  REQUIRE(all.ok());
  REQUIRE(Names(all.value()) == std::set<std::string>{"Hub", "Strong", "StrongFar", "Weak", "WeakFar"});
  REQUIRE(all->weaker_left_out == 0);

  options.max_nodes = 3;
  auto three = SubgraphAround(*g, {"Hub"}, 2, options);
  REQUIRE(three.ok());
  // The two-hop StrongFar (weight 4) beats the one-hop Weak (weight 1).
  REQUIRE(Names(three.value()) == std::set<std::string>{"Hub", "Strong", "StrongFar"});
  REQUIRE(three->edges.size() == 2);
  REQUIRE(three->weaker_left_out == 2);
}

TEST_CASE("whole-graph pictures leave out nodes without a drawn relationship", "[export][picture]") {
  TempDir dir;
  auto g = HubGraph(dir.Sub("db"));
  SubgraphOptions options;  // data exports: everything
  REQUIRE(WholeGraph(*g, options)->nodes.size() == 8);

  options.keep_isolated = false;
  auto drawn = WholeGraph(*g, options);
  REQUIRE(drawn.ok());
  REQUIRE(Names(drawn.value()) == std::set<std::string>{"Hub", "Strong", "StrongFar", "Weak", "WeakFar", "Town"});
  REQUIRE(drawn->isolated_left_out == 2);

  // A type filter leaves more nodes without a drawn relationship.
  options.edge_types = {"BASED_IN"};
  auto based = WholeGraph(*g, options);
  REQUIRE(based.ok());
  REQUIRE(Names(based.value()) == std::set<std::string>{"WeakFar", "Town"});
  REQUIRE(based->isolated_left_out == 6);

  // The whole graph under a node limit: its strongest relationship first.
  options.edge_types.clear();
  options.max_nodes = 2;
  REQUIRE(Names(WholeGraph(*g, options).value()) == std::set<std::string>{"Weak", "WeakFar"});
}

TEST_CASE("the DOT caption holds the title and a legend of what is drawn", "[export][picture]") {
  TempDir dir;
  auto g = HubGraph(dir.Sub("db"));
  SubgraphOptions options;
  options.keep_isolated = false;
  options.edge_types = {"WORKS_FOR"};
  Subgraph companies = WholeGraph(*g, options).value();
  std::ostringstream dot;
  WriteDot(companies, dot, DotOptions{{"news.db: whole graph <all>", "5 nodes"}, ""});
  const std::string text = dot.str();
  REQUIRE_THAT(text, Catch::Contains("<b>news.db: whole graph &lt;all&gt;</b>") && Catch::Contains(">5 nodes<"));
  // Only the labels and edge styles present: Company, weights; no Place,
  // Person or hedged edge.
  REQUIRE_THAT(text, Catch::Contains(">Company<") && Catch::Contains("stated in n articles"));
  REQUIRE_THAT(text, !Catch::Contains(">Place<") && !Catch::Contains(">Person<") && !Catch::Contains("hedged"));
  REQUIRE_THAT(text, Catch::Contains("layout=dot, rankdir=LR"));

  Subgraph everything = WholeGraph(*g, SubgraphOptions()).value();
  std::ostringstream all;
  WriteDot(everything, all, DotOptions{{}, "neato"});
  REQUIRE_THAT(all.str(), Catch::Contains(">Place<") && Catch::Contains(">Person<") && Catch::Contains("hedged"));
  REQUIRE_THAT(all.str(), Catch::Contains("layout=neato, splines=line"));
  REQUIRE(IsLayout("circo"));
  REQUIRE_FALSE(IsLayout("spring"));

  if (std::system("command -v dot >/dev/null 2>&1") != 0) return;  // Graphviz is optional
  std::vector<std::string> warnings;
  REQUIRE(RenderDot(dot.str(), "svg", dir.Sub("g.svg"), &warnings).ok());
  REQUIRE(warnings.empty());
  REQUIRE_THAT(testing::ReadFileOrDie(dir.Sub("g.svg")), Catch::Contains("news.db: whole graph &lt;all&gt;"));
}

TEST_CASE("the caption says what was selected from which database, and when", "[export][picture]") {
  Subgraph g;
  g.nodes.resize(16);
  g.edges.resize(15);
  g.weaker_left_out = 1;
  PictureSelection around{"/data/news.db/", "", {"Microsoft", "MSFT"}, 2, {"WORKS_FOR"}, {}};
  std::vector<std::string> caption = PictureCaption(around, g);
  REQUIRE(caption.size() == 2);
  REQUIRE(caption[0] == "news.db: around Microsoft, MSFT (2 hops); types WORKS_FOR");
  // No dated article: the export date.
  REQUIRE_THAT(caption[1], Catch::StartsWith("16 of 17 nodes (kept by the strongest relationships), 15 "
                                             "relationships; exported 2"));
  // Dated articles: their range, a time of day dropped and undated ones ignored.
  g.articles[1].properties["date"] = PropertyValue(Date{18405});  // 2020-05-23
  g.articles[2].properties["date"] = "2019-01-02T10:00:00Z";
  g.articles[3].properties["date"] = "last spring";
  g.weaker_left_out = 0;
  g.isolated_left_out = 1;
  caption = PictureCaption(PictureSelection{"news.db", "MATCH (n) RETURN n", {}, 1, {}, {"Person"}}, g);
  REQUIRE(caption[0] == "news.db: MATCH (n) RETURN n; labels Person");
  REQUIRE(caption[1] ==
          "16 nodes, 15 relationships; 1 node without a relationship not drawn; articles from 2019-01-02 to 2020-05-23");
}

TEST_CASE("RenderDot hands back what Graphviz says, the scaling warning among it", "[export][picture]") {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) return;  // Graphviz is optional
  TempDir dir;
  // A node wider than a bitmap may be (32767 pixels), and an unknown shape.
  std::vector<std::string> warnings;
  REQUIRE(RenderDot("digraph { a [width=600, fixedsize=true]; b [shape=nosuchshape] }", "png", dir.Sub("g.png"),
                    &warnings)
              .ok());
  REQUIRE(warnings.size() == 2);
  REQUIRE_THAT(warnings[0], Catch::Contains("nosuchshape"));
  REQUIRE_FALSE(IsScalingWarning(warnings[0]));
  REQUIRE(IsScalingWarning(warnings[1]));
  // A failure carries Graphviz's message.
  Status s = RenderDot("digraph { a -> }", "svg", dir.Sub("bad.svg"), &warnings);
  REQUIRE_FALSE(s.ok());
  REQUIRE_THAT(s.message(), Catch::Contains("syntax error"));
}

}  // namespace
}  // namespace newsgraph
