// Runs the query cases in tests/queries/*.test against the seed graph
// (corpus/article.txt ingested with the default rules). A case is:
//
//   query:                 then the query text (one or more lines)
//   rows:                  then the expected rows in order, cells joined by " | "
//   rows (any order):      the same, compared as a sorted list
//   error: TEXT            the query fails and its message contains TEXT
//   stats: TEXT            a writing query's StatsSummary is TEXT
//   columns: A | B         the result's column names are these
//   warning: TEXT          one of the query's warnings contains TEXT
//   no warnings            the query has no warnings
//   ----                   ends the case
//
// A time in a cell (PROFILE's "1.234 ms") reads as "T ms", so PROFILE's
// lines compare. Lines starting with '#' outside a query are comments. Files share one
// seed graph and must not write (a writing case there fails), except files
// with the line `graph: fresh`: each of those gets a seed graph of its own,
// and its cases run in file order, each seeing the writes of those before.
// A file with the line `max-expansions: N` runs its cases under that limit
// (`max-expansions: 1` stops any query that traverses: a case that passes
// under it, an error or an EXPLAIN, did not traverse). A file with the
// line `graph: readers` (no writes) runs each case also on two read-only
// Graphs of the seed graph: one with edge columns (graph/edge_columns.h),
// one without (OpenOptions::edge_columns_bytes 0): the rows must not depend
// on which one answers. A file with both lines runs its writing cases on
// its own graph only, and each other case on it and on readers opened
// after the writes before it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

#include "query/query.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

struct Case {
  std::string file;
  size_t line = 0;
  std::string query;
  std::vector<std::string> rows;
  bool any_order = false;
  bool expect_rows = false;
  std::string error;
  std::string stats;
  std::string columns;
  std::vector<std::string> warnings;
  bool no_warnings = false;
};

struct CaseFile {
  bool fresh = false;
  bool readers = false;
  QueryLimits limits;
  std::vector<Case> cases;
};

CaseFile LoadCases(const std::string& path) {
  std::istringstream in(testing::ReadFileOrDie(path));
  CaseFile file;
  std::vector<Case>& cases = file.cases;
  Case c;
  enum { kNone, kQuery, kRows } mode = kNone;
  std::string line;
  size_t n = 0;
  std::string name = std::filesystem::path(path).filename().string();
  while (std::getline(in, line)) {
    ++n;
    if (line == "----") {
      REQUIRE(!c.query.empty());
      cases.push_back(c);
      c = Case();
      mode = kNone;
      continue;
    }
    if (mode != kQuery && (line.empty() || line[0] == '#')) continue;
    if (line == "query:") { c.file = name; c.line = n; mode = kQuery; continue; }
    if (line == "rows:" || line == "rows (any order):") { c.expect_rows = true; c.any_order = line != "rows:"; mode = kRows; continue; }
    if (line.rfind("error: ", 0) == 0) { c.error = line.substr(7); mode = kNone; continue; }
    if (line.rfind("stats: ", 0) == 0) { c.stats = line.substr(7); mode = kNone; continue; }
    if (line.rfind("columns: ", 0) == 0) { c.columns = line.substr(9); mode = kNone; continue; }
    if (line.rfind("warning: ", 0) == 0) { c.warnings.push_back(line.substr(9)); mode = kNone; continue; }
    if (line == "no warnings") { c.no_warnings = true; mode = kNone; continue; }
    if (mode == kNone && line == "graph: fresh") { file.fresh = true; continue; }
    if (mode == kNone && line == "graph: readers") { file.readers = true; continue; }
    if (mode == kNone && line.rfind("max-expansions: ", 0) == 0) {
      file.limits.max_expansions = std::stoul(line.substr(16));
      continue;
    }
    if (mode == kQuery) c.query += (c.query.empty() ? "" : "\n") + line;
    else if (mode == kRows) c.rows.push_back(line);
  }
  return file;
}

std::string RowText(const std::vector<Value>& row) {
  std::string s;
  for (size_t i = 0; i < row.size(); ++i) s += (i ? " | " : "") + ToDisplay(row[i]);
  return s;
}

TEST_CASE("query cases in tests/queries/*.test", "[query][files]") {
  testing::TempDir dir;
  auto shared = testing::SeedGraph(dir.path());
  size_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::SourcePath("tests/queries"))) {
    if (entry.path().extension() != ".test") continue;
    CaseFile file = LoadCases(entry.path().string());
    testing::TempDir own_dir;
    std::unique_ptr<Graph> own = file.fresh ? testing::SeedGraph(own_dir.path()) : nullptr;
    Graph& writer = file.fresh ? *own : *shared;
    std::vector<std::unique_ptr<Graph>> readers;
    // Readers of the file's graph as it is now (after its writes so far).
    auto open_readers = [&] {
      readers.clear();
      OpenOptions rows_only = OpenOptions::Reader();
      rows_only.edge_columns_bytes = 0;
      for (const OpenOptions& options : {OpenOptions::Reader(), rows_only}) {
        auto reader = Graph::Open(file.fresh ? own_dir.path() : dir.path(), options);
        REQUIRE(reader.ok());
        readers.push_back(std::move(reader).value());
      }
    };
    for (const Case& c : file.cases) {
      auto writes = QueryWrites(c.query);
      bool writing = writes.ok() && writes.value() && c.query.rfind("EXPLAIN", 0) != 0;
      // A fresh file's writing case runs on the writer only; its readers are opened after it.
      std::vector<Graph*> graphs = {&writer};
      if (file.readers && !writing) {
        if (readers.empty()) open_readers();
        for (const auto& reader : readers) graphs.push_back(reader.get());
      }
      if (writing) readers.clear();
      for (size_t gi = 0; gi < graphs.size(); ++gi) {
        Graph& graph = *graphs[gi];
        ++total;
        INFO(c.file << ":" << c.line << (gi == 0 ? "" : gi == 1 ? " (reader)" : " (reader without columns)") << "\n"
                    << c.query);
        Params params = {{"name", Value("Hikvision")}, {"n", Value(int64_t{2})}};
        if (!file.fresh && c.error.empty() && writing) FAIL("a writing case belongs in a file with `graph: fresh`");
        auto result = RunQuery(graph, c.query, params, file.limits);
        if (!c.error.empty()) {
          REQUIRE_FALSE(result.ok());
          CHECK_THAT(result.status().message(), Catch::Contains(c.error));
          continue;
        }
        if (!result.ok()) FAIL(result.status().message());
        if (!c.stats.empty()) CHECK(StatsSummary(result->stats) == c.stats);
        if (!c.columns.empty()) {
          std::string columns;
          for (const std::string& name : result->columns) columns += (columns.empty() ? "" : " | ") + name;
          CHECK(columns == c.columns);
        }
        std::string warnings;
        for (const std::string& w : result->warnings) warnings += w + "\n";
        for (const std::string& w : c.warnings) CHECK_THAT(warnings, Catch::Contains(w));
        if (c.no_warnings) CHECK(warnings.empty());
        std::vector<std::string> got;
        static const std::regex kTime("[0-9]+\\.[0-9]+ ms");
        for (const auto& row : result->rows) got.push_back(std::regex_replace(RowText(row), kTime, "T ms"));
        std::vector<std::string> want = c.rows;
        if (c.any_order) {
          std::sort(got.begin(), got.end());
          std::sort(want.begin(), want.end());
        }
        CHECK(got == want);
      }
    }
  }
  REQUIRE(total >= 20);
}

}  // namespace
}  // namespace newsgraph
