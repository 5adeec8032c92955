// Curation writes: the Graph's mutation API (graph.h, "curation writes").
//
// All writes of one transaction go into Rep::pending->batch, a
// WriteBatchWithIndex with overwrite_key, so that Rep::Get and ScanPrefix
// (graph.cc) read the database with the batch laid over it. CommitWrites()
// hands the batch to one DB::Write: a crash leaves all or nothing.
//
// Index maintenance per record change:
//   node    nodes record; labels (diff); names (diff of lower-cased `name`
//           and `aliases` strings); property_index (diff, per catalog
//           entry); Article nodes also own articles/texts
//   edge    edges record; adjacency out and in; edge_types; evidence (on
//           delete)
//   counts  next_node/next_edge and deleted_nodes/deleted_edges (default CF)

#include <algorithm>
#include <set>

#include "graph/coding.h"
#include "graph/near_duplicate.h"
#include "graph/rep.h"

namespace newsgraph {

namespace {

bool HasLabel(const Node& n, const std::string& label) {
  return std::binary_search(n.labels.begin(), n.labels.end(), label);
}

// Helpers with access to the Rep.
struct MutationOps {
  Graph::Rep& rep;
  PendingWrites& w;

  Status Put(keys::ColumnFamily f, const std::string& key, const std::string& value) {
    return FromRocks(w.batch.Put(rep.handle(f), key, value), rep.dir);
  }
  Status Del(keys::ColumnFamily f, const std::string& key) {
    return FromRocks(w.batch.Delete(rep.handle(f), key), rep.dir);
  }

  // Writes `now` over `before` (null for a new node), keeping the indexes.
  Status WriteNode(const Node* before, const Node& now) {
    std::string v;
    keys::EncodeNode(now, &v);
    NG_RETURN_IF_ERROR(Put(keys::kNodes, keys::Id(now.id), v));
    for (const std::string& l : now.labels)
      if (!before || !HasLabel(*before, l)) NG_RETURN_IF_ERROR(Put(keys::kLabels, keys::Label(l, now.id), ""));
    if (before)
      for (const std::string& l : before->labels)
        if (!HasLabel(now, l)) NG_RETURN_IF_ERROR(Del(keys::kLabels, keys::Label(l, now.id)));
    std::set<std::string> old_names = before ? NodeNameKeys(*before) : std::set<std::string>();
    std::set<std::string> new_names = NodeNameKeys(now);
    for (const std::string& n : new_names)
      if (!old_names.count(n)) NG_RETURN_IF_ERROR(Put(keys::kNames, keys::Name(n, now.id), ""));
    for (const std::string& n : old_names)
      if (!new_names.count(n)) NG_RETURN_IF_ERROR(Del(keys::kNames, keys::Name(n, now.id)));
    if (rep.property_indexes.empty()) return Status::OK();
    std::vector<std::string> old_keys, new_keys;
    if (before) keys::PropertyIndexKeys(rep.property_indexes, *before, &old_keys);
    keys::PropertyIndexKeys(rep.property_indexes, now, &new_keys);
    for (const std::string& k : new_keys)
      if (!std::binary_search(old_keys.begin(), old_keys.end(), k)) NG_RETURN_IF_ERROR(Put(keys::kPropertyIndex, k, ""));
    for (const std::string& k : old_keys)
      if (!std::binary_search(new_keys.begin(), new_keys.end(), k)) NG_RETURN_IF_ERROR(Del(keys::kPropertyIndex, k));
    return Status::OK();
  }

  // The edge record and both adjacency entries, which carry its weight and
  // properties (keys.h).
  Status WriteEdge(const Edge& e) {
    std::string v;
    keys::EncodeEdge(e, &v);
    NG_RETURN_IF_ERROR(Put(keys::kEdges, keys::Id(e.id), v));
    v.clear();
    keys::EncodeAdjacencyValue(e, &v);
    NG_RETURN_IF_ERROR(Put(keys::kAdjacency, keys::Adjacency(e.src, keys::kOut, e.type, e.dst, e.id), v));
    return Put(keys::kAdjacency, keys::Adjacency(e.dst, keys::kIn, e.type, e.src, e.id), v);
  }

