// Damaged and foreign database directories: every kind of damage gives an
// error from Open or from the reads (never a crash), and a writer never
// builds a fresh database over the remains.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "graph/lock.h"
#include "graph/repair.h"
#include "tests/corpus_gen.h"
#include "tests/store_check.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// A database with table files (small memtables force flushes) and a log.
void MakeDatabase(const std::string& dir) {
  auto corpus = testing::GenerateCorpus(testing::SourcePath("tests/data/relation_sentences.tsv"), 120, 5);
  REQUIRE(corpus.ok());
  OpenOptions options = OpenOptions::Writer();
  options.write_buffer_bytes = 32 << 10;
  auto g = Graph::Open(dir, options);
  REQUIRE(g.ok());
  for (const Article& a : corpus.value()) REQUIRE(g.value()->IngestArticle(testing::DefaultExtractor().Extract(a)).ok());
}

std::vector<std::string> Files(const std::string& dir, const std::string& what) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if ((what == "MANIFEST" && name.rfind("MANIFEST-", 0) == 0) || entry.path().extension() == what)
      out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void Truncate(const std::string& path, double fraction) {
  fs::resize_file(path, static_cast<uintmax_t>(fs::file_size(path) * fraction));
}

// 64 bytes of junk at byte `offset`.
void GarbleAt(const std::string& path, uintmax_t offset) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  std::string junk(64, '\x5a');
  f.write(junk.data(), junk.size());
}

// The same at fraction `at` of the file.
void Garble(const std::string& path, double at) {
  GarbleAt(path, static_cast<uintmax_t>(fs::file_size(path) * at));
}

// Open (reader, then writer) fails, or the store reads back with an error
// or consistently; and nothing crashes. Returns whether any step failed.
bool Rejected(const std::string& dir) {
  bool rejected = false;
  for (OpenOptions options : {OpenOptions::Reader(), OpenOptions::Writer()}) {
    auto g = Graph::Open(dir, options);
    if (!g.ok()) {
      INFO(g.status().ToString());
      CHECK_FALSE(g.status().message().empty());
      rejected = true;
      continue;
    }
    auto dump = testing::CanonicalDump(*g.value());
    Status integrity = testing::CheckIntegrity(*g.value());
    if (!dump.ok() || !integrity.ok()) rejected = true;
  }
  return rejected;
}

TEST_CASE("each kind of damage is reported, none crashes", "[store][damage]") {
  TempDir dir;
  std::string pristine = dir.Sub("pristine");
  MakeDatabase(pristine);
  REQUIRE_FALSE(Files(pristine, ".sst").empty());
  struct Damage {
    const char* name;
    std::function<void(const std::string&)> apply;
    bool must_reject;
  };
  std::vector<Damage> damages = {
      {"CURRENT missing", [](const std::string& d) { fs::remove(d + "/CURRENT"); }, true},
      {"CURRENT names no manifest", [](const std::string& d) { testing::WriteFile(d + "/CURRENT", "MANIFEST-999999\n"); }, true},
      {"CURRENT garbled", [](const std::string& d) { testing::WriteFile(d + "/CURRENT", "\x01\x02zz"); }, true},
      // The manifest is a log too: cut at a record boundary it reads as an
      // older database, and a writer then discards the table files that
      // only the lost records named (RocksDB deletes unreferenced files at
      // open). Undetectable from inside; graph/README.md says so.
      {"manifest truncated", [](const std::string& d) { Truncate(Files(d, "MANIFEST").back(), 0.5); }, false},
      // RocksDB reads a cut manifest as a torn write and recovers the state
      // it names; whether the cut is caught depends on where records end
      // (graph/README.md, "undetectable damage"), so only "no crash" holds.
      {"manifest cut to its first bytes", [](const std::string& d) { Truncate(Files(d, "MANIFEST").back(), 0.02); }, false},
      // Garbled inside its first record, which every later one follows: a
      // point further in may land in the last records, which read as a
      // torn tail (see above), and where records end varies from run to run.
      {"manifest garbled", [](const std::string& d) { GarbleAt(Files(d, "MANIFEST").back(), 16); }, true},
      {"manifest missing", [](const std::string& d) { fs::remove(Files(d, "MANIFEST").back()); }, true},
      {"table file truncated", [](const std::string& d) { Truncate(Files(d, ".sst").front(), 0.5); }, true},
      {"table file missing", [](const std::string& d) { fs::remove(Files(d, ".sst").front()); }, true},
      {"table file garbled in its data", [](const std::string& d) { Garble(Files(d, ".sst").front(), 0.2); }, true},
      {"table file footer garbled", [](const std::string& d) { Garble(Files(d, ".sst").front(), 0.99); }, true},
      // A torn log tail is what a crash leaves: the log is replayed up to it.
      {"log tail garbled", [](const std::string& d) { Garble(Files(d, ".log").back(), 0.9); }, false},
      {"every file zeroed", [](const std::string& d) {
         for (const auto& e : fs::directory_iterator(d))
           if (e.path().filename() != "newsgraph.lock") testing::WriteFile(e.path().string(), std::string(4096, '\0'));
       }, true},
  };
  for (const Damage& damage : damages) {
    DYNAMIC_SECTION(damage.name) {
      std::string db = dir.Sub("damaged");
      fs::remove_all(db);
      fs::copy(pristine, db);
      damage.apply(db);
      auto before = Files(db, ".sst");
      bool rejected = Rejected(db);
      if (damage.must_reject) REQUIRE(rejected);
      if (damage.must_reject) REQUIRE(Files(db, ".sst").size() >= before.size());  // nothing was thrown away
    }
  }
}

