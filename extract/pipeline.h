// Extraction on worker threads, storage on the calling thread. Articles go
// in in order; their facts reach the sink in the same order, so a pipelined
// ingest writes exactly what a serial one writes (same node and edge ids).
//
//   ExtractPipeline pipe(extractor, ExtractPipeline::DefaultThreads(),
//                        [&](ArticleFacts&& f) { return graph->IngestArticle(f).status(); });
//   ReadArticles(paths, ..., [&](Article&& a) { return pipe.Push(std::move(a)); }, ...);
//   Status s = pipe.Finish();
//
// Extraction is most of an ingest's CPU time (regular expressions), the
// RocksDB write a small part, so extracting on every core while the calling
// thread writes is what makes a multi-core ingest faster.
#ifndef NEWSGRAPH_EXTRACT_PIPELINE_H_
#define NEWSGRAPH_EXTRACT_PIPELINE_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"
#include "extract/extractor.h"

namespace newsgraph {

class ExtractPipeline {
 public:
  using Sink = std::function<Status(ArticleFacts&&)>;

  // `threads` extraction workers; 0 extracts inline on the calling thread.
  // Up to `window` articles in flight (0: four a worker); a sink that
  // stores groups of N articles at a time wants N more, so that the
  // workers keep extracting while it writes.
  ExtractPipeline(const Extractor& extractor, int threads, Sink sink, size_t window = 0);
  // Without Finish: stops the workers; articles not yet stored are dropped.
  ~ExtractPipeline();
  ExtractPipeline(const ExtractPipeline&) = delete;
  ExtractPipeline& operator=(const ExtractPipeline&) = delete;

  // Queues one article, storing finished ones meanwhile; blocks while the
  // window of articles in flight is full. Returns the sink's first error
  // (and stores nothing after it).
  Status Push(Article&& article);
  // Stores every article pushed, in order, then stops the workers.
  Status Finish();

  // The number of cores, at least 1.
  static int DefaultThreads();

 private:
  struct Slot;
  void Work();
  // Hands finished slots at the front to the sink; with `wait`, waits for
  // the front one first. REQUIRES: called from the pushing thread only.
  Status Drain(bool wait);
  void Stop();

  const Extractor& extractor_;
  Sink sink_;
  Status error_;
  size_t window_;
  std::mutex mu_;
  std::condition_variable work_ready_;  // a slot to extract, or stopping
  std::condition_variable slot_done_;
  std::deque<std::unique_ptr<Slot>> slots_;  // in input order
  size_t unclaimed_ = 0;                     // slots at the back not yet taken by a worker
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_PIPELINE_H_
