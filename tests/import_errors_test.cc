// import/: bad input gives FILE:LINE and the exact problem, and a failed
// import leaves the database exactly as it was. Randomly damaged input
// ends in OK or a clean error, never a crash.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <sstream>

#include "export/json.h"
#include "export/subgraph.h"
#include "graph/bulk_loader.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;

struct BadInput {
  const char* what;
  std::vector<std::pair<std::string, std::string>> files;  // name, content
  std::string message;                                      // expected, with @ for the directory
};

const std::vector<BadInput>& BadInputs() {
  static const std::string kNodes = "id:ID,name\n1,A\n2,B\n";
  static const std::vector<BadInput> kCases = {
      {"wrong type", {{"n.csv", "id:ID,name,count:long\n1,A,3\n2,B,abc\n"}},
       "@/n.csv:3: column 'count:long': 'abc' is not a long"},
      {"int out of range", {{"n.csv", "id:ID,n:int\n1,3000000000\n"}}, "@/n.csv:2: column 'n:int': '3000000000' is not an int"},
      {"not a boolean", {{"n.csv", "id:ID,ok:boolean\n1,yes\n"}},
       "@/n.csv:2: column 'ok:boolean': 'yes' is not a boolean (true or false)"},
      {"bad array element", {{"n.csv", "id:ID,xs:double[]\n1,1.5;x\n"}}, "@/n.csv:2: column 'xs:double[]': 'x' is not a double"},
      {"unknown end id", {{"n.csv", kNodes}, {"r.csv", ":START_ID,:END_ID,:TYPE\n1,2,X\n1,9,X\n"}},
       "@/r.csv:3: :END_ID '9' is not the :ID of any node in the node files"},
      {"unknown id space", {{"n.csv", "id:ID(A),name\n1,x\n"}, {"r.csv", ":START_ID(B),:END_ID(A),:TYPE\n1,1,T\n"}},
       "@/r.csv:2: :START_ID '1' is not the :ID of any node in id space 'B' in the node files"},
      {"missing :END_ID", {{"n.csv", kNodes}, {"r.csv", ":START_ID,:TYPE\n1,X\n"}},
       "@/r.csv:1: relationship file without :END_ID column (a relationship file needs :START_ID, :END_ID and :TYPE)"},
      {"missing :TYPE", {{"n.csv", kNodes}, {"r.csv", ":START_ID,:END_ID\n1,2\n"}},
       "@/r.csv:1: relationship file without :TYPE column (a relationship file needs :START_ID, :END_ID and :TYPE)"},
      {"missing :ID", {{"n.csv", "name,:LABEL\nA,B\n"}},
       "@/n.csv:1: neither a node file (no :ID column) nor a relationship file (no :START_ID and :END_ID columns); "
       "header: name,:LABEL"},
      {"unknown header type", {{"n.csv", "id:ID,name:strin\n"}},
       "@/n.csv:1: column 2 'name:strin': unknown type 'strin' (use int, long, float, double, boolean, string, their "
       "arrays such as string[], or :ID, :START_ID, :END_ID, :TYPE, :LABEL, :IGNORE)"},
      {"truncated last line", {{"n.csv", "id:ID,name,count:long\n1,A,3\n2,B"}},
       "@/n.csv:3: 2 fields, but the header has 3 (id:ID,name,count:long): a truncated line, or a field holding the "
       "delimiter without quotes"},
      {"too many fields", {{"n.csv", "id:ID,name\n1,Smith, John\n"}},
       "@/n.csv:2: 3 fields, but the header has 2 (id:ID,name): a truncated line, or a field holding the delimiter "
       "without quotes"},
      {"quote never closed", {{"n.csv", "id:ID,name\n1,\"A\n2,B\n"}},
       "@/n.csv:2: quoted field never closed (missing \" before the end of the file)"},
      {"text after a closing quote", {{"n.csv", "id:ID,name\n1,\"A\"x\n"}},
       "@/n.csv:2: text after the closing quote of field 2 (a quote inside a quoted field is written \"\")"},
      {"line count across a multi-line field", {{"n.csv", "id:ID,name,n:long\n1,\"two\nlines\",3\n2,B,x\n"}},
       "@/n.csv:4: column 'n:long': 'x' is not a long"},
      {"duplicate id", {{"n.csv", "id:ID,name\n1,A\n"}, {"m.csv", "id:ID,name\n2,B\n1,C\n"}},
       "@/m.csv:3: node id '1' appears twice (first at @/n.csv:2)"},
      {"empty :TYPE", {{"n.csv", kNodes}, {"r.csv", ":START_ID,:END_ID,:TYPE\n1,2,\n"}},
       "@/r.csv:2: empty :TYPE (every relationship needs a type)"},
      {"negative weight", {{"n.csv", kNodes}, {"r.csv", ":START_ID,:END_ID,:TYPE,weight:long\n1,2,X,-1\n"}},
       "@/r.csv:2: negative weight -1"},
      {"empty file", {{"n.csv", ""}}, "@/n.csv:1: empty file: a neo4j-admin CSV file starts with a header line"},
      {"invalid UTF-8", {{"n.csv", "id:ID,name\n1,A\xff\n"}},
       "@/n.csv:2:4: invalid UTF-8 (byte 14); convert the file to UTF-8 first (e.g. iconv -f latin1 -t utf-8)"},
      {"malformed JSON", {{"g.json", "{\"nodes\": [\n{\"id\": 1},\n{\"id\": 2,}\n]}"}},
       "@/g.json:3:10: malformed JSON: Missing a name for object member."},
      {"truncated JSON", {{"g.json", "{\"nodes\": [\n{\"id\": 1}"}},
       "@/g.json:2:10: malformed JSON: Missing a comma or ']' after an array element."},
      {"JSON edge to an unknown node",
       {{"g.json", "{\"nodes\": [\n{\"id\": 1}\n],\n\"edges\": [\n{\"source\": 1, \"target\": 5, \"type\": \"X\"}\n]}"}},
       "@/g.json:5: \"target\": 5 is not the id of a node in this file"},
      {"JSON node without an id", {{"g.json", "{\"nodes\": [\n{\"id\": 1},\n{\"labels\": [\"A\"]}\n]}"}},
       "@/g.json:3: node without an \"id\" (a string or an integer)"},
      {"JSON object as a property", {{"g.json", "{\"nodes\": [\n{\"id\": 1, \"properties\": {\"o\": {\"a\": 1}}}\n]}"}},
       "@/g.json:2: property 'o' is not a null, boolean, integer (64-bit), number, string, {\"date\": "
       "\"YYYY-MM-DD\"}, {\"float\": \"NaN\"} or list of these"},
      {"JSON date that is no date",
       {{"g.json", "{\"nodes\": [\n{\"id\": 1, \"properties\": {\"d\": {\"date\": \"2019-02-29\"}}}\n]}"}},
       "@/g.json:2: property 'd' is not a null, boolean, integer (64-bit), number, string, {\"date\": "
       "\"YYYY-MM-DD\"}, {\"float\": \"NaN\"} or list of these"},
      {"JSON float that is no float",
       {{"g.json", "{\"nodes\": [\n{\"id\": 1, \"properties\": {\"f\": {\"float\": \"nan\"}}}\n]}"}},
       "@/g.json:2: property 'f' is not a null, boolean, integer (64-bit), number, string, {\"date\": "
       "\"YYYY-MM-DD\"}, {\"float\": \"NaN\"} or list of these"},
      {"JSON confidence NaN",
       {{"g.json", "{\"nodes\": [{\"id\": 1}],\n\"edges\": [\n{\"source\": 1, \"target\": 1, \"type\": \"X\", "
                   "\"evidence\": [{\"article\": 1, \"confidence\": NaN}]}]}"}},
       "@/g.json:3: evidence \"confidence\" must be a number >= 0"},
      {"JSON weight not an integer",
       {{"g.json", "{\"nodes\": [{\"id\": 1}],\n\"edges\": [\n{\"source\": 1, \"target\": 1, \"type\": \"X\", \"weight\": \"2\"}]}"}},
       "@/g.json:3: \"weight\" must be an integer >= 0"},
      {"JSON nested 200,000 deep",
       {{"g.json", "{\"nodes\": [\n{\"id\": 1, \"properties\": {\"x\": " + std::string(200000, '[') + "}}]}"}},
       // Column 284: just past the 253rd '[', level 257.
       "@/g.json:2:284: JSON nested deeper than 256 levels"},
      {"facts instead of a graph", {{"f.json", "{\"id\":\"a\",\"entities\":[],\"relations\":[]}\n"}},
       "@/f.json:1: no \"nodes\" array: not a newsgraph JSON export (facts from `extract` are loaded with `ingest "
       "--facts`)"},
  };
  return kCases;
}

