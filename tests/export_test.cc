// export/: hostile names (quotes, braces, line breaks, "--", commas,
// semicolons, backslashes, markup, control characters, unicode) through
// DOT, GraphML, JSON and neo4j-admin CSV, and back through import.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "export/dot.h"
#include "export/graphml.h"
#include "export/json.h"
#include "export/neo4j_csv.h"
#include "export/property_columns.h"
#include "export/render.h"
#include "export/subgraph.h"
#include "graph/bulk_loader.h"
#include "import/csv.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;

const std::vector<std::string>& HostileNames() {
  static const std::vector<std::string> kNames = {
      "Quote \"Inc\"",       "Braces {x} [y] (z)", "Line\nbreak",         "CR\r\nLF",          "Dash -- dash -> n1",
      "Comma, Ltd.",         "Semi;colon",         "Back\\slash\\",       "Ünïcödé 北京 🚀",   "<b a='1'>&amp;</b>",
      "Tab\there",           "'single'",           "",                    " padded ",          "#1 // not a comment",
      "ctl\x01" "char",      "\"",                 "\\",                  "a\"\"b",            "end\\\"",
  };
  return kNames;
}

// A graph whose every name, alias, type, sentence and rule is hostile.
std::unique_ptr<Graph> HostileGraph(const std::string& dir) {
  auto g = Graph::Open(dir, OpenOptions::Writer());
  REQUIRE(g.ok());
  BulkLoader loader;
  const auto& names = HostileNames();
  auto article = loader.AddNode({"Article"}, {{"name", "Article \"one\", {x};\n--"}, {"hash", "00ff"}});
  std::vector<BulkLoader::Ref> refs;
  for (size_t i = 0; i < names.size(); ++i) {
    Properties props = {{"name", names[i]}, {"rank", static_cast<int64_t>(i)}};
    props["aliases"] = PropertyList{names[(i + 1) % names.size()] + " alias", "plain"};
    refs.push_back(loader.AddNode({"Company", "Odd Label {x}"}, props));
  }
  for (size_t i = 0; i + 1 < refs.size(); ++i) {
    EvidenceRecord r;
    r.article = article;
    r.sentence = "They said \"" + names[i] + "\" -- then; left, \\ " + names[i + 1];
    r.rule = "rule {" + std::to_string(i) + "}";
    r.start = static_cast<uint32_t>(i);
    r.end = static_cast<uint32_t>(i + 5);
    r.confidence = 0.125 * static_cast<double>(i % 8);
    r.hedged = i % 2 == 0;
    Properties props = {{"note", names[i + 1]}, {"hedged", i % 2 == 0}};
    REQUIRE(loader.AddEdge(refs[i], i % 2 ? "SAYS \"HI\", OK" : "PROVIDES_SERVICES_TO", refs[i + 1], 1 + i % 3, props,
                           {r})
                .ok());
  }
  REQUIRE(g.value()->BulkLoad(&loader).ok());
  return std::move(g).value();
}

Subgraph Whole(const Graph& g) {
  SubgraphOptions options;
  options.include_articles = true;
  auto sub = WholeGraph(g, options);
  REQUIRE(sub.ok());
  return std::move(sub).value();
}

// Runs `python3 script` (the script in a file); false when python3 is not there.
bool Python(const std::string& script, std::string* out) {
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) return false;
  TempDir io;
  testing::WriteFile(io.Sub("s.py"), script);
  int rc = std::system(("python3 " + io.Sub("s.py") + " > " + io.Sub("out") + " 2>&1").c_str());
  *out = testing::ReadFileOrDie(io.Sub("out"));
  INFO(*out);
  REQUIRE(rc == 0);
  return true;
}

TEST_CASE("DOT quotes hostile names so Graphviz reads them", "[export][escaping]") {
  REQUIRE(DotQuote("a\"b\\c\nd{e}--f;g,h") == "\"a\\\"b\\\\c\\nd{e}--f;g,h\"");
  REQUIRE(DotQuote("end\\") == "\"end\\\\\"");  // a trailing backslash cannot escape the closing quote
  TempDir dir;
  auto g = HostileGraph(dir.Sub("db"));
  std::ostringstream dot;
  WriteDot(Whole(*g), dot);
  for (const std::string& name : HostileNames()) {
    std::string cooked;
    for (char c : name) cooked += c == '\r' ? std::string() : std::string(1, c);
    REQUIRE_THAT(dot.str(), Catch::Contains("[label=" + DotQuote(cooked)));
  }
  if (std::system("command -v dot >/dev/null 2>&1") == 0) {
    // Graphviz parses it: one node per name and the article, nothing split or merged.
    REQUIRE(RenderDot(dot.str(), "svg", dir.Sub("g.svg")).ok());
    std::string svg = testing::ReadFileOrDie(dir.Sub("g.svg"));
    size_t nodes = 0;
    for (size_t at = 0; (at = svg.find("class=\"node\"", at)) != std::string::npos; ++at) ++nodes;
    REQUIRE(nodes == HostileNames().size() + 1);  // + the article (the legend is in the caption)
  }
}

