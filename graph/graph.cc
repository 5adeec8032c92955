#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "graph/adjacency_cache.h"
#include "graph/coding.h"
#include "graph/near_duplicate.h"
#include "graph/recovery.h"
#include "graph/rep.h"
#include "graph/scanner.h"
#include "graph/table_files.h"

namespace newsgraph {

namespace fs = std::filesystem;

Status FromRocks(const rocksdb::Status& s, const std::string& dir) {
  if (s.ok()) return Status::OK();
  std::string msg = dir + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsBusy() || s.IsTryAgain()) return Status::Busy(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  return Status::IOError(msg);
}

Graph::Rep::~Rep() { (void)Close(); }

Status Graph::Rep::Close() {
  if (!db) return Status::OK();
  Status flushed;
  if (!read_only) {
    // Flushed memtables make the next open fast: readers need not replay
    // the log into memory. A failure here loses nothing that was written
    // (the log has it all) but is reported. Every family's flush is queued
    // first, then waited for: a flush spends most of its time waiting for
    // its syncs, and several flush threads (Open) overlap them.
    rocksdb::FlushOptions queue;
    queue.wait = false;
    for (auto* h : cf)
      if (h) db->Flush(queue, h).PermitUncheckedError();
    std::vector<rocksdb::ColumnFamilyHandle*> all;
    for (auto* h : cf)
      if (h) all.push_back(h);
    flushed = FromRocks(db->Flush(rocksdb::FlushOptions(), all), dir).WithContext("flush at close");
  }
  for (auto* h : cf)
    if (h) db->DestroyColumnFamilyHandle(h);
  cf.clear();
  Status closed = FromRocks(db->Close(), dir).WithContext("close");
  db.reset();
  if (!opened || read_only) return closed;
  // After a clean close every log is in the table files (recovery.h).
  uint64_t flushed_logs = flushed.ok() && closed.ok() ? LastLogNumber(dir) : previous_flushed_logs;
  Status recorded = RecordState(dir, flushed_logs);
  if (!flushed.ok()) return flushed;
  return closed.ok() ? recorded : closed;
}

Status Graph::Close() { return rep_->Close(); }

Status Graph::Rep::Get(keys::ColumnFamily f, const std::string& key, std::string* value, const char* what) const {
  rocksdb::Status s = pending ? pending->batch.GetFromBatchAndDB(db.get(), rocksdb::ReadOptions(), handle(f), key, value)
                              : db->Get(rocksdb::ReadOptions(), handle(f), key, value);
  if (s.IsNotFound()) return Status::NotFound(what);
  return FromRocks(s, dir);
}

namespace {

// Buckets of the shingle_bands memtable's hash table (Open): a pointer
// each, allocated with the memtable, so 1/128 of its size (RocksDB refuses
// a new memtable that starts full): 65,536 for 64 MiB, where its ~40-byte
// entries put ~25 in a bucket, still a short list (RocksDB turns a list of
// more than 256 into a skiplist).
size_t BandsMemtableBuckets(size_t write_buffer_bytes) {
  return std::clamp<size_t>(write_buffer_bytes / 1024, 16, size_t{1} << 16);
}

// RocksDB's info log (DIR/LOG), for writers: one write(2) a line, errors
// ignored. RocksDB's own logger keeps its file in a failed state after an
// error, and this build of RocksDB (assertions on) aborts at the next line
// logged to it: a full disk killed ingest from the thread that waits for
// space (SstFileManagerImpl::ClearError).
class InfoLog : public rocksdb::Logger {
 public:
  explicit InfoLog(const std::string& path)
      : Logger(rocksdb::InfoLogLevel::WARN_LEVEL),
        fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) {}
  ~InfoLog() override {
    if (fd_ >= 0) ::close(fd_);
  }
  using Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (fd_ < 0) return;
    char line[2048];
    std::time_t now = std::time(nullptr);
    std::tm tm;
    localtime_r(&now, &tm);
    size_t n = std::strftime(line, 32, "%Y/%m/%d-%H:%M:%S ", &tm);
    int m = std::vsnprintf(line + n, sizeof(line) - n - 1, format, ap);
    if (m < 0) return;
    n = std::min(n + static_cast<size_t>(m), sizeof(line) - 2);
    line[n++] = '\n';
    ssize_t written = ::write(fd_, line, n);
    (void)written;  // a line lost to a full disk loses nothing stored
  }

 private:
  int fd_;
};

// The manifest CURRENT names, and its size. It changes whenever the writer
// flushes a memtable, compacts or starts a new manifest.
std::string ManifestState(const std::string& dir) {
  std::ifstream in(dir + "/CURRENT");
  std::string name;
  std::getline(in, name);
  std::error_code ec;
  auto size = fs::file_size(fs::path(dir) / name, ec);
  return name + ":" + (ec ? "?" : std::to_string(size));
}

// Whether `dir` holds RocksDB table, log or manifest files.
bool HasRocksFiles(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    std::string ext = entry.path().extension().string();
    // RocksDB numbers its files (000012.log, 000015.sst): "app.log" is not one.
    std::string stem = entry.path().stem().string();
    bool numbered = !stem.empty() && stem.find_first_not_of("0123456789") == std::string::npos;
    if (name.rfind("MANIFEST-", 0) == 0 || (numbered && (ext == ".sst" || ext == ".log"))) return true;
  }
  return false;
}

