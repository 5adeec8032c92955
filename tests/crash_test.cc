// Crash test: `newsgraph ingest` is killed with SIGKILL at random points;
// after each kill the store must hold every article whole or not at all,
// and resuming the ingest must end with the graph one clean run makes.
//
//   newsgraph_crash_test [--kills N] [--articles N] [--seed S] [--keep]
//
// Each round starts the ingest of a generated corpus (tests/corpus_gen.h)
// into the same database, kills it after a random delay between 0 and the
// duration of a clean run, then opens the database read-only (which replays
// the write-ahead log) and checks it: indexes agree with records, counters
// match, no dangling adjacency, and each stored article's MENTIONS edges and
// evidence equal those of the clean run (tests/store_check.h). The seed is
// printed; pass it back with --seed to replay the same kill times.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "tests/corpus_gen.h"
#include "tests/crash_util.h"
#include "tests/store_check.h"

namespace newsgraph {
namespace {

namespace fs = std::filesystem;

int Fail(const std::string& what, uint64_t seed) { return testing::CrashFail("crash test", seed, what); }

std::vector<std::string> IngestArgs(const std::string& db, const std::string& corpus) {
  return {"ingest", "-q", "--db", db, corpus};
}

struct Reference {
  std::map<std::string, std::string> signatures;
  std::string dump;
};

Status Load(const std::string& db, Reference* ref) {
  auto g = Graph::Open(db, OpenOptions::Reader());
  if (!g.ok()) return g.status();
  NG_RETURN_IF_ERROR(testing::CheckIntegrity(*g.value()));
  auto sigs = testing::ArticleSignatures(*g.value());
  if (!sigs.ok()) return sigs.status();
  auto dump = testing::CanonicalDump(*g.value());
  if (!dump.ok()) return dump.status();
  ref->signatures = std::move(sigs).value();
  ref->dump = std::move(dump).value();
  return Status::OK();
}

int Run(int kills, size_t articles, uint64_t seed, bool keep) {
  std::printf("crash test: %d kills, %zu articles, seed %llu (replay with --seed %llu)\n", kills, articles,
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  testing::CrashDir dir(keep);
  if (dir.path().empty()) return Fail("cannot make a temporary directory", seed);
  std::string corpus_dir = dir.Sub("corpus"), ref_db = dir.Sub("clean.db"), db = dir.Sub("crashed.db");

  auto corpus = testing::GenerateCorpus(std::string(NEWSGRAPH_SOURCE_DIR) + "/tests/data/relation_sentences.tsv",
                                        articles, seed);
  if (!corpus.ok()) return Fail(corpus.status().message(), seed);
  Status s = testing::WriteCorpus(corpus.value(), corpus_dir);
  if (!s.ok()) return Fail(s.message(), seed);

  double clean_ms = testing::TimedRun(IngestArgs(ref_db, corpus_dir));
  // A resumed run first loads the rules, recovers the database and skips
  // the stored articles: timed apart from the work per article, so that
  // kills fall while articles are being written, also late in the corpus.
  double startup_ms = testing::TimedRun(IngestArgs(ref_db, corpus_dir));
  if (startup_ms < 0 || clean_ms < 0) return Fail("the clean ingest failed", seed);
  Reference ref;
  s = Load(ref_db, &ref);
  if (!s.ok()) return Fail("clean run: " + s.message(), seed);
  std::printf("clean run: %zu articles in %.0f ms (start-up %.0f ms)\n", ref.signatures.size(), clean_ms, startup_ms);

  std::mt19937_64 rng(seed);
  size_t stored = 0;
  for (int round = 1; round <= kills; ++round) {
    double remaining = static_cast<double>(ref.signatures.size() - stored) / ref.signatures.size();
    std::uniform_real_distribution<double> unit(0, 1);
    double delay = startup_ms * (0.3 + 0.7 * unit(rng)) + std::max(0.0, clean_ms - startup_ms) * remaining * unit(rng);
    bool killed = testing::KillAfter(testing::StartCli(IngestArgs(db, corpus_dir)), delay);
    const char* how = killed ? "killed" : "had finished";
    if (!fs::exists(db + "/CURRENT")) {
      std::printf("round %d: %s at %.0f ms, before the database existed\n", round, how, delay);
      continue;
    }
    auto g = Graph::Open(db, OpenOptions::Reader());
    if (!g.ok() && g.status().code() == Status::Code::kNotFound) {  // killed while creating it: no article yet
      std::printf("round %d: %s at %.0f ms, while creating the database: %s\n", round, how, delay,
                  g.status().message().c_str());
      continue;
    }
    if (!g.ok()) return Fail("round " + std::to_string(round) + ": cannot open: " + g.status().message(), seed);
    s = testing::CheckWholeArticles(*g.value(), ref.signatures, &stored);
    if (!s.ok()) return Fail("round " + std::to_string(round) + ": " + s.message(), seed);
    std::printf("round %d: %s at %.0f ms: %zu of %zu articles stored, each whole; indexes consistent\n", round, how,
                delay, stored, ref.signatures.size());
    if (stored == ref.signatures.size()) {  // the run was done before the kill: start again from empty
      g.value().reset();
      std::error_code ec;
      fs::remove_all(db, ec);
      stored = 0;
    }
  }

  if (!testing::Succeeded(testing::StartCli(IngestArgs(db, corpus_dir)))) return Fail("the resumed ingest failed", seed);
  Reference resumed;
  s = Load(db, &resumed);
  if (!s.ok()) return Fail("after resuming: " + s.message(), seed);
  std::string diff = testing::FirstDifference(resumed.dump, ref.dump);
  if (!diff.empty()) return Fail("the resumed graph differs from the clean run:\n" + diff, seed);
  std::printf("resumed: the graph equals the clean run (%zu articles, %zu dump lines)\n", resumed.signatures.size(),
              static_cast<size_t>(std::count(ref.dump.begin(), ref.dump.end(), '\n')));
  return 0;
}

}  // namespace
}  // namespace newsgraph

int main(int argc, char** argv) {
  newsgraph::testing::CrashArgs args;
  args.size = 1500;
  if (!newsgraph::testing::ParseCrashArgs(argc, argv, 1, "--articles", &args)) return 2;
  return newsgraph::Run(args.kills, args.size, args.seed, args.keep);
}
