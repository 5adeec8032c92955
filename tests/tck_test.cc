// Runs the openCypher TCK feature files (the reference for newsgraph's query
// language) against the engine: each scenario on a fresh temporary database.
//
// The TCK is not part of this repository. It is looked up at
// $NEWSGRAPH_TCK_DIR, else at the CMake cache variable NEWSGRAPH_TCK_DIR
// (default: ../shared/tck/features beside the source tree). Where it is
// missing each test case says "TCK not found at PATH: skipped" and passes.
//
// Scenarios that use what newsgraph does not support are listed, with the
// reason, in tests/tck_skips.txt; every other scenario of the directories
// below must pass. Steps understood: an empty graph / any graph, having
// executed, parameters are, there exists a procedure (registered for the
// scenario, answering from its table: TableProcedure), executing query, executing control query, the
// result should be (in any order | in order | ignoring element order for
// lists | empty), no side effects, the side effects should be, and "a
// <Error> should be raised at <time>: <detail>" (any failure of the query
// counts if it is a query error, InvalidArgument: error classes are matched
// loosely). Set NEWSGRAPH_TCK_REPORT=FILE
// to append one line per scenario (file, scenario, outcome, detail).
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "query/procedures.h"
#include "query/query.h"
#include "tests/tck_gherkin.h"
#include "tests/tck_values.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

namespace fs = std::filesystem;

std::string TckDir() {
  if (const char* env = std::getenv("NEWSGRAPH_TCK_DIR")) return env;
  return NEWSGRAPH_TCK_DIR;
}

struct SkipEntry {
  std::string file, scenario, reason;
};

// tests/tck_skips.txt: "FILE | SCENARIO | REASON" per line, '#' comments;
// SCENARIO "*" covers the whole file, a trailing '*' a name prefix.
const std::vector<SkipEntry>& Skips() {
  static const std::vector<SkipEntry> skips = [] {
    std::vector<SkipEntry> out;
    std::istringstream in(testing::ReadFileOrDie(testing::SourcePath("tests/tck_skips.txt")));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      size_t a = line.find(" | "), b = a == std::string::npos ? a : line.find(" | ", a + 3);
      if (b == std::string::npos) continue;
      out.push_back({line.substr(0, a), line.substr(a + 3, b - a - 3), line.substr(b + 3)});
    }
    return out;
  }();
  return skips;
}

const SkipEntry* FindSkip(const std::string& file, const std::string& scenario) {
  for (const SkipEntry& s : Skips()) {
    if (s.file != file) continue;
    if (s.scenario == "*" || s.scenario == scenario) return &s;
    if (!s.scenario.empty() && s.scenario.back() == '*' &&
        scenario.compare(0, s.scenario.size() - 1, s.scenario, 0, s.scenario.size() - 1) == 0)
      return &s;
  }
  return nullptr;
}

// What the TCK's side effects are measured on: a diff of graph states.
struct Snapshot {
  std::set<uint64_t> nodes, rels;
  std::set<std::string> labels;
  std::set<std::string> props;  // "n<id>.<key>=<value>" / "r<id>..."
};

Snapshot Take(const Graph& g) {
  Snapshot s;
  auto add_props = [&](const std::string& who, const Properties& props) {
    for (const auto& [k, v] : props)
      s.props.insert(who + "." + k + "=" + tck::Canonical(tck::FromValue(Value::FromProperty(v)), false));
  };
  Status st = g.ScanNodes("", [&](NodeId id) {
    s.nodes.insert(id);
    Result<Node> n = g.GetNode(id);
    if (n.ok()) {
      for (const std::string& l : n->labels) s.labels.insert(l);
      add_props("n" + std::to_string(id), n->properties);
    }
    return true;
  });
  if (st.ok()) st = g.ScanEdges("", [&](EdgeId id) {
    s.rels.insert(id);
    Result<Edge> e = g.GetEdge(id);
    if (e.ok()) add_props("r" + std::to_string(id), e->properties);
    return true;
  });
  REQUIRE(st.ok());
  return s;
}

template <typename T>
std::pair<int64_t, int64_t> Diff(const std::set<T>& before, const std::set<T>& after) {
  int64_t added = 0, removed = 0;
  for (const T& x : after) added += !before.count(x);
  for (const T& x : before) removed += !after.count(x);
  return {added, removed};
}

