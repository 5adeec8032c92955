// query/: limits and result formats (clause behaviour lives in
// tests/queries/*.test).
#include <catch2/catch.hpp>

#include <sstream>

#include "query/format.h"
#include "query/parser.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

TEST_CASE("a runaway pattern stops at its limit with a message", "[query][limits]") {
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  QueryLimits tight;
  tight.max_expansions = 200;
  auto r = RunQuery(*graph, "MATCH (a)-[*]-(b) RETURN count(*)", {}, tight);
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.status().code() == Status::Code::kLimitExceeded);
  REQUIRE_THAT(r.status().message(), Catch::Contains("expansion steps"));

  QueryLimits few_rows;
  few_rows.max_rows = 10;
  auto rows = RunQuery(*graph, "MATCH (a), (b) RETURN a, b", {}, few_rows);
  REQUIRE(rows.status().code() == Status::Code::kLimitExceeded);
  REQUIRE_THAT(rows.status().message(), Catch::Contains("more than 10 rows"));

  auto big = RunQuery(*graph, "UNWIND range(1, 100) AS x RETURN collect(x)", {}, few_rows);
  REQUIRE(big.status().code() == Status::Code::kLimitExceeded);
}

TEST_CASE("time and memory limits hold inside expressions", "[query][limits]") {
  // #18 D6: range(), comprehensions, quantifiers and collect() ran past
  // --timeout and --max-memory: only matching and rows were checked.
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  QueryLimits quick;
  quick.timeout_seconds = 0.5;
  quick.max_memory_mb = 0;  // time only
  auto slow = RunQuery(*graph, "RETURN size([x IN range(1, 100000) WHERE any(y IN range(1, 100000) WHERE y = -x)])", {},
                       quick);
  REQUIRE(slow.status().code() == Status::Code::kLimitExceeded);
  REQUIRE_THAT(slow.status().message(), Catch::Contains("query stopped after 0 s"));

  QueryLimits small;
  small.max_memory_mb = 64;
  for (const char* q : {"RETURN size([x IN range(1, 40) | range(1, 1000000)]) AS n",
                        "UNWIND range(1, 40) AS i RETURN size(collect(range(1, 1000000))) AS n",
                        "RETURN size([(a)--(b) | range(1, 1000000)]) AS n"}) {
    INFO(q);
    auto big = RunQuery(*graph, q, {}, small);
    REQUIRE(big.status().code() == Status::Code::kLimitExceeded);
    REQUIRE_THAT(big.status().message(), Catch::Contains("more than 64 MiB of memory"));
  }
  // One range() larger than the whole budget is refused before it is made.
  QueryLimits tiny;
  tiny.max_memory_mb = 16;
  auto one = RunQuery(*graph, "RETURN size(range(1, 900000)) AS n", {}, tiny);
  REQUIRE(one.status().code() == Status::Code::kLimitExceeded);
  auto fits = RunQuery(*graph, "RETURN size(range(1, 100000)) AS n", {}, tiny);
  REQUIRE(fits.ok());
  REQUIRE(std::get<int64_t>(fits->rows[0][0].v) == 100000);
}

TEST_CASE("JSON rows carry nodes, relationships and paths with their data", "[query][format]") {
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  auto r = RunQuery(*graph,
                    "MATCH p = (a {name:'Facebook'})-[r:PROVIDES_SERVICES_TO]->(b) RETURN a, r, p, b.name AS name", {},
                    {});
  REQUIRE(r.ok());
  std::ostringstream json;
  WriteResult(r.value(), OutputFormat::kJson, json);
  std::string s = json.str();
  REQUIRE_THAT(s, Catch::Contains("\"a\":{\"id\":"));
  REQUIRE_THAT(s, Catch::Contains("\"labels\":[\"Company\",\"Provider\"]"));
  REQUIRE_THAT(s, Catch::Contains("\"type\":\"PROVIDES_SERVICES_TO\""));
  REQUIRE_THAT(s, Catch::Contains("\"p\":{\"nodes\":["));
  REQUIRE_THAT(s, Catch::Contains("\"name\":\"Hikvision\"}\n"));
  REQUIRE(std::count(s.begin(), s.end(), '\n') == 1);

  std::ostringstream csv;
  QueryResult table;
  table.columns = {"name", "note"};
  table.rows = {{Value("Acme, Inc."), Value("say \"hi\"")}, {Value("Plain"), Value()}};
  WriteResult(table, OutputFormat::kCsv, csv);
  REQUIRE(csv.str() == "name,note\r\n\"Acme, Inc.\",\"say \"\"hi\"\"\"\r\nPlain,\r\n");

  std::ostringstream text;
  WriteResult(table, OutputFormat::kTable, text);
  REQUIRE(text.str() ==
          "+------------+----------+\n"
          "| name       | note     |\n"
          "+------------+----------+\n"
          "| Acme, Inc. | say \"hi\" |\n"
          "| Plain      | null     |\n"
          "+------------+----------+\n"
          "2 rows\n");
}