// Opens `dir` read-only as one consistent state. A read-only open reads the
// manifest, then replays the write-ahead logs it finds; if the writer
// flushes in between, it deletes a log whose contents the manifest we read
// does not yet name, and we would see a state with a hole in it. Every flush
// appends to the manifest before deleting anything, so an open during which
// the manifest did not change saw one state; otherwise we try again.
// The manifest is checked (CheckManifest) in the same attempt: a manifest
// the writer is appending to may show a record half written.
rocksdb::Status OpenSnapshot(const rocksdb::Options& options, const std::string& dir,
                             const std::vector<rocksdb::ColumnFamilyDescriptor>& cfs,
                             std::vector<rocksdb::ColumnFamilyHandle*>* handles, rocksdb::DB** db, Status* damage) {
  constexpr int kAttempts = 50;
  for (int attempt = 1;; ++attempt) {
    std::string before = ManifestState(dir);
    *damage = CheckManifest(dir);
    rocksdb::Status s = damage->ok() ? rocksdb::DB::OpenForReadOnly(options, dir, cfs, handles, db)
                                     : rocksdb::Status::Corruption(damage->message());
    if (ManifestState(dir) == before) return s;
    if (s.ok()) {
      for (auto* h : *handles) (*db)->DestroyColumnFamilyHandle(h);
      handles->clear();
      delete *db;
      *db = nullptr;
    }
    if (attempt == kAttempts)
      return rocksdb::Status::Busy("the writer changed the database during each of " + std::to_string(kAttempts) +
                                   " attempts to open a consistent snapshot; try again");
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
  }
}

// Creates a database with every column family of `cfs`. RocksDB's
// create_missing_column_families writes and syncs an OPTIONS file for each
// family it adds (a third of the time of a small ingest); creating them
// after the open, in one call, writes one. A crash in between leaves a
// database without our families, which the next writer completes (Open).
rocksdb::Status CreateDatabase(const rocksdb::Options& options, const std::string& dir,
                               const std::vector<rocksdb::ColumnFamilyDescriptor>& cfs,
                               std::vector<rocksdb::ColumnFamilyHandle*>* handles, rocksdb::DB** db) {
  std::vector<rocksdb::ColumnFamilyDescriptor> first(cfs.begin(), cfs.begin() + 1);  // "default"
  rocksdb::Status s = rocksdb::DB::Open(options, dir, first, handles, db);
  if (!s.ok()) return s;
  std::vector<rocksdb::ColumnFamilyHandle*> created;  // each with its own options (shingle_bands')
  s = (*db)->CreateColumnFamilies(std::vector<rocksdb::ColumnFamilyDescriptor>(cfs.begin() + 1, cfs.end()), &created);
  handles->insert(handles->end(), created.begin(), created.end());
  if (!s.ok()) {
    for (auto* h : *handles) (*db)->DestroyColumnFamilyHandle(h);
    handles->clear();
    delete *db;
    *db = nullptr;
  }
  return s;
}

}  // namespace

