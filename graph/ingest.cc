// Graph::IngestArticle: one article and its facts as one atomic WriteBatch.
//
// Everything an article adds is staged in memory (`Staging`) and written by
// a single DB::Write, so after a crash the store holds the article whole or
// not at all. The id counters are part of the same batch.

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <map>
#include <set>

#include "graph/coding.h"
#include "graph/rep.h"

namespace newsgraph {

namespace {

void AddSorted(std::vector<std::string>* v, const std::string& s) {
  auto it = std::lower_bound(v->begin(), v->end(), s);
  if (it == v->end() || *it != s) v->insert(it, s);
}

class Staging {
 public:
  explicit Staging(Graph::Rep* rep, const Graph* graph)
      : rep_(rep), graph_(graph), next_node_(rep->next_node), next_edge_(rep->next_edge) {}

  // The node named `name` (or one of `aliases`), existing or new, with the
  // labels, aliases and properties merged in.
  Result<NodeId> Entity(const std::string& name, const std::vector<std::string>& labels,
                        const std::vector<std::string>& aliases, const std::map<std::string, std::string>& props) {
    NodeId id = 0;
    std::vector<std::string> names = {name};
    names.insert(names.end(), aliases.begin(), aliases.end());
    for (const std::string& n : names) {
      NG_RETURN_IF_ERROR(Resolve(n, &id));
      if (id) break;
    }
    Node* node;
    if (id) {
      NG_RETURN_IF_ERROR(Load(id, &node));
    } else {
      id = next_node_++;
      node = &nodes_[id];
      node->id = id;
      node->properties["name"] = name;
      ++new_nodes_;
    }
    for (const std::string& l : labels) AddSorted(&node->labels, l);
    for (const auto& [k, v] : props)
      if (!node->properties.count(k)) node->properties[k] = v;
    const std::string* canonical = node->properties["name"].as_string();
    std::string canonical_name = canonical ? *canonical : name;
    PropertyList known;
    if (auto it = node->properties.find("aliases"); it != node->properties.end())
      if (auto* list = std::get_if<PropertyList>(&it->second.v)) known = *list;
    for (const std::string& n : names) {
      if (n != canonical_name && std::find(known.begin(), known.end(), PropertyValue(n)) == known.end())
        known.push_back(n);
      pending_names_[NameIndexKey(n)] = id;
    }
    if (!known.empty()) node->properties["aliases"] = known;
    return id;
  }

  NodeId Article(const ArticleFacts& f) {
    NodeId id = next_node_++;
    Node& node = nodes_[id];
    node.id = id;
    node.labels = {"Article"};
    node.properties["name"] = f.title.empty() ? f.id : f.title;
    node.properties["article_id"] = f.id;
    if (!f.title.empty()) node.properties["title"] = f.title;
    if (!f.date.empty()) node.properties["date"] = f.date;
    if (!f.source.empty()) node.properties["source"] = f.source;
    node.properties["hash"] = f.content_hash;
    pending_names_[NameIndexKey(f.title.empty() ? f.id : f.title)] = id;
    ++new_nodes_;
    batch_.Put(rep_->handle(keys::kArticles), f.content_hash, keys::Id(id));
    batch_.Put(rep_->handle(keys::kTexts), keys::Id(id), f.text);
    return id;
  }

  // The edge (src, type, dst), existing or new; `weight_delta` is added.
  Result<Edge*> EdgeFor(NodeId src, const std::string& type, NodeId dst, int64_t weight_delta) {
    std::string triple = keys::Triple(src, type, dst);
    auto pending = pending_triples_.find(triple);
    EdgeId id = 0;
    if (pending != pending_triples_.end()) {
      id = pending->second;
    } else {
      std::string v;
      Status s = rep_->Get(keys::kTriples, triple, &v, "edge");
      if (s.ok()) {
        std::string_view in(v);
        if (!GetFixed64BE(&in, &id)) return Status::Corruption(rep_->dir + ": bad triple index entry");
      } else if (s.code() != Status::Code::kNotFound) {
        return s;
      }
    }
    Edge* edge;
    if (id) {
      auto it = edges_.find(id);
      if (it == edges_.end()) {
        Result<Edge> stored = graph_->GetEdge(id);
        if (!stored.ok()) return stored.status();
        it = edges_.emplace(id, std::move(stored).value()).first;
      }
      edge = &it->second;
    } else {
      id = next_edge_++;
      edge = &edges_[id];
      edge->id = id;
      edge->src = src;
      edge->dst = dst;
      edge->type = type;
      new_edge_ids_.insert(id);
    }
    pending_triples_[triple] = id;
    edge->weight += weight_delta;
    return edge;
  }