TEST_CASE("GraphML escapes hostile text and is well-formed XML", "[export][escaping]") {
  REQUIRE(XmlEscape("a<b>&\"c'\n\t\r\x01z") == "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;&#13;\xEF\xBF\xBDz");
  TempDir dir;
  auto g = HostileGraph(dir.Sub("db"));
  std::ostringstream xml;
  WriteGraphml(Whole(*g), xml);
  testing::WriteFile(dir.Sub("g.graphml"), xml.str());
  REQUIRE_THAT(xml.str(), Catch::Contains("attr.name=\"rank\" attr.type=\"long\""));
  REQUIRE_THAT(xml.str(), Catch::Contains("attr.name=\"hedged\" attr.type=\"boolean\""));
  REQUIRE_THAT(xml.str(), Catch::Contains("attr.name=\"weight\" attr.type=\"long\""));
  // The standard library's XML parser reads back every name exactly, the
  // control character as U+FFFD (XML 1.0 cannot carry it).
  std::string out;
  std::string script =
      "import json, xml.etree.ElementTree as ET\n"
      "ns = {'g': 'http://graphml.graphdrawing.org/xmlns'}\n"
      "root = ET.parse('" + dir.Sub("g.graphml") + "').getroot()\n"
      "keys = {k.get('id'): k.get('attr.name') for k in root.findall('g:key', ns)}\n"
      "names = []\n"
      "for n in root.iter('{http://graphml.graphdrawing.org/xmlns}node'):\n"
      "  d = {keys[x.get('key')]: x.text or '' for x in n.findall('g:data', ns)}\n"
      "  if d.get('labels') != ':Article': names.append(d['name'])\n"
      "print(json.dumps(sorted(names)))\n";
  if (!Python(script, &out)) return;
  std::vector<std::string> want;
  for (std::string name : HostileNames()) {
    for (size_t at; (at = name.find('\x01')) != std::string::npos;) name.replace(at, 1, "\xEF\xBF\xBD");
    want.push_back(name);
  }
  std::sort(want.begin(), want.end());
  rapidjson::Document got;
  got.Parse(out.c_str());
  REQUIRE(got.IsArray());
  REQUIRE(got.Size() == want.size());
  for (rapidjson::SizeType i = 0; i < got.Size(); ++i)
    REQUIRE(std::string(got[i].GetString(), got[i].GetStringLength()) == want[i]);
}

TEST_CASE("NetworkX reads the GraphML with typed attributes", "[export]") {
  TempDir dir;
  auto g = testing::SeedGraph(dir.Sub("db"));
  std::ostringstream xml;
  WriteGraphml(Whole(*g), xml);
  testing::WriteFile(dir.Sub("g.graphml"), xml.str());
  std::string out;
  if (std::system("python3 -c 'import networkx' >/dev/null 2>&1") != 0) return;  // optional
  REQUIRE(Python("import networkx as nx\n"
                 "g = nx.read_graphml('" + dir.Sub("g.graphml") + "')\n"
                 "e = [d for a, b, d in g.edges(data=True) if d['type'] == 'PROVIDES_SERVICES_TO'][0]\n"
                 "n = [d for k, d in g.nodes(data=True) if d['label'] == 'Hikvision'][0]\n"
                 "print(type(g).__name__, g.number_of_nodes(), g.number_of_edges(), type(e['weight']).__name__,\n"
                 "      type(e['confidence']).__name__, type(e['hedged']).__name__, n['labels'])\n",
                 &out));
  REQUIRE(out == "DiGraph 26 45 int float bool :Company\n");
}

TEST_CASE("hostile names round-trip exactly through JSON, evidence included", "[export][escaping][import]") {
  TempDir dir;
  auto g = HostileGraph(dir.Sub("db"));
  std::ostringstream json;
  WriteJsonGraph(Whole(*g), json);
  rapidjson::Document doc;
  doc.Parse(json.str().c_str(), json.str().size());
  REQUIRE_FALSE(doc.HasParseError());
  REQUIRE(doc["nodes"].Size() == HostileNames().size() + 1);
  testing::WriteFile(dir.Sub("g.json"), json.str());
  REQUIRE(testing::ImportFiles(dir.Sub("copy"), {dir.Sub("g.json")}).ok());
  auto copy = Graph::Open(dir.Sub("copy"), OpenOptions::Reader());
  REQUIRE(testing::DumpGraph(*copy.value(), true) == testing::DumpGraph(*g, true));
}

