// Why and when, end to end (issue #17): article dates and sources from
// JSONL, header lines and --date/--source; edges' first_seen/last_seen;
// evidence(r); the REPL's :why; dates through reextract and every output
// format.
#include <catch2/catch.hpp>

#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::RunCli;
using testing::TempDir;

// Three dated JSONL articles, one text article with header lines, one with
// none (dated by --date); every one says Amazon serves Hikvision.
struct DatedCorpus {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  DatedCorpus() {
    testing::WriteFile(
        dir.Sub("feed.jsonl"),
        "{\"id\":\"f1\",\"date\":\"2019-05-20\",\"source\":\"Reuters\",\"text\":\"Amazon provides cloud services to "
        "Hikvision. Huawei was blacklisted.\"}\n"
        "{\"id\":\"f2\",\"date\":\"2018-01-02T09:30:00Z\",\"source\":\"AP\",\"text\":\"Amazon provides cloud services to "
        "Hikvision and Huawei.\"}\n"
        "{\"id\":\"f3\",\"date\":\"2019-04-30\",\"text\":\"Huawei sells phones.\"}\n");
    testing::WriteFile(dir.Sub("headed.txt"),
                       "Date: 2021-03-04\nSource: Reuters\n\nAmazon provides cloud services to Hikvision.\n");
    testing::WriteFile(dir.Sub("plain.txt"), "Amazon provides web hosting services to Hikvision.\n");
    REQUIRE(RunCli("ingest --db " + db + " --date 2017-07-07 --source Manual " + dir.Sub("feed.jsonl") + " " +
                       dir.Sub("headed.txt") + " " + dir.Sub("plain.txt"),
                   &out, &err) == 0);
  }
  std::string Csv(const std::string& query) {
    REQUIRE(RunCli("query --format csv --db " + db + " \"" + query + "\"", &out, &err) == 0);
    return out;
  }
};

TEST_CASE("articles keep their date and source: JSONL fields, header lines, --date/--source", "[cli][dates]") {
  DatedCorpus c;
  CHECK(c.Csv("MATCH (a:Article) RETURN a.article_id, a.date, a.source ORDER BY a.date") ==
        "a.article_id,a.date,a.source\r\n" +
            c.dir.Sub("plain.txt") + ",2017-07-07,Manual\r\n"
            "f2,2018-01-02,AP\r\n"
            "f3,2019-04-30,Manual\r\n"  // --source fills what the JSONL line lacks
            "f1,2019-05-20,Reuters\r\n" +
            c.dir.Sub("headed.txt") + ",2021-03-04,Reuters\r\n");
  // The question.
  CHECK(c.Csv("MATCH (a:Article)-[:MENTIONS]->(c {name:'Huawei'}) WHERE a.date >= date('2019-05-01') "
              "RETURN count(a)") == "count(a)\r\n1\r\n");
  // Header lines are not prose: the stored text starts after them, so the
  // sentence's offsets count from its first letter.
  CHECK(c.Csv("MATCH (a:Article {source:'Reuters'})-[:MENTIONS]->(x) RETURN DISTINCT x.name ORDER BY x.name") ==
        "x.name\r\nAmazon\r\nHikvision\r\nHuawei\r\n");
  CHECK(c.Csv("MATCH ()-[r:PROVIDES_SERVICES_TO]->({name:'Hikvision'}) UNWIND evidence(r) AS e "
              "WITH e WHERE e.date = date('2021-03-04') RETURN e.start, e.source") == "e.start,e.source\r\n0,Reuters\r\n");
}

