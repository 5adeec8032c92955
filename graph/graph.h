// Graph: the RocksDB-backed property graph. The public face of graph/.
//
//   auto graph = Graph::Open("news.db", OpenOptions::Writer());
//   auto outcome = graph.value()->IngestArticle(facts);   // one atomic batch
//   std::vector<Neighbor> out;
//   graph.value()->Neighbors(id, Direction::kOut, "PROVIDES_SERVICES_TO", &out);
//
// Import stages nodes and edges in a BulkLoader (bulk_loader.h) and writes
// them with Graph::BulkLoad; traversals read through a GraphScanner
// (scanner.h).
//
// Nodes carry labels and typed properties; edges are directed and typed,
// one per (source, type, target), with a weight (how many articles state
// it) and an evidence list. Articles are nodes too (label Article) with
// MENTIONS edges to the entities they name. Key layout: keys.h, README.md.
//
// Concurrency: one writer process at a time (a lock file names its PID);
// any number of readers, each of which sees the database as it was when it
// opened. A Graph object is safe for concurrent reads; writes must not
// overlap other calls on the same object.
#ifndef NEWSGRAPH_GRAPH_GRAPH_H_
#define NEWSGRAPH_GRAPH_GRAPH_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/facts.h"  // plain structs: the facts graph/ stores as given
#include "graph/property.h"

namespace rocksdb {
class Env;
}

