// Crash tests of the writers other than ingest, killed with SIGKILL at
// random points (the ingest one is crash_test.cc):
//
//   newsgraph_crash_writes_test import [--kills N] [--rows N] [--seed S] [--keep]
//   newsgraph_crash_writes_test query [--kills N] [--statements N] [--seed S] [--keep]
//
// import: three generated batches of neo4j-admin CSV (a node file with quoted
// names, labels, typed and array properties; a relationship file with
// weights, duplicates that merge, properties) go into one database with
// one `newsgraph import` each. Import promises one atomic bulk load per
// command (import/import.h, Graph::BulkLoad), so after each kill the
// database must equal, line for line, the clean run after the batches
// before the killed one or after the killed one too; never anything in
// between. Resuming with the first batch missing ends equal to the clean
// run, with no staging directory left behind.
//
// query: a script of write statements (CREATE, MERGE with ON CREATE / ON
// MATCH, SET of properties and labels, REMOVE, DELETE, DETACH DELETE)
// piped into `newsgraph repl`, which runs each as one atomic batch. Every
// statement first sets step = i on the single Clock node, so after a kill
// the Clock names the last statement stored, and the database must equal
// the reference (the same statements run in-process) after exactly that
// statement. Resuming the script after it ends equal to a clean CLI run.
//
// After every kill the store also passes CheckIntegrity (tests/store_check.h).
// The seed is printed; pass it back with --seed to replay the same kills.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "query/query.h"
#include "tests/crash_util.h"
#include "tests/store_check.h"

