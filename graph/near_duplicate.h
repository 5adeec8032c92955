// Internal: near-duplicate articles (the same story with trivial
// differences), found through a locality-sensitive index. Used by ingest
// (the check and the index entries), the format-5 upgrade at open,
// curation deletes and CheckIntegrity; the public face is
// OpenOptions::near_duplicate_threshold and kNearDuplicateType (graph.h).
//
// An article's shingles are the hashes of every run of kShingleWords
// consecutive words of its normalised text: words are the maximal runs of
// ASCII letters and digits and of non-ASCII bytes, with A-Z lower-cased;
// everything else (punctuation, spacing, line breaks) only separates them.
// A text of fewer words is one shingle; a text without words has none. Two
// articles' similarity is the Jaccard index of their shingle sets.
//
// The index (keys.h, CF shingle_bands): a MinHash signature of kBands *
// kRowsPerBand values, cut into kBands bands; each band's values hash to a
// bucket, and the article is filed under (band, bucket). Articles that share
// a bucket are the candidates, and a candidate's similarity is computed
// exactly from its stored text. With 16 bands of 4 rows, a pair at Jaccard
// 0.9 shares a bucket with probability 1 - 1e-7, at 0.7 0.988, at 0.5 0.64,
// at 0.3 0.12: thresholds below ~0.7 miss some pairs. Every hash here is
// frozen: the buckets are stored.
#ifndef NEWSGRAPH_GRAPH_NEAR_DUPLICATE_H_
#define NEWSGRAPH_GRAPH_NEAR_DUPLICATE_H_

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/rep.h"

namespace newsgraph {

inline constexpr size_t kShingleWords = 5;
inline constexpr size_t kBands = 16;
inline constexpr size_t kRowsPerBand = 4;

// The shingle hashes of `text`, sorted, each once.
std::vector<uint64_t> Shingles(std::string_view text);
// |a ∩ b| / |a ∪ b| of two sorted sets; 0 when both are empty.
double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);
// The kBands buckets of a shingle set, band 0 first; none for an empty set.
// Order and repeats do not change them.
std::vector<uint64_t> BandBuckets(const std::vector<uint64_t>& shingles);
// The index keys (keys::ShingleBand) of `article` with `text`.
std::vector<std::string> ShingleBandKeys(NodeId article, std::string_view text);

struct NearMatch {
  NodeId article = 0;     // the earlier article; 0: none
  double similarity = 0;  // Jaccard of the two shingle sets
};

// The near-duplicate check of one group of articles (ingest.cc's Staging):
// the stored index, read through one iterator made at the first lookup
// (the group's articles are staged, not stored, and the finder remembers
// them), plus the articles this finder added. Borrows `rep` and `graph`,
// which must outlive it; the texts given to Add must outlive it too.
class NearDuplicateFinder {
 public:
  NearDuplicateFinder(const Graph::Rep* rep, const Graph* graph) : rep_(rep), graph_(graph) {}
  NearDuplicateFinder(const NearDuplicateFinder&) = delete;  // owns an iterator
  NearDuplicateFinder& operator=(const NearDuplicateFinder&) = delete;

  // The earlier article (stored or added) most similar to `text`, if that
  // similarity is at least `threshold` (ties: the lowest id); none when
  // threshold <= 0. Computes the text's buckets for the next Add.
  Status Find(std::string_view text, double threshold, NearMatch* match);
  // Files `article` (whose text was the last given to Find) in the index:
  // its entries go into *batch, and later Finds see it.
  void Add(NodeId article, const std::string* text, rocksdb::WriteBatch* batch);

 private:
  Status Candidates(std::vector<NodeId>* out);

  const Graph::Rep* rep_;
  const Graph* graph_;
  std::unique_ptr<rocksdb::Iterator> stored_;
  std::vector<uint64_t> shingles_, buckets_;  // of the last text given to Find (shingles_ in any order)
  std::map<std::string, std::vector<NodeId>> added_;  // bucket prefix -> articles added
  std::map<NodeId, const std::string*> added_texts_;
};

// Files every stored article with text in the index, in batches; for the
// upgrade of databases older than format 6 (idempotent).
Status FillShingleBands(Graph::Rep* rep);

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_NEAR_DUPLICATE_H_