namespace newsgraph {

class EdgeColumns;
class NodeColumns;

using NodeId = uint64_t;
using EdgeId = uint64_t;

struct Node {
  NodeId id = 0;
  std::vector<std::string> labels;  // sorted
  Properties properties;            // "name" for entities, "title" for articles
};

// The string value of `n`'s property `key`, or null (absent or not a string).
const std::string* StringProperty(const Node& n, const char* key);

// An Article node's `date` as text: YYYY-MM-DD for a date value (what
// ingest stores since format 4), the text of a string (older databases,
// facts whose date is no date), else "".
std::string ArticleDateText(const Node& article);

struct Edge {
  EdgeId id = 0;
  NodeId src = 0;
  NodeId dst = 0;
  std::string type;
  int64_t weight = 0;  // number of articles that state it
  Properties properties;
};

// The weight of two merged edges, or of an edge one more article states:
// a + b, held at INT64_MAX instead of wrapping (a count of articles is never
// negative; issue 18 D14). REQUIRES: a >= 0 and b >= 0.
inline int64_t AddWeights(int64_t a, int64_t b) {
  int64_t sum;
  return __builtin_add_overflow(a, b, &sum) ? INT64_MAX : sum;
}

// An index of the nodes with `label` by the value of `property`
// (CREATE INDEX FOR (n:label) ON (n.property)).
struct PropertyIndex {
  std::string label;
  std::string property;
  bool operator==(const PropertyIndex& o) const { return label == o.label && property == o.property; }
  bool operator<(const PropertyIndex& o) const {
    return label != o.label ? label < o.label : property < o.property;
  }
};

struct EvidenceRecord {
  EdgeId edge = 0;
  NodeId article = 0;
  std::string sentence;
  std::string rule;
  uint32_t start = 0;
  uint32_t end = 0;
  double confidence = 0;
  bool hedged = false;
};

enum class Direction { kOut, kIn, kBoth };

struct Neighbor {
  EdgeId edge;
  NodeId node;       // the node at the other end
  bool outgoing;     // true when the edge points from the scanned node
  std::string type;
};

// Near-duplicate articles: the same story with trivial differences (a
// fixed typo, another byline). Ingest links an article whose 5-word
// shingles overlap an earlier article's by at least a threshold (Jaccard
// index of the two sets; graph/near_duplicate.h) to that article by a
// relationship (new)-[:NEAR_DUPLICATE_OF {similarity}]->(earlier). The new
// article is stored with its text and MENTIONS, but its relation
// statements are not: no weight, no evidence (the earlier article's
// already count the story once). Weight 1, like MENTIONS.
inline constexpr char kNearDuplicateType[] = "NEAR_DUPLICATE_OF";
inline constexpr double kDefaultNearDuplicateThreshold = 0.9;

struct OpenOptions {
  bool read_only = true;
  bool create_if_missing = false;
  size_t block_cache_bytes = size_t{64} << 20;
  // Readers keep the neighbour lists they read, decoded, up to this many
  // bytes (graph/adjacency_cache.h); 0: none.
  size_t adjacency_cache_bytes = size_t{64} << 20;
  // Readers keep the node records they read, decoded, up to about this
  // many bytes (graph/node_cache.h); 0: none.
  size_t node_cache_bytes = size_t{64} << 20;
  // Readers build the relationships' columns (graph/edge_columns.h) when a
  // query first needs them, if EdgeColumns::EstimateBytes (about 52 bytes
  // an edge and 16 a node: 560 MB at 1M nodes and 10M edges) fits in this
  // many bytes; else queries read RocksDB row by row. The node property
  // columns (node_columns.h, about 34 bytes a node and the names) count
  // against the same bytes. 0: never.
  size_t edge_columns_bytes = size_t{1} << 30;
  size_t write_buffer_bytes = 0;  // memtable size; 0: RocksDB's default (64 MiB)
  rocksdb::Env* env = nullptr;    // null: the default; tests pass one that injects I/O failures
  // A writer's ingest treats an article at least this similar to an earlier
  // one as its near duplicate (above); 0 or less: no check (every article
  // is still filed in the index, so a later ingest with a check finds it).
  double near_duplicate_threshold = kDefaultNearDuplicateThreshold;
  static OpenOptions Reader() { return {}; }
  static OpenOptions Writer() { return {false, true}; }
};

struct IngestOutcome {
  bool already_present = false;  // same content hash stored before: nothing written
  NodeId article = 0;
  size_t new_nodes = 0;
  size_t new_edges = 0;
  size_t evidence = 0;
  NodeId near_duplicate_of = 0;  // the earlier article this one nearly repeats (0: none)
  double similarity = 0;         // with it
};

struct GraphStats {
  std::map<std::string, uint64_t> nodes_by_label;
  std::map<std::string, uint64_t> edges_by_type;
  uint64_t nodes = 0;
  uint64_t edges = 0;
  uint64_t bytes_on_disk = 0;
  uint64_t near_duplicates = 0;  // articles linked NEAR_DUPLICATE_OF an earlier one
};

class BulkLoader;  // graph/bulk_loader.h
struct BulkLoadOutcome;

class Graph {
 public:
  // Opens the database in `dir`. Errors: NotFound (no database there and
  // !create_if_missing), Busy (another writer holds it: the message names its
  // PID), InvalidArgument (the directory is not a newsgraph database),
  // Corruption.
  static Result<std::unique_ptr<Graph>> Open(const std::string& dir, const OpenOptions& options);

  ~Graph();
  Graph(const Graph&) = delete;  // owns the RocksDB handle and the lock
  Graph& operator=(const Graph&) = delete;

