// import/: the seed corpus exported and imported again, through JSON and
// neo4j-admin CSV, compared exactly; multiple files, id spaces, merging.
#include <catch2/catch.hpp>

#include <sstream>

#include "export/json.h"
#include "export/neo4j_csv.h"
#include "export/subgraph.h"
#include "graph/integrity.h"
#include "query/query.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;

Subgraph Export(const Graph& g, bool articles) {
  SubgraphOptions options;
  options.include_articles = articles;
  auto sub = WholeGraph(g, options);
  REQUIRE(sub.ok());
  return std::move(sub).value();
}

std::vector<std::vector<std::string>> Rows(const Graph& g, const std::string& cypher) {
  auto result = RunQuery(g, cypher, {}, QueryLimits());
  REQUIRE(result.ok());
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : result->rows) {
    rows.emplace_back();
    for (const Value& v : row) rows.back().push_back(ToLiteral(v));
  }
  return rows;
}

const char kStoryQuery[] =
    "MATCH (us {name:'United States'})-[:BLACKLISTS]->(firm)<-[s:PROVIDES_SERVICES_TO]-(p) "
    "RETURN p.name AS provider, collect(firm.name) AS clients, count(s) AS links ORDER BY provider";

// Dump lines without Article nodes.
std::vector<std::string> WithoutArticles(std::vector<std::string> lines) {
  lines.erase(std::remove_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("N :Article", 0) == 0; }),
              lines.end());
  return lines;
}

TEST_CASE("the seed corpus round-trips exactly through the JSON export", "[import][roundtrip]") {
  TempDir dir;
  auto g = testing::SeedGraph(dir.Sub("seed"));
  SECTION("with articles: everything, evidence included") {
    std::ostringstream json;
    WriteJsonGraph(Export(*g, true), json);
    testing::WriteFile(dir.Sub("all.json"), json.str());
    auto out = testing::ImportFiles(dir.Sub("copy"), {dir.Sub("all.json")});
    REQUIRE(out.ok());
    REQUIRE(out->merged == 0);
    auto copy = Graph::Open(dir.Sub("copy"), OpenOptions::Reader());
    REQUIRE(testing::DumpGraph(*copy.value(), true) == testing::DumpGraph(*g, true));
    REQUIRE(copy.value()->Stats()->nodes_by_label == g->Stats()->nodes_by_label);
    REQUIRE(copy.value()->Stats()->edges_by_type == g->Stats()->edges_by_type);
    REQUIRE(Rows(*copy.value(), kStoryQuery) == Rows(*g, kStoryQuery));
    REQUIRE(Rows(*copy.value(), kStoryQuery).size() == 4);
  }
  SECTION("without: entities, relations and the articles their evidence cites") {
    std::ostringstream json;
    WriteJsonGraph(Export(*g, false), json);
    REQUIRE_THAT(json.str(), Catch::Contains("\"articles\": [\n{\"id\":1,\"labels\":[\"Article\"]"));
    testing::WriteFile(dir.Sub("entities.json"), json.str());
    REQUIRE(testing::ImportFiles(dir.Sub("copy"), {dir.Sub("entities.json")}).ok());
    auto copy = Graph::Open(dir.Sub("copy"), OpenOptions::Reader());
    REQUIRE(testing::DumpGraph(*copy.value(), true) == testing::DumpGraph(*g, true, "MENTIONS"));
    REQUIRE(Rows(*copy.value(), kStoryQuery) == Rows(*g, kStoryQuery));
  }
}

TEST_CASE("the seed corpus round-trips through neo4j-admin CSV", "[import][roundtrip]") {
  TempDir dir;
  auto g = testing::SeedGraph(dir.Sub("seed"));
  std::string command;
  SECTION("with articles") {
    REQUIRE(WriteNeo4jCsv(Export(*g, true), Neo4jCsvOptions(), dir.Sub("csv"), &command).ok());
    REQUIRE(testing::ImportFiles(dir.Sub("copy"), {dir.Sub("csv/nodes.csv"), dir.Sub("csv/relationships.csv")}).ok());
    auto copy = Graph::Open(dir.Sub("copy"), OpenOptions::Reader());
    REQUIRE(testing::DumpGraph(*copy.value(), false) == testing::DumpGraph(*g, false));
    REQUIRE(Rows(*copy.value(), kStoryQuery) == Rows(*g, kStoryQuery));
  }
  SECTION("without articles") {
    REQUIRE(WriteNeo4jCsv(Export(*g, false), Neo4jCsvOptions(), dir.Sub("csv"), &command).ok());
    REQUIRE(testing::ImportFiles(dir.Sub("copy"), {dir.Sub("csv")}).ok());
    auto copy = Graph::Open(dir.Sub("copy"), OpenOptions::Reader());
    REQUIRE(testing::DumpGraph(*copy.value(), false) == WithoutArticles(testing::DumpGraph(*g, false, "MENTIONS")));
  }
}