  // Edge ids at `node`, both directions, each once (self-loops show twice).
  Result<std::vector<EdgeId>> EdgesAt(NodeId node) {
    std::set<EdgeId> ids;
    for (char d : {keys::kOut, keys::kIn})
      NG_RETURN_IF_ERROR(ScanPrefix(rep, keys::kAdjacency, keys::AdjacencyPrefix(node, d, ""),
                                    [&](std::string_view k, std::string_view) {
                                      NodeId self, other;
                                      EdgeId id;
                                      char dir;
                                      std::string type;
                                      if (keys::ParseAdjacency(k, &self, &dir, &type, &other, &id)) ids.insert(id);
                                      return true;
                                    }));
    return std::vector<EdgeId>(ids.begin(), ids.end());
  }
};

}  // namespace

Status Graph::BeginWrites() {
  if (rep_->read_only) return Status::InvalidArgument(rep_->dir + " is open read-only; writing needs a writer");
  if (rep_->pending) return Status::InvalidArgument("a write transaction is already open on " + rep_->dir);
  rep_->pending = std::make_unique<PendingWrites>();
  rep_->pending->next_node = rep_->next_node;
  rep_->pending->next_edge = rep_->next_edge;
  return Status::OK();
}

bool Graph::WritesOpen() const { return rep_->pending != nullptr; }

void Graph::AbortWrites() { rep_->pending.reset(); }

Status Graph::CommitWrites() {
  if (!rep_->pending) return Status::InvalidArgument("no write transaction is open");
  PendingWrites& w = *rep_->pending;
  MutationOps ops{*rep_, w};
  for (NodeId id : w.must_be_unconnected) {
    Result<std::vector<EdgeId>> left = ops.EdgesAt(id);
    Status s = left.ok() ? Status::OK() : left.status();
    if (s.ok() && !left->empty())
      s = Status::InvalidArgument("cannot delete node " + std::to_string(id) + ": it still has " +
                                  std::to_string(left->size()) +
                                  " relationship(s); delete them first, or use DETACH DELETE");
    if (!s.ok()) {
      AbortWrites();
      return s;
    }
  }
  Status s = ops.Put(keys::kDefault, keys::kNextNodeKey, keys::Id(w.next_node));
  if (s.ok()) s = ops.Put(keys::kDefault, keys::kNextEdgeKey, keys::Id(w.next_edge));
  if (s.ok() && w.deleted_nodes)
    s = ops.Put(keys::kDefault, keys::kDeletedNodesKey, keys::Id(rep_->deleted_nodes + w.deleted_nodes));
  if (s.ok() && w.deleted_edges)
    s = ops.Put(keys::kDefault, keys::kDeletedEdgesKey, keys::Id(rep_->deleted_edges + w.deleted_edges));
  if (s.ok()) s = FromRocks(rep_->db->Write(rocksdb::WriteOptions(), w.batch.GetWriteBatch()), rep_->dir);
  if (s.ok()) {
    rep_->next_node = w.next_node;
    rep_->next_edge = w.next_edge;
    rep_->deleted_nodes += w.deleted_nodes;
    rep_->deleted_edges += w.deleted_edges;
  }
  rep_->ForgetWriterCaches();  // names and nodes may have changed
  AbortWrites();
  return s;
}

namespace {
Status NeedWrites(const Graph::Rep& rep) {
  return rep.pending ? Status::OK() : Status::InvalidArgument("no write transaction is open (call BeginWrites)");
}
}  // namespace

Result<NodeId> Graph::CreateNode(std::vector<std::string> labels, Properties properties) {
  NG_RETURN_IF_ERROR(NeedWrites(*rep_));
  Node n;
  n.id = rep_->pending->next_node++;
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  n.labels = std::move(labels);
  for (auto& [k, v] : properties)
    if (!v.is_null()) n.properties.emplace(k, std::move(v));
  NG_RETURN_IF_ERROR((MutationOps{*rep_, *rep_->pending}.WriteNode(nullptr, n)));
  return n.id;
}

Result<EdgeId> Graph::CreateEdge(NodeId src, std::string_view type, NodeId dst, Properties properties) {
  NG_RETURN_IF_ERROR(NeedWrites(*rep_));
  for (NodeId end : {src, dst}) {
    Result<Node> n = GetNode(end);
    if (!n.ok()) return n.status();
  }
  MutationOps ops{*rep_, *rep_->pending};
  Edge e;
  e.id = rep_->pending->next_edge++;
  e.src = src;
  e.dst = dst;
  e.type = std::string(type);
  for (auto& [k, v] : properties)
    if (!v.is_null()) e.properties.emplace(k, std::move(v));
  NG_RETURN_IF_ERROR(ops.WriteEdge(e));
  NG_RETURN_IF_ERROR(ops.Put(keys::kEdgeTypes, keys::EdgeType(e.type, e.id), ""));
  return e.id;
}

Status Graph::UpdateNode(Node node) {
  NG_RETURN_IF_ERROR(NeedWrites(*rep_));
  Result<Node> before = GetNode(node.id);
  if (!before.ok()) return before.status();
  std::sort(node.labels.begin(), node.labels.end());
  node.labels.erase(std::unique(node.labels.begin(), node.labels.end()), node.labels.end());
  for (auto it = node.properties.begin(); it != node.properties.end();)
    it = it->second.is_null() ? node.properties.erase(it) : std::next(it);
  return MutationOps{*rep_, *rep_->pending}.WriteNode(&before.value(), node);
}

Status Graph::SetNodeProperty(NodeId id, const std::string& key, const PropertyValue& value) {
  Result<Node> n = GetNode(id);
  if (!n.ok()) return n.status();
  if (value.is_null()) n->properties.erase(key);
  else n->properties[key] = value;
  return UpdateNode(std::move(n).value());
}

Status Graph::AddLabel(NodeId id, const std::string& label) {
  Result<Node> n = GetNode(id);
  if (!n.ok()) return n.status();
  n->labels.push_back(label);
  return UpdateNode(std::move(n).value());
}

Status Graph::RemoveLabel(NodeId id, const std::string& label) {
  Result<Node> n = GetNode(id);
  if (!n.ok()) return n.status();
  n->labels.erase(std::remove(n->labels.begin(), n->labels.end(), label), n->labels.end());
  return UpdateNode(std::move(n).value());
}

Status Graph::SetEdgeProperties(EdgeId id, Properties properties) {
  NG_RETURN_IF_ERROR(NeedWrites(*rep_));
  Result<Edge> e = GetEdge(id);
  if (!e.ok()) return e.status();
  e->properties.clear();
  for (auto& [k, v] : properties)
    if (!v.is_null()) e->properties.emplace(k, std::move(v));
  return MutationOps{*rep_, *rep_->pending}.WriteEdge(e.value());
}

Status Graph::SetEdgeProperty(EdgeId id, const std::string& key, const PropertyValue& value) {
  Result<Edge> e = GetEdge(id);
  if (!e.ok()) return e.status();
  Properties props = e->properties;
  if (value.is_null()) props.erase(key);
  else props[key] = value;
  return SetEdgeProperties(id, std::move(props));
}

Status Graph::DeleteEdge(EdgeId id) {
  NG_RETURN_IF_ERROR(NeedWrites(*rep_));
  Result<Edge> found = GetEdge(id);
  if (!found.ok()) return found.status();
  const Edge& e = found.value();
  MutationOps ops{*rep_, *rep_->pending};
  NG_RETURN_IF_ERROR(ops.Del(keys::kEdges, keys::Id(id)));
  NG_RETURN_IF_ERROR(ops.Del(keys::kAdjacency, keys::Adjacency(e.src, keys::kOut, e.type, e.dst, id)));
  NG_RETURN_IF_ERROR(ops.Del(keys::kAdjacency, keys::Adjacency(e.dst, keys::kIn, e.type, e.src, id)));
  NG_RETURN_IF_ERROR(ops.Del(keys::kEdgeTypes, keys::EdgeType(e.type, id)));
  std::vector<std::string> evidence;
  NG_RETURN_IF_ERROR(ScanPrefix(*rep_, keys::kEvidence, keys::Id(id), [&](std::string_view k, std::string_view) {
    evidence.emplace_back(k);
    return true;
  }));
  for (const std::string& k : evidence) NG_RETURN_IF_ERROR(ops.Del(keys::kEvidence, k));
  ++rep_->pending->deleted_edges;
  return Status::OK();
}

Status Graph::DeleteNode(NodeId id, bool detach) {
  NG_RETURN_IF_ERROR(NeedWrites(*rep_));
  Result<Node> found = GetNode(id);
  if (!found.ok()) return found.status();
  const Node& n = found.value();
  MutationOps ops{*rep_, *rep_->pending};
  if (detach) {
    Result<std::vector<EdgeId>> edges = ops.EdgesAt(id);
    if (!edges.ok()) return edges.status();
    for (EdgeId e : edges.value()) NG_RETURN_IF_ERROR(DeleteEdge(e));
  } else {
    rep_->pending->must_be_unconnected.insert(id);
  }
  NG_RETURN_IF_ERROR(ops.Del(keys::kNodes, keys::Id(id)));
  for (const std::string& l : n.labels) NG_RETURN_IF_ERROR(ops.Del(keys::kLabels, keys::Label(l, id)));
  for (const std::string& k : NodeNameKeys(n)) NG_RETURN_IF_ERROR(ops.Del(keys::kNames, keys::Name(k, id)));
  std::vector<std::string> index_keys;
  keys::PropertyIndexKeys(rep_->property_indexes, n, &index_keys);
  for (const std::string& k : index_keys) NG_RETURN_IF_ERROR(ops.Del(keys::kPropertyIndex, k));
  if (HasLabel(n, "Article")) {
    auto hash = n.properties.find("hash");
    std::string owner;
    if (hash != n.properties.end() && hash->second.as_string() &&
        rep_->Get(keys::kArticles, *hash->second.as_string(), &owner, "article").ok() && owner == keys::Id(id))
      NG_RETURN_IF_ERROR(ops.Del(keys::kArticles, *hash->second.as_string()));
    std::string text;  // its near-duplicate index entries go with it
    Status read = rep_->Get(keys::kTexts, keys::Id(id), &text, "article text");
    if (!read.ok() && read.code() != Status::Code::kNotFound) return read;
    if (read.ok())
      for (const std::string& k : ShingleBandKeys(id, text)) NG_RETURN_IF_ERROR(ops.Del(keys::kShingleBands, k));
    NG_RETURN_IF_ERROR(ops.Del(keys::kTexts, keys::Id(id)));
  }
  ++rep_->pending->deleted_nodes;
  return Status::OK();
}

}  // namespace newsgraph