std::string Replace(std::string s, const std::string& dir) {
  for (size_t at; (at = s.find('@')) != std::string::npos;) s.replace(at, 1, dir);
  return s;
}

TEST_CASE("bad import input: FILE:LINE and the problem; the database is unchanged", "[import][errors]") {
  TempDir dir;
  std::string db = dir.Sub("db");
  { testing::SeedGraph(db); }
  auto snapshot = [&] {
    auto g = Graph::Open(db, OpenOptions::Reader());
    REQUIRE(g.ok());
    auto stats = g.value()->Stats();
    auto dump = testing::DumpGraph(*g.value(), true);
    dump.push_back(std::to_string(stats->nodes) + " nodes " + std::to_string(stats->edges) + " edges");
    return dump;
  };
  const auto before = snapshot();
  for (const BadInput& c : BadInputs()) {
    INFO(c.what);
    TempDir in;
    std::vector<std::string> paths;
    for (const auto& [name, content] : c.files) {
      testing::WriteFile(in.Sub(name), content);
      paths.push_back(in.Sub(name));
    }
    auto out = testing::ImportFiles(db, paths);
    REQUIRE_FALSE(out.ok());
    REQUIRE(out.status().code() == Status::Code::kInvalidArgument);
    REQUIRE(out.status().message() == Replace(c.message, in.path()));
  }
  REQUIRE(snapshot() == before);
  REQUIRE_FALSE(std::filesystem::exists(db + "/bulk-load.tmp"));
}