TEST_CASE("hostile names round-trip through neo4j-admin CSV", "[export][escaping][import]") {
  TempDir dir;
  auto g = HostileGraph(dir.Sub("db"));
  Subgraph sub = Whole(*g);
  std::string command;
  // ';' is in an alias: the default array delimiter cannot carry it.
  Status s = WriteNeo4jCsv(sub, Neo4jCsvOptions(), dir.Sub("csv"), &command);
  REQUIRE(s.code() == Status::Code::kInvalidArgument);
  REQUIRE_THAT(s.message(), Catch::Contains("'Semi;colon alias' holds the array delimiter ';'") &&
                                Catch::Contains("--array-delimiter"));
  REQUIRE_FALSE(std::filesystem::exists(dir.Sub("csv")));

  Neo4jCsvOptions bar;
  bar.array_delimiter = '|';
  REQUIRE(WriteNeo4jCsv(sub, bar, dir.Sub("csv"), &command).ok());
  REQUIRE_THAT(command, Catch::Contains("--array-delimiter='|'") && Catch::Contains("--multiline-fields=true"));
  // Every record parses to the right number of fields, names exactly.
  std::string nodes = testing::ReadFileOrDie(dir.Sub("csv/nodes.csv"));
  REQUIRE(nodes.rfind(":ID,name,:LABEL,aliases:string[],hash,rank:long\n", 0) == 0);
  CsvReader reader(&nodes, ',', "nodes.csv");
  std::vector<CsvField> fields;
  std::vector<std::string> names;
  REQUIRE(reader.Next(&fields).value());
  while (reader.Next(&fields).value()) {
    REQUIRE(fields.size() == 6);
    if (fields[2].text != "Article") names.emplace_back(fields[1].text);
  }
  std::vector<std::string> want = HostileNames();
  std::sort(want.begin(), want.end());
  std::sort(names.begin(), names.end());
  REQUIRE(names == want);

  ImportReaderOptions options;
  options.array_delimiter = '|';
  REQUIRE(testing::ImportFiles(dir.Sub("copy"), {dir.Sub("csv/relationships.csv"), dir.Sub("csv/nodes.csv")}, options)
              .ok());
  auto copy = Graph::Open(dir.Sub("copy"), OpenOptions::Reader());
  REQUIRE(testing::DumpGraph(*copy.value(), false) == testing::DumpGraph(*g, false));
}

TEST_CASE("typed properties round-trip exactly through JSON and neo4j-admin CSV", "[export][import]") {
  TempDir dir;
  {
    auto g = Graph::Open(dir.Sub("db"), OpenOptions::Writer());
    BulkLoader loader;
    Properties all = {
        {"name", "All types"},        {"big", INT64_MAX},          {"small", INT64_MIN},
        {"tenth", 0.1},               {"sum", 0.1 + 0.2},          {"huge", 1e300},
        {"whole", 2.0},               {"tiny", 5e-324},            {"yes", true},
        {"empty", ""},                {"ints", PropertyList{1, -2, 3}},
        {"floats", PropertyList{0.5, 1e-9}}, {"flags", PropertyList{true, false}}, {"none", PropertyList{}},
        {"words", PropertyList{"a", "b c", "d,e"}},
    };
    auto a = loader.AddNode({"Thing"}, all);
    auto b = loader.AddNode({"Thing"}, {{"name", "Other"}, {"big", int64_t{7}}, {"tenth", 1.5}});
    REQUIRE(loader.AddEdge(a, "LINKS", b, 5, {{"score", 2.5}, {"count", int64_t{-3}}, {"ok", false}}).ok());
    REQUIRE(g.value()->BulkLoad(&loader).ok());
  }
  auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
  Subgraph sub = Whole(*g.value());
  auto original = testing::DumpGraph(*g.value(), true);

  std::ostringstream json;
  WriteJsonGraph(sub, json);
  testing::WriteFile(dir.Sub("g.json"), json.str());
  REQUIRE(testing::ImportFiles(dir.Sub("from-json"), {dir.Sub("g.json")}).ok());
  REQUIRE(testing::DumpGraph(*Graph::Open(dir.Sub("from-json"), OpenOptions::Reader()).value(), true) == original);

  std::string command;
  REQUIRE(WriteNeo4jCsv(sub, Neo4jCsvOptions(), dir.Sub("csv"), &command).ok());
  REQUIRE(command.find("--multiline-fields") == std::string::npos);
  std::string header = testing::ReadFileOrDie(dir.Sub("csv/nodes.csv"));
  header = header.substr(0, header.find('\n'));
  REQUIRE(header ==
          ":ID,name,:LABEL,big:long,empty,flags:boolean[],floats:double[],huge:double,ints:long[],none:string[],"
          "small:long,sum:double,tenth:double,tiny:double,whole:double,words:string[],yes:boolean");
  REQUIRE(testing::ReadFileOrDie(dir.Sub("csv/relationships.csv")) ==
          ":START_ID,:END_ID,:TYPE,weight:long,count:long,ok:boolean,score:double\n1,2,LINKS,5,-3,false,2.5\n");
  REQUIRE(testing::ImportFiles(dir.Sub("from-csv"), {dir.Sub("csv")}).ok());
  REQUIRE(testing::DumpGraph(*Graph::Open(dir.Sub("from-csv"), OpenOptions::Reader()).value(), true) == original);
}