  // ---- reads
  Result<Node> GetNode(NodeId id) const;
  // The same record, shared: a reader keeps the records it read (up to
  // OpenOptions::node_cache_bytes) and serves them again from memory.
  Result<std::shared_ptr<const Node>> GetSharedNode(NodeId id) const;
  Result<Edge> GetEdge(EdgeId id) const;
  // Nodes whose name or alias equals `name`, ignoring ASCII case.
  Status FindByName(std::string_view name, std::vector<NodeId>* out) const;
  // Nodes with a name or alias that starts with `prefix`, ignoring ASCII
  // case, in id order, each once: a superset of those whose name starts
  // with it (callers compare the names).
  Status FindByNamePrefix(std::string_view prefix, std::vector<NodeId>* out) const;
  // Every name-index entry (the NameIndexKey, the node), in key order, until
  // fn returns false; for integrity checks.
  Status ForEachNameEntry(const std::function<bool(const std::string&, NodeId)>& fn) const;
  // Every key of the near-duplicate index (keys.h, shingle_bands), in key
  // order, until fn returns false; for integrity checks. False for a reader
  // of a database older than format 6, which has no index.
  Result<bool> ForEachShingleBandKey(const std::function<bool(std::string_view)>& fn) const;
  // Calls fn for each node with `label` ("" = every node) until fn returns false.
  Status ScanNodes(std::string_view label, const std::function<bool(NodeId)>& fn) const;
  // Calls fn with the record of each node with `label` ("" = every node),
  // in id order, as the scan reads them (a caller that stops early reads no
  // further); fn may read the graph. The first error (fn's, or a failed
  // read) ends the scan and is returned.
  Status ForEachNode(std::string_view label, const std::function<Status(const Node&)>& fn) const;
  // Calls fn for each edge of `type` ("" = every edge) until fn returns false.
  Status ScanEdges(std::string_view type, const std::function<bool(EdgeId)>& fn) const;
  // Edges at `node` in `dir`, of `type` ("" = any): one prefix scan a direction.
  Status Neighbors(NodeId node, Direction dir, std::string_view type, std::vector<Neighbor>* out) const;
  // The statements behind `edge`, in key order (by article, then as stated).
  Status Evidence(EdgeId edge, std::vector<EvidenceRecord>* out) const;
  // The same, and in *articles the Article node each statement cites (one
  // read per article not in *articles yet): what `evidence(r)` and the
  // exports show of a statement (its article's title, date and source).
  Status EvidenceWithArticles(EdgeId edge, std::vector<EvidenceRecord>* out, std::map<NodeId, Node>* articles) const;
  // The stored text of an article node.
  Result<std::string> ArticleText(NodeId article) const;
  // The article node stored with this content hash (facts.h); NotFound if
  // none. Lets a loader skip extracting an article that is already stored.
  Result<NodeId> FindArticle(std::string_view content_hash) const;
  Result<GraphStats> Stats() const;
  // The nodes and relationships stored, from two counters (no scan); as
  // Stats() counts them.
  uint64_t NodeCount() const;
  uint64_t EdgeCount() const;
  // Every label and every edge type in use (for completion and :schema).
  Status Labels(std::vector<std::string>* out) const;
  Status EdgeTypes(std::vector<std::string>* out) const;
  // What extraction has written on entity nodes here: every label and
  // property key ingest was given for an entity (facts.h) by any article
  // ingested into this database, whatever curation or import did since.
  // `reextract` tells extraction's labels and keys from curated ones by it
  // (graph/rebuild.h). Partial for a database ingested by a build older
  // than this record (keys.h).
  struct Vocabulary {
    std::set<std::string> labels;
    std::set<std::string> keys;
  };
  Result<Vocabulary> ExtractedVocabulary() const;

  // Every node id is below this (ids are dense: it is about the number of
  // nodes ever created); for visited sets of traversals.
  NodeId NodeIdBound() const;

