// Extraction on worker threads and the calling thread, storage on the
// calling thread. Articles go in in order; their facts reach the sink in the
// same order, so a pipelined ingest writes exactly what a serial one writes
// (same node and edge ids).
//
//   ExtractPipeline pipe(extractor, ExtractPipeline::DefaultThreads(),
//                        [&](ArticleFacts&& f) { return graph->IngestArticle(f).status(); });
//   ReadArticles(paths, ..., [&](Article&& a) { return pipe.Push(std::move(a)); }, ...);
//   Status s = pipe.Finish();
//
// Extraction is most of an ingest's CPU time (regular expressions), the
// RocksDB write the rest. The workers extract; the calling thread runs the
// sink and, whenever it would otherwise wait for a worker, extracts the
// next article itself. So one worker fewer than cores keeps every core
// busy without a thread too many (DefaultThreads), and nobody sleeps or is
// woken while there is work: a worker is woken only when it had run out of
// articles, the calling thread only when the article it waits for is done.
#ifndef NEWSGRAPH_EXTRACT_PIPELINE_H_
#define NEWSGRAPH_EXTRACT_PIPELINE_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"
#include "extract/extractor.h"

namespace newsgraph {

class ExtractPipeline {
 public:
  using Sink = std::function<Status(ArticleFacts&&)>;

  // `threads` extraction workers besides the calling thread; 0 extracts
  // inline. Up to `window` articles in flight (0: four an extracting
  // thread); a sink that stores groups of N articles at a time wants
  // several groups' worth (ArticleBatch::kPipelineWindow), so that the
  // workers keep extracting while it writes.
  ExtractPipeline(const Extractor& extractor, int threads, Sink sink, size_t window = 0);
  // Without Finish: stops the workers (each ends the article it is on);
  // articles not yet stored are dropped.
  ~ExtractPipeline();
  ExtractPipeline(const ExtractPipeline&) = delete;  // workers hold `this`
  ExtractPipeline& operator=(const ExtractPipeline&) = delete;

  // Queues one article, storing finished ones meanwhile; while the window
  // of articles in flight is full, extracts or waits. Returns the sink's
  // first error; the sink is never called again after it.
  // REQUIRES: Push and Finish are called from one thread.
  Status Push(Article&& article);
  // Stores every article pushed, in order, then stops the workers.
  Status Finish();

  // Workers for a machine: the number of cores less one (the calling
  // thread extracts too), at least 0.
  static int DefaultThreads();

 private:
  struct Slot {
    Article article;
    ArticleFacts facts;
    bool done = false;  // facts hold the article's extraction
  };
  Slot& At(size_t i) { return ring_[i % ring_.size()]; }
  void Work();
  // Calls the sink on the finished slots at the front, helping (below)
  // until at most `in_flight` articles remain or the sink fails.
  void Store(std::unique_lock<std::mutex>& lock, size_t in_flight);
  // Brings the front slot closer to done: extracts the oldest unclaimed
  // article here, or, when workers hold all of them, waits for the front.
  // REQUIRES: a slot in flight.
  void Help(std::unique_lock<std::mutex>& lock);
  void Stop();

  const Extractor& extractor_;
  Sink sink_;
  Status error_;  // the sink's first error; touched by the pushing thread only

  // Slots [head_, next_) are being extracted or done, [next_, tail_) wait
  // for an extracting thread; counters grow forever, At() wraps them.
  std::vector<Slot> ring_;  // `window` slots, allocated once
  std::mutex mu_;
  std::condition_variable work_ready_;  // next_ < tail_, or stopping_
  std::condition_variable front_done_;  // At(head_).done
  size_t head_ = 0, next_ = 0, tail_ = 0;
  int idle_workers_ = 0;       // waiting on work_ready_
  bool pusher_waits_ = false;  // the pushing thread waits on front_done_
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_PIPELINE_H_