Graph::Graph(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
Graph::~Graph() = default;
const std::string& Graph::dir() const { return rep_->dir; }

std::string NameIndexKey(std::string_view name) {
  std::string k(name);
  for (char& c : k)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return k;
}

std::set<std::string> NodeNameKeys(const Node& node) {
  std::set<std::string> keys;
  for (const char* property : {"name", "aliases"}) {
    auto p = node.properties.find(property);
    if (p == node.properties.end()) continue;
    if (const std::string* one = p->second.as_string()) keys.insert(NameIndexKey(*one));
    if (property[0] == 'a')
      if (const auto* list = std::get_if<PropertyList>(&p->second.v))
        for (const PropertyValue& alias : *list)
          if (const std::string* s = alias.as_string()) keys.insert(NameIndexKey(*s));
  }
  return keys;
}

Result<std::unique_ptr<Graph>> Graph::Open(const std::string& dir, const OpenOptions& options) {
  auto rep = std::make_unique<Rep>();
  rep->dir = dir;
  rep->read_only = options.read_only;
  rep->near_duplicate_threshold = options.near_duplicate_threshold;
  if (options.read_only && options.adjacency_cache_bytes > 0)
    rep->adjacency_cache = std::make_unique<AdjacencyCache>(options.adjacency_cache_bytes);
  if (options.read_only && options.node_cache_bytes > 0)
    rep->snapshot_nodes = std::make_unique<NodeCache>(options.node_cache_bytes);
  if (options.read_only) {
    rep->columnar = std::make_unique<Rep::Columnar>();
    rep->columnar->budget = options.edge_columns_bytes;
  }
  std::error_code ec;
  bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec))
    return Status::InvalidArgument(dir + " is a file, not a newsgraph database directory");
  auto damaged = [&](const std::string& what) {
    return Status::Corruption(dir + " is damaged: " + what + RepairAdvice(dir));
  };
  StoredState state;
  if (exists) {
    auto read = ReadState(dir);
    if (!read.ok()) return damaged(read.status().message());
    state = read.value();
    // A reader racing a writer that is creating the database waits for the
    // creation to complete (the writer records it right after its open).
    long holder = options.read_only && !state.created ? WriterLockHolder(dir) : 0;
    for (int waited_ms = 0; holder != 0 && !state.created; waited_ms += 10) {
      if (waited_ms >= 2000)
        return Status::NotFound("the database at " + dir + " is being created by process " + std::to_string(holder) +
                                "; try again in a moment");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      read = ReadState(dir);
      if (read.ok()) state = read.value();
      holder = WriterLockHolder(dir);
    }
  }
  bool has_db = exists && fs::exists(fs::path(dir) / "CURRENT", ec);
  // RocksDB writes a new database's first manifest before CURRENT names it:
  // a writer killed in between leaves a manifest and no CURRENT. With our
  // lock file, no completed creation and nothing stored, that is a creation
  // that never completed, and a writer starts it over (below, under the
  // lock); anything else missing CURRENT is damage, and creating a database
  // there would destroy what is left.
  bool restart_creation = false;
  if (!has_db && exists && HasRocksFiles(dir)) {
    bool interrupted = fs::exists(fs::path(dir) / kWriterLockFile, ec) && !state.created && NothingStored(dir);
    if (!interrupted) return damaged("its CURRENT file is missing");
    if (options.read_only)
      return Status::NotFound("the creation of the database at " + dir + " was interrupted; ingest into it to "
                              "complete it");
    restart_creation = true;
  }
  if (!has_db) {
    if (!exists || fs::is_empty(dir, ec)) {
      if (!options.create_if_missing || options.read_only)
        return Status::NotFound("no newsgraph database at " + dir + " (create one with: newsgraph ingest --db " + dir +
                                " FILES)");
    } else if (!fs::exists(fs::path(dir) / kWriterLockFile, ec)) {
      return Status::InvalidArgument(dir + " is not a newsgraph database (it holds other files and no database); " +
                                     (options.read_only ? "give the directory a database was created in"
                                                        : "choose an empty or new directory"));
    }
    if (!exists) fs::create_directories(dir, ec);
    if (ec) return Status::IOError(dir + ": cannot create directory: " + ec.message());
  }
  // Ours, complete or not: creation writes the lock file before anything
  // else, and finishes with the format marker. A writer completes an
  // interrupted creation; it never adds our column families to a foreign DB.
  bool ours = fs::exists(fs::path(dir) / kWriterLockFile, ec);
  if (!options.read_only) NG_RETURN_IF_ERROR(rep->lock.Acquire(dir));
  if (restart_creation) {
    // Checked again under the lock: another writer may have completed it.
    auto again = ReadState(dir);
    if (fs::exists(fs::path(dir) / "CURRENT", ec) || !again.ok() || again.value().created || !NothingStored(dir))
      return damaged("its creation was interrupted and another writer has since touched it; open it again");
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      if (name != kWriterLockFile && name != kStateFile) fs::remove_all(entry.path(), ec);
    }
    if (ec) return Status::IOError(dir + ": cannot remove the files of an interrupted creation: " + ec.message());
  }
  // A creation that never completed, provably: nothing but creation's own
  // few bytes were ever written. Anything else missing is damage.
  bool unfinished = !has_db || (ours && !state.created && NothingStored(dir));
  bool complete_creation = !options.read_only && unfinished;
  if (has_db && !options.read_only) {  // a reader checks in OpenSnapshot
    Status manifest = CheckManifest(dir);
    if (!manifest.ok()) return damaged(manifest.message());
  }
  auto refuse = [&](Status st) {
    if (!ours && has_db && !options.read_only) {  // leave a foreign directory as we found it
      rep->lock.Release();
      fs::remove(fs::path(dir) / kWriterLockFile, ec);
    }
    return st;
  };

  rocksdb::Options db_options;
  db_options.create_if_missing = !has_db;
  db_options.create_missing_column_families = complete_creation;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  if (!options.read_only) db_options.info_log = std::make_shared<InfoLog>(dir + "/LOG");
  db_options.keep_log_file_num = 2;
  // A torn last record is what a crash leaves, and is dropped; any other
  // damage to a write-ahead log fails the open. RocksDB's default
  // (kPointInTimeRecovery) dropped the damaged record and every later one
  // without a word, and a writer then deleted the log.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  // A reader opens every table file up front: a file the writer compacts
  // away, or a rebuild swaps out, stays readable through its descriptor.
  db_options.max_open_files = options.read_only ? -1 : 256;
  if (options.env) db_options.env = options.env;
  if (options.write_buffer_bytes) db_options.write_buffer_size = options.write_buffer_bytes;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  // A writer's point lookups that miss (a new article's hash, a new edge's
  // triple) stop at the filter instead of reading a block of every level.
  // Every table carries the filters; a reader leaves them unread: its
  // lookups find what they look for (a node, an edge, a text), where a
  // filter only costs, and loading them read every table's filter at open
  // (about 55 MB at 1M nodes / 10M edges: most of a one-shot query's time
  // and memory; bench/README.md).
  if (!options.read_only) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // A reader opens a database that predates an optional family without it
  // (its handle stays null); a writer creates the family.
  std::vector<std::string> present;
  if (has_db && !rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(db_options), dir, &present).ok())
    present.clear();
  auto has_family = [&](const std::string& name) {
    return std::find(present.begin(), present.end(), name) != present.end();
  };
  // A writer adds the optional families an older database lacks; any
  // other missing family is damage (below).
  if (!options.read_only && !present.empty()) {
    bool only_optional_missing = true;
    for (int f = 0; f < keys::kNumColumnFamilies; ++f)
      only_optional_missing = only_optional_missing && (has_family(keys::ColumnFamilyNames()[f]) ||
                                                        keys::IsOptionalColumnFamily(static_cast<keys::ColumnFamily>(f)));
    if (only_optional_missing) db_options.create_missing_column_families = true;
  }
  auto skipped = [&](int f) {
    return options.read_only && !present.empty() && keys::IsOptionalColumnFamily(static_cast<keys::ColumnFamily>(f)) &&
           !has_family(keys::ColumnFamilyNames()[f]);
  };
  // A writer must open every family the database has, so also the triples
  // family of formats 1 and 2, which it drops below; a reader leaves it.
  bool legacy_triples = !options.read_only && has_family(keys::kLegacyTriplesFamily);
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  rocksdb::ColumnFamilyOptions cf_options(db_options);
  // RocksDB's own skiplist memtable. Each insert starts from where the last
  // one with the same 3-byte prefix went (one hint for id-keyed families,
  // one per label or type or name start), so the ascending runs ingest
  // writes (new ids, sorted index entries) cost short searches
  // (store_bench: -8% CPU). Memtable memory only; nothing on disk changes.
  // Hints need single-threaded memtable inserts, which one writer gives.
  cf_options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewCappedPrefixTransform(3));
  db_options.allow_concurrent_memtable_write = false;
  // Four flush threads (RocksDB's default is one; compactions stay at one):
  // the flush of all eleven families at close then overlaps their syncs
  // (close of a BBC-sized ingest: 0.25 -> 0.14 s wall).
  if (!options.read_only) db_options.max_background_flushes = 4;
  // The near-duplicate index is read by prefix seeks that nearly always
  // find nothing (a new article's buckets): prefix blooms in the table
  // files answer those without searching (near_duplicate.h).
  rocksdb::ColumnFamilyOptions bands_options(cf_options);
  bands_options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(keys::kShingleBandPrefixBytes));
  // Its keys are random (bucket hashes), 16 an article, and only ever read
  // by (band, bucket) prefix: its memtable is a hash table of (band,
  // bucket) to short sorted lists (RocksDB's hash-linklist memtable)
  // rather than one skiplist, where each random insert searched from the
  // top (~13k instructions a key: 40 % of all memtable inserts on BBC);
  // a seek finds its bucket, so a memtable prefix bloom would only cost.
  // A scan across prefixes (CheckIntegrity) sets total_order_seek
  // (ScanRange), and RocksDB then sorts a copy. Memtable only: the table
  // files are the same.
  bands_options.memtable_insert_with_hint_prefix_extractor.reset();
  bands_options.memtable_factory.reset(rocksdb::NewHashLinkListRepFactory(BandsMemtableBuckets(cf_options.write_buffer_size)));
  for (int f = 0; f < keys::kNumColumnFamilies; ++f)
    if (!skipped(f)) cfs.emplace_back(keys::ColumnFamilyNames()[f], f == keys::kShingleBands ? bands_options : cf_options);
  if (legacy_triples) cfs.emplace_back(keys::kLegacyTriplesFamily, cf_options);

  rocksdb::DB* raw = nullptr;
  Status manifest_damage;
  rocksdb::Status s = options.read_only ? OpenSnapshot(db_options, dir, cfs, &rep->cf, &raw, &manifest_damage)
                     : has_db           ? rocksdb::DB::Open(db_options, dir, cfs, &rep->cf, &raw)
                                        : CreateDatabase(db_options, dir, cfs, &rep->cf, &raw);
  if (!s.ok()) {
    if (!manifest_damage.ok()) return damaged(manifest_damage.message());
    if (s.IsInvalidArgument() && s.ToString().find("olumn famil") != std::string::npos) {
      if (ours && unfinished)
        return Status::NotFound("the creation of the database at " + dir + " was interrupted; ingest into it to "
                                "complete it");
      if (ours || state.created) return damaged("column families are missing (" + s.ToString() + ")");
      return refuse(Status::InvalidArgument(dir + " is a RocksDB database but not a newsgraph one (" + s.ToString() +
                                            ")"));
    }
    if (s.IsCorruption()) {
      Status log = CheckLogs(dir);  // names the damaged log, where RocksDB does not
      return damaged(log.ok() ? s.ToString() : log.message());
    }
    return FromRocks(s, dir).WithContext("cannot open database");
  }
  rep->db.reset(raw);
  struct HandleCloser {  // before rep->db goes, on every return
    rocksdb::DB* db;
    void operator()(rocksdb::ColumnFamilyHandle* h) const { db->DestroyColumnFamilyHandle(h); }
  };
  std::unique_ptr<rocksdb::ColumnFamilyHandle, HandleCloser> triples(nullptr, HandleCloser{raw});
  if (legacy_triples) {
    triples.reset(rep->cf.back());
    rep->cf.pop_back();
  }
  for (int f = 0; f < keys::kNumColumnFamilies; ++f)
    if (skipped(f)) rep->cf.insert(rep->cf.begin() + f, nullptr);

  std::string format;
  Status fs_status = rep->Get(keys::kDefault, keys::kFormatKey, &format, "format");
  if (fs_status.code() == Status::Code::kNotFound && complete_creation) {
    rocksdb::WriteOptions sync;  // durable before newsgraph.state says the creation completed
    sync.sync = true;
    rocksdb::Status w = rep->db->Put(sync, rep->handle(keys::kDefault), keys::kFormatKey, keys::kFormatValue);
    NG_RETURN_IF_ERROR(FromRocks(w, dir));
  } else if (fs_status.code() == Status::Code::kNotFound && ours && unfinished) {
    return Status::NotFound("the creation of the database at " + dir + " was interrupted; ingest into it to "
                            "complete it");
  } else if (fs_status.code() == Status::Code::kNotFound && (ours || state.created)) {
    return damaged("its format marker is missing");
  } else if (!fs_status.ok()) {
    return Status::InvalidArgument(dir + " is a RocksDB database but not a newsgraph one (no format marker)");
  } else if (format == keys::kFormat1Value || format == keys::kFormat2Value || format == keys::kFormat3Value ||
             format == keys::kFormat4Value || format == keys::kFormat5Value) {
    // Format 1 lacks adjacency values, which this writer adds to what it
    // writes; formats 1 and 2 keep a triples index, which it neither reads
    // nor keeps; formats 1 to 3 hold no dates, and 4 no other temporal
    // values, which this writer may write; formats 1 to 5 lack the
    // near-duplicate index, which it fills first (a crash before the mark:
    // the next writer fills it again). The mark keeps older writers out from
    // now on (keys.h); it is synced (and so is the log before it) before the
    // family goes.
    if (!options.read_only) {
      NG_RETURN_IF_ERROR(FillShingleBands(rep.get()).WithContext("upgrading to " + std::string(keys::kFormatValue)));
      rocksdb::WriteOptions sync;
      sync.sync = true;
      NG_RETURN_IF_ERROR(
          FromRocks(rep->db->Put(sync, rep->handle(keys::kDefault), keys::kFormatKey, keys::kFormatValue), dir));
    }
  } else if (format != keys::kFormatValue) {
    return Status::InvalidArgument(dir + ": unsupported database format '" + format + "' (this newsgraph reads '" +
                                   keys::kFormat1Value + "' to '" + keys::kFormatValue + "')");
  }
  if (triples) NG_RETURN_IF_ERROR(FromRocks(rep->db->DropColumnFamily(triples.get()), dir));
  for (auto [key, counter] : {std::pair{keys::kNextNodeKey, &rep->next_node}, std::pair{keys::kNextEdgeKey, &rep->next_edge},
                              std::pair{keys::kDeletedNodesKey, &rep->deleted_nodes},
                              std::pair{keys::kDeletedEdgesKey, &rep->deleted_edges}}) {
    std::string v;
    Status g = rep->Get(keys::kDefault, key, &v, key);
    if (g.ok()) {
      std::string_view in(v);
      if (!GetFixed64BE(&in, counter)) return Status::Corruption(dir + ": bad counter " + key);
    } else if (g.code() != Status::Code::kNotFound) {
      return g;
    }
  }
  NG_RETURN_IF_ERROR(LoadPropertyIndexes(rep.get()));
  // Records that the creation completed (or, for a database made before
  // newsgraph.state existed, that it is whole), and the new manifest's
  // size: from here on a cut before that size is damage, not a crash.
  // What a killed import left (table_files.h): only the lock holder writes
  // there, and that is us.
  if (!options.read_only) {
    fs::remove_all(fs::path(dir) / kBulkStagingDir, ec);
    if (ec) return Status::IOError(dir + "/" + kBulkStagingDir + ": cannot remove it: " + ec.message());
  }
  rep->previous_flushed_logs = state.flushed_logs_through;
  if (!options.read_only) NG_RETURN_IF_ERROR(RecordState(dir, state.flushed_logs_through));
  rep->opened = true;
  return std::unique_ptr<Graph>(new Graph(std::move(rep)));
}