// Every file of `dir` but the lock files, name -> bytes.
std::map<std::string, std::string> Contents(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (e.is_regular_file() && name != "LOCK" && name != kWriterLockFile && name.rfind("LOG", 0) != 0)
      out[name] = testing::ReadFileOrDie(e.path().string());
  }
  return out;
}

// Reader and writer are refused with Corruption naming `file`, saying
// neither "interrupted" nor "ingest into it", and the writer removed or
// changed no file of the database.
void RequireRefusedUntouched(const std::string& db, const std::string& file) {
  auto before = Contents(db);
  for (OpenOptions options : {OpenOptions::Reader(), OpenOptions::Writer()}) {
    auto g = Graph::Open(db, options);
    INFO((options.read_only ? "reader: " : "writer: ") << (g.ok() ? "opened" : g.status().ToString()));
    REQUIRE_FALSE(g.ok());
    REQUIRE(g.status().code() == Status::Code::kCorruption);
    REQUIRE_THAT(g.status().message(), Catch::Contains(file));
    REQUIRE_THAT(g.status().message(), Catch::Contains("newsgraph repair"));
    REQUIRE_THAT(g.status().message(), !Catch::Contains("interrupted") && !Catch::Contains("ingest into it"));
  }
  auto after = Contents(db);
  for (const auto& [name, bytes] : before) {
    INFO(name);
    REQUIRE(after.count(name) == 1);
    REQUIRE(after[name] == bytes);
  }
}

// D7: RocksDB reads a manifest cut inside a record as a torn write and
// recovers the older state it names (or, cut before the column families,
// an "interrupted creation"); a writer then deleted the table files the
// lost records named. A cut at a record boundary is told by the manifest
// size recorded at the last close.
TEST_CASE("a cut MANIFEST is refused at every size, and nothing is deleted", "[store][damage]") {
  TempDir dir;
  std::string pristine = dir.Sub("pristine");
  MakeDatabase(pristine);
  std::string manifest = fs::path(Files(pristine, "MANIFEST").back()).filename().string();
  uintmax_t size = fs::file_size(pristine + "/" + manifest);
  REQUIRE(size > 200);
  std::string db = dir.Sub("damaged");
  // One loop, not sections: Catch runs the test case again for each.
  for (uintmax_t cut = 0; cut < size; cut += (cut < 64 ? 7 : 23)) {
    INFO("cut to " << cut << " of " << size << " bytes");
    fs::remove_all(db);
    fs::copy(pristine, db);
    fs::resize_file(db + "/" + manifest, cut);
    RequireRefusedUntouched(db, manifest);
  }
  SECTION("one flipped byte in its first record") {
    fs::remove_all(db);
    fs::copy(pristine, db);
    std::string bytes = testing::ReadFileOrDie(db + "/" + manifest);
    bytes[20] = static_cast<char>(bytes[20] ^ 0x10);
    testing::WriteFile(db + "/" + manifest, bytes);
    RequireRefusedUntouched(db, manifest);
  }
}

