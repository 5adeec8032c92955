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
// A property of an extracted node under a key neither ingest
// (IngestWritesKey) nor the new rules' gazetteer writes (a SET n.note, say)
// is set on the rebuilt node: the Article of the same content hash, the
// entity of the same name. Where the new extraction has no such node, it
// cannot be carried (refused as above). A SET of a key extraction writes is
// extraction's to rewrite; a gazetteer column that the new rules dropped
// altogether is carried like a SET (listed: it cannot be told apart).
// Labels added to an extracted node, and properties set on an extracted
// relationship, are not carried.
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
    // Extracted nodes with the properties under keys ingest does not write.
    std::vector<std::pair<NodeId, Properties>> set_properties;
  };
  const Curated& curated() const { return curated_; }

  struct CarryReport {
    size_t nodes = 0;                      // copied
    size_t edges = 0;                      // copied
    std::vector<std::string> properties;   // set on rebuilt nodes, described
    std::vector<std::string> dropped;      // could not be carried, described
  };
  // Copies the curated nodes and edges, and sets the set_properties on the
  // rebuilt nodes, in the target in one write, counting them in *report.
  // `rule_keys` are the keys the new rules write (the gazetteer's): those
  // are extraction's, never carried.
  // What cannot be carried (curated().uncarriable, edges whose end and
  // properties whose node the target lacks) is listed in report->dropped
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