NodeId Graph::NodeIdBound() const { return rep_->pending ? rep_->pending->next_node : rep_->next_node; }

const std::string* StringProperty(const Node& n, const char* key) {
  auto it = n.properties.find(key);
  return it == n.properties.end() ? nullptr : it->second.as_string();
}

std::string ArticleDateText(const Node& article) {
  auto it = article.properties.find("date");
  if (it == article.properties.end()) return "";
  if (const Date* d = std::get_if<Date>(&it->second.v)) return FormatIsoDate(*d);
  const std::string* text = it->second.as_string();
  return text ? *text : "";
}

Result<Node> Graph::GetNode(NodeId id) const {
  std::string v;
  NG_RETURN_IF_ERROR(rep_->Get(keys::kNodes, keys::Id(id), &v, "node"));
  Node n;
  if (!keys::DecodeNode(id, v, &n)) return Status::Corruption(rep_->dir + ": bad record of node " + std::to_string(id));
  return n;
}

Result<std::shared_ptr<const Node>> Graph::GetSharedNode(NodeId id) const {
  NodeCache* cache = rep_->snapshot_nodes.get();  // read-only graphs only
  if (cache)
    if (std::shared_ptr<const Node> held = cache->Find(id)) return held;
  Result<Node> n = GetNode(id);
  if (!n.ok()) return n.status();
  auto shared = std::make_shared<const Node>(std::move(n).value());
  if (cache) cache->Insert(shared);
  return shared;
}

