#include "graph/rebuild.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc >= 2.28)
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
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

// "node 3 (:Company 'Acme')", for lists of what is carried or dropped.
std::string Describe(const Graph& g, NodeId id) {
  auto n = g.GetNode(id);
  if (!n.ok()) return "node " + std::to_string(id);
  std::string labels;
  for (const std::string& l : n->labels) labels += ":" + l;
  const std::string* name = StringProperty(n.value(), "name");
  return "node " + std::to_string(id) + " (" + labels + (name ? " '" + *name + "'" : "") + ")";
}

std::string Describe(const Graph& g, const Edge& e) {
  return "edge " + std::to_string(e.id) + " " + Describe(g, e.src) + "-[:" + e.type + "]->" + Describe(g, e.dst);
}

// Whether `label` on extracted node `n` is extraction's: an Article's
// "Article"; an entity's labels that ingest was given for some entity.
bool ExtractedLabel(const Node& n, const std::string& label, const std::set<std::string>& vocabulary) {
  bool article = std::binary_search(n.labels.begin(), n.labels.end(), std::string("Article"));
  return article ? label == "Article" : vocabulary.count(label) > 0;
}

// Whether `key` on extracted node `n` is extraction's: IngestWritesKey's,
// or, on an entity, a key ingest was given for some entity (a gazetteer
// column, even one the new rules dropped).
bool ExtractedKey(const Node& n, const std::string& key, const std::set<std::string>& vocabulary) {
  if (IngestWritesKey(n, key)) return true;
  bool article = std::binary_search(n.labels.begin(), n.labels.end(), std::string("Article"));
  return !article && vocabulary.count(key) > 0;
}

// What in `g` did not come from extraction (rebuild.h).
Status FindCurated(const Graph& g, Rebuild::Curated* out) {
  std::set<NodeId> articles, extracted;  // articles with text; what extraction made
  NG_RETURN_IF_ERROR(g.ForEachNode("Article", [&](const Node& n) {
    Result<std::string> text = g.ArticleText(n.id);
    if (text.ok()) articles.insert(n.id);
    else if (text.status().code() != Status::Code::kNotFound) return text.status();
    return Status::OK();
  }));
  extracted = articles;
  std::vector<Neighbor> mentioned;
  for (NodeId a : articles) {
    NG_RETURN_IF_ERROR(g.Neighbors(a, Direction::kOut, "MENTIONS", &mentioned));
    for (const Neighbor& n : mentioned) extracted.insert(n.node);
  }
  std::vector<EdgeId> edges;
  NG_RETURN_IF_ERROR(g.ScanEdges("", [&](EdgeId id) {
    edges.push_back(id);
    return true;
  }));
  std::vector<EvidenceRecord> evidence;
  // Properties set by hand on a relationship extraction made.
  auto note_set_properties = [&](const Edge& e) {
    Properties set;
    for (const auto& [key, value] : e.properties)
      if (!IngestWritesEdgeKey(key)) set.emplace(key, value);
    if (!set.empty()) out->edge_properties.emplace_back(e.id, std::move(set));
  };
  for (EdgeId id : edges) {
    NG_ASSIGN_OR_RETURN(Edge e, g.GetEdge(id));
    if ((e.type == "MENTIONS" && articles.count(e.src)) ||
        (e.type == kNearDuplicateType && articles.count(e.src) && articles.count(e.dst))) {  // ingest links them again
      note_set_properties(e);
      continue;
    }
    NG_RETURN_IF_ERROR(g.Evidence(id, &evidence));
    // A relation extraction stated: its ends are extraction's too, even one
    // no article mentions by name ("Dutch firm ASML": the Netherlands).
    if (std::any_of(evidence.begin(), evidence.end(), [&](const EvidenceRecord& r) { return articles.count(r.article); })) {
      extracted.insert(e.src);
      extracted.insert(e.dst);
      note_set_properties(e);
      continue;
    }
    if (e.weight == 0 && evidence.empty()) out->edges.push_back(id);
    else out->uncarriable.push_back(Describe(g, e) + ": its weight or evidence did not come from extraction");
  }
  NG_ASSIGN_OR_RETURN(Graph::Vocabulary vocabulary, g.ExtractedVocabulary());
  NG_RETURN_IF_ERROR(g.ForEachNode("", [&](const Node& n) {
    if (!extracted.count(n.id)) {
      out->nodes.push_back(n.id);
      return Status::OK();
    }
    Properties set;
    for (const auto& [key, value] : n.properties)
      if (!ExtractedKey(n, key, vocabulary.keys)) set.emplace(key, value);
    if (!set.empty()) out->set_properties.emplace_back(n.id, std::move(set));
    std::vector<std::string> labels;
    for (const std::string& label : n.labels)
      if (!ExtractedLabel(n, label, vocabulary.labels)) labels.push_back(label);
    if (!labels.empty()) out->added_labels.emplace_back(n.id, std::move(labels));
    return Status::OK();
  }));
  return Status::OK();
}

}  // namespace