std::map<std::string, int64_t> SideEffects(const Snapshot& a, const Snapshot& b) {
  std::map<std::string, int64_t> out;
  auto put = [&](const char* what, std::pair<int64_t, int64_t> d) {
    out[std::string("+") + what] = d.first;
    out[std::string("-") + what] = d.second;
  };
  put("nodes", Diff(a.nodes, b.nodes));
  put("relationships", Diff(a.rels, b.rels));
  put("labels", Diff(a.labels, b.labels));
  put("properties", Diff(a.props, b.props));
  return out;
}

struct Outcome {
  bool passed = false;
  std::string detail;  // why it failed
};

// "name :: TYPE?, ..." of a TCK procedure signature into fields.
Result<std::vector<ProcedureField>> SignatureFields(const std::string& list) {
  std::vector<ProcedureField> out;
  std::istringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t sep = item.find("::");
    if (item.find_first_not_of(' ') == std::string::npos) continue;
    if (sep == std::string::npos) return Status::InvalidArgument("bad signature field '" + item + "'");
    auto trim = [](std::string x) {
      x.erase(0, x.find_first_not_of(' '));
      x.erase(x.find_last_not_of(" ?") + 1);
      return x;
    };
    ProcedureField f;
    f.name = trim(item.substr(0, sep));
    if (!ParseProcType(trim(item.substr(sep + 2)), &f.type))
      return Status::InvalidArgument("unknown type in '" + item + "'");
    out.push_back(f);
  }
  return out;
}

// "there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):"
// with its table (the arguments' columns, then the outputs'): a procedure
// whose rows for given arguments are the table rows holding them.
Result<ProcedureDef> TableProcedure(const tck::Step& step) {
  const std::string& t = step.text;
  size_t name_at = std::string("there exists a procedure ").size();
  size_t open = t.find('(', name_at), close = t.find(')', open);
  size_t open2 = t.find('(', close), close2 = t.rfind(')');
  if (open == std::string::npos || close == std::string::npos || open2 == std::string::npos || close2 < open2)
    return Status::InvalidArgument("bad procedure signature: " + t);
  ProcedureDef def;
  def.name = t.substr(name_at, open - name_at);
  auto args = SignatureFields(t.substr(open + 1, close - open - 1));
  auto outputs = SignatureFields(t.substr(open2 + 1, close2 - open2 - 1));
  if (!args.ok()) return args.status();
  if (!outputs.ok()) return outputs.status();
  def.args = args.value();
  def.outputs = outputs.value();
  size_t width = def.args.size() + def.outputs.size();
  std::vector<std::vector<Value>> rows;
  for (size_t r = 1; r < step.table.size(); ++r) {
    if (step.table[r].size() != width) return Status::InvalidArgument("procedure table row of the wrong width");
    std::vector<Value> row;
    for (const std::string& cell : step.table[r]) {
      auto v = tck::Parse(cell);
      if (!v.ok()) return v.status();
      auto value = tck::ToValue(v.value());
      if (!value.ok()) return value.status();
      row.push_back(value.value());
    }
    rows.push_back(std::move(row));
  }
  size_t nargs = def.args.size();
  def.impl = [rows, nargs](ProcedureContext& c) -> Status {
    for (const std::vector<Value>& row : rows) {
      bool match = true;
      for (size_t i = 0; i < nargs && match; ++i) match = CompareForOrder(row[i], c.args[i]) == 0;
      if (!match) continue;
      std::vector<Value> out(row.begin() + static_cast<long>(nargs), row.end());
      NG_RETURN_IF_ERROR(c.emit(out));
    }
    return Status::OK();
  };
  return def;
}

// An empty database for the scenarios that only read (see Run); opened on
// first use, closed with its owner (before RocksDB's own statics go).
class SharedEmptyGraph {
 public:
  Graph* Get();

 private:
  std::unique_ptr<testing::TempDir> dir_;
  std::unique_ptr<Graph> graph_;  // declared after dir_: closed before it is removed
};

class ScenarioRunner {
 public:
  explicit ScenarioRunner(SharedEmptyGraph* shared) : shared_(shared) {}

