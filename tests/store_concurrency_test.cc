// The store under concurrency and failure: readers opening while a writer
// ingests see whole articles only; a write that fails midway leaves no trace.
#include <catch2/catch.hpp>

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <thread>

#include "tests/corpus_gen.h"
#include "tests/store_check.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::TempDir;

std::vector<ArticleFacts> CorpusFacts(size_t n, uint64_t seed) {
  auto corpus = testing::GenerateCorpus(testing::SourcePath("tests/data/relation_sentences.tsv"), n, seed);
  REQUIRE(corpus.ok());
  std::vector<ArticleFacts> facts;
  for (const Article& a : corpus.value()) facts.push_back(testing::DefaultExtractor().Extract(a));
  return facts;
}

// Ingests `facts` into a new database at `dir`; returns its signatures.
std::map<std::string, std::string> Reference(const std::string& dir, const std::vector<ArticleFacts>& facts,
                                             std::string* dump = nullptr) {
  auto g = Graph::Open(dir, OpenOptions::Writer());
  REQUIRE(g.ok());
  for (const ArticleFacts& f : facts) REQUIRE(g.value()->IngestArticle(f).ok());
  auto sigs = testing::ArticleSignatures(*g.value());
  REQUIRE(sigs.ok());
  if (dump) *dump = testing::CanonicalDump(*g.value()).value();
  return sigs.value();
}

TEST_CASE("readers opening while a writer ingests see whole articles only", "[store][concurrency]") {
  TempDir dir;
  std::vector<ArticleFacts> facts = CorpusFacts(600, 11);
  auto reference = Reference(dir.Sub("ref.db"), facts);
  std::string db = dir.Sub("news.db");
  { REQUIRE(Graph::Open(db, OpenOptions::Writer()).ok()); }  // exists before the readers start

  std::atomic<bool> done{false};
  Status writer_status;
  std::thread writer([&] {
    OpenOptions options = OpenOptions::Writer();
    options.write_buffer_bytes = 64 << 10;  // many flushes and compactions while readers open
    auto g = Graph::Open(db, options);
    writer_status = g.ok() ? Status::OK() : g.status();
    for (size_t i = 0; g.ok() && i < facts.size() && writer_status.ok(); ++i)
      writer_status = g.value()->IngestArticle(facts[i]).status();
    done = true;
  });
  size_t readers = 0, max_seen = 0;
  std::vector<std::string> failures;
  while (!done || readers < 3) {
    auto g = Graph::Open(db, OpenOptions::Reader());
    if (!g.ok()) {
      failures.push_back("open: " + g.status().message());
      continue;
    }
    size_t seen = 0;
    Status s = testing::CheckWholeArticles(*g.value(), reference, &seen);
    if (!s.ok()) failures.push_back(s.message());
    max_seen = std::max(max_seen, seen);
    ++readers;
  }
  writer.join();
  REQUIRE(writer_status.ok());
  INFO(readers << " readers; first failure: " << (failures.empty() ? "" : failures[0]));
  REQUIRE(failures.empty());
  REQUIRE(readers >= 3);
  auto last = Graph::Open(db, OpenOptions::Reader());
  size_t all = 0;
  REQUIRE(testing::CheckWholeArticles(*last.value(), reference, &all).ok());
  REQUIRE(all == facts.size());
}

// A file system whose appends to files ending in `suffix` (the
// write-ahead logs; ".sst" for table files) fail once `budget` bytes are
// used up; the failing append writes the part that fits (a torn record).
// With `no_space` the failure is ENOSPC, as a full disk gives.
class FailingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FailingFileSystem(std::string suffix = ".log", bool no_space = false)
      : FileSystemWrapper(rocksdb::FileSystem::Default()), suffix_(std::move(suffix)), no_space_(no_space) {}
  const char* Name() const override { return "FailingFileSystem"; }
  std::atomic<int64_t> budget{-1};  // -1: no limit
  std::atomic<int> failures{0};

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, file, dbg);
    if (s.ok() && name.size() > suffix_.size() && name.compare(name.size() - suffix_.size(), suffix_.size(), suffix_) == 0)
      file->reset(new File(std::move(*file), this));
    return s;
  }

 private:
  const std::string suffix_;
  const bool no_space_;

 public:

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> f, FailingFileSystem* fs)
        : FSWritableFileOwnerWrapper(std::move(f)), fs_(fs) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* dbg) override {
      int64_t left = fs_->budget.load();
      if (left < 0) return target()->Append(data, o, dbg);
      if (static_cast<int64_t>(data.size()) <= left) {
        fs_->budget -= data.size();
        return target()->Append(data, o, dbg);
      }
      if (left > 0) target()->Append(rocksdb::Slice(data.data(), left), o, dbg).PermitUncheckedError();
      fs_->budget = 0;
      ++fs_->failures;
      if (fs_->no_space_) return rocksdb::IOStatus::NoSpace("injected: no space left on device");
      return rocksdb::IOStatus::IOError("injected write failure");
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             const rocksdb::DataVerificationInfo&, rocksdb::IODebugContext* dbg) override {
      return Append(data, o, dbg);
    }

   private:
    FailingFileSystem* fs_;
  };
};