Status Rebuild::CarryCurated(bool drop, const std::set<std::string>& rule_keys, CarryReport* report) {
  std::vector<std::string>& dropped = report->dropped;
  dropped.insert(dropped.end(), curated_.uncarriable.begin(), curated_.uncarriable.end());
  NG_RETURN_IF_ERROR(target_->BeginWrites());
  std::map<NodeId, NodeId> copies;
  Status s;
  for (NodeId id : curated_.nodes) {
    Result<Node> n = source_->GetNode(id);
    Result<NodeId> copy = n.ok() ? target_->CreateNode(n->labels, n->properties) : Result<NodeId>(n.status());
    if (!copy.ok()) {
      s = copy.status();
      break;
    }
    copies[id] = copy.value();
    ++report->nodes;
  }
  // An extracted node's rebuilt node: the Article of its content hash, else
  // the node of its name; 0 if the target has none.
  auto rebuilt = [&](NodeId id, NodeId* out) -> Status {
    *out = 0;
    NG_ASSIGN_OR_RETURN(Node n, source_->GetNode(id));
    const std::string* hash = StringProperty(n, "hash");
    if (hash && std::binary_search(n.labels.begin(), n.labels.end(), std::string("Article"))) {
      Result<NodeId> article = target_->FindArticle(*hash);
      if (article.ok()) *out = article.value();
      return article.ok() || article.status().code() == Status::Code::kNotFound ? Status::OK() : article.status();
    }
    const std::string* name = StringProperty(n, "name");
    std::vector<NodeId> found;
    if (name) NG_RETURN_IF_ERROR(target_->FindByName(*name, &found));
    if (!found.empty()) *out = found.front();
    return Status::OK();
  };
  // An end is its copy, or the rebuilt node of an extracted one.
  auto end = [&](NodeId id, NodeId* out) -> Status {
    if (auto it = copies.find(id); it != copies.end()) return *out = it->second, Status::OK();
    return rebuilt(id, out);
  };
  for (size_t i = 0; s.ok() && i < curated_.edges.size(); ++i) {
    Result<Edge> e = source_->GetEdge(curated_.edges[i]);
    if (!e.ok()) {
      s = e.status();
      break;
    }
    NodeId src = 0, dst = 0;
    s = end(e->src, &src);
    if (s.ok()) s = end(e->dst, &dst);
    if (!s.ok()) break;
    if (!src || !dst) {
      dropped.push_back(Describe(*source_, e.value()) + ": the new extraction has no node of that name");
      continue;
    }
    s = target_->CreateEdge(src, e->type, dst, e->properties).status();
    if (s.ok()) ++report->edges;
  }
  // Labels and properties set on extracted nodes: onto the rebuilt node,
  // unless the new extraction writes that label or key itself (on any
  // node), or gave the node that key.
  Graph::Vocabulary extraction;  // what the new extraction writes
  if (s.ok()) {
    Result<Graph::Vocabulary> written = target_->ExtractedVocabulary();
    if (written.ok()) extraction = std::move(written).value();
    else s = written.status();
  }
  extraction.keys.insert(rule_keys.begin(), rule_keys.end());
  for (size_t i = 0; s.ok() && i < curated_.added_labels.size(); ++i) {
    NodeId from = curated_.added_labels[i].first, to = 0;
    Result<Node> old = source_->GetNode(from);
    s = old.ok() ? rebuilt(from, &to) : old.status();
    for (const std::string& label : curated_.added_labels[i].second) {
      if (!s.ok() || ExtractedLabel(old.value(), label, extraction.labels)) continue;
      std::string what = "label '" + label + "' of " + Describe(*source_, from);
      if (!to) dropped.push_back(what + ": the new extraction has no node of that name");
      else if ((s = target_->AddLabel(to, label)).ok()) report->annotations.push_back(what);
    }
  }
  for (size_t i = 0; s.ok() && i < curated_.set_properties.size(); ++i) {
    NodeId from = curated_.set_properties[i].first, to = 0;
    Result<Node> old = source_->GetNode(from);
    s = old.ok() ? rebuilt(from, &to) : old.status();
    Result<Node> now = s.ok() && to ? target_->GetNode(to) : Result<Node>(Node());
    if (s.ok()) s = now.status();
    for (const auto& [key, value] : curated_.set_properties[i].second) {
      if (!s.ok()) break;
      if (ExtractedKey(old.value(), key, extraction.keys)) continue;
      std::string what = "property '" + key + "' of " + Describe(*source_, from);
      if (!to) dropped.push_back(what + ": the new extraction has no node of that name");
      else if (now->properties.count(key)) continue;
      else if ((s = target_->SetNodeProperty(to, key, value)).ok()) report->annotations.push_back(what);
    }
  }
  // Properties set on extracted relationships: onto the rebuilt one, the
  // relationship of the same type between the rebuilt ends.
  std::vector<Neighbor> out;
  for (size_t i = 0; s.ok() && i < curated_.edge_properties.size(); ++i) {
    Result<Edge> e = source_->GetEdge(curated_.edge_properties[i].first);
    if (!e.ok()) {
      s = e.status();
      break;
    }
    NodeId src = 0, dst = 0;
    EdgeId to = 0;
    s = rebuilt(e->src, &src);
    if (s.ok()) s = rebuilt(e->dst, &dst);
    if (s.ok() && src && dst) s = target_->Neighbors(src, Direction::kOut, e->type, &out);
    if (s.ok() && src && dst)
      for (const Neighbor& n : out)
        if (n.node == dst && (!to || n.edge < to)) to = n.edge;
    for (const auto& [key, value] : curated_.edge_properties[i].second) {
      if (!s.ok()) break;
      std::string what = "property '" + key + "' of " + Describe(*source_, e.value());
      if (!to) dropped.push_back(what + ": the new extraction does not state it");
      else if ((s = target_->SetEdgeProperty(to, key, value)).ok()) report->annotations.push_back(what);
    }
  }
  if (s.ok() && !dropped.empty() && !drop)
    s = Status::InvalidArgument(std::to_string(dropped.size()) + " curated or imported relationship" +
                                (dropped.size() == 1 ? "" : "s") +
                                ", labels or properties cannot be carried into the rebuilt graph");
  if (!s.ok()) {
    target_->AbortWrites();
    return s;
  }
  return target_->CommitWrites();
}