TEST_CASE("neo4j CSV: several files, id spaces, labels, merged duplicates", "[import]") {
  TempDir dir;
  testing::WriteFile(dir.Sub("companies.csv"),
                     "\xEF\xBB\xBFid:ID(Company),name,:LABEL,founded:int,tags:string[]\r\n"
                     "c1,Acme,Company;Provider,1990,a;b\r\n"
                     "c2,\"Globex, Inc.\",Company,,\r\n");
  testing::WriteFile(dir.Sub("people.csv"), "pid:ID(Person),name,:LABEL,:IGNORE\n1,Ann,Person,whatever\n");
  testing::WriteFile(dir.Sub("rels-a.csv"),
                     ":START_ID(Company),:END_ID(Company),:TYPE,weight:long,since:int\nc1,c2,SUPPLIES,2,2001\n");
  testing::WriteFile(dir.Sub("rels-b.csv"),
                     ":END_ID(Company),:START_ID(Person),:TYPE,score:double\nc1,1,WORKS_FOR,0.5\n");
  testing::WriteFile(dir.Sub("rels-c.csv"), ":START_ID(Company),:END_ID(Company),:TYPE,since:int\nc1,c2,SUPPLIES,1999\n");
  auto out = testing::ImportFiles(dir.Sub("db"), {dir.Sub("rels-a.csv"), dir.Sub("companies.csv"), dir.Sub("rels-b.csv"),
                                                   dir.Sub("people.csv"), dir.Sub("rels-c.csv")});
  REQUIRE(out.ok());
  REQUIRE(out->nodes == 3);
  REQUIRE(out->edges == 2);
  REQUIRE(out->merged == 1);
  auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
  auto dump = testing::DumpGraph(*g.value(), false);
  std::vector<std::string> want = {
      "E (N :Company:Provider {founded=1990, id=\"c1\", name=\"Acme\", tags=[\"a\",\"b\"]}) -[SUPPLIES w=3 "
      "{since=2001}]-> (N :Company {id=\"c2\", name=\"Globex, Inc.\"})",
      "E (N :Person {name=\"Ann\", pid=\"1\"}) -[WORKS_FOR w=1 {score=0.5}]-> (N :Company:Provider {founded=1990, "
      "id=\"c1\", name=\"Acme\", tags=[\"a\",\"b\"]})",
      "N :Company {id=\"c2\", name=\"Globex, Inc.\"}",
      "N :Company:Provider {founded=1990, id=\"c1\", name=\"Acme\", tags=[\"a\",\"b\"]}",
      "N :Person {name=\"Ann\", pid=\"1\"}",
  };
  REQUIRE(dump == want);
  std::vector<NodeId> found;
  REQUIRE(g.value()->FindByName("GLOBEX, INC.", &found).ok());
  REQUIRE(found.size() == 1);
  // Named :ID columns are indexed for each label of their nodes.
  REQUIRE(g.value()->PropertyIndexes() == std::vector<PropertyIndex>{{"Company", "id"}, {"Person", "pid"},
                                                                       {"Provider", "id"}});
  REQUIRE(Rows(*g.value(), "MATCH (c:Provider {id: 'c1'}) RETURN c.name") ==
          std::vector<std::vector<std::string>>{{"'Acme'"}});
}

TEST_CASE("merged weights stop at the largest integer instead of wrapping", "[import]") {
  // Issue 18 D14: two rows of 2^63-1 for one triple were stored as -2.
  TempDir dir;
  testing::WriteFile(dir.Sub("n.csv"), "id:ID,name\n1,Acme\n2,Globex\n");
  testing::WriteFile(dir.Sub("r.csv"), ":START_ID,:END_ID,:TYPE,weight:long\n1,2,SUPPLIES,9223372036854775807\n"
                                       "1,2,SUPPLIES,9223372036854775807\n2,1,SUPPLIES,9223372036854775806\n");
  auto out = testing::ImportFiles(dir.Sub("db"), {dir.Sub("n.csv"), dir.Sub("r.csv")});
  REQUIRE(out.ok());
  REQUIRE(out->merged == 1);
  auto g = Graph::Open(dir.Sub("db"), OpenOptions::Writer());
  REQUIRE(g.ok());
  // An article stating both again: ingest's +1 stops there too.
  REQUIRE(g.value()->IngestArticle(testing::Facts("a1", "a1", {testing::E("Acme", {"Company"}), testing::E("Globex", {"Company"})},
                                                  {testing::R("Acme", "SUPPLIES", "Globex"), testing::R("Globex", "SUPPLIES", "Acme")}))
              .ok());
  REQUIRE(Rows(*g.value(), "MATCH (a)-[r:SUPPLIES]->(b) RETURN a.name, r.weight ORDER BY a.name") ==
          std::vector<std::vector<std::string>>{{"'Acme'", "9223372036854775807"}, {"'Globex'", "9223372036854775807"}});
  REQUIRE(CheckIntegrity(*g.value()).ok());
}

