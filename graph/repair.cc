#include "graph/repair.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "graph/integrity.h"
#include "graph/keys.h"
#include "graph/lock.h"
#include "graph/recovery.h"

namespace newsgraph {

namespace fs = std::filesystem;

namespace {

// Files of a database that are not its data: RocksDB's lock and info logs.
bool IsDataFile(const std::string& name) {
  return name != "LOCK" && name.rfind("LOG", 0) != 0 && name != std::string(kStateFile) + ".tmp";
}

bool IsRocksFile(const std::string& name) {
  std::string ext = fs::path(name).extension().string();
  return name.rfind("MANIFEST-", 0) == 0 || ext == ".sst" || ext == ".log";
}

// Opens the copy with its manifest, replaying the logs past damaged
// records, and flushes what it replayed into table files.
rocksdb::Status ReplaySkippingDamage(const std::string& dir) {
  rocksdb::Options options;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kSkipAnyCorruptedRecords;
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(options, dir, &names);
  if (!s.ok()) return s;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const std::string& name : names) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  s = rocksdb::DB::Open(options, dir, cfs, &handles, &raw);
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::DB> db(raw);
  s = db->Flush(rocksdb::FlushOptions(), handles);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  rocksdb::Status closed = db->Close();
  return s.ok() ? closed : s;
}

// RepairDB, then the column families it did not find a table of (it
// knows a family only from its tables) are created empty, and each family
// is compacted. RepairDB puts every table in level 0, where a compaction's
// output and a later flush can overlap in sequence numbers, which
// RocksDB's consistency checks refuse at open (and which would make reads
// pick a file by its newest entry); the compaction merges them by entry.
rocksdb::Status RebuildManifest(const std::string& dir) {
  rocksdb::Options options;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.force_consistency_checks = false;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (int f = 0; f < keys::kNumColumnFamilies; ++f) cfs.emplace_back(keys::ColumnFamilyNames()[f], cf_options);
  rocksdb::Status s = rocksdb::RepairDB(dir, options, cfs, cf_options);
  if (!s.ok()) return s;
  std::vector<std::string> names;
  s = rocksdb::DB::ListColumnFamilies(options, dir, &names);
  if (!s.ok()) return s;
  for (const std::string& name : names)  // one RepairDB found beyond ours (the triples of formats 1 and 2)
    if (std::none_of(cfs.begin(), cfs.end(), [&](const auto& cf) { return cf.name == name; }))
      cfs.emplace_back(name, cf_options);
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  s = rocksdb::DB::Open(options, dir, cfs, &handles, &raw);
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* h : handles)
    if (s.ok()) s = db->CompactRange(compact, h, nullptr, nullptr);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  rocksdb::Status closed = db->Close();
  return s.ok() ? closed : s;
}

// What RocksDB's info log says it dropped: "... 000004.log: dropping 97
// bytes; Corruption: checksum mismatch", "Table #12: ...".
void CollectLosses(const std::string& dir, std::vector<std::string>* lost) {
  std::ifstream log(dir + "/LOG");
  std::string line;
  while (std::getline(log, line)) {
    if (line.find("dropping") == std::string::npos && line.find("ignoring") == std::string::npos &&
        line.find("Table #") == std::string::npos)
      continue;
    // "2026/12/07-07:20:01.123456 7f12 [WARN] [db/db_impl_open.cc:982] what":
    // past the timestamp, thread id and bracketed tags, and the directory in
    // file names.
    size_t at = line.find('[');
    std::string what = at == std::string::npos ? line : line.substr(at);
    while (!what.empty() && (what.front() == ' ' || what.front() == '[')) {
      if (what.front() == ' ') {
        what.erase(0, 1);
        continue;
      }
      size_t close = what.find(']');
      if (close == std::string::npos) break;
      what.erase(0, close + 1);
    }
    for (size_t p; (p = what.find(dir + "/")) != std::string::npos;) what.erase(p, dir.size() + 1);
    lost->push_back(what);
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "lost", ec))
    if (entry.path().filename().string().rfind("MANIFEST-", 0) != 0)  // RepairDB sets aside every old manifest
      lost->push_back("set aside in lost/: " + entry.path().filename().string() + " (" +
                    std::to_string(entry.file_size(ec)) + " bytes), unreadable");
}

}  // namespace

Result<RepairReport> RepairDatabase(const std::string& src, const std::string& dst) {
  std::error_code ec;
  if (!fs::is_directory(src, ec)) return Status::NotFound(src + " is not a directory");
  fs::path from = fs::weakly_canonical(src, ec), to = fs::weakly_canonical(dst, ec);
  auto [end, rest] = std::mismatch(from.begin(), from.end(), to.begin(), to.end());
  if (end == from.end()) return Status::InvalidArgument(dst + " lies inside " + src + "; choose a directory outside it");
  if (fs::exists(dst, ec) && !fs::is_empty(dst, ec))
    return Status::InvalidArgument(dst + " exists and is not empty; repair writes a new database, name a new directory");
  if (long pid = WriterLockHolder(src))
    return Status::Busy(src + " is open by a writer (PID " + std::to_string(pid) + "); repair it when that has ended");

  bool any = false;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(src, ec)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file(ec) || !IsDataFile(name)) continue;
    any = any || IsRocksFile(name);
    files.push_back(entry.path());
  }
  if (ec) return Status::IOError(src + ": " + ec.message());
  if (!any) return Status::NotFound("no database files in " + src);
  fs::create_directories(dst, ec);
  if (ec) return Status::IOError(dst + ": " + ec.message());
  for (const fs::path& file : files) {
    fs::copy_file(file, fs::path(dst) / file.filename(), ec);
    if (ec) return Status::IOError("cannot copy " + file.string() + " to " + dst + ": " + ec.message());
  }

  RepairReport report;
  // A whole manifest names every table file and column family; RepairDB
  // would rebuild it from the tables, losing what only the logs hold of a
  // family that has no table yet.
  rocksdb::Status s = fs::exists(fs::path(dst) / "CURRENT", ec) && CheckManifest(dst).ok()
                          ? ReplaySkippingDamage(dst)
                          : rocksdb::Status::Corruption("manifest");
  if (!s.ok()) {
    report.rebuilt_manifest = true;
    // Logs a clean close had flushed hold nothing the tables lack; RepairDB
    // would make them tables overlapping those (recovery.h).
    auto state = ReadState(dst);
    uint64_t flushed = state.ok() ? state->flushed_logs_through : 0;
    for (const auto& entry : fs::directory_iterator(dst, ec))
      if (entry.path().extension() == ".log" && std::strtoull(entry.path().stem().c_str(), nullptr, 10) <= flushed)
        fs::remove(entry.path(), ec);
    s = RebuildManifest(dst);
    if (!s.ok()) return Status::Corruption(src + ": RocksDB cannot repair it: " + s.ToString());
    fs::remove(fs::path(dst) / kStateFile, ec);  // it describes the manifest RepairDB replaced
  }
  CollectLosses(dst, &report.lost);
  {
    auto graph = Graph::Open(dst, OpenOptions::Writer());
    if (!graph.ok()) return graph.status().WithContext("the repaired copy " + dst + " does not open");
    report.integrity = CheckIntegrity(*graph.value());
    auto stats = graph.value()->Stats();
    if (!stats.ok()) return stats.status().WithContext("the repaired copy " + dst);
    report.kept = stats.value();
  }
  return report;
}

}  // namespace newsgraph
