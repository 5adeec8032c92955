// query/: the binder finds every semantic error before the store is read,
// and EXPLAIN prints the plan without running the query (bind.h, plan.h).
#include <catch2/catch.hpp>

#include "query/functions.h"
#include "query/query.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

// A limit of one expansion step stops any query that traverses the seed
// graph: what passes under it did not traverse.
QueryLimits NoTraversal() {
  QueryLimits limits;
  limits.max_expansions = 1;
  return limits;
}

TEST_CASE("EXPLAIN returns the plan without traversing", "[query][plan]") {
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  const char* runaway = "MATCH (a)-[*]-(b)-[*]-(c) RETURN count(*)";
  auto run = RunQuery(*graph, runaway, {}, NoTraversal());
  REQUIRE(run.status().code() == Status::Code::kLimitExceeded);  // the query itself traverses

  auto plan = RunQuery(*graph, std::string("EXPLAIN ") + runaway, {}, NoTraversal());
  REQUIRE(plan.ok());
  REQUIRE(plan->explain);
  REQUIRE(plan->rows.size() == 2);
  REQUIRE(std::get<std::string>(plan->rows[0][0].v) ==
          "Match: AllNodesScan(a) -> Expand(-[*1..]-b) -> Expand(-[*1..]-c)");
  REQUIRE(std::get<std::string>(plan->rows[1][0].v) == "Return");
}

TEST_CASE("EXPLAIN of a writing query writes nothing", "[query][plan]") {
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  auto count = [&]() {
    auto r = RunQuery(*graph, "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r)", {}, {});
    REQUIRE(r.ok());
    return std::make_pair(std::get<int64_t>(r->rows[0][0].v), std::get<int64_t>(r->rows[0][1].v));
  };
  auto before = count();
  for (const char* q : {"EXPLAIN CREATE (a:Company {name:'New'})-[:OWNS]->(b:Company {name:'Newer'})",
                        "EXPLAIN MATCH (n) DETACH DELETE n", "EXPLAIN MERGE (n:Company {name:'Merged'}) RETURN n",
                        "EXPLAIN MATCH (n) SET n.flag = true"}) {
    auto r = RunQuery(*graph, q, {}, NoTraversal());
    INFO(q);
    REQUIRE(r.ok());
    REQUIRE(r->explain);
    REQUIRE_FALSE(r->wrote);
  }
  REQUIRE(count() == before);
}

TEST_CASE("semantic errors are found before the store is read, with line and column", "[query][bind]") {
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  // Each query would traverse before reaching its error if it were run
  // clause by clause; under NoTraversal a late check would report the limit.
  struct Case {
    const char* query;
    const char* message;
  };
  const Case cases[] = {
      {"MATCH (a)-->(b)-->(c)\nRETURN d", "variable `d` not defined (line 2, column 8)"},
      {"MATCH (a)-->(b)-->(c) RETURN nosuch(a)", "unknown function 'nosuch' (line 1, column 30)"},
      {"MATCH (a)-->(b)-->(c) RETURN toUpper(a.name, 'x')", "toUpper() takes 1 argument, got 2 (line 1, column 30)"},
      {"MATCH (a)-->(b)-->(c) RETURN substring('x')", "substring() takes 2 or 3 arguments, got 1 (line 1, column 30)"},
      {"MATCH (a)-->(b)-->(c) WITH a, count(*) AS n WHERE n > 1 UNWIND count(*) AS x RETURN x",
       "count(*) is only allowed in WITH and RETURN (line 1, column 64)"},
      {"MATCH (a)-->(b) WHERE count(b) > 1 RETURN a", "WHERE cannot use an aggregate (line 1, column 23)"},
      {"MATCH (a)-->(b)-->(c) RETURN type(a)", "type error at line 1, column 30: type() of a node or path"},
      {"MATCH (a)-[r]->(b)-->(c) MATCH (r)-->(c) RETURN a", "variable `r` is a relationship, not a node (line 1, column 33)"},
      {"MATCH (a)-->(b)-->(c) RETURN count(count(a))", "an aggregate cannot contain another (line 1, column 36)"},
      {"MATCH (a)-->(b)-->(c) RETURN a.name AS n, count(*) AS k ORDER BY b.name",
       "variable `b` not defined (line 1, column 66); after an aggregation or DISTINCT"},
      {"MATCH (a)-->(b)-->(c) RETURN DISTINCT a.name ORDER BY c.name", "after an aggregation or DISTINCT"},
      {"MATCH (a)-->(b)-->(c) RETURN a.name + count(*) AS x, b AS y", "mixes an aggregate with `a`"},
      {"MATCH (a)-->(b)-->(c) WITH a.name RETURN 1 AS x", "WITH needs an alias for 'a.name' (line 1, column 29"},
      {"MATCH (a)-->(b)-->(c) RETURN a AS x, b AS x", "column name 'x' is used twice (line 1, column 38)"},
      {"MATCH (a)-->(b)-->(c) RETURN a AS x UNION RETURN 1 AS y", "all parts of a UNION must return the same column names"},
      {"MATCH (a)-->(b)-->(c)\nRETURN a ORDER BY count(*)", "uses an aggregate that is not returned (line 2, column 19)"},
      {"MATCH (a)-->(b)\n  -->(c)", "a query must end with RETURN (line 1, column 1)"},
      {"MATCH (a)-->(b)-->(c) RETURN [x IN [1] | count(*)] AS l", "a list comprehension cannot use an aggregate"},
      {"MATCH (a)-->(b)-->(c) RETURN [(a)-->(z) | count(z)] AS l", "a pattern comprehension cannot use an aggregate"},
      {"MATCH (a)-->(b)-->(c) RETURN exists((a)-->(q)) AS e", "variable `q` in a pattern predicate is not defined"},
      {"MATCH (a)-->(b)-->(c) MATCH p = (a)-->(b), p = (c)-->(a) RETURN p",
       "variable `p` is already declared; a path needs a new variable (line 1, column 44)"},
  };
  for (const Case& c : cases) {
    INFO(c.query);
    auto r = RunQuery(*graph, c.query, {}, NoTraversal());
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.status().code() == Status::Code::kInvalidArgument);
    REQUIRE_THAT(r.status().message(), Catch::Contains(c.message));
  }
}