TEST_CASE("an ingest whose write fails midway leaves no trace", "[store][atomicity]") {
  std::vector<ArticleFacts> facts = CorpusFacts(4, 3);
  TempDir dir;
  std::string two, four;
  Reference(dir.Sub("two.db"), {facts[0], facts[1]}, &two);
  Reference(dir.Sub("four.db"), facts, &four);
  for (int64_t budget : {0, 1, 40, 200, 1000}) {
    DYNAMIC_SECTION("the log write fails after " << budget << " bytes") {
      std::string db = dir.Sub("db" + std::to_string(budget));
      auto fs = std::make_shared<FailingFileSystem>();
      std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
      {
        OpenOptions options = OpenOptions::Writer();
        options.env = env.get();
        auto g = Graph::Open(db, options);
        REQUIRE(g.ok());
        REQUIRE(g.value()->IngestArticle(facts[0]).ok());
        REQUIRE(g.value()->IngestArticle(facts[1]).ok());
        fs->budget = budget;
        auto failed = g.value()->IngestArticle(facts[2]);
        REQUIRE_FALSE(failed.ok());
        REQUIRE(fs->failures == 1);
        REQUIRE_THAT(failed.status().message(), Catch::Contains("injected write failure"));
        // A reader opened now does not see the article.
        auto reader = Graph::Open(db, OpenOptions::Reader());
        REQUIRE(reader.ok());
        REQUIRE(testing::CheckIntegrity(*reader.value()).ok());
        REQUIRE(testing::FirstDifference(testing::CanonicalDump(*reader.value()).value(), two).empty());
        REQUIRE(reader.value()->FindArticle(facts[2].content_hash).status().code() == Status::Code::kNotFound);
        fs->budget = -1;
      }
      auto g = Graph::Open(db, OpenOptions::Writer());  // recovers without the failed batch
      REQUIRE(g.ok());
      REQUIRE(testing::CheckIntegrity(*g.value()).ok());
      REQUIRE(testing::FirstDifference(testing::CanonicalDump(*g.value()).value(), two).empty());
      REQUIRE(g.value()->IngestArticle(facts[2]).ok());
      REQUIRE(g.value()->IngestArticle(facts[3]).ok());
      REQUIRE(testing::FirstDifference(testing::CanonicalDump(*g.value()).value(), four).empty());
    }
  }
}

// D9: a full disk during ingest aborted on a RocksDB assertion (RocksDB's
// info log, once failed, asserts at its next line: Debian's RocksDB has
// assertions on), and a flush that failed at close was not reported. The
// disk fills (ENOSPC) in the log, failing that group's write; in the table
// files, failing the flush at close; or everywhere (info log, manifest
// too). Each failure is an error, and the articles stored before are all
// there once there is space again.
TEST_CASE("a full disk fails the write and the close, and keeps what was stored", "[store][atomicity][diskfull]") {
  std::vector<ArticleFacts> facts = CorpusFacts(12, 5);
  TempDir dir;
  std::string prefix_dump;
  std::vector<ArticleFacts> prefix(facts.begin(), facts.begin() + 8);
  Reference(dir.Sub("prefix.db"), prefix, &prefix_dump);
  for (const char* full : {".log", ".sst", ""}) {
    DYNAMIC_SECTION("no space for " << full << " files") {
      std::string db = dir.Sub(std::string("db") + full);
      auto fs = std::make_shared<FailingFileSystem>(full, /*no_space=*/true);
      std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
      OpenOptions options = OpenOptions::Writer();
      options.env = env.get();
      auto g = Graph::Open(db, options);
      REQUIRE(g.ok());
      std::vector<IngestOutcome> outcomes;
      REQUIRE(g.value()->IngestArticles(prefix, &outcomes).ok());
      fs->budget = 100;
      Status write = g.value()->IngestArticles({facts.begin() + 8, facts.end()}, &outcomes);
      Status close = g.value()->Close();
      INFO("write: " << write.ToString() << "; close: " << close.ToString());
      if (std::string(full) != ".sst") {
        REQUIRE_FALSE(write.ok());
        REQUIRE_THAT(write.message(), Catch::Contains("no space"));
      } else {  // the write reached the log; the flush of the tables fails
        REQUIRE(write.ok());
      }
      // Tables that cannot be written fail the flush at close. (With only
      // the log full, RocksDB may recover by itself: it flushes the
      // memtables to tables, which fit, and the close then succeeds.)
      if (std::string(full) != ".log") REQUIRE_FALSE(close.ok());
      REQUIRE(fs->failures >= 1);
      g = Result<std::unique_ptr<Graph>>(Status::Internal("closed"));
      fs->budget = -1;
      auto reopened = Graph::Open(db, OpenOptions::Writer());  // space again
      REQUIRE(reopened.ok());
      REQUIRE(testing::CheckIntegrity(*reopened.value()).ok());
      auto stats = reopened.value()->Stats();
      if (std::string(full) != ".sst") {
        REQUIRE(testing::FirstDifference(testing::CanonicalDump(*reopened.value()).value(), prefix_dump).empty());
      } else {
        REQUIRE(stats.value().nodes_by_label["Article"] == facts.size());
      }
      REQUIRE(reopened.value()->Close().ok());
    }
  }
}

}  // namespace
}  // namespace newsgraph
