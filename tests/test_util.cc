#include "tests/test_util.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace newsgraph {
namespace testing {

namespace fs = std::filesystem;

std::string SourcePath(const std::string& relative) { return std::string(NEWSGRAPH_SOURCE_DIR) + "/" + relative; }

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
