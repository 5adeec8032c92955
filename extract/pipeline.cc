#include "extract/pipeline.h"

#include <utility>

namespace newsgraph {

// A slot's Article and ArticleFacts belong to one thread at a time, handed
// over under mu_: to the pushing thread while in [tail_, head_ + window)
// (free) or once done; to the thread that claimed it (advanced next_ past
// it) until it sets `done`. So they need no lock; the counters and flags
// do.

ExtractPipeline::ExtractPipeline(const Extractor& extractor, int threads, Sink sink, size_t window)
    : extractor_(extractor), sink_(std::move(sink)) {
  if (threads <= 0) return;
  ring_.resize(window ? window : 4 * (static_cast<size_t>(threads) + 1));
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

ExtractPipeline::~ExtractPipeline() { Stop(); }

int ExtractPipeline::DefaultThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n <= 1 ? 0 : static_cast<int>(n) - 1;
}

void ExtractPipeline::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void ExtractPipeline::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (!stopping_ && next_ == tail_) {
      ++idle_workers_;
      work_ready_.wait(lock, [&] { return stopping_ || next_ != tail_; });
      --idle_workers_;
    }
    if (stopping_) return;
    size_t i = next_++;
    Slot& slot = At(i);
    lock.unlock();
    slot.facts = extractor_.Extract(slot.article);
    lock.lock();
    slot.done = true;
    if (pusher_waits_ && i == head_) front_done_.notify_one();
  }
}

void ExtractPipeline::Store(std::unique_lock<std::mutex>& lock, size_t in_flight) {
  for (;;) {
    while (error_.ok() && head_ != tail_ && At(head_).done) {
      Slot& slot = At(head_++);
      lock.unlock();
      error_ = sink_(std::move(slot.facts));
      lock.lock();
    }
    if (!error_.ok()) {  // nothing more will be stored: stop extracting
      stopping_ = true;
      work_ready_.notify_all();
      return;
    }
    if (tail_ - head_ <= in_flight) return;
    Help(lock);
  }
}

void ExtractPipeline::Help(std::unique_lock<std::mutex>& lock) {
  if (next_ != tail_) {
    Slot& slot = At(next_++);
    lock.unlock();
    slot.facts = extractor_.Extract(slot.article);
    lock.lock();
    slot.done = true;
    return;
  }
  pusher_waits_ = true;
  front_done_.wait(lock, [&] { return At(head_).done; });
  pusher_waits_ = false;
}

Status ExtractPipeline::Push(Article&& article) {
  if (!error_.ok()) return error_;
  if (workers_.empty()) return error_ = sink_(extractor_.Extract(article));
  std::unique_lock<std::mutex> lock(mu_);
  Store(lock, ring_.size() - 1);
  if (!error_.ok()) return error_;
  Slot& slot = At(tail_++);
  slot.article = std::move(article);
  slot.done = false;
  bool wake = idle_workers_ > 0;
  lock.unlock();
  if (wake) work_ready_.notify_one();
  return Status::OK();
}

Status ExtractPipeline::Finish() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    Store(lock, 0);
  }
  Stop();
  return error_;
}

}  // namespace newsgraph