// D8: a flipped byte inside the write-ahead log dropped that record and
// every later one without a word (RocksDB's point-in-time recovery), and
// the next writer deleted the log.
TEST_CASE("a write-ahead log with a flipped byte is refused, and kept", "[store][damage]") {
  TempDir dir;
  std::string db = dir.Sub("crashed");
  std::vector<ArticleFacts> facts;
  {
    auto corpus = testing::GenerateCorpus(testing::SourcePath("tests/data/relation_sentences.tsv"), 60, 9);
    REQUIRE(corpus.ok());
    auto g = Graph::Open(dir.Sub("live"), OpenOptions::Writer());
    REQUIRE(g.ok());
    for (const Article& a : corpus.value()) REQUIRE(g.value()->IngestArticle(testing::DefaultExtractor().Extract(a)).ok());
    // What a crash leaves: the articles only in the log (no flush yet).
    fs::copy(dir.Sub("live"), db);
  }
  std::string log = Files(db, ".log").back();
  uintmax_t size = fs::file_size(log);
  REQUIRE(size > 4096);
  {  // the copy opens as it is, with every article
    auto g = Graph::Open(db, OpenOptions::Reader());
    REQUIRE(g.ok());
    auto stats = g.value()->Stats();
    REQUIRE(stats.ok());
    REQUIRE(stats.value().nodes_by_label["Article"] == 60);
  }
  for (double at : {0.3, 0.6, 0.97}) {
    DYNAMIC_SECTION("a byte flipped at " << at << " of the log") {
      std::string damaged = dir.Sub("damaged");
      fs::remove_all(damaged);
      fs::copy(db, damaged);
      std::string path = damaged + "/" + fs::path(log).filename().string();
      std::string bytes = testing::ReadFileOrDie(path);
      size_t i = static_cast<size_t>(bytes.size() * at);
      bytes[i] = static_cast<char>(bytes[i] ^ 0x01);
      testing::WriteFile(path, bytes);
      RequireRefusedUntouched(damaged, fs::path(log).filename().string());
    }
  }
}

// `newsgraph repair`: a manifest cut at a record boundary lost nothing
// that the table files do not hold, so the repaired copy is the graph.
TEST_CASE("repair rebuilds a cut MANIFEST from the table files, leaving the source as it was", "[store][damage][repair]") {
  TempDir dir;
  std::string pristine = dir.Sub("pristine"), db = dir.Sub("damaged"), fixed = dir.Sub("fixed");
  MakeDatabase(pristine);
  std::string dump;
  {
    auto g = Graph::Open(pristine, OpenOptions::Reader());
    REQUIRE(g.ok());
    dump = testing::CanonicalDump(*g.value()).value();
  }
  fs::copy(pristine, db);
  std::string manifest = Files(db, "MANIFEST").back();
  fs::resize_file(manifest, fs::file_size(manifest) / 3);
  REQUIRE_FALSE(Graph::Open(db, OpenOptions::Reader()).ok());
  auto before = Contents(db);
  std::string out, err;
  int code = testing::RunCli("repair " + db + " " + fixed, &out, &err);
  INFO(out << err);
  REQUIRE(code == 0);
  REQUIRE_THAT(out, Catch::Contains("manifest was rebuilt") && Catch::Contains("kept: ") &&
                        Catch::Contains("integrity: ok"));
  REQUIRE(Contents(db) == before);  // the source is unchanged
  auto g = Graph::Open(fixed, OpenOptions::Reader());
  REQUIRE(g.ok());
  REQUIRE(testing::FirstDifference(testing::CanonicalDump(*g.value()).value(), dump).empty());
  // A second repair into the same directory is refused as a usage error.
  REQUIRE(testing::RunCli("repair " + db + " " + fixed, &out, &err) == 2);
  REQUIRE_THAT(err, Catch::Contains("not empty"));
  REQUIRE(testing::RunCli("repair " + dir.Sub("none") + " " + dir.Sub("x"), &out, &err) == 3);
}