  void AddEvidence(EdgeId edge, NodeId article, const Relation& r) {
    EvidenceRecord e;
    e.sentence = r.sentence;
    e.rule = r.rule;
    e.start = r.start;
    e.end = r.end;
    e.confidence = r.confidence;
    e.hedged = r.hedged;
    std::string value;
    keys::EncodeEvidence(e, &value);
    batch_.Put(rep_->handle(keys::kEvidence), keys::Evidence(edge, article, evidence_seq_++), value);
  }

  // Writes every staged node and edge and the counters; then the batch.
  Status Commit(IngestOutcome* out) {
    // Stored nodes are rewritten only if they changed, and only their new
    // labels and names are indexed: most mentions are of known entities.
    std::string v;
    for (auto& [id, node] : nodes_) {
      v.clear();
      keys::EncodeNode(node, &v);
      auto stored = stored_.find(id);
      if (stored != stored_.end() && stored->second.encoding == v) continue;
      batch_.Put(rep_->handle(keys::kNodes), keys::Id(id), v);
      for (const std::string& l : node.labels)
        if (stored == stored_.end() || !std::binary_search(stored->second.labels.begin(), stored->second.labels.end(), l))
          batch_.Put(rep_->handle(keys::kLabels), keys::Label(l, id), "");
      if (!rep_->property_indexes.empty()) IndexNode(node, stored == stored_.end() ? nullptr : &stored->second.index_keys);
    }
    for (const auto& [name, id] : pending_names_) {
      auto stored = stored_.find(id);
      if (stored == stored_.end() || !stored->second.names.count(name))
        batch_.Put(rep_->handle(keys::kNames), keys::Name(name, id), "");
    }
    for (auto& [id, edge] : edges_) {
      v.clear();
      keys::EncodeEdge(edge, &v);
      batch_.Put(rep_->handle(keys::kEdges), keys::Id(id), v);
      if (!new_edge_ids_.count(id)) continue;
      batch_.Put(rep_->handle(keys::kAdjacency), keys::Adjacency(edge.src, keys::kOut, edge.type, edge.dst, id), "");
      batch_.Put(rep_->handle(keys::kAdjacency), keys::Adjacency(edge.dst, keys::kIn, edge.type, edge.src, id), "");
      batch_.Put(rep_->handle(keys::kEdgeTypes), keys::EdgeType(edge.type, id), "");
      batch_.Put(rep_->handle(keys::kTriples), keys::Triple(edge.src, edge.type, edge.dst), keys::Id(id));
    }
    batch_.Put(rep_->handle(keys::kDefault), keys::kNextNodeKey, keys::Id(next_node_));
    batch_.Put(rep_->handle(keys::kDefault), keys::kNextEdgeKey, keys::Id(next_edge_));
    rocksdb::WriteOptions wo;
    NG_RETURN_IF_ERROR(FromRocks(rep_->db->Write(wo, &batch_), rep_->dir));
    rep_->next_node = next_node_;
    rep_->next_edge = next_edge_;
    for (const auto& [name, id] : pending_names_) {
      auto cached = rep_->name_cache.find(name);
      if (cached != rep_->name_cache.end() &&
          std::find(cached->second.begin(), cached->second.end(), id) == cached->second.end())
        cached->second.push_back(id);
    }
    out->new_nodes = new_nodes_;
    out->new_edges = new_edge_ids_.size();
    out->evidence = evidence_seq_;
    return Status::OK();
  }

 private:
  Status Resolve(const std::string& name, NodeId* id) {
    auto it = pending_names_.find(NameIndexKey(name));
    if (it != pending_names_.end()) {
      *id = it->second;
      return Status::OK();
    }
    std::string key = NameIndexKey(name);
    auto cached = rep_->name_cache.find(key);
    if (cached == rep_->name_cache.end()) {
      std::vector<NodeId> found;
      NG_RETURN_IF_ERROR(graph_->FindByName(name, &found));
      cached = rep_->name_cache.emplace(key, std::move(found)).first;
    }
    for (NodeId candidate : cached->second) {
      Node* node;
      NG_RETURN_IF_ERROR(Load(candidate, &node));
      if (!std::binary_search(node->labels.begin(), node->labels.end(), std::string("Article"))) {
        *id = candidate;
        return Status::OK();
      }
    }
    return Status::OK();
  }

  // Property index entries of a written node: new keys put, stale ones deleted.
  void IndexNode(const Node& node, const std::vector<std::string>* was) {
    std::vector<std::string> now;
    keys::PropertyIndexKeys(rep_->property_indexes, node, &now);
    for (const std::string& k : now)
      if (!was || !std::binary_search(was->begin(), was->end(), k))
        batch_.Put(rep_->handle(keys::kPropertyIndex), k, "");
    if (was)
      for (const std::string& k : *was)
        if (!std::binary_search(now.begin(), now.end(), k)) batch_.Delete(rep_->handle(keys::kPropertyIndex), k);
  }