  Outcome Run(const tck::Scenario& sc) {
    // A scenario that sets nothing up and only reads runs on one shared
    // empty database, which nothing ever writes: the same as a fresh one,
    // without opening a RocksDB for each of the many expression scenarios.
    if (ReadsOnly(sc)) return RunSteps(sc, shared_->Get());
    testing::TempDir dir(TempBase());
    auto graph = OpenGraph(dir.path());
    if (!graph.ok()) return Fail("cannot open a database: " + graph.status().ToString());
    return RunSteps(sc, graph.value().get());
  }

 private:
  static Outcome Fail(const std::string& why) { return {false, why}; }

  Outcome RunSteps(const tck::Scenario& sc, Graph* graph) {
    if (!graph) return Fail("cannot open the shared empty database");
    graph_ = graph;
    for (const tck::Step& step : sc.steps) {
      Outcome o = RunStep(step);
      if (!o.passed) return o;
    }
    return {true, ""};
  }

  static bool ReadsOnly(const tck::Scenario& sc) {
    for (const tck::Step& step : sc.steps) {
      if (step.text == "an empty graph" || step.text == "any graph" || step.text == "parameters are:") continue;
      if (step.text == "executing query:" || step.text == "executing control query:") {
        auto writes = QueryWrites(step.doc);
        if (!writes.ok() || writes.value()) return false;
        continue;
      }
      if (step.text.rfind("having executed", 0) == 0 || step.text.rfind("there exists", 0) == 0) return false;
      if (step.text.rfind("the ", 0) == 0 && step.text.size() > 6 &&
          step.text.compare(step.text.size() - 6, 6, " graph") == 0)
        return false;  // a named graph
    }
    return true;
  }

 public:
  // Thousands of databases are opened: on tmpfs where there is one, as
  // RocksDB syncs its files on open and close.
  static const std::string& TempBase() {
    static const std::string base = [] {
      std::error_code ec;
      return ::access("/dev/shm", W_OK) == 0 ? std::string("/dev/shm") : fs::temp_directory_path(ec).string();
    }();
    return base;
  }

  static Result<std::unique_ptr<Graph>> OpenGraph(const std::string& dir) {
    OpenOptions open = OpenOptions::Writer();
    open.block_cache_bytes = size_t{1} << 20;
    return Graph::Open(dir, open);
  }

 private:


