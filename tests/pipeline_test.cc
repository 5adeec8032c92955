// ExtractPipeline: facts reach the sink in input order, on the pushing
// thread, equal to a serial Extract; the sink's first error stops it; a
// pipeline destroyed mid-stream stores a prefix of the input and nothing
// else. OrderedPipeline, its mechanism, with other work: move-only inputs,
// failures of the work delivered to the sink in order.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "extract/pipeline.h"
#include "tests/test_util.h"

namespace newsgraph {
namespace {

using testing::DefaultExtractor;

// Articles of very different lengths, so that workers finish them out of
// order.
std::vector<Article> Articles(size_t n) {
  std::vector<Article> out;
  for (size_t i = 0; i < n; ++i) {
    Article a;
    a.id = std::to_string(i);
    a.origin = "test:" + a.id;
    a.text = "Amazon provides cloud services to Hikvision, article " + a.id + ".";
    for (size_t k = 0; k < (i * 7919) % 23; ++k) a.text += " Huawei supplies equipment to Vodafone in Spain.";
    out.push_back(std::move(a));
  }
  return out;
}

// What the sink saw, checked against a serial extraction of the same input.
struct Recorder {
  std::thread::id pusher = std::this_thread::get_id();
  std::vector<ArticleFacts> seen;
  bool off_thread = false;
  ExtractPipeline::Sink Sink() {
    return [this](ArticleFacts&& f) {
      if (std::this_thread::get_id() != pusher) off_thread = true;
      seen.push_back(std::move(f));
      return Status::OK();
    };
  }
};

std::vector<ArticleFacts> Serial(const std::vector<Article>& in) {
  std::vector<ArticleFacts> out;
  for (const Article& a : in) out.push_back(DefaultExtractor().Extract(a));
  return out;
}

// `seen` is the first seen.size() of `want`.
void RequirePrefixOf(const std::vector<ArticleFacts>& seen, const std::vector<ArticleFacts>& want) {
  REQUIRE(seen.size() <= want.size());
  for (size_t i = 0; i < seen.size(); ++i) {
    INFO("article " << i);
    REQUIRE(seen[i].id == want[i].id);
    REQUIRE(seen[i].content_hash == want[i].content_hash);
    REQUIRE(seen[i].entities.size() == want[i].entities.size());
    REQUIRE(seen[i].relations.size() == want[i].relations.size());
  }
}

TEST_CASE("pipeline delivers every article in input order on the pushing thread", "[pipeline]") {
  std::vector<Article> in = Articles(300);
  std::vector<ArticleFacts> want = Serial(in);
  REQUIRE(want[1].relations.size() > 0);  // the articles do yield facts
  for (int threads : {0, 1, 2, 3, 8}) {
    for (size_t window : {size_t{0}, size_t{1}, size_t{2}, size_t{5}, size_t{64}, size_t{1000}}) {
      INFO("threads " << threads << ", window " << window);
      Recorder rec;
      ExtractPipeline pipe(DefaultExtractor(), threads, rec.Sink(), window);
      for (const Article& a : in) REQUIRE(pipe.Push(Article(a)).ok());
      REQUIRE(pipe.Finish().ok());
      REQUIRE(rec.seen.size() == in.size());
      REQUIRE_FALSE(rec.off_thread);
      RequirePrefixOf(rec.seen, want);
    }
  }
}

TEST_CASE("pipeline with a slow sink still delivers in order", "[pipeline]") {
  std::vector<Article> in = Articles(40);
  std::vector<std::string> ids;
  ExtractPipeline pipe(DefaultExtractor(), 2, [&](ArticleFacts&& f) {
    std::this_thread::sleep_for(std::chrono::microseconds(300));  // workers run out of work and sleep
    ids.push_back(f.id);
    return Status::OK();
  }, 4);
  for (const Article& a : in) REQUIRE(pipe.Push(Article(a)).ok());
  REQUIRE(pipe.Finish().ok());
  REQUIRE(ids.size() == in.size());
  for (size_t i = 0; i < ids.size(); ++i) REQUIRE(ids[i] == in[i].id);
}

TEST_CASE("pipeline stops at the sink's first error and stores nothing after it", "[pipeline]") {
  std::vector<Article> in = Articles(200);
  for (int threads : {0, 1, 2, 4}) {
    for (size_t window : {size_t{1}, size_t{3}, size_t{50}, size_t{500}}) {
      for (size_t fail_at : {size_t{0}, size_t{17}, size_t{199}}) {
        INFO("threads " << threads << ", window " << window << ", failing at " << fail_at);
        std::vector<std::string> ids;
        ExtractPipeline pipe(DefaultExtractor(), threads, [&](ArticleFacts&& f) {
          ids.push_back(f.id);
          return ids.size() == fail_at + 1 ? Status::IOError("disk full at " + f.id) : Status::OK();
        }, window);
        Status s;
        size_t pushed = 0;
        for (const Article& a : in) {
          s = pipe.Push(Article(a));
          if (!s.ok()) break;
          ++pushed;
        }
        Status finished = pipe.Finish();
        REQUIRE_FALSE(finished.ok());
        REQUIRE(finished.message() == "disk full at " + std::to_string(fail_at));
        if (!s.ok()) REQUIRE(s.message() == finished.message());
        REQUIRE(ids.size() == fail_at + 1);
        for (size_t i = 0; i < ids.size(); ++i) REQUIRE(ids[i] == in[i].id);
        // Once failed, it stays failed and calls the sink no more.
        REQUIRE(pipe.Push(Article(in[0])).message() == finished.message());
        REQUIRE(pipe.Finish().message() == finished.message());
        REQUIRE(ids.size() == fail_at + 1);
      }
    }
  }
}

TEST_CASE("pipeline destroyed without Finish stores a prefix and stops its workers", "[pipeline]") {
  std::vector<Article> in = Articles(120);
  std::vector<ArticleFacts> want = Serial(in);
  for (int threads : {0, 1, 2, 6}) {
    for (size_t window : {size_t{1}, size_t{7}, size_t{200}}) {
      for (size_t pushes : {size_t{0}, size_t{1}, size_t{60}, size_t{120}}) {
        INFO("threads " << threads << ", window " << window << ", pushes " << pushes);
        Recorder rec;
        {
          ExtractPipeline pipe(DefaultExtractor(), threads, rec.Sink(), window);
          for (size_t i = 0; i < pushes; ++i) REQUIRE(pipe.Push(Article(in[i])).ok());
        }
        REQUIRE_FALSE(rec.off_thread);
        REQUIRE(rec.seen.size() <= pushes);
        RequirePrefixOf(rec.seen, want);
      }
    }
  }
}

TEST_CASE("OrderedPipeline: move-only inputs, results and failures of the work in input order", "[pipeline]") {
  // Work of very uneven cost: every seventh item fails, every fifth is slow.
  auto work = [](std::unique_ptr<int>& item) -> Result<int> {
    int v = *item;
    if (v % 5 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
    if (v % 7 == 3) return Status::InvalidArgument("item " + std::to_string(v));
    return v * v;
  };
  for (int threads : {0, 1, 3}) {
    for (size_t window : {size_t{1}, size_t{4}, size_t{64}}) {
      INFO("threads " << threads << ", window " << window);
      std::vector<std::string> seen;
      std::thread::id pusher = std::this_thread::get_id();
      bool off_thread = false;
      OrderedPipeline<std::unique_ptr<int>, Result<int>> pipe(work, threads, [&](Result<int>&& r) {
        off_thread |= std::this_thread::get_id() != pusher;
        seen.push_back(r.ok() ? std::to_string(r.value()) : r.status().message());
        return Status::OK();
      }, window);
      for (int v = 0; v < 200; ++v) REQUIRE(pipe.Push(std::make_unique<int>(v)).ok());
      REQUIRE(pipe.Finish().ok());
      REQUIRE_FALSE(off_thread);
      REQUIRE(seen.size() == 200);
      for (int v = 0; v < 200; ++v)
        REQUIRE(seen[v] == (v % 7 == 3 ? "item " + std::to_string(v) : std::to_string(v * v)));
    }
  }
}

TEST_CASE("pipeline Finish with nothing pushed, and DefaultThreads", "[pipeline]") {
  Recorder rec;
  ExtractPipeline pipe(DefaultExtractor(), 3, rec.Sink());
  REQUIRE(pipe.Finish().ok());
  REQUIRE(rec.seen.empty());
  REQUIRE(ExtractPipeline::DefaultThreads() >= 0);
}

}  // namespace
}  // namespace newsgraph
