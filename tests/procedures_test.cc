// query/procedures.h and query/name_search.h: registered procedures run
// through CALL like built-ins; full-text search finds typos and aliases
// and ranks exact words above fuzzy ones. The CALL cases on the seed
// graph are in queries/procedures.test.
#include <catch2/catch.hpp>

#include "base/spelling.h"
#include "query/name_search.h"
#include "query/procedures.h"
#include "query/query.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

std::vector<std::string> Column(const QueryResult& r, size_t column) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(ToDisplay(row[column]));
  return out;
}

// test.twice(n :: FLOAT) :: (x :: FLOAT, label :: STRING): two rows.
ProcedureDef Twice() {
  return {"test.twice",
          {{"n", ProcType::kFloat}},
          {{"x", ProcType::kFloat}, {"label", ProcType::kString}},
          [](ProcedureContext& c) -> Status {
            double n = c.args[0].is_null() ? 0 : std::get<double>(c.args[0].v);
            for (int i = 1; i <= 2; ++i) {
              std::vector<Value> row{Value(n * i), Value("row " + std::to_string(i))};
              NG_RETURN_IF_ERROR(c.emit(row));
            }
            return Status::OK();
          }};
}

TEST_CASE("a registered procedure runs through CALL while registered", "[query][procedures]") {
  testing::TempDir dir;
  auto graph = testing::OpenWriter(dir.path());
  const Graph& g = *graph;
  {
    ProcedureRegistration reg(Twice());
    // Standalone: every output, in signature order; an INTEGER argument
    // reaches a FLOAT parameter converted.
    auto r = RunQuery(g, "CALL test.twice(3)", {}, {});
    REQUIRE(r.ok());
    CHECK(r->columns == std::vector<std::string>{"x", "label"});
    CHECK(Column(r.value(), 0) == std::vector<std::string>{"3.0", "6.0"});
    // Implicit arguments: the parameter of the argument's name.
    r = RunQuery(g, "CALL test.twice", {{"n", Value(1.5)}}, {});
    REQUIRE(r.ok());
    CHECK(Column(r.value(), 0) == std::vector<std::string>{"1.5", "3.0"});
    // In a query: per input row, renamed, filtered, and a LIMIT stops it.
    r = RunQuery(g, "UNWIND [1, 10] AS n CALL test.twice(n) YIELD label AS l, x WHERE x > 2 RETURN n, l, x", {}, {});
    REQUIRE(r.ok());
    CHECK(Column(r.value(), 1) == std::vector<std::string>{"row 1", "row 2"});
    CHECK(Column(r.value(), 2) == std::vector<std::string>{"10.0", "20.0"});
    r = RunQuery(g, "UNWIND range(1, 1000) AS n CALL test.twice(n) YIELD x RETURN x LIMIT 3", {}, {});
    REQUIRE(r.ok());
    CHECK(r->rows.size() == 3);
    // A wrong type, statically and at run time.
    r = RunQuery(g, "CALL test.twice('x')", {}, {});
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Catch::Contains("argument `n` of test.twice() is FLOAT, not String"));
    r = RunQuery(g, "WITH 'x' AS s CALL test.twice(s) YIELD x RETURN x", {}, {});
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Catch::Contains("is FLOAT, not String"));
    r = RunQuery(g, "CALL test.twice", {}, {});
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Catch::Contains("parameter $n has no value"));
  }
  auto gone = RunQuery(g, "CALL test.twice(1)", {}, {});
  REQUIRE_FALSE(gone.ok());
  CHECK_THAT(gone.status().message(), Catch::Contains("unknown procedure 'test.twice'"));
}

TEST_CASE("a void procedure leaves the rows of a query as they were", "[query][procedures]") {
  testing::TempDir dir;
  auto graph = testing::OpenWriter(dir.path());
  int calls = 0;
  ProcedureRegistration reg({"test.nothing", {}, {}, [&](ProcedureContext&) -> Status {
                               ++calls;
                               return Status::OK();
                             }});
  auto r = RunQuery(static_cast<const Graph&>(*graph), "UNWIND [1, 2, 3] AS n CALL test.nothing() RETURN n", {}, {});
  REQUIRE(r.ok());
  CHECK(Column(r.value(), 0) == std::vector<std::string>{"1", "2", "3"});
  CHECK(calls == 3);
  r = RunQuery(static_cast<const Graph&>(*graph), "CALL test.nothing()", {}, {});
  REQUIRE(r.ok());
  CHECK(r->rows.empty());
}

