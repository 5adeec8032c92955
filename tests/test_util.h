// Helpers shared by the tests: paths into the source tree, temporary
// directories that clean up after themselves, and a seed-article graph.
#ifndef NEWSGRAPH_TESTS_TEST_UTIL_H_
#define NEWSGRAPH_TESTS_TEST_UTIL_H_

#include <memory>
#include <string>

#include "extract/extractor.h"
#include "graph/graph.h"

namespace newsgraph {
namespace testing {

std::string SourcePath(const std::string& relative);  // NEWSGRAPH_SOURCE_DIR/relative
std::string ReadFileOrDie(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);

// A fresh directory under the system temp dir (or under `base`), removed
// on destruction.
class TempDir {
 public:
  TempDir();
  explicit TempDir(const std::string& base);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The bundled default rules, loaded once.
std::shared_ptr<const RuleSet> DefaultRules();
const Extractor& DefaultExtractor();

// Extracts `text` as one article (id "test").
ArticleFacts ExtractText(const std::string& text);

// Ingests corpus/article.txt into a new database at `dir` (writer).
std::unique_ptr<Graph> SeedGraph(const std::string& dir);

// Runs the newsgraph binary with `args` (shell words); returns the exit code
// and fills stdout/stderr.
int RunCli(const std::string& args, std::string* out, std::string* err, const std::string& stdin_data = "");

}  // namespace testing
}  // namespace newsgraph

#endif  // NEWSGRAPH_TESTS_TEST_UTIL_H_