TEST_CASE("NaN and the infinities are written as JSON can hold them, and read back", "[export][import]") {
  // Issue 18 D15: they were written as null, and an import dropped them.
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  TempDir dir;
  {
    auto g = Graph::Open(dir.Sub("db"), OpenOptions::Writer());
    BulkLoader loader;
    auto a = loader.AddNode({"Thing"}, {{"name", "Odd"}, {"n", nan}, {"i", inf}, {"m", -inf}, {"l", PropertyList{1.5, nan}}});
    REQUIRE(loader.AddEdge(a, "LINKS", a, 1, {{"score", -inf}}).ok());
    REQUIRE(g.value()->BulkLoad(&loader).ok());
  }
  auto g = Graph::Open(dir.Sub("db"), OpenOptions::Reader());
  std::ostringstream json;
  WriteJsonGraph(Whole(*g.value()), json);
  rapidjson::Document strict;  // no kParseNanAndInfFlag: JSON as the standard has it
  REQUIRE_FALSE(strict.Parse(json.str().c_str()).HasParseError());
  REQUIRE_THAT(json.str(), Catch::Contains("\"n\":{\"float\":\"NaN\"}") && Catch::Contains("\"m\":{\"float\":\"-Infinity\"}") &&
                               Catch::Contains("\"l\":[1.5,{\"float\":\"NaN\"}]"));
  testing::WriteFile(dir.Sub("g.json"), json.str());
  REQUIRE(testing::ImportFiles(dir.Sub("copy"), {dir.Sub("g.json")}).ok());
  REQUIRE(testing::DumpGraph(*Graph::Open(dir.Sub("copy"), OpenOptions::Reader()).value(), true) ==
          testing::DumpGraph(*g.value(), true));
  // Query results in JSON: the value's text as a string, as in CSV output.
  std::string out, err;
  REQUIRE(testing::RunCli("query --db " + dir.Sub("db") + " --format json \"MATCH (t:Thing) RETURN t.n, t.l, [t.i, t.m] AS im\"",
                          &out, &err) == 0);
  REQUIRE(out == "{\"t.n\":\"NaN\",\"t.l\":[1.5,\"NaN\"],\"im\":[\"Infinity\",\"-Infinity\"]}\n");
}

TEST_CASE("property columns take the narrowest type that holds every value", "[export]") {
  Properties a = {{"i", 1}, {"mix", 1}, {"b", true}, {"s", "x"}, {"l", PropertyList{1, 2}}, {"odd", true}};
  Properties b = {{"i", 2}, {"mix", 2.5}, {"l", PropertyList{3.5}}, {"odd", 3}, {"nest", PropertyList{PropertyList{1}}}};
  auto columns = PropertyColumns({&a, &b});
  std::map<std::string, std::pair<ColumnType, bool>> got;
  for (const auto& c : columns) got[c.name] = {c.type, c.list};
  REQUIRE(got["i"] == std::pair{ColumnType::kLong, false});
  REQUIRE(got["mix"] == std::pair{ColumnType::kDouble, false});
  REQUIRE(got["b"] == std::pair{ColumnType::kBoolean, false});
  REQUIRE(got["s"] == std::pair{ColumnType::kString, false});
  REQUIRE(got["l"] == std::pair{ColumnType::kDouble, true});
  REQUIRE(got["odd"] == std::pair{ColumnType::kString, false});  // booleans and numbers
  REQUIRE(got["nest"] == std::pair{ColumnType::kString, true});
  REQUIRE(ValueText(PropertyValue(0.1 + 0.2)) == "0.30000000000000004");
  REQUIRE(ValueText(PropertyValue(2.0)) == "2");
  REQUIRE(ValueText(PropertyValue(std::numeric_limits<double>::quiet_NaN())) == "NaN");
  REQUIRE(ValueText(PropertyValue(-std::numeric_limits<double>::infinity())) == "-Infinity");
  REQUIRE(ValueText(PropertyValue(PropertyList{1, "a"})) == "[1,\"a\"]");
}

}  // namespace
}  // namespace newsgraph
