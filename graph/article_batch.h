// ArticleBatch: groups articles for Graph::IngestArticles, for loaders that
// produce one article at a time (newsgraph ingest, reextract, store_bench).
//
//   ArticleBatch batch(graph, [&](const ArticleFacts& f, const IngestOutcome& o) { ++stored; });
//   for (...) NG_RETURN_IF_ERROR(batch.Add(std::move(facts)));
//   NG_RETURN_IF_ERROR(batch.Flush());
//
// A group is one atomic write, so each article is stored whole or not at
// all, as with IngestArticle; the difference is when: an article is stored
// when its group is written, after Add returned, and the `stored` callback
// says so. A process that dies loses the articles queued since the last
// write (at most one group, each wholly), which a resumed load stores.
// Grouping changes no id: the graph is the one IngestArticle on each
// article in turn makes.
#ifndef NEWSGRAPH_GRAPH_ARTICLE_BATCH_H_
#define NEWSGRAPH_GRAPH_ARTICLE_BATCH_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

#include "base/status.h"
#include "extract/facts.h"
#include "graph/graph.h"

namespace newsgraph {

class ArticleBatch {
 public:
  // Called for each article once it is stored (or found stored already).
  using Stored = std::function<void(const ArticleFacts&, const IngestOutcome&)>;

  // Up to 32 articles or 1 MiB of text a write: past that, larger groups
  // save little (store_bench) and delay the first stored article.
  static constexpr size_t kDefaultArticles = 32;
  static constexpr size_t kDefaultBytes = size_t{1} << 20;
  // Articles in flight in an ExtractPipeline (extract/pipeline.h) that
  // feeds a batch: enough that its workers keep extracting while a group
  // is written. With one group plus four an extracting thread, the worker
  // of a 2-core BBC ingest ran dry hundreds of times; with four groups, a
  // few times (store_bench ingest --window).
  static constexpr size_t kPipelineWindow = 4 * kDefaultArticles;

  // `graph` (opened as writer) must outlive the batch.
  ArticleBatch(Graph* graph, Stored stored, size_t max_articles = kDefaultArticles,
               size_t max_bytes = kDefaultBytes);
  ArticleBatch(const ArticleBatch&) = delete;  // holds queued articles
  ArticleBatch& operator=(const ArticleBatch&) = delete;

  // A group is also written when its first article has waited this long,
  // or when an article comes this long after the one before: a slow
  // producer's articles are then stored one by one, as without grouping,
  // not 32 at a time. (newsgraph ingest reads `-` whole before it starts,
  // so there it does not arise yet.)
  static constexpr std::chrono::milliseconds kMaxDelay{500};

  // Queues one article; writes the group once it is full (or old). An error names
  // the article that could not be stored; the articles before it are
  // stored (and reported), the rest of its group are dropped, and every
  // later call returns the same error.
  Status Add(ArticleFacts&& facts);
  // Writes what is queued. Articles still queued when the batch is
  // destroyed are not stored: call Flush at the end.
  Status Flush();

 private:
  Graph* graph_;
  Stored stored_;
  size_t max_articles_;
  size_t max_bytes_;
  std::vector<ArticleFacts> queued_;
  size_t queued_bytes_ = 0;
  std::chrono::steady_clock::time_point first_queued_;
  std::chrono::steady_clock::time_point last_add_;
  std::vector<IngestOutcome> outcomes_;
  Status error_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_GRAPH_ARTICLE_BATCH_H_