  static bool Starts(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

  Outcome RunStep(const tck::Step& step) {
    const std::string& t = step.text;
    if (t == "an empty graph" || t == "any graph") return {true, ""};
    if (Starts(t, "the ") && t.size() > 6 && t.compare(t.size() - 6, 6, " graph") == 0)
      return Fail("unsupported step: named graph (" + t + ")");
    if (Starts(t, "there exists a procedure")) {
      Result<ProcedureDef> def = TableProcedure(step);
      if (!def.ok()) return Fail(def.status().message());
      procedures_.push_back(std::make_unique<ProcedureRegistration>(std::move(def).value()));
      return {true, ""};
    }
    if (t == "having executed:") {
      auto r = RunQuery(*graph_, step.doc, params_, Limits());
      if (!r.ok()) return Fail("setup query failed: " + r.status().message());
      return {true, ""};
    }
    if (t == "parameters are:") {
      for (const auto& row : step.table) {
        if (row.size() != 2) return Fail("bad parameter row");
        auto v = tck::Parse(row[1]);
        if (!v.ok()) return Fail(v.status().message());
        auto value = tck::ToValue(v.value());
        if (!value.ok()) return Fail(value.status().message());
        params_[row[0]] = value.value();
      }
      return {true, ""};
    }
    if (t == "executing query:" || t == "executing control query:") {
      bool control = t != "executing query:";
      if (!control) before_ = Take(*graph_);
      auto r = RunQuery(*graph_, step.doc, params_, Limits());
      if (!control) after_ = Take(*graph_);
      if (r.ok()) {
        result_ = std::move(r).value();
        error_.clear();
      } else {
        error_ = r.status().message().empty() ? r.status().ToString() : r.status().message();
        error_code_ = r.status().code();
      }
      return {true, ""};
    }
    if (Starts(t, "the result should be")) {
      if (!error_.empty()) return Fail("query failed: " + error_);
      if (t == "the result should be empty") {
        if (!result_.rows.empty()) return Fail("expected no rows, got " + std::to_string(result_.rows.size()));
        return {true, ""};
      }
      bool in_order = t.find("in order") != std::string::npos;
      bool sort_lists = t.find("ignoring element order for lists") != std::string::npos;
      return CompareRows(step.table, in_order, sort_lists);
    }
    if (t == "no side effects" || t == "the side effects should be:") {
      if (!error_.empty()) return Fail("query failed: " + error_);
      std::map<std::string, int64_t> want = SideEffects(before_, before_);  // all zero
      for (const auto& row : step.table) {
        if (row.size() != 2 || !want.count(row[0])) return Fail("bad side effect row");
        want[row[0]] = std::strtoll(row[1].c_str(), nullptr, 10);
      }
      std::map<std::string, int64_t> got = SideEffects(before_, after_);
      if (got != want) {
        std::string g;
        for (const auto& [k, v] : got)
          if (v) g += " " + k + "=" + std::to_string(v);
        return Fail("side effects differ; got:" + (g.empty() ? std::string(" none") : g));
      }
      return {true, ""};
    }
    if (Starts(t, "a ") && t.find(" should be raised at ") != std::string::npos) {
      std::string expected = t.substr(2, t.find(' ', 2) - 2);
      if (error_.empty()) return Fail("expected " + expected + ", but the query succeeded");
      // Loosely: any error the query language reports (not a limit, an
      // I/O or an internal failure) stands for the TCK's error classes.
      if (error_code_ != Status::Code::kInvalidArgument)
        return Fail("expected " + expected + ", got another kind of failure: " + error_);
      return {true, ""};
    }
    return Fail("unsupported step: " + t);
  }

  Outcome CompareRows(const std::vector<std::vector<std::string>>& table, bool in_order, bool sort_lists) {
    if (table.empty()) return Fail("result table without a header");
    const std::vector<std::string>& header = table[0];
    std::vector<size_t> column;  // header position -> result column
    for (const std::string& name : header) {
      auto it = std::find(result_.columns.begin(), result_.columns.end(), name);
      if (it == result_.columns.end()) {
        std::string got;
        for (const std::string& c : result_.columns) got += " '" + c + "'";
        return Fail("no column '" + name + "'; columns:" + got);
      }
      column.push_back(static_cast<size_t>(it - result_.columns.begin()));
    }
    if (header.size() != result_.columns.size()) return Fail("column count differs");
    std::vector<std::string> want, got;
    for (size_t r = 1; r < table.size(); ++r) {
      std::string line;
      for (const std::string& cell : table[r]) {
        auto v = tck::Parse(cell);
        if (!v.ok()) return Fail(v.status().message());
        line += (line.empty() ? "| " : " | ") + tck::Canonical(v.value(), sort_lists);
      }
      want.push_back(line);
    }
    for (const auto& row : result_.rows) {
      std::string line;
      for (size_t c : column) line += (line.empty() ? "| " : " | ") + tck::Canonical(tck::FromValue(row[c]), sort_lists);
      got.push_back(line);
    }
    if (!in_order) {
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
    }
    if (want == got) return {true, ""};
    std::string msg = "rows differ\n  expected:";
    for (const std::string& w : want) msg += "\n    " + w;
    msg += "\n  got:";
    for (const std::string& g : got) msg += "\n    " + g;
    return Fail(msg);
  }

  static QueryLimits Limits() {
    QueryLimits l;
    l.timeout_seconds = 20;
    l.max_rows = 10000000;  // Aggregation3 sums range(1, 2^20)-sized lists
    return l;
  }

  SharedEmptyGraph* shared_;
  std::vector<std::unique_ptr<ProcedureRegistration>> procedures_;  // the scenario's, while it runs
  Graph* graph_ = nullptr;
  Params params_;
  QueryResult result_;
  std::string error_;
  Status::Code error_code_ = Status::Code::kOk;
  Snapshot before_, after_;
};

Graph* SharedEmptyGraph::Get() {
  if (!graph_) {
    dir_ = std::make_unique<testing::TempDir>(ScenarioRunner::TempBase());
    auto g = ScenarioRunner::OpenGraph(dir_->path());
    if (g.ok()) graph_ = std::move(g).value();
  }
  return graph_.get();
}

// Runs every feature file under TCK/<sub>.
void RunDirectory(const std::string& sub) {
  std::string root = TckDir();
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    WARN("TCK not found at " << root << ": skipped");
    return;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(root) / sub, ec))
    if (entry.path().extension() == ".feature") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  // One write(2) a line on an O_APPEND descriptor: ctest -j runs several
  // directories at once into the same report.
  int report = -1;
  if (const char* path = std::getenv("NEWSGRAPH_TCK_REPORT")) report = ::open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  auto log = [&](const std::string& file, const std::string& name, const std::string& outcome, const std::string& detail) {
    if (report < 0) return;
    std::string line = file + '\t' + name + '\t' + outcome + '\t' + detail.substr(0, detail.find('\n')) + '\n';
    if (::write(report, line.data(), line.size()) < 0) WARN("cannot write the TCK report");
  };
  SharedEmptyGraph shared;
  for (const fs::path& path : files) {
    std::string file = fs::relative(path, root).string();
    auto feature = tck::ParseFeature(testing::ReadFileOrDie(path.string()));
    if (!feature.ok()) FAIL(file << ": " << feature.status().message());
    size_t passed = 0, skipped = 0, failed = 0, stale = 0;
    for (const tck::Scenario& sc : feature->scenarios) {
      const SkipEntry* skip = FindSkip(file, sc.name);
      Outcome o = ScenarioRunner(&shared).Run(sc);
      if (skip) {
        ++skipped;
        if (o.passed) ++stale;
        log(file, sc.name, o.passed ? "skipped (passes)" : "skipped", skip->reason);
        continue;
      }
      log(file, sc.name, o.passed ? "passed" : "failed", o.detail);
      if (o.passed) {
        ++passed;
      } else {
        ++failed;
        FAIL_CHECK(file << ":" << sc.line << ": " << sc.name << "\n" << o.detail);
      }
    }
    std::cout << "TCK " << file << ": " << feature->scenarios.size() << " scenarios, " << passed << " passed, "
              << skipped << " skipped, " << failed << " failed";
    if (stale) std::cout << " (" << stale << " skipped ones now pass: remove them from tests/tck_skips.txt)";
    std::cout << "\n";
  }
  if (report >= 0) ::close(report);
}

