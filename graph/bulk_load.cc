// BulkLoader and Graph::BulkLoad: many new nodes and edges staged in memory,
// then written as sorted table files that are ingested into every column
// family in one atomic step (table_files.h), so a failed or interrupted load
// leaves nothing behind.
//
// Here: staging, the checks that must pass before anything is written
// (article hashes), and the plan: edges ordered once by (source, type rank,
// target), type ranks in key order, equal triples merged as ingest merges
// them. bulk_tables.cc turns the plan into table files.

#include <algorithm>
#include <utility>

#include "graph/bulk_loader.h"
#include "graph/bulk_plan.h"
#include "graph/coding.h"

namespace newsgraph {

BulkLoader::BulkLoader() : staged_(std::make_unique<Staged>()) {}
BulkLoader::~BulkLoader() = default;
void BulkLoader::IndexProperty(const PropertyIndex& index) {
  if (std::find(staged_->indexes.begin(), staged_->indexes.end(), index) == staged_->indexes.end())
    staged_->indexes.push_back(index);
}

size_t BulkLoader::nodes() const { return staged_->nodes.size(); }
size_t BulkLoader::edges() const { return staged_->edges.size(); }

BulkLoader::Ref BulkLoader::AddNode(std::vector<std::string> labels, Properties properties) {
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  Node& n = staged_->nodes.emplace_back();
  n.labels = std::move(labels);
  n.properties = std::move(properties);
  return static_cast<Ref>(staged_->nodes.size() - 1);
}

Status BulkLoader::AddEdge(Ref src, std::string_view type, Ref dst, int64_t weight, Properties properties,
                           std::vector<EvidenceRecord> evidence) {
  Staged& s = *staged_;
  if (src >= s.nodes.size() || dst >= s.nodes.size()) return Status::InvalidArgument("edge joins an unknown node");
  if (type.empty()) return Status::InvalidArgument("edge without a type");
  if (weight < 0) return Status::InvalidArgument("negative edge weight " + std::to_string(weight));
  for (const EvidenceRecord& e : evidence)
    if (e.article >= s.nodes.size()) return Status::InvalidArgument("evidence cites an unknown article");
  uint32_t type_id = s.TypeId(type);
  uint32_t extra = Staged::kNoExtra;
  if (!properties.empty() || !evidence.empty()) {
    extra = static_cast<uint32_t>(s.extras.size());
    s.extras.push_back({std::move(properties), std::move(evidence)});
  }
  s.edges.push_back({src, dst, type_id, extra, weight});
  return Status::OK();
}

namespace {

using Staged = BulkLoader::Staged;
using Ref = BulkLoader::Ref;

// Sorts the edges by (source, type rank, target), replaces type indices by
// ranks, merges equal triples; returns the type names by rank.
std::vector<std::string> OrderEdges(Staged* s, size_t* merged) {
  std::vector<uint32_t> order(s->types.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return s->types[a] < s->types[b]; });
  std::vector<uint32_t> rank(order.size());
  std::vector<std::string> names(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = r;
    names[r] = s->types[order[r]];
  }
  for (Staged::Edge& e : s->edges) e.type = rank[e.type];
  auto key_less = [](const Staged::Edge& a, const Staged::Edge& b) {
    if (a.src != b.src) return a.src < b.src;
    if (a.type != b.type) return a.type < b.type;
    return a.dst < b.dst;
  };
  // Stable throughout, so that of equal triples the first staged comes
  // first (it keeps its properties): a bucket pass by source, then each
  // source's edges by (type, target).
  {
    std::vector<size_t> start(s->nodes.size() + 1, 0);
    for (const auto& e : s->edges) ++start[e.src + 1];
    for (size_t i = 0; i < s->nodes.size(); ++i) start[i + 1] += start[i];
    std::vector<Staged::Edge> sorted(s->edges.size());
    std::vector<size_t> fill(start.begin(), start.end() - 1);
    for (const auto& e : s->edges) sorted[fill[e.src]++] = e;
    s->edges.swap(sorted);
    for (size_t i = 0; i < s->nodes.size(); ++i)
      if (start[i + 1] - start[i] > 1)
        std::stable_sort(s->edges.begin() + start[i], s->edges.begin() + start[i + 1], key_less);
  }
  size_t w = 0;
  for (size_t r = 0; r < s->edges.size(); ++r) {
    Staged::Edge& e = s->edges[r];
    if (w > 0 && !key_less(s->edges[w - 1], e)) {
      Staged::Edge& into = s->edges[w - 1];
      into.weight = AddWeights(into.weight, e.weight);
      ++*merged;
      if (e.extra == Staged::kNoExtra) continue;
      if (into.extra == Staged::kNoExtra) {
        into.extra = e.extra;
        continue;
      }
      Staged::Extra& to = s->extras[into.extra];
      Staged::Extra& from = s->extras[e.extra];
      for (auto& [k, v] : from.properties) to.properties.emplace(k, std::move(v));
      for (EvidenceRecord& ev : from.evidence) to.evidence.push_back(std::move(ev));
      continue;
    }
    s->edges[w++] = e;
  }
  s->edges.resize(w);
  return names;
}

}  // namespace

