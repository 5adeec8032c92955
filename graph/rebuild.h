// Rebuilding a database from the articles it stores: what `newsgraph
// reextract` runs after the rules changed, without the original files.
//
//   auto rebuild = Rebuild::Start("news.db");          // takes news.db's writer lock
//   ForEachStoredArticle(rebuild.value()->source(), [&](Article&& a) {
//     return rebuild.value()->target().IngestArticle(extractor.Extract(a)).status();
//   });
//   rebuild.value()->Commit();                          // atomic swap
//
// The new database is built beside the old one, in DIR.rebuild, by the
// ordinary ingest path, from the stored articles in their ingest order; so
// it equals a fresh ingest of the same articles with the new extraction.
// Commit syncs it, exchanges the two directories in one rename
// (renameat2 RENAME_EXCHANGE) and deletes the old database. Until Commit
// returns, DIR is untouched: a crash or an error leaves the old database
// whole, and the next Start removes the leftover DIR.rebuild. The writer lock
// of DIR is held throughout, so no article can be ingested into the old
// database while it is being rebuilt (and then lost by the swap). Readers
// may keep reading DIR meanwhile; one that opened before the swap keeps its
// snapshot (read-only opens hold every table file open).
//
// What did not come from extraction is carried into the new database
// (CarryCurated, after the articles): extraction made the Article nodes
// with stored text, the nodes they MENTION, those MENTIONS edges, and the
// edges with an evidence row citing one of those articles. Every other node
// (CREATEd, imported, an Article without text) is copied as a new node with
// its labels and properties; every other edge that CREATE made (weight 0,
// no evidence) is copied between the copies, or the rebuilt node of the
// same name. An edge with a weight or evidence that extraction did not make
// (imported), or whose end the new extraction no longer finds, cannot be
// carried: reextract refuses, listing them, unless told to drop them.
//
// A property of an extracted node under a key extraction does not write
// (a SET n.note, say) is set on the rebuilt node: the Article of the same
// content hash, the entity of the same name; so is a label extraction does
// not write (SET n:Watchlist). A property of an extracted relationship
// under a key ingest does not write (SET r.note) is set on the rebuilt
// relationship of the same type between the rebuilt ends. Where the new
// extraction has no such node or relationship, it cannot be carried
// (refused as above). What extraction writes: IngestWritesKey's keys, and
// on entities each label and key that ingest was given for some entity, by
// the old rules (recorded in the database: Graph::ExtractedVocabulary) or
// the new ones; so a gazetteer column or a label the new rules dropped is
// not carried as if it were curated. A SET of a key extraction writes is
// extraction's to rewrite.
//
// graph/ does no extraction: the caller turns articles into facts.
#ifndef NEWSGRAPH_GRAPH_REBUILD_H_
#define NEWSGRAPH_GRAPH_REBUILD_H_

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "extract/facts.h"
#include "graph/graph.h"
#include "graph/lock.h"

namespace newsgraph {

class Rebuild {
 public:
  // Locks `dir` as its writer (Busy if another writer has it), opens it
  // read-only as the source and creates an empty target in DIR.rebuild.
  // The target's ingest checks near duplicates at `near_duplicate_threshold`
  // (OpenOptions).
  static Result<std::unique_ptr<Rebuild>> Start(const std::string& dir,
                                                double near_duplicate_threshold = kDefaultNearDuplicateThreshold);
  // Not committed: removes the target; the source stays as it was.
  ~Rebuild();
  Rebuild(const Rebuild&) = delete;
  Rebuild& operator=(const Rebuild&) = delete;

  const Graph& source() const { return *source_; }
  Graph& target() { return *target_; }
  const std::string& target_dir() const { return target_dir_; }

  // What did not come from extraction (above), found by Start in the source.
  struct Curated {
    std::vector<NodeId> nodes;             // copied as new nodes
    std::vector<EdgeId> edges;             // CREATEd: copied if both ends are found
    std::vector<std::string> uncarriable;  // edges that cannot be copied, described
    // Extracted nodes with the properties and labels extraction did not
    // write (IngestWritesKey, Graph::ExtractedVocabulary), and extracted
    // relationships with the properties ingest does not write
    // (IngestWritesEdgeKey): set by hand.
    std::vector<std::pair<NodeId, Properties>> set_properties;
    std::vector<std::pair<NodeId, std::vector<std::string>>> added_labels;
    std::vector<std::pair<EdgeId, Properties>> edge_properties;
  };
  const Curated& curated() const { return curated_; }

  struct CarryReport {
    size_t nodes = 0;                      // copied
    size_t edges = 0;                      // copied
    std::vector<std::string> annotations;  // labels and properties set on rebuilt nodes and relationships, described
    std::vector<std::string> dropped;      // could not be carried, described
  };
  // Copies the curated nodes and edges, and sets the added_labels,
  // set_properties and edge_properties on the rebuilt nodes and
  // relationships, in the target in one write, counting them in *report.
  // What the new extraction writes (the target's ExtractedVocabulary, and
  // `rule_keys`, the keys the new rules' gazetteer writes) is extraction's,
  // never carried. What cannot be carried (curated().uncarriable, edges
  // whose end, labels and properties whose node, relationship properties
  // whose relationship the target lacks) is listed in report->dropped
  // and is an error (InvalidArgument, the target unchanged) unless `drop`
  // is set. REQUIRES: *report is empty.
  Status CarryCurated(bool drop, const std::set<std::string>& rule_keys, CarryReport* report);

  // Closes both, makes the target durable, swaps it into place atomically and
  // deletes the old database. After an error DIR still holds the old database.
  Status Commit();
  // Whether Commit swapped the new database in (even if it then reported
  // an error about cleaning up).
  bool committed() const { return committed_; }

 private:
  Rebuild() = default;
  std::string dir_;
  std::string target_dir_;
  WriterLock lock_;  // of dir_, held from Start to the end of Commit
  std::unique_ptr<Graph> source_;
  std::unique_ptr<Graph> target_;
  bool committed_ = false;
  Curated curated_;
};

// Calls fn with each article stored in `graph` (id, title, date, source and
// text as they were ingested), in ingest order; stops at fn's first error.
// An Article node without stored text (CREATEd, imported) is not one: it
// is skipped (and carried by a Rebuild).
Status ForEachStoredArticle(const Graph& graph, const std::function<Status(Article&&)>& fn);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_REBUILD_H_
