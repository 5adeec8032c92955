// Helpers shared by the tests: paths into the source tree, temporary
// directories that clean up after themselves, and a seed-article graph.
#ifndef NEWSGRAPH_TESTS_TEST_UTIL_H_
#define NEWSGRAPH_TESTS_TEST_UTIL_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "extract/extractor.h"
#include "graph/bulk_loader.h"
#include "graph/graph.h"
#include "import/import.h"
#include "query/query.h"

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

// Opens (creating if missing) the database at `dir` as writer; fails the test otherwise.
std::unique_ptr<Graph> OpenWriter(const std::string& dir);

// Ingests corpus/article.txt into a new database at `dir` (writer).
std::unique_ptr<Graph> SeedGraph(const std::string& dir);

// Every node and edge of `graph` as one line each, sorted, with ids
// replaced by the content of the nodes they name, so that two databases
// holding the same graph under other ids dump the same:
//   N :Company {aliases=["AWS"], name="Amazon"}
//   E (N ...) -[PROVIDES_SERVICES_TO w=2 {hedged=false}]-> (N ...) ev: (N ...) "sentence" rule 12-80 0.8 hedged
// Property values are written as JSON (1 and 1.0 differ). Edges of
// `skip_type` are left out; evidence only when `evidence`.
std::vector<std::string> DumpGraph(const Graph& graph, bool evidence, const std::string& skip_type = "");

// The rows `query` returns on `g` as CSV, lines ended by LF; fails the
// test if the query fails.
std::string Csv(const Graph& g, const std::string& query);

// A database at `dir` written by write(writer), closed, then opened by a
// reader; fails the test if that fails.
std::unique_ptr<Graph> WrittenReader(const std::string& dir, const std::function<void(Graph*)>& write);

// The rows `query` returns on `g` with `params`, each as its values'
// ToDisplay texts, each followed by '|'; fails the test if the query fails.
std::vector<std::string> QueryRows(const Graph& g, const std::string& query, const Params& params = {});

// The database at `db`, opened read-only, checked (store_check.h's
// CheckIntegrity) and dumped by CanonicalDump; fails the test otherwise.
std::string CheckedDump(const std::string& db);

// Reads `paths` with the import readers and bulk-loads them into the
// database at `db` (opened as writer, created if missing).
Result<BulkLoadOutcome> ImportFiles(const std::string& db, const std::vector<std::string>& paths,
                                    const ImportReaderOptions& options = ImportReaderOptions());

// Hand-made facts: an article whose content hash derives from `id`, an
// entity mentioned once, a relation with confidence 0.8 and rule test.rule.
ArticleFacts Facts(const std::string& id, const std::string& text, std::vector<Entity> entities,
                   std::vector<Relation> relations);
Entity E(const std::string& name, std::vector<std::string> labels, std::vector<std::string> aliases = {});
Relation R(const std::string& s, const std::string& p, const std::string& o, bool hedged = false);

// Runs the newsgraph binary with `args` (shell words); returns the exit code
// and fills stdout/stderr.
int RunCli(const std::string& args, std::string* out, std::string* err, const std::string& stdin_data = "");

}  // namespace testing
}  // namespace newsgraph

#endif  // NEWSGRAPH_TESTS_TEST_UTIL_H_