Result<Edge> Graph::GetEdge(EdgeId id) const {
  std::string v;
  NG_RETURN_IF_ERROR(rep_->Get(keys::kEdges, keys::Id(id), &v, "edge"));
  Edge e;
  if (!keys::DecodeEdge(id, v, &e)) return Status::Corruption(rep_->dir + ": bad record of edge " + std::to_string(id));
  return e;
}

Status ScanRange(const Graph::Rep& rep, keys::ColumnFamily cf, const std::string& start, const std::string& limit,
                 const std::function<bool(std::string_view, std::string_view)>& fn) {
  rocksdb::ReadOptions ro;
  // A range may cross prefixes of a family with a prefix extractor
  // (shingle_bands); without this its memtable would serve one prefix only.
  ro.total_order_seek = true;
  rocksdb::Slice bound(limit);
  if (!limit.empty()) ro.iterate_upper_bound = &bound;
  std::unique_ptr<rocksdb::Iterator> it(rep.db->NewIterator(ro, rep.handle(cf)));
  if (rep.pending) it.reset(rep.pending->batch.NewIteratorWithBase(rep.handle(cf), it.release(), &ro));
  for (it->Seek(start); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (!limit.empty() && k.compare(bound) >= 0) break;  // a batch iterator may not honour the bound
    if (!fn(std::string_view(k.data(), k.size()), std::string_view(it->value().data(), it->value().size()))) break;
  }
  return FromRocks(it->status(), rep.dir);
}

