#include "extract/pipeline.h"

namespace newsgraph {

struct ExtractPipeline::Slot {
  Article article;
  ArticleFacts facts;
  bool done = false;
};

ExtractPipeline::ExtractPipeline(const Extractor& extractor, int threads, Sink sink, size_t window)
    : extractor_(extractor), sink_(std::move(sink)),
      window_(threads <= 0 ? 0 : window ? window : 4 * static_cast<size_t>(threads)) {
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

ExtractPipeline::~ExtractPipeline() { Stop(); }

int ExtractPipeline::DefaultThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
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
    work_ready_.wait(lock, [&] { return stopping_ || unclaimed_ > 0; });
    if (stopping_) return;
    Slot* slot = slots_[slots_.size() - unclaimed_].get();  // the oldest unclaimed one
    --unclaimed_;
    lock.unlock();
    ArticleFacts facts = extractor_.Extract(slot->article);
    lock.lock();
    slot->facts = std::move(facts);
    slot->article = Article();
    slot->done = true;
    slot_done_.notify_all();
  }
}

Status ExtractPipeline::Drain(bool wait) {
  for (;;) {
    std::unique_ptr<Slot> front;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (slots_.empty()) return error_;
      if (wait) slot_done_.wait(lock, [&] { return slots_.front()->done; });
      if (!slots_.front()->done) return error_;
      front = std::move(slots_.front());
      slots_.pop_front();
    }
    if (error_.ok()) error_ = sink_(std::move(front->facts));
    wait = false;
  }
}

Status ExtractPipeline::Push(Article&& article) {
  if (!error_.ok()) return error_;
  if (workers_.empty()) return error_ = sink_(extractor_.Extract(article));
  bool full;
  {
    std::lock_guard<std::mutex> lock(mu_);
    full = slots_.size() >= window_;
  }
  NG_RETURN_IF_ERROR(Drain(full));
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto slot = std::make_unique<Slot>();
    slot->article = std::move(article);
    slots_.push_back(std::move(slot));
    ++unclaimed_;
  }
  work_ready_.notify_one();
  return Status::OK();
}

Status ExtractPipeline::Finish() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (slots_.empty()) break;
    }
    if (!error_.ok()) break;
    Drain(true).ok();  // error_ holds the outcome
  }
  Stop();
  return error_;
}

}  // namespace newsgraph