TEST_CASE("tables escape control characters, CSV cells cannot run as formulas", "[query][format]") {
  // #18 D16: an article title holding a terminal escape sequence was printed
  // raw; a CSV cell like =cmd|... ran as a formula in a spreadsheet.
  QueryResult table;
  table.columns = {"title\x1b]0;x\x07", "n"};
  table.rows = {{Value("\x1b[2J\x1b[31mred\xc2\x9b" "1m\x7f"), Value(int64_t{-3})},
                {Value("=cmd|' /C calc'!A0"), Value(int64_t{4})},
                {Value("+1"), Value(-1.5)},
                {Value("-2"), Value(int64_t{0})},
                {Value("@SUM(A1)"), Value(int64_t{0})},
                {Value("caf\xc3\xa9" " - fine"), Value()}};
  std::ostringstream text;
  WriteResult(table, OutputFormat::kTable, text);
  REQUIRE(text.str().find('\x1b') == std::string::npos);
  REQUIRE(text.str().find('\x07') == std::string::npos);
  REQUIRE(text.str().find("\xc2\x9b") == std::string::npos);
  REQUIRE_THAT(text.str(), Catch::Contains("| title\\x1b]0;x\\x07 "));
  REQUIRE_THAT(text.str(), Catch::Contains("| \\x1b[2J\\x1b[31mred\\u009b1m\\x7f | -3 "));
  REQUIRE_THAT(text.str(), Catch::Contains("| caf\xc3\xa9" " - fine"));

  std::ostringstream csv;
  WriteResult(table, OutputFormat::kCsv, csv);
  REQUIRE(csv.str() ==
          "title\x1b]0;x\x07,n\r\n"
          "\x1b[2J\x1b[31mred\xc2\x9b" "1m\x7f,-3\r\n"
          "'=cmd|' /C calc'!A0,4\r\n"
          "'+1,-1.5\r\n"
          "'-2,0\r\n"
          "'@SUM(A1),0\r\n"
          "caf\xc3\xa9" " - fine,\r\n");
}

TEST_CASE("the parser never crashes on mangled queries", "[query][parser]") {
  std::string base = "MATCH p = (a:Company {name:'x'})-[r:T|U*1..3]->(b) WHERE a.x >= 1 RETURN DISTINCT a, count(*) ORDER BY a DESC SKIP 1 LIMIT 2";
  // Every prefix and every single-character deletion: OK or a clean error.
  for (size_t i = 0; i <= base.size(); ++i) {
    auto prefix = ParseQuery(base.substr(0, i));
    if (!prefix.ok()) REQUIRE_THAT(prefix.status().message(), Catch::Contains("line 1"));
    std::string cut = base;
    if (i < cut.size()) cut.erase(i, 1);
    auto mangled = ParseQuery(cut);
    if (!mangled.ok()) REQUIRE_FALSE(mangled.status().message().empty());
  }
  REQUIRE(ParseQuery(base).ok());
}

TEST_CASE("deeply nested expressions are refused with a message, not a stack overflow", "[query][parser]") {
  // #18 D2: each of these overflowed the stack of the parser or the stages after it.
  auto repeat = [](const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  const std::string deep[] = {
      "RETURN " + repeat("(", 3000) + "1" + repeat(")", 3000),
      "RETURN " + repeat("[", 3000) + "1" + repeat("]", 3000),
      "RETURN 1" + repeat("+1", 30000),
      "RETURN " + repeat("NOT ", 30000) + "true",
      "RETURN " + repeat("- ", 30000) + "1",
      "RETURN " + repeat("{a:", 5000) + "1" + repeat("}", 5000),
      "RETURN " + repeat("abs(", 5000) + "1" + repeat(")", 5000),
      "RETURN " + repeat("CASE WHEN true THEN ", 5000) + "1" + repeat(" END", 5000),
      "RETURN {a:1}" + repeat(".a", 30000),
      "RETURN [1]" + repeat("[0]", 30000),
      "RETURN true" + repeat(" AND true", 30000),
      "RETURN 1" + repeat(" < 2", 30000),
      "RETURN null" + repeat(" IS NULL", 30000),
  };
  for (const std::string& q : deep) {
    INFO(q.substr(0, 40));
    auto parsed = ParseQuery(q);
    REQUIRE_FALSE(parsed.ok());
    REQUIRE_THAT(parsed.status().message(), Catch::Contains("expression nested too deeply (more than 500 levels)"));
  }
  // Up to the limit, nesting works.
  testing::TempDir dir;
  auto graph = testing::SeedGraph(dir.path());
  auto r = RunQuery(*graph, "RETURN " + repeat("(", 200) + "1" + repeat("+1", 200) + repeat(")", 200) + " AS x", {}, {});
  REQUIRE(r.ok());
  REQUIRE(std::get<int64_t>(r->rows[0][0].v) == 201);
}

TEST_CASE("command-line parameters parse to typed values", "[query]") {
  REQUIRE(ParseParam("n=42")->second.type() == Value::kInt);
  REQUIRE(ParseParam("f=2.5")->second.type() == Value::kFloat);
  REQUIRE(ParseParam("b=true")->second.type() == Value::kBool);
  REQUIRE(std::get<std::string>(ParseParam("s='Hik vision'")->second.v) == "Hik vision");
  REQUIRE(std::get<std::string>(ParseParam("s=Hikvision")->second.v) == "Hikvision");
  REQUIRE_FALSE(ParseParam("novalue").ok());
}

}  // namespace
}  // namespace newsgraph