TEST_CASE("importing a database's own JSON export into it is refused", "[import][errors]") {
  TempDir dir;
  {
    auto g = testing::SeedGraph(dir.Sub("db"));
    std::ostringstream json;
    WriteJsonGraph(WholeGraph(*g, SubgraphOptions()).value(), json);
    testing::WriteFile(dir.Sub("g.json"), json.str());
  }
  auto before = testing::DumpGraph(*Graph::Open(dir.Sub("db"), OpenOptions::Reader()).value(), true);
  auto out = testing::ImportFiles(dir.Sub("db"), {dir.Sub("g.json")});
  REQUIRE_FALSE(out.ok());
  REQUIRE_THAT(out.status().message(),
               Catch::Contains("article 'corpus/article.txt' (content hash ") &&
                   Catch::Contains("is stored in " + dir.Sub("db") + " already, as node 1; imported nodes are always "
                                                                     "new nodes, so import into another database"));
  REQUIRE(testing::DumpGraph(*Graph::Open(dir.Sub("db"), OpenOptions::Reader()).value(), true) == before);
}

TEST_CASE("big relationship files (read in chunks) keep exact line numbers and every row", "[import][errors]") {
  TempDir dir;
  std::string nodes = "id:ID,name\n", rels = ":START_ID,:END_ID,:TYPE,weight:long\n";
  for (int i = 0; i < 1000; ++i) nodes += std::to_string(i) + ",n" + std::to_string(i) + "\n";
  const int kRows = 400000;  // about 5.5 MB: read in several chunks
  for (int i = 0; i < kRows; ++i)
    rels += std::to_string(i % 1000) + "," + std::to_string((i * 7 + 1) % 1000) + ",T" + std::to_string(i % 3) + "," +
            std::to_string(1 + i % 5) + "\r\n";
  REQUIRE(rels.size() > (size_t{4} << 20));
  testing::WriteFile(dir.Sub("n.csv"), nodes);
  testing::WriteFile(dir.Sub("r.csv"), rels);
  BulkLoader loader;
  ImportStats stats;
  REQUIRE(ReadImportFiles({dir.Sub("n.csv"), dir.Sub("r.csv")}, ImportReaderOptions(), &loader, &stats).ok());
  REQUIRE(stats.edges == kRows);
  REQUIRE(loader.edges() == kRows);

  // A bad value late in the file: its line, counted across the chunks.
  size_t line_start = 0;
  for (int line = 1; line < 350001; ++line) line_start = rels.find('\n', line_start) + 1;
  size_t weight = rels.find("\r", line_start) - 1;
  rels[weight] = 'x';
  testing::WriteFile(dir.Sub("r.csv"), rels);
  BulkLoader again;
  Status s = ReadImportFiles({dir.Sub("n.csv"), dir.Sub("r.csv")}, ImportReaderOptions(), &again, &stats);
  REQUIRE(s.message() == dir.Sub("r.csv") + ":350001: column 'weight:long': 'x' is not a long");
}

