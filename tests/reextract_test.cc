// reextract: rebuilding from stored texts equals a fresh ingest with the
// new rules; the old database survives a failed rebuild.
#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/corpus_gen.h"
#include "tests/store_check.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

namespace fs = std::filesystem;
using testing::RunCli;
using testing::TempDir;


// Rules A: the default rules without the PROVIDES_SERVICES_TO and BANS
// relation rules (and the %affirms line, which names BANS rules) and without
// a few gazetteer entries.
std::string MakeRulesA(const TempDir& dir) {
  std::string rules = dir.Sub("rules-a");
  fs::copy(testing::SourcePath("extract/rules"), rules, fs::copy_options::recursive);
  std::string relations = testing::ReadFileOrDie(rules + "/relations.rules"), kept;
  std::string gazetteer = testing::ReadFileOrDie(rules + "/gazetteer.tsv"), kept_gaz;
  size_t start = 0;
  while (start < relations.size()) {
    size_t end = relations.find('\n', start);
    std::string line = relations.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
    if (line.find("PROVIDES_SERVICES_TO  ") == std::string::npos && line.rfind("ban.", 0) != 0 &&
        line.rfind("%affirms", 0) != 0)
      kept += line;
    start = end == std::string::npos ? relations.size() : end + 1;
  }
  start = 0;
  while (start < gazetteer.size()) {
    size_t end = gazetteer.find('\n', start);
    std::string line = gazetteer.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
    if (line.rfind("Huawei\t", 0) != 0 && line.rfind("Amazon\t", 0) != 0) kept_gaz += line;
    start = end == std::string::npos ? gazetteer.size() : end + 1;
  }
  REQUIRE(kept.size() < relations.size());
  REQUIRE(kept_gaz.size() < gazetteer.size());
  testing::WriteFile(rules + "/relations.rules", kept);
  testing::WriteFile(rules + "/gazetteer.tsv", kept_gaz);
  return rules;
}