TEST_CASE("neo4j CSV: a named :ID column is a property, typed by --id-type, and indexed", "[import]") {
  TempDir dir;
  testing::WriteFile(dir.Sub("n.csv"), "id:ID,name,:LABEL\n42,Acme,Company\n7,Globex,Company\n");
  testing::WriteFile(dir.Sub("r.csv"), ":START_ID,:END_ID,:TYPE\n42,7,SUPPLIES\n");
  ImportReaderOptions options;
  SECTION("string, as Neo4j's default") {
    REQUIRE(testing::ImportFiles(dir.Sub("db"), {dir.Sub("n.csv"), dir.Sub("r.csv")}, options).ok());
    auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
    REQUIRE(Rows(*g.value(), "MATCH (c:Company {id: '42'})-->(d) RETURN c.name, d.id") ==
            std::vector<std::vector<std::string>>{{"'Acme'", "'7'"}});
    REQUIRE(Rows(*g.value(), "MATCH (c:Company {id: 42}) RETURN c.name").empty());
  }
  SECTION("integer") {
    options.id_type = IdType::kInteger;
    REQUIRE(testing::ImportFiles(dir.Sub("db"), {dir.Sub("n.csv"), dir.Sub("r.csv")}, options).ok());
    auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
    REQUIRE(Rows(*g.value(), "MATCH (c:Company {id: 42})-->(d) RETURN c.name, d.id") ==
            std::vector<std::vector<std::string>>{{"'Acme'", "7"}});
    REQUIRE(Rows(*g.value(), "MATCH (c:Company {id: '42'}) RETURN c.name").empty());
    REQUIRE(Rows(*g.value(), "EXPLAIN MATCH (c:Company {id: 42}) RETURN c.name")[0][0] ==
            "'Match: NodeIndexSeek(c:Company {id: 42})'");
    testing::WriteFile(dir.Sub("bad.csv"), "id:ID,name\n1,A\nx2,B\n");
    auto bad = testing::ImportFiles(dir.Sub("db2"), {dir.Sub("bad.csv")}, options);
    REQUIRE_FALSE(bad.ok());
    REQUIRE_THAT(bad.status().message(), Catch::EndsWith("bad.csv:3: 'x2' in column 'id:ID' is not an integer (--id-type integer)"));
  }
  SECTION("an unnamed :ID is not stored, a name used twice is refused") {
    testing::WriteFile(dir.Sub("u.csv"), ":ID,name,:LABEL\n1,A,Company\n");
    REQUIRE(testing::ImportFiles(dir.Sub("db"), {dir.Sub("u.csv")}, options).ok());
    auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
    REQUIRE(g.value()->PropertyIndexes().empty());
    REQUIRE(testing::DumpGraph(*g.value(), false) == std::vector<std::string>{"N :Company {name=\"A\"}"});
    testing::WriteFile(dir.Sub("twice.csv"), "id:ID,id:long\n1,2\n");
    auto twice = testing::ImportFiles(dir.Sub("db3"), {dir.Sub("twice.csv")}, options);
    REQUIRE_FALSE(twice.ok());
    REQUIRE_THAT(twice.status().message(), Catch::Contains("property 'id' has two columns"));
  }
  SECTION("an index the load creates covers the nodes stored before") {
    testing::WriteFile(dir.Sub("old.csv"), ":ID,name,id:long,:LABEL\n1,Old,5,Company\n");
    REQUIRE(testing::ImportFiles(dir.Sub("db"), {dir.Sub("old.csv")}, options).ok());
    options.id_type = IdType::kInteger;
    REQUIRE(testing::ImportFiles(dir.Sub("db"), {dir.Sub("n.csv"), dir.Sub("r.csv")}, options).ok());
    auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
    REQUIRE(Rows(*g.value(), "MATCH (c:Company {id: 5}) RETURN c.name") == std::vector<std::vector<std::string>>{{"'Old'"}});
    REQUIRE(Rows(*g.value(), "MATCH (c:Company {id: 7}) RETURN c.name") ==
            std::vector<std::vector<std::string>>{{"'Globex'"}});
  }
}

TEST_CASE("imported nodes are new nodes, also beside stored ones of the same name", "[import]") {
  TempDir dir;
  { testing::SeedGraph(dir.Sub("db")); }
  testing::WriteFile(dir.Sub("n.csv"), "id:ID,name,:LABEL\nx,Hikvision,Company\n");
  REQUIRE(testing::ImportFiles(dir.Sub("db"), {dir.Sub("n.csv")}).ok());
  auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
  std::vector<NodeId> found;
  REQUIRE(g.value()->FindByName("Hikvision", &found).ok());
  REQUIRE(found.size() == 2);
}

}  // namespace
}  // namespace newsgraph