// A flipped byte in the log: the records in the rest of its 32 KiB block
// are lost (RocksDB cannot trust the lengths there) and reported; the
// records after that block are kept.
TEST_CASE("repair replays a damaged log past its damaged record", "[store][damage][repair]") {
  TempDir dir;
  std::string live = dir.Sub("live"), db = dir.Sub("crashed"), fixed = dir.Sub("fixed");
  auto corpus = testing::GenerateCorpus(testing::SourcePath("tests/data/relation_sentences.tsv"), 40, 4);
  REQUIRE(corpus.ok());
  {
    auto g = Graph::Open(live, OpenOptions::Writer());
    REQUIRE(g.ok());
    for (const Article& a : corpus.value()) REQUIRE(g.value()->IngestArticle(testing::DefaultExtractor().Extract(a)).ok());
    fs::copy(live, db);  // what a crash leaves: the articles only in the log
  }
  std::string log = Files(db, ".log").back();
  std::string bytes = testing::ReadFileOrDie(log);
  bytes[bytes.size() / 2] ^= 0x01;
  testing::WriteFile(log, bytes);
  auto before = Contents(db);
  auto report = RepairDatabase(db, fixed);
  REQUIRE(report.ok());
  REQUIRE(Contents(db) == before);
  REQUIRE_FALSE(report->rebuilt_manifest);
  // The damaged fragment, then the rest of its record ("missing start").
  REQUIRE_FALSE(report->lost.empty());
  for (const std::string& line : report->lost)
    REQUIRE_THAT(line, Catch::StartsWith("(ignoring error) " + fs::path(log).filename().string() + ": dropping"));
  // RocksDB drops the rest of the 32 KiB block that holds the damage.
  uint64_t articles = report->kept.nodes_by_label["Article"];
  INFO("kept " << articles << "; integrity: " << report->integrity.ToString());
  REQUIRE(articles < corpus.value().size());
  REQUIRE(articles >= corpus.value().size() / 2);
  auto g = Graph::Open(fixed, OpenOptions::Reader());
  REQUIRE(g.ok());
  auto stats = g.value()->Stats();
  REQUIRE(stats.value().nodes_by_label["Article"] == articles);
}

// D19: a reader that opened a database while a writer was creating it
// was told it is damaged (its CURRENT file not written yet).
TEST_CASE("a reader racing a database's creation is told it is being created", "[store][damage][d19]") {
  TempDir dir;
  std::string db = dir.Sub("new.db");
  fs::create_directories(db);
  WriterLock lock;  // the creating writer: its lock held, RocksDB's first file written, no CURRENT yet
  REQUIRE(lock.Acquire(db).ok());
  testing::WriteFile(db + "/MANIFEST-000001", "");
  auto reader = Graph::Open(db, OpenOptions::Reader());
  REQUIRE(reader.status().code() == Status::Code::kNotFound);
  REQUIRE_THAT(reader.status().message(), Catch::Contains("is being created by process") && !Catch::Contains("damaged"));
  lock.Release();  // a writer that died there: an interrupted creation, which the next writer starts over
  reader = Graph::Open(db, OpenOptions::Reader());
  REQUIRE(reader.status().code() == Status::Code::kNotFound);
  REQUIRE_THAT(reader.status().message(), Catch::Contains("was interrupted"));
  REQUIRE(Graph::Open(db, OpenOptions::Writer()).ok());
}

// D19: a killed import left DIR/bulk-load.tmp (its staged table files)
// until the next import; any writer's open removes it now.
TEST_CASE("a writer's open removes what a killed import staged", "[store][damage][d19]") {
  TempDir dir;
  std::string db = dir.Sub("news.db");
  testing::SeedGraph(db);
  fs::create_directories(db + "/bulk-load.tmp");
  testing::WriteFile(db + "/bulk-load.tmp/000001-nodes.sst", std::string(1000, 'x'));
  { REQUIRE(Graph::Open(db, OpenOptions::Reader()).ok()); }
  REQUIRE(fs::exists(db + "/bulk-load.tmp"));  // a reader leaves it: an import may be running
  { REQUIRE(Graph::Open(db, OpenOptions::Writer()).ok()); }
  REQUIRE_FALSE(fs::exists(db + "/bulk-load.tmp"));
}