  // ---- columnar reads (graph/edge_columns.cc)
  // The relationships as columns (edge_columns.h), built on the first call
  // by one scan of the adjacency family and kept while the Graph lives;
  // null for a writer and when they would not fit in
  // OpenOptions::edge_columns_bytes (callers then read row by row).
  Result<const EdgeColumns*> Columns() const;
  // The columns if a call of Columns() built them already, else null;
  // never builds (for reads of a few nodes, which a build would not repay).
  const EdgeColumns* BuiltColumns() const;
  // The same for the node properties kept as columns (node_columns.h:
  // `id` and `name` by node id), under the same budget (both count
  // against OpenOptions::edge_columns_bytes): built on the first call by
  // one scan of the nodes family; null for a writer and when over budget.
  Result<const NodeColumns*> NodePropertyColumns() const;
  const NodeColumns* BuiltNodePropertyColumns() const;
  // How many nodes have `label`, relationships have `type`. A reader
  // counts each label or type once (a key-only prefix scan of the labels
  // or edge_types family; a type from the columns when built) and answers
  // from memory after; a writer counts on every call (its writes change them).
  Result<uint64_t> LabelCount(std::string_view label) const;
  Result<uint64_t> TypeCount(std::string_view type) const;
  // Which nodes have `label`, by id (size NodeIdBound()); a reader keeps it.
  Result<std::shared_ptr<const std::vector<bool>>> LabelMembers(std::string_view label) const;

  // ---- property indexes (graph/property_index.cc)
  // The catalog, sorted; as of Open (or this writer's last change).
  const std::vector<PropertyIndex>& PropertyIndexes() const;
  bool HasPropertyIndex(std::string_view label, std::string_view property) const;
  // Nodes with `label` whose `property` equals `value` in Cypher's sense,
  // through the index, in id order; the result may also hold nodes whose
  // value only shares the index key (integers beyond 2^53; NaN), so callers
  // compare the values. NotFound if there is no such index; InvalidArgument
  // for null or a list (not indexed). Sees open curation writes.
  Status FindByProperty(std::string_view label, std::string_view property, const PropertyValue& value,
                        std::vector<NodeId>* out) const;
  // Nodes with `label` whose `property` is in `range`, through the index,
  // in id order. Bounds are inclusive and numbers compare as the index
  // keys them (doubles), so the result may hold nodes a strict or integer
  // comparison rejects: callers test the predicate. NotFound if there is
  // no such index; InvalidArgument for bounds of two kinds (bool, number,
  // string) or of a kind not indexed.
  struct IndexRange {
    const PropertyValue* lower = nullptr;  // null: open
    const PropertyValue* upper = nullptr;
    const std::string* prefix = nullptr;   // given: strings starting with it (lower, upper unused)
  };
  Status FindByPropertyRange(std::string_view label, std::string_view property, const IndexRange& range,
                             std::vector<NodeId>* out) const;
  // Creates the index and fills it from the stored nodes, in one atomic
  // write; false if it exists already. REQUIRE: opened as writer, no write
  // transaction open. Every later write (ingest, curation, bulk load)
  // keeps it up to date in the batch that writes the node.
  Result<bool> CreatePropertyIndex(const PropertyIndex& index);
  // Removes the index and its entries; false if there was none.
  Result<bool> DropPropertyIndex(const PropertyIndex& index);

  // ---- writes (REQUIRE: opened as writer)
  // Stores one article and its facts in one atomic batch. Entities resolve
  // to existing nodes by name or alias; a new alias merges into the node.
  Result<IngestOutcome> IngestArticle(const ArticleFacts& facts);
  // Stores several articles in one atomic batch: the same nodes, edges, ids
  // and indexes as IngestArticle on each in turn (an article sees the ones
  // before it; one stored already, or earlier in `facts`, is skipped), for
  // less work per article: one write, and a node or edge several of them
  // touch is written once. Appends one outcome per stored article to
  // *outcomes, in order. On an error the articles before the one that
  // failed are stored (outcomes->size() grew by their number) and the rest
  // are not; after a failed write, none of them is.
  Status IngestArticles(const std::vector<ArticleFacts>& facts, std::vector<IngestOutcome>* outcomes);
  // Writes everything staged in `loader` in one atomic step (sorted table
  // files, written by up to four threads, ingested into every column family
  // at once) and empties the loader, also on failure. After a failure, or
  // a crash, the database is exactly as it was. Fails before writing, with
  // InvalidArgument, when a staged article's content hash is stored already
  // or staged twice.
  Result<BulkLoadOutcome> BulkLoad(BulkLoader* loader);