#define TCK_DIRECTORY(dir) \
  TEST_CASE("TCK " dir, "[tck]") { RunDirectory(dir); }

TCK_DIRECTORY("clauses/call")
TCK_DIRECTORY("clauses/match")
TCK_DIRECTORY("clauses/match-where")
TCK_DIRECTORY("clauses/with")
TCK_DIRECTORY("clauses/with-where")
TCK_DIRECTORY("clauses/with-orderBy")
TCK_DIRECTORY("clauses/with-skip-limit")
TCK_DIRECTORY("clauses/return")
TCK_DIRECTORY("clauses/return-orderby")
TCK_DIRECTORY("clauses/return-skip-limit")
TCK_DIRECTORY("clauses/unwind")
TCK_DIRECTORY("clauses/union")
TCK_DIRECTORY("clauses/create")
TCK_DIRECTORY("clauses/merge")
TCK_DIRECTORY("clauses/set")
TCK_DIRECTORY("clauses/remove")
TCK_DIRECTORY("clauses/delete")
TCK_DIRECTORY("expressions/aggregation")
TCK_DIRECTORY("expressions/boolean")
TCK_DIRECTORY("expressions/comparison")
TCK_DIRECTORY("expressions/conditional")
TCK_DIRECTORY("expressions/existentialSubqueries")
TCK_DIRECTORY("expressions/graph")
TCK_DIRECTORY("expressions/list")
TCK_DIRECTORY("expressions/literals")
TCK_DIRECTORY("expressions/map")
TCK_DIRECTORY("expressions/mathematical")
TCK_DIRECTORY("expressions/null")
TCK_DIRECTORY("expressions/path")
TCK_DIRECTORY("expressions/pattern")
TCK_DIRECTORY("expressions/precedence")
TCK_DIRECTORY("expressions/quantifier")
TCK_DIRECTORY("expressions/string")
TCK_DIRECTORY("expressions/temporal")
TCK_DIRECTORY("expressions/typeConversion")
TCK_DIRECTORY("useCases")

}  // namespace
}  // namespace newsgraph
