#include "tests/test_util.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "graph/bulk_loader.h"
#include "query/format.h"
#include "query/query.h"
#include "query/value.h"
#include "tests/store_check.h"

namespace newsgraph {
namespace testing {

namespace fs = std::filesystem;

std::string SourcePath(const std::string& relative) { return std::string(NEWSGRAPH_SOURCE_DIR) + "/" + relative; }

std::string CheckedDump(const std::string& db) {
  auto g = Graph::Open(db, OpenOptions::Reader());
  REQUIRE(g.ok());
  REQUIRE(CheckIntegrity(*g.value()).ok());
  auto dump = CanonicalDump(*g.value());
  REQUIRE(dump.ok());
  return dump.value();
}

std::string Csv(const Graph& g, const std::string& query) {
  auto r = RunQuery(g, query, {}, {});
  REQUIRE(r.ok());
  std::ostringstream out;
  WriteResult(r.value(), OutputFormat::kCsv, out);
  std::string csv = out.str();
  csv.erase(std::remove(csv.begin(), csv.end(), '\r'), csv.end());  // CSV lines end in CRLF
  return csv;
}

std::unique_ptr<Graph> WrittenReader(const std::string& dir, const std::function<void(Graph*)>& write) {
  {
    auto w = Graph::Open(dir, OpenOptions::Writer());
    REQUIRE(w.ok());
    write(w.value().get());
    REQUIRE(w.value()->Close().ok());
  }
  auto r = Graph::Open(dir, OpenOptions::Reader());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::vector<std::string> QueryRows(const Graph& g, const std::string& query, const Params& params) {
  auto r = RunQuery(g, query, params, {});
  INFO(query);
  REQUIRE(r.ok());
  std::vector<std::string> rows;
  for (const auto& row : r->rows) {
    std::string s;
    for (const Value& v : row) s += ToDisplay(v) + "|";
    rows.push_back(s);
  }
  return rows;
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  REQUIRE(out.good());
}

TempDir::TempDir() : TempDir(fs::temp_directory_path().string()) {}

TempDir::TempDir(const std::string& base) {
  std::string tmpl = (fs::path(base) / "newsgraph-test-XXXXXX").string();
  char* made = ::mkdtemp(tmpl.data());
  REQUIRE(made != nullptr);
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::shared_ptr<const RuleSet> DefaultRules() {
  static std::shared_ptr<const RuleSet> rules = [] {
    auto loaded = RuleSet::Load(SourcePath("extract/rules"));
    if (!loaded.ok()) FAIL(loaded.status().ToString());
    return loaded.value();
  }();
  return rules;
}

const Extractor& DefaultExtractor() {
  static Extractor extractor(DefaultRules());
  return extractor;
}

ArticleFacts ExtractText(const std::string& text) {
  Article a;
  a.id = "test";
  a.text = text;
  return DefaultExtractor().Extract(a);
}

std::unique_ptr<Graph> OpenWriter(const std::string& dir) {
  auto g = Graph::Open(dir, OpenOptions::Writer());
  INFO(g.status().message());
  REQUIRE(g.ok());
  return std::move(g).value();
}

std::unique_ptr<Graph> SeedGraph(const std::string& dir) {
  auto graph = Graph::Open(dir, OpenOptions::Writer());
  REQUIRE(graph.ok());
  Article a;
  a.id = "corpus/article.txt";
  a.text = ReadFileOrDie(SourcePath("corpus/article.txt"));
  auto out = graph.value()->IngestArticle(DefaultExtractor().Extract(a));
  REQUIRE(out.ok());
  return std::move(graph).value();
}

namespace {
std::string PropsText(const Properties& props) {
  std::string out = "{";
  for (const auto& [k, v] : props) out += (out.size() > 1 ? ", " : "") + k + "=" + ValueToJson(Value::FromProperty(v));
  return out + "}";
}
}  // namespace

std::vector<std::string> DumpGraph(const Graph& graph, bool evidence, const std::string& skip_type) {
  std::map<NodeId, std::string> nodes;
  Status inner;
  REQUIRE(graph.ScanNodes("", [&](NodeId id) {
    auto n = graph.GetNode(id);
    if (!n.ok()) { inner = n.status(); return false; }
    std::string labels;
    for (const std::string& l : n->labels) labels += ":" + l;
    nodes[id] = "N " + labels + " " + PropsText(n->properties);
    return true;
  }).ok());
  REQUIRE(inner.ok());
  std::vector<std::string> lines;
  for (const auto& [id, text] : nodes) lines.push_back(text);
  REQUIRE(graph.ScanEdges("", [&](EdgeId id) {
    auto e = graph.GetEdge(id);
    if (!e.ok()) { inner = e.status(); return false; }
    if (e->type == skip_type) return true;
    std::string line = "E (" + nodes[e->src] + ") -[" + e->type + " w=" + std::to_string(e->weight) + " " +
                       PropsText(e->properties) + "]-> (" + nodes[e->dst] + ")";
    if (evidence) {
      std::vector<EvidenceRecord> ev;
      inner = graph.Evidence(id, &ev);
      line += " ev:";
      for (const EvidenceRecord& r : ev)
        line += " (" + nodes[r.article] + ") \"" + r.sentence + "\" " + r.rule + " " + std::to_string(r.start) + "-" +
                std::to_string(r.end) + " " + ValueToJson(Value(r.confidence)) + (r.hedged ? " hedged" : "");
    }
    lines.push_back(line);
    return inner.ok();
  }).ok());
  REQUIRE(inner.ok());
  std::sort(lines.begin(), lines.end());
  return lines;
}

Result<BulkLoadOutcome> ImportFiles(const std::string& db, const std::vector<std::string>& paths,
                                    const ImportReaderOptions& options) {
  BulkLoader loader;
  ImportStats stats;
  NG_RETURN_IF_ERROR(ReadImportFiles(paths, options, &loader, &stats));
  auto graph = Graph::Open(db, OpenOptions::Writer());
  if (!graph.ok()) return graph.status();
  return graph.value()->BulkLoad(&loader);
}

ArticleFacts Facts(const std::string& id, const std::string& text, std::vector<Entity> entities,
                   std::vector<Relation> relations) {
  ArticleFacts f;
  f.id = id;
  f.title = id;
  f.text = text;
  f.content_hash = id + "-hash-0000000000000000000000";
  f.entities = std::move(entities);
  f.relations = std::move(relations);
  return f;
}

Entity E(const std::string& name, std::vector<std::string> labels, std::vector<std::string> aliases) {
  Entity e;
  e.name = name;
  e.labels = std::move(labels);
  e.aliases = std::move(aliases);
  e.mentions.push_back({name, 0, static_cast<uint32_t>(name.size())});
  return e;
}

Relation R(const std::string& s, const std::string& p, const std::string& o, bool hedged) {
  Relation r;
  r.subject = s;
  r.predicate = p;
  r.object = o;
  r.confidence = 0.8;
  r.hedged = hedged;
  r.sentence = s + " " + p + " " + o + ".";
  r.rule = "test.rule";
  return r;
}

int RunCli(const std::string& args, std::string* out, std::string* err, const std::string& stdin_data) {
  TempDir io;
  std::string in_path = io.Sub("in"), out_path = io.Sub("out"), err_path = io.Sub("err");
  WriteFile(in_path, stdin_data);
  std::string cmd = std::string(NEWSGRAPH_BINARY) + " " + args + " <" + in_path + " >" + out_path + " 2>" + err_path;
  int rc = std::system(cmd.c_str());
  if (out) *out = ReadFileOrDie(out_path);
  if (err) *err = ReadFileOrDie(err_path);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace testing
}  // namespace newsgraph