  // ---- curation writes (graph/mutation.cc; REQUIRE: opened as writer)
  // The query language's CREATE/MERGE/SET/REMOVE/DELETE land here. Writes
  // made between BeginWrites() and CommitWrites() form ONE atomic RocksDB
  // WriteBatch; meanwhile every read of this Graph (GetNode, Neighbors,
  // ScanNodes, FindByName, ...) sees them, through a WriteBatchWithIndex
  // layered over the database. AbortWrites() drops them. One transaction
  // at a time, used from one thread, and no IngestArticle while one is
  // open (it is refused). Every index follows:
  // names (from `name` and the strings of `aliases`), labels, edge_types,
  // adjacency both ways, evidence, articles/texts, the counters.
  //
  // Relationships: ingest keeps one edge per (src, type, dst), with a
  // weight; CreateEdge always makes a new edge (weight 0) as Cypher's CREATE
  // does, so parallel edges may exist. A later ingest stating that triple
  // adds its weight to the one with the lowest id.
  Status BeginWrites();       // InvalidArgument if read-only or one is open
  Status CommitWrites();      // fails (and aborts) if a node deleted without
                              // detach still has relationships
  void AbortWrites();
  bool WritesOpen() const;
  Result<NodeId> CreateNode(std::vector<std::string> labels, Properties properties);
  // NotFound if either end does not exist.
  Result<EdgeId> CreateEdge(NodeId src, std::string_view type, NodeId dst, Properties properties);
  // Stores `node` (labels and properties replace the stored ones).
  Status UpdateNode(Node node);
  // A null value removes the key.
  Status SetNodeProperty(NodeId id, const std::string& key, const PropertyValue& value);
  Status SetEdgeProperty(EdgeId id, const std::string& key, const PropertyValue& value);
  Status SetEdgeProperties(EdgeId id, Properties properties);
  Status AddLabel(NodeId id, const std::string& label);
  Status RemoveLabel(NodeId id, const std::string& label);
  Status DeleteEdge(EdgeId id);
  // With `detach`, its relationships go too; without, the node must have
  // none left by CommitWrites() (they may be deleted later in the same
  // transaction, as Cypher allows).
  Status DeleteNode(NodeId id, bool detach);

  const std::string& dir() const;

  // A writer flushes every column family (so that the next open need not
  // replay the log) and closes the database; the first error, e.g. a full
  // disk, naming the directory. Nothing written before is lost by a failed
  // flush: the log holds it. Every call after this one, but the
  // destructor, is undefined. The destructor closes too, ignoring errors.
  Status Close();

  struct Rep;  // internal: RocksDB handles, lock, id counters (rep.h)

 private:
  friend class GraphScanner;
  explicit Graph(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

// Lower-cases ASCII letters: the key of the name index.
std::string NameIndexKey(std::string_view name);

// The one definition of a node's name-index entries: NameIndexKey of its
// "name" and of its "aliases" (a string, or each string of a list); other
// values are not indexed. Ingest, curation writes, bulk loads and the
// integrity check (tests/store_check.h) all index or expect exactly these.
std::set<std::string> NodeNameKeys(const Node& node);

// Whether ingest writes `key` on every node of `node`'s kind, whatever the
// rules: an Article's name, article_id, title, date, source and hash; an
// entity's name and aliases. (An entity's other extracted keys come from the
// gazetteer, which rules may change.) `reextract` carries the other keys of
// an extracted node as written by hand (graph/rebuild.h).
bool IngestWritesKey(const Node& node, std::string_view key);

// Whether ingest writes `key` on the relationships it makes (MENTIONS'
// count, NEAR_DUPLICATE_OF's similarity, a relation's hedged, confidence,
// first_seen and last_seen); `reextract` carries the other keys of an
// extracted relationship as written by hand.
bool IngestWritesEdgeKey(std::string_view key);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_GRAPH_H_