TEST_CASE("edges carry first_seen and last_seen; evidence(r) lists the statements with their articles", "[cli][dates]") {
  DatedCorpus c;
  CHECK(c.Csv("MATCH (a {name:'Amazon'})-[r:PROVIDES_SERVICES_TO]->(b) RETURN b.name, r.weight, r.first_seen, "
              "r.last_seen ORDER BY b.name") ==
        "b.name,r.weight,r.first_seen,r.last_seen\r\nHikvision,4,2017-07-07,2021-03-04\r\nHuawei,1,2018-01-02,2018-01-02\r\n");
  CHECK(c.Csv("MATCH ()-[r]->() WHERE r.first_seen >= date('2018-01-01') RETURN type(r), count(*) ORDER BY type(r)") ==
        "type(r),count(*)\r\nPROVIDES_SERVICES_TO,1\r\n");
  CHECK(c.Csv("MATCH ({name:'Amazon'})-[r]->({name:'Hikvision'}) UNWIND evidence(r) AS e "
              "RETURN e.date, e.source, e.article, e.rule IS NOT NULL ORDER BY e.date DESC LIMIT 2") ==
        "e.date,e.source,e.article,e.rule IS NOT NULL\r\n2021-03-04,Reuters," + c.dir.Sub("headed.txt") +
            ",true\r\n2019-05-20,Reuters,f1,true\r\n");
  REQUIRE(RunCli("query --format json --db " + c.db +
                     " \"MATCH ({name:'Amazon'})-[r]->({name:'Huawei'}) RETURN r.first_seen AS d, evidence(r) AS e\"",
                 &c.out, &c.err) == 0);
  CHECK(c.out ==
        "{\"d\":\"2018-01-02\",\"e\":[{\"article\":\"f2\",\"confidence\":0.8,\"date\":\"2018-01-02\",\"end\":55,"
        "\"hedged\":false,\"rule\":\"services.provide\",\"sentence\":\"Amazon provides cloud services to Hikvision "
        "and Huawei.\",\"source\":\"AP\",\"start\":0,\"title\":null}]}\n");
}

TEST_CASE("reextract keeps dates, sources and first_seen", "[cli][dates][reextract]") {
  DatedCorpus c;
  std::string before = c.Csv("MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name, r.first_seen, r.last_seen, "
                             "[e IN evidence(r) | [e.date, e.source]] ORDER BY a.name, type(r), b.name");
  REQUIRE(RunCli("reextract --db " + c.db, &c.out, &c.err) == 0);
  CHECK(c.Csv("MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name, r.first_seen, r.last_seen, "
              "[e IN evidence(r) | [e.date, e.source]] ORDER BY a.name, type(r), b.name") == before);
  CHECK(c.Csv("MATCH (a:Article) WHERE a.date < date({year: 2018}) RETURN count(*)") == "count(*)\r\n1\r\n");
}

TEST_CASE("the JSON export and import keep dates as dates", "[cli][dates][import]") {
  DatedCorpus c;
  const std::string query = "MATCH (a)-[r]->(b) WHERE r.first_seen < date('2019-01-01') RETURN a.name, b.name, "
                            "r.first_seen, r.last_seen, [e IN evidence(r) | e.date] ORDER BY a.name, b.name";
  std::string before = c.Csv(query);
  REQUIRE_THAT(before, Catch::Contains("Amazon,Hikvision,2017-07-07,2021-03-04,"));
  REQUIRE(RunCli("export --db " + c.db + " --articles --format json -o " + c.dir.Sub("g.json"), &c.out, &c.err) == 0);
  CHECK_THAT(testing::ReadFileOrDie(c.dir.Sub("g.json")), Catch::Contains("\"first_seen\":{\"date\":\"2017-07-07\"}"));
  c.db = c.dir.Sub("copy.db");
  REQUIRE(RunCli("import --db " + c.db + " " + c.dir.Sub("g.json"), &c.out, &c.err) == 0);
  CHECK(c.Csv(query) == before);
  CHECK(c.Csv("MATCH (a:Article) WHERE a.date >= date('2019-05-01') RETURN count(*)") == "count(*)\r\n2\r\n");
  // neo4j-admin CSV: a column of dates is typed `date`, and read back as one.
  REQUIRE(RunCli("export --db " + c.db + " --format neo4j-csv -o " + c.dir.Sub("csv"), &c.out, &c.err) == 0);
  CHECK_THAT(testing::ReadFileOrDie(c.dir.Sub("csv/relationships.csv")), Catch::Contains("first_seen:date"));
  c.db = c.dir.Sub("csv.db");
  REQUIRE(RunCli("import --db " + c.db + " --format neo4j-csv " + c.dir.Sub("csv/nodes.csv") + " " +
                     c.dir.Sub("csv/relationships.csv"),
                 &c.out, &c.err) == 0);
  CHECK(c.Csv("MATCH (a)-[r]->(b) WHERE r.first_seen < date('2019-01-01') RETURN a.name, b.name, r.first_seen, "
              "r.last_seen ORDER BY a.name, b.name") ==
        "a.name,b.name,r.first_seen,r.last_seen\r\nAmazon,Hikvision,2017-07-07,2021-03-04\r\n"
        "Amazon,Huawei,2018-01-02,2018-01-02\r\n");
}