TEST_CASE("reextract with new rules equals a fresh ingest with them", "[store][reextract]") {
  TempDir dir;
  auto corpus = testing::GenerateCorpus(testing::SourcePath("tests/data/relation_sentences.tsv"), 150, 7);
  REQUIRE(corpus.ok());
  REQUIRE(testing::WriteCorpus(corpus.value(), dir.Sub("corpus")).ok());
  std::string rules_a = MakeRulesA(dir), rules_b = testing::SourcePath("extract/rules");
  std::string db = dir.Sub("news.db"), fresh_a = dir.Sub("fresh-a.db"), fresh_b = dir.Sub("fresh-b.db"), out, err;
  REQUIRE(RunCli("ingest -q --rules " + rules_a + " --db " + db + " " + dir.Sub("corpus"), &out, &err) == 0);
  REQUIRE(RunCli("ingest -q --rules " + rules_a + " --db " + fresh_a + " " + dir.Sub("corpus"), &out, &err) == 0);
  REQUIRE(RunCli("ingest -q --rules " + rules_b + " --db " + fresh_b + " " + dir.Sub("corpus"), &out, &err) == 0);
  std::string with_a = testing::CheckedDump(db);
  REQUIRE(with_a != testing::CheckedDump(fresh_b));  // the rules make a difference

  REQUIRE(RunCli("reextract --rules " + rules_b + " --db " + db, &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("reextracted 150 articles"));
  std::string diff = testing::FirstDifference(testing::CheckedDump(db), testing::CheckedDump(fresh_b));
  INFO(diff);
  REQUIRE(diff.empty());
  REQUIRE_FALSE(fs::exists(db + ".rebuild"));

  // And back: the article texts survive rebuilds unchanged.
  REQUIRE(RunCli("reextract -q --rules " + rules_a + " --db " + db, &out, &err) == 0);
  REQUIRE(testing::FirstDifference(testing::CheckedDump(db), with_a).empty());
  REQUIRE(testing::CheckedDump(db) == testing::CheckedDump(fresh_a));
  // Ingesting the corpus again stores nothing new: the hashes are kept.
  REQUIRE(RunCli("ingest --rules " + rules_a + " --db " + db + " " + dir.Sub("corpus"), &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("ingested 0 articles (150 already stored, unchanged)"));
}

TEST_CASE("reextract refuses a database in use, bad rules and foreign leftovers, and keeps the old one", "[store][reextract]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  REQUIRE(RunCli("ingest -q --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  std::string before = testing::CheckedDump(db);
  {
    auto writer = Graph::Open(db, OpenOptions::Writer());
    REQUIRE(writer.ok());
    REQUIRE(RunCli("reextract --db " + db, &out, &err) == 3);
    REQUIRE_THAT(err, Catch::Contains("in use by another writer"));
  }
  std::string rules = dir.Sub("rules");
  fs::copy(testing::SourcePath("extract/rules"), rules, fs::copy_options::recursive);
  testing::WriteFile(rules + "/relations.rules", "broken BANS 0.8 {S} (unclosed {O}\n");
  REQUIRE(RunCli("reextract --rules " + rules + " --db " + db, &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("missing )"));
  REQUIRE(RunCli("reextract --db " + dir.Sub("none"), &out, &err) == 3);

  fs::create_directories(db + ".rebuild");
  testing::WriteFile(db + ".rebuild/notes.txt", "mine");
  REQUIRE(RunCli("reextract --db " + db, &out, &err) == 3);
  REQUIRE_THAT(err, Catch::Contains("is not a newsgraph database; move it away"));
  REQUIRE(testing::ReadFileOrDie(db + ".rebuild/notes.txt") == "mine");
  fs::remove_all(db + ".rebuild");
  REQUIRE(testing::CheckedDump(db) == before);

  // A leftover of an interrupted rebuild is cleared and the rebuild runs.
  { auto leftover = Graph::Open(db + ".rebuild", OpenOptions::Writer()); }
  REQUIRE(RunCli("reextract --db " + db, &out, &err) == 0);
  REQUIRE(testing::CheckedDump(db) == before);
  REQUIRE_FALSE(fs::exists(db + ".rebuild"));
}

// The seed corpus ingested into `db`, then each of `writes` run on it.
void SeedWith(const std::string& db, const std::vector<std::string>& writes) {
  std::string out, err;
  REQUIRE(RunCli("ingest -q --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  for (const std::string& w : writes) REQUIRE(RunCli("query --db " + db + " \"" + w + "\"", &out, &err) == 0);
}

// D10: curated writes and imported data were silently dropped by reextract;
// D12: an Article without stored text made every reextract fail; D11:
// through a symbolic link, the link was replaced and the old graph left in
// its target.
TEST_CASE("reextract carries curated nodes and relationships, through a link too", "[store][reextract][curated]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  SeedWith(db, {
                   "CREATE (:Company:Watched {name: 'Curated Co', note: 'by hand'})",
                   "CREATE (:Article {name: 'memo'})",
                   "MATCH (a {name: 'Amazon'}), (c {name: 'Curated Co'}) CREATE (a)-[:OWNS {since: 2020}]->(c)",
                   "MATCH (m:Article {name: 'memo'}), (c {name: 'Curated Co'}) CREATE (m)-[:ABOUT]->(c)",
               });
  const std::string query =
      "query --db " + db + " \"MATCH (x)-[r:OWNS|ABOUT]->(c:Watched) RETURN x.name, type(r), r.since, c.name, c.note "
      "ORDER BY x.name\" --format csv";
  const std::string expected =
      "x.name,type(r),r.since,c.name,c.note\r\nAmazon,OWNS,2020,Curated Co,by hand\r\nmemo,ABOUT,,Curated Co,by hand\r\n";
  REQUIRE(RunCli(query, &out, &err) == 0);
  REQUIRE(out == expected);
  const std::string before = testing::CheckedDump(db);

  REQUIRE(RunCli("reextract --db " + db, &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("carried 2 curated or imported nodes and 2 relationships, dropped 0; carried 0 "
                                    "labels and properties set on extracted nodes and relationships"));
  REQUIRE(RunCli(query, &out, &err) == 0);
  REQUIRE(out == expected);
  REQUIRE(testing::CheckedDump(db) == before);

  // Through a link: the target is rebuilt, the link stays a link.
  fs::create_symlink(db, dir.Sub("link.db"));
  REQUIRE(RunCli("reextract --db " + dir.Sub("link.db"), &out, &err) == 0);
  REQUIRE(fs::is_symlink(dir.Sub("link.db")));
  REQUIRE(fs::is_directory(db));
  REQUIRE_FALSE(fs::exists(db + ".rebuild"));
  REQUIRE_FALSE(fs::exists(dir.Sub("link.db.rebuild")));
  REQUIRE(testing::CheckedDump(dir.Sub("link.db")) == before);
}

// A node that only a relation names ("Dutch firm ASML": the Netherlands, no
// MENTIONS) is extraction's, not curated: reextract once made a second copy.
TEST_CASE("reextract counts the ends of extracted relations as extracted", "[store][reextract][curated]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  testing::WriteFile(dir.Sub("a.txt"), "Chips\n\nDutch firm ASML is the only maker of these machines.\n");
  REQUIRE(RunCli("ingest -q --db " + db + " " + dir.Sub("a.txt"), &out, &err) == 0);
  const std::string count = "query --db " + db + " \"MATCH (n {name: 'Netherlands'}) RETURN count(n)\" --format csv";
  REQUIRE(RunCli(count, &out, &err) == 0);
  REQUIRE(out == "count(n)\r\n1\r\n");
  const std::string before = testing::CheckedDump(db);
  REQUIRE(RunCli("reextract --db " + db, &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("carried 0 curated or imported nodes"));
  REQUIRE(RunCli(count, &out, &err) == 0);
  CHECK(out == "count(n)\r\n1\r\n");
  CHECK(testing::CheckedDump(db) == before);
}

TEST_CASE("reextract carries properties set on extracted nodes, or refuses and lists them", "[store][reextract][curated]") {
  // Issue 18 D10: a SET on an extracted node was lost by reextract.
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  SeedWith(db, {
                   "MATCH (n {name: 'Huawei'}) SET n.note = 'watch', n.since = 2019",
                   "MATCH (n {name: 'CIA'}) SET n.note = 'sources'",
                   "MATCH (a:Article) SET a.note = 'read', a.title = 'retitled'",
               });
  const std::string query = "query --db " + db + " \"MATCH (n) WHERE n.note IS NOT NULL RETURN labels(n)[0], n.note, n.since, "
                            "n.title ORDER BY n.note\" --format csv";
  // The title is ingest's, and reextract reads an article's title from its node.
  const std::string expected =
      "labels(n)[0],n.note,n.since,n.title\r\nArticle,read,,retitled\r\nAgency,sources,,\r\nCompany,watch,2019,\r\n";
  REQUIRE(RunCli("reextract --db " + db, &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("carried property 'note' of node 5 (:Company 'Huawei')") &&
                        Catch::Contains("carried property 'since' of node 5") &&
                        Catch::Contains("carried property 'note' of node 1 (:Article") &&
                        Catch::Contains("carried 4 labels and properties set on extracted nodes"));
  REQUIRE(RunCli(query, &out, &err) == 0);
  REQUIRE(out == expected);
  const std::string before = testing::CheckedDump(db);

  // Rules that no longer know the CIA: refused, listed, the database as it was.
  std::string rules = dir.Sub("rules");
  fs::copy(testing::SourcePath("extract/rules"), rules, fs::copy_options::recursive);
  std::string gazetteer = testing::ReadFileOrDie(rules + "/gazetteer.tsv");
  size_t line = gazetteer.find("\nCIA\t");
  REQUIRE(line != std::string::npos);
  gazetteer.erase(line, gazetteer.find('\n', line + 1) - line);
  testing::WriteFile(rules + "/gazetteer.tsv", gazetteer);
  REQUIRE(RunCli("reextract --rules " + rules + " --db " + db, &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("cannot carry property 'note' of node ") &&
                        Catch::Contains("(:Agency 'CIA'): the new extraction has no node of that name") &&
                        Catch::Contains("--discard-curated drops them") && Catch::Contains("is unchanged"));
  REQUIRE(testing::CheckedDump(db) == before);
  REQUIRE(RunCli("reextract --discard-curated --rules " + rules + " --db " + db, &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("dropped property 'note' of node ") && Catch::Contains("carried 3 labels and properties"));
  REQUIRE(RunCli(query, &out, &err) == 0);
  REQUIRE(out == "labels(n)[0],n.note,n.since,n.title\r\nArticle,read,,retitled\r\nCompany,watch,2019,\r\n");
}

// Issue 18 D10: a label added to an extracted node, a property set on an
// extracted relationship (a relation, a MENTIONS) and a relationship
// CREATEd between two extracted nodes were lost by reextract.
TEST_CASE("reextract carries labels and relationship properties set on extracted data, or refuses and lists them",
          "[store][reextract][curated]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), out, err;
  SeedWith(db, {
                   "MATCH (n {name: 'Huawei'}) SET n:Watchlist",
                   "MATCH (a:Article) SET a:Read",
                   "MATCH ({name: 'Amazon'})-[r:PROVIDES_SERVICES_TO]->({name: 'Hikvision'}) SET r.note = 'checked'",
                   "MATCH (:Article)-[r:MENTIONS]->({name: 'Huawei'}) SET r.note = 'lead'",
                   "MATCH (a {name: 'Amazon'}), (g {name: 'Google'}) CREATE (a)-[:RIVAL_OF {since: 2006}]->(g)",
               });
  const std::string query =
      "query --db " + db + " \"MATCH (x)-[r]->(y) WHERE r.note IS NOT NULL OR type(r) = 'RIVAL_OF' "
      "RETURN labels(x), type(r), r.note, r.since, labels(y), y.name ORDER BY type(r)\" --format csv";
  const std::string expected =
      "labels(x),type(r),r.note,r.since,labels(y),y.name\r\n"
      R"("[""Article"",""Read""]",MENTIONS,lead,,"[""Company"",""Watchlist""]",Huawei)" "\r\n"
      R"("[""Company"",""Provider""]",PROVIDES_SERVICES_TO,checked,,"[""Company""]",Hikvision)" "\r\n"
      R"("[""Company"",""Provider""]",RIVAL_OF,,2006,"[""Company"",""Provider""]",Google)" "\r\n";
  REQUIRE(RunCli(query, &out, &err) == 0);
  REQUIRE(out == expected);
  const std::string before = testing::CheckedDump(db);

  REQUIRE(RunCli("reextract --db " + db, &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("carried label 'Watchlist' of node 5 (:Company:Watchlist 'Huawei')") &&
                        Catch::Contains("carried label 'Read' of node 1 (:Article") &&
                        Catch::Contains("carried property 'note' of edge ") &&
                        Catch::Contains("-[:PROVIDES_SERVICES_TO]->") &&
                        Catch::Contains("carried 0 curated or imported nodes and 1 relationships") &&
                        Catch::Contains("carried 4 labels and properties"));
  REQUIRE(RunCli(query, &out, &err) == 0);
  REQUIRE(out == expected);
  REQUIRE(testing::CheckedDump(db) == before);

  // Rules that no longer state PROVIDES_SERVICES_TO: the note has no
  // relationship to go to; refused and listed, then dropped when told.
  std::string rules = MakeRulesA(dir);
  REQUIRE(RunCli("reextract --rules " + rules + " --db " + db, &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("cannot carry property 'note' of edge ") &&
                        Catch::Contains("-[:PROVIDES_SERVICES_TO]->") &&
                        Catch::Contains("the new extraction does not state it") &&
                        Catch::Contains("--discard-curated drops them") && Catch::Contains("is unchanged"));
  REQUIRE(testing::CheckedDump(db) == before);
  REQUIRE(RunCli("reextract --discard-curated --rules " + rules + " --db " + db, &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("dropped property 'note' of edge "));
  REQUIRE(RunCli("query --db " + db + " \"MATCH ({name: 'Huawei'})<-[r:MENTIONS]-(a) RETURN r.note, labels(a)\" --format csv",
                 &out, &err) == 0);
  CHECK(out == "r.note,labels(a)\r\nlead,\"[\"\"Article\"\",\"\"Read\"\"]\"\r\n");
}

// A gazetteer column or label the old rules wrote is extraction's, not
// curated: reextract with rules that dropped it carried the old value
// over, as if set by hand (issue 18, stale gazetteer columns).
TEST_CASE("reextract drops what the old rules extracted and the new ones do not, and keeps what was set by hand",
          "[store][reextract][curated]") {
  TempDir dir;
  std::string old_rules = dir.Sub("rules-old"), out, err;
  fs::copy(testing::SourcePath("extract/rules"), old_rules, fs::copy_options::recursive);
  std::string gazetteer = testing::ReadFileOrDie(old_rules + "/gazetteer.tsv");
  const std::string row = "\nHuawei\tCompany\tHuawei Technologies|Huawei Technologies Co\tcountry=China\n";
  size_t at = gazetteer.find(row);
  REQUIRE(at != std::string::npos);
  gazetteer.replace(at, row.size(),
                    "\nHuawei\tCompany,Vendor\tHuawei Technologies|Huawei Technologies Co\tcountry=China;ticker=HW\n");
  testing::WriteFile(old_rules + "/gazetteer.tsv", gazetteer);

  const std::vector<std::string> curation = {"MATCH (n {name: 'Huawei'}) SET n:Watchlist, n.note = 'watch'"};
  std::string db = dir.Sub("news.db"), fresh = dir.Sub("fresh.db");
  REQUIRE(RunCli("ingest -q --rules " + old_rules + " --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  for (const std::string& w : curation) REQUIRE(RunCli("query --db " + db + " \"" + w + "\"", &out, &err) == 0);
  const std::string huawei = "\"MATCH (n {name: 'Huawei'}) RETURN labels(n), n.ticker, n.note\" --format csv";
  REQUIRE(RunCli("query --db " + db + " " + huawei, &out, &err) == 0);
  REQUIRE(out == "labels(n),n.ticker,n.note\r\n\"[\"\"Company\"\",\"\"Vendor\"\",\"\"Watchlist\"\"]\",HW,watch\r\n");

  REQUIRE(RunCli("reextract --db " + db, &out, &err) == 0);
  CHECK_THAT(err, !Catch::Contains("'ticker'") && !Catch::Contains("'Vendor'"));
  REQUIRE(RunCli("query --db " + db + " " + huawei, &out, &err) == 0);
  CHECK(out == "labels(n),n.ticker,n.note\r\n\"[\"\"Company\"\",\"\"Watchlist\"\"]\",,watch\r\n");
  // The same as a fresh ingest with the new rules and the same curation.
  SeedWith(fresh, curation);
  std::string diff = testing::FirstDifference(testing::CheckedDump(db), testing::CheckedDump(fresh));
  INFO(diff);
  CHECK(diff.empty());
}

TEST_CASE("reextract refuses imported relationships it cannot carry; --discard-curated drops and lists them",
          "[store][reextract][curated]") {
  TempDir dir;
  std::string db = dir.Sub("news.db"), imported = dir.Sub("imported.db"), out, err;
  REQUIRE(RunCli("ingest -q --db " + db + " " + testing::SourcePath("corpus"), &out, &err) == 0);
  REQUIRE(RunCli("export --db " + db + " --format json -o " + dir.Sub("g.json"), &out, &err) == 0);
  REQUIRE(RunCli("import --db " + imported + " " + dir.Sub("g.json"), &out, &err) == 0);
  std::string before;
  REQUIRE(RunCli("export --db " + imported, &before, &err) == 0);
  // The imported article has no text: its MENTIONS and relations, with
  // their weights and evidence, did not come from extraction here.
  REQUIRE(RunCli("reextract --db " + imported, &out, &err) == 1);
  REQUIRE_THAT(err, Catch::Contains("cannot carry edge ") && Catch::Contains("-[:PROVIDES_SERVICES_TO]->") &&
                        Catch::Contains("--discard-curated drops them") && Catch::Contains("is unchanged"));
  REQUIRE(RunCli("export --db " + imported, &out, &err) == 0);
  REQUIRE(out == before);

  REQUIRE(RunCli("reextract --discard-curated --db " + imported, &out, &err) == 0);
  REQUIRE_THAT(err, Catch::Contains("dropped edge ") && Catch::Contains("-[:WORKS_FOR]->"));
  // The nodes stay (the article, its entities), without those relationships.
  REQUIRE(RunCli("query --db " + imported + " \"MATCH (n) RETURN count(n)\" --format csv", &out, &err) == 0);
  std::string nodes;
  REQUIRE(RunCli("query --db " + db + " \"MATCH (n) RETURN count(n)\" --format csv", &nodes, &err) == 0);
  REQUIRE(out == nodes);
  REQUIRE(RunCli("query --db " + imported + " \"MATCH ()-[r]->() RETURN count(r)\" --format csv", &out, &err) == 0);
  REQUIRE(out == "count(r)\r\n0\r\n");
}

}  // namespace
}  // namespace newsgraph
