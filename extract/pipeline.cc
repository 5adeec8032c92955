#include "extract/pipeline.h"

namespace newsgraph {

ExtractPipeline::ExtractPipeline(const Extractor& extractor, Options options, Sink sink)
    : extractor_(extractor),
      options_(std::move(options)),
      sink_(std::move(sink)),
      snapshot_(options_.memory && options_.threads > 0 ? std::make_shared<const EntityMemory>(*options_.memory)
                                                        : nullptr),
      snapshot_generation_(options_.memory ? options_.memory->generation() : 0),
      pipe_([this](Article& a) { return Work(a); }, options_.threads,
            [this](Extracted&& x) { return Deliver(std::move(x)); }, options_.window) {}

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
  x.facts = extractor_.Extract(article, options_.trace ? &x.trace : nullptr, memory);
  // Inline (no workers) the memory cannot change before delivery.
  if (memory && options_.threads > 0) x.token_hashes = ArticleTokenHashes(article);
  x.article = std::move(article);
  return x;
}

bool ExtractPipeline::MayDiffer(const Extracted& x) const {
  for (uint64_t h : x.token_hashes) {
    auto it = changed_at_.find(h);
    if (it != changed_at_.end() && it->second > x.generation) return true;
  }
  return false;
}

Status ExtractPipeline::Deliver(Extracted&& x) {
  EntityMemory* memory = options_.memory;
  if (memory) {
    if (x.generation != memory->generation() && MayDiffer(x)) {
      x.trace.clear();
      x.facts = extractor_.Extract(x.article, options_.trace ? &x.trace : nullptr, memory);
      ++reextracted_;
    }
    changed_.clear();
    if (memory->Learn(x.facts, &changed_)) {
      for (uint64_t h : changed_) changed_at_[h] = memory->generation();
      // A copy costs about the memory's size: one every size/64 changes
      // adds up to 64 times its final size in all (a geometric series).
      if (options_.threads > 0 && (memory->generation() - snapshot_generation_) * 64 >= memory->size()) Publish();
    }
  }
  if (options_.trace) options_.trace(x.article, x.trace);
  return sink_(std::move(x.facts));
}

void ExtractPipeline::Publish() {
  auto copy = std::make_shared<const EntityMemory>(*options_.memory);
  snapshot_generation_ = copy->generation();
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  snapshot_.swap(copy);  // the old snapshot is freed below, outside the lock (unless a worker holds it)
}

}  // namespace newsgraph