Status ScanPrefix(const Graph::Rep& rep, keys::ColumnFamily cf, const std::string& prefix,
                  const std::function<bool(std::string_view, std::string_view)>& fn) {
  return ScanRange(rep, cf, prefix, keys::PrefixSuccessor(prefix), [&](std::string_view k, std::string_view v) {
    // Only a prefix of 0xFF bytes has no successor; then the scan stops here.
    return k.substr(0, prefix.size()) == prefix && fn(k, v);
  });
}

Result<EdgeId> FindEdge(const Graph::Rep& rep, NodeId src, std::string_view type, NodeId dst) {
  std::string prefix = keys::EdgePrefix(src, type, dst);
  EdgeId found = 0;
  bool malformed = false;
  NG_RETURN_IF_ERROR(ScanPrefix(rep, keys::kAdjacency, prefix, [&](std::string_view k, std::string_view) {
    k.remove_prefix(prefix.size());
    malformed = !GetFixed64BE(&k, &found) || !k.empty();
    return false;
  }));
  if (malformed) return Status::Corruption(rep.dir + ": bad adjacency key");
  return found;
}

Status Graph::FindByName(std::string_view name, std::vector<NodeId>* out) const {
  out->clear();
  std::string prefix = keys::NamePrefix(NameIndexKey(name));
  return ScanPrefix(*rep_, keys::kNames, prefix, [&](std::string_view k, std::string_view) {
    uint64_t id;
    if (k.size() == prefix.size() + 8 && keys::ParseTrailingId(k, &id)) out->push_back(id);
    return true;
  });
}

Status Graph::FindByNamePrefix(std::string_view prefix, std::vector<NodeId>* out) const {
  out->clear();
  std::string start = keys::NameStartsWith(NameIndexKey(prefix));
  NG_RETURN_IF_ERROR(ScanPrefix(*rep_, keys::kNames, start, [&](std::string_view k, std::string_view) {
    uint64_t id;
    if (keys::ParseTrailingId(k, &id)) out->push_back(id);
    return true;
  }));
  std::sort(out->begin(), out->end());  // a node with several matching names once
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return Status::OK();
}

Status Graph::ForEachNameEntry(const std::function<bool(const std::string&, NodeId)>& fn) const {
  std::string name;
  return ScanPrefix(*rep_, keys::kNames, "", [&](std::string_view k, std::string_view) {
    uint64_t id;
    std::string_view in = k;
    if (!GetEscaped(&in, &name) || in.size() != 8 || !keys::ParseTrailingId(k, &id)) return true;
    return fn(name, id);
  });
}

Result<bool> Graph::ForEachShingleBandKey(const std::function<bool(std::string_view)>& fn) const {
  if (!rep_->handle(keys::kShingleBands)) return false;  // a reader of a format-4 database
  NG_RETURN_IF_ERROR(ScanPrefix(*rep_, keys::kShingleBands, "", [&](std::string_view k, std::string_view) { return fn(k); }));
  return true;
}

Status Graph::ScanNodes(std::string_view label, const std::function<bool(NodeId)>& fn) const {
  if (label.empty())
    return ScanPrefix(*rep_, keys::kNodes, "", [&](std::string_view k, std::string_view) {
      uint64_t id;
      std::string_view in = k;
      return GetFixed64BE(&in, &id) ? fn(id) : true;
    });
  std::string prefix = keys::LabelPrefix(label);
  return ScanPrefix(*rep_, keys::kLabels, prefix, [&](std::string_view k, std::string_view) {
    uint64_t id;
    return k.size() == prefix.size() + 8 && keys::ParseTrailingId(k, &id) ? fn(id) : true;
  });
}

Status Graph::ForEachNode(std::string_view label, const std::function<Status(const Node&)>& fn) const {
  // Streams: a caller that stops early (fn returns an error such as
  // Stopped) pays for the records it saw, not for the graph. fn may read
  // the graph meanwhile; the iterator is not disturbed by reads.
  Status inner;
  auto call = [&](Result<Node> node) {
    inner = node.ok() ? fn(node.value()) : node.status();
    return inner.ok();
  };
  Status s;
  if (label.empty()) {  // the records themselves, in key order: no second read per node
    s = ScanPrefix(*rep_, keys::kNodes, "", [&](std::string_view k, std::string_view v) {
      uint64_t id;
      std::string_view in = k;
      if (!GetFixed64BE(&in, &id)) return true;
      Node n;
      if (!keys::DecodeNode(id, v, &n))
        return call(Status::Corruption(rep_->dir + ": bad record of node " + std::to_string(id)));
      return call(std::move(n));
    });
  } else {
    s = ScanNodes(label, [&](NodeId id) { return call(GetNode(id)); });
  }
  NG_RETURN_IF_ERROR(s);
  return inner;
}