TEST_CASE("a date that is no date is refused by FILE:LINE; the other articles are stored", "[cli][dates]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  testing::WriteFile(dir.Sub("feed.jsonl"),
                     "{\"id\":\"ok\",\"date\":\"2019-05-20\",\"text\":\"Amazon provides cloud services to Hikvision.\"}\n"
                     "{\"id\":\"bad\",\"date\":\"May 2019\",\"text\":\"Google provides cloud services to Hikvision.\"}\n");
  testing::WriteFile(dir.Sub("bad.txt"), "Source: Wire\nDate: 2019-02-29\n\nGoogle provides cloud services to Dahua.\n");
  CHECK(RunCli("ingest --db " + db + " " + dir.Sub("feed.jsonl") + " " + dir.Sub("bad.txt"), &out, &err) == 1);
  CHECK_THAT(err, Catch::Contains(dir.Sub("feed.jsonl") + ":2: field \"date\": 'May 2019' is not a date (expected "
                                  "YYYY-MM-DD)"));
  CHECK_THAT(err, Catch::Contains(dir.Sub("bad.txt") + ":2: header Date: '2019-02-29' is not a date"));
  CHECK_THAT(err, Catch::Contains("ingested 1 article") && Catch::Contains("2 input errors"));
  REQUIRE(RunCli("query --format csv --db " + db + " \"MATCH (a:Article) RETURN a.article_id\"", &out, &err) == 0);
  CHECK(out == "a.article_id\r\nok\r\n");
  // A bad --date is a usage error: nothing is read.
  CHECK(RunCli("ingest --db " + db + " --date 2019-13-01 " + dir.Sub("feed.jsonl"), &out, &err) == 2);
  CHECK_THAT(err, Catch::Contains("'2019-13-01' is not a date"));
}

TEST_CASE("the REPL's :why prints the statements behind the last result's relationships", "[cli][repl][dates]") {
  DatedCorpus c;
  std::string script =
      ":why\n"
      "MATCH (a {name:'Amazon'})-[r]->(b {name:'Huawei'}) RETURN r;\n"
      ":format csv\n"
      ":why\n"
      "RETURN 1;\n"
      ":why\n";
  CHECK(RunCli("repl --db " + c.db, &c.out, &c.err, script) == 1);  // the first :why had no result
  CHECK_THAT(c.err, Catch::Contains("no result yet"));
  CHECK_THAT(c.out, Catch::Contains("relationship,date,source,article,sentence,rule,confidence,hedged\r\n"
                                    "(Amazon)-[:PROVIDES_SERVICES_TO]->(Huawei),2018-01-02,AP,f2,Amazon provides cloud "
                                    "services to Hikvision and Huawei.,services.provide,0.8,false\r\n"));
  CHECK_THAT(c.out, Catch::Contains("no statements: the last result has no relationships"));
}

}  // namespace
}  // namespace newsgraph
