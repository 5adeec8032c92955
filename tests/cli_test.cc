// The newsgraph binary end to end: what a user types and sees.
#include <catch2/catch.hpp>

#include <filesystem>

#include "graph/graph.h"
#include "tests/corpus_gen.h"
#include "tests/store_check.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::RunCli;
using testing::TempDir;

TEST_CASE("ingest, query and export the bundled corpus", "[cli][seed]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("ingested 1 article"));

  REQUIRE(RunCli("query --db " + db +
                     " \"MATCH (p)-[:PROVIDES_SERVICES_TO]->(c {name:'Hikvision'}) RETURN p.name ORDER BY p.name\" --format csv",
                 &out, &err) == 0);
  REQUIRE(out == "p.name\r\nAmazon\r\nFacebook\r\nGoogle\r\nTwitter\r\n");

  REQUIRE(RunCli("query --db " + db +
                     " \"MATCH (m {name:'Microsoft'})-[:PROVIDES_SERVICES_TO]->(c) RETURN c.name ORDER BY c.name\"",
                 &out, &err) == 0);
  REQUIRE_THAT(out, Catch::Contains("| Megvii    |\n| SenseTime |\n") && Catch::Contains("2 rows"));

  // Loading the same article again changes nothing and says so.
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus/article.txt"), &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("ingested 0 articles (1 already stored, unchanged)"));

  REQUIRE(RunCli("export --db " + db + " --format dot -o " + dir.Sub("g.dot"), &out, &err) == 0);
  std::string dot = testing::ReadFileOrDie(dir.Sub("g.dot"));
  REQUIRE(dot.rfind("digraph newsgraph {", 0) == 0);
  REQUIRE_THAT(dot, Catch::Contains("label=\"Hikvision\""));
  REQUIRE_THAT(dot, Catch::Contains("label=\"PROVIDES_SERVICES_TO\""));
  REQUIRE_THAT(dot, Catch::Contains("style=dashed"));
  // Same graph, same bytes.
  REQUIRE(RunCli("export --db " + db, &out, &err) == 0);
  REQUIRE(out == dot);
  if (std::system("command -v dot >/dev/null 2>&1") == 0) {
    REQUIRE(RunCli("export --db " + db + " --format svg -o " + dir.Sub("g.svg"), &out, &err) == 0);
    REQUIRE_THAT(testing::ReadFileOrDie(dir.Sub("g.svg")), Catch::Contains("<svg"));
  }
  REQUIRE(RunCli("export --db " + db + " --around Hikvision --hops 1 --types PROVIDES_SERVICES_TO", &out, &err) == 0);
  REQUIRE_THAT(out, Catch::Contains("Facebook"));
  REQUIRE_THAT(out, !Catch::Contains("Megvii"));
}

TEST_CASE("extract prints one JSON line per article without a database", "[cli]") {
  std::string out, err;
  REQUIRE(RunCli("extract " + testing::SourcePath("corpus/article.txt"), &out, &err) == 0);
  REQUIRE(std::count(out.begin(), out.end(), '\n') == 1);
  REQUIRE_THAT(out, Catch::Contains("\"predicate\":\"PROVIDES_SERVICES_TO\""));
  REQUIRE_THAT(out, Catch::Contains("\"rule\":\"services.used_by\""));
  // stdin, JSONL with one bad line: the good line is printed, the bad one named.
  REQUIRE(RunCli("extract -", &out, &err,
                 "{\"id\":\"x\",\"text\":\"Amazon hosts Hikvision's website.\"}\n{oops\n") == 1);
  REQUIRE_THAT(out, Catch::Contains("\"id\":\"x\""));
  REQUIRE_THAT(err, Catch::Contains("<stdin>:2:"));
  // stdin holding one text article; and JSONL after blank lines.
  REQUIRE(RunCli("extract -", &out, &err, "Amazon hosts Hikvision's website.\nSecond line.\n") == 0);
  REQUIRE_THAT(out, Catch::Contains("\"id\":\"<stdin>\"") && Catch::Contains("PROVIDES_SERVICES_TO"));
  REQUIRE(RunCli("extract -", &out, &err, "\n  \n{\"id\":\"y\",\"text\":\"Amazon hosts Hikvision's website.\"}\n") == 0);
  REQUIRE_THAT(out, Catch::Contains("\"id\":\"y\""));
}

