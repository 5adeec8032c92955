#include "graph/rebuild.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc >= 2.28)
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "graph/recovery.h"

namespace newsgraph {

namespace fs = std::filesystem;

namespace {

// Every file in `dir`, then `dir` itself.
Status SyncTree(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec)) NG_RETURN_IF_ERROR(SyncPath(entry.path().string()));
  if (ec) return Status::IOError(dir + ": " + ec.message());
  return SyncPath(dir);
}

// Swaps the directories `a` and `b` in one step where the file system can;
// elsewhere in two renames (a crash between them leaves `a` missing and the
// new database at `b`: documented in graph/README.md).
Status ExchangeDirs(const std::string& a, const std::string& b) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return Status::OK();
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return Status::IOError("cannot swap " + a + " and " + b + ": " + std::strerror(errno));
  std::string aside = a + ".old";
  if (::rename(a.c_str(), aside.c_str()) != 0 || ::rename(b.c_str(), a.c_str()) != 0 ||
      ::rename(aside.c_str(), b.c_str()) != 0)
    return Status::IOError("cannot swap " + a + " and " + b + ": " + std::strerror(errno));
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<Rebuild>> Rebuild::Start(const std::string& dir) {
  std::unique_ptr<Rebuild> r(new Rebuild());
  std::string clean = fs::path(dir).lexically_normal().string();
  while (clean.size() > 1 && clean.back() == '/') clean.pop_back();
  r->dir_ = clean;
  std::error_code ec;
  if (!fs::exists(fs::path(clean) / "CURRENT", ec))
    return Status::NotFound("no newsgraph database at " + dir);
  NG_RETURN_IF_ERROR(r->lock_.Acquire(clean));
  auto source = Graph::Open(clean, OpenOptions::Reader());
  if (!source.ok()) return source.status();
  r->source_ = std::move(source).value();
  // A leftover of an interrupted rebuild (ours: only a holder of DIR's lock
  // writes there) is removed; anything else there is not ours to delete.
  std::string target_dir = clean + ".rebuild";
  if (fs::exists(target_dir, ec)) {
    if (!fs::exists(fs::path(target_dir) / kWriterLockFile, ec))
      return Status::InvalidArgument(target_dir + " exists and is not a newsgraph database; move it away");
    fs::remove_all(target_dir, ec);
    if (ec) return Status::IOError(target_dir + ": cannot remove leftover rebuild: " + ec.message());
  }
  r->target_dir_ = target_dir;  // ours from here on: removed unless committed
  auto target = Graph::Open(r->target_dir_, OpenOptions::Writer());
  if (!target.ok()) return target.status();
  r->target_ = std::move(target).value();
  // The new database keeps the old one's property indexes (created while
  // it is empty; ingest fills them).
  for (const PropertyIndex& index : r->source_->PropertyIndexes()) {
    Result<bool> created = r->target_->CreatePropertyIndex(index);
    if (!created.ok()) return created.status();
  }
  return r;
}

Rebuild::~Rebuild() {
  if (committed_) return;
  target_.reset();
  source_.reset();
  std::error_code ec;
  if (!target_dir_.empty()) fs::remove_all(target_dir_, ec);
}

Status Rebuild::Commit() {
  target_.reset();  // closes the new database: its data is in its files
  source_.reset();
  NG_RETURN_IF_ERROR(SyncTree(target_dir_));
  NG_RETURN_IF_ERROR(ExchangeDirs(dir_, target_dir_));
  committed_ = true;
  std::string parent = fs::path(dir_).has_parent_path() ? fs::path(dir_).parent_path().string() : ".";
  Status synced = SyncPath(parent);
  // The old database now sits at target_dir_; our lock is its lock file.
  std::error_code ec;
  fs::remove_all(target_dir_, ec);
  lock_.Release();
  if (!synced.ok()) return synced.WithContext("rebuilt " + dir_ + ", but the swap may not survive a power loss");
  if (ec) return Status::IOError("rebuilt " + dir_ + ", but cannot remove the old database now in " + target_dir_ +
                                 ": " + ec.message());
  return Status::OK();
}

Status ForEachStoredArticle(const Graph& graph, const std::function<Status(Article&&)>& fn) {
  // The label index is in id order, which is ingest order.
  return graph.ForEachNode("Article", [&](const Node& node) {
    Result<std::string> text = graph.ArticleText(node.id);
    if (!text.ok()) return text.status().WithContext("article node " + std::to_string(node.id));
    auto property = [&](const char* key) {
      const std::string* value = StringProperty(node, key);
      return value ? *value : std::string();
    };
    Article a;
    a.id = property("article_id");
    a.title = property("title");
    a.date = property("date");
    a.source = property("source");
    a.text = std::move(text).value();
    a.origin = a.id.empty() ? "article node " + std::to_string(node.id) : a.id;
    return fn(std::move(a));
  });
}

}  // namespace newsgraph
