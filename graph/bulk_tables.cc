// WriteBulkTables: a BulkPlan as table files, in exactly keys.h's layout
// and with the encoders ingest uses.
//
// Every key comes out in order without a string sort: edge ids follow the
// plan's (source, type rank, target) order, so edges and outgoing
// adjacency are generated in key order; incoming adjacency, edge types and
// labels take bucket passes by integer. The tables are written as
// independent tasks, largest first, by up to four threads; adjacency (two
// keys an edge) is split into two files at the node where half of its
// entries lie.

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <thread>

#include "graph/bulk_loader.h"
#include "graph/bulk_plan.h"

namespace newsgraph {

namespace {

using Ref = BulkLoader::Ref;
using Staged = BulkLoader::Staged;

// Bucket passes only: edges by type (in edge order, so by source within a
// type), then by target in that order, which leaves each target's incoming
// edges ordered by (type, source).
void IndexEdges(BulkPlan* p) {
  const auto& edges = p->s->edges;
  size_t n = p->s->nodes.size();
  std::vector<size_t> type_start(p->types.size() + 1, 0);
  p->out_start.assign(n + 1, 0);
  p->in_start.assign(n + 1, 0);
  for (const auto& e : edges) {
    ++type_start[e.type + 1];
    ++p->out_start[e.src + 1];
    ++p->in_start[e.dst + 1];
  }
  for (size_t t = 0; t < p->types.size(); ++t) type_start[t + 1] += type_start[t];
  for (size_t i = 0; i < n; ++i) {
    p->out_start[i + 1] += p->out_start[i];
    p->in_start[i + 1] += p->in_start[i];
  }
  p->by_type.resize(edges.size());
  for (uint32_t i = 0; i < edges.size(); ++i) p->by_type[type_start[edges[i].type]++] = i;
  p->in_edges.resize(edges.size());
  std::vector<size_t> fill(p->in_start.begin(), p->in_start.end() - 1);
  for (uint32_t i : p->by_type) p->in_edges[fill[edges[i].dst]++] = {i, edges[i].src, edges[i].type};
}

// Staged edge i's weight and properties into *record (its ends and type
// are the caller's).
void SetWeightAndProperties(const BulkPlan& p, size_t i, Edge* record) {
  const auto& e = p.s->edges[i];
  record->weight = e.weight;
  if (e.extra != Staged::kNoExtra) record->properties = p.s->extras[e.extra].properties;
  else record->properties.clear();
}

// Adjacency of nodes [from, to): per node its outgoing entries (a run of
// edges already in key order), then its incoming ones by (type, source);
// each entry's value is its edge's weight and properties.
Status WriteAdjacency(const BulkPlan* p, Ref from, Ref to, TableFile* f) {
  const auto& edges = p->s->edges;
  std::string key, value;
  Edge record;
  auto put = [&](size_t i) {
    SetWeightAndProperties(*p, i, &record);
    value.clear();
    keys::EncodeAdjacencyValue(record, &value);
    return f->Put(key, value);
  };
  for (Ref r = from; r < to; ++r) {
    for (size_t i = p->out_start[r]; i < p->out_start[r + 1]; ++i) {
      const auto& e = edges[i];
      key.clear();
      keys::AppendAdjacency(&key, p->node(r), keys::kOut, p->types[e.type], p->node(e.dst), p->edge(i));
      NG_RETURN_IF_ERROR(put(i));
    }
    for (size_t k = p->in_start[r]; k < p->in_start[r + 1]; ++k) {
      const BulkPlan::InEdge& e = p->in_edges[k];
      key.clear();
      keys::AppendAdjacency(&key, p->node(r), keys::kIn, p->types[e.type], p->node(e.src), p->edge(e.edge));
      NG_RETURN_IF_ERROR(put(e.edge));
    }
  }
  return Status::OK();
}

// Node records, then the label, name and article indexes.
Status WriteNodes(const BulkPlan& p, TableFile* nodes_file, TableFile* labels_file, TableFile* names_file,
                  TableFile* articles_file) {
  const auto& nodes = p.s->nodes;
  std::string v;
  std::map<std::string, std::vector<Ref>> labels;
  std::vector<std::pair<std::string, Ref>> names;
  for (Ref r = 0; r < nodes.size(); ++r) {
    const Node& node = nodes[r];
    v.clear();
    keys::EncodeNode(node, &v);
    NG_RETURN_IF_ERROR(nodes_file->Put(keys::Id(p.node(r)), v));
    for (const std::string& l : node.labels) labels[l].push_back(r);
    for (const std::string& name : NodeNameKeys(node)) names.emplace_back(name, r);
  }
  for (const auto& [label, refs] : labels)
    for (Ref r : refs) NG_RETURN_IF_ERROR(labels_file->Put(keys::Label(label, p.node(r)), ""));
  std::sort(names.begin(), names.end());
  for (const auto& [name, r] : names) NG_RETURN_IF_ERROR(names_file->Put(keys::Name(name, p.node(r)), ""));
  for (const auto& [hash, r] : p.articles) NG_RETURN_IF_ERROR(articles_file->Put(hash, keys::Id(p.node(r))));
  return Status::OK();
}

// Property index entries of the staged nodes (and of the stored nodes in
// the indexes this load creates), sorted.
Status WritePropertyIndex(const BulkPlan& p, TableFile* f) {
  if (p.catalog.empty()) return Status::OK();
  std::vector<std::string> all = p.stored_index_keys, keys;
  for (const Node& node : p.s->nodes) {
    keys::PropertyIndexKeys(p.catalog, node, &keys);
    for (std::string& k : keys) all.push_back(std::move(k));
  }
  std::sort(all.begin(), all.end());
  for (const std::string& k : all) NG_RETURN_IF_ERROR(f->Put(k, ""));
  return Status::OK();
}

Status WriteEdgeRecords(const BulkPlan& p, TableFile* f) {
  Edge record;
  std::string v;
  for (size_t i = 0; i < p.s->edges.size(); ++i) {
    const auto& e = p.s->edges[i];
    record.src = p.node(e.src);
    record.dst = p.node(e.dst);
    record.type = p.types[e.type];
    SetWeightAndProperties(p, i, &record);
    v.clear();
    keys::EncodeEdge(record, &v);
    NG_RETURN_IF_ERROR(f->Put(keys::Id(p.edge(i)), v));
  }
  return Status::OK();
}

Status WriteEdgeTypes(const BulkPlan& p, TableFile* f) {
  const auto& edges = p.s->edges;
  std::string key;
  for (uint32_t i : p.by_type) {
    key.clear();
    keys::AppendEdgeType(&key, p.types[edges[i].type], p.edge(i));
    NG_RETURN_IF_ERROR(f->Put(key, ""));
  }
  return Status::OK();
}

// Key (edge, article, seq), seq = the record's place in the edge's list.
Status WriteEvidence(const BulkPlan& p, size_t* count, TableFile* f) {
  std::string v;
  std::vector<size_t> by_article;
  for (size_t i = 0; i < p.s->edges.size(); ++i) {
    const auto& e = p.s->edges[i];
    if (e.extra == Staged::kNoExtra) continue;
    const auto& evidence = p.s->extras[e.extra].evidence;
    by_article.resize(evidence.size());
    for (size_t k = 0; k < by_article.size(); ++k) by_article[k] = k;
    std::stable_sort(by_article.begin(), by_article.end(),
                     [&](size_t a, size_t b) { return evidence[a].article < evidence[b].article; });
    for (size_t k : by_article) {
      v.clear();
      keys::EncodeEvidence(evidence[k], &v);
      NG_RETURN_IF_ERROR(f->Put(keys::Evidence(p.edge(i), p.node(evidence[k].article), k), v));
      ++*count;
    }
  }
  return Status::OK();
}

// Runs the tasks on up to four threads (this one included); the first
// failure in task order is returned.
Status RunTasks(const std::vector<std::function<Status()>>& tasks) {
  std::atomic<size_t> next{0};
  std::vector<Status> results(tasks.size());
  auto work = [&] {
    for (size_t i; (i = next++) < tasks.size();) results[i] = tasks[i]();
  };
  unsigned threads = std::min(4u, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (Status& s : results) NG_RETURN_IF_ERROR(s);
  return Status::OK();
}

}  // namespace

Status WriteBulkTables(BulkPlan* plan, TableFiles* files, size_t* evidence) {
  IndexEdges(plan);
  const Staged& s = *plan->s;
  Ref n = static_cast<Ref>(s.nodes.size());
  Ref mid = 0;
  while (mid < n && plan->out_start[mid] + plan->in_start[mid] < s.edges.size()) ++mid;
  NodeId next_node = plan->node(n);
  EdgeId next_edge = plan->edge(s.edges.size());
  TableFile* adjacency[2] = {files->Add(keys::kAdjacency), files->Add(keys::kAdjacency)};
  TableFile* edges_file = files->Add(keys::kEdges);
  TableFile* types_file = files->Add(keys::kEdgeTypes);
  TableFile* node_files[4] = {files->Add(keys::kNodes), files->Add(keys::kLabels), files->Add(keys::kNames),
                              files->Add(keys::kArticles)};
  TableFile* evidence_file = files->Add(keys::kEvidence);
  TableFile* counters = files->Add(keys::kDefault);
  TableFile* index_file = files->Add(keys::kPropertyIndex);
  const BulkPlan& p = *plan;
  // Each task finishes (indexes and syncs) its own files.
  auto finish = [](Status s, std::initializer_list<TableFile*> files) {
    for (TableFile* f : files)
      if (s.ok()) s = f->Finish();
    return s;
  };
  std::vector<std::function<Status()>> tasks = {
      [&] { return finish(WriteAdjacency(plan, 0, mid, adjacency[0]), {adjacency[0]}); },
      [&] { return finish(WriteAdjacency(plan, mid, n, adjacency[1]), {adjacency[1]}); },
      [&] { return finish(WriteEdgeRecords(p, edges_file), {edges_file}); },
      [&] { return finish(WriteEdgeTypes(p, types_file), {types_file}); },
      [&] {
        return finish(WriteNodes(p, node_files[0], node_files[1], node_files[2], node_files[3]),
                      {node_files[0], node_files[1], node_files[2], node_files[3]});
      },
      [&] { return finish(WriteEvidence(p, evidence, evidence_file), {evidence_file}); },
      [&] { return finish(WritePropertyIndex(p, index_file), {index_file}); },
      [&] {
        // Key order: "next_edge" < "next_node" < "property_index:..." (sorted).
        NG_RETURN_IF_ERROR(counters->Put(keys::kNextEdgeKey, keys::Id(next_edge)));
        NG_RETURN_IF_ERROR(counters->Put(keys::kNextNodeKey, keys::Id(next_node)));
        for (const PropertyIndex& index : p.new_indexes)
          NG_RETURN_IF_ERROR(counters->Put(keys::PropertyIndexCatalog(index), ""));
        return finish(Status::OK(), {counters});
      },
  };
  return RunTasks(tasks);
}

}  // namespace newsgraph