Result<BulkLoadOutcome> Graph::BulkLoad(BulkLoader* loader) {
  if (rep_->read_only) return Status::InvalidArgument(rep_->dir + " is open read-only");
  std::unique_ptr<Staged> staged = std::exchange(loader->staged_, std::make_unique<Staged>());
  Staged& s = *staged;
  BulkLoadOutcome out;
  out.first_node = rep_->next_node;
  out.first_edge = rep_->next_edge;
  if (s.nodes.empty()) return out;

  // Articles: content hash -> node; each new to the load and to the database.
  std::vector<std::pair<std::string, Ref>> articles;
  for (Ref r = 0; r < s.nodes.size(); ++r) {
    const Node& n = s.nodes[r];
    const std::string* hash = StringProperty(n, "hash");
    if (hash && std::binary_search(n.labels.begin(), n.labels.end(), std::string("Article")))
      articles.emplace_back(*hash, r);
  }
  std::sort(articles.begin(), articles.end());
  auto title = [&](Ref r) {
    const std::string* name = StringProperty(s.nodes[r], "name");
    return "article '" + (name ? *name : std::string("?")) + "'";
  };
  for (size_t i = 0; i < articles.size(); ++i) {
    const auto& [hash, r] = articles[i];
    if (i > 0 && articles[i - 1].first == hash)
      return Status::InvalidArgument(title(articles[i - 1].second) + " and " + title(r) +
                                     " have the same content hash " + hash + ": the input holds one article twice");
    std::string stored;
    Status found = rep_->Get(keys::kArticles, hash, &stored, "article");
    if (found.ok()) {
      std::string_view in(stored);
      NodeId id = 0;
      GetFixed64BE(&in, &id);
      return Status::InvalidArgument(title(r) + " (content hash " + hash + ") is stored in " + rep_->dir +
                                     " already, as node " + std::to_string(id) +
                                     "; imported nodes are always new nodes, so import into another database");
    }
    if (found.code() != Status::Code::kNotFound) return found;
  }

  BulkPlan plan{&s, OrderEdges(&s, &out.merged), rep_->next_node, rep_->next_edge, {}, {}, {}, {}, std::move(articles), {}, {}, {}};
  for (Ref r = 0; r < s.nodes.size(); ++r) s.nodes[r].id = plan.node(r);  // for their property index keys
  // Property indexes: the stored ones, and those the load creates, which
  // must cover the stored nodes too.
  plan.catalog = rep_->property_indexes;
  for (const PropertyIndex& index : s.indexes) {
    if (std::find(plan.catalog.begin(), plan.catalog.end(), index) != plan.catalog.end()) continue;
    plan.catalog.push_back(index);
    plan.new_indexes.push_back(index);
    std::vector<std::string> keys;
    NG_RETURN_IF_ERROR(ForEachNode(index.label, [&](const Node& n) {
      keys::PropertyIndexKeys({index}, n, &keys);
      plan.stored_index_keys.insert(plan.stored_index_keys.end(), keys.begin(), keys.end());
      return Status::OK();
    }));
  }
  std::sort(plan.catalog.begin(), plan.catalog.end());
  std::sort(plan.new_indexes.begin(), plan.new_indexes.end());
  std::sort(plan.stored_index_keys.begin(), plan.stored_index_keys.end());
  NodeId next_node = rep_->next_node + s.nodes.size();
  EdgeId next_edge = rep_->next_edge + s.edges.size();
  auto files = TableFiles::Create(rep_.get());
  if (!files.ok()) return files.status();
  NG_RETURN_IF_ERROR(WriteBulkTables(&plan, files.value().get(), &out.evidence));
  NG_RETURN_IF_ERROR(files.value()->Ingest());
  rep_->ForgetWriterCaches();  // new names

  rep_->next_node = next_node;
  rep_->next_edge = next_edge;
  rep_->property_indexes = plan.catalog;
  out.nodes = s.nodes.size();
  out.edges = s.edges.size();
  return out;
}

}  // namespace newsgraph