TEST_CASE("extract --html writes the facts as a page", "[cli][html]") {
  TempDir dir;
  std::string out, err, page = dir.Sub("out.html");
  REQUIRE(RunCli("extract --html " + page + " " + testing::SourcePath("corpus/article.txt"), &out, &err) == 0);
  // The JSON lines still go to stdout.
  REQUIRE(std::count(out.begin(), out.end(), '\n') == 1);
  REQUIRE_THAT(out, Catch::Contains("\"predicate\":\"PROVIDES_SERVICES_TO\""));
  std::string html = testing::ReadFileOrDie(page);
  REQUIRE(html.rfind("<!DOCTYPE html>", 0) == 0);
  REQUIRE_THAT(html, Catch::Contains("title=\"Hikvision \xE2\x80\x94 Company\">Hikvision<span class=\"t\">Company"));
  REQUIRE_THAT(html, Catch::Contains("<code>services.used_by</code>") && Catch::Contains("</html>"));
  // "-": the page on stdout instead of the JSON lines.
  REQUIRE(RunCli("extract --html - -", &out, &err, "Amazon hosts Hikvision's website.\n") == 0);
  REQUIRE(out.rfind("<!DOCTYPE html>", 0) == 0);
  REQUIRE_THAT(out, Catch::Contains("PROVIDES_SERVICES_TO") && !Catch::Contains("\"predicate\""));
  // A file that cannot be written is named, exit 1, before any extraction.
  std::string bad = dir.Sub("no-such-dir/out.html");
  REQUIRE(RunCli("extract --html " + bad + " " + testing::SourcePath("corpus/article.txt"), &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("cannot open " + bad));
  REQUIRE(out.empty());
}

TEST_CASE("extract then ingest --facts gives the same graph as ingest", "[cli]") {
  TempDir dir;
  std::string out, err;
  REQUIRE(RunCli("extract --with-text " + testing::SourcePath("corpus"), &out, &err) == 0);
  testing::WriteFile(dir.Sub("facts.jsonl"), out);
  REQUIRE(RunCli("ingest --facts --db " + dir.Sub("a.db") + " " + dir.Sub("facts.jsonl"), &out, &err) == 0);
  REQUIRE(RunCli("ingest --db " + dir.Sub("b.db") + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  std::string a, b;
  REQUIRE(RunCli("stats --db " + dir.Sub("a.db") + " --format json", &a, &err) == 0);
  REQUIRE(RunCli("stats --db " + dir.Sub("b.db") + " --format json", &b, &err) == 0);
  auto counts = [](const std::string& s) { return s.substr(0, s.find("\"bytes_on_disk\"")) + s.substr(s.find("\"labels\"")); };
  REQUIRE(counts(a) == counts(b));
}

// Facts lines are parsed on worker threads while the calling thread stores:
// over more lines than the pipeline holds at once, bad lines are named in
// file order and skipped, and the good ones are stored as a serial load of
// them alone would store them (the same bytes exported).
TEST_CASE("ingest --facts names bad lines in order and stores the rest in order", "[cli]") {
  TempDir dir;
  auto corpus = testing::GenerateCorpus(testing::SourcePath("tests/data/relation_sentences.tsv"), 300, 13);
  REQUIRE(corpus.ok());
  REQUIRE(testing::WriteCorpus(corpus.value(), dir.Sub("corpus")).ok());
  std::string facts, err, out;
  REQUIRE(RunCli("extract --with-text " + dir.Sub("corpus"), &facts, &err) == 0);
  std::vector<std::string> lines;
  for (size_t start = 0, end; (end = facts.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(facts.substr(start, end - start));
  REQUIRE(lines.size() == 300);
  std::string with_bad, good;
  for (size_t i = 0; i < lines.size(); ++i) {
    bool bad = i == 49 || i == 199;  // lines 50 and 200
    with_bad += (i == 49 ? "{oops" : i == 199 ? "[1, 2]" : lines[i]) + "\n";
    if (!bad) good += lines[i] + "\n";
  }
  testing::WriteFile(dir.Sub("bad.jsonl"), with_bad);
  testing::WriteFile(dir.Sub("good.jsonl"), good);

  REQUIRE(RunCli("ingest --facts --db " + dir.Sub("a.db") + " " + dir.Sub("bad.jsonl"), &out, &err) == 1);
  size_t first = err.find("bad.jsonl:50:"), second = err.find("bad.jsonl:200:");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  REQUIRE(first < second);
  REQUIRE_THAT(err, Catch::Contains("ingested 298 articles") && Catch::Contains("2 input errors"));

  REQUIRE(RunCli("ingest --facts --db " + dir.Sub("b.db") + " " + dir.Sub("good.jsonl"), &out, &err) == 0);
  std::string a, b;
  // JSON: a picture's caption names its database.
  REQUIRE(RunCli("export --format json --db " + dir.Sub("a.db"), &a, &err) == 0);
  REQUIRE(RunCli("export --format json --db " + dir.Sub("b.db"), &b, &err) == 0);
  REQUIRE(a.size() > 1000);
  REQUIRE(a == b);
}

// JSON nested 200,000 deep (in a field nobody reads) overflowed RapidJSON's
// recursive parser in every reader; now each reader names the line and
// reads on (base/json.h).
TEST_CASE("a JSON line nested 200,000 deep is a FILE:LINE error; the lines around it are read", "[cli][json]") {
  TempDir dir;
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  testing::WriteFile(dir.Sub("a.jsonl"), "{\"id\":\"a\",\"text\":\"Amazon hosts Hikvision's website.\"}\n"
                                         "{\"id\":\"b\",\"x\":" + deep + ",\"text\":\"Amazon grew.\"}\n"
                                         "{\"id\":\"c\",\"text\":\"Google hosts Megvii's website.\"}\n");
  std::string out, err;
  REQUIRE(RunCli("extract --with-text " + dir.Sub("a.jsonl"), &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains(dir.Sub("a.jsonl") + ":2:") && Catch::Contains("JSON nested deeper than 256 levels"));
  REQUIRE(std::count(out.begin(), out.end(), '\n') == 2);
  REQUIRE_THAT(out, Catch::Contains("\"id\":\"a\"") && Catch::Contains("\"id\":\"c\""));
  const std::string facts = out;

  REQUIRE(RunCli("ingest --db " + dir.Sub("a.db") + " " + dir.Sub("a.jsonl"), &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains(dir.Sub("a.jsonl") + ":2:") && Catch::Contains("ingested 2 articles"));

  testing::WriteFile(dir.Sub("f.jsonl"), facts.substr(0, facts.find('\n') + 1) + "{\"id\":\"b\",\"x\":" + deep +
                                             "}\n" + facts.substr(facts.find('\n') + 1));
  REQUIRE(RunCli("ingest --facts --db " + dir.Sub("f.db") + " " + dir.Sub("f.jsonl"), &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains(dir.Sub("f.jsonl") + ":2:") && Catch::Contains("JSON nested deeper than 256 levels") &&
                        Catch::Contains("ingested 2 articles"));
}

// ingest --facts trusted its input: another article's content_hash over
// other text (the real article was then skipped as stored), a path as the
// hash, the label "Article", an empty label, a span past the text, the
// predicate MENTIONS, a relation to a name not among the entities. Each is
// now refused with FILE:LINE; the other lines are stored.
TEST_CASE("ingest --facts refuses facts the store cannot trust, by FILE:LINE", "[cli][facts]") {
  TempDir dir;
  std::string out, err;
  REQUIRE(RunCli("extract --with-text -", &out, &err,
                 "{\"id\":\"a\",\"text\":\"Amazon hosts Hikvision's website.\"}\n"
                 "{\"id\":\"b\",\"text\":\"Google hosts Megvii's website.\"}\n") == 0);
  const std::string a = out.substr(0, out.find('\n')), b = out.substr(out.find('\n') + 1, out.size() - out.find('\n') - 2);
  auto hash = [](const std::string& line) {
    size_t at = line.find("\"content_hash\":\"") + 16;
    return line.substr(at, line.find('"', at) - at);
  };
  auto with = [](std::string line, const std::string& from, const std::string& to) {
    size_t at = line.find(from);
    REQUIRE(at != std::string::npos);
    return line.replace(at, from.size(), to);
  };
  const std::vector<std::pair<std::string, std::string>> bad = {
      {with(b, hash(b), hash(a)), "is not the hash of \"text\""},
      {with(a, hash(a), "../../etc"), "'../../etc' is not the hash"},
      {with(a, "\"labels\":[\"Company\"", "\"labels\":[\"Article\""), "label \"Article\" is the store's own"},
      {with(a, "\"labels\":[\"Company\"", "\"labels\":[\"\""), "an empty string in \"labels\""},
      {with(a, "\"start\":13,\"end\":22", "\"start\":13,\"end\":220"), "span [13, 220) is not a piece of the 33-byte text"},
      {with(a, "\"start\":0,\"end\":6", "\"start\":1,\"end\":7"), "'Amazon' is not the text at [1, 7)"},
      {with(a, "PROVIDES_SERVICES_TO", "MENTIONS"), "or is MENTIONS"},
      {with(a, "\"object\":\"Hikvision\"", "\"object\":\"Nobody\""), "'Nobody' is not one of the article's \"entities\""},
      {with(a, "\"confidence\":0.75", "\"confidence\":1e300"), "\"confidence\" is not between 0 and 1"},
      {"{\"id\":\"c\",\"entities\":[],\"relations\":[]}", "no \"text\""},
  };
  std::string lines;
  for (const auto& [line, why] : bad) lines += line + "\n";
  testing::WriteFile(dir.Sub("f.jsonl"), lines + a + "\n" + b + "\n");
  const std::string db = dir.Sub("f.db");
  REQUIRE(RunCli("ingest --facts --db " + db + " " + dir.Sub("f.jsonl"), &out, &err) == 1);
  for (size_t i = 0; i < bad.size(); ++i) {
    INFO(bad[i].first);
    REQUIRE_THAT(err, Catch::Contains(dir.Sub("f.jsonl") + ":" + std::to_string(i + 1) + ": ") &&
                          Catch::Contains(bad[i].second));
  }
  REQUIRE_THAT(err, Catch::Contains("ingested 2 articles") && Catch::Contains("10 input errors"));
  // Both real articles are stored, with their own text; nothing else is an Article.
  REQUIRE(RunCli("query --db " + db + " \"MATCH (a:Article)-[:MENTIONS]->(e) RETURN a.article_id, e.name ORDER BY e.name\" --format csv",
                 &out, &err) == 0);
  REQUIRE(out == "a.article_id,e.name\r\na,Amazon\r\nb,Google\r\na,Hikvision\r\nb,Megvii\r\n");
  REQUIRE(RunCli("query --db " + db + " \"MATCH (n:Article) RETURN count(n)\" --format csv", &out, &err) == 0);
  REQUIRE(out == "count(n)\r\n2\r\n");
}

// A node's name-index entries had three definitions (ingest, curation
// writes, bulk load) that disagreed on a string "aliases": SET indexed none,
// so ingest made a second node for the alias. Now one (NodeNameKeys), and
// the integrity check expects exactly its entries.
TEST_CASE("an alias SET as a string is found by ingest --facts", "[cli][names]") {
  TempDir dir;
  const std::string db = dir.Sub("news.db");
  std::string out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  REQUIRE(RunCli("query --db " + db + " \"MATCH (a {name: 'Amazon'}) SET a.aliases = 'AMZN'\"", &out, &err) == 0);
  testing::WriteFile(dir.Sub("f.jsonl"),
                     "{\"id\":\"x\",\"text\":\"AMZN hosts Hikvision's website.\",\"entities\":[{\"name\":\"AMZN\","
                     "\"labels\":[\"Company\"],\"aliases\":[\"Amazon Web Services\"],\"mentions\":[{\"start\":0,\"end\":4}]}],"
                     "\"relations\":[]}\n");
  REQUIRE(RunCli("ingest --facts --db " + db + " " + dir.Sub("f.jsonl"), &out, &err) == 0);
  REQUIRE(RunCli("query --db " + db +
                     " \"MATCH (:Article {article_id: 'x'})-[:MENTIONS]->(e) RETURN e.name, e.aliases\" --format csv",
                 &out, &err) == 0);
  REQUIRE(out == "e.name,e.aliases\r\nAmazon,\"[\"\"AMZN\"\",\"\"Amazon Web Services\"\"]\"\r\n");
  REQUIRE(RunCli("query --db " + db + " \"MATCH (n {name: 'AMZN'}) RETURN count(n)\" --format csv", &out, &err) == 0);
  REQUIRE(out == "count(n)\r\n0\r\n");
  auto g = Graph::Open(db, OpenOptions::Reader());
  REQUIRE(g.ok());
  Status checked = testing::CheckIntegrity(*g.value());
  INFO(checked.message());
  REQUIRE(checked.ok());
}

// D18: the byte-order mark hid the first entity of a .txt file.
TEST_CASE("extract finds the first entity after a byte-order mark", "[cli][bom]") {
  TempDir dir;
  testing::WriteFile(dir.Sub("a.txt"), "\xEF\xBB\xBF" "Amazon hosts Hikvision's website.\n");
  std::string out, err;
  REQUIRE(RunCli("extract " + dir.Sub("a.txt"), &out, &err) == 0);
  REQUIRE_THAT(out, Catch::Contains("{\"text\":\"Amazon\",\"start\":0,\"end\":6}") &&
                        Catch::Contains("\"predicate\":\"PROVIDES_SERVICES_TO\""));
}

TEST_CASE("errors give messages and exit codes", "[cli]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("query --db " + dir.Sub("none") + " \"RETURN 1\"", &out, &err) == 3);
  REQUIRE_THAT(err, Catch::Contains("no newsgraph database at"));

  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  REQUIRE(RunCli("query --db " + db + " \"MATCH (n RETURN n\"", &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("line 1, column 10") && Catch::Contains("^"));

  REQUIRE(RunCli("query --db " + db + " \"RETURN 1\" --format yaml", &out, &err) == 2);
  REQUIRE(RunCli("query --nosuchflag", &out, &err) == 2);
  REQUIRE(RunCli("", &out, &err) == 2);

  // A broken rule file stops ingest before anything is written.
  std::string rules = dir.Sub("rules");
  std::filesystem::create_directories(rules);
  std::filesystem::copy(testing::SourcePath("extract/rules"), rules, std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
  testing::WriteFile(rules + "/relations.rules", "broken BANS 0.8 {S} (unclosed {O}\n");
  REQUIRE(RunCli("ingest --rules " + rules + " --db " + dir.Sub("other.db") + " " + testing::SourcePath("corpus"), &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("relations.rules:1: rule broken: missing )"));
  REQUIRE_FALSE(std::filesystem::exists(dir.Sub("other.db")));
  REQUIRE(RunCli("rules check " + rules, &out, &err) == 1);
  REQUIRE(RunCli("rules check", &out, &err) == 0);
  REQUIRE_THAT(out, !Catch::Contains("note:"));  // every default entity rule has keywords

  // Bad input files: the good ones are stored, the bad ones named, exit 1.
  testing::WriteFile(dir.Sub("bad.txt"), "bad \xff byte");
  REQUIRE(RunCli("ingest --db " + db + " " + dir.Sub("bad.txt") + " " + testing::SourcePath("corpus"), &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("bad.txt:1:5: invalid UTF-8"));

  // A database in use by a writer.
  {
    auto writer = Graph::Open(db, OpenOptions::Writer());
    REQUIRE(writer.ok());
    REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 3);
    REQUIRE_THAT(err, Catch::Contains("in use by another writer (PID"));
    REQUIRE(RunCli("query --db " + db + " \"MATCH (n:Country) RETURN count(n)\" --format csv", &out, &err) == 0);
  }
}

TEST_CASE("a writing query opens the database as the writer, only while it runs", "[cli][writes]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  REQUIRE(RunCli("query --db " + db +
                     " \"MATCH (a {name:'Amazon'}), (h {name:'Hikvision'}) CREATE (a)-[:SUPPLIES {source:'curator'}]->(h)\"",
                 &out, &err) == 0);
  REQUIRE(out == "Set 1 property, created 1 relationship\n");
  REQUIRE(RunCli("query --db " + db + " \"MATCH (a)-[r:SUPPLIES]->(h) RETURN a.name, r.source, h.name\" --format csv",
                 &out, &err) == 0);
  REQUIRE(out == "a.name,r.source,h.name\r\nAmazon,curator,Hikvision\r\n");
  // Machine-readable formats keep the statistics off stdout.
  REQUIRE(RunCli("query --db " + db + " \"CREATE (n:Note {name:'n1'}) RETURN n.name\" --format csv", &out, &err) == 0);
  REQUIRE(out == "n.name\r\nn1\r\n");
  REQUIRE_THAT(err, Catch::Contains("Added 1 label, created 1 node, set 1 property"));
  // A failing write writes nothing.
  REQUIRE(RunCli("query --db " + db + " \"MATCH (n {name:'Hikvision'}) DELETE n\"", &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("DETACH DELETE"));
  // Readers are not blocked by a writer; a writing query is.
  {
    auto writer = Graph::Open(db, OpenOptions::Writer());
    REQUIRE(writer.ok());
    REQUIRE(RunCli("query --db " + db + " \"MATCH (n:Note) RETURN count(n)\" --format csv", &out, &err) == 0);
    REQUIRE(RunCli("query --db " + db + " \"CREATE (:Note)\"", &out, &err) == 3);
    REQUIRE_THAT(err, Catch::Contains("in use by another writer"));
  }
  // The REPL takes the writer lock per writing statement and then sees it.
  REQUIRE(RunCli("repl --db " + db, &out, &err,
                 ":format csv\nMATCH (n:Note) SET n.done = true;\nMATCH (n:Note) RETURN n.name, n.done;\n") == 0);
  REQUIRE_THAT(out, Catch::Contains("n1,true"));
}

TEST_CASE("every command has --help", "[cli]") {
  for (const char* cmd : {"", "ingest", "extract", "query", "repl", "export", "import", "stats", "rules", "rules check"}) {
    std::string out, err;
    INFO(cmd);
    REQUIRE(RunCli(std::string(cmd) + " --help", &out, &err) == 0);
    REQUIRE_THAT(out, Catch::Contains("Usage") || Catch::Contains("USAGE") || Catch::Contains("usage"));
  }
}

TEST_CASE("export --format json|graphml|neo4j-csv and import: files, messages, exit codes", "[cli][import]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  REQUIRE(RunCli("export --db " + db + " --format json", &out, &err) == 0);
  REQUIRE(out.rfind("{\"format\": \"newsgraph\", \"version\": 1,\n\"nodes\": [", 0) == 0);
  REQUIRE(RunCli("export --db " + db + " --format graphml -o " + dir.Sub("g.graphml"), &out, &err) == 0);
  REQUIRE_THAT(testing::ReadFileOrDie(dir.Sub("g.graphml")), Catch::Contains("<graphml xmlns="));
  REQUIRE(RunCli("export --db " + db + " --format neo4j-csv", &out, &err) == 2);
  REQUIRE_THAT(err, Catch::Contains("--format neo4j-csv needs an output directory: -o DIR"));
  REQUIRE(RunCli("export --db " + db + " --format yaml", &out, &err) == 2);
  REQUIRE(RunCli("export --db " + db + " --format neo4j-csv -o " + dir.Sub("csv"), &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("wrote " + dir.Sub("csv") + "/nodes.csv (25 nodes)") &&
                        Catch::Contains("neo4j-admin database import full neo4j --nodes='" + dir.Sub("csv/nodes.csv")));

  // Import the CSV into a new database: the same answers.
  std::string copy = dir.Sub("copy.db");
  REQUIRE(RunCli("import --db " + copy + " " + dir.Sub("csv"), &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("imported 25 nodes and 20 relationships"));
  std::string q = " \"MATCH (p)-[:PROVIDES_SERVICES_TO]->(c {name:'Hikvision'}) RETURN p.name ORDER BY p.name\" --format csv";
  REQUIRE(RunCli("query --db " + copy + q, &out, &err) == 0);
  REQUIRE(out == "p.name\r\nAmazon\r\nFacebook\r\nGoogle\r\nTwitter\r\n");

  // Bad input: FILE:LINE, exit 1, nothing written (a new database is not even created).
  testing::WriteFile(dir.Sub("bad.csv"), "id:ID,name,count:long\n1,A,3\n2,B,abc\n");
  REQUIRE(RunCli("import --db " + dir.Sub("never.db") + " " + dir.Sub("bad.csv"), &out, &err) == 1);
  REQUIRE(err == "newsgraph: " + dir.Sub("bad.csv") + ":3: column 'count:long': 'abc' is not a long\nnewsgraph: nothing "
                 "was imported; " + dir.Sub("never.db") + " was not created\n");
  REQUIRE_FALSE(std::filesystem::exists(dir.Sub("never.db")));
  REQUIRE(RunCli("import --db " + copy + " " + dir.Sub("bad.csv"), &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("nothing was imported; " + copy + " is unchanged"));
  // The database's own articles cannot be imported into it again.
  REQUIRE(RunCli("export --db " + db + " --format json -o " + dir.Sub("g.json"), &out, &err) == 0);
  REQUIRE(RunCli("import --db " + db + " " + dir.Sub("g.json"), &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("is stored in " + db + " already"));

  REQUIRE(RunCli("import --db " + copy + " --format xml " + dir.Sub("bad.csv"), &out, &err) == 2);
  REQUIRE(RunCli("import --db " + copy + " --array-delimiter ab " + dir.Sub("bad.csv"), &out, &err) == 2);
  REQUIRE(RunCli("import --db " + copy, &out, &err) == 2);
  {
    auto writer = Graph::Open(copy, OpenOptions::Writer());
    REQUIRE(RunCli("import --db " + copy + " " + dir.Sub("g.json"), &out, &err) == 3);
    REQUIRE_THAT(err, Catch::Contains("in use by another writer"));
  }
  REQUIRE(RunCli("import --help", &out, &err) == 0);
  REQUIRE_THAT(out, Catch::Contains("always NEW nodes") && Catch::Contains("FILE:LINE"));
}

TEST_CASE("every export format selects the same subgraph (--around, --query)", "[cli]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  auto count = [](const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; ++at) ++n;
    return n;
  };
  const std::vector<std::pair<std::string, std::pair<size_t, size_t>>> selections = {
      {"--around Hikvision --hops 1 --types PROVIDES_SERVICES_TO", {5, 4}},
      {"--query \"MATCH p=(a {name:'Microsoft'})-[:PROVIDES_SERVICES_TO]->(b) RETURN p\"", {3, 2}},
  };
  for (const auto& [selection, expected] : selections) {
    INFO(selection);
    const auto [nodes, edges] = expected;
    REQUIRE(RunCli("export --db " + db + " " + selection, &out, &err) == 0);
    REQUIRE(count(out, "tooltip=\":") == nodes);  // one per node
    REQUIRE(count(out, " -> n") == edges);
    REQUIRE(RunCli("export --db " + db + " --format json " + selection, &out, &err) == 0);
    REQUIRE(count(out, "{\"id\":") == nodes + edges + 1);  // and the cited article
    REQUIRE(RunCli("export --db " + db + " --format graphml " + selection, &out, &err) == 0);
    REQUIRE(count(out, "<node id=") == nodes);
    REQUIRE(count(out, "<edge id=") == edges);
    REQUIRE(RunCli("export --db " + db + " --format neo4j-csv -o " + dir.Sub("csv") + " " + selection, &out, &err) == 0);
    REQUIRE(count(testing::ReadFileOrDie(dir.Sub("csv/nodes.csv")), "\n") == nodes + 1);
    REQUIRE(count(testing::ReadFileOrDie(dir.Sub("csv/relationships.csv")), "\n") == edges + 1);
  }
}

TEST_CASE("export pictures: isolated nodes, --max-nodes, --layout, caption, Graphviz's warnings", "[cli][picture]") {
  TempDir dir;
  std::string db = dir.Sub("people.db"), out, err;
  // Ann works for Acme (3 articles), Bolt (2) and Eve (1); Bolt's Cy works
  // for it in 9; Dee and a company whose name is wider than a bitmap may be
  // have no relationship.
  testing::WriteFile(dir.Sub("nodes.csv"), ":ID,name,:LABEL\n1,Ann,Person\n2,Acme,Company\n3,Bolt,Company\n"
                                           "4,Cy,Person\n5,Dee,Person\n6," + std::string(6000, 'W') + ",Company\n7,Eve,Company\n");
  testing::WriteFile(dir.Sub("rels.csv"),
                     ":START_ID,:END_ID,:TYPE,weight:long\n1,2,WORKS_FOR,3\n1,3,WORKS_FOR,2\n1,7,WORKS_FOR,1\n"
                     "4,3,WORKS_FOR,9\n");
  REQUIRE(RunCli("import --db " + db + " " + dir.Sub("nodes.csv") + " " + dir.Sub("rels.csv"), &out, &err) == 0);
  auto count = [](const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; ++at) ++n;
    return n;
  };

  REQUIRE(RunCli("export --db " + db, &out, &err) == 0);
  REQUIRE(count(out, "tooltip=\":") == 5);
  REQUIRE_THAT(out, !Catch::Contains("Dee") && Catch::Contains("<b>people.db: whole graph</b>") &&
                        Catch::Contains("5 nodes, 4 relationships; 2 nodes without a relationship not drawn") &&
                        Catch::Contains("exported 2"));
  REQUIRE(RunCli("export --db " + db + " --keep-isolated", &out, &err) == 0);
  REQUIRE(count(out, "tooltip=\":") == 7);
  REQUIRE_THAT(out, Catch::Contains("Dee"));
  REQUIRE(RunCli("export --db " + db + " --format json", &out, &err) == 0);  // data: everything
  REQUIRE_THAT(out, Catch::Contains("Dee"));

  // The strongest relationships under --max-nodes: two hops away by 9 before one hop away by 1.
  REQUIRE(RunCli("export --db " + db + " --around Ann --hops 2 --max-nodes 4 -o " + dir.Sub("ann.dot"), &out, &err) ==
          0);
  std::string ann = testing::ReadFileOrDie(dir.Sub("ann.dot"));
  REQUIRE_THAT(ann, Catch::Contains("\"Bolt\"") && Catch::Contains("\"Cy\"") && Catch::Contains("\"Acme\"") &&
                        !Catch::Contains("\"Eve\""));
  REQUIRE_THAT(ann, Catch::Contains("people.db: around Ann (2 hops)") && Catch::Contains(">Person<") &&
                        Catch::Contains("4 of 5 nodes (kept by the strongest relationships), 3 relationships"));
  REQUIRE_THAT(err, Catch::Contains("4 nodes, 3 relationships; 1 node with weaker relationships left out"));

  // Usage errors.
  REQUIRE(RunCli("export --db " + db + " --layout spring", &out, &err) == 2);
  REQUIRE_THAT(err, Catch::Contains("unknown --layout 'spring' (use dot, sfdp, neato or circo)"));
  REQUIRE(RunCli("export --db " + db + " --query \"MATCH (n) RETURN n\" --max-nodes 2", &out, &err) == 2);
  REQUIRE_THAT(err, Catch::Contains("LIMIT"));
  REQUIRE(RunCli("export --db " + db + " --layout circo", &out, &err) == 0);
  REQUIRE_THAT(out, Catch::Contains("layout=circo"));

  if (std::system("command -v dot >/dev/null 2>&1") != 0) return;  // Graphviz is optional
  REQUIRE(RunCli("export --db " + db + " --keep-isolated --format png -o " + dir.Sub("g.png"), &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("warning: Graphviz shrank the picture") && Catch::Contains("Scaling by"));
  REQUIRE(RunCli("export --db " + db + " --format png -o " + dir.Sub("g.png"), &out, &err) == 0);
  REQUIRE_THAT(err, !Catch::Contains("warning"));
}

TEST_CASE("the REPL runs piped statements, commands, and reports errors", "[cli][repl]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  std::string script =
      ":format csv\n"
      ":param who Microsoft\n"
      "MATCH (m {name:$who})-[:PROVIDES_SERVICES_TO]->(c)\n"
      "RETURN c.name ORDER BY c.name;\n"
      ":schema\n"
      "MATCH (n RETURN n;\n"
      "MATCH (m {name:$who})-[r:PROVIDES_SERVICES_TO]->(c) RETURN m, r, c;\n"
      ":export dot " + dir.Sub("last.dot") + "\n";
  int rc = RunCli("repl --db " + db, &out, &err, script);
  REQUIRE(rc == 1);  // one statement failed
  REQUIRE_THAT(out, Catch::Contains("c.name\r\nMegvii\r\nSenseTime\r\n"));
  REQUIRE_THAT(out, Catch::Contains("labels:") && Catch::Contains(":Company"));
  REQUIRE_THAT(err, Catch::Contains("syntax error at line 1"));
  REQUIRE_THAT(testing::ReadFileOrDie(dir.Sub("last.dot")), Catch::Contains("SenseTime"));
  REQUIRE(RunCli("repl --db " + db, &out, &err, "RETURN 1 AS one;\n:quit\n") == 0);

  // :param in cypher-shell's and Neo4j Browser's syntax stores the string itself.
  for (std::string assign : {"who => 'Microsoft'", "who: 'Microsoft'", "who 'Microsoft'", "who=>Microsoft"}) {
    INFO(assign);
    REQUIRE(RunCli("repl --db " + db, &out, &err, ":format csv\n:param " + assign + "\nRETURN $who AS who;\n") == 0);
    REQUIRE(out == "who\r\nMicrosoft\r\n");
  }
  REQUIRE(RunCli("repl --db " + db, &out, &err, ":param who\n") == 1);
  REQUIRE_THAT(err, Catch::Contains("usage: :param NAME VALUE"));
}

TEST_CASE("query and repl print a query's warnings on stderr and still answer", "[cli][repl]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  REQUIRE(RunCli("query --db " + db + " --format csv \"MATCH (n:Compnay) RETURN count(n) AS n\"", &out, &err) == 0);
  CHECK(out == "n\r\n0\r\n");
  CHECK(err == "warning: no label Compnay in this graph; did you mean Company? (line 1, column 8)\n");
  REQUIRE(RunCli("repl --db " + db, &out, &err, ":format csv\nMATCH (n {name: 'hikvision'}) RETURN count(n) AS n;\n") == 0);
  CHECK(out == "n\r\n0\r\n");
  CHECK_THAT(err, Catch::StartsWith("warning: no node is named 'hikvision'; did you mean 'Hikvision'?"));
  REQUIRE(RunCli("query --db " + db + " \"RETURN lenght('abc')\"", &out, &err) == 1);
  CHECK_THAT(err, Catch::Contains("unknown function 'lenght' (line 1, column 8); did you mean length()?"));
}

TEST_CASE("the REPL's :max_rows and :max_width cut tables, not JSON or CSV", "[cli][repl]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest -q --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  const std::string query = "UNWIND range(1, 10) AS x RETURN x, 'abcdefghijklmnop' AS s;\n";
  // In a pipe the whole result by default.
  REQUIRE(RunCli("repl --db " + db, &out, &err, query) == 0);
  CHECK_THAT(out, Catch::Contains("| 6  | abcdefghijklmnop |"));
  CHECK_THAT(out, Catch::Contains("10 rows\n"));
  // The first and last rows around "...", cells cut with "...".
  REQUIRE(RunCli("repl --db " + db, &out, &err, ":max_rows 4\n:max_width 8\n" + query) == 0);
  CHECK(out ==
        "+-----+----------+\n| x   | s        |\n+-----+----------+\n| 1   | abcde... |\n| 2   | abcde... |\n"
        "| ... | ...      |\n| 9   | abcde... |\n| 10  | abcde... |\n+-----+----------+\n"
        "10 rows (4 shown; :max_rows 0 shows all)\n");
  // CSV keeps every row and the whole cell.
  REQUIRE(RunCli("repl --db " + db, &out, &err, ":max_rows 4\n:max_width 8\n:format csv\n" + query) == 0);
  CHECK_THAT(out, Catch::Contains("6,abcdefghijklmnop\r\n"));
  REQUIRE(RunCli("repl --db " + db, &out, &err, ":max_rows many\n") == 1);
  CHECK_THAT(err, Catch::Contains("usage: :max_rows N"));
}

TEST_CASE("the REPL's :find ranks names like a text, through the full-text procedure", "[cli][repl]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  REQUIRE(RunCli("repl --db " + db, &out, &err, ":help\n") == 0);
  REQUIRE_THAT(out, Catch::Contains(":find TEXT"));
  // A plain word is searched fuzzily: the typo finds the name, with its labels and score.
  REQUIRE(RunCli("repl --db " + db, &out, &err, ":format csv\n:find hikvison\n") == 0);
  REQUIRE(out == "name,labels,score\r\nHikvision,\"[\"\"Company\"\"]\",0.875\r\n");
  // Several words: the name matching more of them first; an exact word (~ or * given) is as written.
  REQUIRE(RunCli("repl --db " + db, &out, &err, ":format csv\n:find amazon web google\n:find hikvison~0\n") == 0);
  REQUIRE(out == "name,labels,score\r\nAmazon,\"[\"\"Company\"\",\"\"Provider\"\"]\",1.9333\r\n"
                 "Google,\"[\"\"Company\"\",\"\"Provider\"\"]\",1.0\r\nno names like hikvison~0\n");
  REQUIRE(RunCli("repl --db " + db, &out, &err, ":find\n") == 1);
  REQUIRE_THAT(err, Catch::Contains("usage: :find TEXT"));
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST_CASE("stats --articles counts articles, sources and dates", "[cli][stats]") {
  testing::TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  testing::WriteFile(dir.Sub("a.jsonl"),
                     "{\"id\":\"a\",\"title\":\"T1\",\"date\":\"2024-01-02\",\"source\":\"Reuters\",\"text\":\"One.\"}\n"
                     "{\"id\":\"b\",\"title\":\"T2\",\"date\":\"2023-05-01\",\"source\":\"Reuters\",\"text\":\"Two.\"}\n"
                     "{\"id\":\"c\",\"title\":\"T3\",\"source\":\"AP\",\"text\":\"Three.\"}\n"
                     "{\"id\":\"d\",\"title\":\"T4\",\"text\":\"Four.\"}\n");
  REQUIRE(testing::RunCli("ingest -q --db " + db + " " + dir.Sub("a.jsonl"), &out, &err) == 0);
  REQUIRE(testing::RunCli("stats --articles --db " + db, &out, &err) == 0);
  REQUIRE_THAT(out, Catch::Contains("| source | Reuters | 2     |"));
  REQUIRE_THAT(out, Catch::Contains("4 articles from 2 sources, dated 2023-05-01 to 2024-01-02"));
  REQUIRE(testing::RunCli("stats --articles --format json --db " + db, &out, &err) == 0);
  REQUIRE_THAT(out, Catch::Contains("\"articles\":4,\"sources\":2,\"articles_by_source\":{\"\":1,\"AP\":1,\"Reuters\":2}"));
  REQUIRE(testing::RunCli("stats --db " + db, &out, &err) == 0);
  REQUIRE_THAT(out, !Catch::Contains("source"));
}

// D19: query limits that made no sense were taken (a negative row limit
// wrapped to 2^64, nan and -1 seconds, 2^44 MiB); `export -o DB/CURRENT`
// overwrote the database being read. Each is a usage error now (exit 2).
TEST_CASE("bad query limits and an export into the database are usage errors", "[cli][d19]") {
  testing::TempDir dir;
  std::string db = dir.Sub("news.db");
  testing::SeedGraph(db);
  std::string out, err;
  for (const char* bad : {"--timeout nan", "--timeout -1", "--timeout inf", "--max-memory 17592186044416",
                          "--max-rows -1", "--max-expansions -5"}) {
    INFO(bad);
    REQUIRE(testing::RunCli("query --db " + db + " " + bad + " 'RETURN 1'", &out, &err) == 2);
    std::string option(bad, std::string(bad).find(' '));
    REQUIRE_THAT(err, Catch::Contains(option));
  }
  REQUIRE(testing::RunCli("query --db " + db + " --timeout 2.5 --max-rows 10 --max-memory 64 'RETURN 1'", &out, &err) ==
          0);
  std::string current = testing::ReadFileOrDie(db + "/CURRENT");
  for (const std::string& target : {db + "/CURRENT", db + "/../news.db/x.dot"}) {
    INFO(target);
    REQUIRE(testing::RunCli("export --db " + db + " -o " + target, &out, &err) == 2);
    REQUIRE_THAT(err, Catch::Contains("inside the database"));
  }
  REQUIRE(testing::ReadFileOrDie(db + "/CURRENT") == current);
  REQUIRE(testing::RunCli("export --db " + db + " -o " + dir.Sub("out.dot"), &out, &err) == 0);
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST_CASE("CLI messages say what went wrong and exit as the README says", "[cli][messages]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  // A mistyped command names the one meant; usage error.
  REQUIRE(RunCli("quer --db " + db + " \"RETURN 1\"", &out, &err) == 2);
  REQUIRE_THAT(err, Catch::Contains("unknown command 'quer'; did you mean 'query'?"));
  REQUIRE(RunCli("frobnicate", &out, &err) == 2);
  REQUIRE_THAT(err, Catch::Contains("unknown command 'frobnicate'") && !Catch::Contains("did you mean"));

  // ingest says what it added.
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  auto graph = Graph::Open(db, OpenOptions::Reader());
  REQUIRE(graph.ok());
  std::string added = "added " + std::to_string(graph.value()->NodeCount()) + " nodes and " +
                      std::to_string(graph.value()->EdgeCount()) + " relationships";
  graph.value().reset();
  REQUIRE_THAT(err, Catch::Contains(added));
  REQUIRE(RunCli("ingest --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("added 0 nodes and 0 relationships"));

  // A folder of application logs is not a database, nor a damaged one.
  std::string logs = dir.Sub("logs");
  std::filesystem::create_directories(logs);
  testing::WriteFile(logs + "/app.log", "started\n");
  testing::WriteFile(logs + "/error.log", "nothing\n");
  REQUIRE(RunCli("query --db " + logs + " \"RETURN 1\"", &out, &err) == 3);
  REQUIRE_THAT(err, Catch::Contains(logs + " is not a newsgraph database") && !Catch::Contains("damaged"));

  // Bad options are usage errors.
  REQUIRE(RunCli("export --db " + db + " --around Google --hops -1", &out, &err) == 2);
  REQUIRE_THAT(err, Catch::Contains("--hops: '-1' is not a whole number, 0 or more"));
  REQUIRE(RunCli("algo --db " + db + " shortest Google", &out, &err) == 2);
  REQUIRE_THAT(err, Catch::Contains("shortest needs two node names"));

  // An export of a query that returns only values is refused, not an empty graph.
  REQUIRE(RunCli("export --db " + db + " --format json --query \"MATCH (n {name:'Google'}) RETURN n.name\"", &out,
                 &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("holds no nodes, relationships or paths") && Catch::Contains("n.name"));
  REQUIRE(out.empty());
  REQUIRE(RunCli("export --db " + db + " --format json --query \"MATCH (n {name:'Google'}) RETURN n\"", &out, &err) == 0);
  REQUIRE_THAT(out, Catch::Contains("Google"));
}

}  // namespace
}  // namespace newsgraph