Status Graph::ScanEdges(std::string_view type, const std::function<bool(EdgeId)>& fn) const {
  if (type.empty())
    return ScanPrefix(*rep_, keys::kEdges, "", [&](std::string_view k, std::string_view) {
      uint64_t id;
      std::string_view in = k;
      return GetFixed64BE(&in, &id) ? fn(id) : true;
    });
  std::string prefix = keys::EdgeTypePrefix(type);
  return ScanPrefix(*rep_, keys::kEdgeTypes, prefix, [&](std::string_view k, std::string_view) {
    uint64_t id;
    return k.size() == prefix.size() + 8 && keys::ParseTrailingId(k, &id) ? fn(id) : true;
  });
}

Status Graph::Neighbors(NodeId node, Direction dir, std::string_view type, std::vector<Neighbor>* out) const {
  return GraphScanner(*this).Neighbors(node, dir, type, out);
}

struct GraphScanner::Cursor {
  std::unique_ptr<rocksdb::Iterator> it;
  bool over_batch = false;  // `it` reads a write batch: never reused
  std::string prefix;
  std::string type_scratch;  // an adjacency key's type, when it had escaped bytes
};

GraphScanner::GraphScanner(const Graph& graph)
    : graph_(graph), adjacency_(std::make_unique<Cursor>()), edges_(std::make_unique<Cursor>()) {}
GraphScanner::~GraphScanner() = default;

Result<Edge> GraphScanner::GetEdge(EdgeId id) {
  const Graph::Rep& rep = *graph_.rep_;
  if (rep.pending) return graph_.GetEdge(id);
  Cursor& c = *edges_;
  if (!c.it) c.it.reset(rep.db->NewIterator(rocksdb::ReadOptions(), rep.handle(keys::kEdges)));
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(id >> (56 - 8 * i));
  rocksdb::Slice key(buf, 8);
  // From the last edge read, the next id is one step away.
  int cmp = c.it->Valid() ? c.it->key().compare(key) : 1;
  if (cmp < 0) {
    c.it->Next();
    cmp = c.it->Valid() ? c.it->key().compare(key) : 1;
    if (cmp > 0 && c.it->Valid()) return Status::NotFound("edge");  // between two neighbouring keys
  }
  if (cmp != 0) {
    c.it->Seek(key);
    if (!c.it->Valid() || c.it->key() != key) {
      NG_RETURN_IF_ERROR(FromRocks(c.it->status(), rep.dir));
      return Status::NotFound("edge");
    }
  }
  Edge e;
  if (!keys::DecodeEdge(id, std::string_view(c.it->value().data(), c.it->value().size()), &e))
    return Status::Corruption(rep.dir + ": bad record of edge " + std::to_string(id));
  return e;
}

Status GraphScanner::ForEachEntry(NodeId node, Direction dir, std::string_view type,
                                  const std::function<bool(const AdjacencyEntry&)>& fn) {
  const Graph::Rep& rep = *graph_.rep_;
  AdjacencyCache* cache = rep.adjacency_cache.get();  // read-only graphs only
  Cursor& c = *adjacency_;
  AdjacencyEntry entry;
  entry.node = node;
  for (char d : {keys::kOut, keys::kIn}) {
    if ((d == keys::kOut && dir == Direction::kIn) || (d == keys::kIn && dir == Direction::kOut)) continue;
    entry.outgoing = d == keys::kOut;
    if (cache) {
      if (const AdjacencyCache::List* list = cache->Find(node, d, type)) {
        for (size_t i = 0; i < list->items.size(); ++i) {
          const AdjacencyCache::List::Item& item = list->items[i];
          entry.other = item.other;
          entry.edge = item.edge;
          entry.type = list->types[item.type];
          entry.value = list->Value(i);
          if (!fn(entry)) return Status::OK();
        }
        continue;
      }
    }
    if (rep.pending || !c.it || c.over_batch) {
      // Pending writes: a fresh iterator over the batch and the database, so
      // that writes made since the last scan are seen.
      c.it.reset(rep.db->NewIterator(rocksdb::ReadOptions(), rep.handle(keys::kAdjacency)));
      if (rep.pending)
        c.it.reset(rep.pending->batch.NewIteratorWithBase(rep.handle(keys::kAdjacency), c.it.release()));
      c.over_batch = rep.pending != nullptr;
    }
    // A whole list read is kept for the next scan of the same prefix.
    std::unique_ptr<AdjacencyCache::List> kept;
    if (cache && cache->Accepting()) {
      kept = std::make_unique<AdjacencyCache::List>();
      kept->node = node;
      kept->dir = d;
      kept->type = std::string(type);
    }
    c.prefix = keys::AdjacencyPrefix(node, d, type);
    rocksdb::Slice prefix(c.prefix);
    // The entry at the iterator; false past the prefix. A malformed key
    // is skipped, as every scan does.
    auto next_entry = [&]() {
      for (; c.it->Valid(); c.it->Next()) {
        rocksdb::Slice k = c.it->key();
        if (!k.starts_with(prefix)) return false;
        std::string_view key(k.data(), k.size());
        entry.type = type;
        if (type.empty() ? !keys::AdjacencyType(key, &c.type_scratch, &entry.type) : key.size() < c.prefix.size() + 16)
          continue;
        const char* tail = k.data() + k.size() - 16;
        entry.other = DecodeFixed64BE(tail);
        entry.edge = DecodeFixed64BE(tail + 8);
        rocksdb::Slice v = c.it->value();
        entry.value = std::string_view(v.data(), v.size());
        if (kept && !kept->Add(entry)) kept.reset();
        return true;
      }
      return false;
    };
    bool stopped = false;
    for (c.it->Seek(prefix); next_entry(); c.it->Next()) {
      if (fn(entry)) continue;
      // The caller has what it wanted; the rest of the list costs a few
      // steps more now, where the next scan of it would cost a seek.
      stopped = true;
      if (kept)
        for (c.it->Next(); kept && next_entry(); c.it->Next()) {
        }
      break;
    }
    NG_RETURN_IF_ERROR(FromRocks(c.it->status(), rep.dir));
    if (kept) cache->Insert(std::move(kept));
    if (stopped) return Status::OK();
  }
  return Status::OK();
}