namespace newsgraph {
namespace {

namespace fs = std::filesystem;

uint64_t g_seed = 0;
int Fail(const std::string& what) { return testing::CrashFail("crash test", g_seed, what); }

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Opens `db` read-only (replaying the log), checks its integrity and dumps it.
Status CheckedDump(const std::string& db, std::string* dump, std::unique_ptr<Graph>* keep = nullptr) {
  auto g = Graph::Open(db, OpenOptions::Reader());
  if (!g.ok()) return g.status();
  NG_RETURN_IF_ERROR(testing::CheckIntegrity(*g.value()));
  auto d = testing::CanonicalDump(*g.value());
  if (!d.ok()) return d.status();
  *dump = std::move(d).value();
  if (keep) *keep = std::move(g).value();
  return Status::OK();
}

size_t Lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

// A kill delay: a uniform share (10% to 100%) of a clean run's `ms`.
double Delay(std::mt19937_64* rng, double ms) { return ms * std::uniform_real_distribution<double>(0.1, 1.0)(*rng); }

// ---- import

// Batch `b`: a node file and a relationship file in an id space of its own.
void WriteBatch(int b, size_t rows, std::mt19937_64* rng, const std::string& nodes, const std::string& rels) {
  static const char* kLabels[] = {"Company", "Company;Provider", "Agency", "Investor;Company", ""};
  static const char* kTypes[] = {"SUPPLIES", "INVESTS_IN", "PROVIDES_SERVICES_TO", "PARTNERS_WITH"};
  std::string g = "b" + std::to_string(b);
  std::string n = "id:ID(" + g + "),name,:LABEL,founded:int,score:double,tags:string[]\n";
  for (size_t i = 0; i < rows; ++i) {
    std::string name = g + "-" + std::to_string(i);
    if (i % 7 == 0) name = "\"" + name + " \"\"Acme\"\", Inc.\"";  // quoted, with a comma and quotes
    n += std::to_string(i) + "," + name + "," + kLabels[(*rng)() % 5] + "," +
         (i % 3 ? std::to_string(1900 + (*rng)() % 120) : "") + "," + std::to_string((*rng)() % 1000) + ".25," +
         (i % 4 ? "a;b" + std::to_string(i % 10) : "") + "\n";
  }
  std::string r = ":START_ID(" + g + "),:END_ID(" + g + "),:TYPE,weight:long,since:int\n";
  for (size_t i = 0; i < rows * 3; ++i)  // few enough pairs that some repeat and merge
    r += std::to_string((*rng)() % rows) + "," + std::to_string((*rng)() % (rows / 4 + 1)) + "," + kTypes[(*rng)() % 4] +
         "," + std::to_string(1 + (*rng)() % 3) + "," + (i % 5 ? std::to_string(2000 + i % 20) : "") + "\n";
  WriteText(nodes, n);
  WriteText(rels, r);
}

int RunImport(const testing::CrashArgs& args) {
  constexpr int kBatches = 3;
  std::printf("import crash test: %d kills, %zu nodes and %zu relationships a batch, %d batches, seed %llu "
              "(replay with --seed %llu)\n",
              args.kills, args.size, args.size * 3, kBatches, static_cast<unsigned long long>(args.seed),
              static_cast<unsigned long long>(args.seed));
  testing::CrashDir dir(args.keep);
  if (dir.path().empty()) return Fail("cannot make a temporary directory");
  std::mt19937_64 rng(args.seed);
  std::vector<std::vector<std::string>> batch_args;
  for (int b = 1; b <= kBatches; ++b) {
    std::string nodes = dir.Sub("nodes" + std::to_string(b) + ".csv"), rels = dir.Sub("rels" + std::to_string(b) + ".csv");
    WriteBatch(b, args.size, &rng, nodes, rels);
    batch_args.push_back({"import", "-q", "--db", "", nodes, rels});
  }
  auto import_args = [&](int b, const std::string& db) {
    std::vector<std::string> a = batch_args[b - 1];
    a[3] = db;
    return a;
  };

  // The clean run: the database after 0, 1, ... batches, and each batch's time.
  std::string ref_db = dir.Sub("clean.db"), db = dir.Sub("crashed.db");
  std::vector<std::string> ref(kBatches + 1);
  std::vector<double> ms(kBatches + 1);
  for (int b = 1; b <= kBatches; ++b) {
    ms[b] = testing::TimedRun(import_args(b, ref_db));
    if (ms[b] < 0) return Fail("the clean import of batch " + std::to_string(b) + " failed");
    Status s = CheckedDump(ref_db, &ref[b]);
    if (!s.ok()) return Fail("clean run: " + s.message());
  }
  std::printf("clean run: %zu dump lines after %d batches, in %.0f + %.0f + %.0f ms\n", Lines(ref[kBatches]), kBatches,
              ms[1], ms[2], ms[3]);

  int stored = 0;  // batches in the crashed database
  for (int round = 1; round <= args.kills; ++round) {
    int b = stored + 1;
    // Every other kill counts from the moment the table files start being
    // written (the staging directory appears), so that kills land in the
    // write and ingest phase, which is short, as well as anywhere at all.
    bool in_write = round % 2 == 0;
    double delay = in_write ? Delay(&rng, ms[b] / 2) : Delay(&rng, ms[b]);
    pid_t pid = testing::StartCli(import_args(b, db));
    bool killed = in_write ? testing::KillAfterPath(pid, db + "/bulk-load.tmp", delay, ms[b] * 2)
                           : testing::KillAfter(pid, delay);
    const char* how = killed ? "killed" : "had finished";
    std::string where = "round " + std::to_string(round) + " (batch " + std::to_string(b) + ")";
    std::string dump;
    Status s = fs::exists(db + "/CURRENT") ? CheckedDump(db, &dump) : Status::NotFound("no database yet");
    if (!s.ok() && !(b == 1 && s.code() == Status::Code::kNotFound))  // killed before or while creating it
      return Fail(where + ": " + s.message());
    int now = dump == ref[b] ? b : dump == ref[b - 1] ? b - 1 : -1;
    if (now < 0) {
      std::string nearest = testing::FirstDifference(dump, ref[b - 1]);
      return Fail(where + ": the database holds part of a batch; first difference from the batch before:\n" + nearest);
    }
    std::printf("round %d: import of batch %d %s %.0f ms after %s (a clean one takes %.0f ms): %s; indexes "
                "consistent\n",
                round, b, how, delay, in_write ? "its staging directory appeared" : "its start", ms[b],
                now == b ? "stored whole" : "absent");
    stored = now;
    if (stored == kBatches) {  // all done before the kill: start again from nothing
      std::error_code ec;
      fs::remove_all(db, ec);
      stored = 0;
    }
  }
  for (int b = stored + 1; b <= kBatches; ++b)
    if (!testing::Succeeded(testing::StartCli(import_args(b, db))))
      return Fail("the resumed import of batch " + std::to_string(b) + " failed");
  std::string dump;
  Status s = CheckedDump(db, &dump);
  if (!s.ok()) return Fail("after resuming: " + s.message());
  if (dump != ref[kBatches])
    return Fail("the resumed graph differs from the clean run:\n" + testing::FirstDifference(dump, ref[kBatches]));
  if (fs::exists(db + "/bulk-load.tmp")) return Fail("a staging directory was left behind");
  std::printf("resumed: the graph equals the clean run (%zu dump lines)\n", Lines(dump));
  return 0;
}

// ---- query

// Statement i (1-based): sets the Clock, then one kind of write in turn.
std::string Statement(int i) {
  std::string n = std::to_string(i);
  std::string clock = "MATCH (c:Clock) SET c.step = " + n + " WITH c ";
  switch (i % 6) {
    case 1:
      return clock + "UNWIND range(1, 12) AS k CREATE (:Item {name: 'item-" + n + "-' + toString(k), step: " + n +
             ", k: k})";
    case 2:
      return clock + "UNWIND range(0, 6) AS k MERGE (h:Hub {name: 'hub-' + toString((k * " + n +
             ") % 11)}) ON CREATE SET h.created = " + n + " ON MATCH SET h.hits = coalesce(h.hits, 0) + 1";
    case 3:
      return clock + "MATCH (a:Item), (h:Hub) WHERE a.step >= " + n + " - 8 AND a.k % 4 = " + std::to_string(i % 4) +
             " CREATE (a)-[:IN {step: " + n + "}]->(h)";
    case 4:
      return clock + "MATCH (a:Item) WHERE a.k % 5 = " + std::to_string(i % 5) + " SET a.touched = " + n +
             ", a:Touched";
    case 5:
      return clock + "MATCH (a:Item) WHERE a.step <= " + n + " - 12 AND a.k % 3 = " + std::to_string(i % 3) +
             " DETACH DELETE a";
    default:
      return clock + "MATCH (a:Touched)-[r:IN]->(h:Hub) WHERE r.step < " + n +
             " - 6 DELETE r REMOVE a:Touched, a.touched SET h.unlinked = coalesce(h.unlinked, 0) + 1";
  }
}

// Statements from..to, one a line, for `newsgraph repl`.
std::string Script(int from, int to) {
  std::string s;
  for (int i = from; i <= to; ++i) s += Statement(i) + ";\n";
  return s;
}

Status CreateClockDb(const std::string& db) {
  auto g = Graph::Open(db, OpenOptions::Writer());
  if (!g.ok()) return g.status();
  auto r = RunQuery(*g.value(), "CREATE (:Clock {name: 'clock', step: 0})", {}, QueryLimits());
  return r.status();
}

Result<int> ClockStep(const Graph& g) {
  std::vector<NodeId> ids;
  NG_RETURN_IF_ERROR(g.FindByName("clock", &ids));
  if (ids.size() != 1) return Status::Corruption(std::to_string(ids.size()) + " Clock nodes");
  auto node = g.GetNode(ids[0]);
  if (!node.ok()) return node.status();
  auto step = node->properties.find("step");
  if (step == node->properties.end() || !std::holds_alternative<int64_t>(step->second.v))
    return Status::Corruption("the Clock has no integer step");
  return static_cast<int>(std::get<int64_t>(step->second.v));
}

int RunQueries(const testing::CrashArgs& args) {
  const int statements = static_cast<int>(args.size);
  std::printf("query crash test: %d kills, %d write statements through `newsgraph repl`, seed %llu (replay with "
              "--seed %llu)\n",
              args.kills, statements, static_cast<unsigned long long>(args.seed),
              static_cast<unsigned long long>(args.seed));
  testing::CrashDir dir(args.keep);
  if (dir.path().empty()) return Fail("cannot make a temporary directory");

  // The reference: the database after each statement, run in-process.
  std::vector<std::string> ref(statements + 1);
  {
    Status s = CreateClockDb(dir.Sub("model.db"));
    if (!s.ok()) return Fail("model: " + s.message());
    auto g = Graph::Open(dir.Sub("model.db"), OpenOptions::Writer());
    if (!g.ok()) return Fail("model: " + g.status().message());
    for (int i = 0; i <= statements; ++i) {
      if (i > 0) {
        auto r = RunQuery(*g.value(), Statement(i), {}, QueryLimits());
        if (!r.ok()) return Fail("statement " + std::to_string(i) + ": " + r.status().message());
      }
      auto dump = testing::CanonicalDump(*g.value());
      if (!dump.ok()) return Fail("model: " + dump.status().message());
      ref[i] = std::move(dump).value();
    }
  }
  // A clean run through the CLI, timed, ends equal to the reference.
  std::string clean_db = dir.Sub("clean.db"), db = dir.Sub("crashed.db"), script = dir.Sub("script.cypher");
  auto repl_args = [](const std::string& db) { return std::vector<std::string>{"repl", "--db", db}; };
  WriteText(script, Script(1, statements));
  Status s = CreateClockDb(clean_db);
  if (!s.ok()) return Fail(s.message());
  double clean_ms = testing::TimedRun(repl_args(clean_db), script);
  if (clean_ms < 0) return Fail("the clean run of the script failed");
  std::string dump;
  s = CheckedDump(clean_db, &dump);
  if (!s.ok()) return Fail("clean run: " + s.message());
  if (dump != ref[statements])
    return Fail("the clean CLI run differs from the in-process one:\n" + testing::FirstDifference(dump, ref[statements]));
  std::printf("clean run: %d statements in %.0f ms; %zu dump lines at the end\n", statements, clean_ms, Lines(dump));

  std::mt19937_64 rng(args.seed);
  int stored = 0;  // statements in the crashed database
  s = CreateClockDb(db);
  if (!s.ok()) return Fail(s.message());
  for (int round = 1; round <= args.kills; ++round) {
    WriteText(script, Script(stored + 1, statements));
    double delay = Delay(&rng, clean_ms * (statements - stored) / statements);
    const char* how = testing::KillAfter(testing::StartCli(repl_args(db), script), delay) ? "killed" : "had finished";
    std::string where = "round " + std::to_string(round);
    std::unique_ptr<Graph> g;
    s = CheckedDump(db, &dump, &g);
    if (!s.ok()) return Fail(where + ": " + s.message());
    auto step = ClockStep(*g);
    if (!step.ok()) return Fail(where + ": " + step.status().message());
    if (step.value() < stored || step.value() > statements)
      return Fail(where + ": the Clock says step " + std::to_string(step.value()) + ", but " + std::to_string(stored) +
                  " statements were stored before");
    if (dump != ref[step.value()])
      return Fail(where + ": statement " + std::to_string(step.value()) +
                  " is stored in part (or a later one too):\n" + testing::FirstDifference(dump, ref[step.value()]));
    std::printf("round %d: %s at %.0f ms: the database holds statements 1..%d (%d more), each whole; indexes "
                "consistent\n",
                round, how, delay, step.value(), step.value() - stored);
    stored = step.value();
    if (stored >= statements * 3 / 4) {  // (nearly) done: start again, so that kills keep a wide window
      g.reset();
      std::error_code ec;
      fs::remove_all(db, ec);
      s = CreateClockDb(db);
      if (!s.ok()) return Fail(s.message());
      stored = 0;
    }
  }
  WriteText(script, Script(stored + 1, statements));
  if (!testing::Succeeded(testing::StartCli(repl_args(db), script))) return Fail("the resumed script failed");
  s = CheckedDump(db, &dump);
  if (!s.ok()) return Fail("after resuming: " + s.message());
  if (dump != ref[statements])
    return Fail("the resumed graph differs from the clean run:\n" + testing::FirstDifference(dump, ref[statements]));
  std::printf("resumed: the graph equals the clean run (%zu dump lines)\n", Lines(dump));
  return 0;
}

}  // namespace
}  // namespace newsgraph

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  newsgraph::testing::CrashArgs args;
  if (mode == "import") {
    args.size = 5000;
    if (!newsgraph::testing::ParseCrashArgs(argc, argv, 2, "--rows", &args)) return 2;
  } else if (mode == "query") {
    args.size = 60;
    if (!newsgraph::testing::ParseCrashArgs(argc, argv, 2, "--statements", &args)) return 2;
  } else {
    std::fprintf(stderr, "usage: %s import|query [--kills N] [--rows N | --statements N] [--seed S] [--keep]\n", argv[0]);
    return 2;
  }
  newsgraph::g_seed = args.seed;
  return mode == "import" ? newsgraph::RunImport(args) : newsgraph::RunQueries(args);
}