TEST_CASE("a RocksDB database of another program is refused untouched", "[store][damage]") {
  TempDir dir;
  std::string other = dir.Sub("other");
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(o, other, &raw).ok());
    REQUIRE(raw->Put(rocksdb::WriteOptions(), "k", "v").ok());
    delete raw;
  }
  for (OpenOptions options : {OpenOptions::Reader(), OpenOptions::Writer()}) {
    auto g = Graph::Open(other, options);
    REQUIRE_FALSE(g.ok());
    REQUIRE(g.status().code() == Status::Code::kInvalidArgument);
    REQUIRE_THAT(g.status().message(), Catch::Contains("not a newsgraph"));
  }
  rocksdb::DB* raw = nullptr;
  rocksdb::Options o;
  REQUIRE(rocksdb::DB::Open(o, other, &raw).ok());  // still the other program's, with one column family
  std::string v;
  REQUIRE(raw->Get(rocksdb::ReadOptions(), "k", &v).ok());
  delete raw;
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

// A reader is told the creation of `db` was interrupted; a writer completes
// it and stores an article, which a reader then sees.
void RequireInterruptedCreationCompleted(const std::string& db) {
  auto reader = Graph::Open(db, OpenOptions::Reader());
  REQUIRE(reader.status().code() == Status::Code::kNotFound);
  REQUIRE_THAT(reader.status().message(), Catch::Contains("was interrupted"));
  {
    auto writer = Graph::Open(db, OpenOptions::Writer());
    REQUIRE(writer.ok());
    REQUIRE(writer.value()->IngestArticle(testing::Facts("a", "a", {testing::E("Amazon", {"Company"})}, {})).ok());
  }
  auto after = Graph::Open(db, OpenOptions::Reader());
  REQUIRE(after.ok());
  REQUIRE(after.value()->Stats().value().nodes_by_label["Article"] == 1);
}

TEST_CASE("a database whose creation was interrupted is completed by the next writer", "[store][damage]") {
  testing::TempDir dir;
  std::string db = dir.Sub("db");
  {
    // What a writer killed during creation leaves: our lock file, RocksDB's
    // files, only some of our column families, no format marker.
    std::filesystem::create_directories(db);
    testing::WriteFile(db + "/" + kWriterLockFile, "1\n");
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(o, db, &raw).ok());
    rocksdb::ColumnFamilyHandle* nodes = nullptr;
    REQUIRE(raw->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "nodes", &nodes).ok());
    raw->DestroyColumnFamilyHandle(nodes);
    delete raw;
  }
  RequireInterruptedCreationCompleted(db);
}

TEST_CASE("a creation killed before CURRENT was written is started over; other missing CURRENTs are damage",
          "[store][damage]") {
  testing::TempDir dir;
  std::string db = dir.Sub("db");
  auto killed_creation = [&](const std::string& path) {
    // RocksDB writes the first manifest, then CURRENT: a kill in between.
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(o, path, &raw).ok());
    delete raw;
    std::filesystem::remove(path + "/CURRENT");
    testing::WriteFile(path + "/" + kWriterLockFile, "1\n");
  };
  killed_creation(db);
  RequireInterruptedCreationCompleted(db);

  // Table files without CURRENT: something was stored, so it is damage,
  // and the writer removes nothing.
  std::string stored = dir.Sub("stored");
  killed_creation(stored);
  testing::WriteFile(stored + "/000009.sst", "table");
  auto refused = Graph::Open(stored, OpenOptions::Writer());
  REQUIRE(refused.status().code() == Status::Code::kCorruption);
  REQUIRE_THAT(refused.status().message(), Catch::Contains("CURRENT file is missing"));
  REQUIRE(std::filesystem::exists(stored + "/000009.sst"));
}

}  // namespace
}  // namespace newsgraph
