// The memtable (graph/memtable.h) is where every write lives until a flush,
// so it is checked as RocksDB uses it: a database with only this memtable,
// random writes to a small key space (so that keys are written again and
// entries of one key differ only by sequence), checked against a std::map
// model through Get, forward and backward iteration, Seek and SeekForPrev,
// at snapshots, before and after a flush; and a reader that scans while the
// writer inserts.
#include <catch2/catch.hpp>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "graph/memtable.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using Model = std::map<std::string, std::string>;

std::unique_ptr<rocksdb::DB> OpenDb(const std::string& dir) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.memtable_factory = NewMemTableFactory();
  options.allow_concurrent_memtable_write = false;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, &db);
  REQUIRE(s.ok());
  return std::unique_ptr<rocksdb::DB>(db);
}

// Keys of 0 to 300 bytes (a varint of two bytes from 128 on), many sharing
// prefixes; values mostly short, a few of 600 KiB and of 3 MiB (chunks of
// their own).
std::string RandomKey(std::mt19937_64& rng) {
  static const std::string kStems[] = {"", "a", "ab", "abc", std::string("node\x00\x01", 6), "\xff\xfe"};
  std::string key = kStems[rng() % 6];
  key += std::to_string(rng() % 200);
  if (rng() % 16 == 0) key += std::string(130 + rng() % 170, 'k');
  return key;
}

std::string RandomValue(std::mt19937_64& rng, int i) {
  if (rng() % 400 == 0) return std::string((rng() % 2 ? 600 : 3 * 1024) * 1024, static_cast<char>('a' + i % 26));
  return "v" + std::to_string(i) + std::string(rng() % 40, 'x');
}

// Everything the model says, read every way RocksDB reads the memtable.
void CheckAgainst(rocksdb::DB* db, const Model& model, const rocksdb::Snapshot* snapshot, std::mt19937_64& rng) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro));
  auto m = model.begin();
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++m) {
    REQUIRE(m != model.end());
    REQUIRE(it->key().ToString() == m->first);
    REQUIRE(it->value().ToString() == m->second);
  }
  REQUIRE(it->status().ok());
  REQUIRE(m == model.end());
  auto r = model.rbegin();
  for (it->SeekToLast(); it->Valid(); it->Prev(), ++r) {
    REQUIRE(r != model.rend());
    REQUIRE(it->key().ToString() == r->first);
  }
  REQUIRE(r == model.rend());
  std::vector<std::string> probes;  // keys that may be absent, and keys that are there
  for (int probe = 0; probe < 200; ++probe) probes.push_back(RandomKey(rng));
  for (const auto& entry : model)
    if (rng() % 4 == 0) probes.push_back(entry.first);
  for (const std::string& key : probes) {
    std::string value;
    rocksdb::Status s = db->Get(ro, key, &value);
    auto found = model.find(key);
    if (found == model.end()) {
      REQUIRE(s.IsNotFound());
    } else {
      REQUIRE(s.ok());
      REQUIRE(value == found->second);
    }
    it->Seek(key);
    auto at = model.lower_bound(key);
    REQUIRE(it->Valid() == (at != model.end()));
    if (at != model.end()) REQUIRE(it->key().ToString() == at->first);
    it->SeekForPrev(key);
    auto before = model.upper_bound(key);
    bool has_before = before != model.begin();
    REQUIRE(it->Valid() == has_before);
    if (has_before) REQUIRE(it->key().ToString() == std::prev(before)->first);
  }
}

