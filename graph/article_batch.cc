#include "graph/article_batch.h"

#include <algorithm>

namespace newsgraph {

ArticleBatch::ArticleBatch(Graph* graph, Stored stored, size_t max_articles, size_t max_bytes)
    : graph_(graph), stored_(std::move(stored)), max_articles_(max_articles ? max_articles : 1),
      max_bytes_(max_bytes), last_add_(std::chrono::steady_clock::now()) {}

Status ArticleBatch::Add(ArticleFacts&& facts) {
  if (!error_.ok()) return error_;
  auto now = std::chrono::steady_clock::now();
  bool slow = now - last_add_ >= kMaxDelay;  // this one waited for its input
  last_add_ = now;
  if (queued_.empty()) first_queued_ = now;
  queued_bytes_ += facts.text.size();
  queued_.push_back(std::move(facts));
  if (queued_.size() >= max_articles_ || queued_bytes_ >= max_bytes_ || slow || now - first_queued_ >= kMaxDelay)
    return Flush();
  return Status::OK();
}

Status ArticleBatch::Flush() {
  if (!error_.ok() || queued_.empty()) return error_;
  outcomes_.clear();
  Status s = graph_->IngestArticles(queued_, &outcomes_);
  for (size_t i = 0; i < outcomes_.size(); ++i) stored_(queued_[i], outcomes_[i]);
  if (!s.ok()) {
    const ArticleFacts& failed = queued_[std::min(outcomes_.size(), queued_.size() - 1)];
    error_ = s.WithContext("while storing " + (failed.id.empty() ? failed.title : failed.id));
  }
  queued_.clear();
  queued_bytes_ = 0;
  return error_;
}

}  // namespace newsgraph