// Names for ranking: an exact name, a longer name holding it, one a typo
// away, and a node known by an alias.
std::unique_ptr<Graph> NamesGraph(const std::string& dir) {
  auto graph = testing::OpenWriter(dir);
  auto r = RunQuery(*graph,
                    "CREATE (:Company {name: 'Hikvision'}), (:Company {name: 'Hikvision Digital Technology'}), "
                    "(:Company {name: 'Hikvsn Labs'}), (:Agency {name: 'European Union', aliases: ['EU']}), "
                    "(:Company {name: 'Dahua Technology', aliases: ['Zhejiang Dahua']}), "
                    "(:Article {name: 'Hikvision news', title: 'Hikvision news'})",
                    {}, {});
  REQUIRE(r.ok());
  return graph;
}

std::vector<std::string> Found(const Graph& g, const std::string& query) {
  auto r = RunQuery(g, "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.name",
                    {{"q", Value(query)}}, {});
  REQUIRE(r.ok());
  return Column(r.value(), 0);
}

TEST_CASE("full-text search finds typos and aliases, exact words first", "[query][procedures][fulltext]") {
  testing::TempDir dir;
  auto graph = NamesGraph(dir.path());
  const Graph& g = *graph;
  // A plain word matches whole words only, any case; the shorter name
  // first; never an Article (its name is its title).
  CHECK(Found(g, "HIKVISION") == std::vector<std::string>{"Hikvision", "Hikvision Digital Technology"});
  CHECK(Found(g, "hikvis").empty());
  // Fuzzy: the typo finds all three, the exact spellings above the one
  // that is itself two edits away.
  CHECK(Found(g, "hikvison~") ==
        std::vector<std::string>{"Hikvision", "Hikvision Digital Technology", "Hikvsn Labs"});
  // ~1 allows one edit: "hikvsn" is two away.
  CHECK(Found(g, "hikvison~1") == std::vector<std::string>{"Hikvision", "Hikvision Digital Technology"});
  CHECK(Found(g, "hikvsn") == std::vector<std::string>{"Hikvsn Labs"});
  // Aliases are searched; the node is returned once.
  CHECK(Found(g, "eu") == std::vector<std::string>{"European Union"});
  CHECK(Found(g, "zhejiang dahua") == std::vector<std::string>{"Dahua Technology"});
  // A prefix, and more matched words rank higher.
  CHECK(Found(g, "tech*") == std::vector<std::string>{"Dahua Technology", "Hikvision Digital Technology"});
  CHECK(Found(g, "hikvision digital~") ==
        std::vector<std::string>{"Hikvision Digital Technology", "Hikvision"});
}

TEST_CASE("full-text scores: 1 per exact word, less per edit", "[query][fulltext]") {
  testing::TempDir dir;
  auto graph = NamesGraph(dir.path());
  auto hits = SearchNames(*graph, "hikvison~");
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 3);
  CHECK(hits.value()[0].score == Approx(0.875));         // one edit in eight letters, the whole name
  CHECK(hits.value()[1].score < hits.value()[0].score);  // the same word in a longer name
  auto bad = SearchNames(*graph, " AND ");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("has no words"));
}

TEST_CASE("edit distance counts a swap of neighbours as one edit, as Lucene's fuzzy search does", "[query][fulltext]") {
  CHECK(EditDistance("nmae", "name") == 1);
  CHECK(EditDistance("Compnay", "company") == 1);  // ASCII case ignored
  CHECK(EditDistance("quer", "query") == 1);
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(NearestWord("nmae", {"aliases", "name", "title"}) == "name");
}

}  // namespace
}  // namespace newsgraph
