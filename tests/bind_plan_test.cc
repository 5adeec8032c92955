// query/: EXPLAIN writes nothing, a MATCH feeding a LIMIT stops early,
// the function table (plan.h, functions.h). The binder's errors and
// EXPLAIN's output are in queries/bind.test.
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

TEST_CASE("a MATCH whose rows feed a plain LIMIT stops after them", "[query][plan]") {
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  const char* runaway = "MATCH (a)-[*]-(b)-[*]-(c) RETURN a.name LIMIT 1";
  auto plan = RunQuery(*graph, std::string("EXPLAIN ") + runaway, {}, {});
  REQUIRE(plan.ok());
  REQUIRE(std::get<std::string>(plan->rows.back()[0].v) == "Limit: LIMIT 1");
  QueryLimits tight;
  tight.max_expansions = 1000;  // far fewer than the whole match takes
  auto r = RunQuery(*graph, runaway, {}, tight);
  REQUIRE(r.ok());
  REQUIRE(r->rows.size() == 1);
  // Ordered, every row is needed: a top-k, no early stop.
  const char* ordered = "MATCH (a)-[*]-(b)-[*]-(c) RETURN a.name ORDER BY a.name LIMIT 1";
  auto sorted = RunQuery(*graph, std::string("EXPLAIN ") + ordered, {}, {});
  REQUIRE(sorted.ok());
  REQUIRE(std::get<std::string>(sorted->rows.back()[0].v) == "TopK: a.name LIMIT 1");
  REQUIRE(RunQuery(*graph, ordered, {}, tight).status().code() == Status::Code::kLimitExceeded);
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