TEST_CASE("writing clauses are checked before anything runs", "[query][bind]") {
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  const std::pair<const char*, const char*> cases[] = {
      {"MATCH (a)-->(b)-->(c) CREATE (a)-[:A|B]->(c)", "CREATE needs exactly one type for each relationship, as in -[:TYPE]-> (line 1, column 33)"},
      {"MATCH (a)-->(b)-->(c) CREATE (a)-[:A]-(c)", "CREATE needs a direction for each relationship"},
      {"MATCH (a)-->(b)-->(c) CREATE (a:Company)", "variable `a` is already declared (line 1, column 31)"},
      {"MATCH (a)-->(b)-->(c) DELETE a.name + 1", "DELETE takes nodes, relationships or paths, not an expression like this (line 1, column 37"},
      {"MATCH (a)-->(b)-->(c) SET a.x = (a)-->(b)", "SET cannot store a pattern (line 1, column 33)"},
      {"MATCH (a)-->(b)-->(c) MERGE (a)-[:T*2]->(c)", "MERGE cannot create a variable-length relationship"},
  };
  for (const auto& [query, message] : cases) {
    INFO(query);
    auto r = RunQuery(*graph, query, {}, NoTraversal());
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.status().code() == Status::Code::kInvalidArgument);
    REQUIRE_THAT(r.status().message(), Catch::Contains(message));
  }
}

TEST_CASE("a MATCH whose rows feed a plain LIMIT stops after them", "[query][plan]") {
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  const char* runaway = "MATCH (a)-[*]-(b)-[*]-(c) RETURN a.name LIMIT 1";
  auto plan = RunQuery(*graph, std::string("EXPLAIN ") + runaway, {}, {});
  REQUIRE(plan.ok());
  REQUIRE_THAT(std::get<std::string>(plan->rows[0][0].v), Catch::EndsWith("(stops after 1 rows)"));
  QueryLimits tight;
  tight.max_expansions = 1000;  // far fewer than the whole match takes
  auto r = RunQuery(*graph, runaway, {}, tight);
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 1);
  // Ordered or aggregated, every row is needed: no early stop.
  auto sorted = RunQuery(*graph, "EXPLAIN MATCH (a)-->(b) RETURN a.name ORDER BY a.name LIMIT 1", {}, {});
  REQUIRE(sorted.ok());
  REQUIRE_THAT(std::get<std::string>(sorted->rows[0][0].v), !Catch::Contains("stops after"));
}

TEST_CASE("every function resolves through the one table", "[query][bind]") {
  const FunctionDef* f = FindFunction("TOUPPER");
  REQUIRE(f != nullptr);
  REQUIRE(std::string(f->name) == "toUpper");
  REQUIRE(f->min_args == 1);
  REQUIRE(f->max_args == 1);
  REQUIRE(IsAggregateName("Collect"));
  REQUIRE_FALSE(IsAggregateName("size"));
  REQUIRE(FindFunction("nosuch") == nullptr);
}

}  // namespace
}  // namespace newsgraph