TEST_CASE("memtable: RocksDB reads what was written, at every snapshot, before and after a flush", "[graph][memtable]") {
  testing::TempDir dir;
  std::unique_ptr<rocksdb::DB> db = OpenDb(dir.path());
  std::mt19937_64 rng(7);
  Model model;
  std::vector<std::pair<const rocksdb::Snapshot*, Model>> snapshots;
  for (int i = 0; i < 6000; ++i) {
    rocksdb::WriteBatch batch;  // a few writes a batch, some to the same key
    for (int w = 0, n = 1 + static_cast<int>(rng() % 4); w < n; ++w) {
      std::string key = RandomKey(rng);
      if (rng() % 5 == 0) {
        REQUIRE(batch.Delete(key).ok());
        model.erase(key);
      } else {
        std::string value = RandomValue(rng, i);
        REQUIRE(batch.Put(key, value).ok());
        model[key] = value;
      }
    }
    if (i % 10 == 0) {  // an ascending run, as ingest writes new ids: inserts start from the last one's place
      for (int j = 0; j < 20; ++j) {
        std::string key = "a" + std::to_string(100000 + rng() % 1000) + "/" + std::to_string(100 + j);
        REQUIRE(batch.Put(key, "run").ok());
        model[key] = "run";
      }
    }
    REQUIRE(db->Write(rocksdb::WriteOptions(), &batch).ok());
    if (i % 1500 == 750) snapshots.emplace_back(db->GetSnapshot(), model);
  }
  CheckAgainst(db.get(), model, nullptr, rng);
  for (const auto& [snapshot, then] : snapshots) CheckAgainst(db.get(), then, snapshot, rng);
  REQUIRE(db->Flush(rocksdb::FlushOptions()).ok());  // the flush reads the memtable in order
  CheckAgainst(db.get(), model, nullptr, rng);
  for (const auto& [snapshot, then] : snapshots) {
    CheckAgainst(db.get(), then, snapshot, rng);
    db->ReleaseSnapshot(snapshot);
  }
  db.reset();
  db = OpenDb(dir.path());  // and the log replays into it
  CheckAgainst(db.get(), model, nullptr, rng);
}

TEST_CASE("memtable: a reader scanning while the writer inserts sees whole entries in order", "[graph][memtable]") {
  testing::TempDir dir;
  std::unique_ptr<rocksdb::DB> db = OpenDb(dir.path());
  // Each key's value is its own name, so a reader can check every entry.
  std::atomic<bool> done{false};
  std::atomic<int> scans{0};
  std::string failure;
  std::thread reader([&] {
    while (!done.load()) {
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
      std::string last;
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        std::string key = it->key().ToString();
        if (!last.empty() && key <= last) failure = "out of order: " + last + " then " + key;
        if (it->value().ToString() != "=" + key) failure = "torn entry at " + key;
        last = key;
      }
      scans.fetch_add(1);
    }
  });
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "k%08llu", static_cast<unsigned long long>(rng() % 1000000));
    REQUIRE(db->Put(rocksdb::WriteOptions(), key, std::string("=") + key).ok());
  }
  while (scans.load() < 3) std::this_thread::yield();  // at least a few scans ran
  done = true;
  reader.join();
  CHECK(failure.empty());
}

TEST_CASE("memtable: an iterator may end on another thread than the one that made it, and threads may come and go", "[graph][memtable]") {
  testing::TempDir dir;
  std::unique_ptr<rocksdb::DB> db = OpenDb(dir.path());
  REQUIRE(db->Put(rocksdb::WriteOptions(), "k", "v").ok());
  for (int round = 0; round < 3; ++round) {  // the second and third reuse what the first ones freed
    std::unique_ptr<rocksdb::Iterator> it;
    std::thread maker([&] { it.reset(db->NewIterator(rocksdb::ReadOptions())); });
    maker.join();
    it->SeekToFirst();
    REQUIRE(it->Valid());
    CHECK(it->key().ToString() == "k");
    std::thread ender([&] { it.reset(); });  // a thread that never made an iterator
    ender.join();
  }
  // Threads that come and go (a query's helper thread): each ends with
  // iterator memory that the next ones take over.
  for (int t = 0; t < 50; ++t) {
    bool found = false;
    std::thread passing([&] {
      std::unique_ptr<rocksdb::Iterator> a(db->NewIterator(rocksdb::ReadOptions()));
      std::unique_ptr<rocksdb::Iterator> b(db->NewIterator(rocksdb::ReadOptions()));
      a->SeekToFirst();
      b->Seek("k");
      found = a->Valid() && b->Valid() && b->value().ToString() == "v";
    });
    passing.join();
    REQUIRE(found);
  }
  std::unique_ptr<rocksdb::Iterator> again(db->NewIterator(rocksdb::ReadOptions()));
  again->SeekToFirst();
  CHECK(again->Valid());
}

}  // namespace
}  // namespace newsgraph