  Status Load(NodeId id, Node** node) {
    auto it = nodes_.find(id);
    if (it == nodes_.end()) {
      Result<Node> stored = graph_->GetNode(id);
      if (!stored.ok()) return stored.status();
      Stored& was = stored_[id];
      keys::EncodeNode(stored.value(), &was.encoding);
      was.labels = stored->labels;
      keys::PropertyIndexKeys(rep_->property_indexes, stored.value(), &was.index_keys);
      // Every name and alias of a stored node is in the name index.
      for (const char* key : {"name", "aliases"}) {
        auto p = stored->properties.find(key);
        if (p == stored->properties.end()) continue;
        if (const std::string* one = p->second.as_string()) was.names.insert(NameIndexKey(*one));
        if (const auto* list = std::get_if<PropertyList>(&p->second.v))
          for (const PropertyValue& alias : *list)
            if (alias.as_string()) was.names.insert(NameIndexKey(*alias.as_string()));
      }
      it = nodes_.emplace(id, std::move(stored).value()).first;
    }
    *node = &it->second;
    return Status::OK();
  }

  Graph::Rep* rep_;
  const Graph* graph_;
  NodeId next_node_;
  EdgeId next_edge_;
  rocksdb::WriteBatch batch_;
  std::map<NodeId, Node> nodes_;
  std::map<EdgeId, Edge> edges_;
  std::set<EdgeId> new_edge_ids_;
  std::map<std::string, NodeId> pending_names_;
  struct Stored {  // a node as loaded from the store
    std::string encoding;
    std::vector<std::string> labels;
    std::set<std::string> names;  // name index keys
    std::vector<std::string> index_keys;  // property index keys, sorted
  };
  std::map<NodeId, Stored> stored_;
  std::map<std::string, EdgeId> pending_triples_;
  size_t new_nodes_ = 0;
  uint64_t evidence_seq_ = 0;
};

}  // namespace

Result<IngestOutcome> Graph::IngestArticle(const ArticleFacts& f) {
  if (rep_->read_only) return Status::InvalidArgument(rep_->dir + " is open read-only");
  if (rep_->pending) return Status::InvalidArgument(rep_->dir + ": a curation write transaction is open");
  IngestOutcome out;
  Result<NodeId> existing = FindArticle(f.content_hash);
  if (existing.ok()) {
    out.article = existing.value();
    out.already_present = true;
    return out;
  }
  if (existing.status().code() != Status::Code::kNotFound) return existing.status();

  Staging staging(rep_.get(), this);
  out.article = staging.Article(f);
  std::map<std::string, NodeId> entity_ids;
  for (const Entity& e : f.entities) {
    Result<NodeId> id = staging.Entity(e.name, e.labels, e.aliases, e.properties);
    if (!id.ok()) return id.status();
    entity_ids[e.name] = id.value();
    if (e.mentions.empty()) continue;
    Result<Edge*> mention = staging.EdgeFor(out.article, "MENTIONS", id.value(), 1);
    if (!mention.ok()) return mention.status();
    mention.value()->properties["count"] = static_cast<int64_t>(e.mentions.size());
  }
  // Relations: one weight increment per distinct triple, one evidence row
  // per statement.
  std::set<EdgeId> counted;
  for (const Relation& r : f.relations) {
    NodeId ends[2];
    const std::string* names[2] = {&r.subject, &r.object};
    for (int i = 0; i < 2; ++i) {
      auto it = entity_ids.find(*names[i]);
      if (it == entity_ids.end()) {
        Result<NodeId> id = staging.Entity(*names[i], {}, {}, {});
        if (!id.ok()) return id.status();
        it = entity_ids.emplace(*names[i], id.value()).first;
      }
      ends[i] = it->second;
    }
    Result<Edge*> edge = staging.EdgeFor(ends[0], r.predicate, ends[1], 0);
    if (!edge.ok()) return edge.status();
    Edge* e = edge.value();
    if (counted.insert(e->id).second) {
      bool fresh = e->weight == 0;
      e->weight += 1;
      auto hedged = e->properties.find("hedged");
      bool was_hedged = hedged != e->properties.end() && hedged->second == PropertyValue(true);
      e->properties["hedged"] = fresh ? r.hedged : (was_hedged && r.hedged);
    } else {
      auto hedged = e->properties.find("hedged");
      e->properties["hedged"] = hedged->second == PropertyValue(true) && r.hedged;
    }
    auto conf = e->properties.find("confidence");
    double best = r.confidence;
    if (conf != e->properties.end())
      if (auto* d = std::get_if<double>(&conf->second.v)) best = std::max(best, *d);
    e->properties["confidence"] = best;
    staging.AddEvidence(e->id, out.article, r);
  }
  NG_RETURN_IF_ERROR(staging.Commit(&out));
  return out;
}

}  // namespace newsgraph