bool AdjacencyEntry::ToEdge(Edge* out) const {
  if (value.empty() || !keys::DecodeAdjacencyValue(value, out)) return false;
  out->id = edge;
  out->type = std::string(type);
  out->src = outgoing ? node : other;
  out->dst = outgoing ? other : node;
  return true;
}

Status GraphScanner::Neighbors(NodeId node, Direction dir, std::string_view type, std::vector<Neighbor>* out) {
  out->clear();
  return ForEachEntry(node, dir, type, [&](const AdjacencyEntry& e) {
    out->push_back(Neighbor{e.edge, e.other, e.outgoing, std::string(e.type)});
    return true;
  });
}

Status Graph::Evidence(EdgeId edge, std::vector<EvidenceRecord>* out) const {
  out->clear();
  return ScanPrefix(*rep_, keys::kEvidence, keys::Id(edge), [&](std::string_view k, std::string_view v) {
    EvidenceRecord e;
    if (keys::DecodeEvidence(k, v, &e)) out->push_back(std::move(e));
    return true;
  });
}

Status Graph::EvidenceWithArticles(EdgeId edge, std::vector<EvidenceRecord>* out,
                                   std::map<NodeId, Node>* articles) const {
  NG_RETURN_IF_ERROR(Evidence(edge, out));
  for (const EvidenceRecord& r : *out) {
    if (articles->count(r.article)) continue;
    Result<Node> a = GetNode(r.article);
    if (!a.ok()) return a.status();
    articles->emplace(r.article, std::move(a).value());
  }
  return Status::OK();
}

Result<std::string> Graph::ArticleText(NodeId article) const {
  std::string v;
  NG_RETURN_IF_ERROR(rep_->Get(keys::kTexts, keys::Id(article), &v, "article text"));
  return v;
}

Result<NodeId> Graph::FindArticle(std::string_view content_hash) const {
  std::string v;
  NG_RETURN_IF_ERROR(rep_->Get(keys::kArticles, std::string(content_hash), &v, "article"));
  NodeId id = 0;
  std::string_view in(v);
  if (!GetFixed64BE(&in, &id)) return Status::Corruption(rep_->dir + ": bad article index entry");
  return id;
}

namespace {
Status DistinctLeading(const Graph::Rep& rep, keys::ColumnFamily cf, std::map<std::string, uint64_t>* counts) {
  return ScanPrefix(rep, cf, "", [&](std::string_view k, std::string_view) {
    std::string s;
    if (keys::ParseLeadingString(k, &s)) ++(*counts)[s];
    return true;
  });
}
}  // namespace

Result<GraphStats> Graph::Stats() const {
  GraphStats st;
  NG_RETURN_IF_ERROR(DistinctLeading(*rep_, keys::kLabels, &st.nodes_by_label));
  NG_RETURN_IF_ERROR(DistinctLeading(*rep_, keys::kEdgeTypes, &st.edges_by_type));
  st.nodes = NodeCount();
  st.edges = EdgeCount();
  if (auto dups = st.edges_by_type.find(kNearDuplicateType); dups != st.edges_by_type.end()) st.near_duplicates = dups->second;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(rep_->dir, ec))
    if (entry.is_regular_file(ec)) st.bytes_on_disk += entry.file_size(ec);
  return st;
}

uint64_t Graph::NodeCount() const { return rep_->next_node - 1 - rep_->deleted_nodes; }
uint64_t Graph::EdgeCount() const { return rep_->next_edge - 1 - rep_->deleted_edges; }

Status Graph::Labels(std::vector<std::string>* out) const {
  std::map<std::string, uint64_t> counts;
  NG_RETURN_IF_ERROR(DistinctLeading(*rep_, keys::kLabels, &counts));
  out->clear();
  for (const auto& [label, n] : counts) out->push_back(label);
  return Status::OK();
}

Status Graph::EdgeTypes(std::vector<std::string>* out) const {
  std::map<std::string, uint64_t> counts;
  NG_RETURN_IF_ERROR(DistinctLeading(*rep_, keys::kEdgeTypes, &counts));
  out->clear();
  for (const auto& [type, n] : counts) out->push_back(type);
  return Status::OK();
}

}  // namespace newsgraph