// Damages valid input at random (seeded) and reads it: the reader must
// accept it or name a file and line, and never crash or hang.
TEST_CASE("randomly damaged import input ends in OK or a clean error", "[import][errors][fuzz]") {
  TempDir dir;
  std::string json;
  {
    auto g = testing::SeedGraph(dir.Sub("db"));
    std::ostringstream out;
    WriteJsonGraph(WholeGraph(*g, SubgraphOptions()).value(), out);
    json = out.str().substr(0, 6000) + out.str().substr(out.str().size() - 1500);  // keeps it small
  }
  const std::string nodes = "id:ID,name,:LABEL,n:long,xs:string[]\n1,\"A, \"\"x\"\"\",Company;X,3,a;b\n2,B,,,\n";
  const std::string rels = ":START_ID,:END_ID,:TYPE,weight:long,s:double\n1,2,T,2,0.5\n2,1,U,,\n";
  const std::string specials = ",;\"\n\r{}[]:\\\x01\xff\xc3 0-";
  const uint32_t seed = 4242;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  size_t ok = 0, errors = 0;
  for (int round = 0; round < 600; ++round) {
    std::vector<std::string> inputs = round % 2 ? std::vector<std::string>{nodes, rels} : std::vector<std::string>{json};
    std::string& victim = inputs[rng() % inputs.size()];
    for (int k = 1 + static_cast<int>(rng() % 3); k > 0 && !victim.empty(); --k) {
      size_t at = rng() % victim.size();
      switch (rng() % 4) {
        case 0: victim.erase(at, 1); break;
        case 1: victim.insert(at, 1, specials[rng() % specials.size()]); break;
        case 2: victim.resize(at); break;
        default: victim[at] = specials[rng() % specials.size()];
      }
    }
    std::vector<std::string> paths;
    for (size_t i = 0; i < inputs.size(); ++i) {
      paths.push_back(dir.Sub("in" + std::to_string(i) + (round % 2 ? ".csv" : ".json")));
      testing::WriteFile(paths.back(), inputs[i]);
    }
    BulkLoader loader;
    ImportStats stats;
    Status s = ReadImportFiles(paths, ImportReaderOptions(), &loader, &stats);
    if (s.ok()) {
      ++ok;
      continue;
    }
    ++errors;
    INFO(s.message());
    REQUIRE(s.code() == Status::Code::kInvalidArgument);
    bool named = false;
    for (const std::string& p : paths) {
      std::string m = s.message();
      named = named || (m.rfind(p + ":", 0) == 0 && m.size() > p.size() + 1 && std::isdigit(m[p.size() + 1]));
    }
    REQUIRE(named);
  }
  REQUIRE(ok > 0);
  REQUIRE(errors > 0);
}

}  // namespace
}  // namespace newsgraph
