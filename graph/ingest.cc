// Graph::IngestArticle(s): articles and their facts as one atomic WriteBatch.
//
// Everything a group of articles adds is staged in memory (`Staging`) and
// written by a single DB::Write, so after a crash the store holds the group,
// and so each article of it, whole or not at all. The id counters are part
// of the same batch. A group stages its articles one after the other exactly
// as single articles would be (an article sees what the ones before it in
// the group staged), so grouping changes no id, merge or index entry; it
// saves the per-write cost (one log record, one write-thread handoff) and
// writes a node or edge that several articles of the group touch once.

#include <rocksdb/perf_level.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "graph/coding.h"
#include "graph/near_duplicate.h"
#include "graph/rep.h"

namespace newsgraph {

namespace {

// Beyond this many cached nodes the writer's node cache starts over, which
// bounds its memory (a few hundred bytes a node) on very large graphs.
constexpr size_t kMaxCachedNodes = size_t{1} << 16;
// The same for the name cache (lists in index order: starting over changes
// no lookup's answer).
constexpr size_t kMaxCachedNames = size_t{1} << 18;

void AddSorted(std::vector<std::string>* v, const std::string& s) {
  auto it = std::lower_bound(v->begin(), v->end(), s);
  if (it == v->end() || *it != s) v->insert(it, s);
}

bool IsArticle(const Node& node) {
  static const std::string kArticle = "Article";
  return std::binary_search(node.labels.begin(), node.labels.end(), kArticle);
}

class Staging {
 public:
  // `facts`: the group, whose size reserves the batch's buffer.
  Staging(Graph::Rep* rep, const Graph* graph, const std::vector<const ArticleFacts*>& facts)
      : rep_(rep), graph_(graph), first_new_node_(rep->next_node), next_node_(rep->next_node),
        next_edge_(rep->next_edge), batch_(BatchBytes(facts)), near_(rep, graph) {}

