#include "extract/pipeline.h"

#include <algorithm>

namespace newsgraph {

ExtractPipeline::ExtractPipeline(const Extractor& extractor, Options options, Sink sink)
    : extractor_(extractor),
      options_(std::move(options)),
      sink_(std::move(sink)),
      snapshot_(options_.memory && options_.threads > 0 ? options_.memory->Snapshot() : nullptr),
      snapshot_generation_(options_.memory ? options_.memory->generation() : 0),
      pipe_([this](Article& a) { return Work(a); }, options_.threads,
            [this](Extracted&& x) { return Deliver(std::move(x)); }, options_.window) {}

Status ExtractPipeline::Push(Article&& article) {
  if (options_.memory) pushed_at_.push_back(snapshot_generation_);
  return pipe_.Push(std::move(article));
}

ExtractPipeline::Extracted ExtractPipeline::Work(Article& article) {
  Extracted x;
  const EntityMemory* memory = options_.memory;
  std::shared_ptr<const EntityMemory> snapshot;
  // The calling thread may read the memory itself: it is the one that
  // changes it, between the items it works on.
  if (memory && std::this_thread::get_id() != owner_) {
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    snapshot = snapshot_;
    memory = snapshot.get();
  }
  if (memory) x.generation = memory->generation();
  // Inline (no workers) the memory cannot change before delivery: no probes.
  bool probe = memory && options_.threads > 0;
  x.facts =
      extractor_.Extract(article, {options_.trace ? &x.trace : nullptr, memory, probe ? &x.probe_hashes : nullptr});
  std::sort(x.probe_hashes.begin(), x.probe_hashes.end());
  x.probe_hashes.erase(std::unique(x.probe_hashes.begin(), x.probe_hashes.end()), x.probe_hashes.end());
  x.article = std::move(article);
  return x;
}

bool ExtractPipeline::MayDiffer(const Extracted& x) const {
  for (auto it = changes_.rbegin(); it != changes_.rend() && it->first > x.generation; ++it)
    if (it->second == kProbeAnyArticle ||
        std::binary_search(x.probe_hashes.begin(), x.probe_hashes.end(), it->second))
      return true;
  return false;
}

Status ExtractPipeline::Deliver(Extracted&& x) {
  EntityMemory* memory = options_.memory;
  if (memory) {
    if (x.generation != memory->generation() && MayDiffer(x)) {
      auto start = Clock::now();
      x.trace.clear();
      x.facts = extractor_.Extract(x.article, options_.trace ? &x.trace : nullptr, memory);
      ++reextracted_;
      stale_cost_ += Clock::now() - start;
    }
    changed_.clear();
    if (memory->Learn(x.facts, &changed_) && options_.threads > 0) {
      for (uint64_t h : changed_) changes_.emplace_back(memory->generation(), h);
      // A stale snapshot costs second extractions, a new one a copy of the
      // memory: a copy once the extractions since the last one cost as
      // much keeps the sum within twice the least it could be (ski rental).
      if (stale_cost_ >= copy_cost_) Publish();
    }
    // Changes every article still in flight, or yet to come, has seen.
    pushed_at_.pop_front();
    uint64_t seen_by_all = pushed_at_.empty() ? snapshot_generation_ : pushed_at_.front();
    while (!changes_.empty() && changes_.front().first <= seen_by_all) changes_.pop_front();
  }
  if (options_.trace) options_.trace(x.article, x.trace);
  return sink_(std::move(x.facts));
}

void ExtractPipeline::Publish() {
  auto start = Clock::now();
  std::shared_ptr<const EntityMemory> copy = options_.memory->Snapshot();
  copy_cost_ = 2 * (Clock::now() - start);  // and freeing it later, about as long (callgrind on BBC)
  stale_cost_ = Clock::duration::zero();
  snapshot_generation_ = copy->generation();
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  snapshot_.swap(copy);  // the old snapshot is freed below, outside the lock (unless a worker holds it)
}

}  // namespace newsgraph