Result<std::unique_ptr<Rebuild>> Rebuild::Start(const std::string& dir, double near_duplicate_threshold) {
  std::unique_ptr<Rebuild> r(new Rebuild());
  // Through a symbolic link, the database rebuilt is the link's target (the
  // link stays a link).
  std::string clean = fs::path(dir).lexically_normal().string();
  while (clean.size() > 1 && clean.back() == '/') clean.pop_back();
  std::error_code ec;
  if (fs::is_symlink(clean, ec)) {
    clean = fs::canonical(clean, ec).string();
    if (ec) return Status::NotFound("no newsgraph database at " + dir + ": " + ec.message());
  }
  r->dir_ = clean;
  if (!fs::exists(fs::path(clean) / "CURRENT", ec))
    return Status::NotFound("no newsgraph database at " + dir);
  NG_RETURN_IF_ERROR(r->lock_.Acquire(clean));
  NG_ASSIGN_OR_RETURN(r->source_, Graph::Open(clean, OpenOptions::Reader()));
  NG_RETURN_IF_ERROR(FindCurated(*r->source_, &r->curated_));
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
  OpenOptions writer = OpenOptions::Writer();
  writer.near_duplicate_threshold = near_duplicate_threshold;
  NG_ASSIGN_OR_RETURN(r->target_, Graph::Open(r->target_dir_, writer));
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
    if (!text.ok() && text.status().code() == Status::Code::kNotFound) return Status::OK();
    if (!text.ok()) return text.status().WithContext("article node " + std::to_string(node.id));
    auto property = [&](const char* key) {
      const std::string* value = StringProperty(node, key);
      return value ? *value : std::string();
    };
    Article a;
    a.id = property("article_id");
    a.title = property("title");
    a.date = ArticleDateText(node);
    a.source = property("source");
    a.text = std::move(text).value();
    a.origin = a.id.empty() ? "article node " + std::to_string(node.id) : a.id;
    return fn(std::move(a));
  });
}

}  // namespace newsgraph