  // Stages one article and its facts after those staged before.
  Status Add(const ArticleFacts& f, IngestOutcome* out) {
    *out = IngestOutcome();
    if (auto staged = staged_articles_.find(f.content_hash); staged != staged_articles_.end()) {
      out->article = staged->second;
      out->already_present = true;
      return Status::OK();
    }
    Result<NodeId> existing = graph_->FindArticle(f.content_hash);
    if (existing.ok()) {
      out->article = existing.value();
      out->already_present = true;
      return Status::OK();
    }
    if (existing.status().code() != Status::Code::kNotFound) return existing.status();
    NearMatch near;
    NG_RETURN_IF_ERROR(near_.Find(f.text, rep_->near_duplicate_threshold, &near));

    size_t nodes_before = next_node_, edges_before = next_edge_;
    evidence_seq_ = 0;
    article_names_.clear();
    article_index_.clear();
    out->article = Article(f);
    near_.Add(out->article, &f.text, &batch_);
    std::map<std::string, NodeId> entity_ids;
    for (const Entity& e : f.entities) {
      Result<NodeId> id = EntityNode(e.name, e.labels, e.aliases, e.properties);
      if (!id.ok()) return id.status();
      NoteVocabulary(e);
      entity_ids[e.name] = id.value();
      if (e.mentions.empty()) continue;
      Result<Edge*> mention = EdgeFor(out->article, "MENTIONS", id.value(), 1);
      if (!mention.ok()) return mention.status();
      mention.value()->properties["count"] = static_cast<int64_t>(e.mentions.size());
    }
    if (near.article) {
      // The story is counted once, by the earlier article: this one's
      // relation statements add no weight and no evidence (graph.h).
      Result<Edge*> link = EdgeFor(out->article, kNearDuplicateType, near.article, 1);
      if (!link.ok()) return link.status();
      link.value()->properties["similarity"] = near.similarity;
      out->near_duplicate_of = near.article;
      out->similarity = near.similarity;
      return EndArticle(f, nodes_before, edges_before, out);
    }
    // Relations: one weight increment per distinct triple, one evidence row
    // per statement.
    std::set<EdgeId> counted;
    Date article_date;
    bool dated = ParseIsoDate(f.date, &article_date);
    static const std::vector<std::string> kNone;
    static const std::map<std::string, std::string> kNoProperties;
    for (const Relation& r : f.relations) {
      NodeId ends[2];
      const std::string* names[2] = {&r.subject, &r.object};
      for (int i = 0; i < 2; ++i) {
        auto it = entity_ids.find(*names[i]);
        if (it == entity_ids.end()) {
          Result<NodeId> id = EntityNode(*names[i], kNone, kNone, kNoProperties);
          if (!id.ok()) return id.status();
          it = entity_ids.emplace(*names[i], id.value()).first;
        }
        ends[i] = it->second;
      }
      Result<Edge*> edge = EdgeFor(ends[0], r.predicate, ends[1], 0);
      if (!edge.ok()) return edge.status();
      Edge* e = edge.value();
      if (counted.insert(e->id).second) {
        bool fresh = e->weight == 0;
        e->weight = AddWeights(e->weight, 1);
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
      if (dated) NoteSeen(article_date, e);
      AddEvidence(e->id, out->article, r);
    }
    return EndArticle(f, nodes_before, edges_before, out);
  }

  // What every staged article ends with: its content hash staged, its
  // names indexed, the counts in *out.
  Status EndArticle(const ArticleFacts& f, size_t nodes_before, size_t edges_before, IngestOutcome* out) {
    staged_articles_.emplace(f.content_hash, out->article);
    any_ = true;
    EndArticleNames();
    out->new_nodes = next_node_ - nodes_before;
    out->new_edges = next_edge_ - edges_before;
    out->evidence = evidence_seq_;
    return Status::OK();
  }

  // Writes every staged node and edge and the counters in one batch; then
  // brings the writer's caches and counters up to date.
  Status Commit() {
    if (!any_) return Status::OK();  // every article was stored already
    // Stored nodes are rewritten only if they changed, and only their new
    // labels and names are indexed: most mentions are of known entities.
    std::vector<std::pair<NodeId, std::string>> written;
    std::string k, v;
    for (auto& [id, node] : nodes_) {
      v.clear();
      keys::EncodeNode(node, &v);
      auto stored = stored_.find(id);
      const CachedNode* was = stored == stored_.end() ? nullptr : stored->second.get();
      if (was && was->encoding == v) continue;
      batch_.Put(rep_->handle(keys::kNodes), keys::Id(id), v);
      for (const std::string& l : node.labels)
        if (!was || !std::binary_search(was->node.labels.begin(), was->node.labels.end(), l)) {
          k.clear();
          keys::AppendLabel(&k, l, id);
          batch_.Put(rep_->handle(keys::kLabels), k, "");
        }
      if (!rep_->property_indexes.empty()) IndexNode(node, was ? &was->node : nullptr);
      if (!IsArticle(node)) written.emplace_back(id, v);  // for the node cache
    }
    for (const auto& [name, ids] : group_names_)
      for (NodeId id : ids) {
        auto stored = stored_.find(id);
        if (stored == stored_.end() || !stored->second->names.count(name)) {
          k.clear();
          keys::AppendName(&k, name, id);
          batch_.Put(rep_->handle(keys::kNames), k, "");
        }
      }
    // Keys go into the batch, and so into each memtable, in ascending order
    // where that is cheap: RocksDB's skiplist starts an insert from where
    // the last one with the same 3-byte prefix went (graph.cc), so ascending runs are
    // short searches. The incoming adjacency entries of a group are spread
    // over the existing nodes; they are sorted first.
    // An edge's adjacency entries carry its weight (keys.h), so a stored
    // edge whose weight grew rewrites them too.
    std::string adjacency_value;
    struct Span {  // an incoming entry in incoming_bytes: key, then value
      size_t key_at, value_at, end;
    };
    std::vector<Span> incoming;
    std::string incoming_bytes;
    for (auto& [id, edge] : edges_) {
      v.clear();
      keys::EncodeEdge(edge, &v);
      batch_.Put(rep_->handle(keys::kEdges), keys::Id(id), v);
      adjacency_value.clear();
      keys::EncodeAdjacencyValue(edge, &adjacency_value);
      k.clear();
      keys::AppendAdjacency(&k, edge.src, keys::kOut, edge.type, edge.dst, id);
      batch_.Put(rep_->handle(keys::kAdjacency), k, adjacency_value);
      Span& in = incoming.emplace_back();
      in.key_at = incoming_bytes.size();
      keys::AppendAdjacency(&incoming_bytes, edge.dst, keys::kIn, edge.type, edge.src, id);
      in.value_at = incoming_bytes.size();
      incoming_bytes += adjacency_value;
      in.end = incoming_bytes.size();
      if (id < first_new_edge()) continue;  // its type index entry is stored
      k.clear();
      keys::AppendEdgeType(&k, edge.type, id);
      batch_.Put(rep_->handle(keys::kEdgeTypes), k, "");
    }
    auto key = [&](const Span& s) { return std::string_view(incoming_bytes).substr(s.key_at, s.value_at - s.key_at); };
    std::sort(incoming.begin(), incoming.end(), [&](const Span& a, const Span& b) { return key(a) < key(b); });
    for (const Span& s : incoming)
      batch_.Put(rep_->handle(keys::kAdjacency), rocksdb::Slice(key(s).data(), key(s).size()),
                 rocksdb::Slice(incoming_bytes.data() + s.value_at, s.end - s.value_at));
    batch_.Put(rep_->handle(keys::kDefault), keys::kNextNodeKey, keys::Id(next_node_));
    batch_.Put(rep_->handle(keys::kDefault), keys::kNextEdgeKey, keys::Id(next_edge_));
    for (const auto& [prefix, words] : {std::pair{keys::kExtractedLabelPrefix, &vocabulary_labels_},
                                        std::pair{keys::kExtractedKeyPrefix, &vocabulary_keys_}})
      for (const std::string& word : *words) batch_.Put(rep_->handle(keys::kDefault), prefix + word, "");
    rocksdb::WriteOptions wo;
    NG_RETURN_IF_ERROR(FromRocks(rep_->db->Write(wo, &batch_), rep_->dir));

    rep_->next_node = next_node_;
    rep_->next_edge = next_edge_;
    if (rep_->name_cache.size() + name_cache_.size() > kMaxCachedNames) rep_->name_cache.clear();
    for (auto& [name, ids] : name_cache_) rep_->name_cache[name] = std::move(ids);
    if (rep_->node_cache.size() + written.size() > kMaxCachedNodes) rep_->node_cache.clear();
    for (auto& [id, encoding] : written) {  // not Articles: looked at again only when an entity shares a title
      auto cached = std::make_shared<CachedNode>();
      cached->node = std::move(nodes_[id]);
      cached->encoding = std::move(encoding);
      cached->names = NodeNameKeys(cached->node);
      rep_->node_cache[id] = std::move(cached);
    }
    return Status::OK();
  }

 private:
  EdgeId first_new_edge() const { return rep_->next_edge; }

  // An edge's first_seen and last_seen: the earliest and latest date of
  // the articles that state it (undated articles change neither).
  static void NoteSeen(Date date, Edge* e) {
    for (auto [key, earlier] : {std::pair{"first_seen", true}, std::pair{"last_seen", false}}) {
      PropertyValue& slot = e->properties[key];
      const Date* seen = std::get_if<Date>(&slot.v);
      if (seen == nullptr || (earlier ? date < *seen : *seen < date)) slot = date;
    }
  }

  // The labels and property keys extraction gave entity `e`, for the
  // record Graph::ExtractedVocabulary reads (rewritten by each group that
  // gives them: a few keys a batch).
  void NoteVocabulary(const Entity& e) {
    vocabulary_labels_.insert(e.labels.begin(), e.labels.end());
    for (const auto& kv : e.properties) vocabulary_keys_.insert(kv.first);
  }

  // Writes the keys IngestWritesKey names for an Article.
  NodeId Article(const ArticleFacts& f) {
    NodeId id = next_node_++;
    Node& node = nodes_[id];
    node.id = id;
    node.labels = {"Article"};
    const std::string& name = f.title.empty() ? f.id : f.title;
    node.properties["name"] = name;
    node.properties["article_id"] = f.id;
    if (!f.title.empty()) node.properties["title"] = f.title;
    // A date as a date value (queries compare it with date('...')); text
    // that is not one (facts JSON from elsewhere) as it came.
    Date date;
    if (ParseIsoDate(f.date, &date)) node.properties["date"] = date;
    else if (!f.date.empty()) node.properties["date"] = f.date;
    if (!f.source.empty()) node.properties["source"] = f.source;
    node.properties["hash"] = f.content_hash;
    NameNode(name, id);
    batch_.Put(rep_->handle(keys::kArticles), f.content_hash, keys::Id(id));
    batch_.Put(rep_->handle(keys::kTexts), keys::Id(id), f.text);
    return id;
  }

  // The node named `name` (or one of `aliases`), existing or new, with the
  // labels, aliases and properties merged in.
  Result<NodeId> EntityNode(const std::string& name, const std::vector<std::string>& labels,
                            const std::vector<std::string>& aliases, const std::map<std::string, std::string>& props) {
    NodeId id = 0;
    std::vector<const std::string*> names = {&name};
    for (const std::string& a : aliases) names.push_back(&a);
    for (const std::string* n : names) {
      NG_RETURN_IF_ERROR(Resolve(*n, &id));
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
    }
    for (const std::string& l : labels) AddSorted(&node->labels, l);
    for (const auto& [k, v] : props)
      if (!node->properties.count(k)) node->properties[k] = v;
    const std::string* canonical = node->properties["name"].as_string();
    std::string canonical_name = canonical ? *canonical : name;
    // A name the node does not carry yet becomes an alias; a stored
    // "aliases" that is not a list is replaced by one, holding it if it was
    // a string (an alias, NodeNameKeys).
    PropertyList* known = nullptr;
    if (auto it = node->properties.find("aliases"); it != node->properties.end()) {
      if (const std::string* one = it->second.as_string()) it->second = PropertyList{PropertyValue(*one)};
      known = std::get_if<PropertyList>(&it->second.v);
    }
    for (const std::string* n : names) {
      if (*n != canonical_name && (!known || std::find(known->begin(), known->end(), PropertyValue(*n)) == known->end())) {
        if (!known) {
          PropertyValue& slot = node->properties["aliases"];
          slot = PropertyList();
          known = std::get_if<PropertyList>(&slot.v);
        }
        known->push_back(*n);
      }
      NameNode(*n, id);
    }
    return id;
  }

  // The edge (src, type, dst), existing or new; `weight_delta` is added.
  Result<Edge*> EdgeFor(NodeId src, const std::string& type, NodeId dst, int64_t weight_delta) {
    EdgeKey triple{src, dst, type};
    auto pending = pending_triples_.find(triple);
    EdgeId id = 0;
    if (pending != pending_triples_.end()) {
      id = pending->second;
    } else if (src < first_new_node_ && dst < first_new_node_) {  // a new node has no stored edges
      Result<EdgeId> stored = FindEdge(*rep_, src, type, dst);
      if (!stored.ok()) return stored.status();
      id = stored.value();
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
    }
    if (pending == pending_triples_.end()) pending_triples_.emplace(std::move(triple), id);
    edge->weight = AddWeights(edge->weight, weight_delta);
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

  // Node `id` answers to `name` from now on in this article, and is indexed
  // under it. (A name that already resolved to another node in this
  // article resolves to `id` now; both nodes stay indexed under it.)
  void NameNode(const std::string& name, NodeId id) {
    std::string key = NameIndexKey(name);
    article_index_.emplace_back(key, id);
    article_names_[std::move(key)] = id;
  }

  // The names the current article gave its nodes are indexed, and reach
  // the name cache, as its commit would have done had it been written alone.
  // A cached list stays in id order, the order of the index itself, so a
  // name resolves to the same node whatever the cache holds (before, an
  // alias added to an older node went to the end of the list, and a name
  // two entities share could resolve differently after a restart).
  void EndArticleNames() {
    for (const auto& [name, id] : article_index_) {
      std::vector<NodeId>& indexed = group_names_[name];
      if (std::find(indexed.begin(), indexed.end(), id) == indexed.end()) indexed.push_back(id);
      auto cached = name_cache_.find(name);
      if (cached == name_cache_.end()) {
        auto shared = rep_->name_cache.find(name);
        if (shared == rep_->name_cache.end()) continue;
        cached = name_cache_.emplace(name, shared->second).first;
      }
      std::vector<NodeId>& ids = cached->second;
      auto at = std::lower_bound(ids.begin(), ids.end(), id);
      if (at == ids.end() || *at != id) ids.insert(at, id);
    }
  }

  // The nodes named `key` as a lookup after the earlier articles of the
  // group had been written would list them.
  Result<const std::vector<NodeId>*> NamedNodes(const std::string& name, std::string key) {
    if (auto mine = name_cache_.find(key); mine != name_cache_.end()) return &mine->second;
    if (auto shared = rep_->name_cache.find(key); shared != rep_->name_cache.end()) return &shared->second;
    std::vector<NodeId> found;
    NG_RETURN_IF_ERROR(graph_->FindByName(name, &found));
    if (auto staged = group_names_.find(key); staged != group_names_.end()) {  // not in the index yet
      found.insert(found.end(), staged->second.begin(), staged->second.end());
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
    }
    return &name_cache_.emplace(std::move(key), std::move(found)).first->second;
  }

  Status Resolve(const std::string& name, NodeId* id) {
    std::string key = NameIndexKey(name);
    auto it = article_names_.find(key);
    if (it != article_names_.end()) {
      *id = it->second;
      return Status::OK();
    }
    Result<const std::vector<NodeId>*> named = NamedNodes(name, std::move(key));
    if (!named.ok()) return named.status();
    for (NodeId candidate : *named.value()) {
      Node* node;
      NG_RETURN_IF_ERROR(Load(candidate, &node));
      if (!IsArticle(*node)) {
        *id = candidate;
        return Status::OK();
      }
    }
    return Status::OK();
  }

  // Property index entries of a written node: new keys put, stale ones
  // (those of `was`, the node as stored) deleted.
  void IndexNode(const Node& node, const Node* was) {
    std::vector<std::string> now, before;
    keys::PropertyIndexKeys(rep_->property_indexes, node, &now);
    if (was) keys::PropertyIndexKeys(rep_->property_indexes, *was, &before);
    for (const std::string& k : now)
      if (!std::binary_search(before.begin(), before.end(), k)) batch_.Put(rep_->handle(keys::kPropertyIndex), k, "");
    for (const std::string& k : before)
      if (!std::binary_search(now.begin(), now.end(), k)) batch_.Delete(rep_->handle(keys::kPropertyIndex), k);
  }

  // The staged copy of node `id`, loaded from the writer's node cache or
  // the store the first time.
  Status Load(NodeId id, Node** node) {
    auto it = nodes_.find(id);
    if (it == nodes_.end()) {
      std::shared_ptr<const CachedNode>& was = stored_[id];
      auto cached = rep_->node_cache.find(id);
      if (cached != rep_->node_cache.end()) {
        was = cached->second;
      } else {
        Result<Node> stored = graph_->GetNode(id);
        if (!stored.ok()) {
          stored_.erase(id);
          return stored.status();
        }
        auto loaded = std::make_shared<CachedNode>();
        loaded->node = std::move(stored).value();
        keys::EncodeNode(loaded->node, &loaded->encoding);
        loaded->names = NodeNameKeys(loaded->node);  // all of them are in the name index
        if (rep_->node_cache.size() >= kMaxCachedNodes) rep_->node_cache.clear();
        rep_->node_cache[id] = loaded;
        was = std::move(loaded);
      }
      it = nodes_.emplace(id, was->node).first;
    }
    *node = &it->second;
    return Status::OK();
  }

  // About what a group's batch holds: the texts and ~1 KiB of keys and
  // records an article (a buffer that doubles as it grows copied it ~twice).
  static size_t BatchBytes(const std::vector<const ArticleFacts*>& facts) {
    size_t bytes = 0;
    for (const ArticleFacts* f : facts) bytes += f->text.size() + 1024;
    return bytes;
  }

  Graph::Rep* rep_;
  const Graph* graph_;
  const NodeId first_new_node_;  // nodes from here on are new in this staging
  NodeId next_node_;
  EdgeId next_edge_;
  rocksdb::WriteBatch batch_;
  NearDuplicateFinder near_;  // the group's near-duplicate checks and index entries
  std::map<NodeId, Node> nodes_;
  std::map<EdgeId, Edge> edges_;
  std::set<std::string> vocabulary_labels_, vocabulary_keys_;  // NoteVocabulary
  std::unordered_map<std::string, NodeId> article_names_;    // the current article's names
  std::vector<std::pair<std::string, NodeId>> article_index_;  // and every node it gave each
  std::map<std::string, std::vector<NodeId>> group_names_;   // name index entries to write
  std::unordered_map<std::string, std::vector<NodeId>> name_cache_;  // the writer's name cache as changed
  std::map<NodeId, std::shared_ptr<const CachedNode>> stored_;  // nodes_ as stored
  struct EdgeKey {
    NodeId src, dst;
    std::string type;
    bool operator==(const EdgeKey& o) const { return src == o.src && dst == o.dst && type == o.type; }
  };
  struct EdgeKeyHash {
    size_t operator()(const EdgeKey& k) const {
      return std::hash<std::string_view>()(k.type) ^ (k.src * 0x9E3779B97F4A7C15ULL) ^ (k.dst * 0xC2B2AE3D27D4EB4FULL);
    }
  };
  std::unordered_map<EdgeKey, EdgeId, EdgeKeyHash> pending_triples_;  // edges staged, by (src, dst, type)
  std::unordered_map<std::string, NodeId> staged_articles_;  // content hash -> article node
  uint64_t evidence_seq_ = 0;                      // per article
  bool any_ = false;                               // an article was staged
};

// RocksDB counts every key comparison in a thread-local perf context unless
// told not to; an ingest compares keys a few thousand times an article, and
// that bookkeeping was 5-8% of its time. Restores the caller's level.
class PerfCountersOff {
 public:
  PerfCountersOff() : was_(rocksdb::GetPerfLevel()) { rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable); }
  ~PerfCountersOff() { rocksdb::SetPerfLevel(was_); }

 private:
  rocksdb::PerfLevel was_;
};

Status IngestGroup(Graph::Rep* rep, const Graph* graph, const std::vector<const ArticleFacts*>& facts,
                   std::vector<IngestOutcome>* outcomes) {
  if (rep->read_only) return Status::InvalidArgument(rep->dir + " is open read-only");
  if (rep->pending) return Status::InvalidArgument(rep->dir + ": a curation write transaction is open");
  if (facts.empty()) return Status::OK();
  PerfCountersOff quiet;
  std::vector<IngestOutcome> staged(facts.size());
  Staging staging(rep, graph, facts);
  for (size_t i = 0; i < facts.size(); ++i) {
    Status s = staging.Add(*facts[i], &staged[i]);
    if (s.ok()) continue;
    // Store the articles before the one that failed, as separate
    // IngestArticle calls would have. Staging only reads, so staging them
    // again gives the same batch.
    if (i > 0) {
      Staging before(rep, graph, facts);
      for (size_t j = 0; j < i; ++j) NG_RETURN_IF_ERROR(before.Add(*facts[j], &staged[j]));
      NG_RETURN_IF_ERROR(before.Commit());
      outcomes->insert(outcomes->end(), staged.begin(), staged.begin() + i);
    }
    return s;
  }
  NG_RETURN_IF_ERROR(staging.Commit());
  outcomes->insert(outcomes->end(), staged.begin(), staged.end());
  return Status::OK();
}

}  // namespace

Result<IngestOutcome> Graph::IngestArticle(const ArticleFacts& f) {
  std::vector<IngestOutcome> out;
  NG_RETURN_IF_ERROR(IngestGroup(rep_.get(), this, {&f}, &out));
  return out[0];
}

Status Graph::IngestArticles(const std::vector<ArticleFacts>& facts, std::vector<IngestOutcome>* outcomes) {
  std::vector<const ArticleFacts*> group;
  group.reserve(facts.size());
  for (const ArticleFacts& f : facts) group.push_back(&f);
  return IngestGroup(rep_.get(), this, group, outcomes);
}

Result<Graph::Vocabulary> Graph::ExtractedVocabulary() const {
  Vocabulary out;
  for (auto [prefix, words] : {std::pair{keys::kExtractedLabelPrefix, &out.labels},
                               std::pair{keys::kExtractedKeyPrefix, &out.keys}}) {
    const size_t skip = std::string_view(prefix).size();
    NG_RETURN_IF_ERROR(ScanPrefix(*rep_, keys::kDefault, prefix, [&, words = words](std::string_view k, std::string_view) {
      words->emplace(k.substr(skip));
      return true;
    }));
  }
  return out;
}

bool IngestWritesEdgeKey(std::string_view key) {
  static const std::set<std::string_view> written = {"count", "similarity", "hedged", "confidence", "first_seen",
                                                     "last_seen"};
  return written.count(key) > 0;
}

bool IngestWritesKey(const Node& node, std::string_view key) {
  static const std::set<std::string_view> article = {"name", "article_id", "title", "date", "source", "hash"};
  static const std::set<std::string_view> entity = {"name", "aliases"};
  bool is_article = std::binary_search(node.labels.begin(), node.labels.end(), std::string("Article"));
  return (is_article ? article : entity).count(key) > 0;
}

}  // namespace newsgraph
