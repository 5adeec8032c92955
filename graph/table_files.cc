#include "graph/table_files.h"

#include <filesystem>
#include <map>

namespace newsgraph {

namespace fs = std::filesystem;

Result<std::unique_ptr<TableFiles>> TableFiles::Create(Graph::Rep* rep) {
  std::string dir = rep->dir + "/" + kBulkStagingDir;
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) return Status::IOError(dir + ": cannot remove a leftover staging directory: " + ec.message());
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError(dir + ": cannot create the staging directory: " + ec.message());
  return std::unique_ptr<TableFiles>(new TableFiles(rep, std::move(dir)));
}

TableFiles::~TableFiles() {
  files_.clear();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

TableFile* TableFiles::Add(keys::ColumnFamily cf) {
  auto f = std::make_unique<TableFile>();
  f->rep_ = rep_;
  f->cf_ = cf;
  f->path_ = dir_ + "/" + keys::ColumnFamilyNames()[cf] + "-" + std::to_string(files_.size()) + ".sst";
  files_.push_back(std::move(f));
  return files_.back().get();
}

Status TableFile::Put(std::string_view key, std::string_view value) {
  if (finished_) return Status::Internal("bulk load: Put after Finish");
  if (!writer_) {
    rocksdb::Options options = rep_->db->GetOptions(rep_->handle(cf_));
    // LZ4 costs little time here and keeps the ingested files small (they
    // stay as written until a compaction rewrites them).
    options.compression = rocksdb::kLZ4Compression;
    // invalidate_page_cache=false: no fadvise(DONTNEED) every megabyte, which
    // starts write-back early and drops pages the first queries want.
    writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options, rep_->handle(cf_),
                                                       /*invalidate_page_cache=*/false);
    NG_RETURN_IF_ERROR(FromRocks(writer_->Open(path_), rep_->dir));
  }
  rocksdb::Status s = writer_->Put(rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()));
  if (!s.ok())
    return Status::Internal("bulk load: " + keys::ColumnFamilyNames()[cf_] + " key out of order or unwritable: " +
                            s.ToString());
  ++entries_;
  return Status::OK();
}

Status TableFile::Finish() {
  if (!writer_ || finished_) return Status::OK();
  finished_ = true;
  Status s = FromRocks(writer_->Finish(), rep_->dir);
  writer_.reset();
  return s;
}

Status TableFiles::Ingest() {
  std::map<int, std::vector<std::string>> by_family;
  for (auto& f : files_) {
    if (f->entries_ == 0) continue;
    NG_RETURN_IF_ERROR(f->Finish());
    by_family[f->cf_].push_back(f->path_);
  }
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (auto& [cf, paths] : by_family) {
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = rep_->handle(static_cast<keys::ColumnFamily>(cf));
    arg.external_files = std::move(paths);
    arg.options.move_files = true;           // hard links: same file system
    arg.options.write_global_seqno = false;  // sequence numbers live in the MANIFEST
    args.push_back(std::move(arg));
  }
  if (args.empty()) return Status::OK();
  return FromRocks(rep_->db->IngestExternalFiles(args), rep_->dir).WithContext("bulk load");
}

}  // namespace newsgraph
