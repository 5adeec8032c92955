// ExtractPipeline: extraction on worker threads and the calling thread,
// storage on the calling thread (base/ordered_pipeline.h). Articles go in
// in order; their facts reach the sink in the same order, so a pipelined
// ingest writes exactly what a serial one writes (same node and edge ids).
//
//   EntityMemory memory(rules);
//   ExtractPipeline pipe(extractor, {ExtractPipeline::DefaultThreads(), window, &memory},
//                        [&](ArticleFacts&& f) { return graph->IngestArticle(f).status(); });
//   ReadArticles(paths, ..., [&](Article&& a) { return pipe.Push(std::move(a)); }, ...);
//   Status s = pipe.Finish();
//
// Extraction is most of an ingest's CPU time (regular expressions), the
// RocksDB write the rest.
//
// With an entity memory (entity_memory.h) the sink receives exactly what
// this serial loop gives, for any number of threads:
//
//   for (Article& a : articles) {
//     ArticleFacts f = extractor.Extract(a, nullptr, memory);  // names of 0..N-1
//     memory->Learn(f);
//     sink(std::move(f));
//   }
//
// How, without serialising the extraction: a worker extracts article N
// speculatively with the newest snapshot of the memory it can get (an
// immutable copy, std::shared_ptr<const EntityMemory>, holding the learning
// of articles 0..k-1 for some k <= N; the calling thread, when it extracts,
// uses the memory itself), and has the tagger list which names could
// occur in N (probe hashes, entity_memory.h). The calling thread takes results in
// input order, where the memory holds 0..N-1 exactly. If a name changed
// (was learned, or gained a label or surface) after the snapshot and its
// NameProbeHash is among N's, N is extracted again, here, with the memory;
// otherwise the speculative facts are the serial ones, since no lookup of
// the tagger can come out differently. Then the memory learns N's facts
// and the sink gets them. A new snapshot (a copy, about 0.4 us a name, and
// as much again to free it) is published once the second extractions since
// the last one took as long as that copy did. A name learned in N and
// mentioned in N+1 (news runs in stories) costs N+1 a second extraction on
// the calling thread; reextracted() counts them (BBC, 2,224 articles: about
// 130 with a window of 8, 300 with ingest's 128).
#ifndef NEWSGRAPH_EXTRACT_PIPELINE_H_
#define NEWSGRAPH_EXTRACT_PIPELINE_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/ordered_pipeline.h"
#include "extract/entity_memory.h"
#include "extract/extractor.h"

namespace newsgraph {

class ExtractPipeline {
 public:
  using Sink = std::function<Status(ArticleFacts&&)>;
  // Called on the calling thread with each article and its extraction
  // trace (Extractor::Extract), just before the sink gets its facts.
  using TraceSink = std::function<void(const Article&, const std::string&)>;

  struct Options {
    int threads = 0;     // workers besides the calling thread; 0 extracts inline
    size_t window = 0;   // articles in flight (OrderedPipeline; 0: four a thread)
    // Learns from every article, in input order, and tags with what it
    // learned before (see above). Null: each article is extracted alone.
    // It must outlive the pipeline, and nothing else may change it
    // meanwhile; it may be read after Finish.
    EntityMemory* memory = nullptr;
    TraceSink trace;  // empty: no traces
  };

  // `extractor` must outlive the pipeline.
  ExtractPipeline(const Extractor& extractor, Options options, Sink sink);
  // Without a memory.
  ExtractPipeline(const Extractor& extractor, int threads, Sink sink, size_t window = 0)
      : ExtractPipeline(extractor, Options{threads, window, nullptr, {}}, std::move(sink)) {}
  // Without Finish: stops the workers; articles not yet delivered are dropped.
  ~ExtractPipeline() = default;
  ExtractPipeline(const ExtractPipeline&) = delete;  // workers hold `this`
  ExtractPipeline& operator=(const ExtractPipeline&) = delete;

  // As OrderedPipeline: the sink's first error is returned, and the sink
  // is not called after it. REQUIRES: Push and Finish from one thread, the
  // one that made the pipeline.
  Status Push(Article&& article);
  Status Finish() { return pipe_.Finish(); }

  // Articles extracted a second time on the calling thread because a name
  // learned while they were in flight occurs in them.
  size_t reextracted() const { return reextracted_; }

  static int DefaultThreads() { return OrderedPipeline<Article, Extracted>::DefaultThreads(); }

 private:
  // One article as a worker hands it to the calling thread.
  struct Extracted {
    Article article;
    ArticleFacts facts;
    std::string trace;
    uint64_t generation = 0;             // of the memory it was extracted with
    std::vector<uint64_t> probe_hashes;  // sorted; only with workers
  };

  Extracted Work(Article& article);    // any thread
  Status Deliver(Extracted&& x);       // the calling thread, in input order
  bool MayDiffer(const Extracted& x) const;
  void Publish();

  const Extractor& extractor_;
  const Options options_;
  const Sink sink_;
  const std::thread::id owner_ = std::this_thread::get_id();

  std::mutex snapshot_mu_;
  std::shared_ptr<const EntityMemory> snapshot_;  // guarded by snapshot_mu_
  // The calling thread's only:
  using Clock = std::chrono::steady_clock;
  uint64_t snapshot_generation_ = 0;
  Clock::duration copy_cost_{};   // of the last Snapshot
  Clock::duration stale_cost_{};  // second extractions since then
  // NameProbeHash of each name changed in generation g, as (g, hash), for
  // g after the oldest snapshot an article in flight may hold.
  std::deque<std::pair<uint64_t, uint64_t>> changes_;
  // The snapshot's generation when each article in flight was pushed: it
  // was extracted with that one or a newer one.
  std::deque<uint64_t> pushed_at_;
  std::vector<uint64_t> changed_;  // Learn's output, reused
  size_t reextracted_ = 0;

  // Last: its workers run Work, which uses the members above, so it is
  // made after them and destroyed (workers joined) before them.
  OrderedPipeline<Article, Extracted> pipe_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_EXTRACT_PIPELINE_H_
